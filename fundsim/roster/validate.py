"""Row-by-row validation: parse every column, check every rule, split good rows from bad.

The unified social credit codes are checked once for the whole roster (:func:`check_codes`,
duplicates need every row); the other columns a chunk of rows at a time
(:func:`validate_chunk`), so memory holds one chunk of inputs. Each check is one vectorised pass
over a column (distinct values only, for codes and categories). A row with any problem is
rejected and listed once per problem in the rejects table with its row number, column and the
reason; every other row is accepted. Nothing is dropped silently: rows read = rows accepted +
rows rejected (a row with no value at all is not a firm and is not counted).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fundsim.roster import uscc
from fundsim.roster.categories import (
    CATEGORIES,
    FALSE_WORDS,
    TRUE_WORDS,
    decode,
    lookup,
)
from fundsim.roster.classify import METRIC_ZH, METRICS, SizeTable, classify, parse_industry
from fundsim.roster.columns import BY_NAME, COLUMNS, normalise
from fundsim.roster.io import Ragged, RawRoster

NUMBER_KINDS = ("count", "money", "share", "number", "year")
#: The largest value of each kind of number: a finite figure above it is "out of range". A firm
#: has at most ten million people (the largest Chinese employers have under two million); money
#: at most 10^15 yuan (a bank's total assets are under 10^14); a year at most 2100.
LIMITS = {"count": 1e7, "money": 1e15, "number": 1e15, "share": 1.0, "year": 2100.0}
UNITS = {"count": " persons", "money": " yuan", "number": "", "share": "", "year": ""}
PAID_DUE_TOLERANCE = 1.0  # yuan: rounding to the fen on either figure is not an error
FIRST_DAY, LAST_DAY = np.datetime64("1990-01-01"), np.datetime64("2100-12-31")
#: fundsim's own rule (no notice sets one window for every year): a firm applies for a
#: policy year's return, and is approved, within that year or the year before or after it
#: (seed 004 closes its 2021 claims on 2021-12-31; 内蒙古's 2020 plan on 2020-12-31).
CLAIM_WINDOW_YEARS = 1


def claim_window(year: int) -> tuple[np.datetime64, np.datetime64]:
    """First and last day on which an application or approval for policy ``year`` may fall."""
    return (np.datetime64(f"{year - CLAIM_WINDOW_YEARS}-01-01"),
            np.datetime64(f"{year + CLAIM_WINDOW_YEARS}-12-31"))
BLANK, UNKNOWN = -1, -2  # codes of a category column: blank, not in the list


@dataclass(frozen=True)
class Regions:
    """The scenario's pooling regions a roster's 失业保险参保地 must name (code or name)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]

    def index(self) -> dict[str, int]:
        table = {normalise(n): i for i, n in enumerate(self.names)}
        table.update({normalise(c): i for i, c in enumerate(self.codes)})
        return table


@dataclass
class Firms:
    """Accepted rows, parsed; every array has one entry per firm."""

    row: np.ndarray                # int64 spreadsheet row
    uscc: pa.Array                 # normalised codes
    firm_name: pa.Array | None
    region: np.ndarray             # int32 index into Regions
    industry: np.ndarray           # int32 index into industry_labels
    industry_labels: list[str]
    section: np.ndarray            # int8 index into classify.SECTIONS
    size: np.ndarray               # int8 index into categories.SIZE_CLASS
    size_classified: np.ndarray    # bool: from the thresholds, not the roster
    category: dict[str, np.ndarray]  # ownership, policy_type, main_use: int16, -1 blank
    number: dict[str, np.ndarray | None]  # float64, NaN blank; None: no such column
    date: dict[str, np.ndarray]    # datetime64[D], NaT blank; absent columns left out
    flag: dict[str, np.ndarray]    # bool, blank is False

    def __len__(self) -> int:
        return len(self.row)


@dataclass
class ChunkResult:
    """One chunk validated: its accepted firms, its rejects, and its blank rows (no firms)."""

    firms: Firms
    rejects: pd.DataFrame
    rows_read: int


@dataclass(frozen=True)
class CodeCheck:
    """The whole code column checked, with the duplicates' messages by position."""

    checked: uscc.Checked
    duplicate_at: np.ndarray       # sorted positions of rows whose code repeats
    duplicate_message: np.ndarray  # their messages (object)


