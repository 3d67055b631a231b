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
means over paths, and a probability is the share of paths on which something happens. A run
summarised over paths (:mod:`fundsim.run.summary`) keeps every path by calendar year: read it
through :func:`paths_view`, on which every function here gives the figures full paths would.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

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


#: Levels held through the year (a yearly view takes the first month's) and stocks at the month
#: end (it takes the year end's), beside flows and monthly counts, which it sums.
LEVELS = ("cap_multiple", "reserve_months", "province_reserve_months", "passes_12", "passes_24",
          "passes_general", "passes_difficult")
STOCKS = ("balance", "pool_balance", "recipients", "subsidy_recipients", "allowance_recipients")


def summarised(ds: xr.Dataset) -> bool:
    """True for a Monte Carlo run kept as summaries over paths (no ``path`` dimension)."""
    return ds.attrs.get("paths_kept") == "summary"


def stochastic(ds: xr.Dataset) -> bool:
    """True for a Monte Carlo run (several paths), whether it keeps them whole or summarised."""
    return "path" in ds.dims or int(ds.attrs.get("paths", 1)) > 1


#: Figures made once per Dataset, by ``id`` of the Dataset and name: (a weak reference to it,
#: what it held when made, the figure). An entry goes when its Dataset does.
_MEMO: dict[tuple[int, str], tuple[weakref.ref, tuple, Any]] = {}


def _contents(ds: xr.Dataset) -> tuple:
    """What a Dataset holds, by identity: a variable replaced or an attribute set changes it."""
    return (tuple((name, id(var)) for name, var in ds.variables.items()),
            tuple((key, id(value)) for key, value in ds.attrs.items()))


def memo(ds: xr.Dataset, name: str, make: Callable[[xr.Dataset], Any]) -> Any:
    """``make(ds)``, made once and reused while ``ds`` lives and keeps the same variables and
    attributes (the report, the tables and the charts read the same figures; a forked job
    inherits what was made before it started). Treat the result as read-only."""
    key, contents = (id(ds), name), _contents(ds)
    kept = _MEMO.get(key)
    if kept is not None and kept[0]() is ds and kept[1] == contents:
        return kept[2]
    value = make(ds)

    def forget(ref: weakref.ref, key: tuple[int, str] = key) -> None:
        if key in _MEMO and _MEMO[key][0] is ref:
            del _MEMO[key]

    _MEMO[key] = (weakref.ref(ds, forget), contents, value)
    return value


def paths_view(ds: xr.Dataset) -> xr.Dataset:
    """The run's figures per path: ``ds`` itself unless it is summarised over paths; then every
    path by calendar year, on a ``month`` axis holding each year's first month and a ``path``
    axis, with ``months_in_year`` (so months below a test count as months).

    The year suffices: assessments are made each January and held through the year, flows sum,
    balances are taken at the year end. The kept ``*_by_year`` variables carry every path; the
    other flows are means over paths, whose sums are the means of the paths' sums.

    Made once per Dataset (:func:`memo`); treat it as read-only.
    """
    if not summarised(ds) or "months_in_year" in ds:
        return ds
    return memo(ds, "paths_view", _paths_view)


