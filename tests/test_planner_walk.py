"""The path a planner takes with their own province: ``fundsim init``, fill the workbook (as
Excel would, here with openpyxl), ``fundsim check``, ``fundsim run``, read a number back.

The planner fills in the default province's fourteen regions, so the answer must be the default
scenario's to the last digit: same data, same law, same assumptions → same numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from fundsim.cli.app import app
from fundsim.inputs.region_labels import header_zh
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario, shipped_dir
from fundsim.run.simulation import simulate
from fundsim.run.tables import summary_table

runner = CliRunner()
SHIPPED = shipped_dir() / "data" / "inner_mongolia.csv"
STEADY = shipped_dir() / "assumptions" / "steady.yaml"


def fundsim(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, f"exit {result.exit_code}: {result.output}"
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def shipped_rows() -> list[dict[str, str]]:
    with open(SHIPPED, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def as_default(folder: Path) -> None:
    """What the planner writes in scenario.yaml and assumptions.yaml to match ``default``."""
    scenario = folder / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    text = text.replace("pool_opening_balance: 0\n", "pool_opening_balance: 150000000\n")
    text = text.replace(f"start: {dt.date.today().year}-01\n", "start: 2020-01\n")
    scenario.write_text(text, encoding="utf-8")
    (folder / "assumptions.yaml").write_text(STEADY.read_text(encoding="utf-8"),
                                             encoding="utf-8")


def fill_workbook(path: Path) -> None:
    """Type the fourteen regions under the Chinese headers of row 1; delete the example row."""
    book = openpyxl.load_workbook(path)
    sheet = book["地区数据"]
    column = {cell.value: cell.column for cell in sheet[1]}
    sheet.delete_rows(3)                       # the example row
    for r, region in enumerate(shipped_rows(), start=3):
        for key, text in region.items():
            value = text if key in ("code", "name") else (float(text) if text else None)
            sheet.cell(row=r, column=column[header_zh(key)], value=value)
    book.save(path)


def summary_row(path: Path, code: str) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(row for row in csv.DictReader(f) if row["code"] == code)


def xlsx_closing(path: Path, code: str) -> float:
    """期末结余 of a region in results.xlsx's summary sheet (汇总, else the first; 万元)."""
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = next((s for s in book.worksheets if "汇总" in s.title), book.worksheets[0])
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    closing = next(i for i, h in enumerate(header) if h.startswith("期末"))
    return next(float(row[closing]) for row in rows[1:] if str(row[0]) == code)


def test_init_then_fill_check_run_gives_the_default_scenarios_numbers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = fundsim("init", "mine", "--province", "inner_mongolia")
    assert "made mine/" in said and "fundsim check mine/scenario.yaml" in said
    folder = tmp_path / "mine"
    assert {p.name for p in folder.iterdir()} == {"regions.xlsx", "scenario.yaml",
                                                  "assumptions.yaml", "law", "README.md"}
    # law/ is an empty layer of the planner's own, stacked over the shipped province's rules
    assert [p.name for p in (folder / "law").iterdir()] == ["README.md"]
    assert "local_layer: law" in (folder / "scenario.yaml").read_text(encoding="utf-8")

    fill_workbook(folder / "regions.xlsx")
    as_default(folder)
    said = fundsim("check", "mine/scenario.yaml")
    assert "valid: mine — 14 regions from regions.xlsx, 2020-01 + 60 months" in said
    fundsim("run", "mine/scenario.yaml", "--no-plots", "--out", "mine-results")

    default = summary_table(simulate("default")).set_index("code")
    for code in ("150100", "152501"):          # 呼和浩特市, 二连浩特市
        mine = summary_row(tmp_path / "mine-results" / "summary.csv", code)
        closing = default.loc[code, "closing_balance_wan"]
        assert closing > 0
        # summary.csv and results.xlsx hold 4 decimals of the same number
        assert float(mine["closing_balance_wan"]) == pytest.approx(closing, abs=5e-5)
        assert float(mine["lowest_reserve_months"]) == pytest.approx(
            default.loc[code, "lowest_reserve_months"], abs=5e-5)
        assert xlsx_closing(tmp_path / "mine-results" / "results.xlsx", code) == \
            pytest.approx(closing, abs=5e-5)


def test_check_on_the_untouched_folder_says_what_to_fill_in(tmp_path):
    fundsim("init", str(tmp_path / "new"))
    said = fundsim("check", str(tmp_path / "new" / "scenario.yaml"), code=2)
    assert (f"{tmp_path / 'new' / 'regions.xlsx'}, sheet 地区数据, row 3: only the template's "
            "example row is filled: write one row per pooling region under the headers (the "
            "说明 sheet gives every column's meaning, unit, range and source), then delete the "
            "example row") in said


