"""Reading rosters (CSV, Excel .xlsx, Parquet) and writing tables atomically.

Only the columns the rules use are read, under their English names: the personal columns
(联系人, 联系电话) and ignored ones are dropped as soon as the header is known (from Parquet they
are never read at all). CSV and Excel cells stay text until validation parses them; Parquet
columns keep their types and are read a batch of rows at a time. Row numbers are spreadsheet
rows: the header is row 1, the first firm row 2 (for Parquet too, so every format numbers rows
alike).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from fundsim.base.delivery import clean_stale, publish_mode, staging_prefix
from fundsim.base.errors import InputError, Problem
from fundsim.base.text import BOM, read_text
from fundsim.roster.columns import BY_NAME, READ, resolve_headers
from fundsim.run.columns import ROSTER_FILES, round_money

FORMATS = {".csv": "csv", ".xlsx": "excel", ".xlsm": "excel", ".parquet": "parquet",
           ".pq": "parquet"}
EXCEL_MAX_ROWS = 1_048_575  # a sheet's rows, less the header
CSV_SLICE = 1 << 18         # rows written to a CSV file between progress reports

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Ragged:
    """Rows whose number of cells differs from the header's: rejected whole, never read.

    A row with a cell deleted or inserted has every later value in the wrong column (a contact
    name under 统一社会信用代码), so none of its cells is used or shown, only its row number.
    """

    rows: np.ndarray    # int64 spreadsheet rows
    cells: np.ndarray   # int64 cells in each row
    width: int          # cells in the header

    @classmethod
    def none(cls) -> Ragged:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), 0)

    def __len__(self) -> int:
        return len(self.rows)

    def problems(self) -> np.ndarray:
        """One reason per row (object array)."""
        return np.array([f"wrong number of columns: {n} cells, the header has {self.width}; "
                         "the row is not read (a cell deleted or inserted shifts every later "
                         "value into the wrong column)" for n in self.cells], dtype=object)


class RawRoster:
    """A roster as read: its used columns by English name, served in chunks of rows.

    ``codes`` is the whole 统一社会信用代码 column (checked once, for duplicates across the
    file); ``chunks`` yields the other used columns a slice of rows at a time, with each row's
    position in ``codes``. A Parquet file is read chunk by chunk (row batches), so memory holds
    one chunk of inputs at a time; CSV and Excel are read whole (they are small by nature).
    """

    def __init__(self, file: str, format: str, codes: pa.Array, columns: tuple[str, ...],
                 table: pa.Table | None = None, rows: np.ndarray | None = None,
                 parquet: tuple[pq.ParquetFile, dict[str, str]] | None = None,
                 ragged: Ragged | None = None):
        self.file, self.format, self.codes, self.columns = file, format, codes, columns
        self._table, self._rows, self._parquet = table, rows, parquet
        self.ragged = ragged if ragged is not None else Ragged.none()

    @property
    def num_rows(self) -> int:
        return len(self.codes)

    @property
    def notes(self) -> tuple[str, ...]:
        """What a reader should know about the file (a long Excel roster reads slowly)."""
        if self.format == "excel" and self.num_rows > EXCEL_SLOW_ROWS:
            return (f"{self.file}: {self.num_rows:,} rows from Excel read slowly (a workbook is "
                    "XML, read cell by cell); save the roster as Parquet (pandas: "
                    "DataFrame.to_parquet) to read it many times faster",)
        return ()

    def row_of(self, positions: np.ndarray) -> np.ndarray:
        """Spreadsheet rows (the header is row 1) of positions in ``codes``."""
        if self._rows is not None:
            return self._rows[positions]
        return np.asarray(positions, dtype=np.int64) + 2

    def column(self, name: str) -> pa.Array | None:
        """One whole used column (None when the roster has no such column)."""
        if name not in self.columns:
            return None
        if name == "uscc":
            return self.codes
        if self._parquet is None:
            return self._table[name].combine_chunks()
        handle, names = self._parquet
        try:
            column = handle.read(columns=[names[name]]).column(0)
        except (OSError, pa.ArrowException) as exc:
            raise InputError([Problem(self.file, "", "", f"not a readable Parquet file: {exc}")]
                             ) from None
        if pa.types.is_dictionary(column.type):
            column = column.unify_dictionaries()
        return column.combine_chunks()

    def chunks(self, size: int) -> Iterator[tuple[pa.Table, np.ndarray]]:
        """(the used columns but the code, positions in ``codes``) for ``size`` rows at a time."""
        if self._parquet is None:
            for start in range(0, max(self.num_rows, 1), size):  # an empty roster: one chunk
                stop = min(start + size, self.num_rows)
                yield self._table.slice(start, stop - start), np.arange(start, stop)
            return
        handle, names = self._parquet
        if self.num_rows == 0:  # no row batch at all: one empty chunk of the used columns
            empty = handle.schema_arrow.empty_table().select(list(names.values()))
            yield empty.rename_columns(list(names)), np.arange(0)
            return
        start = 0
        try:
            for batch in handle.iter_batches(batch_size=size, columns=list(names.values()),
                                             use_threads=True):
                table = pa.Table.from_batches([batch]).rename_columns(list(names))
                yield table, np.arange(start, start + batch.num_rows)
                start += batch.num_rows
        except (OSError, pa.ArrowException) as exc:
            raise InputError([Problem(self.file, "", "", f"not a readable Parquet file: {exc}")]
                             ) from None


def roster_format(path: Path) -> str:
    """'csv', 'excel' or 'parquet' from the file name; InputError for anything else."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError([Problem(str(path), "", "", f"a roster must be .csv, .xlsx or .parquet, "
                                  f"not '{path.suffix or '(no extension)'}'")])
    return fmt


