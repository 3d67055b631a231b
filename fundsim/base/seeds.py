"""The one rule for a ``--seed``: a whole number in [0, 2**64).

numpy's ``SeedSequence`` takes any non-negative integer, but every command records its seed in
its outputs (results.nc, pipeline.nc, the run record), and a NetCDF attribute holds at most an
unsigned 64-bit integer: a larger seed would fail after all the work is done. So every command
checks the seed with :func:`seed_problems` before it starts.
"""

from __future__ import annotations

from fundsim.base.errors import InputError, Problem

SEED_LIMIT = 2**64  # seeds are 0 … 2**64 - 1 (an unsigned 64-bit integer)


def seed_problems(seed: int, option: str = "--seed") -> list[Problem]:
    """The problem with ``seed`` (none when 0 ≤ seed < 2**64)."""
    if seed < 0:
        return [Problem(option, "", "seed", f"must not be negative, got {seed}")]
    if seed >= SEED_LIMIT:
        return [Problem(option, "", "seed", f"must be below 2**64 = {SEED_LIMIT:,} (an "
                        f"unsigned 64-bit integer, as the results record it), got {seed}")]
    return []


def check_seed(seed: int, option: str = "--seed") -> None:
    """Raise InputError unless 0 ≤ ``seed`` < 2**64."""
    problems = seed_problems(seed, option)
    if problems:
        raise InputError(problems)
