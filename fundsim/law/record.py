"""The resolved parameters as a run record keeps them, and back.

A run record (``Scenario.resolved_yaml``) holds ``parameters: {key: {date: value}}`` (the
values, as older files have them) and ``parameter_metadata: {key: {...}}`` beside it: the
unit, description and notice end date of every parameter and, per dated value, its source
text, origin kind and, for a law value, its layer (``national`` or the province's name), so
that a results file alone says where every value comes from and who made it::

    parameter_metadata:
      policy.returns.ratio.sme:
        description: Share of last year's paid contributions returned to ...
        unit: share
        end: '2021-12-31'          # null when the notice gives none
        sources:
          '2020-01-01': {source: 内蒙古企业稳岗扩岗专项支持计划 二(一) …, origin: law,
                         layer: inner_mongolia}
          '2021-01-01': {source: 人社部发〔2021〕29号 一 …, origin: law, layer: national}
          '2022-01-01': {source: reform in raised.yaml (line 7), origin: reform}

The source text is the bare notice; :meth:`Parameter.source` puts the layer before it
(``[national] 人社部发〔2021〕29号 一 …``) when the record is read back. Records written before
layers were kept have no ``layer`` and read back with bare sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fundsim.law.in_force import origin_kind
from fundsim.law.parameter import Parameter

#: The record's key for the parameters' values (unchanged since the first run records).
VALUES_KEY = "parameters"
#: The record's key for units, descriptions, end dates and sources.
METADATA_KEY = "parameter_metadata"


def _day(raw: Any) -> dt.date:
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def parameter_values(params: Mapping[str, Parameter]) -> dict[str, dict[str, Any]]:
    """``{key: {'YYYY-MM-DD': value}}``, the record's ``parameters`` mapping."""
    return {key: {str(d): v for d, v in p.values} for key, p in sorted(params.items())}


def _source(p: Parameter, day: dt.date) -> dict[str, str]:
    """One value's ``{source, origin}``, with ``layer`` for a law value whose layer is known."""
    kind = origin_kind(p.origins.get(day, "law"))
    if kind != "law":
        return {"source": p.source(day), "origin": kind}
    layer = p.layer(day)
    return {"source": p.reference(day), "origin": kind} | ({"layer": layer} if layer else {})


def parameter_metadata(params: Mapping[str, Parameter]) -> dict[str, dict[str, Any]]:
    """``{key: {description, unit, end, sources: {date: {source, origin[, layer]}}}}`` for the
    record."""
    return {key: {
        "description": p.description,
        "unit": p.unit,
        "end": str(p.end) if p.end else None,
        "sources": {str(d): _source(p, d) for d, _ in p.values},
    } for key, p in sorted(params.items())}


def parameters_from_record(record: Mapping[str, Any]) -> dict[str, Parameter] | None:
    """The parameters of a run record, each value with its recorded source; None when the
    record keeps no sources (written before they were recorded)."""
    metadata = record.get(METADATA_KEY)
    if not isinstance(metadata, dict):
        return None
    params = {}
    for key, dated in (record.get(VALUES_KEY) or {}).items():
        meta = metadata.get(key) or {}
        sources = {_day(d): s for d, s in (meta.get("sources") or {}).items()}
        values = tuple(sorted((_day(d), v) for d, v in dated.items()))
        references, origins, layers = {}, {}, {}
        for day, _ in values:
            found = sources.get(day) or {}
            text, kind = str(found.get("source") or ""), found.get("origin", "unavailable")
            if kind == "law":
                references[day] = text
                if found.get("layer"):
                    layers[day] = str(found["layer"])
            else:
                origins[day] = text if kind != "unavailable" else ""
        params[key] = Parameter(key, str(meta.get("description") or ""),
                                str(meta.get("unit") or ""), values, references,
                                _day(meta["end"]) if meta.get("end") else None, None, origins,
                                layers)
    return params
