"""Published national unemployment-insurance figures, one row per year, figure and source.

``history.csv`` (shipped beside this module) keeps every value exactly as its publication
printed it, in the publication's unit, with the title (and address) of the publication and a
``notes`` column for known breaks. :func:`load_history` validates the table and adds the value
in a canonical unit (亿元 for money, 万人 for people, 万户 for firms) and the half-unit of the
last printed digit (``rounding``), which bounds the rounding error of the published figure.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from fundsim.base.errors import InputError, Problem

HISTORY = Path(__file__).with_name("history.csv")
COLUMNS = ("year", "figure", "value", "unit", "series", "source_title", "source_url", "notes")

# unit as printed → (canonical unit, factor to the canonical unit)
UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("亿元", 1.0),
    "billion yuan": ("亿元", 10.0),
    "万人": ("万人", 1.0),
    "亿人": ("万人", 10_000.0),
    "million persons": ("万人", 100.0),
    "万户": ("万户", 1.0),
    "million firms": ("万户", 100.0),
    "元": ("元", 1.0),
    "元/年": ("元/年", 1.0),
    "%": ("%", 1.0),
    "share": ("share", 1.0),
    "million yuan": ("亿元", 0.01),
    "thousand persons": ("万人", 0.1),
}

# figure → its canonical unit and meaning (the table may hold no other figure)
FIGURES: dict[str, tuple[str, str]] = {
    "insured_year_end": ("万人", "insured at year end (年末参加失业保险人数)"),
    "recipients_year_end": ("万人", "benefit recipients at year end (年末领取失业保险金人数)"),
    "recipients_in_year": ("万人", "people paid benefits at some time in the year"),
    "income": ("亿元", "fund income (基金收入)"),
    "contribution_income": ("亿元", "contribution income (失业保险费收入)"),
    "expenditure": ("亿元", "fund expenditure (基金支出)"),
    "benefits_paid": ("亿元", "benefits paid (失业保险金支出 / 失业保险待遇)"),
    "closing_balance": ("亿元", "year-end rolling balance (累计结存 / 滚存结余)"),
    "avg_monthly_benefit": ("元", "average monthly benefit per recipient (月人均失业保险金)"),
    "returns_paid": ("亿元", "job-stabilisation returns paid (稳岗返还)"),
    "returns_paid_h1": ("亿元", "job-stabilisation returns paid January–June"),
    "returns_firms": ("万户", "firms paid a return"),
    "returns_workers": ("万人", "insured workers in firms paid a return"),
    "skills_transfer": ("亿元", "moved from fund balances to the vocational-skills account"),
    "medical_for_recipients": ("亿元", "medical insurance paid for recipients (代缴医保)"),
    "avg_wage_nonprivate": ("元/年", "average wage, urban non-private units (城镇非私营单位)"),
    "surveyed_unemployment_rate": ("%", "surveyed urban unemployment rate at year end"),
    "surveyed_unemployment_rate_peak": ("%", "highest monthly surveyed urban unemployment rate"),
    "contribution_rate": ("share", "statutory contribution rate, employer + employee"),
    "recipients_in_q1": ("万人", "people paid benefits January–March"),
    "benefits_paid_q1": ("亿元", "benefits paid January–March (失业保险金)"),
    "living_allowance_paid_q1": ("亿元", "temporary living allowance (临时生活补助) paid to "
                                 "unemployed migrant workers, January–March"),
    "living_allowance_people_q1": ("万人", "unemployed migrant workers paid a temporary living "
                                   "allowance, January–March"),
    "returns_paid_q1": ("亿元", "job-stabilisation returns paid January–March"),
    "returns_paid_q3": ("亿元", "job-stabilisation returns paid January–September"),
    "returns_firms_q1": ("万户", "firms paid a return January–March"),
    "returns_firms_q3": ("万户", "firms paid a return January–September"),
    "returns_workers_q1": ("万人", "insured workers in firms paid a return January–March"),
    "returns_workers_q3": ("万人", "insured workers in firms paid a return January–September"),
    "new_urban_jobs": ("万人", "new urban jobs in the year (城镇新增就业)"),
    "new_urban_jobs_q1": ("万人", "new urban jobs January–March"),
    "new_urban_jobs_h1": ("万人", "new urban jobs January–June"),
    "new_urban_jobs_q3": ("万人", "new urban jobs January–September"),
    "registered_unemployment_rate": ("%", "registered urban unemployment rate at year end"),
    "registered_unemployment_rate_q1": ("%", "registered urban unemployment rate at end-March"),
    "registered_unemployment_rate_q2": ("%", "registered urban unemployment rate at end-June"),
    "registered_unemployment_rate_q3": ("%", "registered urban unemployment rate at end-September"),
    "surveyed_unemployment_rate_avg": ("%", "surveyed urban unemployment rate, yearly average"),
}
# the monthly surveyed urban unemployment rate (NBS); December is also the year-end figure
FIGURES.update({f"surveyed_unemployment_rate_m{m:02d}": (
    "%", f"surveyed urban unemployment rate in month {m:02d}") for m in range(1, 13)})

# which publication to believe first when several print the same figure
SERIES = ("final_accounts", "bulletin", "yearbook", "nbs_communique", "annual_report", "law",
          "press", "announcement", "secondary")


def _read(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(file, "", "", "file not found")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(file, "", "", "not UTF-8 text: save it as 'CSV UTF-8'")]
                         ) from None
    except OSError as exc:
        raise InputError([Problem(file, "", "", f"cannot read file: {exc.strerror or exc}")]
                         ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InputError([Problem(file, f"row {reader.line_num}", "", f"broken CSV: {exc}")]
                         ) from None
    return list(reader.fieldnames or []), rows


def read_rows(path: Path, columns: tuple[str, ...]
              ) -> tuple[list[Problem], list[tuple[int, dict[str, str]]]]:
    """The non-empty rows of a validation table as (line, stripped cells by column), and the
    problems of rows with more cells than the header; InputError if the file cannot be read or
    lacks a required column."""
    file = str(path)
    header, rows = _read(path)
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError([Problem(file, "row 1", c, "required column is missing")
                          for c in missing])
    problems: list[Problem] = []
    kept = []
    for line, row in rows:
        if None in row:
            problems.append(Problem(file, f"row {line}", "", "more cells than the header has "
                                    "columns (a comma inside a value? quote it)"))
            continue
        cells = {c: (row.get(c) or "").strip() for c in columns}
        if any(cells.values()):
            kept.append((line, cells))
    return problems, kept


def load_history(path: Path | str = HISTORY) -> pd.DataFrame:
    """Read and validate a history table; raise InputError listing every problem.

    Adds ``canonical`` (the value in the figure's canonical unit), ``canonical_unit`` and
    ``rounding`` (half a unit of the last printed digit, in the canonical unit).
    """
    path = Path(path)
    file = str(path)
    problems, rows = read_rows(path, COLUMNS)
    records = []
    for line, cells in rows:
        where = f"row {line}"
        try:
            year = int(cells["year"])
            if not 1990 <= year <= 2100:
                raise ValueError
        except ValueError:
            problems.append(Problem(file, where, "year", f"not a year: {cells['year']!r}"))
            year = None
        figure = cells["figure"]
        if figure not in FIGURES:
            problems.append(Problem(file, where, "figure", f"unknown figure {figure!r}; one of "
                                    + ", ".join(FIGURES)))
        unit = cells["unit"]
        if unit not in UNITS:
            problems.append(Problem(file, where, "unit", f"unknown unit {unit!r}; one of "
                                    + ", ".join(UNITS)))
        elif figure in FIGURES and UNITS[unit][0] != FIGURES[figure][0]:
            problems.append(Problem(file, where, "unit", f"{unit!r} does not measure {figure} "
                                    f"(its unit is {FIGURES[figure][0]})"))
        try:
            value = Decimal(cells["value"])
            if not value.is_finite() or value < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(file, where, "value",
                                    f"not a non-negative number: {cells['value']!r}"))
            value = None
        if cells["series"] not in SERIES:
            problems.append(Problem(file, where, "series", f"unknown series {cells['series']!r}; "
                                    "one of " + ", ".join(SERIES)))
        if not cells["source_title"]:
            problems.append(Problem(file, where, "source_title",
                                    "every figure needs the title of its publication"))
        if value is None or year is None or unit not in UNITS:
            continue
        factor = UNITS[unit][1]
        half_digit = Decimal(1).scaleb(value.as_tuple().exponent) / 2
        records.append({**cells, "year": year, "line": line,
                        "canonical": float(value) * factor, "canonical_unit": UNITS[unit][0],
                        "rounding": float(half_digit) * factor})
    if problems:
        raise InputError(problems)
    if not records:
        raise InputError([Problem(file, "", "", "no figures in the table")])
    table = pd.DataFrame.from_records(records)
    table["rank"] = table["series"].map(SERIES.index)
    return table


def pick(history: pd.DataFrame, year: int, figure: str) -> pd.Series | None:
    """The preferred published value of a figure in a year (by series, then file order)."""
    rows = history[(history["year"] == year) & (history["figure"] == figure)]
    if rows.empty:
        return None
    return rows.sort_values(["rank", "line"], kind="stable").iloc[0]


def alternatives(history: pd.DataFrame, year: int, figure: str) -> list[pd.Series]:
    """Every published value of a figure in a year, preferred first."""
    rows = history[(history["year"] == year) & (history["figure"] == figure)]
    return [row for _, row in rows.sort_values(["rank", "line"], kind="stable").iterrows()]
