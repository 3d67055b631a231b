"""``fundsim report DIR``: the page of any folder fundsim writes, told by the file it holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.present.messages import LANGUAGES
from fundsim.present.report import (
    compare_page,
    frontier_page,
    optimize_page,
    sweep_page,
    tables,
    track_page,
)
from fundsim.present.report.folders import FILES, folder_kind
from fundsim.present.report.render import save_report
from fundsim.run.files import read_netcdf


def load_folder(folder: Path) -> tuple[str, xr.Dataset]:
    """The kind of a folder and its Dataset, checked; InputError otherwise."""
    kind = folder_kind(folder)
    loaders: dict[str, Callable[[Path], xr.Dataset]] = {
        "run": lambda f: tables.load_run(f),
        "sweep": lambda f: sweep_page.load_sweep(f / FILES["sweep"]),
        "compare": lambda f: compare_page.load_compare(f / FILES["compare"]),
        "frontier": lambda f: frontier_page.load_frontier(f / FILES["frontier"]),
        "track": lambda f: read_netcdf(f / FILES["track"], "track"),
        "optimize": lambda f: optimize_page.load_optimize(f / FILES["optimize"]),
    }
    return kind, loaders[kind](Path(folder))


def save_page(kind: str, ds: xr.Dataset, folder: Path, lang: str) -> Path:
    """Render and write the page of a folder of ``kind`` (not ``run``) from its Dataset."""
    savers: dict[str, Callable[[xr.Dataset, Path, str], Path]] = {
        "sweep": sweep_page.save_sweep_report,
        "compare": compare_page.save_compare_report,
        "frontier": frontier_page.save_frontier_report,
        "track": track_page.save_track_report,
        "optimize": optimize_page.save_optimize_report,
    }
    return savers[kind](ds, folder, lang)


def write_report(results_dir: Path, lang: str = "zh") -> Path:
    """Write ``report.html`` (zh) or ``report.en.html`` (en) into a folder written by
    ``fundsim run``, ``sweep``, ``compare`` or ``frontier``; return the file written.

    The folder's kind is told by the file it holds (``results.nc``, ``sweep.nc``,
    ``compare.nc``, ``frontier.nc``). Raises InputError (every problem at once, nothing
    written) for an unknown language or a folder that is none of these.
    """
    problems = []
    if lang not in LANGUAGES:
        problems.append(Problem("--lang", "", "lang", f"unknown language {lang!r}; one of "
                                + ", ".join(LANGUAGES)))
    try:
        kind, ds = load_folder(Path(results_dir))
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    if problems:
        raise InputError(problems)
    try:
        if kind == "run":
            return save_report(ds, Path(results_dir), lang)
        return save_page(kind, ds, Path(results_dir), lang)
    except OSError as exc:
        raise InputError([Problem(str(results_dir), "", "RESULTS_DIR", "cannot write the report: "
                                  + (exc.strerror or str(exc)))]) from None
