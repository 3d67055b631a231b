"""Everything in a run that does not depend on the random path, precomputed per variant.

Law (dated parameters), assumptions and region data meet here; the engine then only does the
path-dependent recursion. A *variant* is one set of law and assumptions over the same regions and
months (a swept value, or one of several scenarios); variant arrays carry it as their last axis:
(month, region, variant), (month, variant), (region, variant) or (variant,). The calendar and the
opening state belong to the regions, not to a variant: every variant shares them. ``stack``
joins single-variant inputs.

Units: money in yuan; rates per month; persons; months of reserve. "Central path" amounts are
those of the run without randomness; the paths of a Monte Carlo run scale contributions by their
own wage × insured level and claimant inflows by their shocks.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.assumptions import DEFAULT_PRICE_CHANGE
from fundsim.inputs.downturns import multipliers
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario
from fundsim.model.claimants import coefficients, steady_state
from fundsim.model.training import cohorts, ledger


@dataclass(frozen=True)
class Calendar:
    """The simulated months (shared by every variant)."""

    months: np.ndarray          # datetime64[M] (M,): first day of each month
    year_index: np.ndarray      # int (M,): 0 for the first calendar year
    january: np.ndarray         # bool (M,): the months of the yearly assessment


@dataclass(frozen=True)
class OpeningState:
    """The regions and the pool before the first month, from the data (shared by every variant).

    The "last year" figures stand in for the year before the first January: its reserve test
    (spending), its return base and remittance (contributions paid by size class).
    """

    balance: np.ndarray            # yuan (R,): rolling balance (滚存结余)
    spent_total: np.ndarray        # yuan (R,): last year's spending, remittance excluded
    spent_benefits: np.ndarray     # yuan (R,): last year's benefits
    paid_sme: np.ndarray           # yuan (R,): last year's paid contributions of SMEs
    paid_large: np.ndarray         # yuan (R,): the same, large firms
    skills_balance: np.ndarray     # yuan (R,): skills special account
    pool_balance: float            # yuan: provincial adjustment pool


@dataclass(frozen=True)
class RateSchedule:
    """A region's contribution rate chosen each January from its months of reserve
    (``policy.contributions.schedule``), at most the national rate (M, V)."""

    enabled: np.ndarray            # bool: the schedule sets the rate that month
    ceiling: np.ndarray            # share: the national rate (policy.contributions.rate)
    months_1: np.ndarray           # months of reserve from which band 1's rate applies
    rate_1: np.ndarray             # share
    months_2: np.ndarray           # months of reserve from which band 2's rate applies
    rate_2: np.ndarray             # share


@dataclass(frozen=True)
class Contributions:
    """Contribution income on the central path, by size class (M, R, V), at the national rate;
    a rate schedule, where on, scales it region by region in the engine."""

    sme: np.ndarray                # yuan/month, after the SME employer relief in force
    large: np.ndarray              # yuan/month, after the large-firm employer relief in force
    covered_wages: np.ndarray      # yuan/month: insured × contribution wage (results; AHCM)
    insured: np.ndarray            # persons (results; `fundsim track`'s drivers)
    wage: np.ndarray               # yuan/person/month: the average contribution wage
    schedule: RateSchedule


@dataclass(frozen=True)
class Claimants:
    """Unemployment-benefit recipients by entitlement (:mod:`fundsim.model.claimants`) and
    everything the fund pays per person out of work. Lag arrays are (lag, V): the share of a
    claim made ``lag`` months ago that leaves a stock then."""

    inflow: np.ndarray             # new benefit claims/month (M, R, V), central path
    hazard: np.ndarray             # share of recipients leaving for work per month (V,)
    leave_first: np.ndarray        # (lag, V): leaves months 1–12 of benefit
    move_later: np.ndarray         # (lag, V): enters (+) / leaves (−) months 13 onward
    exhaust: np.ndarray            # (lag, V): entitlement used up
    prehistory: np.ndarray         # claims/month (R, V) before the first month (steady state)
    opening_first: np.ndarray      # persons (R, V) in months 1–12 before the first month
    opening_later: np.ndarray      # persons (R, V) in months 13 onward
    benefit_first: np.ndarray      # yuan/person/month (M, R, V): 失业保险金, months 1–12
    benefit_later: np.ndarray      # yuan/person/month (M, R, V): months 13 onward
    medical: np.ndarray            # yuan/person/month (M, R, V): the recipient's basic medical
                                   # insurance, paid by the fund while the law says so
    funeral: np.ndarray            # yuan/person/month (M, R, V): death rate × 丧葬补助金和抚恤金
    price: np.ndarray              # yuan/person/month (M, R, V): 价格临时补贴 while triggered
    subsidy_entry: np.ndarray      # (M, V): 1 while 失业补助金 takes new claims
    subsidy_extra: np.ndarray      # (V,): insured unemployed not entitled, per new claim
    subsidy_leave: np.ndarray      # (lag, V): (1 − h)^m at the spell's length m
    subsidy_amount: np.ndarray     # yuan/person/month (M, R, V)
    allowance_entry: np.ndarray    # (M, V): 临时生活补助 claims per new benefit claim, in force
    allowance_leave: np.ndarray    # (lag, V)
    allowance_amount: np.ndarray   # yuan/person/month (M, R, V)
    lump_sum: np.ndarray           # yuan per new benefit claim (M, R, V): 一次性生活补助 of the
                                   # migrant contract workers who leave alongside


@dataclass(frozen=True)
class Lagged:
    """An amount due each month split by when it is paid (M, R, V): ``same`` in the calendar
    year it fell due (under that year's gate), ``carry`` in the next year (a payment lag across
    the year end, under the gate of the year it fell due)."""

    same: np.ndarray
    carry: np.ndarray

    @cached_property
    def any_carry(self) -> bool:
        return bool(self.carry.any())


@dataclass(frozen=True)
class Returns:
    """Job-stabilisation returns (稳岗返还) as the law, the take-up and the payment profile make
    them. The general return paid in a month is ``rate × base`` (base: last year's paid
    contributions of the size class, fixed each January) plus any roster amount."""

    rate_sme: Lagged               # share of the SME base paid per month
    rate_large: Lagged             # share of the large-firm base paid per month
    bill_sme: np.ndarray           # share of the base due over the year, set in January (M, R, V)
    bill_large: np.ndarray
    fixed: Lagged                  # yuan: a roster's general return, in place of the rates
    bill_fixed: np.ndarray         # yuan: the roster's dues of the year, set in January
    difficult: Lagged              # yuan: the difficult-firm return, if the 24-month test passes
    firms_general: Lagged          # firms paid the general return
    workers_general: Lagged        # insured workers in them
    firms_difficult: Lagged
    workers_difficult: Lagged

    @cached_property
    def has_fixed(self) -> bool:
        return bool(self.fixed.same.any() or self.fixed.carry.any())

    @cached_property
    def has_carry(self) -> bool:
        """Whether any return falls due in one year and is paid in the next."""
        return self.rate_sme.any_carry or self.rate_large.any_carry or self.difficult.any_carry


@dataclass(frozen=True)
class ReserveTests:
    """The reserve tests in force each month (seed 001 二(三))."""

    general_months: np.ndarray         # months (M, V): the general return's test (12)
    difficult_months: np.ndarray       # months (M, V): the difficult-firm return's test (24)
    benefits_denominator: np.ndarray   # bool (M, V): reserve on benefits only, not all spending


@dataclass(frozen=True)
class PoolRules:
    """The provincial adjustment pool's rules (seed 000 二(一); seed 001 二(三))."""

    remittance_rate: np.ndarray    # share of last year's paid contributions remitted (M, R, V):
                                   # the region data's override, else policy.pool.remittance_rate
    cap_multiple: np.ndarray       # grant cap ÷ the year's remittance (M, R, V)
    supported: np.ndarray          # bool (M, V): a failing region pays with pool help
    own_fund_first: np.ndarray     # bool (M, V): its own fund pays first, down to the floor
    floor_months: np.ndarray       # months (M, V) of last year's spending the fund keeps
    neediest_first: np.ndarray     # bool (M, V): ration the pool by need, else pro rata
    optimal: np.ndarray            # bool (M, V): ration the pool by the optimum of the objective
    firms_objective: np.ndarray    # bool (M, V): the optimum's objective is firms_covered, not
                                   # regions_funded
    firms: np.ndarray              # firms (M, R, V) due the general return over the year, in
                                   # January (the firms_covered weights; as the bill: the year's
                                   # sum of the monthly shares of firms_general, before the lag)
    region_wide: np.ndarray        # bool (M, V): one province-wide fund (自治区级统筹)
    interest: np.ndarray           # the pool's interest per month (V,)
    loan: np.ndarray               # bool (M, V): the pool's transfer is a loan, not a grant
    loan_interest: np.ndarray      # share per month (M, V) a region pays on loans outstanding
    repayment_share: np.ndarray    # share (M, V) of the surplus above the floor repaid in January


