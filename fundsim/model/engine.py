"""The monthly recursion of every region's fund, the pool and public finance.

Vectorised over regions and *columns* (arrays are region × column). A column is one path of one
variant: variants (swept values, compared scenarios) share the same random draws, so column
``c`` is variant ``c // paths`` on path ``c % paths``. The only Python loops are over months and
over blocks of columns (cache-sized; columns never interact, so blocking changes no number).

Every month runs the steps of :mod:`fundsim.model.steps` in the order the notices describe:

    January:  assess reserves (under a rate schedule, each region's contribution rate) →
              interest → return bases, remittance to the pool, pool grants
              (public finance for the rest), the year's gates; where the pool lends, the
              repayment of loans before the grants and, at the month's end, the year's loans
    monthly:  interest (and, where the pool lends, interest on loans) → contributions → new
              claims, exits and exhaustions → what the fund pays people out of work → returns
              → subsidies and services per insured worker → settle (transfer to the skills
              account) → under one province-wide fund, the regions' balances cover each
              other → public finance tops up a negative balance

so that every month ``balance += contributions + interest + pool_transfer + fiscal_subsidy +
pooling_transfer − (every spending line) − remittance − skills_transfer − loan_repayment −
loan_interest`` (the last two in a run where the pool lends: policy.pool.support ``loan``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from fundsim.model import replay as actual
from fundsim.model import steps
from fundsim.model.inputs import SHARED, EngineInputs, Lagged
from fundsim.model.pool import ordered_sum
from fundsim.model.replay import Replay
from fundsim.model.steps import Flows, FundState, Shocks

# recorded per region (month × region × column), by the name of the state or flow field
PATH_VARIABLES = (
    "balance", "contributions", "interest", "recipients", "new_claims", "exhaustions",
    "subsidy_recipients", "allowance_recipients", "benefits", "medical_insurance",
    "funeral_grants", "price_subsidies", "unemployment_subsidy", "living_allowance",
    "migrant_lump_sum",
    "returns_general", "returns_difficult", "returns_paid", "remittance", "pool_transfer",
    "fiscal_subsidy_returns", "fiscal_subsidy_deficit", "fiscal_subsidy", "pooling_transfer",
    "reserve_months",
    "passes_12", "passes_24", "firms_covered", "workers_covered",
)
#: recorded too in a run given actual months (fundsim.model.replay)
ACTUAL_VARIABLES = ("actual_adjustment",)
#: recorded too (per region) in a run where the pool lends in some month (:func:`lends`)
LOAN_VARIABLES = ("loan_advances", "loan_repayment", "loan_interest", "loans_outstanding")
#: recorded too (per region) in a run with a contribution-rate schedule in some month
#: (:func:`schedules`)
SCHEDULE_VARIABLES = ("contribution_rate",)
# recorded per column (month × column)
POOL_VARIABLES = ("pool_balance", "pool_interest", "province_reserve_months")
BOOL_VARIABLES = {"passes_12", "passes_24"}
# the contract's names of the state's two tests
ALIASES = {"passes_12": "passes_general", "passes_24": "passes_difficult"}
# people on a spell, by the name of their stock in steps.People
PEOPLE = {"new_claims": "new_claims", "exhaustions": "exhaustions",
          "subsidy_recipients": "subsidised", "allowance_recipients": "allowance"}
# what the fund pays per person out of work: recorded apart, they cannot be fused
CLAIMANT_LINES = {"benefits", "medical_insurance", "funeral_grants", "price_subsidies"}
# horizon summaries per column, kept in the loop so a sweep never stores monthly arrays
SUMMARIES = {
    "returns_paid_total": "column", "pool_transfer_total": "column",
    # firm-months and worker-months paid a return (an optimiser's coverage objectives)
    "firms_covered_total": "column", "workers_covered_total": "column",
    "fiscal_subsidy_returns_total": "column", "fiscal_subsidy_deficit_total": "column",
    "lowest_reserve_months": "column", "below_general": "region", "below_difficult": "region",
    # after the first assessment (the one the data fix, whatever the policy)
    "below_general_later": "region", "province_below_general_later": "column",
}
#: How ``run_engine(reduce=...)`` keeps a variable without its every month and path: summed over
#: paths month by month (``paths``), the number of paths on which it is positive (``positive``),
#: or per path by calendar year: the year's first month (``first``), its last (``last``), or
#: the sum of its months (``sum``).
REDUCTIONS = ("paths", "positive", "first", "last", "sum")
#: A run that sums over paths lays its blocks out as for this many threads, whatever the
#: machine, so that its sums (added block by block) do not depend on the machine.
REDUCE_LAYOUT_THREADS = 2
CACHE_BYTES = 384 * 1024  # one region × column working array: fits the L2 cache (measured)


def lends(inp: EngineInputs) -> bool:
    """Whether the pool's transfer is a loan in some month of some variant
    (``policy.pool.support`` ``loan``): only then are the :data:`LOAN_VARIABLES` computed and
    recorded, so that a run under current law (grants) is unchanged."""
    return bool(np.any(inp.pool.loan))


def schedules(inp: EngineInputs) -> bool:
    """Whether a contribution-rate schedule is on in some month of some variant
    (``policy.contributions.schedule.enabled``): only then are the rates chosen, the year's
    collections kept by size class and :data:`SCHEDULE_VARIABLES` recorded, so that a run
    without one is unchanged."""
    return bool(np.any(inp.contributions.schedule.enabled))


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
               progress: Callable[[int, int], None] | None = None,
               reduce: Iterable[tuple[str, str]] = (),
               replay: Replay | None = None) -> dict[str, np.ndarray]:
    """Run the recursion for every variant × ``paths`` paths; return arrays, month first.

    Random multipliers, shared by every variant: ``national`` (month × path) and ``regional``
    (year × region × path) on claimant inflows, ``level`` (month × path) on contributions (wages
    × insured). Without them every path is the central one. Region arrays come back as
    (month, region, variant × path) and pool arrays as (month, variant × path). ``record``
    limits what is kept (default: everything). With ``summarise`` the result also holds the
    horizon ``SUMMARIES`` per column (region × column for the ``below_*`` flags: the region
    failed that test in some January). Blocks run on ``threads`` threads (default: the CPUs
    available); the numbers do not depend on it. ``progress(done, total)`` is called as blocks
    finish. ``reduce`` lists (variable, how) pairs kept as :data:`REDUCTIONS` say, under the key
    ``"variable@how"``: (month, region, variant) or (month, variant) for ``paths`` and
    ``positive``, (year, region, column) or (year, column) for the yearly ones; the blocks of a
    run that sums over paths are laid out as for :data:`REDUCE_LAYOUT_THREADS` threads.
    ``replay`` takes its months as they actually were (:mod:`fundsim.model.replay`; the inputs
    come with the reported figures already in them, :func:`fundsim.model.replay.with_actuals`):
    no randomness there, and ``actual_adjustment`` recorded. Where the pool lends in some month
    (:func:`lends`) the :data:`LOAN_VARIABLES` are recorded (and may be reduced) too, and
    where a contribution-rate schedule is on in some month (:func:`schedules`) the
    :data:`SCHEDULE_VARIABLES`.
    """
    months, regions = inp.shape
    columns = inp.variants * paths
    loans = LOAN_VARIABLES if lends(inp) else ()
    rated = SCHEDULE_VARIABLES if schedules(inp) else ()
    known = (PATH_VARIABLES + POOL_VARIABLES + (ACTUAL_VARIABLES if replay else ()) + loans
             + rated)
    keep = set(known) if record is None else set(record)
    unknown = keep - set(known)
    if unknown:
        raise ValueError(f"cannot record {sorted(unknown)}")
    out: dict[str, np.ndarray] = {}
    for name in keep:
        if name in POOL_VARIABLES:
            out[name] = np.empty((months, columns))
        else:
            dtype = bool if name in BOOL_VARIABLES else np.float64
            out[name] = np.empty((months, regions, columns), dtype=dtype)
    if replay is not None:
        if summarise:
            raise ValueError("horizon summaries are not kept in a run given actual months")
        k = replay.last + 1  # the actual months: every path as it happened
        national = None if national is None else np.concatenate(
            [np.ones_like(national[:k]), national[k:]])
        level = None if level is None else np.concatenate([np.ones_like(level[:k]), level[k:]])
    if summarise:
        for name, kind in SUMMARIES.items():
            dtype = bool if "below" in name else np.float64
            out[name] = np.empty((regions, columns) if kind == "region" else (columns,), dtype)
    reduce = tuple(reduce)
    bad = [(name, how) for name, how in reduce
           if name not in PATH_VARIABLES + POOL_VARIABLES + loans + rated
           or how not in REDUCTIONS]
    if bad:
        raise ValueError(f"cannot reduce {bad}")
    years = int(inp.calendar.year_index[-1]) + 1
    for name, how in reduce:
        if how in ("first", "last", "sum"):
            dtype = bool if name in BOOL_VARIABLES and how != "sum" else np.float64
            out[f"{name}@{how}"] = np.zeros(
                (years, columns) if name in POOL_VARIABLES else (years, regions, columns), dtype)
    threads = threads or len(os.sched_getaffinity(0))
    over_paths = [(name, how) for name, how in reduce if how in ("paths", "positive")]
    layout = blocks(regions, inp.variants, paths,
                    REDUCE_LAYOUT_THREADS if over_paths else threads)
    partial: list[dict[str, np.ndarray]] = [{} for _ in layout]
    # which input arrays agree across variants, decided once and shared by the blocks (keyed
    # by id: every array passed to it lives as long as this call)
    agree: dict[int, bool] = {}

    def block(index: int) -> None:
        v0, v1, p0, p1 = layout[index]
        c0, c1 = v0 * paths + p0, (v1 - 1) * paths + p1
        shape = (v1 - v0, p1 - p0)
        views = {name: array[..., c0:c1].reshape(array.shape[:-1] + shape)
                 for name, array in out.items()}
        for name, how in over_paths:  # this block's sums, added to the others' below
            partial[index][f"{name}@{how}"] = views[f"{name}@{how}"] = np.zeros(
                (months,) + ((v1 - v0,) if name in POOL_VARIABLES else (regions, v1 - v0)))
        shocks = Shocks(None if national is None else national[:, p0:p1],
                        None if regional is None else regional[:, :, None, p0:p1],
                        None if level is None else level[:, p0:p1])
        law = block_view(inp, _Columns((v0, v1), agree))
        _run_block(law, (regions, v1 - v0, p1 - p0), shocks, views, replay)

    workers = min(len(layout), threads)
    with ThreadPoolExecutor(max(workers, 1)) as pool:
        for done, _ in enumerate(pool.map(block, range(len(layout))), start=1):
            if progress is not None:
                progress(done, len(layout))
    for name, how in over_paths:  # in the layout's order: the same sums on any machine
        key = f"{name}@{how}"
        out[key] = np.zeros((months,) + (() if name in POOL_VARIABLES else (regions,))
                            + (inp.variants,))
        for (v0, v1, _, _), sums in zip(layout, partial, strict=True):
            out[key][..., v0:v1] += sums[key]
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


def block_view(record: Any, per: _Columns | None = None) -> Any:
    """The inputs as one block sees them (default: the first variant): every variant array
    through ``per``, shaped to broadcast over (variant, path); the calendar and the opening
    state, shared by all variants, as they are. A test calls a step alone on this."""
    per = per or _Columns((0, 1), {})
    if isinstance(record, SHARED):
        return record
    if dataclasses.is_dataclass(record):
        return type(record)(**{f.name: block_view(getattr(record, f.name), per)
                               for f in dataclasses.fields(record)})
    return per(record)


class _Horizon:
    """Horizon summaries per column, accumulated as the months pass (``SUMMARIES``)."""

    def __init__(self, shape: tuple[int, int, int]):
        self.returns, self.deficit = np.zeros(shape), np.zeros(shape)
        self.grant, self.fiscal_returns = np.zeros(shape), np.zeros(shape)
        self.firms, self.workers = np.zeros(shape), np.zeros(shape)
        self.lowest = np.full(shape[1:], np.inf)
        self.below_general = np.zeros(shape, dtype=bool)
        self.below_difficult = np.zeros(shape, dtype=bool)
        self.below_later = np.zeros(shape, dtype=bool)
        self.province_below_later = np.zeros(shape[1:], dtype=bool)

    def january(self, s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
        """After the assessment and the pool's grants."""
        self.grant += f.pool_transfer
        self.fiscal_returns += f.fiscal_subsidy_returns
        np.minimum(self.lowest, s.reserve_months.min(axis=0), out=self.lowest)
        self.below_general |= ~s.passes_general
        self.below_difficult |= ~s.passes_difficult
        if t > 0:
            self.below_later |= ~s.passes_general
            self.province_below_later |= (s.province_reserve_months
                                          < law.tests.general_months[t])
        # the year's firms and workers paid a return, at once: the gates (0 or 1) hold all year
        year = law.calendar.year_index
        months = slice(t, t + int(np.count_nonzero(year == year[t])))
        r = law.returns
        for total, general, difficult in ((self.firms, r.firms_general, r.firms_difficult),
                                          (self.workers, r.workers_general,
                                           r.workers_difficult)):
            total += general.same[months].sum(axis=0) * s.pay_general
            total += general.carry[months].sum(axis=0) * s.pay_general_prev
            total += difficult.same[months].sum(axis=0) * s.pay_difficult
            total += difficult.carry[months].sum(axis=0) * s.pay_difficult_prev

    def month(self, f: Flows) -> None:
        self.returns += f.returns_paid
        self.deficit -= f.shortfall

    def write(self, out: dict[str, np.ndarray]) -> None:
        out["returns_paid_total"][:] = ordered_sum(self.returns)
        out["firms_covered_total"][:] = ordered_sum(self.firms)
        out["workers_covered_total"][:] = ordered_sum(self.workers)
        out["pool_transfer_total"][:] = ordered_sum(self.grant)
        out["fiscal_subsidy_returns_total"][:] = ordered_sum(self.fiscal_returns)
        out["fiscal_subsidy_deficit_total"][:] = ordered_sum(self.deficit)
        out["lowest_reserve_months"][:] = self.lowest
        out["below_general"][:] = self.below_general
        out["below_difficult"][:] = self.below_difficult
        out["below_general_later"][:] = self.below_later
        out["province_below_general_later"][:] = self.province_below_later


