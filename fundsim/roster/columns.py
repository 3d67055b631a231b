"""The columns of a roster: the seed 003 annex 1 indicators, then the optional extras.

Every column has an English name (used in outputs and in code), a Chinese header (the
indicator's name in 人社失业司便函〔2017〕12号 附件1, or ours for the extras), a kind that says how
it is parsed and checked, and a unit. A roster may use either header for any column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from fundsim.base.errors import InputError, Problem, suggest

KINDS = {
    "uscc": "18-character unified social credit code (GB 32100-2015)",
    "personal": "personal data: never read, never written",
    "ignored": "read by no rule and never written (a serial number, free notes)",
    "text": "free text, carried to the decisions",
    "region": "region code (or name) of the scenario's data",
    "category": "one of a fixed list of values (see the codes in docs/roster.md)",
    "industry": "GB/T 4754-2011 code: section letter, division (2 digits) or group (3 digits)",
    "year": "calendar year",
    "count": "whole number ≥ 0",
    "money": "yuan ≥ 0",
    "share": "share in [0, 1] (60% may be written 0.6 or 60%)",
    "number": "number ≥ 0 (an amount in yuan or a share, as the seed allows)",
    "date": "date, YYYY-MM-DD (also YYYY/M/D, YYYY.M.D, YYYYMMDD, YYYY年M月D日, each with or "
            "without a time such as 0:00, or an Excel date number)",
    "flag": "yes/no: 是/否, 1/0, Y/N, true/false; blank is no",
}


@dataclass(frozen=True)
class Column:
    """One roster column."""

    name: str
    zh: str
    kind: str
    unit: str
    required: bool
    seed: int | None  # indicator number in seed 003 annex 1; None for an extra column
    description: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("uscc", "企业社会统一信用代码", "uscc", "", True, 1,
           "unified social credit code of the firm, 18 characters with a check character",
           ("统一社会信用代码", "社会统一信用代码")),
    Column("contact", "联系人", "personal", "", False, 2,
           "contact person (personal data: never read or written)"),
    Column("phone", "联系电话", "personal", "", False, 3,
           "contact phone (personal data: never read or written)"),
    Column("ownership", "企业性质", "category", "", False, 4,
           "registration type of the firm, 国统字〔2011〕86号 (code like 173, or its name)"),
    Column("region", "失业保险参保地", "region", "", True, 5,
           "pooling region where the firm is insured: a region code of the scenario's data "
           "(or the region's name)"),
    Column("policy_type", "享受政策类型", "category", "", False, 6,
           "policy type: 1 merger, 2 severe overcapacity, 3 obsolete capacity, 4 approved by "
           "the State Council, 5 other"),
    Column("industry", "企业所属行业", "industry", "", True, 7,
           "industry by GB/T 4754-2011: section letter (C), division (C13 or 13) or group "
           "(K701); a division is needed where the size thresholds split a section"),
    Column("size_class", "企业规模", "category", "", False, 8,
           "大型/中型/小型/微型 (工信部联企业〔2011〕300号), 社会团体, or 其他参照单位 "
           "(foundations, social-service bodies, law and accounting firms, individual "
           "businesses insured as units); blank: classified from the industry thresholds"),
    Column("subsidy_year", "补贴年度", "year", "year", False, 9,
           "year of the subsidy; must equal the policy year of the run when given"),
    Column("employees", "涉及职工人数", "count", "persons", True, 10,
           "employees last year (在职职工人数)"),
    Column("layoffs", "裁员人数", "count", "persons", True, 11,
           "contracts ended by the employer last year, natural attrition excluded; may be "
           "blank where claimants is given"),
    Column("paid_last_year", "上年实缴金额", "money", "yuan", True, 12,
           "unemployment-insurance contributions actually paid last year (firm and employees)"),
    Column("due_last_year", "上年应缴金额", "money", "yuan", True, 13,
           "unemployment-insurance contributions due last year, back payments excluded"),
    Column("amount_applied", "申报金额", "money", "yuan", False, 14,
           "amount the firm applied for"),
    Column("amount_approved", "审批金额", "money", "yuan", False, 15,
           "amount approved"),
    Column("amount_paid", "发放金额", "money", "yuan", False, 16,
           "amount already paid to the firm in the subsidy year"),
    Column("date_applied", "申报日期", "date", "date", False, 17, "date of application"),
    Column("date_approved", "审批日期", "date", "date", False, 18, "date of approval"),
    Column("date_paid", "发放日期", "date", "date", False, 19, "date of payment"),
    Column("share_returned", "享受补贴比例", "share", "share", False, 20,
           "share of contributions already returned"),
    Column("use_last_year", "上年度补贴使用情况", "number", "yuan or share", False, 21,
           "use of last year's subsidy, an amount or a share (carried to the decisions)"),
    Column("use_this_year", "本年度补贴计划使用情况", "number", "yuan or share", False, 22,
           "planned use of this year's subsidy, an amount or a share (carried to the decisions)"),
    # extras: not in seed 003, needed by the rules of seeds 000, 001 and 004
    Column("firm_name", "企业名称", "text", "", False, None,
           "name of the firm (carried to the decisions)"),
    Column("insured", "年末参保人数", "count", "persons", False, None,
           "insured workers at last year's end: the denominator of the seed 004 lay-off rate, "
           "the small-firm test and the difficult-firm amount (blank: employees)"),
    Column("claimants", "领金人数", "count", "persons", False, None,
           "benefit claimants from the firm in last year, earlier years' claimants excluded "
           "(seed 004); blank: the lay-off rate is 裁员人数 ÷ 涉及职工人数"),
    Column("si_due_monthly", "月应缴社会保险费", "money", "yuan/month", False, None,
           "social-insurance contributions due per month, all insurances, firm and employees "
           "(the difficult-firm amount by contributions, seed 001 二(二))"),
    Column("revenue", "上年营业收入", "money", "yuan", False, None,
           "operating revenue last year (size classification where 企业规模 is blank)"),
    Column("assets", "资产总额", "money", "yuan", False, None,
           "total assets (size classification where 企业规模 is blank)"),
    Column("difficult", "暂时性生产经营困难企业", "flag", "flag", False, None,
           "firm in temporary difficulty with recovery in prospect (seed 001 二(二))"),
    Column("zombie", "僵尸企业", "flag", "flag", False, None,
           "zombie firm: excluded (seed 000 二(二), seed 004 五(二))"),
    Column("dishonest", "严重失信企业", "flag", "flag", False, None,
           "seriously dishonest firm: excluded (seed 000 二(四), seed 004 五(二))"),
    Column("policy_breach", "不符合环保或产业政策", "flag", "flag", False, None,
           "breaks environmental or industrial policy: excluded (seed 001 四(一), seed 004 "
           "五(二))"),
    Column("arrears_settled", "欠费已补缴", "flag", "flag", False, None,
           "contributions in arrears (paid < due) were paid before applying (seed 000 二(二))"),
    Column("main_use", "补贴主要用途", "category", "", False, None,
           "main use of the subsidy: 生活补助, 缴纳社会保险费, 转岗培训, 技能提升培训, 其他 "
           "(seed 004 五(四))"),
    Column("serial", "序号", "ignored", "", False, None, "serial number (ignored)"),
    Column("note", "备注", "ignored", "", False, None, "free notes (ignored: never written)"),
)

BY_NAME = {c.name: c for c in COLUMNS}
PERSONAL = tuple(c.name for c in COLUMNS if c.kind == "personal")
READ = tuple(c.name for c in COLUMNS if c.kind not in ("personal", "ignored"))
REQUIRED = tuple(c.name for c in COLUMNS if c.required)


def normalise(header: str) -> str:
    """A header as it is compared: NFKC (full-width → half-width), no spaces, lower case."""
    text = unicodedata.normalize("NFKC", str(header))
    return re.sub(r"\s+", "", text).lower()


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS:
        for label in (column.name, column.zh, *column.aliases):
            table[normalise(label)] = column.name
    return table


LOOKUP = _lookup()


def resolve_headers(headers: Iterable[str], file: str) -> dict[str, int]:
    """Map each known column's English name to its position in ``headers``.

    Raises InputError for a header no column has (with the nearest name), a column given twice
    (under either name), or a required column that is missing.
    """
    problems: list[Problem] = []
    found: dict[str, int] = {}
    labels = [c.zh for c in COLUMNS] + [c.name for c in COLUMNS]
    for i, header in enumerate(headers):
        raw = "" if header is None else str(header)
        key = normalise(raw)
        if not key or key.startswith("unnamed:"):
            continue  # an empty header over an empty column (trailing comma, Excel blank)
        name = LOOKUP.get(key)
        if name is None:
            problems.append(Problem(file, "row 1", raw, "unknown column" + suggest(raw, labels)))
        elif name in found:
            problems.append(Problem(file, "row 1", raw,
                                    f"column {name} ({BY_NAME[name].zh}) appears twice "
                                    f"(columns {found[name] + 1} and {i + 1})"))
        else:
            found[name] = i
    for name in REQUIRED:
        if name not in found:
            column = BY_NAME[name]
            problems.append(Problem(file, "row 1", column.zh,
                                    f"required column is missing ({column.name}: "
                                    f"{column.description})"))
    if problems:
        raise InputError(problems)
    return found
