"""Every column of every CSV fundsim writes, once: its key, Chinese name, unit and meaning.

The CSV headers are the English keys scripts rely on; ``columns.csv`` beside them (and the
workbook's 单位与来源 sheet) is this dictionary for the files of the folder. Fund tables (run,
sweep, compare) carry money in one unit per file, 万元 by default (``--unit yuan|万元|亿元``);
a money key ends in its unit's suffix (``returns_paid_wan``, ``returns_paid_yuan``,
``returns_paid_yi``), so a script written for one unit fails loudly on another instead of
misreading it by 10,000. Roster tables are in yuan, rounded to the fen, keys without suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fundsim.base.errors import InputError, Problem


@dataclass(frozen=True)
class Unit:
    """A money unit of the fund tables."""

    code: str       # the key suffix: returns_paid_<code>
    zh: str         # 元, 万元, 亿元
    yuan: float     # yuan in one unit
    decimals: int   # decimals written to CSV (万元: 4, as always; 元: the fen)
    number_format: str  # Excel's


UNITS = {u.code: u for u in (
    Unit("yuan", "元", 1.0, 2, "#,##0.00"),
    Unit("wan", "万元", 1e4, 4, "#,##0.00"),
    Unit("yi", "亿元", 1e8, 6, "#,##0.0000"),
)}
DEFAULT_UNIT = UNITS["wan"]
#: How ``--unit`` may be written.
SPELLINGS = {"yuan": "yuan", "元": "yuan", "wan": "wan", "万元": "wan", "万": "wan",
             "yi": "yi", "亿元": "yi", "亿": "yi"}


def parse_unit(text: str | Unit | None) -> Unit:
    """A unit from ``yuan``, ``万元`` (``wan``) or ``亿元`` (``yi``); InputError otherwise."""
    if isinstance(text, Unit):
        return text
    if text is None:
        return DEFAULT_UNIT
    code = SPELLINGS.get(str(text).strip().lower())
    if code is None:
        raise InputError([Problem("--unit", "", "unit", f"must be yuan, 万元 (wan) or 亿元 (yi), "
                                  f"not {text!r}")])
    return UNITS[code]


#: The unit of a fund table's money column: the file's unit, chosen by ``--unit``.
MONEY = "{money}"
YUAN, MONTHS, PERSONS, FIRMS, REGIONS = "元", "月", "人", "户", "个"
SHARE, PROBABILITY, YEAR, MULTIPLE, FLAG, TEXT, DATE = ("比例", "概率", "年", "倍", "是/否",
                                                        "文本", "日期")


@dataclass(frozen=True)
class Column:
    """One column: ``key`` as in the CSV, with ``{u}`` where a money key's unit suffix goes."""

    key: str
    zh: str
    unit: str
    meaning: str

    @property
    def money(self) -> bool:
        """Money of a fund table, in the file's unit."""
        return self.unit == MONEY

    def key_in(self, unit: Unit) -> str:
        return self.key.replace("{u}", unit.code)

    def unit_in(self, unit: Unit) -> str:
        return unit.zh if self.money else self.unit


def _c(key: str, zh: str, unit: str, meaning: str) -> Column:
    return Column(key, zh, unit, meaning)


_CODE = _c("code", "地区代码", TEXT, "统筹地区代码；worst-region 行重复备付月数最低的地区，"
           "province-fund 行为全省（各地区与调剂金）作为一个基金")
