"""Golden outputs: the province's annual accounts of every shipped scenario, as committed.

Like Tax-Calculator's reforms with their expected results: a change that moves any of these
numbers must update ``fundsim/scenarios/expected/<scenario>.csv`` on purpose, saying why in the
commit. To rewrite them: ``FUNDSIM_UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fundsim
from fundsim.inputs.scenario import shipped_dir, shipped_scenarios
from fundsim.run.accounts import province_annual

EXPECTED = shipped_dir() / "expected"
TOLERANCE_YUAN = 0.01  # the files keep yuan (and persons) to two decimals


@pytest.mark.parametrize("name", shipped_scenarios())
def test_shipped_scenario_matches_its_golden_annual_accounts(name: str) -> None:
    table = province_annual(fundsim.simulate(name))
    path: Path = EXPECTED / f"{name}.csv"
    if os.environ.get("FUNDSIM_UPDATE_GOLDEN"):
        EXPECTED.mkdir(exist_ok=True)
        table.to_csv(path, index=False, float_format="%.2f")
    expected = pd.read_csv(path)
    assert list(table.columns) == list(expected.columns), "the golden file's columns changed"
    assert list(table["year"]) == list(expected["year"])
    for column in table.columns:
        got, want = table[column].to_numpy(float), expected[column].to_numpy(float)
        worst = np.abs(got - want).max()
        assert worst <= TOLERANCE_YUAN, f"{name}: {column} moved by {worst:,.2f}"
