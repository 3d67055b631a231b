"""The command line's small courtesies: --version, flags shown as flags, an example in every
--help, each warning once per command, output folders named for the command and all its
scenarios, and `fundsim scenarios` saying what each scenario is."""

from __future__ import annotations

import shlex
from importlib.metadata import version
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from fundsim.cli.app import app
from fundsim.cli.console import EXAMPLES, _commands, folder_name, polish, scenario_warnings
from fundsim.inputs.scenario import shipped_scenarios

runner = CliRunner()


def _group():
    group = typer.main.get_command(app)
    polish(group)
    return group


COMMANDS = [path for path, _ in _commands(_group(), "")]


def test_version_prints_the_installed_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"fundsim {version('fundsim')}\n"


@pytest.mark.parametrize("path", COMMANDS)
def test_every_help_ends_with_an_example_that_parses(path: str) -> None:
    result = runner.invoke(app, [*path.split(), "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert f"Example: {EXAMPLES[path]}" in result.output
    # the example's arguments and options are the command's own: parsing it raises nothing
    words = shlex.split(EXAMPLES[path])[1:]
    command = _group()
    for name in path.split():
        command = command.commands[name]
        words.remove(name)
    command.make_context(path, words)


def test_an_option_off_by_default_is_a_plain_flag() -> None:
    result = runner.invoke(app, ["run", "--help"], terminal_width=200)
    lines = {line.split()[0]: line for line in result.output.splitlines()
             if line.strip().startswith("--")}
    assert lines["--force"].split()[:3] == ["--force", "replace", "an"]  # no "/ --no-force"
    assert "--keep-paths" in lines and "--no-keep-paths" not in result.output
    assert lines["--plots"].startswith("  --plots / --no-plots")  # on by default: both ways
    refused = runner.invoke(app, ["run", "--no-force"])
    assert refused.exit_code == 2 and "No such option: --no-force" in refused.output


def test_folders_are_named_for_the_command_and_every_scenario() -> None:
    assert folder_name("run", ["default"]) == "default"  # CONTRACT.md: outputs/<scenario>/
    assert folder_name("compare", ["default", "baseline", "raised-2022"]) == \
        "compare-default-vs-baseline-vs-raised-2022"
    assert folder_name("sweep", ["default"], ["policy.returns.ratio.sme", "assumptions.takeup"]
                       ) == "sweep-default-returns.ratio.sme-takeup"
    assert folder_name("frontier", ["default"]) == "frontier-default"
    assert folder_name("run", ["内蒙古/方案 A"]) == "内蒙古-方案-A"  # no sub-folder, no space
    many = folder_name("compare", [f"scenario-{i:02d}" for i in range(12)])
    # 120 characters at most: "compare-" (8), 8 names of 11 joined by 7 "-vs-" (116) and
    # "-and-4-more" (11) make 135, too long; 7 names (77 + 24 = 101) and "-and-5-more" make 120
    assert many == "compare-" + "-vs-".join(f"scenario-{i:02d}" for i in range(7)) + \
        "-and-5-more"
    assert len(many) == 120


def test_a_warning_shared_by_compared_scenarios_is_said_once_naming_them() -> None:
    ends = "policy.x: the value in force from 2022-01-01 ends 2022-12-31 by its notice"
    assert scenario_warnings([("default", [ends]), ("baseline", []),
                              ("stress", [ends, "assumptions.y: own"])]) == [
        f"default, stress: {ends}", "stress: assumptions.y: own"]


def test_compare_prints_each_expiry_warning_once_and_names_its_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b"):  # 37 months from 2020-01: past the notice ending 2022-12-31
        (tmp_path / f"{name}.yaml").write_text(f"extends: default\nname: {name}\nmonths: 37\n",
                                               encoding="utf-8")
    result = runner.invoke(app, ["compare", "a.yaml", "b.yaml", "--no-plots"],
                           terminal_width=400)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warnings, "the default scenario's expanded coverage ends 2022-12-31"
    assert all(line.startswith("warning: a, b: ") for line in warnings)
    assert len(warnings) == len(set(warnings))
    assert (tmp_path / "outputs" / "compare-a-vs-b" / "compare.nc").is_file()


def test_scenarios_says_what_each_one_is() -> None:
    result = runner.invoke(app, ["scenarios"], terminal_width=300)
    assert result.exit_code == 0
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines()
            if line.startswith("│") and line.split("│")[1].strip()}
    assert sorted(rows) == shipped_scenarios()  # a row each (the header is drawn in ┃)
    assert "provincial fund" in result.output  # provincial-pooling's description
    names = runner.invoke(app, ["scenarios", "--names"])
    assert names.output.split("\n") == [*shipped_scenarios(), ""]