_NAME = _c("name", "地区名称", TEXT, "统筹地区名称（中文）")
_YEAR = _c("year", "年度", YEAR, "日历年度")
#: The fund budget's line (基金收支决算表) of each annual.csv column (annual.csv's layout,
#: :mod:`fundsim.run.tables`, follows it).
BUDGET_LINES = {
    "contributions": "失业保险费收入", "interest": "利息收入", "fiscal_subsidy": "财政补贴收入",
    "pool_transfer": "上级补助收入(调剂金)", "benefits": "失业保险金",
    "medical_insurance": "基本医疗保险费", "funeral_grants": "丧葬补助金和抚恤金",
    "price_subsidies": "价格临时补贴", "unemployment_subsidy": "失业补助金",
    "living_allowance": "临时生活补助", "migrant_lump_sum": "农民合同制工人一次性生活补助",
    "training_subsidies": "职业培训补贴和职业介绍补贴", "skills_subsidy": "技能提升补贴",
    "other_spending": "其他支出", "returns_paid": "稳岗返还(稳岗补贴)",
    "remittance": "上解上级支出(调剂金)", "skills_transfer": "转移支出(职业技能提升行动专账)",
}
_SPENDING_LINES = ("benefits", "medical_insurance", "funeral_grants", "price_subsidies",
                   "unemployment_subsidy", "living_allowance", "migrant_lump_sum",
                   "training_subsidies", "skills_subsidy", "other_spending", "returns_paid")

RUN_FILES: dict[str, tuple[Column, ...]] = {
    "summary.csv": (
        _CODE, _NAME,
        _c("lowest_reserve_months", "最低备付月数", MONTHS, "全期各月评估的备付月数中的最低值"),
        _c("months_below_general", "低于一般返还线月数", MONTHS,
           "评估未达一般稳岗返还备付月数要求的月数（多路径时为均值）"),
        _c("months_below_difficult", "低于困难企业返还线月数", MONTHS,
           "评估未达困难企业稳岗返还备付月数要求的月数（多路径时为均值）"),
        _c("returns_paid_{u}", "稳岗返还支出", MONEY,
           "全期支付给企业的稳岗返还（一般与困难企业）合计"),
        _c("firms_covered", "获返还企业户次", FIRMS, "全期各月获返还企业数之和"),
        _c("workers_covered", "获返还企业职工人次", PERSONS, "全期各月获返还企业参保职工数之和"),
        _c("pool_received_{u}", "调剂金拨入", MONEY, "全期从省级调剂金获得的拨付合计"),
        _c("fiscal_subsidy_{u}", "财政补贴", MONEY, "全期财政补贴收入合计（两项原因之和）"),
        _c("fiscal_for_returns_{u}", "财政补贴·用于返还", MONEY, "为支付稳岗返还而安排的财政补贴"),
        _c("fiscal_for_deficit_{u}", "财政补贴·弥补赤字", MONEY, "为弥补基金赤字而安排的财政补贴"),
        _c("training_paid_{u}", "以工代训补贴支出", MONEY,
           "全期以工代训补贴（职业技能提升行动专账）合计"),
        _c("closing_balance_{u}", "期末滚存结余", MONEY,
           "最后一个月末的基金结余；全省行含调剂金结余"),
        _c("ahcm", "平均高成本倍数", MULTIPLE,
           "最后一个完整年度末结余 ÷ 历史上最高成本年度的支出（美国 AHCM 口径）"),
    ),
    "annual.csv": (
        _YEAR, _CODE, _NAME,
        _c("income_{u}", "基金收入合计", MONEY, "当年收入合计：下列四项收入之和"),
        *(_c(f"{name}_{{u}}", BUDGET_LINES[name], MONEY, f"当年{BUDGET_LINES[name]}")
          for name in ("contributions", "interest", "fiscal_subsidy", "pool_transfer")),
        _c("spending_{u}", "基金支出合计", MONEY, "当年支出合计：下列各项支出之和"),
        *(_c(f"{name}_{{u}}", BUDGET_LINES[name], MONEY, f"当年{BUDGET_LINES[name]}")
          for name in _SPENDING_LINES),
        _c("remittance_{u}", BUDGET_LINES["remittance"], MONEY,
           "当年上解省级调剂金；全省行为基金内部往来，记 0"),
        _c("skills_transfer_{u}", BUDGET_LINES["skills_transfer"], MONEY,
           "当年转入职业技能提升行动专账"),
        _c("actual_adjustment_{u}", "实际数据未解释差额", MONEY,
           "仅按实际数据运行时：报告的月末结余与当月收支所得结余之差（收入记正）"),
        _c("loan_interest_{u}", "调剂金借款利息", MONEY,
           "仅调剂金以借款方式拨付时：当年付给调剂金的借款利息；全省行为基金内部往来，记 0"),
        _c("loan_repayment_{u}", "调剂金借款还款", MONEY,
           "仅调剂金以借款方式拨付时：当年归还调剂金的借款本金；全省行为基金内部往来，记 0"),
        _c("pooling_transfer_{u}", "统筹调剂", MONEY,
           "仅自治区级统筹且有地区动用他区结余时：从其他地区调入(+)或调出(−)；全省合计为 0"),
        _c("year_end_balance_{u}", "年末滚存结余", MONEY, "年末基金结余；全省行含调剂金结余"),
        _c("year_end_reserve_months", "年末备付月数", MONTHS, "年末结余 ÷（当年支出 ÷ 12）"),
    ),
    "risk.csv": (
        _YEAR, _CODE, _NAME,
        _c("p_below_general", "未达一般返还线概率", PROBABILITY,
           "当年评估未达一般返还备付要求的路径比例"),
        _c("p_below_difficult", "未达困难企业返还线概率", PROBABILITY,
           "当年评估未达困难企业返还备付要求的路径比例"),
        _c("p_some_region_below_general", "有地区未达一般返还线概率", PROBABILITY,
           "仅全省行：当年至少一个地区未达一般返还线的路径比例"),
        _c("p_some_region_below_difficult", "有地区未达困难企业返还线概率", PROBABILITY,
           "仅全省行：当年至少一个地区未达困难企业返还线的路径比例"),
        _c("p_fiscal", "需财政补贴概率", PROBABILITY, "当年需要财政补贴的路径比例"),
        _c("fiscal_mean_{u}", "财政补贴均值", MONEY, "当年财政补贴的路径均值"),
        _c("fiscal_p95_{u}", "财政补贴95分位", MONEY, "当年财政补贴的第 95 百分位"),
        _c("pool_transfer_mean_{u}", "调剂金拨入均值", MONEY, "当年调剂金拨入的路径均值"),
        _c("pool_transfer_p95_{u}", "调剂金拨入95分位", MONEY, "当年调剂金拨入的第 95 百分位"),
    ),
}

