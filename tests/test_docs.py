"""The README documents every data column and every current-law parameter."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundsim.inputs.regions import COLUMNS
from fundsim.law.parameter import load_law

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("column", list(COLUMNS))
def test_every_data_column_is_documented(column):
    assert f"| `{column}` |" in README


@pytest.mark.parametrize("key", sorted(load_law()))
def test_every_law_parameter_is_documented(key):
    stem, _, leaf = key.rpartition(".")
    assert f"`{key}`" in README or (f"`{stem}." in README and f".{leaf}`" in README), key
