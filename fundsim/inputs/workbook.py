"""The region-data workbook a planner fills in (``fundsim init``): regions.xlsx.

Sheet 地区数据: row 1 the Chinese header with its unit, row 2 the English key, row 3 an example
row (refused by :func:`fundsim.inputs.regions.load_regions` until deleted); every column has an
input message (meaning, unit, range) and a rule Excel enforces: a drop-down for the flags and
the minimum-wage class, a range for every number. Sheet 说明: every column in Chinese and
English — meaning, unit, range, required, source. The workbook loads as it is once filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fundsim.inputs.region_labels import LABELS, header_zh
from fundsim.inputs.regions import COLUMNS, DATA_SHEET, EXAMPLE_NAME, FRACTIONS, REQUIRED, RegionRow

HELP_SHEET = "说明"
#: Rows (after the header rows) that carry the input rules and number formats.
RULE_ROWS = 300
HEADER_ROWS = 2

#: The example row: round, consistent, illustrative numbers (not any region's figures).
EXAMPLE: dict[str, Any] = {
    "code": "000000", "name": EXAMPLE_NAME, "insured": 100000, "wage": 5000,
    "opening_balance": 80000000, "last_year_expenditure": 40000000,
    "last_year_benefits": 25000000, "last_year_contributions": 60000000,
    "benefit_recipients": 1500, "monthly_benefit": 1400, "remittance_rate": None,
    "sme_share": 0.6, "large_share": 0.4, "eligible_share_sme": 0.92,
    "eligible_share_large": 0.95, "zero_layoff_share": 0.72, "layoff_rate": 0.09,
    "small30_share": 0.3, "firms": 3000, "sme_firm_share": 0.97, "difficult_share": 0.02,
    "trainee_intake": 100, "special_difficulty": 0, "skills_opening_balance": 5000000,
    "cap_multiple": None, "adjustment_share": None, "social_org_share": None, "wage_class": 1,
}


def _bound(key: str, name: str) -> float | None:
    for item in RegionRow.model_fields[key].metadata:
        if getattr(item, name, None) is not None:
            return float(getattr(item, name))
    return None


def value_range(key: str) -> tuple[str, str]:
    """The allowed values of a column, in Chinese and in English."""
    if key == "code":
        return "不可重复", "unique"
    if key == "name":
        return "非空", "not empty"
    if key == "special_difficulty":
        return "0 或 1(也可写 否/是)", "0 or 1"
    if key == "wage_class":
        return "0、1、2、3、4(空 = 0)", "0, 1, 2, 3 or 4 (blank = 0)"
    if key in FRACTIONS:
        return "0 到 1 之间(可写 5%)", "0 to 1 (5% accepted)"
    if _bound(key, "gt") is not None:
        return "大于 0", "more than 0"
    return "不小于 0", "0 or more"


def columns_table() -> list[list[str]]:
    """The 说明 sheet's table: a header row, then one row per column."""
    rows = [["列名 header", "英文键 key", "含义", "meaning", "单位 unit", "范围 range",
             "必填 required", "来源 source"]]
    for key in COLUMNS:
        label = LABELS[key]
        zh_range, en_range = value_range(key)
        rows.append([header_zh(key), key, label.meaning, COLUMNS[key],
                     f"{label.unit_zh} / {label.unit_en}", f"{zh_range} / {en_range}",
                     "是 yes" if key in REQUIRED else "否 no (可空 blank)", label.source])
    return rows


GUIDE = [
    "填写方法 How to fill in",
    "1. 在「地区数据」表第3行起每个统筹地区填一行,删除示例行(第3行)。"
    " One row per pooling region from row 3 of 地区数据; delete the example row (row 3).",
    "2. 金额单位为元(不是万元);比例填 0–1 的小数或百分数(5%);可用千分位(160,000)。"
    " Money in yuan (not 万元); shares as fractions or percentages (5%); 160,000 is fine.",
    "3. 前两行是表头(中文、英文键),请勿修改;也可另存为 CSV(UTF-8 或 GBK)。"
    " Keep the two header rows; the sheet may also be saved as CSV (UTF-8 or GBK).",
    "4. 填好后运行 fundsim check scenario.yaml,它会逐条指出需要修改的单元格。"
    " Then run fundsim check scenario.yaml: it names every cell to fix.",
]


