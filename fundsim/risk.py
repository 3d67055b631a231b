"""Risk from a Monte Carlo run: probabilities and tails by region and year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.compare import province_reserve_months


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


def fan_bands(values: xr.DataArray) -> dict[str, np.ndarray]:
    """Median and the 50% and 90% bands over paths."""
    q = values.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="path").values
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}


def province_fan(ds: xr.Dataset) -> dict[str, np.ndarray]:
    """Fan bands of the province-wide reserve months."""
    return fan_bands(province_reserve_months(ds))
