"""The affordability frontier: the highest ratio meeting the test with the chosen probability."""

from __future__ import annotations

import pytest

from fundsim.base.errors import InputError
from fundsim.inputs.scenario import load_scenario, with_overrides
from fundsim.run.frontier import frontier
from fundsim.run.simulation import prepare
from fundsim.run.sweep import run_variants

SME = "policy.returns.ratio.sme"


def _p_province(ratio: float, paths: int, seed: int) -> float:
    base, regions = prepare(load_scenario("default"))
    summary = run_variants([with_overrides(base, [(SME, ratio)])], regions, paths, seed)
    return float((~summary["province_below_general_later"]).mean())


def test_the_province_frontier_meets_the_target_and_a_little_more_does_not():
    # the province as one fund (regions and the pool) keeps 12 months up to an SME ratio near
    # 0.1 on 90% of these paths (the calibrated province, paying every spending line)
    result = frontier("default", scope="province", probability=0.9, paths=200, seed=3,
                      tolerance=0.01)
    assert result.ratio is not None and 0 < result.ratio < 1
    assert _p_province(result.ratio, 200, 3) >= 0.9
    assert result.achieved == pytest.approx(_p_province(result.ratio, 200, 3))
    assert _p_province(min(1.0, result.ratio + 2 * result.tolerance), 200, 3) < 0.9


def test_regions_no_ratio_can_save_are_named_and_left_out():
    result = frontier("default", probability=0.9, paths=100, seed=1)
    assert any("二连浩特市" in name for name in result.excluded)
    assert result.ratio is not None
    assert result.curve["probability"].sel(ratio=0.0) >= 0.9


def test_a_target_no_ratio_meets_is_said_plainly():
    # claimant inflows five times the steady level through 2021-2022: even with no return at all
    # the province falls below 12 months, so there is no frontier in [0, 1].
    surge = ["assumptions.claimants.inflow_multiplier={2021: 5.0, 2022: 5.0}"]
    result = frontier("default", scope="province", probability=0.9, paths=20, overrides=surge)
    assert result.ratio is None and result.achieved is None
    assert float(result.curve["probability"].max()) < 0.9


@pytest.mark.parametrize("kwargs, message", [
    ({"probability": 1.0}, "strictly between 0 and 1"),
    ({"key": "policy.pool.cap_multiple"}, "searches one of"),
    ({"tolerance": 0.0}, "must lie in"),
    ({"scope": "nation"}, "regions or province"),
])
def test_bad_frontier_arguments(kwargs, message):
    with pytest.raises(InputError, match=message):
        frontier("default", paths=10, **kwargs)


def test_the_frontier_is_never_below_a_curve_point_that_meets_the_target():
    result = frontier("default", scope="province", probability=0.95, paths=150, seed=7)
    curve = result.curve["probability"]
    leading = []
    for ratio, p in zip(curve["ratio"].values, curve.values, strict=True):
        if p < 0.95:
            break
        leading.append(ratio)
    assert result.ratio >= max(leading) - 1e-12
    assert result.curve.attrs["scenario"] == "default" and result.curve.attrs["paths"] == 150


def test_the_search_steps_as_scipys_brentq_without_importing_it():
    # P(r) − 0.95 for a toy fund: 97 % of paths keep the test below a ratio of 0.30, 93 % up to
    # 0.31, half above. Brent's method asks the bracket's ends, then the secant through them,
    # 0.25 + 0.10 × 0.02 / 0.47 = 0.254255…, and closes on the step at 0.30 within 0.005;
    # every point it asks, in order, is the one scipy.optimize.brentq asks.
    from scipy.optimize import brentq as scipy_brentq

    from fundsim.run.frontier import brentq

    def gap(r: float) -> float:
        return (0.97 if r < 0.3 else 0.93 if r < 0.31 else 0.5) - 0.95 + 1e-12

    ours: list[float] = []
    theirs: list[float] = []
    root = brentq(lambda r: ours.append(r) or gap(r), 0.25, 0.35, xtol=0.005)
    expected = scipy_brentq(lambda r: theirs.append(r) or gap(r), 0.25, 0.35, xtol=0.005)
    assert ours[:3] == [0.25, 0.35, pytest.approx(0.25 + 0.1 * 0.02 / 0.47, abs=1e-9)]
    assert ours == theirs and root == expected
    assert abs(root - 0.3) <= 0.005
    with pytest.raises(ValueError, match="different signs"):
        brentq(gap, 0.31, 0.35, xtol=0.005)


def test_the_search_runs_each_ratio_once(monkeypatch):
    # the province scope excludes no region; P is evaluated at the lowest ratio, at the 21
    # curve points (the lowest again among them) and by the search (its bracket's two ends
    # are curve points): those three are answered from the paths already run, so the engine
    # runs every ratio exactly once and three fewer than the evaluations counted
    from fundsim.run import frontier as search

    ran: list[float] = []
    real = search.run_variants

    def counted(variants, *args, **kwargs):
        ran.extend(float(v.monthly(SME)[0]) for v in variants)
        return real(variants, *args, **kwargs)

    monkeypatch.setattr(search, "run_variants", counted)
    result = frontier("default", scope="province", probability=0.9, paths=60, seed=2)
    assert result.ratio is not None
    assert len(ran) == len(set(ran)) == result.evaluations - 3
    assert result.evaluations > 1 + 21