def _unnamed_problems(header: list[str], filled: Iterator[int], file: str) -> None:
    """InputError for columns inside the header that have no name but hold values."""
    problems = [Problem(file, "row 1", f"column {i + 1}", "a column without a header holds values")
                for i in sorted(filled)]
    if problems:
        raise InputError(problems)


def _header_width(header: list[str]) -> int:
    """Cells of the header up to its last named one (blank header cells after it are padding)."""
    named = [i for i, name in enumerate(header) if name.strip()]
    return named[-1] + 1 if named else 0


def _read_csv(path: Path) -> tuple[pa.Table, np.ndarray, Ragged]:
    """Read a CSV roster with Arrow's parser, every cell as text, only the used columns.

    Rows are numbered by record (the header is row 1; a value with a line break inside quotes
    is one row, as in Excel). A row with more or fewer cells than the header is not read: it is
    returned in :class:`Ragged`. Blank rows are dropped, their row numbers kept.
    """
    file = str(path)
    text = read_text(path).text  # UTF-8 or GBK/GB18030: Excel in China saves CSV as GBK
    try:
        header = next(csv.reader(io.StringIO(text)), None)
    except csv.Error as exc:
        raise InputError([Problem(file, "row 1", "", f"broken CSV: {exc}")]) from None
    if not header or not any(cell.strip() for cell in header):
        raise InputError([Problem(file, "", "", "the file is empty: no header row")])
    width = len(header)
    found = resolve_headers(header, file)
    used = {name: pos for name, pos in found.items() if name in READ}
    unnamed = [i for i, name in enumerate(header) if not name.strip()]
    short: list[tuple[int, int]] = []  # (row, cells); cells 0: blank (only commas)

    def invalid(row: pacsv.InvalidRow) -> str:
        blank = not row.text.strip(" \t\r\n,\"'")  # nothing but commas: blank, not ragged
        short.append((row.number, 0 if blank else row.actual_columns))
        return "skip"

    positions = sorted(set(used.values()) | set(unnamed))
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8") + (b"" if text.endswith("\n") else b"\n")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                include_columns=[f"f{i}" for i in positions], strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except pa.ArrowInvalid as exc:
        raise InputError([Problem(file, "", "", f"broken CSV: {exc} (a quote that is not "
                                  "closed?)")]) from None
    table = table.slice(1)  # the header
    skipped = np.array([n for n, _ in short], dtype=np.int64)
    rows = np.arange(2, table.num_rows + len(skipped) + 2, dtype=np.int64)
    rows = rows[~np.isin(rows, skipped)]  # records the parser kept, by number
    _unnamed_problems(header, (i for i in unnamed if pc.any(pc.not_equal(
        pc.utf8_trim_whitespace(table[f"f{i}"]), "")).as_py()), file)
    data = pa.table({name: table[f"f{pos}"] for name, pos in used.items()})
    blank = np.ones(data.num_rows, dtype=bool)
    for name in used:
        trimmed = pc.utf8_trim_whitespace(data[name])
        blank &= pc.equal(trimmed, "").to_numpy(zero_copy_only=False)
    if blank.any():
        data, rows = data.filter(pa.array(~blank)), rows[~blank]
    cells = np.array([n for _, n in short], dtype=np.int64)
    ragged = Ragged(skipped[cells > 0], cells[cells > 0], width)
    return data, rows, ragged