_METRICS = (
    _c("returns_paid_{u}", "稳岗返还支出", MONEY, "全省全期稳岗返还合计（路径均值）"),
    _c("fiscal_subsidy_{u}", "财政补贴", MONEY, "全省全期财政补贴合计（路径均值）"),
    _c("pool_transfer_{u}", "调剂金拨付", MONEY, "全期调剂金拨付各地区合计（路径均值）"),
    _c("training_paid_{u}", "以工代训补贴支出", MONEY, "全期以工代训补贴合计（路径均值）"),
    _c("lowest_reserve_months", "最低备付月数", MONTHS, "各地区全期评估备付月数的最低值"),
    _c("regions_below_general", "低于一般返还线地区数", REGIONS,
       "全期有一次评估未达一般返还线的地区数"),
    _c("regions_below_difficult", "低于困难企业返还线地区数", REGIONS,
       "全期有一次评估未达困难企业返还线的地区数"),
    _c("p_fail_general", "有地区未达一般返还线概率", PROBABILITY,
       "至少一个地区未达一般返还线的路径比例（多路径时）"),
    _c("p_fiscal", "需财政补贴概率", PROBABILITY, "需要财政补贴的路径比例（多路径时）"),
)
#: A swept parameter's column in sweep.csv (its key is the parameter's dotted key).
SWEPT = _c("{key}", "扫描参数", "见参数单位",
           "扫描的参数取值（键名即参数名，单位与来源见 fundsim params）")

