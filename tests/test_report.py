"""The HTML report as a decision maker gets it: the right figures, in Chinese or English, in
one self-contained, accessible file; bad input refused with a clear message.

Most stories use a two-region run built by hand (every figure below is computed in the test
from the values set here); two use the shipped default scenario end to end.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import typer
import xarray as xr
import yaml
from fontTools.ttLib import TTFont
from typer.testing import CliRunner

from fundsim.base.errors import InputError
from fundsim.cli.report import report_command
from fundsim.law.parameter import load_law
from fundsim.present import numbers as num
from fundsim.present.messages import LANGUAGES, MESSAGES, fields, messages
from fundsim.present.outputs import write_run
from fundsim.present.report import render, tables
from fundsim.present.report.write import write_report
from fundsim.run.files import save_netcdf
from fundsim.run.simulation import simulate

CJK = re.compile(r"[\u3400-\u9fff]")
PAST_END = ("policy.returns.ratio.sme: the value in force from 2021-01-01 ends 2021-12-31 by its "
            "notice; the run assumes it continues to 2021-12")


# --------------------------------------------------------------------------- a run by hand


def hand_run(paths: int = 1, source: str = "/nonexistent/scenario.yaml",
             parameters: dict | None = None) -> xr.Dataset:
    """Two regions over 2020–2021, every figure set by hand.

    甲市 (100001): reserve 30 months in 2020, 10 in 2021 (fails the 12-month test in 2021).
    乙市 (100002): reserve 18 months in 2020 (fails only the 24-month test), 26 in 2021.
    Returns 1 million yuan a month to 甲, 2 million to 乙; firms paid 10 and 20 a month.
    甲 gets 5 million from the pool and 3 million from public finance for returns in January
    2021, when the pool (8 million through 2020) is emptied: the pool is exhausted in 2021.
    Public finance keeps 乙's balance from going negative with 200,000 yuan in June 2020.
    100 trainees a month in 甲 from January to June 2020, at 600 yuan.
    With ``paths`` > 1, 甲 fails in 2021 on the first path only (10 months there, 14 elsewhere).
    The province as one fund (regions and pool) has 20 months of reserve in 2020 and 11 in 2021.
    """
    months = np.arange("2020-01", "2022-01", dtype="datetime64[M]").astype("datetime64[ns]")
    shape = (2, 24)

    def regional(values: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
        if paths == 1:
            return ("region", "month"), values
        return ("region", "month", "path"), np.repeat(values[..., None], paths, axis=-1)

    reserve = np.zeros(shape)
    reserve[0, :12], reserve[0, 12:] = 30.0, 10.0
    reserve[1, :12], reserve[1, 12:] = 18.0, 26.0
    returns = np.zeros(shape)
    returns[0], returns[1] = 1e6, 2e6
    firms = np.zeros(shape)
    firms[0], firms[1] = 10.0, 20.0
    transfer, fiscal_returns, deficit = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    transfer[0, 12], fiscal_returns[0, 12], deficit[1, 5] = 5e6, 3e6, 2e5
    trainees = np.zeros(shape)
    trainees[0, :6] = 100.0
    balance = np.zeros(shape)
    balance[0], balance[1] = 5e7, 1e8
    pool = np.where(np.arange(24) < 12, 8e6, 0.0)
    province = np.where(np.arange(24) < 12, 20.0, 11.0)

    data = {
        "reserve_months": regional(reserve),
        "balance": regional(balance),
        "returns_paid": regional(returns),
        "firms_covered": regional(firms),
        "pool_transfer": regional(transfer),
        "fiscal_subsidy_returns": regional(fiscal_returns),
        "fiscal_subsidy_deficit": regional(deficit),
        "fiscal_subsidy": regional(fiscal_returns + deficit),
        "trainees": regional(trainees),
        "training_paid": regional(trainees * 600.0),
        "pool_balance": (("month",), pool) if paths == 1
        else (("month", "path"), np.repeat(pool[:, None], paths, axis=1)),
        "province_reserve_months": (("month",), province) if paths == 1
        else (("month", "path"), np.repeat(province[:, None], paths, axis=1)),
        "opening_balance": (("region",), np.array([5e7, 1e8])),
        "pool_opening_balance": ((), 8e6),
    }
    ds = xr.Dataset(data, coords={"region": ["100001", "100002"],
                                  "region_name": ("region", ["甲市", "乙市"]),
                                  "month": months,
                                  **({"path": np.arange(paths)} if paths > 1 else {})})
    if paths > 1:
        ds["reserve_months"][0, 12:, 1:] = 14.0
    ds["passes_12"] = ds["reserve_months"] >= 12
    ds["passes_24"] = ds["reserve_months"] >= 24
    record = {
        "scenario": "hand", "source": source, "start": "2020-01", "months": 24,
        "data": "/nonexistent/regions.csv", "pool_opening_balance": 8e6,
        "assumptions": {"takeup": 0.85, "claimants": {"exit_rate": 0.11}},
        "parameters": parameters if parameters is not None else {
            "policy.returns.ratio.sme": {"2019-01-01": 0.5, "2020-01-01": 1.0,
                                         "2021-01-01": 0.6},
            "policy.pool.cap_multiple": {"2019-01-01": 2.0, "2020-01-01": 2.5},
        },
    }
    ds.attrs.update({
        "scenario": "hand",
        "scenario_description": "如果把中小企业返还比例提高到 100%，哪些地区守得住 12 个月？",
        "scenario_source": source, "parameters": yaml.safe_dump(record, allow_unicode=True),
        "seed": 7 if paths > 1 else -1, "paths": paths, "fundsim_version": "0.1.0",
        "general_months": 12.0, "difficult_months": 24.0, "warnings": PAST_END,
        "created": "2026-01-02T03:04:05+00:00",
    })
    return ds


def run_folder(folder: Path, ds: xr.Dataset) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    save_netcdf(ds, folder / "results.nc")
    return folder


class Page(HTMLParser):
    """The parts of a report page the tests look at."""

    def __init__(self, text: str):
        super().__init__()
        self.images: list[dict[str, str]] = []
        self.tables: list[dict] = []
        self.urls: list[str] = []
        self.text: list[str] = []
        self.meta: list[dict[str, str]] = []
        self._cell: list[str] | None = None
        self._row: list[tuple[str, dict[str, str], str]] | None = None
        self._section: str | None = None
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("style", "script"):
            self._skip += 1
        for key in ("src", "href"):
            if key in a:
                self.urls.append(a[key])
        if tag == "img":
            self.images.append(a)
        elif tag == "meta":
            self.meta.append(a)
        elif tag == "table":
            self.tables.append({"caption": "", "head": [], "body": [], "foot": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td", "caption"):
            self._cell = []
            self._attrs = a

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = "".join(self._cell).strip()
            self._cell = None
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append((tag, self._attrs, "".join(self._cell).strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][self._section].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def table(self, caption_part: str) -> dict:
        found = [t for t in self.tables if caption_part in t["caption"]]
        assert len(found) == 1, [t["caption"] for t in self.tables]
        return found[0]

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def rows_by_header(table: dict) -> dict[str, list[str]]:
    return {row[0][2]: [cell[2] for cell in row[1:]] for row in table["body"] + table["foot"]}


@pytest.fixture(scope="module")
def hand_html() -> dict[str, str]:
    ds = hand_run()
    return {lang: render.render_report(ds, lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def hand_pages(hand_html: dict[str, str]) -> dict[str, Page]:
    return {lang: Page(text) for lang, text in hand_html.items()}


# --------------------------------------------------------------------------- numbers


def test_money_reads_in_wan_and_yi_in_chinese_and_million_billion_in_english():
    assert num.money(150_000_000, "zh") == "1.50 亿元"
    assert num.money(3_948_050, "zh") == "395 万元"
    assert num.money(200_000, "zh") == "20.0 万元"
    assert num.money(5_480_000_000, "en") == "5.48 billion yuan"
    assert num.money(200_000_000, "en") == "200 million yuan"
    assert num.money(3_000_000, "en") == "3.00 million yuan"
    assert num.money(0, "zh") == "0 万元"


def test_a_column_shares_one_unit_and_shows_every_non_zero_figure():
    unit = num.money_unit([0.0, 30_276_100.0, 121_794_900.0], "zh")
    assert (unit.label, unit.decimals) == ("亿元", 2)
    assert [unit.format(v) for v in (0.0, 30_276_100.0, 121_794_900.0)] == ["0.00", "0.30",
                                                                         "1.22"]
    small = num.money_unit([36e6, 2e5], "zh")  # 3,600 万元 and 20 万元: no decimals needed
    assert [small.format(v) for v in (36e6, 2e5)] == ["3,600", "20"]
    tiny = num.money_unit([9e5, 4e3], "en")  # 0.9 and 0.004 million: three decimals
    assert [tiny.format(v) for v in (9e5, 4e3)] == ["0.900", "0.004"]


def test_numbers_months_shares_dates_and_lists():
    assert num.number(-1234.5, 1) == "−1,234.5"
    assert num.number(-0.01, 0) == "0"
    assert num.months(float("inf")) == "∞"
    assert num.months(float("nan")) == "—"
    assert num.share(0.055) == "5.5%" and num.share(0.6) == "60%"
    assert num.count(10.46) == "10.5" and num.count(10.0) == "10"
    month = np.datetime64("2021-03-01")
    assert num.month_label(month, "zh") == "2021年3月"
    assert num.month_label(month, "en") == "Mar 2021"
    assert num.year_ranges([2024, 2020, 2021, 2022], "zh") == "2020–2022、2024"
    assert num.year_ranges([2021, 2023], "en") == "2021, 2023"


# --------------------------------------------------------------------------- catalogue


def test_every_message_exists_in_both_languages_with_the_same_fields():
    # the one exception: Chinese writes a month's number (2021年3月), English its name (Mar 2021)
    different = {"date.month": ({"year", "month"}, {"year", "month_name"})}
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert (fields(texts["zh"]), fields(texts["en"])) == different.get(
            key, (fields(texts["en"]),) * 2), key


def test_english_messages_hold_no_chinese_and_chinese_headings_are_chinese():
    for key, texts in MESSAGES.items():
        assert not CJK.search(texts["en"]), key
        if key.endswith(".heading"):
            assert CJK.search(texts["zh"]), key


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'; one of zh, en"):
        messages("fr")


# --------------------------------------------------------------------------- figures


def test_headline_figures_by_year_of_the_hand_run():
    table = tables.headline_table(hand_run())
    assert list(table.index) == [2020, 2021, "total"]
    assert list(table["regions_below_general"]) == [0, 1, 1]
    assert list(table["regions_below_difficult"]) == [1, 1, 2]
    assert list(table["pool_transfer"]) == [0.0, 5e6, 5e6]
    assert list(table["fiscal_subsidy_returns"]) == [0.0, 3e6, 3e6]
    assert list(table["fiscal_subsidy_deficit"]) == [2e5, 0.0, 2e5]
    assert list(table["returns_paid"]) == [36e6, 36e6, 72e6]
    assert list(table["firms_covered"]) == [360.0, 360.0, 720.0]
    assert list(table["trainee_months"]) == [600.0, 0.0, 600.0]
    assert list(table["trainees_peak"]) == [100.0, 0.0, 100.0]
    assert "p_any_below_general" not in table


def test_with_paths_counts_are_means_and_failing_is_a_probability():
    ds = hand_run(paths=4)  # 甲 fails in 2021 on one path of four
    table = tables.headline_table(ds)
    assert list(table["regions_below_general"]) == [0, 0.25, 0.25]
    assert list(table["p_any_below_general"]) == [0.0, 0.25, 0.25]
    failing = tables.failing_by_year(ds, "general")
    assert failing.loc["100001", 2021] == 0.25 and failing.loc["100002", 2021] == 0.0


def test_a_pool_emptied_while_requests_go_unmet_is_exhausted():
    exhausted = tables.pool_exhausted(hand_run())
    assert list(exhausted.index) == [2021]
    assert exhausted.loc[2021, "unmet"] == 3e6


def test_a_pool_at_zero_with_every_request_met_is_not_exhausted():
    ds = hand_run()
    ds["fiscal_subsidy_returns"][:] = 0.0  # the pool had exactly enough
    assert tables.pool_exhausted(ds).empty


def test_the_notice_end_warning_is_read_into_its_parts():
    ds = hand_run()
    ds.attrs["warnings"] = PAST_END + "\nsomething else happened"
    assert tables.record_warnings(ds) == [
        {"kind": "past_end", "key": "policy.returns.ratio.sme", "start": "2021-01-01",
         "end": "2021-12-31", "until": "2021-12"},
        {"kind": "other", "text": "something else happened"},
    ]


# --------------------------------------------------------------------------- the page


def test_the_chinese_report_shows_the_question_headline_and_warnings(hand_pages):
    page = hand_pages["zh"]
    text = page.plain
    assert "失业保险基金模拟报告：hand" in text
    assert "如果把中小企业返还比例提高到 100%，哪些地区守得住 12 个月？" in text
    headline = rows_by_header(page.table("逐年主要结果"))
    assert headline["低于 12 个月的地区数"] == ["0", "1", "1"]
    assert headline["低于 24 个月的地区数"] == ["1", "1", "2"]
    assert headline["稳岗返还支出（万元）"] == ["3,600", "3,600", "7,200"]
    assert headline["调剂金拨付（万元）"] == ["0", "500", "500"]
    assert headline["财政补贴：弥补调剂金不足的稳岗返还（万元）"] == ["0", "300", "300"]
    assert headline["财政补贴：防止基金余额为负（万元）"] == ["20.0", "0.0", "20.0"]
    assert headline["获得返还的企业（户）"] == ["360", "360", "720"]
    assert headline["以工代训（人·月）"] == ["600", "0", "600"]
    assert "1 个地区（共 2 个）至少有一年备付能力低于 12 个月：甲市。" in text
    assert "全期稳岗返还支出 7,200 万元，调剂金拨付 500 万元，财政补贴 320 万元" in text
    failing = rows_by_header(page.table("未通过备付能力检验的地区"))
    assert failing == {"甲市": ["2021", "2021"], "乙市": ["", "2020"]}
    assert "2021 年省级调剂金用尽（余额为 0），仍有 300 万元 的稳岗返还申请未能满足" in text
    assert "乙市：财政补贴 20.0 万元 防止基金余额为负（2020 年）" in text
    assert ("参数 policy.returns.ratio.sme：自 2021-01-01 起的取值按其文件于 2021-12-31 到期，"
            "本次模拟假定其延续至 2021-12。") in text


def test_the_english_report_says_the_same_in_english(hand_pages):
    page = hand_pages["en"]
    text = page.plain
    assert "Unemployment-insurance fund simulation: hand" in text
    headline = rows_by_header(page.table("Headline figures by year"))
    assert headline["Returns paid (million yuan)"] == ["36.0", "36.0", "72.0"]
    assert headline["Pool transfers (million yuan)"] == ["0.00", "5.00", "5.00"]
    assert headline["Regions below 12 months"] == ["0", "1", "1"]
    # region names in pinyin beside the Chinese (甲市 and 乙市 are too short to split off 市)
    assert ("1 of 2 regions fall below 12 months of reserve in at least one year: "
            "Jiashi (甲市).") in text
    assert ("2021: the provincial pool is exhausted (balance 0) while 3.00 million yuan of "
            "requested returns remain unmet") in text
    assert "Yishi (乙市): public finance adds 200,000" not in text  # money carries its unit
    assert "Yishi (乙市): public finance adds 0.200 million yuan" in text


def test_the_reserve_table_marks_the_years_below_each_line(hand_pages):
    table = hand_pages["zh"].table("各地区每年一月评估的备付月数")
    cells = {row[0][2]: [(c[2], c[1].get("class", "")) for c in row[1:]]
             for row in table["body"]}
    assert cells["甲市"] == [("30.0", "num"), ("▼10.0 (低于 12 个月)", "num fail-general")]
    assert cells["乙市"] == [("▽18.0 (低于 24 个月)", "num fail-difficult"), ("26.0", "num")]


def test_an_older_file_without_sources_shows_the_law_where_its_values_are_current_law(hand_pages):
    # hand_run's record keeps values only, as files written before sources were recorded
    page = hand_pages["zh"]
    assert "运行记录未保存来源" in page.plain
    rows = page.table("模拟期内生效的政策参数")["body"]
    first = next(i for i, r in enumerate(rows) if "policy.returns.ratio.sme" in r[0][2])
    sme = rows[first:first + 2]
    assert sme[0][0][1]["rowspan"] == "2"
    assert [c[2] for c in sme[0][1:3]] == ["2020-01-01", "100%"]
    assert [c[2] for c in sme[1][0:2]] == ["2021-01-01", "60%"]
    # the fallback takes current law's end date, which is its last notice's (2025-12-31)
    # the notice and clause, then the clause's words: the Chinese report is all Chinese
    assert sme[1][2][2] == ("现行法规：【国家】人社部发〔2021〕29号《关于延续实施部分减负稳岗扩就业"
                            "政策措施的通知》一：“大型企业按不超过企业及其职工上年度实际缴纳失业保险费"
                            "的30%返还，中小微企业按不超过60%返还”（2025-12-31 到期）")
    cap = next(r for r in rows if "policy.pool.cap_multiple" in r[0][2])  # 2.5: not current law
    assert [c[2] for c in cap[1:]] == ["2020-01-01", "2.5 倍",
                                       "来源不详（运行记录未保存，且与现行法规不同）"]


ONE_REGION = {"code": "100001", "name": "甲市", "insured": 1000, "wage": 5000,
              "opening_balance": 1e7, "last_year_expenditure": 1.2e6, "last_year_benefits": 1e6,
              "last_year_contributions": 6e5, "benefit_recipients": 10, "monthly_benefit": 1500}


def parameter_rows(page: Page, key: str) -> list[list[str]]:
    """The rows of ``key`` in the English report's parameter table: [from, value, source]."""
    rows = page.table("Policy parameters in force")["body"]
    first = next(i for i, r in enumerate(rows) if r[0][0] == "th" and r[0][2].startswith(key)
                 and r[0][2][len(key):][:1] not in ("_", "."))
    span = int(rows[first][0][1].get("rowspan", 1))
    return ([[c[2] for c in rows[first][1:]]]
            + [[c[2] for c in row] for row in rows[first + 1:first + span]])


