"""Sweeps: the same scenario over a grid of parameter values, every value on the same draws.

Each grid point is a *variant* of the engine's inputs, not a separate run: the engine runs all
variants × paths as columns of one computation (in chunks of variants, to bound memory) and keeps
only horizon summaries. The result is the Dataset of CONTRACT.md's ``sweep.nc``: one dimension
per swept key, metrics as means over paths, plus quantiles and probabilities when stochastic.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem, suggest
from fundsim.base.yamlio import parse_value
from fundsim.inputs.assumptions import Assumptions
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario, load_scenario, with_overrides
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs, stack
from fundsim.model.shocks import draws_for
from fundsim.run.distributed import cluster_client, run_blocks
from fundsim.run.metrics import METRICS
from fundsim.run.simulation import prepare
from fundsim.run.size import COLUMNS_PER_CALL

QUANTILES = (0.05, 0.5, 0.95)
MAX_VALUES = 100_000
#: A grid holds at most this many variants (the product of its axes' values), however many
#: each axis has: every variant is a resolved scenario and its own engine inputs.
MAX_VARIANTS = 100_000


@dataclass(frozen=True)
class Axis:
    """One swept key and its values, in order."""

    key: str
    values: tuple[Any, ...]


def is_sweep(spec: str) -> bool:
    """Whether a ``--set`` item sweeps (``KEY=a:b:c`` or ``KEY=v1,v2``) rather than sets."""
    if "=" not in spec:
        return False
    value = spec.split("=", 1)[1].strip()
    return not value.startswith(("{", "[")) and (":" in value or "," in value)


def _decimal(text: str, key: str, what: str) -> Decimal:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise InputError([Problem("--set", "", key, f"{what} is not a number: {text!r}")]
                         ) from None
    if not number.is_finite():
        raise InputError([Problem("--set", "", key, f"{what} must be finite: {text!r}")])
    return number


def parse_axis(spec: str) -> Axis:
    """``KEY=START:STOP:STEP`` (STOP included, no float drift) or ``KEY=v1,v2,...``."""
    key, _, text = spec.partition("=")
    key = key.strip()
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise InputError([Problem("--set", "", key,
                                      f"a range is START:STOP:STEP, got {text!r}")])
        start, stop, step = (_decimal(p, key, w) for p, w in zip(parts, ("START", "STOP", "STEP"),
                                                                   strict=True))
        if step == 0:
            raise InputError([Problem("--set", "", key, "STEP must not be zero")])
        count = int((stop - start) / step) + 1
        if count < 1:
            raise InputError([Problem("--set", "", key, f"the range {text} is empty: STOP lies "
                                      "before START in the direction of STEP")])
        if count > MAX_VALUES:
            raise InputError([Problem("--set", "", key, f"{count} values; at most {MAX_VALUES}")])
        return Axis(key, tuple(_plain(start + i * step) for i in range(count)))
    items = [item.strip() for item in text.split(",")]
    if any(item == "" for item in items):
        raise InputError([Problem("--set", "", key, f"an empty value in the list {text!r}")])
    values = tuple(parse_value(item) for item in items)
    if len(set(map(repr, values))) != len(values):
        raise InputError([Problem("--set", "", key, f"a value repeats in {text!r}")])
    return Axis(key, values)


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def check_axes(axes: Sequence[Axis], scenario: Scenario, flag: str = "--set") -> None:
    """Every swept key exists once and every value is valid for it (problems named after the
    option ``flag`` that gave them: the optimiser's levers use it too)."""
    problems = []
    keys = [axis.key for axis in axes]
    for axis in axes:
        if keys.count(axis.key) > 1:
            problems.append(Problem(flag, "", axis.key, "swept twice"))
        if not axis.key.startswith(("policy.", "assumptions.")):
            valid = list(scenario.params) + [f"assumptions.{k}" for k in Assumptions.model_fields]
            problems.append(Problem(flag, "", axis.key,
                                    "unknown key" + suggest(axis.key, valid)))
        elif axis.key.startswith("policy.") and axis.key not in scenario.params:
            problems.append(Problem(flag, "", axis.key, "unknown parameter"
                                    + suggest(axis.key, scenario.params)))
        elif axis.key in scenario.params:
            param = scenario.params[axis.key]
            for value in axis.values:
                why = param.check_value(value)
                if why:
                    problems.append(Problem(flag, "", axis.key, why))
                    break
    if problems:
        raise InputError(problems)


def grid_problems(axes: Sequence[Axis]) -> list[Problem]:
    """A problem when the grid's product passes :data:`MAX_VARIANTS` (named with its factors)."""
    variants = int(np.prod([len(axis.values) for axis in axes], dtype=object)) if axes else 0
    if variants <= MAX_VARIANTS:
        return []
    factors = " × ".join(f"{len(axis.values):,}" for axis in axes)
    keys = " × ".join(axis.key for axis in axes)
    return [Problem("--set", "", keys, f"the grid has {factors} = {variants:,} variants; at "
                    f"most {MAX_VARIANTS:,} (use fewer values or a coarser STEP)")]


def size_problems(axes: Sequence[Axis], paths: int, regions: int, months: int,
                  allow_large: bool, flag: str = "--allow-large") -> list[Problem]:
    """A problem when the sweep's memory (:func:`fundsim.run.size.variants_bytes`) passes
    :data:`fundsim.run.size.MAX_BYTES` and is not allowed."""
    from fundsim.run import size

    variants = int(np.prod([len(axis.values) for axis in axes], dtype=object)) if axes else 1
    estimate = size.variants_bytes(variants, paths, regions, months)
    what = (f"a sweep of {variants:,} variants × {paths:,} path{'s' if paths > 1 else ''} × "
            f"{regions:,} regions × {months:,} months")
    return size.size_problems(estimate, what, allow_large, flag, "--set")


def variant_scenarios(base: Scenario, axes: Sequence[Axis]) -> list[Scenario]:
    """One resolved scenario per grid point, in C order of the axes."""
    grid = itertools.product(*(axis.values for axis in axes))
    return [with_overrides(base, [(axis.key, value) for axis, value in zip(axes, point,
                                                                           strict=True)])
            for point in grid]


def run_variants(scenarios: Sequence[Scenario], regions: Regions, paths: int, seed: int,
                 progress: Callable[[int, int], None] | None = None,
                 threads: int | None = None, scheduler: Any = None,
                 draws: dict[str, np.ndarray | None] | None = None) -> dict[str, np.ndarray]:
    """Horizon summaries for every scenario × path, all on the same random draws.

    Returns arrays of shape (variant, path) (and (variant, region, path) for ``below_*``).
    With ``scheduler`` the paths run as Dask tasks (same numbers). ``draws`` are the draws
    :func:`fundsim.model.shocks.draws_for` gives the first scenario, when the caller has them
    (a search that runs the same scenario's variants again and again).
    """
    if scheduler is not None:
        with cluster_client(scheduler) as client:
            out = run_blocks(client, scenarios, regions, paths, seed, record=(),
                             summarise=True, progress=progress)
        return _by_variant(out, len(scenarios), len(regions), paths)
    first = scenarios[0]
    count = len(regions)
    if draws is None:
        draws = draws_for(first, count, paths, seed)
    per_call = max(1, COLUMNS_PER_CALL // paths)
    collected: dict[str, list[np.ndarray]] = {}
    for lo in range(0, len(scenarios), per_call):
        chunk = scenarios[lo:lo + per_call]
        inputs = stack([build_inputs(s, regions) for s in chunk])
        out = run_engine(inp=inputs, paths=paths, record=(), summarise=True, threads=threads,
                         **draws)
        for name, array in _by_variant(out, len(chunk), count, paths).items():
            collected.setdefault(name, []).append(array)
        if progress is not None:
            progress(min(lo + per_call, len(scenarios)), len(scenarios))
    return {name: np.concatenate(parts) for name, parts in collected.items()}


def _by_variant(out: dict[str, np.ndarray], variants: int, regions: int, paths: int
                ) -> dict[str, np.ndarray]:
    """Engine summaries (…, variant × path) as (variant, [region,] path)."""
    shaped = {}
    for name, array in out.items():
        if array.ndim == 1:
            shaped[name] = array.reshape(variants, paths)
        else:
            shaped[name] = array.reshape(regions, variants, paths).transpose(1, 0, 2)
    return shaped


def metrics(summary: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per variant × path metrics of CONTRACT.md from the engine's horizon summaries, named,
    defined and described as in :mod:`fundsim.run.metrics` (:data:`METRICS`): a region is
    below a test when the engine's flag failed it at some January assessment
    (``below_general`` / ``below_difficult``, the summaries of ``passes_general`` /
    ``passes_difficult``)."""
    fiscal = summary["fiscal_subsidy_returns_total"] + summary["fiscal_subsidy_deficit_total"]
    below_general = summary["below_general"].sum(axis=1)
    below_difficult = summary["below_difficult"].sum(axis=1)
    return {
        "returns_paid_total": summary["returns_paid_total"],
        "lowest_reserve_months": summary["lowest_reserve_months"],
        "regions_below_general": below_general.astype(float),
        "regions_below_difficult": below_difficult.astype(float),
        "pool_transfer_total": summary["pool_transfer_total"],
        "fiscal_subsidy_total": fiscal,
        "fiscal_subsidy_returns_total": summary["fiscal_subsidy_returns_total"],
        "fiscal_subsidy_deficit_total": summary["fiscal_subsidy_deficit_total"],
    }


def sweep(scenario: str | Path | Scenario, axes: Sequence[Axis | str], *, paths: int = 1,
          seed: int = 0, overrides: Sequence[str] = (),
          progress: Callable[[int, int], None] | None = None,
          scheduler: Any = None, allow_large: bool = False) -> xr.Dataset:
    """Sweep a scenario over a grid; return the metrics per swept value (``sweep.nc``).

    ``axes`` are :class:`Axis` objects or ``--set`` style strings (``KEY=START:STOP:STEP`` or
    ``KEY=v1,v2``). Every grid point sees the same random draws. A grid over
    :data:`MAX_VARIANTS` is refused, and so is one whose memory is estimated over
    :data:`fundsim.run.size.MAX_BYTES` unless ``allow_large``.
    """
    from fundsim.base.version import __version__

    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, list(overrides))
    parsed = [a if isinstance(a, Axis) else parse_axis(a) for a in axes]
    if not parsed:
        raise InputError([Problem("--set", "", "", "nothing to sweep: give KEY=START:STOP:STEP "
                                  "or KEY=v1,v2")])
    found = grid_problems(parsed)
    if found:
        raise InputError(found)
    check_axes(parsed, base)
    base, regions = prepare(base)
    found = size_problems(parsed, paths, len(regions), base.months, allow_large,
                          "allow_large=True")
    if found:
        raise InputError(found)
    variants = variant_scenarios(base, parsed)
    summary = run_variants(variants, regions, paths, seed, progress, scheduler=scheduler)
    general = float(base.monthly("policy.reserve.general_months")[0])
    difficult = float(base.monthly("policy.reserve.difficult_months")[0])
    shape = tuple(len(a.values) for a in parsed)
    dims = tuple(a.key for a in parsed)
    coords = {a.key: list(a.values) for a in parsed}
    data = {}
    for name, values in metrics(summary).items():
        grid = values.reshape(shape + (paths,))
        long_name, units = METRICS[name]
        data[name] = xr.DataArray(grid.mean(axis=-1), dims=dims,
                                  attrs={"long_name": long_name + " (mean over paths)",
                                         "units": units})
        if paths > 1:
            data[f"{name}_quantile"] = xr.DataArray(
                np.moveaxis(np.quantile(grid, QUANTILES, axis=-1), 0, -1),
                dims=dims + ("quantile",),
                attrs={"long_name": long_name + " (quantiles over paths)", "units": units})
    if paths > 1:
        below = summary["below_general"].any(axis=1).reshape(shape + (paths,))
        below_24 = summary["below_difficult"].any(axis=1).reshape(shape + (paths,))
        fiscal = metrics(summary)["fiscal_subsidy_total"].reshape(shape + (paths,)) > 0
        for name, happens in (("p_fail_general", below), ("p_fail_difficult", below_24),
                              ("p_fiscal", fiscal)):
            long_name, units = METRICS[name]
            data[name] = xr.DataArray(happens.mean(axis=-1), dims=dims,
                                      attrs={"long_name": long_name, "units": units})
        coords["quantile"] = list(QUANTILES)
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({
        "title": f"fundsim sweep: {base.name}", "scenario": base.name,
        "scenario_source": base.shown_source, "swept": ", ".join(dims), "paths": int(paths),
        "seed": int(seed), "fundsim_version": __version__,
        "general_months": general, "difficult_months": difficult,
        "parameters": base.resolved_yaml(), "warnings": "\n".join(base.warnings),
    })
    return ds


def sweep_table(ds: xr.Dataset) -> pd.DataFrame:
    """The mean metrics per swept value as a flat table, money in 亿元."""
    columns = {"returns_paid_total": "returns_paid_yi", "fiscal_subsidy_total": "fiscal_subsidy_yi",
               "pool_transfer_total": "pool_transfer_yi",
               "lowest_reserve_months": "lowest_reserve_months",
               "regions_below_general": "regions_below_general",
               "regions_below_difficult": "regions_below_difficult",
               "p_fail_general": "p_fail_general", "p_fiscal": "p_fiscal"}
    present = [name for name in columns if name in ds]
    frame = ds[present].to_dataframe().reset_index()
    for name in present:
        if name.endswith("_total"):
            frame[name] = frame[name] / 1e8
    return frame.rename(columns=columns)