@dataclass(frozen=True)
class FastPaths:
    """Shortcuts a block takes when what they skip is neither recorded nor needed."""

    fused_benefit: tuple[np.ndarray, np.ndarray] | None  # per recipient, months 1–12 and on
    fold_interest: bool                # the balance grows by its interest in one step


def fast_paths(law: EngineInputs, recorded: Iterable[str]) -> FastPaths:
    """The fast paths a block may take, the only ones kept because they paid when timed against
    the plain path (single-thread CPU time of the bench_engine.py run, this project's 2-core
    machine):

    - what the fund pays per recipient (benefit, medical insurance, funeral grants, price
      subsidy) spent as one amount for months 1–12 and one for months 13 on, when none is
      recorded and no reserve test counts benefits alone;
    - interest folded into the balance (one pass fewer) when it is not recorded, outside
      January (the January steps see the year-end balance without it).

    They change no number beyond rounding (tests/test_engine_fast_paths.py).
    """
    recorded = set(recorded)
    fuse = (not CLAIMANT_LINES & recorded
            and not bool(law.tests.benefits_denominator.any()))
    fused = None
    if fuse:
        c = law.claimants
        extra = c.medical + c.funeral + c.price
        fused = (c.benefit_first + extra, c.benefit_later + extra)
    return FastPaths(fused, "interest" not in recorded)


