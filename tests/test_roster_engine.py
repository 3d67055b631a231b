"""A roster's decided returns take the place of the aggregate assumption in the fund engine."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import fundsim
from fundsim.cli.app import app
from fundsim.inputs.scenario import load_scenario
from fundsim.roster.runner import roster_amounts, run_roster
from fundsim.run.accounts import residuals


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    path = tmp_path_factory.mktemp("roster") / "roster.parquet"
    result = CliRunner().invoke(app, ["roster", "synth", "--firms", "3000", "--seed", "5",
                                      "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_the_engine_pays_in_2020_exactly_the_rosters_dues_under_the_region_gate(roster):
    # the difficult-firm return kept on after 2020 (national law ended it then), so that 2021's
    # returns depend on 2021's reserve test
    scenario = load_scenario("default", ["policy.returns.difficult.enabled=true"])
    dues = run_roster(roster, scenario, 2020).returns
    # a 3,000-firm roster covers about 3 % of the province: threshold=0 replaces the aggregate
    ds = fundsim.simulate(scenario,
                          roster=roster_amounts(roster, scenario, 2020, threshold=0))
    year = ds.sel(month=slice("2020-01", "2020-12"))
    # pool_supported: every region pays the general return; the difficult-firm part only where
    # the 24-month test passes
    assert year["returns_general"].sum("month").values == pytest.approx(
        dues.general[:12].sum(axis=0), rel=1e-9)
    passes_24 = year["passes_24"].isel(month=0).values
    assert year["returns_difficult"].sum("month").values == pytest.approx(
        dues.difficult[:12].sum(axis=0) * passes_24, rel=1e-9, abs=1e-6)
    # 2021 onwards: the aggregate rule, as without a roster (on a different 2020 reserve)
    plain = fundsim.simulate(scenario)
    later = slice("2021-01", "2021-12")
    assert float(ds["returns_paid"].sel(month=later).sum()) != float(
        plain["returns_paid"].sel(month=later).sum())  # a different 2020 changes 2021's reserve
    assert max(residuals(ds).values()) < 1e-4


def test_run_takes_a_roster_from_the_command_line(roster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", "--roster", str(roster), "--roster-partial",
                                      "--no-plots", "--out", "r"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["run", "--roster", "nosuch.csv", "--no-plots"])
    assert result.exit_code == 2 and "nosuch.csv" in result.output


def test_the_pipeline_reads_the_rosters_decisions_as_they_are(roster, tmp_path):
    from fundsim.inputs.regions import load_regions
    from fundsim.pipeline.firms import read_roster

    scenario = load_scenario("default")
    decided = run_roster(roster, scenario, 2020).decisions
    path = tmp_path / "decisions.parquet"
    decided.to_parquet(path)
    firms = read_roster(path, load_regions(scenario.data_path))
    paying = decided[decided["to_pay"] > 0]
    assert len(firms.amount) == len(paying)
    assert firms.amount.sum() == pytest.approx(paying["to_pay"].sum())
