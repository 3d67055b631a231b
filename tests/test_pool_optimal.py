"""The pool's `optimal` rule (policy.pool.allocation = optimal): in a scarce January the grants
that fund the most regions in full (`regions_funded`) or the most firms (`firms_covered`),
solved exactly by a sort, checked against scipy's solvers, and the same however the columns
are chunked. Requests are already capped; a region the pool does not meet in full pays the rest
of its returns with local public finance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from fundsim.inputs.scenario import load_scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs, stack
from fundsim.model.pool import allocate, firms_funded, regions_funded
from fundsim.model.shocks import draws_for
from fundsim.run.accounts import residuals
from fundsim.run.dataset import build_dataset
from fundsim.run.simulation import prepare, simulate

# three regions ask a pool of 100 for 90, 40 and 50; the first is the neediest (2 months of
# reserve, then 5 and 8)
REQUESTS = np.array([[90.0], [40.0], [50.0]])
RESERVE = np.array([[2.0], [5.0], [8.0]])
POOL = np.array([100.0])


def test_optimal_funds_more_regions_in_full_than_both_simple_rules():
    pro_rata = allocate(REQUESTS, POOL, "pro_rata")
    neediest = allocate(REQUESTS, POOL, "neediest_first", need=RESERVE)
    optimal = allocate(REQUESTS, POOL, "optimal")
    # pro rata: 100/180 of each request, 50, 22.2 and 27.8 — no region met in full
    assert pro_rata[:, 0] == pytest.approx([50.0, 200 / 9, 250 / 9])
    # neediest first: the 90 in full, the 10 left to the next by reserve — one region
    assert neediest[:, 0] == pytest.approx([90.0, 10.0, 0.0])
    # optimal: the two smallest requests, 40 + 50, in full; the 10 left to the 90 — two
    assert optimal[:, 0] == pytest.approx([10.0, 40.0, 50.0])
    assert [int(regions_funded(REQUESTS, g)[0]) for g in (pro_rata, neediest, optimal)] == [0, 1, 2]
    # every rule hands out the whole pool: only who pays (the pool or local finance) changes
    assert [float(g.sum()) for g in (pro_rata, neediest, optimal)] == pytest.approx([100.0] * 3)


def test_optimal_for_firms_funds_the_most_firms_per_yuan_first():
    firms = np.array([[180.0], [40.0], [150.0]])  # 2, 1 and 3 firms per yuan requested
    by_firms = allocate(REQUESTS, POOL, "optimal", objective="firms_covered", firms=firms)
    # the third region (3 a yuan) in full, 50; the first (2 a yuan) the 50 left; the second none
    assert by_firms[:, 0] == pytest.approx([50.0, 0.0, 50.0])
    # firms funded: 150 + 180 × 50/90 = 250, against 370 × 100/180 = 205.6 pro rata,
    # 180 + 40 × 10/40 = 190 neediest first and 180 × 10/90 + 40 + 150 = 210 by regions funded
    counted = [float(firms_funded(REQUESTS, g, firms)[0]) for g in (
        by_firms, allocate(REQUESTS, POOL, "pro_rata"),
        allocate(REQUESTS, POOL, "neediest_first", need=RESERVE),
        allocate(REQUESTS, POOL, "optimal"))]
    assert counted == pytest.approx([250.0, 370 * 100 / 180, 190.0, 210.0])


def test_ties_go_to_the_first_region_and_a_pool_that_suffices_meets_every_request():
    requests = np.array([[30.0, 30.0], [30.0, 30.0], [0.0, 30.0]])
    grants = allocate(requests, np.array([45.0, 1000.0]), "optimal")
    # equal requests: the first in order in full, the second the 15 left; a large pool: all
    assert grants.tolist() == [[30.0, 30.0], [15.0, 30.0], [0.0, 30.0]]
    firms = np.array([[3.0], [3.0], [9.0]])  # the same firms per yuan in the first two
    assert allocate(requests, np.array([45.0, 1000.0]), "optimal", objective="firms_covered",
                    firms=firms).tolist() == [[30.0, 30.0], [15.0, 30.0], [0.0, 30.0]]


def _milp_regions_funded(c: np.ndarray, pool: float) -> float:
    """max Σ z, g ≥ c z, 0 ≤ g ≤ c, Σ g ≤ pool, z binary (z = 0 where nothing is asked)."""
    n = len(c)
    eye = np.eye(n)
    constraints = [LinearConstraint(np.hstack([np.ones(n), np.zeros(n)]), -np.inf, pool),
                   LinearConstraint(np.hstack([eye, -np.diag(c)]), 0.0, np.inf)]
    bounds = Bounds(np.zeros(2 * n), np.concatenate([c, (c > 0).astype(float)]))
    res = milp(np.concatenate([np.zeros(n), -np.ones(n)]), constraints=constraints,
               bounds=bounds, integrality=np.concatenate([np.zeros(n), np.ones(n)]))
    assert res.success
    return -res.fun


def _lp_firms_covered(c: np.ndarray, f: np.ndarray, pool: float) -> float:
    """max Σ f g / c, 0 ≤ g ≤ c, Σ g ≤ pool."""
    weight = np.divide(f, c, out=np.zeros_like(c), where=c > 0)
    res = linprog(-weight, A_ub=np.ones((1, len(c))), b_ub=[pool],
                  bounds=list(zip(np.zeros_like(c), c, strict=True)), method="highs-ds")
    assert res.success
    return -res.fun


problems = st.integers(1, 6).flatmap(lambda n: st.integers(1, 5).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.sampled_from([0, 0, 5, 10, 25]) | st.integers(0, 100),
                      min_size=k, max_size=k), min_size=n, max_size=n),
    st.lists(st.integers(0, 1000), min_size=n, max_size=n),
    st.lists(st.integers(0, 400), min_size=k, max_size=k),
    st.integers(1, k))))


@settings(max_examples=30, deadline=None)
@given(problem=problems)
def test_the_sorted_answer_is_the_solvers_optimum_within_caps_and_pool_whatever_the_chunks(
        problem):
    requests, firms, pool, split = problem
    c = np.array(requests, dtype=float)            # region × column
    f = np.array(firms, dtype=float)[:, None]
    a = np.array(pool, dtype=float)
    for objective in ("regions_funded", "firms_covered"):
        g = allocate(c, a, "optimal", objective=objective, firms=f)
        assert (g >= 0).all() and (g <= c).all()
        assert (np.cumsum(g, axis=0)[-1] <= a * (1 + 1e-12)).all()
        # the same computed column by column in two chunks
        parts = [allocate(c[:, cols], a[cols], "optimal", objective=objective, firms=f)
                 for cols in (slice(0, split), slice(split, None))]
        assert np.array_equal(g, np.concatenate(parts, axis=1))
        for j in range(c.shape[1]):
            if objective == "regions_funded":
                want = _milp_regions_funded(c[:, j], a[j])
                got = float(regions_funded(c[:, j], g[:, j]))
            else:
                want = _lp_firms_covered(c[:, j], f[:, 0], a[j])
                got = float(firms_funded(c[:, j], g[:, j], f[:, 0]))
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9)


def _scarce(allocation: str, objective: str = "regions_funded"):
    """The default province with no opening pool and a cap of 10 × the remittance, so that the
    pool cannot meet every capped request."""
    scenario = load_scenario("default", [
        f"policy.pool.allocation={allocation}", f"policy.pool.allocation_objective={objective}",
        "policy.pool.cap_multiple=10"])
    return dataclasses.replace(scenario, pool_opening_balance=0.0)


def test_the_default_run_under_optimal_conserves_money_and_grants_no_more_than_pro_rata():
    pro_rata, optimal = (simulate(load_scenario("default", [f"policy.pool.allocation={rule}"]))
                         for rule in ("pro_rata", "optimal"))
    assert max(residuals(optimal).values()) < 1e-4
    granted = float(optimal["pool_transfer"].sum())
    assert 0 < granted <= float(pro_rata["pool_transfer"].sum()) * (1 + 1e-12)


def test_in_a_scarce_first_january_optimal_funds_the_most_regions_and_firms():
    runs = {key: simulate(_scarce(*key)) for key in (
        ("pro_rata",), ("neediest_first",), ("optimal",), ("optimal", "firms_covered"))}
    funded, firms = {}, {}
    for key, ds in runs.items():
        assert max(residuals(ds).values()) < 1e-4, key
        jan = ds.isel(month=0)  # every run opens in the same state: only the rule differs
        granted = jan["pool_transfer"].values
        # the request capped at cap_multiple × the remittance (public finance pays the rest)
        capped = np.minimum(granted + jan["fiscal_subsidy_returns"].values,
                            (jan["cap_multiple"] * jan["remittance"]).values)
        funded[key] = int(regions_funded(capped, granted * (1 + 1e-12)))
        weights = build_inputs(*prepare(_scarce(*key))).pool.firms[0, :, 0]
        firms[key] = float(firms_funded(capped, granted, weights))
        assert float(granted.sum()) < float(capped.sum())  # scarce indeed
    # 2020: five regions ask for more than the pool holds; pro rata meets none in full, optimal
    # as many as any rule (here four: the smallest four capped requests fit in the pool)
    assert funded[("pro_rata",)] == 0
    assert funded[("optimal",)] == max(funded.values()) == 4
    assert firms[("optimal", "firms_covered")] >= max(firms.values()) * (1 - 1e-12)


def test_rules_side_by_side_give_each_variant_its_own_run_whatever_the_blocks():
    keys = (("pro_rata",), ("optimal",), ("optimal", "firms_covered"), ("neediest_first",))
    prepared = [prepare(_scarce(*key)) for key in keys]
    regions = prepared[0][1]
    inputs = [build_inputs(scenario, regions) for scenario, _ in prepared]
    draws = draws_for(prepared[0][0], len(regions), 3, 5)
    together = run_engine(stack(inputs), 3, threads=2, **draws)["pool_transfer"]
    for v, inp in enumerate(inputs):
        alone = run_engine(inp, 3, threads=1, **draws)["pool_transfer"]
        np.testing.assert_array_equal(together[..., 3 * v:3 * v + 3], alone, err_msg=str(keys[v]))
    assert not np.array_equal(together[..., 0:3], together[..., 3:6])  # the rules do differ
    ds = build_dataset(prepared[1][0], regions, inputs[1], run_engine(inputs[1], 3, **draws), 3,
                       5, "test")
    assert max(residuals(ds).values()) < 1e-4 * (1 + float(np.abs(ds["balance"]).max()) * 1e-12)