@dataclass(frozen=True)
class SkillsAccount:
    """The fund's skill-improvement subsidies and the vocational-skills account (M, R, V).

    The account's ledger does not depend on the path: it is worked out before the run, and the
    engine only pays the fund's transfer when the account runs dry."""

    subsidy: np.ndarray            # yuan/month: 技能提升补贴, paid by the fund
    transfer: np.ndarray           # yuan/month: fund → account
    trainees: np.ndarray           # persons paid 以工代训 this month (results)
    training_paid: np.ndarray      # yuan/month paid from the account (results)
    balance: np.ndarray            # yuan: account balance at month end (results)


@dataclass(frozen=True)
class Services:
    """Spending per insured worker rather than per person out of work (M, R, V), yuan/month."""

    training: np.ndarray           # 职业培训补贴 and 职业介绍补贴 paid by the fund
    other: np.ndarray              # what cannot be itemised (其他支出), a stated line


@dataclass(frozen=True)
class EngineInputs:
    """Deterministic inputs of the monthly recursion, grouped by what they govern."""

    calendar: Calendar
    opening: OpeningState
    contributions: Contributions
    claimants: Claimants
    returns: Returns
    tests: ReserveTests
    pool: PoolRules
    skills: SkillsAccount
    services: Services
    interest: np.ndarray           # the regions' interest per month (V,)

    @property
    def shape(self) -> tuple[int, int]:
        """(months, regions)."""
        return self.contributions.sme.shape[:2]

    @property
    def variants(self) -> int:
        return self.interest.shape[0]


