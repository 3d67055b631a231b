"""The affordability frontier: the highest return ratio that keeps 12 months of reserve with a
chosen probability.

For a ratio r (in force from the scenario's start, replacing later dated values), the Monte Carlo
estimate P(r) is the share of paths on which every region (or, with ``scope="province"``, the
province as one) stays at or above the general test at every assessment after the first — the
first is fixed by the data, whatever the ratio. Regions that fail even at the lowest ratio with
more than 1 − probability are excluded and named (no ratio can save them). Every evaluation uses
the same draws, so P is a non-increasing step function of r in practice. A grid of curve points
brackets the crossing of the target; Brent's method (:func:`brentq`, step for step scipy's
``brentq``) narrows it to within ``tolerance``; the reported ratio is the end of the leading run
of evaluated ratios that meet the target. A ratio is run once: asked again (the lowest ratio,
the curve's first point, the bracket's ends), its paths' outcomes are reused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario, load_scenario, with_overrides
from fundsim.model.shocks import draws_for
from fundsim.run.simulation import prepare
from fundsim.run.sweep import run_variants

RATIO_KEYS = ("policy.returns.ratio.sme", "policy.returns.ratio.large")


@dataclass
class Frontier:
    """The answer, with everything needed to judge it."""

    key: str
    probability: float
    scope: str
    ratio: float | None            # None: no ratio in range meets the target
    achieved: float | None         # P at the reported ratio
    tolerance: float
    bounds: tuple[float, float]
    excluded: list[str] = field(default_factory=list)
    evaluations: int = 0
    curve: xr.Dataset | None = None

    def to_dataset(self) -> xr.Dataset:
        """The curve with the answer in its attributes (``frontier.nc``)."""
        curve = self.curve.copy()
        curve.attrs.update({
            "key": self.key, "probability": self.probability, "scope": self.scope,
            "frontier_ratio": np.nan if self.ratio is None else self.ratio,
            "achieved_probability": np.nan if self.achieved is None else self.achieved,
            "tolerance": self.tolerance, "excluded_regions": "\n".join(self.excluded),
            "evaluations": self.evaluations,
        })
        return curve


class _Outcomes:
    """Per ratio, on every path: which regions fall below the general test after the first
    assessment, and whether the province does; each ratio run once on the shared draws."""

    def __init__(self, base: Scenario, regions: Regions, key: str, paths: int, seed: int):
        self.base, self.regions, self.key, self.paths, self.seed = base, regions, key, paths, seed
        self.draws = draws_for(base, len(regions), paths, seed)
        self.failing: dict[float, np.ndarray] = {}  # ratio → (region, path)
        self.province: dict[float, np.ndarray] = {}  # ratio → (path,)

    def __call__(self, ratios: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(variant, region, path) and (variant, path) failures at ``ratios``."""
        wanted = list(dict.fromkeys(float(r) for r in ratios if float(r) not in self.failing))
        if wanted:
            variants = [with_overrides(self.base, [(self.key, r)]) for r in wanted]
            summary = run_variants(variants, self.regions, self.paths, self.seed,
                                   draws=self.draws)
            for i, r in enumerate(wanted):
                self.failing[r] = summary["below_general_later"][i]
                self.province[r] = summary["province_below_general_later"][i]
        return (np.stack([self.failing[float(r)] for r in ratios]),
                np.stack([self.province[float(r)] for r in ratios]))


def _probability_fn(outcomes: _Outcomes, scope: str, keep: np.ndarray | None,
                    counter: list[int]) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """ratios → (P of meeting the test, per-region failure probability) on shared draws."""

    def evaluate(ratios: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        below, province = outcomes(ratios)
        counter[0] += len(ratios)
        if scope == "province":
            ok = ~province
        else:
            failing = below  # (variant, region, path)
            if keep is not None:
                failing = failing[:, keep, :]
            ok = ~failing.any(axis=1)
        return ok.mean(axis=-1), below.mean(axis=-1)

    return evaluate


#: scipy's ``brentq`` defaults: the relative tolerance (4 × machine epsilon) and iterations.
_RTOL = 4 * np.finfo(float).eps
_MAXITER = 100


def brentq(f: Callable[[float], float], xa: float, xb: float, xtol: float,
           rtol: float = _RTOL, maxiter: int = _MAXITER) -> float:
    """A root of ``f`` in [xa, xb] by Brent's method: scipy.optimize.brentq's algorithm
    (scipy/optimize/Zeros/brentq.c) operation for operation, so that it asks ``f`` at the same
    points in the same order and returns the same root — without importing scipy.optimize
    (0.3–0.5 s). ``f(xa)`` and ``f(xb)`` must differ in sign (or one be zero)."""
    if xtol <= 0:
        raise ValueError(f"xtol too small ({xtol:g} <= 0)")
    if rtol < _RTOL:
        raise ValueError(f"rtol too small ({rtol:g} < {_RTOL:g})")

    def value(x: float) -> float:
        y = float(f(x))
        if math.isnan(y):
            raise ValueError(f"the function value at x={x:f} is NaN; the search cannot go on")
        return y

    xpre, xcur = float(xa), float(xb)
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = value(xpre), value(xcur)
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # extrapolate
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):  # good short step
                spre, scur = scur, stry
            else:  # bisect
                spre = scur = sbis
        else:  # bisect
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = value(xcur)
    raise RuntimeError(f"Failed to converge after {maxiter} iterations, value is {xcur}.")


