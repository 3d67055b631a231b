"""Each monthly step of the engine, called alone on a small province worked out by hand.

The province is the three regions of tests/test_hand_cases.py (no growth, no interest, full
take-up), in January 2020 before anything has happened:
- 甲 (A): balance 9,000,000, spent 3,600,000 last year, paid 6,000,000 of contributions
  (half SMEs, half large firms), 100 recipients at 1,500 yuan;
- 乙 (B): balance 600,000, spent 1,200,000, paid 1,200,000 (all SMEs);
- 丙 (C): balance 200,000, spent 1,800,000, paid 600,000 (all SMEs), 100 recipients;
every region remits 5 %, the pool holds 100,000.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import PLAIN_ASSUMPTIONS, write_province
from test_hand_cases import A, B, C

from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario
from fundsim.model import steps
from fundsim.model.engine import block_view
from fundsim.model.inputs import build_inputs
from fundsim.model.steps import Flows, FundState, Shocks

SHAPE = (3, 1, 1)  # regions × variants × paths


def _law(tmp_path, reform: str = "", assumptions: str = PLAIN_ASSUMPTIONS):
    path = write_province(tmp_path / "p", [A, B, C], pool=100_000, reform=reform,
                          assumptions=assumptions)
    scenario = load_scenario(path)
    return block_view(build_inputs(scenario, load_regions(scenario.data_path)))


def _flat(x: np.ndarray) -> list[float]:
    return [float(v) for v in np.ravel(x)]


@pytest.fixture
def law(tmp_path):
    return _law(tmp_path)


@pytest.fixture
def state(law):
    return FundState.opening(law.opening, SHAPE, law.claimants)


def _opened(law, state) -> Flows:
    """January 2020 up to the year's gates."""
    flows = Flows(SHAPE)
    steps.assess_reserves(state, law, 0)
    steps.open_policy_year(state, flows, law, 0, Shocks(), law.contributions.sme,
                           law.contributions.large)
    return flows


def test_assessment_divides_the_year_end_balance_by_last_years_monthly_spending(law, state):
    steps.assess_reserves(state, law, 0)
    # A 9,000,000 × 12 ÷ 3,600,000 = 30; B 600,000 × 12 ÷ 1,200,000 = 6; C 200,000 × 12 ÷
    # 1,800,000 = 1.33
    assert _flat(state.reserve_months) == pytest.approx([30.0, 6.0, 4 / 3])
    assert _flat(state.passes_general) == [True, False, False]
    assert _flat(state.passes_difficult) == [True, False, False]
    # the province as one fund: (9,800,000 + the pool's 100,000) × 12 ÷ 6,600,000 = 18
    assert _flat(state.province_reserve_months) == pytest.approx([18.0])
    # this year's spending starts from nothing
    assert _flat(state.spent_total) == [0.0, 0.0, 0.0]


def test_a_benefits_only_denominator_doubles_a_reserve_that_half_went_on_benefits(tmp_path):
    law = _law(tmp_path, reform="  policy.reserve.denominator: benefits\n")
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    steps.assess_reserves(state, law, 0)
    # A: 9,000,000 × 12 ÷ 1,800,000 of benefits = 60
    assert _flat(state.reserve_months)[0] == pytest.approx(60.0)


def test_remittance_is_five_percent_of_last_years_contributions_paid_to_the_pool(law, state):
    flows = Flows(SHAPE)
    steps.remit_to_pool(state, flows, law, 0)
    assert _flat(flows.remittance) == pytest.approx([300_000, 60_000, 30_000])
    assert _flat(state.balance) == pytest.approx([8_700_000, 540_000, 170_000])
    assert _flat(state.pool_balance) == pytest.approx([490_000])


def test_failing_regions_get_at_most_twice_their_remittance_and_finance_pays_the_rest(law, state):
    flows = Flows(SHAPE)
    steps.assess_reserves(state, law, 0)
    steps.remit_to_pool(state, flows, law, 0)
    steps.grant_from_pool(state, flows, law, 0)
    # bills (100 % of SME contributions in 2020): B 1,200,000, C 600,000; caps 2 × 60,000 and
    # 2 × 30,000; the pool (490,000) meets both; A passes and asks for nothing
    assert _flat(flows.pool_transfer) == pytest.approx([0, 120_000, 60_000])
    assert _flat(flows.fiscal_subsidy_returns) == pytest.approx([0, 1_080_000, 540_000])
    assert _flat(state.pool_balance) == pytest.approx([490_000 - 180_000])
    # the whole bill arrives in January: B 540,000 + 1,200,000
    assert _flat(state.balance)[1] == pytest.approx(1_740_000)


