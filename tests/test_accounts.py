"""Money is conserved: every region, the pool, the skills account and the province balance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fundsim
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import load_scenario, shipped_scenarios, with_overrides
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs
from fundsim.model.shocks import draws_for
from fundsim.run.accounts import residuals
from fundsim.run.dataset import build_dataset

TOLERANCE = 1e-4  # yuan, on balances of up to ~1e9 yuan


@pytest.mark.parametrize("name", shipped_scenarios())
def test_every_shipped_scenario_balances_every_ledger(name):
    result = residuals(fundsim.simulate(name))
    assert max(result.values()) < TOLERANCE, result


def test_identities_hold_on_every_path_of_a_stochastic_run():
    ds = fundsim.simulate("default", paths=40, seed=7)
    result = residuals(ds)
    assert max(result.values()) < TOLERANCE, result


def test_identity_spelled_out_for_one_region_from_the_file_alone(tmp_path):
    """The region identity written with the named variables, on a saved and reloaded file."""
    import xarray as xr

    from fundsim.run.files import save_netcdf

    save_netcdf(fundsim.simulate("default"), tmp_path / "results.nc")
    ds = xr.load_dataset(tmp_path / "results.nc", engine="h5netcdf")
    r = ds.sel(region="150800")  # 巴彦淖尔市, helped by the pool
    previous = np.concatenate([[float(r["opening_balance"])], r["balance"].values[:-1]])
    inflow = (r["contributions"] + r["interest"] + r["pool_transfer"] + r["fiscal_subsidy"]
              + r["pooling_transfer"])
    outflow = (r["benefits"] + r["medical_insurance"] + r["funeral_grants"]
               + r["price_subsidies"] + r["unemployment_subsidy"] + r["living_allowance"]
               + r["migrant_lump_sum"] + r["training_subsidies"] + r["skills_subsidy"]
               + r["other_spending"] + r["returns_paid"] + r["remittance"] + r["skills_transfer"])
    np.testing.assert_allclose(r["balance"].values, previous + (inflow - outflow).values,
                               rtol=0, atol=TOLERANCE)
    assert sorted(n for n in ds.data_vars if ds[n].attrs.get("flow") == "in") == sorted(
        ["contributions", "interest", "pool_transfer", "fiscal_subsidy", "pooling_transfer"])
    assert float(r["pool_transfer"].sum()) > 0


def test_components_add_up_to_their_flow():
    ds = fundsim.simulate("default")
    np.testing.assert_allclose(ds["returns_general"] + ds["returns_difficult"], ds["returns_paid"])
    np.testing.assert_allclose(ds["fiscal_subsidy_returns"] + ds["fiscal_subsidy_deficit"],
                               ds["fiscal_subsidy"])


# --- property-based: random valid provinces and policies ---------------------------------------

_SCENARIOS: dict[tuple[str, str], object] = {}


def _scenario(failing: str, allocation: str):
    key = (failing, allocation)
    if key not in _SCENARIOS:
        # every spending line non-zero somewhere: the price subsidy triggered in 2021
        _SCENARIOS[key] = with_overrides(
            load_scenario("default", [f"policy.pool.failing_regions={failing}",
                                      f"policy.pool.allocation={allocation}"]),
            [("assumptions.medical_share", 0.25), ("assumptions.subsidy_extra_share", 0.2),
             ("assumptions.allowance_share", 0.1), ("assumptions.lump_sum_share", 0.05),
             ("assumptions.cpi", {2021: 0.05}), ("assumptions.mortality_rate", 0.01),
             ("assumptions.training_subsidy_per_insured_year", 5.0),
             ("assumptions.other_spending_per_insured_year", 2.0)])
    return _SCENARIOS[key]


share = st.floats(0.0, 1.0)
money = st.floats(0.0, 5e8)


@st.composite
def provinces(draw):
    n = draw(st.integers(1, 6))
    columns = {
        "insured": st.floats(100, 1e6), "wage": st.floats(1000, 20000),
        "opening_balance": money, "last_year_contributions": money,
        "benefit_recipients": st.floats(0, 5e4), "monthly_benefit": st.floats(0, 3000),
        "remittance_rate": share, "sme_share": share, "eligible_share_sme": share,
        "eligible_share_large": share, "zero_layoff_share": share, "layoff_rate": share,
        "small30_share": share, "firms": st.floats(0, 1e5), "sme_firm_share": share,
        "difficult_share": st.floats(0, 0.2), "trainee_intake": st.floats(0, 2000),
        "special_difficulty": st.sampled_from([0.0, 1.0]), "skills_opening_balance": money,
        "wage_class": st.sampled_from([1.0, 2.0, 3.0]),
    }
    values = {k: np.array([draw(s) for _ in range(n)]) for k, s in columns.items()}
    values["large_share"] = 1.0 - values["sme_share"]
    values["last_year_expenditure"] = np.array([draw(money) for _ in range(n)])
    values["last_year_benefits"] = values["last_year_expenditure"] * draw(share)
    cap = np.array([draw(st.one_of(st.just(np.nan), st.floats(0, 5))) for _ in range(n)])
    return Regions(code=np.array([f"R{i}" for i in range(n)]),
                   name=np.array([f"地区{i}" for i in range(n)]), values=values, cap_override=cap)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions=provinces(), failing=st.sampled_from(["no_return", "pool_supported"]),
       allocation=st.sampled_from(["pro_rata", "neediest_first"]),
       pool=st.floats(0, 1e9), paths=st.integers(1, 3), seed=st.integers(0, 2**32 - 1),
       lag=st.lists(st.integers(0, 4), min_size=1, max_size=4).filter(any),
       one_fund=st.sampled_from([None, "2021-01-01", "2022-07-01"]))
def test_random_provinces_conserve_money_and_respect_the_rules(regions, failing, allocation,
                                                               pool, paths, seed, lag,
                                                               one_fund):
    shares = [w / sum(lag) for w in lag]
    shares[-1] = 1.0 - sum(shares[:-1])
    overrides = [("assumptions.payment_lag", shares)]
    if one_fund:  # the regions become one province-wide fund from that date
        overrides.append(("policy.pool.region_wide", {one_fund: True}))
    scenario = dataclasses.replace(
        with_overrides(_scenario(failing, allocation), overrides), pool_opening_balance=pool)
    inp = build_inputs(scenario, regions)
    out = run_engine(inp, paths, **draws_for(scenario, len(regions), paths, seed))
    ds = build_dataset(scenario, regions, inp, out, paths, seed, "test")
    result = residuals(ds)
    scale = 1.0 + float(np.abs(ds["balance"]).max()) * 1e-12
    assert max(result.values()) < TOLERANCE * scale, result
    # balances and the pool never go below zero
    assert float(ds["balance"].min()) >= 0 and float(ds["pool_balance"].min()) >= -1e-6
    # grants never exceed the cap, nor anything go to a region passing the general test
    cap = (ds["cap_multiple"] * ds["remittance"]).broadcast_like(ds["pool_transfer"])
    assert bool((ds["pool_transfer"] <= cap + 1e-6).all())
    assert float(ds["pool_transfer"].where(ds["passes_12"]).fillna(0).max()) == 0
    # the difficult-firm return only from the dues of a year whose 24-month test passed (with a
    # payment lag, last year's dues may still be paid this year)
    def failed_this_and_last_year(passes):
        last_year = passes.shift(month=12, fill_value=False)
        return ~passes & ~last_year

    quiet = failed_this_and_last_year(ds["passes_24"])
    assert float(ds["returns_difficult"].where(quiet).fillna(0).max()) == 0
    if failing == "no_return":
        quiet = failed_this_and_last_year(ds["passes_12"])
        assert float(ds["returns_general"].where(quiet).fillna(0).max()) == 0
        assert float(ds["fiscal_subsidy_returns"].max()) == 0


def test_one_province_wide_fund_covers_a_regions_deficit_from_the_others(tmp_path):
    """From 2021 the regions are one fund: 乙, whose benefits outrun its income, is kept at zero
    by 甲's balance, not by public finance; the transfers net to zero."""
    from conftest import write_province

    rich = {"code": "A", "name": "甲", "insured": 1000, "wage": 5000, "opening_balance": 1e8,
            "last_year_expenditure": 1e6, "last_year_benefits": 0, "last_year_contributions": 0,
            "benefit_recipients": 0, "monthly_benefit": 0}
    poor = {**rich, "code": "B", "name": "乙", "opening_balance": 0,
            "benefit_recipients": 100, "monthly_benefit": 1500}
    path = write_province(tmp_path, [rich, poor], start="2021-01", months=12,
                          reform="  policy.pool.region_wide: true\n")
    ds = fundsim.simulate(path)
    moved = ds["pooling_transfer"]
    # 乙's 100 recipients × 1,500 yuan, less its contributions, come from 甲 every month
    outgo = ds["benefits"].sel(region="B") - ds["contributions"].sel(region="B")
    np.testing.assert_allclose(moved.sel(region="B"), outgo.clip(min=0))
    np.testing.assert_allclose(moved.sum("region"), 0.0, atol=1e-6)
    assert float(ds["fiscal_subsidy"].sum()) == 0
    assert float(ds["balance"].sel(region="B").max()) == 0
