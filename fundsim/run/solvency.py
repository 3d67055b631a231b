"""The US average high cost multiple (AHCM), beside the Chinese months of reserve.

As the US Labor Department defines it for state UI trust funds:

    reserve ratio (y)      = fund balance at the end of year y ÷ total covered wages of year y
    benefit cost rate (y)  = benefits paid in year y ÷ total covered wages of year y
    average high cost rate = mean of the three highest benefit cost rates in the last 20 years
                             (the lookback ends with y)
    AHCM (y)               = reserve ratio (y) ÷ average high cost rate

An AHCM of 1.0 means the fund could pay a year of benefits at the average of its three worst
years with no contribution income. A simulated run has only its own years (none before its
start), so the lookback here is "the last ``lookback`` complete calendar years of the run, or
all of them when fewer"; with fewer than three years the mean is over the years available, and
``years_in_lookback`` says how many. Only complete calendar years count.

Total covered wages come from the run's inputs, not from contributions: insured × monthly
contribution wage of every month, recomputed from the run record (the region data file and the
growth assumptions), exactly as ``fundsim.model.inputs`` builds them. Dividing contributions by rate
and collection rate would understate wages in months of contribution relief (the 2020 SME
waiver). A caller may pass its own ``wages`` instead.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.base.yamlio import load_text
from fundsim.inputs.regions import Regions, load_regions
from fundsim.run.metrics import PROVINCE_NAME, PROVINCE_ROW, SPENDING


def covered_wages(ds: xr.Dataset, regions: Regions | None = None) -> xr.DataArray:
    """Total covered wages per region and month (yuan): insured × monthly contribution wage.

    Taken from the results' ``covered_wages`` (the central path's, which fundsim writes), or
    for older files recomputed from the run record in ``ds.attrs["parameters"]`` (data file,
    insured and wage growth); ``regions`` replaces the data file.
    """
    if "covered_wages" in ds and regions is None:
        wages = ds["covered_wages"]
        return wages.isel(path=0, drop=True) if "path" in wages.dims else wages
    try:
        record = load_text(ds.attrs["parameters"], "parameters", fast=True)
        growth = record["assumptions"]
        insured_growth, wage_growth = growth["insured_growth"], growth["wage_growth"]
    except (KeyError, TypeError, InputError):
        raise InputError([Problem("results", "attributes", "parameters",
                                  "no fundsim run record: pass wages= explicitly")]) from None
    if regions is None:
        regions = load_regions(Path(record["data"]))
    codes = [str(c) for c in regions.code]
    if codes != [str(c) for c in ds["region"].values]:
        raise InputError([Problem(str(record.get("data", "regions")), "", "code",
                                  "the region data does not match the results' regions")])
    years = np.arange(ds.sizes["month"]) / 12.0
    insured = regions["insured"][:, None] * (1 + insured_growth) ** years[None, :]
    wage = regions["wage"][:, None] * (1 + wage_growth) ** years[None, :]
    return xr.DataArray(insured * wage, dims=("region", "month"),
                        coords={"region": ds["region"], "month": ds["month"]},
                        attrs={"long_name": "total covered wages", "units": "yuan"})


def _complete_years(ds: xr.Dataset, weights: xr.DataArray | None = None) -> xr.Dataset:
    """The months of the complete calendar years (``weights``: the months each entry stands
    for, on a yearly view of a summarised run)."""
    year = ds["month"].dt.year
    counts = year.groupby(year).count() if weights is None else weights.groupby(year).sum()
    complete = counts["year"].values[counts.values == 12]
    if complete.size == 0:
        raise InputError([Problem("results", "", "month",
                                  "the AHCM needs at least one complete calendar year")])
    return ds.sel(month=year.isin(complete))


def yearly_rates(ds: xr.Dataset, wages: xr.DataArray | None = None) -> xr.Dataset:
    """Per region and complete calendar year: wages, benefits, spending, year-end balance,
    reserve ratio, benefit cost rate and year-end months of reserve, and the same for the
    province as one fund (region ``province-fund``: the regions and the pool's balance). Keeps
    ``path`` when the run has it."""
    wages = covered_wages(ds) if wages is None else wages
    data = xr.Dataset({"wages": wages, "benefits": ds["benefits"], "balance": ds["balance"],
                       # files written before a line was its own variable lack it
                       "spending": sum(ds[name] for name in SPENDING if name in ds)})
    data = data.drop_vars("region_name", errors="ignore")
    data = _complete_years(data, ds.get("months_in_year"))
    province = data.sum("region")
    if "pool_balance" in ds:  # the province as one fund: the regions and the pool
        province["balance"] = province["balance"] + ds["pool_balance"].sel(
            month=province["month"])
    province = province.expand_dims(region=[PROVINCE_ROW])
    data = xr.concat([data, province], dim="region")
    year = data["month"].dt.year
    flows = data[["wages", "benefits", "spending"]].groupby(year).sum()
    closing = data["balance"].groupby(year).last()
    out = xr.Dataset({
        "wages": flows["wages"], "benefits": flows["benefits"], "spending": flows["spending"],
        "balance": closing,
        "reserve_ratio": closing / flows["wages"],
        "benefit_cost_rate": flows["benefits"] / flows["wages"],
        "reserve_months": closing * 12 / flows["spending"],
    })
    return out


def average_high_cost_multiple(reserve_ratio: np.ndarray, cost_rates: np.ndarray,
                               lookback: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AHCM of the last year, from yearly reserve ratios and benefit cost rates.

    ``cost_rates`` has years on the last axis (oldest first); ``reserve_ratio`` is the last
    year's, shaped like ``cost_rates[..., -1]``. Returns (ahcm, average high cost rate, years
    used): the mean of the three highest rates among the last ``lookback`` years.
    """
    window = np.asarray(cost_rates, dtype=float)[..., -lookback:]
    used = min(3, window.shape[-1])
    highest = -np.sort(-window, axis=-1)[..., :used]
    high_cost = highest.mean(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ahcm = np.where(high_cost > 0, np.asarray(reserve_ratio) / high_cost, np.inf)
    return ahcm, high_cost, np.full(np.shape(high_cost), window.shape[-1])


def solvency_table(ds: xr.Dataset, wages: xr.DataArray | None = None,
                   lookback: int = 20) -> pd.DataFrame:
    """Per region (and ``province-fund``, the regions and the pool), at the last complete year
    of the run: year-end months of reserve beside the reserve ratio, the average high cost rate
    and the AHCM.

    With several paths each figure is computed on every path and then averaged over paths.
    """
    if isinstance(lookback, bool) or not isinstance(lookback, int) or lookback < 1:
        raise InputError([Problem("solvency_table", "", "lookback",
                                  f"must be a whole number of years ≥ 1, got {lookback!r}")])
    rates = yearly_rates(ds, wages)
    stochastic = "path" in rates.dims
    order = ("region", "path", "year") if stochastic else ("region", "year")

    def last(name: str) -> np.ndarray:
        return rates[name].isel(year=-1).transpose(*order[:-1]).values

    ahcm, high_cost, used = average_high_cost_multiple(
        last("reserve_ratio"), rates["benefit_cost_rate"].transpose(*order).values, lookback)

    def per_region(values: np.ndarray) -> np.ndarray:
        return values.mean(axis=1) if stochastic else values

    names = dict(zip(ds["region"].values.tolist(), ds["region_name"].values.tolist(),
                     strict=True))
    codes = [str(code) for code in rates["region"].values]
    return pd.DataFrame({
        "code": codes,
        "name": [names.get(code, PROVINCE_NAME) for code in codes],
        "year": int(rates["year"].values[-1]),
        "reserve_months": per_region(last("reserve_months")),
        "reserve_ratio": per_region(last("reserve_ratio")),
        "average_high_cost_rate": per_region(high_cost),
        "ahcm": per_region(ahcm),
        "years_in_lookback": int(np.ravel(used)[0]),
    })