@dataclass
class _Problems:
    """Problems found so far: (row positions, column, message per position or one for all)."""

    n: int
    items: list[tuple[np.ndarray, str, np.ndarray | str, bool]] = field(default_factory=list)

    def add(self, where: np.ndarray, column: str, message: np.ndarray | str,
            echo: bool = False) -> None:
        """Reject rows ``where`` for ``message``; ``echo``: the rejects table may show the
        cell, because it has its column's form (a readable number or date, a code's shape) and
        so cannot be a name or phone number shifted into the column."""
        positions = np.flatnonzero(where) if where.dtype == bool else where
        if len(positions):
            if isinstance(message, np.ndarray) and where.dtype == bool:
                message = message[where] if len(message) == self.n else message
            self.items.append((positions, column, message, echo))

    def rejected(self) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for positions, _, _, _ in self.items:
            out[positions] = True
        return out

    def frame(self, chunk: pa.Table, rows: np.ndarray, codes: pa.Array,
              shaped: np.ndarray) -> pd.DataFrame:
        """The rejects table: one line per problem (``codes``: the codes as given, shown only
        where ``shaped``: 18 characters of the code's alphabet, so never a name or a phone
        number; other cells only where the problem was added with ``echo``)."""
        order = {c.name: i for i, c in enumerate(COLUMNS)}
        parts = []
        given = pc.if_else(pa.array(shaped), pc.cast(codes, pa.string()), "")
        for positions, column, message, echo in self.items:
            take = pa.array(positions)
            source = given if column == "uscc" else (
                chunk[column] if column in chunk.column_names and echo else None)
            if source is not None:
                shown = pc.cast(pc.take(source, take), pa.string()).fill_null("")
                shown = shown.to_numpy(zero_copy_only=False)
            else:
                shown = np.full(len(positions), "", dtype=object)
            parts.append(pd.DataFrame({
                "row": rows[positions],
                "uscc": pc.take(given, take).fill_null("").to_numpy(zero_copy_only=False),
                "column": BY_NAME[column].zh,
                "field": column,
                "value": shown,
                "problem": message if isinstance(message, str) else np.asarray(message),
                "_order": order[column],
            }))
        if not parts:
            return empty_rejects()
        table = pd.concat(parts, ignore_index=True)
        table = table.sort_values(["row", "_order"], kind="stable").drop(columns="_order")
        return table.reset_index(drop=True)


def ragged_rejects(ragged: Ragged) -> pd.DataFrame:
    """Rows with the wrong number of cells: their row number and the reason, no cell (field
    ``row``: the whole row)."""
    if not len(ragged):
        return empty_rejects()
    return pd.DataFrame({"row": ragged.rows, "uscc": "", "column": "整行", "field": "row",
                         "value": "", "problem": ragged.problems()})


def empty_rejects() -> pd.DataFrame:
    """A rejects table with no line."""
    return pd.DataFrame({"row": pd.Series(dtype="int64"),
                         **{c: pd.Series(dtype="str") for c in
                            ("uscc", "column", "field", "value", "problem")}})


def _column(chunk: pa.Table, name: str) -> pa.Array | None:
    if name not in chunk.column_names:
        return None
    column = chunk[name]
    if pa.types.is_dictionary(column.type):
        column = column.unify_dictionaries()
    return column.combine_chunks()


def _is_text(arr: pa.Array) -> bool:
    return pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)


def _blank(arr: pa.Array) -> np.ndarray:
    """Null, or text that is empty after trimming."""
    if pa.types.is_dictionary(arr.type):
        values, index = _distinct(arr)
        return np.array([v is None or not v.strip() for v in values], dtype=bool)[index]
    if _is_text(arr):
        trimmed = pc.utf8_trim_whitespace(arr)
        return pc.fill_null(pc.equal(trimmed, ""), True).to_numpy(zero_copy_only=False)
    return pc.is_null(arr).to_numpy(zero_copy_only=False)


