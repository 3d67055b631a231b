"""The .xlsx workbooks beside the CSVs, for people who read results in Excel.

One sheet per table with Chinese headers (money headers name their unit), numbers as numbers
with a number format (thousands separators, shares as percentages), the header row (and the
columns naming the row) frozen, widths fitted to the contents; and a sheet 单位与来源: the
money unit, the column dictionary (:mod:`fundsim.run.columns`, as columns.csv) and the
parameters in force with the notices they come from. Each cell holds the figure its CSV holds
(rounded alike), so the two read back equal.

openpyxl is imported when a workbook is written (write-only mode: rows streamed, not held as
cells)."""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.delivery import write_file
from fundsim.run import columns as cols
from fundsim.run.columns import Unit

if TYPE_CHECKING:
    from fundsim.inputs.scenario import Scenario
    from fundsim.roster.runner import RosterRun

SOURCES_SHEET = "单位与来源"
#: Rows of a roster's rejects written to its workbook at most (the CSV has them all).
MAX_SHEET_ROWS = 20_000
#: Excel number formats by unit label (money by the file's unit).
FORMATS = {
    cols.MONTHS: "#,##0.0", cols.PERSONS: "#,##0", cols.FIRMS: "#,##0", cols.REGIONS: "#,##0",
    cols.SHARE: "0.0%", cols.PROBABILITY: "0.0%", cols.YEAR: "0", cols.MULTIPLE: "0.00",
}
MONEY_FORMATS = {u.zh: u.number_format for u in cols.UNITS.values()}
IDENTIFYING = ("year", "code", "name", "name_zh", "scenario", "month", "region", "region_name")


@dataclass
class Sheet:
    """A table for a sheet: the file it stands beside, its table as written, and the decimals
    its CSV rounds each column to (None: written in full)."""

    file: str
    table: pd.DataFrame
    decimals: dict[str, int | None] = field(default_factory=dict)
    note: str = ""


def fund_sheet(file: str, table: pd.DataFrame, unit: Unit) -> Sheet:
    """A fund table already in ``unit``: money to the unit's decimals, other floats to 4 (as
    :func:`fundsim.run.files.write_csv` writes them)."""
    money = set(cols.money_keys(file, table))
    return Sheet(file, table, {str(k): unit.decimals if k in money else 4 for k in table.columns})


def width(text: str) -> int:
    """Display width: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_value(value: Any, decimals: int | None) -> Any:
    """A table value as an Excel cell holds it."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "是" if value else "否"
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            return "∞" if number > 0 else "-∞"
        return round(number, decimals) if decimals is not None else number
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return str(value)


def _shown(value: Any, number_format: str | None) -> str:
    """Roughly what Excel shows, for the column width."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if number_format and number_format.endswith("%"):
            return f"{value * 100:.1f}%"
        return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    return "" if value is None else str(value)


def header(file: str, key: str) -> str:
    """The Chinese header of a column: its name, with the unit for money (稳岗返还支出（万元）)."""
    column = cols.describe(file, key)
    unit = cols.unit_of(file, key)
    return f"{column.zh}（{unit}）" if unit in MONEY_FORMATS else column.zh


def _number_format(file: str, key: str) -> str | None:
    unit = cols.unit_of(file, key)
    return MONEY_FORMATS.get(unit) or FORMATS.get(unit)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _append_sheet(book: Any, name: str, sheet: Sheet) -> None:
    """One table as a sheet: Chinese header row, typed and formatted cells, frozen header and
    identifying columns, fitted widths."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = book.create_sheet(name)
    keys = [str(k) for k in sheet.table.columns]
    heads = [header(sheet.file, k) for k in keys]
    formats = [_number_format(sheet.file, k) for k in keys]
    rows = [[_cell_value(v, sheet.decimals.get(k)) for k, v in zip(keys, row, strict=True)]
            for row in sheet.table.itertuples(index=False, name=None)]
    for i, head in enumerate(heads):
        shown = [width(_shown(r[i], formats[i])) for r in rows[:500]]
        ws.column_dimensions[_letter(i)].width = min(max([width(head), *shown, 6]) + 2, 48)
    frozen = 0
    while frozen < len(keys) and keys[frozen] in IDENTIFYING:
        frozen += 1
    ws.freeze_panes = f"{_letter(frozen)}2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    head_cells = []
    for head in heads:
        cell = WriteOnlyCell(ws, value=head)
        cell.font, cell.alignment = bold, wrap
        head_cells.append(cell)
    ws.append(head_cells)
    # one formatted cell per column, given each row's value in turn: a write-only sheet writes
    # a row as it is appended (a cell and its style made per value cost half the writing)
    formatted = [WriteOnlyCell(ws) if number_format else None for number_format in formats]
    for cell, number_format in zip(formatted, formats, strict=True):
        if cell is not None:
            cell.number_format = number_format
    for row in rows:
        cells = []
        for value, cell in zip(row, formatted, strict=True):
            if cell is not None and isinstance(value, float | int):
                cell.value = value
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)


