"""Writing a run's data files (NetCDF, CSV) into a folder; the charts and the report are the
presentation layer's (:mod:`fundsim.present.outputs`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.run.compare import compare_table
from fundsim.run.frontier import Frontier
from fundsim.run.sweep import sweep_table
from fundsim.run.tables import annual_table, risk_table, summary_table


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


def save_netcdf(ds: xr.Dataset, path: Path) -> None:
    """Write NetCDF-4 with h5netcdf (int64, Chinese strings and attributes round-trip)."""
    encoding = {name: {"zlib": True, "complevel": 1, "shuffle": True} for name in ds.data_vars
                if ds[name].ndim >= 2}
    ds.to_netcdf(path, engine="h5netcdf", encoding=encoding)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel shows the Chinese names."""
    table.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.4f")


def write_run_tables(ds: xr.Dataset, folder: Path) -> None:
    """summary.csv and annual.csv (and risk.csv for a Monte Carlo run) into ``folder``."""
    write_csv(summary_table(ds), folder / "summary.csv")
    write_csv(annual_table(ds), folder / "annual.csv")
    if "path" in ds.dims:
        write_csv(risk_table(ds), folder / "risk.csv")


def write_sweep_files(ds: xr.Dataset, folder: Path) -> None:
    """sweep.nc (h5netcdf) and sweep.csv (UTF-8 with BOM) into ``folder``."""
    ds.to_netcdf(folder / "sweep.nc", engine="h5netcdf")
    write_csv(sweep_table(ds), folder / "sweep.csv")


def write_compare_files(ds: xr.Dataset, folder: Path) -> None:
    """compare.nc and compare.csv into ``folder``."""
    ds.to_netcdf(folder / "compare.nc", engine="h5netcdf")
    write_csv(compare_table(ds), folder / "compare.csv")


def write_frontier_files(result: Frontier, folder: Path) -> xr.Dataset:
    """frontier.nc (the curve and the answer in its attributes) and frontier.csv; returns the
    Dataset written."""
    curve = result.to_dataset()
    curve.to_netcdf(folder / "frontier.nc", engine="h5netcdf")
    write_csv(curve["probability"].to_dataframe().reset_index(), folder / "frontier.csv")
    return curve