def _distinct(arr: pa.Array) -> tuple[list, np.ndarray]:
    """The distinct values of a column as text (None for a null), and each row's index."""
    if pa.types.is_dictionary(arr.type):
        dictionary = arr.dictionary if _is_text(arr.dictionary) else pc.cast(arr.dictionary,
                                                                            pa.string())
        values = dictionary.to_pylist() + [None]
        index = pc.fill_null(pc.cast(arr.indices, pa.int32()), len(values) - 1)
        return values, index.to_numpy()
    text = arr if _is_text(arr) else pc.cast(arr, pa.string())
    uniques = pc.unique(text)
    index = pc.index_in(text, value_set=uniques).to_numpy(zero_copy_only=False)
    return uniques.to_pylist(), index


def _by_value(arr: pa.Array, fn: Callable[[list], np.ndarray]) -> np.ndarray:
    """Apply ``fn`` to the distinct values of ``arr`` and spread the results to every row."""
    values, index = _distinct(arr)
    return np.asarray(fn(values))[index]


#: A plain decimal number, which Arrow parses exactly as Python does (others: pandas).
PLAIN_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def _numbers(arr: pa.Array, share: bool) -> tuple[np.ndarray, np.ndarray]:
    """Numbers (NaN for blank) and a mask of values that are not numbers. Plain decimals are
    parsed by Arrow in one pass; the rest (inf, nan, full-width digits, …) by pandas."""
    if pa.types.is_boolean(arr.type) or pa.types.is_integer(arr.type) \
            or pa.types.is_floating(arr.type) or pa.types.is_decimal(arr.type):
        values = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
        return values.astype(np.float64, copy=False), np.zeros(len(arr), dtype=bool)
    text = pc.utf8_trim_whitespace(arr if _is_text(arr) else pc.cast(arr, pa.string()))
    text = pc.fill_null(pc.replace_substring(pc.replace_substring(text, ",", ""), "，", ""), "")
    percent = np.zeros(len(text), dtype=bool)
    if share:
        percent = pc.ends_with(text, "%").to_numpy(zero_copy_only=False)
        text = pc.utf8_rtrim(text, characters="%")
    blank = pc.equal(text, "").to_numpy(zero_copy_only=False)
    plain = pc.match_substring_regex(text, PLAIN_NUMBER)
    values = pc.cast(pc.if_else(plain, text, pa.scalar(None, pa.string())), pa.float64())
    values = values.to_numpy(zero_copy_only=False).astype(np.float64, copy=True)
    rest = np.flatnonzero(~plain.to_numpy(zero_copy_only=False) & ~blank)
    if len(rest):
        others = pd.Series(pc.take(text, pa.array(rest)).to_numpy(zero_copy_only=False),
                           dtype=object)
        values[rest] = pd.to_numeric(others, errors="coerce").to_numpy(dtype=np.float64,
                                                                       na_value=np.nan)
    values = np.where(percent, values / 100.0, values)
    return values, np.isnan(values) & ~blank


def _add_split(problems: _Problems, readable: np.ndarray, name: str, where: np.ndarray,
               message: str) -> None:
    """Add a problem, showing the cell in the rejects where it is a ``readable`` figure."""
    problems.add(where & readable, name, message, echo=True)
    problems.add(where & ~readable, name, message)


def _nan_text(arr: pa.Array) -> np.ndarray:
    """Cells that spell NaN (a spreadsheet's or pandas' 'not a number')."""
    if not _is_text(arr):
        return np.zeros(len(arr), dtype=bool)
    lower = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
    spelled = pc.is_in(lower, value_set=pa.array(["nan", "+nan", "-nan", "#num!"]))
    return pc.fill_null(spelled, False).to_numpy(zero_copy_only=False)


def _industry_message(problem: str) -> str:
    """An industry problem without the cell's text (the cell may hold a shifted name)."""
    return problem.split(":")[0] + " (a section letter, a division like C13 or a group like " \
        "K701)" if problem.startswith("not a GB/T 4754-2011 industry code") else problem


#: A date with separators: 2020-05-27, 2020/5/27, 2020.5.27, 2020年5月27日, each optionally
#: with a time (2020/5/27 0:00, 2020-05-27 00:00:00, 2020-05-27T08:30:00), as Excel in China
#: and databases write them. The time is read and dropped.
DATE_PATTERN = (r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                r"(?:(?:\s+|T)(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?)?$")
COMPACT_PATTERN = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"   # 20200527
SERIAL_PATTERN = r"^(?P<serial>\d{5})(?:\.\d+)?$"             # Excel's day number: 43978
EXCEL_EPOCH = np.datetime64("1899-12-30")  # Excel's day 0 (its 1900 leap-year bug included)


