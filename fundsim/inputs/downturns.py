"""Recession replay: named downturn profiles a scenario can lay over its central path.

A profile (one YAML file in ``fundsim/scenarios/downturns/``, or the user's own file) gives, by
month from the downturn's start (month 0), three multipliers on the scenario's central path:

- ``inflow``: new benefit claims (the claimant inflow, :class:`fundsim.model.inputs.Claimants`);
- ``wage``: the average contribution wage (and so the contributions and covered wages);
- ``insured``: the number of insured workers (the same, and the spending per insured worker).

Each series is a list of points ``{month, value, source}``; between points the multiplier is
interpolated linearly month by month; before the start it is 1; after the series' last point it
returns to 1 (``after: central``) or keeps its last value (``after: hold``: a level lost is not
regained). A scenario selects a profile with ``downturn: {profile: 2008-09, start: 2021-01}``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from fundsim.base.errors import InputError, Problem, excerpt, suggest
from fundsim.base.yamlio import Lines, load_yaml

#: The three paths a profile moves, in the order the files give them.
SERIES = ("inflow", "wage", "insured")
#: What a series does after its last point.
AFTER = ("central", "hold")
#: The keys of a profile file, of a series and of a point.
PROFILE_KEYS = ("name", "description", "description_zh", "began", "sources", "series")
SERIES_KEYS = ("after", "derivation", "points")
POINT_KEYS = ("month", "value", "source", "note")
#: The keys of a scenario's ``downturn:``.
DOWNTURN_KEYS = ("profile", "start")
#: The most a multiplier may be (a tenfold inflow is no recession profile: a typo).
MAX_VALUE = 10.0
#: The longest profile, in months.
MAX_MONTHS = 600


def profiles_dir() -> Path:
    """The folder of the shipped downturn profiles."""
    return Path(str(resources.files("fundsim") / "scenarios" / "downturns"))


def known_profiles() -> list[str]:
    """The names of the shipped profiles (their file names without ``.yaml``)."""
    return sorted(p.stem for p in profiles_dir().glob("*.yaml"))


@dataclass(frozen=True)
class Series:
    """One multiplier path: points by month from the start, and what follows the last."""

    months: np.ndarray      # int (K,): strictly increasing, from 0
    values: np.ndarray      # float (K,)
    after: str              # "central" or "hold"
    sources: tuple[str, ...] = ()

    def at(self, offset: np.ndarray) -> np.ndarray:
        """The multiplier at each month ``offset`` from the start (negative: before it)."""
        inside = np.interp(offset, self.months, self.values)
        last = self.values[-1] if self.after == "hold" else 1.0
        return np.where(offset < 0, 1.0, np.where(offset > self.months[-1], last, inside))


@dataclass(frozen=True)
class Profile:
    """A named downturn: its three series and where its figures come from."""

    name: str
    path: Path
    description: str = field(repr=False)
    description_zh: str = field(repr=False)
    series: dict[str, Series] = field(repr=False)
    sources: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def months(self) -> int:
        """The months the profile spans (month 0 to its last point)."""
        return int(max(s.months[-1] for s in self.series.values())) + 1


@dataclass(frozen=True)
class Downturn:
    """A profile placed in a scenario's calendar."""

    profile: Profile
    start: np.datetime64    # datetime64[M]: the profile's month 0

    def multipliers(self, months: np.ndarray) -> dict[str, np.ndarray]:
        """Each series' multiplier in each of ``months`` (datetime64[M])."""
        offset = (months - self.start).astype(int)
        return {name: self.profile.series[name].at(offset) for name in SERIES}

    def record(self) -> dict[str, Any]:
        """What the run record keeps of it."""
        return {"profile": self.profile.name, "start": str(self.start),
                "file": self.profile.path.name}


