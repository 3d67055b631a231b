"""Stochastic runs too large to keep every path: summaries over paths, kept as the months pass.

A Monte Carlo run keeps its full monthly paths while they stay under :data:`FULL_PATHS_LIMIT`
bytes; above it (or when asked) ``results.nc`` holds instead, with no ``path`` dimension:

- every variable of a full file as its **mean over paths** (the reserve tests' flags as the
  share of paths passing), so the accounting identities hold on the file;
- **quantiles** (:data:`QUANTILES`, dimension ``quantile``) of balances and months of reserve,
  the region's and the province's: ``balance_quantile``, ``reserve_months_quantile``,
  ``pool_balance_quantile``, ``province_reserve_months_quantile``;
- **probabilities** by month: ``p_below_general`` / ``p_below_difficult`` and
  ``p_fiscal_subsidy`` per region, ``p_some_region_below_general`` / ``_difficult`` for the
  province;
- a few **example paths** (dimension ``example``, the first :data:`EXAMPLES` paths):
  ``<name>_example`` for the names in :data:`EXAMPLE_VARIABLES`;
- **every path by calendar year** (dimensions ``year`` and ``draw``, one per path):
  ``<name>_by_year`` for the names in :data:`YEARLY`: the assessments made each January (held
  through the year, so nothing is lost), flows summed over the year, balances at the year end.
  summary.csv and risk.csv read these, so their figures are the same as from full paths.

The engine keeps these as the months pass (``run_engine(reduce=...)``): sums and counts over
paths block by block, added in a fixed order, so the numbers do not depend on the machine;
yearly figures per path. Only the monthly balances of every path are kept whole (8 bytes ×
region × month × path) until their quantiles are taken, block of regions by block of regions.
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from fundsim.model.engine import ALIASES, LOAN_VARIABLES, PATH_VARIABLES, POOL_VARIABLES
from fundsim.model.inputs import EngineInputs
from fundsim.run.dataset import GIVEN
from fundsim.run.metrics import FAN_QUANTILES

#: results.nc keeps every monthly path up to this many bytes (about its uncompressed size).
FULL_PATHS_LIMIT = 200 * 10**6
#: The quantiles kept of balances and months of reserve: a fan's.
QUANTILES = FAN_QUANTILES
#: How many example paths a summary keeps (the first ones: the paths are independent draws).
EXAMPLES = 5
#: The variables kept whole for the example paths.
EXAMPLE_VARIABLES = ("balance", "reserve_months", "fiscal_subsidy", "pool_balance",
                     "province_reserve_months")
#: Every path's figures by calendar year that the tables read path by path, and how a year is
#: taken from its months: the assessment (made in January, held through the year), the sum of
#: a flow, the year-end stock. (Flows the tables only average are kept as means.)
YEARLY = {
    "reserve_months": "first", "passes_12": "first", "passes_24": "first",
    "province_reserve_months": "first", "balance": "last", "pool_balance": "last",
    "fiscal_subsidy": "sum", "fiscal_subsidy_returns": "sum", "fiscal_subsidy_deficit": "sum",
    "pool_transfer": "sum", "benefits": "sum",
}
#: Yearly figures that zlib barely shrinks (every path's own balances and benefits): stored as
#: they are, since compressing them costs seconds at national size and saves little.
DENSE_YEARLY = ("balance", "benefits")
#: Regions per block when taking quantiles of the monthly balances.
QUANTILE_REGIONS = 16


def full_paths_bytes(regions: int, months: int, paths: int) -> int:
    """About the bytes of a results file that keeps every path (its variables uncompressed)."""
    per_path = (len(PATH_VARIABLES) + len(ALIASES) + len(GIVEN)) * regions + len(POOL_VARIABLES)
    return 8 * per_path * months * paths


def summarises(regions: int, months: int, paths: int, keep_paths: bool | None) -> bool:
    """Whether a run keeps summaries over paths: a Monte Carlo run not asked to keep its paths
    (``keep_paths`` True) that is asked to summarise (False) or would pass
    :data:`FULL_PATHS_LIMIT` (None)."""
    if paths < 2 or keep_paths:
        return False
    return keep_paths is False or full_paths_bytes(regions, months, paths) > FULL_PATHS_LIMIT


@dataclass
class PathSummary:
    """What a summarised run keeps, as arrays (month first, like the engine's)."""

    paths: int
    means: dict[str, np.ndarray] = field(default_factory=dict)      # (M, R, 1) or (M, 1)
    quantiles: dict[str, np.ndarray] = field(default_factory=dict)  # (Q, M, R) or (Q, M)
    probabilities: dict[str, np.ndarray] = field(default_factory=dict)  # (M, R) or (M,)
    examples: dict[str, np.ndarray] = field(default_factory=dict)   # (M, R, E) or (M, E)
    yearly: dict[str, np.ndarray] = field(default_factory=dict)     # (Y, R, P) or (Y, P)


def _quantiles(values: np.ndarray) -> np.ndarray:
    """(…, P) → (Q, …), over the paths that have a value: a month not yet assessed is NaN on
    every path and stays NaN (np.quantile at once; the slow NaN-aware one only where a NaN
    stands beside numbers).

    The paths are sorted first (NaN last): np.quantile then selects its order statistics from
    sorted rows, in a third of the time, and finds the same numbers (unless a row holds −0.0,
    which sorts as 0.0: such values are taken unsorted)."""
    if not (np.signbit(values) & (values == 0)).any():
        values = np.sort(values, axis=-1)
    result = np.quantile(values, QUANTILES, axis=-1)
    nan = np.isnan(values)
    mixed = nan.any(axis=-1) & ~nan.all(axis=-1)
    if mixed.any():
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
            result[:, mixed] = np.nanquantile(values[mixed], QUANTILES, axis=-1)
    return result


def reductions(loans: bool = False) -> list[tuple[str, str]]:
    """What the engine keeps of a summarised run besides the monthly balances (its ``reduce``):
    every variable summed over paths (with the loans' where the pool lends, ``loans``:
    :func:`fundsim.model.engine.lends`), the paths with a public-finance top-up, the yearly
    figures of every path."""
    lent = LOAN_VARIABLES if loans else ()
    return ([(name, "paths") for name in PATH_VARIABLES + POOL_VARIABLES + lent]
            + [("fiscal_subsidy", "positive")] + list(YEARLY.items()))


#: What the engine records whole in a summarised run: the monthly balances (for their
#: quantiles) and the province's series, one number per month and path.
RECORDED = ("balance", "pool_balance", "province_reserve_months")


def summarise_paths(inp: EngineInputs, paths: int, out: dict[str, np.ndarray],
                    examples: dict[str, np.ndarray]) -> PathSummary:
    """The summaries of a run from the engine's :data:`RECORDED` and :func:`reductions` of it
    (``out``) and its first paths' full record (``examples``)."""
    months, regions = inp.shape
    year = inp.calendar.year_index
    summary = PathSummary(paths)
    summary.means = {name: out[f"{name}@paths"] / paths for name in PATH_VARIABLES
                     + POOL_VARIABLES + LOAN_VARIABLES if f"{name}@paths" in out}
    summary.yearly = {name: out[f"{name}@{how}"] for name, how in YEARLY.items()}
    # assessments are made each January and held through the year: a month's is its year's
    fails = {test: ~summary.yearly[flag] for test, flag in (("general", "passes_12"),
                                                             ("difficult", "passes_24"))}
    summary.probabilities = {
        "p_below_general": 1.0 - summary.means["passes_12"][..., 0],
        "p_below_difficult": 1.0 - summary.means["passes_24"][..., 0],
        "p_fiscal_subsidy": out["fiscal_subsidy@positive"][..., 0] / paths,
        **{f"p_some_region_below_{test}": (flags.any(axis=1).sum(axis=-1) / paths)[year]
           for test, flags in fails.items()},
    }
    balance = out["balance"]
    quantile = np.empty((len(QUANTILES), months, regions))

    def block(r0: int) -> None:
        quantile[:, :, r0:r0 + QUANTILE_REGIONS] = _quantiles(
            balance[:, r0:r0 + QUANTILE_REGIONS])

    with ThreadPoolExecutor(len(os.sched_getaffinity(0))) as pool:  # numpy sorts without the GIL
        list(pool.map(block, range(0, regions, QUANTILE_REGIONS)))
    summary.quantiles = {
        "balance": quantile,
        "reserve_months": _quantiles(summary.yearly["reserve_months"])[:, year],
        **{name: _quantiles(out[name]) for name in RECORDED[1:]},
    }
    summary.examples = {name: examples[name] for name in EXAMPLE_VARIABLES}
    return summary


#: long_name of each summary variable beside the means (units follow the variable summarised).
DESCRIPTIONS = {
    "p_below_general": "share of paths on which the region fails the general-return test "
                       "(passes_12 false) that month",
    "p_below_difficult": "share of paths on which the region fails the difficult-firm test "
                         "(passes_24 false) that month",
    "p_fiscal_subsidy": "share of paths on which public finance tops up the region that month",
    "p_some_region_below_general": "share of paths on which some region fails the "
                                   "general-return test that month",
    "p_some_region_below_difficult": "share of paths on which some region fails the "
                                     "difficult-firm test that month",
}


def summary_dataset(ds: xr.Dataset, summary: PathSummary, seed: int) -> xr.Dataset:
    """The results Dataset of a summarised run: ``ds`` is :func:`build_dataset` of the means
    (one column); the quantiles, probabilities, example paths and yearly paths join it."""
    paths = summary.paths
    for name in ("passes_12", "passes_24", "passes_general", "passes_difficult"):
        if name in ds:
            ds[name].attrs["long_name"] = ("share of paths that " + ds[name].attrs["long_name"])
    region_dims = ("month", "region")

    def add(name: str, values: np.ndarray, first: tuple[str, ...], last: tuple[str, ...],
            attrs: dict[str, str]) -> None:
        dims = first + (region_dims if values.ndim == len(first) + len(last) + 2
                        else ("month",)) + last
        order = [d for d in ("region", "month", "year") if d in dims]
        ds[name] = xr.DataArray(values, dims=dims).transpose(*order, ...)
        ds[name].attrs.update(attrs)

    for name, values in summary.quantiles.items():
        add(f"{name}_quantile", values, ("quantile",), (), {
            "long_name": f"quantiles over paths of {name}", "units": ds[name].attrs["units"]})
    for name, values in summary.probabilities.items():
        add(name, values, (), (), {"long_name": DESCRIPTIONS[name], "units": "1"})
    for name, values in summary.examples.items():
        add(f"{name}_example", values, (), ("example",), {
            "long_name": f"{name} on the example paths", "units": ds[name].attrs["units"]})
    for name, values in summary.yearly.items():
        dims = ("year", "region", "draw") if values.ndim == 3 else ("year", "draw")
        how = {"first": "as assessed each January (held through the year)",
               "last": "at the year end", "sum": "summed over the year"}[YEARLY[name]]
        ds[f"{name}_by_year"] = xr.DataArray(values, dims=dims).transpose(
            *[d for d in ("region", "year", "draw") if d in dims])
        ds[f"{name}_by_year"].attrs.update({
            "long_name": f"{name} of every path by calendar year, {how}",
            "units": ds[name].attrs["units"], "yearly": YEARLY[name]})
    years = ds["month"].dt.year.values
    full = full_paths_bytes(ds.sizes["region"], ds.sizes["month"], paths)
    for name in DENSE_YEARLY:
        ds[f"{name}_by_year"].encoding["zlib"] = False  # see save_netcdf
    ds = ds.assign_coords(
        quantile=("quantile", np.array(QUANTILES)),
        example=("example", np.arange(summary.examples["balance"].shape[-1], dtype=np.int64)),
        year=("year", np.unique(years).astype(np.int64)),
        draw=("draw", np.arange(paths, dtype=np.int64)))
    ds.attrs.update({
        "paths": int(paths), "seed": int(seed), "paths_kept": "summary",
        "full_paths_bytes": int(full),
        "paths_note": (
            f"{paths} paths summarised (their full monthly record would take about "
            f"{full / 1e6:,.0f} MB): "
            "means over paths under every variable's name, *_quantile, p_*, *_example (the "
            "first paths) and *_by_year (every path by calendar year); fundsim run "
            "--keep-paths keeps every path"),
    })
    return ds
