"""Monthly actuals: what each region's fund actually collected, paid and held, month by month.

A long table (one row per region and month) of any of :data:`FIELDS`; a column left out, or a
cell left empty, is not reported and the model fills it. A run given actuals takes their months
as they were and projects the rest (:func:`fundsim.run.simulation.simulate`); ``fundsim track``
compares an earlier projection with them. The notices ask for monthly monitoring of the fund
(seed 001 四(二): 按月监测失业保险基金运行状况).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from fundsim.base.errors import InputError, Problem, excerpt, suggest
from fundsim.inputs.regions import (
    _THOUSANDS,
    _WIDE,
    MAX_MONTHLY_YUAN,
    MAX_PERSONS,
    MAX_YUAN,
    Regions,
    _norm,
    _read_csv,
    _read_excel,
    _Sheet,
)


@dataclass(frozen=True)
class Field:
    """One column of an actuals table."""

    zh: tuple[str, ...]   # Chinese headers it may carry (the first is the template's)
    unit: str             # "yuan", "persons" or "yuan/person"
    sign: int             # +1 income, −1 spending in the region's identity; 0 not a flow
    long: str             # what it is, in English


FIELDS: dict[str, Field] = {
    "balance": Field(("期末滚存结余", "滚存结余"), "yuan", 0, "rolling balance at month end"),
    "contributions": Field(("失业保险费收入", "保险费收入", "失业保险费"), "yuan", 1,
                           "contribution income"),
    "interest": Field(("利息收入",), "yuan", 1, "interest on the balance"),
    "pool_transfer": Field(("调剂金拨入", "上级补助收入"), "yuan", 1,
                           "received from the provincial pool"),
    "fiscal_subsidy": Field(("财政补贴收入", "财政补贴"), "yuan", 1, "public-finance subsidy"),
    "pooling_transfer": Field(("统筹调剂",), "yuan", 1,
                              "received (+) from or paid (−) to the other regions of one "
                              "province-wide fund"),
    "benefits": Field(("失业保险金", "失业保险金支出"), "yuan", -1, "unemployment benefits"),
    "medical_insurance": Field(("医疗保险费",), "yuan", -1,
                               "basic medical insurance of benefit recipients"),
    "funeral_grants": Field(("丧葬补助金和抚恤金",), "yuan", -1,
                            "funeral grants and survivors' pensions"),
    "price_subsidies": Field(("价格临时补贴",), "yuan", -1, "temporary price subsidies"),
    "unemployment_subsidy": Field(("失业补助金",), "yuan", -1, "失业补助金"),
    "living_allowance": Field(("临时生活补助",), "yuan", -1, "临时生活补助"),
    "migrant_lump_sum": Field(("农民合同制工人一次性生活补助",), "yuan", -1,
                              "one-off living allowance of migrant contract workers"),
    "training_subsidies": Field(("职业培训和职业介绍补贴",), "yuan", -1,
                                "vocational training and job-placement subsidies"),
    "skills_subsidy": Field(("技能提升补贴",), "yuan", -1, "skill-improvement subsidies"),
    "other_spending": Field(("其他支出",), "yuan", -1, "other spending"),
    "returns_general": Field(("普惠性稳岗返还",), "yuan", 0,
                             "general job-stabilisation return (part of returns_paid)"),
    "returns_difficult": Field(("困难企业稳岗返还",), "yuan", 0,
                               "difficult-firm return (part of returns_paid)"),
    "returns_paid": Field(("稳岗返还", "稳定岗位补贴", "稳岗返还支出"), "yuan", -1,
                          "job-stabilisation returns paid"),
    "remittance": Field(("上解调剂金", "上解上级支出"), "yuan", -1,
                        "remitted to the provincial pool"),
    "skills_transfer": Field(("转入技能提升专账",), "yuan", -1,
                             "transferred to the skills account"),
    "recipients": Field(("月末领取失业保险金人数", "期末领取失业保险金人数",
                          "领取失业保险金人数"), "persons", 0,
                        "benefit recipients at month end"),
    "new_claims": Field(("新增领取失业保险金人数", "本月新增领取失业保险金人数"), "persons", 0,
                        "new benefit claims"),
    "insured": Field(("参保人数", "失业保险参保人数"), "persons", 0, "insured workers"),
    "wage": Field(("月平均缴费工资", "月人均缴费工资"), "yuan/person", 0,
                  "average monthly contribution wage"),
}
#: The flows of a region's identity: balance[t] = balance[t−1] + Σ in − Σ out.
IDENTITY_IN = tuple(k for k, f in FIELDS.items() if f.sign > 0)
IDENTITY_OUT = tuple(k for k, f in FIELDS.items() if f.sign < 0)


@dataclass(frozen=True)
class Actuals:
    """Actual months of every region, validated (:func:`load_actuals`)."""

    source: str                    # the file as the user named it
    months: np.ndarray             # datetime64[M] (K,): consecutive, from the run's first month
    region: np.ndarray             # str (R,): region codes, in the region data's order
    values: dict[str, np.ndarray]  # key → float64 (K, R), NaN where not reported; yuan
    notes: tuple[str, ...] = ()    # for the reader, e.g. "money in 万元 converted to yuan"

    def get(self, key: str) -> np.ndarray:
        """(K, R) values of ``key``, NaN where not reported (all NaN when absent)."""
        if key not in FIELDS:
            raise KeyError(key)
        found = self.values.get(key)
        if found is None:
            return np.full((len(self.months), len(self.region)), np.nan)
        return found

    @property
    def last_month(self) -> np.datetime64:
        """The last actual month."""
        return self.months[-1]

    def up_to(self, month: np.datetime64) -> Actuals:
        """Only the months up to and including ``month``."""
        keep = self.months <= np.datetime64(month, "M")
        return Actuals(self.source, self.months[keep], self.region,
                       {k: v[keep] for k, v in self.values.items()}, self.notes)


#: The shipped example: six synthetic months of the default scenario (its README says how
#: they were made); ``fundsim actuals check default-2020H1`` names it.
EXAMPLE = Path(str(resources.files("fundsim") / "scenarios" / "actuals" / "default-2020H1.csv"))
#: The columns naming the row: the region (code or Chinese name), the month, and optionally the
#: region's name beside its code (checked against the region data).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "region": ("统筹地区", "地区", "地区代码", "统筹地区代码", "行政区划代码", "code",
               "region_code"),
    "name": ("地区名称", "统筹地区名称", "region_name"),
    "month": ("月份", "年月", "统计月份", "期间", "period"),
}
#: Units a header may carry, by the field's unit: (normalised unit text → factor to the field's
#: unit). English keys take ``_yuan``, ``_wan``, ``_yi`` for money.
UNITS: dict[str, dict[str, float]] = {
    "yuan": {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8, "yuan": 1.0},
    "persons": {"人": 1.0, "万人": 1e4, "persons": 1.0},
    "yuan/person": {"元": 1.0, "元/月": 1.0, "元/人": 1.0, "元/人·月": 1.0, "元/人/月": 1.0,
                    "元/人月": 1.0, "yuan": 1.0},
}
SUFFIXES = {"yuan": 1.0, "wan": 1e4, "yi": 1e8}
_UNIT_NAMES = {1e3: "千元", 1e4: "万元", 1e8: "亿元"}
#: The template's Chinese unit of each kind of field.
UNIT_ZH = {"yuan": "元", "persons": "人", "yuan/person": "元/人·月"}
#: Fields that may be negative (received + / paid −); every other one is 0 or more.
SIGNED = frozenset({"pooling_transfer"})
#: The most a balance may differ from the previous balance plus the month's flows, in yuan (or
#: this share of the balance, whichever is larger).
GAP_YUAN, GAP_SHARE = 1.0, 1e-9
#: The most returns_general + returns_difficult may differ from returns_paid, in yuan.
RETURNS_YUAN = 1.0


def _lookup() -> dict[str, str]:
    """Every normalised header naming a column: English keys and Chinese names."""
    table = {_norm(key): key for key in [*ROW_KEYS, *FIELDS]}
    for key, names in ROW_KEYS.items():
        table.update({_norm(name): key for name in names})
    for key, field in FIELDS.items():
        table.update({_norm(name): key for name in field.zh})
    return table


_HEADERS = _lookup()
_PAREN = re.compile(r"^(.*)\(([^()]*)\)$")
_SUFFIX = re.compile(r"^(.+)_(yuan|wan|yi)$")


@dataclass(frozen=True)
class _Header:
    key: str | None
    factor: float = 1.0
    problem: str = ""


def _one_header(text: str) -> _Header:
    """One header without spaces: ``benefits``, ``benefits_wan``, ``失业保险金(万元)``."""
    norm = _norm(text)
    if norm in _HEADERS:
        return _Header(_HEADERS[norm])
    match = _PAREN.match(norm)
    if match and match.group(1) in _HEADERS:
        key, unit = _HEADERS[match.group(1)], match.group(2)
        if key not in FIELDS:
            return _Header(key)  # 月份(年月), 地区(代码): a note, not a unit
        units = UNITS[FIELDS[key].unit]
        if unit not in units:
            return _Header(key, problem=f"unknown unit '({unit})' for {key}: write "
                           f"{' or '.join(f'({u})' for u in units if not u.isascii())}")
        return _Header(key, units[unit])
    match = _SUFFIX.match(norm)
    if match and match.group(1) in FIELDS:
        key = match.group(1)
        if FIELDS[key].unit != "yuan":
            return _Header(key, problem=f"{key} is in {FIELDS[key].unit}, not money: drop the "
                           f"_{match.group(2)}")
        return _Header(key, SUFFIXES[match.group(2)])
    return _Header(None)


def header_key(cell: str) -> _Header:
    """The column a header cell names, the factor to its unit, and what is wrong with it: an
    English key, a Chinese name with or without a unit, or both (``失业保险金(元) benefits``)."""
    whole = _one_header(cell)
    parts = cell.split()
    if whole.key is not None or len(parts) < 2:
        return whole
    found = [_one_header(part) for part in parts]
    keys = {h.key for h in found if h.key}
    if len(keys) != 1:
        return _Header(None, problem=f"the header names two columns ({', '.join(sorted(keys))})"
                       if keys else "")
    problems = [h.problem for h in found if h.problem]
    factors = {h.factor for h in found if h.key and not h.problem}
    if len(factors) > 1:
        return _Header(keys.pop(), problem="the header gives two different units")
    return _Header(keys.pop(), factors.pop() if factors else 1.0,
                   problems[0] if problems else "")


def _is_key_row(cells: list[str]) -> bool:
    """Whether a row is a second header row (every filled cell names a column)."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(header_key(c).key for c in filled)


