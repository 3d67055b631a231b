"""The tables of a run: per region and province (summary.csv), per year (annual.csv) and, for
Monte Carlo runs, the risks per region and year (risk.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.run import metrics
from fundsim.run.metrics import PROVINCE_NAME, PROVINCE_ROW, SPENDING
from fundsim.run.solvency import solvency_table

WAN = 1e4
#: The code of summary.csv's row repeating the worst region (no region has this code).
WORST_ROW = "worst-region"
#: summary.csv's horizon sums: (column, variable, unit divisor).
SUMMARY_FLOWS = (
    ("returns_paid_wan", "returns_paid", WAN), ("firms_covered", "firms_covered", 1.0),
    ("workers_covered", "workers_covered", 1.0), ("pool_received_wan", "pool_transfer", WAN),
    ("fiscal_subsidy_wan", "fiscal_subsidy", WAN),
    ("fiscal_for_returns_wan", "fiscal_subsidy_returns", WAN),
    ("fiscal_for_deficit_wan", "fiscal_subsidy_deficit", WAN),
    ("training_paid_wan", "training_paid", WAN),
)


def summary_table(ds: xr.Dataset) -> pd.DataFrame:
    """The headline figures of a run (summary.csv): one row per region, then the worst region
    again and the province as one fund (:mod:`fundsim.run.metrics` defines every figure).

    Columns: ``lowest_reserve_months``; ``months_below_general`` / ``months_below_difficult``
    (months under a failed assessment of the test in force, the engine's flags); the horizon
    sums of returns paid, firms and workers covered, pool received, fiscal subsidy (and its two
    causes) and training paid (money in 万元); ``closing_balance_wan``; ``ahcm``.

    - ``worst-region`` (name ``最低地区: <name>``): the region with the lowest reserve months,
      its row repeated.
    - ``province-fund`` (name ``全省（各地区与调剂金）``): the province as one fund, the
      regions and the pool: its own lowest reserve months and months below each test (from
      ``province_reserve_months``), the regions' flows summed, and the closing balance of the
      regions plus the pool; its ``ahcm`` is the province fund's (the pool's balance in it).

    With several paths every figure is the mean over paths (of a summarised run: over its
    paths by year, :func:`fundsim.run.metrics.paths_view`). Made once per Dataset
    (:func:`fundsim.run.metrics.memo`); each call returns its own copy.
    """
    return metrics.memo(ds, "summary_table", _summary_table).copy()


def _summary_table(ds: xr.Dataset) -> pd.DataFrame:
    paths = metrics.paths_view(ds)
    figures = horizon_figures(paths, [name for _, name, _ in SUMMARY_FLOWS])
    table = pd.DataFrame({"code": figures.index.astype(str), "name": figures["name"].values})
    for column in ("lowest_reserve_months",
                   *(f"months_below_{test}" for test in metrics.TESTS)):
        table[column] = figures[column].values
    for column, name, unit in SUMMARY_FLOWS:
        table[column] = figures[name].values / unit
    table["closing_balance_wan"] = figures["closing_balance"].values / WAN
    table["ahcm"] = _ahcm(paths)
    worst = table.iloc[int(np.flatnonzero(table["code"] == metrics.worst_region(paths))[0])]
    worst_row = pd.DataFrame([{**worst.to_dict(), "code": WORST_ROW,
                               "name": f"最低地区: {worst['name']}"}])
    table = pd.concat([table.iloc[:-1], worst_row, table.iloc[-1:]], ignore_index=True)
    if not metrics.stochastic(ds):  # counts of months stay whole numbers
        counts = [f"months_below_{test}" for test in metrics.TESTS]
        table[counts] = table[counts].astype(int)
    return table


def horizon_figures(ds: xr.Dataset, flows: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Per region, then the province as one fund (index :data:`PROVINCE_ROW`), over the
    horizon, in yuan, means over paths: name, lowest reserve months, months below each test
    (the engine's flags), the total of each of ``flows`` and the closing balance. The province
    fund's reserve figures are its own (``province_reserve_months``), its flows the regions'
    sums, its closing balance the regions' and the pool's (:mod:`fundsim.run.metrics`)."""
    mean = metrics.mean_over_paths
    regions = pd.DataFrame({
        "name": ds["region_name"].values.astype(str),
        "lowest_reserve_months": mean(metrics.lowest_reserve_months(ds)).values,
        **{f"months_below_{test}": mean(metrics.months_below(ds, test)).values
           for test in metrics.TESTS},
        **{name: mean(metrics.total(ds, name)).values for name in flows},
        "closing_balance": mean(ds["balance"].isel(month=-1)).values,
    }, index=pd.Index(ds["region"].values.astype(str).tolist(), name="region", dtype=object))
    province = pd.DataFrame({
        "name": PROVINCE_NAME,
        "lowest_reserve_months": float(mean(metrics.province_lowest_reserve_months(ds))),
        **{f"months_below_{test}": float(mean(metrics.province_months_below(ds, test)))
           for test in metrics.TESTS},
        **{name: float(mean(metrics.province_total(ds, name))) for name in flows},
        "closing_balance": float(mean(metrics.province_closing_balance(ds))),
    }, index=pd.Index([PROVINCE_ROW], name="region", dtype=object))
    return pd.concat([regions, province])


