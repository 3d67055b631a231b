"""Bad input, told as stories: each builds one mistake a user could make and checks what they see.

Every story expects the same contract (CONTRACT.md): exit code 2, a message naming the file, the
line (YAML) or row (CSV: the header is row 1, the first region row 2), the key and what is wrong,
no traceback, and nothing written.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fundsim.cli.app import app
from fundsim.inputs.scenario import shipped_dir, shipped_scenarios

runner = CliRunner()
SHIPPED_CSV = shipped_dir() / "data" / "inner_mongolia.csv"
USER_SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
FUNDSIM = Path(sys.executable).with_name("fundsim")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every story runs in its own empty folder, so 'nothing written' can be checked there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def fails(*args: str) -> str:
    """Run ``fundsim ARGS`` in-process; check exit 2, no traceback, nothing written.

    Returns the output with whitespace runs collapsed, for easy matching.
    """
    before = files_under(Path.cwd())
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output}{result.exception!r}"
    assert "Traceback" not in result.output
    assert "nothing was written" in result.output
    assert files_under(Path.cwd()) == before, "bad input must write nothing"
    assert not Path("outputs").exists()
    return " ".join(result.output.split())


def fails_in_shell(cwd: Path, *args: str) -> str:
    """The same through the installed console script, as a user runs it (cwd = ``cwd``)."""
    before = files_under(cwd)
    proc = subprocess.run([str(FUNDSIM), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert files_under(cwd) == before
    assert not (cwd / "outputs").exists()
    return " ".join(proc.stderr.split())


def scenario(folder: Path, text: str, name: str = "bad.yaml") -> Path:
    """Write a scenario file (dedented text) and return its path."""
    lines = text.strip("\n").splitlines()
    indent = min(len(x) - len(x.lstrip()) for x in lines if x.strip())
    path = folder / name
    path.write_text("\n".join(x[indent:] for x in lines) + "\n", encoding="utf-8")
    return path


def shipped_rows() -> tuple[list[str], list[dict[str, str]]]:
    with open(SHIPPED_CSV, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def region_data(folder: Path, header: list[str], rows: list[dict[str, str]],
                name: str = "regions.csv") -> Path:
    """Write region data and a scenario ``bad.yaml`` extending ``default`` that uses it."""
    path = folder / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return scenario(folder, f"extends: default\ndata: {name}\n")


# --- finding the scenario -------------------------------------------------------------------


def test_a_scenario_file_that_does_not_exist_is_named() -> None:
    text = fails("run", "nosuch.yaml")
    assert "nosuch.yaml: scenario file not found" in text


def test_a_misspelt_shipped_scenario_gets_a_suggestion() -> None:
    text = fails("run", "defualt")
    assert "defualt: no scenario file or shipped scenario of this name" in text
    assert "did you mean 'default'?" in text
    assert "shipped: " + ", ".join(shipped_scenarios()) in text


def test_extending_a_scenario_that_does_not_exist_names_the_extends_line(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        name: mine
        extends: defualt
    """)
    text = fails("check", str(path))
    assert f"{path}, line 2 [extends]: 'defualt': no scenario file" in text
    assert "did you mean 'default'?" in text


def test_scenarios_that_extend_each_other_in_a_cycle(tmp_path: Path) -> None:
    scenario(tmp_path, "extends: b.yaml\n", "a.yaml")
    b = scenario(tmp_path, "months: 12\nextends: a.yaml\n", "b.yaml")
    text = fails("check", "a.yaml")
    assert f"{b}, line 2 [extends]: scenarios extend each other in a cycle" in text
    assert "a.yaml → b.yaml → a.yaml" in text


def test_a_scenario_that_extends_itself(tmp_path: Path) -> None:
    path = scenario(tmp_path, "extends: self.yaml\n", "self.yaml")
    text = fails("run", str(path))
    assert f"{path}, line 1 [extends]: scenarios extend each other in a cycle" in text