@dataclass(frozen=True)
class RosterAmounts:
    """Firm-by-firm returns from a roster (month × region, before the region gate) for the
    months in ``covered``; they replace the aggregate calculation there."""

    covered: np.ndarray             # bool (M,)
    general: np.ndarray             # yuan due if the region pays the general return
    difficult: np.ndarray           # yuan due if the 24-month test passes
    firms_general: np.ndarray
    workers_general: np.ndarray
    firms_difficult: np.ndarray
    workers_difficult: np.ndarray


SHARED = (Calendar, OpeningState)


def _join(values: list[Any], name: str) -> Any:
    """One field over variants: records field by field, shared records checked equal, arrays
    concatenated along the variant axis."""
    first = values[0]
    if isinstance(first, SHARED):
        for other in values[1:]:
            for field in dataclasses.fields(first):
                if not np.array_equal(getattr(other, field.name), getattr(first, field.name)):
                    raise ValueError(f"variants differ in {name}.{field.name}: they must share "
                                     "regions, months and opening state")
        return first
    if dataclasses.is_dataclass(first):
        return type(first)(**{field.name: _join([getattr(v, field.name) for v in values],
                                                f"{name}.{field.name}")
                              for field in dataclasses.fields(first)})
    return np.concatenate(values, axis=-1)


def stack(variants: list[EngineInputs]) -> EngineInputs:
    """Join single-variant inputs over the same regions and months along the variant axis."""
    return _join(variants, "inputs")