def covered(general: Lagged, difficult: Lagged, s: FundState, t: int) -> np.ndarray:
    """Firms (or workers) paid a return this month: the general and the difficult-firm
    return's coverage under the gate of the year each fell due (a firm paid both counts
    twice)."""
    return (general.same[t] * s.pay_general + general.carry[t] * s.pay_general_prev
            + difficult.same[t] * s.pay_difficult + difficult.carry[t] * s.pay_difficult_prev)


def _value(name: str, s: FundState, f: Flows, law: EngineInputs, t: int) -> np.ndarray:
    """This month's value of a recorded variable, by its name."""
    r = law.returns
    if name == "fiscal_subsidy_deficit":
        return -f.shortfall
    if name == "actual_adjustment":
        return f.adjustment
    if name == "fiscal_subsidy":
        return f.fiscal_subsidy_returns - f.shortfall
    if name == "firms_covered":
        return covered(r.firms_general, r.firms_difficult, s, t)
    if name == "workers_covered":
        return covered(r.workers_general, r.workers_difficult, s, t)
    if name in PEOPLE:
        return getattr(s.people, PEOPLE[name])
    name = ALIASES.get(name, name)
    return getattr(s, name) if hasattr(s, name) else getattr(f, name)


def _reduce(target: np.ndarray, how: str, value: np.ndarray, t: int, year: int,
            first: bool) -> None:
    """Keep this month's ``value`` in ``target`` as ``how`` (:data:`REDUCTIONS`) says."""
    if how == "paths":
        target[t] = value.sum(axis=-1)
    elif how == "positive":
        target[t] = np.count_nonzero(value > 0, axis=-1)
    elif how == "sum":
        target[year] += value
    elif how == "last" or first:
        target[year] = value


