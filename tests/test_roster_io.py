"""Reading rosters: CSV (UTF-8 or GBK), Excel and Parquet; bad files and headers are named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fundsim.base.errors import InputError
from fundsim.roster.io import read_roster

HEADER = ("企业社会统一信用代码,失业保险参保地,企业所属行业,涉及职工人数,裁员人数,"
          "上年实缴金额,上年应缴金额")
ROW = "91350100M000100Y43,990100,C13,50,1,100000,100000"


def problems(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_roster(path)
    return [str(p) for p in caught.value.problems]


def test_personal_columns_are_dropped_when_the_header_is_read(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"联系人,联系电话,{HEADER},序号,备注\n张三,13800000000,{ROW},1,打过电话\n",
                    encoding="utf-8")
    raw = read_roster(path)
    assert raw.columns[:3] == ("uscc", "region", "industry")
    assert not {"contact", "phone", "note", "serial"} & set(raw.columns)
    chunk, _ = next(raw.chunks(10))
    assert not {"contact", "phone", "note", "serial"} & set(chunk.column_names)


def test_a_gbk_csv_saved_by_excel_is_read(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(f"{HEADER}\n{ROW}\n".encode("gbk"))
    assert read_roster(path).column("industry").to_pylist() == ["C13"]


def test_blank_lines_are_no_firms_but_keep_their_row_numbers(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{ROW}\n\n,,,,,,\n{ROW}\n", encoding="utf-8")
    raw = read_roster(path)
    assert list(raw.row_of(np.arange(raw.num_rows))) == [2, 5]


def test_an_unknown_header_names_the_nearest_column(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER},领金人员数\n{ROW},3\n", encoding="utf-8")
    assert problems(path) == [
        f"{path}, row 1 [领金人员数]: unknown column (did you mean '领金人数'?)"]


def test_a_column_given_twice_under_both_names_is_refused(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER},employees\n{ROW},50\n", encoding="utf-8")
    assert "appears twice (columns 4 and 8)" in problems(path)[0]


def test_a_missing_required_column_is_named(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER.replace(",上年应缴金额", "") + "\n" + ROW.rsplit(",", 1)[0] + "\n",
                    encoding="utf-8")
    assert "[上年应缴金额]: required column is missing" in problems(path)[0]


def test_values_under_a_nameless_column_are_refused(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER},\n{ROW},surprise\n", encoding="utf-8")
    assert problems(path) == [f"{path}, row 1 [column 8]: a column without a header holds values"]


def test_a_row_with_more_cells_than_the_header_is_set_aside_unread(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{ROW},1,2\n{ROW.replace('Y43', 'Y44')}\n", encoding="utf-8")
    raw = read_roster(path)
    assert raw.num_rows == 1 and list(raw.ragged.rows) == [2] and list(raw.ragged.cells) == [9]


@pytest.mark.parametrize("name, content, words", [
    ("r.txt", b"", "must be .csv, .xlsx or .parquet"),
    ("r.csv", b"", "the file is empty"),
    ("r.parquet", b"not parquet", "not a readable Parquet file"),
    ("r.xlsx", b"not a workbook", "cannot read workbook"),
])
def test_unreadable_files_are_named(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert words in problems(path)[0]


def test_a_missing_file_is_named(tmp_path):
    assert problems(tmp_path / "none.csv") == [f"{tmp_path / 'none.csv'}: file not found"]


def test_excel_and_parquet_read_the_same_cells(tmp_path):
    frame = pd.read_csv(pd.io.common.StringIO(f"{HEADER}\n{ROW}\n"), dtype=str)
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    typed = frame.astype({"涉及职工人数": int, "上年实缴金额": float})
    typed.to_parquet(tmp_path / "r.parquet", index=False)
    excel, parquet = read_roster(tmp_path / "r.xlsx"), read_roster(tmp_path / "r.parquet")
    assert excel.column("employees").to_pylist() == ["50"]          # cells stay text
    assert parquet.column("employees").to_pylist() == [50]          # Parquet keeps its types
    assert list(excel.row_of(np.arange(1))) == list(parquet.row_of(np.arange(1))) == [2]


def test_an_excel_roster_streams_and_a_long_one_suggests_parquet(tmp_path, monkeypatch):
    """The workbook is read row by row into Arrow chunks (blank rows dropped, row numbers kept,
    whole numbers without '.0'); past the slow-rows mark the roster says to use Parquet."""
    from fundsim.roster import io

    frame = pd.read_csv(pd.io.common.StringIO(f"{HEADER}\n{ROW}\n\n{ROW}\n"), dtype=str,
                        skip_blank_lines=False)
    frame = frame.astype({"涉及职工人数": float})  # a number typed in Excel: 50.0 reads "50"
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    monkeypatch.setattr(io, "EXCEL_CHUNK", 1)
    table, rows, _ = io._read_excel(tmp_path / "r.xlsx")
    assert rows.tolist() == [2, 4]  # row 3 is blank
    assert table["employees"].to_pylist() == ["50", "50"]
    assert table["employees"].num_chunks == 2
    assert io.read_roster(tmp_path / "r.xlsx").notes == ()
    monkeypatch.setattr(io, "EXCEL_SLOW_ROWS", 1)
    note = io.read_roster(tmp_path / "r.xlsx").notes
    assert len(note) == 1 and "Parquet" in note[0]
