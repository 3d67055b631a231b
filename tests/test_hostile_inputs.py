"""Hostile inputs (issue 14, cases 3, 7 and 8): YAML that would hang or crash the reader, a
scenario naming a private file, a binary file as data, and rich markup in a scenario's name.

Each story: the case, then the clear message (file, line, problem) and exit 2 — or, for a name
that only looks like markup, a normal run that prints the name as it is written.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import xarray as xr
import yaml
from typer.testing import CliRunner

from fundsim.base.errors import InputError
from fundsim.base.yamlio import MAX_DEPTH, MAX_NODES, load_text
from fundsim.cli import app as cli
from fundsim.inputs.scenario import load_scenario

runner = CliRunner()

# "billion laughs": nine levels of nine aliases each, 9**9 = 387,420,489 lists once expanded.
LAUGHS = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{level}: &{level} [{','.join(['*' + prev] * 9)}]"
    for prev, level in zip("abcdefgh", "bcdefghi", strict=True)]) + "\n"

REGION = {"code": "100001", "name": "甲市", "insured": 1000, "wage": 5000,
          "opening_balance": 1e7, "last_year_expenditure": 1.2e6, "last_year_benefits": 1e6,
          "last_year_contributions": 6e5, "benefit_recipients": 10, "monthly_benefit": 1500}


def fundsim(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output, (
        result.output)
    return result.exit_code, result.output


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ bounded YAML


def test_a_billion_laughs_scenario_is_refused_within_a_second_at_its_line(tmp_path: Path) -> None:
    bomb = write(tmp_path / "laughs.yaml", LAUGHS)
    assert len(LAUGHS.encode()) == 342  # the issue's file, byte for byte in size
    began = time.perf_counter()
    code, output = fundsim("check", str(bomb))
    assert time.perf_counter() - began < 1.0
    assert code == 2
    # level f (line 6) is the first to pass 100,000 values: 9**6 = 531,441 strings
    assert f"laughs.yaml, line 6: too many aliases: this expands to more than {MAX_NODES:,}" \
        in output


def test_an_alias_inside_the_list_it_names_is_a_recursive_alias_not_a_recursion_error(
        tmp_path: Path) -> None:
    code, output = fundsim("check", str(write(tmp_path / "loop.yaml", "a: &a [*a]\n")))
    assert code == 2
    assert "loop.yaml, line 1: a recursive alias: this collection contains itself" in output


def test_600_levels_of_nesting_are_refused_past_the_fiftieth(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.yaml", "months: 12\nx: " + "[" * 600 + "]" * 600 + "\n")
    code, output = fundsim("check", str(deep))
    assert code == 2
    assert f"deep.yaml, line 2: nested deeper than {MAX_DEPTH} levels" in output
    # 50 levels are still read: the mapping, then 49 lists, the innermost empty
    inner: list = []
    for _ in range(48):
        inner = [inner]
    assert load_text("x: " + "[" * 49 + "]" * 49, "f") == {"x": inner}
    with pytest.raises(InputError, match="f, line 1: nested deeper than 50 levels"):
        load_text("x: " + "[" * 50 + "]" * 50, "f")


def test_aliases_used_within_the_bounds_read_as_before() -> None:
    text = "base: &base {rate: 0.5}\nyears: [*base, *base]\n"
    assert load_text(text, "f") == load_text(text, "f", fast=True) == yaml.safe_load(text)
    assert load_text(text, "f")["years"] == [{"rate": 0.5}, {"rate": 0.5}]


def test_a_results_file_whose_run_record_is_a_billion_laughs_is_refused_by_params(
        tmp_path: Path) -> None:
    # fundsim params reads any results.nc a user is given: its record is bounded too
    path = tmp_path / "results.nc"
    xr.Dataset({"balance": ("month", [1.0])}, coords={"month": ["2020-01-01"]},
               attrs={"parameters": LAUGHS}).to_netcdf(path, engine="h5netcdf")
    began = time.perf_counter()
    code, output = fundsim("params", str(path))
    assert time.perf_counter() - began < 5.0  # opening the file included; it used to hang
    assert code == 2
    assert "no fundsim run record" in output
    assert "line 6: too many aliases" in output


# ------------------------------------------------------------------------------ private files


SECRETS = [f"user{i}:$6$SECRET{i:02d}hash:19000:0:99999:7:::" for i in range(25)]


def secret_lines_in(output: str) -> int:
    return sum(f"SECRET{i:02d}" in output for i in range(25))


@pytest.mark.parametrize("key, name", [("assumptions", "shadow"), ("extends", "shadow"),
                                       ("data", "shadow.csv")])
def test_a_scenario_naming_a_private_file_quotes_at_most_one_of_its_lines(
        tmp_path: Path, key: str, name: str) -> None:
    write(tmp_path / name, "\n".join(SECRETS) + "\n")  # 25 lines that read as YAML keys
    scenario = write(tmp_path / "peek.yaml", f"extends: default\n{key}: {name}\n"
                     if key != "extends" else f"{key}: {name}\n")
    code, output = fundsim("check", str(scenario))
    assert code == 2
    assert name in output  # the file is named…
    assert secret_lines_in(output) <= 1  # …its contents are not printed
    if key != "data":
        kind = "assumptions" if key == "assumptions" else "scenario"
        assert f"{name}: not {'an' if kind[0] == 'a' else 'a'} {kind} file: 25 of its 25 " \
            "top-level keys are unknown" in output
        assert secret_lines_in(output) == 0


def test_any_file_with_more_than_five_unknown_keys_is_refused_as_a_whole(tmp_path: Path
                                                                        ) -> None:
    # a pipeline's --config: its reader lists unknown keys; six or more are one problem
    write(tmp_path / "shadow", "\n".join(SECRETS) + "\n")
    code, output = fundsim("pipeline", "--config", str(tmp_path / "shadow"))
    assert code == 2
    assert "shadow: not the kind of file expected here: 25 unknown keys, the first on line 1" \
        in output
    assert secret_lines_in(output) == 0


def test_a_typo_in_an_assumptions_file_is_still_named_with_its_line_and_a_suggestion(
        tmp_path: Path) -> None:
    write(tmp_path / "mine.yaml", "wage_grwth: 0.03\n")
    scenario = write(tmp_path / "s.yaml", "extends: default\nassumptions: mine.yaml\n")
    code, output = fundsim("check", str(scenario))
    assert code == 2
    assert "mine.yaml, line 1 [wage_grwth]: unknown key (did you mean 'wage_growth'?)" in output


def test_a_binary_file_is_refused_by_its_form_as_data_and_as_assumptions(tmp_path: Path
                                                                          ) -> None:
    blob = bytes(range(256)) * 8
    (tmp_path / "blob.csv").write_bytes(blob)
    (tmp_path / "blob.yaml").write_bytes(blob)
    code, output = fundsim("check", str(write(tmp_path / "d.yaml",
                                              "extends: default\ndata: blob.csv\n")))
    assert code == 2 and "blob.csv: neither UTF-8 nor GBK/GB18030 text" in output
    code, output = fundsim("check", str(write(tmp_path / "a.yaml",
                                              "extends: default\nassumptions: blob.yaml\n")))
    assert code == 2
    assert "blob.yaml: not a YAML file: not UTF-8 text (byte 0x80 at position 128)" in output
    assert len(output.splitlines()) <= 3  # the count line and one problem


def test_a_quoted_value_is_cut_to_120_characters(tmp_path: Path) -> None:
    scenario = write(tmp_path / "long.yaml",
                     f"extends: default\nassumptions:\n  wage_growth: '{'x' * 5000}'\n")
    code, output = fundsim("check", str(scenario))
    assert code == 2
    assert "long.yaml, line 3 [assumptions.wage_growth]" in output
    assert "(got '" + "x" * 118 + "…)" in output  # 120 characters of the value, no more
    assert "x" * 119 not in output


# ------------------------------------------------------------------------------ recorded paths


def test_the_run_record_names_its_inputs_relative_to_the_scenario_never_absolutely(
        province, tmp_path: Path) -> None:
    scenario = province([REGION], months=12)  # tmp_path/province/scenario.yaml, regions.csv
    record = yaml.safe_load(load_scenario(scenario).resolved_yaml())
    assert (record["source"], record["data"]) == ("scenario.yaml", "regions.csv")
    assert "paths_note" not in record
    # a scenario elsewhere that extends it: the data file lies outside its folder
    elsewhere = write(tmp_path / "mine.yaml", "extends: province/scenario.yaml\nmonths: 12\n")
    (tmp_path / "other").mkdir()
    moved = write(tmp_path / "other" / "mine.yaml",
                  f"extends: {scenario}\nmonths: 12\n")
    inner = yaml.safe_load(load_scenario(elsewhere).resolved_yaml())
    assert inner["data"] == "province/regions.csv"  # below mine.yaml's folder: relative
    outer_text = load_scenario(moved).resolved_yaml()
    outer = yaml.safe_load(outer_text)
    assert outer["data"] == "regions.csv"
    assert outer["paths_note"] == ("data: outside the scenario's folder, recorded by file name "
                                   "only")
    assert str(tmp_path) not in outer_text


def test_results_name_the_scenario_file_without_its_absolute_path(
        province, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = province([REGION], months=12)  # tmp_path/province/scenario.yaml
    monkeypatch.chdir(tmp_path)
    assert load_scenario(scenario).shown_source == "province/scenario.yaml"  # from here
    assert load_scenario("default").shown_source == "default"                # shipped: its name
    monkeypatch.chdir(tmp_path.parent)
    assert load_scenario(scenario).shown_source == f"{tmp_path.name}/province/scenario.yaml"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert load_scenario(scenario).shown_source == "scenario.yaml"  # outside: its name only
    code, _ = fundsim("run", str(scenario), "--no-plots", "--out", "run")
    assert code == 0
    attrs = xr.open_dataset("run/results.nc").attrs
    assert attrs["scenario_source"] == "scenario.yaml"
    assert str(tmp_path) not in " ".join(str(v) for v in attrs.values())


# ------------------------------------------------------------------------------ markup in names


def test_a_name_that_looks_like_rich_markup_runs_and_prints_as_written(
        province, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = province([REGION], months=12)
    text = scenario.read_text(encoding="utf-8").replace("name: hand", 'name: "bad[/bold]"')
    write(scenario, text.replace("province: inner_mongolia",
                                 "province: inner_mongolia\ndescription: '[red]x[/]'"))
    twin = write(scenario.with_name("twin.yaml"), text.replace('"bad[/bold]"', '"[/]twin"'))
    monkeypatch.chdir(tmp_path)

    code, output = fundsim("run", str(scenario), "--no-plots", "--out", "run")
    assert code == 0 and "bad[/bold]: 2020-01 + 12 months" in output
    record = yaml.safe_load(xr.open_dataset("run/results.nc").attrs["parameters"])
    assert str(tmp_path) not in str(record) and record["data"] == "regions.csv"
    code, output = fundsim("params", "run/results.nc")
    assert code == 0 and "bad[/bold]: parameters in force 2020-01 to 2020-12" in output
    code, output = fundsim("sweep", str(scenario), "--set", "policy.returns.ratio.sme=0.4,0.8",
                           "--no-plots", "--out", "sweep")
    assert code == 0 and "bad[/bold]: sweep of policy.returns.ratio.sme" in output
    code, output = fundsim("compare", str(scenario), str(twin), "--no-plots", "--out", "cmp")
    assert code == 0 and "bad[/bold]" in output and "[/]twin" in output
    code, output = fundsim("check", str(scenario))
    assert code == 0 and "valid: bad[/bold] — 1 regions" in output


def test_the_last_resort_handler_prints_a_bugs_message_as_text(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> None:
        raise RuntimeError("a name bad[/bold] in a bug's message")

    monkeypatch.delenv("FUNDSIM_DEBUG", raising=False)
    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1
    assert ("internal error: RuntimeError: a name bad[/bold] in a bug's message"
            in " ".join(capsys.readouterr().err.split()))
