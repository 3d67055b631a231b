"""The tables of a run: per region and province (summary.csv), per year (annual.csv) and, for
Monte Carlo runs, the risks per region and year (risk.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.run.solvency import solvency_table


def _mean_paths(da: xr.DataArray) -> xr.DataArray:
    return da.mean("path") if "path" in da.dims else da


WAN = 1e4


def summary_table(ds: xr.Dataset) -> pd.DataFrame:
    """One row per region (and a province row): the headline figures of a run.

    With several paths every figure is the mean over paths.
    """
    general, difficult = ds.attrs["general_months"], ds.attrs["difficult_months"]
    reserve = ds["reserve_months"]
    columns = {
        "lowest_reserve_months": _mean_paths(reserve.min("month")),
        "months_below_12": _mean_paths((reserve < general).sum("month")),
        "months_below_24": _mean_paths((reserve < difficult).sum("month")),
        "returns_paid_wan": _mean_paths(ds["returns_paid"].sum("month")) / WAN,
        "firms_covered": _mean_paths(ds["firms_covered"].sum("month")),
        "workers_covered": _mean_paths(ds["workers_covered"].sum("month")),
        "pool_received_wan": _mean_paths(ds["pool_transfer"].sum("month")) / WAN,
        "fiscal_subsidy_wan": _mean_paths(ds["fiscal_subsidy"].sum("month")) / WAN,
        "fiscal_for_returns_wan": _mean_paths(ds["fiscal_subsidy_returns"].sum("month")) / WAN,
        "fiscal_for_deficit_wan": _mean_paths(ds["fiscal_subsidy_deficit"].sum("month")) / WAN,
        "training_paid_wan": _mean_paths(ds["training_paid"].sum("month")) / WAN,
        "closing_balance_wan": _mean_paths(ds["balance"].isel(month=-1)) / WAN,
    }
    table = pd.DataFrame({k: v.values for k, v in columns.items()})
    table.insert(0, "name", ds["region_name"].values)
    table.insert(0, "code", ds["region"].values)
    total = {c: table[c].sum() for c in table.columns if c.endswith("_wan") or "covered" in c}
    total.update(code="province", name="全省合计",
                 lowest_reserve_months=table["lowest_reserve_months"].min(),
                 months_below_12=table["months_below_12"].max(),
                 months_below_24=table["months_below_24"].max())
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table["ahcm"] = table["code"].map(_ahcm(ds))
    return table


def _ahcm(ds: xr.Dataset) -> pd.Series:
    """The US average high cost multiple per region (and province) at the last complete year;
    empty when the run has no complete calendar year."""
    if "covered_wages" not in ds or ds.sizes["month"] < 12:
        return pd.Series(dtype=float)
    return solvency_table(ds).set_index("code")["ahcm"]


INCOME = ("contributions", "interest", "pool_transfer", "fiscal_subsidy")
SPENDING = ("benefits", "expanded_coverage", "skills_subsidy", "returns_paid")


def annual_table(ds: xr.Dataset) -> pd.DataFrame:
    """The accounts per region and calendar year in 万元, with a province total row per year.

    Spending excludes the remittance and the skills-account transfer (shown apart); year-end
    reserve months = year-end balance ÷ (that year's spending ÷ 12). Means over paths.
    """
    year = ds["month"].dt.year
    flows = {name: _mean_paths(ds[name]).groupby(year).sum() / WAN
             for name in INCOME + SPENDING + ("remittance", "skills_transfer")}
    closing = _mean_paths(ds["balance"]).groupby(year).last() / WAN
    frames = []
    codes, names = ds["region"].values, ds["region_name"].values
    for i, code in enumerate(list(codes) + ["province"]):
        def pick(da: xr.DataArray, i: int = i, code: str = code) -> np.ndarray:
            return (da.sum("region") if code == "province" else da.isel(region=i)).values
        income = sum(pick(flows[n]) for n in INCOME)
        spending = sum(pick(flows[n]) for n in SPENDING)
        balance = pick(closing)
        reserve = np.divide(balance * 12, spending, out=np.full_like(balance, np.inf),
                            where=spending > 0)
        frames.append(pd.DataFrame({
            "year": closing["year"].values,
            "code": code,
            "name": "全省合计" if code == "province" else names[i],
            "income_wan": income,
            **{f"{n}_wan": pick(flows[n]) for n in INCOME},
            "spending_wan": spending,
            **{f"{n}_wan": pick(flows[n]) for n in SPENDING},
            "remittance_wan": pick(flows["remittance"]),
            "skills_transfer_wan": pick(flows["skills_transfer"]),
            "year_end_balance_wan": balance,
            "year_end_reserve_months": reserve,
        }))
    return pd.concat(frames, ignore_index=True).sort_values(["year"], kind="stable")


def risk_table(ds: xr.Dataset) -> pd.DataFrame:
    """Per region and calendar year (and a province row per year), over the paths:

    the probability of failing the general and the difficult-firm test (for the province row:
    that some region fails), of needing public finance, and the mean and 95th percentile of the
    fiscal subsidy and the pool transfer (万元).
    """
    if "path" not in ds.dims:
        raise ValueError("risk needs a run with several paths (--paths N)")
    year = ds["month"].dt.year
    january = ds["month"].dt.month == 1
    reserve = ds["reserve_months"].where(january, drop=True)
    reserve = reserve.assign_coords(month=reserve["month"].dt.year).rename(month="year")
    fail_12 = reserve < ds.attrs["general_months"]
    fail_24 = reserve < ds.attrs["difficult_months"]
    fiscal = ds["fiscal_subsidy"].groupby(year).sum()
    pool = ds["pool_transfer"].groupby(year).sum()
    rows = []
    for scope in list(ds["region"].values) + ["province"]:
        if scope == "province":
            f12, f24 = fail_12.any("region"), fail_24.any("region")
            fis, poo = fiscal.sum("region"), pool.sum("region")
            name = "全省合计"
        else:
            f12, f24 = fail_12.sel(region=scope), fail_24.sel(region=scope)
            fis, poo = fiscal.sel(region=scope), pool.sel(region=scope)
            name = str(ds["region_name"].sel(region=scope).values)
        for y in f12["year"].values:
            fy, py = fis.sel(year=y), poo.sel(year=y)
            rows.append({
                "year": int(y), "code": scope, "name": name,
                "p_below_general": float(f12.sel(year=y).mean()),
                "p_below_difficult": float(f24.sel(year=y).mean()),
                "p_fiscal": float((fy > 0).mean()),
                "fiscal_mean_wan": float(fy.mean()) / 1e4,
                "fiscal_p95_wan": float(fy.quantile(0.95)) / 1e4,
                "pool_transfer_mean_wan": float(py.mean()) / 1e4,
                "pool_transfer_p95_wan": float(py.quantile(0.95)) / 1e4,
            })
    return pd.DataFrame(rows).sort_values(["year"], kind="stable").reset_index(drop=True)
