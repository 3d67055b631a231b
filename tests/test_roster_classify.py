"""Industries (GB/T 4754-2011) and size classes by 工信部联企业〔2011〕300号."""

from __future__ import annotations

import numpy as np
import pytest

from fundsim.roster.classify import (
    SECTIONS,
    classify,
    load_size_table,
    parse_industry,
)

TABLE = load_size_table()
LARGE, MEDIUM, SMALL, MICRO, UNDETERMINED = 0, 1, 2, 3, -1
NAN = np.nan


def size(industry: str, employees: float, revenue_wan: float = NAN, assets_wan: float = NAN
         ) -> int:
    group = parse_industry(industry, TABLE).group
    level, _ = classify(np.array([group]), np.array([employees]),
                        np.array([revenue_wan * 1e4]), np.array([assets_wan * 1e4]), TABLE)
    return int(level[0])


def test_the_table_names_its_source():
    assert "工信部联企业〔2011〕300号" in TABLE.reference
    assert len(TABLE.codes) == 16


@pytest.mark.parametrize("industry, employees, revenue, assets, expected", [
    # 工业: large from 1,000 staff and 40,000万; medium from 300 and 2,000万; small 20 and 300万
    ("C13", 1000, 40000, NAN, LARGE),
    ("C13", 1000, 39999, NAN, MEDIUM),     # both bounds must be met, else one class down
    ("C13", 300, 2000, NAN, MEDIUM),
    ("C13", 300, 1999, NAN, SMALL),
    ("C13", 20, 300, NAN, SMALL),
    ("C13", 19, 10000, NAN, MICRO),        # micro needs only one figure under the bound
    # 零售业: medium from 50 staff and 500万
    ("F52", 60, 400, NAN, SMALL),
    ("F52", 9, 5000, NAN, MICRO),
    # 批发业: large from 200 staff and 40,000万
    ("F51", 250, 50000, NAN, LARGE),
    # 建筑业 counts revenue and assets, not staff
    ("E47", 5, 6000, 5000, MEDIUM),
    ("E47", 5000, 6000, 4999, SMALL),
    # 软件和信息技术服务业: small from 10 staff and 50万 ("及以上": the bound itself counts)
    ("I65", 10, 50, NAN, SMALL),
    # 房地产开发经营 (K701) by revenue and assets; 物业管理 (K702) by staff and revenue
    ("K701", 3, 1000, 5000, MEDIUM),
    ("K702", 300, 1000, NAN, MEDIUM),
    # 租赁和商务服务业 by staff and assets
    ("L72", 100, NAN, 8000, MEDIUM),
    # 农、林、牧、渔业 by revenue alone
    ("A01", 2, 500, NAN, MEDIUM),
    # 其他未列明行业 by staff alone
    ("M74", 300, NAN, NAN, LARGE),
    ("M74", 99, NAN, NAN, SMALL),
])
def test_a_firm_is_in_the_highest_class_whose_every_bound_it_meets(industry, employees, revenue,
                                                                    assets, expected):
    assert size(industry, employees, revenue, assets) == expected


def test_a_missing_figure_leaves_the_class_open_unless_others_settle_it():
    assert size("C13", 25) == UNDETERMINED   # ≥ 20 staff: revenue decides small or micro
    assert size("C13", 10) == MICRO          # < 20 staff: micro whatever the revenue
    group = parse_industry("C13", TABLE).group
    _, missing = classify(np.array([group]), np.array([25.0]), np.array([NAN]),
                          np.array([NAN]), TABLE)
    assert missing[0] == 1  # revenue


@pytest.mark.parametrize("value, section, group", [
    ("C13", "C", "industry"), ("13", "C", "industry"), ("c", "C", "industry"),
    ("1310", "C", "industry"), ("5", "A", "agriculture"), ("13.0", "C", "industry"),
    ("F51", "F", "wholesale"), ("批发业", "F", "wholesale"), ("建筑业", "E", "construction"),
    ("K701", "K", "real_estate_development"), ("702", "K", "property_management"),
    ("G53", "G", "other"), ("G54", "G", "transport"), ("制造业", "C", "industry"),
    ("K70", "K", None), ("F", "F", None), ("J66", "J", None), ("S95", "S", None),
])
def test_industry_codes_and_names_resolve_to_a_section_and_a_size_group(value, section, group):
    parsed = parse_industry(value, TABLE)
    assert parsed.problem == ""
    assert SECTIONS[parsed.section][0] == section
    assert (TABLE.codes[parsed.group] if parsed.group >= 0 else None) == group


@pytest.mark.parametrize("value, words", [
    ("C51", "division 51 is in section F, not C"), ("99", "no GB/T 4754-2011 division 99"),
    ("Z99", "not a GB/T 4754-2011 industry code"), ("", "required value is missing"),
])
def test_an_unreadable_industry_says_why(value, words):
    assert words in parse_industry(value, TABLE).problem