#: Rows of an Excel roster read into one Arrow chunk: the workbook streams, so memory holds
#: the used columns as Arrow text, never the whole sheet as Python cells.
EXCEL_CHUNK = 50_000
#: An Excel roster longer than this is slow to read: the run says so and suggests Parquet.
EXCEL_SLOW_ROWS = 100_000


def _excel_text(value: object) -> str:
    """A cell as text: whole numbers without '.0' (a count typed in Excel is a float), blanks
    empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_excel(path: Path) -> tuple[pa.Table, np.ndarray, Ragged]:
    """Read the first sheet with calamine (Rust; about ten times ``pandas.read_excel`` with
    openpyxl, benchmarks/bench_roster_excel.py) row by row: only the known columns are kept,
    as Arrow text in chunks of :data:`EXCEL_CHUNK` rows, so memory never holds the sheet as
    Python cells; blank rows are dropped, their row numbers kept. A row with a value right of
    the header's last named column (a cell inserted) is not read: it is returned in
    :class:`Ragged`. (A deleted cell cannot be told from a blank last one in a sheet.)"""
    from python_calamine import CalamineError, CalamineWorkbook

    file = str(path)
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        first = next(rows, None)
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError([Problem(file, "", "", f"cannot read workbook: {exc}")]) from None
    if first is None:
        raise InputError([Problem(file, "", "", "the file is empty: no header row")])
    header = [_excel_text(h) for h in first]
    found = resolve_headers(header, file)
    used = {name: pos for name, pos in found.items() if name in READ}
    width = _header_width(header)
    unnamed = [i for i, name in enumerate(header[:width]) if not name.strip()]
    filled: set[int] = set()
    extra: list[tuple[int, int]] = []  # rows with a value right of the header's last column
    columns: dict[str, list[pa.Array]] = {name: [] for name in used}
    buffer: dict[str, list[str]] = {name: [] for name in used}
    numbers: list[int] = []

    def flush() -> None:
        if not any(buffer.values()):
            return
        for name in used:
            columns[name].append(pa.array(buffer[name], type=pa.string()))
            buffer[name] = []

    for number, row in enumerate(rows, start=2):
        if len(row) > width and any(_excel_text(cell).strip() for cell in row[width:]):
            last = max(i for i in range(width, len(row)) if _excel_text(row[i]).strip())
            extra.append((number, last + 1))
            continue
        for i in unnamed:
            if i < len(row) and _excel_text(row[i]).strip():
                filled.add(i)
        cells = {name: (_excel_text(row[pos]) if pos < len(row) else "")
                 for name, pos in used.items()}
        if not any(cell.strip() for cell in cells.values()):
            continue
        for name, cell in cells.items():
            buffer[name].append(cell)
        numbers.append(number)
        if len(numbers) % EXCEL_CHUNK == 0:
            flush()
    flush()
    _unnamed_problems(header, iter(filled), file)
    table = pa.table({name: pa.chunked_array(chunks or [pa.array([], pa.string())],
                                             type=pa.string())
                      for name, chunks in columns.items()})
    ragged = Ragged(np.array([n for n, _ in extra], dtype=np.int64),
                    np.array([c for _, c in extra], dtype=np.int64), width)
    return table, np.asarray(numbers, dtype=np.int64), ragged


def _read_parquet(path: Path) -> RawRoster:
    file = str(path)
    try:
        handle = pq.ParquetFile(path)
        names = handle.schema_arrow.names
        found = resolve_headers(names, file)
        used = {name: names[pos] for name, pos in found.items() if name in READ}
        codes = handle.read(columns=[used["uscc"]], use_threads=True).column(0)
    except (OSError, pa.ArrowException) as exc:
        raise InputError([Problem(file, "", "", f"not a readable Parquet file: {exc}")]
                         ) from None
    others = {name: column for name, column in used.items() if name != "uscc"}
    return RawRoster(file, "parquet", codes.combine_chunks(), tuple(used),
                     parquet=(handle, others))


def count_rows(path: str | Path) -> int:
    """About how many rows a roster file holds, without reading it: Parquet's metadata, a
    CSV's line breaks, a sheet's recorded dimension (0 when the file cannot be opened: the
    reader then says why)."""
    path = Path(path)
    try:
        fmt = roster_format(path)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if fmt == "csv":
            with open(path, "rb") as handle:
                return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return max((sheet.max_row or 0) for sheet in book.worksheets)
        finally:
            book.close()
    except Exception:  # unreadable or damaged, of any kind: the reader then says properly why
        return 0


def read_roster(path: str | Path) -> RawRoster:
    """Open a roster file; InputError for an unreadable file or a bad header."""
    path = Path(path)
    fmt = roster_format(path)
    if not path.is_file():
        raise InputError([Problem(str(path), "", "", "file not found")])
    if fmt == "parquet":
        return _read_parquet(path)
    table, rows, ragged = (_read_csv if fmt == "csv" else _read_excel)(path)
    codes = table["uscc"].combine_chunks()
    rest = table.drop_columns(["uscc"])
    return RawRoster(str(path), fmt, codes, tuple(table.column_names), table=rest, rows=rows,
                     ragged=ragged)


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Write a file under a temporary name beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path.parent)  # a killed run's temporary file
    fd, temp = tempfile.mkstemp(prefix=staging_prefix(path.name), dir=path.parent)
    os.close(fd)
    try:
        write(Path(temp))
        publish_mode(Path(temp), directory=False)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _arrow(table: pd.DataFrame | pa.Table) -> pa.Table:
    if isinstance(table, pa.Table):
        return table
    return pa.Table.from_pandas(table, preserve_index=False)


def plain(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain strings (CSV and Excel writers take no dictionaries)."""
    columns = [col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col
               for col in table.columns]
    return pa.table(columns, names=table.column_names)


