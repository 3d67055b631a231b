"""Scenarios: data + horizon + assumptions + a reform (a sparse diff over current law).

A scenario file may ``extends:`` another (a path relative to it, or a shipped scenario's name);
the child's keys replace the parent's, its ``reform`` entries replace the parent's entry for the
same key, and its ``assumptions`` mapping is merged over the parent's. ``--set KEY=VALUE``
overrides come last, for ``policy.*`` and ``assumptions.*`` keys alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fundsim.assumptions import Assumptions
from fundsim.errors import InputError, Problem, suggest
from fundsim.policy import Parameter, load_law, parse_dated
from fundsim.yamlio import Lines, load_yaml

MAX_MONTHS = 600


class ScenarioFile(BaseModel):
    """The keys a scenario file may hold."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str | None = None
    extends: str | None = None
    data: str | None = Field(None, description="region data, CSV or .xlsx, relative to this file")
    pool_opening_balance: float | None = Field(None, ge=0, allow_inf_nan=False,
                                               description="provincial pool balance, yuan")
    start: str | dt.date | None = Field(None, description="first simulated month, YYYY-MM")
    months: int | None = Field(None, ge=1, le=MAX_MONTHS)
    assumptions: str | dict[str, Any] | None = None
    reform: dict[str, Any] | None = None


@dataclass
class Scenario:
    """A scenario resolved to everything a run needs."""

    name: str
    description: str
    source: str
    start: np.datetime64
    months: int
    data_path: Path
    pool_opening_balance: float
    assumptions: Assumptions
    params: dict[str, Parameter]
    chain: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def month_index(self) -> np.ndarray:
        """First day of every simulated month, datetime64[M]."""
        return self.start + np.arange(self.months)

    def param(self, key: str) -> Parameter:
        return self.params[key]

    def monthly(self, key: str) -> np.ndarray:
        """The parameter's value in force in each simulated month."""
        return self.params[key].monthly(self.month_index)

    def resolved_yaml(self) -> str:
        """The resolved parameters and assumptions as YAML text (the run record)."""
        params = {
            key: {str(d): v for d, v in p.values} for key, p in sorted(self.params.items())
        }
        record = {
            "scenario": self.name,
            "source": self.source,
            "start": str(self.start),
            "months": self.months,
            "data": str(self.data_path),
            "pool_opening_balance": self.pool_opening_balance,
            "assumptions": self.assumptions.model_dump(),
            "parameters": params,
        }
        return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def shipped_dir() -> Path:
    """Folder of the scenarios shipped inside the package."""
    return Path(str(resources.files("fundsim") / "scenarios"))


def shipped_scenarios() -> list[str]:
    """Names of the shipped scenarios."""
    return sorted(p.stem for p in shipped_dir().glob("*.yaml"))


def locate(ref: str | Path, base: Path | None = None) -> Path:
    """A scenario file from a path (relative to ``base`` or the cwd) or a shipped name."""
    text = str(ref)
    candidates = []
    if base is not None:
        candidates.append(base / text)
    candidates.append(Path(text))
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    shipped = shipped_dir() / f"{text}.yaml"
    if not text.endswith((".yaml", ".yml")) and shipped.is_file():
        return shipped
    names = shipped_scenarios()
    hint = suggest(text, names) if not text.endswith((".yaml", ".yml")) else ""
    where = f" (looked in {base})" if base else ""
    raise InputError([Problem(text, "", "", f"no scenario file or shipped scenario of this name"
                                          f"{where}{hint}; shipped: {', '.join(names)}")])


def _pydantic_problems(exc: ValidationError, file: str, lines: Lines,
                       prefix: tuple[str, ...] = (), model: type[BaseModel] | None = None
                       ) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = prefix + tuple(str(x) for x in err["loc"])
        key = ".".join(loc)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown key" + _nearest(loc, model, len(prefix))
        problems.append(Problem(file, lines.of(*loc), key, message))
    return problems