#: watch.csv's columns (money in the file's unit, ``{u}`` its key suffix, as in
#: :mod:`fundsim.run.columns`).
WATCH_COLUMNS: tuple[Column, ...] = (
    Column("code", "地区代码", TEXT,
           "统筹地区代码；province-fund 行为全省（各地区与调剂金）作为一个基金"),
    Column("name", "地区名称", TEXT, "统筹地区名称（中文）"),
    Column("grade", "预警等级", TEXT,
           "red（红）、amber（黄）或 green（绿）：按下年 1 月未达一般返还线的概率分级"),
    Column("p_fail_general", "下年1月未达一般返还线概率", PROBABILITY,
           "下一个 1 月评估未达一般稳岗返还备付要求（当时有效的月数）的路径比例；"
           "单路径时为 0 或 1"),
    Column("p_fail_difficult", "下年1月未达困难企业返还线概率", PROBABILITY,
           "下一个 1 月评估未达困难企业稳岗返还备付要求的路径比例；单路径时为 0 或 1"),
    Column("reserve_months_p50", "下年1月备付月数中位数", MONTHS,
           "下一个 1 月评估的备付月数，各路径中位数（单路径时为该路径的值）"),
    Column("reserve_months_p05", "下年1月备付月数5分位", MONTHS,
           "下一个 1 月评估的备付月数，第 5 百分位（单路径时空）"),
    Column("reserve_months_p95", "下年1月备付月数95分位", MONTHS,
           "下一个 1 月评估的备付月数，第 95 百分位（单路径时空）"),
    Column("plan_reserve_months", "下年1月备付月数（1月预测）", MONTHS,
           "不含实际数据的同一情景中心路径（1 月预测）在下一个 1 月评估的备付月数"),
    Column("year_end_balance_mean_{u}", "年末结余均值", MONEY,
           "最后实际月份所在年度年末的基金结余，各路径均值；全省行含调剂金结余"),
    Column("year_end_balance_p05_{u}", "年末结余5分位", MONEY,
           "年末基金结余，第 5 百分位（单路径时空）"),
    Column("year_end_balance_p50_{u}", "年末结余中位数", MONEY,
           "年末基金结余，各路径中位数（单路径时为该路径的值）"),
    Column("year_end_balance_p95_{u}", "年末结余95分位", MONEY,
           "年末基金结余，第 95 百分位（单路径时空）"),
    Column("plan_year_end_balance_{u}", "年末结余（1月预测）", MONEY,
           "1 月预测（不含实际数据的中心路径）的年末基金结余；全省行需调剂金的 1 月预测，缺时为空"),
    Column("year_end", "年末月份", TEXT, "年末结余所在月份（YYYY-MM）"),
    Column("assessment", "评估月份", TEXT, "下一个 1 月评估的月份（YYYY-MM）"),
)
FUND_FILES: dict[str, tuple[Column, ...]] = {
    **RUN_FILES,
    "sweep.csv": tuple(c for c in _METRICS if c.key != "training_paid_{u}"),
    "compare.csv": (
        _c("scenario", "情景", TEXT, "情景名称；差额（_diff）均相对第一个情景"),
        *_METRICS[:7],
        _c("returns_paid_{u}_diff", "稳岗返还支出差额", MONEY, "与第一个情景相比的稳岗返还差额"),
        _c("fiscal_subsidy_{u}_diff", "财政补贴差额", MONEY, "与第一个情景相比的财政补贴差额"),
        _c("regions_below_general_diff", "低于一般返还线地区数差额", REGIONS,
           "与第一个情景相比的地区数差额"),
        *_METRICS[7:],
    ),
    "watch.csv": WATCH_COLUMNS,
}

# ------------------------------------------------------------------------------ roster (元)

