"""Stochastic assumptions: growth draws, recessions, risk tables and fan charts."""

from __future__ import annotations

import numpy as np
import pytest

import fundsim
from fundsim.base.errors import InputError
from fundsim.inputs.assumptions import Assumptions
from fundsim.model.shocks import path_draws
from fundsim.run.tables import risk_table

CALM = {"claimants": {"shock": {"national_sd": 0.0, "regional_sd": 0.0}},
        "uncertainty": {"wage_growth": {"params": {"scale": 0.0}},
                        "insured_growth": {"params": {"scale": 0.0}},
                        "recession": {"probability": 0.0}}}


def test_with_every_spread_at_zero_the_paths_are_the_central_path():
    draws = path_draws(Assumptions(**CALM), 24, 2, 3, 10, seed=1)
    assert np.all(draws["national"] == 1.0) and np.all(draws["level"] == 1.0)
    assert np.all(draws["regional"] == 1.0)


def test_a_certain_recession_doubles_inflows_for_its_twelve_months_and_slows_wages():
    a = Assumptions(**{**CALM, "uncertainty": {**CALM["uncertainty"], "recession": {
        "probability": 1.0, "months": 12, "inflow_multiplier": 2.0, "wage_growth": -0.12,
        "insured_growth": 0.0}}})
    draws = path_draws(a, 24, 2, 1, 50, seed=4)
    national = draws["national"]
    # one recession starts in year one (a random month) and every later year: each month of
    # the first year from the start on is in recession, so inflows are exactly doubled there
    assert set(np.unique(national)) <= {1.0, 2.0}
    assert np.all(national[11] == 2.0)  # December of year one is always inside one
    # wages: −12% a year, compounded monthly, while in recession → level below 1
    assert np.all(draws["level"][23] < 1.0)


def test_growth_draws_use_the_named_scipy_distribution():
    a = Assumptions(uncertainty={"wage_growth": {"distribution": "t",
                                                 "params": {"df": 4, "scale": 0.02}}})
    assert a.uncertainty.wage_growth.frozen().dist.name == "t"
    with pytest.raises(ValueError, match="not a continuous scipy.stats distribution"):
        Assumptions(uncertainty={"wage_growth": {"distribution": "nosuch"}})


def test_a_bad_distribution_in_a_scenario_is_reported_with_its_key(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("extends: default\nassumptions:\n  uncertainty:\n    wage_growth:\n"
                        "      distribution: normal\n", encoding="utf-8")
    with pytest.raises(InputError, match="uncertainty.wage_growth"):
        fundsim.simulate(scenario)


def test_risk_table_probabilities_are_consistent_by_region_and_province():
    ds = fundsim.simulate("default", paths=100, seed=2)
    table = risk_table(ds)
    assert table["p_below_general"].between(0, 1).all()
    january = ds["province_reserve_months"].where(ds["month"].dt.month == 1, drop=True)
    for k, (_, rows) in enumerate(table.groupby("year")):
        regions = rows[rows.code != "province-fund"]
        province = rows[rows.code == "province-fund"].iloc[0]
        # "some region fails" is at least each region's own probability
        assert province["p_some_region_below_general"] >= regions["p_below_general"].max()
        assert regions["p_some_region_below_general"].isna().all()
        # the province as one fund fails on the paths where its own reserve is under 12 months
        assert province["p_below_general"] == pytest.approx(
            float((january.isel(month=k) < 12).mean()))
        assert province["fiscal_mean_wan"] == pytest.approx(regions["fiscal_mean_wan"].sum())
    # 巴彦淖尔市, the thinnest reserve of the calibrated province, fails on 9 paths in 10 or more
    # every year
    bayannur = table[table.code == "150800"]
    assert (bayannur["p_below_general"] >= 0.9).all()
    with pytest.raises(ValueError, match="several paths"):
        risk_table(fundsim.simulate("special-2020"))


def test_a_normal_is_checked_without_loading_scipy_stats_and_bad_ones_still_fail():
    import subprocess
    import sys

    code = ("import sys; from fundsim.inputs.scenario import load_scenario; "
            "load_scenario('default'); print('scipy.stats' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "False"  # a deterministic run needs no distribution
    with pytest.raises(ValueError, match="bad parameters for norm"):
        Assumptions(uncertainty={"wage_growth": {"params": {"df": 3}}})


def test_a_normal_is_drawn_by_numpy_as_scipy_would_draw_it():
    import numpy as np

    normal = Assumptions(uncertainty={"wage_growth": {"params": {"loc": 0.01, "scale": 0.02}}})
    growth = normal.uncertainty.wage_growth
    ours = growth.draw((3, 7), np.random.Generator(np.random.SFC64(5)))
    scipy = growth.frozen().rvs((3, 7), random_state=np.random.Generator(np.random.SFC64(5)))
    np.testing.assert_array_equal(ours, scipy)
