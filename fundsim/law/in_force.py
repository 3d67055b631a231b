"""Which parameter values are in force over a horizon, from when, until when, and why.

The one answer to that question: ``fundsim params`` prints it for a scenario or a results
file, and the report's parameter section shows it for a run; a law value's source names its
layer (national law or the province whose rules set it, :mod:`fundsim.law.layers`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fundsim.law.parameter import Parameter

#: What set a value: current law, a scenario's reform, ``--set`` (or a sweep's variant), or
#: nothing known (a run record written before fundsim kept the sources).
ORIGIN_KINDS = ("law", "reform", "set", "unavailable")


@dataclass(frozen=True)
class InForce:
    """One value of a parameter in force during the horizon.

    ``start`` is the value's date, or the horizon's first day when it took effect earlier.
    ``source`` is the law layer and the notice and clause (``[national] 人社部发〔2021〕29号 一 …``,
    ``[inner_mongolia] …``; the bare notice when the layer is not known), the reform's file and
    line, or ``--set KEY`` ('' when unavailable); ``origin`` is one of :data:`ORIGIN_KINDS`.
    ``end`` is the notice's end date when a law value's notice ends before the next value takes
    over, else None.
    """

    key: str
    start: dt.date
    value: Any
    unit: str
    description: str
    source: str
    origin: str
    end: dt.date | None = None


def origin_kind(origin: str) -> str:
    """The kind of an origin label (``Parameter.origins``): 'law', 'set' for ``--set KEY``,
    'unavailable' for an empty label, 'reform' for anything else ('reform in FILE (line N)')."""
    if origin == "law":
        return "law"
    if origin.startswith("--set"):
        return "set"
    return "reform" if origin else "unavailable"


def _notice_end(param: Parameter, day: dt.date, following: dt.date | None) -> dt.date | None:
    """The notice's end date when the law value dated ``day`` ends before ``following``
    (the next value's date, None for the last value) takes over."""
    if param.end is None or day > param.end or param.origins.get(day, "law") != "law":
        return None
    if following is not None and following <= param.end + dt.timedelta(days=1):
        return None
    return param.end


def in_force(params: Mapping[str, Parameter], first: dt.date, last: dt.date) -> list[InForce]:
    """Every value in force on some day from ``first`` to ``last``, by key then date."""
    rows = []
    for key, param in sorted(params.items()):
        dates = [d for d, _ in param.values]
        for i, (day, value) in enumerate(param.values):
            following = dates[i + 1] if i + 1 < len(dates) else None
            if day > last or (following is not None and following <= first):
                continue
            rows.append(InForce(key, max(day, first), value, param.unit, param.description,
                                param.source(day), origin_kind(param.origins.get(day, "law")),
                                _notice_end(param, day, following)))
    return rows