_GROUP = (
    _c("code", "分组代码", TEXT, "分组代码；total 为合计行"),
    _c("name_zh", "分组名称", TEXT, "分组中文名称"),
    _c("name_en", "分组英文名", TEXT,
       "分组英文名称；by_region 中为地区名称的拼音（如 Huhehaote Shi）"),
)
_MEASURES = (
    _c("firms", "企业户数", FIRMS, "作出决定的企业数"),
    _c("firms_paid", "获返还企业户数", FIRMS, "应返还金额大于零的企业数"),
    _c("firms_with_flag", "涉及该原因企业户数", FIRMS, "该原因代码适用（不论是否决定性）的企业数"),
    _c("insured_covered", "获返还企业参保人数", PERSONS, "获返还企业的参保职工数"),
    _c("base", "上年实缴金额", YUAN, "获返还企业上年实缴失业保险费（返还基数）"),
    _c("entitlement", "应返还金额", YUAN, "本年度应返还金额（已按地区备付月数门槛）"),
    _c("share_of_base", "返还占实缴比例", SHARE, "应返还金额 ÷ 上年实缴金额"),
    _c("already_paid", "已发放金额", YUAN, "补贴年度内已发放给企业的金额"),
    _c("to_pay", "待发放金额", YUAN, "应返还金额中尚待发放的部分"),
    _c("government_review", "需政府审议企业户数", FIRMS, "应返还金额达到审议门槛的企业数"),
)
_BY = (*_GROUP, *_MEASURES)
_BY_REGION = (
    *_GROUP,
    _c("reserve_months", "备付月数", MONTHS, "该年 1 月评估的地区备付月数"),
    _c("passes_12", "达一般返还线", FLAG, "1 月评估达到一般返还备付要求"),
    _c("passes_24", "达困难企业返还线", FLAG, "1 月评估达到困难企业返还备付要求"),
    *_MEASURES,
    _c("region_firms", "地区企业户数", FIRMS, "地区数据中的参保企业数"),
    _c("firm_share", "名册企业覆盖率", SHARE, "名册企业数 ÷ 地区企业户数"),
    _c("base_all", "名册企业上年实缴金额", YUAN, "名册全部已决定企业的上年实缴失业保险费"),
    _c("region_contributions", "地区上年缴费收入", YUAN, "地区上年失业保险费收入"),
    _c("contribution_share", "名册缴费覆盖率", SHARE, "名册企业上年实缴金额 ÷ 地区上年缴费收入"),
)
_REGION_MONTH = (
    _c("month", "月份", DATE, "月份（该月第一天）"),
    _c("region", "地区代码", TEXT, "统筹地区代码"),
    _c("region_name", "地区名称", TEXT, "统筹地区名称"),
    _c("general", "一般返还", YUAN, "当月应付一般稳岗返还（= 中小微 + 大型）"),
    _c("general_sme", "一般返还·中小微企业", YUAN, "按中小微企业比例的一般返还"),
    _c("general_large", "一般返还·大型企业", YUAN, "按大型企业比例的一般返还"),
    _c("difficult", "困难企业返还增额", YUAN, "困难企业返还超出一般返还的部分"),
    _c("paid", "已决定发放", YUAN, "决定发放的金额（已发放 + 待发放）"),
    _c("firms_general", "一般返还企业户数", FIRMS, "按当月份额加权的企业数"),
    _c("workers_general", "一般返还职工人数", PERSONS, "按当月份额加权的参保职工数"),
    _c("firms_difficult", "困难企业户数", FIRMS, "按当月份额加权的困难企业数"),
    _c("workers_difficult", "困难企业职工人数", PERSONS, "按当月份额加权的困难企业职工数"),
)
_REJECTS = (
    _c("row", "行号", TEXT, "名册中的行号（表头为第 1 行）"),
    _c("uscc", "统一社会信用代码", TEXT, "企业统一社会信用代码"),
    _c("column", "列", TEXT, "名册中的列"),
    _c("field", "字段", TEXT, "字段英文名"),
    _c("value", "填报值", TEXT, "名册中填报的值"),
    _c("problem", "问题", TEXT, "为何不能采用"),
)
#: decisions.csv: the roster's own columns keep their indicator names (人社失业司便函〔2017〕12号
#: 附件1; tests check they agree with :mod:`fundsim.roster.columns`).
_DECISIONS = (
    _c("row", "行号", TEXT, "名册中的行号（表头为第 1 行）"),
    _c("uscc", "企业社会统一信用代码", TEXT, "统一社会信用代码（规范化）"),
    _c("firm_name", "企业名称", TEXT, "企业名称（名册有此列时）"),
    _c("region", "失业保险参保地", TEXT, "统筹地区代码"),
    _c("region_name", "地区名称", TEXT, "统筹地区名称"),
    _c("industry", "企业所属行业", TEXT, "名册填报的行业代码"),
    _c("industry_section", "行业门类", TEXT, "GB/T 4754-2011 门类"),
    _c("size_class", "企业规模", TEXT, "企业规模（填报或按标准划型）"),
    _c("size_classified", "按标准划型", FLAG, "企业规模由划型标准确定"),
    _c("ownership", "企业性质", TEXT, "登记注册类型代码"),
    _c("policy_type", "享受政策类型", TEXT, "政策类型代码"),
    _c("main_use", "补贴主要用途", TEXT, "补贴主要用途"),
    _c("employees", "涉及职工人数", PERSONS, "上年在职职工人数"),
    _c("insured", "年末参保人数", PERSONS, "上年末参保人数"),
    _c("layoffs", "裁员人数", PERSONS, "上年裁员人数"),
    _c("claimants", "领金人数", PERSONS, "上年领取失业保险金人数"),
    _c("layoff_rate", "裁员率", SHARE, "裁员率（按 layoff_basis 计）"),
    _c("layoff_basis", "裁员率口径", TEXT, "claimants（领金人数）或 layoffs（裁员人数）"),
    _c("layoff_threshold", "裁员率上限", SHARE, "适用的裁员率上限"),
    _c("small_firm", "小微企业口径", FLAG, "适用职工 30 人以下企业的裁员标准"),
    _c("paid_last_year", "上年实缴金额", YUAN, "上年实缴失业保险费"),
    _c("due_last_year", "上年应缴金额", YUAN, "上年应缴失业保险费"),
    _c("arrears", "欠费金额", YUAN, "应缴 − 实缴"),
    _c("eligible", "符合条件", FLAG, "通过排除条件、欠费和裁员率检验（未计地区门槛）"),
    _c("ratio", "返还比例", SHARE, "适用的返还比例"),
    _c("general_amount", "一般返还金额", YUAN, "返还比例 × 上年实缴金额"),
    _c("difficult", "暂时性生产经营困难企业", FLAG, "企业处于暂时性生产经营困难"),
    _c("difficult_amount", "困难企业返还金额", YUAN, "困难企业返还标准计算的金额"),
    _c("return_type", "返还类型", TEXT, "none、general 或 difficult"),
    _c("entitlement", "应返还金额", YUAN, "本年度应返还金额（已按地区门槛）"),
    _c("already_paid", "已发放金额", YUAN, "补贴年度内已发放金额"),
    _c("to_pay", "待发放金额", YUAN, "尚待发放金额"),
    _c("overpaid", "多发金额", YUAN, "已发放超过应返还的部分"),
    _c("government_review", "需政府审议", FLAG, "金额达到审议门槛"),
    _c("reason_code", "原因代码", TEXT, "决定的原因代码"),
    _c("reason_zh", "原因", TEXT, "原因（中文）"),
    _c("reason_en", "原因（英文）", TEXT, "原因（英文）"),
    _c("reason_flags", "原因标志", TEXT, "适用的全部原因代码（位标志）"),
    _c("amount_applied", "申报金额", YUAN, "企业申报金额（名册有此列时）"),
    _c("amount_approved", "审批金额", YUAN, "审批金额（名册有此列时）"),
    _c("use_last_year", "上年度补贴使用情况", TEXT, "照录名册：金额（元）或比例"),
    _c("use_this_year", "本年度补贴计划使用情况", TEXT, "照录名册：金额（元）或比例"),
)
ROSTER_FILES: dict[str, tuple[Column, ...]] = {
    "decisions.csv": _DECISIONS,
    "rejects.csv": _REJECTS,
    "by_region.csv": _BY_REGION,
    **{f"{name}.csv": _BY for name in ("by_industry", "by_ownership", "by_size",
                                       "by_policy_type", "by_amount", "by_use", "by_reason")},
    "region_month.csv": _REGION_MONTH,
}

