"""Scenarios: data + horizon + assumptions + the law (layers) + a reform (a sparse diff).

The law a scenario runs on is national law with one provincial layer over it
(:mod:`fundsim.law.layers`): ``province: inner_mongolia`` names a shipped province's layer,
``province_layer: FOLDER`` a folder of the user's own provincial rules (relative to the file
that names it; ``province`` then names it, else the folder's name does). A scenario naming
neither runs on national law with an empty provincial layer, and its warnings say so.

A scenario file may ``extends:`` another (a path relative to it, or a shipped scenario's name);
the child's keys replace the parent's, its ``reform`` entries replace the parent's entry for the
same key, and its ``assumptions`` mapping is merged over the parent's. ``--set KEY=VALUE``
overrides come last, for ``policy.*`` and ``assumptions.*`` keys alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fundsim.base.errors import InputError, Problem, excerpt, nearest, suggest
from fundsim.base.yamlio import Lines, load_yaml, parse_value
from fundsim.inputs.assumptions import Assumptions
from fundsim.inputs.downturns import Downturn, resolve_downturn
from fundsim.law.layers import Layers, known_provinces, layered_law
from fundsim.law.parameter import Parameter, load_law, parse_dated
from fundsim.law.record import METADATA_KEY, VALUES_KEY, parameter_metadata, parameter_values

MAX_MONTHS = 600
#: A scenario's description keys: one file's replace all of those of the file it extends.
DESCRIPTION_KEYS = ("description", "description_zh", "description_en")


class ScenarioFile(BaseModel):
    """The keys a scenario file may hold."""

    model_config = ConfigDict(extra="forbid", strict=True)  # strict: `months: true` is no 1

    name: str | None = None
    description: str | None = None
    description_zh: str | None = Field(None, description="the description in Chinese")
    description_en: str | None = Field(None, description="the description in English")
    extends: str | None = None
    data: str | None = Field(None, description="region data, CSV or .xlsx, relative to this file")
    pool_opening_balance: float | None = Field(None, ge=0, allow_inf_nan=False,
                                               description="provincial pool balance, yuan")
    start: Any = Field(None, description="first simulated month, YYYY-MM (checked later)")
    months: int | None = Field(None, ge=1, le=MAX_MONTHS)
    assumptions: str | dict[str, Any] | None = None
    reform: dict[str, Any] | None = None
    pooling: Literal["regional", "provincial"] | None = Field(
        None, description="`provincial` merges the regions' funds into one (省级统筹)")
    province: str | None = Field(
        None, description="the shipped provincial layer of law (inner_mongolia, qinghai), or the "
        "name of the user's own layer")
    province_layer: str | None = Field(
        None, description="a folder of the user's own provincial rules, relative to this file")
    local_layer: str | None = Field(
        None, description="a folder of the user's own notices stacked over the provincial "
        "layer (the province's own rules stay in force beneath), relative to this file")
    downturn: dict[str, Any] | None = Field(
        None, description="a recession replayed over the central path: {profile: NAME or a "
        ".yaml file, start: YYYY-MM} (fundsim.inputs.downturns)")


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
    pooling: str = "regional"
    law: Layers = field(default_factory=Layers)
    #: The description by language where the file gives one (``description_zh``,
    #: ``description_en``); see :meth:`describe`.
    descriptions: dict[str, str] = field(default_factory=dict)
    #: The assumptions files the chain names (inline assumptions are in the chain's files).
    assumption_files: list[str] = field(default_factory=list)
    #: A recession replayed over the central path (``downturn:``), or None.
    downturn: Downturn | None = None

    def describe(self, lang: str) -> str:
        """The description in ``lang`` (``zh`` or ``en``): the file's ``description_<lang>``,
        else its ``description``."""
        return self.descriptions.get(lang) or self.description

    @property
    def shown_source(self) -> str:
        """How results and reports name this scenario's file (never an absolute path: results
        are shared): a shipped scenario by its name, a file below the working folder by its
        path from there, any other by its file name."""
        path = Path(self.source)
        if _below(path, shipped_dir()) and path.parent.resolve() == shipped_dir().resolve():
            return path.stem
        if _below(path, Path.cwd()):
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        return path.name

    @property
    def input_files(self) -> list[Path]:
        """The files this scenario reads: its ``extends:`` chain, assumptions and data (``--force``
        never replaces a folder holding one)."""
        return [*(Path(p) for p in (*self.chain, *self.assumption_files)),
                Path(self.data_path)]

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
        """The resolved parameters and assumptions as YAML text (the run record): the values
        under ``parameters``, their units, descriptions, end dates and sources under
        ``parameter_metadata`` (:mod:`fundsim.law.record`, each law value with its layer), and
        the layers of law the run used under ``law``."""
        folder = Path(self.source).parent
        law = self.law.record()
        inputs = {"data": self.data_path}
        if law.get("province_layer"):
            inputs["law.province_layer"] = Path(law["province_layer"])
            law["province_layer"] = recorded_path(inputs["law.province_layer"], folder)
        if law.get("local_layer"):
            inputs["law.local_layer"] = Path(law["local_layer"])
            law["local_layer"] = recorded_path(inputs["law.local_layer"], folder)
        outside = [key for key, path in inputs.items() if not _below(path, folder)]
        record = {
            "scenario": self.name,
            "source": Path(self.source).name,
            "start": str(self.start),
            "months": self.months,
            "data": recorded_path(self.data_path, folder),
            **({"paths_note": f"{', '.join(outside)}: outside the scenario's folder, recorded by "
                              "file name only"} if outside else {}),
            "pool_opening_balance": self.pool_opening_balance,
            "pooling": self.pooling,
            **({"downturn": self.downturn.record()} if self.downturn else {}),
            **{f"description_{lang}": text for lang, text in sorted(self.descriptions.items())},
            "law": law,
            "assumptions": self.assumptions.model_dump(),
            VALUES_KEY: parameter_values(self.params),
            METADATA_KEY: parameter_metadata(self.params),
        }
        # libyaml's emitter when there (the same text, 6× faster: 0.015 s, not 0.09 s, a run)
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(record, Dumper=dumper, allow_unicode=True, sort_keys=False)


def recorded_path(path: Path, folder: Path) -> str:
    """How a run record names an input: relative to the scenario's ``folder`` when below it,
    else its file name only (a record never holds an absolute path: results are shared)."""
    if _below(path, folder):
        return path.resolve().relative_to(folder.resolve()).as_posix()
    return path.name


def _below(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


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
    folders = dict.fromkeys(str(f.resolve()) for f in (base, Path.cwd()) if f is not None)
    where = f" (looked in {' and '.join(folders)})" if base else ""
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        raise InputError([Problem(text, "", "", f"scenario file not found{where}")])
    raise InputError([Problem(text, "", "", f"no scenario file or shipped scenario of this name"
                                          f"{where}{suggest(text, names)}; shipped: "
                                          f"{', '.join(names)}")])


def _pydantic_problems(exc: ValidationError, file: str, lines: Lines,
                       prefix: tuple[str, ...] = (), model: type[BaseModel] | None = None
                       ) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = prefix + tuple(str(x) for x in err["loc"])
        key = ".".join(loc)
        message = err["msg"].removeprefix("Value error, ")
        if (err["type"] == "int_type" and isinstance(err.get("input"), float)
                and not float(err["input"]).is_integer()):  # as pydantic's lax mode says it
            message = "Input should be a valid integer, got a number with a fractional part"
        if err["type"] == "extra_forbidden":
            message = "unknown key" + _nearest(loc, model, len(prefix))
        elif err["type"] == "missing":
            message = "required value is missing"
        elif isinstance(err.get("input"), str | int | float | bool | None):
            message += f" (got {excerpt(repr(err['input']))})"
        problems.append(Problem(file, lines.of(*loc), key, message))
    return problems


def _nearest(loc: tuple[str, ...], model: type[BaseModel] | None, skip: int) -> str:
    """Suggest the nearest field at the level of an unknown key, as the full dotted key."""
    current = model
    for part in loc[skip:-1]:
        if current is None or part not in current.model_fields:
            return ""
        annotation = current.model_fields[part].annotation
        current = annotation if isinstance(annotation, type) and issubclass(
            annotation, BaseModel) else None
    if current is None:
        return ""
    return suggest(loc[-1], current.model_fields, "".join(f"{part}." for part in loc[:-1]))


def _parse_start(raw: Any, file: str, where: str) -> tuple[np.datetime64 | None, list[Problem]]:
    if isinstance(raw, dt.date) and (raw.day != 1 or isinstance(raw, dt.datetime)):
        return None, [Problem(file, where, "start", f"start must be a month (YYYY-MM), got {raw}")]
    text = raw.isoformat()[:7] if isinstance(raw, dt.date) else str(raw).strip()
    if not isinstance(raw, dt.date | str) or not re.fullmatch(r"\d{4}-\d{2}", text):
        return None, [Problem(file, where, "start", f"not a month (YYYY-MM): {raw!r}")]
    try:
        month = np.datetime64(text, "M")
    except ValueError:
        return None, [Problem(file, where, "start", f"not a month (YYYY-MM): {raw!r}")]
    year = int(text[:4])
    if not 1990 <= year <= 2100:
        return None, [Problem(file, where, "start", f"year out of range 1990–2100: {raw!r}")]
    if month.astype(object).month != 1:
        return None, [Problem(file, where, "start",
                              f"runs start in January (the yearly assessment month), got {text}")]
    return month, []


def _check_form(raw: dict[Any, Any], file: str, known: list[str], what: str) -> None:
    """Refuse a mapping that is no ``what`` file at all (another kind of file that happens to
    read as YAML: at least half its keys, and more than two, are neither known nor near a
    known one) by its form, quoting none of its lines."""
    stray = sum(str(key) not in known and nearest(str(key), known) is None for key in raw)
    if stray > 2 and 2 * stray >= len(raw):
        article = "an" if what[0] in "aeiou" else "a"
        raise InputError([Problem(file, "", "", f"not {article} {what} file: {stray} of its "
                                  f"{len(raw)} top-level keys are unknown (known keys: "
                                  f"{', '.join(known[:6])}{', …' if len(known) > 6 else ''})")])


@dataclass
class _Layer:
    """One scenario file in an ``extends:`` chain, parsed but not yet merged."""

    path: Path
    spec: ScenarioFile
    lines: Lines
    assumptions: dict[str, Any]
    assumptions_file: str
    assumptions_lines: Lines
    #: Keys given in this file but invalid (reported already; not to be called missing).
    invalid: set[str] = field(default_factory=set)


def _read_layer(path: Path, stack: tuple[Path, ...], problems: list[Problem]) -> list[_Layer]:
    """The chain of files ending in ``path``, parents first. Every problem found is added to
    ``problems`` and reading goes on (a bad key is left out), so that one pass lists them all;
    a file that is no scenario at all stops it."""
    file = str(path)
    raw, lines = load_yaml(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError([Problem(file, "", "", "a scenario file must be a mapping of keys")])
    _check_form(raw, file, list(ScenarioFile.model_fields), "scenario")
    invalid: set[str] = set()
    try:
        spec = ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        problems += _pydantic_problems(exc, file, lines, model=ScenarioFile)
        invalid = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        spec = ScenarioFile.model_validate({k: v for k, v in raw.items()
                                            if str(k) not in invalid})
    parents: list[_Layer] = []
    if spec.extends:
        where = lines.of("extends")
        chain = stack + (path,)
        parent: Path | None = None
        try:
            parent = locate(spec.extends, path.parent)
        except InputError as exc:
            problems += [Problem(file, where, "extends", f"{spec.extends!r}: {p.message}")
                         for p in exc.problems]
        if parent in chain:
            loop = " → ".join(p.name for p in chain[chain.index(parent):] + (parent,))
            problems.append(Problem(file, where, "extends",
                                    f"scenarios extend each other in a cycle: {loop}"))
            parent = None
        if parent is None:
            invalid |= {"extends", "data", "start", "months"}  # unknown: the parent gives them
        else:
            parents = _read_layer(parent, chain, problems)
    assumptions: dict[str, Any] = {}
    a_file, a_lines, a_prefix = file, lines, ("assumptions",)
    if isinstance(spec.assumptions, str):
        a_path = (path.parent / spec.assumptions)
        a_prefix = ()
        a_file = str(a_path)
        a_raw: Any = None
        try:
            a_raw, a_lines = load_yaml(a_path)
        except InputError as exc:
            problems += exc.problems
        if a_raw is not None and not isinstance(a_raw, dict):
            problems.append(Problem(a_file, "", "", "an assumptions file must be a mapping"))
            a_raw = None
        assumptions = a_raw or {}
        _check_form(assumptions, a_file, list(Assumptions.model_fields), "assumptions")
    elif isinstance(spec.assumptions, dict):
        assumptions = spec.assumptions
    try:
        Assumptions.model_validate(assumptions)
    except ValidationError as exc:
        problems += _pydantic_problems(exc, a_file, a_lines, a_prefix, Assumptions)
        assumptions = {}  # reported here; merged, it would be reported again
    return parents + [_Layer(path, spec, lines, assumptions, a_file, a_lines, invalid)]


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
    return key, parse_value(text) if text.strip() else None


def _nest(dotted: str, value: Any) -> dict[str, Any]:
    out: Any = value
    for part in reversed(dotted.split(".")):
        out = {part: out}
    return out


def _before_law(params: dict[str, Parameter], first_day: dt.date, file: str, where: str
                ) -> list[Problem]:
    """Problems for parameters that have no value yet on the scenario's first day."""
    early = [(key, p.values[0][0]) for key, p in sorted(params.items())
             if p.values[0][0] > first_day]
    if not early:
        return []
    latest = max(day for _, day in early)
    january = latest.year if (latest.month, latest.day) == (1, 1) else latest.year + 1
    fix = f"start in {january}-01 or later, or give the reform a value from {first_day}"
    if len(early) <= 3:
        return [Problem(file, where, key, f"date out of range: the law has no value before "
                        f"{day}, the scenario starts {first_day}; {fix}") for key, day in early]
    keys = ", ".join(key for key, _ in early[:3])
    return [Problem(file, where, "start",
                    f"date out of range: the scenario starts {first_day}, before the law has "
                    f"values for {len(early)} parameters ({keys}, …, the latest from {latest}); "
                    f"{fix}")]


