"""Writing a run's data files (NetCDF, CSV) into a folder; the charts and the report are the
presentation layer's (:mod:`fundsim.present.outputs`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.run import metrics
from fundsim.run.compare import compare_table
from fundsim.run.sweep import sweep_table
from fundsim.run.tables import annual_table, risk_table, summary_table

if TYPE_CHECKING:  # scipy.optimize, which the frontier needs, costs 0.3 s to import
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

    Before writing, Xarray asks Dask which scheduler runs, and Dask asks ``distributed`` for a
    client, importing it (half a second). The answer matters only for Dask arrays; when every
    variable is in memory the write goes on as without Dask (scheduler None), at once."""
    from xarray.backends import locks, writers

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
        ds.to_netcdf(path, engine="h5netcdf", encoding=encoding)
    finally:
        for module, lookup in zip(lookups, saved, strict=True):
            module.get_dask_scheduler = lookup


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel shows the Chinese names."""
    table.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.4f")


def write_run_tables(ds: xr.Dataset, folder: Path) -> None:
    """summary.csv and annual.csv (and risk.csv for a Monte Carlo run) into ``folder``."""
    write_csv(summary_table(ds), folder / "summary.csv")
    write_csv(annual_table(ds), folder / "annual.csv")
    if metrics.stochastic(ds):
        write_csv(risk_table(ds), folder / "risk.csv")


def write_sweep_files(ds: xr.Dataset, folder: Path) -> None:
    """sweep.nc (h5netcdf) and sweep.csv (UTF-8 with BOM) into ``folder``."""
    save_netcdf(ds, folder / "sweep.nc")
    write_csv(sweep_table(ds), folder / "sweep.csv")


def write_compare_files(ds: xr.Dataset, folder: Path) -> None:
    """compare.nc and compare.csv into ``folder``."""
    save_netcdf(ds, folder / "compare.nc")
    write_csv(compare_table(ds), folder / "compare.csv")


def write_frontier_files(result: Frontier, folder: Path) -> xr.Dataset:
    """frontier.nc (the curve and the answer in its attributes) and frontier.csv; returns the
    Dataset written."""
    curve = result.to_dataset()
    save_netcdf(curve, folder / "frontier.nc")
    write_csv(curve["probability"].to_dataframe().reset_index(), folder / "frontier.csv")
    return curve
