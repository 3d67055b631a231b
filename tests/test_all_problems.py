"""Every problem in one pass (issue 14, case 11): a user who made five mistakes hears of all five
at once, each with its file, line or row, and key; never one mistake hiding the others.

Before, an unknown top-level key hid the assumptions and reform errors, assumption errors hid the
reform's, and a bad scenario hid its bad data.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.scenario import load_scenario, shipped_dir

runner = CliRunner()
SHIPPED_CSV = shipped_dir() / "data" / "inner_mongolia.csv"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def regions_with_bad_row(folder: Path) -> Path:
    """The first three shipped regions; the second (row 3: the header is row 1) has 'many'
    insured."""
    with open(SHIPPED_CSV, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[:4]
    rows[2][rows[0].index("insured")] = "many"
    path = folder / "regions.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


FIVE_MISTAKES = """\
name: five
data: regions.csv
start: 2020-01
months: 24
province: inner_mongolia
colour: blue
assumptions:
  collection_rate: 1.5
reform:
  policy.returns.ratio.sme: 1.7
  policy.training.max_months: 2.5
"""


def five_mistakes(folder: Path) -> Path:
    regions_with_bad_row(folder)
    path = folder / "five.yaml"
    path.write_text(FIVE_MISTAKES, encoding="utf-8")
    return path


def fails(*args: str) -> list[str]:
    """Run ``fundsim ARGS``; check exit 2 and nothing written; return the problem lines."""
    before = set(Path.cwd().rglob("*"))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert set(Path.cwd().rglob("*")) == before
    lines = [line.strip() for line in result.output.splitlines()]
    assert lines[0].startswith("error:") and "nothing was written" in lines[0]
    return lines[1:]


def test_a_scenario_with_five_mistakes_hears_of_all_five(tmp_path: Path) -> None:
    path = five_mistakes(tmp_path)
    problems = fails("check", str(path))
    assert problems == [
        f"{path}, line 6 [colour]: unknown key",
        f"{path}, line 8 [assumptions.collection_rate]: Input should be less than or equal to 1 "
        "(got 1.5)",
        f"{path}, line 10 [policy.returns.ratio.sme]: a share must lie in [0, 1], got 1.7",
        f"{path}, line 11 [policy.training.max_months]: expected a whole number of months, "
        "got 2.5",
        f"{tmp_path / 'regions.csv'}, row 3 [insured]: Input should be a valid number, unable to "
        "parse string as a number (got 'many')",
    ]


def test_run_adds_its_flags_and_out_to_the_same_list(tmp_path: Path) -> None:
    path = five_mistakes(tmp_path)
    (tmp_path / "taken").mkdir()
    problems = fails("run", str(path), "--paths", "0", "--out", "taken", "--no-plots",
                     "--set", "policy.returns.ratio.large=2")
    fields = [line.split("[", 1)[1].split("]", 1)[0] for line in problems]
    # the flags and --out first, then the scenario's five and the --set value: eight in all
    assert fields == ["paths", "--out", "colour", "assumptions.collection_rate",
                      "policy.returns.ratio.sme", "policy.training.max_months",
                      "policy.returns.ratio.large", "insured"]
    assert problems[1] == "taken [--out]: already exists; choose another folder or pass --force"


def test_an_assumptions_file_with_errors_does_not_hide_six_reform_errors(tmp_path: Path) -> None:
    (tmp_path / "assumptions.yaml").write_text("takeup: 2\nclaimants:\n  exit_rate: 0\n",
                                               encoding="utf-8")
    keys = ["returns.ratio.sme", "returns.ratio.large", "pool.own_fund_floor_months",
            "training.max_months", "reserve.general_months", "benefits.entitlement.short"]
    reform = "".join(f"  policy.{key}: -1\n" for key in keys)
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: default\nassumptions: assumptions.yaml\nreform:\n{reform}",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    found = [(p.file, p.where, p.field) for p in caught.value.problems]
    assumptions = str(tmp_path / "assumptions.yaml")
    assert found[:2] == [(assumptions, "line 1", "takeup"),
                         (assumptions, "line 3", "claimants.exit_rate")]
    assert found[2:] == [(str(path), f"line {4 + i}", f"policy.{key}")
                         for i, key in enumerate(keys)]
    assert all(p.message == "must not be negative, got -1" for p in caught.value.problems[2:])


def test_a_missing_parent_still_lets_the_reform_be_checked(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("extends: nosuch.yaml\nreform:\n  policy.returns.ratio.sme: 3\n",
                    encoding="utf-8")
    problems = fails("check", str(path))
    assert len(problems) == 2  # the missing parent, the reform; not "data/start/months missing"
    assert problems[0].startswith(f"{path}, line 1 [extends]: 'nosuch.yaml': scenario file "
                                  "not found")
    assert problems[1] == (f"{path}, line 3 [policy.returns.ratio.sme]: a share must lie in "
                           "[0, 1], got 3")


def test_a_sweep_lists_its_axes_scenario_data_and_out_together(tmp_path: Path) -> None:
    path = five_mistakes(tmp_path)
    (tmp_path / "five.yaml").write_text(FIVE_MISTAKES.replace("colour: blue\n", ""),
                                        encoding="utf-8")
    (tmp_path / "taken").mkdir()
    problems = fails("sweep", str(path), "--set", "policy.training.max_months=1:3:0.5",
                     "--out", "taken")
    fields = [line.split("[", 1)[1].split("]", 1)[0] for line in problems]
    # the scenario's three (its data's row among them), then --out; the swept values are
    # checked once the scenario reads well
    assert fields == ["assumptions.collection_rate", "policy.returns.ratio.sme",
                      "policy.training.max_months", "insured", "--out"]
    problems = fails("sweep", "default", "--set", "policy.training.max_months=1:3:0.5",
                     "--set", "policy.returns.ratio.sme=0:1:0.001", "--set",
                     "policy.returns.ratio.large=0:1:0.001", "--out", "taken")
    assert problems == [
        "--set [policy.training.max_months × policy.returns.ratio.sme × "
        "policy.returns.ratio.large]: the grid has 5 × 1,001 × 1,001 = 5,010,005 variants; at "
        "most 100,000 (use fewer values or a coarser STEP)",
        "--set [policy.training.max_months]: expected a whole number of months, got 1.5",
        "taken [--out]: already exists; choose another folder or pass --force"]
