"""The administration pipeline of 稳岗返还 as a discrete-event model (SimPy), and its fluid
approximation for the monthly fund model. See docs/pipeline.md.

>>> from fundsim.pipeline import simulate_pipeline, payment_assumptions
>>> ds = simulate_pipeline("automatic", firms=5000, seed=1)
>>> payment_assumptions(ds)   # {'payment_profile': [...12], 'payment_lag': [...]}
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import xarray as xr

from fundsim.base.errors import InputError, Problem

__all__ = ["payment_assumptions", "simulate_pipeline"]


def simulate_pipeline(scenario: str | Path = "default", *, firms: int | None = None,
                      roster: Path | None = None, seed: int = 0, config: Path | None = None,
                      stations: str = "fifo", workers: int = 2,
                      progress: Callable[[int, int], None] | None = None) -> xr.Dataset:
    """Run the pipeline for a pipeline or fund scenario; return the outputs Dataset.

    ``firms`` draws that many firms over the scenario's regions (default: as many as the
    engine's first-year return covers); ``roster`` reads them from a file instead. ``workers``
    processes share the regions (same numbers for any count). ``progress(days, total)``, if
    given, follows the simulation by working days of the calendar simulated.
    """
    from fundsim.base.version import __version__
    from fundsim.inputs.regions import load_regions
    from fundsim.pipeline import model, results
    from fundsim.pipeline.firms import draw_firms, read_roster
    from fundsim.pipeline.scenario import resolve

    problems = []
    if firms is not None and roster is not None:
        problems.append(Problem("--roster", "", "--firms", "give --firms or --roster, not both"))
    if firms is not None and not 1 <= firms <= 5_000_000:
        problems.append(Problem("--firms", "", "firms", f"must lie in 1..5,000,000, got {firms}"))
    if seed < 0:
        problems.append(Problem("--seed", "", "seed", f"must not be negative, got {seed}"))
    if problems:
        raise InputError(problems)
    resolved = resolve(str(scenario), config)
    regions = load_regions(resolved.fund.data_path)
    if roster is not None:
        chosen = read_roster(Path(roster), regions)
    else:
        rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(9)[8])
        chosen = draw_firms(resolved.fund, regions, resolved.config.amounts.dist, firms, rng)
    plan = model.plan_run(resolved.fund, regions, resolved.config, chosen, seed)
    records = (model.run_parallel(plan, stations, workers, progress=progress) if workers > 1
               else model.run(plan, stations, progress=progress))
    return results.build_dataset(plan, records, name=resolved.name, seed=seed,
                                 stations=stations, version=__version__,
                                 scenario_record=resolved.fund.resolved_yaml()
                                 ).assign_attrs(fund_scenario=resolved.fund_ref)


def payment_assumptions(ds: xr.Dataset, source: str = "simpy") -> dict[str, list[float]]:
    """The run's ``payment_profile`` and ``payment_lag`` for the fund model's assumptions."""
    from fundsim.pipeline.results import payment_assumptions as extract

    return extract(ds, source)
