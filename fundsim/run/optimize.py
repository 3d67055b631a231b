"""The best setting of several levers at once, under probability constraints.

A province sets several levers together (the return ratios by size class, the remittance rate,
any numeric policy parameter or assumption). :func:`optimize` maximises an objective (firms or
workers paid a return, returns paid, or the least public finance) subject to constraints on the
Monte Carlo estimates (``p_fail_general_province<=0.05``), all on the same random draws (common
random numbers): every candidate setting is scored on the same paths, so the comparison between
two settings is not blurred by sampling noise, and the objective is a deterministic, if stepwise,
function of the levers.

The search is scipy's differential evolution (derivative-free, suited to stepwise objectives),
each generation's candidates run as the variants of one vectorised engine call (:func:`fundsim.
run.sweep.run_variants`); a candidate that breaks a constraint scores worse than any that keeps
them all (the violation, scaled by the bound, orders the infeasible). No gradient polishing: the
estimates are step functions of the levers. The answer is the best feasible setting among every
setting evaluated; each figure carries its standard error over the paths, and a constraint is
*binding* when the answer's value lies within two standard errors (or 1 % of the bound) of it.
Every evaluated setting is kept, and the non-dominated ones (most of the objective for the least
of the first constraint's measure) make the trade-off curve.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from fundsim.base.errors import InputError, Problem, excerpt
from fundsim.inputs.scenario import Scenario, load_scenario, with_overrides
from fundsim.model.shocks import draws_for
from fundsim.run.simulation import prepare
from fundsim.run.sweep import Axis, check_axes, run_variants

if TYPE_CHECKING:
    import xarray as xr

#: Per variant × path outcomes from the engine's horizon summaries (:func:`run_variants`), by
#: name: what an objective or a constraint measures, its unit, and what it means.
Measure = Callable[[dict[str, np.ndarray]], np.ndarray]


def _fiscal(s: dict[str, np.ndarray]) -> np.ndarray:
    return s["fiscal_subsidy_returns_total"] + s["fiscal_subsidy_deficit_total"]


MEASURES: dict[str, tuple[Measure, str, str]] = {
    "firms_covered": (lambda s: s["firms_covered_total"], "firm-months",
                      "firms paid a return, summed over the horizon's months"),
    "workers_covered": (lambda s: s["workers_covered_total"], "worker-months",
                        "insured workers in firms paid a return, summed over the months"),
    "returns_paid": (lambda s: s["returns_paid_total"], "yuan",
                     "job-stabilisation returns paid over the horizon"),
    "fiscal_subsidy": (_fiscal, "yuan", "public finance over the horizon (returns and deficits)"),
    "pool_transfer": (lambda s: s["pool_transfer_total"], "yuan",
                      "grants from the provincial pool over the horizon"),
    "p_fail_general_province": (
        lambda s: s["province_below_general_later"].astype(float), "probability",
        "the province as one fund (regions and pool) below the general test at some January "
        "after the first (the first is fixed by the data)"),
    "p_fail_general_regions": (
        lambda s: s["below_general_later"].any(axis=1).astype(float), "probability",
        "some region below the general test at some January after the first"),
    "regions_below_general": (
        lambda s: s["below_general_later"].sum(axis=1).astype(float), "regions",
        "regions below the general test at some January after the first"),
    "p_fiscal": (lambda s: (_fiscal(s) > 0).astype(float), "probability",
                 "public finance needed at some time in the horizon"),
    "lowest_reserve_months": (lambda s: s["lowest_reserve_months"], "months",
                              "the lowest months of reserve of any region at any January"),
}
#: What can be maximised (the rest of :data:`MEASURES` can be minimised: ``fiscal_subsidy``).
OBJECTIVES = {"firms_covered": 1, "workers_covered": 1, "returns_paid": 1,
              "fiscal_subsidy": -1, "pool_transfer": -1}
#: Variants per engine call: a generation is split into calls of this many settings.
BATCH = 64
#: Where an infeasible setting's score starts: worse than any feasible one (those score in
#: [−1, 1] after scaling).
INFEASIBLE = 1e6


@dataclass(frozen=True)
class Lever:
    """A parameter or assumption moved between ``low`` and ``high``."""

    key: str
    low: float
    high: float


@dataclass(frozen=True)
class Constraint:
    """``measure`` (mean over paths) ``op`` (<= or >=) ``bound``."""

    measure: str
    op: str
    bound: float

    def violation(self, value: np.ndarray) -> np.ndarray:
        """By how much ``value`` breaks the constraint (0 where it keeps it)."""
        gap = value - self.bound if self.op == "<=" else self.bound - value
        return np.maximum(gap, 0.0)

    def __str__(self) -> str:
        return f"{self.measure}{self.op}{self.bound:g}"


_LEVER = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*=\s*([-+0-9.eE]+)\s*:\s*([-+0-9.eE]+)\s*$")
_CONSTRAINT = re.compile(r"^\s*([a-z_0-9]+)\s*(<=|>=)\s*([-+0-9.eE]+)\s*$")


def parse_lever(text: str) -> Lever:
    """``KEY=LOW:HIGH``, e.g. ``policy.returns.ratio.sme=0:1``."""
    found = _LEVER.match(text)
    if not found:
        raise InputError([Problem("--lever", "", excerpt(text),
                                  "give KEY=LOW:HIGH, e.g. policy.returns.ratio.sme=0:1")])
    key, low, high = found.group(1), float(found.group(2)), float(found.group(3))
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise InputError([Problem("--lever", "", key,
                                  f"LOW must be below HIGH (both finite), got {low:g}:{high:g}")])
    return Lever(key, low, high)


def parse_constraint(text: str) -> Constraint:
    """``MEASURE<=VALUE`` or ``MEASURE>=VALUE``, e.g. ``p_fail_general_province<=0.05``."""
    found = _CONSTRAINT.match(text)
    if not found or found.group(1) not in MEASURES:
        known = ", ".join(MEASURES)
        raise InputError([Problem("--constraint", "", excerpt(text),
                                  f"give MEASURE<=VALUE or MEASURE>=VALUE with a measure of: "
                                  f"{known}")])
    bound = float(found.group(3))
    if not math.isfinite(bound):
        raise InputError([Problem("--constraint", "", excerpt(text), "the bound must be finite")])
    return Constraint(found.group(1), found.group(2), bound)


@dataclass
class Optimum:
    """The answer and everything needed to judge it."""

    objective: str
    levers: list[Lever]
    constraints: list[Constraint]
    paths: int
    seed: int
    best: dict[str, float] | None            # lever key → value; None when nothing is feasible
    value: float | None                      # the objective there (mean over paths)
    value_se: float | None                   # its standard error over the paths
    measures: dict[str, tuple[float, float]]  # measure → (mean, standard error) at the answer
    binding: list[str]                       # the constraints binding at the answer
    evaluations: pd.DataFrame                # every setting evaluated, with its measures
    generations: int = 0
    scenario: str = ""
    notes: list[str] = field(default_factory=list)

    def front(self) -> pd.DataFrame:
        """The trade-off curve: the evaluated settings not beaten on both the objective (more
        is better; less for ``fiscal_subsidy``) and the risk measure (the first constraint's
        measure, less is better), ordered by risk."""
        return pareto_front(self.evaluations, self.objective, self.risk_measure)

    @property
    def risk_measure(self) -> str:
        return self.constraints[0].measure if self.constraints else "p_fail_general_province"


def pareto_front(table: pd.DataFrame, objective: str, risk: str) -> pd.DataFrame:
    """The rows of ``table`` no other row beats on both ``objective`` (maximised, or minimised
    when :data:`OBJECTIVES` says −1) and ``risk`` (minimised)."""
    sign = OBJECTIVES.get(objective, 1)
    ordered = table.assign(_gain=sign * table[objective]).sort_values(
        [risk, "_gain"], ascending=[True, False], kind="stable")
    best = -np.inf
    keep = []
    for index, gain in zip(ordered.index, ordered["_gain"], strict=True):
        if gain > best:
            keep.append(index)
            best = gain
    return ordered.loc[keep].drop(columns="_gain").reset_index(drop=True)


class _Evaluator:
    """Settings → measures (mean and standard error over paths), each setting run once on the
    shared draws."""

    def __init__(self, base: Scenario, regions: object, levers: list[Lever], paths: int,
                 seed: int, measures: list[str]):
        self.base, self.regions, self.levers = base, regions, levers
        self.paths, self.seed, self.measures = paths, seed, measures
        self.draws = draws_for(base, len(regions), paths, seed)  # type: ignore[arg-type]
        self.seen: dict[tuple[float, ...], dict[str, tuple[float, float]]] = {}

    def __call__(self, points: np.ndarray) -> list[dict[str, tuple[float, float]]]:
        """``points`` (settings × levers) → each setting's measures."""
        keys = [tuple(float(v) for v in point) for point in points]
        wanted = list(dict.fromkeys(k for k in keys if k not in self.seen))
        for lo in range(0, len(wanted), BATCH):
            batch = wanted[lo:lo + BATCH]
            variants = [with_overrides(self.base, [(lever.key, value) for lever, value in
                                                   zip(self.levers, point, strict=True)],
                                       "--lever") for point in batch]
            summary = run_variants(variants, self.regions, self.paths, self.seed,  # type: ignore[arg-type]
                                   draws=self.draws)
            # each measure over the whole batch at once: (setting, path)
            measured = {name: MEASURES[name][0](summary) for name in self.measures}
            for i, point in enumerate(batch):
                row = {}
                for name, values in measured.items():
                    se = float(values[i].std(ddof=1) / math.sqrt(self.paths)) \
                        if self.paths > 1 else 0.0
                    row[name] = (float(values[i].mean()), se)
                self.seen[point] = row
        return [self.seen[k] for k in keys]

    def table(self) -> pd.DataFrame:
        """Every setting evaluated, in the order first asked."""
        rows = []
        for point, measures in self.seen.items():
            row = {lever.key: value for lever, value in zip(self.levers, point, strict=True)}
            for name, (mean, se) in measures.items():
                row[name], row[f"{name}_se"] = mean, se
            rows.append(row)
        return pd.DataFrame(rows)


