"""The month of a fund, as named steps on its state, in the order the notices describe.

Each January a region is assessed on last year's figures and its policy year is opened: the
reserve tests, the return base, the remittance to the provincial pool and the pool's grants.
Every month it earns interest, collects contributions, pays benefits, returns and subsidies,
and settles its account, public finance topping up a balance that would go negative. The engine
(:mod:`fundsim.model.engine`) calls them in this order every month; each step is a function a
test can call alone.

Arrays are region × variant × path for a block of columns (the pool's variant × path); law
arrays come as the engine's block views of :class:`~fundsim.model.inputs.EngineInputs`, shaped
to broadcast against them. Money in yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fundsim.model.claimants import History, lags
from fundsim.model.inputs import Claimants, EngineInputs, OpeningState
from fundsim.model.pool import allocate, ordered_sum


@dataclass
class Shocks:
    """A block's random multipliers (None on the central path): ``national`` (month × path)
    and ``regional`` (year × region × 1 × path) on claimant inflows, ``level`` (month × path) on
    contributions (wage × insured)."""

    national: np.ndarray | None = None
    regional: np.ndarray | None = None
    level: np.ndarray | None = None


@dataclass
class People:
    """The people the fund pays while out of work, by spell (:mod:`fundsim.model.claimants`),
    and the last months of new claims and spell entries the recursions subtract."""

    first_year: np.ndarray           # benefit recipients in months 1–12
    later: np.ndarray                # benefit recipients in months 13 onward
    new_claims: np.ndarray           # this month's new benefit claims
    exhaustions: np.ndarray          # entitlements run out this month
    subsidised: np.ndarray           # paid 失业补助金
    allowance: np.ndarray            # paid 临时生活补助
    claims: History
    subsidy_entries: History
    allowance_entries: History
    first_lags: list[int]            # the lags at which a coefficient is not zero
    later_lags: list[int]
    exhaust_lags: list[int]
    subsidy_lags: list[int]
    allowance_lags: list[int]
    scratch: np.ndarray

    @classmethod
    def opening(cls, c: Claimants, shape: tuple[int, int, int]) -> People:
        """The steady state of the opening recipients (no one yet on a spell)."""
        def start(x: np.ndarray) -> np.ndarray:
            return np.broadcast_to(x, shape).copy()

        first, later = start(c.opening_first), start(c.opening_later)
        first_lags, later_lags = lags(c.leave_first), lags(c.move_later)
        exhaust_lags = lags(c.exhaust)
        longest = max(first_lags + later_lags + exhaust_lags, default=1)
        subsidy_lags, allowance_lags = lags(c.subsidy_leave), lags(c.allowance_leave)
        if not c.subsidy_entry.any():
            subsidy_lags = []  # never paid: the stock stays empty
        if not c.allowance_entry.any():
            allowance_lags = []
        zeros = np.zeros(shape)
        return cls(first_year=first, later=later, new_claims=zeros.copy(),
                   exhaustions=zeros.copy(), subsidised=zeros.copy(), allowance=zeros.copy(),
                   claims=History(longest, start(c.prehistory)),
                   # a spell pushes this month's entries before reading m months back
                   subsidy_entries=History(max(subsidy_lags, default=0) + 1, zeros),
                   allowance_entries=History(max(allowance_lags, default=0) + 1, zeros),
                   first_lags=first_lags, later_lags=later_lags, exhaust_lags=exhaust_lags,
                   subsidy_lags=subsidy_lags, allowance_lags=allowance_lags,
                   scratch=zeros.copy())


@dataclass
class FundState:
    """What the recursion carries from month to month."""

    balance: np.ndarray              # yuan: every region's rolling balance
    people: People                   # recipients by spell
    spent_total: np.ndarray          # yuan spent so far this year (next January's denominator)
    spent_benefits: np.ndarray       # yuan of benefits so far this year
    base_sme: np.ndarray             # yuan: last year's paid SME contributions (return base)
    base_large: np.ndarray           # yuan: the same, large firms
    pool_balance: np.ndarray         # yuan: the provincial pool (variant × path)
    # the January assessment, held through the year
    reserve_months: np.ndarray
    monthly_spending: np.ndarray     # yuan: last year's average monthly spending (denominator)
    passes_general: np.ndarray       # bool: reserve ≥ the general test in force
    passes_difficult: np.ndarray     # bool: reserve ≥ the difficult-firm test in force
    province_reserve_months: np.ndarray  # the province as one fund (variant × path)
    # what the year's gates allow (1.0 or 0.0), this year's and last year's (for late dues)
    pay_general: np.ndarray
    pay_difficult: np.ndarray
    pay_general_prev: np.ndarray
    pay_difficult_prev: np.ndarray
    paying_sme: np.ndarray           # base_sme × pay_general
    paying_large: np.ndarray
    paying_sme_prev: np.ndarray
    paying_large_prev: np.ndarray
    # the rest of a year begun with actual months: the share of the model's general and
    # difficult-firm returns still due (fundsim.model.replay.rescale_returns); None otherwise
    returns_scale: tuple[np.ndarray, np.ndarray] | None = None
    # yuan each region owes the pool under policy.pool.support `loan` (0: none)
    loans_outstanding: np.ndarray = field(default_factory=lambda: np.zeros(()))
    # under policy.contributions.schedule: the rate chosen in January (inf: no band reached),
    # the rate in force this month, its ratio to the national rate (what the precomputed
    # contributions are scaled by), and this year's contributions collected by size class
    scheduled_rate: np.ndarray = field(default_factory=lambda: np.full((), np.inf))
    contribution_rate: np.ndarray = field(default_factory=lambda: np.zeros(()))
    contribution_scale: np.ndarray = field(default_factory=lambda: np.ones(()))
    collected_sme: np.ndarray = field(default_factory=lambda: np.zeros(()))
    collected_large: np.ndarray = field(default_factory=lambda: np.zeros(()))

    @property
    def recipients(self) -> np.ndarray:
        """Benefit recipients (失业保险金), every month of entitlement."""
        return self.people.first_year + self.people.later

    @classmethod
    def opening(cls, opening: OpeningState, shape: tuple[int, int, int],
                claimants: Claimants) -> FundState:
        """The state before the first month: the data's balances, recipients and last year."""
        def start(vector: np.ndarray) -> np.ndarray:
            return np.broadcast_to(np.asarray(vector, dtype=np.float64)[:, None, None],
                                   shape).copy()

        zeros = np.zeros(shape)
        never = np.zeros(shape, dtype=bool)
        return cls(
            balance=start(opening.balance), people=People.opening(claimants, shape),
            spent_total=start(opening.spent_total), spent_benefits=start(opening.spent_benefits),
            base_sme=start(opening.paid_sme), base_large=start(opening.paid_large),
            pool_balance=np.full(shape[1:], opening.pool_balance, dtype=np.float64),
            reserve_months=zeros, monthly_spending=zeros, passes_general=never,
            passes_difficult=never,
            province_reserve_months=np.full(shape[1:], np.nan),
            pay_general=zeros, pay_difficult=zeros, pay_general_prev=zeros,
            pay_difficult_prev=zeros, paying_sme=zeros, paying_large=zeros,
            paying_sme_prev=zeros, paying_large_prev=zeros, loans_outstanding=zeros.copy(),
            scheduled_rate=np.full(shape, np.inf), contribution_rate=zeros.copy(),
            contribution_scale=np.ones(shape), collected_sme=zeros.copy(),
            collected_large=zeros.copy())