def _parts(text: pa.Array, pattern: str, names: tuple[str, ...]) -> list[np.ndarray]:
    """The named groups of ``pattern`` as int64 (-1 where the text does not match or the
    group is empty)."""
    found = pc.extract_regex(text, pattern)
    out = []
    for name in names:
        part = pc.struct_field(found, name)
        part = pc.if_else(pc.equal(part, ""), None, part)
        out.append(pc.fill_null(pc.cast(part, pa.int64()), -1).to_numpy(zero_copy_only=False))
    return out


def _calendar_days(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days of (year, month, day); NaT where there is no such day (2021-02-30, month 13)."""
    ok = (y >= 0) & (m >= 1) & (m <= 12) & (d >= 1)
    month = np.where(ok, (y - 1970) * 12 + m - 1, 0).astype("datetime64[M]")
    first = month.astype("datetime64[D]")
    length = ((month + 1).astype("datetime64[D]") - first).astype(np.int64)
    ok &= d <= length
    return np.where(ok, first + np.where(ok, d - 1, 0).astype("timedelta64[D]"),
                    np.datetime64("NaT", "D"))


def _dates(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Dates (NaT for blank) and a mask of values that are not dates. A roster holds few
    distinct dates, so they are parsed once each (:func:`_parse_dates`) and spread to the
    rows, all in vectorised passes."""
    n = len(arr)
    if pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type):
        days = pc.cast(arr, pa.date32(), safe=False).to_numpy(zero_copy_only=False)
        return days.astype("datetime64[D]"), np.zeros(n, dtype=bool)
    text = pc.fill_null(arr if _is_text(arr) else pc.cast(arr, pa.string()), "")
    uniques = pc.unique(text)
    index = pc.index_in(text, value_set=uniques).to_numpy(zero_copy_only=False)
    days, unreadable = _parse_dates(uniques)
    return days[index], unreadable[index]


