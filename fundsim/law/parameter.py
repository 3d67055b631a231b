"""National law as a tree of dated YAML parameters (OpenFisca style), and reforms over it.

Each file under ``fundsim/law/parameters/national/`` is one parameter; its key is ``policy.``
followed by the file's path with dots (``returns/ratio/sme.yaml`` is
``policy.returns.ratio.sme``). A value stays in force from its date until the next dated value.
Where a notice gives an end date for the last value, ``metadata.end`` says so and a run past it
warns. A province's own rules are a sparse layer over this tree (:mod:`fundsim.law.layers`);
every value remembers its layer (``national``, a province's name), which its source names.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from fundsim.base.errors import InputError, Problem
from fundsim.base.yamlio import load_yaml

UNITS = {"share", "months", "multiple", "yuan", "yuan/person/month", "persons", "bool", "choice"}
NUMERIC_UNITS = {"share", "months", "multiple", "yuan", "yuan/person/month", "persons"}
#: Units counted in whole numbers: a value of these must be an integer (12, or 12.0).
INTEGER_UNITS = {"months", "persons"}
#: The largest value any parameter may take (fundsim's bound, not law: no rule sets an amount,
#: rate or count near it), so that a typo cannot overflow a run.
MAX_VALUE = 1e15


@dataclass(frozen=True)
class Parameter:
    """One dated policy parameter with its unit and the source of every value."""

    key: str
    description: str
    unit: str
    values: tuple[tuple[dt.date, Any], ...]
    references: dict[dt.date, str]
    end: dt.date | None = None
    allowed: tuple[str, ...] | None = None
    origins: dict[dt.date, str] = field(default_factory=dict)
    layers: dict[dt.date, str] = field(default_factory=dict)
    #: The description in Chinese (the file's ``description_zh``; '' when it gives none).
    description_zh: str = ""

    def describe(self, lang: str) -> str:
        """The description in ``lang`` (``zh`` or ``en``): the Chinese one where the law file
        gives it, else the English."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def value_at(self, day: dt.date) -> Any:
        """The value in force on ``day``; KeyError if none is yet in force."""
        current = None
        found = False
        for start, value in self.values:
            if start <= day:
                current, found = value, True
            else:
                break
        if not found:
            raise KeyError(f"{self.key} has no value before {self.values[0][0]}")
        return current

    def monthly(self, months: np.ndarray) -> np.ndarray:
        """Values in force on the first day of each month (``months`` is datetime64[M])."""
        starts = np.array([d for d, _ in self.values], dtype="datetime64[D]")
        index = np.searchsorted(starts, months.astype("datetime64[D]"), side="right") - 1
        if (index < 0).any():
            raise KeyError(f"{self.key} has no value before {self.values[0][0]}")
        dtype = {"choice": object, "bool": bool}.get(self.unit, np.float64)
        return np.array([v for _, v in self.values], dtype=dtype)[index]

    def check_value(self, value: Any) -> str | None:
        """Why ``value`` is not valid for this parameter, or None when it is."""
        if self.unit == "bool":
            return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
        if self.unit == "choice":
            if value in (self.allowed or ()):
                return None
            return f"expected one of {', '.join(self.allowed or ())}, got {value!r}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number ({self.unit}), got {value!r}"
        try:
            finite = math.isfinite(float(value))
        except OverflowError:  # an int beyond any float (2**1024 and up)
            finite = False
        if not finite or abs(value) > MAX_VALUE:
            return f"expected a finite number up to {MAX_VALUE:.0e}, got {value!r}"
        if value < 0:
            return f"must not be negative, got {value!r}"
        if self.unit == "share" and value > 1:
            return f"a share must lie in [0, 1], got {value!r}"
        if self.unit in INTEGER_UNITS and value != int(value):
            return f"expected a whole number of {self.unit}, got {value!r}"
        return None

    def with_values(self, new: dict[dt.date, Any], origin: str) -> Parameter:
        """A copy with ``new`` dated values merged in (replacing values on the same dates)."""
        merged = dict(self.values)
        merged.update(new)
        origins = dict(self.origins)
        origins.update({d: origin for d in new})
        return replace(self, values=tuple(sorted(merged.items())), origins=origins)

    def from_start(self, value: Any, start: dt.date, origin: str) -> Parameter:
        """A copy where ``value`` is in force from ``start`` on, replacing later dated values."""
        kept = {d: v for d, v in self.values if d < start}
        kept[start] = value
        origins = {d: o for d, o in self.origins.items() if d < start}
        origins[start] = origin
        return replace(self, values=tuple(sorted(kept.items())), origins=origins)

    def start_of(self, day: dt.date) -> dt.date:
        """The date of the value in force on ``day``."""
        return max(d for d, _ in self.values if d <= day)

    def reference(self, day: dt.date) -> str:
        """The notice and clause behind the law value in force on ``day`` ('' if none)."""
        start = self.start_of(day)
        refs = [d for d in self.references if d <= start]
        return self.references[max(refs)] if refs else ""

    def layer(self, day: dt.date) -> str:
        """The law layer of the value in force on ``day`` ('national', a province's name), or
        '' when a reform set it or the layer is unknown."""
        start = self.start_of(day)
        if self.origins.get(start, "law") != "law":
            return ""
        return self.layers.get(start, "")

    def source(self, day: dt.date) -> str:
        """Where the value in force on ``day`` comes from: ``[layer] notice`` for law (the bare
        notice when the layer is unknown), or the reform that set it."""
        start = self.start_of(day)
        origin = self.origins.get(start, "law")
        if origin != "law":
            return origin
        text, tag = self.reference(day), self.layers.get(start, "")
        if not tag or text.startswith(f"[{tag}] "):
            return text
        return f"[{tag}] {text}"