#: The January flows of the pool's loans (policy.pool.support `loan`), zero in other months.
LOAN_FLOWS = ("loan_advances", "loan_repayment")


@dataclass
class Flows:
    """This month's flows (yuan), arrays reused from month to month. The January flows
    (remittance, pool transfer, public finance for returns) are zero in other months."""

    shape: tuple[int, int, int]
    contributions: np.ndarray = field(init=False)
    interest: np.ndarray = field(init=False)
    benefits: np.ndarray = field(init=False)
    medical_insurance: np.ndarray = field(init=False)
    funeral_grants: np.ndarray = field(init=False)
    price_subsidies: np.ndarray = field(init=False)
    unemployment_subsidy: np.ndarray = field(init=False)
    living_allowance: np.ndarray = field(init=False)
    migrant_lump_sum: np.ndarray = field(init=False)
    returns_general: np.ndarray = field(init=False)
    returns_difficult: np.ndarray = field(init=False)
    returns_paid: np.ndarray = field(init=False)
    spending: np.ndarray = field(init=False)     # counts toward next January's denominator
    shortfall: np.ndarray = field(init=False)    # ≤ 0: minus public finance's top-up
    remittance: np.ndarray = field(init=False)
    pool_transfer: np.ndarray = field(init=False)
    fiscal_subsidy_returns: np.ndarray = field(init=False)
    pooling_transfer: np.ndarray = field(init=False)  # between regions of one fund
    pool_interest: np.ndarray = field(init=False)
    adjustment: np.ndarray = field(init=False)  # actual months: reported − modelled balance
    # under policy.pool.support `loan`: the part of pool_transfer lent (January), the principal
    # repaid (January) and the interest paid (every month), region → pool
    loan_advances: np.ndarray = field(init=False)
    loan_repayment: np.ndarray = field(init=False)
    loan_interest: np.ndarray = field(init=False)
    scratch: np.ndarray = field(init=False)
    january_flows: bool = False

    def __post_init__(self) -> None:
        for name in ("contributions", "interest", "benefits", "medical_insurance",
                     "funeral_grants", "price_subsidies", "unemployment_subsidy",
                     "living_allowance", "migrant_lump_sum", "returns_general", "returns_difficult",
                     "returns_paid", "spending", "shortfall", "scratch"):
            setattr(self, name, np.empty(self.shape))
        for name in ("remittance", "pool_transfer", "fiscal_subsidy_returns",
                     "pooling_transfer", "adjustment", *LOAN_FLOWS, "loan_interest"):
            setattr(self, name, np.zeros(self.shape))
        self.pool_interest = np.zeros(self.shape[1:])