#: Each file's table name in Chinese (the workbook's sheet names).
TITLES = {
    "summary.csv": "汇总", "annual.csv": "年度决算", "risk.csv": "风险", "sweep.csv": "参数扫描",
    "compare.csv": "情景比较", "by_region.csv": "按地区", "by_industry.csv": "按行业",
    "by_ownership.csv": "按企业性质", "by_size.csv": "按企业规模",
    "by_policy_type.csv": "按政策类型", "by_amount.csv": "按返还金额", "by_use.csv": "按补贴用途",
    "by_reason.csv": "按原因", "region_month.csv": "地区月度", "rejects.csv": "未采用行",
    "decisions.csv": "逐户决定", "watch.csv": "预警",
}
FILES = {**FUND_FILES, **ROSTER_FILES}
_SUFFIX = re.compile(r"_(?:" + "|".join(UNITS) + r")(?=_|$)")


def columns_of(file: str) -> tuple[Column, ...]:
    return FILES[file]


def find(file: str, key: str) -> tuple[Column, Unit | None] | None:
    """The column of ``file`` written under ``key`` and, for money, the unit its key names;
    a key not in :data:`FILES` under ``file`` (a swept parameter of sweep.csv) is None."""
    for column in FILES.get(file, ()):
        if not column.money:
            if column.key == key:
                return column, None
            continue
        for unit in UNITS.values():
            if column.key_in(unit) == key:
                return column, unit
    return None