# --- the scenario file itself ---------------------------------------------------------------


def test_broken_yaml_names_its_line(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        description: a fine line
          months: 12
        start: 2020-01
    """)
    text = fails("run", str(path))
    assert f"{path}, line 3: broken YAML: mapping values are not allowed here" in text


def test_an_unclosed_bracket_names_where_it_opened(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform: {policy.returns.ratio.sme: 0.5
    """)
    text = fails("check", str(path))
    assert f"{path}, line 2: broken YAML" in text
    assert "flow mapping that starts on line 2" in text


def test_a_misspelt_scenario_key_gets_the_nearest_key(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        mnths: 12
    """)
    text = fails("run", str(path))
    assert f"{path}, line 2 [mnths]: unknown key (did you mean 'months'?)" in text


def test_a_key_given_twice_names_the_second(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        months: 12
        months: 24
    """)
    text = fails("check", str(path))
    assert f"{path}, line 3 [months]: key appears twice" in text


def test_a_yaml_key_that_is_a_list_is_not_a_crash(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          [policy.returns.ratio.sme, policy.returns.ratio.large]: 0.5
    """)
    text = fails("check", str(path))
    assert f"{path}, line 3 [reform]: a key must be a plain name" in text


def test_a_misspelt_reform_key_gets_the_parameter_it_meant_and_its_line(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.reserve.general_months: 12
          policy.returns.ratio.smee: 0.5
    """)
    text = fails("run", str(path))
    assert (f"{path}, line 4 [policy.returns.ratio.smee]: unknown parameter "
            "(did you mean 'policy.returns.ratio.sme'?)") in text


def test_a_share_above_one_in_a_reform(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.returns.ratio.sme: 1.5
    """)
    text = fails("run", str(path))
    assert f"{path}, line 3 [policy.returns.ratio.sme]: a share must lie in [0, 1], got 1.5" in text


def test_a_dated_share_below_zero_names_its_date_line(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.returns.ratio.large:
            2021-01-01: 0.3
            2022-01-01: -0.1
    """)
    text = fails("check", str(path))
    assert (f"{path}, line 5 [policy.returns.ratio.large]: 2022-01-01: must not be negative, "
            "got -0.1") in text


def test_a_negative_number_of_months_in_a_reform(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.reserve.general_months: -3
    """)
    text = fails("check", str(path))
    assert f"{path}, line 3 [policy.reserve.general_months]: must not be negative, got -3" in text


def test_wrong_kinds_of_reform_value_are_all_reported(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.returns.ratio.sme: sixty percent
          policy.pool.failing_regions: maybe
          policy.training.accepting_claims: 1
    """)
    text = fails("check", str(path))
    assert "3 problems found" in text
    assert ("line 3 [policy.returns.ratio.sme]: expected a number (share), "
            "got 'sixty percent'") in text
    assert ("line 4 [policy.pool.failing_regions]: expected one of no_return, pool_supported, "
            "got 'maybe'") in text
    assert "line 5 [policy.training.accepting_claims]: expected true or false, got 1" in text


def test_an_impossible_reform_date(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.returns.ratio.sme: {2021-13-01: 0.5}
    """)
    text = fails("run", str(path))
    assert (f"{path}, line 3 [policy.returns.ratio.sme]: not a date (YYYY-MM-DD): "
            "'2021-13-01': month must be in 1..12") in text


def test_a_reform_date_out_of_range_and_a_day_that_does_not_exist(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        reform:
          policy.returns.ratio.sme:
            1800-01-01: 0.5
            2021-02-30: 0.5
    """)
    text = fails("check", str(path))
    assert f"{path}, line 4 [policy.returns.ratio.sme]: date out of range 1990–2100: 1800-01-01" \
        in text
    assert f"{path}, line 5 [policy.returns.ratio.sme]: not a date (YYYY-MM-DD): '2021-02-30'" \
        in text


