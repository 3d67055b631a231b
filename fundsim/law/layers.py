"""Law layered by who made it: national law, then one province's own rules over it.

National law (``parameters/national/``) holds every parameter. A province's layer
(``parameters/provinces/<province>/``, or a folder of a user's own) is sparse: a file at the
same path as the national one, holding only the dated values the province set::

    # provinces/inner_mongolia/returns/ratio/sme.yaml
    metadata:
      reference:
        2020-01-01: "内蒙古企业稳岗扩岗专项支持计划 二(一) — …"
      end:
        2020-01-01: 2020-12-31   # this value's last day; national law applies after it
    values:
      2020-01-01: 1.0

A provincial value holds from its date until its ``end`` (a mapping from a value's date to its
last day, or one date for the last value) or the province's next value; outside those, the
national value applies. The unit and description are national law's (``metadata.unit``, if
given, must agree). Every value of the merged parameter remembers its layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fundsim.base.errors import InputError, Problem, suggest
from fundsim.base.yamlio import Lines, load_yaml
from fundsim.law.parameter import (
    NATIONAL,
    Parameter,
    _parse_date,
    key_of,
    load_law,
    parameters_root,
    parse_dated,
)

#: The name of a user's own layer stacked over the provincial one (``local_layer:``).
LOCAL = "local"

#: The folder of the shipped provincial layers, under the parameter trees.
PROVINCES = "provinces"


@dataclass(frozen=True)
class ProvincialRule:
    """One parameter's values in a provincial layer: each value, its reference and its end."""

    key: str
    values: dict[dt.date, Any]
    references: dict[dt.date, str]
    ends: dict[dt.date, dt.date] = field(default_factory=dict)

    def interval(self, start: dt.date) -> tuple[dt.date, dt.date | None]:
        """From when until when (last day, None when open) the value dated ``start`` holds."""
        later = [d for d in self.values if d > start]
        following = min(later) - dt.timedelta(days=1) if later else None
        end = self.ends.get(start)
        if end is None:
            return start, following
        return start, min(end, following) if following else end


@dataclass(frozen=True)
class Layers:
    """Which law layers a scenario runs on: national law and one provincial layer.

    ``province`` is the layer's name (None: an empty provincial layer); ``folder`` is where a
    user's own layer lies (None for a shipped province or none)."""

    province: str | None = None
    folder: Path | None = None
    #: A folder of the user's own notices stacked over the provincial layer (``local_layer:``).
    local: Path | None = None

    @property
    def names(self) -> list[str]:
        """The layers in order, bottom first."""
        return ([NATIONAL] + ([self.province] if self.province else [])
                + ([LOCAL] if self.local else []))

    def record(self) -> dict[str, Any]:
        """The run record's ``law`` mapping."""
        record = {"layers": self.names, "province": self.province,
                  "province_layer": str(self.folder) if self.folder else None}
        if self.local:
            record["local_layer"] = str(self.local)
        return record


def provinces_root() -> Path:
    """The folder of the shipped provincial layers."""
    return parameters_root() / PROVINCES


def known_provinces() -> list[str]:
    """The names (slugs) of the shipped provincial layers."""
    return sorted(p.name for p in provinces_root().iterdir() if p.is_dir())


def _ends(raw: Any, values: dict[dt.date, Any], file: str, lines: Lines
          ) -> tuple[dict[dt.date, dt.date], list[Problem]]:
    """``metadata.end``: one date (the last value's end) or ``{value date: end date}``."""
    if raw is None:
        return {}, []
    where = lines.of("metadata", "end")
    if not isinstance(raw, dict):
        raw = {max(values): raw} if values else {}
    ends, problems = {}, []
    for raw_start, raw_end in raw.items():
        start, end = _parse_date(raw_start), _parse_date(raw_end)
        line = lines.of("metadata", "end", raw_start) or where
        if start not in values:
            problems.append(Problem(file, line, "metadata.end",
                                    f"{raw_start!r} is not the date of a value of this file"))
        elif end is None or end < start:
            problems.append(Problem(file, line, "metadata.end",
                                    f"expected a date (YYYY-MM-DD) on or after {start}, got "
                                    f"{raw_end!r}"))
        else:
            ends[start] = end
    return ends, problems