#: Columns computed for the screen and left out of the files, which hold one money unit (元).
NOT_WRITTEN = ("entitlement_wan",)


def output_table(table: pd.DataFrame, file: str) -> pd.DataFrame:
    """A roster output table as its file ``file`` (``by_region.csv``, …) holds it: money in
    yuan rounded to the fen (:mod:`fundsim.run.columns` says which columns are money), the
    万元 copy of the entitlement left out. Other tables (a roster written by ``synth``) are
    returned as they are."""
    if file not in ROSTER_FILES:
        return table
    table = table.drop(columns=[c for c in NOT_WRITTEN if c in table.columns])
    return round_money(table, file, 2)


def write_csv_file(table: pd.DataFrame | pa.Table, path: Path, progress: Progress = None
                   ) -> None:
    """CSV in UTF-8 with a BOM (so Excel shows Chinese), written by Arrow :data:`CSV_SLICE`
    rows at a time, then ``progress(rows written, rows)``. A roster output table (by its file
    name) is written as :func:`output_table` makes it."""
    if isinstance(table, pd.DataFrame):
        table = output_table(table, Path(path).name)
    data = plain(_arrow(table))
    with open(path, "wb") as sink:
        sink.write(BOM)
        with pacsv.CSVWriter(sink, data.schema,
                             write_options=pacsv.WriteOptions(quoting_style="needed")) as csv:
            for start in range(0, max(data.num_rows, 1), CSV_SLICE):
                csv.write_table(data.slice(start, CSV_SLICE))
                if progress is not None:
                    progress(min(start + CSV_SLICE, data.num_rows), data.num_rows)


def write_table(table: pd.DataFrame | pa.Table, path: Path, progress: Progress = None
                ) -> Path:
    """Write a table as .parquet, .csv or .xlsx (by the suffix), atomically.

    ``progress(rows written, rows)``: every :data:`CSV_SLICE` rows of a CSV; once, at the end,
    for Parquet (fast) and Excel (openpyxl writes the sheet in one go)."""
    fmt = roster_format(path)
    rows = len(table)
    if fmt == "csv":
        return atomic_write(path, lambda p: write_csv_file(table, p, progress))
    if fmt == "parquet":
        written = atomic_write(path, lambda p: pq.write_table(_arrow(table), p))
    else:
        frame = table if isinstance(table, pd.DataFrame) else table.to_pandas()
        if len(frame) > EXCEL_MAX_ROWS:
            raise InputError([Problem(str(path), "", "", f"{len(frame):,} rows do not fit in an "
                                      f"Excel sheet ({EXCEL_MAX_ROWS:,} at most): write .parquet "
                                      "or .csv")])
        written = atomic_write(path, lambda p: frame.to_excel(p, index=False,
                                                              engine="openpyxl"))
    if progress is not None:
        progress(rows, rows)
    return written


def header_of(names: list[str], english: bool) -> list[str]:
    """Column headers for English names: the Chinese indicator names unless ``english``."""
    return [name if english else BY_NAME[name].zh for name in names]

