"""``fundsim roster`` as a user meets it: template, run, synth; outputs, errors, personal data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from fundsim.cli.roster import roster_app
from fundsim.roster.columns import COLUMNS
from fundsim.roster.reasons import CODES
from fundsim.roster.runner import OUTPUT_FILES

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "roster"
ROSTER = FIXTURES / "hand_2021.csv"
SCENARIO = FIXTURES / "scenario.yaml"
# the CLI adds the column dictionary and the workbook to what the roster run writes
OUTPUTS = set(OUTPUT_FILES) | {"columns.csv", "roster.xlsx"}


def invoke(*args: str, code: int = 0) -> str:
    result = runner.invoke(roster_app, [str(a) for a in args])
    assert result.exit_code == code, f"{result.output}{result.exception!r}"
    return result.output


@pytest.fixture(scope="module")
def hand_out(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("run") / "out"
    output = invoke("run", ROSTER, "--scenario", SCENARIO, "--out", folder)
    return folder, output


def test_run_writes_every_output_and_prints_the_counts(hand_out):
    folder, output = hand_out
    assert {p.name for p in folder.iterdir()} == OUTPUTS
    assert "58 rows read, 26 accepted, 32 rejected — policy year 2021" in output
    assert f"outputs written to {folder}/" in output
    decisions = pd.read_parquet(folder / "decisions.parquet")
    assert len(decisions) == 26 and set(decisions["reason_code"]) <= set(CODES)
    csv = pd.read_csv(folder / "decisions.csv", encoding="utf-8-sig")
    assert csv["entitlement"].sum() == decisions["entitlement"].sum() == 7_692_000
    assert len(pd.read_csv(folder / "rejects.csv", encoding="utf-8-sig")) == 32
    assert (folder / "by_region.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    by_region = pd.read_csv(folder / "by_region.csv", encoding="utf-8-sig", dtype=str)
    # a region's English name is its name in pinyin: 甲市 (one character and a suffix) → Jiashi
    assert list(by_region["name_en"][:3]) == ["Jiashi", "Yishi", "Bingshi"]


def test_contact_names_and_phones_never_reach_any_output(hand_out):
    folder, _ = hand_out
    for path in folder.iterdir():
        data = path.read_bytes()
        assert "联系人秘密".encode() not in data, path.name  # the fixture's contact names
        assert b"1391234" not in data, path.name            # the fixture's phone numbers
        assert "打过电话".encode() not in data, path.name
    columns = set(pd.read_parquet(folder / "decisions.parquet").columns)
    assert not columns & {"contact", "phone", "联系人", "联系电话", "note"}


def test_an_existing_out_folder_is_refused_without_force_and_replaced_with_it(hand_out):
    folder, _ = hand_out
    before = (folder / "decisions.csv").stat().st_mtime_ns
    output = invoke("run", ROSTER, "--scenario", SCENARIO, "--out", folder, code=2)
    assert "already exists" in output
    assert (folder / "decisions.csv").stat().st_mtime_ns == before
    invoke("run", ROSTER, "--scenario", SCENARIO, "--out", folder, "--force")
    assert {p.name for p in folder.iterdir()} == OUTPUTS
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]


def test_without_out_the_default_folder_is_named_after_the_roster_and_year(tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("run", ROSTER, "--scenario", SCENARIO)
    invoke("run", ROSTER, "--scenario", SCENARIO)
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir()) == [
        "roster-hand_2021-2021", "roster-hand_2021-2021-2"]


@pytest.mark.parametrize("args, words", [
    (["run", "missing.csv"], "missing.csv: file not found"),
    (["run", ROSTER, "--scenario", "nosuch"], "no scenario file or shipped scenario"),
    (["run", ROSTER, "--scenario", SCENARIO, "--year", "2030"], "outside the horizon"),
    (["run", ROSTER, "--scenario", SCENARIO, "--set", "policy.returns.ratio.sme=2"],
     "a share must lie in [0, 1]"),
])
def test_bad_input_is_a_message_and_exit_code_2_with_nothing_written(tmp_path, monkeypatch,
                                                                    args, words):
    monkeypatch.chdir(tmp_path)
    output = invoke(*args, code=2)
    assert words in output and "Traceback" not in output
    assert not (tmp_path / "outputs").exists() or not any((tmp_path / "outputs").iterdir())


def test_the_excel_template_documents_every_column_and_code(tmp_path):
    invoke("template", tmp_path / "t.xlsx")
    sheets = pd.read_excel(tmp_path / "t.xlsx", sheet_name=None)
    assert list(sheets) == ["名册 roster", "说明 columns", "代码 codes"]
    header = list(sheets["名册 roster"].columns)
    assert "联系人" not in header and "联系电话" not in header
    assert header == [c.zh for c in COLUMNS if c.kind not in ("personal", "ignored")]
    assert list(sheets["说明 columns"]["column"]) == [
        c.name for c in COLUMNS if c.kind not in ("personal", "ignored")]
    assert {"ownership", "policy_type", "size_class", "main_use", "industry"} == set(
        sheets["代码 codes"]["column"])


def test_the_csv_template_is_a_header_a_roster_can_start_from(tmp_path):
    invoke("template", tmp_path / "t.csv", "--english")
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].replace('"', "").split(",")[:3] == ["uscc", "ownership",
                                                                   "region"]
    invoke("template", tmp_path / "t.csv", code=2)
    invoke("template", tmp_path / "t.parquet", code=2)


def test_synth_is_reproducible_and_its_roster_runs(tmp_path):
    invoke("synth", "--firms", "500", "--seed", "4", "--out", tmp_path / "a.csv")
    invoke("synth", "--firms", "500", "--seed", "4", "--out", tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    output = invoke("synth", "--firms", "500", "--seed", "4", "--out", tmp_path / "a.csv",
                    code=2)
    assert "already exists; pass --force" in output
    output = invoke("run", tmp_path / "a.csv", "--out", tmp_path / "out")
    assert "500 rows read, 500 accepted, 0 rejected — policy year 2020" in output


def test_synth_refuses_a_format_it_cannot_write(tmp_path):
    assert "must be .csv, .xlsx or .parquet" in invoke(
        "synth", "--firms", "5", "--out", tmp_path / "r.json", code=2)
    assert not (tmp_path / "r.json").exists()


def test_help_lists_the_three_commands():
    output = invoke("--help")
    assert all(name in output for name in ("template", "run", "synth"))


def test_a_roster_whose_every_row_is_rejected_still_gets_its_outputs(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("统一社会信用代码,失业保险参保地,企业所属行业,涉及职工人数,裁员人数,上年实缴金额,"
                    "上年应缴金额\nNOT-A-CODE,990100,C13,10,0,1000,1000\n", encoding="utf-8")
    output = invoke("run", path, "--scenario", SCENARIO, "--out", tmp_path / "out")
    assert "1 rows read, 0 accepted, 1 rejected" in output
    decisions = pd.read_csv(tmp_path / "out" / "decisions.csv", encoding="utf-8-sig")
    assert decisions.empty and "reason_code" in decisions.columns
    by_region = pd.read_csv(tmp_path / "out" / "by_region.csv", encoding="utf-8-sig")
    assert by_region["firms"].sum() == 0