def describe(file: str, key: str) -> Column:
    """The column written under ``key``; a swept parameter is :data:`SWEPT`; anything else a
    column named by its key alone (a test keeps every written column known)."""
    found = find(file, key)
    if found is not None:
        return found[0]
    if file == "sweep.csv" and "." in key:
        return Column(key, f"扫描参数 {key}", SWEPT.unit, SWEPT.meaning)
    return Column(key, key, "", "")


def in_unit(table: pd.DataFrame, file: str, unit: str | Unit | None) -> pd.DataFrame:
    """``table`` with every money column of a fund ``file`` converted to ``unit`` and its key
    suffix renamed to match; the same object when nothing changes."""
    target = parse_unit(unit)
    renames, values = {}, {}
    for key in table.columns:
        found = find(file, str(key))
        if found is None or found[1] is None or found[1] is target:
            continue
        column, source = found
        renames[key] = column.key_in(target)
        values[key] = table[key].to_numpy(float) * (source.yuan / target.yuan)
    if not renames:
        return table
    out = table.copy()
    for key, data in values.items():
        out[key] = data
    return out.rename(columns=renames)


def money_keys(file: str, table: pd.DataFrame) -> list[str]:
    """The keys of ``table`` that hold money (in a fund table's unit, or a roster's yuan)."""
    keys = []
    for key in table.columns:
        found = find(file, str(key))
        if found is not None and (found[0].money or found[0].unit == YUAN):
            keys.append(str(key))
    return keys


def unit_of(file: str, key: str) -> str:
    """The unit label of a written column (万元 for ``returns_paid_wan``)."""
    found = find(file, key)
    if found is None:
        return describe(file, key).unit
    column, unit = found
    return unit.zh if unit is not None else column.unit


def base_key(key: str) -> str:
    """A key without its unit suffix (``returns_paid_wan_diff`` → ``returns_paid_diff``)."""
    return _SUFFIX.sub("", key)


def dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """columns.csv: one row per column of each written table, in file and column order."""
    rows = []
    for file, table in tables.items():
        for key in table.columns:
            column = describe(file, str(key))
            rows.append({"file": file, "column": str(key), "name_zh": column.zh,
                         "unit": unit_of(file, str(key)), "meaning": column.meaning})
    return pd.DataFrame(rows, columns=["file", "column", "name_zh", "unit", "meaning"])


def round_money(table: pd.DataFrame, file: str, decimals: int) -> pd.DataFrame:
    """``table`` with its money columns rounded to ``decimals`` (a copy when any)."""
    keys = [k for k in money_keys(file, table)
            if pd.api.types.is_float_dtype(table[k].dtype)]
    if not keys:
        return table
    out = table.copy()
    for key in keys:
        out[key] = np.round(out[key].to_numpy(float), decimals) + 0.0  # no "-0.0"
    return out
