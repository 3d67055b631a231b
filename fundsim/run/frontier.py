"""The affordability frontier: the highest return ratio that keeps 12 months of reserve with a
chosen probability.

For a ratio r (in force from the scenario's start, replacing later dated values), the Monte Carlo
estimate P(r) is the share of paths on which every region (or, with ``scope="province"``, the
province as one) stays at or above the general test at every assessment after the first — the
first is fixed by the data, whatever the ratio. Regions that fail even at the lowest ratio with
more than 1 − probability are excluded and named (no ratio can save them). Every evaluation uses
the same draws, so P is a non-increasing step function of r in practice. A grid of curve points
brackets the crossing of the target; scipy's ``brentq`` narrows it to within ``tolerance``; the
reported ratio is the end of the leading run of evaluated ratios that meet the target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.scenario import Scenario, load_scenario, with_overrides
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


def _probability_fn(base: Scenario, key: str, scope: str, paths: int, seed: int,
                    keep: np.ndarray | None, counter: list[int]
                    ) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """ratios → (P of meeting the test, per-region failure probability) on shared draws."""
    base, regions = prepare(base)

    def evaluate(ratios: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        variants = [with_overrides(base, [(key, float(r))]) for r in ratios]
        summary = run_variants(variants, regions, paths, seed)
        counter[0] += len(ratios)
        if scope == "province":
            ok = ~summary["province_below_general_later"]
        else:
            failing = summary["below_general_later"]  # (variant, region, path)
            if keep is not None:
                failing = failing[:, keep, :]
            ok = ~failing.any(axis=1)
        return ok.mean(axis=-1), summary["below_general_later"].mean(axis=-1)

    return evaluate


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
    _, regions = prepare(base)
    counter = [0]
    evaluate = _probability_fn(base, key, scope, paths, seed, None, counter)
    p_low, fail_low = evaluate(np.array([low]))
    excluded: list[str] = []
    keep = None
    if scope == "regions":
        hopeless = fail_low[0] > 1.0 - probability
        if hopeless.any():
            excluded = [f"{c} {n}" for c, n in zip(regions.code[hopeless],
                                                    regions.name[hopeless], strict=True)]
            keep = ~hopeless
            evaluate = _probability_fn(base, key, scope, paths, seed, keep, counter)
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