def check_arguments(levers: Sequence[Lever], objective: str, constraints: Sequence[Constraint],
                    paths: int, base: Scenario) -> list[Problem]:
    """Every problem with the optimiser's arguments."""
    problems = []
    if objective not in OBJECTIVES:
        problems.append(Problem("--objective", "", objective, "unknown objective; one of "
                                + ", ".join(OBJECTIVES)))
    if not levers:
        problems.append(Problem("--lever", "", "", "give at least one lever KEY=LOW:HIGH"))
    keys = [lever.key for lever in levers]
    problems += [Problem("--lever", "", key, "given twice")
                 for key in dict.fromkeys(keys) if keys.count(key) > 1]
    try:  # each key and its range checked as a sweep's are
        check_axes([Axis(lever.key, (lever.low, lever.high)) for lever in levers
                    if keys.count(lever.key) == 1], base, "--lever")
    except InputError as exc:
        problems += exc.problems
    if isinstance(paths, bool) or not isinstance(paths, int) or paths < 1:
        problems.append(Problem("--paths", "", "paths", f"must be an integer ≥ 1, got {paths!r}"))
    return problems


def optimize(scenario: str | Path | Scenario, levers: Sequence[Lever | str],
             objective: str = "firms_covered",
             constraints: Sequence[Constraint | str] = ("p_fail_general_province<=0.05",), *,
             paths: int = 1000, seed: int = 0, popsize: int = 6, maxiter: int = 12,
             search_seed: int = 0, overrides: Sequence[str] = (),
             progress: Callable[[int, int], None] | None = None) -> Optimum:
    """Maximise ``objective`` over ``levers`` subject to ``constraints`` (see the module).

    ``popsize`` × the number of levers settings per generation, at most ``maxiter``
    generations after the first (scipy's ``differential_evolution``, seeded by ``search_seed``
    so the search is reproducible); ``progress(done, total)`` after each generation.
    """
    from scipy.optimize import differential_evolution

    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, list(overrides))
    parsed = [x if isinstance(x, Lever) else parse_lever(x) for x in levers]
    limits = [x if isinstance(x, Constraint) else parse_constraint(x) for x in constraints]
    problems = check_arguments(parsed, objective, limits, paths, base)
    if problems:
        raise InputError(problems)
    base, regions = prepare(base)
    names = list(dict.fromkeys([objective, *(c.measure for c in limits),
                                "p_fail_general_province"]))
    evaluate = _Evaluator(base, regions, parsed, paths, seed, names)
    sign = OBJECTIVES[objective]
    corners = np.array([[lever.high if sign > 0 else lever.low for lever in parsed]])
    scale = max(abs(evaluate(corners)[0][objective][0]), 1.0)
    generations = [0]

    def score(x: np.ndarray) -> np.ndarray:
        rows = evaluate(np.atleast_2d(x.T))
        out = np.empty(len(rows))
        for i, row in enumerate(rows):
            broken = sum(float(c.violation(np.array(row[c.measure][0])))
                         / max(abs(c.bound), 1e-9) for c in limits)
            out[i] = INFEASIBLE * (1.0 + broken) if broken > 0 else (
                -sign * row[objective][0] / scale)
        return out

    def step(*_: object) -> None:
        generations[0] += 1
        if progress is not None:
            progress(generations[0], maxiter)

    differential_evolution(score, [(lever.low, lever.high) for lever in parsed],
                           popsize=popsize, maxiter=maxiter, seed=search_seed, polish=False,
                           vectorized=True, updating="deferred", callback=step, tol=1e-3)
    table = evaluate.table()
    feasible = np.ones(len(table), dtype=bool)
    for c in limits:
        feasible &= c.violation(table[c.measure].to_numpy(float)) == 0
    result = Optimum(objective, parsed, limits, paths, seed, None, None, None, {}, [], table,
                     generations[0], base.name)
    if not feasible.any():
        result.notes.append("no setting evaluated keeps every constraint")
        return result
    gains = np.where(feasible, sign * table[objective].to_numpy(float), -np.inf)
    top = gains.max()
    # equal objectives (e.g. the same firms covered): the setting with the least risk
    tied = gains >= top - 1e-9 * max(abs(top), 1.0)
    risk = np.where(tied, table[result.risk_measure].to_numpy(float), np.inf)
    best = int(np.argmin(risk))
    row = table.iloc[best]
    result.best = {lever.key: float(row[lever.key]) for lever in parsed}
    result.value, result.value_se = float(row[objective]), float(row[f"{objective}_se"])
    result.measures = {name: (float(row[name]), float(row[f"{name}_se"])) for name in names}
    for c in limits:
        mean, se = result.measures[c.measure]
        if abs(mean - c.bound) <= max(2.0 * se, 0.01 * abs(c.bound), 1e-12):
            result.binding.append(str(c))
    return result


