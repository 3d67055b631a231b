"""Which kind of output folder a report is asked for, told by the file it holds.

``fundsim run`` writes ``results.nc``, ``sweep`` writes ``sweep.nc``, ``compare`` writes
``compare.nc`` and ``frontier`` writes ``frontier.nc``; each is the single source of truth of
its folder, and each gets its own page from the same machinery and message catalogue.
"""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.run.files import read_netcdf  # noqa: F401  (the pages read their files with it)

#: The file that tells a folder's kind, by kind, in the order they are looked for.
FILES = {"run": "results.nc", "sweep": "sweep.nc", "compare": "compare.nc",
         "frontier": "frontier.nc", "track": "track.nc", "optimize": "optimize.nc"}


def folder_kind(folder: Path) -> str:
    """``run``, ``sweep``, ``compare``, ``frontier``, ``track`` or ``optimize``; InputError
    for anything else."""
    folder = Path(folder)
    if not folder.exists():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR", "folder not found")])
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  "not a folder; give the folder fundsim run wrote")])
    found = [kind for kind, name in FILES.items() if (folder / name).is_file()]
    if not found:
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  "not a fundsim run folder: results.nc is missing (and there "
                                  "is no sweep.nc, compare.nc, frontier.nc, track.nc or "
                                  "optimize.nc: give a folder written by fundsim run, sweep, "
                                  "compare, frontier, track or optimize)")])
    if len(found) > 1:
        names = " and ".join(FILES[kind] for kind in found)
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  f"holds both {names}: a folder written by one fundsim "
                                  "command holds one of them; move the others apart")])
    return found[0]


def require(ds: xr.Dataset, path: Path, what: str, variables: tuple[str, ...],
            attributes: tuple[str, ...], dims: tuple[str, ...] = ()) -> None:
    """InputError listing every variable, dimension and global attribute ``ds`` lacks."""
    problems = []
    missing = [name for name in variables if name not in ds.variables]
    if missing:
        problems.append(Problem(str(path), "", "", f"not a fundsim {what} file (missing "
                                "variables " + ", ".join(missing) + ")"))
    absent_dims = [d for d in dims if d not in ds.dims]
    if absent_dims:
        problems.append(Problem(str(path), "", "", f"not a fundsim {what} file (missing "
                                "dimensions " + ", ".join(absent_dims) + ")"))
    absent = [name for name in attributes if name not in ds.attrs]
    if absent:
        problems.append(Problem(str(path), "", "", f"not a fundsim {what} file (missing "
                                "global attributes " + ", ".join(absent) + ")"))
    if problems:
        raise InputError(problems)
