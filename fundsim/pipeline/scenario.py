"""Pipeline scenarios: a fund scenario plus pipeline settings over the shipped defaults.

A pipeline scenario file (shipped ones in ``fundsim/pipeline/scenarios/``)::

    name: automatic
    description: 免申即享 …
    scenario: default        # the fund scenario: a shipped name, or a path relative to this file
    extends: application     # optional: another pipeline scenario (shipped name or path)
    pipeline:                # optional: settings over defaults.yaml (and over the parent's)
      automatic: true

``fundsim pipeline SCENARIO`` also takes a plain fund scenario, run with the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from fundsim.base.errors import InputError, Problem, suggest
from fundsim.base.yamlio import Lines, load_yaml
from fundsim.inputs.scenario import Scenario, load_scenario, shipped_dir
from fundsim.pipeline.config import PipelineConfig, build_config, load_config_file

SCENARIO_DIR = Path(str(resources.files("fundsim.pipeline") / "scenarios"))


class PipelineFile(BaseModel):
    """The keys of a pipeline scenario file."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str | None = None
    scenario: str | None = None
    extends: str | None = None
    pipeline: dict[str, Any] | None = None


@dataclass
class Resolved:
    """A pipeline scenario resolved: its fund scenario and pipeline settings."""

    name: str
    fund: Scenario
    fund_ref: str            # how a fund scenario file names it in `extends:`
    config: PipelineConfig
    description: str = ""
    chain: list[str] = field(default_factory=list)


def shipped_pipeline_scenarios() -> list[str]:
    """Names of the shipped pipeline scenarios."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def _is_pipeline_file(path: Path) -> bool:
    raw, _ = load_yaml(path)
    return isinstance(raw, dict) and bool({"pipeline", "scenario"} & set(raw))


def _locate(ref: str, base: Path | None) -> Path | None:
    for candidate in ([base / ref] if base else []) + [Path(ref)]:
        if candidate.is_file():
            return candidate.resolve()
    shipped = SCENARIO_DIR / f"{ref}.yaml"
    return shipped if shipped.is_file() else None


def _chain(path: Path, seen: tuple[Path, ...]) -> list[tuple[Path, PipelineFile, Lines]]:
    raw, lines = load_yaml(path)
    file = str(path)
    if not isinstance(raw, dict):
        raise InputError([Problem(file, "", "", "a pipeline scenario must be a mapping of keys")])
    try:
        spec = PipelineFile.model_validate(raw)
    except ValidationError as exc:
        raise InputError([Problem(file, lines.of(*map(str, e["loc"])),
                                  ".".join(map(str, e["loc"])),
                                  "unknown key (expected name, description, scenario, "
                                  "extends, pipeline)" if e["type"] == "extra_forbidden"
                                  else e["msg"]) for e in exc.errors()]) from None
    parents: list[tuple[Path, PipelineFile, Lines]] = []
    if spec.extends:
        parent = _locate(spec.extends, path.parent)
        if parent is None:
            raise InputError([Problem(file, lines.of("extends"), "extends",
                                      f"no pipeline scenario {spec.extends!r}; shipped: "
                                      + ", ".join(shipped_pipeline_scenarios()))])
        if parent in seen + (path,):
            raise InputError([Problem(file, lines.of("extends"), "extends",
                                      "pipeline scenarios extend each other in a cycle")])
        parents = _chain(parent, seen + (path,))
    return parents + [(path, spec, lines)]


def _fund_ref(ref: str, base: Path | None) -> tuple[str, Path | str]:
    """(text for `extends:`, what load_scenario takes) for a fund scenario reference."""
    if base is not None and (base / ref).is_file():
        path = (base / ref).resolve()
        return str(path), path
    if Path(ref).is_file():
        path = Path(ref).resolve()
        return str(path), path
    if (shipped_dir() / f"{ref}.yaml").is_file():
        return ref, ref
    return ref, ref  # load_scenario names what is wrong


def resolve(ref: str, config_file: Path | None = None) -> Resolved:
    """A pipeline scenario (file or shipped name) or a fund scenario, with ``--config``."""
    path = _locate(ref, None)
    layers = []
    if path is not None and (path.parent == SCENARIO_DIR or _is_pipeline_file(path)):
        chain = _chain(path, ())
        fund = next(((p, s, ln) for p, s, ln in reversed(chain) if s.scenario), None)
        if fund is None:
            raise InputError([Problem(str(path), "", "scenario", "required value is missing: "
                                      "the fund scenario to run (e.g. scenario: default)")])
        fund_path, fund_spec, fund_lines = fund
        extends, target = _fund_ref(fund_spec.scenario, fund_path.parent)
        try:
            fund_scenario = load_scenario(target)
        except InputError as exc:
            raise InputError([Problem(str(fund_path), fund_lines.of("scenario"), "scenario",
                                      str(p)) for p in exc.problems]) from None
        for p, spec, lines in chain:
            if spec.pipeline is not None:
                layers.append((spec.pipeline, str(p), lines, ("pipeline",)))
        top = chain[-1][1]
        name = top.name or path.stem
        description = top.description or ""
        chain_names = [str(p) for p, _, _ in chain]
    else:
        try:
            fund_scenario = load_scenario(ref)
        except InputError as exc:
            if path is not None:
                raise
            names = shipped_pipeline_scenarios()
            raise InputError([Problem(p.file, p.where, p.field, p.message + "; shipped "
                                      "pipeline scenarios: " + ", ".join(names)
                                      + suggest(ref, names)) for p in exc.problems]) from None
        extends, _ = _fund_ref(ref, None)
        name, description, chain_names = fund_scenario.name, fund_scenario.description, []
    if config_file is not None:
        layers.append(load_config_file(config_file))
    config = build_config(layers)
    return Resolved(name=name, fund=fund_scenario, fund_ref=extends, config=config,
                    description=description, chain=chain_names)

