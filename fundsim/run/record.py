"""A run's record read back from its results: the parameters in force with their sources.

``results.nc`` and ``sweep.nc`` keep the run record as YAML text in the global attribute
``parameters`` (:meth:`fundsim.inputs.scenario.Scenario.resolved_yaml`). For a notebook::

    ds = xr.load_dataset("outputs/default/results.nc")
    parameters_in_force(ds)   # one row per value in force: key, start, value, source, …
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.base.yamlio import load_text
from fundsim.law.in_force import InForce, in_force
from fundsim.law.parameter import Parameter, load_law
from fundsim.law.record import VALUES_KEY, parameters_from_record
from fundsim.run.files import read_netcdf

#: The global attribute that holds the run record.
RECORD_ATTRIBUTE = "parameters"


def run_record(ds: xr.Dataset) -> dict[str, Any]:
    """The run record of a results Dataset as a mapping ({} when it has none or it does not
    read as YAML); a copy of its own, the caller may change it."""
    return copy.deepcopy(_parse_record(str(ds.attrs.get(RECORD_ATTRIBUTE, ""))))


@functools.lru_cache(maxsize=8)
def _parse_record(text: str) -> dict[str, Any]:
    """A run record's YAML parsed once per text (a page asks for it several times), by
    libyaml where PyYAML has it (about ten times faster on a record of 50 KB), bounded like
    every YAML fundsim reads (a results file may come from anyone)."""
    try:
        record = load_text(text, RECORD_ATTRIBUTE, fast=True)
    except InputError:
        return {}
    return record if isinstance(record, dict) else {}


def _record_problem(text: str) -> str:
    """Why a run record's text gives no record: '' when it parses, else where and why."""
    try:
        load_text(text, RECORD_ATTRIBUTE, fast=True)
    except InputError as exc:
        found = exc.problems[0]
        return f" (its {RECORD_ATTRIBUTE} attribute, {found.where or 'its text'}: {found.message})"
    return ""


def sources_recorded(ds: xr.Dataset) -> bool:
    """Whether the run record keeps the source of every value (files written since it does)."""
    return parameters_from_record(run_record(ds)) is not None


def horizon(ds: xr.Dataset) -> tuple[dt.date, dt.date] | None:
    """First days of the run's first and last month: from the ``month`` coordinate, else from
    the record's ``start`` and ``months`` (a sweep); None when neither says."""
    if "month" in ds.coords and ds.sizes.get("month"):
        months = ds["month"].values
        return (np.datetime64(months[0], "D").item(), np.datetime64(months[-1], "D").item())
    record = run_record(ds)
    if not record.get("start") or not record.get("months"):
        return None
    first = np.datetime64(str(record["start"]), "M")
    last = first + int(record["months"]) - 1
    return first.astype("datetime64[D]").item(), last.astype("datetime64[D]").item()


def _with_law_sources(record: dict[str, Any]) -> dict[str, Parameter]:
    """The parameters of a record without sources: a value equal to current law's on the same
    date takes the law's reference, unit, description and end date; any other value's source
    is unavailable (an empty origin)."""
    law = load_law()
    params = {}
    for key, dated in (record.get(VALUES_KEY) or {}).items():
        values = tuple(sorted((dt.date.fromisoformat(str(d)), v) for d, v in dated.items()))
        mine = law.get(key)
        if mine is None:
            params[key] = Parameter(key, "", "", values, {}, None, None,
                                    {d: "" for d, _ in values})
            continue
        current = dict(mine.values)
        origins = {d: "" for d, v in values if d not in current or current[d] != v}
        references = {d: mine.source(d) for d, _ in values if d not in origins}
        params[key] = replace(mine, values=values, references=references, origins=origins)
    return params


def recorded_parameters(ds: xr.Dataset) -> dict[str, Parameter]:
    """The run's parameters as its record keeps them, with their sources; for a file written
    before sources were recorded, current law's where the value equals it, else none."""
    record = run_record(ds)
    found = parameters_from_record(record)
    return found if found is not None else _with_law_sources(record)


def record_in_force(ds: xr.Dataset) -> list[InForce]:
    """The values in force over the run, with their sources, read from the results alone
    (see :func:`recorded_parameters` for files written before sources were recorded)."""
    span = horizon(ds)
    if span is None:
        return []
    return in_force(recorded_parameters(ds), *span)


def parameters_in_force(ds: xr.Dataset) -> pd.DataFrame:
    """:func:`record_in_force` as a table: key, start, value, unit, description, source,
    origin (law, reform, set or unavailable) and end (the notice's end date, or None)."""
    columns = list(InForce.__dataclass_fields__)
    return pd.DataFrame([asdict(row) for row in record_in_force(ds)], columns=columns)


def open_record(path: Path) -> xr.Dataset:
    """A results file (``results.nc``, ``sweep.nc``) opened lazily, checked to carry a run
    record; InputError otherwise. Close it when done (``with open_record(p) as ds``)."""
    ds = read_netcdf(path, "results", lazy=True)
    if not isinstance(run_record(ds).get(VALUES_KEY), dict) or horizon(ds) is None:
        text = str(ds.attrs.get(RECORD_ATTRIBUTE, ""))
        ds.close()
        raise InputError([Problem(str(path), "", RECORD_ATTRIBUTE,
                                  "no fundsim run record (its parameters and horizon) in this "
                                  f"file's global attributes{_record_problem(text)}")])
    return ds
