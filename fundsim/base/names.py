"""Place names in pinyin: the English report and the roster's ``name_en`` write a region's name
as 'Huhehaote Shi' beside 呼和浩特市, from the name alone (pypinyin), so a province of one's own
needs no extra column."""

from __future__ import annotations

import functools
import re

_HAS_CJK = re.compile("[\u3400-\u9fff]")
#: Administrative suffixes kept apart from a place's name in its pinyin ('Huhehaote Shi').
SUFFIXES = ("自治州", "自治县", "自治旗", "地区", "新区", "市", "盟", "旗", "县", "区", "州")


@functools.cache
def pinyin(name: str) -> str:
    """A Chinese place name in pinyin without tones, the suffix apart: 呼和浩特市 → 'Huhehaote
    Shi', 包头市 → 'Baotou Shi'; a name holding no Chinese as it is."""
    if not _HAS_CJK.search(name):
        return name
    from pypinyin import lazy_pinyin

    suffix = next((s for s in SUFFIXES if name.endswith(s) and len(name) > len(s) + 1), "")
    base = name[:len(name) - len(suffix)] if suffix else name
    words = ["".join(lazy_pinyin(base)).capitalize()]
    if suffix:
        words.append("".join(lazy_pinyin(suffix)).capitalize())
    return " ".join(words)
