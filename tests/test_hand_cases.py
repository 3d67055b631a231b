"""Small provinces whose every number was worked out by hand (the arithmetic is in comments).

Three regions from January 2020, 24 months, no growth or interest (see conftest.py):
- 甲 (A) has 30 months of reserve: pays both returns in 2020, only the general one in 2021.
- 乙 (B) has 6 months: fails the general test, is helped by the pool up to 2 × its remittance,
  and public finance pays the rest of its return bill.
- 丙 (C) spends three times what it collects: public finance keeps its balance from going negative.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import PLAIN_ASSUMPTIONS

import fundsim
from fundsim.model.pool import allocate
from fundsim.run.accounts import residuals

A = {  # contributions 10,000 × 5,000 × 1% = 500,000 a month; benefits 100 × 1,500 = 150,000
    "code": "A", "name": "甲市", "insured": 10000, "wage": 5000, "opening_balance": 9_000_000,
    "last_year_expenditure": 3_600_000, "last_year_benefits": 1_800_000,
    "last_year_contributions": 6_000_000, "benefit_recipients": 100, "monthly_benefit": 1500,
    "sme_share": 0.5, "large_share": 0.5, "difficult_share": 0.01, "firms": 400,
    "sme_firm_share": 0.9, "trainee_intake": 10, "skills_opening_balance": 1_000_000,
}
B = {  # contributions 100,000 a month; benefits 40 × 1,500 = 60,000
    "code": "B", "name": "乙市", "insured": 2000, "wage": 5000, "opening_balance": 600_000,
    "last_year_expenditure": 1_200_000, "last_year_benefits": 720_000,
    "last_year_contributions": 1_200_000, "benefit_recipients": 40, "monthly_benefit": 1500,
}
C = {  # contributions 50,000 a month; benefits 100 × 1,500 = 150,000
    "code": "C", "name": "丙旗", "insured": 1000, "wage": 5000, "opening_balance": 200_000,
    "last_year_expenditure": 1_800_000, "last_year_benefits": 1_800_000,
    "last_year_contributions": 600_000, "benefit_recipients": 100, "monthly_benefit": 1500,
}


def series(ds, name, code):
    return ds[name].sel(region=code).values


@pytest.fixture
def three(province):
    return fundsim.simulate(province([A, B, C], pool=100_000))


def test_region_with_30_months_pays_both_returns_then_only_the_general_one(three):
    # 2020: general = 100% × 3,000,000 (SME) + 50% × 3,000,000 (large) = 4,500,000 → 375,000 a
    # month; difficult = min(6 × 1,500 × 100, 3 × 5,000 × 30% × 100) = 450,000 → 37,500 a month.
    assert series(three, "reserve_months", "A")[0] == pytest.approx(30.0)
    assert series(three, "returns_general", "A")[:12] == pytest.approx([375_000] * 12)
    assert series(three, "returns_difficult", "A")[:12] == pytest.approx([37_500] * 12)
    # January: 9,000,000 − 300,000 remitted + 500,000 − 150,000 − 412,500 = 8,637,500;
    # then −62,500 a month: December 2020 = 8,637,500 − 11 × 62,500 = 7,950,000.
    assert series(three, "balance", "A")[0] == pytest.approx(8_637_500)
    assert series(three, "balance", "A")[11] == pytest.approx(7_950_000)
    # 2020 spending 12 × 562,500 = 6,750,000 → 7,950,000 ÷ 562,500 = 14.13 months:
    # passes 12, fails 24 in 2021.
    assert series(three, "reserve_months", "A")[12] == pytest.approx(7_950_000 / 562_500)
    assert series(three, "passes_12", "A")[12] and not series(three, "passes_24", "A")[12]
    # 2021: 60% × 3,000,000 + 30% × 3,000,000 = 2,700,000 → 225,000 a month; no difficult return.
    assert series(three, "returns_general", "A")[12:] == pytest.approx([225_000] * 12)
    assert series(three, "returns_difficult", "A")[12:] == pytest.approx([0] * 12)
    # January 2021: 7,950,000 − 300,000 + 500,000 − 150,000 − 225,000 = 7,775,000; +125,000 a month.
    assert series(three, "balance", "A")[23] == pytest.approx(7_775_000 + 11 * 125_000)


def test_failing_region_gets_pool_help_up_to_twice_its_remittance_and_finance_pays_the_rest(three):
    # B: 6 months of reserve. Bill 2020 = 100% × 1,200,000 = 1,200,000; remittance 5% × 1,200,000
    # = 60,000; cap 2 × 60,000 = 120,000 → pool 120,000, public finance 1,080,000, in January.
    assert series(three, "reserve_months", "B")[0] == pytest.approx(6.0)
    assert series(three, "pool_transfer", "B")[0] == pytest.approx(120_000)
    assert series(three, "fiscal_subsidy_returns", "B")[0] == pytest.approx(1_080_000)
    assert series(three, "returns_general", "B")[:12] == pytest.approx([100_000] * 12)
    # 600,000 − 60,000 + 120,000 + 1,080,000 + 100,000 − 60,000 − 100,000 = 1,680,000;
    # then −60,000 a month → December 1,020,000; reserve 1,020,000 ÷ 160,000 = 6.375 in 2021.
    assert series(three, "balance", "B")[11] == pytest.approx(1_020_000)
    assert series(three, "reserve_months", "B")[12] == pytest.approx(6.375)
    # 2021: bill 60% × 1,200,000 = 720,000; pool 120,000, finance 600,000.
    assert series(three, "pool_transfer", "B")[12] == pytest.approx(120_000)
    assert series(three, "fiscal_subsidy_returns", "B")[12] == pytest.approx(600_000)
    assert series(three, "balance", "B")[23] == pytest.approx(1_660_000 - 11 * 20_000)


def test_pool_receives_remittances_and_pays_capped_grants(three):
    # Remittances 300,000 + 60,000 + 30,000 = 390,000 a year; grants B 120,000 + C 2 × 30,000.
    # January 2020: 100,000 + 390,000 − 180,000 = 310,000; January 2021: + 390,000 − 180,000.
    assert three["pool_balance"].values[0] == pytest.approx(310_000)
    assert three["pool_balance"].values[11] == pytest.approx(310_000)
    assert three["pool_balance"].values[12] == pytest.approx(520_000)
    cap = three["cap_multiple"] * three["remittance"].where(three["month"].dt.month == 1)
    assert bool((three["pool_transfer"] <= cap.fillna(0) + 1e-6).all())


def test_public_finance_keeps_a_balance_from_going_negative(three):
    # C: January 200,000 − 30,000 + 60,000 + 540,000 + 50,000 − 150,000 − 50,000 = 620,000,
    # then −150,000 a month: 470,000, 320,000, 170,000, 20,000, and in June −130,000 → topped up.
    balance = series(three, "balance", "C")
    deficit = series(three, "fiscal_subsidy_deficit", "C")
    assert balance[:5] == pytest.approx([620_000, 470_000, 320_000, 170_000, 20_000])
    assert balance[5] == 0 and deficit[5] == pytest.approx(130_000)
    assert deficit[6:12] == pytest.approx([150_000] * 6)
    assert series(three, "fiscal_subsidy", "C")[0] == pytest.approx(540_000)


def test_training_in_lieu_of_work_600_yuan_for_six_months_paid_the_month_after(three):
    # 10 claims a month from July 2020 (the plan is dated 2020-06-12) to December 2020; each
    # paid from the next month for 6 months at 600 yuan.
    trainees = series(three, "trainees", "A")
    assert list(trainees[:8]) == [0, 0, 0, 0, 0, 0, 0, 10]
    assert list(trainees[8:19]) == [20, 30, 40, 50, 60, 50, 40, 30, 20, 10, 0]
    assert series(three, "training_paid", "A")[12] == pytest.approx(60 * 600)
    total = 6 * 10 * 6 * 600  # 216,000, inside the account's 1,000,000: no transfer needed
    assert series(three, "training_paid", "A").sum() == pytest.approx(total)
    assert series(three, "skills_balance", "A")[-1] == pytest.approx(1_000_000 - total)
    assert series(three, "skills_transfer", "A").sum() == 0


def test_a_skills_account_that_runs_dry_is_refilled_from_the_fund(province):
    ds = fundsim.simulate(province([{**A, "skills_opening_balance": 30_000}], pool=0))
    # Paid: Aug 6,000, Sep 12,000, Oct 18,000 → the account (30,000) lacks 6,000 in October.
    assert series(ds, "skills_transfer", "A")[:10] == pytest.approx([0] * 9 + [6_000])
    assert series(ds, "skills_balance", "A")[9] == 0
    assert max(residuals(ds).values()) < 1e-6


def test_under_no_return_a_failing_region_pays_nothing_and_recovers(province):
    ds = fundsim.simulate(province([A, B], pool=100_000,
                                   reform="  policy.pool.failing_regions: no_return\n"))
    # B pays no return in 2020: 600,000 − 60,000 + 40,000 × 12 = 1,020,000 at December; its 2020
    # spending is benefits only, 720,000 → 1,020,000 ÷ 60,000 = 17 months: it pays in 2021.
    assert series(ds, "returns_paid", "B")[:12] == pytest.approx([0] * 12)
    assert series(ds, "pool_transfer", "B").sum() == 0
    assert series(ds, "fiscal_subsidy", "B").sum() == 0
    assert series(ds, "reserve_months", "B")[12] == pytest.approx(17.0)
    assert series(ds, "returns_general", "B")[12:] == pytest.approx([60_000] * 12)


def test_benefits_only_denominator_raises_the_reserve_months(province):
    ds = fundsim.simulate(province([A], reform="  policy.reserve.denominator: benefits\n"))
    # 9,000,000 ÷ (1,800,000 ÷ 12) = 60 months on benefits only (30 on total spending).
    assert series(ds, "reserve_months", "A")[0] == pytest.approx(60.0)


def test_special_difficulty_region_gets_the_higher_cap(province):
    ds = fundsim.simulate(province([A, {**B, "special_difficulty": 1}], pool=1_000_000))
    # cap_multiple_special = 3 → 3 × 60,000 = 180,000.
    assert series(ds, "cap_multiple", "B")[0] == 3.0
    assert series(ds, "pool_transfer", "B")[0] == pytest.approx(180_000)


def test_a_region_cap_override_in_the_data_wins(province):
    ds = fundsim.simulate(province([A, {**B, "cap_multiple": 1.0}], pool=1_000_000))
    assert series(ds, "pool_transfer", "B")[0] == pytest.approx(60_000)


def test_pool_rations_pro_rata_when_it_cannot_meet_every_request():
    grants = allocate(np.array([[100.0], [300.0]]), np.array([200.0]), "pro_rata")
    assert grants[:, 0] == pytest.approx([50.0, 150.0])


def test_pool_rations_neediest_first_by_reserve_months():
    requests = np.array([[100.0], [300.0], [50.0]])
    need = np.array([[5.0], [3.0], [1.0]])
    grants = allocate(requests, np.array([320.0]), "neediest_first", need)
    # the region with 1 month gets 50, the one with 3 months 270 of its 300, the last none.
    assert grants[:, 0] == pytest.approx([0.0, 270.0, 50.0])


def test_the_pool_never_goes_below_zero_when_requests_exceed_it(province):
    ds = fundsim.simulate(province([B, C], pool=0))
    # Available in January 2020: remittances 60,000 + 30,000 = 90,000; capped requests
    # 120,000 + 60,000 = 180,000 → pro rata one half: 60,000 and 30,000.
    assert series(ds, "pool_transfer", "B")[0] == pytest.approx(60_000)
    assert series(ds, "pool_transfer", "C")[0] == pytest.approx(30_000)
    assert ds["pool_balance"].values[0] == pytest.approx(0.0, abs=1e-6)
    assert series(ds, "fiscal_subsidy_returns", "B")[0] == pytest.approx(1_200_000 - 60_000)


def test_returns_paid_a_month_late_cross_into_the_next_year_under_last_years_gate(province):
    lagged = PLAIN_ASSUMPTIONS + "payment_lag: [0.5, 0.5]\n"
    ds = fundsim.simulate(province([A], assumptions=lagged))
    general = series(ds, "returns_general", "A")
    # 2020 dues 375,000 a month: half paid at once, half a month later.
    assert general[0] == pytest.approx(187_500)
    assert general[1:12] == pytest.approx([375_000] * 11)
    # January 2021: half of December 2020's 375,000 (2020's dues, 2020's test) + half of
    # January 2021's 225,000 = 187,500 + 112,500 = 300,000; then 225,000 a month.
    assert general[12] == pytest.approx(300_000)
    assert general[13:] == pytest.approx([225_000] * 11)
    assert max(residuals(ds).values()) < 1e-6


def test_a_rosters_amounts_replace_the_aggregate_return_in_the_months_they_cover(province):
    from fundsim.inputs.regions import load_regions
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.engine import run_engine
    from fundsim.model.inputs import RosterAmounts, build_inputs

    scenario = load_scenario(province([A, B], pool=100_000))
    regions = load_regions(scenario.data_path)
    general = np.zeros((24, 2))
    general[:12] = [100_000.0, 20_000.0]  # 2020 from the roster; 2021 stays aggregate
    zeros = np.zeros((24, 2))
    roster = RosterAmounts(np.arange(24) < 12, general, zeros, zeros, zeros, zeros, zeros)
    out = run_engine(build_inputs(scenario, regions, roster=roster))
    paid = out["returns_general"][:, :, 0]
    assert paid[:12, 0] == pytest.approx([100_000] * 12)  # A passes: paid as listed
    assert paid[:12, 1] == pytest.approx([20_000] * 12)   # B fails, pool-supported: paid
    # B's request is the roster's year, 240,000: the pool gives its cap 120,000
    assert out["pool_transfer"][0, 1, 0] == pytest.approx(120_000)
    assert out["fiscal_subsidy_returns"][0, 1, 0] == pytest.approx(120_000)
    assert paid[12:, 0] == pytest.approx([225_000] * 12)  # 2021: the aggregate rule again
    assert out["returns_difficult"][:12, 0, 0] == pytest.approx([0] * 12)  # none listed
