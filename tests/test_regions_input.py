"""Region data as Excel users write it: GBK or UTF-8 CSV, Chinese or English headers, ``5%`` and
``160,000``, workbooks. Each story writes the file a planner would and checks what fundsim reads
or says (a clear problem naming file, row and column, never a traceback)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from fundsim.base.errors import InputError
from fundsim.base.text import GB18030, UTF8, UTF8_BOM, decode
from fundsim.inputs.region_labels import header_zh
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import shipped_dir

SHIPPED = shipped_dir() / "data" / "inner_mongolia.csv"


def shipped() -> tuple[list[str], list[dict[str, str]]]:
    with open(SHIPPED, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # quotes a cell holding a comma, as Excel does
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_regions(path)
    return [str(p) for p in caught.value.problems]


def assert_same_as_shipped(regions) -> None:
    expected = load_regions(SHIPPED)
    assert list(regions.code) == list(expected.code)
    assert list(regions.name) == list(expected.name)
    for column in expected.values:
        np.testing.assert_array_equal(regions[column], expected[column], err_msg=column)


# --- encodings ------------------------------------------------------------------------------


def test_each_encoding_excel_saves_is_recognised_and_named():
    text = "地区代码,地区名称\n150100,呼和浩特市\n"
    assert decode(text.encode("utf-8"), "f").encoding == UTF8
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "f").encoding == UTF8_BOM
    gbk = decode(text.encode("gbk"), "f")
    assert (gbk.encoding, gbk.text) == (GB18030, text)
    assert decode("𠀀".encode("gb18030"), "f").text == "𠀀"  # beyond GBK: GB18030 proper


def test_a_region_csv_saved_as_gbk_reads_like_the_shipped_one_and_says_so(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_bytes(SHIPPED.read_text(encoding="utf-8-sig").encode("gbk"))
    regions = load_regions(path)
    assert_same_as_shipped(regions)
    assert regions.notes == (f"{path}: read as GBK/GB18030 text (Excel's 'CSV' on a Chinese "
                             "Windows); nothing to do, 'CSV UTF-8' reads the same",)


def test_utf8_with_or_without_a_bom_needs_no_note(tmp_path):
    for name, prefix in (("plain.csv", b""), ("bom.csv", b"\xef\xbb\xbf")):
        path = tmp_path / name
        path.write_bytes(prefix + SHIPPED.read_text(encoding="utf-8-sig").encode("utf-8"))
        assert load_regions(path).notes == ()


def test_bytes_that_are_neither_utf8_nor_gbk_are_refused_by_name(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_bytes(b"code,name\n150100,\xff\xff\n")
    assert problems(path) == [f"{path}: neither UTF-8 nor GBK/GB18030 text (byte 0xff at "
                              "position 17 is not UTF-8): save it as 'CSV UTF-8', e.g. from Excel"]


# --- numbers as Excel users type them -------------------------------------------------------


def test_percentages_in_share_columns_and_thousands_separators_are_read(tmp_path):
    header, rows = shipped()
    rows[0]["remittance_rate"] = "5%"          # 0.05
    rows[0]["sme_share"] = "60%"               # 0.6, and large_share 0.4 stays: sums to 1
    rows[1]["layoff_rate"] = "9.4 %"           # 0.094
    rows[0]["insured"] = "568,500"             # 568500
    rows[0]["opening_balance"] = "523,052,727.54"
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(header, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    regions = load_regions(path)
    assert regions["remittance_rate"][0] == 0.05
    assert regions["sme_share"][0] == 0.6
    assert regions["layoff_rate"][1] == 0.094
    assert regions["insured"][0] == 568500
    assert regions["opening_balance"][0] == 523052727.54
    # the shipped file leaves remittance_rate blank (the law's rate): row 2's 5% overrides it
    assert np.isnan(regions["remittance_rate"][1:]).all()
    regions.values["remittance_rate"][0] = np.nan
    assert_same_as_shipped(regions)  # the shipped file holds the same numbers written plainly
    assert regions.notes == (f"{path}: 3 percentages read as fractions (e.g. row 2 "
                             "[remittance_rate] '5%' → 0.05)",)


def test_a_percentage_where_a_count_or_amount_goes_is_refused(tmp_path):
    header, rows = shipped()
    rows[2]["wage"] = "5%"                     # row 4
    rows[3]["remittance_rate"] = "5"           # row 5: a share written as a percent number
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(header, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    assert problems(path) == [
        f"{path}, row 4 [wage]: a percentage, but wage is in yuan a month (元/月), not a share "
        "(got '5%')",
        f"{path}, row 5 [remittance_rate]: Input should be less than or equal to 1 (got '5'); "
        "a share is a fraction from 0 to 1: write 0.05 or 5%",
    ]


def test_special_difficulty_may_be_written_yes_or_no_in_chinese(tmp_path):
    header, rows = shipped()
    rows[0]["special_difficulty"] = "是"
    rows[9]["special_difficulty"] = "否"       # 兴安盟 is 1 in the shipped data
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(header, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    assert list(load_regions(path)["special_difficulty"][[0, 9]]) == [1.0, 0.0]


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["chinese", "chinese-without-units", "both-in-one-cell",
                                   "two-rows"])
def test_chinese_headers_name_the_same_columns(tmp_path, style):
    header, rows = shipped()
    if style == "chinese":
        head = [[header_zh(h) for h in header]]                 # 参保人数(人)
    elif style == "chinese-without-units":
        head = [[header_zh(h).rsplit("(", 1)[0] for h in header]]  # 参保人数
    elif style == "both-in-one-cell":
        head = [[f"{header_zh(h)}\n{h}" for h in header]]       # 参保人数(人)⏎insured
    else:
        head = [[header_zh(h) for h in header], header]         # the template's two rows
    path = tmp_path / "regions.csv"
    body = csv_text(head[0], head[1:] + [[r[h] for h in header] for r in rows])
    path.write_text(body, encoding="utf-8")
    assert_same_as_shipped(load_regions(path))


def test_a_money_column_headed_in_wan_yuan_is_refused_not_scaled(tmp_path):
    header, rows = shipped()
    head = [h if h != "opening_balance" else "期初滚存结余(万元)" for h in header]
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(head, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    assert problems(path) == [
        f"{path}, row 1 [期初滚存结余(万元)]: the header gives the unit 万元, but opening_balance "
        "is in yuan (元): write the amounts in yuan (1 万元 = 10,000 元)"]


def test_an_unknown_chinese_header_gets_the_nearest_column(tmp_path):
    header, rows = shipped()
    head = [header_zh(h) for h in header]
    head[2] = "参保人"
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(head, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    found = problems(path)
    assert found[0] == f"{path}, row 1 [参保人]: unknown column (did you mean '参保人数'?)"


def test_a_column_left_empty_in_every_row_is_one_problem_not_fourteen(tmp_path):
    header, rows = shipped()
    for row in rows:
        row["firms"] = ""
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(header, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    found = problems(path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}, row 1 [firms]: the column 参保企业数(户) is empty: "
                               "fill it in for every region (insured firms; source: ")


# --- workbooks ------------------------------------------------------------------------------


def test_a_workbook_with_chinese_headers_reads_like_the_csv(tmp_path):
    pd = pytest.importorskip("pandas")
    table = pd.read_csv(SHIPPED, dtype={"code": str})
    table.columns = [header_zh(c) for c in table.columns]
    path = tmp_path / "regions.xlsx"
    table.to_excel(path, index=False)          # numbers as numbers, as Excel stores them
    assert_same_as_shipped(load_regions(path))


def test_in_a_workbook_of_several_sheets_the_regions_sheet_is_read_and_named(tmp_path):
    pd = pytest.importorskip("pandas")
    table = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False)
    table.loc[3, "firms"] = "many"             # row 5
    path = tmp_path / "regions.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"备注": ["notes first"]}).to_excel(book, sheet_name="封面", index=False)
        table.to_excel(book, sheet_name="地区数据", index=False)
    found = problems(path)
    assert found[0].startswith(f"{path}, sheet 地区数据, row 5 [firms]: ")
    assert found[0].endswith("(got 'many')")


def test_a_typo_of_1e308_is_refused_by_its_bound_not_run_into_an_overflow(tmp_path):
    header, rows = shipped()
    rows[0]["opening_balance"] = "1e308"       # row 2
    rows[1]["insured"] = "2e9"                 # row 3: more insured than China's workforce
    path = tmp_path / "regions.csv"
    path.write_text(csv_text(header, [[r[h] for h in header] for r in rows]), encoding="utf-8")
    assert problems(path) == [
        f"{path}, row 2 [opening_balance]: Input should be less than or equal to "
        "1000000000000000 (got '1e308')",
        f"{path}, row 3 [insured]: Input should be less than or equal to 1000000000 "
        "(got '2e9')",
    ]
