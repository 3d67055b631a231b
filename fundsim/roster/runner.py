"""A roster run end to end: read, validate, gate, decide, aggregate, spread by month, write.

``run_roster`` returns everything as data (tables in pandas) for notebooks; ``write_outputs``
writes it into a folder (the CLI writes that folder atomically). Personal data (联系人,
联系电话) is never read, so no output can hold it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.scenario import Scenario, load_scenario
from fundsim.model.inputs import RosterAmounts
from fundsim.roster.aggregate import TABLES, aggregate
from fundsim.roster.classify import load_size_table
from fundsim.roster.coverage import (
    COVERAGE_THRESHOLD,
    RosterCoverage,
    coverage_problems,
    roster_coverage,
    topped_up,
    with_coverage,
)
from fundsim.roster.decide import Rules, decide_columns, decisions_frame
from fundsim.roster.gate import RegionGate, horizon_years, region_gate
from fundsim.roster.io import (
    BOM,
    CSV_SLICE,
    RawRoster,
    count_rows,
    plain,
    read_roster,
    write_csv_file,
)
from fundsim.roster.monthly import RosterReturns, roster_returns
from fundsim.roster.validate import (
    ChunkResult,
    Regions,
    check_codes,
    empty_rejects,
    policy_year_of,
    ragged_rejects,
    validate_chunk,
)
from fundsim.run import size

DECISION_FILES = ("decisions.parquet", "decisions.csv")
OUTPUT_FILES = DECISION_FILES + ("rejects.csv",) + tuple(f"{t}.csv" for t in TABLES) + (
    "region_month.csv", "summary.yaml")
CHUNK_ROWS = 1 << 18  # rows validated and decided at a time (small: work arrays get reused)
WORKERS = 2           # threads validating and deciding chunks (the machine has 2 cores)
Progress = Callable[[int, int], None] | None


@dataclass
class RosterRun:
    """Everything a roster run produces."""

    source: str
    scenario: Scenario
    year: int
    rules: Rules
    gate: RegionGate
    rows_read: int
    decisions: pd.DataFrame
    rejects: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    returns: RosterReturns
    seconds: dict[str, float]
    notes: tuple[str, ...] = ()     # for the reader (e.g. a slow Excel roster: use Parquet)
    coverage: RosterCoverage | None = None  # what the roster covers of each region

    @property
    def rows_accepted(self) -> int:
        return len(self.decisions)

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_accepted

    def summary(self) -> dict:
        """Counts and totals (yuan) of the run, for people and for the run record."""
        d = self.decisions
        return {
            "roster": self.source,
            "scenario": self.scenario.name,
            "policy_year": self.year,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "problems": len(self.rejects),
            "firms_paid": int((d["entitlement"] > 0).sum()),
            "firms_difficult_return": int((d["return_type"] == "difficult").sum()),
            "firms_government_review": int(d["government_review"].sum()),
            "entitlement_yuan": round(float(d["entitlement"].sum()), 2),
            "already_paid_yuan": round(float(d["already_paid"].sum()), 2),
            "to_pay_yuan": round(float(d["to_pay"].sum()), 2),
        }


def choose_year(raw: RawRoster, scenario: Scenario, year: int | None) -> int:
    """``year``, else the roster's single 补贴年度, else the scenario's first year."""
    if year is not None:
        return year
    return policy_year_of(raw) or horizon_years(scenario).start


class _Collector:
    """Decision columns of successive chunks, copied into arrays sized for the whole roster."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.count = 0
        self.arrays: dict[str, np.ndarray] = {}
        self.texts: dict[str, list[pa.Array]] = {}
        self.industry: dict[str, int] = {}

    def add(self, columns: dict[str, object], industry_labels: list[str]) -> None:
        n = len(columns["row"])
        ids = np.array([self.industry.setdefault(label, len(self.industry))
                        for label in industry_labels], dtype=np.int32)
        columns["industry"] = ids[columns["industry"]] if n else columns["industry"]
        for name, values in columns.items():
            if isinstance(values, pa.Array | pa.ChunkedArray):
                self.texts.setdefault(name, []).append(values)
                continue
            if name not in self.arrays:  # pages are only touched when written
                self.arrays[name] = np.empty(self.capacity, dtype=values.dtype)
            self.arrays[name][self.count:self.count + n] = values
        self.count += n

    def columns(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, values in self.arrays.items():
            out[name] = values[:self.count]
        for name, chunks in self.texts.items():
            out[name] = pa.chunked_array(chunks, type=chunks[0].type)
        return out


def run_roster(roster: str | Path, scenario: str | Path | Scenario = "default",
               year: int | None = None, overrides: list[str] | tuple[str, ...] = (),
               chunk_rows: int = CHUNK_ROWS, workers: int = WORKERS,
               progress: Progress = None, allow_large: bool = False) -> RosterRun:
    """Decide every firm of a roster under a scenario's rules for a policy year.

    Raises :class:`fundsim.base.errors.InputError` for an unreadable roster or header, an unknown
    scenario, or a year outside the scenario's horizon; bad rows go to ``rejects`` instead.
    The roster is validated and decided ``chunk_rows`` rows at a time in ``workers`` threads
    (same result, less memory); the codes are checked for duplicates across the whole roster
    first. A roster whose estimated memory passes :data:`fundsim.run.size.MAX_BYTES` is refused
    before it is read unless ``allow_large``. ``progress(done, total)``, if given, is called
    once the roster is read (``done`` 0) and after each chunk: rows validated and decided, of
    all the roster's rows.
    """
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = seconds.get(name, 0.0) + now - clock
        clock = now

    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    rows = count_rows(roster)
    problems = size.size_problems(size.roster_bytes(rows), f"a roster of about {rows:,} rows",
                                  allow_large, source=str(roster))
    if problems:
        raise InputError(problems)
    raw = read_roster(roster)
    year = choose_year(raw, loaded, year)
    lap("read")
    gate = region_gate(loaded, year)
    rules = Rules.of(loaded, year)
    regions = Regions(tuple(gate.codes), tuple(gate.names))
    table = load_size_table()
    lap("engine")
    codes = check_codes(raw.codes, raw.row_of)
    lap("codes")
    collector = _Collector(raw.num_rows)
    rejects = [ragged_rejects(raw.ragged)] if len(raw.ragged) else []
    rows_read = len(raw.ragged)  # rows with the wrong number of cells: read, rejected whole
    decided = 0
    if progress is not None:
        progress(0, raw.num_rows)

    def work(chunk: tuple[pa.Table, np.ndarray]) -> tuple[ChunkResult, dict[str, object], int]:
        part, positions = chunk
        done = validate_chunk(part, positions, raw.row_of(positions), codes,
                              pc.take(raw.codes, pa.array(positions)), regions, year, table,
                              loaded.name)
        return done, decide_columns(done.firms, gate, rules), len(positions)

    def finish(result: tuple[ChunkResult, dict[str, object], int]) -> None:
        nonlocal rows_read, decided
        done, columns, rows = result
        rows_read += done.rows_read
        if len(done.rejects):
            rejects.append(done.rejects)
        collector.add(columns, done.firms.industry_labels)
        decided += rows
        if progress is not None:
            progress(decided, raw.num_rows)

    # chunks are read in this thread and validated and decided in `workers` threads (numpy
    # and Arrow release the GIL), at most `workers` + 1 chunks in memory; results kept in order
    with ThreadPoolExecutor(workers) as pool:
        pending: deque[Future] = deque()
        for chunk in raw.chunks(chunk_rows):
            pending.append(pool.submit(work, chunk))
            if len(pending) > workers:
                finish(pending.popleft().result())
        while pending:
            finish(pending.popleft().result())
    lap("validate and decide")
    codes = None  # the duplicate keys are no longer needed
    decisions = decisions_frame(collector.columns(), gate, list(collector.industry))
    collector = None
    lap("validate and decide")
    tables = aggregate(decisions, gate, float(rules["policy.review.government_threshold"]))
    coverage = roster_coverage(decisions, loaded, year)
    tables["by_region"] = with_coverage(tables["by_region"], coverage)
    returns = roster_returns(decisions, loaded, year)
    lap("aggregate")
    rejected = pd.concat(rejects, ignore_index=True) if rejects else empty_rejects()
    if len(raw.ragged):
        rejected = rejected.sort_values("row", kind="stable", ignore_index=True)
    return RosterRun(str(roster), loaded, year, rules, gate, rows_read, decisions, rejected,
                     tables, returns, seconds, raw.notes, coverage)


def record(run: RosterRun) -> str:
    """The run record as YAML: counts, totals, and the law applied with its sources."""
    from fundsim.base.version import __version__

    size = load_size_table()
    content = {
        "summary": run.summary(),
        "fundsim_version": __version__,
        "scenario_source": run.scenario.shown_source,
        "parameters": {row.key: {"value": row.value, "unit": row.unit, "source": row.source}
                       for row in run.rules.table().itertuples()},
        "assumptions": {"payment_profile": list(run.scenario.assumptions.payment_profile),
                        "benefit_indexing": run.scenario.assumptions.benefit_indexing},
        "size_classes": {"reference": size.reference, "valid_from": size.valid_from},
        "personal_data": "联系人 and 联系电话 are never read or written",
    }
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)