def _append_sources(book: Any, facts: Sequence[tuple[str, str]], sheets: Sequence[Sheet],
                    parameters: pd.DataFrame | None, notes: Iterable[str]) -> None:
    """The 单位与来源 sheet: facts (unit, scenario, …), the column dictionary, the parameters in
    force with their sources, and notes."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = book.create_sheet(SOURCES_SHEET)
    bold = Font(bold=True)
    for letter, size in zip("ABCDEFGH", (40, 34, 28, 12, 70, 12, 10, 12), strict=True):
        ws.column_dimensions[letter].width = size

    def title(text: str) -> None:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        ws.append([cell])

    def heads(*texts: str) -> None:
        row = []
        for text in texts:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            row.append(cell)
        ws.append(row)

    title("单位")
    for label, value in facts:
        ws.append([label, value])
    for note in notes:
        ws.append([note])
    ws.append([])
    title("列说明（与 columns.csv 相同）")
    heads("文件", "列名（CSV）", "中文名", "单位", "含义", "工作表")
    dictionary = cols.dictionary({s.file: s.table for s in sheets})
    names = {s.file: cols.TITLES.get(s.file, s.file) for s in sheets}
    for row in dictionary.itertuples(index=False):
        ws.append([row.file, row.column, row.name_zh, row.unit, row.meaning, names[row.file]])
    if parameters is not None and len(parameters):
        ws.append([])
        title("政策参数及其依据（运行期间有效的取值）")
        heads("参数", "说明", "取值", "单位", "依据（文件及条款）", "起始日期", "来源类型",
              "截止日期")
        for row in parameters.itertuples(index=False):
            ws.append([_cell_value(getattr(row, name, None), None) for name in
                       ("key", "description", "value", "unit", "source", "start", "origin",
                        "end")])


def write_workbook(path: Path, sheets: Sequence[Sheet], facts: Sequence[tuple[str, str]],
                   parameters: pd.DataFrame | None = None, notes: Iterable[str] = ()) -> Path:
    """An .xlsx of ``sheets`` (one per table, named by :data:`fundsim.run.columns.TITLES`)
    and the 单位与来源 sheet, through a temporary name then renamed."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.creator = "fundsim"
    for sheet in sheets:
        _append_sheet(book, cols.TITLES.get(sheet.file, Path(sheet.file).stem)[:31], sheet)
    _append_sources(book, facts, sheets, parameters, [s.note for s in sheets if s.note]
                    + list(notes))
    buffer = io.BytesIO()
    book.save(buffer)
    return write_file(Path(path), lambda handle: handle.write(reproducible(buffer.getvalue())))


#: The time stamp of every workbook (its parts and its created/modified properties), so that
#: the same results give the same bytes.
STAMP = (1980, 1, 1, 0, 0, 0)


