"""``simulate``: a scenario in, an xarray Dataset out — everything ``fundsim run`` computes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import Regions, load_regions, provincial
from fundsim.inputs.scenario import Scenario, load_scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import EngineInputs, RosterAmounts, build_inputs
from fundsim.model.shocks import draws_for
from fundsim.run import size
from fundsim.run import summary as path_summary
from fundsim.run.dataset import build_dataset
from fundsim.run.distributed import cluster_client, run_blocks


def prepare(scenario: Scenario) -> tuple[Scenario, Regions]:
    """The scenario and its region data as the engine sees them (merged under 省级统筹)."""
    regions = load_regions(scenario.data_path)
    if scenario.pooling == "provincial":
        regions = provincial(regions, scenario.pool_opening_balance)
        scenario = dataclasses.replace(scenario, pool_opening_balance=0.0)
    return scenario, regions


def simulate(scenario: str | Path | Scenario = "default", *, paths: int = 1, seed: int = 0,
             overrides: list[str] | tuple[str, ...] = (), scheduler: Any = None,
             progress: Callable[[int, int], None] | None = None,
             roster: RosterAmounts | None = None,
             keep_paths: bool | None = None, allow_large: bool = False) -> xr.Dataset:
    """Simulate a scenario (a path, a shipped name, or a loaded Scenario).

    ``paths`` = 1 is the central path with no randomness; more paths draw claimant-inflow shocks
    reproducibly from ``seed``. ``overrides`` are ``KEY=VALUE`` strings as for ``--set``.
    ``scheduler`` (a ``tcp://HOST:PORT`` address or a ``distributed.Client``) runs the paths as
    Dask tasks; the numbers are the same as a local run's. ``roster`` (see
    :func:`fundsim.roster.runner.roster_amounts`) puts a roster's firm-by-firm returns in place
    of the aggregate ones. ``keep_paths`` says whether a Monte Carlo run keeps every monthly
    path (True) or summaries over paths (False, :mod:`fundsim.run.summary`); by default it keeps
    them while they stay under :data:`fundsim.run.summary.FULL_PATHS_LIMIT` bytes.
    A run whose memory is estimated above :data:`fundsim.run.size.MAX_BYTES` is refused before
    it starts unless ``allow_large`` (:func:`check_run_size`).
    Raises :class:`fundsim.base.errors.InputError` listing every problem in the inputs.
    """
    from fundsim.base.version import __version__

    problems = []
    if isinstance(paths, bool) or not isinstance(paths, int) or paths < 1:
        problems.append(Problem("simulate", "", "paths", f"must be an integer ≥ 1, got {paths!r}"))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.append(Problem("simulate", "", "seed", f"must be an integer ≥ 0, got {seed!r}"))
    if problems:
        raise InputError(problems)
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, overrides)
    scenario, regions = prepare(scenario)
    found = check_run_size(len(regions), scenario.months, paths, keep_paths, allow_large,
                           "allow_large=True", "simulate")
    if found:
        raise InputError(found)
    inp = build_inputs(scenario, regions, roster)
    if path_summary.summarises(len(regions), scenario.months, paths, keep_paths):
        return _summarised(scenario, regions, inp, paths, seed, scheduler, progress, __version__)
    if scheduler is None:
        out = run_engine(inp, paths, progress=progress,
                         **draws_for(scenario, len(regions), paths, seed))
    else:
        with cluster_client(scheduler) as client:
            out = run_blocks(client, [scenario], regions, paths, seed, progress=progress)
    ds = build_dataset(scenario, regions, inp, out, paths, seed if paths > 1 else None,
                       __version__)
    ds.attrs["paths_kept"] = "all"
    return ds


def check_run_size(regions: int, months: int, paths: int, keep_paths: bool | None,
                   allow_large: bool, flag: str = "--allow-large", source: str = "--paths"
                   ) -> list[Problem]:
    """The problem of a run estimated above :data:`fundsim.run.size.MAX_BYTES`, if any."""
    summarised = path_summary.summarises(regions, months, paths, keep_paths)
    estimate = size.run_bytes(regions, months, paths, summarised)
    kept = "summaries over paths" if summarised else "every path"
    what = (f"a run of {paths:,} path{'s' if paths > 1 else ''} × {regions:,} regions × "
            f"{months:,} months (keeping {kept})")
    return size.size_problems(estimate, what, allow_large, flag, source)


def _summarised(scenario: Scenario, regions: Regions, inp: EngineInputs, paths: int, seed: int,
                scheduler: Any, progress: Callable[[int, int], None] | None,
                version: str) -> xr.Dataset:
    """A Monte Carlo run kept as summaries over paths (:mod:`fundsim.run.summary`)."""
    reduce = path_summary.reductions()
    first = min(paths, path_summary.EXAMPLES)
    if scheduler is None:
        draws = draws_for(scenario, len(regions), paths, seed)
        out = run_engine(inp, paths, record=path_summary.RECORDED, reduce=reduce,
                         progress=progress, **draws)
        examples = run_engine(inp, first, **{k: v[..., :first] for k, v in draws.items()})
    else:
        with cluster_client(scheduler) as client:
            out = run_blocks(client, [scenario], regions, paths, seed,
                             record=path_summary.RECORDED, reduce=reduce, progress=progress)
        examples = run_engine(inp, first, **draws_for(scenario, len(regions), first, seed,
                                                      stochastic=True))
    summary = path_summary.summarise_paths(inp, paths, out, examples)
    means = build_dataset(scenario, regions, inp, summary.means, 1, None, version)
    return path_summary.summary_dataset(means, summary, seed)
