"""The monthly recursion of every region's fund, the pool and public finance.

Vectorised over regions and paths (arrays are region × path); the only Python loops are over
months and over blocks of paths (blocks keep the working arrays in the CPU cache; paths never
interact, so blocking changes no number). Each January the regions are assessed on last year's
figures: months of reserve (previous year-end balance ÷ last year's average monthly spending),
the 12- and 24-month tests, the remittance to the pool, and the pool's grants to regions that
fail the general test when the law lets them pay with pool support. Within every month:

    balance += contributions + interest + pool_transfer + fiscal_subsidy
               − benefits − expanded_coverage − skills_subsidy − returns_paid
               − remittance − skills_transfer

and public finance tops the balance up to zero when it would go negative.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fundsim.inputs import EngineInputs
from fundsim.pool import allocate

PATH_VARIABLES = (
    "balance", "interest", "recipients", "benefits", "expanded_coverage", "returns_general",
    "returns_difficult", "returns_paid", "pool_transfer", "fiscal_subsidy_returns",
    "fiscal_subsidy_deficit", "fiscal_subsidy", "reserve_months", "passes_12", "passes_24",
    "firms_covered", "workers_covered",
)
POOL_VARIABLES = ("pool_balance", "pool_interest")
BOOL_VARIABLES = {"passes_12", "passes_24"}
CACHE_BYTES = 384 * 1024  # one region × path working array: fits the L2 cache (measured)


def block_size(regions: int, paths: int, threads: int = 1) -> int:
    """Paths per block: a region × block array of float64 stays cache-sized, and every thread
    gets at least one block."""
    by_cache = CACHE_BYTES // (8 * max(regions, 1))
    return max(1, min(by_cache, -(-paths // max(threads, 1))))


def run_engine(inp: EngineInputs, paths: int = 1,
               national: np.ndarray | None = None, regional: np.ndarray | None = None,
               record: Iterable[str] | None = None, threads: int | None = None
               ) -> dict[str, np.ndarray]:
    """Run the recursion for ``paths`` paths; return the recorded arrays, month first.

    ``national`` (month × path) and ``regional`` (year × region × path) multiply claimant
    inflows; without them every path is the central one. ``record`` limits what is kept
    (default: every path variable and the pool's). Blocks of paths run on ``threads`` threads
    (default: the CPUs available); the numbers do not depend on it.
    """
    months, regions = inp.shape
    keep = set(PATH_VARIABLES + POOL_VARIABLES) if record is None else set(record)
    unknown = keep - set(PATH_VARIABLES + POOL_VARIABLES)
    if unknown:
        raise ValueError(f"cannot record {sorted(unknown)}")
    out: dict[str, np.ndarray] = {}
    for name in keep:
        if name in POOL_VARIABLES:
            out[name] = np.empty((months, paths))
        else:
            dtype = bool if name in BOOL_VARIABLES else np.float64
            out[name] = np.empty((months, regions, paths), dtype=dtype)
    threads = threads or len(os.sched_getaffinity(0))
    step = block_size(regions, paths, threads)

    def block(lo: int) -> None:
        hi = min(paths, lo + step)
        _run_block(inp, hi - lo,
                   None if national is None else national[:, lo:hi],
                   None if regional is None else regional[:, :, lo:hi],
                   {name: array[..., lo:hi] for name, array in out.items()})

    starts = range(0, paths, step)
    workers = min(len(starts), threads)
    if workers <= 1:
        for lo in starts:
            block(lo)
    else:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(block, starts))
    return out


def _run_block(inp: EngineInputs, paths: int, national: np.ndarray | None,
               regional: np.ndarray | None, out: dict[str, np.ndarray]) -> None:
    """The recursion for one block of paths, writing into the views in ``out``."""
    months, regions = inp.shape
    shape = (regions, paths)
    f64 = np.float64

    def column(vector: np.ndarray) -> np.ndarray:
        return np.repeat(np.asarray(vector, dtype=f64)[:, None], paths, axis=1)

    balance = column(inp.opening_balance)
    recipients = column(inp.opening_recipients)
    spent_total = column(inp.last_year_total)
    spent_benefits = column(inp.last_year_benefits)
    pool = np.full(paths, inp.pool_opening_balance, dtype=f64)
    reserve = np.zeros(shape)
    passes_12 = np.zeros(shape, dtype=bool)
    passes_24 = np.zeros(shape, dtype=bool)
    pay_general = np.zeros(shape)
    pay_difficult = np.zeros(shape)
    zeros = np.zeros(shape)
    grant = fiscal_returns = zeros
    # scratch buffers, reused every month
    interest, inflow, benefits, expanded = (np.empty(shape) for _ in range(4))
    returns_general, returns_difficult, returns, spending, deficit = (
        np.empty(shape) for _ in range(5))
    # deterministic per-month parts, region columns
    net_fixed = (inp.contributions - inp.skills.transfer_in)[:, :, None]
    skills_subsidy = inp.skills_subsidy[:, :, None]
    inflow_base = inp.inflow[:, :, None]
    benefit_level = inp.benefit_level[:, :, None]
    general_pre = inp.general_pre[:, :, None]
    difficult_pre = inp.difficult_pre[:, :, None]
    survive = 1.0 - inp.exit_rate
    regional_now: np.ndarray | None = None

    for t in range(months):
        np.maximum(balance, 0.0, out=interest)
        interest *= inp.interest_monthly
        pool_interest = pool * inp.pool_interest_monthly
        pool += pool_interest
        if inp.january[t]:
            denominator = spent_benefits if inp.benefits_denominator[t] else spent_total
            with np.errstate(over="ignore"):  # a vanishing spend means unbounded reserve
                reserve = np.divide(balance * 12.0, denominator, out=np.full(shape, np.inf),
                                    where=denominator > 0)
            passes_12 = reserve >= inp.general_months[t]
            passes_24 = reserve >= inp.difficult_months[t]
            spent_total = np.zeros(shape)
            spent_benefits = np.zeros(shape)
            remit = inp.remittance[t][:, None]
            balance -= remit
            pool += remit.sum()
            pay_difficult = passes_24.astype(f64)
            if inp.pool_supported[t]:
                request = np.where(passes_12, 0.0, inp.general_bill[t][:, None])
                capped = np.minimum(request, inp.cap[t][:, None])
                rule = "neediest_first" if inp.neediest_first[t] else "pro_rata"
                grant = allocate(capped, pool, rule, need=reserve)
                pool -= grant.sum(axis=0)
                fiscal_returns = request - grant
                balance += grant
                balance += fiscal_returns
                pay_general = np.ones(shape)
            else:
                grant = fiscal_returns = zeros
                pay_general = passes_12.astype(f64)
            if regional is not None:
                regional_now = regional[inp.year_index[t]]
        elif grant is not zeros:
            grant = fiscal_returns = zeros

        if national is None:
            np.copyto(inflow, inflow_base[t])
        else:
            np.multiply(inflow_base[t], national[t], out=inflow)
            if regional_now is not None:
                inflow *= regional_now
        recipients *= survive
        recipients += inflow
        np.multiply(recipients, benefit_level[t], out=benefits)
        np.multiply(benefits, inp.expanded_share[t], out=expanded)
        np.multiply(pay_general, general_pre[t], out=returns_general)
        np.multiply(pay_difficult, difficult_pre[t], out=returns_difficult)
        np.add(returns_general, returns_difficult, out=returns)
        np.add(benefits, expanded, out=spending)
        spending += returns
        spending += skills_subsidy[t]
        balance += net_fixed[t]
        balance += interest
        balance -= spending
        np.negative(balance, out=deficit)
        np.maximum(deficit, 0.0, out=deficit)
        balance += deficit
        spent_total += spending
        spent_benefits += benefits

        current = {
            "balance": balance, "interest": interest, "recipients": recipients,
            "benefits": benefits, "expanded_coverage": expanded,
            "returns_general": returns_general, "returns_difficult": returns_difficult,
            "returns_paid": returns, "pool_transfer": grant,
            "fiscal_subsidy_returns": fiscal_returns, "fiscal_subsidy_deficit": deficit,
            "reserve_months": reserve, "passes_12": passes_12, "passes_24": passes_24,
            "pool_balance": pool, "pool_interest": pool_interest,
        }
        for name, target in out.items():
            if name == "fiscal_subsidy":
                np.add(fiscal_returns, deficit, out=target[t])
            elif name == "firms_covered":
                np.multiply(inp.firms_general[t][:, None], pay_general, out=target[t])
                target[t] += inp.firms_difficult[t][:, None] * pay_difficult
            elif name == "workers_covered":
                np.multiply(inp.workers_general[t][:, None], pay_general, out=target[t])
                target[t] += inp.workers_difficult[t][:, None] * pay_difficult
            else:
                target[t] = current[name]