def _ahcm(ds: xr.Dataset) -> np.ndarray:
    """The US average high cost multiple per region and, last, of the province fund (regions
    and pool), at the last complete year (NaN when the run has no complete calendar year)."""
    months = int(ds["months_in_year"].sum()) if "months_in_year" in ds else ds.sizes["month"]
    if "covered_wages" not in ds or months < 12:
        return np.full(ds.sizes["region"] + 1, np.nan)
    return solvency_table(ds)["ahcm"].to_numpy()  # regions in order, then the province fund


#: Income lines in the order of a fund's final accounts (决算): 失业保险费收入, 利息收入, 财政补贴
#: 收入, 上级补助收入 (the pool's transfers).
INCOME = ("contributions", "interest", "fiscal_subsidy", "pool_transfer")
#: Flows of some runs only, shown after the skills transfer when the run has them (so that a
#: region's income − spending − the flows shown apart is still its balance's change): the
#: reported balance's unexplained part in a run from actual months (in), a loan's interest and
#: repayment to the pool where the pool lends (out; inside the province fund, 0 on its row);
#: the transfers among the regions of one province-wide fund where any region drew on them.
OPTIONAL = {"actual_adjustment": 1, "loan_interest": -1, "loan_repayment": -1,
            "pooling_transfer": 1}


def annual_table(ds: xr.Dataset) -> pd.DataFrame:
    """The accounts per region and calendar year in 万元, and the province fund's per year,
    laid out as a fund's final accounts (决算) are, each column beside the line of
    :data:`BUDGET_LINES`.

    Income: contributions, interest, fiscal subsidy, transfers from the pool; spending: every
    line of :data:`fundsim.run.metrics.SPENDING` (benefits, the recipients' medical insurance,
    funeral grants, price subsidies, 失业补助金, 临时生活补助, the migrant workers' lump sum,
    training and skill subsidies, other spending, returns); the remittance and the
    skills-account transfer are shown apart. Year-end reserve months = year-end balance ÷ (that
    year's spending ÷ 12). The ``province-fund`` row consolidates the regions and the pool as one
    fund: the pool's interest joins the interest, its balance the year-end balance, and the
    remittance and the pool's transfers, flows inside the fund, are eliminated (0), so that
    income − spending − skills transfer is the change in its balance. Means over paths.
    """
    year = ds["month"].dt.year
    extra = tuple(name for name in OPTIONAL if name in ds and (
        name != "pooling_transfer" or bool((ds[name] != 0).any())))
    names = INCOME + SPENDING + ("remittance", "skills_transfer") + extra
    view = ds[[*names, "pool_interest", "balance", "pool_balance"]]
    view = view.mean("path") if "path" in view.dims else view  # each variable as on its own
    # one group-by for the flows, one for the balances (each variable is summed as alone)
    sums = view[[*names, "pool_interest"]].groupby(year).sum() / WAN
    lasts = view[["balance", "pool_balance"]].groupby(year).last() / WAN

    def rows(da: xr.DataArray) -> np.ndarray:
        """Year columns, a row per region and last the province's (the regions summed)."""
        da = da.transpose("region", "year")
        return np.concatenate([da.values, da.sum("region").values[np.newaxis]])

    flows = {name: rows(sums[name]) for name in names}
    flows["pool_transfer"][-1] = 0.0  # flows inside the province fund
    flows["remittance"][-1] = 0.0
    for name in extra:
        if OPTIONAL[name] < 0:  # paid to the pool: inside the province fund
            flows[name][-1] = 0.0
    flows["interest"][-1] += sums["pool_interest"].values
    balance = rows(lasts["balance"])
    balance[-1] += lasts["pool_balance"].values
    income = sum(flows[n] for n in INCOME)
    spending = sum(flows[n] for n in SPENDING)
    reserve = np.divide(balance * 12, spending, out=np.full_like(balance, np.inf),
                        where=spending > 0)
    years = sums["year"].values
    table = pd.DataFrame({
        "year": np.tile(years, len(balance)),
        "code": np.repeat([*ds["region"].values, PROVINCE_ROW], len(years)),
        "name": np.repeat([*ds["region_name"].values, PROVINCE_NAME], len(years)),
        "income_wan": income.ravel(),
        **{f"{n}_wan": flows[n].ravel() for n in INCOME},
        "spending_wan": spending.ravel(),
        **{f"{n}_wan": flows[n].ravel() for n in SPENDING},
        "remittance_wan": flows["remittance"].ravel(),
        "skills_transfer_wan": flows["skills_transfer"].ravel(),
        **{f"{n}_wan": flows[n].ravel() for n in extra},
        "year_end_balance_wan": balance.ravel(),
        "year_end_reserve_months": reserve.ravel(),
    })
    return table.sort_values(["year"], kind="stable")


