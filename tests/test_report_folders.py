"""Reports of the folders fundsim sweep, compare and frontier write: the right figures, in
Chinese or English, each folder recognised by the file it holds; bad input refused with a
clear message; the pages checked once in a real browser.

Most stories use a sweep, a comparison and a frontier built by hand (every figure below is
worked out in the test from the values set here); the last ones run the real commands'
functions with a few paths and check what they write.
"""

from __future__ import annotations

import base64
import io
import os
import re
import warnings
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
from fundsim.inputs.scenario import locate
from fundsim.present import numbers as num
from fundsim.present.messages import LANGUAGES
from fundsim.present.outputs import save_compare, save_frontier, save_sweep
from fundsim.present.report import compare_page, frontier_page, sweep_page
from fundsim.present.report.write import write_report
from fundsim.run.compare import compare
from fundsim.run.frontier import frontier
from fundsim.run.sweep import sweep

SME = "policy.returns.ratio.sme"
LARGE_PAST_END = ("policy.returns.ratio.large: the value in force from 2021-01-01 ends "
                  "2021-12-31 by its notice; the run assumes it continues to 2022-12")
SME_PAST_END = ("policy.returns.ratio.sme: the value in force from 2021-01-01 ends 2021-12-31 "
                "by its notice; the run assumes it continues to 2022-12")


# --------------------------------------------------------------------------- reading pages


class Page(HTMLParser):
    """The text, images and tables of a report page."""

    def __init__(self, text: str):
        super().__init__()
        self.text: list[str] = []
        self.images: list[dict[str, str]] = []
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "style":
            self._skip += 1
        elif tag == "img":
            self.images.append(a)
        elif tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td", "caption"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._skip -= 1
        elif tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = "".join(self._cell).strip()
            self._cell = None
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            (table["rows"] if table["head"] else table["head"]).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))

    def table(self, caption_part: str) -> dict:
        found = [t for t in self.tables if caption_part in t["caption"]]
        assert len(found) == 1, [t["caption"] for t in self.tables]
        return found[0]

    def rows(self, caption_part: str) -> dict[str, list[str]]:
        return {row[0]: row[1:] for row in self.table(caption_part)["rows"]}


# --------------------------------------------------------------------------- built by hand


def hand_sweep() -> xr.Dataset:
    """The SME ratio swept over 30%, 60%, 90% on 4 paths, every metric set by hand.

    Returns 3, 6 and 9 亿元; pool transfers 0, 500 and 2,000 万元; public finance 0, 200 and
    5,000 万元 (at 90%: 4,000 for returns the pool did not cover, 1,000 against deficits);
    the lowest reserve 30, 18 and 9.5 months; regions below 12 months 0, 1 and 2.5 (means over
    paths), below 24 months 1, 2 and 3. Quantiles are 0.8, 1 and 1.2 times the mean.
    """
    values = {
        "returns_paid_total": [3e8, 6e8, 9e8],
        "pool_transfer_total": [0.0, 5e6, 2e7],
        "fiscal_subsidy_total": [0.0, 2e6, 5e7],
        "fiscal_subsidy_returns_total": [0.0, 2e6, 4e7],
        "fiscal_subsidy_deficit_total": [0.0, 0.0, 1e7],
        "lowest_reserve_months": [30.0, 18.0, 9.5],
        "regions_below_general": [0.0, 1.0, 2.5],
        "regions_below_difficult": [1.0, 2.0, 3.0],
    }
    data = {}
    for name, mean in values.items():
        mean = np.array(mean)
        data[name] = ((SME,), mean)
        data[f"{name}_quantile"] = ((SME, "quantile"), mean[:, None] * [0.8, 1.0, 1.2])
    data["p_fail_general"] = ((SME,), np.array([0.0, 0.25, 0.75]))
    data["p_fail_difficult"] = ((SME,), np.array([0.25, 0.5, 1.0]))
    data["p_fiscal"] = ((SME,), np.array([0.0, 0.5, 1.0]))
    record = {"scenario": "hand", "source": "/nonexistent/hand.yaml", "start": "2021-01",
              "months": 24, "data": "/nonexistent/regions.csv",
              "assumptions": {"takeup": 0.85},
              "parameters": {SME: {"2021-01-01": 0.6},
                             "policy.returns.ratio.large": {"2021-01-01": 0.3}}}
    ds = xr.Dataset(data, coords={SME: [0.3, 0.6, 0.9], "quantile": [0.05, 0.5, 0.95]})
    ds.attrs.update({"scenario": "hand", "scenario_source": "/nonexistent/hand.yaml",
                     "swept": SME, "paths": 4, "seed": 7, "fundsim_version": "0.2.0",
                     "general_months": 12.0, "difficult_months": 24.0,
                     "parameters": yaml.safe_dump(record, allow_unicode=True),
                     "warnings": SME_PAST_END + "\n" + LARGE_PAST_END})
    return ds


