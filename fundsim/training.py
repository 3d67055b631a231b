"""The vocational-skills special account (职业技能提升行动专账) and 以工代训 cohorts.

A separate ledger per region: claims made in month c (by the 25th) are paid from month c + 1
for at most ``max_months`` months at the rate in force when claimed (seed 001 三(四)、三(五)).
When the account cannot pay, the region's fund transfers the shortfall (as the 2019 transfer of
fund balances into the account did): an explicit, recorded flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SkillsLedger:
    """Month × region arrays of the skills account."""

    trainees: np.ndarray
    training_paid: np.ndarray
    transfer_in: np.ndarray
    balance: np.ndarray


def cohorts(intake: np.ndarray, duration: np.ndarray, rate: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Trainees paid and yuan paid per month from monthly intakes (month × region).

    ``duration`` and ``rate`` are per claim month. Loops over months only.
    """
    months = intake.shape[0]
    trainees = np.zeros_like(intake, dtype=float)
    paid = np.zeros_like(intake, dtype=float)
    for claim in range(months):
        first, last = claim + 1, min(months, claim + 1 + int(duration[claim]))
        if first >= last:
            continue
        trainees[first:last] += intake[claim]
        paid[first:last] += intake[claim] * rate[claim]
    return trainees, paid


def ledger(opening: np.ndarray, trainees: np.ndarray, paid: np.ndarray) -> SkillsLedger:
    """Roll the account forward; the fund tops it up whenever it would go below zero."""
    balance = np.empty_like(paid)
    transfer = np.empty_like(paid)
    current = opening.astype(float).copy()
    for t in range(paid.shape[0]):
        transfer[t] = np.maximum(paid[t] - current, 0.0)
        current = current + transfer[t] - paid[t]
        balance[t] = current
    return SkillsLedger(trainees, paid, transfer, balance)
