"""Industries (GB/T 4754-2011) and size classes by industry (工信部联企业〔2011〕300号).

Industry codes are parsed once per distinct value (a roster has a few hundred), then spread to
the firms by index. Size classes are decided for all firms at once from the threshold table
``size_classes.yaml``: a firm is in the highest class whose every bound it meets, else micro.
Where a bound needs a figure the roster leaves blank and the other figures do not already
settle the class, the class is undetermined and the row is rejected with the reason.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from fundsim.roster.columns import normalise

# GB/T 4754-2011 sections (门类): letter, Chinese and English name, first and last division.
SECTIONS: tuple[tuple[str, str, str, int, int], ...] = (
    ("A", "农、林、牧、渔业", "agriculture, forestry, animal husbandry, fishery", 1, 5),
    ("B", "采矿业", "mining", 6, 12),
    ("C", "制造业", "manufacturing", 13, 43),
    ("D", "电力、热力、燃气及水生产和供应业", "electricity, heat, gas and water", 44, 46),
    ("E", "建筑业", "construction", 47, 50),
    ("F", "批发和零售业", "wholesale and retail", 51, 52),
    ("G", "交通运输、仓储和邮政业", "transport, storage and post", 53, 60),
    ("H", "住宿和餐饮业", "accommodation and catering", 61, 62),
    ("I", "信息传输、软件和信息技术服务业", "information transmission, software and IT", 63, 65),
    ("J", "金融业", "finance", 66, 69),
    ("K", "房地产业", "real estate", 70, 70),
    ("L", "租赁和商务服务业", "leasing and business services", 71, 72),
    ("M", "科学研究和技术服务业", "scientific research and technical services", 73, 75),
    ("N", "水利、环境和公共设施管理业", "water, environment and public facilities", 76, 78),
    ("O", "居民服务、修理和其他服务业", "resident services, repair and other services", 79, 81),
    ("P", "教育", "education", 82, 82),
    ("Q", "卫生和社会工作", "health and social work", 83, 84),
    ("R", "文化、体育和娱乐业", "culture, sports and entertainment", 85, 89),
    ("S", "公共管理、社会保障和社会组织", "public administration and social organisations", 90, 95),
    ("T", "国际组织", "international organisations", 96, 96),
)
SECTION_LETTERS = [s[0] for s in SECTIONS]
SIZE_LEVELS = ("large", "medium", "small")  # then micro
METRICS = ("employees", "revenue", "assets")
METRIC_ZH = {"employees": "涉及职工人数", "revenue": "上年营业收入", "assets": "资产总额"}
YUAN_PER_WAN = 10_000.0


@dataclass(frozen=True)
class SizeTable:
    """The threshold table: groups, their industries, and bounds (group × level × metric)."""

    codes: tuple[str, ...]
    zh: tuple[str, ...]
    en: tuple[str, ...]
    industries: dict[str, int]    # industry key (section letter, division, group) → group
    bounds: np.ndarray            # (groups, 3 levels, 3 metrics): yuan or persons; NaN unused
    reference: str
    valid_from: str


def _default_path() -> Path:
    return Path(str(resources.files("fundsim.roster") / "size_classes.yaml"))


@functools.cache
def load_size_table(path: Path | None = None) -> SizeTable:
    """Read the threshold table (the shipped ``size_classes.yaml`` by default)."""
    raw = yaml.safe_load((path or _default_path()).read_text(encoding="utf-8"))
    groups = raw["groups"]
    bounds = np.full((len(groups), len(SIZE_LEVELS), len(METRICS)), np.nan)
    industries: dict[str, int] = {}
    for g, group in enumerate(groups):
        for key in group["industries"]:
            industries[str(key).upper()] = g
        for lv, level in enumerate(SIZE_LEVELS):
            for metric, value in group[level].items():
                scale = 1.0 if metric == "employees" else YUAN_PER_WAN
                bounds[g, lv, METRICS.index(metric)] = float(value) * scale
    return SizeTable(
        codes=tuple(g["code"] for g in groups), zh=tuple(g["zh"] for g in groups),
        en=tuple(g["en"] for g in groups), industries=industries, bounds=bounds,
        reference=" ".join(str(raw["reference"]).split()), valid_from=str(raw["valid_from"]),
    )


@dataclass(frozen=True)
class Industry:
    """One distinct industry value, parsed."""

    section: int         # index into SECTIONS, -1 when unreadable
    group: int           # size group of the threshold table, -1 when not covered
    problem: str         # '' when readable


_CODE = re.compile(r"^([a-t])?(\d{2,4})?$")


def _section_of(division: int) -> int:
    for i, (_, _, _, first, last) in enumerate(SECTIONS):
        if first <= division <= last:
            return i
    return -1


def parse_industry(raw: str | None, table: SizeTable) -> Industry:
    """Section and size group of one industry value: a code (C, C13, 13, K701) or a name."""
    text = normalise(raw or "")
    if not text:
        return Industry(-1, -1, "required value is missing")
    for i, (_, zh, _, _, _) in enumerate(SECTIONS):
        if text == normalise(zh):
            return Industry(i, table.industries.get(SECTIONS[i][0], -1), "")
    for g, zh in enumerate(table.zh):
        if text == normalise(zh):
            key = next(k for k, v in table.industries.items() if v == g)
            section = SECTION_LETTERS.index(key) if key.isalpha() else _section_of(int(key[:2]))
            return Industry(section, g, "")
    if text.endswith(".0"):  # a division read from a spreadsheet as a number (13.0)
        text = text[:-2]
    if text.isdigit() and len(text) == 1:  # 01–09 with the leading zero lost
        text = "0" + text
    match = _CODE.match(text)
    if not match or not any(match.groups()):
        return Industry(-1, -1, f"not a GB/T 4754-2011 industry code or section name: {raw!r}")
    letter, digits = match.groups()
    if digits is None:
        section = SECTION_LETTERS.index(letter.upper())
        return Industry(section, table.industries.get(letter.upper(), -1), "")
    section = _section_of(int(digits[:2]))
    if section < 0:
        return Industry(-1, -1, f"no GB/T 4754-2011 division {digits[:2]} (divisions are 01–96)")
    if letter and letter.upper() != SECTION_LETTERS[section]:
        return Industry(-1, -1, f"division {digits[:2]} is in section {SECTION_LETTERS[section]}, "
                                f"not {letter.upper()}")
    keys = ([digits[:3]] if len(digits) >= 3 else []) + [digits[:2], SECTION_LETTERS[section]]
    group = next((table.industries[k] for k in keys if k in table.industries), -1)
    return Industry(section, group, "")


def classify(group: np.ndarray, employees: np.ndarray, revenue: np.ndarray,
             assets: np.ndarray, table: SizeTable) -> tuple[np.ndarray, np.ndarray]:
    """Size level of every firm: 0 large, 1 medium, 2 small, 3 micro, -1 undetermined.

    ``group`` is the size group (-1: not covered, always undetermined). The second array names
    the first missing metric that left a firm undetermined (index into METRICS, -1 if none).
    """
    n = len(group)
    covered = group >= 0
    safe = np.where(covered, group, 0)
    figures = (employees, revenue, assets)
    level = np.full(n, -1, dtype=np.int8)
    missing = np.full(n, -1, dtype=np.int8)
    pending = covered.copy()
    for lv in range(len(SIZE_LEVELS)):  # over the 3 levels and 3 metrics, never over firms
        fails = np.zeros(n, dtype=bool)
        unknown = np.full(n, -1, dtype=np.int8)
        for m, figure in enumerate(figures):
            bound = table.bounds[:, lv, m][safe]
            used = ~np.isnan(bound)
            known = ~np.isnan(figure)
            fails |= used & known & (figure < bound)
            unknown[(unknown < 0) & used & ~known] = m
        open_ = (unknown >= 0) & ~fails
        level[pending & ~fails & ~open_] = lv
        stuck = pending & open_
        missing[stuck] = unknown[stuck]
        pending &= fails
    level[pending] = len(SIZE_LEVELS)  # micro
    return level, missing