def risk_table(ds: xr.Dataset) -> pd.DataFrame:
    """Per region and calendar year, and the province fund per year, over the paths:

    the probability of failing the general and the difficult-firm test at that year's
    assessment (the engine's flags; for the ``province-fund`` row, the province as one fund,
    regions and pool, from ``province_reserve_months``; its ``p_some_region_below_*`` say how
    likely some region fails, blank on region rows), of public finance paying anything (for the
    province: in some region), and the mean and 95th percentile of the fiscal subsidy and the
    pool transfer (万元; the province sums the regions). Definitions: :mod:`fundsim.run.metrics`.
    """
    ds = metrics.paths_view(ds)
    if "path" not in ds.dims:
        raise ValueError("risk needs a run with several paths (--paths N)")

    def scopes(regional: xr.DataArray, province: xr.DataArray) -> np.ndarray:
        """(region, year, path) and the province's (year, path) → (scope, year, path)."""
        return np.concatenate([regional.transpose("region", "year", "path").values,
                               province.transpose("year", "path").values[None]])

    fails = {t: scopes(metrics.below_by_year(ds, t), metrics.province_below_by_year(ds, t))
             for t in metrics.TESTS}
    fiscal = metrics.by_year(ds, "fiscal_subsidy")
    pool = metrics.by_year(ds, "pool_transfer")
    year_values = fiscal["year"].values
    fiscal, pool = (scopes(x, metrics.sum_over(x, "region")) for x in (fiscal, pool))
    years = fiscal.shape[1]
    some = {t: metrics.some_region_below_by_year(ds, t).transpose("year", "path").values
            for t in metrics.TESTS}
    blank = np.full((ds.sizes["region"], years), np.nan)
    columns = {
        "year": np.broadcast_to(year_values, fiscal.shape[:2]).astype(int),
        "code": np.repeat(np.r_[ds["region"].values.astype(str), [PROVINCE_ROW]], years),
        "name": np.repeat(np.r_[ds["region_name"].values.astype(str), [PROVINCE_NAME]], years),
        **{f"p_below_{t}": f.mean(axis=-1) for t, f in fails.items()},
        **{f"p_some_region_below_{t}": np.concatenate([blank, x.mean(axis=-1)[None]])
           for t, x in some.items()},
        "p_fiscal": (fiscal > 0).mean(axis=-1),
        "fiscal_mean_wan": fiscal.mean(axis=-1) / WAN,
        "fiscal_p95_wan": np.quantile(fiscal, 0.95, axis=-1) / WAN,
        "pool_transfer_mean_wan": pool.mean(axis=-1) / WAN,
        "pool_transfer_p95_wan": np.quantile(pool, 0.95, axis=-1) / WAN,
    }
    table = pd.DataFrame({name: np.asarray(values).reshape(-1) if name not in ("code", "name")
                          else values for name, values in columns.items()})
    return table.sort_values(["year"], kind="stable").reset_index(drop=True)
