"""The actual months of a run: the months a province has accounts for are taken as they were.

A run given actuals (:mod:`fundsim.inputs.actuals`) steps through its first months as any run
does, so that the state the accounts do not show (recipients by month of entitlement, the claims
behind them, the year's gates) follows from the model, and then puts every reported figure in
place of the model's:

- before the run, in the inputs: contributions (split by size class as the model splits them,
  so next January's return base is what was actually paid), new claims, and the spending lines
  paid per insured worker (training, skill-improvement subsidies, other spending);
- at each actual month's end (:func:`replay_month`): the other flows, each one's difference from
  the model moving the balance (and the pool, for remittances and grants) as the flow would;
  recipients, scaled over their months of entitlement; and the balance, the difference between
  the reported balance and the one the flows give kept as ``actual_adjustment`` so that every
  accounting identity stays exact;
- in the first projected month of a year begun with actual months (:func:`rescale_returns`):
  the returns still to be paid that year are the year's dues less what was actually paid.

The actual months have no randomness: every path carries the same figures there.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from fundsim.inputs.actuals import Actuals
from fundsim.model.inputs import EngineInputs
from fundsim.model.pool import ordered_sum
from fundsim.model.steps import Flows, FundState

#: Reported flows put in place at the month's end, by the Flows field they replace, and their
#: sign in the region's identity.
MONTH_END_FLOWS = {
    "interest": 1, "pooling_transfer": 1,
    "benefits": -1, "medical_insurance": -1, "funeral_grants": -1, "price_subsidies": -1,
    "unemployment_subsidy": -1, "living_allowance": -1, "migrant_lump_sum": -1,
    "returns_general": -1, "returns_difficult": -1, "remittance": -1, "pool_transfer": 1,
}
#: Reported lines that count toward next January's reserve denominator (the fund's spending).
SPENDING = ("benefits", "medical_insurance", "funeral_grants", "price_subsidies",
            "unemployment_subsidy", "living_allowance", "migrant_lump_sum",
            "returns_general", "returns_difficult")


@dataclass(frozen=True)
class Replay:
    """The actual months as the engine reads them: ``last`` is the index of the last actual
    month; ``values`` holds each reported field as (K, R), NaN where not reported."""

    last: int
    values: dict[str, np.ndarray]

    def at(self, key: str, t: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(reported value, reported mask) of ``key`` in month ``t``, shaped (R, 1, 1) to
        broadcast over a block; None where nothing of it is reported that month."""
        array = self.values.get(key)
        if array is None or t > self.last:
            return None
        row = array[t]
        given = ~np.isnan(row)
        if not given.any():
            return None
        return np.where(given, row, 0.0)[:, None, None], given[:, None, None]


def replay_of(actuals: Actuals) -> Replay:
    """The engine's view of validated actuals: their months up to the last, each field as
    float (K, R)."""
    return Replay(len(actuals.months) - 1,
                  {key: np.asarray(value, dtype=np.float64)
                   for key, value in actuals.values.items()})


def with_actuals(inp: EngineInputs, replay: Replay) -> EngineInputs:
    """The inputs with the reported contributions, new claims and per-insured spending lines in
    the actual months (every variant: they are what happened)."""
    k = replay.last + 1

    def put(array: np.ndarray, key: str) -> np.ndarray:
        reported = replay.values.get(key)
        if reported is None:
            return array
        out = np.array(array, dtype=np.float64)  # a writable copy: inputs may be shared views
        given = ~np.isnan(reported[:k])[:, :, None]
        out[:k] = np.where(given, np.nan_to_num(reported[:k])[:, :, None], out[:k])
        return out

    c = inp.contributions
    contributions = dataclasses.replace(c, sme=_split(c.sme, c.large, replay, k, True),
                                        large=_split(c.large, c.sme, replay, k, False))
    return dataclasses.replace(
        inp, contributions=contributions,
        claimants=dataclasses.replace(inp.claimants,
                                      inflow=put(inp.claimants.inflow, "new_claims")),
        skills=dataclasses.replace(inp.skills, subsidy=put(inp.skills.subsidy, "skills_subsidy")),
        services=dataclasses.replace(inp.services,
                                     training=put(inp.services.training, "training_subsidies"),
                                     other=put(inp.services.other, "other_spending")))


def _split(own: np.ndarray, other: np.ndarray, replay: Replay, k: int, sme: bool
           ) -> np.ndarray:
    """One size class's part of the reported contributions: its share of the model's total
    that month (where the model collects nothing, all of it is the SMEs')."""
    reported = replay.values.get("contributions")
    if reported is None:
        return own
    out = np.array(own, dtype=np.float64)
    total = own[:k] + other[:k]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, own[:k] / total, 1.0 if sme else 0.0)
    given = ~np.isnan(reported[:k])[:, :, None]
    out[:k] = np.where(given, np.nan_to_num(reported[:k])[:, :, None] * share, out[:k])
    return out


