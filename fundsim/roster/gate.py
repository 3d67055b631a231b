"""The region gate: each pooling region's reserve tests for the policy year, from the engine.

The tests a firm's region passes in January of the policy year come from the fund engine
itself (``fundsim.simulate`` on the scenario, central path), so roster and engine apply one
rule: a region below ``policy.reserve.general_months`` pays the general return only under
``policy.pool.failing_regions = pool_supported``; the difficult-firm return needs
``policy.reserve.difficult_months``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import Scenario
from fundsim.run.simulation import simulate


@dataclass(frozen=True)
class RegionGate:
    """Per region (in the scenario's data order), as assessed in January of ``year``."""

    year: int
    codes: np.ndarray          # str
    names: np.ndarray          # str
    reserve_months: np.ndarray
    passes_12: np.ndarray      # bool: the general test
    passes_24: np.ndarray      # bool: the difficult-firm test
    local_benefit: np.ndarray  # monthly unemployment benefit per recipient in the year, yuan


def horizon_years(scenario: Scenario) -> range:
    """Calendar years whose January lies in the scenario's horizon."""
    years = scenario.month_index.astype("datetime64[Y]").astype(int) + 1970
    months = scenario.month_index.astype(int) % 12
    return range(int(years[months == 0].min()), int(years[months == 0].max()) + 1)


def region_gate(scenario: Scenario, year: int) -> RegionGate:
    """Run the engine on the scenario and read the tests of January ``year``."""
    years = horizon_years(scenario)
    if year not in years:
        raise InputError([Problem("--year", "", "year",
                                  f"policy year {year} is outside the horizon of scenario "
                                  f"{scenario.name!r} ({scenario.start} + {scenario.months} "
                                  f"months): choose {years.start}–{years.stop - 1}")])
    index = int(np.flatnonzero(scenario.month_index == np.datetime64(f"{year}-01", "M"))[0])
    ds = simulate(scenario).isel(month=index)
    regions = load_regions(scenario.data_path)
    # the benefit is indexed each January, as the engine does (fundsim/inputs.py)
    elapsed = year - int(str(scenario.start)[:4])
    benefit = regions["monthly_benefit"] * (1 + scenario.assumptions.benefit_indexing) ** elapsed
    return RegionGate(
        year=year,
        codes=ds["region"].values.astype(str),
        names=ds["region_name"].values.astype(str),
        reserve_months=ds["reserve_months"].values.astype(np.float64),
        passes_12=ds["passes_12"].values.astype(bool),
        passes_24=ds["passes_24"].values.astype(bool),
        local_benefit=np.asarray(benefit, dtype=np.float64),
    )
