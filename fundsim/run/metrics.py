"""Every derived figure of a run, defined once: months of reserve of the province, the headline
metrics of a run, bands over paths. Tables, sweeps, comparisons and the report read these."""

from __future__ import annotations

import numpy as np
import xarray as xr

SPENDING = ("benefits", "expanded_coverage", "skills_subsidy", "returns_paid")


def province_reserve_months(ds: xr.Dataset) -> xr.DataArray:
    """Province-wide months of reserve as assessed each January, held through the year:
    all regions' balances at the previous year-end ÷ their spending that year ÷ 12 (the first
    year from the data)."""
    balance = ds["balance"].sum("region")
    spending = sum(ds[name] for name in SPENDING).sum("region")
    year = ds["month"].dt.year.values
    years, index = np.unique(year, return_inverse=True)
    first = ds["opening_balance"].sum() * 12 / ds["last_year_expenditure"].sum()
    assessed = [xr.zeros_like(balance.isel(month=0), dtype=float) + first]
    for previous in years[:-1]:
        months = np.flatnonzero(year == previous)
        spent = spending.isel(month=months).sum("month")
        closing = balance.isel(month=months[-1])
        assessed.append(xr.where(spent > 0, closing * 12 / spent.where(spent > 0), np.inf))
    stacked = xr.concat([a.drop_vars("month", errors="ignore") for a in assessed], dim="year")
    out = stacked.isel(year=xr.DataArray(index, dims="month"))
    return out.assign_coords(month=ds["month"].values)


def headline(ds: xr.Dataset) -> dict[str, xr.DataArray]:
    """Per-path horizon metrics of one run (the same definitions as ``sweep.nc``)."""
    reserve = ds["reserve_months"]
    return {
        "returns_paid_total": ds["returns_paid"].sum(("region", "month")),
        "lowest_reserve_months": reserve.min(("region", "month")),
        "regions_below_general": (reserve < ds.attrs["general_months"]).any("month").sum(
            "region").astype(float),
        "regions_below_difficult": (reserve < ds.attrs["difficult_months"]).any("month").sum(
            "region").astype(float),
        "pool_transfer_total": ds["pool_transfer"].sum(("region", "month")),
        "fiscal_subsidy_total": ds["fiscal_subsidy"].sum(("region", "month")),
        "training_paid_total": ds["training_paid"].sum(("region", "month")),
        "firms_covered_total": ds["firms_covered"].sum(("region", "month")),
    }


def fan_bands(values: xr.DataArray) -> dict[str, np.ndarray]:
    """Median and the 50% and 90% bands over paths."""
    q = values.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="path").values
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}


def province_fan(ds: xr.Dataset) -> dict[str, np.ndarray]:
    """Fan bands of the province-wide reserve months."""
    return fan_bands(province_reserve_months(ds))