# --- reading ---------------------------------------------------------------------------------


def _read_parquet(path: Path) -> _Sheet:
    """A Parquet table as rows of text, its column names the header (row 1)."""
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many kinds for a file that is not Parquet
        raise InputError([Problem(str(path), "", "", f"not a readable Parquet file: "
                                  f"{excerpt(exc)}")]) from None
    rows = [(1, [str(c) for c in frame.columns])]
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        cells = ["" if _missing(v) else _text(v) for v in values]
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    return _Sheet(rows)


def _missing(value: object) -> bool:
    try:
        return bool(value is None or value != value)  # None, NaN, NaT
    except (TypeError, ValueError):
        return False


def _text(value: object) -> str:
    """A cell as the text a CSV would hold (a whole number without '.0')."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read(path: Path) -> _Sheet:
    file = str(path)
    if not path.is_file():
        raise InputError([Problem(file, "", "", "file not found")])
    suffix = path.suffix.lower()
    readers: dict[str, Callable[[Path], _Sheet]] = {
        ".csv": _read_csv, ".xlsx": _read_excel, ".xlsm": _read_excel,
        ".parquet": _read_parquet, ".pq": _read_parquet}
    if suffix not in readers:
        raise InputError([Problem(file, "", "", f"actuals must be .csv, .xlsx or .parquet, "
                                  f"not '{suffix or '(no extension)'}'")])
    sheet = readers[suffix](path)
    if not sheet.rows:
        raise InputError([Problem(file, "", "", "the file is empty: no header row")])
    return sheet


@dataclass(frozen=True)
class _Columns:
    position: dict[str, int]   # key → column index
    factor: dict[str, float]   # key → factor to the field's unit (1 when none)
    header_rows: int
    width: int


def _columns(sheet: _Sheet, file: str, problems: list[Problem]) -> _Columns | None:
    """Each column's key and unit from the header row(s) (a Chinese row with the English key
    row under it, as the template has, or one row); None when region or month is missing."""
    head = [sheet.rows[0]]
    if len(sheet.rows) > 1 and _is_key_row(sheet.rows[1][1]):
        head.append(sheet.rows[1])
    width = max(len(cells) for _, cells in head)
    body = sheet.rows[len(head):]
    where = f"{sheet.place}row {head[0][0]}"
    position: dict[str, int] = {}
    factor: dict[str, float] = {}
    told = False
    names = [*ROW_KEYS, *FIELDS, *(f.zh[0] for f in FIELDS.values())]
    for i in range(width):
        labels = [(row, cells[i].strip()) for row, cells in head
                  if i < len(cells) and cells[i].strip()]
        if not labels:
            if any(i < len(cells) and cells[i].strip() for _, cells in body):
                problems.append(Problem(file, where, f"column {i + 1}",
                                        "a column without a name holds values"))
            continue
        keys: dict[str, float] = {}
        for row, text in labels:
            shown = " ".join(text.split())
            found = header_key(text)
            if found.key is None:
                message = found.problem or "unknown column"
                if not told and not found.problem:
                    told = True
                    message += (f"; the known columns are {', '.join([*ROW_KEYS, *FIELDS])} "
                                "(or their Chinese headers, e.g. 失业保险金(万元))")
                problems.append(Problem(file, f"{sheet.place}row {row}", shown,
                                        message + suggest(shown, names)))
            elif found.problem:
                problems.append(Problem(file, f"{sheet.place}row {row}", shown, found.problem))
            else:
                keys.setdefault(found.key, found.factor)
                if found.factor != 1.0:
                    keys[found.key] = found.factor
        if len(keys) > 1:
            problems.append(Problem(file, where, f"column {i + 1}", "the header rows name "
                                    f"different columns ({', '.join(sorted(keys))})"))
        elif keys:
            key, unit = keys.popitem()
            if key in position:
                problems.append(Problem(file, where, key, f"column appears twice (columns "
                                        f"{position[key] + 1} and {i + 1})"))
            else:
                position[key], factor[key] = i, unit
    missing = [key for key in ("region", "month") if key not in position
               and not (key == "region" and "name" in position)]
    for key in missing:
        zh = " / ".join(ROW_KEYS[key][:3])
        problems.append(Problem(file, where, key, f"no {key} column ({key} or {zh}): every row "
                                "names its region and month"))
    if missing:
        return None
    return _Columns(position, factor, len(head), width)


# --- cells -----------------------------------------------------------------------------------

_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_SERIAL = re.compile(r"(\d{5})(?:\.0*)?")   # an Excel date as its serial number
_EXCEL_EPOCH = dt.date(1899, 12, 30)
MONTH_FORMS = "2025-01, 2025/1, 2025年1月, 202501 or a date"


def parse_month(text: str) -> np.datetime64 | None:
    """The month a cell names (datetime64[M]), or None: 2025-01, 2025/1, 2025-1, 2025年1月,
    202501, a date (2025-01-31, 2025/1/31 0:00:00, 20250131) or an Excel date serial."""
    value = text.strip().translate(_WIDE)
    day = 1
    match = _MONTH.fullmatch(value) or _COMPACT.fullmatch(value)
    if match is None:
        match = _DATE.fullmatch(value)
        if match is None:
            serial = _SERIAL.fullmatch(value)
            if serial is None:
                return None
            date = _EXCEL_EPOCH + dt.timedelta(days=int(serial.group(1)))
            return np.datetime64(f"{date.year:04d}-{date.month:02d}", "M")
    groups = match.groups()
    year, month = int(groups[0]), int(groups[1])
    if len(groups) > 2 and groups[2] is not None:
        day = int(groups[2])
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return np.datetime64(f"{year:04d}-{month:02d}", "M")


def _number(text: str) -> float:
    """A number as Excel users write it (``160,000``); ValueError saying what is wrong."""
    value = text.strip().translate(_WIDE).replace("−", "-")
    if _THOUSANDS.fullmatch(value):
        value = value.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        raise ValueError("not a number") from None
    if not np.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _limit(key: str) -> float:
    unit = FIELDS[key].unit
    return MAX_YUAN if unit == "yuan" else MAX_PERSONS if unit == "persons" else MAX_MONTHLY_YUAN


def _value(key: str, text: str, factor: float) -> float:
    """A cell of ``key`` in the field's unit; ValueError saying what is wrong."""
    number = _number(text) * factor
    if number < 0 and key not in SIGNED:
        raise ValueError(f"negative: {key} cannot be below 0")
    if abs(number) > _limit(key):
        raise ValueError(f"implausibly large (more than {_limit(key):.0e} "
                         f"{FIELDS[key].unit})")
    return number


