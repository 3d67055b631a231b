"""Every derived figure of a run, defined once: summary.csv, risk.csv, sweeps, comparisons, the
charts and the report all read these.

Two definitions carry the rest:

- A region is **below a test** in a month when the engine's own flag for it is false
  (``passes_general`` / ``passes_difficult``, the same flags as ``passes_12`` / ``passes_24``).
  The engine assesses every region each January against the threshold in force that month
  (the variables ``general_months`` / ``difficult_months``) and holds the verdict through the
  year, so a month below is a month under a failed assessment.
- **The province** is the province as one fund, its regions and the pool together: its months
  of reserve are the engine's ``province_reserve_months`` (assessed each January on the same
  rule as the regions'), its closing balance is the regions' plus the pool's.

Functions return one figure per path when the run has paths (a ``path`` dimension); tables take
means over paths, and a probability is the share of paths on which something happens.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

#: What a region spends from its fund: the reserve test's denominator (the remittance and
#: transfers to the skills account are not spending).
SPENDING = ("benefits", "medical_insurance", "funeral_grants", "price_subsidies",
            "unemployment_subsidy", "living_allowance", "migrant_lump_sum",
            "training_subsidies", "skills_subsidy", "other_spending", "returns_paid")
#: The code and name of the province as one fund (regions and pool) in every table; the merged
#: region of provincial pooling is ``province``, so they never collide.
PROVINCE_ROW = "province-fund"
PROVINCE_NAME = "全省（各地区与调剂金）"

#: The two reserve tests: the general return's and the difficult-firm return's.
TESTS = ("general", "difficult")
#: The engine's flag of each test in a results Dataset, then the CONTRACT.md alias.
FLAGS = {"general": ("passes_general", "passes_12"),
         "difficult": ("passes_difficult", "passes_24")}
#: The variable (and, in files that lack it, the global attribute) holding each test's threshold.
THRESHOLDS = {"general": "general_months", "difficult": "difficult_months"}

#: The horizon metrics of ``sweep.nc`` and ``compare.nc``: (long_name, units) by name.
METRICS: dict[str, tuple[str, str]] = {
    "returns_paid_total": ("稳岗返还 paid over the horizon, province", "yuan"),
    "lowest_reserve_months": ("lowest assessed reserve months over regions and horizon",
                              "months"),
    "regions_below_general": ("regions below the general test at one or more January "
                              "assessments (the engine's passes_general)", "regions"),
    "regions_below_difficult": ("regions below the difficult-firm test at one or more January "
                                "assessments (the engine's passes_difficult)", "regions"),
    "pool_transfer_total": ("provincial pool transfers over the horizon", "yuan"),
    "fiscal_subsidy_total": ("public-finance top-ups over the horizon, both causes", "yuan"),
    "fiscal_subsidy_returns_total": ("public finance funding returns the pool could not cover",
                                     "yuan"),
    "fiscal_subsidy_deficit_total": ("public finance keeping balances from going negative",
                                     "yuan"),
    "training_paid_total": ("以工代训 paid over the horizon, province", "yuan"),
    "firms_covered_total": ("firms paid a return, summed over months", "firm-payments"),
    "p_fail_general": ("probability that some region fails the general test", "1"),
    "p_fail_difficult": ("probability that some region fails the difficult-firm test", "1"),
    "p_fiscal": ("probability that public finance must step in", "1"),
}


def _flag(ds: xr.Dataset, test: str) -> str:
    if test not in TESTS:
        raise ValueError(f"a reserve test is one of {TESTS}, got {test!r}")
    for name in FLAGS[test]:
        if name in ds:
            return name
    raise KeyError(f"the results hold no flag of the {test} test ({' or '.join(FLAGS[test])})")


def _year(ds: xr.Dataset) -> xr.DataArray:
    return ds["month"].dt.year


def mean_over_paths(da: xr.DataArray) -> xr.DataArray:
    """The mean over paths; the figure itself when the run has one path."""
    return da.mean("path") if "path" in da.dims else da


def share_of_paths(flag: xr.DataArray) -> xr.DataArray:
    """The share of paths on which ``flag`` holds (1 or 0 when the run has one path)."""
    return flag.astype(float).mean("path") if "path" in flag.dims else flag.astype(float)


# ------------------------------------------------------------------------------ the regions


def threshold(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Month: the months of reserve ``test`` asks for, in force that month (for files written
    before runs kept them over months, the global attribute: the first month's)."""
    name = THRESHOLDS[test]
    if name in ds.data_vars:
        return ds[name]
    return xr.DataArray(np.full(ds.sizes["month"], float(ds.attrs[name])), dims="month",
                        coords={"month": ds["month"]})


def passes(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Region × month [× path]: the engine's verdict on ``test`` (``"general"`` or
    ``"difficult"``) at the assessment in force that month; True passes."""
    return ds[_flag(ds, test)].astype(bool)


def below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Region × month [× path]: True in the months the region is below ``test``."""
    return ~passes(ds, test)


def months_below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Region [× path]: the number of months the region is below ``test``."""
    return below(ds, test).sum("month")


def below_by_year(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Region × year [× path]: True where the region fails ``test`` at that year's assessment
    (its first month, January: the verdict holds through the year)."""
    return below(ds, test).groupby(_year(ds)).first()


def regions_below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """[Path]: the number of regions below ``test`` at one or more assessments."""
    return below(ds, test).any("month").sum("region")


