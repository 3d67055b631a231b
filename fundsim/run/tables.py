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

    With several paths every figure is the mean over paths.
    """
    figures = horizon_figures(ds, [name for _, name, _ in SUMMARY_FLOWS])
    table = pd.DataFrame({"code": figures.index.astype(str), "name": figures["name"].values})
    for column in ("lowest_reserve_months",
                   *(f"months_below_{test}" for test in metrics.TESTS)):
        table[column] = figures[column].values
    for column, name, unit in SUMMARY_FLOWS:
        table[column] = figures[name].values / unit
    table["closing_balance_wan"] = figures["closing_balance"].values / WAN
    table["ahcm"] = _ahcm(ds)
    worst = table.iloc[int(np.flatnonzero(table["code"] == metrics.worst_region(ds))[0])]
    worst_row = pd.DataFrame([{**worst.to_dict(), "code": WORST_ROW,
                               "name": f"最低地区: {worst['name']}"}])
    table = pd.concat([table.iloc[:-1], worst_row, table.iloc[-1:]], ignore_index=True)
    if "path" not in ds.dims:  # counts of months stay whole numbers
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
    if "covered_wages" not in ds or ds.sizes["month"] < 12:
        return np.full(ds.sizes["region"] + 1, np.nan)
    return solvency_table(ds)["ahcm"].to_numpy()  # regions in order, then the province fund


#: Income lines in the order of a fund's final accounts (决算): 失业保险费收入, 利息收入, 财政补贴
#: 收入, 上级补助收入 (the pool's transfers).
INCOME = ("contributions", "interest", "fiscal_subsidy", "pool_transfer")
#: The line of a fund budget (基金收支决算表) each annual.csv column stands beside.
BUDGET_LINES = {
    "contributions": "失业保险费收入", "interest": "利息收入", "fiscal_subsidy": "财政补贴收入",
    "pool_transfer": "上级补助收入(调剂金)", "benefits": "失业保险金",
    "medical_insurance": "基本医疗保险费", "funeral_grants": "丧葬补助金和抚恤金",
    "price_subsidies": "价格临时补贴", "unemployment_subsidy": "失业补助金",
    "living_allowance": "临时生活补助", "migrant_lump_sum": "农民合同制工人一次性生活补助",
    "training_subsidies": "职业培训补贴和职业介绍补贴", "skills_subsidy": "技能提升补贴",
    "other_spending": "其他支出", "returns_paid": "稳岗返还(稳岗补贴)",
    "remittance": "上解上级支出(调剂金)", "skills_transfer": "转移支出(职业技能提升行动专账)",
}


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
    flows = {name: metrics.mean_over_paths(ds[name]).groupby(year).sum() / WAN
             for name in INCOME + SPENDING + ("remittance", "skills_transfer")}
    closing = metrics.mean_over_paths(ds["balance"]).groupby(year).last() / WAN
    pool_interest = (metrics.mean_over_paths(ds["pool_interest"]).groupby(year).sum() / WAN).values
    pool_closing = (metrics.mean_over_paths(ds["pool_balance"]).groupby(year).last() / WAN).values
    frames = []
    codes, names = ds["region"].values, ds["region_name"].values
    for i in range(len(codes) + 1):
        province = i == len(codes)

        def pick(name: str, i: int = i, province: bool = province) -> np.ndarray:
            da = closing if name == "balance" else flows[name]
            values = (da.sum("region") if province else da.isel(region=i)).values
            if province and name in ("pool_transfer", "remittance"):
                return np.zeros_like(values)  # inside the province fund
            if province and name == "interest":
                return values + pool_interest
            if province and name == "balance":
                return values + pool_closing
            return values

        income = sum(pick(n) for n in INCOME)
        spending = sum(pick(n) for n in SPENDING)
        balance = pick("balance")
        reserve = np.divide(balance * 12, spending, out=np.full_like(balance, np.inf),
                            where=spending > 0)
        frames.append(pd.DataFrame({
            "year": closing["year"].values,
            "code": PROVINCE_ROW if province else codes[i],
            "name": PROVINCE_NAME if province else names[i],
            "income_wan": income,
            **{f"{n}_wan": pick(n) for n in INCOME},
            "spending_wan": spending,
            **{f"{n}_wan": pick(n) for n in SPENDING},
            "remittance_wan": pick("remittance"),
            "skills_transfer_wan": pick("skills_transfer"),
            "year_end_balance_wan": balance,
            "year_end_reserve_months": reserve,
        }))
    return pd.concat(frames, ignore_index=True).sort_values(["year"], kind="stable")


def risk_table(ds: xr.Dataset) -> pd.DataFrame:
    """Per region and calendar year, and the province fund per year, over the paths:

    the probability of failing the general and the difficult-firm test at that year's
    assessment (the engine's flags; for the ``province-fund`` row, the province as one fund,
    regions and pool, from ``province_reserve_months``; its ``p_some_region_below_*`` say how
    likely some region fails, blank on region rows), of public finance paying anything (for the
    province: in some region), and the mean and 95th percentile of the fiscal subsidy and the
    pool transfer (万元; the province sums the regions). Definitions: :mod:`fundsim.run.metrics`.
    """
    if "path" not in ds.dims:
        raise ValueError("risk needs a run with several paths (--paths N)")
    below = {test: metrics.below_by_year(ds, test) for test in metrics.TESTS}
    fiscal = metrics.by_year(ds, "fiscal_subsidy")
    pool = metrics.by_year(ds, "pool_transfer")
    scopes = [(str(code), str(name), {t: b.isel(region=i) for t, b in below.items()}, None,
               fiscal.isel(region=i), pool.isel(region=i))
              for i, (code, name) in enumerate(zip(ds["region"].values,
                                                   ds["region_name"].values, strict=True))]
    scopes.append((PROVINCE_ROW, PROVINCE_NAME,
                   {t: metrics.province_below_by_year(ds, t) for t in metrics.TESTS},
                   {t: metrics.some_region_below_by_year(ds, t) for t in metrics.TESTS},
                   fiscal.sum("region"), pool.sum("region")))
    rows = []
    for code, name, fails, some, fis, poo in scopes:
        for y in fis["year"].values:
            fy, py = fis.sel(year=y), poo.sel(year=y)
            rows.append({
                "year": int(y), "code": code, "name": name,
                **{f"p_below_{t}": float(metrics.share_of_paths(f.sel(year=y)))
                   for t, f in fails.items()},
                **{f"p_some_region_below_{t}": (
                    np.nan if some is None else float(metrics.share_of_paths(some[t].sel(
                        year=y)))) for t in metrics.TESTS},
                "p_fiscal": float(metrics.share_of_paths(fy > 0)),
                "fiscal_mean_wan": float(fy.mean()) / WAN,
                "fiscal_p95_wan": float(fy.quantile(0.95)) / WAN,
                "pool_transfer_mean_wan": float(py.mean()) / WAN,
                "pool_transfer_p95_wan": float(py.quantile(0.95)) / WAN,
            })
    return pd.DataFrame(rows).sort_values(["year"], kind="stable").reset_index(drop=True)