def _amount(x: float) -> str:
    """Yuan for a message: ``12,345`` or ``12,345.67``."""
    shown = f"{x:,.2f}"
    return shown[:-3] if shown.endswith(".00") else shown


def month_text(month: np.datetime64) -> str:
    return str(np.datetime64(month, "M"))


def _spans(months: list[int], start: np.datetime64) -> str:
    """Month indices as ranges of months: ``2020-03, 2020-05 to 2020-06``."""
    spans: list[list[int]] = []
    for k in sorted(months):
        if spans and k == spans[-1][1] + 1:
            spans[-1][1] = k
        else:
            spans.append([k, k])
    return ", ".join(month_text(start + a) if a == b else
                     f"{month_text(start + a)} to {month_text(start + b)}" for a, b in spans)


class _RegionNames:
    """A region by its code or its Chinese name (or the one name it starts)."""

    def __init__(self, regions: Regions):
        self.regions = regions
        self.index = {str(c).strip(): i for i, c in enumerate(regions.code)}
        for i, name in enumerate(regions.name):
            self.index.setdefault(str(name).strip(), i)

    def find(self, text: str) -> int | None:
        if text in self.index:
            return self.index[text]
        if text.endswith(".0") and text[:-2] in self.index:  # a code saved as a number
            return self.index[text[:-2]]
        starting = {i for i, name in enumerate(self.regions.name)
                    if len(text) >= 2 and str(name).startswith(text)}
        return starting.pop() if len(starting) == 1 else None

    def unknown(self, text: str) -> str:
        return (f"unknown region {text!r}: not a code or name of the region data"
                + suggest(text, self.index))


