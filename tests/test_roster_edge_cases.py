"""Rosters, seeds and plots under bad input (issue 14, cases 4, 12, 13 and 14): a shifted row,
an empty roster, Chinese date formats, dates outside the claim window, huge numbers, a seed too
large to record, a results file of the wrong shape. Each: a clear message or a correct result,
never a traceback, never personal data in an output."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xarray as xr
from typer.testing import CliRunner

from fundsim.base.seeds import SEED_LIMIT, seed_problems
from fundsim.cli.app import app
from fundsim.roster import uscc
from fundsim.roster.runner import run_roster
from fundsim.roster.validate import _dates

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "roster"
SCENARIO = FIXTURES / "scenario.yaml"   # regions 990100 甲, 990200 乙, 990300 丙; year 2021
HEADER = ["序号", "企业社会统一信用代码", "联系人", "联系电话", "失业保险参保地", "企业所属行业",
          "企业规模", "补贴年度", "涉及职工人数", "裁员人数", "上年实缴金额", "上年应缴金额",
          "申报日期", "审批日期"]


def code(i: int) -> str:
    first17 = f"91990100MA{i:07d}"
    return first17 + uscc.check_character(first17)


def firm(i: int, **cells: str) -> list[str]:
    """A small firm of 甲市 that qualifies for the general return (its cells by header name)."""
    row = {"序号": str(i), "企业社会统一信用代码": code(i), "联系人": f"联系人秘密{i:02d}",
           "联系电话": f"1391234{i:04d}", "失业保险参保地": "990100", "企业所属行业": "C13",
           "企业规模": "小型", "补贴年度": "2021", "涉及职工人数": "50", "裁员人数": "0",
           "上年实缴金额": "100000", "上年应缴金额": "100000", "申报日期": "", "审批日期": ""}
    row.update(cells)
    return [row[h] for h in HEADER]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def invoke(*args: object, code: int = 0) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, f"{result.output}{result.exception!r}"
    return result.output


def texts_of(folder: Path) -> dict[str, str]:
    """Every output file as text: CSV and YAML as written, Parquet cells, workbook XML."""
    out = {}
    for path in folder.rglob("*"):
        if path.suffix == ".parquet":
            out[path.name] = pd.read_parquet(path).to_csv()
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                out[path.name] = "".join(book.read(n).decode("utf-8", "replace")
                                         for n in book.namelist())
        elif path.is_file():
            out[path.name] = path.read_bytes().decode("utf-8", "replace")
    return out


# case 4: a row with a cell deleted


def test_a_row_with_its_first_cell_deleted_is_rejected_whole_and_leaks_nothing(tmp_path):
    """The issue's case exactly: synth 50 firms (seed 3), delete the first cell of line 5.
    Before: the contact name showed in rejects.csv under uscc. Now: the row is rejected for its
    number of cells, with no cell shown, and no contact name or phone is in any output."""
    invoke("roster", "synth", "--firms", 50, "--seed", 3, "--out", tmp_path / "p50.csv")
    lines = (tmp_path / "p50.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].replace('"', "").split(",")
    width = len(header)
    frame = pd.read_csv(tmp_path / "p50.csv", dtype=str, encoding="utf-8-sig")
    names, phones = list(frame["联系人"]), list(frame["联系电话"])
    lines[4] = lines[4].split(",", 1)[1]  # line 5 = spreadsheet row 5 (the header is row 1)
    shifted = tmp_path / "p50_shift.csv"
    shifted.write_text("\n".join(lines) + "\n", encoding="utf-8")

    output = invoke("roster", "run", shifted, "--out", tmp_path / "o")
    assert "50 rows read, 49 accepted, 1 rejected" in output
    rejects = pd.read_csv(tmp_path / "o" / "rejects.csv", dtype=str, keep_default_na=False)
    assert len(rejects) == 1
    line = rejects.iloc[0]
    assert line["row"] == "5" and line["uscc"] == line["value"] == ""
    assert (line["column"], line["field"]) == ("整行", "row")  # the whole row
    assert line["problem"].startswith(f"wrong number of columns: {width - 1} cells, the "
                                      f"header has {width}")
    for name, text in texts_of(tmp_path / "o").items():
        for secret in names + phones:
            assert secret not in text, (name, secret)


def test_a_row_with_a_cell_inserted_is_rejected_whole_in_csv_and_in_excel(tmp_path):
    rows = [firm(1), ["", "", ""], firm(2, 申报日期="2021-03-01", 审批日期="2021-04-01"),
            firm(3)]  # row 3 is blank and short (",,"): no firm, not rejected, still counted
    rows[2] = ["插入"] + rows[2]  # one cell too many: 联系人秘密02 lands under 联系电话, …
    # (in a sheet, only a value right of the header shows it: a blank last cell would not)
    csv_run = run_roster(write_csv(tmp_path / "r.csv", rows), SCENARIO, 2021)
    book = openpyxl.Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    book.save(tmp_path / "r.xlsx")
    excel_run = run_roster(tmp_path / "r.xlsx", SCENARIO, 2021)
    for run in (csv_run, excel_run):
        assert (run.rows_read, run.rows_accepted, run.rows_rejected) == (3, 2, 1)
        assert list(run.rejects["row"]) == [4]
        assert "the header has 14" in run.rejects["problem"].iloc[0]
        assert not run.rejects[["uscc", "value"]].to_numpy().any()
    # a CSV counts the row's cells (15); a sheet, the last column holding a value (15th)
    assert "15 cells" in csv_run.rejects["problem"].iloc[0]
    assert "15 cells" in excel_run.rejects["problem"].iloc[0]


def test_a_rejected_cell_is_shown_only_when_it_has_its_columns_form(tmp_path):
    """A name under 统一社会信用代码 or a phone number under 涉及职工人数 (a shift a sheet
    cannot show) is not repeated in the rejects; a negative number or a wrong check character
    is."""
    bad_check = code(2)[:-1] + ("0" if code(2)[-1] != "0" else "1")
    rows = [firm(1, 企业社会统一信用代码="联系人秘密01"),
            firm(2, 企业社会统一信用代码=bad_check),
            firm(3, 涉及职工人数="13912340003"),
            firm(4, 上年实缴金额="-5")]
    run = run_roster(write_csv(tmp_path / "r.csv", rows), SCENARIO, 2021)
    shown = {(r.row, r.field): (r.uscc, r.value) for r in run.rejects.itertuples()}
    assert shown[(2, "uscc")] == ("", "")
    assert shown[(3, "uscc")] == (bad_check, bad_check)
    assert shown[(4, "employees")] == (code(3), "")          # out of range: not shown
    assert shown[(5, "paid_last_year")] == (code(4), "-5")   # readable: shown
    assert "联系人秘密01" not in run.rejects.to_csv()


# case 12: an empty roster


@pytest.fixture(scope="module")
def empties(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("empty")
    write_csv(folder / "empty.csv", [])
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(folder / "empty.xlsx")
    pq.write_table(pa.table({h: pa.array([], pa.string()) for h in HEADER}),
                   folder / "empty.parquet")
    return {p.suffix: p for p in folder.iterdir()}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_an_empty_roster_decides_zero_firms(empties, suffix):
    run = run_roster(empties[suffix], SCENARIO, 2021)
    assert (run.rows_read, run.rows_accepted, len(run.rejects)) == (0, 0, 0)
    assert run.summary()["entitlement_yuan"] == 0
    assert int(run.tables["by_region"]["firms"].sum()) == 0


def test_roster_run_on_an_empty_roster_writes_zero_firms_and_warns(empties, tmp_path):
    result = runner.invoke(app, ["roster", "run", str(empties[".csv"]), "--scenario",
                                 str(SCENARIO), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "the roster holds no firms (a header and no rows); the outputs hold zero firms" \
        in result.output
    assert len(pd.read_csv(tmp_path / "o" / "decisions.csv")) == 0


def test_run_with_an_empty_roster_is_refused_and_writes_nothing(empties, tmp_path):
    output = invoke("run", SCENARIO, "--roster", empties[".xlsx"], "--no-plots", "--out",
                    tmp_path / "o", code=2)
    assert "[--roster]: the roster holds no firms" in output
    assert not (tmp_path / "o").exists()


# case 14: dates as Excel in China writes them, the claim window, huge numbers


def test_chinese_and_excel_date_forms_are_read_as_the_same_day():
    # 2021-03-05: Excel's day 44260 (2020-01-01 is day 43831; + 366 days of 2020 = 44197 for
    # 2021-01-01; + 31 January + 28 February + 4 = 44260)
    forms = ["2021/3/5 0:00", "2021/3/5", "2021/03/05 08:30:15", "2021-03-05 00:00:00",
             "2021-03-05T00:00:00", "2021年3月5日", "2021.3.5", "20210305", "44260", "44260.5"]
    days, unreadable = _dates(pa.array(forms))
    assert not unreadable.any()
    assert (days == np.datetime64("2021-03-05")).all()
    days, unreadable = _dates(pa.array(["2021-02-29", "2021/13/1", "2021/3/5 24:00", "昨天",
                                        "", "2020/2/29"]))
    assert list(unreadable) == [True, True, True, True, False, False]
    assert days[-1] == np.datetime64("2020-02-29")  # 2020 is a leap year


def test_a_roster_of_chinese_dates_is_accepted_whole_and_quickly(tmp_path):
    rows = [firm(i, 申报日期=d, 审批日期="2021/4/1 0:00") for i, d in
            enumerate(["2021/3/5 0:00", "2021年3月5日", "44260", "2021-03-05 00:00:00"])]
    run = run_roster(write_csv(tmp_path / "r.csv", rows), SCENARIO, 2021)
    assert (run.rows_accepted, len(run.rejects)) == (4, 0)
    many = pa.array(["2020/5/27 0:00"] * 200_000)
    start = time.perf_counter()
    days, unreadable = _dates(many)
    assert time.perf_counter() - start < 5  # vectorised: about 0.1 s; a loop took minutes
    assert not unreadable.any() and days[-1] == np.datetime64("2020-05-27")


def test_applications_outside_the_claim_window_are_refused(tmp_path):
    # policy year 2021: applications and approvals from 2020-01-01 to 2022-12-31
    rows = [firm(1, 申报日期="2031-05-01"), firm(2, 申报日期="2019-12-31"),
            firm(3, 申报日期="2020-01-01", 审批日期="2022-12-31"),
            firm(4, 申报日期="2021-05-01", 审批日期="2023-01-01")]
    run = run_roster(write_csv(tmp_path / "r.csv", rows), SCENARIO, 2021)
    refused = {(r.row, r.field): r.problem for r in run.rejects.itertuples()}
    assert set(refused) == {(2, "date_applied"), (3, "date_applied"), (5, "date_approved")}
    assert refused[(2, "date_applied")] == ("outside the claim window of policy year 2021 "
                                            "(2020-01-01 to 2022-12-31: the policy year ± 1)")
    assert run.rows_accepted == 1


@pytest.mark.parametrize("value, words", [
    ("1e308", "out of range (max 1,000,000,000,000,000 yuan)"),
    ("inf", "infinity is not a value"),
    ("-inf", "infinity is not a value"),
    ("nan", "NaN (not a number) is not a value"),
    ("abc", "not a number"),
])
def test_huge_infinite_and_nan_amounts_are_refused_by_name(tmp_path, value, words):
    rows = [firm(1, 上年应缴金额=value), firm(2)]
    run = run_roster(write_csv(tmp_path / "r.csv", rows), SCENARIO, 2021)
    assert run.rows_accepted == 1
    problem = run.rejects.set_index("field").loc["due_last_year"]
    assert problem["problem"].startswith(words) and problem["value"] == ""
    assert np.isfinite(run.summary()["entitlement_yuan"])


def test_a_head_count_above_ten_million_is_out_of_range(tmp_path):
    run = run_roster(write_csv(tmp_path / "r.csv", [firm(1, 涉及职工人数="10000001")]),
                     SCENARIO, 2021)
    assert list(run.rejects["problem"]) == ["out of range (max 10,000,000 persons)"]


# case 13: a seed too large to record; a plot of a file of the wrong shape


def test_the_seed_rule_is_an_unsigned_64_bit_integer():
    assert SEED_LIMIT == 18_446_744_073_709_551_616
    assert seed_problems(0) == [] and seed_problems(2**64 - 1) == []
    assert "must be below 2**64" in str(seed_problems(2**64)[0])
    assert "must not be negative" in str(seed_problems(-1)[0])


@pytest.mark.parametrize("command", [
    ["run", "--paths", "2", "--no-plots"],
    ["sweep", "default", "--set", "policy.returns.ratio.sme=0.5,0.6"],
    ["compare", "default", "baseline"],
    ["frontier"],
    ["pipeline"],
    ["roster", "synth", "--firms", "5", "--out", "r.csv"],
])
def test_a_seed_of_2_to_the_64_is_refused_before_any_work(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    output = invoke(*command, "--seed", 2**64, code=2)
    assert "--seed [seed]: must be below 2**64" in output
    assert time.perf_counter() - start < 10  # the whole run took its full time before failing
    assert list(tmp_path.iterdir()) == []


def results_like(regions: int = 2, reserve_dims: tuple[str, ...] = ("region", "month")
                 ) -> xr.Dataset:
    """A tiny dataset with a run's variable names."""
    months = pd.date_range("2021-01", periods=3, freq="MS")
    sizes = {"region": regions, "month": 3}
    coords = {"region": [f"99{i:02d}00" for i in range(regions)], "month": months}
    return xr.Dataset({
        "reserve_months": (reserve_dims, np.ones([sizes[d] for d in reserve_dims])),
        "balance": (("region", "month"), np.ones((regions, 3))),
        "pool_balance": (("month",), np.ones(3)),
        "general_months": (("month",), np.full(3, 12.0)),
        "difficult_months": (("month",), np.full(3, 24.0)),
    }, coords=coords)


@pytest.mark.parametrize("dataset, words", [
    (results_like(reserve_dims=("month", "region")),
     "[reserve_months]: has dimensions (month, region), expected (region, month)"),
    (results_like(regions=0), "[region]: no region: nothing to plot"),
])
def test_plot_names_a_results_file_of_the_wrong_shape(tmp_path, dataset, words):
    dataset.to_netcdf(tmp_path / "results.nc", engine="h5netcdf")
    output = invoke("plot", tmp_path / "results.nc", "--out", tmp_path / "p.png", code=2)
    assert words in output
    assert not (tmp_path / "p.png").exists()
