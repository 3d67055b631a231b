"""Benefit recipients by entitlement: who is paid, at which rate, and who runs out.

A new claimant is entitled to 12, 18 or 24 months of benefit by their years of contribution
(失业保险条例 第十七条; the shares of new claims in each bracket are an assumption). Each month a
recipient leaves for work at a constant hazard ``h``, or leaves when the entitlement is used up
(an *exhaustion*). The benefit of months 1–12 and of months 13 onward may differ (Inner
Mongolia pays a lower share of the minimum wage from the 13th month).

With a constant hazard the stocks need no table by duration. A claim made ``d`` months ago is
still paid with weight ``(1 − h)^d`` while ``d`` is below its entitlement, so

    first(t) = (1 − h) first(t−1) + I(t) − Σ_k a_k I(t−k)      recipients in months 1–12
    later(t) = (1 − h) later(t−1) + Σ_k b_k I(t−k)             recipients in months 13 on
    exhausted(t) = Σ_k x_k I(t−k)                               entitlements run out at t

where ``I`` is the month's new claims and the coefficients (:func:`coefficients`) say what
share of a claim made ``k`` months ago leaves the first year, moves on to the later months, or
runs out at that lag. The same holds for any spell of fixed length (失业补助金, 临时生活补助):
``stock(t) = (1 − h) stock(t−1) + E(t) − (1 − h)^m E(t−m)``.

Before the first month the region is taken to be in the steady state of its opening
recipients: new claims have been constant at ``recipients ÷ expected months paid``
(:func:`steady_state`), so a run whose claims stay at that level keeps its stock.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIRST_YEAR = 12  # months paid at the first-year rate (the minimum-wage rule's step-down)


@dataclass(frozen=True)
class Coefficients:
    """Shares of a claim made ``k`` months ago (index ``k``) that leave each stock at lag k."""

    leave_first: np.ndarray     # a_k: leaves the first year (moves on or runs out)
    move_later: np.ndarray      # b_k: enters (+) or leaves (−) the later months
    exhaust: np.ndarray         # x_k: entitlement used up


def coefficients(shares: np.ndarray, entitlements: np.ndarray, hazard: float) -> Coefficients:
    """The lag coefficients of a mix of entitlements (months, each ≥ 1) held by ``shares``."""
    shares = np.asarray(shares, dtype=float)
    entitlements = np.asarray(entitlements, dtype=int)
    length = int(entitlements.max()) + 1
    a, b, x = np.zeros(length), np.zeros(length), np.zeros(length)
    stay = 1.0 - hazard
    for share, months in zip(shares, entitlements, strict=True):
        end_first = min(int(months), FIRST_YEAR)
        a[end_first] += share * stay**end_first
        x[months] += share * stay**months
        if months > FIRST_YEAR:
            b[FIRST_YEAR] += share * stay**FIRST_YEAR
            b[months] -= share * stay**months
    return Coefficients(a, b, x)


def expected_months(shares: np.ndarray, entitlements: np.ndarray, hazard: float
                    ) -> tuple[float, float]:
    """Expected months a claim is paid in its first year and later: Σ_d (1 − h)^d over each
    part of each entitlement, weighted by the shares."""
    stay = 1.0 - hazard
    first = later = 0.0
    for share, months in zip(shares, entitlements, strict=True):
        weights = stay ** np.arange(int(months))
        first += share * weights[:FIRST_YEAR].sum()
        later += share * weights[FIRST_YEAR:].sum()
    return first, later


def steady_state(recipients: np.ndarray, shares: np.ndarray, entitlements: np.ndarray,
                 hazard: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(monthly new claims, recipients in the first year, recipients later) of a region whose
    claims have been constant long enough to hold ``recipients`` on benefit."""
    first, later = expected_months(shares, entitlements, hazard)
    claims = np.asarray(recipients, dtype=float) / (first + later)
    return claims, claims * first, claims * later


class History:
    """The last ``length`` months of an array (a ring): ``ago(k)`` is the value pushed ``k``
    months before the one about to be pushed (1 ≤ k ≤ length)."""

    def __init__(self, length: int, initial: np.ndarray):
        self.length = max(int(length), 1)
        self.ring = np.broadcast_to(initial, (self.length,) + initial.shape).copy()
        self.now = 0

    def ago(self, k: int) -> np.ndarray:
        return self.ring[(self.now - k) % self.length]

    def push(self, value: np.ndarray) -> None:
        self.ring[self.now % self.length] = value
        self.now += 1


def lags(coefficient: np.ndarray) -> list[int]:
    """The lags (≥ 1) at which any variant has a non-zero coefficient (array lag × …)."""
    flat = np.asarray(coefficient).reshape(coefficient.shape[0], -1)
    return [int(k) for k in np.flatnonzero(flat.any(axis=1)) if k >= 1]
