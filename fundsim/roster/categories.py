"""The fixed lists a roster's category columns take their values from.

Each list maps a code (what outputs use) to its Chinese and English names; a roster may give
the code, the Chinese name or the English name. Values are matched after NFKC normalisation
(full-width digits and brackets become half-width) with spaces removed, case ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fundsim.roster.columns import normalise


@dataclass(frozen=True)
class Category:
    """One value of a category list."""

    code: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()


# 企业登记注册类型 (国统字〔2011〕86号《关于划分企业登记注册类型的规定》), seed 003 indicator 4.
OWNERSHIP: tuple[Category, ...] = (
    Category("110", "国有企业", "state-owned enterprise"),
    Category("120", "集体企业", "collective enterprise"),
    Category("130", "股份合作企业", "joint-stock cooperative"),
    Category("140", "联营企业", "joint operation"),
    Category("141", "国有联营企业", "state joint operation"),
    Category("142", "集体联营企业", "collective joint operation"),
    Category("143", "国有与集体联营企业", "state-collective joint operation"),
    Category("149", "其他联营企业", "other joint operation"),
    Category("150", "有限责任公司", "limited liability company"),
    Category("151", "国有独资公司", "wholly state-owned company"),
    Category("159", "其他有限责任公司", "other limited liability company"),
    Category("160", "股份有限公司", "company limited by shares"),
    Category("170", "私营企业", "private enterprise"),
    Category("171", "私营独资企业", "private sole proprietorship"),
    Category("172", "私营合伙企业", "private partnership"),
    Category("173", "私营有限责任公司", "private limited liability company"),
    Category("174", "私营股份有限公司", "private company limited by shares"),
    Category("190", "其他企业", "other enterprise"),
    Category("210", "合资经营企业（港或澳、台资）", "equity joint venture with Hong Kong, Macao "
             "or Taiwan investors"),
    Category("220", "合作经营企业（港或澳、台资）", "contractual joint venture with Hong Kong, "
             "Macao or Taiwan investors"),
    Category("230", "港、澳、台商独资经营企业", "wholly Hong Kong, Macao or Taiwan owned"),
    Category("240", "港、澳、台商投资股份有限公司", "Hong Kong, Macao or Taiwan invested company "
             "limited by shares"),
    Category("290", "其他港、澳、台商投资企业", "other Hong Kong, Macao or Taiwan invested"),
    Category("310", "中外合资经营企业", "Sino-foreign equity joint venture"),
    Category("320", "中外合作经营企业", "Sino-foreign contractual joint venture"),
    Category("330", "外资企业", "wholly foreign-owned enterprise"),
    Category("340", "外商投资股份有限公司", "foreign-invested company limited by shares"),
    Category("390", "其他外商投资企业", "other foreign-invested enterprise"),
)

# 享受政策类型, seed 003 indicator 6.
POLICY_TYPE: tuple[Category, ...] = (
    Category("1", "实施兼并重组企业", "merger or restructuring", ("(一)", "兼并重组")),
    Category("2", "化解产能严重过剩企业", "severe overcapacity", ("(二)", "化解产能严重过剩")),
    Category("3", "淘汰落后产能企业", "obsolete capacity", ("(三)", "淘汰落后产能")),
    Category("4", "经国务院批准的其他行业、企业", "approved by the State Council",
             ("(四)", "经国务院批准")),
    Category("5", "其他", "other", ("(五)",)),
)

# 企业规模, seed 003 indicator 8 (工信部联企业〔2011〕300号), and the units seed 004 一 names:
# 社会团体 are returned at the large-firm ratio; foundations, social-service bodies, law and
# accounting firms and individual businesses insured as units (其他参照单位) at the SME ratio.
SIZE_CLASS: tuple[Category, ...] = (
    Category("large", "大型", "large", ("大型企业", "大")),
    Category("medium", "中型", "medium", ("中型企业", "中")),
    Category("small", "小型", "small", ("小型企业", "小")),
    Category("micro", "微型", "micro", ("微型企业", "微")),
    Category("social_org", "社会团体", "social organisation", ("社团",)),
    Category("other_unit", "其他参照单位", "other unit at the SME ratio",
             ("基金会", "社会服务机构", "律师事务所", "会计师事务所", "个体经济组织")),
)
LARGE_RATIO = ("large", "social_org")  # seed 004 一: 大型企业、社会团体 按30%

# 补贴主要用途 (extra column): the uses seed 004 五(四) names.
MAIN_USE: tuple[Category, ...] = (
    Category("living", "生活补助", "living allowance", ("生活补助支出",)),
    Category("social_insurance", "缴纳社会保险费", "social-insurance contributions",
             ("社会保险费", "职工缴纳社会保险费")),
    Category("transfer_training", "转岗培训", "job-transfer training"),
    Category("skills_training", "技能提升培训", "skills training"),
    Category("other", "其他", "other"),
)

CATEGORIES: dict[str, tuple[Category, ...]] = {
    "ownership": OWNERSHIP,
    "policy_type": POLICY_TYPE,
    "size_class": SIZE_CLASS,
    "main_use": MAIN_USE,
}

TRUE_WORDS = ("是", "有", "y", "yes", "true", "t", "1", "1.0", "√", "✓")
FALSE_WORDS = ("否", "无", "n", "no", "false", "f", "0", "0.0", "×", "")


def lookup(categories: tuple[Category, ...]) -> dict[str, int]:
    """Normalised code, Chinese name, English name and aliases → position in the list."""
    table: dict[str, int] = {}
    for i, cat in enumerate(categories):
        for label in (cat.code, cat.zh, cat.en, *cat.aliases):
            table[normalise(label)] = i
    return table


def decode(values: list[str | None], table: dict[str, int]) -> np.ndarray:
    """Positions of distinct raw ``values`` in a list: -1 for a blank, -2 for unknown."""
    out = np.full(len(values), -2, dtype=np.int16)
    for i, raw in enumerate(values):
        key = "" if raw is None else normalise(raw)
        if key.endswith(".0") and key[:-2].isdigit():  # a code read as a number (173.0)
            key = key[:-2]
        out[i] = -1 if key == "" else table.get(key, -2)
    return out


def names(categories: tuple[Category, ...], language: str) -> list[str]:
    """Codes (``code``), Chinese (``zh``) or English (``en``) names, in list order."""
    return [getattr(c, language) for c in categories]
