"""The monthly recursion of every region's fund, the pool and public finance.

Vectorised over regions and *columns* (arrays are region × column). A column is one path of one
variant: variants (swept values, compared scenarios) share the same random draws, so column
``c`` is variant ``c // paths`` on path ``c % paths``. The only Python loops are over months and
over blocks of columns (cache-sized; columns never interact, so blocking changes no number).

Each January the regions are assessed on last year's figures: months of reserve (previous
year-end balance ÷ last year's average monthly spending), the 12- and 24-month tests, the
remittance (rate × last year's paid contributions) to the pool, and the pool's grants to regions
that fail the general test when the law lets them pay with pool support. Every month:

    balance += contributions + interest + pool_transfer + fiscal_subsidy
               − benefits − expanded_coverage − skills_subsidy − returns_paid
               − remittance − skills_transfer

and public finance tops the balance up to zero when it would go negative.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fundsim.model.inputs import EngineInputs
from fundsim.model.pool import allocate

PATH_VARIABLES = (
    "balance", "contributions", "interest", "recipients", "benefits", "expanded_coverage",
    "returns_general", "returns_difficult", "returns_paid", "remittance", "pool_transfer",
    "fiscal_subsidy_returns", "fiscal_subsidy_deficit", "fiscal_subsidy", "reserve_months",
    "passes_12", "passes_24", "firms_covered", "workers_covered",
)
POOL_VARIABLES = ("pool_balance", "pool_interest", "province_reserve_months")
BOOL_VARIABLES = {"passes_12", "passes_24"}
# horizon summaries per column, kept in the loop so a sweep never stores monthly arrays
SUMMARIES = {
    "returns_paid_total": "column", "pool_transfer_total": "column",
    "fiscal_subsidy_returns_total": "column", "fiscal_subsidy_deficit_total": "column",
    "lowest_reserve_months": "column", "below_general": "region", "below_difficult": "region",
    # after the first assessment (the one the data fix, whatever the policy)
    "below_general_later": "region", "province_below_general_later": "column",
}
CACHE_BYTES = 384 * 1024  # one region × column working array: fits the L2 cache (measured)


def blocks(regions: int, variants: int, paths: int, threads: int = 1
           ) -> list[tuple[int, int, int, int]]:
    """(first variant, end variant, first path, end path) of each block.

    A block holds whole variants on every path, or one variant on a range of paths, so its
    columns are contiguous and its arrays can be region × variant × path views; a region ×
    block array of float64 stays cache-sized, and every thread gets a block when it can.
    """
    by_cache = max(1, CACHE_BYTES // (8 * max(regions, 1)))
    if paths <= by_cache:
        per_block = max(1, min(by_cache // paths, -(-variants // max(threads, 1))))
        if -(-variants // per_block) >= threads or paths == 1:
            return [(v, min(variants, v + per_block), 0, paths)
                    for v in range(0, variants, per_block)]
        by_cache = -(-paths // max(1, threads // variants))
    return [(v, v + 1, p, min(paths, p + by_cache)) for v in range(variants)
            for p in range(0, paths, by_cache)]


def run_engine(inp: EngineInputs, paths: int = 1, national: np.ndarray | None = None,
               regional: np.ndarray | None = None, level: np.ndarray | None = None,
               record: Iterable[str] | None = None, threads: int | None = None,
               summarise: bool = False,
               progress: Callable[[int, int], None] | None = None) -> dict[str, np.ndarray]:
    """Run the recursion for every variant × ``paths`` paths; return arrays, month first.

    Random multipliers, shared by every variant: ``national`` (month × path) and ``regional``
    (year × region × path) on claimant inflows, ``level`` (month × path) on contributions (wages
    × insured). Without them every path is the central one. Region arrays come back as
    (month, region, variant × path) and pool arrays as (month, variant × path). ``record``
    limits what is kept (default: everything). With ``summarise`` the result also holds the
    horizon ``SUMMARIES`` per column (region × column for the ``below_*`` flags: the region
    failed that test in some January). Blocks run on ``threads`` threads (default: the CPUs
    available); the numbers do not depend on it. ``progress(done, total)`` is called as blocks
    finish.
    """
    months, regions = inp.shape
    columns = inp.variants * paths
    keep = set(PATH_VARIABLES + POOL_VARIABLES) if record is None else set(record)
    unknown = keep - set(PATH_VARIABLES + POOL_VARIABLES)
    if unknown:
        raise ValueError(f"cannot record {sorted(unknown)}")
    out: dict[str, np.ndarray] = {}
    for name in keep:
        if name in POOL_VARIABLES:
            out[name] = np.empty((months, columns))
        else:
            dtype = bool if name in BOOL_VARIABLES else np.float64
            out[name] = np.empty((months, regions, columns), dtype=dtype)
    if summarise:
        for name, kind in SUMMARIES.items():
            dtype = bool if "below" in name else np.float64
            out[name] = np.empty((regions, columns) if kind == "region" else (columns,), dtype)
    threads = threads or len(os.sched_getaffinity(0))
    layout = blocks(regions, inp.variants, paths, threads)
    # which input arrays agree across variants, decided once and shared by the blocks (keyed
    # by id: every array passed to it lives as long as this call)
    agree: dict[int, bool] = {}
    benefit_with_expanded = inp.benefit_level * (1.0 + inp.expanded_share[:, None, :])

    def block(bounds: tuple[int, int, int, int]) -> None:
        v0, v1, p0, p1 = bounds
        c0, c1 = v0 * paths + p0, (v1 - 1) * paths + p1
        shape = (v1 - v0, p1 - p0)
        views = {name: array[..., c0:c1].reshape(array.shape[:-1] + shape)
                 for name, array in out.items()}
        _run_block(inp, agree, benefit_with_expanded, (v0, v1), p1 - p0,
                   None if national is None else national[:, p0:p1],
                   None if regional is None else regional[:, :, None, p0:p1],
                   None if level is None else level[:, p0:p1], views)

    workers = min(len(layout), threads)
    with ThreadPoolExecutor(max(workers, 1)) as pool:
        for done, _ in enumerate(pool.map(block, layout), start=1):
            if progress is not None:
                progress(done, len(layout))
    return out


class _Columns:
    """A block's views of variant arrays, shaped to broadcast over (variant, path): the first
    variant alone where every variant agrees (decided once per array and shared by every block
    through ``agree``), else the block's variants; never a copy."""

    def __init__(self, variants: tuple[int, int], agree: dict[int, bool]):
        self.variants = slice(*variants)
        self.agree = agree

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """(…, V) → (…, 1, 1) when every variant agrees, else (…, block variants, 1)."""
        first = x[..., :1]
        key = id(x)
        if key not in self.agree:
            self.agree[key] = x.shape[-1] == 1 or bool((x == first).all())
        if self.agree[key]:
            return first[..., None]
        return x[..., self.variants, None]


