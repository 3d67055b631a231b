"""Each report reads entirely in its reader's language.

A planner opens the Chinese report of a run, a comparison and a sweep of the shipped default
scenario (two years of it, to keep the test quick) and the English ones. The visible text of
each page (tags stripped with html.parser; alt texts included, ``code`` and ``style`` left out)
is checked against the rule of the planner-workflow issue:

- in the Chinese report no run of three or more English words, apart from names, codes, units
  and citations (the allow-list below: the font's name, fundsim's own name, file names and
  keys, which are set in ``code`` or hold a dot, a slash or an underscore);
- in the English report no Chinese, apart from names and citations: region names (each shown
  in pinyin beside the Chinese) and the notices cited as sources (``cite`` elements, which
  must name a notice).

Charts are stubbed or left out (their labels are the message catalogue's, checked by
test_report.py); everything else is the page as written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from fundsim.inputs.assumptions import Assumptions
from fundsim.law.parameter import load_law
from fundsim.present.messages import MESSAGES, messages
from fundsim.present.report import compare_page, sweep_page, tables
from fundsim.present.report.language import (
    assumption_label,
    assumption_value,
    cited_html,
    pinyin,
    region_name,
    source_html,
    split_reference,
)
from fundsim.present.report.render import render_report
from fundsim.run.compare import compare
from fundsim.run.simulation import simulate
from fundsim.run.sweep import sweep

CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: Names, units and product names a Chinese report may write in Latin letters.
ALLOWED_PHRASES = ("Noto Sans CJK SC", "SIL", "fundsim", "UTC", "CPI")
#: A token that is a code: a key, a file, a path, an option (dots, slashes, underscores).
CODE = re.compile(r"\S*[._/\\]\S*|--\S+")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt"></svg>'
#: What a ``cite`` element holds: a notice by title or number, or a province's plan.
NOTICE = re.compile(r"《|〔\d{4}〕|号|计划|通知|办法|条例")


class Visible(HTMLParser):
    """The text a reader sees (and alt texts), without ``code``, ``style`` and ``cite``;
    the ``cite`` texts apart."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.cited: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "code", "cite"):
            self._skip.append(tag)
            if tag == "cite":
                self.cited.append("")
        if tag == "img":
            self.text += [v or "" for k, v in attrs if k == "alt"]

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)
        elif self._skip[-1] == "cite":
            self.cited[-1] += data


def visible(page: str) -> tuple[str, list[str]]:
    parser = Visible()
    parser.feed(page)
    return "\n".join(parser.text), parser.cited


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words in ``text``, after names, units and codes."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    text = CODE.sub(" ", text)
    found = []
    # a run: English words separated by spaces and ASCII punctuation only
    for run in re.findall(r"[A-Za-z][A-Za-z'’\- ,;:()]*[A-Za-z]", text):
        if len(WORD.findall(run)) >= 3:
            found.append(run)
    return found


