"""Bounded work: how much memory a run, sweep, comparison or frontier will hold, estimated
before any of it starts, and refused above :data:`MAX_BYTES` unless the user allows it.

The estimate counts what is actually held (cells × variables × bytes), not the largest thing
that could be: a run keeping every path holds its full monthly record; a summarised run holds
only the monthly balances of every path and every path's yearly figures
(:mod:`fundsim.run.summary`); a sweep holds the engine inputs of one chunk of variants and a few
horizon figures per variant × path. Each adds :data:`BASE_BYTES` for Python and its libraries.
The estimates were checked against the peak memory of real runs (see ``tests/test_bounded_work``
and the README's Safety section): within a few tenths of a GB.
"""

from __future__ import annotations

from fundsim.base.errors import Problem

#: Variant × path columns per engine call of a sweep (its progress granularity and the chunk
#: whose inputs a sweep holds at once: :func:`variants_bytes`).
COLUMNS_PER_CALL = 50_000

GIB = 2**30
#: fundsim refuses work estimated above this many bytes unless allowed (``--allow-large``,
#: ``allow_large=True``): a third of the 24 GiB machine fundsim is developed on, so a run
#: never takes the machine from its other users.
MAX_BYTES = 8 * GIB
#: Python, numpy, pandas and xarray loaded: held by any run.
BASE_BYTES = 250 * 10**6
#: Engine input arrays per month and region of one variant (measured: the default scenario's
#: 60 months × 14 regions take 268,432 bytes = 8 × 40 × 60 × 14).
INPUT_ARRAYS = 40
#: One resolved variant of a sweep (a Scenario with its own parameter mapping; measured 2.6 kB).
SCENARIO_BYTES = 3_000


def _years(months: int) -> int:
    return -(-months // 12)


def draws_bytes(regions: int, months: int, paths: int) -> int:
    """The random multipliers of a Monte Carlo run: national and level (month × path) and
    regional (year × region × path), float64; none for the central path."""
    if paths < 2:
        return 0
    return 8 * paths * (2 * months + _years(months) * regions)


def run_bytes(regions: int, months: int, paths: int, summarised: bool) -> int:
    """What one run holds at its peak, in bytes.

    Kept paths: the full monthly record (:func:`fundsim.run.summary.full_paths_bytes`).
    Summarised: the monthly balances of every path and region (for their quantiles), the
    province's two monthly series, and every path's yearly figures
    (:data:`fundsim.run.summary.YEARLY`)."""
    from fundsim.run import summary

    if not summarised:
        held = summary.full_paths_bytes(regions, months, paths)
    else:
        province = {"pool_balance", "province_reserve_months"}
        yearly_regional = len(set(summary.YEARLY) - province)
        held = 8 * paths * (months * regions + 2 * months
                            + _years(months) * (yearly_regional * regions + len(province)))
    return BASE_BYTES + held + draws_bytes(regions, months, paths)


def runs_bytes(shapes: list[tuple[int, int]], paths: int, keep_paths: bool | None = None
               ) -> int:
    """What runs of ``(regions, months)`` each, held together (a comparison), hold in bytes."""
    from fundsim.run import summary

    return BASE_BYTES + sum(
        run_bytes(regions, months, paths, summary.summarises(regions, months, paths, keep_paths))
        - BASE_BYTES for regions, months in shapes)


def variants_bytes(variants: int, paths: int, regions: int, months: int) -> int:
    """What a sweep (or a frontier's evaluation) of ``variants`` × ``paths`` holds, in bytes:
    every resolved variant, the engine inputs of one chunk of variants (the list and their
    stacked copy), the draws, and per variant × path the horizon figures (kept, joined, then
    turned into metrics)."""
    chunk = min(variants, max(1, COLUMNS_PER_CALL // max(paths, 1)))
    inputs = 2 * chunk * 8 * INPUT_ARRAYS * months * regions
    per_column = 2 * (48 + 3 * regions) + 96
    return (BASE_BYTES + variants * SCENARIO_BYTES + inputs + draws_bytes(regions, months, paths)
            + variants * paths * per_column)


#: Peak memory of deciding a roster, measured with ``fundsim roster run`` on synthetic Parquet
#: rosters (50,000 rows 0.36 GB, 200,000 rows 0.48 GB at their peak: about 0.32 GB and 0.83 KB
#: a row), each rounded up.
ROSTER_BASE_BYTES = 350_000_000
ROSTER_ROW_BYTES = 1_000


def roster_bytes(rows: int) -> int:
    """What deciding a roster of ``rows`` rows holds at its peak, in bytes."""
    return ROSTER_BASE_BYTES + rows * ROSTER_ROW_BYTES


def gb(size: float) -> str:
    """Bytes as GB for a message: '0.9 GB', '6,700 GB'."""
    value = size / 1e9
    return f"{value:,.1f} GB" if value < 100 else f"{value:,.0f} GB"


def size_problems(estimate: int, what: str, allow_large: bool, flag: str = "--allow-large",
                  source: str = "size") -> list[Problem]:
    """A problem when ``estimate`` bytes pass :data:`MAX_BYTES` and the user has not allowed it
    (``what`` says what the estimate counts); nothing otherwise."""
    if allow_large or estimate <= MAX_BYTES:
        return []
    return [Problem(source, "", "memory",
                    f"{what} would hold about {gb(estimate)} of memory, over fundsim's limit of "
                    f"{MAX_BYTES / GIB:.0f} GiB (a third of a 24 GiB machine); use fewer paths, "
                    f"regions, months or values, or pass {flag} to run it anyway")]