def test_own_fund_first_a_failing_region_pays_down_to_its_floor_then_asks_the_pool(tmp_path):
    law = _law(tmp_path, reform="  policy.pool.funding_order: own_fund_first\n"
                                "  policy.pool.own_fund_floor_months: 3\n")
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    flows = _opened(law, state)
    # B keeps 3 × 100,000 of its 540,000 (after remitting): its fund pays 240,000 of the
    # 1,200,000 bill, the pool its cap 120,000, public finance 840,000. C (170,000 against a
    # floor of 3 × 150,000) pays nothing itself: 60,000 from the pool, 540,000 from finance.
    assert _flat(flows.pool_transfer) == pytest.approx([0, 120_000, 60_000])
    assert _flat(flows.fiscal_subsidy_returns) == pytest.approx([0, 840_000, 540_000])
    assert _flat(state.balance)[1] == pytest.approx(540_000 + 960_000)


def test_pool_first_the_whole_bill_goes_to_the_pool_and_public_finance(tmp_path):
    law = _law(tmp_path, reform="  policy.pool.funding_order: pool_first\n"
                                "  policy.pool.own_fund_floor_months: 3\n")
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    flows = _opened(law, state)
    assert _flat(flows.fiscal_subsidy_returns) == pytest.approx([0, 1_080_000, 540_000])


def test_under_no_return_a_failing_region_asks_the_pool_for_nothing(tmp_path):
    law = _law(tmp_path, reform="  policy.pool.failing_regions: no_return\n")
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    flows = _opened(law, state)
    assert _flat(flows.pool_transfer) == [0.0, 0.0, 0.0]
    assert _flat(state.pay_general) == [1.0, 0.0, 0.0]


def test_the_gates_let_every_supported_region_pay_the_general_return_and_only_a_pay_both(
        law, state):
    _opened(law, state)
    assert _flat(state.pay_general) == [1.0, 1.0, 1.0]
    assert _flat(state.pay_difficult) == [1.0, 0.0, 0.0]
    # the base of A's SME return is its SME contributions of last year
    assert _flat(state.paying_sme)[0] == pytest.approx(3_000_000)


def test_interest_accrues_on_the_balance_and_the_pool(tmp_path):
    law = _law(tmp_path, assumptions=PLAIN_ASSUMPTIONS.replace(
        "interest_rate: 0.0\npool_interest_rate: 0.0", "interest_rate: 0.012\n"
        "pool_interest_rate: 0.024"))
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    flows = Flows(SHAPE)
    steps.accrue_interest(state, flows, law)
    # 9,000,000 × 1.2 % ÷ 12 = 9,000; the pool 100,000 × 2.4 % ÷ 12 = 200, credited at once
    assert _flat(flows.interest)[0] == pytest.approx(9_000)
    assert _flat(state.pool_balance) == pytest.approx([100_200])
    assert _flat(state.balance)[0] == pytest.approx(9_000_000)  # credited later in the month
    steps.credit_interest(state, flows)
    assert _flat(state.balance)[0] == pytest.approx(9_009_000)


def test_contributions_follow_the_paths_wage_and_insured_level(law):
    flows = Flows(SHAPE)
    steps.collect_contributions(flows, law.contributions.sme + law.contributions.large, 0,
                                Shocks())
    # A 10,000 insured × 5,000 yuan × 1 %
    assert _flat(flows.contributions)[0] == pytest.approx(500_000)
    steps.collect_contributions(flows, law.contributions.sme + law.contributions.large, 0,
                                Shocks(level=np.full((24, 1), 1.1)))
    assert _flat(flows.contributions)[0] == pytest.approx(550_000)


def test_claims_at_the_steady_level_keep_the_opening_recipients(law, state):
    flows = Flows(SHAPE)
    steps.claim_and_leave(state, law, 0, 0, Shocks())
    steps.pay_benefits(state, flows, law, 0)
    # A: the opening 100 recipients are the steady state of their claims: as many leave for
    # work or run out as claim, so 100 remain × 1,500 yuan; spending starts with the benefits
    assert _flat(state.recipients)[0] == pytest.approx(100)
    assert _flat(flows.benefits)[0] == pytest.approx(150_000)
    assert _flat(flows.spending)[0] == pytest.approx(150_000)


def test_a_national_shock_doubles_the_months_new_claims(law, state):
    steady = _flat(law.claimants.prehistory)[0]
    steps.claim_and_leave(state, law, 0, 0, Shocks(national=np.full((24, 1), 2.0)))
    # A: twice the steady claims; the stock holds 100 + the extra claims
    assert _flat(state.people.new_claims)[0] == pytest.approx(2 * steady)
    assert _flat(state.recipients)[0] == pytest.approx(100 + steady)