# --- loading ---------------------------------------------------------------------------------


def load_actuals(path: str | Path, regions: Regions, start: np.datetime64, months: int,
                 opening_balance: np.ndarray | None = None) -> Actuals:
    """Read and validate monthly actuals for a run of ``months`` months from ``start`` over
    ``regions``; raise InputError listing every problem.

    CSV (UTF-8 with or without BOM, or GBK), a workbook (its first sheet) or Parquet; one row
    per region and month; headers in English or Chinese, a money header may carry 万元 or 亿元
    (``benefits_wan``, ``失业保险金(万元)``). A balance given with every flow of its row is
    checked against the previous balance (``opening_balance`` for the first month, if given)
    plus the flows.
    """
    path = Path(path)
    file = str(path)
    start = np.datetime64(start, "M")
    sheet = _read(path)
    first = [c for c in sheet.rows[0][1] if c.strip()]
    if len(first) == 1 and any(sep in first[0] for sep in (";", "\t")):
        raise InputError([Problem(file, f"{sheet.place}row {sheet.rows[0][0]}", "",
                                  "the columns are separated by ';' or tabs, not commas: save "
                                  "the file as CSV with commas")])
    problems: list[Problem] = []
    columns = _columns(sheet, file, problems)
    if columns is None:
        raise InputError(problems)
    place = sheet.place
    body = sheet.rows[columns.header_rows:]
    if not body:
        problems.append(Problem(file, "", "", "no rows under the header: one row per region "
                                "and month (fundsim actuals template writes them)"))
        raise InputError(problems)
    names = _RegionNames(regions)
    pos = columns.position
    fields = [key for key in FIELDS if key in pos]
    end = start + months - 1
    seen: dict[tuple[int, int], int] = {}
    cells: dict[tuple[int, int], dict[str, float]] = {}
    rows_of: dict[tuple[int, int], int] = {}
    for row_no, row in body:
        where = f"{place}row {row_no}"
        extra = [c for c in row[columns.width:] if c.strip()]
        if extra:
            problems.append(Problem(file, where, "", f"{len(row)} cells, but the header has "
                                    f"{columns.width} columns (a number such as 160,000 needs "
                                    "quotes in a CSV)"))
            continue
        texts = {key: row[i].strip() for key, i in pos.items() if i < len(row)}
        region = _row_region(texts, names, file, where, problems)
        month = _row_month(texts, start, end, file, where, problems)
        found: dict[str, float] = {}
        for key in fields:
            text = texts.get(key, "")
            if not text:
                continue
            try:
                found[key] = _value(key, text, columns.factor[key])
            except ValueError as exc:
                problems.append(Problem(file, where, key, f"{exc} (got {excerpt(text, 40)!r})"))
        if region is None or month is None:
            continue
        slot = (month, region)
        if slot in seen:
            problems.append(Problem(file, where, "month", f"duplicate: region "
                                    f"{regions.code[region]} ({regions.name[region]}) in "
                                    f"{month_text(start + month)} is also on row {seen[slot]}"))
            continue
        seen[slot] = row_no
        cells[slot], rows_of[slot] = found, row_no
    if not seen:
        raise InputError(problems)
    count = max(k for k, _ in seen) + 1
    problems += _missing_months(seen, count, regions, start, file, place)
    values = {key: np.full((count, len(regions)), np.nan) for key in fields}
    for (k, r), found in cells.items():
        for key, number in found.items():
            values[key][k, r] = number
    problems += _returns_problems(values, rows_of, file, place)
    _fill_returns(values)
    gaps = _gaps(values, opening_balance)
    for k, r in zip(*np.nonzero(np.abs(np.nan_to_num(gaps)) > _tolerance(values)), strict=True):
        gap = gaps[k, r]
        given = values["balance"][k, r]
        problems.append(Problem(
            file, f"{place}row {rows_of[(k, r)]}", "balance",
            f"balance is {_amount(abs(gap))} yuan {'above' if gap > 0 else 'below'} the "
            f"previous balance plus the month's flows (expected "
            f"{_amount(given - gap)}, given {_amount(given)})"))
    if problems:
        raise InputError(problems)
    notes = list(sheet.notes)
    scaled: dict[tuple[str, float], list[str]] = {}
    for key, factor in columns.factor.items():
        if factor != 1.0 and key in FIELDS:
            scaled.setdefault((FIELDS[key].unit, factor), []).append(key)
    for (unit, factor), keys in sorted(scaled.items()):
        name = _UNIT_NAMES[factor] if unit == "yuan" else "万人"
        notes.append(f"{file}: {', '.join(keys)} in {name} converted to {unit}")
    return Actuals(file, start + np.arange(count), np.asarray(regions.code).astype(str),
                   {k: v for k, v in values.items() if not np.isnan(v).all()}, tuple(notes))


