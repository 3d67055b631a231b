"""What a roster covers of each region, and what the engine takes from it (issue 13, item 5).

A roster stands in for a region's aggregate returns only if it holds (nearly) the region's
firms. Per region it is compared with the scenario's data on two measures:

- firms: firms decided (accepted rows) ÷ the data's ``firms``;
- contributions: the firms' 上年实缴金额 (yuan, firm and employees, year ``Y − 1`` for policy
  year ``Y``) ÷ the region's paid contributions of the same year (yuan): the data's
  ``last_year_contributions`` when ``Y`` is the scenario's first year, else the engine's
  contributions (central path) over the 12 months of ``Y − 1`` — the base the engine pays the
  year's returns on.

A region below :data:`COVERAGE_THRESHOLD` on either measure is *short*. By default a short
region is refused (:func:`coverage_problems`). With ``partial`` its returns are the roster's
decided returns plus the aggregate returns the engine would pay the whole region, times the
uncovered share of contributions (1 − the contribution share, at least 0): money, and the
workers covered, scale by the uncovered share of contributions; the firms covered by the
uncovered share of firms. A region at or above the threshold keeps the roster's returns alone.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import Problem
from fundsim.inputs.regions import Regions, load_regions
from fundsim.inputs.scenario import Scenario
from fundsim.model.inputs import EngineInputs, RosterAmounts, build_inputs

COVERAGE_THRESHOLD = 0.95
"""Share of a region's firms and of its contributions a roster must cover to replace the
region's aggregate returns. fundsim's own rule (a roster this complete is taken as the region),
not law."""
COVERAGE_FILE = "roster_coverage.csv"


@dataclass(frozen=True)
class RosterCoverage:
    """Per region (the scenario data's order): what the roster covers of the policy year."""

    year: int                       # the policy year; contributions are of year - 1
    codes: np.ndarray
    names: np.ndarray
    firms_roster: np.ndarray        # firms decided (accepted rows)
    firms_region: np.ndarray        # the data's ``firms``
    contributions_roster: np.ndarray  # yuan: their 上年实缴金额
    contributions_region: np.ndarray  # yuan: the region's paid contributions of year - 1
    threshold: float = COVERAGE_THRESHOLD
    partial: bool = False           # short regions topped up from the aggregate

    @property
    def firm_share(self) -> np.ndarray:
        """Roster firms ÷ region firms (NaN where the region has none)."""
        return _share(self.firms_roster, self.firms_region)

    @property
    def contribution_share(self) -> np.ndarray:
        """Roster contributions ÷ region contributions (NaN where the region has none)."""
        return _share(self.contributions_roster, self.contributions_region)

    @property
    def short(self) -> np.ndarray:
        """Regions below the threshold on firms or on contributions."""
        with np.errstate(invalid="ignore"):
            return (self.firm_share < self.threshold) | (
                self.contribution_share < self.threshold)

    @property
    def uncovered_contributions(self) -> np.ndarray:
        """1 − the contribution share, in [0, 1]; 0 where nothing is to be covered."""
        return _uncovered(self.contribution_share)

    @property
    def uncovered_firms(self) -> np.ndarray:
        return _uncovered(self.firm_share)

    def treatment(self) -> list[str]:
        """Per region, what the engine takes: the roster, or the roster plus a share."""
        out = []
        for short, rest in zip(self.short, self.uncovered_contributions, strict=True):
            if not short:
                out.append("roster")
            elif self.partial:
                out.append(f"roster + aggregate × {rest:.4f}")
            else:
                out.append("refused")
        return out

    def to_frame(self, unit: str | None = None) -> pd.DataFrame:
        """One row per region and a total: counts, money and shares (``roster_coverage.csv``).
        Money in ``unit`` (``yuan``, ``万元`` or ``亿元``; default 万元), its key suffix naming
        it: ``contributions_roster_wan``."""
        from fundsim.run.columns import parse_unit

        money = parse_unit(unit)
        total = lambda x: np.append(x, x.sum())  # noqa: E731
        frame = pd.DataFrame({
            "code": np.append(self.codes, "total"),
            "name": np.append(self.names, "合计"),
            "firms_roster": total(self.firms_roster).astype(np.int64),
            "firms_region": _whole(total(self.firms_region)),
            "firm_share": _share(total(self.firms_roster), total(self.firms_region)),
            f"contributions_roster_{money.code}": total(self.contributions_roster) / money.yuan,
            f"contributions_region_{money.code}": total(self.contributions_region) / money.yuan,
            "contribution_share": _share(total(self.contributions_roster),
                                         total(self.contributions_region)),
            "contributions_year": self.year - 1,
            "covered": np.append(~self.short, not self.short.any()),
            "treatment": self.treatment() + [""],
        })
        for key in (f"contributions_roster_{money.code}", f"contributions_region_{money.code}"):
            frame[key] = frame[key].round(money.decimals)
        return frame

    def to_text(self) -> str:
        """The table as CSV text (kept in the results' attributes)."""
        return self.to_frame().to_csv(index=False)

    def notice(self) -> str:
        """One sentence on what the engine takes from the roster, for the run's output."""
        short = np.flatnonzero(self.short)
        if not len(short):
            return (f"the roster covers at least {self.threshold:.0%} of every region's firms "
                    f"and {self.year - 1} contributions: its decided returns replace the "
                    f"aggregate ones in {self.year}")
        verb = "topped up" if self.partial else "refused"
        parts = ", ".join(f"{self.names[i]} × {self.uncovered_contributions[i]:.4f}"
                          for i in short)
        return (f"roster partial ({len(short)} of {len(self.codes)} regions short of "
                f"{self.threshold:.0%}, {verb}): in {self.year} their returns are the "
                "roster's decided returns plus the aggregate returns × the uncovered share of "
                f"contributions ({parts})"
                + ("; the other regions' are the roster's" if len(short) < len(self.codes)
                   else ""))


def with_coverage(by_region: pd.DataFrame, coverage: RosterCoverage) -> pd.DataFrame:
    """``by_region`` (:func:`fundsim.roster.aggregate.aggregate`) with the coverage columns
    appended: ``region_firms``, ``firm_share``, ``base_all`` (the 上年实缴金额 of every firm
    decided, yuan), ``region_contributions`` (yuan, year − 1), ``contribution_share``."""
    frame = coverage.to_frame().set_index("code")
    out = by_region.copy()
    code = out["code"].astype(str)
    out["region_firms"] = code.map(frame["firms_region"])
    out["firm_share"] = code.map(frame["firm_share"])
    out["base_all"] = code.map(pd.Series(np.append(coverage.contributions_roster,
                                                   coverage.contributions_roster.sum()),
                                         index=frame.index))
    out["region_contributions"] = code.map(pd.Series(
        np.append(coverage.contributions_region, coverage.contributions_region.sum()),
        index=frame.index))
    out["contribution_share"] = code.map(frame["contribution_share"])
    return out


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    part, whole = np.asarray(part, dtype=np.float64), np.asarray(whole, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), np.nan)


