"""Sweeps: values built without float drift, one engine run for all values on shared draws."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

import fundsim
from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.run.sweep import is_sweep, parse_axis, sweep

SME = "policy.returns.ratio.sme"


def test_a_range_includes_its_stop_and_has_no_float_drift():
    axis = parse_axis(f"{SME}=0.3:1.0:0.05")
    assert len(axis.values) == 15
    assert axis.values[1] == 0.35 and axis.values[-1] == 1.0  # not 0.35000000000000003
    assert parse_axis(f"{SME}=1:0:-0.5").values == (1, 0.5, 0)


def test_lists_sweep_numbers_and_choices():
    assert parse_axis(f"{SME}=0.3,0.6").values == (0.3, 0.6)
    assert parse_axis("policy.pool.failing_regions=no_return,pool_supported").values == (
        "no_return", "pool_supported")
    assert is_sweep(f"{SME}=0.3:1:0.1") and not is_sweep(f"{SME}=0.3")
    assert not is_sweep(f"{SME}={{2021-01-01: 0.5}}")


@pytest.mark.parametrize("spec, message", [
    (f"{SME}=0.3:1.0:0", "STEP must not be zero"),
    (f"{SME}=0.9:0.1:0.1", "is empty"),
    (f"{SME}=a:1:0.1", "START is not a number"),
    (f"{SME}=0.1:0.5", "START:STOP:STEP"),
    (f"{SME}=0.1,,0.3", "empty value"),
])
def test_bad_ranges_are_refused(spec, message):
    with pytest.raises(InputError, match=message):
        parse_axis(spec)


def test_each_swept_value_equals_a_single_run_with_that_value():
    swept = sweep("default", [f"{SME}=0.4,0.8"])
    for value in (0.4, 0.8):
        single = fundsim.simulate("default", overrides=[f"{SME}={value}"])
        point = swept.sel({SME: value})
        assert float(point["returns_paid_total"]) == pytest.approx(
            float(single["returns_paid"].sum()), rel=1e-12)
        assert float(point["fiscal_subsidy_total"]) == pytest.approx(
            float(single["fiscal_subsidy"].sum()), rel=1e-12)
        # the sweep's fast path sums the per-recipient lines as one amount: equal to rounding
        assert float(point["lowest_reserve_months"]) == pytest.approx(
            float(single["reserve_months"].min()), rel=1e-12)
        below = int((single["reserve_months"] < 12).any("month").sum())
        assert float(point["regions_below_general"]) == below


def test_every_value_sees_the_same_draws_as_a_single_stochastic_run():
    swept = sweep("default", [f"{SME}=0.5,0.7"], paths=40, seed=8)
    single = fundsim.simulate("default", paths=40, seed=8, overrides=[f"{SME}=0.7"])
    mean = float(single["returns_paid"].sum(("region", "month")).mean())
    assert float(swept["returns_paid_total"].sel({SME: 0.7})) == pytest.approx(mean, rel=1e-12)
    assert set(swept["quantile"].values) == {0.05, 0.5, 0.95}
    assert 0 <= float(swept["p_fail_general"].min()) <= float(swept["p_fail_general"].max()) <= 1


def test_a_higher_sme_ratio_pays_more_and_needs_more_public_money():
    swept = sweep("default", [f"{SME}=0.2:1.0:0.2"])
    returns = swept["returns_paid_total"].values
    assert np.all(np.diff(returns) > 0)
    assert swept["fiscal_subsidy_total"].values[-1] > swept["fiscal_subsidy_total"].values[0]


def test_two_keys_make_a_grid_with_one_dimension_each():
    swept = sweep("default", [f"{SME}=0.3,0.6,0.9", "policy.pool.failing_regions="
                                                    "no_return,pool_supported"])
    assert swept["returns_paid_total"].dims == (SME, "policy.pool.failing_regions")
    assert swept["returns_paid_total"].shape == (3, 2)
    no_return = swept.sel({"policy.pool.failing_regions": "no_return"})
    assert float(no_return["fiscal_subsidy_returns_total"].max()) == 0


def test_the_command_writes_sweep_nc_csv_and_plot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["sweep", "special-2020", "--set", f"{SME}=0.5:1:0.25",
                                      "--paths", "20", "--out", "sw"])
    assert result.exit_code == 0, result.output
    ds = xr.load_dataset(tmp_path / "sw" / "sweep.nc", engine="h5netcdf")
    assert list(ds[SME].values) == [0.5, 0.75, 1.0]
    for name in ("returns_paid_total", "lowest_reserve_months", "regions_below_general",
                 "regions_below_difficult", "pool_transfer_total", "fiscal_subsidy_total",
                 "p_fail_general"):
        assert name in ds, name
    assert (tmp_path / "sw" / "sweep.png").stat().st_size > 10_000
    assert (tmp_path / "sw" / "sweep.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # the record in sweep.nc keeps the scenario's parameters with their sources
    from_file = CliRunner().invoke(app, ["params", "sw/sweep.nc"])
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout == CliRunner().invoke(app, ["params", "special-2020"]).stdout


@pytest.mark.parametrize("args, message", [
    ([f"--set={SME}=0.3:1:0"], "STEP must not be zero"),
    ([f"--set={SME}=0.9:0.3:0.1"], "is empty"),
    (["--set=policy.returns.ratio.smee=0.3,0.4"], "did you mean 'policy.returns.ratio.sme'"),
    ([f"--set={SME}=0.3,1.4"], "a share must lie in [0, 1]"),
    ([f"--set={SME}=0.3,0.4", "--paths", "0"], "must be at least 1"),
    ([f"--set={SME}=0.5"], "nothing to sweep"),
])
def test_bad_sweeps_exit_2_and_write_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["sweep", "default", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "outputs").exists()
