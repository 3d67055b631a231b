"""Outputs as Excel users read them: one money unit per file, named in columns.csv; the .xlsx
workbooks; roster figures to the fen.

The province is region 乙 (B) of tests/test_hand_cases.py alone, with a pool large enough to
pay its capped grants both years (24 months from January 2020, no growth or interest):
- returns: 100% × 1,200,000 in 2020 + 60% × 1,200,000 in 2021 = 1,920,000 yuan = 192 万元;
- pool grants 2 × 60,000 a year = 240,000 yuan = 24 万元; public finance 1,080,000 + 600,000 =
  1,680,000 yuan = 168 万元;
- closing balance: 1,020,000 at December 2020, then January 2021 1,660,000 and −20,000 a month:
  1,660,000 − 11 × 20,000 = 1,440,000 yuan = 144 万元 = 0.0144 亿元.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import write_province
from typer.testing import CliRunner

import fundsim
from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.present.outputs import save_roster, save_run, save_sweep
from fundsim.present.workbook import run_workbook
from fundsim.roster import columns as roster_columns
from fundsim.roster.io import write_csv_file
from fundsim.roster.runner import run_roster
from fundsim.run import columns, files, tables
from fundsim.run.sweep import sweep

B = {"code": "B", "name": "乙市", "insured": 2000, "wage": 5000, "opening_balance": 600_000,
     "last_year_expenditure": 1_200_000, "last_year_benefits": 720_000,
     "last_year_contributions": 1_200_000, "benefit_recipients": 40, "monthly_benefit": 1500}
ROSTER = Path(__file__).parent / "fixtures" / "roster"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return write_province(tmp_path_factory.mktemp("b") / "province", [B], pool=1_000_000)


@pytest.fixture(scope="module")
def runs(scenario, tmp_path_factory) -> dict[str, Path]:
    """The run's tables with the default unit (万元), and the run saved in yuan with its
    workbook."""
    ds = fundsim.simulate(scenario)
    folders = {"ds": ds, "万元": tmp_path_factory.mktemp("wan"),
               "yuan": tmp_path_factory.mktemp("yuan")}
    files.write_run_tables(ds, folders["万元"], dictionary=True)
    save_run(ds, folders["yuan"], plots=False, unit="yuan", excel=True)
    return folders


def _region(folder: Path, file: str = "summary.csv") -> pd.Series:
    table = pd.read_csv(folder / file, dtype={"code": str})
    return table.set_index("code").loc["B"]


def test_the_default_run_is_in_wan_and_a_yuan_run_holds_10000_times_its_figures(runs):
    wan, yuan = _region(runs["万元"]), _region(runs["yuan"])
    assert wan["closing_balance_wan"] == pytest.approx(144.0)
    assert wan["returns_paid_wan"] == pytest.approx(192.0)
    assert wan["pool_received_wan"] == pytest.approx(24.0)
    assert wan["fiscal_subsidy_wan"] == pytest.approx(168.0)
    assert yuan["closing_balance_yuan"] == pytest.approx(1_440_000.00)
    assert yuan["returns_paid_yuan"] == pytest.approx(10_000 * wan["returns_paid_wan"])
    assert "closing_balance_wan" not in yuan.index  # the key names the unit, so no mix-up
    assert yuan["lowest_reserve_months"] == wan["lowest_reserve_months"]  # months stay months
    # yuan to the fen in the file itself: "1440000.00"
    text = (runs["yuan"] / "summary.csv").read_text(encoding="utf-8-sig")
    assert re.search(r"^B,乙市,.*,1440000\.00,", text, re.M)


def test_the_default_csvs_are_written_byte_for_byte_as_before(runs):
    """万元 as before this change: ``to_csv`` with 4 decimals, UTF-8 with BOM."""
    ds, folder = runs["ds"], runs["万元"]
    for file, table in (("summary.csv", tables.summary_table(ds)),
                        ("annual.csv", tables.annual_table(ds))):
        before = table.to_csv(index=False, float_format="%.4f", lineterminator="\n")
        assert (folder / file).read_bytes().replace(b"\r\n", b"\n") == (
            b"\xef\xbb\xbf" + before.encode("utf-8"))


def test_columns_csv_names_each_columns_chinese_name_and_unit(runs):
    for unit, label in (("万元", "万元"), ("yuan", "元")):
        dictionary = pd.read_csv(runs[unit] / "columns.csv")
        suffix = "wan" if unit == "万元" else "yuan"
        row = dictionary.set_index(["file", "column"]).loc[("summary.csv",
                                                             f"closing_balance_{suffix}")]
        assert (row["name_zh"], row["unit"]) == ("期末滚存结余", label)
        # every column of every CSV written is in the dictionary, in order
        for file in ("summary.csv", "annual.csv"):
            header = list(pd.read_csv(runs[unit] / file, nrows=0).columns)
            assert list(dictionary.loc[dictionary["file"] == file, "column"]) == header
        money = dictionary[dictionary["unit"].isin(["元", "万元", "亿元"])]
        assert set(money["unit"]) == {label}  # one money unit per file


def test_the_workbook_has_a_sheet_per_table_with_chinese_headers_reading_back_the_csv(runs):
    book = openpyxl.load_workbook(runs["yuan"] / "results.xlsx")
    assert book.sheetnames == ["汇总", "年度决算", "单位与来源"]
    sheet = book["汇总"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["地区代码", "地区名称", "最低备付月数"]
    column = header.index("期末滚存结余（元）")
    cell = sheet.cell(row=2, column=column + 1)  # B, the only region
    assert cell.value == _region(runs["yuan"])["closing_balance_yuan"] == 1_440_000
    assert cell.number_format == "#,##0.00"  # thousands separators
    assert sheet.freeze_panes == "C2"  # header row and code/name frozen
    annual = book["年度决算"]
    assert [c.value for c in annual[1]][:4] == ["年度", "地区代码", "地区名称",
                                                "基金收入合计（元）"]
    assert annual.cell(row=2, column=1).number_format == "0"  # a year has no separator
    units = [[c for c in row if c is not None]
             for row in book["单位与来源"].iter_rows(values_only=True)]
    assert ["金额单位", "元"] in units
    assert ["summary.csv", "closing_balance_yuan", "期末滚存结余", "元",
            "最后一个月末的基金结余；全省行含调剂金结余", "汇总"] in units
    ratio = [row for row in units if row and row[0] == "policy.returns.ratio.sme"]
    assert ratio and all("[" in str(row[4]) for row in ratio)  # each value with its notice
    # the same results give the same bytes (no time of writing inside)
    again = run_workbook(runs["ds"], files.run_tables(runs["ds"], "yuan"), "yuan",
                         runs["yuan"] / "again.xlsx")
    assert again.read_bytes() == (runs["yuan"] / "results.xlsx").read_bytes()


def test_a_sweep_csv_is_in_wan_like_the_run_and_a_bad_unit_is_refused(scenario, tmp_path):
    # Returns at a 50% ratio for both years: 2 × 50% × 1,200,000 = 1,200,000 yuan = 120 万元;
    # at 100%: 240 万元.
    ds = sweep(scenario, ["policy.returns.ratio.sme=0.5,1.0"])
    save_sweep(ds, tmp_path, plots=False, excel=True)
    table = pd.read_csv(tmp_path / "sweep.csv")
    assert list(table["returns_paid_wan"]) == pytest.approx([120.0, 240.0])
    assert {p.name for p in tmp_path.iterdir()} == {"sweep.nc", "sweep.csv", "columns.csv",
                                                    "sweep.xlsx"}
    sheet = openpyxl.load_workbook(tmp_path / "sweep.xlsx")["参数扫描"]
    assert [c.value for c in sheet[1]][:2] == ["扫描参数 policy.returns.ratio.sme",
                                               "稳岗返还支出（万元）"]
    assert sheet.cell(row=3, column=2).value == pytest.approx(240.0)
    with pytest.raises(InputError, match="千元"):
        columns.parse_unit("千元")
    result = CliRunner().invoke(app, ["run", str(scenario), "--unit", "千元", "--no-plots"])
    assert result.exit_code == 2 and "--unit" in result.output


def test_units_are_spelt_either_way_and_a_compare_diff_key_follows_the_unit():
    assert {columns.parse_unit(s).code for s in ("yuan", "元")} == {"yuan"}
    assert {columns.parse_unit(s).code for s in ("wan", "万元", "WAN")} == {"wan"}
    assert {columns.parse_unit(s).code for s in ("yi", "亿元")} == {"yi"}
    # compare.csv as the run layer makes it (亿元): 3.5 亿元 more returns is 35,000 万元
    made = pd.DataFrame({"scenario": ["a", "b"], "returns_paid_yi": [1.0, 4.5],
                         "returns_paid_yi_diff": [0.0, 3.5], "lowest_reserve_months": [6.0, 5.0]})
    wan = columns.in_unit(made, "compare.csv", "万元")
    assert list(wan.columns) == ["scenario", "returns_paid_wan", "returns_paid_wan_diff",
                                 "lowest_reserve_months"]
    assert list(wan["returns_paid_wan_diff"]) == [0.0, 35_000.0]
    assert list(wan["lowest_reserve_months"]) == [6.0, 5.0]


def test_a_stochastic_runs_risk_csv_is_in_the_dictionary_too(scenario, tmp_path):
    ds = fundsim.simulate(scenario, paths=3, seed=1)
    written = files.write_run_tables(ds, tmp_path, "亿元", dictionary=True)
    assert "fiscal_p95_yi" in written["risk.csv"].columns
    dictionary = pd.read_csv(tmp_path / "columns.csv")
    assert len(dictionary) == sum(len(t.columns) for t in written.values())
    assert not (dictionary["name_zh"] == dictionary["column"]).any()  # every column known


def test_roster_money_is_written_to_the_fen_without_the_wan_copy(tmp_path):
    # Sums of yuan pick up float noise: 8,919,880.849999994 is 8,919,880.85 yuan.
    frame = pd.DataFrame({"code": ["R"], "name_zh": ["甲市"], "name_en": ["R"],
                          "entitlement": [8919880.849999994], "entitlement_wan": [891.988085],
                          "share_of_base": [0.123456789]})
    write_csv_file(frame, tmp_path / "by_region.csv")
    text = (tmp_path / "by_region.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1] == '"R","甲市","R",8919880.85,0.123456789'  # shares untouched
    assert "entitlement_wan" not in text


def test_a_roster_folder_has_its_dictionary_and_workbook_in_yuan(tmp_path):
    run = run_roster(ROSTER / "hand_2021.csv", ROSTER / "scenario.yaml")
    save_roster(run, tmp_path)
    money = re.compile(r"^-?\d+\.\d{3,}$")
    dictionary = pd.read_csv(tmp_path / "columns.csv")
    for file in dictionary["file"].unique():
        table = pd.read_csv(tmp_path / file, dtype=str, keep_default_na=False)
        assert list(table.columns) == list(dictionary.loc[dictionary["file"] == file, "column"])
        for key in dictionary.loc[(dictionary["file"] == file) & (dictionary["unit"] == "元"),
                                  "column"]:
            assert not table[key].str.match(money).any(), (file, key)  # at most 2 decimals
    assert not (dictionary["name_zh"] == dictionary["column"]).any()
    assert set(dictionary["unit"]) & {"万元", "亿元"} == set()
    book = openpyxl.load_workbook(tmp_path / "roster.xlsx")
    assert book.sheetnames[0] == "按地区" and book.sheetnames[-1] == "单位与来源"
    sheet = book["按地区"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["分组代码", "分组名称"] and "应返还金额（元）" in header
    # the total row's entitlement: every entitlement of the hand roster's decisions
    csv = pd.read_csv(tmp_path / "by_region.csv", dtype={"code": str})
    total = sheet.cell(row=len(csv) + 1, column=header.index("应返还金额（元）") + 1).value
    assert total == csv["entitlement"].iloc[-1] == pytest.approx(run.decisions["entitlement"]
                                                                 .sum())


def test_the_dictionary_agrees_with_the_roster_indicators():
    decisions = {c.key: c.zh for c in columns.ROSTER_FILES["decisions.csv"]}
    for name, column in roster_columns.BY_NAME.items():
        if name in decisions:
            assert decisions[name] == column.zh, name
