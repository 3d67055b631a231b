"""``simulate``: a scenario in, an xarray Dataset out — everything ``fundsim run`` computes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from fundsim.base.errors import InputError, Problem, excerpt
from fundsim.inputs.actuals import Actuals
from fundsim.inputs.regions import Regions, load_regions, provincial
from fundsim.inputs.scenario import Scenario, load_scenario, parse_overrides, with_overrides
from fundsim.model.engine import lends, run_engine
from fundsim.model.inputs import EngineInputs, RosterAmounts, build_inputs
from fundsim.model.replay import Replay, replay_of, with_actuals
from fundsim.model.shocks import draws_for
from fundsim.run import size
from fundsim.run import summary as path_summary
from fundsim.run.dataset import build_dataset, mark_actuals
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
             keep_paths: bool | None = None, allow_large: bool = False,
             actuals: str | Path | Actuals | None = None) -> xr.Dataset:
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
    ``actuals`` (a file, or :class:`fundsim.inputs.actuals.Actuals` already loaded) are the
    months the fund has accounts for, from the scenario's first month: the run takes them as
    they were and projects the rest (:mod:`fundsim.model.replay`); the Dataset then also says
    which months are actual and holds the projection without them (``plan_balance``).
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
    elif overrides:  # a loaded scenario: the overrides as --set applies them
        scenario = with_overrides(scenario, parse_overrides(overrides))
    scenario, regions = prepare(scenario)
    found = check_run_size(len(regions), scenario.months, paths, keep_paths, allow_large,
                           "allow_large=True", "simulate")
    if found:
        raise InputError(found)
    inp = build_inputs(scenario, regions, roster)
    if actuals is not None:
        return _with_actuals(scenario, regions, inp, actuals, paths, seed, scheduler, progress,
                             keep_paths, __version__)
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


def load_actuals_for(actuals: str | Path | Actuals, scenario: Scenario, regions: Regions
                     ) -> Actuals:
    """Actuals for this scenario's regions and months (loaded and checked when a file)."""
    if not isinstance(actuals, Actuals):
        actuals = _load_checked(actuals, scenario, regions)
    elif (list(actuals.region) != list(regions.code)
          or actuals.months[0] != scenario.month_index[0]
          or len(actuals.months) > scenario.months):
        raise InputError([Problem(actuals.source, "", "actuals",
                                  "these actuals are not of this scenario's regions and months: "
                                  "they must list its regions in order and start in its first "
                                  f"month {scenario.month_index[0]}")])
    if "skills_transfer" in actuals.values and not np.isnan(
            actuals.values["skills_transfer"]).all():
        actuals = dataclasses.replace(actuals, notes=(*actuals.notes, NOT_REPLAYED))
    return actuals


#: Said of actuals that report the transfer to the skills account.
NOT_REPLAYED = ("skills_transfer is compared by `fundsim track` but not put in place: the skills "
                "account's ledger is modelled (a difference shows in actual_adjustment where "
                "the balance is reported)")


def check_per_region(scenario: Scenario, source: str, field: str) -> None:
    """Actuals are given per region: InputError for a scenario that merges its regions into
    one provincial fund (``pooling: provincial``)."""
    if scenario.pooling == "provincial":
        raise InputError([Problem(source, "", field, "this scenario merges its regions into one "
                                  "provincial fund; actuals are given per region: use a "
                                  "scenario of the separate regions")])


def _load_checked(actuals: str | Path, scenario: Scenario, regions: Regions) -> Actuals:
    """Load actuals from a file for the scenario's regions and months."""
    check_per_region(scenario, str(actuals), "actuals")
    from fundsim.inputs.actuals import load_actuals, locate_actuals

    return load_actuals(locate_actuals(actuals), regions, scenario.month_index[0], scenario.months,
                        regions["opening_balance"])


def actuals_until(actuals: str | Path | None, first_projected: str | None, scenario: Scenario,
                  regions: Regions) -> Actuals:
    """The actuals a run uses: loaded from ``actuals`` for the prepared scenario and its
    regions, up to the month before ``first_projected`` ("YYYY-MM") when given."""
    if actuals is None:
        raise InputError([Problem("--from", "", "actuals",
                                  "--from needs --actuals: the months before it are actual")])
    loaded = load_actuals_for(actuals, scenario, regions)
    if first_projected is None:
        return loaded
    try:
        month = np.datetime64(str(first_projected).strip(), "M")
    except ValueError:
        month = None
    first, last = loaded.months[0], loaded.last_month
    if month is None or not first < month <= last + 1:
        raise InputError([Problem("--from", "", "month",
                                  f"must be a month YYYY-MM from {first + 1} to {last + 1} "
                                  f"(the actuals run {first} to {last}), got "
                                  f"{excerpt(first_projected)!r}")])
    return loaded.up_to(month - 1)


def _with_actuals(scenario: Scenario, regions: Regions, inp: EngineInputs,
                  actuals: str | Path | Actuals, paths: int, seed: int, scheduler: Any,
                  progress: Callable[[int, int], None] | None, keep_paths: bool | None,
                  version: str) -> xr.Dataset:
    """A run from the last actual month (:mod:`fundsim.model.replay`): the actual months as
    they were, the rest projected, beside the projection without them."""
    loaded = load_actuals_for(actuals, scenario, regions)
    if scheduler is not None:
        raise InputError([Problem("--scheduler", "", "actuals",
                                  "a run from actual months runs on this machine only: leave "
                                  "out --scheduler")])
    replay = replay_of(loaded)
    given = with_actuals(inp, replay)
    plan = run_engine(inp, 1, record=("balance", "reserve_months", "pool_balance",
                                      "province_reserve_months"))
    if path_summary.summarises(len(regions), scenario.months, paths, keep_paths):
        ds = _summarised(scenario, regions, given, paths, seed, None, progress, version, replay)
    else:
        out = run_engine(given, paths, progress=progress, replay=replay,
                         **draws_for(scenario, len(regions), paths, seed))
        ds = build_dataset(scenario, regions, given, out, paths, seed if paths > 1 else None,
                           version)
        ds.attrs["paths_kept"] = "all"
    return mark_actuals(ds, loaded, plan)


def _summarised(scenario: Scenario, regions: Regions, inp: EngineInputs, paths: int, seed: int,
                scheduler: Any, progress: Callable[[int, int], None] | None,
                version: str, replay: Replay | None = None) -> xr.Dataset:
    """A Monte Carlo run kept as summaries over paths (:mod:`fundsim.run.summary`)."""
    reduce = path_summary.reductions(lends(inp))
    first = min(paths, path_summary.EXAMPLES)
    if scheduler is None:
        draws = draws_for(scenario, len(regions), paths, seed)
        out = run_engine(inp, paths, record=path_summary.RECORDED, reduce=reduce,
                         progress=progress, replay=replay, **draws)
        examples = run_engine(inp, first, replay=replay,
                              **{k: v[..., :first] for k, v in draws.items()})
    else:
        with cluster_client(scheduler) as client:
            out = run_blocks(client, [scenario], regions, paths, seed,
                             record=path_summary.RECORDED, reduce=reduce, progress=progress)
        examples = run_engine(inp, first, **draws_for(scenario, len(regions), first, seed,
                                                      stochastic=True))
    summary = path_summary.summarise_paths(inp, paths, out, examples)
    if replay is not None:  # the same on every path: the actual months have no randomness
        summary.means["actual_adjustment"] = examples["actual_adjustment"][..., :1]
    means = build_dataset(scenario, regions, inp, summary.means, 1, None, version)
    return path_summary.summary_dataset(means, summary, seed)
