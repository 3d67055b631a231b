"""Shared builders: small provinces written to a temporary folder, run through the public API."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fundsim.inputs.regions import COLUMNS

# Assumptions that switch off everything a hand calculation should not have to follow:
# no growth, no interest, full collection and take-up, no expanded coverage or skills subsidy.
PLAIN_ASSUMPTIONS = """\
collection_rate: 1.0
takeup: 1.0
wage_growth: 0.0
insured_growth: 0.0
benefit_indexing: 0.0
interest_rate: 0.0
pool_interest_rate: 0.0
social_insurance_rate: 0.3
medical_share: 0.0
mortality_rate: 0.0
skills_subsidy_per_insured_year: 0.0
claimants:
  exit_rate: 0.1
"""

REGION_DEFAULTS = {
    "sme_share": 1.0, "large_share": 0.0, "eligible_share_sme": 1.0, "eligible_share_large": 1.0,
    "zero_layoff_share": 1.0, "layoff_rate": 0.05, "small30_share": 0.0, "firms": 100,
    "sme_firm_share": 1.0, "difficult_share": 0.0, "trainee_intake": 0,
    "special_difficulty": 0, "skills_opening_balance": 0, "remittance_rate": 0.05,
    "cap_multiple": "",
}

# The 2020 waivers of the employer share, which a hand calculation leaves out unless it tests them.
RELIEF_OFF = ("  policy.contributions.sme_employer_relief: 0.0\n"
              "  policy.contributions.large_employer_relief: 0.0\n")


def write_province(folder: Path, regions: list[dict], *, reform: str = "", months: int = 24,
                   pool: float = 0.0, start: str = "2020-01",
                   assumptions: str = PLAIN_ASSUMPTIONS, relief: bool = False) -> Path:
    """Write regions.csv, assumptions.yaml and scenario.yaml; return the scenario path.

    The 2020 employer-contribution reliefs (SME and large firm) are switched off unless
    ``relief`` keeps the law's.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "regions.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS))
        writer.writeheader()
        for region in regions:
            writer.writerow({**REGION_DEFAULTS, **region})
    (folder / "assumptions.yaml").write_text(assumptions, encoding="utf-8")
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        f"name: hand\ndata: regions.csv\npool_opening_balance: {pool}\nstart: {start}\n"
        f"months: {months}\nassumptions: assumptions.yaml\n"
        "reform:\n" + ("" if relief else RELIEF_OFF)
        + "  policy.expanded_coverage.enabled: false\n"
        + "  policy.benefits.basis: flat\n" + reform
        # last, so that the lines of the reform stay where tests expect them
        + ("" if not reform or reform.endswith("\n") else "\n") + "province: inner_mongolia\n",
        encoding="utf-8",
    )
    return scenario


@pytest.fixture
def province(tmp_path: Path):
    """A function writing a small province into tmp_path and returning its scenario file."""
    return lambda regions, **kw: write_province(tmp_path / "province", regions, **kw)