def test_a_reform_keeps_its_file_and_line_as_source_after_the_scenario_is_deleted(province,
                                                                                  tmp_path):
    scenario = province([ONE_REGION], reform="  policy.pool.cap_multiple: 2.5\n")  # line 12
    folder = run_folder(tmp_path / "run", simulate(scenario))
    scenario.unlink()
    ds = tables.load_run(folder)
    record = yaml.safe_load(ds.attrs["parameters"])
    assert record["parameters"]["policy.pool.cap_multiple"] == {"2019-01-01": 2.0,
                                                                "2020-01-01": 2.5}
    cap = record["parameter_metadata"]["policy.pool.cap_multiple"]
    assert (cap["unit"], cap["end"]) == ("multiple", None)
    assert cap["sources"]["2020-01-01"] == {"source": "reform in scenario.yaml (line 12)",
                                            "origin": "reform"}
    assert cap["sources"]["2019-01-01"]["origin"] == "law"
    page = Page(render.render_report(ds, "en"))
    assert "Sources come from the run record" in page.plain
    assert parameter_rows(page, "policy.pool.cap_multiple") == [
        ["2020-01-01", "2.5×", "the scenario's reform: scenario.yaml (line 12)"]]
    sme = parameter_rows(page, "policy.returns.ratio.sme")  # law, 2022's value follows at once
    assert [r[:2] for r in sme] == [["2020-01-01", "100%"], ["2021-01-01", "60%"]]
    # the law's source as a citation: the notice and clause, the clause's Chinese words left
    # to the Chinese report
    assert load_law()["policy.returns.ratio.sme"].source(dt.date(2021, 1, 1)).startswith(
        "[national] 人社部发〔2021〕29号《关于延续实施部分减负稳岗扩就业政策措施的通知》一 — ")
    assert sme[1][2] == ("[national] 人社部发〔2021〕29号《关于延续实施部分减负稳岗扩就业政策措施的"
                         "通知》一")


