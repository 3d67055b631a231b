"""The opening state of each pooling region: one row per region, from CSV or an Excel sheet.

Every column, its unit and meaning is in ``COLUMNS`` (and in the README), its Chinese name,
unit and source in :mod:`fundsim.inputs.region_labels`. Files are read as Excel users write
them: CSV in UTF-8 or GBK, headers in English or Chinese, ``5%`` and ``160,000``. Rows are
validated with pydantic; every problem is reported with its spreadsheet row (the header is
row 1).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fundsim.base.errors import InputError, Problem, suggest
from fundsim.base.text import read_text
from fundsim.inputs.region_labels import LABELS, OTHER_MONEY, header_zh

#: Plausibility bounds (fundsim's own, not law): orders of magnitude above any region's figures
#: (the shipped province's largest balance is about 5e8 yuan), low enough that a typo such as
#: 1e308 is refused by name instead of overflowing a run.
MAX_YUAN = 1e15
MAX_PERSONS = 1e9
MAX_MONTHLY_YUAN = 1e6   # a wage or a benefit per person and month


class RegionRow(BaseModel):
    """One pooling region (统筹地区). Money in yuan; shares in [0, 1]."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, description="region code (行政区划代码), unique")
    name: str = Field(min_length=1, description="Chinese name, e.g. 呼和浩特市")
    insured: float = Field(gt=0, le=MAX_PERSONS, allow_inf_nan=False,
                           description="insured workers (参保人数), persons")
    wage: float = Field(gt=0, le=MAX_MONTHLY_YUAN, allow_inf_nan=False,
                        description="average monthly contribution wage, yuan")
    opening_balance: float = Field(
        ge=0, le=MAX_YUAN, allow_inf_nan=False,
        description="rolling balance (滚存结余) before the first month, yuan")
    last_year_expenditure: float = Field(
        ge=0, le=MAX_YUAN, allow_inf_nan=False,
        description="last year's spending from the fund, remittance excluded, yuan")
    last_year_benefits: float = Field(
        ge=0, le=MAX_YUAN, allow_inf_nan=False,
        description="last year's unemployment benefits paid, yuan")
    last_year_contributions: float = Field(
        ge=0, le=MAX_YUAN, allow_inf_nan=False,
        description="last year's actually paid contributions, firms and employees, yuan")
    benefit_recipients: float = Field(ge=0, le=MAX_PERSONS, allow_inf_nan=False,
                                      description="benefit recipients at the start, persons")
    monthly_benefit: float = Field(ge=0, le=MAX_MONTHLY_YUAN, allow_inf_nan=False,
                                   description="unemployment benefit per recipient per month, yuan")
    remittance_rate: float | None = Field(
        None, ge=0, le=1, allow_inf_nan=False,
        description="optional: this region's remittance to the pool ÷ last year's "
                    "contributions, overriding policy.pool.remittance_rate; blank = the law's")
    sme_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                             description="share of contributions from small, medium, micro firms")
    large_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                               description="share from large firms and social organisations")
    eligible_share_sme: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of SME contributions from firms not excluded (zombie, 严重失信, "
        "environmental/industrial policy), arrears settled")
    eligible_share_large: float = Field(ge=0, le=1, allow_inf_nan=False,
                                        description="the same for large firms")
    zero_layoff_share: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of contributions from firms with no lay-offs")
    layoff_rate: float = Field(ge=0, le=1, allow_inf_nan=False,
                               description="mean lay-off rate of the firms that lay off")
    small30_share: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of SME contributions from firms with ≤ 30 insured")
    firms: float = Field(ge=0, le=MAX_PERSONS, allow_inf_nan=False, description="insured firms")
    sme_firm_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                                  description="share of insured firms that are SMEs")
    difficult_share: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of insured workers in firms in temporary difficulty that apply "
        "for the difficult-firm return each year")
    trainee_intake: float = Field(
        ge=0, le=MAX_PERSONS, allow_inf_nan=False,
        description="new 以工代训 trainees claimed per month while claims are accepted, persons")
    special_difficulty: bool = Field(
        description="1 if the region has special difficulty (特殊困难)")
    skills_opening_balance: float = Field(
        ge=0, le=MAX_YUAN, allow_inf_nan=False,
        description="vocational-skills special account (职业技能提升行动专账) balance, yuan")
    cap_multiple: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="optional: this region's pool cap multiple, overriding the law")
    adjustment_share: float = Field(
        0.0, ge=0, le=1, allow_inf_nan=False,
        description="optional: share of contributions paid by firms in industries with heavy "
                    "capacity-cut tasks (钢铁、煤炭、煤电), blank = 0")
    social_org_share: float = Field(
        0.0, ge=0, le=1, allow_inf_nan=False,
        description="optional: share of contributions paid by social organisations (社会团体、"
                    "基金会、社会服务机构、律师事务所、会计师事务所、以单位形式参保的个体工商户), "
                    "counted in large_share; blank = 0")
    wage_class: float = Field(
        0.0, ge=0, le=4, allow_inf_nan=False,
        description="optional: minimum-wage area class (1–4) of the region's main urban area, "
                    "for a benefit set as a share of the minimum wage; blank = 0 (none: the "
                    "benefit is monthly_benefit)")

    @model_validator(mode="after")
    def _consistent(self) -> RegionRow:
        if abs(self.sme_share + self.large_share - 1.0) > 1e-6:
            raise ValueError(
                f"sme_share + large_share must be 1, got {self.sme_share + self.large_share:.6g}")
        if self.social_org_share > self.large_share + 1e-9:
            raise ValueError(f"social_org_share ({self.social_org_share:g}) is part of "
                             f"large_share ({self.large_share:g}) and cannot exceed it")
        if self.wage_class != int(self.wage_class):
            raise ValueError(f"wage_class must be a whole class 0–4, got {self.wage_class:g}")
        if self.last_year_benefits > self.last_year_expenditure * (1 + 1e-9):
            raise ValueError("last_year_benefits is larger than last_year_expenditure")
        return self