def hand_compare() -> xr.Dataset:
    """The shipped default against 'raised' (whose file is gone), one path, 2020–2021.

    Returns 5.00 and 6.25 亿元; pool transfers 1,000 and 3,000 万元; public finance 2,000 and
    5,500 万元; training 100 万元 in both; the lowest reserve 14 and 8 months; regions below 12
    months 0 and 2, below 24 months 3 and 4. The province's reserve is 26 months in January
    2020 in both, then 20 (default) and 11.5 (raised) in January 2021.
    """
    months = np.arange("2020-01", "2022-01", dtype="datetime64[M]").astype("datetime64[ns]")
    metrics = {
        "returns_paid_total": [5e8, 6.25e8], "pool_transfer_total": [1e7, 3e7],
        "fiscal_subsidy_total": [2e7, 5.5e7], "training_paid_total": [1e6, 1e6],
        "lowest_reserve_months": [14.0, 8.0], "regions_below_general": [0.0, 2.0],
        "regions_below_difficult": [3.0, 4.0],
    }
    data = {name: (("scenario",), np.array(v)) for name, v in metrics.items()}
    province = np.array([[26.0] * 12 + [20.0] * 12, [26.0] * 12 + [11.5] * 12])
    weakest = np.array([[14.0] * 12 + [15.0] * 12, [14.0] * 12 + [8.0] * 12])
    data["province_reserve_months"] = (("scenario", "month"), province)
    data["lowest_reserve_months_by_month"] = (("scenario", "month"), weakest)
    data["balance_total"] = (("scenario", "month"),
                             np.array([np.linspace(3e9, 4e9, 24), np.linspace(3e9, 3.5e9, 24)]))
    ds = xr.Dataset(data, coords={"scenario": ["default", "raised"], "month": months})
    ds.attrs.update({"scenarios": f"{locate('default')}\n/nonexistent/raised.yaml",
                     "paths": 1, "seed": 0, "general_months": 12.0, "difficult_months": 24.0,
                     "fundsim_version": "0.2.0", "warnings": "default: " + LARGE_PAST_END})
    return ds


def hand_frontier(ratio: float = 0.55, achieved: float = 0.955, scope: str = "regions",
                  first: float = 1.0) -> xr.Dataset:
    """A curve over 0, 25, 50, 75 and 100% with probabilities 100, 100, 96, 90 and 50%; the
    frontier at 55% (95.5%) with a 95% target; 乌兰察布市 excluded; two regions' risks."""
    ds = xr.Dataset(
        {"probability": ("ratio", [first, 1.0, 0.96, 0.9, 0.5]),
         "region_fail_probability": (("ratio", "region"),
                                     [[0.0, 0.2], [0.0, 0.3], [0.01, 0.5], [0.05, 0.8],
                                      [0.3, 1.0]])},
        coords={"ratio": [0.0, 0.25, 0.5, 0.75, 1.0], "region": ["150100", "150900"],
                "region_name": ("region", ["呼和浩特市", "乌兰察布市"])})
    ds.attrs.update({"key": SME, "probability": 0.95, "scope": scope, "frontier_ratio": ratio,
                     "achieved_probability": achieved, "tolerance": 0.005,
                     "excluded_regions": "150900 乌兰察布市" if scope == "regions" else "",
                     "evaluations": 12})
    return ds


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], tuple[str, list[str]]]:
    """Each hand-built folder's page in each language, with the warnings drawing it raised."""
    renderers = {"sweep": (sweep_page.render_sweep_report, hand_sweep()),
                 "compare": (compare_page.render_compare_report, hand_compare()),
                 "frontier": (frontier_page.render_frontier_report, hand_frontier())}
    out = {}
    for kind, (render_page, ds) in renderers.items():
        for lang in LANGUAGES:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                text = render_page(ds, lang)
            out[kind, lang] = (text, [str(w.message) for w in caught])
    return out