def test_a_start_that_is_not_january(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        start: 2020-03
    """)
    text = fails("run", str(path))
    assert (f"{path}, line 2 [start]: runs start in January (the yearly assessment month), "
            "got 2020-03") in text


@pytest.mark.parametrize("start", ["2020", "2020-1", "20x0-01", "2020-01-15", "1800-01"])
def test_a_start_that_is_not_a_month(tmp_path: Path, start: str) -> None:
    path = scenario(tmp_path, f"extends: default\nstart: {start}\n")
    text = fails("check", str(path))
    assert f"{path}, line 2 [start]:" in text
    assert start in text


def test_a_start_before_the_law_has_values_is_out_of_range(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        start: 2015-01
    """)
    text = fails("run", str(path))
    assert f"{path}, line 2 [start]: date out of range: the scenario starts 2015-01-01" in text
    assert "start in 2019-01 or later" in text
    assert "1 problem found" in text  # one clear message, not one per parameter


@pytest.mark.parametrize("months, why", [
    ("0", "greater than or equal to 1 (got 0)"),
    ("601", "less than or equal to 600 (got 601)"),
    ("12.5", "fractional part (got 12.5)"),
])
def test_a_horizon_of_no_months_or_too_many(tmp_path: Path, months: str, why: str) -> None:
    path = scenario(tmp_path, f"extends: default\nmonths: {months}\n")
    text = fails("run", str(path))
    assert f"{path}, line 2 [months]:" in text
    assert why in text


def test_an_empty_scenario_lists_every_missing_key(tmp_path: Path) -> None:
    path = scenario(tmp_path, "name: empty\n")
    text = fails("check", str(path))
    for key in ("data", "start", "months"):
        assert f"{path} [{key}]: missing" in text


def test_a_data_file_that_does_not_exist(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        data: regoins.csv
    """)
    text = fails("run", str(path))
    assert f"{path}, line 2 [data]: data file not found: {tmp_path / 'regoins.csv'}" in text


def test_bad_assumptions_inline_name_their_line_and_the_nearest_key(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        assumptions:
          takeup: 2
          claimants:
            exit_rat: 0.1
    """)
    text = fails("check", str(path))
    assert f"{path}, line 3 [assumptions.takeup]: Input should be less than or equal to 1 " \
        "(got 2)" in text
    assert (f"{path}, line 5 [assumptions.claimants.exit_rat]: unknown key "
            "(did you mean 'assumptions.claimants.exit_rate'?)") in text


def test_an_assumptions_file_that_does_not_exist(tmp_path: Path) -> None:
    path = scenario(tmp_path, "extends: default\nassumptions: steady.yml\n")
    text = fails("check", str(path))
    assert f"{tmp_path / 'steady.yml'}: file not found" in text


