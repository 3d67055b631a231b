"""Writing a run's data files (NetCDF, CSV) into a folder; the charts and the report are the
presentation layer's (:mod:`fundsim.present.outputs`)."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.delivery import staging_prefix
from fundsim.base.errors import InputError, Problem
from fundsim.run import columns, metrics, watch
from fundsim.run.columns import Unit
from fundsim.run.compare import compare_table
from fundsim.run.sweep import sweep_table
from fundsim.run.tables import annual_table, risk_table, summary_table

if TYPE_CHECKING:  # for the annotation only: a run never needs the frontier's search
    from fundsim.run.frontier import Frontier


def read_netcdf(path: Path, what: str, lazy: bool = False) -> xr.Dataset:
    """A NetCDF file fundsim wrote, read whole (or opened lazily: close it when done);
    InputError naming the file when it is missing or not a readable ``what`` file."""
    if not Path(path).is_file():
        raise InputError([Problem(str(path), "", "", "file not found")])
    try:
        return (xr.open_dataset if lazy else xr.load_dataset)(path, engine="h5netcdf")
    except (OSError, ValueError) as exc:
        raise InputError([Problem(str(path), "", "", f"not a readable {what} file: {exc}")]
                         ) from None


def save_netcdf(ds: xr.Dataset, path: Path, compress_bytes: int = 1 << 16) -> None:
    """Write NetCDF-4 with h5netcdf (int64, Chinese strings and attributes round-trip); the
    variables of ``compress_bytes`` or more are compressed (zlib level 1, shuffled), smaller
    ones (a path's region × month array is 7 KB), and those whose ``encoding`` says
    ``zlib: False`` (figures that barely compress), stored as they are.

    The file is written under a temporary name beside ``path`` and renamed when complete. A
    write that fails (a full disk, a read-only folder) raises a plain OSError naming ``path``
    and leaves nothing behind; HDF5 never sees the failure (:class:`_Guarded`), since a failed
    HDF5 file floods stderr with tracebacks as it is torn down and may crash the process.

    Before writing, Xarray asks Dask which scheduler runs, and Dask asks ``distributed`` for a
    client, importing it (half a second). The answer matters only for Dask arrays; when every
    variable is in memory the write goes on as without Dask (scheduler None), at once."""
    from xarray.backends import locks, writers

    path = Path(path)
    encoding = {name: {"zlib": True, "complevel": 1, "shuffle": True} for name in ds.data_vars
                if ds[name].ndim >= 2 and ds[name].nbytes >= compress_bytes
                and ds[name].encoding.get("zlib") is not False}
    in_memory = all(variable.chunks is None for variable in ds.variables.values())
    lookups = [module for module in (locks, writers)
               if in_memory and hasattr(module, "get_dask_scheduler")]
    saved = [module.get_dask_scheduler for module in lookups]
    for module in lookups:
        module.get_dask_scheduler = lambda *args, **kwargs: None
    try:
        _write_through(ds, path, encoding)
    finally:
        for module, lookup in zip(lookups, saved, strict=True):
            module.get_dask_scheduler = lookup


def _write_through(ds: xr.Dataset, path: Path, encoding: dict[str, Any]) -> None:
    """Write ``ds`` through a :class:`_Guarded` temporary file beside ``path``, then rename
    it; on failure remove it and raise an OSError naming ``path``."""
    temp = path.with_name(f"{staging_prefix(path.name)}nc.part")
    try:
        with open(temp, "w+b") as raw:
            target = _Guarded(raw)
            ds.to_netcdf(target, engine="h5netcdf", encoding=encoding)
            if target.failure is not None:
                raise target.failure
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class _Guarded(io.RawIOBase):
    """The file HDF5 writes through: the first failed write (a full disk) is kept and every
    later write goes nowhere, so that HDF5 never meets an error. (HDF5 keeps a failed file
    open with its unwritten data; every later attempt to close it writes again, fails again
    and prints a traceback, and it may crash the process.)"""

    def __init__(self, raw: IO[bytes]):
        super().__init__()
        self.raw = raw
        self.failure: OSError | None = None
        self.position = 0

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 0:
            self.position = offset
        elif whence == 1:
            self.position += offset
        else:
            self.position = max(self.raw.seek(0, 2), self.position) + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        self.raw.seek(self.position)
        count = self.raw.readinto(view) or 0
        view[count:] = bytes(len(view) - count)  # what went nowhere reads as zeros
        self.position += len(view)
        return len(view)

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes
        if self.failure is None:
            try:
                self.raw.seek(self.position)
                self.raw.write(data)
            except OSError as exc:
                self.failure = exc
        self.position += size
        return size

    def truncate(self, size: int | None = None) -> int:
        size = self.position if size is None else size
        if self.failure is None:
            try:
                self.raw.truncate(size)
            except OSError as exc:
                self.failure = exc
        return size

    def flush(self) -> None:
        if self.failure is None:
            try:
                self.raw.flush()
            except OSError as exc:
                self.failure = exc


def write_csv(table: pd.DataFrame, path: Path, decimals: dict[str, int] | None = None
              ) -> None:
    """UTF-8 with BOM so that Excel shows the Chinese names; floats to 4 decimals, those of
    ``decimals`` (column: decimals) to theirs."""
    if decimals:
        table = table.copy()
        for key, places in decimals.items():
            table[key] = [("" if np.isnan(v) else f"{round(v, places) + 0.0:.{places}f}")
                          for v in table[key].to_numpy(float)]
    table.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.4f")


def fund_table(table: pd.DataFrame, file: str, unit: str | Unit | None = None
               ) -> pd.DataFrame:
    """A fund table (summary, annual, risk, sweep, compare) as its CSV holds it: money in
    ``unit`` (default 万元), each money key's suffix naming it (:mod:`fundsim.run.columns`)."""
    return columns.in_unit(table, file, unit)


def write_fund_csv(table: pd.DataFrame, folder: Path, file: str, unit: str | Unit | None = None
                   ) -> pd.DataFrame:
    """``folder/file`` with money in ``unit`` (written to its decimals: 元 to the fen, 万元 to
    4, 亿元 to 6); returns the table as written."""
    unit = columns.parse_unit(unit)
    table = fund_table(table, file, unit)
    places = None
    if unit is not columns.DEFAULT_UNIT:  # 万元 is written as always (%.4f)
        places = {key: unit.decimals for key in columns.money_keys(file, table)}
    write_csv(table, folder / file, places)
    return table


def write_columns(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """columns.csv: the column dictionary of the tables written in ``folder``."""
    write_csv(columns.dictionary(tables), folder / "columns.csv")


def run_tables(ds: xr.Dataset, unit: str | Unit | None = None) -> dict[str, pd.DataFrame]:
    """summary.csv, annual.csv (risk.csv for a Monte Carlo run, watch.csv for a run from
    actual months) as written, by file name."""
    tables = {"summary.csv": summary_table(ds), "annual.csv": annual_table(ds)}
    if metrics.stochastic(ds):
        tables["risk.csv"] = risk_table(ds)
    if watch.watchable(ds):  # a run from actual months: the regions to watch
        tables[watch.WATCH_FILE] = watch.watch_table(ds)
    return {file: fund_table(table, file, unit) for file, table in tables.items()}


def write_watch(ds: xr.Dataset, folder: Path, unit: str | Unit | None = None,
                amber: float | None = None, red: float | None = None) -> pd.DataFrame:
    """``folder/watch.csv`` of a run from actual months (:func:`fundsim.run.watch.watch_table`,
    money in ``unit``); a run's folder gets it with its other tables (:func:`run_tables`)."""
    return write_fund_csv(watch.watch_table(ds, amber, red), Path(folder), watch.WATCH_FILE,
                          unit)


def write_run_tables(ds: xr.Dataset, folder: Path, unit: str | Unit | None = None,
                     dictionary: bool = False) -> dict[str, pd.DataFrame]:
    """summary.csv and annual.csv (and risk.csv for a Monte Carlo run) into ``folder``, money
    in ``unit``; with ``dictionary`` their columns.csv. Returns the tables as written."""
    return write_tables(run_tables(ds, unit), folder, unit, dictionary)


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, unit: str | Unit | None = None,
                 dictionary: bool = False) -> dict[str, pd.DataFrame]:
    """:func:`run_tables`' tables into ``folder`` as CSV; with ``dictionary`` their columns.csv."""
    for file, table in tables.items():
        write_fund_csv(table, folder, file, unit)
    if dictionary:
        write_columns(folder, tables)
    return tables


def write_sweep_files(ds: xr.Dataset, folder: Path, unit: str | Unit | None = None,
                      dictionary: bool = False) -> None:
    """sweep.nc (h5netcdf) and sweep.csv (UTF-8 with BOM, money in ``unit``) into ``folder``;
    with ``dictionary`` columns.csv."""
    save_netcdf(ds, folder / "sweep.nc")
    table = write_fund_csv(sweep_table(ds), folder, "sweep.csv", unit)
    if dictionary:
        write_columns(folder, {"sweep.csv": table})


def write_compare_files(ds: xr.Dataset, folder: Path, unit: str | Unit | None = None,
                        dictionary: bool = False) -> None:
    """compare.nc and compare.csv (money in ``unit``) into ``folder``; with ``dictionary``
    columns.csv."""
    save_netcdf(ds, folder / "compare.nc")
    table = write_fund_csv(compare_table(ds), folder, "compare.csv", unit)
    if dictionary:
        write_columns(folder, {"compare.csv": table})


def write_frontier_files(result: Frontier, folder: Path) -> xr.Dataset:
    """frontier.nc (the curve and the answer in its attributes) and frontier.csv; returns the
    Dataset written."""
    curve = result.to_dataset()
    save_netcdf(curve, folder / "frontier.nc")
    write_csv(curve["probability"].to_dataframe().reset_index(), folder / "frontier.csv")
    return curve
