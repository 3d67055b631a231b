"""xarray without dask's import cost (issue 12, item 4): sweeps, comparisons and frontiers make
their Datasets without importing ``dask.array`` (0.5 s) or ``dask.base``, and the frontier
searches without ``scipy.optimize`` (0.3–0.5 s); a dask array made afterwards is still one.

Each check runs a fresh interpreter, since this test session has long imported everything."""

from __future__ import annotations

import json
import subprocess
import sys

MAKE = """
import json, sys
import numpy as np
import xarray as xr
import fundsim.run.compare, fundsim.run.frontier, fundsim.run.sweep
ds = xr.Dataset({"a": (("x", "y"), np.ones((2, 3)))}, coords={"x": [1, 2]})
ds["b"] = ds["a"].sum("y")
ds.to_dataframe()
before = sorted(m for m in ("dask.array", "dask.base", "scipy.optimize") if m in sys.modules)
try:
    import dask.array as da
except ImportError:  # without the optional dask extra there is nothing more to see
    print(json.dumps([before, None]))
    raise SystemExit
lazy = xr.DataArray(da.ones((4,), chunks=2), dims="x")
print(json.dumps([before, [lazy.chunks is not None, float(lazy.sum().compute())]]))
"""


def test_datasets_are_made_without_dask_and_dask_arrays_stay_dask_arrays():
    done = subprocess.run([sys.executable, "-c", MAKE], capture_output=True, text=True,
                          check=True)
    imported, dask_after = json.loads(done.stdout)
    assert imported == []
    assert dask_after in (None, [True, 4.0])  # 1 + 1 + 1 + 1, summed by dask