def _whole(x: np.ndarray) -> np.ndarray:
    """Counts as integers where they are whole (the data may give firms as decimals)."""
    return x.astype(np.int64) if np.all(x == np.round(x)) else x


def _uncovered(share: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(share), 0.0, np.clip(1.0 - np.nan_to_num(share), 0.0, 1.0))


def _aggregate_inputs(scenario: Scenario, regions: Regions) -> EngineInputs:
    """The engine's inputs without a roster and with every return paid the month it is due, so
    the returns' arrays hold the dues themselves (before any payment lag)."""
    unlagged = dataclasses.replace(
        scenario, assumptions=scenario.assumptions.model_copy(update={"payment_lag": [1.0]}))
    return build_inputs(unlagged, regions)


def _year_rows(scenario: Scenario, year: int) -> np.ndarray:
    years = scenario.month_index.astype("datetime64[Y]").astype(int) + 1970
    return years == year


def region_contributions(scenario: Scenario, regions: Regions, year: int,
                         inputs: EngineInputs | None = None) -> np.ndarray:
    """Each region's paid contributions of calendar ``year`` (yuan): the data's
    ``last_year_contributions`` for the year before the horizon, else the engine's (central
    path) summed over the year's 12 months."""
    if year == int(str(scenario.start)[:4]) - 1:
        return np.asarray(regions["last_year_contributions"], dtype=np.float64)
    law = inputs if inputs is not None else build_inputs(scenario, regions)
    rows = _year_rows(scenario, year)
    paid = law.contributions.sme[rows, :, 0] + law.contributions.large[rows, :, 0]
    return paid.sum(axis=0)


def roster_coverage(decisions: pd.DataFrame, scenario: Scenario, year: int,
                    threshold: float = COVERAGE_THRESHOLD, partial: bool = False
                    ) -> RosterCoverage:
    """Compare a roster's decisions (:func:`fundsim.roster.runner.run_roster`) with the
    scenario's data, region by region, for policy ``year``."""
    regions = load_regions(scenario.data_path)
    codes = regions.code.astype(str)
    column = decisions["region"]
    if isinstance(column.dtype, pd.CategoricalDtype) and list(column.cat.categories) == list(codes):
        where = column.cat.codes.to_numpy()
    else:
        where = pd.Categorical(column.astype(str), categories=list(codes)).codes
    known = where >= 0  # decisions only hold the scenario's regions; kept safe all the same
    paid = decisions["paid_last_year"].to_numpy(dtype=np.float64)
    return RosterCoverage(
        year=year, codes=codes, names=regions.name.astype(str),
        firms_roster=np.bincount(where[known], minlength=len(codes)).astype(np.float64),
        firms_region=np.asarray(regions["firms"], dtype=np.float64),
        contributions_roster=np.bincount(where[known], weights=np.nan_to_num(paid[known]),
                                         minlength=len(codes)),
        contributions_region=region_contributions(scenario, regions, year - 1),
        threshold=threshold, partial=partial)


