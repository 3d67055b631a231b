"""Rebuild ``inner_mongolia.csv`` (the default province's opening state) from stated constants.

Every figure and rule is explained, with its source, in ``inner_mongolia.sources.md`` beside
this file. Constants marked [P] are published, [D] derived from published figures, [A] stated
assumptions, [E] values of the earlier illustrative table this one replaced (kept for the
regional patterns no publication gives).

    python fundsim/scenarios/data/build_inner_mongolia.py           # write the CSV
    python fundsim/scenarios/data/build_inner_mongolia.py --check   # compare, exit 1 if different
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import sys
import tempfile
from pathlib import Path

CSV_PATH = Path(__file__).with_name("inner_mongolia.csv")
COLUMNS = [
    "code", "name", "insured", "wage", "opening_balance", "last_year_expenditure",
    "last_year_benefits", "last_year_contributions", "benefit_recipients", "monthly_benefit",
    "remittance_rate", "sme_share", "large_share", "eligible_share_sme", "eligible_share_large",
    "zero_layoff_share", "layoff_rate", "small30_share", "firms", "sme_firm_share",
    "difficult_share", "trainee_intake", "special_difficulty", "skills_opening_balance",
    "cap_multiple", "wage_class",
]
SHARE_COLUMNS = COLUMNS[10:18] + ["sme_firm_share", "difficult_share"]
TOLERANCE = 1e-9

# code, name, special_difficulty [A]; then the earlier table's insured, monthly wage, opening
# balance and last year's expenditure [E] (yuan).
REGIONS: list[tuple[str, str, int, float, float, float, float]] = [
    ("150100", "呼和浩特市", 0, 620_000, 6900, 870_910_000.0, 337_125_000.0),
    ("150200", "包头市", 0, 540_000, 6800, 697_220_000.0, 309_874_000.0),
    ("150300", "乌海市", 0, 105_000, 6300, 106_280_000.0, 60_729_000.0),
    ("150400", "赤峰市", 0, 360_000, 5600, 269_460_000.0, 190_209_000.0),
    ("150500", "通辽市", 0, 250_000, 5500, 158_120_000.0, 135_532_000.0),
    ("150600", "鄂尔多斯市", 0, 470_000, 7600, 896_270_000.0, 244_438_000.0),
    ("150700", "呼伦贝尔市", 0, 300_000, 5700, 271_900_000.0, 171_729_000.0),
    ("150800", "巴彦淖尔市", 0, 175_000, 5300, 82_380_000.0, 98_852_000.0),
    ("150900", "乌兰察布市", 0, 150_000, 5200, 59_330_000.0, 88_992_000.0),
    ("152200", "兴安盟", 1, 95_000, 5000, 29_040_000.0, 58_088_000.0),
    ("152500", "锡林郭勒盟", 0, 140_000, 6200, 171_110_000.0, 70_803_000.0),
    ("152900", "阿拉善盟", 0, 45_000, 7000, 29_570_000.0, 23_654_000.0),
    ("150781", "满洲里市", 0, 26_000, 5400, 12_570_000.0, 16_762_000.0),
    ("152501", "二连浩特市", 1, 12_000, 5300, 3_820_000.0, 15_274_000.0),
]
EARLIER_TRAINEE_TOTAL = 3457.0          # [E] 以工代训 trainees per month, all regions
EARLIER_SKILLS_TOTAL = 168_300_000.0    # [E] skills-account balances, all regions, yuan

TOTAL_INSURED = 2_765_000               # [P] Inner Mongolia, year-end 2020
ANCHOR_INSURED = {"150200": 451_000, "150600": 222_000, "152200": 90_000}  # [P]
AVG_WAGE_2019_MONTH = 80_563 / 12       # [D] 85,310 (2020) − 4,747, per month
CONTRIB_RATIO = (3.6e8 / 11) / (451_000 * 0.01) / (108_856 / 12)  # [D] Baotou 2024 ≈ 0.79995
ORDOS_WAGE_INDEX = 78_166 / 66_679      # [D] Ordos 2017 ÷ Inner Mongolia 2017
RATE = 0.01                             # [P] unemployment-insurance contribution rate
COLLECTION = 0.95                       # [A] collection rate of the default scenario
MW_2017 = {1: 1760, 2: 1660, 3: 1560, 4: 1460}  # [P] 内政办发〔2017〕135号, yuan/month
BENEFIT_SHARE_2019 = 0.80               # [P] 内人社办发〔2017〕261号, months 1–12
WAGE_CLASS_2017 = {"150100": 1, "150200": 1, "150300": 1, "150400": 2, "150500": 2,
                   "150600": 1, "150700": 2, "150800": 3, "150900": 2, "152200": 3,
                   "152500": 2, "152900": 1, "150781": 1, "152501": 1}  # [P]; 3 of the 2s [A]
WAGE_CLASS = {"150100": 1, "150200": 1, "150300": 1, "150400": 2, "150500": 2, "150600": 1,
              "150700": 2, "150800": 2, "150900": 2, "152200": 2, "152500": 1, "152900": 1,
              "150781": 1, "152501": 1}  # [P] 内政办发〔2021〕69号
IM_S2 = 0.396                           # [P] secondary-industry share of GDP, 2020
S2 = {"150200": 0.414, "152900": 0.570, "150800": 0.294, "150500": 0.323,
      "150300": 0.638, "150781": 0.349}  # [P] regional shares (years differ)
IM_U = 3.8                              # [P] registered urban unemployment rate 2020, %
U = {"150200": 3.88, "152900": 3.3, "150800": 4.33, "150500": 3.89}  # [P]
RECIPIENT_RATIO = 3.1 / 225.5           # [P] 2008 recipients ÷ insured (万)
RETURN_2019 = 0.5                       # [P] 2019 return: 50% of last year's contributions
TAKEUP_2019 = 0.3556                    # [A] national 2019 take-up by workers covered
SKILL_SUBSIDY_PER_INSURED = 3.0         # [A] yuan per insured per year
INSURED_PER_FIRM = 154.13e4 / 5.08e4    # [D] 2022 returns: workers ÷ firms
MONTHS_FLOOR = 8.0                      # [A] reserves below this are lifted


def build() -> str:
    """The CSV text built from the constants."""
    codes = [r[0] for r in REGIONS]
    earlier = {r[0]: r for r in REGIONS}

    rest = [c for c in codes if c not in ANCHOR_INSURED]
    remainder = TOTAL_INSURED - sum(ANCHOR_INSURED.values())
    base = sum(earlier[c][3] for c in rest)
    insured = {c: ANCHOR_INSURED.get(c) or round(earlier[c][3] * remainder / base, -2)
               for c in codes}
    insured[rest[0]] += TOTAL_INSURED - sum(insured.values())  # rounding closed on Hohhot
    total = sum(insured.values())

    others = [c for c in codes if c != "150600"]
    k = (total - insured["150600"] * ORDOS_WAGE_INDEX) / sum(
        insured[c] * earlier[c][4] for c in others)
    index = {c: ORDOS_WAGE_INDEX if c == "150600" else earlier[c][4] * k for c in codes}
    wage = {c: round(AVG_WAGE_2019_MONTH * CONTRIB_RATIO * index[c]) for c in codes}

    s2 = {c: S2.get(c, IM_S2) for c in codes}
    u = {c: U.get(c, IM_U) for c in codes}
    large = {c: round(min(0.55, max(0.25, 0.38 * math.sqrt(s2[c] / IM_S2)
                                    * math.sqrt(index[c]))), 3) for c in codes}
    mean_large = sum(large[c] * insured[c] for c in codes) / total

    rows: list[dict[str, object]] = []
    for code, name, special, _, _, earlier_balance, earlier_spending in REGIONS:
        contrib = insured[code] * wage[code] * 12 * RATE * COLLECTION
        benefit = round(BENEFIT_SHARE_2019 * MW_2017[WAGE_CLASS_2017[code]])
        recipients = round(insured[code] * RECIPIENT_RATIO * u[code] / IM_U)
        benefits = recipients * benefit * 12
        spending = (benefits + RETURN_2019 * TAKEUP_2019 * contrib
                    + SKILL_SUBSIDY_PER_INSURED * insured[code])
        months = earlier_balance / (earlier_spending / 12)
        months = months if months >= MONTHS_FLOOR else 6 + (months - 3) * 0.5
        per_firm = INSURED_PER_FIRM * (0.5 + large[code]) / (0.5 + mean_large)
        d = (s2[code] - IM_S2) / 0.1
        rows.append({
            "code": code, "name": name, "insured": int(insured[code]), "wage": wage[code],
            "opening_balance": round(months * spending / 12, 2),
            "last_year_expenditure": round(spending, 2),
            "last_year_benefits": int(benefits),
            "last_year_contributions": round(contrib, 2),
            "benefit_recipients": recipients, "monthly_benefit": benefit,
            # blank: the law's rate applies (policy.pool.remittance_rate, 0.05 — not found)
            "remittance_rate": None,
            "sme_share": round(1 - large[code], 3), "large_share": large[code],
            "eligible_share_sme": round(0.93 - 0.01 * (WAGE_CLASS_2017[code] - 1) - 0.01 * d, 3),
            "eligible_share_large": round(0.955 - 0.0075 * d, 3),
            "zero_layoff_share": round(0.72 - 0.10 * (u[code] - IM_U) / IM_U - 0.01 * d, 3),
            "layoff_rate": round(0.09 * (1 + 0.5 * (s2[code] - IM_S2) / IM_S2)
                                 * u[code] / IM_U, 4),
            "small30_share": round(0.30 * INSURED_PER_FIRM / per_firm, 3),
            "firms": round(insured[code] / per_firm),
            "sme_firm_share": round(1 - 0.025 * large[code] / mean_large, 4),
            "difficult_share": round(0.02 * u[code] / IM_U * (1 + 0.5 * d / 4), 4),
            "special_difficulty": special, "cap_multiple": None,
            "wage_class": WAGE_CLASS[code],
        })

    sme_contrib = [float(r["last_year_contributions"]) * float(r["sme_share"]) for r in rows]
    all_contrib = sum(float(r["last_year_contributions"]) for r in rows)
    for row, sme in zip(rows, sme_contrib, strict=True):
        row["trainee_intake"] = round(EARLIER_TRAINEE_TOTAL * sme / sum(sme_contrib))
        row["skills_opening_balance"] = round(
            EARLIER_SKILLS_TOTAL * float(row["last_year_contributions"]) / all_contrib, -3)

    keys = {tuple(r[c] for c in SHARE_COLUMNS) for r in rows}
    if len(keys) != len(rows):
        raise ValueError("two regions share every share column")

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([["" if r[c] is None else r[c] for c in COLUMNS] for r in rows])
    return out.getvalue()


def differences(built: str, shipped: str) -> list[str]:
    """Cells of ``shipped`` that differ from ``built`` beyond ``TOLERANCE`` (relative)."""
    a = list(csv.reader(io.StringIO(built)))
    b = list(csv.reader(io.StringIO(shipped)))
    if a[0] != b[0] or len(a) != len(b):
        return [f"header or row count differs: {b[0]} ({len(b) - 1} rows)"]
    found = []
    for n, (x, y) in enumerate(zip(a[1:], b[1:], strict=True), start=2):
        for column, p, q in zip(a[0], x, y, strict=True):
            try:
                same = math.isclose(float(p), float(q), rel_tol=TOLERANCE, abs_tol=0.0)
            except ValueError:
                same = p == q
            if not same:
                found.append(f"row {n} {column}: built {p!r}, shipped {q!r}")
    return found


def write(text: str, path: Path) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    """Write the CSV, or with ``--check`` compare it with the build (exit 1 if different)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="rebuild in memory and compare with the shipped CSV")
    args = parser.parse_args(argv)
    text = build()
    if not args.check:
        write(text, CSV_PATH)
        print(f"wrote {CSV_PATH}")
        return 0
    found = differences(text, CSV_PATH.read_text(encoding="utf-8-sig"))
    for line in found:
        print(line, file=sys.stderr)
    print(f"{CSV_PATH.name}: {'differs' if found else 'matches the build'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