#: The answer, as ``optimize.nc`` keeps it in its attributes (:func:`to_dataset`).
ATTRIBUTES = ("objective", "levers", "constraints", "binding", "risk_measure", "feasible",
              "paths", "seed", "generations", "scenario")


def to_dataset(result: Optimum) -> xr.Dataset:
    """``optimize.nc``: every setting evaluated (dimension ``setting``: its levers' values and
    every measure with its standard error), ``on_front`` (the trade-off curve), ``best`` (the
    answer); the question and the answer in the attributes."""
    import xarray as xr

    table = result.evaluations
    data = {name: ("setting", table[name].to_numpy(float)) for name in table.columns}
    front = result.front()
    keys = [lever.key for lever in result.levers]
    on_front = table[keys].apply(tuple, axis=1).isin(front[keys].apply(tuple, axis=1))
    data["on_front"] = ("setting", on_front.to_numpy(bool))
    best = np.zeros(len(table), dtype=bool)
    if result.best is not None:
        best = (table[keys].to_numpy(float) == np.array([result.best[k] for k in keys])).all(1)
    data["best"] = ("setting", best)
    ds = xr.Dataset(data, coords={"setting": np.arange(len(table))})
    for name in MEASURES:
        if name in ds:
            ds[name].attrs.update(long_name=MEASURES[name][2] + " (mean over paths)",
                                  units=MEASURES[name][1])
    ds.attrs.update({
        "title": f"fundsim optimize: {result.scenario}", "scenario": result.scenario,
        "objective": result.objective,
        "levers": "\n".join(f"{x.key}={x.low:g}:{x.high:g}" for x in result.levers),
        "constraints": "\n".join(str(c) for c in result.constraints),
        "binding": "\n".join(result.binding), "risk_measure": result.risk_measure,
        "feasible": int(result.best is not None), "paths": int(result.paths),
        "seed": int(result.seed), "generations": int(result.generations),
        "notes": "\n".join(result.notes),
    })
    return ds