def test_a_set_value_shows_set_and_its_key_as_source(province):
    scenario = province([ONE_REGION])
    ds = simulate(scenario, overrides=["policy.training.max_months=3"])
    assert parameter_rows(Page(render.render_report(ds, "en")), "policy.training.max_months") == [
        ["2020-01-01", "3 months", "--set policy.training.max_months"]]
    found = tables.parameters_in_force(ds)
    assert found.sources_recorded
    row = next(r for r in found.rows if r.key == "policy.training.max_months")
    assert (row.value, row.origin, row.source) == (3, "set", "--set policy.training.max_months")


def test_with_paths_the_report_gives_probabilities(tmp_path):
    page = Page(render.render_report(hand_run(paths=4), "en"))
    failing = rows_by_header(page.table("Regions failing a reserve test"))
    assert failing["Jiashi (甲市)"] == ["2021 (25%)", "2021 (100%)"]
    probability = rows_by_header(page.table("Probability of falling below 12 months"))
    assert probability == {"Jiashi (甲市)": ["0%", "25%"], "Yishi (乙市)": ["0%", "0%"]}
    headline = rows_by_header(page.table("Headline figures by year, mean of 4 paths"))
    assert headline["Probability some region is below 12 months"] == ["0%", "25%", "25%"]
    assert "--paths 4 --seed 7" in page.plain


