"""Everything in a run that does not depend on the random path, precomputed month × region.

Law (dated parameters), assumptions and region data meet here; the engine then only does the
path-dependent recursion. Arrays are (month, region) unless noted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fundsim.data import Regions
from fundsim.scenario import Scenario
from fundsim.training import SkillsLedger, cohorts, ledger


@dataclass(frozen=True)
class EngineInputs:
    """Deterministic inputs of the monthly recursion."""

    months: np.ndarray            # datetime64[M], (M,)
    year_index: np.ndarray        # 0 for the first calendar year, (M,)
    january: np.ndarray           # bool (M,)
    contributions: np.ndarray     # paid contribution income
    skills_subsidy: np.ndarray    # 技能提升补贴
    skills: SkillsLedger          # 以工代训 account, incl. the fund's transfers into it
    remittance: np.ndarray        # to the pool, in January
    cap: np.ndarray               # largest pool grant, yuan, in January
    cap_multiple: np.ndarray      # the multiple in force
    general_pre: np.ndarray       # general return due this month if the region pays it
    general_bill: np.ndarray      # in January: the year's general-return bill (the pool request)
    difficult_pre: np.ndarray     # difficult-firm return due this month if 24 months pass
    firms_general: np.ndarray
    workers_general: np.ndarray
    firms_difficult: np.ndarray
    workers_difficult: np.ndarray
    benefit_level: np.ndarray     # yuan per recipient per month, medical share included
    expanded_share: np.ndarray    # (M,): expanded coverage as a share of benefits
    inflow: np.ndarray            # expected new recipients per month
    exit_rate: float
    interest_monthly: float
    pool_interest_monthly: float
    general_months: np.ndarray    # (M,)
    difficult_months: np.ndarray  # (M,)
    pool_supported: np.ndarray    # bool (M,)
    neediest_first: np.ndarray    # bool (M,)
    benefits_denominator: np.ndarray  # bool (M,): reserve months on benefits only
    opening_balance: np.ndarray   # (R,)
    opening_recipients: np.ndarray  # (R,)
    last_year_total: np.ndarray   # (R,) spending last year (data)
    last_year_benefits: np.ndarray  # (R,)
    pool_opening_balance: float

    @property
    def shape(self) -> tuple[int, int]:
        return self.contributions.shape


def _pass_share(zero: np.ndarray, mean_rate: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Share of contributions from firms at or under the lay-off threshold.

    Stated assumption: a share ``zero`` of firms lays no one off; the others' lay-off rates are
    exponential with mean ``mean_rate``.
    """
    safe = np.where(mean_rate > 0, mean_rate, 1.0)
    with np.errstate(over="ignore"):  # a vanishing mean rate: every firm is under the line
        below = np.where(mean_rate > 0, 1.0 - np.exp(-threshold / safe), 1.0)
    return zero + (1.0 - zero) * below


def build_inputs(scenario: Scenario, regions: Regions) -> EngineInputs:
    """Precompute the deterministic month × region arrays of a scenario."""
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
    paid_sme = due * regions["sme_share"] * a.collection_rate * (1.0 - relief)
    paid_large = due * regions["large_share"] * a.collection_rate
    contributions = paid_sme + paid_large

    def by_year(x: np.ndarray) -> np.ndarray:
        out = np.zeros((years, x.shape[1]))
        np.add.at(out, year_index, x)
        return out

    last_contrib = regions["last_year_contributions"]
    base_sme = np.vstack([last_contrib * regions["sme_share"], by_year(paid_sme)[:-1]])
    base_large = np.vstack([last_contrib * regions["large_share"], by_year(paid_large)[:-1]])
    base_total = np.vstack([last_contrib, by_year(contributions)[:-1]])

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
    general_pre = (ratio_sme * reach_sme * base_sme[year_index]
                   + ratio_large * reach_large * base_large[year_index])
    general_bill = np.where(col(january), by_year(general_pre)[year_index], 0.0)
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
    difficult_pre = enabled * profile * yearly
    firms_difficult = enabled * profile * regions["firms"] * regions["difficult_share"]
    workers_difficult = enabled * profile * difficult_workers

    remittance = np.where(col(january), regions["remittance_rate"] * base_total[year_index], 0.0)
    special = regions["special_difficulty"] > 0
    law_multiple = np.where(special, col(p("policy.pool.cap_multiple_special")),
                            col(p("policy.pool.cap_multiple")))
    cap_multiple = np.where(np.isnan(regions.cap_override), law_multiple, regions.cap_override)
    cap = cap_multiple * remittance

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
    inflow = insured * rate * col(year_mult)

    return EngineInputs(
        months=months,
        year_index=year_index,
        january=january,
        contributions=contributions,
        skills_subsidy=insured * a.skills_subsidy_per_insured_year / 12.0,
        skills=skills,
        remittance=remittance,
        cap=cap,
        cap_multiple=cap_multiple,
        general_pre=general_pre,
        general_bill=general_bill,
        difficult_pre=difficult_pre,
        firms_general=firms_general,
        workers_general=workers_general,
        firms_difficult=firms_difficult,
        workers_difficult=workers_difficult,
        benefit_level=benefit * (1 + a.medical_share),
        expanded_share=p("policy.expanded_coverage.enabled") * a.expanded_coverage_share,
        inflow=inflow,
        exit_rate=c.exit_rate,
        interest_monthly=a.interest_rate / 12.0,
        pool_interest_monthly=a.pool_interest_rate / 12.0,
        general_months=p("policy.reserve.general_months"),
        difficult_months=p("policy.reserve.difficult_months"),
        pool_supported=p("policy.pool.failing_regions") == "pool_supported",
        neediest_first=p("policy.pool.allocation") == "neediest_first",
        benefits_denominator=p("policy.reserve.denominator") == "benefits",
        opening_balance=regions["opening_balance"],
        opening_recipients=recipients,
        last_year_total=regions["last_year_expenditure"],
        last_year_benefits=regions["last_year_benefits"],
        pool_opening_balance=scenario.pool_opening_balance,
    )
