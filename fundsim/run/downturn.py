"""Recession replay outcomes: how long each fund lasts from a downturn's start without public
finance, and how much public finance it needs.

- **Months until exhaustion**: from the downturn's start (its month 0; without a downturn, the
  run's first month) to the first month public finance must keep the region's balance at zero
  (``fiscal_subsidy_deficit`` > 0): 0 when that happens in the start month itself; never within
  the horizon → NaN (the report says "not within the horizon"). For **the province** (regions
  and pool as one fund): the first month public finance keeps *some* region at zero, that is
  the month the pool's help no longer suffices.
- **Public finance needed**: ``fiscal_subsidy`` (both causes: deficits and returns the pool
  could not fund) summed over the horizon, in yuan; ``of_which_deficit_yuan`` its deficit part.

Monte Carlo runs: the median over paths of the months (a path that never runs dry counts as
longer than any other; the median is NaN when half the paths or more never do), the probability
of exhaustion within the horizon (the share of paths that run dry), and the public finance
needed as a mean over paths. A run summarised over paths is read by calendar year
(:func:`fundsim.run.metrics.paths_view`): its months count to the first month of the first year
with a deficit (or to the start, if that year holds it), a lower bound to the month.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.run.metrics import (
    PROVINCE_NAME,
    PROVINCE_ROW,
    mean_over_paths,
    paths_view,
    share_of_paths,
    sum_over,
)
from fundsim.run.record import run_record

#: The columns of ``downturn.csv`` (and of :func:`exhaustion_table`), in order.
COLUMNS = ("region", "region_name", "months_to_exhaustion", "first_month_exhausted",
           "p_exhausted", "public_finance_needed_yuan", "of_which_deficit_yuan")
#: The file ``save_run`` writes when the scenario replays a downturn.
FILE = "downturn.csv"


def downturn_of(ds: xr.Dataset) -> dict[str, Any] | None:
    """The run's downturn as its record keeps it (``{profile, start, file}``), or None."""
    found = run_record(ds).get("downturn")
    return found if isinstance(found, dict) and found.get("start") else None


def _start(ds: xr.Dataset) -> np.datetime64:
    found = downturn_of(ds)
    first = ds["month"].values[0].astype("datetime64[M]")
    return np.datetime64(str(found["start"]), "M") if found else first


def months_to_exhaustion(ds: xr.Dataset, start: np.datetime64 | None = None
                         ) -> tuple[xr.DataArray, xr.DataArray]:
    """Region [× path] and [path]: the months from ``start`` (default: the run's downturn, else
    its first month) to the first month public finance keeps a region's balance at zero, for
    each region and for the province (some region); NaN where that never happens."""
    view = paths_view(ds)
    start = _start(ds) if start is None else np.datetime64(start, "M")
    months = view["month"].values.astype("datetime64[M]")
    length = view["months_in_year"].values if "months_in_year" in view else 1
    after = xr.DataArray(months + length - 1 >= start, dims="month")
    offset = xr.DataArray(np.maximum((months - start).astype(int), 0).astype(float),
                          dims="month")
    hit = (view["fiscal_subsidy_deficit"] > 0) & after

    def first(flags: xr.DataArray) -> xr.DataArray:
        found = flags.any("month")
        index = flags.argmax("month")
        return xr.where(found, offset.isel(month=index).drop_vars("month", errors="ignore"),
                        np.nan)

    return first(hit), first(hit.any("region"))


def _median_months(months: xr.DataArray) -> np.ndarray:
    """The median over paths, a path that never runs dry counting as the longest."""
    values = np.where(np.isnan(months.values), np.inf, months.values)
    if "path" in months.dims:
        values = np.median(values, axis=months.dims.index("path"))
    return np.where(np.isinf(values), np.nan, values)


def exhaustion_table(ds: xr.Dataset, start: np.datetime64 | None = None) -> pd.DataFrame:
    """One row per region and one for the province (:data:`COLUMNS`): months until exhaustion
    without public finance (median over paths), its first month, the probability of exhaustion
    within the horizon, and the public finance needed (mean over paths, yuan). ``attrs`` hold
    the downturn (``profile``, ``start``) and the horizon's last month."""
    view = paths_view(ds)
    start = _start(ds) if start is None else np.datetime64(start, "M")
    regional, province = months_to_exhaustion(ds, start)
    months = np.r_[_median_months(regional), _median_months(province)]
    p = np.r_[share_of_paths(regional.notnull()).values, share_of_paths(province.notnull())]
    needed = sum_over(view["fiscal_subsidy"], "month")
    deficit = sum_over(view["fiscal_subsidy_deficit"], "month")
    needed_all = np.r_[mean_over_paths(needed).values,
                       mean_over_paths(needed.sum("region")).values]
    deficit_all = np.r_[mean_over_paths(deficit).values,
                        mean_over_paths(deficit.sum("region")).values]
    first_month = [str(start + int(m)) if np.isfinite(m) else "" for m in months]
    table = pd.DataFrame({
        "region": [*map(str, ds["region"].values), PROVINCE_ROW],
        "region_name": [*map(str, ds["region_name"].values), PROVINCE_NAME],
        "months_to_exhaustion": months,
        "first_month_exhausted": first_month,
        "p_exhausted": p.astype(float),
        "public_finance_needed_yuan": needed_all.astype(float),
        "of_which_deficit_yuan": deficit_all.astype(float),
    }, columns=list(COLUMNS))
    found = downturn_of(ds) or {}
    table.attrs.update({"profile": found.get("profile", ""), "start": str(start),
                        "end": str(ds["month"].values[-1].astype("datetime64[M]")),
                        "paths": int(ds.attrs.get("paths", 1))})
    return table


def write_downturn_csv(ds: xr.Dataset, folder: Path) -> bool:
    """Write ``downturn.csv`` into ``folder`` when the run replays a downturn (a temporary name,
    then renamed); True when written. The one-line hook of ``save_run``."""
    if downturn_of(ds) is None:
        return False
    from fundsim.run.files import write_csv

    write_csv(exhaustion_table(ds), Path(folder) / FILE)
    return True
