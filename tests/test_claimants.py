"""Claimants by entitlement, worked out by hand.

One Inner Mongolia region in the minimum wage's first class (1,760 yuan until 2021-11, then
1,980), no one on benefit at the start, 100 new claims a month (insured 1,000 × inflow rate
0.1), a tenth of the recipients finding work each month (survival 0.9 a month). Benefits are
80 % of the minimum wage in months 1–12 and 70 % from month 13 (内人社办发〔2017〕261号), then
90 % / 80 % from 2021-12-01 (内人社办发〔2021〕209号). 失业补助金 pays 80 % of the first-year
benefit for 6 months to those whose entitlement ran out, from March 2020 to the end of 2022.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import PLAIN_ASSUMPTIONS, write_province

import fundsim
from fundsim.inputs.scenario import load_scenario, with_overrides
from fundsim.model.claimants import coefficients, expected_months, steady_state

REGION = {"code": "150100", "name": "甲", "insured": 1000, "wage": 5000,
          "opening_balance": 1e9, "last_year_expenditure": 1e6, "last_year_benefits": 0,
          "last_year_contributions": 0, "benefit_recipients": 0, "monthly_benefit": 0,
          "wage_class": 1}
ASSUMPTIONS = PLAIN_ASSUMPTIONS.replace("  exit_rate: 0.1\n",
                                        "  exit_rate: 0.1\n  inflow_rate: 0.1\n")
SURVIVE = 0.9


def _run(tmp_path, entitlement: str):
    path = write_province(tmp_path / entitlement, [REGION], months=24, assumptions=ASSUMPTIONS)
    text = path.read_text(encoding="utf-8")
    # Inner Mongolia's own benefit rule and the law's dates for 失业补助金
    text = text.replace("  policy.benefits.basis: flat\n", "").replace(
        "  policy.expanded_coverage.enabled: false\n", "")
    path.write_text(text, encoding="utf-8")
    shares = {"short": 0.0, "medium": 0.0, "long": 0.0, entitlement: 1.0}
    scenario = with_overrides(load_scenario(path), [("assumptions.claimants.entitlements",
                                                     shares)])
    return fundsim.simulate(scenario).sel(region="150100")


def test_twelve_month_claims_run_out_into_the_unemployment_subsidy(tmp_path):
    r = _run(tmp_path, "short")
    assert r["new_claims"].values == pytest.approx([100.0] * 24)
    # January 2020: the first 100 claims, paid 80 % × 1,760 = 1,408 yuan each
    assert float(r["recipients"][0]) == pytest.approx(100)
    assert float(r["benefits"][0]) == pytest.approx(140_800)
    # December 2020: twelve months of claims, 100 × (1 + 0.9 + … + 0.9^11)
    year = 100 * (1 - SURVIVE**12) / (1 - SURVIVE)
    assert float(r["recipients"][11]) == pytest.approx(year)
    # nobody has run out in the first year; from January 2021 the survivors of each month's
    # claims, 100 × 0.9^12 = 28.24, run out twelve months later
    assert r["exhaustions"].values[:12] == pytest.approx([0.0] * 12)
    out = 100 * SURVIVE**12
    assert r["exhaustions"].values[12:] == pytest.approx([out] * 12)
    assert float(r["recipients"][12]) == pytest.approx(year)  # as many leave as join
    # they start six months of 失业补助金 at 80 % of the 1,408 yuan benefit
    assert float(r["subsidy_recipients"][12]) == pytest.approx(out)
    assert float(r["unemployment_subsidy"][12]) == pytest.approx(out * 0.8 * 1408)
    # after six months the first entrants leave, so the stock stops growing
    six = out * (1 - SURVIVE**6) / (1 - SURVIVE)
    assert float(r["subsidy_recipients"][17]) == pytest.approx(six)
    assert float(r["subsidy_recipients"][18]) == pytest.approx(six)
    # December 2021: 90 % of the new minimum wage, 0.9 × 1,980 = 1,782 yuan
    assert float(r["benefits"][23]) == pytest.approx(year * 1782)


def test_from_the_thirteenth_month_a_long_entitlement_is_paid_the_lower_rate(tmp_path):
    r = _run(tmp_path, "long")
    # January 2021: months 1–12 hold a full year of claims; the survivors of January 2020's
    # claims, 100 × 0.9^12, are in their 13th month at 70 % × 1,760 = 1,232 yuan
    first = 100 * (1 - SURVIVE**12) / (1 - SURVIVE)
    later = 100 * SURVIVE**12
    assert float(r["recipients"][12]) == pytest.approx(first + later)
    assert float(r["benefits"][12]) == pytest.approx(first * 1408 + later * 1232)
    # nobody entitled to 24 months has run out within two years
    assert float(r["exhaustions"].sum()) == 0
    # December 2021: 90 % / 80 % of 1,980 yuan
    later_dec = 100 * sum(SURVIVE**d for d in range(12, 24))
    assert float(r["benefits"][23]) == pytest.approx(first * 1782 + later_dec * 1584)


def test_the_lag_coefficients_move_each_entitlement_at_its_own_month():
    # half entitled to 12 months, half to 24; survival 0.5 a month
    lag = coefficients(np.array([0.5, 0.0, 0.5]), np.array([12, 18, 24]), 0.5)
    # at 12 months everyone left the first year: half ran out, half moved on
    assert lag.leave_first[12] == pytest.approx(0.5**12)
    assert lag.exhaust[12] == pytest.approx(0.5 * 0.5**12)
    assert lag.move_later[12] == pytest.approx(0.5 * 0.5**12)
    assert lag.move_later[24] == pytest.approx(-0.5 * 0.5**24)
    assert lag.exhaust[24] == pytest.approx(0.5 * 0.5**24)
    assert np.count_nonzero(lag.leave_first) == 1


def test_the_opening_recipients_are_the_steady_state_of_constant_claims():
    shares, months = np.array([0.5, 0.25, 0.25]), np.array([12, 18, 24])
    first, later = expected_months(shares, months, 0.1)
    # a claim is paid Σ 0.9^d months: (1 − 0.9^12)/0.1 in its first year, the rest later
    assert first == pytest.approx((1 - 0.9**12) / 0.1)
    assert later == pytest.approx(0.25 * (0.9**12 - 0.9**18) / 0.1
                                  + 0.25 * (0.9**12 - 0.9**24) / 0.1)
    claims, in_first, in_later = steady_state(np.array([1000.0]), shares, months, 0.1)
    assert float(claims[0]) == pytest.approx(1000 / (first + later))
    assert float(in_first[0] + in_later[0]) == pytest.approx(1000)