def _override(params: dict[str, Parameter], key: str, value: Any, file: str, where: str,
              label: str, first_day: dt.date | None, where_of: Any = None) -> list[Problem]:
    """Apply one policy override to ``params`` in place: a ``{date: value}`` mapping adds dated
    values; a plain value holds from ``first_day`` on. Returns what is wrong with it."""
    param = params.get(key)
    if param is None:
        return [Problem(file, where, key, "unknown parameter" + suggest(key, params))]
    if isinstance(value, dict):
        dated, found = parse_dated(value, file, where, key, param, where_of)
        if not found:
            params[key] = param.with_values(dated, label)
        return found
    why = param.check_value(value)
    if why:
        return [Problem(file, where, key, why)]
    if first_day is not None:
        params[key] = param.from_start(value, first_day, label)
    return []


#: The one notice of a scenario that names no province.
NO_PROVINCE = ("law: no province named, so the run uses national law with an empty provincial "
               "layer (no province's own notices apply); name one with `province:` ({known}) or "
               "give your own rules with `province_layer: FOLDER`")


def _layers(merged: dict[str, Any], origin: dict[str, _Layer], chain: list[_Layer]
            ) -> Layers:
    """The layers of law a scenario names; InputError for an unknown province or folder.

    A file later in the ``extends`` chain that names a province replaces a folder named
    earlier (and the other way round). ``local_layer`` stacks a folder of one's own notices
    over whichever provincial layer that gives."""
    layers = _provincial_layers(merged, origin, chain)
    local = merged.get("local_layer")
    if local is None:
        return layers
    layer = origin["local_layer"]
    path = (layer.path.parent / local).resolve()
    if not path.is_dir():
        raise InputError([Problem(str(layer.path), layer.lines.of("local_layer"), "local_layer",
                                  f"no folder of your own rules at {path}")])
    return dataclasses.replace(layers, local=path)


