"""Reason codes of a firm's decision, each with a one-line reason in Chinese and English.

A firm's ``reason_code`` is the first code, in the order below, that applies to it: why it gets
nothing, else how it is paid. ``reason_flags`` holds every code that applies, one bit each
(bit i = the i-th code below), so a zombie firm that also laid off too many is visible as both.
The reasons name rules, not figures: the firm's figures are in its other columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """One reason code."""

    code: str
    paid: bool   # the firm is paid a return (or has been, in full)
    zh: str
    en: str


REASONS: tuple[Reason, ...] = (
    Reason("EXCL_ZOMBIE", False,
           "僵尸企业，不予返还（人社厅发〔2017〕129号二(二)）",
           "zombie firm: excluded (seed 000 二(二))"),
    Reason("EXCL_DISHONEST", False,
           "严重失信企业，不予返还（人社厅发〔2017〕129号二(四)）",
           "seriously dishonest firm: excluded (seed 000 二(四))"),
    Reason("EXCL_POLICY", False,
           "不符合环保政策或产业政策，不予返还（青人社厅发〔2021〕50号五(二)）",
           "breaks environmental or industrial policy: excluded (seed 004 五(二))"),
    Reason("ARREARS", False,
           "上年欠缴失业保险费未补缴，补缴后可申请（人社厅发〔2017〕129号二(二)）",
           "contributions in arrears: the firm qualifies once it pays them (seed 000 二(二))"),
    Reason("LAYOFF_GENERAL", False,
           "裁员率高于上年度全国城镇调查失业率控制目标",
           "lay-off rate above the threshold (last year's national unemployment target)"),
    Reason("LAYOFF_SMALL", False,
           "30人(含)以下企业裁员率高于参保职工总数的20%",
           "small firm (insured at or under the limit) with a lay-off rate above its threshold"),
    Reason("REGION_BELOW_12", False,
           "所在统筹地区基金备付能力不足12个月，本年不实施稳岗返还",
           "the region's fund has less than 12 months of reserve and pays no return "
           "(policy.pool.failing_regions = no_return)"),
    Reason("ZERO_BASE", False,
           "上年未实缴失业保险费，返还金额为零",
           "no contributions paid last year: the return is zero"),
    Reason("PAID_IN_FULL", True,
           "本年已足额发放，无需再发",
           "already paid this year at least the amount due: nothing more to pay"),
    Reason("PAID_NO_TOPUP", True,
           "本年已按原标准发放，本年度政策无补差",
           "already paid this year at an earlier standard; this year's law has no top-up"),
    Reason("TOPUP", True,
           "已按原标准发放，按现行标准补差返还，无需再次申请（内蒙古专项支持计划二(一)）",
           "already paid at the earlier standard: the difference is topped up without a new "
           "application (seed 001 二(一))"),
    Reason("GENERAL_POOL", True,
           "所在地区备付能力不足12个月，经省级调剂金支持实施稳岗返还",
           "general return paid in a region below 12 months of reserve, with pool support "
           "(policy.pool.failing_regions = pool_supported)"),
    Reason("DIFFICULT", True,
           "困难企业稳岗返还（内蒙古专项支持计划二(二)）",
           "return for a firm in temporary difficulty (seed 001 二(二))"),
    Reason("DIFFICULT_BELOW_24", True,
           "困难企业，但所在地区备付能力不足24个月，按一般标准返还",
           "firm in difficulty, but its region has less than 24 months of reserve: general "
           "return"),
    Reason("DIFFICULT_OFF", True,
           "困难企业，但本年未实施困难企业稳岗返还，按一般标准返还",
           "firm in difficulty, but the difficult-firm return is not in force: general return"),
    Reason("DIFFICULT_NO_DATA", True,
           "困难企业，但未填月应缴社会保险费，按一般标准返还",
           "firm in difficulty, but the monthly social-insurance contributions due are blank "
           "and the rule needs them: general return"),
    Reason("DIFFICULT_LE_GENERAL", True,
           "困难企业，一般标准返还金额不低于困难企业标准，按一般标准返还",
           "firm in difficulty whose general return is at least the difficult-firm amount: "
           "general return"),
    Reason("GENERAL", True,
           "符合条件，按上年实缴失业保险费的规定比例返还",
           "general return: the ratio for its size × last year's paid contributions"),
)

CODES = tuple(r.code for r in REASONS)
INDEX = {r.code: i for i, r in enumerate(REASONS)}