def _load_rule(path: Path, key: str, national: Parameter
               ) -> tuple[ProvincialRule | None, list[Problem]]:
    file = str(path)
    data, lines = load_yaml(path)
    if not isinstance(data, dict):
        return None, [Problem(file, "", "", "a provincial parameter file must be a mapping")]
    meta = data.get("metadata") or {}
    problems = []
    if "unit" in meta and meta["unit"] != national.unit:
        problems.append(Problem(file, lines.of("metadata", "unit"), "metadata.unit",
                                f"national law gives {key} the unit {national.unit!r}, got "
                                f"{meta['unit']!r}"))
    refs, found = parse_dated(meta.get("reference") or {}, file,
                              lines.of("metadata", "reference"), "metadata.reference", None,
                              lambda d: lines.of("metadata", "reference", d))
    problems += found
    values, found = parse_dated(data.get("values") or {}, file, lines.of("values"), "values",
                                national, lambda d: lines.of("values", d))
    problems += found
    if not values and not found:
        problems.append(Problem(file, lines.of("values"), "values", "no dated values"))
    missing = [d for d in values if not any(r <= d for r in refs)]
    if missing:
        problems.append(Problem(file, lines.of("metadata", "reference"), "metadata.reference",
                                f"no reference covers the value dated {missing[0]}"))
    ends, found = _ends(meta.get("end"), values, file, lines)
    problems += found
    if problems:
        return None, problems
    return ProvincialRule(key, values, refs, ends), []


def load_layer(folder: Path, national: dict[str, Parameter]) -> dict[str, ProvincialRule]:
    """The provincial rules in ``folder`` (a tree like national law's), checked against it."""
    rules: dict[str, ProvincialRule] = {}
    problems: list[Problem] = []
    for path in sorted(folder.rglob("*.yaml")):
        key = key_of(folder, path)
        if key not in national:
            problems.append(Problem(str(path), "", key, "no national parameter of this name"
                                    + suggest(key, national)
                                    + "; a provincial file lies at the national file's path"))
            continue
        rule, found = _load_rule(path, key, national[key])
        problems += found
        if rule:
            rules[key] = rule
    if problems:
        raise InputError(problems)
    return rules


def _holder(rule: ProvincialRule, day: dt.date) -> dt.date | None:
    """The date of the provincial value in force on ``day``, or None (national law)."""
    for start in sorted(rule.values, reverse=True):
        if start <= day:
            _, end = rule.interval(start)
            return start if end is None or day <= end else None
    return None


def overlay(param: Parameter, rule: ProvincialRule, name: str) -> Parameter:
    """``param`` (national law, or law already layered) with the layer ``name``'s values over
    it; a value from below keeps the layer it came from."""
    national = dict(param.values)
    points = set(national) | set(rule.values)
    for start in rule.values:
        _, end = rule.interval(start)
        if end is not None:
            points.add(end + dt.timedelta(days=1))
    values, references, layers = [], {}, {}
    previous = None
    for day in sorted(points):
        held = _holder(rule, day)
        if held is not None:
            which, value, text = (name, held), rule.values[held], _text(rule.references, held)
        else:
            starts = [d for d in national if d <= day]
            if not starts:
                continue
            which = (param.layers.get(max(starts)) or NATIONAL, max(starts))
            value, text = national[max(starts)], param.reference(max(starts))
        if which == previous:
            continue
        previous = which
        values.append((day, value))
        references[day], layers[day] = text, which[0]
    # the national notice's end date stays only while its value is the last one in force
    keeps_end = previous == (param.layers.get(max(national)) or NATIONAL, max(national))
    return replace(param, values=tuple(values), references=references, layers=layers,
                   end=param.end if keeps_end else None)


def _text(references: dict[dt.date, str], day: dt.date) -> str:
    refs = [d for d in references if d <= day]
    return references[max(refs)] if refs else ""


def layered_law(layers: Layers, national: dict[str, Parameter] | None = None
                ) -> dict[str, Parameter]:
    """National law with the provincial layer of ``layers`` over it (none: national law)."""
    law = dict(national if national is not None else load_law())
    if layers.province is not None:
        folder = layers.folder or provinces_root() / layers.province
        for key, rule in load_layer(folder, law).items():
            law[key] = overlay(law[key], rule, layers.province)
    if layers.local is not None:
        for key, rule in load_layer(layers.local, law).items():
            law[key] = overlay(law[key], rule, LOCAL)
    return law
