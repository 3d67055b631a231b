"""Every accepted firm's decision: eligible or not, how much, and why — one pass over arrays.

The rules, in the order they are tested (the first that fails names the reason):

1. Exclusions: zombie firms, seriously dishonest firms, firms breaking environmental or
   industrial policy get nothing (seeds 000, 001, 004).
2. Arrears: a firm that paid less than was due (by more than 1 yuan) qualifies only once it
   has paid the arrears (欠费已补缴, seed 000 二(二)). The base stays 上年实缴金额 as given.
3. Lay-off test: lay-off rate = 领金人数 ÷ 年末参保人数 where claimants are given (seed 004),
   else 裁员人数 ÷ 涉及职工人数 (seed 003); at most ``policy.returns.layoff_threshold.general``,
   or ``.small_firm`` for firms with at most ``policy.roster.small_firm_max_insured`` insured.
4. Region gate (:mod:`fundsim.roster.gate`): in a region below the general test, no general
   return under ``no_return``; paid with pool support under ``pool_supported``.
5. Amount: general return = ratio by size (``policy.returns.ratio.large`` for large firms and
   social organisations, ``.sme`` otherwise) × 上年实缴金额. A firm in temporary difficulty, in
   a region passing the difficult-firm test while ``policy.returns.difficult.enabled``, gets the
   difficult-firm amount instead when it is larger: ``benefit_months`` × the region's monthly
   benefit × insured, or ``contribution_months`` × 月应缴社会保险费, or the smaller of the two
   (``policy.returns.difficult.rule``, the engine's rule). Stated assumption: the difficult-firm
   standard (seed 001 二(二)) exists to give such firms more, so it never lowers a firm's return
   below its general return; the firm must pass the same tests (坚持不裁员或少裁员).
6. Already paid (发放金额): the firm is paid the rest of its entitlement only as a top-up (补差,
   ``policy.roster.topup``, SMEs only, seed 001 二(一)); otherwise nothing more.
7. Government review: an entitlement of at least ``policy.review.government_threshold`` is
   flagged (seed 002).

Amounts are rounded to the fen. All law comes from the scenario, in force on 1 January of the
policy year (the yearly assessment, DOMAIN §9).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from fundsim.inputs.scenario import Scenario
from fundsim.roster import reasons
from fundsim.roster.categories import (
    LARGE_RATIO,
    MAIN_USE,
    OWNERSHIP,
    POLICY_TYPE,
    SIZE_CLASS,
    names,
)
from fundsim.roster.classify import SECTION_LETTERS
from fundsim.roster.gate import RegionGate
from fundsim.roster.validate import Firms

ARREARS_TOLERANCE = 1.0  # yuan: a shortfall up to the rounding of two figures is no arrears

RULE_KEYS = (
    "policy.returns.ratio.sme",
    "policy.returns.ratio.large",
    "policy.returns.layoff_threshold.general",
    "policy.returns.layoff_threshold.small_firm",
    "policy.roster.small_firm_max_insured",
    "policy.returns.difficult.enabled",
    "policy.returns.difficult.rule",
    "policy.returns.difficult.benefit_months",
    "policy.returns.difficult.contribution_months",
    "policy.reserve.general_months",
    "policy.reserve.difficult_months",
    "policy.pool.failing_regions",
    "policy.review.government_threshold",
    "policy.roster.topup",
)


@dataclass(frozen=True)
class Rules:
    """The law in force on 1 January of the policy year, with the source of every value."""

    year: int
    values: dict[str, object]
    sources: dict[str, str]
    units: dict[str, str]

    @classmethod
    def of(cls, scenario: Scenario, year: int) -> Rules:
        day = dt.date(year, 1, 1)
        params = {key: scenario.param(key) for key in RULE_KEYS}
        return cls(year, {k: p.value_at(day) for k, p in params.items()},
                   {k: p.source(day) for k, p in params.items()},
                   {k: p.unit for k, p in params.items()})

    def __getitem__(self, key: str) -> object:
        return self.values[key]

    def table(self) -> pd.DataFrame:
        """key, value, unit, source: the run record of the law applied."""
        return pd.DataFrame({"key": list(self.values), "value": [str(v) for v in
                                                                 self.values.values()],
                             "unit": [self.units[k] for k in self.values],
                             "source": [self.sources[k] for k in self.values]})


def decide(firms: Firms, gate: RegionGate, rules: Rules) -> pd.DataFrame:
    """One row per accepted firm: its figures, tests, amounts and reason (docs/roster.md)."""
    return decisions_frame(decide_columns(firms, gate, rules), gate, firms.industry_labels)


def decide_columns(firms: Firms, gate: RegionGate, rules: Rules) -> dict[str, object]:
    """The decisions as plain arrays (categories as integer codes, see ``decisions_frame``)."""
    num, flag = firms.number, firms.flag
    region = firms.region
    n = len(firms)
    blank = np.full(n, np.nan)

    def figure(name: str) -> np.ndarray:
        return blank if num[name] is None else num[name]

    employees = num["employees"]
    insured = employees if num["insured"] is None else np.where(
        np.isnan(num["insured"]), employees, num["insured"])
    claimants, layoffs = figure("claimants"), figure("layoffs")
    by_claimants = ~np.isnan(claimants)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(by_claimants, claimants / insured, layoffs / employees)
    small = insured <= float(rules["policy.roster.small_firm_max_insured"])
    threshold = np.where(small, float(rules["policy.returns.layoff_threshold.small_firm"]),
                         float(rules["policy.returns.layoff_threshold.general"]))
    layoff_fail = rate > threshold

    large_codes = [i for i, c in enumerate(SIZE_CLASS) if c.code in LARGE_RATIO]
    is_large = np.isin(firms.size, large_codes)
    ratio = np.where(is_large, float(rules["policy.returns.ratio.large"]),
                     float(rules["policy.returns.ratio.sme"]))
    paid, due = num["paid_last_year"], num["due_last_year"]
    arrears_amount = np.round(np.maximum(due - paid, 0.0), 2)
    arrears = (due - paid > ARREARS_TOLERANCE) & ~flag["arrears_settled"]
    zombie, dishonest, breach = flag["zombie"], flag["dishonest"], flag["policy_breach"]
    eligible = ~(zombie | dishonest | breach | arrears | layoff_fail)
    general_amount = np.round(ratio * paid, 2)

    in_difficulty = flag["difficult"]
    enabled = np.bool_(rules["policy.returns.difficult.enabled"])
    by_benefit = (float(rules["policy.returns.difficult.benefit_months"])
                  * gate.local_benefit[region] * insured)
    by_contributions = float(rules["policy.returns.difficult.contribution_months"]) \
        * figure("si_due_monthly")
    rule = rules["policy.returns.difficult.rule"]
    amount = {"benefit": by_benefit, "contributions": by_contributions}.get(
        rule, np.minimum(by_benefit, by_contributions))  # NaN (no data) stays NaN under min
    no_data = in_difficulty & enabled & np.isnan(amount)
    difficult_amount = np.where(in_difficulty & enabled, np.round(amount, 2), np.nan)

    passes_12, passes_24 = gate.passes_12[region], gate.passes_24[region]
    pool = np.bool_(rules["policy.pool.failing_regions"] == "pool_supported")
    pays_general = passes_12 | pool
    general_due = np.where(eligible, general_amount, 0.0)
    difficult_due = np.where(eligible, np.nan_to_num(difficult_amount), 0.0)
    general_paid = np.where(pays_general, general_due, 0.0)
    use_difficult = passes_24 & (difficult_due > general_due)
    entitlement = np.where(use_difficult, difficult_due, general_paid)

    already = np.nan_to_num(figure("amount_paid"))
    topup = np.bool_(rules["policy.roster.topup"]) & ~is_large
    paid_before = already > 0
    short = paid_before & (entitlement > already)
    to_pay = np.round(np.where(paid_before, np.where(short & topup, entitlement - already, 0.0),
                               entitlement), 2)
    overpaid = np.round(np.maximum(already - entitlement, 0.0), 2)
    review = entitlement >= float(rules["policy.review.government_threshold"])

    gets = entitlement > 0
    difficult_elig = in_difficulty & eligible & gets & ~use_difficult
    bits = {
        "EXCL_ZOMBIE": zombie,
        "EXCL_DISHONEST": dishonest,
        "EXCL_POLICY": breach,
        "ARREARS": arrears,
        "LAYOFF_GENERAL": layoff_fail & ~small,
        "LAYOFF_SMALL": layoff_fail & small,
        "REGION_BELOW_12": ~passes_12 & ~pool,
        "ZERO_BASE": eligible & pays_general & (paid == 0) & ~use_difficult,
        "PAID_IN_FULL": paid_before & gets & ~short,
        "PAID_NO_TOPUP": short & ~topup,
        "TOPUP": short & topup,
        "GENERAL_POOL": ~passes_12 & pool & (general_paid > 0) & ~use_difficult,
        "DIFFICULT": use_difficult,
        "DIFFICULT_OFF": difficult_elig & ~enabled,
        "DIFFICULT_NO_DATA": difficult_elig & no_data,
        "DIFFICULT_BELOW_24": difficult_elig & enabled & ~no_data & ~passes_24,
        "DIFFICULT_LE_GENERAL": difficult_elig & enabled & ~no_data & passes_24,
        "GENERAL": (general_paid > 0) & ~use_difficult,
    }
    flags = np.zeros(len(firms), dtype=np.int32)
    primary = np.full(len(firms), -1, dtype=np.int8)
    for code in reversed(reasons.CODES):  # over the 18 codes: the first that applies wins
        i = reasons.INDEX[code]
        applies = np.broadcast_to(np.asarray(bits[code], dtype=bool), flags.shape)
        flags |= applies.astype(np.int32) << i
        primary[applies] = i

    return_type = np.where(use_difficult, 2, np.where(general_paid > 0, 1, 0)).astype(np.int8)
    columns: dict[str, object] = {"row": firms.row, "uscc": firms.uscc}
    if firms.firm_name is not None:
        columns["firm_name"] = firms.firm_name
    columns |= {
        "region": region,
        "industry": firms.industry,
        "industry_section": firms.section,
        "size_class": firms.size,
        "size_classified": firms.size_classified,
        "ownership": firms.category["ownership"],
        "policy_type": firms.category["policy_type"],
        "main_use": firms.category["main_use"],
        "employees": employees,
        "insured": insured,
        "layoffs": layoffs,
        "claimants": claimants,
        "layoff_rate": rate,
        "layoff_basis": by_claimants.astype(np.int8),
        "layoff_threshold": threshold,
        "small_firm": small,
        "paid_last_year": paid,
        "due_last_year": due,
        "arrears": arrears_amount,
        "eligible": eligible,
        "ratio": ratio,
        "general_amount": general_amount,
        "difficult": in_difficulty,
        "difficult_amount": difficult_amount,
        "return_type": return_type,
        "entitlement": entitlement,
        "already_paid": already,
        "to_pay": to_pay,
        "overpaid": overpaid,
        "government_review": review,
        "reason_code": primary,
        "reason_flags": flags,
    }
    for name in ("amount_applied", "amount_approved", "use_last_year", "use_this_year"):
        if num[name] is not None:  # carried only where the roster has the column
            columns[name] = num[name]
    return columns


def category_labels(gate: RegionGate, industry_labels: list[str]) -> dict[str, list[str]]:
    """The categories of every categorical column of the decisions."""
    return {
        "region": list(gate.codes), "industry": list(industry_labels),
        "industry_section": SECTION_LETTERS, "size_class": names(SIZE_CLASS, "code"),
        "ownership": names(OWNERSHIP, "code"), "policy_type": names(POLICY_TYPE, "code"),
        "main_use": names(MAIN_USE, "code"), "layoff_basis": ["layoffs", "claimants"],
        "return_type": ["none", "general", "difficult"], "reason_code": list(reasons.CODES),
    }


def decisions_frame(columns: dict[str, object], gate: RegionGate, industry_labels: list[str]
                    ) -> pd.DataFrame:
    """The decisions table from ``decide_columns`` arrays (no copy of the numbers)."""
    labels = category_labels(gate, industry_labels)
    out: dict[str, object] = {}
    for name, values in columns.items():
        if isinstance(values, pa.Array | pa.ChunkedArray):
            out[name] = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
                values.chunks if isinstance(values, pa.ChunkedArray) else [values])))
        elif name in labels:
            out[name] = pd.Categorical.from_codes(values, categories=labels[name])
        else:
            out[name] = values
        if name == "region":
            out["region_name"] = pd.Categorical.from_codes(values, categories=list(gate.names))
        if name == "reason_code":
            out["reason_zh"] = pd.Categorical.from_codes(values, [r.zh for r in reasons.REASONS])
            out["reason_en"] = pd.Categorical.from_codes(values, [r.en for r in reasons.REASONS])
    return pd.DataFrame(out, copy=False)
