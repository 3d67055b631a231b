"""The working-day calendar of the administration: weekends, public holidays and 调休 days.

Offices work Monday to Friday, except on the public holidays of the State Council's yearly
notices, and they work on the weekend days those notices make working days (调休上班). The days
are a shipped data table, ``holidays.csv`` (2019–2025, source in its header and ``source``
column). Years outside the table are weekends-only, with a warning.

The pipeline runs on a *working-day clock*: time ``t`` counts working days since the first
working day of the calendar, so staff work only on working days without any extra events; day
``k`` of the clock is the working day ``days[k]``, and ``t = k + 0.5`` is its midday.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from fundsim.base.errors import InputError, Problem

HOLIDAYS_FILE = Path(str(resources.files("fundsim.pipeline") / "holidays.csv"))


@dataclass(frozen=True)
class Holidays:
    """Closure days and make-up working days from a holiday table."""

    holidays: np.ndarray   # datetime64[D]: days off although a weekday
    workdays: np.ndarray   # datetime64[D]: weekend days worked (调休)
    first_year: int
    last_year: int


def load_holidays(path: Path = HOLIDAYS_FILE) -> Holidays:
    """Read a holiday table (``date,kind,name,source``; ``#`` lines are comments)."""
    file = str(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError([Problem(file, "", "", f"cannot read file: {exc.strerror or exc}")]
                         ) from None
    numbered = [(i + 1, line) for i, line in enumerate(lines)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InputError([Problem(file, "", "", "the file is empty: no header row")])
    header_line, header = numbered[0]
    columns = next(csv.reader([header]))
    if columns[:2] != ["date", "kind"]:
        raise InputError([Problem(file, f"line {header_line}", "", "the header must start with "
                                  f"'date,kind', got {header!r}")])
    problems: list[Problem] = []
    off: list[dt.date] = []
    worked: list[dt.date] = []
    for number, cells in zip((n for n, _ in numbered[1:]),
                             csv.reader([line for _, line in numbered[1:]]), strict=True):
        where = f"line {number}"
        try:
            day = dt.date.fromisoformat(cells[0].strip())
        except (ValueError, IndexError):
            problems.append(Problem(file, where, "date", f"not a date (YYYY-MM-DD): "
                                    f"{cells[0] if cells else ''!r}"))
            continue
        kind = cells[1].strip() if len(cells) > 1 else ""
        if kind == "holiday":
            off.append(day)
        elif kind == "workday":
            if day.weekday() < 5:
                problems.append(Problem(file, where, "kind", f"{day} is a weekday: a make-up "
                                        "working day (workday) must fall on a weekend"))
            worked.append(day)
        else:
            problems.append(Problem(file, where, "kind",
                                    f"expected 'holiday' or 'workday', got {kind!r}"))
    if problems:
        raise InputError(problems)
    both = set(off) & set(worked)
    if both:
        raise InputError([Problem(file, "", "date", f"{min(both)} is both a holiday and a "
                                  "make-up working day")])
    years = [d.year for d in off + worked]
    return Holidays(np.array(sorted(off), dtype="datetime64[D]"),
                    np.array(sorted(worked), dtype="datetime64[D]"), min(years), max(years))


class WorkCalendar:
    """Working days between two dates, and the working-day clock over them."""

    def __init__(self, first: dt.date, last: dt.date, holidays: Holidays | None = None):
        table = load_holidays() if holidays is None else holidays
        span = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
        weekday = (span.astype(int) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        working = (weekday < 5) & ~np.isin(span, table.holidays)
        working |= np.isin(span, table.workdays)
        self.first, self.last = first, last
        self.days: np.ndarray = span[working]
        outside = sorted({y for y in range(first.year, last.year + 1)
                          if not table.first_year <= y <= table.last_year})
        self.warnings = [f"no public-holiday data for {', '.join(map(str, outside))}: those "
                         "years count weekends only"] if outside else []

    def __len__(self) -> int:
        return len(self.days)

    def clock(self, dates: np.ndarray) -> np.ndarray:
        """Working-day clock at the start of each date (a day off maps to the next working day)."""
        return np.searchsorted(self.days, np.asarray(dates, dtype="datetime64[D]"), side="left"
                               ).astype(float)

    def is_working(self, dates: np.ndarray) -> np.ndarray:
        """Whether each date is a working day."""
        dates = np.asarray(dates, dtype="datetime64[D]")
        i = np.searchsorted(self.days, dates).clip(max=len(self.days) - 1)
        return self.days[i] == dates

    def date_of(self, t: np.ndarray) -> np.ndarray:
        """The working day (datetime64[D]) a clock time falls in."""
        k = np.floor(np.asarray(t, dtype=float)).astype(np.int64).clip(0, len(self.days) - 1)
        return self.days[k]

    def month_bounds(self, months: np.ndarray) -> np.ndarray:
        """Clock times at the start of each month in ``months`` and of the month after the last.

        ``months`` is datetime64[M], consecutive; returns an array one longer.
        """
        edges = np.append(months, months[-1] + 1).astype("datetime64[D]")
        return self.clock(edges)

    def working_days_in(self, months: np.ndarray) -> np.ndarray:
        """Working days in each month (datetime64[M], consecutive)."""
        return np.diff(self.month_bounds(months))
