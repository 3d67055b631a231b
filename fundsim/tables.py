"""A run's tables as pandas DataFrames, for notebooks: the same tables as the CSV files the
command line writes (``summary.csv``, ``annual.csv``, ``risk.csv``, ``sweep.csv``,
``compare.csv``), the same columns and the same money unit (万元 unless ``unit`` says ``"yuan"``
or ``"亿元"``; each money column's key names its unit), from the Dataset in memory.

>>> import fundsim
>>> ds = fundsim.simulate("default")
>>> fundsim.tables.summary(ds)        # summary.csv: a row per region, the worst, the province
>>> fundsim.tables.annual(ds, unit="亿元")

Every figure is defined once, in :mod:`fundsim.run.metrics`; these functions only lay it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

__all__ = ["annual", "compare", "metrics", "risk", "summary", "sweep"]


def _as_written(table: pd.DataFrame, file: str, unit: str | None) -> pd.DataFrame:
    """``table`` as ``file`` holds it: money in ``unit`` (:func:`fundsim.run.files.fund_table`)."""
    from fundsim.run.files import fund_table

    return fund_table(table, file, unit)


def summary(ds: xr.Dataset, unit: str | None = None) -> pd.DataFrame:
    """``summary.csv``: per region, then the worst region and the province as one fund, the
    lowest reserve months, months below each test, horizon sums and the closing balance
    (:func:`fundsim.run.tables.summary_table`)."""
    from fundsim.run.tables import summary_table

    return _as_written(summary_table(ds), "summary.csv", unit)


def annual(ds: xr.Dataset, unit: str | None = None) -> pd.DataFrame:
    """``annual.csv``: income, spending and year-end balance per region and year, laid out as
    a fund's final accounts (:func:`fundsim.run.tables.annual_table`)."""
    from fundsim.run.tables import annual_table

    return _as_written(annual_table(ds), "annual.csv", unit)


def risk(ds: xr.Dataset, unit: str | None = None) -> pd.DataFrame:
    """``risk.csv`` of a Monte Carlo run (``paths > 1``): per region and year, the probability
    of failing each reserve test and the fiscal subsidy's and pool transfer's mean and 95th
    percentile (:func:`fundsim.run.tables.risk_table`; ValueError for a run of one path)."""
    from fundsim.run.tables import risk_table

    return _as_written(risk_table(ds), "risk.csv", unit)


def metrics(ds: xr.Dataset) -> pd.DataFrame:
    """The run's horizon metrics, one row per path (index ``path``; one row for a run of one
    path), named and defined as in ``sweep.nc`` and ``compare.nc``
    (:data:`fundsim.run.metrics.METRICS`; money in yuan). ``DataFrame.attrs["units"]`` and
    ``["long_names"]`` give each column's unit and meaning."""
    import numpy as np
    import pandas as pd

    from fundsim.run import metrics as defined

    figures = defined.headline(defined.paths_view(ds))
    paths = next((da.sizes["path"] for da in figures.values() if "path" in da.dims), 1)
    table = pd.DataFrame({name: np.broadcast_to(da.values, (paths,))
                          for name, da in figures.items()},
                         index=pd.RangeIndex(paths, name="path"))
    table.attrs["units"] = {name: da.attrs["units"] for name, da in figures.items()}
    table.attrs["long_names"] = {name: da.attrs["long_name"] for name, da in figures.items()}
    return table


def sweep(ds: xr.Dataset, unit: str | None = None) -> pd.DataFrame:
    """``sweep.csv`` of a sweep's Dataset (:func:`fundsim.sweep`): the mean metrics per swept
    value (:func:`fundsim.run.sweep.sweep_table`)."""
    from fundsim.run.sweep import sweep_table

    return _as_written(sweep_table(ds), "sweep.csv", unit)


def compare(ds: xr.Dataset, unit: str | None = None) -> pd.DataFrame:
    """``compare.csv`` of a comparison's Dataset (:func:`fundsim.compare`): a row per scenario,
    the mean metrics and differences to the first (:func:`fundsim.run.compare.compare_table`)."""
    from fundsim.run.compare import compare_table

    return _as_written(compare_table(ds), "compare.csv", unit)