def _nearest(loc: tuple[str, ...], model: type[BaseModel] | None, skip: int) -> str:
    """Suggest the nearest field name at the level of an unknown key."""
    current = model
    for part in loc[skip:-1]:
        if current is None or part not in current.model_fields:
            return ""
        annotation = current.model_fields[part].annotation
        current = annotation if isinstance(annotation, type) and issubclass(
            annotation, BaseModel) else None
    if current is None:
        return ""
    return suggest(loc[-1], current.model_fields)


def _parse_start(raw: Any, file: str, where: str) -> tuple[np.datetime64 | None, list[Problem]]:
    text = raw.isoformat()[:7] if isinstance(raw, dt.date) else str(raw)
    if isinstance(raw, dt.date) and raw.day != 1:
        return None, [Problem(file, where, "start", f"start must be a month (YYYY-MM), got {raw}")]
    try:
        month = np.datetime64(text, "M")
        year = int(text[:4])
    except ValueError:
        return None, [Problem(file, where, "start", f"not a month (YYYY-MM): {raw!r}")]
    if not 1990 <= year <= 2100:
        return None, [Problem(file, where, "start", f"year out of range 1990–2100: {raw!r}")]
    if month.astype(object).month != 1:
        return None, [Problem(file, where, "start",
                              f"runs start in January (the yearly assessment month), got {text}")]
    return month, []


@dataclass
class _Layer:
    """One scenario file in an ``extends:`` chain, parsed but not yet merged."""

    path: Path
    spec: ScenarioFile
    lines: Lines
    assumptions: dict[str, Any]
    assumptions_file: str
    assumptions_lines: Lines


def _read_layer(path: Path, stack: tuple[Path, ...]) -> list[_Layer]:
    file = str(path)
    if path in stack:
        raise InputError([Problem(file, "", "extends", "scenarios extend each other in a cycle")])
    raw, lines = load_yaml(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError([Problem(file, "", "", "a scenario file must be a mapping of keys")])
    try:
        spec = ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_pydantic_problems(exc, file, lines, model=ScenarioFile)) from None
    parents: list[_Layer] = []
    if spec.extends:
        parent = locate(spec.extends, path.parent)
        parents = _read_layer(parent, stack + (path,))
    assumptions: dict[str, Any] = {}
    a_file, a_lines = file, Lines({k[len("assumptions."):]: v for k, v in lines.items()
                                   if k.startswith("assumptions.")})
    if isinstance(spec.assumptions, str):
        a_path = (path.parent / spec.assumptions)
        a_raw, a_lines = load_yaml(a_path)
        a_file = str(a_path)
        if a_raw is not None and not isinstance(a_raw, dict):
            raise InputError([Problem(a_file, "", "", "an assumptions file must be a mapping")])
        assumptions = a_raw or {}
    elif isinstance(spec.assumptions, dict):
        assumptions = spec.assumptions
    try:
        Assumptions.model_validate(assumptions)
    except ValidationError as exc:
        raise InputError(_pydantic_problems(exc, a_file, a_lines, model=Assumptions)) from None
    return parents + [_Layer(path, spec, lines, assumptions, a_file, a_lines)]


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _parse_set(item: str) -> tuple[str, Any]:
    if "=" not in item:
        raise InputError([Problem("--set", "", item, "expected KEY=VALUE")])
    key, text = item.split("=", 1)
    key = key.strip()
    try:
        value = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError:
        value = text
    return key, value


def _nest(dotted: str, value: Any) -> dict[str, Any]:
    out: Any = value
    for part in reversed(dotted.split(".")):
        out = {part: out}
    return out


