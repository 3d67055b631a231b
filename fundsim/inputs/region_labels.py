"""The region data's columns as a planner reads them: Chinese name, unit, where the figure comes
from. The English key, the range and the English meaning are :class:`RegionRow`'s
(:mod:`fundsim.inputs.regions`); a header in Chinese (with or without its unit) or in English
names the same column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """One column: Chinese name, unit (Chinese, English), where the figure usually comes from
    and its meaning in Chinese (the English meaning is the field's description)."""

    zh: str
    unit_zh: str
    unit_en: str
    source: str
    meaning: str = ""


_MONEY = ("元", "yuan")
_SHARE = ("比例", "fraction 0–1")
_PEOPLE = ("人", "persons")

LABELS: dict[str, Label] = {
    "code": Label("地区代码", "6位代码", "6-digit code",
                  "民政部行政区划代码 / the MCA administrative division code",
        meaning="行政区划代码,每个统筹地区一行,不可重复"),
    "name": Label("地区名称", "文本", "text", "统筹地区名称 / the pooling region's name",
        meaning="统筹地区中文名称,如 呼和浩特市"),
    "insured": Label("参保人数", *_PEOPLE,
                     "经办机构参保统计(年末) / the agency's insured count, year end",
        meaning="失业保险参保人数"),
    "wage": Label("月平均缴费工资", "元/月", "yuan a month",
                  "缴费工资总额 ÷ 参保人数 ÷ 12 / contribution wage bill ÷ insured ÷ 12",
        meaning="参保职工月平均缴费工资"),
    "opening_balance": Label("期初滚存结余", *_MONEY,
                             "基金决算 年末滚存结余 / fund accounts, balance at year end",
        meaning="模拟首月之前的失业保险基金滚存结余"),
    "last_year_expenditure": Label(
        "上年基金支出(不含上解)", *_MONEY,
        "基金决算 本年支出合计 减 上解上级支出 / fund accounts: spending less remittance",
        meaning="上年基金支出(不含上解调剂金),用于首年备付月数"),
    "last_year_benefits": Label("上年失业保险金支出", *_MONEY,
                                "基金决算 失业保险金 / fund accounts: benefits paid",
        meaning="上年支付的失业保险金"),
    "last_year_contributions": Label(
        "上年实缴保费收入", *_MONEY,
        "基金决算 失业保险费收入(单位+个人) / fund accounts: contributions received",
        meaning="上年单位和个人实缴失业保险费,用于首年返还基数和上解"),
    "benefit_recipients": Label("期初领取失业保险金人数", *_PEOPLE,
                                "经办机构月报 / the agency's monthly report",
        meaning="模拟开始时领取失业保险金人数"),
    "monthly_benefit": Label("失业保险金月人均标准", "元/人·月", "yuan per person a month",
                             "本地失业保险金标准文件 / the local benefit notice",
        meaning="每人每月失业保险金(法规按最低工资计发时仅用于上年支出)"),
    "remittance_rate": Label("调剂金上解比例(可空)", *_SHARE,
                             "省级调剂金办法;空=按法规(policy.pool.remittance_rate) / the "
                             "provincial pool's rules; blank: the law's rate",
        meaning="可空:本地区上解省级调剂金 ÷ 上年实缴保费,覆盖法规规定的比例"),
    "sme_share": Label("中小微企业缴费占比", *_SHARE,
                       "经办征缴数据按企业规模汇总 / contributions by firm size (MIIT classes)",
        meaning="中小微企业缴费占全部缴费的比例"),
    "large_share": Label("大型企业(含社会组织)缴费占比", *_SHARE,
                         "同上;与中小微占比之和为1 / as above; sums to 1 with the SME share",
        meaning="大型企业及社会组织缴费占比,与中小微占比之和为1"),
    "eligible_share_sme": Label(
        "中小微企业符合条件缴费占比", *_SHARE,
        "剔除僵尸、严重失信、环保产业政策限制、欠费企业后 / after excluded and in-arrears firms",
        meaning="中小微企业缴费中,未被排除(僵尸、严重失信、环保产业政策)且无欠费企业的比例"),
    "eligible_share_large": Label("大型企业符合条件缴费占比", *_SHARE,
                                  "同上,大型企业 / the same, large firms",
        meaning="大型企业缴费中符合条件企业的比例"),
    "zero_layoff_share": Label("不裁员企业缴费占比", *_SHARE,
                               "上年参保人数未减少企业的缴费 / firms whose insured did not fall",
        meaning="不裁员企业缴费占全部缴费的比例"),
    "layoff_rate": Label("裁员企业平均裁员率", *_SHARE,
                         "经办参保增减数据 / the agency's insured changes",
        meaning="有裁员企业的平均裁员率"),
    "small30_share": Label("30人以下企业缴费占中小微比例", *_SHARE,
                           "参保≤30人企业缴费 ÷ 中小微企业缴费 / firms with ≤ 30 insured",
        meaning="参保30人(含)以下企业缴费占中小微企业缴费的比例(适用20%裁员率标准)"),
    "firms": Label("参保企业数", "户", "firms", "经办参保单位统计 / insured employers",
        meaning="参保企业户数"),
    "sme_firm_share": Label("中小微企业户数占比", *_SHARE,
                            "经办参保单位按规模 / insured employers by size",
        meaning="中小微企业户数占参保企业的比例"),
    "difficult_share": Label("困难企业参保职工占比", *_SHARE,
                             "以往困难企业稳岗返还申领 / past difficult-firm applications",
        meaning="每年申请困难企业稳岗返还的暂时困难企业参保职工占比"),
    "trainee_intake": Label("以工代训月新增人数", "人/月", "persons a month",
                            "以工代训申领台账 / 以工代训 claims",
        meaning="受理期间每月新增以工代训人数"),
    "special_difficulty": Label("特殊困难地区", "0/1", "0 or 1",
                                "省级调剂金办法认定 / named by the provincial pool's rules",
        meaning="特殊困难地区填1(调剂金拨付上限更高),否则填0"),
    "skills_opening_balance": Label("职业技能提升专账期初余额", *_MONEY,
                                    "专账台账 / the skills special account",
        meaning="职业技能提升行动专账期初余额"),
    "cap_multiple": Label("调剂金拨付上限倍数(可空)", "倍", "multiple",
                          "可空:空=按法规 / blank: the law's multiple",
        meaning="可空:本地区调剂金拨付上限倍数,覆盖法规规定"),
    "adjustment_share": Label("去产能行业企业缴费占比(可空)", *_SHARE,
                              "钢铁、煤炭、煤电企业缴费 ÷ 全部缴费;空=0 / blank = 0",
        meaning="可空(空=0):去产能任务重行业(钢铁、煤炭、煤电)企业缴费占比"),
    "social_org_share": Label("社会组织缴费占比(可空)", *_SHARE,
                              "社会团体、基金会等单位缴费 ÷ 全部缴费;空=0 / blank = 0",
        meaning="可空(空=0):社会组织缴费占比,已计入大型企业占比"),
    "wage_class": Label("最低工资类区(可空)", "类", "class 0–4",
                        "省政府最低工资标准通知 / the province's minimum-wage notice; blank = 0",
        meaning="可空(空=0):主城区最低工资类区(1–4),法规按最低工资计发失业保险金时必填"),
}

#: Money units a header may name that are not yuan: refused, never silently scaled.
OTHER_MONEY = ("万元", "亿元", "千元", "百元")


def header_zh(key: str) -> str:
    """The Chinese header of a column with its unit, e.g. ``参保人数(人)``."""
    label = LABELS[key]
    return f"{label.zh}({label.unit_zh})"