def _parse_dates(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_dates` of text, one vectorised pass per form (:data:`DATE_PATTERN`,
    :data:`COMPACT_PATTERN`, Excel serials)."""
    n = len(text)
    text = pc.utf8_normalize(pc.utf8_trim_whitespace(text), "NFKC")  # full-width digits
    days = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    y, m, d, hh, mm, ss = _parts(text, DATE_PATTERN, ("y", "m", "d", "hh", "mm", "ss"))
    clock_ok = (hh <= 23) & (mm <= 59) & (ss <= 59)
    found = _calendar_days(y, m, d)
    days = np.where(clock_ok, found, days)
    y, m, d = _parts(text, COMPACT_PATTERN, ("y", "m", "d"))
    days = np.where(np.isnat(days) & (y >= 0), _calendar_days(y, m, d), days)
    (serial,) = _parts(text, SERIAL_PATTERN, ("serial",))
    by_serial = EXCEL_EPOCH + np.where(serial >= 0, serial, 0).astype("timedelta64[D]")
    days = np.where(np.isnat(days) & (serial >= 0), by_serial, days)
    blank = pc.equal(text, "").to_numpy(zero_copy_only=False)
    return days, np.isnat(days) & ~blank


def _flags(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Yes/no values (blank is no) and a mask of values that are neither."""
    if pa.types.is_boolean(arr.type):
        return pc.fill_null(arr, False).to_numpy(zero_copy_only=False), np.zeros(len(arr), bool)
    words = {normalise(w): True for w in TRUE_WORDS} | {normalise(w): False for w in FALSE_WORDS}

    def meaning(values: list) -> np.ndarray:
        return np.array([words.get(normalise(v) if v is not None else "", 2) for v in values],
                        dtype=np.int8)

    code = _by_value(arr, meaning)
    return code == 1, code == 2


def _list(values: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(values[:limit])
    return shown + (", …" if len(values) > limit else "")


def check_codes(codes: pa.Array, row_of: Callable[[np.ndarray], np.ndarray]) -> CodeCheck:
    """Check every code of the roster and find the codes given on more than one row.

    Every row of a repeated code is rejected (which of them is right is for people to say);
    the message names all its rows.
    """
    checked = uscc.check(codes)
    ok = np.flatnonzero(checked.status == uscc.OK)
    # one 64-bit hash per code finds candidates fast; the exact pair of keys confirms them
    key = checked.key_hi[ok] * np.uint64(0x9E3779B97F4A7C15) + checked.key_lo[ok]
    maybe = ok[pd.Series(key).duplicated(keep=False).to_numpy()]
    pairs = pd.DataFrame({"hi": checked.key_hi[maybe], "lo": checked.key_lo[maybe],
                          "row": row_of(maybe), "pos": maybe})
    pairs = pairs[pairs.duplicated(["hi", "lo"], keep=False)].sort_values("pos")
    messages = pairs.groupby(["hi", "lo"])["row"].transform(
        lambda r: "the same code is in rows " + ", ".join(str(x) for x in sorted(r)))
    return CodeCheck(checked, pairs["pos"].to_numpy(dtype=np.int64),
                     messages.to_numpy(dtype=object))


def _uscc_problems(problems: _Problems, codes: CodeCheck, positions: np.ndarray,
                   keep: np.ndarray) -> None:
    """The code problems of the chunk's rows (``keep``: rows that are not blank)."""
    status = codes.checked.status[positions]
    for value, message in uscc.STATUS_MESSAGES.items():
        where = np.flatnonzero((status == value) & keep)
        if value == uscc.BAD_CHECK and len(where):
            message = np.char.add(np.char.add(
                f"{message} (for the first 17 characters it would be '",
                codes.checked.expected(positions[where])), "')")
        problems.add(where, "uscc", message)
    if len(codes.duplicate_at):
        where = np.flatnonzero(np.isin(positions, codes.duplicate_at))
        found = np.searchsorted(codes.duplicate_at, positions[where])
        problems.add(where, "uscc", codes.duplicate_message[found])


def _blank_rows(chunk: pa.Table, code_missing: np.ndarray) -> np.ndarray:
    """Rows with no value in any column (not firms: skipped, not counted)."""
    blank = code_missing.copy()
    for name in chunk.column_names:
        if not blank.any():
            break
        blank &= _blank(_column(chunk, name))
    return blank


def validate_chunk(chunk: pa.Table, positions: np.ndarray, rows: np.ndarray,
                   codes: CodeCheck, codes_given: pa.Array, regions: Regions, year: int,
                   table: SizeTable, scenario_name: str = "") -> ChunkResult:
    """Check one chunk of rows for the policy ``year``; split accepted from rejected.

    ``positions`` are the rows' places in the code column, ``rows`` their spreadsheet rows,
    ``codes_given`` the chunk's codes as written (for the rejects table).
    """
    missing_code = codes.checked.status[positions] == uscc.MISSING
    blank_row = _blank_rows(chunk, missing_code)
    if blank_row.any():
        keep_rows = pa.array(~blank_row)
        chunk, codes_given = chunk.filter(keep_rows), codes_given.filter(keep_rows)
        positions, rows = positions[~blank_row], rows[~blank_row]
    n = chunk.num_rows
    problems = _Problems(n)
    missing = "required value is missing"
    _uscc_problems(problems, codes, positions, np.ones(n, dtype=bool))

    # the region: a code (or name) of the scenario's data
    index = regions.index()
    region = _by_value(_column(chunk, "region"), lambda vs: np.array(
        [BLANK if v is None or not normalise(v) else index.get(normalise(v), UNKNOWN)
         for v in vs], dtype=np.int32))
    problems.add(region == BLANK, "region", missing)
    problems.add(region == UNKNOWN, "region",
                 f"not a pooling region of scenario {scenario_name!r} (codes: "
                 f"{_list(regions.codes)})")

    # the industry, and the size class (given, else from the industry's thresholds)
    values, industry = _distinct(_column(chunk, "industry"))
    parsed = [parse_industry(v, table) for v in values]
    stripped = ["" if v is None else v.strip() for v in values]
    labels = list(dict.fromkeys(stripped))  # distinct after trimming, for the categories
    position = {label: i for i, label in enumerate(labels)}
    section = np.array([p.section for p in parsed], dtype=np.int8)[industry]
    group = np.array([p.group for p in parsed], dtype=np.int8)[industry]
    messages = np.array([_industry_message(p.problem) for p in parsed], dtype=object)
    bad_industry = (messages != "")[industry]
    bad_rows = np.flatnonzero(bad_industry)
    problems.add(bad_rows, "industry", messages[industry[bad_rows]])
    industry = np.array([position[v] for v in stripped], dtype=np.int32)[industry]

    category: dict[str, np.ndarray] = {}
    for name, values in CATEGORIES.items():
        arr = _column(chunk, name)
        if arr is None:
            category[name] = np.full(n, BLANK, dtype=np.int16)
            continue
        table_ = lookup(values)
        category[name] = _by_value(arr, lambda vs, t=table_: decode(vs, t)).astype(np.int16)
        problems.add(category[name] == UNKNOWN, name,
                     f"unknown value; one of: {_list([f'{c.code} {c.zh}' for c in values], 30)}")

    number: dict[str, np.ndarray | None] = {}
    plausible: dict[str, np.ndarray] = {}  # readable and in range: may be shown in rejects
    for column in COLUMNS:
        if column.kind not in NUMBER_KINDS:
            continue
        arr = _column(chunk, column.name)
        if arr is None:
            number[column.name] = None
            continue
        values, unreadable = _numbers(arr, column.kind == "share")
        infinite, nan = np.isinf(values), unreadable & _nan_text(arr)
        values = np.where(infinite, np.nan, values)  # refused below; NaN keeps sums finite
        number[column.name] = values
        problems.add(unreadable & ~nan, column.name, "not a number")
        problems.add(nan, column.name, "NaN (not a number) is not a value: leave the cell blank "
                     "or give a number")
        problems.add(infinite, column.name, "infinity is not a value: give a number")
        given = ~np.isnan(values)
        top = LIMITS[column.kind]
        readable = given & (np.abs(values) <= max(top, 100.0))  # a plausible figure
        add = functools.partial(_add_split, problems, readable, column.name)
        add(given & (values < 0), "must not be negative")
        if column.kind != "share":
            problems.add(given & (values > top), column.name,
                         f"out of range (max {top:,.0f}{UNITS[column.kind]})")
        plausible[column.name] = readable & (values <= top)
        if column.kind in ("count", "year"):
            add(given & (values >= 0) & (values <= top) & (values != np.floor(values)),
                "must be a whole number")
        if column.kind == "share":
            add(given & (values > 1), "a share must lie in [0, 1] (write 60% as 0.6 or 60%)")
        if column.required and column.name != "layoffs":
            problems.add(~given & ~unreadable & ~infinite, column.name, missing)
    nothing = np.full(n, np.nan)

    def num(name: str) -> np.ndarray:
        return nothing if number[name] is None else number[name]

    def shown(name: str) -> np.ndarray:
        return plausible.get(name, np.zeros(n, dtype=bool))

    for name in ("employees", "insured"):
        problems.add((num(name) < 1) & (num(name) >= 0), name,
                     "must be at least 1 (the denominator of the lay-off rate)", echo=True)
    problems.add(np.isnan(num("layoffs")) & np.isnan(num("claimants"))
                 & ~_given(chunk, "layoffs"), "layoffs",
                 "required value is missing (or give 领金人数, the benefit claimants)")
    paid_more = num("paid_last_year") > num("due_last_year") + PAID_DUE_TOLERANCE
    paid_more &= num("paid_last_year") <= LIMITS["money"]
    problems.add(paid_more, "paid_last_year", "larger than 上年应缴金额 (the contributions due); "
                 "back payments (补缴) are excluded from both", echo=True)
    subsidy_year = num("subsidy_year")
    other_year = ~np.isnan(subsidy_year) & (subsidy_year != year) & (subsidy_year >= 0) \
        & (subsidy_year <= LIMITS["year"])
    problems.add(other_year & shown("subsidy_year"), "subsidy_year",
                 f"not the policy year of this run ({year})", echo=True)
    problems.add(other_year & ~shown("subsidy_year"), "subsidy_year",
                 f"not the policy year of this run ({year})")

    date: dict[str, np.ndarray] = {}
    for name in ("date_applied", "date_approved", "date_paid"):
        arr = _column(chunk, name)
        if arr is None:
            continue
        days, unreadable = _dates(arr)
        date[name] = days
        problems.add(unreadable, name, "not a date (YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, with "
                     "or without a time, or an Excel date)")
        outside = ~np.isnat(days) & ((days < FIRST_DAY) | (days > LAST_DAY))
        problems.add(outside, name, "date out of range 1990–2100", echo=True)
        if name != "date_paid":  # a payment must fall in the policy year itself (below)
            first, last = claim_window(year)
            problems.add(~np.isnat(days) & ~outside & ((days < first) | (days > last)), name,
                         f"outside the claim window of policy year {year} ({first} to {last}: "
                         f"the policy year ± {CLAIM_WINDOW_YEARS})", echo=True)
    if "date_applied" in date and "date_approved" in date:
        problems.add(date["date_approved"] < date["date_applied"], "date_approved",
                     "before 申报日期 (the application)", echo=True)
    if "date_approved" in date and "date_paid" in date:
        problems.add(date["date_paid"] < date["date_approved"], "date_paid",
                     "before 审批日期 (the approval)", echo=True)
    if "date_paid" in date:
        paid_on = date["date_paid"]
        start, end = np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-12-31")
        problems.add(~np.isnat(paid_on) & ((paid_on < start) | (paid_on > end)), "date_paid",
                     f"not in the policy year {year} (发放金额 is what was paid this year)",
                     echo=True)

    flag: dict[str, np.ndarray] = {}
    for column in COLUMNS:
        if column.kind != "flag":
            continue
        arr = _column(chunk, column.name)
        if arr is None:
            flag[column.name] = np.zeros(n, dtype=bool)
            continue
        flag[column.name], unknown = _flags(arr)
        problems.add(unknown, column.name, "not yes or no (是/否, 1/0, Y/N, true/false)")

    size = category.pop("size_class").astype(np.int8)
    blank_size = size == BLANK
    readable_industry = ~bad_industry
    problems.add(blank_size & readable_industry & (group < 0), "size_class",
                 "blank, and this industry has no size thresholds in 工信部联企业〔2011〕300号 "
                 "(or is given too coarsely, e.g. K70 instead of K701): give 企业规模")
    todo = np.flatnonzero(blank_size & readable_industry & (group >= 0))
    level, lacking = classify(group[todo], num("employees")[todo], num("revenue")[todo],
                              num("assets")[todo], table)
    size[todo] = level
    for m, metric in enumerate(METRICS):
        problems.add(todo[(level < 0) & (lacking == m)], "size_class",
                     f"blank, and {METRIC_ZH[metric]} is needed to classify this industry "
                     f"(工信部联企业〔2011〕300号): give 企业规模 or {METRIC_ZH[metric]}")

    shaped = np.isin(codes.checked.status[positions], (uscc.OK, uscc.BAD_DIVISION,
                                                       uscc.BAD_CHECK))
    rejects = problems.frame(chunk, rows, codes_given, shaped)
    rejected = problems.rejected()
    everyone = not rejected.any()
    keep = np.flatnonzero(~rejected)

    def kept(values: np.ndarray) -> np.ndarray:
        return values if everyone else values[keep]

    name_arr = _column(chunk, "firm_name")
    firms = Firms(
        row=kept(rows),
        uscc=pc.take(codes.checked.codes, pa.array(kept(positions))),
        firm_name=None if name_arr is None else pc.take(pc.cast(name_arr, pa.string()),
                                                        pa.array(keep)),
        region=kept(region),
        industry=kept(industry),
        industry_labels=labels,
        section=kept(section),
        size=kept(size),
        size_classified=kept(blank_size),
        category={k: kept(v) for k, v in category.items()},
        number={k: None if v is None else kept(v) for k, v in number.items()},
        date={k: kept(v) for k, v in date.items()},
        flag={k: kept(v) for k, v in flag.items()},
    )
    return ChunkResult(firms, rejects, n)


def _given(chunk: pa.Table, name: str) -> np.ndarray:
    """True where the column holds a value that is not blank (read or not)."""
    arr = _column(chunk, name)
    if arr is None:
        return np.zeros(chunk.num_rows, dtype=bool)
    return ~_blank(arr)


def policy_year_of(raw: RawRoster) -> int | None:
    """The roster's 补贴年度 when every row gives the same readable year, else None."""
    arr = raw.column("subsidy_year")
    if arr is None:
        return None
    values, _ = _numbers(arr, share=False)
    distinct = np.unique(values[~np.isnan(values)])
    if len(distinct) == 1 and not np.isnan(values).any() and float(distinct[0]).is_integer():
        year = int(distinct[0])
        return year if 1990 <= year <= 2100 else None
    return None
