"""Random multipliers for Monte Carlo paths, reproducible by seed and independent of chunking.

Paths come in fixed blocks of ``BLOCK``; block i draws from child i of
``SeedSequence(seed).spawn``, with numpy's fast SFC64 generator, always in the same order, so a
path's numbers do not depend on how many paths are drawn or how they are split among workers.

- claimant inflows: a national AR(1) shock (month × path, shared by every region) and a regional
  draw once a year (year × region × path), both log-normal with mean one;
- wage and insured growth: national yearly deviations from the assumed growth (scipy.stats
  distributions in the assumptions), compounded monthly into levels;
- recessions: each year one may start (in a random month) and last some months, multiplying
  inflows and shifting growth.
"""

from __future__ import annotations

import numpy as np

from fundsim.inputs.assumptions import Assumptions, Shock

BLOCK = 256


def _block_draws(gen: np.random.Generator, a: Assumptions, months: int, years: int,
                 regions: int) -> dict[str, np.ndarray]:
    """One block's standard draws, in a fixed order (never reorder: it changes every number)."""
    return {
        "eps": gen.standard_normal((months, BLOCK)),
        "reg": gen.standard_normal((years, regions, BLOCK)),
        "wage": a.uncertainty.wage_growth.draw((years, BLOCK), gen),
        "insured": a.uncertainty.insured_growth.draw((years, BLOCK), gen),
        "start": gen.random((years, BLOCK)),
        "when": gen.integers(0, 12, (years, BLOCK)),
    }


def _inflow(shock: Shock, eps: np.ndarray, reg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rho, sd, sd_r = shock.persistence, shock.national_sd, shock.regional_sd
    stationary_var = sd**2 / (1.0 - rho**2)
    x = np.empty_like(eps)
    x[0] = eps[0] * np.sqrt(stationary_var)
    for t in range(1, len(eps)):
        x[t] = rho * x[t - 1] + sd * eps[t]
    return np.exp(x - stationary_var / 2.0), np.exp(sd_r * reg - sd_r**2 / 2.0)


def _recessions(a: Assumptions, start: np.ndarray, when: np.ndarray, months: int) -> np.ndarray:
    """(month × path) 1 while a recession lasts, else 0."""
    rec = a.uncertainty.recession
    years, paths = start.shape
    begins = np.where(start < rec.probability, np.arange(years)[:, None] * 12 + when, -1)
    edges = np.zeros((months + rec.months + 12, paths))
    year_idx, path_idx = np.nonzero(begins >= 0)
    first = begins[year_idx, path_idx]
    np.add.at(edges, (first, path_idx), 1.0)
    np.add.at(edges, (first + rec.months, path_idx), -1.0)
    return (np.cumsum(edges, axis=0)[:months] > 0).astype(float)


def path_draws(a: Assumptions, months: int, years: int, regions: int, paths: int, seed: int,
               first_path: int = 0) -> dict[str, np.ndarray]:
    """The engine's random multipliers for paths ``first_path`` … ``first_path + paths - 1``:
    ``national`` and ``level`` (month × path) and ``regional`` (year × region × path).

    ``first_path`` must start a block; block i always draws from ``SeedSequence(seed)``'s i-th
    spawned child, so any split of the paths gives the same numbers.
    """
    if first_path % BLOCK:
        raise ValueError(f"first_path must be a multiple of {BLOCK}")
    blocks = -(-paths // BLOCK)
    first_block = first_path // BLOCK
    children = [np.random.SeedSequence(seed, spawn_key=(first_block + i,))
                for i in range(blocks)]
    national = np.empty((months, paths))
    level = np.empty((months, paths))
    regional = np.empty((years, regions, paths))
    year_of_month = np.arange(months) // 12
    rec = a.uncertainty.recession
    for i, child in enumerate(children):
        lo, hi = i * BLOCK, min(paths, (i + 1) * BLOCK)
        d = _block_draws(np.random.Generator(np.random.SFC64(child)), a, months, years, regions)
        nat, reg = _inflow(a.claimants.shock, d["eps"], d["reg"])
        recession = _recessions(a, d["start"], d["when"], months)
        wage = d["wage"][year_of_month] + recession * rec.wage_growth
        insured = d["insured"][year_of_month] + recession * rec.insured_growth
        insured_level = np.exp(np.cumsum(insured, axis=0) / 12.0)
        width = hi - lo
        national[:, lo:hi] = (nat * (1.0 + recession * (rec.inflow_multiplier - 1.0))
                              * insured_level)[:, :width]
        level[:, lo:hi] = (np.exp(np.cumsum(wage, axis=0) / 12.0) * insured_level)[:, :width]
        regional[:, :, lo:hi] = reg[:, :, :width]
    return {"national": national, "regional": regional, "level": level}


def inflow_multipliers(shock: Shock, months: int, years: int, regions: int, paths: int,
                       seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Only the claimant-inflow shocks (national AR(1), regional yearly) for ``paths`` paths."""
    quiet = Assumptions(claimants={"shock": shock.model_dump()},
                        uncertainty={"recession": {"probability": 0.0},
                                     "wage_growth": {"params": {"scale": 0.0}},
                                     "insured_growth": {"params": {"scale": 0.0}}})
    draws = path_draws(quiet, months, years, regions, paths, seed)
    return draws["national"], draws["regional"]


def draws_for(scenario, regions: int, paths: int, seed: int, first_path: int = 0,
              stochastic: bool | None = None) -> dict[str, np.ndarray | None]:
    """The engine's random keyword arguments for a scenario (none for the central path).

    ``stochastic`` defaults to ``paths > 1``; a worker running one block of a larger run says so.
    """
    if not (paths > 1 if stochastic is None else stochastic):
        return {"national": None, "regional": None, "level": None}
    months = scenario.months
    return path_draws(scenario.assumptions, months, -(-months // 12), regions, paths, seed,
                      first_path)