COLUMNS = {name: f.description or "" for name, f in RegionRow.model_fields.items()}
REQUIRED = [n for n, f in RegionRow.model_fields.items() if f.is_required()]
#: Optional numeric columns and the value a region has without them (NaN: the law's value
#: applies, e.g. ``remittance_rate`` → policy.pool.remittance_rate).
OPTIONAL = {n: f.default for n, f in RegionRow.model_fields.items()
            if not f.is_required() and isinstance(f.default, float)}
OPTIONAL["remittance_rate"] = float("nan")


@dataclass(frozen=True)
class Regions:
    """Region data as arrays (one entry per region, in file order)."""

    code: np.ndarray
    name: np.ndarray
    values: dict[str, np.ndarray]
    cap_override: np.ndarray  # NaN where the law's multiple applies
    notes: tuple[str, ...] = ()  # for the reader: a GBK file, percentages read as fractions

    def __len__(self) -> int:
        return len(self.code)

    def __getitem__(self, column: str) -> np.ndarray:
        """A column; an optional one the data lack holds its default in every region."""
        if column not in self.values and column in OPTIONAL:
            return np.full(len(self.code), OPTIONAL[column])
        return self.values[column]


#: Columns holding a fraction in [0, 1]: there ``5%`` is read as 0.05.
FRACTIONS = frozenset(n for n, f in RegionRow.model_fields.items()
                      if any(getattr(m, "le", None) == 1 for m in f.metadata))
#: The sheet of a workbook that holds the regions (else the workbook's first sheet is read).
DATA_SHEET = "地区数据"
#: The name in the template's example row (:mod:`fundsim.inputs.workbook`): a row still holding
#: it is refused, so an untouched template tells the planner what to fill in.
EXAMPLE_NAME = "示例市(请删除本行) example: delete this row"
_WIDE = str.maketrans("（）％，", "()%,")
_PAREN = re.compile(r"^(.*)\(([^()]*)\)$")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_YES_NO = {"是": "1", "否": "0"}


@dataclass
class _Sheet:
    """The non-blank rows of a file as text, header rows first, each with its spreadsheet row."""

    rows: list[tuple[int, list[str]]]
    place: str = ""  # "sheet 地区数据, " in a workbook of several sheets
    notes: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_WIDE).lower()


def _lookup() -> dict[str, str]:
    """Every header naming a column: its key, its Chinese name (with or without the unit and
    the parenthesised notes of the name), all normalised."""
    table: dict[str, str] = {}
    for key in COLUMNS:
        table[key] = key
        table[_norm(header_zh(key))] = key
        name = _norm(LABELS[key].zh)
        while name:
            table.setdefault(name, key)
            match = _PAREN.match(name)
            name = match.group(1) if match else ""
    return table


_HEADERS = _lookup()


def _one_header(text: str) -> tuple[str | None, list[str]]:
    """The column a normalised header names and the units in parentheses stripped to find it."""
    units: list[str] = []
    while text:
        if text in _HEADERS:
            return _HEADERS[text], units
        match = _PAREN.match(text)
        if not match:
            break
        text, unit = match.group(1), match.group(2)
        units.append(unit)
    return None, units