def _row_region(texts: dict[str, str], names: _RegionNames, file: str, where: str,
                problems: list[Problem]) -> int | None:
    """The row's region (by code or name; a name beside a code must be that region's)."""
    code, name = texts.get("region", ""), texts.get("name", "")
    text = code or name
    if not text:
        problems.append(Problem(file, where, "region", "no region given"))
        return None
    region = names.find(text)
    if region is None:
        problems.append(Problem(file, where, "region" if code else "name",
                                names.unknown(excerpt(text, 40))))
        return None
    if code and name and names.find(name) != region:
        problems.append(Problem(file, where, "name", f"{excerpt(name, 40)!r} is not the name "
                                f"of region {names.regions.code[region]} "
                                f"({names.regions.name[region]})"))
    return region


def _row_month(texts: dict[str, str], start: np.datetime64, end: np.datetime64, file: str,
               where: str, problems: list[Problem]) -> int | None:
    """The row's month as an index from ``start`` (within the run)."""
    text = texts.get("month", "")
    if not text:
        problems.append(Problem(file, where, "month", "no month given"))
        return None
    month = parse_month(text)
    if month is None:
        problems.append(Problem(file, where, "month", f"not a month: {excerpt(text, 40)!r} "
                                f"(write {MONTH_FORMS})"))
        return None
    if month < start or month > end:
        side = "before the run's first month" if month < start else "after the run's last month"
        problems.append(Problem(file, where, "month", f"{month_text(month)} is {side} "
                                f"(the run covers {month_text(start)} to {month_text(end)})"))
        return None
    return int((month - start).astype(int))


