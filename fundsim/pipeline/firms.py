"""The firms that go through the pipeline: drawn for a scenario's regions, or read from a roster.

Drawn firms: regions by the data column ``firms`` (regions with no general-return bill in the
first year are left out), amounts from the configured shape (lognormal by default) scaled so
each region's total equals the engine's general-return bill of the scenario's first year.

A roster is a CSV (UTF-8) or Parquet file with at least the columns ``region`` (region code,
as in the scenario's data) and ``amount`` (the firm's return, yuan, ≥ 0); other columns are
ignored. The decisions written by ``fundsim roster run`` (``decisions.parquet`` or ``.csv``) are
read as they are: the firms with something ``to_pay`` go through, for that amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario
from fundsim.pipeline.config import Dist

ROSTER_COLUMNS = {"region": "region code (行政区划代码) as in the scenario's data",
                  "amount": "the firm's return, yuan, >= 0"}


@dataclass(frozen=True)
class Firms:
    """One entry per firm: its region (index into the scenario's regions) and amount."""

    region: np.ndarray  # int64
    amount: np.ndarray  # float64, yuan

    def __len__(self) -> int:
        return len(self.region)


def first_year_bills(scenario: Scenario, regions: Regions) -> tuple[np.ndarray, np.ndarray]:
    """The engine's general-return bill of the first year and the firms it covers, per region."""
    from fundsim.model.inputs import build_inputs

    inp = build_inputs(scenario, regions)
    r, opening = inp.returns, inp.opening
    # dues of year one (variant 0), paid in years one and two
    bill = r.bill_sme[0, :, 0] * opening.paid_sme + r.bill_large[0, :, 0] * opening.paid_large
    covered = (r.firms_general.same[:12].sum(axis=0)
               + r.firms_general.carry[12:24].sum(axis=0))[..., 0]
    return np.asarray(bill, dtype=float), np.asarray(covered, dtype=float)


def draw_firms(scenario: Scenario, regions: Regions, shape: Dist, n: int | None,
               rng: np.random.Generator) -> Firms:
    """``n`` firms (default: the engine's count of covered firms) over the scenario's regions."""
    bill, covered = first_year_bills(scenario, regions)
    weights = np.where(bill > 0, regions["firms"], 0.0)
    if weights.sum() <= 0:
        raise InputError([Problem(str(scenario.source), "", "reform",
                                  "no region pays a general return in the first year: no firm "
                                  "to put through the pipeline")])
    if n is None:
        n = max(1, int(round(float(covered[bill > 0].sum()))))
    counts = rng.multinomial(n, weights / weights.sum())
    region = np.repeat(np.arange(len(regions)), counts)
    raw = shape.draw(n, rng)
    raw = np.where(raw > 0, raw, 0.0)
    totals = np.bincount(region, weights=raw, minlength=len(regions))
    scale = np.divide(bill, totals, out=np.zeros_like(bill), where=totals > 0)
    return Firms(region.astype(np.int64), raw * scale[region])


def read_roster(path: Path, regions: Regions) -> Firms:
    """Firms from a roster file; every problem names the file, row and column."""
    file = str(path)
    if not path.is_file():
        raise InputError([Problem(file, "", "--roster", "file not found")])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = pd.read_csv(path, dtype={"region": str}, encoding="utf-8-sig")
        elif suffix in (".parquet", ".pq"):
            table = pd.read_parquet(path)
        else:
            raise InputError([Problem(file, "", "--roster",
                                      f"a roster must be .csv or .parquet, not {suffix!r}")])
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError([Problem(file, "", "", f"cannot read the roster: {exc}")]) from None
    if "amount" not in table.columns and "to_pay" in table.columns:  # roster decisions
        to_pay = pd.to_numeric(table["to_pay"], errors="coerce")
        table = table[to_pay > 0].assign(amount=to_pay[to_pay > 0])
    missing = [c for c in ROSTER_COLUMNS if c not in table.columns]
    if missing:
        raise InputError([Problem(file, "row 1", c, "required column is missing "
                                  f"({ROSTER_COLUMNS[c]})") for c in missing])
    if table.empty:
        raise InputError([Problem(file, "", "", "no firm rows")])
    codes = table["region"].astype(str).str.strip().to_numpy()
    index = {str(c): i for i, c in enumerate(regions.code)}
    region = pd.Series(codes).map(index).fillna(-1).to_numpy(dtype=np.int64)
    amount = pd.to_numeric(table["amount"], errors="coerce").to_numpy(dtype=float)
    row = np.arange(len(table)) + 2  # the header is row 1
    unknown = region < 0
    bad = ~np.isfinite(amount) | (amount < 0)
    raw = table["amount"].astype(str).to_numpy()
    # at most 20 problems of each kind are listed
    problems = [Problem(file, f"row {r}", "region", f"region {c!r} is not in the scenario's "
                        "data") for r, c in zip(row[unknown][:20], codes[unknown][:20],
                                                strict=True)]
    problems += [Problem(file, f"row {r}", "amount", f"not an amount in yuan >= 0 (got {v!r})")
                 for r, v in zip(row[bad][:20], raw[bad][:20], strict=True)]
    hidden = int(unknown.sum() + bad.sum()) - len(problems)
    if hidden:
        problems.append(Problem(file, "", "", f"… and {hidden} more rows with problems"))
    if problems:
        raise InputError(problems)
    return Firms(region.astype(np.int64), amount)
