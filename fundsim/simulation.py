"""``simulate``: a scenario in, an xarray Dataset out — everything ``fundsim run`` computes."""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from fundsim.data import load_regions
from fundsim.engine import run_engine
from fundsim.inputs import build_inputs
from fundsim.results import build_dataset
from fundsim.scenario import Scenario, load_scenario
from fundsim.shocks import inflow_multipliers


def simulate(scenario: str | Path | Scenario = "default", *, paths: int = 1, seed: int = 0,
             overrides: list[str] | tuple[str, ...] = ()) -> xr.Dataset:
    """Simulate a scenario (a path, a shipped name, or a loaded Scenario).

    ``paths`` = 1 is the central path with no randomness; more paths draw claimant-inflow shocks
    reproducibly from ``seed``. ``overrides`` are ``KEY=VALUE`` strings as for ``--set``.
    Raises :class:`fundsim.errors.InputError` listing every problem in the inputs.
    """
    from fundsim import __version__

    if paths < 1:
        raise ValueError("paths must be at least 1")
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, overrides)
    regions = load_regions(scenario.data_path)
    inp = build_inputs(scenario, regions)
    national = regional = None
    if paths > 1:
        years = int(inp.year_index[-1]) + 1
        national, regional = inflow_multipliers(scenario.assumptions.claimants.shock,
                                                len(inp.months), years, len(regions), paths, seed)
    out = run_engine(inp, paths, national, regional)
    return build_dataset(scenario, regions, inp, out, paths, seed if paths > 1 else None,
                         __version__)