def multipliers(downturn: Downturn | None, months: np.ndarray) -> dict[str, np.ndarray]:
    """The downturn's multipliers in ``months``; ones without a downturn."""
    if downturn is None:
        return {name: np.ones(len(months)) for name in SERIES}
    return downturn.multipliers(months)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _point_problems(point: Any, where: str, file: str, key: str, sources: dict[str, Any],
                    previous: int | None) -> tuple[list[Problem], int | None]:
    if not isinstance(point, dict):
        return [Problem(file, where, key, "a point is a mapping {month, value, source}")], None
    problems = [Problem(file, where, f"{key}.{k}", "unknown key" + suggest(str(k), POINT_KEYS))
                for k in point if k not in POINT_KEYS]
    month, value, source = point.get("month"), point.get("value"), point.get("source")
    if not isinstance(month, int) or isinstance(month, bool) or not 0 <= month < MAX_MONTHS:
        problems.append(Problem(file, where, f"{key}.month", "expected a whole number of months "
                                f"from the start, 0–{MAX_MONTHS - 1}, got {excerpt(repr(month))}"))
        month = None
    elif previous is None and month != 0:
        problems.append(Problem(file, where, f"{key}.month", f"the first point is month 0, the "
                                f"downturn's start, got {month}"))
    elif previous is not None and month <= previous:
        problems.append(Problem(file, where, f"{key}.month", f"months must increase: {month} "
                                f"after {previous}"))
    if not _number(value) or not math.isfinite(value) or not 0 < value <= MAX_VALUE:
        problems.append(Problem(file, where, f"{key}.value", f"expected a multiplier above 0 and "
                                f"at most {MAX_VALUE:g}, got {excerpt(repr(value))}"))
    if source not in sources:
        problems.append(Problem(file, where, f"{key}.source", "every value names its source, one "
                                f"of sources: {', '.join(map(str, sources)) or '(none given)'}"
                                f"; got {excerpt(repr(source))}"))
    return problems, month if month is not None else previous


def load_profile(path: Path) -> Profile:
    """Read and check a profile file; InputError naming file, line, key and problem."""
    data, lines = load_yaml(Path(path))
    file = str(path)
    if not isinstance(data, dict):
        raise InputError([Problem(file, "", "", "a downturn profile is a mapping with name, "
                                  "sources and series")])
    problems = [Problem(file, lines.of(k), str(k), "unknown key" + suggest(str(k), PROFILE_KEYS))
                for k in data if k not in PROFILE_KEYS]
    sources = data.get("sources")
    if not isinstance(sources, dict) or not sources:
        problems.append(Problem(file, lines.of("sources"), "sources", "expected a mapping of "
                                "source ids to {title, url}"))
        sources = {}
    raw = data.get("series")
    if not isinstance(raw, dict):
        raise InputError(problems + [Problem(file, lines.of("series"), "series",
                                             f"expected a mapping with {', '.join(SERIES)}")])
    problems += [Problem(file, lines.of("series", k), f"series.{k}", "unknown series"
                         + suggest(str(k), SERIES)) for k in raw if k not in SERIES]
    series: dict[str, Series] = {}
    for name in SERIES:
        spec = raw.get(name)
        key = f"series.{name}"
        if not isinstance(spec, dict):
            problems.append(Problem(file, lines.of("series", name), key, "missing: give its "
                                    "points (a series that does not move: one point "
                                    "{month: 0, value: 1.0})"))
            continue
        problems += [Problem(file, lines.of("series", name, k), f"{key}.{k}", "unknown key"
                             + suggest(str(k), SERIES_KEYS)) for k in spec if k not in SERIES_KEYS]
        after = spec.get("after", "central" if name == "inflow" else "hold")
        if after not in AFTER:
            problems.append(Problem(file, lines.of("series", name, "after"), f"{key}.after",
                                    f"one of {', '.join(AFTER)}, got {excerpt(repr(after))}"))
        points = spec.get("points")
        if not isinstance(points, list) or not points:
            problems.append(Problem(file, lines.of("series", name), f"{key}.points",
                                    "expected a list of {month, value, source}"))
            continue
        found: list[Problem] = []
        previous: int | None = None
        for i, point in enumerate(points):
            first_key = next(iter(point), "") if isinstance(point, dict) else ""
            where = lines.of("series", name, "points", i, first_key)  # the point's own line
            more, previous = _point_problems(point, where, file, f"{key}.points.{i}", sources,
                                             previous)
            found += more
        problems += found
        if not found and after in AFTER:
            series[name] = Series(np.array([p["month"] for p in points]),
                                  np.array([float(p["value"]) for p in points]), after,
                                  tuple(dict.fromkeys(p["source"] for p in points)))
    if problems:
        raise InputError(problems)
    return Profile(name=str(data.get("name") or Path(path).stem), path=Path(path),
                   description=str(data.get("description") or "").strip(),
                   description_zh=str(data.get("description_zh") or "").strip(),
                   series=series, sources=sources)