def _paths_view(ds: xr.Dataset) -> xr.Dataset:
    """:func:`paths_view`, made afresh."""
    year = ds["month"].dt.year.values
    starts = np.flatnonzero(np.r_[True, year[1:] != year[:-1]])
    ends = np.r_[starts[1:] - 1, len(year) - 1]
    firsts = ds["month"].values[starts]

    def yearly(value: xr.DataArray, how: str) -> xr.DataArray:
        """Each year's first month, last month or sum (numpy: one call per variable)."""
        axis = value.dims.index("month")
        if how == "sum":
            values = np.add.reduceat(value.values, starts, axis=axis)
        else:
            values = np.take(value.values, starts if how == "first" else ends, axis=axis)
        return xr.DataArray(values, dims=value.dims, attrs=value.attrs,
                            coords={"month": firsts})

    data = {}
    for name, value in ds.data_vars.items():
        if "month" not in value.dims or f"{name}_by_year" in ds or name.endswith(
                ("_quantile", "_example")) or name.startswith("p_"):
            continue
        if name in THRESHOLDS.values() or name in LEVELS:
            data[name] = yearly(value, "first")
        elif name in STOCKS or "stock_of" in value.attrs:
            data[name] = yearly(value, "last")
        else:  # flows and counts over the month
            data[name] = yearly(value, "sum")
    for name, value in ds.data_vars.items():
        if name.endswith("_by_year"):
            data[name.removesuffix("_by_year")] = value.rename(
                year="month", draw="path").assign_coords(month=firsts)
    view = xr.Dataset(data, coords={"region_name": ds["region_name"]}, attrs=ds.attrs)
    view["months_in_year"] = ("month", np.diff(np.r_[starts, len(year)]))
    for name in ("passes_12", "passes_24"):
        view[FLAGS["general" if name == "passes_12" else "difficult"][0]] = view[name]
    return view


def held_paths(ds: xr.Dataset, name: str) -> xr.DataArray:
    """Month by month and path by path, a level the engine holds through each year (months of
    reserve, the tests' flags, the province's reserve): the variable itself, or for a
    summarised run its yearly value on every path repeated over the year's months (exact: it
    changes only in January)."""
    if not summarised(ds):
        return ds[name]
    yearly = ds[f"{name}_by_year"].rename(draw="path")
    return yearly.sel(year=ds["month"].dt.year).drop_vars("year")


def median_over_paths(ds: xr.Dataset, name: str) -> xr.DataArray:
    """The median over paths of ``name`` (a summarised run's kept median; the value itself
    with one path)."""
    if summarised(ds):
        return ds[f"{name}_quantile"].sel(quantile=0.5, drop=True)
    return ds[name].median("path") if "path" in ds[name].dims else ds[name]


def _months(ds: xr.Dataset, flags: xr.DataArray) -> xr.DataArray:
    """The number of months ``flags`` hold, over the ``month`` axis (a year on a yearly view)."""
    if "months_in_year" in ds:
        return (flags * ds["months_in_year"]).sum("month")
    return flags.sum("month")


def _flag(ds: xr.Dataset, test: str) -> str:
    if summarised(ds) and "months_in_year" not in ds:
        raise ValueError("a run summarised over paths keeps its flags per path by year: read "
                         "them through fundsim.run.metrics.paths_view")
    if test not in TESTS:
        raise ValueError(f"a reserve test is one of {TESTS}, got {test!r}")
    for name in FLAGS[test]:
        if name in ds:
            return name
    raise KeyError(f"the results hold no flag of the {test} test ({' or '.join(FLAGS[test])})")


def _year(ds: xr.Dataset) -> xr.DataArray:
    return ds["month"].dt.year


#: How :func:`per_year` takes a year from its months.
YEARLY_HOW = ("first", "last", "sum", "any", "max")


def per_year(ds: xr.Dataset, da: xr.DataArray, how: str) -> xr.DataArray:
    """``da`` (on ``ds``'s ``month`` axis) by calendar year, the ``month`` axis becoming
    ``year`` in its place: each year's ``first`` or ``last`` value (the first or last that is
    not NaN), ``sum`` (NaN counting as 0), ``any`` or ``max`` — what
    ``da.groupby(ds["month"].dt.year)`` gives, figure for figure.

    On a yearly view (:func:`paths_view`) each entry already is its year: the values are taken
    as they are (NaN summing to 0), without grouping; so is a flag's first month (an array
    ``take``). Anything else is grouped by xarray."""
    if how not in YEARLY_HOW:
        raise ValueError(f"a year is taken by one of {YEARLY_HOW}, got {how!r}")
    year = _year(ds)
    if "months_in_year" in ds and (how != "any" or da.dtype == bool):
        values = da.values
        if how == "sum":
            values = (values.astype(np.int64) if values.dtype == bool else values
                      if nan_free(values) else np.where(np.isnan(values), 0.0, values))
        return _on_years(da, values, year.values)
    if how == "first" and da.dtype == bool:
        axis = da.dims.index("month")
        starts = np.flatnonzero(np.r_[True, year.values[1:] != year.values[:-1]])
        return _on_years(da, np.take(da.values, starts, axis=axis), year.values[starts])
    return getattr(da.groupby(year), how)()


