"""The monthly-actuals template a planner fills in: one row per region and month under a
Chinese header with units and the English keys (:mod:`fundsim.inputs.actuals` reads it back);
``.xlsx`` with a 说明 sheet, or ``.csv``, written under a temporary name then renamed."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.actuals import FIELDS, MONTH_FORMS, UNIT_ZH, month_text
from fundsim.inputs.regions import Regions

TEMPLATE_SHEET = "实际数据"
HELP_SHEET = "说明"
TEMPLATE_GUIDE = [
    "填写方法 How to fill in",
    "1. 每个统筹地区每月一行(地区代码或名称、月份),已按月列出;不掌握的数填空白,模型会补上。"
    " One row per region and month (already listed); leave a figure you do not have blank: "
    "the model fills it.",
    "2. 金额单位为元(不是万元);人数单位为人;可用千分位(160,000)。也可在表头写单位,如 "
    "失业保险金(万元)。 Money in yuan (not 万元), persons in persons; a header may give 万元 "
    "or 亿元 instead, e.g. 失业保险金(万元) or benefits_wan.",
    "3. 期末滚存结余须等于上月结余加本月各项收入减各项支出(填齐各项时核对)。 A balance must "
    "equal the previous balance plus the month's income less its spending (checked where "
    "every flow is given).",
    "4. 填好后运行 fundsim actuals check 本文件。 Then run fundsim actuals check on this file.",
]


def template_header() -> tuple[list[str], list[str]]:
    """The template's two header rows: Chinese with the unit, and the English keys."""
    keys = ["region", "name", "month", *FIELDS]
    zh = ["地区代码", "地区名称", "月份(YYYY-MM)",
          *(f"{f.zh[0]}({UNIT_ZH[f.unit]})" for f in FIELDS.values())]
    return zh, keys


def columns_table() -> list[list[str]]:
    """The template's 说明 table: a header, then one row per column."""
    signs = {1: "收入 + in", -1: "支出 − out", 0: ""}
    rows = [["列名 header", "英文键 key", "单位 unit", "含义 meaning", "结余恒等式 identity"]]
    rows += [["地区代码", "region", "", "统筹地区代码或名称 region code or Chinese name", ""],
             ["地区名称", "name", "", "可选,须与代码一致 optional, must match the code", ""],
             ["月份", "month", "", f"{MONTH_FORMS}", ""]]
    for key, field in FIELDS.items():
        sign = signs[field.sign]
        if key in ("returns_general", "returns_difficult"):
            sign = "稳岗返还的一部分 part of returns_paid"
        elif key == "balance":
            sign = "期末存量 stock at month end"
        rows.append([field.zh[0], key, f"{UNIT_ZH[field.unit]} / {field.unit}", field.long,
                     sign])
    return rows


def template_rows(regions: Regions, start: np.datetime64, months: int) -> list[list[str]]:
    """One row per month and region (month by month), every figure empty."""
    blank = [""] * len(FIELDS)
    return [[str(code), str(name), month_text(np.datetime64(start, "M") + k), *blank]
            for k in range(months) for code, name in zip(regions.code, regions.name, strict=True)]


def write_actuals_template(path: Path, regions: Regions, start: np.datetime64,
                           months: int = 6) -> Path:
    """Write an empty actuals table (.csv or .xlsx by ``path``'s suffix) for ``months`` months
    from ``start``: two header rows (Chinese with the unit; the English key), then one row per
    region and month; money in yuan. Written under a temporary name, then renamed."""
    from fundsim.base.delivery import write_file, writing

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError([Problem(str(path), "", "OUT", f"a template is .csv or .xlsx, not "
                                  f"'{suffix or '(no extension)'}'")])
    if months < 1:
        raise InputError([Problem(str(path), "", "--months", f"at least 1 month, got {months}")])
    zh, keys = template_header()
    rows = template_rows(regions, start, months)
    write = _write_csv if suffix == ".csv" else _write_xlsx
    with writing(path, "the template", "OUT"):
        return write_file(path, lambda handle: write(handle, [zh, keys], rows))


def _write_csv(handle: BinaryIO, header: list[list[str]], rows: list[list[str]]) -> None:
    """UTF-8 with a BOM, so that Excel opens the Chinese headers right."""
    import csv
    import io

    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([*header, *rows])
    handle.write(text.getvalue().encode("utf-8-sig"))


def _write_xlsx(handle: BinaryIO, header: list[list[str]], rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = TEMPLATE_SHEET
    bold, grey = Font(bold=True), Font(color="808080", italic=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for r, cells in enumerate([*header, *rows], start=1):
        for c, text in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c, value=text if text else None)
            if r == 1:
                cell.font, cell.fill = bold, fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif r == 2:
                cell.font = grey
            elif c <= 3:
                cell.number_format = "@"
    money = [i for i, key in enumerate(header[1], start=1)
             if key in FIELDS and FIELDS[key].unit != "persons"]
    for c in money:
        for r in range(3, len(rows) + 3):
            sheet.cell(row=r, column=c).number_format = "#,##0.00"
    for c in range(1, len(header[0]) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 16
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "D3"
    guide = book.create_sheet(HELP_SHEET)
    for r, line in enumerate(TEMPLATE_GUIDE, start=1):
        guide.cell(row=r, column=1, value=line).font = bold if r == 1 else Font()
    first = len(TEMPLATE_GUIDE) + 2
    for r, cells in enumerate(columns_table(), start=first):
        for c, text in enumerate(cells, start=1):
            guide.cell(row=r, column=c, value=text).font = bold if r == first else Font()
    for c, width in enumerate((26, 22, 18, 50, 30), start=1):
        guide.column_dimensions[get_column_letter(c)].width = width
    book.save(handle)