# ------------------------------------------------------------------ January: the policy year


def assess_reserves(s: FundState, law: EngineInputs, t: int) -> None:
    """Months of reserve = last year-end balance ÷ last year's average monthly spending, and the
    two tests: 12 months for the general return, 24 for the difficult-firm return (seed 001
    二(三); the thresholds and the denominator are parameters). Spending excludes the remittance
    and transfers to the skills account; a region that spent nothing has unbounded reserve. The
    province is assessed as one fund: the regions' and the pool's year-end balances over the
    regions' spending."""
    denominator = np.where(law.tests.benefits_denominator[t], s.spent_benefits, s.spent_total)
    with np.errstate(over="ignore"):  # a vanishing spend means unbounded reserve
        s.reserve_months = np.divide(s.balance * 12.0, denominator,
                                     out=np.full(s.balance.shape, np.inf), where=denominator > 0)
    total = ordered_sum(denominator)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s.province_reserve_months = np.where(
            total > 0, (ordered_sum(s.balance) + s.pool_balance) * 12.0 / total, np.inf)
    region_wide = law.pool.region_wide[t]
    if region_wide.any():  # one fund: every region is assessed as the province
        s.reserve_months = np.where(region_wide, s.province_reserve_months, s.reserve_months)
    s.monthly_spending = denominator / 12.0
    s.passes_general = s.reserve_months >= law.tests.general_months[t]
    s.passes_difficult = s.reserve_months >= law.tests.difficult_months[t]
    s.spent_total, s.spent_benefits = np.zeros(s.balance.shape), np.zeros(s.balance.shape)


def paid_last_year(contributions: np.ndarray, level: np.ndarray | None, t: int,
                   shape: tuple[int, int, int]) -> np.ndarray:
    """Contributions of one size class paid in the 12 months before ``t``: the year's return
    base and remittance base (seed 001 二(一): 上年度实际缴纳失业保险费)."""
    if level is None:
        return np.broadcast_to(ordered_sum(contributions[t - 12:t]), shape).copy()
    return ordered_sum(contributions[t - 12:t] * level[t - 12:t, None, None, :])