def header_key(cell: str) -> tuple[str | None, str]:
    """The column a header cell names (English key, Chinese name with or without its unit, or
    both: ``参保人数(人) insured``) and what is wrong with it ('' when nothing)."""
    parts = cell.split()
    found = [_one_header(_norm(text)) for text in [cell] + (parts if len(parts) > 1 else [])]
    keys = {key for key, _ in found if key}
    if not keys:
        return None, ""
    if len(keys) > 1:
        return None, f"the header names two columns ({', '.join(sorted(keys))})"
    key = keys.pop()
    money = [u for k, units in found if k for u in units if u in OTHER_MONEY]
    if money and LABELS[key].unit_zh == "元":
        return key, (f"the header gives the unit {money[0]}, but {key} is in yuan (元): write "
                     "the amounts in yuan (1 万元 = 10,000 元)")
    return key, ""


def _key_row(cells: list[str]) -> bool:
    """Whether a row is a second header row (every filled cell names a column)."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(header_key(c)[0] for c in filled)


def _read_csv(path: Path) -> _Sheet:
    """The rows of a CSV in UTF-8 (with or without BOM) or GBK/GB18030."""
    file = str(path)
    decoded = read_text(path)
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):  # a blank line keeps its row number, no region
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise InputError([Problem(file, f"row {reader.line_num}", "", f"broken CSV: {exc}")]
                         ) from None
    note = decoded.note
    return _Sheet(rows, notes=(f"{file}: {note}",) if note else ())


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (a whole number without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_excel(path: Path) -> _Sheet:
    """The rows of the sheet 地区数据 (else the first sheet) of a workbook."""
    from openpyxl import load_workbook

    file = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise InputError([Problem(file, "", "", f"cannot read workbook: {exc}")]) from None
    try:
        names = book.sheetnames
        name = next((n for n in names if n.strip().startswith(DATA_SHEET)), names[0])
        rows = []
        for number, values in enumerate(book[name].iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    finally:
        book.close()
    return _Sheet(rows, place=f"sheet {name}, " if len(names) > 1 else "")


def _read_table(path: Path) -> _Sheet:
    file = str(path)
    if not path.is_file():
        raise InputError([Problem(file, "", "", "file not found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheet = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        sheet = _read_excel(path)
    else:
        raise InputError([Problem(file, "", "",
                                  f"region data must be .csv or .xlsx, not '{suffix}'")])
    if not sheet.rows:
        what = "file" if suffix == ".csv" else "sheet"
        raise InputError([Problem(file, "", "", f"the {what} is empty: no header row")])
    return sheet


def _columns(sheet: _Sheet, file: str) -> tuple[dict[str, int], int]:
    """Each column's position from the header row(s), and how many header rows there are (a
    Chinese row with an English key row under it, as the template has, or one row)."""
    head = [sheet.rows[0]]
    if len(sheet.rows) > 1 and _key_row(sheet.rows[1][1]):
        head.append(sheet.rows[1])
    width = max(len(cells) for _, cells in head)
    body = sheet.rows[len(head):]
    problems: list[Problem] = []
    found: dict[str, int] = {}
    names = list(COLUMNS) + [LABELS[k].zh for k in COLUMNS]
    for i in range(max([width] + [len(cells) for _, cells in body])):
        labels = [(row, cells[i].strip()) for row, cells in head
                  if i < len(cells) and cells[i].strip()]
        if not labels:
            if any(i < len(cells) and cells[i].strip() for _, cells in body) and i < width:
                problems.append(Problem(file, f"{sheet.place}row {head[0][0]}", f"column {i + 1}",
                                        "a column without a name holds values"))
            continue
        keys = set()
        for row, text in labels:
            key, why = header_key(text)
            shown = " ".join(text.split())  # a header on two lines, named on one
            if key is None:
                problems.append(Problem(file, f"{sheet.place}row {row}", shown,
                                        (why or "unknown column") + suggest(shown, names)))
            elif why:
                problems.append(Problem(file, f"{sheet.place}row {row}", shown, why))
            keys.add(key)
        keys.discard(None)
        if len(keys) > 1:
            problems.append(Problem(file, f"{sheet.place}row {head[0][0]}", f"column {i + 1}",
                                    f"the header rows name different columns "
                                    f"({', '.join(sorted(keys))})"))
        elif keys:
            key = keys.pop()
            if key in found:
                problems.append(Problem(file, f"{sheet.place}row {head[0][0]}", key,
                                        f"column appears twice (columns {found[key] + 1} and "
                                        f"{i + 1})"))
            else:
                found[key] = i
    for key in REQUIRED:
        if key not in found and not any(p.field == key for p in problems):
            problems.append(Problem(file, f"{sheet.place}row {head[0][0]}", key,
                                    f"required column is missing ({header_zh(key)})"))
    if problems:
        raise InputError(problems)
    return found, len(head)


def _plain(key: str, text: str) -> str | float:
    """A cell as Excel users write it, made plain: ``160,000`` → 160000, ``5%`` → 0.05 (in a
    share column; a percentage elsewhere is a ValueError), 是/否 → 1/0."""
    value = text.strip().translate(_WIDE)
    if key == "special_difficulty":
        return _YES_NO.get(value, value)
    percent = value.endswith("%")
    if percent:
        value = value[:-1].strip()
    if _THOUSANDS.fullmatch(value):
        value = value.replace(",", "")
    if not percent:
        return value
    if key not in FRACTIONS:
        label = LABELS[key]
        raise ValueError(f"a percentage, but {key} is in {label.unit_en} ({label.unit_zh}), "
                         "not a share")
    try:
        return float(value) / 100
    except ValueError:
        raise ValueError("not a number before the '%'") from None


def load_regions(path: Path) -> Regions:
    """Read and validate region data; raise InputError listing every problem.

    CSV (UTF-8 with or without BOM, or GBK/GB18030) or a workbook (the sheet 地区数据, else the
    first); headers in English, in Chinese (with or without the unit) or both, in one row or
    two; ``5%`` in a share column, ``160,000`` anywhere a number goes. What the reader should
    know (a GBK file, percentages read as fractions) is in the result's ``notes``.
    """
    file = str(path)
    sheet = _read_table(path)
    first = sheet.rows[0][1]
    if len([c for c in first if c.strip()]) == 1 and any(sep in first[0] for sep in (";", "\t")):
        raise InputError([Problem(file, f"{sheet.place}row {sheet.rows[0][0]}", "",
                                  "the columns are separated by ';' or tabs, not commas: save "
                                  "the file as CSV with commas")])
    found, header_rows = _columns(sheet, file)
    width = max(len(cells) for _, cells in sheet.rows[:header_rows])
    table = sheet.rows[header_rows:]
    if not table:
        raise InputError([Problem(file, "", "", "no region rows")])
    place = sheet.place
    problems: list[Problem] = []
    example = [row for row, cells in table if "name" in found and found["name"] < len(cells)
               and cells[found["name"]].strip() == EXAMPLE_NAME]
    if example and len(example) == len(table):
        raise InputError([Problem(file, f"{place}row {example[0]}", "", (
            "only the template's example row is filled: write one row per pooling region "
            "under the headers (the 说明 sheet gives every column's meaning, unit, range and "
            "source), then delete the example row"))])
    empty = [key for key in REQUIRED if key in found and not any(
        found[key] < len(cells) and cells[found[key]].strip() for row, cells in table
        if row not in example)]
    for key in empty:
        label = LABELS[key]
        problems.append(Problem(file, f"{place}row {sheet.rows[0][0]}", key,
                                f"the column {header_zh(key)} is empty: fill it in for every "
                                f"region ({COLUMNS[key]}; source: {label.source})"))
    rows: list[RegionRow] = []
    seen: dict[str, int] = {}
    percents: list[str] = []
    for row_no, cells in table:
        where = f"{place}row {row_no}"
        if row_no in example:
            problems.append(Problem(file, where, "name", "the template's example row is still "
                                    "there: delete it"))
            continue
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            problems.append(Problem(file, where, "", f"{len(cells)} cells, but the header has "
                                    f"{width} columns (a comma inside a value? a number such as "
                                    "160,000 needs quotes in a CSV)"))
            continue
        short = [key for key in REQUIRED if key in found and found[key] >= len(cells)]
        if short:
            problems.append(Problem(file, where, short[0],
                                    f"{len(cells)} cells, but the header has {width} "
                                    f"columns: no value for {', '.join(short[:3])}"
                                    + (", …" if len(short) > 3 else "")))
            continue
        texts = {key: cells[i].strip() for key, i in found.items() if i < len(cells)}
        code = texts.get("code", "")
        if code in seen:
            problems.append(Problem(file, where, "code", f"duplicate region code {code!r}: rows "
                                    f"{seen[code]} and {row_no}"))
        elif code:
            seen[code] = row_no
        cleaned: dict[str, str | float] = {}
        for key, text in texts.items():
            if text == "":
                continue
            if key in ("code", "name"):
                cleaned[key] = text
                continue
            try:
                cleaned[key] = _plain(key, text)
            except ValueError as exc:
                problems.append(Problem(file, where, key, f"{exc} (got {text!r})"))
                continue
            if isinstance(cleaned[key], float):  # a percentage made a fraction
                percents.append(f"{where} [{key}] {text!r} → {cleaned[key]:g}")
        try:
            row = RegionRow.model_validate(cleaned)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(x) for x in err["loc"]) or "row"
                if field in empty or any(p.where == where and p.field == field
                                         for p in problems):
                    continue
                value = texts.get(field)
                shown = f" (got {value!r})" if value is not None else ""
                if err["type"] == "missing":
                    message = f"required value is missing ({header_zh(field)})"
                else:
                    message = err["msg"] + shown
                if (field in FRACTIONS and err["type"] == "less_than_equal"
                        and isinstance(cleaned.get(field), str)):
                    message += "; a share is a fraction from 0 to 1: write 0.05 or 5%"
                problems.append(Problem(file, where, field, message))
            continue
        rows.append(row)
    if problems:
        raise InputError(problems)
    numeric = [n for n in COLUMNS if n not in ("code", "name", "cap_multiple")]
    # an optional column without a default (remittance_rate): NaN where the law's value applies
    values = {n: np.array([np.nan if getattr(r, n) is None else float(getattr(r, n))
                           for r in rows]) for n in numeric}
    cap = np.array([np.nan if r.cap_multiple is None else r.cap_multiple for r in rows])
    notes = list(sheet.notes)
    if percents:
        notes.append(f"{file}: {len(percents)} percentage{'s' if len(percents) > 1 else ''} "
                     f"read as fractions (e.g. {percents[0]})")
    return Regions(
        code=np.array([r.code for r in rows]),
        name=np.array([r.name for r in rows]),
        values=values,
        cap_override=cap,
        notes=tuple(notes),
    )


PROVINCE_CODE = "province"


def provincial(regions: Regions, pool_opening_balance: float) -> Regions:
    """The regions' funds merged into one provincial fund (省级统筹), with the pool inside it.

    Stocks and flows add up; rates and shares are averaged with the weights that make the
    totals right (wage by insured, benefit by recipients, contribution shares by contributions,
    eligibility by the size class's contributions, firm shares by firms). One fund remits to no
    pool (rate 0), and the pool's opening balance joins the fund's. The lay-off pass share is
    non-linear, so the merged fund's eligible contributions differ slightly from the regions'
    sum: a stated approximation.
    """
    v = regions.values
    contrib = v["last_year_contributions"]
    sme, large = contrib * v["sme_share"], contrib * v["large_share"]

    def mean(column: str, weights: np.ndarray) -> float:
        values = regions[column]
        total = weights.sum()
        return float((values * weights).sum() / total) if total > 0 else float(values.mean())

    summed = ("insured", "opening_balance", "last_year_expenditure", "last_year_benefits",
              "last_year_contributions", "benefit_recipients", "firms", "trainee_intake",
              "skills_opening_balance")
    merged = {column: float(v[column].sum()) for column in summed}
    merged["opening_balance"] += pool_opening_balance
    merged.update(
        wage=mean("wage", v["insured"]),
        monthly_benefit=mean("monthly_benefit", v["benefit_recipients"]),
        sme_share=mean("sme_share", contrib), large_share=mean("large_share", contrib),
        eligible_share_sme=mean("eligible_share_sme", sme),
        eligible_share_large=mean("eligible_share_large", large),
        zero_layoff_share=mean("zero_layoff_share", contrib),
        layoff_rate=mean("layoff_rate", contrib * (1 - v["zero_layoff_share"])),
        small30_share=mean("small30_share", sme),
        sme_firm_share=mean("sme_firm_share", v["firms"]),
        difficult_share=mean("difficult_share", v["insured"]),
        adjustment_share=mean("adjustment_share", contrib),
        social_org_share=mean("social_org_share", contrib),
        # one class for the merged fund: the class holding most recipients (stated)
        wage_class=float(regions["wage_class"][np.argmax(v["benefit_recipients"])]),
        remittance_rate=0.0, special_difficulty=0.0,
    )
    return Regions(code=np.array([PROVINCE_CODE]), name=np.array(["全省(省级统筹)"]),
                   values={k: np.array([merged[k]]) for k in merged},
                   cap_override=np.array([np.nan]), notes=regions.notes)
