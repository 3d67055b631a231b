"""The monthly recursion of every region's fund, the pool and public finance.

Vectorised over regions and paths (arrays are region × path); the only Python loop is over
months. Each January the regions are assessed on last year's figures: months of reserve
(previous year-end balance ÷ last year's average monthly spending), the 12- and 24-month tests,
the remittance to the pool, and the pool's grants to regions that fail the general test when the
law lets them pay with pool support. Within every month:

    balance += contributions + interest + pool_transfer + fiscal_subsidy
               − benefits − expanded_coverage − skills_subsidy − returns_paid
               − remittance − skills_transfer

and public finance tops the balance up to zero when it would go negative.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def run_engine(inp: EngineInputs, paths: int = 1,
               national: np.ndarray | None = None, regional: np.ndarray | None = None,
               record: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """Run the recursion for ``paths`` paths; return the recorded arrays, month first.

    ``national`` (month × path) and ``regional`` (year × region × path) multiply claimant
    inflows; without them every path is the central one. ``record`` limits what is kept
    (default: every path variable and the pool's).
    """
    months, regions = inp.shape
    keep = set(PATH_VARIABLES + POOL_VARIABLES) if record is None else set(record)
    out: dict[str, np.ndarray] = {}
    for name in keep:
        if name in POOL_VARIABLES:
            out[name] = np.empty((months, paths))
        else:
            dtype = bool if name in BOOL_VARIABLES else np.float64
            out[name] = np.empty((months, regions, paths), dtype=dtype)

    shape = (regions, paths)
    balance = np.repeat(inp.opening_balance[:, None], paths, axis=1).astype(np.float64)
    recipients = np.repeat(inp.opening_recipients[:, None], paths, axis=1).astype(np.float64)
    pool = np.full(paths, inp.pool_opening_balance, dtype=np.float64)
    spent_total = np.repeat(inp.last_year_total[:, None], paths, axis=1).astype(np.float64)
    spent_benefits = np.repeat(inp.last_year_benefits[:, None], paths, axis=1).astype(np.float64)
    reserve = np.zeros(shape)
    pay_general = np.zeros(shape)
    pay_difficult = np.zeros(shape)
    passes_12 = np.zeros(shape, dtype=bool)
    passes_24 = np.zeros(shape, dtype=bool)
    zeros = np.zeros(shape)
    regional_now = None
    skills = inp.skills

    for t in range(months):
        interest = np.maximum(balance, 0.0) * inp.interest_monthly
        pool_interest = pool * inp.pool_interest_monthly
        pool += pool_interest
        grant = fiscal_returns = zeros
        if inp.january[t]:
            denominator = spent_benefits if inp.benefits_denominator[t] else spent_total
            reserve = np.divide(balance * 12.0, denominator, out=np.full(shape, np.inf),
                                where=denominator > 0)
            passes_12 = reserve >= inp.general_months[t]
            passes_24 = reserve >= inp.difficult_months[t]
            spent_total = np.zeros(shape)
            spent_benefits = np.zeros(shape)
            remit = inp.remittance[t][:, None]
            balance -= remit
            pool += remit.sum()
            pay_difficult = passes_24.astype(np.float64)
            if inp.pool_supported[t]:
                request = np.where(passes_12, 0.0, inp.general_bill[t][:, None])
                capped = np.minimum(request, inp.cap[t][:, None])
                rule = "neediest_first" if inp.neediest_first[t] else "pro_rata"
                grant = allocate(capped, pool, rule, need=reserve)
                pool -= grant.sum(axis=0)
                fiscal_returns = request - grant
                balance += grant + fiscal_returns
                pay_general = np.ones(shape)
            else:
                pay_general = passes_12.astype(np.float64)
            if regional is not None:
                regional_now = regional[inp.year_index[t]]

        inflow = inp.inflow[t][:, None]
        if national is not None:
            inflow = inflow * national[t][None, :]
            if regional_now is not None:
                inflow = inflow * regional_now
        recipients *= 1.0 - inp.exit_rate
        recipients += inflow
        benefits = recipients * inp.benefit_level[t][:, None]
        expanded = benefits * inp.expanded_share[t]
        returns_general = inp.general_pre[t][:, None] * pay_general
        returns_difficult = inp.difficult_pre[t][:, None] * pay_difficult
        returns = returns_general + returns_difficult
        spending = benefits + expanded + returns + inp.skills_subsidy[t][:, None]
        balance += (inp.contributions[t][:, None] + interest - spending
                    - skills.transfer_in[t][:, None])
        deficit = np.maximum(-balance, 0.0)
        balance += deficit
        spent_total += spending
        spent_benefits += benefits

        values = {
            "balance": balance, "interest": interest, "recipients": recipients,
            "benefits": benefits, "expanded_coverage": expanded,
            "returns_general": returns_general, "returns_difficult": returns_difficult,
            "returns_paid": returns, "pool_transfer": grant,
            "fiscal_subsidy_returns": fiscal_returns, "fiscal_subsidy_deficit": deficit,
            "reserve_months": reserve, "passes_12": passes_12, "passes_24": passes_24,
            "pool_balance": pool, "pool_interest": pool_interest,
        }
        for name in keep:
            if name == "fiscal_subsidy":
                out[name][t] = fiscal_returns + deficit
            elif name == "firms_covered":
                out[name][t] = (inp.firms_general[t][:, None] * pay_general
                                + inp.firms_difficult[t][:, None] * pay_difficult)
            elif name == "workers_covered":
                out[name][t] = (inp.workers_general[t][:, None] * pay_general
                                + inp.workers_difficult[t][:, None] * pay_difficult)
            else:
                out[name][t] = values[name]
    return out