def load_scenario(ref: str | Path = "default", overrides: list[str] | tuple[str, ...] = ()
                  ) -> Scenario:
    """Resolve a scenario (path or shipped name) and ``--set`` overrides; validate everything.

    Raises InputError listing every problem found (file, line, key, what is wrong).
    """
    path = locate(ref)
    layers = _read_layer(path, ())
    merged: dict[str, Any] = {}
    origin: dict[str, _Layer] = {}
    reform: dict[str, tuple[Any, _Layer]] = {}
    assumptions: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.spec.model_dump(exclude_unset=True).items():
            if key in ("reform", "assumptions", "extends"):
                continue
            merged[key] = value
            origin[key] = layer
        for key, value in (layer.spec.reform or {}).items():
            reform[key] = (value, layer)
        assumptions = _deep_merge(assumptions, layer.assumptions)
    top = layers[-1]
    problems: list[Problem] = []
    for required in ("data", "start", "months"):
        if merged.get(required) is None:
            problems.append(Problem(str(top.path), "", required,
                                    "missing (set it here or in the scenario this one extends)"))
    if problems:
        raise InputError(problems)
    start_layer = origin["start"]
    start, found = _parse_start(merged["start"], str(start_layer.path),
                                start_layer.lines.of("start"))
    problems += found
    data_layer = origin["data"]
    data_path = (data_layer.path.parent / merged["data"]).resolve()
    if not data_path.is_file():
        problems.append(Problem(str(data_layer.path), data_layer.lines.of("data"), "data",
                                f"data file not found: {data_path}"))

    law = load_law()
    params = dict(law)
    set_items = [_parse_set(item) for item in overrides]
    for key, value in set_items:
        if not key.startswith(("policy.", "assumptions.")):
            valid = list(law) + [f"assumptions.{k}" for k in Assumptions.model_fields]
            problems.append(Problem("--set", "", key, "unknown key" + suggest(key, valid)))
    if problems:
        raise InputError(problems)
    first_day = start.astype("datetime64[D]").item()

    def apply(key: str, value: Any, file: str, where: str, label: str) -> None:
        if key not in params:
            problems.append(Problem(file, where, key, "unknown parameter" + suggest(key, law)))
            return
        param = params[key]
        if isinstance(value, dict):
            dated, found = parse_dated(value, file, where, key, param)
            problems.extend(found)
            if not found:
                params[key] = param.with_values(dated, label)
            return
        why = param.check_value(value)
        if why:
            problems.append(Problem(file, where, key, why))
            return
        params[key] = param.from_start(value, first_day, label)

    for key, (value, layer) in reform.items():
        where = layer.lines.of("reform", key)
        apply(key, value, str(layer.path), where, f"reform in {layer.path.name}"
              + (f" ({where})" if where else ""))
    for key, value in set_items:
        if key.startswith("policy."):
            apply(key, value, "--set", "", f"--set {key}")
        else:
            assumptions = _deep_merge(assumptions, _nest(key[len("assumptions."):], value))
    try:
        resolved_assumptions = Assumptions.model_validate(assumptions)
    except ValidationError as exc:
        problems += _pydantic_problems(exc, "--set", Lines(), ("assumptions",), Assumptions)
        resolved_assumptions = None
    if problems:
        raise InputError(problems)

    months = int(merged["months"])
    last_day = (start + months - 1).astype("datetime64[D]").item()
    warnings = []
    for key, param in sorted(params.items()):
        first = param.values[0][0]
        if first > first_day:
            problems.append(Problem(str(start_layer.path), start_layer.lines.of("start"), key,
                                    f"date out of range: the law has no value before {first}, "
                                    f"the scenario starts {first_day}"))
        last_start = param.values[-1][0]
        from_law = param.origins.get(last_start, "law") == "law"
        if from_law and param.end and last_day > param.end:
            warnings.append(f"{key}: the value in force from {last_start} ends {param.end} "
                            f"by its notice; the run assumes it continues to {last_day:%Y-%m}")
    if problems:
        raise InputError(problems)
    name = merged.get("name") or path.stem
    return Scenario(
        name=name,
        description=merged.get("description") or "",
        source=str(path),
        start=start,
        months=months,
        data_path=data_path,
        pool_opening_balance=float(merged.get("pool_opening_balance") or 0.0),
        assumptions=resolved_assumptions,
        params=params,
        chain=[str(layer.path) for layer in layers],
        warnings=warnings,
    )