def check_arguments(key: str, probability: float, scope: str, tolerance: float,
                    bounds: tuple[float, float], paths: int) -> list[Problem]:
    """Every problem with the frontier's arguments."""
    problems = []
    if key not in RATIO_KEYS:
        problems.append(Problem("--key", "", key, f"the frontier searches one of {RATIO_KEYS}"))
    if not 0.0 < probability < 1.0:
        problems.append(Problem("--probability", "", "probability",
                                f"must lie strictly between 0 and 1, got {probability}"))
    if scope not in ("regions", "province"):
        problems.append(Problem("--scope", "", "scope", f"regions or province, got {scope!r}"))
    if not 0 < tolerance < 0.5:
        problems.append(Problem("--tolerance", "", "tolerance", f"must lie in (0, 0.5), got "
                                f"{tolerance}"))
    low, high = bounds
    if not 0.0 <= low < high <= 1.0:
        problems.append(Problem("--bounds", "", "bounds", f"need 0 ≤ low < high ≤ 1, got {bounds}"))
    if paths < 1:
        problems.append(Problem("--paths", "", "paths", f"must be at least 1, got {paths}"))
    return problems


def frontier(scenario: str | Path | Scenario, *, key: str = "policy.returns.ratio.sme",
             probability: float = 0.95, scope: str = "regions", paths: int = 1000,
             seed: int = 0, tolerance: float = 0.005, bounds: tuple[float, float] = (0.0, 1.0),
             curve_points: int = 21, overrides: tuple[str, ...] = ()) -> Frontier:
    """Find the highest ``key`` ratio meeting the reserve test with ``probability``."""
    problems = check_arguments(key, probability, scope, tolerance, bounds, paths)
    if problems:
        raise InputError(problems)
    low, high = bounds
    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, list(overrides))
    outcomes = _Outcomes(*prepare(base), key, paths, seed)
    regions = outcomes.regions
    counter = [0]  # the search's evaluations of P (a ratio asked again is not run again)
    evaluate = _probability_fn(outcomes, scope, None, counter)
    p_low, fail_low = evaluate(np.array([low]))
    excluded: list[str] = []
    keep = None
    if scope == "regions":
        hopeless = fail_low[0] > 1.0 - probability
        if hopeless.any():
            excluded = [f"{c} {n}" for c, n in zip(regions.code[hopeless],
                                                    regions.name[hopeless], strict=True)]
            keep = ~hopeless
            evaluate = _probability_fn(outcomes, scope, keep, counter)
            p_low, _ = evaluate(np.array([low]))
    grid = np.linspace(low, high, curve_points)
    p_grid, fail_grid = evaluate(grid)
    curve = xr.Dataset(
        {"probability": ("ratio", p_grid),
         "region_fail_probability": (("ratio", "region"), fail_grid)},
        coords={"ratio": grid, "region": regions.code, "region_name": ("region", regions.name)})
    curve.attrs.update(scenario=base.name, scenario_source=base.shown_source, paths=int(paths),
                       seed=int(seed),
                       general_months=float(base.monthly("policy.reserve.general_months")[0]),
                       difficult_months=float(
                           base.monthly("policy.reserve.difficult_months")[0]))
    result = Frontier(key, probability, scope, None, None, tolerance, bounds, excluded,
                      curve=curve)
    points = {float(r): float(p) for r, p in zip(grid, p_grid, strict=True)}
    points[low] = float(p_low[0])

    def meeting() -> tuple[float, float, float | None] | None:
        """The end of the leading run of evaluated ratios meeting the target, its P, and the
        next evaluated ratio (which fails), or None when even the lowest fails."""
        ordered = sorted(points)
        if points[ordered[0]] < probability:
            return None
        for here, there in zip(ordered, ordered[1:], strict=False):
            if points[there] < probability:
                return here, points[here], there
        return ordered[-1], points[ordered[-1]], None

    found = meeting()
    if found is not None and found[2] is not None:
        def gap(r: float) -> float:
            points[r] = float(evaluate(np.array([r]))[0][0])
            return points[r] - probability + 1e-12  # meeting the target exactly counts

        brentq(gap, found[0], found[2], xtol=tolerance)
        found = meeting()
    if found is not None:
        result.ratio, result.achieved = found[0], found[1]
    result.evaluations = counter[0]
    return result