def test_the_fund_pays_the_recipients_medical_insurance_as_its_own_line(tmp_path):
    law = _law(tmp_path, assumptions=PLAIN_ASSUMPTIONS.replace("medical_share: 0.0",
                                                               "medical_share: 0.2"))
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    flows = Flows(SHAPE)
    steps.claim_and_leave(state, law, 0, 0, Shocks())
    steps.pay_benefits(state, flows, law, 0)
    # A: 100 recipients × 1,500 yuan = 150,000 of benefits; 20 % of it, 30,000, of medical
    # insurance (社会保险法 第四十八条); both spent
    assert _flat(flows.benefits)[0] == pytest.approx(150_000)
    assert _flat(flows.medical_insurance)[0] == pytest.approx(30_000)
    assert _flat(flows.spending)[0] == pytest.approx(180_000)


def test_without_the_laws_medical_insurance_rule_the_fund_pays_none(tmp_path):
    law = _law(tmp_path, reform="  policy.benefits.medical_insurance: false\n",
               assumptions=PLAIN_ASSUMPTIONS.replace("medical_share: 0.0", "medical_share: 0.2"))
    state = FundState.opening(law.opening, SHAPE, law.claimants)
    flows = Flows(SHAPE)
    steps.claim_and_leave(state, law, 0, 0, Shocks())
    steps.pay_benefits(state, flows, law, 0)
    assert _flat(flows.medical_insurance) == [0.0, 0.0, 0.0]
    assert _flat(flows.spending)[0] == pytest.approx(150_000)


def test_returns_pay_the_months_share_of_each_return_where_the_gates_allow(law, state):
    flows = _opened(law, state)
    flows.spending[...] = 0.0
    steps.pay_returns(state, flows, law, 0)
    # A: (100 % × 3,000,000 + 50 % × 3,000,000) ÷ 12 = 375,000; difficult: min(6 × 1,500 × 100,
    # 3 × 5,000 × 30 % × 100) ÷ 12 = 37,500. B: 1,200,000 ÷ 12 = 100,000 with pool support.
    assert _flat(flows.returns_general) == pytest.approx([375_000, 100_000, 50_000])
    assert _flat(flows.returns_difficult) == pytest.approx([37_500, 0, 0])
    assert _flat(flows.returns_paid) == pytest.approx([412_500, 100_000, 50_000])
    assert _flat(flows.spending) == pytest.approx([412_500, 100_000, 50_000])


def test_skill_improvement_subsidies_are_spending(tmp_path):
    law = _law(tmp_path, assumptions=PLAIN_ASSUMPTIONS.replace(
        "skills_subsidy_per_insured_year: 0.0", "skills_subsidy_per_insured_year: 12.0"))
    flows = Flows(SHAPE)
    flows.spending[...] = 0.0
    steps.pay_skills_subsidy(flows, law, 0)
    # 12 yuan per insured a year: A 10,000 insured → 10,000 yuan a month
    assert _flat(flows.spending)[0] == pytest.approx(10_000)


def test_settling_adds_contributions_and_takes_spending_and_the_skills_transfer(law, state):
    flows = Flows(SHAPE)
    flows.contributions[...] = 500_000.0
    flows.spending[...] = 150_000.0
    flows.benefits[...] = 100_000.0
    state.spent_total[...] = 1_000.0
    state.spent_benefits[...] = 0.0
    steps.settle(state, flows, law, 0, transfer_due=False, track_benefits=True)
    assert _flat(state.balance) == pytest.approx([9_350_000, 950_000, 550_000])
    # spending counts toward next January's denominator; the benefits part too
    assert _flat(state.spent_total) == pytest.approx([151_000] * 3)
    assert _flat(state.spent_benefits) == pytest.approx([100_000] * 3)


def test_public_finance_tops_a_negative_balance_up_to_zero(law, state):
    flows = Flows(SHAPE)
    state.balance[...] = np.array([5.0, -50.0, 0.0])[:, None, None]
    steps.top_up_from_public_finance(state, flows)
    assert _flat(state.balance) == [5.0, 0.0, 0.0]
    assert _flat(-flows.shortfall) == [0.0, 50.0, 0.0]


def test_january_flows_are_zero_in_the_other_months(law, state):
    flows = _opened(law, state)
    assert _flat(flows.remittance)[0] == pytest.approx(300_000)
    steps.clear_january_flows(flows)
    for name in ("remittance", "pool_transfer", "fiscal_subsidy_returns"):
        assert _flat(getattr(flows, name)) == [0.0, 0.0, 0.0]


def test_the_first_variant_view_of_inputs_shapes_arrays_to_broadcast(law):
    # law arrays end in (variant, path) axes of 1: they broadcast over any block
    assert law.contributions.sme.shape == (24, 3, 1, 1)
    assert law.tests.general_months.shape == (24, 1, 1)
    assert dataclasses.is_dataclass(law.returns.rate_sme)
