"""Monthly actuals as a planner brings them: a long table of regions × months, checked in one
pass (every problem at once, a balance that does not follow from its flows named with the gap),
in any of the forms Excel users write, and the template and the shipped example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.actuals import (
    EXAMPLE,
    IDENTITY_IN,
    IDENTITY_OUT,
    load_actuals,
    parse_month,
)
from fundsim.inputs.actuals_template import write_actuals_template
from fundsim.inputs.regions import Regions

START = np.datetime64("2025-01")
# Two regions: 甲市 holds 1,000,000 yuan at the start, 乙市 500,000.
REGIONS = Regions(code=np.array(["110001", "110002"]), name=np.array(["甲市", "乙市"]),
                  values={"opening_balance": np.array([1_000_000.0, 500_000.0])},
                  cap_override=np.array([np.nan, np.nan]))
OPENING = REGIONS["opening_balance"]
FLOWS = [*IDENTITY_IN, *IDENTITY_OUT]
OTHER = [k for k in FLOWS if k not in ("contributions", "benefits", "returns_paid")]


def load(path: Path, months: int = 12):
    return load_actuals(path, REGIONS, START, months, OPENING)


def problems(path: Path, months: int = 12) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path, months)
    return [str(p) for p in caught.value.problems]


def flows_csv(path: Path, rows: list[tuple[str, str, float, float, float, float, float]]) -> Path:
    """A file giving the balance and every flow: (region, month, balance, contributions,
    benefits, returns_general, returns_difficult); every other flow 0."""
    header = ["region", "month", "balance", "contributions", "benefits", "returns_general",
              "returns_difficult", *OTHER]
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join([*map(str, row), *["0"] * len(OTHER)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_consistent_file_loads_with_every_region_in_the_data_order(tmp_path):
    # 甲市, January: 1,000,000 + 200,000 − 150,000 − (20,000 + 5,000) = 1,025,000;
    #       February: 1,025,000 + 210,000 − 160,000 − 0 = 1,075,000.
    # 乙市, January: 500,000 + 80,000 − 100,000 − 0 = 480,000; February: 480,000 + 90,000
    #       − 70,000 − 4,000 = 496,000. The file lists 乙市 first: the arrays follow the data.
    path = flows_csv(tmp_path / "a.csv", [
        ("110002", "2025-01", 480_000, 80_000, 100_000, 0, 0),
        ("110002", "2025-02", 496_000, 90_000, 70_000, 4_000, 0),
        ("110001", "2025-01", 1_025_000, 200_000, 150_000, 20_000, 5_000),
        ("110001", "2025-02", 1_075_000, 210_000, 160_000, 0, 0),
    ])
    actuals = load(path)
    assert [str(m) for m in actuals.months] == ["2025-01", "2025-02"]
    assert actuals.last_month == np.datetime64("2025-02")
    assert list(actuals.region) == ["110001", "110002"]
    np.testing.assert_array_equal(actuals.get("balance"),
                                  [[1_025_000, 480_000], [1_075_000, 496_000]])
    # returns_paid is the sum of its parts where the file gives only the parts
    np.testing.assert_array_equal(actuals.get("returns_paid"), [[25_000, 0], [0, 4_000]])
    np.testing.assert_array_equal(actuals.get("contributions"),
                                  [[200_000, 80_000], [210_000, 90_000]])
    assert np.isnan(actuals.get("recipients")).all()  # a column not in the file
    assert "recipients" not in actuals.values
    assert [str(m) for m in actuals.up_to(np.datetime64("2025-01")).months] == ["2025-01"]


def test_a_balance_12345_yuan_off_is_named_with_its_row_and_the_gap(tmp_path):
    # row 3 (乙市, January) should hold 480,000 and holds 492,345: 12,345 too much
    path = flows_csv(tmp_path / "gap.csv", [
        ("110001", "2025-01", 1_025_000, 200_000, 150_000, 20_000, 5_000),
        ("110002", "2025-01", 492_345, 80_000, 100_000, 0, 0),
    ])
    found = problems(path)
    assert found == [f"{path}, row 3 [balance]: balance is 12,345 yuan above the previous "
                     "balance plus the month's flows (expected 480,000, given 492,345)"]


def test_a_month_with_a_flow_not_reported_is_not_checked(tmp_path):
    path = tmp_path / "partial.csv"
    path.write_text("region,month,balance,contributions\n110001,2025-01,3,1\n110002,2025-01,"
                    "7,2\n", encoding="utf-8")
    actuals = load(path)
    np.testing.assert_array_equal(actuals.get("balance"), [[3, 7]])


def test_every_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "region,month,benefits,bonus\n"
        "110001,2025-01,100,\n"
        "110001,2025-01,200,\n"      # row 3: the same region and month again
        "110002,2025-01,-5,\n"       # row 4: negative
        "999999,2025-01,1,\n"        # row 5: no such region
        "110002,2025-13,1,\n"        # row 6: no such month
        "110001,2025-03,1,\n"        # February missing for both
        "110002,2025-03,1,\n",
        encoding="utf-8")
    found = problems(path)
    expected = [
        f"{path}, row 1 [bonus]: unknown column; the known columns are region",
        f"{path}, row 3 [month]: duplicate: region 110001 (甲市) in 2025-01 is also on row 2",
        f"{path}, row 4 [benefits]: negative: benefits cannot be below 0 (got '-5')",
        f"{path}, row 5 [region]: unknown region '999999'",
        f"{path}, row 6 [month]: not a month: '2025-13'",
        f"{path} [month]: no row for 2025-02: the months run without a gap from the run's "
        "first month, 2025-01, to the last given, 2025-03",
    ]
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), line


def test_months_outside_the_run_and_a_region_missing_a_month(tmp_path):
    path = tmp_path / "months.csv"
    path.write_text("region,month\n甲市,2024-12\n甲市,2025-01\n乙市,2025-01\n甲市,2025-02\n"
                    "甲市,2025-04\n", encoding="utf-8")
    found = problems(path, months=3)
    assert found == [
        f"{path}, row 2 [month]: 2024-12 is before the run's first month (the run covers "
        "2025-01 to 2025-03)",
        f"{path}, row 6 [month]: 2025-04 is after the run's last month (the run covers "
        "2025-01 to 2025-03)",
        f"{path} [region]: region 110002 (乙市) has no row for 2025-02",
    ]


def test_returns_parts_that_do_not_add_up_to_the_total(tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text("region,month,returns_general,returns_difficult,returns_paid\n"
                    "110001,2025-01,100,50,150\n110002,2025-01,100,50,160\n", encoding="utf-8")
    assert problems(path) == [f"{path}, row 3 [returns_paid]: returns_general + "
                              "returns_difficult = 150 yuan, but returns_paid is 160"]


def test_money_in_wan_and_yi_is_converted_to_yuan(tmp_path):
    path = tmp_path / "wan.csv"
    path.write_text("region,month,失业保险金（万元）,contributions_wan,balance_yi,recipients\n"
                    "110001,2025-01,12.5,\"1,234.56\",0.5,300\n110002,2025-01,0.01,1,2,40\n",
                    encoding="utf-8")
    actuals = load(path)
    # 12.5 万元 = 125,000 yuan; 1,234.56 万元 = 12,345,600; 0.5 亿元 = 50,000,000
    np.testing.assert_allclose(actuals.get("benefits"), [[125_000, 100]])
    np.testing.assert_allclose(actuals.get("contributions"), [[12_345_600, 10_000]])
    np.testing.assert_allclose(actuals.get("balance"), [[50_000_000, 200_000_000]])
    np.testing.assert_array_equal(actuals.get("recipients"), [[300, 40]])  # persons stay
    assert any("benefits, contributions in 万元 converted to yuan" in n for n in actuals.notes)
    assert any("balance in 亿元 converted to yuan" in n for n in actuals.notes)


def test_chinese_headers_region_names_and_a_gbk_file(tmp_path):
    path = tmp_path / "gbk.csv"
    text = ("统筹地区,月份,期末滚存结余(元),失业保险费收入,月末领取失业保险金人数\n"
            "甲市,2025年1月,\"1,025,000\",\"200,000\",310\n"
            "乙市,2025年1月,480000.5,80000,95\n")
    path.write_bytes(text.encode("gbk"))
    actuals = load(path)
    np.testing.assert_array_equal(actuals.get("balance"), [[1_025_000, 480_000.5]])
    np.testing.assert_array_equal(actuals.get("contributions"), [[200_000, 80_000]])
    np.testing.assert_array_equal(actuals.get("recipients"), [[310, 95]])
    assert any("GBK" in note for note in actuals.notes)


@pytest.mark.parametrize("text", ["2025-03", "2025/3", "2025-3", "2025年3月", "202503",
                                  "2025-03-31", "2025/3/31 0:00:00", "2025-03-01 00:00:00",
                                  "20250315", "45717"])
def test_every_way_of_writing_march_2025(text):
    # 45717 is March 1st 2025 as an Excel date serial (days since 1899-12-30)
    assert parse_month(text) == np.datetime64("2025-03")


@pytest.mark.parametrize("text", ["2025-13", "2025", "March", "2025-02-30", "25-03"])
def test_what_is_not_a_month(text):
    assert parse_month(text) is None


def test_a_workbook_with_date_cells_and_two_header_rows(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["地区代码", "月份", "失业保险金(元)"])
    sheet.append(["region", "month", "benefits"])
    sheet.append(["110001", dt.datetime(2025, 1, 1), 1500.25])
    sheet.append([110002, dt.date(2025, 1, 31), 800])  # a code typed as a number
    path = tmp_path / "a.xlsx"
    book.save(path)
    actuals = load(path)
    np.testing.assert_array_equal(actuals.get("benefits"), [[1500.25, 800]])


def test_a_parquet_table(tmp_path):
    import pandas as pd

    path = tmp_path / "a.parquet"
    pd.DataFrame({"region": ["110001", "110002"], "month": pd.to_datetime(["2025-01-01"] * 2),
                  "new_claims": [12.0, np.nan]}).to_parquet(path)
    actuals = load(path)
    np.testing.assert_array_equal(actuals.get("new_claims"), [[12, np.nan]])


@pytest.mark.parametrize("name", ["template.csv", "template.xlsx"])
def test_the_template_round_trips_empty(tmp_path, name):
    path = write_actuals_template(tmp_path / name, REGIONS, START, months=6)
    actuals = load(path)
    assert [str(m) for m in actuals.months] == [f"2025-0{k}" for k in range(1, 7)]
    assert list(actuals.region) == ["110001", "110002"]
    assert actuals.values == {}  # nothing reported yet
    assert np.isnan(actuals.get("balance")).all() and actuals.get("balance").shape == (6, 2)


def test_the_csv_template_says_money_is_in_yuan(tmp_path):
    path = write_actuals_template(tmp_path / "t.csv", REGIONS, START, months=1)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("地区代码,地区名称,月份(YYYY-MM),期末滚存结余(元),"
                               "失业保险费收入(元)")
    assert lines[1].startswith("region,name,month,balance,contributions,")
    assert lines[2].startswith("110001,甲市,2025-01,,") and len(lines) == 4


def test_the_shipped_example_loads_against_the_default_scenario_and_balances():
    from fundsim.inputs.scenario import load_scenario
    from fundsim.run.simulation import prepare

    scenario, regions = prepare(load_scenario("default"))
    actuals = load_actuals(EXAMPLE, regions, scenario.start, scenario.months,
                           regions["opening_balance"])
    assert [str(m) for m in actuals.months] == [f"2020-0{k}" for k in range(1, 7)]
    assert len(actuals.region) == 14
    assert {*FLOWS, "balance", "recipients", "new_claims", "insured", "wage"} <= set(
        actuals.values)
    previous = np.vstack([regions["opening_balance"][None, :], actuals.get("balance")[:-1]])
    net = (sum(actuals.get(k) for k in IDENTITY_IN) - sum(actuals.get(k) for k in IDENTITY_OUT))
    np.testing.assert_allclose(actuals.get("balance"), previous + net, rtol=0, atol=0.005)
    # 呼和浩特市 in January, by hand from the file's first row: 523,052,727.54 opening
    assert actuals.get("balance")[0, 0] == pytest.approx(
        523_052_727.54 + 31_702_089.50 + 653_815.91 - 11_952_503.25 - 3_022_272.00
        - 54_094.15 - 403_687.71 - 109_297.76 - 142_125.00 - 23_020_406.24 - 19_326_043.80,
        abs=0.005)


def test_fundsim_actuals_check_lists_the_problems_and_exits_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("region,month,benefits\n150100,2020-01,x\n呼和浩特市,2020-01,1\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["actuals", "check", str(path)])
    assert result.exit_code == 2
    assert f"{path}, row 2 [benefits]: not a number (got 'x')" in result.output
    assert (f"{path}, row 3 [month]: duplicate: region 150100 (呼和浩特市) in 2020-01 is also "
            "on row 2") in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)


def test_fundsim_actuals_template_then_check(tmp_path):
    out = tmp_path / "actuals.xlsx"
    runner = CliRunner()
    result = runner.invoke(app, ["actuals", "template", str(out), "--months", "2"])
    assert result.exit_code == 0, result.output
    assert "14 regions × 2 months (2020-01 to 2020-02); money in yuan" in result.output
    result = runner.invoke(app, ["actuals", "check", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 months (2020-01 to 2020-02) × 14 regions of scenario default; no problems" in \
        result.output
    again = runner.invoke(app, ["actuals", "template", str(out)])
    assert again.exit_code == 2 and "already exists; pass --force" in again.output


def test_fundsim_actuals_check_names_the_shipped_example_and_what_it_holds():
    result = CliRunner().invoke(app, ["actuals", "check", "default-2020H1"])
    assert result.exit_code == 0, result.output
    assert "6 months (2020-01 to 2020-06) × 14 regions of scenario default; no problems" in \
        result.output
    assert "balance identity checked on 84 of 84 region-months" in result.output