def _missing_months(seen: dict[tuple[int, int], int], count: int, regions: Regions,
                    start: np.datetime64, file: str, place: str) -> list[Problem]:
    """Months no row gives (the actuals run from the run's first month without a gap), and
    each region's months missing up to the last month given."""
    problems: list[Problem] = []
    given = {k for k, _ in seen}
    empty = [k for k in range(count) if k not in given]
    if empty:
        problems.append(Problem(file, place.removesuffix(", "), "month", f"no row for "
                                f"{_spans(empty, start)}: the months run without a gap from the "
                                f"run's first month, {month_text(start)}, to the last given, "
                                f"{month_text(start + count - 1)}"))
    absent = []
    for r, code in enumerate(regions.code):
        lacking = [k for k in range(count) if k in given and (k, r) not in seen]
        if len(lacking) == len(given):
            absent.append(f"{code} ({regions.name[r]})")
        elif lacking:
            problems.append(Problem(file, place.removesuffix(", "), "region",
                                    f"region {code} ({regions.name[r]}) has no row for "
                                    f"{_spans(lacking, start)}"))
    if absent:
        shown = ", ".join(absent[:5]) + (f" and {len(absent) - 5} more" if len(absent) > 5 else "")
        problems.append(Problem(file, place.removesuffix(", "), "region",
                                f"{len(absent)} region{'s' if len(absent) > 1 else ''} of the "
                                f"region data {'have' if len(absent) > 1 else 'has'} no rows: "
                                f"{shown} (every region needs each month up to "
                                f"{month_text(start + count - 1)})"))
    return problems