@dataclass
class YearToDate:
    """The returns of the actual months of the current year: as the model would have paid them
    and as they were paid (general, difficult), for :func:`rescale_returns`."""

    model: list[np.ndarray]
    actual: list[np.ndarray]

    @classmethod
    def empty(cls, shape: tuple[int, int, int]) -> YearToDate:
        return cls([np.zeros(shape), np.zeros(shape)], [np.zeros(shape), np.zeros(shape)])

    def clear(self) -> None:
        for array in self.model + self.actual:
            array.fill(0.0)


def replay_people(s: FundState, replay: Replay, t: int) -> None:
    """Reported recipients in place of the model's, after the month's claims and exits and
    before benefits are paid: the model's months of entitlement scaled to the reported total
    (all in their first year where the model has none)."""
    found = replay.at("recipients", t)
    if found is None:
        return
    value, given = found
    p = s.people
    total = p.first_year + p.later
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total > 0, value / total, 0.0)
    first = np.where(total > 0, p.first_year * scale, value)
    later = np.where(total > 0, p.later * scale, 0.0)
    np.copyto(p.first_year, np.where(given, first, p.first_year))
    np.copyto(p.later, np.where(given, later, p.later))


def replay_month(s: FundState, f: Flows, replay: Replay, t: int, track_benefits: bool,
                 ytd: YearToDate) -> None:
    """The month's reported flows and balance in place of the model's (see the module)."""
    ytd.model[0] += f.returns_general
    ytd.model[1] += f.returns_difficult
    total = replay.at("returns_paid", t)
    if total is not None:  # a total without its parts: split as the model splits it
        value, given = total
        given = given & ~_given(replay, "returns_general", t) & ~_given(
            replay, "returns_difficult", t)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(f.returns_paid > 0, f.returns_general / f.returns_paid, 1.0)
        general = value * share
        _put(s, f, "returns_general", general, given, track_benefits)
        _put(s, f, "returns_difficult", value - general, given, track_benefits)
    for key in MONTH_END_FLOWS:
        found = replay.at(key, t)
        if found is not None:
            _put(s, f, key, found[0], found[1], track_benefits)
    np.add(f.returns_general, f.returns_difficult, out=f.returns_paid)
    ytd.actual[0] += f.returns_general
    ytd.actual[1] += f.returns_difficult
    fiscal = replay.at("fiscal_subsidy", t)
    if fiscal is not None:  # public finance's top-up takes the difference
        value, given = fiscal
        delta = np.where(given, value - (f.fiscal_subsidy_returns - f.shortfall), 0.0)
        f.shortfall -= delta
        s.balance += delta
    balance = replay.at("balance", t)
    f.adjustment.fill(0.0)
    if balance is not None:
        value, given = balance
        np.copyto(f.adjustment, np.where(given, value - s.balance, 0.0))
        np.copyto(s.balance, np.where(given, value, s.balance))
    np.minimum(s.balance, 0.0, out=f.scratch)  # flows that leave it negative: topped up
    s.balance -= f.scratch
    f.shortfall += f.scratch


def _given(replay: Replay, key: str, t: int) -> np.ndarray | bool:
    """Where ``key`` is reported in month ``t`` (R, 1, 1), or False."""
    found = replay.at(key, t)
    return False if found is None else found[1]


def _put(s: FundState, f: Flows, key: str, value: np.ndarray, given: np.ndarray,
         track_benefits: bool) -> None:
    """One reported flow in place of the model's: the difference moves the balance (and the
    pool, and the year's spending) as the flow does."""
    current = getattr(f, key)
    delta = np.where(given, value - current, 0.0)
    setattr(f, key, np.where(given, value, current))
    s.balance += MONTH_END_FLOWS[key] * delta
    if key in SPENDING:
        f.spending += delta
        s.spent_total += delta
        if key == "benefits" and track_benefits:
            s.spent_benefits += delta
    if key == "remittance":
        s.pool_balance += ordered_sum(delta)
    elif key == "pool_transfer":
        s.pool_balance -= ordered_sum(delta)


def rescale_returns(s: FundState, law: EngineInputs, t: int, ytd: YearToDate) -> None:
    """In the first projected month of a year begun with actual months: the returns still to
    be paid this year are the year's dues (as the model has them) less what was actually paid,
    spread over the rest of the year as the model spreads them (none if already paid)."""
    year = law.calendar.year_index
    rest = [m for m in range(t, len(year)) if year[m] == year[t]]
    r = law.returns
    general = sum(r.rate_sme.same[m] * s.paying_sme + r.rate_large.same[m] * s.paying_large
                  + r.rate_sme.carry[m] * s.paying_sme_prev
                  + r.rate_large.carry[m] * s.paying_large_prev
                  + r.fixed.same[m] * s.pay_general + r.fixed.carry[m] * s.pay_general_prev
                  for m in rest)
    difficult = sum(r.difficult.same[m] * s.pay_difficult
                    + r.difficult.carry[m] * s.pay_difficult_prev for m in rest)
    scales = []
    for remaining, model, actual in zip((general, difficult), ytd.model, ytd.actual,
                                        strict=True):
        left = np.maximum(model + remaining - actual, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            scales.append(np.where(remaining > 0, left / remaining, 1.0))
    s.returns_scale = (scales[0], scales[1])