def _on_years(da: xr.DataArray, values: np.ndarray, years: np.ndarray) -> xr.DataArray:
    """``values`` in ``da``'s place, its ``month`` axis become ``year`` (coordinate ``years``);
    ``da``'s name, attributes and coordinates off the month axis are kept. The years are laid
    out outermost in memory, as a group-by stacks them (sums over other axes then add in the
    same order, so to the last bit)."""
    axis = da.dims.index("month")
    values = np.moveaxis(np.ascontiguousarray(np.moveaxis(values, axis, 0)), 0, axis)
    coords = {name: coord for name, coord in da.coords.items() if "month" not in coord.dims}
    return xr.DataArray(values, dims=[("year" if d == "month" else d) for d in da.dims],
                        coords={**coords, "year": years}, name=da.name, attrs=da.attrs)


def nan_free(values: np.ndarray) -> bool:
    """True when ``values`` holds no NaN (one pass, no copy; an inf − inf also answers False)."""
    return values.dtype.kind not in "fc" or not np.isnan(np.sum(values))


def sum_over(da: xr.DataArray, dim: str | tuple[str, ...]) -> xr.DataArray:
    """``da.sum(dim)`` (NaN counting as 0); on data without NaN without the masking xarray
    does first, the same sum bit for bit (numpy adds in the same order) in a third of the
    time."""
    return da.sum(dim, skipna=False) if nan_free(da.values) else da.sum(dim)


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
    return _months(ds, below(ds, test))


def below_by_year(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Region × year [× path]: True where the region fails ``test`` at that year's assessment
    (its first month, January: the verdict holds through the year)."""
    return per_year(ds, below(ds, test), "first")


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
    return sum_over(ds[name], "month")


def by_year(ds: xr.Dataset, name: str) -> xr.DataArray:
    """Region × year [× path]: the flow ``name`` summed over each calendar year."""
    return per_year(ds, ds[name], "sum")


def province_total(ds: xr.Dataset, name: str) -> xr.DataArray:
    """[Path]: the flow ``name`` summed over regions and the horizon."""
    return sum_over(ds[name], ("region", "month"))


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
    return per_year(ds, ~province_passes(ds, test), "first")


def province_months_below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """[Path]: the number of months the province fund is below ``test``."""
    return _months(ds, ~province_passes(ds, test))


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


#: The quantiles of a fan: the 90% band, the 50% band and the median.
FAN_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def fan_bands(values: xr.DataArray) -> dict[str, np.ndarray]:
    """Median and the 50% and 90% bands over paths."""
    return _named_bands(values.quantile(list(FAN_QUANTILES), dim="path").values)


def bands(ds: xr.Dataset, name: str, **where: object) -> dict[str, np.ndarray]:
    """Median and the 50% and 90% bands over paths of ``name`` (``where`` selects, e.g. a
    region): the quantiles a summarised run kept (``<name>_quantile``), else over its paths."""
    if summarised(ds):
        kept = ds[f"{name}_quantile"].sel(**where).sel(quantile=list(FAN_QUANTILES))
        return _named_bands(kept.transpose("quantile", ...).values)
    return fan_bands(ds[name].sel(**where))


def _named_bands(q: np.ndarray) -> dict[str, np.ndarray]:
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}


def province_fan(ds: xr.Dataset) -> dict[str, np.ndarray]:
    """Fan bands of the province fund's months of reserve."""
    return bands(ds, "province_reserve_months")