def _validation(key: str) -> Any:
    """The Excel rule of a column, with its input message (meaning, unit, range) and error."""
    from openpyxl.worksheet.datavalidation import DataValidation

    label = LABELS[key]
    zh_range, en_range = value_range(key)
    prompt = f"{label.meaning}\n单位 {label.unit_zh};范围 {zh_range}\n{COLUMNS[key]}"
    options: dict[str, Any] = {}
    if key == "special_difficulty":
        options = {"type": "list", "formula1": '"0,1"'}
    elif key == "wage_class":
        options = {"type": "list", "formula1": '"0,1,2,3,4"'}
    elif key == "code":
        options = {"type": "textLength", "operator": "between", "formula1": "1",
                   "formula2": "20"}
    elif key in FRACTIONS:
        options = {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "1"}
    elif key != "name":
        operator = "greaterThan" if _bound(key, "gt") is not None else "greaterThanOrEqual"
        options = {"type": "decimal", "operator": operator, "formula1": "0"}
    rule = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True,
                          promptTitle=header_zh(key)[:32], prompt=prompt[:255],
                          errorTitle="超出范围 out of range",
                          error=f"{header_zh(key)}: {zh_range} / {en_range}"[:225], **options)
    return rule


def _number_format(key: str) -> str | None:
    if key in FRACTIONS:
        return "0.00%"
    if key == "code":
        return "@"
    unit = LABELS[key].unit_zh
    if unit.startswith("元"):
        return "#,##0.00"
    if key in ("insured", "firms", "benefit_recipients", "trainee_intake"):
        return "#,##0"
    return None


def build_workbook() -> Any:
    """The workbook as an openpyxl Workbook (not yet saved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    keys = list(COLUMNS)
    bold, grey = Font(bold=True), Font(color="808080", italic=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    optional = PatternFill("solid", fgColor="EDEDED")
    last = HEADER_ROWS + RULE_ROWS
    for col, key in enumerate(keys, start=1):
        letter = get_column_letter(col)
        top = sheet.cell(row=1, column=col, value=header_zh(key))
        top.font, top.fill = bold, fill if key in REQUIRED else optional
        top.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=2, column=col, value=key).font = grey
        value = EXAMPLE[key]
        example = sheet.cell(row=3, column=col, value=value)
        example.font = grey
        fmt = _number_format(key)
        if fmt:
            for row in range(HEADER_ROWS + 1, last + 1):
                sheet.cell(row=row, column=col).number_format = fmt
        rule = _validation(key)
        rule.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last}")
        sheet.add_data_validation(rule)
        sheet.column_dimensions[letter].width = 34 if key == "name" else 16
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "C3"
    guide = book.create_sheet(HELP_SHEET)
    for row, line in enumerate(GUIDE, start=1):
        guide.cell(row=row, column=1, value=line).font = bold if row == 1 else Font()
    start = len(GUIDE) + 2
    for r, cells in enumerate(columns_table(), start=start):
        for c, text in enumerate(cells, start=1):
            cell = guide.cell(row=r, column=c, value=text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == start:
                cell.font, cell.fill = bold, fill
    for c, width in enumerate((30, 24, 40, 40, 18, 24, 14, 40), start=1):
        guide.column_dimensions[get_column_letter(c)].width = width
    guide.freeze_panes = f"C{start + 1}"
    return book


def write_workbook(path: Path) -> Path:
    """Write the template workbook to ``path`` (the caller writes it in a temporary folder)."""
    build_workbook().save(path)
    return path