def _run_block(inp: EngineInputs, agree: dict[int, bool], benefit_with_expanded: np.ndarray,
               variants: tuple[int, int], paths: int,
               national: np.ndarray | None, regional: np.ndarray | None,
               level: np.ndarray | None, out: dict[str, np.ndarray]) -> None:
    """The recursion for one block, arrays region × variant × path, into the views in ``out``.

    ``national`` and ``level`` are month × path, ``regional`` year × region × 1 × path.
    """
    months, regions = inp.shape
    columns = (variants[1] - variants[0], paths)
    shape = (regions,) + columns
    f64 = np.float64
    per = _Columns(variants, agree)

    def start(vector: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(vector, dtype=f64)[:, None, None], shape).copy()

    # inputs shaped (M, R, ·, 1), (M, ·, 1) or (·, 1), · = 1 or the block's variants
    contrib_sme, contrib_large = per(inp.contrib_sme), per(inp.contrib_large)
    contrib_total = contrib_sme + contrib_large
    rate_sme, rate_large = per(inp.rate_sme_same), per(inp.rate_large_same)
    carry_sme, carry_large = per(inp.rate_sme_carry), per(inp.rate_large_carry)
    bill_sme, bill_large = per(inp.bill_sme), per(inp.bill_large)
    fixed, bill_fixed = per(inp.returns_fixed), per(inp.bill_fixed)
    fixed_carry = per(inp.returns_fixed_carry)
    has_fixed = bool(inp.returns_fixed.any() or inp.returns_fixed_carry.any())
    difficult, difficult_carry = per(inp.difficult_same), per(inp.difficult_carry)
    skills_subsidy, skills_transfer = per(inp.skills_subsidy), per(inp.skills_transfer)
    transfer_due = skills_transfer.reshape(months, -1).any(axis=1)
    inflow_base, benefit_level = per(inp.inflow), per(inp.benefit_level)
    remittance_rate, cap_multiple = per(inp.remittance_rate), per(inp.cap_multiple)
    expanded_share, general_months = per(inp.expanded_share), per(inp.general_months)
    difficult_months, pool_supported = per(inp.difficult_months), per(inp.pool_supported)
    neediest, benefits_den = per(inp.neediest_first), per(inp.benefits_denominator)
    survive = 1.0 - per(inp.exit_rate)
    interest_rate, pool_rate = per(inp.interest_monthly), per(inp.pool_interest_monthly)
    carry = inp.has_carry
    track_benefits = bool(benefits_den.any())
    # without a record of them, benefits and expanded coverage are spent as one product
    fused = not (track_benefits or {"benefits", "expanded_coverage"} & set(out))
    benefit_all = per(benefit_with_expanded)
    summary = {name: view for name, view in out.items() if name in SUMMARIES}
    out = {name: view for name, view in out.items() if name not in SUMMARIES}
    # without payments crossing years or roster amounts, a year's returns are its (known)
    # monthly rates times bases fixed in January: their total is added once a year
    yearly_returns = bool(summary) and not carry and not has_fixed
    if yearly_returns:
        year_starts = np.flatnonzero(np.diff(inp.year_index, prepend=-1))

        def per_year(x: np.ndarray) -> np.ndarray:
            return np.add.reduceat(x, year_starts, axis=0)

        year_rate_sme, year_rate_large = per_year(rate_sme), per_year(rate_large)
        year_difficult = per_year(difficult)
    if summary:
        total_returns, total_deficit = np.zeros(shape), np.zeros(shape)
        total_grant, total_fiscal_returns = np.zeros(shape), np.zeros(shape)
        lowest = np.full(columns, np.inf)
        below_general = np.zeros(shape, dtype=bool)
        below_difficult = np.zeros(shape, dtype=bool)
        below_later = np.zeros(shape, dtype=bool)
        province_below_later = np.zeros(columns, dtype=bool)
    cover = {kind: tuple(per(getattr(inp, f"{kind}_{part}")) for part in (
        "general_same", "general_carry", "difficult_same", "difficult_carry"))
        for kind in ("firms", "workers") if f"{kind}_covered" in out}

    balance = start(inp.opening_balance)
    recipients = start(inp.opening_recipients)
    spent_total = start(inp.last_year_total)
    spent_benefits = start(inp.last_year_benefits)
    base_sme = np.broadcast_to(per(inp.base_sme0), shape).copy()
    base_large = np.broadcast_to(per(inp.base_large0), shape).copy()
    paying_sme = paying_large = paying_sme_prev = paying_large_prev = np.zeros(shape)
    pool = np.full(columns, inp.pool_opening_balance, dtype=f64)
    zeros = np.zeros(shape)
    reserve = np.zeros(shape)
    passes_12 = passes_24 = np.zeros(shape, dtype=bool)
    pay_general = pay_difficult = pay_general_prev = pay_difficult_prev = zeros
    grant = fiscal_returns = remit = zeros
    regional_now: np.ndarray | None = None
    # scratch buffers, reused every month
    interest, contributions, inflow, benefits, expanded = (np.empty(shape) for _ in range(5))
    returns_general, returns_difficult, returns, spending = (np.empty(shape) for _ in range(4))
    shortfall, scratch = np.empty(shape), np.empty(shape)

    def paid_last_year(contrib: np.ndarray, t: int) -> np.ndarray:
        """Contributions paid in the 12 months before ``t``, per column (paths scale them)."""
        if level is None:
            return np.broadcast_to(contrib[t - 12:t].sum(axis=0), shape).copy()
        return (contrib[t - 12:t] * level[t - 12:t, None, None, :]).sum(axis=0)

    keep_interest = "interest" in out
    growth = 1.0 + interest_rate
    province_reserve = np.full(columns, np.nan)
    for t in range(months):
        if inp.january[t]:
            year_end_pool = pool.copy()
        # balances never start a month negative (public finance tops them up), so interest
        # accrues on the whole balance; unrecorded, outside January, it is one multiplication
        explicit = keep_interest or inp.january[t]
        if explicit:
            np.multiply(balance, interest_rate, out=interest)
        else:
            balance *= growth
        pool_interest = pool * pool_rate
        pool += pool_interest
        if inp.january[t]:
            if t > 0:
                base_sme, base_large = paid_last_year(contrib_sme, t), paid_last_year(
                    contrib_large, t)
            denominator = np.where(benefits_den[t], spent_benefits, spent_total)
            with np.errstate(over="ignore"):  # a vanishing spend means unbounded reserve
                reserve = np.divide(balance * 12.0, denominator, out=np.full(shape, np.inf),
                                    where=denominator > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                province_reserve = np.where(
                    denominator.sum(axis=0) > 0,
                    (balance.sum(axis=0) + year_end_pool) * 12.0 / denominator.sum(axis=0),
                    np.inf)
            passes_12 = reserve >= general_months[t]
            passes_24 = reserve >= difficult_months[t]
            spent_total, spent_benefits = np.zeros(shape), np.zeros(shape)
            pay_general_prev, pay_difficult_prev = pay_general, pay_difficult
            remit = remittance_rate * (base_sme + base_large)
            balance -= remit
            pool += remit.sum(axis=0)
            supported = np.broadcast_to(pool_supported[t], columns)
            bill = bill_sme[t] * base_sme + bill_large[t] * base_large + bill_fixed[t]
            request = np.where(passes_12 | ~supported, 0.0, bill)
            capped = np.minimum(request, cap_multiple[t] * remit)
            grant = _allocate(capped, pool, np.broadcast_to(neediest[t], columns), reserve)
            pool -= grant.sum(axis=0)
            fiscal_returns = request - grant
            balance += grant
            balance += fiscal_returns
            pay_general = np.where(supported, 1.0, passes_12.astype(f64))
            pay_difficult = passes_24.astype(f64)
            # returns due this year follow this year's gate; last year's dues still paid now
            # (payment lags) follow last year's
            paying_sme_prev, paying_large_prev = paying_sme, paying_large
            paying_sme, paying_large = base_sme * pay_general, base_large * pay_general
            if regional is not None:
                regional_now = regional[inp.year_index[t]]
            if yearly_returns:
                y = inp.year_index[t]
                total_returns += year_rate_sme[y] * paying_sme
                total_returns += year_rate_large[y] * paying_large
                total_returns += year_difficult[y] * pay_difficult
            if summary:
                total_grant += grant
                total_fiscal_returns += fiscal_returns
                np.minimum(lowest, reserve.min(axis=0), out=lowest)
                below_general |= ~passes_12
                below_difficult |= ~passes_24
                if t > 0:
                    below_later |= ~passes_12
                    province_below_later |= province_reserve < general_months[t]
        elif remit is not zeros:
            grant = fiscal_returns = remit = zeros
        if explicit:
            balance += interest

        if level is None:
            np.copyto(contributions, contrib_total[t])
        else:
            np.multiply(contrib_total[t], level[t], out=contributions)

        if national is None:
            np.copyto(inflow, inflow_base[t])
        else:
            np.multiply(inflow_base[t], national[t], out=inflow)
            if regional_now is not None:
                inflow *= regional_now
        recipients *= survive
        recipients += inflow
        if not fused:
            np.multiply(recipients, benefit_level[t], out=benefits)
            np.multiply(benefits, expanded_share[t], out=expanded)
        np.multiply(rate_sme[t], paying_sme, out=returns_general)
        np.multiply(rate_large[t], paying_large, out=scratch)
        returns_general += scratch
        if has_fixed:  # a roster's amounts, under the gate of the year they fell due
            returns_general += fixed[t] * pay_general
            returns_general += fixed_carry[t] * pay_general_prev
        np.multiply(pay_difficult, difficult[t], out=returns_difficult)
        if carry:
            np.multiply(carry_sme[t], paying_sme_prev, out=scratch)
            scratch += carry_large[t] * paying_large_prev
            returns_general += scratch
            returns_difficult += pay_difficult_prev * difficult_carry[t]
        np.add(returns_general, returns_difficult, out=returns)
        if fused:
            np.multiply(recipients, benefit_all[t], out=spending)
        else:
            np.add(benefits, expanded, out=spending)
        spending += returns
        spending += skills_subsidy[t]
        balance += contributions
        balance -= spending
        if transfer_due[t]:
            balance -= skills_transfer[t]
        np.minimum(balance, 0.0, out=shortfall)  # ≤ 0: what public finance must add
        balance -= shortfall
        spent_total += spending
        if track_benefits:
            spent_benefits += benefits

        if summary:
            if not yearly_returns:
                total_returns += returns
            total_deficit -= shortfall
        if out:
            _record(out, t, cover, locals())
    if summary:
        summary["returns_paid_total"][:] = total_returns.sum(axis=0)
        summary["pool_transfer_total"][:] = total_grant.sum(axis=0)
        summary["fiscal_subsidy_returns_total"][:] = total_fiscal_returns.sum(axis=0)
        summary["fiscal_subsidy_deficit_total"][:] = total_deficit.sum(axis=0)
        summary["lowest_reserve_months"][:] = lowest
        summary["below_general"][:] = below_general
        summary["below_difficult"][:] = below_difficult
        summary["below_general_later"][:] = below_later
        summary["province_below_general_later"][:] = province_below_later


def _allocate(capped: np.ndarray, pool: np.ndarray, neediest: np.ndarray,
              reserve: np.ndarray) -> np.ndarray:
    """Pool grants per column, by the rule in force for that column."""
    if not neediest.any():
        return allocate(capped, pool, "pro_rata")
    if neediest.all():
        return allocate(capped, pool, "neediest_first", need=reserve)
    return np.where(neediest, allocate(capped, pool, "neediest_first", need=reserve),
                    allocate(capped, pool, "pro_rata"))


def _record(out: dict[str, np.ndarray], t: int, cover: dict, state: dict) -> None:
    """Copy this month's values into the recorded arrays."""
    direct = {
        "balance": "balance", "contributions": "contributions", "interest": "interest",
        "recipients": "recipients", "benefits": "benefits", "expanded_coverage": "expanded",
        "returns_general": "returns_general", "returns_difficult": "returns_difficult",
        "returns_paid": "returns", "remittance": "remit", "pool_transfer": "grant",
        "fiscal_subsidy_returns": "fiscal_returns",
        "reserve_months": "reserve", "passes_12": "passes_12", "passes_24": "passes_24",
        "pool_balance": "pool", "pool_interest": "pool_interest",
        "province_reserve_months": "province_reserve",
    }
    for name, target in out.items():
        if name in direct:
            target[t] = state[direct[name]]
        elif name == "fiscal_subsidy_deficit":
            np.negative(state["shortfall"], out=target[t])
        elif name == "fiscal_subsidy":
            np.subtract(state["fiscal_returns"], state["shortfall"], out=target[t])
        else:  # firms_covered, workers_covered
            same, carried, difficult, difficult_carried = cover[name.split("_")[0]]
            target[t] = (same[t] * state["pay_general"]
                         + carried[t] * state["pay_general_prev"]
                         + difficult[t] * state["pay_difficult"]
                         + difficult_carried[t] * state["pay_difficult_prev"])