def test_an_example_row_left_among_real_rows_is_named(tmp_path):
    fundsim("init", str(tmp_path / "new"))
    path = tmp_path / "new" / "regions.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["地区数据"]
    for c, value in enumerate(sheet[3], start=1):    # a copy of the example, as region 2
        sheet.cell(row=4, column=c, value=value.value)
    sheet.cell(row=4, column=1, value="150100")
    sheet.cell(row=4, column=2, value="呼和浩特市")
    book.save(path)
    said = fundsim("check", str(tmp_path / "new" / "scenario.yaml"), code=2)
    assert "1 problem found" in said
    assert (f"{path}, sheet 地区数据, row 3 [name]: the template's example row is still there: "
            "delete it") in said


def test_a_gbk_csv_with_chinese_headers_is_checked_and_the_encoding_named(tmp_path):
    fundsim("init", str(tmp_path / "new"), "--province", "inner_mongolia")
    folder = tmp_path / "new"
    rows = shipped_rows()
    lines = [",".join(header_zh(k) for k in rows[0])]
    lines += [",".join(row.values()) for row in rows]
    (folder / "regions.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "data: regions.xlsx", "data: regions.csv"), encoding="utf-8")
    said = fundsim("check", str(scenario))
    assert "valid: new — 14 regions from regions.csv" in said
    assert f"note: {folder / 'regions.csv'}: read as GBK/GB18030 text" in said
    assert list(load_regions(folder / "regions.csv").name) == [r["name"] for r in rows]


def test_percentages_and_thousands_separators_as_excel_shows_them(tmp_path):
    fundsim("init", str(tmp_path / "new"), "--province", "inner_mongolia")
    folder = tmp_path / "new"
    rows = shipped_rows()
    rows[0].update(insured="568,500", remittance_rate="5%", sme_share="60%", large_share="40%")
    with open(folder / "regions.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)                 # "568,500" is quoted, as Excel writes it
        writer.writerow(rows[0].keys())
        writer.writerows(row.values() for row in rows)
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "data: regions.xlsx", "data: regions.csv"), encoding="utf-8")
    said = fundsim("check", str(scenario))
    assert "valid: new — 14 regions" in said
    assert "3 percentages read as fractions (e.g. row 2 [remittance_rate] '5%' → 0.05)" in said
    regions = load_regions(folder / "regions.csv")
    assert (regions["insured"][0], regions["remittance_rate"][0]) == (568500, 0.05)
    assert (regions["sme_share"][0], regions["large_share"][0]) == (0.6, 0.4)


def test_init_refuses_a_folder_with_files_and_an_unknown_province(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    said = fundsim("init", str(tmp_path / "full"), "--province", "inner_mongolla", code=2)
    assert (f"{tmp_path / 'full'} [DIR]: already exists and is not empty: fundsim init makes a "
            "new folder and never writes over files") in said
    assert ("--province [inner_mongolla]: no shipped provincial law of this name (did you mean "
            "'inner_mongolia'?); shipped: inner_mongolia, qinghai") in said
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]


def test_without_a_province_law_is_an_empty_layer_of_the_planners_own(tmp_path):
    fundsim("init", str(tmp_path / "gansu"))
    law = tmp_path / "gansu" / "law"
    assert [p.name for p in law.iterdir()] == ["README.md"]
    assert "returns/ratio/sme.yaml" in (law / "README.md").read_text(encoding="utf-8")
    scenario = load_scenario(tmp_path / "gansu" / "scenario.yaml")
    assert scenario.law.names == ["national", "gansu"]
    assert scenario.law.folder == law.resolve()
    assert str(scenario.start) == f"{dt.date.today().year}-01"  # January of this year
    assert not any(w.startswith("law: no province named") for w in scenario.warnings)


def test_the_workbook_explains_every_column_and_guards_the_flags(tmp_path):
    fundsim("init", str(tmp_path / "new"))
    book = openpyxl.load_workbook(tmp_path / "new" / "regions.xlsx")
    assert book.sheetnames == ["地区数据", "说明"]
    data = book["地区数据"]
    assert [c.value for c in data[1]][:3] == ["地区代码(6位代码)", "地区名称(文本)", "参保人数(人)"]
    assert [c.value for c in data[2]][:3] == ["code", "name", "insured"]
    lists = {rule.formula1: str(rule.sqref) for rule in data.data_validations.dataValidation
             if rule.type == "list"}
    assert lists == {'"0,1"': "W3:W302", '"0,1,2,3,4"': "AB3:AB302"}  # flag, wage class
    guide = [[c.value for c in row] for row in book["说明"].iter_rows()]
    rows = {row[1]: row for row in guide if row[1] and row[1] != "英文键 key"}
    assert len(rows) == 28                     # every column of RegionRow
    assert rows["remittance_rate"][4:6] == ["比例 / fraction 0–1",
                                            "0 到 1 之间(可写 5%) / 0 to 1 (5% accepted)"]


def test_init_fills_the_empty_folder_the_planner_is_in(tmp_path, monkeypatch):
    (tmp_path / "plan").mkdir()
    monkeypatch.chdir(tmp_path / "plan")
    fundsim("init", ".")
    assert sorted(p.name for p in Path.cwd().iterdir()) == [
        "README.md", "assumptions.yaml", "law", "regions.xlsx", "scenario.yaml"]  # no temp left
    assert 'name: "plan"' in Path("scenario.yaml").read_text(encoding="utf-8")
