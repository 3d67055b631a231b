"""What a report says in its reader's language beyond the message catalogue: a parameter's
description, a value's source, the assumptions by name with their units, region names.

The law's sources (``metadata.reference`` of each parameter file) are notes written for the
record: the notice's number, title and clause, the clause's wording in Chinese, and fundsim's
notes in English on where the text was found and what it states itself. A report shows the
part a reader needs in the reader's language (:func:`source_text`): the layer of law, the
notice and clause (Chinese in both reports: they are citations), the clause's wording in the
Chinese report, and whether fundsim states the value itself. The whole note stays in the law's
files (``fundsim params``).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from typing import Any

from fundsim.base.names import pinyin
from fundsim.present import numbers as num
from fundsim.present.messages import MESSAGES

_CJK = "\u3400-\u9fff"
_HAS_CJK = re.compile(f"[{_CJK}]")
#: An English word: a run of letters holding a lower-case one ("CPI" is not one).
_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")
#: A bracketed aside holding English (where a text was found, what was not found).
_ENGLISH_ASIDE = re.compile(r"\s*[（(][^()（）]*[a-z][^()（）]*[)）]")
_CJK_ASIDE = re.compile(f"\\s*[（(][^()（）]*[{_CJK}][^()（）]*[)）]")
#: A notice by number or title, then perhaps its clause (第十七条, 二(一), 一、3).
_NOTICE = re.compile(
    f"(?:[{_CJK}]*〔\\d{{4}}〕\\d+号(?:《[^》]+》)?|《[^》]+》(?:\\([^()]*号[^()]*\\))?)"
    r"(?:\s*(?:第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+(?:\([一二三四五六七八九十]+\))?)"
    r"(?:、[一二三四五六七八九十\d]+(?:\([一二三四五六七八九十]+\))?)*)?")
_STATED = re.compile(r"\bstated\b", re.IGNORECASE)
_REFORM = re.compile(r"^reform in (?P<file>.+?)(?: \(line (?P<line>\d+)\))?$")
_LAYER = re.compile(r"^\[(?P<layer>[^\]]+)\] ")
#: Chinese names of programmes an English description keeps, in English.
ENGLISH_TERMS = {"以工代训": "training in lieu of work",
                 "临时生活补助": "temporary living allowance", "失业补助金": "unemployment subsidy"}


def _top_level_split(text: str, separator: str) -> tuple[str, str] | None:
    """``text`` cut at the first ``separator`` outside brackets, or None."""
    depth = 0
    for i, char in enumerate(text):
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(separator, i):
            return text[:i], text[i + len(separator):]
    return None


def _tidy(text: str) -> str:
    """``text`` in one line, cut before a bracket left open, without trailing punctuation."""
    depth, cut = 0, None
    for i, char in enumerate(text):
        if char in "(（":
            depth, cut = depth + 1, i if depth == 0 else cut
        elif char in ")）" and depth:
            depth -= 1
    if depth and cut is not None:
        text = text[:cut]
    return re.sub(r"\s+", " ", text).strip(" ;；:：,，.。(（—'")


def _leading_chinese(text: str) -> str:
    """The start of ``text`` up to its first English word, when it holds Chinese."""
    found = _WORD.search(text)
    head = _tidy(text[:found.start()] if found else text)
    return head if _HAS_CJK.search(head) else ""


def _notice(text: str) -> str:
    """The first notice (number or title, with its clause) named anywhere in ``text``."""
    found = _NOTICE.search(text)
    return _tidy(found[0]) if found else ""


def split_reference(reference: str) -> tuple[str, str, bool]:
    """A law value's source note as (citation, the clause's wording, whether fundsim states
    the value itself): '《失业保险条例》(国务院令第258号, 1999-01-22) 第十七条 — 累计缴费…'
    gives the title and clause, then the quoted wording up to the first English note."""
    stated = bool(_STATED.search(reference))
    parts = _top_level_split(reference, " — ")
    if parts is None:
        return _leading_chinese(reference) or _notice(reference), "", stated
    head, tail = parts
    citation = _tidy(_ENGLISH_ASIDE.sub("", head))
    if _WORD.search(citation) or not _HAS_CJK.search(citation):
        citation = _notice(head) or _leading_chinese(head)
    return citation, _leading_chinese(tail), stated


def layer_name(layer: str, t: Callable[..., str]) -> str:
    """A law layer's name in the reader's language ('national' → 国家); a user's own layer
    by the name it was given."""
    key = f"layer.{layer}"
    return t(key) if key in MESSAGES else layer


def source_html(source: str, origin: str, lang: str, t: Callable[..., str]) -> str:
    """A value's source as a report cell says it in ``lang`` (``origin`` as
    :data:`fundsim.law.in_force.ORIGIN_KINDS`), as HTML: the notice and clause in a ``cite``
    element."""
    if origin == "reform":
        found = _REFORM.match(source)
        if found is None:
            return esc(source)
        if found["line"]:
            return esc(t("source.reform", file=found["file"], line=found["line"]))
        return esc(t("source.reform_file", file=found["file"]))
    if origin != "law":
        return esc(source)
    layer = _LAYER.match(source)
    text = source[layer.end():] if layer else source
    out = esc(t("source.layer", layer=layer_name(layer["layer"], t))) if layer else ""
    citation, quote, stated = split_reference(text)
    if citation:
        out += f'<cite lang="zh-CN">{esc(citation)}</cite>'
    if quote and lang == "zh" and quote != citation:
        out += esc(t("source.quote", quote=quote) if citation else quote)
    if not citation and not (quote and lang == "zh"):
        out += esc(t("source.notes_only"))
    elif stated:
        out += esc(t("source.stated"))
    return out


_NOTICE_NAME = re.compile(f"《[^》]+》|[{_CJK}]*〔\\d{{4}}〕\\d+号")


def cited_html(text: str) -> str:
    """``text`` as HTML, each notice it names (a number such as 人社部发〔2022〕23号, a title in
    《》) in a ``cite`` element."""
    out, last = [], 0
    for found in _NOTICE_NAME.finditer(text):
        out += [esc(text[last:found.start()]), f'<cite lang="zh-CN">{esc(found[0])}</cite>']
        last = found.end()
    return "".join(out) + esc(text[last:])


def esc(value: object) -> str:
    """Text made safe for HTML."""
    return html.escape(str(value), quote=True)


def english_description(description: str) -> str:
    """A law description for an English reader: Chinese asides dropped, programme names in
    English."""
    text, before = description, ""
    while text != before:  # nested asides, innermost first: (30人(含)以下…)
        text, before = _CJK_ASIDE.sub("", text), text
    for chinese, english in ENGLISH_TERMS.items():
        text = text.replace(chinese, english)
    return text.strip()


def description(param: Any, lang: str) -> str:
    """A parameter's meaning in ``lang``: its ``description_zh`` (from the run record, else
    current law's file) in Chinese, the English description without Chinese asides in
    English."""
    if lang == "zh":
        own = getattr(param, "description_zh", "")
        if own:
            return own
        law = _law_descriptions().get(getattr(param, "key", ""))
        if law:
            return law
    return english_description(str(getattr(param, "description", "")))


@functools.cache
def _law_descriptions() -> dict[str, str]:
    """Current law's Chinese descriptions by key (a run record keeps the English one only)."""
    from fundsim.law.parameter import load_law

    return {key: p.description_zh for key, p in load_law().items() if p.description_zh}


