"""Rebuild ``fundsim/scenarios/actuals/default-2020H1.csv``: six SYNTHETIC months of actuals.

Not official statistics: the central projection of the shipped ``default`` scenario for
January–June 2020, perturbed reproducibly (numpy ``default_rng(SEED)``) so that the months
differ from the projection the way real accounts would, and made consistent:

* contributions × (1 + N(−2%, 2%)) per region and month; the factor is split between the
  insured (a level shift per region, 1 + N(−1%, 0.5%)) and the contribution wage (the rest), so
  that contributions stay ∝ insured × wage;
* new claims and recipients each × (1 + N(+8%, 4%)) per region and month (whole persons);
  benefits and the recipients' medical insurance scale with the recipients;
* every other flow (interest, transfers, subsidies, the other spending lines, the returns, the
  remittance) as projected;
* every flow rounded to the fen (0.01 yuan) first, returns_paid = returns_general +
  returns_difficult, then each month's balance accumulated in fen from the region data's
  opening balance: balance = previous + Σ income − Σ spending, exact to the cent.

The insured and the contribution wage are the run's ``insured`` and ``contribution_wage`` when
the results hold them, else recomputed as :func:`fundsim.model.inputs.build_inputs` does
(region data × (1 + growth)^(t/12)).

    python fundsim/scenarios/data/build_example_actuals.py           # write the CSV
    python fundsim/scenarios/data/build_example_actuals.py --check   # compare, exit 1 if different
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

CSV_PATH = Path(__file__).resolve().parents[1] / "actuals" / "default-2020H1.csv"
SCENARIO = "default"
MONTHS = 6
SEED = 20200701
CONTRIBUTIONS = (-0.02, 0.02)      # mean, sd of the relative change per region-month
INSURED = (-0.01, 0.005)           # the insured's share of it, per region
CLAIMS = (0.08, 0.04)              # new claims and recipients, per region-month
WITH_RECIPIENTS = ("benefits", "medical_insurance")


def _drivers(ds, scenario, regions) -> tuple[np.ndarray, np.ndarray, str]:
    """(K, R) insured and contribution wage on the central path, and where they came from."""
    if "insured" in ds and "contribution_wage" in ds:
        return (ds["insured"].values.T[:MONTHS], ds["contribution_wage"].values.T[:MONTHS],
                "the run's insured and contribution_wage")
    a = scenario.assumptions
    t_years = (np.arange(MONTHS) / 12.0)[:, None]
    insured = regions["insured"][None, :] * (1 + a.insured_growth) ** t_years
    wage = regions["wage"][None, :] * (1 + a.wage_growth) ** t_years
    return insured, wage, "recomputed as build_inputs does"


def build() -> tuple[list[list[str]], str]:
    """The CSV's rows (header first) and where the drivers came from."""
    import fundsim
    from fundsim.inputs.actuals import FIELDS, IDENTITY_IN, IDENTITY_OUT
    from fundsim.inputs.scenario import load_scenario
    from fundsim.run.simulation import prepare

    scenario, regions = prepare(load_scenario(SCENARIO))
    ds = fundsim.simulate(SCENARIO)
    projected = {key: ds[key].values.T[:MONTHS].astype(float)
                 for key in [*IDENTITY_IN, *IDENTITY_OUT, "returns_general",
                             "returns_difficult", "recipients", "new_claims"]}
    insured0, wage0, origin = _drivers(ds, scenario, regions)
    shape = projected["contributions"].shape
    rng = np.random.default_rng(SEED)
    contrib_factor = 1 + rng.normal(*CONTRIBUTIONS, size=shape)
    insured_factor = 1 + rng.normal(*INSURED, size=shape[1])
    claims_factor = 1 + rng.normal(*CLAIMS, size=shape)
    recipients_factor = 1 + rng.normal(*CLAIMS, size=shape)

    recipients = np.round(projected["recipients"] * recipients_factor)
    scale = np.divide(recipients, projected["recipients"],
                      out=np.ones(shape), where=projected["recipients"] > 0)
    flows = {key: projected[key] for key in [*IDENTITY_IN, *IDENTITY_OUT, "returns_general",
                                             "returns_difficult"]}
    flows["contributions"] = projected["contributions"] * contrib_factor
    for key in WITH_RECIPIENTS:
        flows[key] = projected[key] * scale
    cents = {key: np.round(value * 100).astype(np.int64) for key, value in flows.items()}
    cents["returns_paid"] = cents["returns_general"] + cents["returns_difficult"]
    net = (sum(cents[k] for k in IDENTITY_IN) - sum(cents[k] for k in IDENTITY_OUT))
    opening = np.round(regions["opening_balance"] * 100).astype(np.int64)
    balance = opening[None, :] + np.cumsum(net, axis=0)
    cents["balance"] = balance
    persons = {"recipients": recipients,
               "new_claims": np.round(projected["new_claims"] * claims_factor),
               "insured": np.round(insured0 * insured_factor[None, :])}
    wage = np.round(wage0 * contrib_factor / insured_factor[None, :] * 100).astype(np.int64)

    keys = [key for key in FIELDS]
    rows = [["region", "name", "month", *keys]]
    months = scenario.start + np.arange(MONTHS)
    for k, month in enumerate(months):
        for r, (code, name) in enumerate(zip(regions.code, regions.name, strict=True)):
            cells = []
            for key in keys:
                if key in persons:
                    cells.append(str(int(persons[key][k, r])))
                elif key == "wage":
                    cells.append(_yuan(wage[k, r]))
                else:
                    cells.append(_yuan(cents[key][k, r]))
            rows.append([str(code), str(name), str(month), *cells])
    return rows, origin


def _yuan(cents: int | np.integer) -> str:
    """Fen as yuan with two decimals, exactly (no float rounding)."""
    value = int(cents)
    sign = "-" if value < 0 else ""
    whole, fen = divmod(abs(value), 100)
    return f"{sign}{whole}.{fen:02d}"


def _text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the shipped file; exit 1 if it differs")
    args = parser.parse_args()
    rows, origin = build()
    text = _text(rows)
    if args.check:
        same = CSV_PATH.is_file() and CSV_PATH.read_text(encoding="utf-8") == text
        print(f"{CSV_PATH}: {'up to date' if same else 'DIFFERS from a rebuild'}")
        return 0 if same else 1
    CSV_PATH.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".build-", dir=CSV_PATH.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.chmod(temp, 0o644)
    os.replace(temp, CSV_PATH)
    print(f"{CSV_PATH}: {len(rows) - 1} rows written (insured and wage: {origin})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