def answer(ds: xr.Dataset) -> dict[str, object]:
    """The answer of an ``optimize.nc`` as plain data: ``levers`` (key → (low, high)),
    ``best`` (key → value, or None), ``objective`` and its ``value`` ± ``se``, ``constraints``
    (text, mean, standard error, binding), ``risk_measure``, ``evaluations``, ``paths``."""
    levers = {}
    for line in str(ds.attrs["levers"]).splitlines():
        key, span = line.split("=", 1)
        low, high = span.split(":")
        levers[key] = (float(low), float(high))
    chosen = np.flatnonzero(ds["best"].values)
    row = int(chosen[0]) if len(chosen) else None
    objective = str(ds.attrs["objective"])
    binding = set(str(ds.attrs["binding"]).splitlines())
    limits = []
    for text in str(ds.attrs["constraints"]).splitlines():
        c = parse_constraint(text)
        mean = se = None
        if row is not None:
            mean = float(ds[c.measure].values[row])
            se = float(ds[f"{c.measure}_se"].values[row])
        limits.append({"text": text, "measure": c.measure, "op": c.op, "bound": c.bound,
                       "mean": mean, "se": se, "binding": text in binding})
    return {
        "levers": levers,
        "best": None if row is None else {k: float(ds[k].values[row]) for k in levers},
        "objective": objective,
        "value": None if row is None else float(ds[objective].values[row]),
        "se": None if row is None else float(ds[f"{objective}_se"].values[row]),
        "constraints": limits, "risk_measure": str(ds.attrs["risk_measure"]),
        "evaluations": int(ds.sizes["setting"]), "paths": int(ds.attrs["paths"]),
        "generations": int(ds.attrs["generations"]),
    }


def front_table(ds: xr.Dataset) -> pd.DataFrame:
    """The trade-off curve of an ``optimize.nc``: the settings on it, by rising risk."""
    frame = ds.drop_vars([v for v in ("on_front", "best") if v in ds]).to_dataframe()
    frame = frame[ds["on_front"].values].reset_index(drop=True)
    return frame.sort_values(str(ds.attrs["risk_measure"]), kind="stable").reset_index(drop=True)


def write_optimize_files(result: Optimum, folder: Path) -> xr.Dataset:
    """optimize.nc, optimize.csv (every setting evaluated) and front.csv (the trade-off
    curve) into ``folder``; returns the Dataset written."""
    from fundsim.run.files import save_netcdf, write_csv

    ds = to_dataset(result)
    save_netcdf(ds, Path(folder) / "optimize.nc")
    write_csv(result.evaluations, Path(folder) / "optimize.csv")
    write_csv(result.front(), Path(folder) / "front.csv")
    return ds