def _provincial_layers(merged: dict[str, Any], origin: dict[str, _Layer], chain: list[_Layer]
                       ) -> Layers:
    name, folder = merged.get("province"), merged.get("province_layer")
    known = known_provinces()
    if folder is not None and name is not None:
        named, placed = chain.index(origin["province"]), chain.index(origin["province_layer"])
        if named > placed:
            folder = None
        elif named < placed:
            name = None  # the folder names itself
    if folder is not None:
        layer = origin["province_layer"]
        path = (layer.path.parent / folder).resolve()
        if not path.is_dir():
            raise InputError([Problem(str(layer.path), layer.lines.of("province_layer"),
                                      "province_layer",
                                      f"no folder of provincial rules at {path}")])
        return Layers(name or path.name, path)
    if name is None:
        return Layers()
    if name not in known:
        layer = origin["province"]
        raise InputError([Problem(str(layer.path), layer.lines.of("province"), "province",
                                  f"unknown province {name!r}{suggest(name, known)}; known "
                                  f"provinces: {', '.join(known)} (or give a folder of your own "
                                  "rules with province_layer)")])
    return Layers(name)


def load_scenario(ref: str | Path = "default", overrides: list[str] | tuple[str, ...] = (),
                  also: list[Problem] | tuple[Problem, ...] = ()) -> Scenario:
    """Resolve a scenario (path or shipped name) and ``--set`` overrides; validate everything.

    Raises InputError listing every problem found (file, line, key, what is wrong) in one pass:
    the scenario's keys, its assumptions, its reform, ``--set``, and, when any of those (or of
    ``also``, the caller's own problems, e.g. with ``--out``) is wrong, the data file's rows too.
    """
    problems: list[Problem] = list(also)
    try:
        path = locate(ref)
        layers = _read_layer(path, (), problems)
    except InputError as exc:  # a file that cannot be read at all: what else is known with it
        raise InputError([p for p in problems if p not in exc.problems] + exc.problems
                         ) from None
    merged: dict[str, Any] = {}
    origin: dict[str, _Layer] = {}
    reform: dict[str, tuple[Any, _Layer]] = {}
    assumptions: dict[str, Any] = {}
    for layer in layers:
        given = layer.spec.model_dump(exclude_unset=True)
        if any(key in given for key in DESCRIPTION_KEYS):  # a file's descriptions go together
            for key in DESCRIPTION_KEYS:
                merged.pop(key, None)
        for key, value in given.items():
            if key in ("reform", "assumptions", "extends"):
                continue
            merged[key] = value
            origin[key] = layer
        for key, value in (layer.spec.reform or {}).items():
            reform[key] = (value, layer)
        assumptions = _deep_merge(assumptions, layer.assumptions)
    top = layers[-1]
    invalid = set().union(*(layer.invalid for layer in layers))
    for required in ("data", "start", "months"):
        if merged.get(required) is None and required not in invalid:
            problems.append(Problem(str(top.path), "", required,
                                    "missing (set it here or in the scenario this one extends)"))
    start, start_layer = None, origin.get("start")
    if start_layer is not None:
        start, found = _parse_start(merged["start"], str(start_layer.path),
                                    start_layer.lines.of("start"))
        problems += found
    data_path = None
    if "data" in origin and merged.get("data") is not None:
        data_layer = origin["data"]
        if not isinstance(merged["data"], str):
            problems.append(Problem(str(data_layer.path), data_layer.lines.of("data"), "data",
                                    f"expected a file name, got {excerpt(repr(merged['data']))}"))
        else:
            data_path = (data_layer.path.parent / merged["data"]).resolve()
        if data_path is not None and not data_path.is_file():
            problems.append(Problem(str(data_layer.path), data_layer.lines.of("data"), "data",
                                    f"data file not found: {data_path}"))
            data_path = None

    national = load_law()
    try:
        law_layers = _layers(merged, origin, layers)
    except InputError as exc:
        problems += exc.problems
        law_layers = Layers()
    law = layered_law(law_layers, national)
    params = dict(law)
    set_items = []
    downturn_set: dict[str, Any] = {}
    for item in overrides:
        try:
            key, value = _parse_set(item)
        except InputError as exc:
            problems += exc.problems
            continue
        if key.startswith("downturn."):
            downturn_set[key.removeprefix("downturn.")] = value
            continue
        if not key.startswith(("policy.", "assumptions.")):
            valid = list(law) + [f"assumptions.{k}" for k in Assumptions.model_fields]
            problems.append(Problem("--set", "", key, "unknown key" + suggest(key, valid)))
            continue
        set_items.append((key, value))
    # with a bad start, reforms are still checked (every problem in one pass)
    first_day = start.astype("datetime64[D]").item() if start is not None else None

    def apply(key: str, value: Any, file: str, where: str, label: str,
              lines: Lines | None = None) -> None:
        where_of = (lambda d: lines.of("reform", key, d)) if lines is not None else None
        problems.extend(_override(params, key, value, file, where, label, first_day, where_of))

    for key, (value, layer) in reform.items():
        where = layer.lines.of("reform", key)
        apply(key, value, str(layer.path), where, f"reform in {layer.path.name}"
              + (f" ({where})" if where else ""), layer.lines)
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
    d_layer = origin.get("downturn", top)
    downturn, found = resolve_downturn(
        merged.get("downturn"), downturn_set, str(d_layer.path), d_layer.lines,
        d_layer.path.parent, start, None if "months" in invalid else merged.get("months"))
    problems += found
    if first_day is not None:  # keys already reported are not reported again
        reported = {problem.field for problem in problems}
        problems += [p for p in _before_law(params, first_day, str(start_layer.path),
                                            start_layer.lines.of("start"))
                     if p.field not in reported]
    if problems:
        raise InputError(problems + data_problems(data_path))

    months = int(merged["months"])
    last_day = (start + months - 1).astype("datetime64[D]").item()
    month_days = [m.astype("datetime64[D]").item() for m in start + np.arange(months)]
    warnings = []
    for key, param in sorted(params.items()):
        if param.end is None or last_day <= param.end:
            continue
        ending = law[key].values[-1][0]  # the point where the value its notice ends holds
        if param.origins.get(ending, "law") != "law" or ending not in dict(param.values):
            continue
        past = [day for day in month_days if day > param.end
                and max(d for d, _ in param.values if d <= day) == ending]
        if past:
            dated = national[key].values[-1][0]  # the national value's own date
            warnings.append(f"{key}: the value in force from {dated} ends {param.end} "
                            f"by its notice; the run assumes it continues to {past[-1]:%Y-%m}")
    if law_layers.province is None:
        warnings.append(NO_PROVINCE.format(known=", ".join(known_provinces())))
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
        assumption_files=[layer.assumptions_file for layer in layers
                          if layer.assumptions_file != str(layer.path)],
        warnings=warnings,
        pooling=merged.get("pooling") or "regional",
        law=law_layers,
        downturn=downturn,
        descriptions={lang: str(merged[f"description_{lang}"]).strip()
                      for lang in ("zh", "en") if merged.get(f"description_{lang}")},
    )