def remit_to_pool(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """The remittance (上解调剂金) = the region's rate × last year's paid contributions, paid to
    the provincial pool in January, so the pool's cap on this year's grants is known (seed 001
    二(三): 按上年度失业保险费收入的一定比例; ``policy.pool.remittance_rate``, or the region's
    own rate where the data give one). Under one province-wide fund nothing is remitted."""
    np.multiply(law.pool.remittance_rate[t], s.base_sme + s.base_large, out=f.remittance)
    f.remittance *= ~law.pool.region_wide[t]
    s.balance -= f.remittance
    s.pool_balance += ordered_sum(f.remittance)


def grant_from_pool(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """Under ``pool_supported`` a region below the general test pays its year's general-return
    bill: with ``own_fund_first`` its own fund pays what it can above a floor (months of last
    year's spending), the rest is asked of the pool (seed 001 二(三): 滚存结余不具备支付能力的，
    可以申请自治区调剂金); with ``pool_first`` the whole bill is asked. The grant is at most
    ``cap_multiple`` × the region's remittance of the year, rationed (pro rata, neediest first
    or optimal) when the pool cannot meet every request; public finance pays the rest (seed 000
    二(一) 适度开展; seed 001 二(三): 调剂金最高不超过当年上解额的2倍…调剂后仍不敷使用时，由统筹地区
    财政补贴). The difficult-firm return is never pool-supported."""
    r, pool = law.returns, law.pool
    supported = _pool_supported(s, law, t)
    bill = r.bill_sme[t] * s.base_sme + r.bill_large[t] * s.base_large + r.bill_fixed[t]
    above_floor = s.balance - pool.floor_months[t] * s.monthly_spending
    # clipped to [0, bill] (np.clip is ten times slower on these small arrays)
    own = np.where(pool.own_fund_first[t], np.minimum(np.maximum(above_floor, 0.0), bill), 0.0)
    request = np.where(s.passes_general | ~supported, 0.0, bill - own)
    capped = np.minimum(request, pool.cap_multiple[t] * f.remittance)
    f.pool_transfer = _allocate(capped, s.pool_balance, law, t, s.reserve_months)
    s.pool_balance -= ordered_sum(f.pool_transfer)
    f.fiscal_subsidy_returns = request - f.pool_transfer
    s.balance += f.pool_transfer
    s.balance += f.fiscal_subsidy_returns


def _allocate(capped: np.ndarray, available: np.ndarray, law: EngineInputs, t: int,
              reserve: np.ndarray) -> np.ndarray:
    """Pool grants per column, by the allocation rule in force for that column (under
    ``optimal``, for its objective: ``firms_covered`` weighs a region by the firms due the
    general return over the year, the bill's firms)."""
    pool, shape = law.pool, available.shape
    neediest = np.broadcast_to(pool.neediest_first[t], shape)
    optimal = np.broadcast_to(pool.optimal[t], shape)
    by_firms = optimal & np.broadcast_to(pool.firms_objective[t], shape)
    rules = (
        (~neediest & ~optimal, lambda: allocate(capped, available, "pro_rata")),
        (neediest, lambda: allocate(capped, available, "neediest_first", need=reserve)),
        (optimal & ~by_firms, lambda: allocate(capped, available, "optimal")),
        (by_firms, lambda: allocate(capped, available, "optimal", objective="firms_covered",
                                    firms=pool.firms[t])),
    )
    used = [(mask, grants) for mask, grants in rules if mask.any()]
    if len(used) == 1:
        return used[0][1]()
    out = np.zeros(np.broadcast_shapes(capped.shape, shape))
    for mask, grants in used:
        np.copyto(out, grants(), where=mask)
    return out


def _pool_supported(s: FundState, law: EngineInputs, t: int) -> np.ndarray:
    """Per column, whether failing regions pay with the pool's help this year: under
    ``pool_supported``, and never once the regions are one province-wide fund (no pool then)."""
    return np.broadcast_to(law.pool.supported[t] & ~law.pool.region_wide[t],
                           s.pool_balance.shape)


def repay_loans(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """Under ``policy.pool.support`` ``loan`` a region repays the pool each January from its
    surplus, after the remittance and before the grants: ``loan_repayment_share`` × what its
    balance holds above the own-fund floor (``own_fund_floor_months`` × last year's average
    monthly spending), at most what it owes. A region that asks the pool this January (below
    the general test under ``pool_supported``) repays nothing then. No Chinese rule for loans
    from a provincial pool was found: modelled on US Title XII advances, repaid from a state's
    later balances (42 U.S.C. §1322(a)); the share and the floor are stated assumptions. Not
    spending: it does not count toward the reserve denominator."""
    pool = law.pool
    asking = _pool_supported(s, law, t) & ~s.passes_general
    above_floor = s.balance - pool.floor_months[t] * s.monthly_spending
    offered = pool.repayment_share[t] * np.maximum(above_floor, 0.0)
    np.copyto(f.loan_repayment, np.where(asking, 0.0, np.minimum(s.loans_outstanding, offered)))
    s.loans_outstanding -= f.loan_repayment
    s.balance -= f.loan_repayment
    s.pool_balance += ordered_sum(f.loan_repayment)


def book_loans(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """At the end of January, the pool's transfer of a year under ``policy.pool.support``
    ``loan`` is owed (``loan_advances``; the region received the cash as a grant's): taken
    after any reported transfer of an actual month is in place (:mod:`fundsim.model.replay`)."""
    np.copyto(f.loan_advances, np.where(law.pool.loan[t], f.pool_transfer, 0.0))
    s.loans_outstanding += f.loan_advances


def pay_loan_interest(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """Every month a region pays the pool interest on what it owed at the end of last month:
    ``loan_interest_rate`` ÷ 12 (a stated assumption, 0 by default; the precedent is the
    Title XII rate, Social Security Act §1202(b): the trust fund's earnings yield, at most
    10 %). Paid from the fund (public finance tops up a balance it would leave negative), like
    the region's own interest outside the reserve denominator."""
    np.multiply(s.loans_outstanding, law.pool.loan_interest[t], out=f.loan_interest)
    s.balance -= f.loan_interest
    s.pool_balance += ordered_sum(f.loan_interest)


def set_return_gates(s: FundState, law: EngineInputs, t: int) -> None:
    """What the year's tests allow: the general return where the region passes the general test,
    or everywhere under ``pool_supported`` (its bill funded as above); the difficult-firm return
    only where it passes the difficult-firm test (seed 001 二(二)). Last year's gates are kept for
    dues paid across the year end."""
    supported = _pool_supported(s, law, t)
    s.pay_general_prev, s.pay_difficult_prev = s.pay_general, s.pay_difficult
    s.pay_general = np.where(supported, 1.0, s.passes_general.astype(np.float64))
    s.pay_difficult = s.passes_difficult.astype(np.float64)
    s.paying_sme_prev, s.paying_large_prev = s.paying_sme, s.paying_large
    s.paying_sme, s.paying_large = s.base_sme * s.pay_general, s.base_large * s.pay_general
    s.returns_scale = None


def open_policy_year(s: FundState, f: Flows, law: EngineInputs, t: int, shocks: Shocks,
                     contrib_sme: np.ndarray, contrib_large: np.ndarray,
                     lending: bool = False, scheduled: bool = False) -> None:
    """Open the policy year after the assessment: the return bases, the remittance, (in a run
    where the pool lends) the repayment of loans, the pool's grants and the year's gates, in
    that order. In a run with a contribution-rate schedule (``scheduled``) the bases are the
    contributions the year actually collected (:func:`collect_scheduled`)."""
    if t > 0 and scheduled:
        s.base_sme, s.base_large = s.collected_sme, s.collected_large
        s.collected_sme, s.collected_large = np.zeros(s.balance.shape), np.zeros(s.balance.shape)
    elif t > 0:
        s.base_sme = paid_last_year(contrib_sme, shocks.level, t, s.balance.shape)
        s.base_large = paid_last_year(contrib_large, shocks.level, t, s.balance.shape)
    remit_to_pool(s, f, law, t)
    if lending:
        repay_loans(s, f, law, t)
    grant_from_pool(s, f, law, t)
    set_return_gates(s, law, t)
    f.january_flows = True


# ------------------------------------------------------------------------------- every month


def accrue_interest(s: FundState, f: Flows, law: EngineInputs, fold: bool = False) -> None:
    """Interest on the region's balance (credited after the January steps) and on the pool
    (credited at once). Balances never start a month negative, so interest accrues on the whole
    balance (rates are assumptions: the seeds are silent). With ``fold`` (a fast path for
    months whose interest is not recorded, :func:`fundsim.model.engine.fast_paths`) the
    balance grows by its interest at once and :func:`credit_interest` adds nothing."""
    if fold:
        s.balance *= 1.0 + law.interest
    else:
        np.multiply(s.balance, law.interest, out=f.interest)
    np.multiply(s.pool_balance, law.pool.interest, out=f.pool_interest)
    s.pool_balance += f.pool_interest


def credit_interest(s: FundState, f: Flows, fold: bool = False) -> None:
    """The region's interest of the month joins its balance (already there when folded)."""
    if not fold:
        s.balance += f.interest


def collect_contributions(f: Flows, contrib_total: np.ndarray, t: int, shocks: Shocks) -> None:
    """Contribution income: insured × wage × rate × collection rate, less the SME employer
    share while its relief is in force (precomputed per month on the central path); a path
    scales it by its own wage × insured level. Joins the balance when the month settles."""
    if shocks.level is None:
        np.copyto(f.contributions, contrib_total[t])
    else:
        np.multiply(contrib_total[t], shocks.level[t], out=f.contributions)


def choose_contribution_rate(s: FundState, law: EngineInputs, t: int) -> None:
    """Each January, after the assessment, under ``policy.contributions.schedule``: the rate of
    the highest band the region's reserve months reach — ``band_2.rate`` from ``band_2.months``,
    else ``band_1.rate`` from ``band_1.months``, else none (the national rate) — held through
    the year. No Chinese rule keys the unemployment-insurance rate to reserve: the bands follow
    the 2018 work-injury rule (人社部发〔2018〕25号 三: 18–23 months −20 %, 24 and more −50 %)
    and US schedules chosen by the fund's solvency (South Dakota §61-5-25)."""
    c = law.contributions.schedule
    reserve = s.reserve_months
    s.scheduled_rate = np.where(reserve >= c.months_2[t], c.rate_2[t],
                                np.where(reserve >= c.months_1[t], c.rate_1[t], np.inf))


def set_contribution_rate(s: FundState, law: EngineInputs, t: int) -> None:
    """The month's rate in force: the January choice, never above the national rate
    (``policy.contributions.rate``), where the schedule is on that month; else the national
    rate. ``contribution_scale`` is its ratio to the national rate, which the precomputed
    contributions assume (1 where the national rate is 0)."""
    c = law.contributions.schedule
    ceiling = c.ceiling[t]
    rate = np.where(c.enabled[t], np.minimum(s.scheduled_rate, ceiling), ceiling)
    s.contribution_rate = np.broadcast_to(rate, s.balance.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        s.contribution_scale = np.where(ceiling > 0, s.contribution_rate / ceiling, 1.0)


def collect_scheduled(s: FundState, f: Flows, contrib_sme: np.ndarray,
                      contrib_large: np.ndarray, t: int, shocks: Shocks, actual: bool) -> None:
    """Contribution income under a rate schedule: each size class's contributions at the
    national rate × the region's ``contribution_scale`` (× the path's wage × insured level),
    added to the year's collections by size class, next January's return and remittance base
    (seed 001 二(一): 上年度实际缴纳失业保险费). A month of actual accounts
    (:mod:`fundsim.model.replay`) collects what was reported, unscaled."""
    scale = 1.0 if actual else s.contribution_scale
    level = 1.0 if shocks.level is None else shocks.level[t]
    sme = contrib_sme[t] * level * scale
    large = contrib_large[t] * level * scale
    np.add(sme, large, out=f.contributions)
    s.collected_sme += sme
    s.collected_large += large


def claim_and_leave(s: FundState, law: EngineInputs, t: int, year: int,
                    shocks: Shocks) -> None:
    """The month's people (:mod:`fundsim.model.claimants`): new claims (the central inflow
    times the path's national and regional shocks) enter their first month of benefit; of
    last month's recipients a share leaves for work, and those whose entitlement is used up
    leave (exhaustions, 失业保险条例 第十七条). While 失业补助金 takes claims, the exhausted and
    the insured unemployed not entitled to benefit start its spell, and migrant workers insured
    under a year start 临时生活补助's (seed 004 三); both spells end after their months."""
    c, p = law.claimants, s.people
    if shocks.national is None:
        np.copyto(p.new_claims, np.broadcast_to(c.inflow[t], p.new_claims.shape))
    else:
        np.multiply(c.inflow[t], shocks.national[t], out=p.new_claims)
        if shocks.regional is not None:
            p.new_claims *= shocks.regional[year]
    stay = 1.0 - c.hazard
    scratch = p.scratch
    p.first_year *= stay
    p.first_year += p.new_claims
    p.later *= stay
    for k in p.first_lags:
        np.multiply(p.claims.ago(k), c.leave_first[k], out=scratch)
        p.first_year -= scratch
    for k in p.later_lags:
        np.multiply(p.claims.ago(k), c.move_later[k], out=scratch)
        p.later += scratch
    p.exhaustions.fill(0.0)
    for k in p.exhaust_lags:
        np.multiply(p.claims.ago(k), c.exhaust[k], out=scratch)
        p.exhaustions += scratch
    p.claims.push(p.new_claims)
    if p.subsidy_lags:
        np.multiply(p.new_claims, c.subsidy_extra, out=scratch)
        scratch += p.exhaustions
        scratch *= c.subsidy_entry[t]
        _spell(p.subsidised, stay, scratch, p.subsidy_entries, p.subsidy_lags, c.subsidy_leave)
    if p.allowance_lags:
        np.multiply(p.new_claims, c.allowance_entry[t], out=scratch)
        _spell(p.allowance, stay, scratch, p.allowance_entries, p.allowance_lags,
               c.allowance_leave)


def _spell(stock: np.ndarray, stay: np.ndarray, entering: np.ndarray, history: History,
           spell_lags: list[int], leave: np.ndarray) -> None:
    """A fixed spell: stock = (1 − h) stock + entering − (1 − h)^m × entering m months ago.
    ``entering`` may be scratch space: it is pushed before it is reused."""
    stock *= stay
    stock += entering
    history.push(entering)
    for k in spell_lags:
        stock -= leave[k] * history.ago(k + 1)


def pay_benefits(s: FundState, f: Flows, law: EngineInputs, t: int,
                 fused: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """What the fund pays people out of work, the month's first spending: benefits (失业保险金)
    at the first-year and the later rate; per recipient, their basic medical insurance (社会保险法
    第四十八条), the expected 丧葬补助金和抚恤金 and any 价格临时补贴; 失业补助金 and 临时生活补助
    to those on their spells; the one-off living allowance of the migrant contract workers who
    leave beside each new claim. With ``fused`` (the per-recipient amounts of months 1–12 and 13
    on, summed: a fast path when no line is recorded apart,
    :func:`fundsim.model.engine.fast_paths`) fewer products are taken."""
    c, p = law.claimants, s.people
    if fused is not None:
        np.multiply(p.first_year, fused[0][t], out=f.spending)
        np.multiply(p.later, fused[1][t], out=f.scratch)
        f.spending += f.scratch
    else:
        np.multiply(p.first_year, c.benefit_first[t], out=f.benefits)
        np.multiply(p.later, c.benefit_later[t], out=f.scratch)
        f.benefits += f.scratch
        np.add(p.first_year, p.later, out=f.scratch)
        np.multiply(f.scratch, c.medical[t], out=f.medical_insurance)
        np.multiply(f.scratch, c.funeral[t], out=f.funeral_grants)
        np.multiply(f.scratch, c.price[t], out=f.price_subsidies)
        np.add(f.benefits, f.medical_insurance, out=f.spending)
        f.spending += f.funeral_grants
        f.spending += f.price_subsidies
    np.multiply(p.subsidised, c.subsidy_amount[t], out=f.unemployment_subsidy)
    np.multiply(p.allowance, c.allowance_amount[t], out=f.living_allowance)
    np.multiply(p.new_claims, c.lump_sum[t], out=f.migrant_lump_sum)
    f.spending += f.unemployment_subsidy
    f.spending += f.living_allowance
    f.spending += f.migrant_lump_sum


def pay_returns(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """Job-stabilisation returns (稳岗返还): the general return, this month's share of the year's
    dues × last year's paid contributions by size class where the year's gate allows (seed 001
    二(一); seed 004 一), a roster's amounts in place of the rates; the difficult-firm return
    where the 24-month test passed (seed 001 二(二)); dues paid after the year end under the gate
    of the year they fell due."""
    r = law.returns
    np.multiply(r.rate_sme.same[t], s.paying_sme, out=f.returns_general)
    np.multiply(r.rate_large.same[t], s.paying_large, out=f.scratch)
    f.returns_general += f.scratch
    if r.has_fixed:
        f.returns_general += r.fixed.same[t] * s.pay_general
        f.returns_general += r.fixed.carry[t] * s.pay_general_prev
    np.multiply(s.pay_difficult, r.difficult.same[t], out=f.returns_difficult)
    if r.has_carry:
        np.multiply(r.rate_sme.carry[t], s.paying_sme_prev, out=f.scratch)
        f.scratch += r.rate_large.carry[t] * s.paying_large_prev
        f.returns_general += f.scratch
        f.returns_difficult += s.pay_difficult_prev * r.difficult.carry[t]
    if s.returns_scale is not None:  # a year begun with actual months: what is still due
        f.returns_general *= s.returns_scale[0]
        f.returns_difficult *= s.returns_scale[1]
    np.add(f.returns_general, f.returns_difficult, out=f.returns_paid)
    f.spending += f.returns_paid


def pay_skills_subsidy(f: Flows, law: EngineInputs, t: int) -> None:
    """Skill-improvement subsidies (技能提升补贴) for insured workers who gain a certificate
    (seed 004 二; the amount per insured is an assumption), and the lines paid per insured
    worker: training and placement subsidies and the stated other spending."""
    f.spending += law.skills.subsidy[t]
    f.spending += law.services.training[t]
    f.spending += law.services.other[t]


def settle(s: FundState, f: Flows, law: EngineInputs, t: int, transfer_due: bool,
           track_benefits: bool) -> None:
    """The month's account: balance += contributions − spending, less the transfer to the
    skills account when 以工代训 has used it up (seed 001 三(四); not spending: it does not count
    toward the reserve denominator)."""
    s.balance += f.contributions
    s.balance -= f.spending
    if transfer_due:
        s.balance -= law.skills.transfer[t]
    s.spent_total += f.spending
    if track_benefits:
        s.spent_benefits += f.benefits


def share_one_fund(s: FundState, f: Flows, law: EngineInputs, t: int) -> None:
    """Under one province-wide fund (自治区级统筹, 《内蒙古自治区失业保险办法》 第五条) a region
    whose balance would go negative is paid from the others' balances, pro rata to what each
    holds, before public finance is asked; the regions' historical balances stay on their own
    ledgers and are drawn on only so (stated: the notice on the balances was not found). The
    transfers net to zero over the province."""
    region_wide = law.pool.region_wide[t]
    deficit = np.minimum(s.balance, 0.0)
    need = -ordered_sum(deficit)
    surplus = np.maximum(s.balance, 0.0)
    have = ordered_sum(surplus)
    moved = np.where(region_wide, np.minimum(need, have), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        taken = np.where(need > 0, moved / need, 0.0)
        given = np.where(have > 0, moved / have, 0.0)
    np.multiply(-deficit, taken, out=f.pooling_transfer)
    f.pooling_transfer -= surplus * given
    s.balance += f.pooling_transfer


def top_up_from_public_finance(s: FundState, f: Flows) -> None:
    """Public finance tops a balance up to zero whenever it would go negative: benefits are
    always paid in full (seed 000; DOMAIN §9). Recorded apart from its funding of returns."""
    np.minimum(s.balance, 0.0, out=f.shortfall)
    s.balance -= f.shortfall


def clear_january_flows(f: Flows) -> None:
    """The remittance, the pool's grants (and loans, and their repayment) and public finance
    for returns happen in January only."""
    if f.january_flows:
        for name in ("remittance", "pool_transfer", "fiscal_subsidy_returns", *LOAN_FLOWS):
            setattr(f, name, np.zeros(f.shape))
        f.january_flows = False