def _pct(x: float) -> str:
    return "no data" if np.isnan(x) else f"{x:.1%}"


def coverage_problems(coverage: RosterCoverage, source: str) -> list[Problem]:
    """One problem per short region, and how to proceed; none when every region is covered."""
    short = np.flatnonzero(coverage.short)
    if not len(short):
        return []
    firms, paid = coverage.firm_share, coverage.contribution_share
    problems = [Problem(
        source, "", f"region {coverage.codes[i]}",
        f"{coverage.names[i]}: the roster covers {_pct(firms[i])} of the region's firms "
        f"({coverage.firms_roster[i]:,.0f} of {coverage.firms_region[i]:,.0f}) and "
        f"{_pct(paid[i])} of its {coverage.year - 1} contributions "
        f"({coverage.contributions_roster[i] / 1e4:,.1f} of "
        f"{coverage.contributions_region[i] / 1e4:,.1f} 万元); below "
        f"{coverage.threshold:.0%}, its returns cannot stand for the region's")
        for i in short]
    problems.append(Problem(
        source, "", "--roster",
        f"{len(short)} of {len(coverage.codes)} regions short of {coverage.threshold:.0%} "
        "(fundsim's rule, not law). To proceed: complete the roster for those regions; or "
        "pass --roster-partial (Python: partial=True) to use the roster for its firms and the "
        "aggregate returns times the uncovered share of contributions for the rest"))
    return problems


def topped_up(amounts: RosterAmounts, coverage: RosterCoverage, scenario: Scenario
              ) -> RosterAmounts:
    """The roster's amounts plus, in each short region and the roster's months, the aggregate
    returns × the uncovered share of contributions (firms covered: × the uncovered share of
    firms). The aggregate is the engine's own, on the central path's contribution base."""
    regions = load_regions(scenario.data_path)
    law = _aggregate_inputs(scenario, regions)
    months = _year_rows(scenario, coverage.year)
    short = coverage.short
    money = np.where(short, coverage.uncovered_contributions, 0.0)[None, :]
    count = np.where(short, coverage.uncovered_firms, 0.0)[None, :]
    first = coverage.year == int(str(scenario.start)[:4])
    base_sme = law.opening.paid_sme if first else region_contributions_by(
        law.contributions.sme, scenario, coverage.year - 1)
    base_large = law.opening.paid_large if first else region_contributions_by(
        law.contributions.large, scenario, coverage.year - 1)
    r = law.returns
    general = r.rate_sme.same[:, :, 0] * base_sme + r.rate_large.same[:, :, 0] * base_large
    inside = months[:, None]

    def add(roster: np.ndarray, aggregate: np.ndarray, share: np.ndarray) -> np.ndarray:
        return np.where(inside, roster + share * aggregate, roster)

    return RosterAmounts(
        covered=amounts.covered,
        general=add(amounts.general, general, money),
        difficult=add(amounts.difficult, r.difficult.same[:, :, 0], money),
        firms_general=add(amounts.firms_general, r.firms_general.same[:, :, 0], count),
        workers_general=add(amounts.workers_general, r.workers_general.same[:, :, 0], money),
        firms_difficult=add(amounts.firms_difficult, r.firms_difficult.same[:, :, 0], count),
        workers_difficult=add(amounts.workers_difficult, r.workers_difficult.same[:, :, 0],
                              money))


def region_contributions_by(flow: np.ndarray, scenario: Scenario, year: int) -> np.ndarray:
    """One size class's contributions (month × region × 1, yuan) summed over ``year``."""
    return flow[_year_rows(scenario, year), :, 0].sum(axis=0)


def annotate(ds: xr.Dataset, coverage: RosterCoverage, source: str) -> None:
    """Record the roster in a results dataset's attributes: ``roster``, ``roster_year``,
    ``roster_coverage`` (the coverage table as CSV text) and ``roster_use`` (the sentence of
    :meth:`RosterCoverage.notice`)."""
    ds.attrs["roster"] = source
    ds.attrs["roster_year"] = coverage.year
    ds.attrs["roster_coverage"] = coverage.to_text()
    ds.attrs["roster_use"] = coverage.notice()


def coverage_from_attrs(ds: xr.Dataset) -> pd.DataFrame | None:
    """The coverage table kept by :func:`annotate`, or None for a run without a roster."""
    text = ds.attrs.get("roster_coverage")
    return None if not text else pd.read_csv(io.StringIO(str(text)), dtype={"code": str})


def write_coverage(coverage: RosterCoverage, folder: Path, unit: str | None = None) -> Path:
    """``roster_coverage.csv`` in a run's folder (UTF-8 with BOM; money in ``unit``, default
    万元, to its decimals; shares to 4 decimals)."""
    from fundsim.run.columns import parse_unit
    from fundsim.run.files import write_csv

    path = Path(folder) / COVERAGE_FILE
    table = coverage.to_frame(unit)
    places = parse_unit(unit).decimals
    write_csv(table, path, {key: places for key in table.columns
                            if key.startswith("contributions_r")})
    return path