def _month(raw: Any) -> np.datetime64 | None:
    """A month from ``YYYY-MM`` (or a date on the 1st), else None."""
    if isinstance(raw, dt.datetime):
        return None
    if isinstance(raw, dt.date):
        return np.datetime64(raw.isoformat()[:7], "M") if raw.day == 1 else None
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
        return None
    return np.datetime64(text, "M")


def resolve_downturn(raw: Any, overrides: dict[str, Any], file: str, lines: Lines,
                     folder: Path, start: np.datetime64 | None, months: Any
                     ) -> tuple[Downturn | None, list[Problem]]:
    """A scenario's ``downturn:`` (``raw``, then ``--set downturn.KEY=VALUE`` ``overrides``)
    resolved: the profile read (a shipped name, or a ``.yaml`` file relative to ``folder``),
    its start checked to be a month within the horizon (``start`` and ``months``: the
    scenario's; unchecked when they are not known). Returns (None, []) without one."""
    if raw is None and not overrides:
        return None, []
    if raw is not None and not isinstance(raw, dict):
        return None, [Problem(file, lines.of("downturn"), "downturn", "expected a mapping "
                              "{profile: NAME, start: YYYY-MM}")]
    spec = {**(raw or {}), **overrides}
    where = lambda key: ("", "--set") if key in overrides else (lines.of("downturn", key),  # noqa: E731
                                                                  file)
    problems = [Problem(where(k)[1], where(k)[0], f"downturn.{k}", "unknown key"
                        + suggest(str(k), DOWNTURN_KEYS, "downturn.")) for k in spec
                if k not in DOWNTURN_KEYS]
    name = spec.get("profile")
    known = known_profiles()
    profile = None
    at, in_file = where("profile")
    if name is None:
        problems.append(Problem(in_file, at or lines.of("downturn"), "downturn.profile",
                                f"missing: name a profile ({', '.join(known)}) or a .yaml file"))
    elif str(name).endswith((".yaml", ".yml")):
        path = (folder / str(name)).resolve() if in_file != "--set" else Path(str(name))
        try:
            profile = load_profile(path)
        except InputError as exc:
            problems += exc.problems
    elif str(name) not in known:
        problems.append(Problem(in_file, at, "downturn.profile",
                                f"unknown downturn profile {excerpt(repr(name))}"
                                f"{suggest(str(name), known)}; known profiles: "
                                f"{', '.join(known)} (or give a .yaml file of your own)"))
    else:
        try:
            profile = load_profile(profiles_dir() / f"{name}.yaml")
        except InputError as exc:
            problems += exc.problems
    first = start
    raw_start = spec.get("start")
    if raw_start is not None:
        at, in_file = where("start")
        first = _month(raw_start)
        if first is None:
            problems.append(Problem(in_file, at, "downturn.start",
                                    f"not a month (YYYY-MM): {excerpt(repr(raw_start))}"))
        elif start is not None and isinstance(months, int) and not (
                start <= first < start + months):
            problems.append(Problem(in_file, at, "downturn.start",
                                    f"{first} is outside the scenario's horizon "
                                    f"({start} to {start + months - 1})"))
    if problems or profile is None or first is None:
        return None, problems
    return Downturn(profile, first), []
