"""The pool's transfer as a loan (policy.pool.support: loan), not a grant.

A failing region receives the same cash as under a grant, and owes it: each month it pays the
pool interest on what it owed at the end of the month before (``loan_interest_rate`` ÷ 12);
each January in which it does not ask the pool for help it repays ``loan_repayment_share`` of
its balance above the own-fund floor (``own_fund_floor_months`` × last year's monthly
spending), at most what it owes. Money is conserved: the region, pool and province identities
hold with the loan flows, and ``loans_outstanding`` moves by the loans less the repayments.

The hand province (conftest.py: no growth, no interest, full take-up) has one region, 借市 (L):
2,000 insured × 5,000 yuan × 1 % = 100,000 yuan of contributions a month, nobody on benefit,
600,000 yuan at the start of 2020 against 1,200,000 spent in 2019 (6 months of reserve), and
1,200,000 of SME contributions paid in 2019; the pool holds 100,000.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import write_province
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hand_cases import A, B, C

import fundsim
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario
from fundsim.model.engine import LOAN_VARIABLES, run_engine
from fundsim.model.inputs import build_inputs, stack
from fundsim.model.shocks import draws_for
from fundsim.run.accounts import province_annual, residuals

L = {"code": "L", "name": "借市", "insured": 2000, "wage": 5000, "opening_balance": 600_000,
     "last_year_expenditure": 1_200_000, "last_year_benefits": 0,
     "last_year_contributions": 1_200_000, "benefit_recipients": 0, "monthly_benefit": 0}

LOAN = ("  policy.pool.support: loan\n"
        "  policy.pool.loan_interest_rate: 0.06\n"
        "  policy.pool.loan_repayment_share: 0.1\n")
TOLERANCE = 1e-4  # yuan


def series(ds, name, code="L"):
    return ds[name].sel(region=code).values


@pytest.fixture(scope="module")
def lent(tmp_path_factory):
    path = write_province(tmp_path_factory.mktemp("loan"), [L], pool=100_000, reform=LOAN)
    return fundsim.simulate(path)


def test_a_failing_region_borrows_pays_a_years_interest_and_repays_from_its_surplus(lent):
    # January 2020: 6 months of reserve fail the 12-month test. L remits 5 % × 1,200,000 =
    # 60,000 (pool 160,000); its general-return bill (100 % of 1,200,000) finds no own fund
    # above the floor (540,000 < 6 × 100,000), so the pool lends its cap, 2 × 60,000 = 120,000,
    # and public finance pays 1,080,000 - the same cash as a grant, now owed.
    assert series(lent, "pool_transfer")[0] == pytest.approx(120_000)
    assert series(lent, "loan_advances")[0] == pytest.approx(120_000)
    assert series(lent, "fiscal_subsidy_returns")[0] == pytest.approx(1_080_000)
    assert series(lent, "loans_outstanding")[0] == pytest.approx(120_000)
    # 540,000 + 1,200,000, then 100,000 in and 100,000 of returns out a month
    assert series(lent, "balance")[0] == pytest.approx(1_740_000)
    # a year's interest at 6 %: 120,000 × 0.06 ÷ 12 = 600 a month, February 2020 to January
    # 2021 (nothing was owed at the end of December 2019)
    interest = series(lent, "loan_interest")
    assert interest[0] == 0.0
    assert interest[1:13] == pytest.approx([600.0] * 12)
    assert interest[1:13].sum() == pytest.approx(7_200)
    assert series(lent, "balance")[11] == pytest.approx(1_740_000 - 11 * 600)  # 1,733,400
    # January 2021: 1,733,400 × 12 ÷ 1,200,000 = 17.3 months, L passes and asks for nothing.
    # After January's interest (600) and remittance (60,000) it holds 1,672,800; the floor is
    # 6 × 100,000: it repays 10 % × 1,072,800 = 107,280 of the 120,000 it owes.
    assert series(lent, "reserve_months")[12] == pytest.approx(17.334)
    assert series(lent, "loan_repayment")[12] == pytest.approx(107_280)
    assert series(lent, "loans_outstanding")[12] == pytest.approx(12_720)
    assert series(lent, "loan_interest")[13] == pytest.approx(12_720 * 0.005)  # 63.60
    # 1,672,800 − 107,280 + 100,000 − the 2021 return (60 % × 1,200,000 ÷ 12 = 60,000)
    assert series(lent, "balance")[12] == pytest.approx(1_605_520)
    # the pool: 40,000 after January 2020, + 11 × 600, + 600 + 60,000 + 107,280 in January 2021
    assert lent["pool_balance"].values[11] == pytest.approx(46_600)
    assert lent["pool_balance"].values[12] == pytest.approx(214_480)
    # repayments only in January
    months = lent["month"].dt.month.values
    assert float(np.abs(series(lent, "loan_repayment")[months != 1]).max()) == 0.0


def test_the_loans_identity_and_every_other_hold_on_the_hand_province(lent):
    result = residuals(lent)
    assert set(result) >= {"region", "pool", "province", "loans"}
    assert max(result.values()) < TOLERANCE, result
    # the province's annual accounts carry the loans and what is owed at each year end
    table = province_annual(lent)
    assert table["loan_advances"].tolist() == pytest.approx([120_000, 0])
    assert table["loans_outstanding_year_end"].tolist() == pytest.approx([120_000, 12_720])
    assert table["loan_interest"].tolist() == pytest.approx([11 * 600, 600 + 11 * 63.6])


def test_a_loan_gives_the_region_the_same_cash_as_a_grant_in_its_first_january(tmp_path, lent):
    granted = fundsim.simulate(write_province(tmp_path, [L], pool=100_000))
    assert series(granted, "balance")[0] == pytest.approx(series(lent, "balance")[0])
    assert series(granted, "pool_transfer")[0] == pytest.approx(120_000)
    # under the grant L keeps the 7,200 of interest and the 107,280 it repaid
    assert series(granted, "balance")[12] - series(lent, "balance")[12] == pytest.approx(
        7_200 + 107_280)


def test_current_law_grants_record_no_loans_and_the_loans_identity_is_zero():
    ds = fundsim.simulate("default")
    assert [name for name in ds.data_vars if "loan" in name] == []
    assert residuals(ds)["loans"] == 0.0


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """甲 乙 丙 of the hand cases and 借市, 36 months: regions that borrow, repay and never can."""
    return write_province(tmp_path_factory.mktemp("four"), [A, B, C, L], pool=100_000,
                          months=36, reform="  policy.pool.support: loan\n")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(rate=st.floats(0.0, 0.2), share=st.floats(0.0, 1.0), paths=st.integers(1, 3),
       seed=st.integers(0, 2**32 - 1), order=st.sampled_from(["own_fund_first", "pool_first"]))
def test_loans_conserve_money_whatever_the_rate_and_the_share(province, rate, share, paths,
                                                              seed, order):
    ds = fundsim.simulate(province, paths=paths, seed=seed, overrides=[
        f"policy.pool.loan_interest_rate={rate}", f"policy.pool.loan_repayment_share={share}",
        f"policy.pool.funding_order={order}"])
    result = residuals(ds)
    assert max(result.values()) < TOLERANCE, result
    owed = ds["loans_outstanding"]
    assert float(owed.min()) >= -1e-6
    # never more repaid than owed, and everything lent was a transfer from the pool
    assert bool((ds["loan_repayment"] <= owed.shift(month=1, fill_value=0.0) + 1e-6).all())
    np.testing.assert_allclose(ds["loan_advances"], ds["pool_transfer"])
    # interest is the rate on last month's balance owed
    expected = owed.shift(month=1, fill_value=0.0) * rate / 12.0
    np.testing.assert_allclose(ds["loan_interest"], expected, rtol=1e-12, atol=1e-9)
    if share == 0.0:
        assert float(ds["loan_repayment"].max()) == 0.0


def test_loans_do_not_depend_on_the_chunking_nor_on_the_variants_beside_them(province):
    scenario = load_scenario(province, ["policy.pool.loan_interest_rate=0.05"])
    regions = load_regions(scenario.data_path)
    lending = build_inputs(scenario, regions)
    granting = build_inputs(load_scenario(province, ["policy.pool.support=grant"]), regions)
    draws = draws_for(scenario, len(regions), 4, 11)
    one = run_engine(lending, 4, threads=1, **draws)
    four = run_engine(lending, 4, threads=4, **draws)
    assert float(one["loans_outstanding"].max()) > 0
    for name in (*LOAN_VARIABLES, "balance", "pool_balance"):
        np.testing.assert_array_equal(one[name], four[name], err_msg=name)
    # a grant and a loan variant run together: each column as when run alone
    both = run_engine(stack([granting, lending]), 4, threads=2, **draws)
    alone = run_engine(granting, 4, threads=1, **draws)
    for name in ("balance", "pool_balance"):
        np.testing.assert_array_equal(both[name][..., 4:], one[name], err_msg=name)
        np.testing.assert_array_equal(both[name][..., :4], alone[name], err_msg=name)
    assert float(np.abs(both["loans_outstanding"][..., :4]).max()) == 0.0
    assert not set(LOAN_VARIABLES) & set(alone)


def test_a_summarised_monte_carlo_run_keeps_the_loans_and_balances(province):
    ds = fundsim.simulate(province, paths=4, seed=3, keep_paths=False)
    assert ds.attrs["paths_kept"] == "summary"
    assert float(ds["loans_outstanding"].max()) > 0
    result = residuals(ds)
    assert max(result.values()) < 1e-3, result
