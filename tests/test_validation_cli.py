"""``fundsim validate`` as a user meets it: both tables, every figure with its source."""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from fundsim.cli.validate import validate_command, validation_tables

app = typer.Typer()
app.command("validate")(validate_command)


@app.callback()
def _group() -> None:
    """Two-level app, as in fundsim's own CLI."""


runner = CliRunner()


@pytest.fixture(scope="module")
def output() -> str:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, f"{result.output}{result.exception!r}"
    return result.output


def test_validate_prints_the_reproduction_with_its_residuals(output):
    assert "Account reproduction" in output
    line_2012 = next(line for line in output.splitlines() if line.startswith("│ 2012"))
    assert "2,929.0" in line_2012 and "+1.0" in line_2012
    assert "no published" in output and "closing_balance 2019" in output


def test_validate_prints_projected_against_published_with_errors(output):
    projection = output.split("Projection from end-2019")[1]
    for measure in ("expenditure", "returns_paid", "closing_balance"):
        rows = [line for line in projection.splitlines() if f"│ {measure} " in line]
        assert [row.split("│")[1].strip() for row in rows] == ["2020", "2021"], measure
        assert all(row.count("%") == 1 for row in rows)
    assert "%" in output and "average high cost multiple" in output


def test_every_cited_source_is_listed_with_its_title_and_address(output):
    sources = output.split("Sources:")[1]
    assert "财政部《关于2012年全国社会保险基金决算的说明》" in sources
    assert "https://lemofix.com/2013-11/27/content_478910.htm" in sources
    assert "2021 returns_paid is also published as: 231" in output


def test_a_broken_history_file_exits_2_naming_the_row(tmp_path):
    bad = tmp_path / "history.csv"
    bad.write_text("year,figure,value,unit,series,source_title,source_url,notes\n"
                   "2020,income,lots,亿元,bulletin,A bulletin,http://x,\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--history", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}, row 2 [value]: not a non-negative number: 'lots'" in result.output
    assert "Traceback" not in result.output


def test_the_same_tables_come_back_as_data():
    tables = validation_tables()
    assert set(tables) == {"reproduction", "projection", "solvency"}
    assert all(isinstance(t, pd.DataFrame) for t in tables.values())
    assert tables["solvency"]["code"].tolist() == ["CN", "province-fund"]