def law_description_zh(key: str) -> str:
    """Current law's Chinese description of ``key`` ('' when it has none)."""
    return _law_descriptions().get(key, "")


# ------------------------------------------------------------------------------ assumptions

#: How each assumption's value reads: share (a percentage), rate a year, yuan a year, a count
#: per new claim, a multiplier, months, a list of shares, a distribution's name.
ASSUMPTION_KINDS = {
    "collection_rate": "share", "takeup": "share", "wage_growth": "rate",
    "insured_growth": "rate", "benefit_indexing": "share", "interest_rate": "rate",
    "pool_interest_rate": "rate", "social_insurance_rate": "share", "medical_share": "share",
    "mortality_rate": "share", "subsidy_extra_share": "per_claim",
    "allowance_share": "per_claim", "lump_sum_share": "per_claim", "cpi": "share",
    "food_cpi": "share", "skills_subsidy_per_insured_year": "yuan_year",
    "training_subsidy_per_insured_year": "yuan_year",
    "other_spending_per_insured_year": "yuan_year", "payment_profile": "shares",
    "payment_lag": "shares", "claimants.exit_rate": "share",
    "claimants.entitlements.short": "share", "claimants.entitlements.medium": "share",
    "claimants.entitlements.long": "share", "claimants.inflow_rate": "share",
    "claimants.inflow_multiplier": "multiple", "claimants.shock.national_sd": "share",
    "claimants.shock.persistence": "number", "claimants.shock.regional_sd": "share",
    "uncertainty.wage_growth.distribution": "distribution",
    "uncertainty.wage_growth.params.loc": "share", "uncertainty.wage_growth.params.scale": "share",
    "uncertainty.insured_growth.distribution": "distribution",
    "uncertainty.insured_growth.params.loc": "share",
    "uncertainty.insured_growth.params.scale": "share",
    "uncertainty.recession.probability": "share", "uncertainty.recession.months": "months",
    "uncertainty.recession.inflow_multiplier": "multiple",
    "uncertainty.recession.wage_growth": "share",
    "uncertainty.recession.insured_growth": "share",
}
_YEAR_KEY = re.compile(r"^(?P<base>.+)\.(?P<year>\d{4})$")


