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

    ``duration`` and ``rate`` are per claim month: a claim in month c is paid in months
    c + 1 … c + duration[c], at rate[c].
    """
    months = intake.shape[0]
    claim = np.arange(months)[:, None]
    paid_month = np.arange(months)[None, :]
    # window[c, t]: the claim of month c is paid in month t
    window = (paid_month > claim) & (paid_month <= claim + duration.astype(int)[:, None])
    trainees = window.T.astype(float) @ intake
    paid = window.T.astype(float) @ (intake * rate[:, None])
    return trainees, paid


def ledger(opening: np.ndarray, trainees: np.ndarray, paid: np.ndarray) -> SkillsLedger:
    """Roll the account forward; the fund tops it up whenever it would go below zero.

    With no other income the balance is what is left of the opening balance after everything
    paid so far, and never below zero; the fund's transfer is the rest of each month's payment.
    """
    balance = np.maximum(opening.astype(float)[None, :] - np.cumsum(paid, axis=0), 0.0)
    before = np.vstack([opening.astype(float)[None, :], balance[:-1]])
    transfer = np.maximum(paid - before, 0.0)
    return SkillsLedger(trainees, paid, transfer, balance)
