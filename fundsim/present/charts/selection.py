"""Which regions a chart or a table shows one by one.

Up to :data:`MANY_REGIONS` regions every region gets its own panel, line and table row, in the
order of the data. Above it (a national run has about 350 pooling regions) one line or panel
per region is unreadable and slow to draw, so the charts show the province and the
:data:`WORST_SHOWN` regions with the lowest months of reserve one by one, and every region
together in a heat map; the report's tables list the regions worst first, the first
:data:`TABLE_ROWS` open and the rest folded away.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from fundsim.run import metrics

#: More regions than this and the charts and tables switch to the province, the worst regions
#: and a heat map of all of them.
MANY_REGIONS = 30
#: Regions drawn one by one when there are many (with the province: a 5 × 3 grid of panels).
WORST_SHOWN = 14
#: Rows of a report table shown open when there are many regions; the rest are folded.
TABLE_ROWS = 20


def many_regions(ds: xr.Dataset) -> bool:
    """Whether the run has more than :data:`MANY_REGIONS` regions."""
    return int(ds.sizes["region"]) > MANY_REGIONS


def worst_first(ds: xr.Dataset) -> np.ndarray:
    """Region positions, the lowest months of reserve over the horizon first (with paths: the
    mean over paths of each path's lowest, as :func:`fundsim.run.metrics.worst_region`); ties
    keep the order of the data."""
    lowest = metrics.mean_over_paths(metrics.lowest_reserve_months(metrics.paths_view(ds))).values
    return np.argsort(np.nan_to_num(lowest, nan=np.inf), kind="stable")


def shown_regions(ds: xr.Dataset) -> np.ndarray:
    """Region positions drawn one by one: every region in data order, or, with many regions,
    the :data:`WORST_SHOWN` worst, worst first."""
    if not many_regions(ds):
        return np.arange(int(ds.sizes["region"]))
    return worst_first(ds)[:WORST_SHOWN]