def test_problems_of_different_kinds_come_in_one_message(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        extends: default
        start: 2020-03
        data: nothere.csv
        reform:
          policy.returns.ratio.sme: 2
    """)
    text = fails("check", str(path), "--set", "policy.returns.ratio.larg=0.3")
    assert "4 problems found" in text
    assert "line 2 [start]" in text
    assert "line 3 [data]" in text
    assert "line 5 [policy.returns.ratio.sme]" in text
    assert "--set [policy.returns.ratio.larg]" in text


# --- --set and the other options ------------------------------------------------------------


def test_an_unknown_set_key_gets_the_nearest_parameter() -> None:
    text = fails("run", "--set", "policy.returns.ratio.smee=0.5")
    assert ("--set [policy.returns.ratio.smee]: unknown parameter "
            "(did you mean 'policy.returns.ratio.sme'?)") in text


def test_set_keys_outside_policy_and_assumptions_and_misspelt_assumptions() -> None:
    text = fails("check", "--set", "polcy.returns.ratio.sme=0.5",
                 "--set", "assumptions.takeupp=0.9", "--set", "nonsense")
    assert "3 problems found" in text
    assert ("--set [polcy.returns.ratio.sme]: unknown key "
            "(did you mean 'policy.returns.ratio.sme'?)") in text
    assert "--set [assumptions.takeupp]: unknown key (did you mean 'assumptions.takeup'?)" in text
    assert "--set [nonsense]: expected KEY=VALUE" in text


def test_set_values_are_checked_like_reform_values() -> None:
    text = fails("run", "--set", "policy.returns.ratio.sme=1.2",
                 "--set", "policy.returns.ratio.large={2021-13-01: 0.3}",
                 "--set", "assumptions.takeup=-1")
    assert "--set [policy.returns.ratio.sme]: a share must lie in [0, 1], got 1.2" in text
    assert "--set [policy.returns.ratio.large]: not a date (YYYY-MM-DD): '2021-13-01'" in text
    assert "--set [assumptions.takeup]: Input should be greater than or equal to 0 (got -1)" in text


def test_an_out_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    text = fails("run", "--no-plots", "--out", "afile/results")
    assert "afile/results [--out]: cannot write the results" in text


def test_zero_paths_and_a_negative_seed() -> None:
    text = fails("run", "--paths", "0", "--seed", "-1")
    assert "--paths [paths]: must be at least 1, got 0" in text
    assert "--seed [seed]: must not be negative, got -1" in text


# --- region data ----------------------------------------------------------------------------


def test_a_word_where_a_number_belongs_names_row_and_column(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[2]["wage"] = "六千"  # the third region: spreadsheet row 4
    path = region_data(tmp_path, header, rows)
    text = fails("run", str(path))
    assert (f"{tmp_path / 'regions.csv'}, row 4 [wage]: Input should be a valid number, "
            "unable to parse string as a number (got '六千')") in text


def test_a_negative_balance_in_the_data(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[0]["opening_balance"] = "-870910000"
    path = region_data(tmp_path, header, rows)
    text = fails("check", str(path))
    assert (f"{tmp_path / 'regions.csv'}, row 2 [opening_balance]: Input should be greater than "
            "or equal to 0 (got '-870910000')") in text


def test_duplicate_region_codes_name_both_rows(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[4]["code"] = rows[1]["code"]  # rows 6 and 3
    path = region_data(tmp_path, header, rows)
    text = fails("run", str(path))
    assert (f"{tmp_path / 'regions.csv'}, row 6 [code]: duplicate region code "
            f"'{rows[1]['code']}': rows 3 and 6") in text


def test_a_missing_required_column(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    header.remove("last_year_benefits")
    path = region_data(tmp_path, header, rows)
    text = fails("run", str(path))
    assert f"{tmp_path / 'regions.csv'}, row 1 [last_year_benefits]: required column is missing" \
        in text


def test_a_misspelt_column_gets_the_nearest_name(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    header[header.index("insured")] = "insurd"
    for row in rows:
        row["insurd"] = row.pop("insured")
    path = region_data(tmp_path, header, rows)
    text = fails("check", str(path))
    assert f"{tmp_path / 'regions.csv'}, row 1 [insurd]: unknown column (did you mean 'insured'?)" \
        in text


def test_several_problems_in_one_csv_come_in_one_message(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[0]["wage"] = "x"             # row 2
    rows[3]["insured"] = "-5"         # row 5
    rows[5]["sme_share"] = "1.5"      # row 7
    rows[7]["special_difficulty"] = "maybe"  # row 9
    rows[9]["code"] = rows[8]["code"]        # rows 10 and 11
    path = region_data(tmp_path, header, rows)
    text = fails("run", str(path))
    data = tmp_path / "regions.csv"
    assert "5 problems found" in text
    assert f"{data}, row 2 [wage]:" in text
    assert f"{data}, row 5 [insured]: Input should be greater than 0 (got '-5')" in text
    assert f"{data}, row 7 [sme_share]: Input should be less than or equal to 1 (got '1.5')" in text
    assert f"{data}, row 9 [special_difficulty]:" in text
    assert f"{data}, row 11 [code]: duplicate region code '{rows[8]['code']}': rows 10 and 11" \
        in text


def test_shares_that_do_not_add_up(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[1]["sme_share"], rows[1]["large_share"] = "0.6", "0.6"
    path = region_data(tmp_path, header, rows)
    text = fails("check", str(path))
    assert f"{tmp_path / 'regions.csv'}, row 3 [row]:" in text
    assert "sme_share + large_share must be 1, got 1.2" in text


def test_a_row_with_too_many_or_too_few_cells(tmp_path: Path) -> None:
    lines = SHIPPED_CSV.read_text(encoding="utf-8-sig").splitlines()
    lines[2] += ",9,9"                    # row 3: two cells too many
    lines[4] = ",".join(lines[4].split(",")[:10])  # row 5: cut short
    data = tmp_path / "regions.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = scenario(tmp_path, "extends: default\ndata: regions.csv\n")
    text = fails("check", str(path))
    assert f"{data}, row 3: 28 cells, but the header has 26 columns" in text
    assert (f"{data}, row 5 [sme_share]: 10 cells, but the header has 26 columns: "
            "no value for sme_share, large_share, eligible_share_sme, …") in text


def test_blank_lines_keep_the_row_numbers_a_spreadsheet_shows(tmp_path: Path) -> None:
    lines = SHIPPED_CSV.read_text(encoding="utf-8-sig").splitlines()
    lines.insert(3, "")                   # row 4 is blank: the next region is row 5
    cells = lines[4].split(",")
    cells[10] = "five"                    # remittance_rate (blank in the shipped data)
    lines[4] = ",".join(cells)
    data = tmp_path / "regions.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = scenario(tmp_path, "extends: default\ndata: regions.csv\n")
    text = fails("check", str(path))
    assert f"{data}, row 5 [remittance_rate]:" in text
    assert "(got 'five')" in text


def test_a_csv_separated_by_semicolons(tmp_path: Path) -> None:
    data = tmp_path / "regions.csv"
    data.write_text(SHIPPED_CSV.read_text(encoding="utf-8-sig").replace(",", ";"),
                    encoding="utf-8")
    path = scenario(tmp_path, "extends: default\ndata: regions.csv\n")
    text = fails("check", str(path))
    assert "1 problem found" in text
    assert f"{data}, row 1: the columns are separated by ';' or tabs, not commas" in text


def test_a_csv_in_neither_utf8_nor_gbk(tmp_path: Path) -> None:
    data = tmp_path / "regions.csv"
    data.write_bytes(SHIPPED_CSV.read_text(encoding="utf-8-sig").encode("gbk") + b"\xff\n")
    path = scenario(tmp_path, "extends: default\ndata: regions.csv\n")
    text = fails("run", str(path))
    assert f"{data}: neither UTF-8 nor GBK/GB18030 text" in text
    assert "CSV UTF-8" in text


@pytest.mark.parametrize("content, why", [
    ("", "the file is empty"),
    (None, "no region rows"),  # the header alone
])
def test_data_without_regions(tmp_path: Path, content: str | None, why: str) -> None:
    data = tmp_path / "regions.csv"
    if content is None:
        content = SHIPPED_CSV.read_text(encoding="utf-8-sig").splitlines()[0] + "\n"
    data.write_text(content, encoding="utf-8")
    path = scenario(tmp_path, "extends: default\ndata: regions.csv\n")
    text = fails("check", str(path))
    assert f"{data}: {why}" in text


def test_data_in_a_format_fundsim_does_not_read(tmp_path: Path) -> None:
    data = tmp_path / "regions.txt"
    data.write_text(SHIPPED_CSV.read_text(encoding="utf-8"), encoding="utf-8")
    path = scenario(tmp_path, "extends: default\ndata: regions.txt\n")
    text = fails("check", str(path))
    assert f"{data}: region data must be .csv or .xlsx, not '.txt'" in text


def test_an_excel_workbook_reports_spreadsheet_rows(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    table = pd.read_csv(SHIPPED_CSV, dtype=str, keep_default_na=False)
    table.loc[3, "firms"] = "many"       # row 5 in Excel
    data = tmp_path / "regions.xlsx"
    table.to_excel(data, index=False)
    path = scenario(tmp_path, "extends: default\ndata: regions.xlsx\n")
    text = fails("check", str(path))
    assert f"{data}, row 5 [firms]:" in text
    assert "(got 'many')" in text


# --- check agrees with run; good inputs pass ------------------------------------------------


@pytest.mark.parametrize("name", shipped_scenarios())
def test_check_passes_every_shipped_scenario(name: str) -> None:
    result = runner.invoke(app, ["check", name])
    assert result.exit_code == 0, result.output
    assert f"valid: {name}" in result.output


def test_the_shipped_list_is_what_fundsim_scenarios_prints() -> None:
    result = runner.invoke(app, ["scenarios", "--names"])
    assert result.exit_code == 0
    assert result.output.split() == shipped_scenarios()


@pytest.mark.parametrize("path", USER_SCENARIOS, ids=[p.name for p in USER_SCENARIOS])
def test_check_passes_the_example_user_scenarios(path: Path) -> None:
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid:" in result.output


def test_user_scenario_examples_exist() -> None:
    assert len(USER_SCENARIOS) >= 1


def test_check_lists_the_same_problems_as_run(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[0]["wage"], rows[1]["insured"] = "", "0"
    path = region_data(tmp_path, header, rows)
    from_check = fails("check", str(path))
    from_run = fails("run", str(path))
    assert from_check == from_run
    assert "2 problems found" in from_check
    bad_scenario = scenario(tmp_path, "extends: default\nstart: 2020-02\nmnths: 3\n", "b2.yaml")
    assert fails("check", str(bad_scenario)) == fails("run", str(bad_scenario))


# --- plot -----------------------------------------------------------------------------------


def test_plot_of_a_file_that_is_not_a_results_file(tmp_path: Path) -> None:
    results = tmp_path / "results.nc"
    results.write_text("this is not NetCDF\n", encoding="utf-8")
    text = fails("plot", str(results), "--kind", "pool", "--out", "pool.png")
    assert f"{results}: not a readable results file" in text
    assert not (tmp_path / "pool.png").exists()


def test_plot_of_a_missing_file_and_an_unknown_kind(tmp_path: Path) -> None:
    text = fails("plot", "nothere.nc")
    assert "nothere.nc: file not found" in text
    text = fails("plot", "nothere.nc", "--kind", "pie")
    assert "--kind [kind]: unknown kind 'pie'; one of" in text


# --- the same, as a user sees it in a shell -------------------------------------------------


def test_in_a_shell_bad_input_writes_nothing_and_shows_no_traceback(tmp_path: Path) -> None:
    header, rows = shipped_rows()
    rows[0]["wage"] = "abc"
    path = region_data(tmp_path, header, rows)
    text = fails_in_shell(tmp_path, "run", str(path))
    assert f"{tmp_path / 'regions.csv'}, row 2 [wage]:" in text


def test_in_a_shell_an_impossible_date_is_bad_input_not_a_crash(tmp_path: Path) -> None:
    scenario(tmp_path, """
        extends: default
        reform:
          policy.returns.ratio.sme: {2021-13-01: 0.5}
    """)
    text = fails_in_shell(tmp_path, "run", "bad.yaml")
    assert "line 3 [policy.returns.ratio.sme]: not a date" in text
    assert "internal error" not in text


def test_in_a_shell_a_missing_scenario(tmp_path: Path) -> None:
    text = fails_in_shell(tmp_path, "run", "nosuch.yaml", "--paths", "0")
    assert "nosuch.yaml: scenario file not found" in text
    assert "--paths [paths]" in text
