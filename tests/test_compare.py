"""Comparisons: scenarios side by side on the same draws; provincial pooling merges the funds."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import fundsim
from fundsim.cli.app import app
from fundsim.run.accounts import residuals
from fundsim.run.compare import compare, compare_table


def test_comparison_rows_are_the_scenarios_own_totals_and_differences_to_the_first():
    ds = compare(["default", "baseline"])
    assert list(ds["scenario"].values) == ["default", "baseline"]
    for name in ("default", "baseline"):
        own = fundsim.simulate(name)
        assert float(ds["returns_paid_total"].sel(scenario=name)) == pytest.approx(
            float(own["returns_paid"].sum()), rel=1e-12)
    diff = ds["fiscal_subsidy_total_diff"]
    assert float(diff.sel(scenario="default")) == 0
    assert float(diff.sel(scenario="baseline")) == pytest.approx(
        float(ds["fiscal_subsidy_total"].sel(scenario="baseline")
              - ds["fiscal_subsidy_total"].sel(scenario="default")))


def test_the_same_scenario_twice_gives_identical_rows_on_the_same_draws():
    ds = compare(["default", "default"], paths=30, seed=5)
    assert list(ds["scenario"].values) == ["default", "default (2)"]
    np.testing.assert_array_equal(ds["returns_paid_total_quantile"].isel(scenario=0),
                                  ds["returns_paid_total_quantile"].isel(scenario=1))


def test_provincial_pooling_runs_one_fund_with_no_pool_and_balances():
    ds = fundsim.simulate("provincial-pooling")
    assert list(ds["region"].values) == ["province"]
    assert float(ds["pool_transfer"].sum()) == 0 and float(ds["remittance"].sum()) == 0
    regional = fundsim.simulate("default")
    # the merged fund starts with every region's balance plus the pool's
    assert float(ds["opening_balance"].sum()) == pytest.approx(
        float(regional["opening_balance"].sum()) + float(regional["pool_opening_balance"]))
    assert max(residuals(ds).values()) < 1e-4


def test_pooling_keeps_more_of_the_province_above_twelve_months_than_separate_funds():
    ds = compare(["default", "provincial-pooling"])
    below = ds["regions_below_general"]
    assert float(below.sel(scenario="provincial-pooling")) < float(below.sel(scenario="default"))


def test_table_and_command(tmp_path, monkeypatch):
    # current law raises the 2022 ratios (人社部发〔2022〕23号, 国发〔2022〕12号); against 2021's
    # ratios kept through 2022, the raise pays more
    kept = tmp_path / "kept-2021.yaml"
    kept.write_text("extends: default\nname: kept-2021\nreform:\n"
                    "  policy.returns.ratio.sme: {2022-01-01: 0.6}\n"
                    "  policy.returns.ratio.large: {2022-01-01: 0.3}\n", encoding="utf-8")
    table = compare_table(compare([kept, "default"]))
    assert table.loc[1, "returns_paid_yi_diff"] > 0  # the 2022 raise pays more
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["compare", "default", "recession-stress", "--paths", "10",
                                      "--out", "cmp"])
    assert result.exit_code == 0, result.output
    for name in ("compare.nc", "compare.csv", "compare.png"):
        assert (tmp_path / "cmp" / name).exists(), name
    result = CliRunner().invoke(app, ["compare", "default", "nosuch"])
    assert result.exit_code == 2 and "nosuch" in result.output