def _returns_problems(values: dict[str, np.ndarray], rows_of: dict[tuple[int, int], int],
                      file: str, place: str) -> list[Problem]:
    """Rows where returns_general + returns_difficult is not returns_paid."""
    if not {"returns_general", "returns_difficult", "returns_paid"} <= values.keys():
        return []
    parts = values["returns_general"] + values["returns_difficult"]
    off = np.abs(np.nan_to_num(parts - values["returns_paid"])) > RETURNS_YUAN
    return [Problem(file, f"{place}row {rows_of[(k, r)]}", "returns_paid",
                    f"returns_general + returns_difficult = {_amount(parts[k, r])} yuan, but "
                    f"returns_paid is {_amount(values['returns_paid'][k, r])}")
            for k, r in zip(*np.nonzero(off), strict=True) if (k, r) in rows_of]


def _fill_returns(values: dict[str, np.ndarray]) -> None:
    """returns_paid = general + difficult where both parts are given and the total is not."""
    if not {"returns_general", "returns_difficult"} <= values.keys():
        return
    parts = values["returns_general"] + values["returns_difficult"]
    paid = values.get("returns_paid")
    values["returns_paid"] = parts if paid is None else np.where(np.isnan(paid), parts, paid)


def _tolerance(values: dict[str, np.ndarray]) -> np.ndarray | float:
    balance = values.get("balance")
    return GAP_YUAN if balance is None else np.maximum(GAP_YUAN,
                                                        GAP_SHARE * np.abs(np.nan_to_num(balance)))


def _gaps(values: dict[str, np.ndarray], opening_balance: np.ndarray | None) -> np.ndarray:
    """balance − (previous balance + Σ in − Σ out), NaN where a flow, the balance or the
    previous balance is not known."""
    balance = values.get("balance")
    if balance is None or not all(k in values for k in IDENTITY_IN + IDENTITY_OUT):
        shape = next(iter(values.values())).shape if values else (0, 0)
        return np.full(shape, np.nan)
    opening = (np.full(balance.shape[1], np.nan) if opening_balance is None
               else np.asarray(opening_balance, dtype=float))
    previous = np.vstack([opening[None, :], balance[:-1]])
    flows = (sum(values[k] for k in IDENTITY_IN) - sum(values[k] for k in IDENTITY_OUT))
    return balance - (previous + flows)


def balance_gaps(actuals: Actuals, opening_balance: np.ndarray | None = None) -> np.ndarray:
    """(K, R) yuan: each actual balance less the previous balance (``opening_balance`` before
    the first month) plus the month's reported flows; NaN where a flow, the balance or the
    previous balance is not reported (such a month is not checked)."""
    values = {k: actuals.get(k) for k in FIELDS}
    return _gaps(values, opening_balance)


def locate_actuals(ref: str | Path) -> Path:
    """An actuals file by its path, else a shipped example by its name (``default-2020H1``)."""
    path = Path(ref)
    if path.exists() or path.suffix:
        return path
    shipped = EXAMPLE.parent / f"{ref}.csv"
    return shipped if shipped.is_file() else path
