"""The engine's fast paths (the per-recipient lines fused into one amount, interest folded into the
balance) and its in-loop horizon summaries give the numbers of the plain path, which records
everything, on random provinces with random payment lags, rosters and reforms dated mid-year."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_accounts import _scenario, provinces

from fundsim.inputs.scenario import with_overrides
from fundsim.model.engine import fast_paths, run_engine
from fundsim.model.inputs import RosterAmounts, build_inputs
from fundsim.model.shocks import draws_for

SHORT = ("balance", "reserve_months", "pool_balance", "province_reserve_months")


def _roster(months: int, regions: int, draw) -> RosterAmounts:
    """A roster's dues for the first year, random amounts per region and month."""
    covered = np.arange(months) < 12
    amounts = {name: np.array([[draw(st.floats(0, 1e6)) for _ in range(regions)]
                               for _ in range(months)])
               for name in ("general", "difficult", "firms_general", "workers_general",
                            "firms_difficult", "workers_difficult")}
    return RosterAmounts(covered=covered, **amounts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions=provinces(), data=st.data(),
       lag=st.lists(st.integers(0, 4), min_size=1, max_size=4).filter(any),
       ratio=st.floats(0, 1), month=st.integers(2, 12), interest=st.floats(0, 0.05),
       expanded=st.floats(0, 0.3), medical=st.floats(0, 0.5),
       denominator=st.sampled_from(["total", "benefits"]),
       failing=st.sampled_from(["no_return", "pool_supported"]),
       paths=st.integers(1, 3), seed=st.integers(0, 2**32 - 1), with_roster=st.booleans())
def test_fast_paths_and_summaries_equal_the_plain_path(regions, data, lag, ratio, month,
                                                        interest, expanded, medical,
                                                        denominator, failing, paths, seed,
                                                        with_roster):
    shares = [w / sum(lag) for w in lag]
    shares[-1] = 1.0 - sum(shares[:-1])
    scenario = with_overrides(_scenario(failing, "pro_rata"), [
        ("assumptions.payment_lag", shares), ("assumptions.interest_rate", interest),
        ("assumptions.allowance_share", expanded),
        ("assumptions.medical_share", medical),
        ("policy.reserve.denominator", denominator),
        ("policy.returns.ratio.sme", {f"2021-{month:02d}-01": ratio})])
    scenario = dataclasses.replace(scenario, months=36)
    roster = _roster(36, len(regions), data.draw) if with_roster else None
    inp = build_inputs(scenario, regions, roster)
    draws = draws_for(scenario, len(regions), paths, seed)
    plain = run_engine(inp, paths, **draws, summarise=True)
    fast = run_engine(inp, paths, **draws, record=SHORT, summarise=True)
    shortcuts = fast_paths(inp, SHORT)
    assert shortcuts.fold_interest
    assert (shortcuts.fused_benefit is None) == (denominator == "benefits")
    scale = 1.0 + float(np.abs(plain["balance"]).max())
    for name in SHORT:
        finite = np.isfinite(plain[name])
        assert np.array_equal(finite, np.isfinite(fast[name])), name
        assert np.allclose(fast[name][finite], plain[name][finite], rtol=1e-9,
                           atol=1e-9 * scale), name
    # the in-loop summaries are the sums and extremes of what the plain path records
    for total, flow in (("returns_paid_total", "returns_paid"),
                        ("pool_transfer_total", "pool_transfer"),
                        ("fiscal_subsidy_returns_total", "fiscal_subsidy_returns"),
                        ("fiscal_subsidy_deficit_total", "fiscal_subsidy_deficit")):
        recorded = plain[flow].sum(axis=(0, 1))
        assert np.allclose(fast[total], recorded, rtol=1e-9, atol=1e-9 * scale), total
    january = np.flatnonzero(inp.calendar.january)
    assert np.array_equal(plain["below_general"], ~plain["passes_12"][january].all(axis=0))
    assert np.array_equal(plain["lowest_reserve_months"],
                          plain["reserve_months"][january].min(axis=(0, 1)))