def regions_below_by_year(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Year [× path]: the number of regions below ``test`` at that year's assessment."""
    return below_by_year(ds, test).sum("region")


def some_region_below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """[Path]: True when some region is below ``test`` at some assessment."""
    return below(ds, test).any(("region", "month"))


def some_region_below_by_year(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Year [× path]: True when some region is below ``test`` at that year's assessment."""
    return below_by_year(ds, test).any("region")


def p_fail(ds: xr.Dataset, test: str) -> float:
    """The probability that some region fails ``test`` at some assessment: the share of
    paths on which it happens."""
    return float(share_of_paths(some_region_below(ds, test)))


def lowest_reserve_months(ds: xr.Dataset) -> xr.DataArray:
    """Region [× path]: the lowest months of reserve assessed over the horizon."""
    return ds["reserve_months"].min("month")


def weakest_reserve_months(ds: xr.Dataset) -> xr.DataArray:
    """Month [× path]: the months of reserve of the weakest region that month."""
    return ds["reserve_months"].min("region")


def worst_region(ds: xr.Dataset) -> str:
    """The code of the region with the lowest months of reserve (with paths: the lowest mean
    over paths of each path's lowest; the first such region when tied)."""
    lowest = mean_over_paths(lowest_reserve_months(ds))
    return str(ds["region"].values[int(np.argmin(lowest.values))])


# ------------------------------------------------------------------------------ flows


def total(ds: xr.Dataset, name: str) -> xr.DataArray:
    """Region [× path]: the flow ``name`` summed over the horizon."""
    return ds[name].sum("month")


def by_year(ds: xr.Dataset, name: str) -> xr.DataArray:
    """Region × year [× path]: the flow ``name`` summed over each calendar year."""
    return ds[name].groupby(_year(ds)).sum()


def province_total(ds: xr.Dataset, name: str) -> xr.DataArray:
    """[Path]: the flow ``name`` summed over regions and the horizon."""
    return ds[name].sum(("region", "month"))


def public_finance_needed(ds: xr.Dataset) -> xr.DataArray:
    """[Path]: True when public finance pays anything (for returns or deficits) in some region
    and month."""
    return province_total(ds, "fiscal_subsidy") > 0


def p_fiscal(ds: xr.Dataset) -> float:
    """The probability that public finance must step in: the share of paths on which it
    pays anything."""
    return float(share_of_paths(public_finance_needed(ds)))


# ------------------------------------------------------------------------------ the province


def province_reserve_months(ds: xr.Dataset) -> xr.DataArray:
    """Month [× path]: the months of reserve of the province as one fund, the engine's record:
    (Σ regions' year-end balances + the pool's) × 12 ÷ Σ regions' spending of that year,
    assessed each January (the first year from the data) and held through the year."""
    return ds["province_reserve_months"]


def province_passes(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Month [× path]: True where the province fund's months of reserve meet ``test``'s
    threshold in force that month."""
    return province_reserve_months(ds) >= threshold(ds, test)


def province_below_by_year(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Year [× path]: True where the province fund fails ``test`` at that year's assessment."""
    return (~province_passes(ds, test)).groupby(_year(ds)).first()


def province_months_below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """[Path]: the number of months the province fund is below ``test``."""
    return (~province_passes(ds, test)).sum("month")


def province_lowest_reserve_months(ds: xr.Dataset) -> xr.DataArray:
    """[Path]: the province fund's lowest months of reserve over the horizon."""
    return province_reserve_months(ds).min("month")


def province_closing_balance(ds: xr.Dataset) -> xr.DataArray:
    """[Path]: the province fund's balance at the end: the regions' closing balances plus the
    pool's."""
    return ds["balance"].isel(month=-1).sum("region") + ds["pool_balance"].isel(month=-1)


# ------------------------------------------------------------------------------ one run


def headline(ds: xr.Dataset) -> dict[str, xr.DataArray]:
    """Per-path horizon metrics of one run, named, defined and described as in ``sweep.nc``
    (:data:`METRICS`)."""
    figures = {
        "returns_paid_total": province_total(ds, "returns_paid"),
        "lowest_reserve_months": lowest_reserve_months(ds).min("region"),
        "regions_below_general": regions_below(ds, "general").astype(float),
        "regions_below_difficult": regions_below(ds, "difficult").astype(float),
        "pool_transfer_total": province_total(ds, "pool_transfer"),
        "fiscal_subsidy_total": province_total(ds, "fiscal_subsidy"),
        "training_paid_total": province_total(ds, "training_paid"),
        "firms_covered_total": province_total(ds, "firms_covered"),
    }
    return {name: _described(value, name) for name, value in figures.items()}


def _described(da: xr.DataArray, name: str) -> xr.DataArray:
    """``da`` named ``name`` with the attributes of :data:`METRICS` only (none of the source
    variable's, such as ``flow``)."""
    long_name, units = METRICS[name]
    out = da.rename(name)
    out.attrs = {"long_name": long_name, "units": units}
    return out


def fan_bands(values: xr.DataArray) -> dict[str, np.ndarray]:
    """Median and the 50% and 90% bands over paths."""
    q = values.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="path").values
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}


def province_fan(ds: xr.Dataset) -> dict[str, np.ndarray]:
    """Fan bands of the province fund's months of reserve."""
    return fan_bands(province_reserve_months(ds))