@pytest.fixture(scope="module")
def sweep_pages(rendered) -> dict[str, Page]:
    return {lang: Page(rendered["sweep", lang][0]) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def compare_pages(rendered) -> dict[str, Page]:
    return {lang: Page(rendered["compare", lang][0]) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def frontier_pages(rendered) -> dict[str, Page]:
    return {lang: Page(rendered["frontier", lang][0]) for lang in LANGUAGES}


def test_every_character_has_a_glyph_in_the_page_and_in_its_charts(rendered):
    for (kind, lang), (text, raised) in rendered.items():
        assert not [w for w in raised if "Glyph" in w or "missing from" in w], (kind, lang)
        data = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", text)[1]
        cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
        missing = sorted(c for c in set(Page(text).plain) - set(" \n\t") if ord(c) not in cmap)
        assert not missing, f"{kind} {lang}: no glyph for {missing}"


# --------------------------------------------------------------------------- a sweep


def test_a_sweep_report_asks_its_question_and_tabulates_every_value(sweep_pages):
    page = sweep_pages["zh"]
    text = page.plain
    assert "参数扫描报告：hand" in text
    assert "如果稳岗返还比例·中小微企业（policy.returns.ratio.sme）依次取 30%、60%、90%" in text
    assert "每个取值 4 条（随机种子 7）" in text
    table = page.table("各取值的全期主要结果，4 条路径的均值")
    assert table["head"][0] == [
        "稳岗返还比例·中小微企业", "稳岗返还支出（亿元）", "调剂金拨付（万元）",
        "财政补贴合计（万元）", "财政补贴：弥补调剂金不足的稳岗返还（万元）",
        "财政补贴：防止基金余额为负（万元）", "最低备付月数", "低于 12 个月的地区数",
        "低于 24 个月的地区数"]
    assert page.rows("各取值的全期主要结果") == {
        "30%": ["3.00", "0", "0", "0", "0", "30.0", "0.0", "1"],
        "60%": ["6.00", "500", "200", "200", "0", "▽18.0 (低于 24 个月)", "1.0", "2"],
        "90%": ["9.00", "2,000", "5,000", "4,000", "1,000", "▼9.5 (低于 12 个月)", "2.5", "3"],
    }
    assert "全期稳岗返还支出：最低 3.00 亿元（30%），最高 9.00 亿元（90%）。" in text


def test_a_sweep_report_warns_where_regions_fail_and_public_finance_pays(sweep_pages):
    text = sweep_pages["zh"].plain
    assert ("3 个取值中的 2 个（60%–90%）都有地区低于 12 个月：地区数最少 1（60%），"
            "最多 2.5（90%）。") in text
    assert "全部 3 个取值都有地区低于 24 个月：地区数最少 1（30%），最多 3（90%）。" in text
    assert ("3 个取值中的 2 个（60%–90%）都需要财政补贴弥补调剂金不足的稳岗返还："
            "最少 200 万元（60%），最多 4,000 万元（90%）。") in text
    assert "至少一个地区低于 12 个月的概率：最低 0%（30%），最高 75%（90%）。" in text
    assert "参数 policy.returns.ratio.large：自 2021-01-01 起" in text
    # the sweep sets the SME ratio itself: the notice's end date does not apply to it
    assert "参数 policy.returns.ratio.sme：" not in text


def test_a_sweep_report_shows_risks_charts_and_the_other_parameters(sweep_pages):
    page = sweep_pages["zh"]
    assert len(page.images) == 3  # money, reserves, risks
    assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in page.images)
    assert "全期稳岗返还支出 3.00 亿元 至 9.00 亿元" in page.images[0]["alt"]
    risks = page.rows("各取值的风险（4 条路径）")
    assert risks["90%"][:3] == ["75%", "100%", "100%"]
    assert risks["90%"][5] == "2–3"  # regions below 12 months: 0.8 × 2.5 to 1.2 × 2.5
    parameters = [row[0] for row in page.table("模拟期内生效的政策参数")["rows"]]
    assert any("policy.returns.ratio.large" in p for p in parameters)
    assert not any(SME in p for p in parameters), "the swept key takes the swept values"
    assert (f"fundsim sweep /nonexistent/hand.yaml --set {SME}=0.3,0.6,0.9 --paths 4 --seed 7"
            in page.plain)


def test_the_english_sweep_report_says_the_same_in_million_yuan(sweep_pages):
    page = sweep_pages["en"]
    text = page.plain
    assert "Parameter sweep: hand" in text
    rows = page.rows("Results over the period by swept value, mean of 4 paths")
    assert rows["90%"][:5] == ["900", "20.0", "50.0", "40.0", "10.0"]
    assert page.table("Results over the period")["head"][0][1] == "Returns paid (million yuan)"
    assert ("Regions fall below 12 months at 2 of 3 values (60%–90%): fewest 1 (at 60%), "
            "most 2.5 (at 90%).") in text
    assert "Risks by swept value (4 paths)" in text


# --------------------------------------------------------------------------- a comparison


def test_a_comparison_names_its_scenarios_and_their_descriptions(compare_pages):
    page = compare_pages["zh"]
    text = page.plain
    assert "情景比较报告：default、raised" in text
    scenarios = page.rows("比较的情景")
    assert scenarios["default"][0].startswith("示意性的内蒙古")
    assert scenarios["raised"][0] == "（情景文件已不存在、无法读取，或没有给出说明。）"
    assert scenarios["raised"][1] == "2020年1月 至 2021年12月"


def test_a_comparison_tabulates_the_scenarios_and_the_differences_against_the_first(
        compare_pages):
    page = compare_pages["zh"]
    assert page.rows("各情景的全期主要结果") == {
        "default": ["5.00", "1,000", "2,000", "100", "14.0", "0", "3"],
        "raised": ["6.25", "3,000", "5,500", "100", "8.0", "2", "4"],
    }
    assert page.table("与 default 的差异")["head"][0][1:4] == [
        "稳岗返还支出（亿元）", "调剂金拨付（万元）", "财政补贴合计（万元）"]
    assert page.rows("与 default 的差异") == {
        "raised": ["+1.25", "+2,000", "+3,500", "0", "−6.0", "+2", "+1"]}
    text = page.plain
    assert ("raised 与 default 相比：稳岗返还 +1.25 亿元，财政补贴 +3,500 万元，"
            "至少一年低于 12 个月的地区数 +2。") in text
    assert "raised：2 个地区至少一年低于 12 个月，4 个低于 24 个月。" in text
    assert "raised：需要财政补贴 5,500 万元。" in text
    assert "default：参数 policy.returns.ratio.large：自 2021-01-01 起" in text


def test_a_comparison_overlays_the_projections_and_tabulates_each_january(compare_pages):
    page = compare_pages["zh"]
    assert len(page.images) == 2
    assert "期末全省：default 20.0、raised 11.5" in page.images[0]["alt"]
    assert page.rows("每年一月评估的全省备付月数") == {
        "default": ["26.0", "▽20.0 (低于 24 个月)"],
        "raised": ["26.0", "▼11.5 (低于 12 个月)"]}


def test_the_english_comparison_says_the_same_in_million_yuan(compare_pages):
    text = compare_pages["en"].plain
    assert "Scenario comparison: default, raised" in text
    assert ("raised against default: returns paid +125 million yuan, fiscal subsidy +35.0 "
            "million yuan, regions below 12 months in at least one year +2.") in text
    assert "raised: public finance adds 55.0 million yuan." in text


# --------------------------------------------------------------------------- a frontier


def test_a_frontier_report_answers_in_one_sentence(frontier_pages):
    page = frontier_pages["zh"]
    text = page.plain
    assert ("稳岗返还比例·中小微企业（policy.returns.ratio.sme）最高可设为 55%：在此比例下，"
            "每个地区（被排除的地区除外）在首次评估之后的每次年度评估中都达到一般稳岗返还备付能力标准的"
            "概率不低于 95%（估计为 95.5%）。") in text
    assert re.search(r"容差\s*0.5 个百分点", text) and re.search(r"蒙特卡洛估计次数\s*12", text)
    assert "下列 1 个地区即使比例为 0" in text and "150900 乌兰察布市" in text
    curve = page.rows("曲线上各比例的达标概率（目标 95%）")
    assert curve["50%"] == ["96%", "是"] and curve["75%"] == ["90%", "否"]
    regions = page.rows("各地区在首次评估之后至少一次低于一般标准的概率")
    assert regions["乌兰察布市 （已排除）"] == ["20%", "30%", "50%", "80%", "100%"]
    assert len(page.images) == 1 and "可承受上限 55% 为竖线" in page.images[0]["alt"]


def test_the_english_frontier_report_answers_in_english(frontier_pages):
    text = frontier_pages["en"].plain
    assert ("The highest policy.returns.ratio.sme is 55%: at that ratio, every region (apart "
            "from the excluded ones) keeps the general-return reserve test at every yearly "
            "assessment after the first with a probability of at least 95% (estimated at "
            "95.5%).") in text
    assert re.search(r"Tolerance\s*0.5 percentage points", text)


def test_when_no_ratio_meets_the_target_the_report_says_so():
    ds = hand_frontier(ratio=float("nan"), achieved=float("nan"), scope="province", first=0.9)
    p = frontier_page.FrontierPage(ds, "zh")
    assert p.sentence() == (
        "在 0% 至 100% 之间，没有任何稳岗返还比例·中小微企业（policy.returns.ratio.sme）"
        "能使全省作为一个基金整体在首次评估之后的每次年度评估中以不低于 95% 的概率"
        "达到一般稳岗返还备付能力标准：即使比例为 0%，概率也只有 90%。")
    assert frontier_page.frontier_answer(ds)["ratio"] is None


def test_a_curve_point_above_the_answer_that_meets_the_target_is_pointed_out():
    below = frontier_page.FrontierPage(hand_frontier(ratio=0.45, achieved=0.96), "en")
    assert below.above() == ("Note: above 45%, the curve's estimate also meets the target at "
                             "50% (96%). The Monte Carlo estimate moves in steps and is not "
                             "strictly decreasing in the ratio; the answer is the highest ratio "
                             "meeting the target among those the search evaluated.")
    assert frontier_page.FrontierPage(hand_frontier(), "en").above() is None


# --------------------------------------------------------------------------- folders


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("report")(report_command)
    app.command("other")(lambda: None)  # two commands: "report" stays a sub-command
    return app


def test_each_folder_is_recognised_by_the_file_it_holds(tmp_path):
    for name, ds, title in (("sweep", hand_sweep(), "Parameter sweep: hand"),
                            ("frontier", hand_frontier(), "Affordability frontier")):
        folder = tmp_path / name
        folder.mkdir()
        ds.to_netcdf(folder / f"{name}.nc", engine="h5netcdf")
        result = CliRunner().invoke(cli(), ["report", str(folder), "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert f"report written to {folder / 'report.en.html'}" in result.output
        assert title in (folder / "report.en.html").read_text(encoding="utf-8")
        assert sorted(p.name for p in folder.iterdir()) == sorted([f"{name}.nc", "report.en.html"])


def test_an_empty_folder_is_refused_with_exit_code_2(tmp_path):
    result = CliRunner().invoke(cli(), ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert ("results.nc is missing (and there is no sweep.nc, compare.nc, frontier.nc, "
            "track.nc or optimize.nc: give a folder written by fundsim run, sweep, compare, "
            "frontier, track or optimize)") in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_language_is_refused_and_nothing_is_written(tmp_path):
    hand_compare().to_netcdf(tmp_path / "compare.nc", engine="h5netcdf")
    result = CliRunner().invoke(cli(), ["report", str(tmp_path), "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang [lang]: unknown language 'fr'; one of zh, en" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["compare.nc"]


@pytest.mark.parametrize("name, make, message", [
    ("sweep.nc", lambda: hand_sweep().drop_vars(["returns_paid_total", "fiscal_subsidy_total"]),
     "not a fundsim sweep file (missing variables returns_paid_total, fiscal_subsidy_total)"),
    ("sweep.nc", lambda: hand_sweep().assign_attrs(swept="policy.returns.ratio.large"),
     "the swept keys policy.returns.ratio.large are not dimensions of the file"),
    ("compare.nc", lambda: hand_compare().drop_vars("balance_total"),
     "not a fundsim comparison file (missing variables balance_total)"),
    ("frontier.nc", lambda: hand_frontier().drop_attrs(),
     "not a fundsim frontier file (missing global attributes key, probability, scope"),
])
def test_a_file_that_is_not_what_its_name_says_is_refused(tmp_path, name, make, message):
    make().to_netcdf(tmp_path / name, engine="h5netcdf")
    with pytest.raises(InputError) as caught:
        write_report(tmp_path)
    assert message in str(caught.value)
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_folder_holding_two_kinds_is_refused(tmp_path):
    hand_sweep().to_netcdf(tmp_path / "sweep.nc", engine="h5netcdf")
    hand_compare().to_netcdf(tmp_path / "compare.nc", engine="h5netcdf")
    with pytest.raises(InputError, match="holds both sweep.nc and compare.nc"):
        write_report(tmp_path)


# --------------------------------------------------------------------------- the commands


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """What sweep, compare and frontier write, through their own save functions."""
    root = tmp_path_factory.mktemp("written")
    folders = {name: root / name for name in ("sweep", "compare", "frontier")}
    for folder in folders.values():
        folder.mkdir()
    save_sweep(sweep("special-2020", [f"{SME}=0.5,1.0"], paths=3), folders["sweep"])
    save_compare(compare(["special-2020", "default"], paths=3), folders["compare"])
    save_frontier(frontier("default", scope="province", paths=10, curve_points=5,
                           tolerance=0.05), folders["frontier"])
    return folders


def test_sweep_compare_and_frontier_write_their_chinese_report(written):
    for name, title in (("sweep", "参数扫描报告：special-2020"),
                        ("compare", "情景比较报告：special-2020、default"),
                        ("frontier", "可承受性前沿：稳岗返还比例·中小微企业")):
        page = Page((written[name] / "report.html").read_text(encoding="utf-8"))
        assert title in page.plain, name
        assert not [p for p in written[name].iterdir() if p.name.startswith(".")]


def test_the_written_sweep_report_shows_the_figures_of_its_sweep_nc(written):
    ds = xr.load_dataset(written["sweep"] / "sweep.nc", engine="h5netcdf")
    page = Page((written["sweep"] / "report.html").read_text(encoding="utf-8"))
    returns = ds["returns_paid_total"].values
    unit = num.money_unit(returns, "zh")
    rows = page.rows("各取值的全期主要结果，3 条路径的均值")
    assert [rows[v][0] for v in ("50%", "100%")] == [unit.format(r) for r in returns]
    assert page.table("各取值的全期主要结果")["head"][0][1] == f"稳岗返还支出（{unit.label}）"


def test_without_plots_no_report_is_written(written, tmp_path):
    ds = xr.load_dataset(written["sweep"] / "sweep.nc", engine="h5netcdf")
    save_sweep(ds, tmp_path, plots=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.csv", "sweep.nc"]


def test_the_sweep_and_compare_reports_render_in_chromium(written, tmp_path):
    from fundsim.present.report.browser import check_page, find_chromium

    executable = find_chromium()
    if executable is None:
        reason = ("Chromium is not installed (apt-get install chromium); under CI=true this "
                  "test fails instead of skipping")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    for name, charts in (("sweep", 3), ("compare", 2)):
        page = check_page(written[name] / "report.html", screenshot=tmp_path / f"{name}.png",
                          executable=executable)
        assert page.title.startswith({"sweep": "参数扫描报告", "compare": "情景比较报告"}[name])
        assert len(page.images) == charts and not page.broken_images, page.images
        assert all(image["alt"] for image in page.images)
        assert page.console == [], "no console errors, warnings or failed loads"
        assert page.network_requests == [], "nothing fetched from the network"
        assert page.print_breaks == ["page"] * charts, "one chart per printed page"
