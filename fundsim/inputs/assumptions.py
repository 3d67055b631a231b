"""Assumptions about the economy and behaviour (not law): growth, claimants, take-up, interest.

Each default below is a stated assumption where the seeds are silent (DOMAIN §9); a scenario's
assumptions file (or inline mapping) overrides any of them.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Share = Field(ge=0.0, le=1.0)
#: Year-on-year price change of a year the assumptions' ``cpi`` / ``food_cpi`` do not give.
DEFAULT_PRICE_CHANGE = 0.02
#: fundsim's stated assumption of how far one year's wage or insured growth can stray from the
#: assumed growth on a Monte Carlo path: ±0.3 in log growth (about −26% to +35% in a year). A
#: draw beyond is taken as the bound, so no distribution, however heavy its tails, can send
#: contributions to absurd sizes (a Cauchy draw once sent them to 9.8e50 yuan).
DEVIATION_BOUNDS = (-0.3, 0.3)


class _Strict(BaseModel):
    # strict: `true` is not 1, and "0.5" (text) is not a number
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Shock(_Strict):
    """Random shocks to claimant inflows (used only when a run has more than one path).

    log multiplier = national AR(1) (month, path), shared by all regions
                   + regional noise (year, region, path);
    both are centred so the multiplier has mean one.
    """

    national_sd: float = Field(0.10, ge=0.0, le=2.0,
                               description="sd of the monthly national innovation")
    persistence: float = Field(0.8, ge=0.0, lt=1.0, description="AR(1) coefficient, monthly")
    regional_sd: float = Field(0.05, ge=0.0, le=2.0, description="sd of the yearly regional draw")


class Distribution(_Strict):
    """A scipy.stats continuous distribution by name and parameters, e.g.
    ``{distribution: t, params: {df: 4, scale: 0.01}}``: a yearly deviation of log growth.

    Bounded work: a distribution without a finite mean and variance (Cauchy, Lévy, t with
    df ≤ 2, …) is refused, and so is one whose mean lies outside :data:`DEVIATION_BOUNDS`;
    every draw is clipped to those bounds."""

    distribution: str = "norm"
    params: dict[str, float] = Field(default_factory=dict)

    @field_validator("params")
    @classmethod
    def _finite(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [f"{k}={v}" for k, v in value.items() if not math.isfinite(v)]
        if bad:
            raise ValueError(f"parameters must be finite numbers, got {', '.join(bad)}")
        return value

    @property
    def _normal(self) -> bool:
        """A normal by loc and scale: checked and drawn by numpy, without importing scipy.stats
        (0.8 s)."""
        return self.distribution == "norm" and set(self.params) <= {"loc", "scale"}

    @model_validator(mode="after")
    def _exists(self) -> Distribution:
        if self._normal and self.params.get("scale", 1.0) >= 0.0:
            mean = self.params.get("loc", 0.0)
        else:
            mean = self._moments()
        low, high = DEVIATION_BOUNDS
        if not low <= mean <= high:
            raise ValueError(f"its mean {mean:.4g} lies outside fundsim's bounds of a year's "
                             f"deviation, {low} to {high} (DEVIATION_BOUNDS)")
        return self

    def _moments(self) -> float:
        """The mean of a scipy.stats family; ValueError when it is no continuous family, its
        parameters are wrong, or its mean or variance is not finite (heavy tails)."""
        import scipy.stats

        family = getattr(scipy.stats, self.distribution, None)
        if not isinstance(family, scipy.stats.rv_continuous):
            raise ValueError(f"not a continuous scipy.stats distribution: {self.distribution!r}")
        try:
            frozen = family(**self.params)
            shapes, _, scale = family._parse_args(*frozen.args, **frozen.kwds)
            if not (np.all(family._argcheck(*shapes)) and scale > 0):
                raise ValueError("outside the family's valid range")
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mean, variance = (float(x) for x in frozen.stats("mv"))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad parameters for {self.distribution}: {exc}") from None
        if not (math.isfinite(mean) and math.isfinite(variance)):
            raise ValueError(f"{self.distribution} with these parameters is heavy-tailed (its "
                             "mean or variance is not finite, so one draw can be of any size); "
                             "use one with a finite variance, e.g. t with df > 2 or norm")
        return mean

    def frozen(self):  # noqa: ANN201 - a scipy frozen distribution
        import scipy.stats

        return getattr(scipy.stats, self.distribution)(**self.params)

    def draw(self, size: tuple[int, ...], generator: Any) -> Any:
        """Draws from ``generator`` (a numpy Generator), as scipy.stats' ``rvs`` makes them; a
        normal by numpy alone, the same numbers (scipy: standard normals × scale + loc).
        Clipped to :data:`DEVIATION_BOUNDS`."""
        if self._normal:
            drawn = (generator.standard_normal(size) * self.params.get("scale", 1.0)
                     + self.params.get("loc", 0.0))
        else:
            drawn = self.frozen().rvs(size, random_state=generator)
        return np.clip(drawn, *DEVIATION_BOUNDS)


class Recession(_Strict):
    """Occasional recessions: each year one starts with ``probability`` (in a random month) and
    lasts ``months``; meanwhile claimant inflows are multiplied and growth shifts."""

    probability: float = Field(0.05, ge=0.0, le=1.0, description="chance a year sees one start")
    months: int = Field(12, ge=1, le=60)
    inflow_multiplier: float = Field(1.5, ge=0.0, le=10.0)
    wage_growth: float = Field(-0.03, ge=-0.5, le=0.5, description="shift of annual wage growth")
    insured_growth: float = Field(-0.02, ge=-0.5, le=0.5,
                                  description="shift of annual insured growth")


class Uncertainty(_Strict):
    """What varies between Monte Carlo paths (besides claimant-inflow shocks). National: every
    region moves together. Each draw is a yearly deviation of the log growth rate."""

    wage_growth: Distribution = Distribution(params={"loc": 0.0, "scale": 0.01})
    insured_growth: Distribution = Distribution(params={"loc": 0.0, "scale": 0.005})
    recession: Recession = Recession()


class Entitlements(_Strict):
    """Shares of new claimants by the entitlement their years of contribution give them
    (失业保险条例 第十七条: 1–5 years → 12 months, 5–10 → 18, 10 or more → 24; the months are
    law, ``policy.benefits.entitlement.*``)."""

    short: float = Field(0.5, ge=0.0, le=1.0, description="1–5 years of contributions")
    medium: float = Field(0.25, ge=0.0, le=1.0, description="5–10 years")
    long: float = Field(0.25, ge=0.0, le=1.0, description="10 years or more")

    @model_validator(mode="after")
    def _sum(self) -> Entitlements:
        total = self.short + self.medium + self.long
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"short + medium + long must be 1, they sum to {total:.6g}")
        return self


class Claimants(_Strict):
    """Benefit recipients by entitlement: new claims from lay-offs; each month a share leaves
    for work, the rest stay until their entitlement runs out."""

    exit_rate: float = Field(
        0.11, gt=0.0, le=1.0,
        description="share of recipients leaving benefit for work each month (a constant "
        "hazard; those still out of work leave when their entitlement runs out)",
    )
    entitlements: Entitlements = Field(
        Entitlements(),
        description="shares of new claimants by entitlement bracket (no published "
        "distribution found: stated assumption)")
    inflow_rate: float | None = Field(
        None, ge=0.0, le=1.0,
        description="new claims per insured per month; null = the rate that keeps the opening "
        "stock steady (recipients ÷ insured ÷ the expected months a claim is paid)",
    )
    inflow_multiplier: dict[int, float] = Field(
        default_factory=dict,
        description="multiplier on inflows by calendar year (e.g. a recession)",
    )
    shock: Shock = Shock()

    @field_validator("inflow_multiplier")
    @classmethod
    def _positive(cls, value: dict[int, float]) -> dict[int, float]:
        for year, mult in value.items():
            if not 1990 <= year <= 2100:
                raise ValueError(f"year out of range 1990–2100: {year}")
            if mult < 0:
                raise ValueError(f"multiplier for {year} must not be negative: {mult}")
        return value


class Assumptions(_Strict):
    """Economy and behaviour. Rates are annual unless the name says monthly."""

    collection_rate: float = Field(
        0.95, ge=0.0, le=1.0, description="contributions paid ÷ due (实缴 ÷ 应缴)"
    )
    takeup: float = Field(
        0.85, ge=0.0, le=1.0,
        description="share of eligible firms' contributions whose firms receive the return "
        "(seed 000 notes low take-up; 免申即享 raises it)",
    )
    wage_growth: float = Field(0.05, gt=-0.5, le=1.0, description="contribution wage, per year")
    insured_growth: float = Field(0.01, gt=-0.5, le=1.0, description="insured headcount, per year")
    benefit_indexing: float = Field(
        0.04, gt=-0.5, le=1.0,
        description="monthly benefit raised each January, where the law sets no minimum-wage "
        "basis (policy.benefits.basis: flat)",
    )
    interest_rate: float = Field(0.015, ge=0.0, le=0.5, description="on fund balances, per year")
    pool_interest_rate: float = Field(0.015, ge=0.0, le=0.5, description="on the pool, per year")
    social_insurance_rate: float = Field(
        0.30, ge=0.0, le=1.0,
        description="all social-insurance contributions due, employer and employee, as a share "
        "of the wage (for the difficult-firm rule)",
    )
    medical_share: float = Field(
        0.0, ge=0.0, le=1.0,
        description="the recipients' basic medical insurance, paid by the fund (社会保险法 "
        "第四十八条), as a share of the benefit (0 by default; the shipped assumptions derive "
        "0.25)",
    )
    mortality_rate: float = Field(
        0.002, ge=0.0, le=1.0,
        description="deaths per recipient per year, for 丧葬补助金和抚恤金 (stated: about the "
        "death rate of adults aged 20–59)")
    subsidy_extra_share: float = Field(
        0.0, ge=0.0, le=10.0,
        description="insured unemployed not entitled to benefits who claim 失业补助金 while it is "
        "in force, per new benefit claim (stated assumption)")
    allowance_share: float = Field(
        0.0, ge=0.0, le=10.0,
        description="migrant workers insured under a year who claim 临时生活补助 while it is in "
        "force, per new benefit claim (stated assumption)")
    lump_sum_share: float = Field(
        0.0, ge=0.0, le=10.0,
        description="migrant contract workers paid the one-off living allowance (一次性生活补助) "
        "on leaving, per new benefit claim (stated assumption)")
    cpi: dict[int, float] = Field(
        default_factory=dict,
        description="consumer prices, year-on-year change by calendar year (for the price "
        "subsidy's trigger); a year not given is taken as 0.02")
    food_cpi: dict[int, float] = Field(
        default_factory=dict,
        description="food prices, year-on-year change by calendar year; a year not given is "
        "taken as 0.02")
    skills_subsidy_per_insured_year: float = Field(
        3.0, ge=0.0,
        description="技能提升补贴 paid per insured worker per year, yuan (unpriced by the seeds: "
        "stated assumption)",
    )
    training_subsidy_per_insured_year: float = Field(
        0.0, ge=0.0,
        description="职业培训补贴 and 职业介绍补贴 paid by the fund per insured worker per year, "
        "yuan (stated assumption)")
    other_spending_per_insured_year: float = Field(
        0.0, ge=0.0,
        description="spending that cannot be itemised (其他支出) per insured worker per year, yuan "
        "(stated assumption)")
    payment_profile: list[float] = Field(
        default_factory=lambda: [1.0 / 12] * 12,
        description="share of a year's returns paid in each month, January first (seed 001 "
        "四(一) forbids fixed payment windows: default even)",
    )
    payment_lag: list[float] = Field(
        default_factory=lambda: [1.0],
        description="share of a month's due returns paid 0, 1, … 11 months later (index 0: paid "
        "the month they fall due); the administration pipeline (fundsim pipeline) estimates it",
    )
    claimants: Claimants = Claimants()
    uncertainty: Uncertainty = Field(
        Uncertainty(), description="stated assumptions for stochastic runs (--paths > 1)")

    @field_validator("cpi", "food_cpi")
    @classmethod
    def _years(cls, value: dict[int, float]) -> dict[int, float]:
        for year, change in value.items():
            if not 1990 <= year <= 2100:
                raise ValueError(f"year out of range 1990–2100: {year}")
            if not -0.5 <= change <= 1.0:
                raise ValueError(f"change for {year} out of range −0.5–1: {change}")
        return value

    @field_validator("payment_lag")
    @classmethod
    def _lag(cls, value: list[float]) -> list[float]:
        if not 1 <= len(value) <= 12:
            raise ValueError(f"needs 1 to 12 monthly shares, got {len(value)}")
        if any(v < 0 for v in value):
            raise ValueError("shares must not be negative")
        if abs(sum(value) - 1.0) > 1e-9:
            raise ValueError(f"shares must sum to 1, they sum to {sum(value):.6g}")
        return value

    @field_validator("payment_profile")
    @classmethod
    def _profile(cls, value: list[float]) -> list[float]:
        if len(value) != 12:
            raise ValueError(f"needs 12 monthly shares, got {len(value)}")
        if any(v < 0 for v in value):
            raise ValueError("shares must not be negative")
        if abs(sum(value) - 1.0) > 1e-9:
            raise ValueError(f"shares must sum to 1, they sum to {sum(value):.6g}")
        return value
