"""Is a NetCDF file a run's results a chart can draw? Checked before drawing, named when not.

A file with the right variable names can still be no run's results: a variable with other
dimensions, no region, no month. Each chart needs a few variables on (region, month) or
(month); a Monte Carlo run adds a ``path`` dimension, a summarised one keeps ``<name>_quantile``
on ``quantile`` too.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from fundsim.base.errors import Problem
from fundsim.run.metrics import THRESHOLDS

BY_REGION = ("region", "month")
#: The variables each chart draws and the dimensions each must have (``path`` may follow).
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "reserve": {"reserve_months": BY_REGION},
    "balance": {"balance": BY_REGION},
    "pool": {"pool_balance": ("month",), "pool_transfer": BY_REGION,
             "pool_opening_balance": (), "fiscal_subsidy": BY_REGION},
    "training": {"trainees": BY_REGION, "training_paid": BY_REGION},
}
OPTIONAL_DIMS = ("path",)


def _dims(dims: tuple[str, ...]) -> str:
    return "(" + ", ".join(dims) + ")" if dims else "no dimension (one value)"


def plot_problems(ds: xr.Dataset, file: str, kind: str) -> list[Problem]:
    """What keeps the ``kind`` chart from being drawn from ``ds`` (none when it can be)."""
    problems = []
    for name, dims in NEEDS.get(kind, {}).items():
        if name not in ds.variables:
            problems.append(Problem(file, "", name, "missing: not a fundsim results file"))
            continue
        have = tuple(ds[name].dims)
        if have[:len(dims)] != dims or any(d not in OPTIONAL_DIMS for d in have[len(dims):]):
            problems.append(Problem(file, "", name, f"has dimensions {_dims(have)}, expected "
                                    f"{_dims(dims)} (or with path last): not a fundsim results "
                                    "file"))
    if kind == "reserve":
        for name in THRESHOLDS.values():  # a variable over months, or (older files) an attribute
            if name in ds.variables and tuple(ds[name].dims) != ("month",):
                problems.append(Problem(file, "", name, f"has dimensions "
                                        f"{_dims(tuple(ds[name].dims))}, expected (month)"))
            elif name not in ds.variables and name not in ds.attrs:
                problems.append(Problem(file, "", name, "missing: not a fundsim results file"))
    if problems:
        return problems
    for dim in ("region", "month"):
        if dim in ds.dims and ds.sizes[dim] == 0:
            problems.append(Problem(file, "", dim, f"no {dim}: nothing to plot"))
    if "month" in ds.coords and not np.issubdtype(ds["month"].dtype, np.datetime64):
        problems.append(Problem(file, "", "month", f"months are {ds['month'].dtype}, not dates: "
                                "not a fundsim results file"))
    if "path" in ds.dims and ds.sizes["path"] == 0:
        problems.append(Problem(file, "", "path", "no path: nothing to plot"))
    return problems
