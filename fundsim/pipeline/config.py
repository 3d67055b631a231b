"""The pipeline YAML: stages, staff, service-time distributions, calendar rules, 免申即享.

``defaults.yaml`` beside this module holds every value with its reason; a pipeline scenario's
``pipeline:`` mapping and a ``--config`` file are merged over it (deep merge), then validated
here. Service times are scipy.stats distributions by name and parameters (``lognorm`` with
``s``, ``scale``; ``expon`` with ``scale``; …), or ``constant`` with ``value``.
"""

from __future__ import annotations

import datetime as dt
import math
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.stats
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from fundsim.base.errors import InputError, Problem, suggest
from fundsim.base.yamlio import Lines, load_yaml

DEFAULTS_FILE = Path(str(resources.files("fundsim.pipeline") / "defaults.yaml"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dist(_Strict):
    """A non-negative random duration or amount: a scipy.stats distribution, or a constant."""

    dist: str = Field(description="scipy.stats name (lognorm, expon, gamma, …) or 'constant'")
    params: dict[str, float] = Field(default_factory=dict,
                                     description="its parameters, e.g. {s: 0.5, scale: 1.0}")

    @model_validator(mode="after")
    def _valid(self) -> Dist:
        if self.dist == "constant":
            if set(self.params) != {"value"} or not self.params["value"] >= 0:
                raise ValueError("'constant' takes one parameter, value >= 0")
            return self
        family = getattr(scipy.stats, self.dist, None)
        if not isinstance(family, scipy.stats.rv_continuous):
            names = [n for n in dir(scipy.stats)
                     if isinstance(getattr(scipy.stats, n), scipy.stats.rv_continuous)]
            raise ValueError(f"unknown distribution {self.dist!r}{suggest(self.dist, names)}; "
                             "a continuous scipy.stats name or 'constant'")
        try:
            frozen = family(**self.params)
            mean = float(frozen.mean())
            low = float(frozen.support()[0])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad parameters for {self.dist}: {exc}") from None
        if not math.isfinite(mean):
            raise ValueError(f"{self.dist} with {self.params} has no finite mean")
        if low < 0:
            raise ValueError(f"{self.dist} with {self.params} can be negative (support from "
                             f"{low:g}); durations and amounts must not be")
        return self

    def mean(self) -> float:
        if self.dist == "constant":
            return self.params["value"]
        return float(getattr(scipy.stats, self.dist)(**self.params).mean())

    def draw(self, size: int | tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        if self.dist == "constant":
            return np.full(size, self.params["value"], dtype=float)
        return np.asarray(getattr(scipy.stats, self.dist)(**self.params).rvs(
            size=size, random_state=rng), dtype=float)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        if self.dist == "constant":
            return (np.asarray(x) >= self.params["value"]).astype(float)
        return getattr(scipy.stats, self.dist)(**self.params).cdf(x)

    def ppf(self, q: np.ndarray) -> np.ndarray:
        if self.dist == "constant":
            return np.full(np.shape(q), self.params["value"], dtype=float)
        return getattr(scipy.stats, self.dist)(**self.params).ppf(q)


class Staffed(_Strict):
    """A stage where reviewers handle one case at a time, first come first served.

    Staff per pooling region's office: ``staff`` people, or ``staff_per_10k_firms`` × the
    region's insured firms (data column ``firms``) ÷ 10,000, rounded, at least ``min_staff``.
    """

    staff: int | None = Field(None, ge=1, le=10_000)
    staff_per_10k_firms: float | None = Field(None, gt=0, le=10_000)
    min_staff: int = Field(1, ge=1, le=10_000)
    service_hours: Dist

    @model_validator(mode="after")
    def _one_rule(self) -> Staffed:
        if (self.staff is None) == (self.staff_per_10k_firms is None):
            raise ValueError("give exactly one of staff and staff_per_10k_firms")
        return self

    def staff_for(self, firms: np.ndarray) -> np.ndarray:
        """Reviewers in each region's office."""
        firms = np.asarray(firms, dtype=float)
        if self.staff is not None:
            return np.full(firms.shape, self.staff, dtype=np.int64)
        scaled = np.rint(self.staff_per_10k_firms * firms / 10_000).astype(np.int64)
        return np.maximum(scaled, self.min_staff)


class Sitting(_Strict):
    """Decisions taken at sittings every ``meeting_every_days`` working days (0: none)."""

    meeting_every_days: int = Field(0, ge=0, le=250)


class JointReview(Staffed, Sitting):
    """联合会审: each of ``departments`` departments reviews every case, in parallel (seed 002)."""

    departments: int = Field(10, ge=1, le=30)


class GovernmentReview(Staffed, Sitting):
    """政府审议 of returns at or above the threshold (seed 002: 500万元及以上)."""

    threshold: float | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="yuan; null = the law parameter policy.review.government_threshold")


class Applications(_Strict):
    """Firms apply themselves: a delay in calendar days after the window opens."""

    opens: str = Field("03-01", description="MM-DD the year's window opens")
    closes: str = Field("12-31", description="MM-DD it closes (seed 004 四: 12-31)")
    delay_days: Dist

    @field_validator("opens", "closes")
    @classmethod
    def _month_day(cls, value: str) -> str:
        return _check_month_day(value)


class Push(_Strict):
    """免申即享: data matching pushes eligible firms on set days; each confirms after a delay."""

    dates: list[str] = Field(min_length=1, description="MM-DD of each push; firms split evenly")
    confirm_days: Dist

    @field_validator("dates")
    @classmethod
    def _dates(cls, value: list[str]) -> list[str]:
        return sorted(_check_month_day(v) for v in value)


class Training(_Strict):
    """以工代训 claims by the cutoff day are paid on the next month's pay day (seed 001 三(五))."""

    enabled: bool = True
    claim_cutoff_day: int = Field(25, ge=1, le=28)
    pay_day: int = Field(10, ge=1, le=28)
    persons_per_claim: float = Field(gt=0)
    review: Staffed


class Amounts(_Strict):
    """Shape of the firms' return amounts; scaled per region to the engine's first-year bill."""

    dist: Dist


class PipelineConfig(_Strict):
    """Everything the administration pipeline needs besides the firms."""

    year: int | None = Field(None, ge=2019, le=2025,
                             description="policy year; null = the scenario's first year")
    automatic: bool = Field(False, description="免申即享: firms pushed by data matching, no "
                            "application and no window check")
    hours_per_day: float = Field(8.0, gt=0, le=24)
    applications: Applications
    push: Push
    window: Staffed
    department: Staffed
    joint_review: JointReview
    government_review: GovernmentReview
    publication_days: int = Field(ge=0, le=60)
    payment_days: list[int] = Field(min_length=1,
                                    description="days of the month of the payment runs")
    training: Training
    amounts: Amounts

    @field_validator("payment_days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(not 1 <= d <= 28 for d in value):
            raise ValueError("payment days must lie in 1..28 (every month has them)")
        return sorted(set(value))


def _check_month_day(value: str) -> str:
    try:
        dt.date.fromisoformat(f"2020-{value}")
    except (TypeError, ValueError):
        raise ValueError(f"not a month and day (MM-DD): {value!r}") from None
    if value == "02-29":
        raise ValueError("02-29 is not in every year")
    return value


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "params":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def problems_of(exc: ValidationError, file: str, lines: Lines, prefix: tuple[str, ...] = ()
                ) -> list[Problem]:
    """Pydantic errors as Problems naming the file, line and dotted key."""
    found = []
    for err in exc.errors():
        loc = tuple(str(x) for x in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key" + _nearest(loc)
        elif err["type"] == "missing":
            message = "required value is missing"
        elif isinstance(err.get("input"), str | int | float | bool) and "got" not in message:
            message += f" (got {err['input']!r})"
        found.append(Problem(file, lines.of(*prefix, *loc), ".".join(prefix + loc), message))
    return found


def _nearest(loc: tuple[str, ...]) -> str:
    model: Any = PipelineConfig
    for part in loc[:-1]:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None or not isinstance(field.annotation, type):
            return ""
        model = field.annotation
    fields = getattr(model, "model_fields", None)
    return suggest(loc[-1], fields, ".".join(loc[:-1]) + "." if loc[:-1] else "") if fields \
        else ""


def load_defaults() -> tuple[dict[str, Any], Lines]:
    raw, lines = load_yaml(DEFAULTS_FILE)
    return raw, lines


def build_config(layers: list[tuple[dict[str, Any], str, Lines, tuple[str, ...]]]
                 ) -> PipelineConfig:
    """Merge override layers (data, file, lines, key prefix in that file) over the defaults.

    A problem is reported in the file (and line) of the last layer that set the key.
    """
    merged, _ = load_defaults()
    origin: dict[str, tuple[str, Lines, tuple[str, ...]]] = {}
    for data, file, lines, prefix in layers:
        if not isinstance(data, dict):
            raise InputError([Problem(file, lines.of(*prefix), ".".join(prefix),
                                      "the pipeline settings must be a mapping of keys")])
        merged = _merge(merged, data)
        for key in _leaves(data):
            origin[key] = (file, lines, prefix)
    try:
        return PipelineConfig.model_validate(merged)
    except ValidationError as exc:
        found = []
        for problem in problems_of(exc, str(DEFAULTS_FILE), Lines()):
            key = problem.field
            owner = next((origin[k] for k in sorted(origin, key=len, reverse=True)
                          if key == k or key.startswith(k + ".") or k.startswith(key + ".")),
                         None)
            if owner is None:
                found.append(problem)
                continue
            file, lines, prefix = owner
            found.append(Problem(file, lines.of(*prefix, *key.split(".")),
                                 ".".join(prefix + (key,)), problem.message))
        raise InputError(found) from None


def _leaves(tree: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value and key != "params":
            out += _leaves(value, dotted + ".")
        else:
            out.append(dotted)
    return out


def load_config_file(path: Path) -> tuple[dict[str, Any], str, Lines, tuple[str, ...]]:
    """A ``--config`` file as an override layer."""
    raw, lines = load_yaml(path)
    return (raw or {}), str(path), lines, ()