def write_decisions(decisions: pd.DataFrame, folder: Path, block: int = 1 << 20,
                    progress: Progress = None) -> None:
    """decisions.parquet and decisions.csv, converted and written ``block`` rows at a time;
    ``progress(rows written, rows)`` every :data:`CSV_SLICE` rows of the CSV."""
    total = len(decisions)
    with contextlib.ExitStack() as stack:
        parquet = csv = None
        for start in range(0, max(len(decisions), 1), block):
            table = pa.Table.from_pandas(decisions.iloc[start:start + block],
                                         preserve_index=False)
            text = plain(table)
            if parquet is None:
                parquet = stack.enter_context(pq.ParquetWriter(folder / "decisions.parquet",
                                                               table.schema))
                sink = stack.enter_context(open(folder / "decisions.csv", "wb"))
                sink.write(BOM)
                csv = stack.enter_context(pacsv.CSVWriter(
                    sink, text.schema, write_options=pacsv.WriteOptions(quoting_style="needed")))
            parquet.write_table(table)
            for offset in range(0, max(len(text), 1), CSV_SLICE):  # one CSV, written in slices
                csv.write_table(text.slice(offset, CSV_SLICE))
                if progress is not None:
                    progress(min(start + offset + CSV_SLICE, total), total)


def write_outputs(run: RosterRun, folder: Path, progress: Progress = None) -> list[Path]:
    """Write a run's files into an existing folder; return their paths. ``progress(done,
    total)``: decision rows written (the other files are small)."""
    folder = Path(folder)
    write_decisions(run.decisions, folder, progress=progress)
    written = [folder / name for name in DECISION_FILES]
    write_csv_file(run.rejects, folder / "rejects.csv")
    written.append(folder / "rejects.csv")
    for name, frame in run.tables.items():
        write_csv_file(frame, folder / f"{name}.csv")
        written.append(folder / f"{name}.csv")
    write_csv_file(run.returns.to_frame(), folder / "region_month.csv")
    written.append(folder / "region_month.csv")
    (folder / "summary.yaml").write_text(record(run), encoding="utf-8")
    written.append(folder / "summary.yaml")
    return written


