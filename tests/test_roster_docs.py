"""docs/roster.md documents every column, reason code, output file and parameter used."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundsim.roster.columns import COLUMNS
from fundsim.roster.decide import RULE_KEYS
from fundsim.roster.reasons import REASONS
from fundsim.roster.runner import OUTPUT_FILES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "roster.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.name)
def test_every_column_is_documented_under_both_names(column):
    assert f"| {column.zh} | `{column.name}` |" in DOC


@pytest.mark.parametrize("reason", REASONS, ids=lambda r: r.code)
def test_every_reason_code_is_documented(reason):
    assert f"| `{reason.code}` | {'yes' if reason.paid else 'no'} |" in DOC


@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_every_output_file_is_documented(name):
    assert f"`{name}`" in DOC


@pytest.mark.parametrize("key", RULE_KEYS)
def test_every_parameter_the_rules_use_is_documented(key):
    assert f"`{key}`" in DOC


def test_the_performance_section_holds_measured_figures():
    assert "PERFORMANCE_FIGURES" not in DOC and "M rows/s" in DOC