def _percent(value: float) -> str:
    text = f"{value * 100:.4g}"
    return f"{num.MINUS}{text[1:]}%" if text.startswith("-") else f"{text}%"


def assumption_label(key: str, t: Callable[..., str]) -> str:
    """An assumption's name in the reader's language ('cpi.2020' → 2020 年居民消费价格同比涨幅);
    the key itself when the catalogue does not know it."""
    found = _YEAR_KEY.match(key)
    base, year = (found["base"], found["year"]) if found else (key, "")
    message = f"assumption.{base}"
    if message not in MESSAGES:
        return key
    return t("assumption.by_year", label=t(message), year=year) if year else t(message)


def assumption_value(key: str, value: Any, lang: str, t: Callable[..., str]) -> str:
    """An assumption's value with its unit: 95%, 每年 5%, 3 元/每年, [8.3%, …], 正态分布."""
    found = _YEAR_KEY.match(key)
    kind = ASSUMPTION_KINDS.get(found["base"] if found else key, "")
    if value is None:
        if key == "claimants.inflow_rate":
            return t("assumption.claimants.inflow_rate_steady")
        return num.DASH
    if isinstance(value, dict):  # an empty mapping (a year-by-year one gives none)
        return num.DASH
    if isinstance(value, list):
        shown = [_percent(v) if kind == "shares" else assumption_value(key, v, lang, t)
                 for v in value]
        if len(set(shown)) == 1 and len(shown) > 1:
            return f"{shown[0]} × {len(shown)}"
        return num.join(shown, lang)
    if isinstance(value, bool):
        return t("value.true") if value else t("value.false")
    if isinstance(value, str):
        message = f"value.distribution.{value}"
        return t(message) if kind == "distribution" and message in MESSAGES else value
    if not isinstance(value, int | float):
        return str(value)
    number = f"{value:,.6g}".replace("-", num.MINUS)
    return {
        "share": lambda: _percent(value),
        "rate": lambda: t("value.percent_year", value=_percent(value)),
        "yuan_year": lambda: t("value.per_year", value=t("value.yuan", value=number)),
        "per_claim": lambda: t("value.per_claim", value=number),
        "multiple": lambda: t("value.multiple", value=number),
        "months": lambda: t("value.months", value=number),
    }.get(kind, lambda: number)()


# ------------------------------------------------------------------------------ region names

#: Names fundsim gives itself, in English: the one fund of provincial pooling
#: (:func:`fundsim.inputs.regions.provincial`).
OWN_NAMES = {"全省(省级统筹)": "Province (provincial pooling)"}


def region_name(name: str, lang: str) -> str:
    """A region's name as a report in ``lang`` writes it: 呼和浩特市 in Chinese, 'Huhehaote Shi
    (呼和浩特市)' in English."""
    if lang == "zh" or not _HAS_CJK.search(name):
        return name
    return OWN_NAMES.get(name) or f"{pinyin(name)} ({name})"
