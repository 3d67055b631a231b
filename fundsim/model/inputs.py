"""Everything in a run that does not depend on the random path, precomputed per variant.

Law (dated parameters), assumptions and region data meet here; the engine then only does the
path-dependent recursion. A *variant* is one set of law and assumptions over the same regions and
months (a swept value, or one of several scenarios); arrays carry the variant as their last axis:
(month, region, variant), (month, variant) or (variant,). ``stack`` joins single-variant inputs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario
from fundsim.model.training import cohorts, ledger


@dataclass(frozen=True)
class EngineInputs:
    """Deterministic inputs of the monthly recursion (last axis: variant)."""

    months: np.ndarray            # datetime64[M], (M,)
    year_index: np.ndarray        # 0 for the first calendar year, (M,)
    january: np.ndarray           # bool (M,)
    # contributions on the central path, by size class (paths scale them by a wage × insured level)
    contrib_sme: np.ndarray
    contrib_large: np.ndarray
    base_sme0: np.ndarray         # (R, V) last year's paid contributions from the data
    base_large0: np.ndarray
    remittance_rate: np.ndarray   # (R, V)
    cap_multiple: np.ndarray      # the pool cap multiple in force
    # general return paid at t = (same × this year's base) + (carry × last year's base), where
    # same/carry are the payment-lagged monthly rates due this calendar year / the year before
    rate_sme_same: np.ndarray
    rate_sme_carry: np.ndarray
    rate_large_same: np.ndarray
    rate_large_carry: np.ndarray
    bill_sme: np.ndarray          # in January: the year's due rate (the pool request ÷ base)
    bill_large: np.ndarray
    returns_fixed: np.ndarray     # general return in yuan from a roster (replaces the rates),
    returns_fixed_carry: np.ndarray  # paid this month from this / last year's dues
    bill_fixed: np.ndarray        # in January: the roster's total for the year
    difficult_same: np.ndarray    # difficult-firm return paid, due this year / last year
    difficult_carry: np.ndarray
    firms_general_same: np.ndarray
    firms_general_carry: np.ndarray
    workers_general_same: np.ndarray
    workers_general_carry: np.ndarray
    firms_difficult_same: np.ndarray
    firms_difficult_carry: np.ndarray
    workers_difficult_same: np.ndarray
    workers_difficult_carry: np.ndarray
    covered_wages: np.ndarray     # insured × contribution wage, central path
    skills_subsidy: np.ndarray    # 技能提升补贴
    skills_transfer: np.ndarray   # fund → skills account when it runs dry
    trainees: np.ndarray
    training_paid: np.ndarray
    skills_balance: np.ndarray
    benefit_level: np.ndarray     # yuan per recipient per month, medical share included
    expanded_share: np.ndarray    # (M, V): expanded coverage as a share of benefits
    inflow: np.ndarray            # expected new recipients per month on the central path
    exit_rate: np.ndarray         # (V,)
    interest_monthly: np.ndarray  # (V,)
    pool_interest_monthly: np.ndarray  # (V,)
    general_months: np.ndarray    # (M, V)
    difficult_months: np.ndarray  # (M, V)
    pool_supported: np.ndarray    # bool (M, V)
    neediest_first: np.ndarray    # bool (M, V)
    benefits_denominator: np.ndarray  # bool (M, V): reserve months on benefits only
    opening_balance: np.ndarray   # (R,)
    opening_recipients: np.ndarray  # (R,)
    last_year_total: np.ndarray   # (R,) spending last year (data)
    last_year_benefits: np.ndarray  # (R,)
    skills_opening_balance: np.ndarray  # (R,)
    pool_opening_balance: float

    @property
    def shape(self) -> tuple[int, int]:
        """(months, regions)."""
        return self.contrib_sme.shape[:2]

    @property
    def variants(self) -> int:
        return self.exit_rate.shape[0]

    @property
    def has_carry(self) -> bool:
        """Whether any return falls due in one year and is paid in the next."""
        return bool(self.rate_sme_carry.any() or self.rate_large_carry.any()
                    or self.difficult_carry.any())


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


SHARED = {"months", "year_index", "january", "opening_balance", "opening_recipients",
          "last_year_total", "last_year_benefits", "skills_opening_balance",
          "pool_opening_balance"}


def stack(variants: list[EngineInputs]) -> EngineInputs:
    """Join single-variant inputs over the same regions and months along the variant axis."""
    fields = {}
    for field in dataclasses.fields(EngineInputs):
        name = field.name
        values = [getattr(v, name) for v in variants]
        if name in SHARED:
            for other in values[1:]:
                if not np.array_equal(other, values[0]):
                    raise ValueError(f"variants differ in {name}: they must share regions, "
                                     "months and opening state")
            fields[name] = values[0]
        else:
            fields[name] = np.concatenate(values, axis=-1)
    return EngineInputs(**fields)


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

    insured = regions["insured"][None, :] * (1 + a.insured_growth) ** t_years
    wage = regions["wage"][None, :] * (1 + a.wage_growth) ** t_years
    due = insured * wage * col(p("policy.contributions.rate"))
    relief = col(p("policy.contributions.employer_share")
                 * p("policy.contributions.sme_employer_relief"))
    contrib_sme = due * regions["sme_share"] * a.collection_rate * (1.0 - relief)
    contrib_large = due * regions["large_share"] * a.collection_rate

    profile = np.asarray(a.payment_profile)[month_of_year][:, None]
    general = col(p("policy.returns.layoff_threshold.general"))
    small = col(p("policy.returns.layoff_threshold.small_firm"))
    zero, mean_rate = regions["zero_layoff_share"], regions["layoff_rate"]
    pass_large = _pass_share(zero, mean_rate, general)
    s30 = regions["small30_share"]
    pass_sme = s30 * _pass_share(zero, mean_rate, small) + (1 - s30) * pass_large
    ratio_sme = col(p("policy.returns.ratio.sme"))
    ratio_large = col(p("policy.returns.ratio.large"))
    reach_sme = a.takeup * regions["eligible_share_sme"] * pass_sme * profile
    reach_large = a.takeup * regions["eligible_share_large"] * pass_large * profile
    rate_sme = ratio_sme * reach_sme          # × last year's SME contributions = due this month
    rate_large = ratio_large * reach_large
    fixed = np.zeros((n, len(regions)))

    def yearly_in_january(x: np.ndarray) -> np.ndarray:
        sums = np.zeros((years, x.shape[1]))
        np.add.at(sums, year_index, x)
        return np.where(col(january), sums[year_index], 0.0)

    sme_firms = regions["firms"] * regions["sme_firm_share"]
    large_firms = regions["firms"] - sme_firms
    firms_general = ((ratio_sme > 0) * reach_sme * sme_firms
                     + (ratio_large > 0) * reach_large * large_firms)
    workers_general = insured * ((ratio_sme > 0) * reach_sme * regions["sme_share"]
                                 + (ratio_large > 0) * reach_large * regions["large_share"])

    benefit = regions["monthly_benefit"][None, :] * (1 + a.benefit_indexing) ** col(year_index)
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
    lagged = {name: _lagged(x, lag, year_index) for name, x in {
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

    recipients = regions["benefit_recipients"]
    c = a.claimants
    if c.inflow_rate is None:
        rate = c.exit_rate * recipients / regions["insured"]
    else:
        rate = np.full(len(regions), c.inflow_rate)
    year_mult = np.array([c.inflow_multiplier.get(int(y), 1.0) for y in calendar_year])
    last = regions["last_year_contributions"]

    v = lambda x: np.asarray(x, dtype=float)[..., None]  # noqa: E731  (add the variant axis)
    return EngineInputs(
        months=months,
        year_index=year_index,
        january=january,
        contrib_sme=v(contrib_sme),
        contrib_large=v(contrib_large),
        base_sme0=v(last * regions["sme_share"]),
        base_large0=v(last * regions["large_share"]),
        remittance_rate=v(regions["remittance_rate"]),
        cap_multiple=v(cap_multiple),
        rate_sme_same=v(lagged["rate_sme"][0]),
        rate_sme_carry=v(lagged["rate_sme"][1]),
        rate_large_same=v(lagged["rate_large"][0]),
        rate_large_carry=v(lagged["rate_large"][1]),
        bill_sme=v(yearly_in_january(rate_sme)),
        bill_large=v(yearly_in_january(rate_large)),
        returns_fixed=v(lagged["fixed"][0]),
        returns_fixed_carry=v(lagged["fixed"][1]),
        bill_fixed=v(yearly_in_january(fixed)),
        difficult_same=v(lagged["difficult"][0]),
        difficult_carry=v(lagged["difficult"][1]),
        firms_general_same=v(lagged["firms_general"][0]),
        firms_general_carry=v(lagged["firms_general"][1]),
        workers_general_same=v(lagged["workers_general"][0]),
        workers_general_carry=v(lagged["workers_general"][1]),
        firms_difficult_same=v(lagged["firms_difficult"][0]),
        firms_difficult_carry=v(lagged["firms_difficult"][1]),
        workers_difficult_same=v(lagged["workers_difficult"][0]),
        workers_difficult_carry=v(lagged["workers_difficult"][1]),
        covered_wages=v(insured * wage),
        skills_subsidy=v(insured * a.skills_subsidy_per_insured_year / 12.0),
        skills_transfer=v(skills.transfer_in),
        trainees=v(skills.trainees),
        training_paid=v(skills.training_paid),
        skills_balance=v(skills.balance),
        benefit_level=v(benefit * (1 + a.medical_share)),
        expanded_share=v(p("policy.expanded_coverage.enabled") * a.expanded_coverage_share),
        inflow=v(insured * rate * col(year_mult)),
        exit_rate=np.array([c.exit_rate]),
        interest_monthly=np.array([a.interest_rate / 12.0]),
        pool_interest_monthly=np.array([a.pool_interest_rate / 12.0]),
        general_months=v(p("policy.reserve.general_months")),
        difficult_months=v(p("policy.reserve.difficult_months")),
        pool_supported=(p("policy.pool.failing_regions") == "pool_supported")[:, None],
        neediest_first=(p("policy.pool.allocation") == "neediest_first")[:, None],
        benefits_denominator=(p("policy.reserve.denominator") == "benefits")[:, None],
        opening_balance=regions["opening_balance"],
        opening_recipients=recipients,
        last_year_total=regions["last_year_expenditure"],
        last_year_benefits=regions["last_year_benefits"],
        skills_opening_balance=regions["skills_opening_balance"],
        pool_opening_balance=float(scenario.pool_opening_balance),
    )
