"""The US average high cost multiple beside months of reserve, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import fundsim
from fundsim.base.errors import InputError
from fundsim.run.solvency import (
    average_high_cost_multiple,
    covered_wages,
    solvency_table,
)

ZERO_FLOWS = ("expanded_coverage", "skills_subsidy", "returns_paid")


def hand_run(benefits_per_month: list[list[float]], closing: list[float],
             paths: int = 1) -> tuple[xr.Dataset, xr.DataArray]:
    """One region ("A"), years of 12 months: given monthly benefits per year and year-end
    balances; covered wages 1000 yuan a month (12,000 a year)."""
    years = len(benefits_per_month)
    months = pd.date_range("2020-01-01", periods=12 * years, freq="MS")
    benefits = np.repeat(np.asarray(benefits_per_month, dtype=float), 12)
    balance = np.repeat(np.asarray(closing, dtype=float), 12)  # year-end value all year
    dims, shape = ("region", "month"), (1, 12 * years)
    data = {"benefits": benefits.reshape(shape), "balance": balance.reshape(shape)}
    if paths > 1:
        dims = ("region", "month", "path")
        data = {k: np.repeat(v[..., None], paths, axis=2) for k, v in data.items()}
        data["balance"] = data["balance"] * np.arange(1, paths + 1)  # path p holds p × balance
    ds = xr.Dataset({k: (dims, v) for k, v in data.items()},
                    coords={"region": ["A"], "region_name": ("region", ["甲市"]),
                            "month": months})
    for name in ZERO_FLOWS:
        ds[name] = xr.zeros_like(ds["benefits"])
    wages = xr.DataArray(np.full(shape, 1000.0), dims=("region", "month"),
                         coords={"region": ["A"], "month": months})
    return ds, wages


def test_three_years_of_a_region_give_an_ahcm_of_three():
    # benefit cost rates 120/12000 = 1%, 240/12000 = 2%, 60/12000 = 0.5%: their mean is 1.1667%;
    # reserve ratio at end of year 3 = 420 / 12000 = 3.5%; AHCM = 3.5 / 1.1667 = 3.0
    ds, wages = hand_run([[10], [20], [5]], [400, 450, 420])
    row = solvency_table(ds, wages).set_index("code").loc["A"]
    assert row["reserve_ratio"] == pytest.approx(0.035)
    assert row["average_high_cost_rate"] == pytest.approx(0.035 / 3)
    assert row["ahcm"] == pytest.approx(3.0)
    # months of reserve beside it: 420 × 12 / 60 spent in year 3 = 84
    assert row["reserve_months"] == pytest.approx(84.0)
    assert row["years_in_lookback"] == 3 and row["year"] == 2022 and row["name"] == "甲市"


def test_only_the_three_highest_years_count():
    # rates 1%, 2%, 0.5%, 3%: the three highest average 2%; 480 / 12000 = 4% → AHCM 2.0
    ds, wages = hand_run([[10], [20], [5], [30]], [400, 450, 420, 480])
    assert solvency_table(ds, wages)["ahcm"].iloc[0] == pytest.approx(2.0)


def test_a_short_lookback_keeps_only_the_latest_years():
    # lookback 2: years 3 and 4 (0.5%, 3%) average 1.75%; 4% / 1.75% = 2.2857
    ds, wages = hand_run([[10], [20], [5], [30]], [400, 450, 420, 480])
    row = solvency_table(ds, wages, lookback=2).iloc[0]
    assert row["ahcm"] == pytest.approx(0.04 / 0.0175)
    assert row["years_in_lookback"] == 2


def test_the_province_row_pools_balances_and_wages():
    ds, wages = hand_run([[10], [20], [5]], [400, 450, 420])
    two = xr.concat([ds, ds.assign_coords(region=["B"], region_name=("region", ["乙市"]))],
                    dim="region")
    both = xr.concat([wages, wages.assign_coords(region=["B"])], dim="region")
    table = solvency_table(two, both).set_index("code")
    assert list(table.index) == ["A", "B", "province-fund"]
    assert table.loc["province-fund", "ahcm"] == pytest.approx(3.0)  # two identical regions
    # the province fund holds the pool too: 420 more at the end of year 3 makes its reserve
    # ratio (840 + 420) / 24,000 = 5.25 % against the same high cost rate: AHCM 4.5
    two["pool_balance"] = ("month", np.full(two.sizes["month"], 420.0))
    table = solvency_table(two, both).set_index("code")
    assert table.loc["province-fund", "ahcm"] == pytest.approx(4.5)
    assert table.loc["A", "ahcm"] == pytest.approx(3.0)


def test_with_several_paths_the_ahcm_is_averaged_over_paths():
    # path 1 holds 420 at the end (AHCM 3.0), path 2 holds 840 (AHCM 6.0): mean 4.5
    ds, wages = hand_run([[10], [20], [5]], [400, 450, 420], paths=2)
    assert solvency_table(ds, wages)["ahcm"].iloc[0] == pytest.approx(4.5)


def test_the_core_formula_on_arrays():
    ahcm, high, used = average_high_cost_multiple(np.array(0.04),
                                                  np.array([0.01, 0.03, 0.02, 0.005]))
    assert float(ahcm) == pytest.approx(2.0) and float(high) == pytest.approx(0.02)
    assert int(used) == 4


def test_covered_wages_from_the_inputs_match_contributions_without_relief(province):
    # plain assumptions: collection 1.0, no relief: contributions = wages × 1%
    scenario = province([{"code": "A", "name": "甲市", "insured": 1000, "wage": 5000,
                          "opening_balance": 1e6, "last_year_expenditure": 1e5,
                          "last_year_benefits": 5e4, "last_year_contributions": 6e5,
                          "benefit_recipients": 10, "monthly_benefit": 1000}])
    ds = fundsim.simulate(scenario)
    wages = covered_wages(ds)
    assert float(wages.isel(region=0, month=0)) == pytest.approx(1000 * 5000)
    assert wages.values == pytest.approx((ds["contributions"] / 0.01).values, rel=1e-12)


def test_during_the_2020_sme_waiver_wages_are_not_read_off_contributions():
    ds = fundsim.simulate("default", overrides=["policy.contributions.sme_employer_relief=1.0"])
    wages = covered_wages(ds)
    implied = ds["contributions"] / (0.01 * 0.95)  # contributions ÷ rate ÷ collection rate
    assert (wages > implied * 1.1).all()  # the waived SME employer share is still wages


def test_a_run_without_a_complete_year_or_a_bad_lookback_is_refused():
    ds, wages = hand_run([[10], [20], [5]], [400, 450, 420])
    with pytest.raises(InputError, match="complete calendar year"):
        solvency_table(ds.isel(month=slice(0, 6)), wages.isel(month=slice(0, 6)))
    with pytest.raises(InputError, match="lookback"):
        solvency_table(ds, wages, lookback=0)