# --------------------------------------------------------------------------- self-contained


def test_the_page_is_self_contained_accessible_and_printable(hand_pages):
    for lang, page in hand_pages.items():
        assert len(page.images) == 4
        for image in page.images:
            assert image["alt"].strip(), "every chart has alt text"
            assert image["src"].startswith("data:image/svg+xml;base64,")
            assert base64.b64decode(image["src"].split(",", 1)[1]).lstrip().startswith(b"<?xml")
        assert not [u for u in page.urls if not u.startswith(("data:", "#"))], \
            "no link or image leaves the file"
        csp = next(m for m in page.meta if m.get("http-equiv") == "Content-Security-Policy")
        assert "default-src 'none'" in csp["content"]
        for table in page.tables:
            assert table["caption"], "every table has a caption"
            assert all(c[0] == "th" and c[1].get("scope") == "col" for c in table["head"][0])
            spanned = 0  # rows still covered by a row header spanning several rows
            for row in table["body"] + table["foot"]:
                if spanned:
                    spanned -= 1
                    assert row[0][0] == "td", (lang, table["caption"])
                    continue
                kind, attrs, _ = row[0]
                assert kind == "th", (lang, table["caption"])
                assert attrs.get("scope") == ("rowgroup" if "rowspan" in attrs else "row")
                spanned = int(attrs.get("rowspan", 1)) - 1