def empty_message(run: RosterRun) -> str:
    """What a run that accepted no firm says ('' when it accepted some)."""
    if run.rows_accepted:
        return ""
    if run.rows_read == 0:
        return "the roster holds no firms (a header and no rows)"
    return (f"the roster holds no valid firm: all {run.rows_read:,} rows were rejected "
            "(`fundsim roster run` lists why in rejects.csv)")


def amounts_of(run: RosterRun) -> RosterAmounts:
    """A run's decided returns for the engine, in place of the aggregate ones for its year."""
    r = run.returns
    covered = (run.scenario.month_index.astype("datetime64[Y]").astype(int) + 1970) == run.year
    return RosterAmounts(covered=np.asarray(covered), general=r.general, difficult=r.difficult,
                         firms_general=r.firms_general, workers_general=r.workers_general,
                         firms_difficult=r.firms_difficult,
                         workers_difficult=r.workers_difficult)


def engine_roster(run: RosterRun, partial: bool = False,
                  threshold: float = COVERAGE_THRESHOLD
                  ) -> tuple[RosterAmounts | None, RosterCoverage]:
    """A run's amounts for the engine and what the roster covers of each region.

    Every region covered (at least ``threshold`` of its firms and of its contributions): the
    roster's returns replace the aggregate ones. Some region short: ``(None, coverage)``
    unless ``partial``, when short regions get the roster's returns plus the aggregate ones
    × the uncovered share (:func:`fundsim.roster.coverage.topped_up`). The caller refuses on
    ``None`` (:func:`fundsim.roster.coverage.coverage_problems` says why).
    """
    if run.scenario.pooling == "provincial":
        raise InputError([Problem(
            run.source, "", "--roster",
            f"scenario {run.scenario.name!r} pools the province as one fund (pooling: "
            "provincial), so a roster's regions have no fund of their own to go to; use a "
            "scenario with regional pools (pooling: regional)")])
    if run.rows_accepted == 0:
        raise InputError([Problem(run.source, "", "--roster", empty_message(run))])
    coverage = (roster_coverage(run.decisions, run.scenario, run.year) if run.coverage is None
                else run.coverage)
    coverage = dataclasses.replace(coverage, threshold=threshold, partial=partial)
    if not coverage.short.any():
        return amounts_of(run), coverage
    if not partial:
        return None, coverage
    return topped_up(amounts_of(run), coverage, run.scenario), coverage


def roster_amounts(roster: str | Path, scenario: Scenario, year: int | None = None,
                   partial: bool = False, threshold: float = COVERAGE_THRESHOLD
                   ) -> RosterAmounts:
    """Decide a roster (``fundsim roster run``) and return its amounts for the engine
    (``fundsim.simulate(..., roster=...)``), as ``fundsim run --roster`` does.

    Raises :class:`fundsim.base.errors.InputError` naming every region whose firms or
    contributions the roster covers below ``threshold``
    (:data:`fundsim.roster.coverage.COVERAGE_THRESHOLD`), unless ``partial``: then those regions
    get the roster's returns plus the aggregate returns × the uncovered share.
    """
    run = run_roster(roster, scenario, year)
    amounts, coverage = engine_roster(run, partial, threshold)
    if amounts is None:
        raise InputError(coverage_problems(coverage, str(roster)))
    return amounts
