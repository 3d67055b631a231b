"""`fundsim pipeline` through a throwaway Typer app registering the same function."""

from __future__ import annotations

import warnings

import pytest
import typer
import xarray as xr
import yaml
from typer.testing import CliRunner

from fundsim.cli.pipeline import pipeline_command
from fundsim.inputs.assumptions import Assumptions
from fundsim.inputs.scenario import load_scenario

app = typer.Typer()
app.command("pipeline")(pipeline_command)
app.command("other")(lambda: None)  # two commands: `pipeline` is named on the command line
runner = CliRunner()


def test_a_small_run_writes_results_payment_timing_and_a_fund_scenario(tmp_path):
    out = tmp_path / "run"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Chinese glyph in a plot fails the test
        result = runner.invoke(app, ["pipeline", "automatic", "--firms", "400", "--seed", "2",
                                     "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "payment_lag" in result.output
    names = {p.name for p in out.iterdir()}
    assert {"pipeline.nc", "payment.yaml", "scenario.yaml", "summary.csv", "waiting.png",
            "queues.png", "utilisation.png", "payments.png"} <= names
    ds = xr.load_dataset(out / "pipeline.nc", engine="h5netcdf")
    assert ds.attrs["firms"] == 400 and int(ds["firm_days"].count()) == 400
    # every yuan applied for is paid within the calendar
    assert float(ds["payments"].sum()) == pytest.approx(float(ds["applications"].sum()))
    timing = yaml.safe_load((out / "payment.yaml").read_text(encoding="utf-8"))
    assert set(timing) == {"payment_profile", "payment_lag"}
    assert sum(timing["payment_profile"]) == pytest.approx(1, abs=1e-9)
    # 免申即享 pushes every firm on 1 March: the whole year's returns fall due in March
    assert timing["payment_profile"][2] > 0.9
    if "payment_lag" in Assumptions.model_fields:  # the lead's fund-model field
        Assumptions.model_validate(timing)
        scenario = load_scenario(out / "scenario.yaml")
        assert scenario.assumptions.payment_lag == pytest.approx(timing["payment_lag"])


def test_an_existing_out_folder_is_refused_without_force(tmp_path):
    result = runner.invoke(app, ["pipeline", "application", "--firms", "10", "--out",
                                 str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists" in result.output


def test_bad_settings_name_the_file_line_and_key_and_exit_2(tmp_path):
    config = tmp_path / "settings.yaml"
    config.write_text("window:\n  staff_per_10k: 3\npublication_days: -1\n"
                      "department:\n  service_hours: {dist: lognormal, params: {s: 1}}\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["pipeline", "application", "--config", str(config),
                                 "--out", str(tmp_path / "x")])
    assert result.exit_code == 2, result.output
    text = result.output
    assert "line 2 [window.staff_per_10k]: unknown key" in text
    assert "did you mean 'window.staff_per_10k_firms'" in text
    assert "line 3 [publication_days]" in text
    assert "department.service_hours" in text and "lognorm" in text
    assert not (tmp_path / "x").exists()


def test_a_roster_with_an_unknown_region_and_a_bad_amount_is_refused(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("region,amount\n150100,20000\n999999,100\n150200,lots\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["pipeline", "application", "--roster", str(roster)])
    assert result.exit_code == 2
    assert "row 3 [region]" in result.output and "row 4 [amount]" in result.output
    both = runner.invoke(app, ["pipeline", "application", "--roster", str(roster),
                               "--firms", "5"])
    assert both.exit_code == 2 and "not both" in both.output


def test_a_roster_decides_each_firms_route_by_its_amount(tmp_path):
    from fundsim.pipeline import simulate_pipeline

    roster = tmp_path / "roster.csv"
    roster.write_text("region,amount,name\n150100,4999999,甲\n150100,5000000,乙\n"
                      "152501,1000,丙\n", encoding="utf-8")
    ds = simulate_pipeline("application", roster=roster, seed=1)
    # the law's threshold is 5,000,000 yuan: at or above goes to the city government
    assert list(ds["firm_route"].values) == ["general", "government", "general"]
    assert list(ds["firm_region"].values) == ["150100", "150100", "152501"]