def test_the_print_stylesheet_keeps_one_chart_per_page():
    css = (Path(render.__file__).with_name("report.css")).read_text(encoding="utf-8")
    block = css[css.index("@media print"):]
    rule = block[block.index("figure.chart {"):]
    rule = rule[:rule.index("}")]
    assert "break-before: page" in rule and "break-after: page" in rule
    assert "break-inside: avoid" in rule


def test_the_embedded_font_has_a_glyph_for_every_character_of_the_page(hand_html):
    for lang, text in hand_html.items():
        data = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", text)[1]
        cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
        shown = set(Page(text).plain) - set(" \n\t")
        missing = sorted(c for c in shown if ord(c) not in cmap)
        assert not missing, f"{lang}: no glyph for {missing}"


# --------------------------------------------------------------------------- writing it


def test_the_report_is_written_into_the_run_folder_by_language(tmp_path):
    folder = run_folder(tmp_path / "run", hand_run())
    assert write_report(folder) == folder / "report.html"
    assert write_report(folder, "en") == folder / "report.en.html"
    assert 'lang="zh-CN"' in (folder / "report.html").read_text(encoding="utf-8")
    assert 'lang="en"' in (folder / "report.en.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["report.en.html", "report.html",
                                                        "results.nc"]


def test_a_failed_render_leaves_the_previous_report_and_no_temporary_file(tmp_path, monkeypatch):
    folder = run_folder(tmp_path / "run", hand_run())
    (folder / "report.html").write_text("the earlier report", encoding="utf-8")

    def broken(ds, lang):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(render, "render_report", broken)
    with pytest.raises(RuntimeError):
        write_report(folder)
    assert (folder / "report.html").read_text(encoding="utf-8") == "the earlier report"
    assert sorted(p.name for p in folder.iterdir()) == ["report.html", "results.nc"]


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing", "folder not found"),
    (lambda d: (d / "file.txt").write_text("x") and d / "file.txt", "not a folder"),
    (lambda d: d, "not a fundsim run folder: results.nc is missing"),
    (lambda d: (d / "results.nc").write_bytes(b"not netcdf") and d, "not a readable results file"),
    (lambda d: run_folder(d, hand_run().drop_vars(["passes_12", "pool_balance"])),
     "missing variables passes_12, pool_balance"),
    (lambda d: run_folder(d, hand_run().drop_attrs()), "no run record"),
])
def test_a_folder_that_is_not_a_run_is_refused_and_nothing_is_written(tmp_path, make, message):
    folder = make(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(InputError) as caught:
        write_report(folder)
    assert message in str(caught.value)
    assert sorted(tmp_path.rglob("*")) == before


def test_an_unknown_language_and_a_bad_folder_are_reported_together(tmp_path):
    with pytest.raises(InputError) as caught:
        write_report(tmp_path / "missing", "fr")
    assert [str(p) for p in caught.value.problems] == [
        "--lang [lang]: unknown language 'fr'; one of zh, en",
        f"{tmp_path / 'missing'} [RESULTS_DIR]: folder not found",
    ]


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("report")(report_command)
    app.command("other")(lambda: None)  # two commands: "report" stays a sub-command
    return app


def test_the_command_writes_the_report_and_says_where(tmp_path):
    folder = run_folder(tmp_path / "run", hand_run())
    result = CliRunner().invoke(cli(), ["report", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"report written to {folder / 'report.en.html'}" in result.output


def test_the_command_refuses_bad_input_with_exit_code_2_and_no_traceback(tmp_path):
    folder = run_folder(tmp_path / "run", hand_run())
    result = CliRunner().invoke(cli(), ["report", str(folder), "--lang", "de"])
    assert result.exit_code == 2
    assert "unknown language 'de'; one of zh, en" in result.output
    assert "Traceback" not in result.output
    assert not (folder / "report.html").exists()
    result = CliRunner().invoke(cli(), ["report", str(tmp_path)])
    assert result.exit_code == 2 and "results.nc is missing" in result.output


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default scenario written the way ``fundsim run`` will write it, report included."""
    folder = tmp_path_factory.mktemp("default") / "run"
    ds = simulate("default")
    write_run(ds, folder, plots=False, report=True)
    return folder


def test_a_run_writes_its_report_inside_the_atomic_folder(default_run):
    names = sorted(p.name for p in default_run.iterdir())
    assert "report.html" in names and "results.nc" in names
    assert not [n for n in names if n.startswith(".")]


def test_the_default_report_names_every_region_and_matches_summary_csv(default_run):
    import pandas as pd

    page = Page((default_run / "report.html").read_text(encoding="utf-8"))
    summary = pd.read_csv(default_run / "summary.csv", dtype={"code": str})
    regions = rows_by_header(page.table("分地区全期结果"))
    # summary.csv: the regions, the worst region again, then the province as one fund
    assert list(regions) == [*summary["name"][:-2], "全省（各地区与调剂金）"]
    assert summary["name"].iloc[-1] == "全省（各地区与调剂金）"
    header = page.table("分地区全期结果")["head"][0]
    column = next(i for i, c in enumerate(header) if c[2].startswith("稳岗返还")) - 1
    unit = 1e8 if "亿元" in header[column + 1][2] else 1e4
    province = summary.set_index("code").loc["province-fund"]
    shown = regions["全省（各地区与调剂金）"][column].replace(",", "")
    decimals = len(shown.partition(".")[2])
    assert float(shown) == pytest.approx(province["returns_paid_wan"] * 1e4 / unit,
                                         abs=0.5 * 10 ** -decimals)
    # the same lowest reserve and months below each test as summary.csv's province row
    lowest, general, difficult = (regions["全省（各地区与调剂金）"][i] for i in range(3))
    assert lowest.endswith(f"{province['lowest_reserve_months']:.1f}")
    assert [int(general), int(difficult)] == [province["months_below_general"],
                                              province["months_below_difficult"]]
