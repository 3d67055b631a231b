"""A region's contribution rate chosen each January from its months of reserve
(``policy.contributions.schedule``), never above the national rate: off by default.

The hand case: two regions from January 2020, no growth or interest, SMEs only (conftest.py),
Inner Mongolia's layer (2020: SME return 100 %; 2021: 60 %), the schedule's default bands
(18 months → 0.8 %, 24 months → 0.5 %, after the 2018 work-injury rule):
- 甲 (A) has 30 months of reserve in January 2020: it pays 0.5 % in 2020;
- 乙 (B) has 20 months: it pays 0.8 %.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import write_province
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fundsim
from fundsim.run.accounts import residuals

A = {  # contributions at 1 %: 10,000 × 5,000 × 1 % = 500,000 a month; benefits 100 × 1,500
    "code": "A", "name": "甲市", "insured": 10000, "wage": 5000, "opening_balance": 9_000_000,
    "last_year_expenditure": 3_600_000, "last_year_benefits": 1_800_000,
    "last_year_contributions": 6_000_000, "benefit_recipients": 100, "monthly_benefit": 1500,
}
B = {  # contributions at 1 %: 100,000 a month; 2,000,000 ÷ 100,000 = 20 months of reserve
    "code": "B", "name": "乙市", "insured": 2000, "wage": 5000, "opening_balance": 2_000_000,
    "last_year_expenditure": 1_200_000, "last_year_benefits": 720_000,
    "last_year_contributions": 1_200_000, "benefit_recipients": 40, "monthly_benefit": 1500,
}
ON = "  policy.contributions.schedule.enabled: true\n"


def series(ds, name, code):
    return ds[name].sel(region=code).values


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schedule")
    return fundsim.simulate(write_province(folder, [A, B], reform=ON))


def test_a_region_with_30_months_pays_the_lower_bands_rate_and_its_next_base_shrinks(scheduled):
    ds = scheduled
    # January 2020: A 30 months → band 2 (≥ 24): 0.5 %; B 20 months → band 1 (18–23): 0.8 %
    assert series(ds, "reserve_months", "A")[0] == pytest.approx(30.0)
    assert series(ds, "contribution_rate", "A")[:12] == pytest.approx([0.005] * 12)
    assert series(ds, "contribution_rate", "B")[:12] == pytest.approx([0.008] * 12)
    # contributions: 500,000 × 0.5 / 1 = 250,000 a month (A); 100,000 × 0.8 = 80,000 (B)
    assert series(ds, "contributions", "A")[:12] == pytest.approx([250_000] * 12)
    assert series(ds, "contributions", "B")[:12] == pytest.approx([80_000] * 12)
    # 2020's return base is the data's 6,000,000: 100 % × 6,000,000 ÷ 12 = 500,000 a month.
    # A's balance: 9,000,000 − 300,000 remitted (5 % × 6,000,000) + 12 × (250,000 − 150,000
    # benefits − 500,000 returns) = 3,900,000; spending 12 × 650,000 → 6 months: the national
    # 1 % again in 2021
    assert series(ds, "returns_general", "A")[:12] == pytest.approx([500_000] * 12)
    assert series(ds, "balance", "A")[11] == pytest.approx(3_900_000)
    assert series(ds, "reserve_months", "A")[12] == pytest.approx(6.0)
    assert series(ds, "contribution_rate", "A")[12:] == pytest.approx([0.01] * 12)
    assert series(ds, "contributions", "A")[12:] == pytest.approx([500_000] * 12)
    # 2021's base is what 2020 collected, 12 × 250,000 = 3,000,000 (not 6,000,000 at 1 %):
    # the remittance 5 % × 3,000,000 = 150,000; the return 60 % × 3,000,000 ÷ 12 = 150,000 a
    # month
    assert series(ds, "remittance", "A")[12] == pytest.approx(150_000)
    assert series(ds, "returns_general", "A")[12:] == pytest.approx([150_000] * 12)
    # A fails the general test: its fund (3,900,000 − 150,000) is under its floor (6 × 650,000),
    # so it asks the pool for the whole bill 1,800,000; the cap is 2 × 150,000 = 300,000 and the
    # pool holds 2020's remittances (300,000 + 5 % × 1,200,000 = 360,000) and 2021's: 300,000
    # granted, public finance pays 1,500,000. January 2021: 3,900,000 − 150,000 + 300,000
    # + 1,500,000 + 500,000 − 150,000 − 150,000 = 5,750,000
    assert series(ds, "pool_transfer", "A")[12] == pytest.approx(300_000)
    assert series(ds, "fiscal_subsidy_returns", "A")[12] == pytest.approx(1_500_000)
    assert series(ds, "balance", "A")[12] == pytest.approx(5_750_000)
    # B's 2021 remittance: 5 % × 12 × 80,000 = 48,000
    assert series(ds, "remittance", "B")[12] == pytest.approx(48_000)
    assert max(residuals(ds).values()) < 1e-6


def test_off_by_default_changes_nothing_and_a_schedule_at_the_national_rate_neither(province):
    path = province([A, B])
    off = fundsim.simulate(path)
    assert "contribution_rate" not in off
    same = fundsim.simulate(path, overrides=[
        "policy.contributions.schedule.enabled=true",
        "policy.contributions.schedule.band_1.rate=0.01",
        "policy.contributions.schedule.band_2.rate=0.01"])
    assert float(same["contribution_rate"].min()) == 0.01
    for name in ("balance", "contributions", "remittance", "returns_paid", "pool_balance"):
        np.testing.assert_allclose(same[name], off[name], rtol=1e-12, atol=1e-6, err_msg=name)


def test_a_band_above_the_national_rate_is_held_to_it(province):
    ds = fundsim.simulate(province([A], months=12), overrides=[
        "policy.contributions.schedule.enabled=true",
        "policy.contributions.schedule.band_2.rate=0.02"])   # A reaches band 2 (30 months)
    assert series(ds, "contribution_rate", "A") == pytest.approx([0.01] * 12)
    assert series(ds, "contributions", "A") == pytest.approx([500_000] * 12)


def test_a_schedule_switched_on_mid_year_applies_januarys_choice_from_then(province):
    ds = fundsim.simulate(province([A], months=12, reform=(
        "  policy.contributions.schedule.enabled: {2020-07-01: true}\n")))
    assert series(ds, "contribution_rate", "A") == pytest.approx([0.01] * 6 + [0.005] * 6)


def test_the_schedule_is_chunking_independent(monkeypatch):
    import fundsim.model.engine as engine
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.inputs import build_inputs
    from fundsim.model.shocks import inflow_multipliers
    from fundsim.run.simulation import prepare

    scenario, regions = prepare(load_scenario(
        "default", ["policy.contributions.schedule.enabled=true"]))
    inp = build_inputs(scenario, regions)
    national, regional = inflow_multipliers(scenario.assumptions.claimants.shock, 60, 5, 14, 40,
                                            seed=4)
    level = np.exp(np.random.default_rng(1).normal(0.0, 0.05, (60, 40)))
    one = engine.run_engine(inp, 40, national, regional, level, threads=1)
    monkeypatch.setattr(engine, "CACHE_BYTES", 8 * 14 * 7)  # blocks of 7 paths
    many = engine.run_engine(inp, 40, national, regional, level, threads=2)
    assert "contribution_rate" in one
    for name in one:
        np.testing.assert_array_equal(one[name], many[name], err_msg=name)


def test_a_projections_own_months_fed_back_give_the_same_projection_under_a_schedule():
    """18 actual months, across a January: the year's base is what was actually collected."""
    from fundsim.inputs.actuals import FIELDS, Actuals

    on = ["policy.contributions.schedule.enabled=true"]
    projection = fundsim.simulate("default", overrides=on)
    k = 18
    values = {key: projection[key].transpose("month", "region").values[:k].astype(float)
              for key in FIELDS if key in projection and key != "insured"}
    given_ = Actuals("test", projection["month"].values[:k].astype("datetime64[M]"),
                     projection["region"].values, values)
    again = fundsim.simulate("default", overrides=on, actuals=given_)
    for name in ("balance", "contributions", "contribution_rate", "remittance", "returns_paid"):
        np.testing.assert_allclose(again[name], projection[name], rtol=1e-9, atol=1e-6,
                                   err_msg=name)
    assert max(residuals(again).values()) < 1e-4


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(months_1=st.integers(0, 40), months_2=st.integers(0, 40),
       rate_1=st.integers(0, 20), rate_2=st.integers(0, 20), paths=st.sampled_from([1, 3]))
def test_money_is_conserved_whatever_the_schedule(months_1, months_2, rate_1, rate_2, paths):
    folder = Path(tempfile.mkdtemp(prefix="schedule"))
    path = write_province(folder, [A, B], reform=ON, pool=50_000)
    key = "policy.contributions.schedule"
    ds = fundsim.simulate(path, paths=paths, seed=2, overrides=[
        f"{key}.band_1.months={months_1}", f"{key}.band_2.months={months_2}",
        f"{key}.band_1.rate={rate_1 / 1000}", f"{key}.band_2.rate={rate_2 / 1000}"])  # 0–2 %
    assert max(residuals(ds).values()) < 1e-4
    rate = ds["contribution_rate"].values
    assert (rate >= 0).all() and (rate <= 0.01).all()