def _run_block(law: EngineInputs, shape: tuple[int, int, int], shocks: Shocks,
               out: dict[str, np.ndarray], replay: Replay | None = None) -> None:
    """The recursion for one block (arrays region × variant × path) into the views in ``out``.

    ``law`` is the block's view of the inputs (:func:`block_view`); months up to
    ``replay.last`` are the actual ones (:mod:`fundsim.model.replay`).
    """
    calendar = law.calendar
    contrib_sme, contrib_large = law.contributions.sme, law.contributions.large
    contrib_total = contrib_sme + contrib_large
    transfer_due = law.skills.transfer.reshape(len(calendar.months), -1).any(axis=1)
    track_benefits = bool(law.tests.benefits_denominator.any())
    one_fund = law.pool.region_wide.reshape(len(calendar.months), -1).any(axis=1)
    lending = lends(law)
    scheduled = schedules(law)
    horizon = _Horizon(shape) if any(name in SUMMARIES for name in out) else None
    recorded = [name for name in out if name not in SUMMARIES and "@" not in name]
    reduced = [(key, *key.split("@")) for key in out if "@" in key]
    fast = fast_paths(law, recorded + [name for _, name, _ in reduced])
    year = calendar.year_index
    s = FundState.opening(law.opening, shape, law.claimants)
    f = Flows(shape)
    last = -1 if replay is None else replay.last
    ytd = actual.YearToDate.empty(shape) if replay is not None else None
    plain = Shocks()
    for t in range(len(calendar.months)):
        january = bool(calendar.january[t])
        real = t <= last  # an actual month: as it happened, every flow apart
        month_shocks = plain if real else shocks
        if january:
            steps.assess_reserves(s, law, t)
            if scheduled:
                steps.choose_contribution_rate(s, law, t)
            if ytd is not None:
                ytd.clear()
        # January's interest stays apart: the January steps see the year-end balance
        fold = fast.fold_interest and not january and not real
        steps.accrue_interest(s, f, law, fold)
        if lending:
            steps.pay_loan_interest(s, f, law, t)
        if january:
            steps.open_policy_year(s, f, law, t, shocks, contrib_sme, contrib_large, lending,
                                   scheduled)
            if horizon is not None:
                horizon.january(s, f, law, t)
        else:
            steps.clear_january_flows(f)
        steps.credit_interest(s, f, fold)
        if scheduled:
            steps.set_contribution_rate(s, law, t)
            steps.collect_scheduled(s, f, contrib_sme, contrib_large, t, month_shocks, real)
        else:
            steps.collect_contributions(f, contrib_total, t, month_shocks)
        steps.claim_and_leave(s, law, t, int(calendar.year_index[t]), month_shocks)
        if real:
            actual.replay_people(s, replay, t)
        elif t == last + 1 and ytd is not None and not january:
            actual.rescale_returns(s, law, t, ytd)
        steps.pay_benefits(s, f, law, t, None if real else fast.fused_benefit)
        steps.pay_returns(s, f, law, t)
        steps.pay_skills_subsidy(f, law, t)
        steps.settle(s, f, law, t, bool(transfer_due[t]), track_benefits)
        if one_fund[t]:
            steps.share_one_fund(s, f, law, t)
        steps.top_up_from_public_finance(s, f)
        if real:
            actual.replay_month(s, f, replay, t, track_benefits, ytd)
        elif t == last + 1 and replay is not None:
            f.adjustment.fill(0.0)
        if lending and january:
            steps.book_loans(s, f, law, t)
        if horizon is not None:
            horizon.month(f)
        values = {name: _value(name, s, f, law, t)
                  for name in {*recorded, *(name for _, name, _ in reduced)}}
        for name in recorded:
            out[name][t] = values[name]
        for key, name, how in reduced:
            _reduce(out[key], how, values[name], t, int(year[t]),
                    t == 0 or year[t] != year[t - 1])
    if horizon is not None:
        horizon.write(out)
