"""Random multipliers on claimant inflows, reproducible by seed and independent of chunking.

Paths come in fixed blocks of ``BLOCK``; block i draws from child i of
``SeedSequence(seed).spawn``, with numpy's fast SFC64 generator. A national AR(1) shock is shared
by every region (month × path); a regional draw is made once a year (year × region × path).
Both are log-normal with mean one, so the central path (no randomness) is the expectation.
"""

from __future__ import annotations

import numpy as np

from fundsim.assumptions import Shock

BLOCK = 256


def inflow_multipliers(shock: Shock, months: int, years: int, regions: int, paths: int,
                       seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(national month × path, regional year × region × path) multipliers for ``paths`` paths."""
    blocks = -(-paths // BLOCK)
    children = np.random.SeedSequence(seed).spawn(blocks)
    national = np.empty((months, paths))
    regional = np.empty((years, regions, paths))
    rho, sd, sd_r = shock.persistence, shock.national_sd, shock.regional_sd
    stationary_var = sd**2 / (1.0 - rho**2)
    for i, child in enumerate(children):
        lo, hi = i * BLOCK, min(paths, (i + 1) * BLOCK)
        gen = np.random.Generator(np.random.SFC64(child))
        eps = gen.standard_normal((months, BLOCK))[:, : hi - lo]
        reg = gen.standard_normal((years, regions, BLOCK))[:, :, : hi - lo]
        x = np.empty_like(eps)
        x[0] = eps[0] * np.sqrt(stationary_var)
        for t in range(1, months):
            x[t] = rho * x[t - 1] + sd * eps[t]
        national[:, lo:hi] = np.exp(x - stationary_var / 2.0)
        regional[:, :, lo:hi] = np.exp(sd_r * reg - sd_r**2 / 2.0)
    return national, regional


def draws_for(scenario, regions: int, paths: int, seed: int) -> dict[str, np.ndarray | None]:
    """The engine's random keyword arguments for a scenario (none for the central path)."""
    if paths <= 1:
        return {"national": None, "regional": None, "level": None}
    months = scenario.months
    years = -(-months // 12)
    national, regional = inflow_multipliers(scenario.assumptions.claimants.shock, months, years,
                                            regions, paths, seed)
    return {"national": national, "regional": regional, "level": None}