def chinese_left(text: str, names: list[str]) -> list[str]:
    """Chinese in ``text`` after the region names."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return [line for line in text.splitlines() if CJK.search(line)]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("language")
    path = folder / "two-years.yaml"
    path.write_text("name: two-years\nextends: default\nmonths: 24\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(scenario: Path) -> dict[str, Any]:
    """Run, comparison and sweep reports in both languages (charts stubbed or left out)."""
    run = simulate(scenario)
    charts = {kind: (lambda: SVG) for kind in ("reserve", "reserve_map", "balance", "pool",
                                                "training")}
    compared = compare([scenario, "baseline"])
    swept = sweep(scenario, ["policy.returns.ratio.sme=0.5,0.6"])
    compare_sections = [s for s in compare_page.SECTIONS
                        if s is not compare_page.section_projections]
    sweep_sections = [s for s in sweep_page.SECTIONS if s is not sweep_page.section_charts]
    found = {}
    for lang in ("zh", "en"):
        found[f"run-{lang}"] = render_report(run, lang, charts=charts)
        found[f"compare-{lang}"] = compare_page.render_compare_report(
            compared, lang, sections=compare_sections)
        found[f"sweep-{lang}"] = sweep_page.render_sweep_report(swept, lang,
                                                                sections=sweep_sections)
    found["names"] = "\n".join(str(n) for n in run["region_name"].values)
    found["compared"] = compared
    return found


def region_names(pages: dict[str, Any]) -> list[str]:
    return pages["names"].splitlines() + ["全省(省级统筹)"]


@pytest.mark.parametrize("kind", ["run", "compare", "sweep"])
def test_the_chinese_report_has_no_english_sentences(pages, kind):
    text, cited = visible(pages[f"{kind}-zh"])
    assert english_runs(text) == []
    assert CJK.search(text)


@pytest.mark.parametrize("kind", ["run", "compare", "sweep"])
def test_the_english_report_has_chinese_only_in_names_and_citations(pages, kind):
    text, cited = visible(pages[f"{kind}-en"])
    assert chinese_left(text, region_names(pages)) == []
    assert all(NOTICE.search(c) for c in cited), [c for c in cited if not NOTICE.search(c)]


def test_the_english_report_names_each_region_in_pinyin_beside_the_chinese(pages):
    text, _ = visible(pages["run-en"])
    assert "Huhehaote Shi (呼和浩特市)" in text
    assert "Xilinguolei Meng (锡林郭勒盟)" in text
    chinese, _ = visible(pages["run-zh"])
    assert "呼和浩特市" in chinese and "Huhehaote" not in chinese


def test_the_parameter_table_speaks_the_readers_language(pages):
    chinese, cited = visible(pages["run-zh"])
    # the law's Chinese description, the layer and the clause's wording; the notice in cite
    assert "累计缴费满 10 年以上的失业人员领取失业保险金的最长期限" in chinese
    assert "policy.returns.ratio.sme" not in chinese  # keys are code, left out of the text
    assert "中小微企业返还比例\n中小微企业的稳岗返还比例" in chinese  # name, then meaning
    assert "【国家】" in chinese
    assert "：“累计缴费时间10年以上的，领取失业保险金的期限最长为24个月”" in chinese
    assert "《失业保险条例》(国务院令第258号, 1999-01-22) 第十七条" in cited
    english, cited_en = visible(pages["run-en"])
    assert "Longest benefit entitlement of a claimant with 10 years or more of contributions" \
        in english
    assert "[national] " in english and "累计缴费时间10年以上的" not in english
    assert "《失业保险条例》(国务院令第258号, 1999-01-22) 第十七条" in cited_en


def test_the_assumptions_table_shows_names_and_units_not_raw_decimals(pages):
    chinese, _ = visible(pages["run-zh"])
    # takeup 0.85 in steady.yaml; wage growth 0.05 a year
    assert "稳岗返还申领率（符合条件企业的缴费中获得返还的份额）\n85%" in chinese
    assert "缴费工资年增长率\n每年 5%" in chinese
    english, _ = visible(pages["run-en"])
    assert "Growth of the contribution wage a year\n5% a year" in english


def test_the_scenario_description_is_in_the_readers_language(pages):
    chinese, _ = visible(pages["run-zh"])
    assert "示意性的内蒙古（14 个统筹地区" in chinese
    assert "An illustrative Inner Mongolia" in visible(pages["run-en"])[0]


def test_the_comparison_has_a_table_of_differences_per_region(pages):
    ds = pages["compared"]
    frame = compare_page.region_compare(ds, "region_closing_balance")
    first, second = "two-years", "baseline"
    # the difference is the second scenario's figure less the first's, region by region
    code = frame.index[0]
    assert frame.loc[code, f"{second}_diff"] == pytest.approx(
        frame.loc[code, second] - frame.loc[code, first])
    text, _ = visible(pages["compare-zh"])
    assert "分地区比较" in text and "各地区期末基金结余" in text
    assert f"{second} − {first}" in text
    english, _ = visible(pages["compare-en"])
    assert "Each region's lowest months of reserve" in english
    assert "Huhehaote Shi (呼和浩特市)" in english


# ---------------------------------------------------------------------- the pieces by hand


def test_a_source_note_splits_into_citation_clause_and_stated_flag():
    note = ("人社部发〔2021〕29号 一 — 裁员率不高于上年度全国城镇调查失业率控制目标 (repost "
            "goldenfinance.com.cn); the target is 6%")
    assert split_reference(note) == ("人社部发〔2021〕29号 一",
                                     "裁员率不高于上年度全国城镇调查失业率控制目标", False)
    stated = "Stated assumption: 0.5% employer + 0.5% employee"
    assert split_reference(stated) == ("", "", True)
    t = messages("zh")
    assert source_html("[national] " + stated, "law", "zh", t) == "【国家】fundsim 的说明与设定"
    assert source_html("reform in a.yaml (line 7)", "reform", "en", messages("en")) == \
        "the scenario&#x27;s reform: a.yaml (line 7)"


def test_assumptions_read_with_their_units():
    zh, en = messages("zh"), messages("en")
    assert assumption_label("cpi.2021", zh) == "居民消费价格同比涨幅（2021 年）"
    assert assumption_label("cpi", zh) == "居民消费价格同比涨幅"
    assert assumption_value("cpi", {}, "zh", zh) == "—"
    assert assumption_value("cpi.2021", 0.009, "zh", zh) == "0.9%"
    assert assumption_value("interest_rate", 0.015, "en", en) == "1.5% a year"
    assert assumption_value("payment_lag", [0.5, 0.5], "en", en) == "50% × 2"
    assert assumption_value("skills_subsidy_per_insured_year", 3.0, "zh", zh) == "每年 3 元"
    assert assumption_value("claimants.inflow_rate", None, "zh", zh) == "按期初领取人数保持稳定推算"
    assert assumption_label("something_new", zh) == "something_new"


def test_a_users_own_region_gets_pinyin_without_any_input():
    assert pinyin("呼和浩特市") == "Huhehaote Shi"
    assert pinyin("阿拉善盟") == "Alashan Meng"
    assert pinyin("达尔罕茂明安联合旗") == "Daerhanmaominganlianhe Qi"
    assert region_name("西宁市", "en") == "Xining Shi (西宁市)"
    assert region_name("西宁市", "zh") == "西宁市"
    assert region_name("Region A", "en") == "Region A"
    assert region_name("全省(省级统筹)", "en") == "Province (provincial pooling)"


def test_notices_named_in_an_english_description_are_cited():
    text = "the raised ratios of 2022 (50% for large firms, 国发〔2022〕12号)"
    assert cited_html(text) == ('the raised ratios of 2022 (50% for large firms, '
                                '<cite lang="zh-CN">国发〔2022〕12号</cite>)')
    shown, cited = visible(f"<p>{cited_html(text)}</p>")
    assert chinese_left(shown, []) == [] and cited == ["国发〔2022〕12号"]


def test_every_parameter_and_assumption_has_a_name_in_both_languages():
    law = load_law()
    assert [k for k, p in law.items() if not p.description_zh] == []
    assert [k for k in law if f"param.{k}" not in MESSAGES] == []
    keys = tables._flatten(Assumptions().model_dump())
    for lang in ("zh", "en"):
        t = messages(lang)
        assert [k for k in keys if assumption_label(k, t) == k] == []