def reproducible(xlsx: bytes) -> bytes:
    """An .xlsx with the time of writing taken out: zip entries dated :data:`STAMP`, the
    document's created and modified times set to it."""
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*STAMP).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              lambda m: m.group(1) + stamp, body)
            entry = zipfile.ZipInfo(info.filename, STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


def _parameters(ds: xr.Dataset) -> pd.DataFrame | None:
    from fundsim.run.record import parameters_in_force

    try:
        table = parameters_in_force(ds)
    except (ValueError, KeyError, TypeError):  # a record that does not read: no sheet rows
        return None
    return table if len(table) else None


def _unit_facts(unit: Unit) -> list[tuple[str, str]]:
    return [("金额单位", f"{unit.zh}（1 {unit.zh} = {unit.yuan:,.0f} 元）" if unit.yuan > 1
             else "元"),
            ("备付月数", "月：结余 ÷ 月均支出"), ("比例、概率", "0–1 的小数，表中以百分比显示")]


def _run_facts(ds: xr.Dataset) -> list[tuple[str, str]]:
    facts = [("情景", str(ds.attrs.get("scenario", ""))),
             ("fundsim 版本", str(ds.attrs.get("fundsim_version", "")))]
    paths = int(ds.attrs.get("paths", 1) or 1)
    facts.append(("路径数", str(paths)))
    if paths > 1 and "seed" in ds.attrs:
        facts.append(("随机种子", str(ds.attrs["seed"])))
    return facts


def run_workbook(ds: xr.Dataset, tables: dict[str, pd.DataFrame], unit: str | Unit | None,
                 path: Path) -> Path:
    """results.xlsx: the run's tables as written (``tables``: file → table, money in
    ``unit``), the unit, the column dictionary and the parameters in force with sources."""
    unit = cols.parse_unit(unit)
    sheets = [fund_sheet(file, table, unit) for file, table in tables.items()]
    return write_workbook(path, sheets, _unit_facts(unit) + _run_facts(ds), _parameters(ds))


def sweep_workbook(ds: xr.Dataset, table: pd.DataFrame, unit: str | Unit | None, path: Path
                   ) -> Path:
    """sweep.xlsx: sweep.csv as written, and the base scenario's parameters (the swept key
    takes each value of its column instead)."""
    unit = cols.parse_unit(unit)
    swept = str(ds.attrs.get("swept", ""))
    notes = [f"扫描参数 {swept} 取表中各值；其余参数如下表。"] if swept else []
    return write_workbook(path, [fund_sheet("sweep.csv", table, unit)],
                          _unit_facts(unit) + _run_facts(ds), _parameters(ds), notes)


def compare_workbook(ds: xr.Dataset, table: pd.DataFrame, unit: str | Unit | None, path: Path,
                     scenarios: Sequence[Scenario] = ()) -> Path:
    """compare.xlsx: compare.csv as written and, for each scenario given, its parameters in
    force with their sources (a 情景 column says whose)."""
    unit = cols.parse_unit(unit)
    frames = []
    for scenario in scenarios:
        found = _parameters(xr.Dataset(attrs={"parameters": scenario.resolved_yaml()}))
        if found is not None:
            frames.append(found.assign(key=scenario.name + ": " + found["key"].astype(str)))
    facts = _unit_facts(unit) + [("情景", "；".join(str(s) for s in
                                                  ds["scenario"].values.tolist())),
                                 ("fundsim 版本", str(ds.attrs.get("fundsim_version", "")))]
    notes = [] if frames else ["各情景的参数及依据：fundsim params 情景"]
    return write_workbook(path, [fund_sheet("compare.csv", table, unit)], facts,
                          pd.concat(frames, ignore_index=True) if frames else None, notes)


def roster_workbook(run: RosterRun, path: Path) -> Path:
    """roster.xlsx: the tables by group and region_month as their CSVs hold them (元, to the
    fen), rejects up to :data:`MAX_SHEET_ROWS` rows, and the rules applied with sources."""
    from fundsim.roster.io import output_table

    sheets = []
    for name, frame in run.tables.items():
        file = f"{name}.csv"
        sheets.append(Sheet(file, output_table(frame, file)))
    sheets.append(Sheet("region_month.csv", output_table(run.returns.to_frame(),
                                                         "region_month.csv")))
    rejects = run.rejects
    if len(rejects) <= MAX_SHEET_ROWS:
        sheets.append(Sheet("rejects.csv", rejects))
    else:
        sheets.append(Sheet("rejects.csv", rejects.head(MAX_SHEET_ROWS),
                            note=f"未采用行共 {len(rejects):,} 条，工作表只列前 "
                                 f"{MAX_SHEET_ROWS:,} 条；全部见 rejects.csv"))
    for sheet in sheets:  # money to the fen, other figures in full, as the CSVs
        money = set(cols.money_keys(sheet.file, sheet.table))
        sheet.decimals = {str(k): 2 if k in money else None for k in sheet.table.columns}
    rules = run.rules.table()
    flags = {"True": "是", "False": "否"}
    parameters = rules.assign(start=f"{run.year}-01-01",
                              value=rules["value"].map(lambda v: flags.get(v, v)))
    facts = [("金额单位", "元（精确到分）"), ("情景", run.scenario.name),
             ("政策年度", str(run.year)), ("fundsim 版本", _version())]
    notes = ["逐户决定见 decisions.csv / decisions.parquet（列说明见 columns.csv）"]
    return write_workbook(path, sheets, facts, parameters, notes)


def _version() -> str:
    from fundsim.base.version import __version__

    return __version__