def _pass_share(zero: np.ndarray, mean_rate: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Share of contributions from firms at or under the lay-off threshold.

    Stated assumption: a share ``zero`` of firms lays no one off; the others' lay-off rates are
    exponential with mean ``mean_rate``.
    """
    safe = np.where(mean_rate > 0, mean_rate, 1.0)
    with np.errstate(over="ignore"):  # a vanishing mean rate: every firm is under the line
        below = np.where(mean_rate > 0, 1.0 - np.exp(-threshold / safe), 1.0)
    return zero + (1.0 - zero) * below


def _lagged(due: np.ndarray, lag: np.ndarray, year_index: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Split month × region amounts due into those paid each month, by the year they fell due.

    Returns (paid from this calendar year's dues, paid from last year's dues); dues lagged past
    the horizon are not paid within it.
    """
    same = np.zeros_like(due)
    carry = np.zeros_like(due)
    months = due.shape[0]
    for k, share in enumerate(lag):
        if share == 0 or k >= months:
            continue
        shifted = share * due[: months - k]
        same_year = (year_index[k:] == year_index[: months - k])[:, None]
        same[k:] += np.where(same_year, shifted, 0.0)
        carry[k:] += np.where(same_year, 0.0, shifted)
    return same, carry


def build_inputs(scenario: Scenario, regions: Regions,
                 roster: RosterAmounts | None = None) -> EngineInputs:
    """Precompute the deterministic arrays of one scenario (a single variant).

    ``roster`` replaces the aggregate returns (and the firms and workers covered) with a
    roster's firm-by-firm amounts in the months it covers; they are gated and requested from
    the pool as the aggregate ones are.
    """
    a = scenario.assumptions
    months = scenario.month_index
    n = len(months)
    calendar_year = months.astype("datetime64[Y]").astype(int) + 1970
    year_index = calendar_year - calendar_year[0]
    years = int(year_index[-1]) + 1
    month_of_year = months.astype(int) % 12
    january = month_of_year == 0
    t_years = (np.arange(n) / 12.0)[:, None]
    col = lambda m: m[:, None]  # noqa: E731  (month vector → month × 1)
    p = scenario.monthly

    # a recession replayed (``downturn:``): its multipliers on the central path, ones without
    downturn = multipliers(scenario.downturn, months)
    trend_insured = regions["insured"][None, :] * (1 + a.insured_growth) ** t_years
    insured = trend_insured * col(downturn["insured"])
    per_insured = lambda yearly: insured * yearly / 12.0  # noqa: E731  (yuan a year → a month)
    wage = regions["wage"][None, :] * (1 + a.wage_growth) ** t_years * col(downturn["wage"])
    due = insured * wage * col(p("policy.contributions.rate"))
    relief = col(p("policy.contributions.employer_share")
                 * p("policy.contributions.sme_employer_relief"))
    contrib_sme = due * regions["sme_share"] * a.collection_rate * (1.0 - relief)
    relief_large = col(p("policy.contributions.employer_share")
                       * p("policy.contributions.large_employer_relief"))
    contrib_large = due * regions["large_share"] * a.collection_rate * (1.0 - relief_large)

    profile = np.asarray(a.payment_profile)[month_of_year][:, None]
    general = col(p("policy.returns.layoff_threshold.general"))
    small = col(p("policy.returns.layoff_threshold.small_firm"))
    zero, mean_rate = regions["zero_layoff_share"], regions["layoff_rate"]
    s30 = regions["small30_share"]
    sme_firms = regions["firms"] * regions["sme_firm_share"]
    large_firms = regions["firms"] - sme_firms

    def reach(large_threshold: np.ndarray, small_threshold: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        """Take-up × eligible share × share under the lay-off threshold × payment profile, for
        SMEs (those with ≤ 30 insured held to the small-firm threshold) and large firms."""
        pass_large = _pass_share(zero, mean_rate, large_threshold)
        pass_sme = s30 * _pass_share(zero, mean_rate, small_threshold) + (1 - s30) * pass_large
        return (a.takeup * regions["eligible_share_sme"] * pass_sme * profile,
                a.takeup * regions["eligible_share_large"] * pass_large * profile)

    def covered(r_sme: np.ndarray, r_large: np.ndarray, reach_sme: np.ndarray,
                reach_large: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Firms and insured workers paid the general return (monthly shares of the year's)."""
        firms = (r_sme > 0) * reach_sme * sme_firms + (r_large > 0) * reach_large * large_firms
        workers = insured * ((r_sme > 0) * reach_sme * regions["sme_share"]
                             + (r_large > 0) * reach_large * regions["large_share"])
        return firms, workers

    ratio_sme = col(p("policy.returns.ratio.sme"))
    ratio_large = col(p("policy.returns.ratio.large"))
    # social organisations, counted with large firms in the data, paid the SME ratio where the
    # law says so (内蒙古 2022, 2023: 参照中小微企业)
    as_sme = col(p("policy.returns.social_org.as_sme").astype(float))
    large = regions["large_share"]
    social = np.divide(regions["social_org_share"], large, out=np.zeros(len(regions)),
                       where=large > 0)
    ratio_large = ratio_large + as_sme * social * (ratio_sme - ratio_large)
    reach_sme, reach_large = reach(general, small)
    rate_sme = ratio_sme * reach_sme          # × last year's SME contributions = due this month
    rate_large = ratio_large * reach_large
    firms_general, workers_general = covered(ratio_sme, ratio_large, reach_sme, reach_large)
    # industries with heavy capacity-cut tasks, where the province switches the option on: their
    # share of contributions under a looser lay-off test and at a higher ratio (闽人社办〔2017〕
    # 292号 二(二)); firms and workers covered are split by the same share (stated)
    adjust = col(p("policy.returns.adjustment.enabled").astype(float)) * regions[
        "adjustment_share"]
    if adjust.any():
        loose = col(p("policy.returns.adjustment.layoff_threshold"))
        higher = col(p("policy.returns.adjustment.ratio"))
        adjusted_sme, adjusted_large = reach(np.maximum(general, loose), np.maximum(small, loose))
        adjusted_ratio_sme = np.maximum(ratio_sme, higher)
        adjusted_ratio_large = np.maximum(ratio_large, higher)
        rate_sme = (1 - adjust) * rate_sme + adjust * adjusted_ratio_sme * adjusted_sme
        rate_large = (1 - adjust) * rate_large + adjust * adjusted_ratio_large * adjusted_large
        firms, workers = covered(adjusted_ratio_sme, adjusted_ratio_large, adjusted_sme,
                                 adjusted_large)
        firms_general = (1 - adjust) * firms_general + adjust * firms
        workers_general = (1 - adjust) * workers_general + adjust * workers
    fixed = np.zeros((n, len(regions)))

    def yearly_in_january(x: np.ndarray) -> np.ndarray:
        sums = np.zeros((years, x.shape[1]))
        np.add.at(sums, year_index, x)
        return np.where(col(january), sums[year_index], 0.0)

    benefit, benefit_later = _benefits(scenario, regions, year_index)
    enabled = col(p("policy.returns.difficult.enabled").astype(float))
    difficult_workers = insured * regions["difficult_share"]
    by_benefit = col(p("policy.returns.difficult.benefit_months")) * benefit * difficult_workers
    by_contrib = (col(p("policy.returns.difficult.contribution_months")) * wage
                  * a.social_insurance_rate * difficult_workers)
    rule = p("policy.returns.difficult.rule")[:, None]
    smaller = np.minimum(by_benefit, by_contrib)
    yearly = np.where(rule == "benefit", by_benefit,
                      np.where(rule == "contributions", by_contrib, smaller))
    difficult = enabled * profile * yearly
    firms_difficult = enabled * profile * regions["firms"] * regions["difficult_share"]
    workers_difficult = enabled * profile * difficult_workers

    if roster is not None:
        covered = roster.covered[:, None]
        rate_sme = np.where(covered, 0.0, rate_sme)
        rate_large = np.where(covered, 0.0, rate_large)
        fixed = np.where(covered, roster.general, 0.0)
        difficult = np.where(covered, roster.difficult, difficult)
        firms_general = np.where(covered, roster.firms_general, firms_general)
        workers_general = np.where(covered, roster.workers_general, workers_general)
        firms_difficult = np.where(covered, roster.firms_difficult, firms_difficult)
        workers_difficult = np.where(covered, roster.workers_difficult, workers_difficult)

    lag = np.asarray(a.payment_lag)
    lagged_dues = {name: _lagged(x, lag, year_index) for name, x in {
        "rate_sme": rate_sme, "rate_large": rate_large, "difficult": difficult, "fixed": fixed,
        "firms_general": firms_general, "workers_general": workers_general,
        "firms_difficult": firms_difficult, "workers_difficult": workers_difficult}.items()}

    special = regions["special_difficulty"] > 0
    law_multiple = np.where(special, col(p("policy.pool.cap_multiple_special")),
                            col(p("policy.pool.cap_multiple")))
    cap_multiple = np.where(np.isnan(regions.cap_override), law_multiple, regions.cap_override)

    intake = regions["trainee_intake"][None, :] * col(p("policy.training.accepting_claims"))
    trainees, paid = cohorts(intake, p("policy.training.max_months"),
                             p("policy.training.yuan_per_person_month"))
    skills = ledger(regions["skills_opening_balance"], trainees, paid)

    c = a.claimants
    shares = np.array([c.entitlements.short, c.entitlements.medium, c.entitlements.long])
    entitled = np.array([int(p(f"policy.benefits.entitlement.{k}")[0])
                         for k in ("short", "medium", "long")])
    lag = coefficients(shares, entitled, c.exit_rate)
    prehistory, opening_first, opening_later = steady_state(
        regions["benefit_recipients"], shares, entitled, c.exit_rate)
    if c.inflow_rate is None:
        rate = prehistory / regions["insured"]
    else:
        rate = np.full(len(regions), c.inflow_rate)
    year_mult = np.array([c.inflow_multiplier.get(int(y), 1.0) for y in calendar_year])
    last = regions["last_year_contributions"]

    expanded = p("policy.expanded_coverage.enabled").astype(float)
    subsidy_months = int(p("policy.expanded_coverage.subsidy_months")[0])
    allowance_months = int(p("policy.expanded_coverage.allowance_months")[0])
    def price_change(by_year: dict[int, float]) -> np.ndarray:
        return np.array([by_year.get(int(y), DEFAULT_PRICE_CHANGE) for y in calendar_year])

    price_on = p("policy.benefits.price_subsidy.enabled").astype(bool) & (
        (price_change(a.cpi) >= p("policy.benefits.price_subsidy.cpi_trigger"))
        | (price_change(a.food_cpi) >= p("policy.benefits.price_subsidy.food_trigger")))
    v = lambda x: np.asarray(x, dtype=float)[..., None]  # noqa: E731  (add the variant axis)
    every_region = lambda x: np.broadcast_to(col(x), benefit.shape)  # noqa: E731  (month → M × R)

    def lagged(name: str) -> Lagged:
        return Lagged(v(lagged_dues[name][0]), v(lagged_dues[name][1]))

    return EngineInputs(
        calendar=Calendar(months=months, year_index=year_index, january=january),
        opening=OpeningState(
            balance=regions["opening_balance"],
            spent_total=regions["last_year_expenditure"],
            spent_benefits=regions["last_year_benefits"],
            paid_sme=last * regions["sme_share"],
            paid_large=last * regions["large_share"],
            skills_balance=regions["skills_opening_balance"],
            pool_balance=float(scenario.pool_opening_balance),
        ),
        contributions=Contributions(sme=v(contrib_sme), large=v(contrib_large),
                                    covered_wages=v(insured * wage), insured=v(insured),
                                    wage=v(wage), schedule=_schedule(p)),
        claimants=Claimants(
            # the downturn's inflow multiplier is the whole change in new claims: on the trend
            # insured, not on the insured it moves
            inflow=v(trend_insured * rate * col(year_mult * downturn["inflow"])),
            hazard=np.array([c.exit_rate]),
            leave_first=v(_padded(lag.leave_first)),
            move_later=v(_padded(lag.move_later)),
            exhaust=v(_padded(lag.exhaust)),
            prehistory=v(prehistory),
            opening_first=v(opening_first),
            opening_later=v(opening_later),
            benefit_first=v(benefit),
            benefit_later=v(benefit_later),
            medical=v(benefit * a.medical_share
                      * col(p("policy.benefits.medical_insurance").astype(float))),
            funeral=v(every_region(p("policy.benefits.funeral_grant")
                                   * a.mortality_rate / 12.0)),
            price=v(every_region(price_on * p("policy.benefits.price_subsidy.amount"))),
            subsidy_entry=v(expanded),
            subsidy_extra=np.array([a.subsidy_extra_share]),
            subsidy_leave=v(_spell(subsidy_months, c.exit_rate)),
            subsidy_amount=v(benefit * col(p("policy.expanded_coverage.subsidy_share"))),
            allowance_entry=v(expanded * a.allowance_share),
            allowance_leave=v(_spell(allowance_months, c.exit_rate)),
            allowance_amount=v(benefit * col(p("policy.expanded_coverage.allowance_share"))),
            lump_sum=v(benefit * a.lump_sum_share
                       * col(p("policy.benefits.migrant_lump_sum_months"))),
        ),
        returns=Returns(
            rate_sme=lagged("rate_sme"),
            rate_large=lagged("rate_large"),
            bill_sme=v(yearly_in_january(rate_sme)),
            bill_large=v(yearly_in_january(rate_large)),
            fixed=lagged("fixed"),
            bill_fixed=v(yearly_in_january(fixed)),
            difficult=lagged("difficult"),
            firms_general=lagged("firms_general"),
            workers_general=lagged("workers_general"),
            firms_difficult=lagged("firms_difficult"),
            workers_difficult=lagged("workers_difficult"),
        ),
        tests=ReserveTests(
            general_months=v(p("policy.reserve.general_months")),
            difficult_months=v(p("policy.reserve.difficult_months")),
            benefits_denominator=(p("policy.reserve.denominator") == "benefits")[:, None],
        ),
        pool=PoolRules(
            remittance_rate=v(_remittance_rate(p("policy.pool.remittance_rate"),
                                               regions["remittance_rate"])),
            cap_multiple=v(cap_multiple),
            supported=(p("policy.pool.failing_regions") == "pool_supported")[:, None],
            own_fund_first=(p("policy.pool.funding_order") == "own_fund_first")[:, None],
            floor_months=v(p("policy.pool.own_fund_floor_months")),
            neediest_first=(p("policy.pool.allocation") == "neediest_first")[:, None],
            optimal=(p("policy.pool.allocation") == "optimal")[:, None],
            firms_objective=(p("policy.pool.allocation_objective") == "firms_covered")[:, None],
            firms=v(yearly_in_january(firms_general)),
            region_wide=p("policy.pool.region_wide").astype(bool)[:, None],
            interest=np.array([a.pool_interest_rate / 12.0]),
            loan=(p("policy.pool.support") == "loan")[:, None],
            loan_interest=v(p("policy.pool.loan_interest_rate") / 12.0),
            repayment_share=v(p("policy.pool.loan_repayment_share")),
        ),
        skills=SkillsAccount(
            subsidy=v(per_insured(a.skills_subsidy_per_insured_year)),
            transfer=v(skills.transfer_in),
            trainees=v(skills.trainees),
            training_paid=v(skills.training_paid),
            balance=v(skills.balance),
        ),
        services=Services(
            training=v(per_insured(a.training_subsidy_per_insured_year)),
            other=v(per_insured(a.other_spending_per_insured_year)),
        ),
        interest=np.array([a.interest_rate / 12.0]),
    )


def _schedule(p: Any) -> RateSchedule:
    """The contribution-rate schedule in force each month (``policy.contributions.schedule``)."""
    key = "policy.contributions.schedule"
    return RateSchedule(
        enabled=p(f"{key}.enabled").astype(bool)[:, None],
        ceiling=p("policy.contributions.rate")[:, None].astype(np.float64),
        months_1=p(f"{key}.band_1.months")[:, None].astype(np.float64),
        rate_1=p(f"{key}.band_1.rate")[:, None].astype(np.float64),
        months_2=p(f"{key}.band_2.months")[:, None].astype(np.float64),
        rate_2=p(f"{key}.band_2.rate")[:, None].astype(np.float64))


def _remittance_rate(law: np.ndarray, override: np.ndarray) -> np.ndarray:
    """The remittance rate (M, R): a region's rate in the data where given (a per-region
    override), else the law's in force that month (``policy.pool.remittance_rate``)."""
    return np.where(np.isnan(override)[None, :], law[:, None], override[None, :])


#: Lag arrays run from 0 to this many months (the longest entitlement or spell allowed).
LAGS = 36


def _padded(coefficient: np.ndarray) -> np.ndarray:
    """A lag array padded to 0…LAGS months, so variants with different entitlements stack."""
    if len(coefficient) > LAGS + 1:
        raise ValueError(f"an entitlement longer than {LAGS} months is not supported")
    out = np.zeros(LAGS + 1)
    out[:len(coefficient)] = coefficient
    return out


def _spell(months: int, hazard: float) -> np.ndarray:
    """A fixed spell of ``months`` (失业补助金, 临时生活补助): who is left leaves at its end."""
    if months == 0:
        return np.zeros(LAGS + 1)
    out = np.zeros(months + 1)
    out[months] = (1.0 - hazard) ** months
    return _padded(out)


def _benefits(scenario: Scenario, regions: Regions, year_index: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """The monthly benefit (M, R) of months 1–12 and of months 13 onward.

    ``policy.benefits.basis`` ``flat``: the data's ``monthly_benefit``, raised each January by
    the assumed indexing (national law leaves the amount to the provinces, 失业保险条例 第十八条);
    ``minimum_wage``: the share in force of the minimum wage of the region's area class
    (``wage_class`` in the data; ``policy.minimum_wage.class_N`` in the province's layer), or
    of the first class where ``policy.benefits.minimum_wage_area`` says so (province-wide
    pooling).
    """
    p = scenario.monthly
    flat = (regions["monthly_benefit"][None, :]
            * (1 + scenario.assumptions.benefit_indexing) ** year_index[:, None])
    by_wage = p("policy.benefits.basis") == "minimum_wage"
    if not by_wage.any():
        return flat, flat
    classes = regions["wage_class"].astype(int)
    problems = [Problem(str(scenario.data_path), f"row {i + 2}", "wage_class",
                        "the law in force sets the benefit as a share of the minimum wage "
                        "(policy.benefits.basis: minimum_wage): give the region's minimum-wage "
                        "area class (1–4)") for i in np.flatnonzero(classes == 0)]
    if problems:
        raise InputError(problems)
    minimum = np.zeros(flat.shape)
    for k in np.unique(classes):
        minimum[:, classes == k] = p(f"policy.minimum_wage.class_{k}")[:, None]
    first_class = p("policy.benefits.minimum_wage_area") == "first_class"
    if first_class.any():
        minimum = np.where(first_class[:, None], p("policy.minimum_wage.class_1")[:, None],
                           minimum)
    unset = by_wage[:, None] & (minimum <= 0)
    if unset.any():
        month, region = np.argwhere(unset)[0]
        key = ("policy.minimum_wage.class_1" if first_class[month]
               else f"policy.minimum_wage.class_{classes[region]}")
        raise InputError([Problem(str(scenario.data_path), f"row {region + 2}", "wage_class",
                                  f"the benefit follows the minimum wage, but the law in force "
                                  f"sets none for this area class in "
                                  f"{scenario.month_index[month]} ({key}): add it to the "
                                  "province's layer")])
    wage_rows = by_wage[:, None]
    first = np.where(wage_rows, minimum * p("policy.benefits.minimum_wage_share.first_year"
                                              )[:, None], flat)
    later = np.where(wage_rows, minimum * p("policy.benefits.minimum_wage_share.later"
                                              )[:, None], flat)
    return first, later