def _parse_date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        return None


def _date_problem(raw: Any) -> str:
    """Why ``raw`` is not a YYYY-MM-DD date (e.g. 'month must be in 1..12')."""
    try:
        dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("Invalid isoformat"):
            return f"not a date (YYYY-MM-DD): {raw!r}"
        return f"not a date (YYYY-MM-DD): {raw!r}: {reason}"
    return f"not a date (YYYY-MM-DD): {raw!r}"


def parse_dated(
    raw: dict, file: str, where: str, key: str, param: Parameter | None,
    where_of: Callable[[Any], str] | None = None,
) -> tuple[dict[dt.date, Any], list[Problem]]:
    """Parse ``{date: value}``; check dates and, when ``param`` is given, each value.

    ``where_of(raw_date)``, when given, names the line of one dated entry ('' if unknown, and
    then ``where`` is used).
    """
    out: dict[dt.date, Any] = {}
    problems = []
    for raw_date, value in raw.items():
        line = (where_of(raw_date) if where_of else "") or where
        day = _parse_date(raw_date)
        if day is None:
            problems.append(Problem(file, line, key, _date_problem(raw_date)))
            continue
        if not dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
            problems.append(Problem(file, line, key, f"date out of range 1990–2100: {day}"))
            continue
        why = param.check_value(value) if param else None
        if why:
            problems.append(Problem(file, line, key, f"{day}: {why}"))
            continue
        out[day] = value
    return out, problems


def _load_parameter(path: Path, key: str, layer: str = ""
                    ) -> tuple[Parameter | None, list[Problem]]:
    file = str(path)
    data, lines = load_yaml(path)
    if not isinstance(data, dict):
        return None, [Problem(file, "", "", "a parameter file must be a mapping")]
    problems = []
    meta = data.get("metadata") or {}
    unit = meta.get("unit")
    if unit not in UNITS:
        problems.append(Problem(file, lines.of("metadata", "unit"), "metadata.unit",
                                f"unit must be one of {sorted(UNITS)}, got {unit!r}"))
        return None, problems
    allowed = tuple(meta["allowed"]) if "allowed" in meta else None
    end = _parse_date(meta["end"]) if "end" in meta else None
    refs_raw = meta.get("reference") or {}
    refs, ref_problems = parse_dated(refs_raw, file, lines.of("metadata", "reference"),
                                     "metadata.reference", None,
                                     lambda d: lines.of("metadata", "reference", d))
    stub = Parameter(key, str(data.get("description", "")), unit, (), {}, end, allowed,
                     description_zh=str(data.get("description_zh") or ""))
    values, value_problems = parse_dated(data.get("values") or {}, file, lines.of("values"),
                                         "values", stub, lambda d: lines.of("values", d))
    problems += ref_problems + value_problems
    if not values:
        problems.append(Problem(file, lines.of("values"), "values", "no dated values"))
    missing = [d for d in values if not any(r <= d for r in refs)]
    if missing:
        problems.append(Problem(file, lines.of("metadata", "reference"), "metadata.reference",
                                f"no reference covers the value dated {missing[0]}"))
    if problems:
        return None, problems
    layers = {d: layer for d in values} if layer else {}
    return replace(stub, values=tuple(sorted(values.items())), references=refs,
                   layers=layers), []


#: The layer name of national law (the ministry's and the State Council's notices).
NATIONAL = "national"


def parameters_root() -> Path:
    """The folder of the parameter trees shipped in the package (``national/``,
    ``provinces/<province>/``)."""
    return Path(str(resources.files("fundsim.law") / "parameters"))


def national_root() -> Path:
    """The folder of the national-law parameter tree."""
    return parameters_root() / NATIONAL


def key_of(root: Path, path: Path) -> str:
    """The dotted key of the parameter file ``path`` in the tree at ``root``."""
    return "policy." + ".".join(path.relative_to(root).with_suffix("").parts)


def load_law(root: Path | None = None) -> dict[str, Parameter]:
    """Every national-law parameter, by dotted key (no province's rules: see
    :func:`fundsim.law.layers.layered_law`)."""
    root = root or national_root()
    files = sorted(root.rglob("*.yaml"))
    stamp = (str(root), tuple((str(f), f.stat().st_mtime_ns) for f in files))
    if stamp not in _LOADED:  # a law file edited since (in a notebook) is read again
        _LOADED.clear()
        _LOADED[stamp] = _read_law(root, files)
    return dict(_LOADED[stamp])


#: The law last read, by its folder and its files' modification times (reading it takes a
#: quarter of a second; a sweep's or comparison's pages ask for it several times).
_LOADED: dict[tuple[str, tuple[tuple[str, int], ...]], dict[str, Parameter]] = {}


def _read_law(root: Path, files: list[Path]) -> dict[str, Parameter]:
    law: dict[str, Parameter] = {}
    problems: list[Problem] = []
    for path in files:
        key = key_of(root, path)
        param, found = _load_parameter(path, key, NATIONAL)
        problems += found
        if param:
            law[key] = param
    if problems:
        raise InputError(problems)
    return law