def data_problems(path: Path | None) -> list[Problem]:
    """The problems of a region data file's rows (none when it reads well or is missing)."""
    if path is None:
        return []
    from fundsim.inputs.regions import load_regions

    try:
        load_regions(path)
    except InputError as exc:
        return exc.problems
    return []


def parse_overrides(overrides: list[str] | tuple[str, ...]) -> list[tuple[str, Any]]:
    """``KEY=VALUE`` strings as (key, value) pairs for :func:`with_overrides`; InputError
    listing every string that is not one."""
    pairs, problems = [], []
    for item in overrides:
        try:
            pairs.append(_parse_set(item))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return pairs


def with_overrides(scenario: Scenario, items: list[tuple[str, Any]] | tuple[tuple[str, Any], ...],
                   label: str = "--set") -> Scenario:
    """A copy of a resolved scenario with ``(key, value)`` overrides applied, as ``--set`` does.

    Cheap (no file is read again), for building the variants of a sweep. Policy values are
    checked like reform values; assumptions are validated again.
    """
    params = dict(scenario.params)
    assumptions: dict[str, Any] = {}
    if any(key.startswith("assumptions.") for key, _ in items):
        assumptions = scenario.assumptions.model_dump()
    first_day = scenario.start.astype("datetime64[D]").item()
    problems: list[Problem] = []
    for key, value in items:
        if key.startswith("policy."):
            problems += _override(params, key, value, label, "", f"{label} {key}", first_day)
        elif key.startswith("assumptions."):
            assumptions = _deep_merge(assumptions, _nest(key[len("assumptions."):], value))
        else:
            valid = list(params) + [f"assumptions.{k}" for k in Assumptions.model_fields]
            problems.append(Problem(label, "", key, "unknown key" + suggest(key, valid)))
    resolved = scenario.assumptions
    if any(key.startswith("assumptions.") for key, _ in items):
        try:
            resolved = Assumptions.model_validate(assumptions)
        except ValidationError as exc:
            problems += _pydantic_problems(exc, label, Lines(), ("assumptions",), Assumptions)
    if problems:
        raise InputError(problems)
    overridden = {key for key, value in items if not isinstance(value, dict)}
    warnings = [w for w in scenario.warnings if w.split(":", 1)[0] not in overridden]
    return dataclasses.replace(scenario, params=params, assumptions=resolved, warnings=warnings)


PAYMENT_KEYS = ("payment_profile", "payment_lag")


def payment_overrides(path: Path) -> list[str]:
    """``--set`` items for a payment file (``payment_profile`` and/or ``payment_lag``, as
    ``fundsim pipeline`` writes them), checked like any assumptions."""
    data, lines = load_yaml(Path(path))
    file = str(path)
    if not isinstance(data, dict) or not data:
        raise InputError([Problem(file, "", "", "expected a mapping with payment_profile and/or "
                                  "payment_lag")])
    _check_form(data, file, list(PAYMENT_KEYS), "payment")
    problems = [Problem(file, lines.of(key), str(key), "unknown key" + suggest(str(key),
                                                                                PAYMENT_KEYS))
                for key in data if key not in PAYMENT_KEYS]
    try:
        Assumptions.model_validate({k: v for k, v in data.items() if k in PAYMENT_KEYS})
    except ValidationError as exc:
        problems += _pydantic_problems(exc, file, lines, model=Assumptions)
    if problems:
        raise InputError(problems)
    return [f"assumptions.{key}={yaml.safe_dump(value, default_flow_style=True).strip()}"
            for key, value in data.items()]
