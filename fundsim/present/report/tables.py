"""The figures a report shows, as plain data (pandas / xarray), usable in a notebook.

Everything is computed from the ``results.nc`` of a run (CONTRACT.md), which is the single
source of truth of a run folder: ``summary.csv`` and ``annual.csv`` are tables of the same
Dataset (:func:`fundsim.run.tables.summary_table`, :func:`fundsim.run.tables.annual_table`).
Money stays in yuan here; formatting is the renderer's business. With several paths, counts
and amounts are means over paths and probabilities are shares of paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.law.in_force import InForce, in_force
from fundsim.law.record import parameters_from_record
from fundsim.run import metrics
from fundsim.run.metrics import PROVINCE_ROW
from fundsim.run.metrics import mean_over_paths as _mean
from fundsim.run.record import horizon, recorded_parameters, run_record
from fundsim.run.tables import horizon_figures

#: Variables and attributes a results file needs for a report (CONTRACT.md and results.py).
REQUIRED_VARIABLES = (
    "balance", "reserve_months", "passes_12", "passes_24", "returns_paid", "pool_transfer",
    "fiscal_subsidy", "fiscal_subsidy_returns", "fiscal_subsidy_deficit", "firms_covered",
    "trainees", "training_paid", "pool_balance", "pool_opening_balance", "opening_balance",
    "province_reserve_months",
)
REQUIRED_ATTRIBUTES = ("scenario", "parameters", "general_months", "difficult_months")
#: A pool balance at or below this many yuan counts as exhausted (allocation arithmetic
#: leaves rounding dust of well under one yuan).
EXHAUSTED_YUAN = 1.0
#: Money below this many yuan (over a year) is treated as none (rounding dust).
NEGLIGIBLE_YUAN = 1.0


def load_run(results_dir: Path) -> xr.Dataset:
    """The Dataset of a run folder, checked to be a fundsim run; InputError otherwise."""
    folder = Path(results_dir)
    if not folder.exists():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR", "folder not found")])
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  "not a folder; give the folder fundsim run wrote")])
    path = folder / "results.nc"
    if not path.is_file():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  "not a fundsim run folder: results.nc is missing")])
    try:
        ds = xr.load_dataset(path, engine="h5netcdf")
    except (OSError, ValueError) as exc:
        raise InputError([Problem(str(path), "", "", f"not a readable results file: {exc}")]
                         ) from None
    problems = []
    missing = [name for name in REQUIRED_VARIABLES if name not in ds.variables]
    if missing:
        problems.append(Problem(str(path), "", "", "not a fundsim results file (missing "
                                "variables " + ", ".join(missing) + ")"))
    missing_dims = [d for d in ("region", "month") if d not in ds.dims]
    if missing_dims or "region_name" not in ds.coords:
        problems.append(Problem(str(path), "", "", "not a fundsim results file (missing "
                                "dimensions region and month or the region_name coordinate)"))
    absent = [name for name in REQUIRED_ATTRIBUTES if name not in ds.attrs]
    if absent:
        problems.append(Problem(str(path), "", "", "no run record (missing global attributes "
                                + ", ".join(absent) + ")"))
    elif not read_record(ds):
        problems.append(Problem(str(path), "", "parameters",
                                "the run record's parameters are not readable YAML"))
    if problems:
        raise InputError(problems)
    return ds


def _years(ds: xr.Dataset) -> xr.DataArray:
    return ds["month"].dt.year


def headline_table(ds: xr.Dataset) -> pd.DataFrame:
    """The headline figures by year, and a whole-period row (index ``"total"``), in yuan.

    Columns: regions below the general and the difficult-firm test (the engine's flags, counted
    at each year's assessment; the total row counts regions below in at least one year: see
    :mod:`fundsim.run.metrics`), pool transfers,
    fiscal subsidy for returns and for deficits, returns paid, firms paid a return (per year; a
    firm paid both returns counts twice; the total row adds the years), training person-months
    and trainees in the peak month. With paths: means over paths, plus
    ``p_any_below_general`` (the share of paths on which some region fails the general test).
    """
    years = _years(ds)
    paths = metrics.paths_view(ds)  # a summarised run's paths by year

    def flow(name: str) -> xr.DataArray:
        return _mean(metrics.sum_over(metrics.by_year(paths, name), "region"))

    trainees = _mean(ds["trainees"].sum("region"))
    by_year = {test: _mean(metrics.regions_below_by_year(paths, test))
               for test in metrics.TESTS}
    table = pd.DataFrame({
        "regions_below_general": by_year["general"].values,
        "regions_below_difficult": by_year["difficult"].values,
        "pool_transfer": flow("pool_transfer").values,
        "fiscal_subsidy_returns": flow("fiscal_subsidy_returns").values,
        "fiscal_subsidy_deficit": flow("fiscal_subsidy_deficit").values,
        "returns_paid": flow("returns_paid").values,
        "firms_covered": flow("firms_covered").values,
        "trainee_months": trainees.groupby(years).sum().values,
        "trainees_peak": trainees.groupby(years).max().values,
    }, index=pd.Index(by_year["general"]["year"].values.tolist(), name="year", dtype=object))
    total = {
        "regions_below_general": float(_mean(metrics.regions_below(paths, "general"))),
        "regions_below_difficult": float(_mean(metrics.regions_below(paths, "difficult"))),
        **{c: table[c].sum() for c in ("pool_transfer", "fiscal_subsidy_returns",
                                        "fiscal_subsidy_deficit", "returns_paid",
                                        "firms_covered", "trainee_months")},
        "trainees_peak": table["trainees_peak"].max(),
    }
    if "path" in paths.dims:
        table["p_any_below_general"] = metrics.share_of_paths(
            metrics.some_region_below_by_year(paths, "general")).values
        total["p_any_below_general"] = metrics.p_fail(paths, "general")
    table.loc["total"] = pd.Series(total)
    return table


def reserve_by_year(ds: xr.Dataset) -> pd.DataFrame:
    """Months of reserve assessed in each year's first month, region × year (median over
    paths); ``inf`` where a region spent nothing the year before."""
    first = metrics.median_over_paths(ds, "reserve_months").groupby(_years(ds)).first()
    return pd.DataFrame(first.transpose("region", "year").values, index=ds["region"].values,
                        columns=first["year"].values.tolist())


def failing_by_year(ds: xr.Dataset, test: str) -> pd.DataFrame:
    """Region × year: 1/0 whether the region fails ``test`` (``"general"`` or
    ``"difficult"``) at that year's assessment, or, with paths, the share of paths on which it
    does (:func:`fundsim.run.metrics.below_by_year`)."""
    below = metrics.share_of_paths(metrics.below_by_year(metrics.paths_view(ds), test))
    return pd.DataFrame(below.transpose("region", "year").values, index=ds["region"].values,
                        columns=below["year"].values.tolist())


def pool_exhausted(ds: xr.Dataset) -> pd.DataFrame:
    """Years in which the provincial pool runs dry while requests go unmet.

    Exhausted: the pool's balance falls to zero in the year while public finance pays returns
    the pool did not cover (``fiscal_subsidy_returns``), i.e. the pool gave all it had and it
    was not enough. Columns: ``share`` (1/0, or the share of paths), ``unmet`` (yuan of returns
    left to public finance that year, mean over the paths where it happens). Only years where
    it happens are listed. A summarised run keeps the pool's balance per path at the year end
    only: the same test, since after January's grants the pool moves only by its interest.
    """
    ds = metrics.paths_view(ds)
    empty = metrics.per_year(ds, ds["pool_balance"] <= EXHAUSTED_YUAN, "any")
    unmet = metrics.per_year(ds, metrics.sum_over(ds["fiscal_subsidy_returns"], "region"), "sum")
    happens = empty & (unmet > NEGLIGIBLE_YUAN)
    if "path" in happens.dims:
        share = happens.mean("path")
        amount = unmet.where(happens).mean("path")
    else:
        share, amount = happens.astype(float), unmet.where(happens)
    frame = pd.DataFrame({"share": share.values, "unmet": amount.values},
                         index=pd.Index(share["year"].values.tolist(), name="year"))
    return frame[frame["share"] > 0]


def deficit_regions(ds: xr.Dataset) -> pd.DataFrame:
    """Regions whose balance public finance keeps from going negative: total (mean over
    paths), the years it happens (on any path) and the share of paths on which it does."""
    ds = metrics.paths_view(ds)
    by_year = metrics.by_year(ds, "fiscal_subsidy_deficit")
    happens = by_year > NEGLIGIBLE_YUAN
    if "path" in by_year.dims:
        share = happens.any("year").mean("path").values
        years_any = happens.any("path")
    else:
        share = happens.any("year").astype(float).values
        years_any = happens
    total = _mean(metrics.sum_over(by_year, "year")).values
    year_values = years_any["year"].values
    years = [tuple(int(y) for y in year_values[row]) for row in
             years_any.transpose("region", "year").values]
    frame = pd.DataFrame({"name": ds["region_name"].values, "total": total, "share": share,
                          "years": years}, index=ds["region"].values)
    return frame[frame["share"] > 0]


def region_table(ds: xr.Dataset) -> pd.DataFrame:
    """Per region and a province row (index :data:`fundsim.run.metrics.PROVINCE_ROW`), whole
    period, yuan: lowest reserve months, months below each test (the engine's flags), returns
    paid, pool received, fiscal subsidy by cause, training paid, closing balance (means over
    paths). The province row is the province as one fund, the regions and the pool: its own
    lowest reserve months and months below each test (``province_reserve_months``), the
    regions' flows summed, and the closing balance of the regions plus the pool
    (:mod:`fundsim.run.metrics`)."""
    flows = ("returns_paid", "pool_transfer", "fiscal_subsidy_returns", "fiscal_subsidy_deficit",
             "training_paid")
    table = horizon_figures(metrics.paths_view(ds), flows)
    table.loc[PROVINCE_ROW, "name"] = ""
    return table


# ---------------------------------------------------------------------------- run record

_PAST_END = re.compile(
    r"^(?P<key>[\w.]+): the value in force from (?P<start>\d{4}-\d{2}-\d{2}) ends "
    r"(?P<end>\d{4}-\d{2}-\d{2}) by its notice; the run assumes it continues to "
    r"(?P<until>\d{4}-\d{2})$")


def record_warnings(ds: xr.Dataset) -> list[dict[str, str]]:
    """The run record's warnings: parameters past their notice's end date parsed into their
    fields (``kind = "past_end"``), anything else kept as text (``kind = "other"``)."""
    out = []
    for line in str(ds.attrs.get("warnings", "")).splitlines():
        if not line.strip():
            continue
        match = _PAST_END.match(line.strip())
        out.append({"kind": "past_end", **match.groupdict()} if match
                   else {"kind": "other", "text": line.strip()})
    return out


#: One value of a parameter in force during the run (:class:`fundsim.law.in_force.InForce`).
ParameterRow = InForce


@dataclass
class Parameters:
    """The parameters in force over a run with their sources, read from its run record."""

    rows: list[ParameterRow]
    assumptions: dict[str, Any]
    scenario_source: str
    sources_recorded: bool
    record: dict[str, Any] = field(default_factory=dict)


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def read_record(ds: xr.Dataset) -> dict[str, Any]:
    """:func:`fundsim.run.record.run_record` (parsed by libyaml where PyYAML has it, once per
    record text)."""
    return run_record(ds)


def parameters_in_force(ds: xr.Dataset, record: dict[str, Any] | None = None) -> Parameters:
    """The run record's parameter values in force over the run, with their sources.

    Everything comes from the results file (:func:`fundsim.run.record.record_in_force`); the
    scenario file is not read again, so sources survive it being edited or deleted, and
    ``--set`` values show ``--set KEY``. A file written before the record kept sources falls
    back to current law: a value equal to current law's on the same date shows the law's
    reference (origin ``law``); any other value's source is unavailable (origin
    ``unavailable``, source ''). ``record`` is the run record when already read
    (:func:`fundsim.run.record.run_record`): the YAML is then not parsed again.
    """
    record = read_record(ds) if record is None else record
    recorded = parameters_from_record(record)
    span = horizon(ds)
    rows = [] if span is None else in_force(
        recorded if recorded is not None else recorded_parameters(ds), *span)
    source = str(ds.attrs.get("scenario_source") or record.get("source") or "")
    return Parameters(rows, _flatten(record.get("assumptions") or {}), source,
                      recorded is not None, record)
