"""The 2008 provincial cross-section: fundsim's reserve tests applied to the published accounts
of the 31 provinces (China Statistical Yearbook 2009, table 22-43, shipped as
``provinces-2008.csv``).

This checks the reserve-test arithmetic on real accounts and shows the spread of provincial
funds a planner's province sits in. It is not a projection test: the table has no 2007 state,
so nothing is rolled forward. :func:`load_provinces` validates the table, :func:`cross_section`
computes the ratios per province, :func:`sum_check` adds the provinces up against the 全国 row
and :func:`summarize` counts, ranks and flags outliers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

from fundsim.base.errors import InputError, Problem
from fundsim.validation.history import read_rows

PROVINCES = Path(__file__).with_name("provinces-2008.csv")
NATIONAL = "全国"

# column → what it is, in the unit printed by the yearbook
FIGURES: dict[str, str] = {
    "insured_wan": "insured at year end (年末参加失业保险人数), 万人",
    "recipients_wan": "benefit recipients at year end (年末领取失业保险金人数), 万人",
    "income_yi": "fund income (基金收入), 亿元",
    "expenditure_yi": "fund expenditure (基金支出), 亿元",
    "balance_yi": "year-end balance (累计结存), 亿元",
}
COLUMNS = ("province", *FIGURES, "source_title", "source_url")

# the ratios of the cross-section, searched for outliers by :func:`summarize`
MEASURES: dict[str, str] = {
    "reserve_months": "months of reserve",
    "income_to_expenditure": "income ÷ expenditure",
    "spending_per_recipient": "expenditure per recipient per month (yuan)",
    "recipients_per_100_insured": "recipients per 100 insured",
}


def _figure(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite() or value < 0:
        raise InvalidOperation
    return value


def load_provinces(path: Path | str = PROVINCES) -> pd.DataFrame:
    """Read and validate a provincial table; raise InputError listing every problem.

    One row per province in file order, the 全国 row included, with the five figures as
    numbers, ``<figure>_rounding`` (half a unit of the last printed digit), ``line`` and
    ``national`` (True on the 全国 row).
    """
    path = Path(path)
    file = str(path)
    problems, rows = read_rows(path, COLUMNS)
    records: list[dict] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        where = f"row {line}"
        province = cells["province"]
        if not province:
            problems.append(Problem(file, where, "province", "every row needs a province"))
        elif province in seen:
            problems.append(Problem(file, where, "province",
                                    f"{province!r} is already on row {seen[province]}"))
        else:
            seen[province] = line
        record: dict = {"province": province, "line": line, "national": province == NATIONAL,
                        "source_title": cells["source_title"], "source_url": cells["source_url"]}
        for name in FIGURES:
            try:
                value = _figure(cells[name])
            except InvalidOperation:
                problems.append(Problem(file, where, name,
                                        f"not a non-negative number: {cells[name]!r}"))
                continue
            record[name] = float(value)
            record[f"{name}_rounding"] = float(Decimal(1).scaleb(value.as_tuple().exponent) / 2)
        if not cells["source_title"]:
            problems.append(Problem(file, where, "source_title",
                                    "every row needs the title of its publication"))
        records.append(record)
    if not problems and NATIONAL not in seen:
        problems.append(Problem(file, "", "province",
                                f"no {NATIONAL} row: the sum check needs the national total"))
    if not problems and len(seen) < 2:
        problems.append(Problem(file, "", "province", "no provinces in the table"))
    if problems:
        raise InputError(problems)
    return pd.DataFrame.from_records(records)


def _table(table: Path | str | pd.DataFrame | None) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        return table
    return load_provinces(PROVINCES if table is None else table)


def _ratio(top: pd.Series | np.ndarray, bottom: pd.Series | np.ndarray,
           empty: float) -> np.ndarray:
    """top ÷ bottom, ``empty`` where bottom is zero."""
    top, bottom = np.asarray(top, float), np.asarray(bottom, float)
    return np.divide(top, bottom, out=np.full(top.shape, empty), where=bottom > 0)


def cross_section(table: Path | str | pd.DataFrame | None = None,
                  general_months: float = 12.0, difficult_months: float = 24.0) -> pd.DataFrame:
    """Per province (the 全国 row last): the printed figures, fundsim's reserve tests and
    three ratios.

    - ``reserve_months`` = year-end balance ÷ (expenditure ÷ 12): the figure fundsim's January
      test would use in 2009 (total spending as the denominator; none spent = unbounded);
      ``reserve_months_low``/``_high`` are its bounds under the rounding of the two figures;
    - ``passes_general`` / ``passes_difficult``: reserve ≥ ``general_months`` /
      ``difficult_months``; ``borderline``: the rounding bounds straddle a threshold, so the
      printed figures cannot decide a test;
    - ``income_to_expenditure``;
    - ``spending_per_recipient``: all fund expenditure (not only benefits) per recipient per
      month, yuan, with the year-end recipients standing in for the year's average stock
      (NaN where no recipient was printed);
    - ``recipients_per_100_insured`` (year-end stocks).

    The thresholds are kept in ``attrs`` for :func:`summarize`.
    """
    for name, value in (("general_months", general_months),
                        ("difficult_months", difficult_months)):
        if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a non-negative number of months, got {value!r}")
    data = _table(table)
    data = pd.concat([data[~data["national"]], data[data["national"]]], ignore_index=True)
    balance, spent = data["balance_yi"], data["expenditure_yi"]
    b_round, s_round = data["balance_yi_rounding"], data["expenditure_yi_rounding"]
    months = _ratio(12 * balance, spent, math.inf)
    low = _ratio(12 * (balance - b_round).clip(lower=0), spent + s_round, math.inf)
    high = _ratio(12 * (balance + b_round), spent - s_round, math.inf)
    straddles = np.zeros(len(data), bool)
    for threshold in (general_months, difficult_months):
        straddles |= (low < threshold) & (high >= threshold)
    out = pd.DataFrame({
        "province": data["province"],
        **{name: data[name] for name in FIGURES},
        "reserve_months": months,
        "reserve_months_low": low,
        "reserve_months_high": high,
        "passes_general": months >= general_months,
        "passes_difficult": months >= difficult_months,
        "borderline": straddles,
        "income_to_expenditure": _ratio(data["income_yi"], spent, math.inf),
        # 亿元 → yuan (1e8) over 万人 → persons (1e4), a year → a month (12)
        "spending_per_recipient": _ratio(spent * 1e8, data["recipients_wan"] * 1e4 * 12,
                                         math.nan),
        "recipients_per_100_insured": _ratio(100 * data["recipients_wan"],
                                             data["insured_wan"], math.nan),
        "national": data["national"],
        "source_title": data["source_title"],
        "source_url": data["source_url"],
    })
    out.attrs.update(general_months=general_months, difficult_months=difficult_months)
    return out


def sum_check(table: Path | str | pd.DataFrame | None = None) -> pd.DataFrame:
    """Per figure: the provinces' sum against the 全国 row. ``tolerance`` is the sum of the
    half-units of the last printed digit of every figure added (the provinces' and the
    national one); ``within`` says whether the difference stays inside it."""
    data = _table(table)
    provinces, national = data[~data["national"]], data[data["national"]].iloc[0]
    rows = []
    for name in FIGURES:
        total = round(float(provinces[name].sum()), 9)
        difference = round(total - national[name], 9)
        tolerance = round(float(provinces[f"{name}_rounding"].sum())
                          + national[f"{name}_rounding"], 9)
        rows.append({"figure": name, "provinces": len(provinces), "provinces_sum": total,
                     "national": national[name], "difference": difference,
                     "tolerance": tolerance, "within": abs(difference) <= tolerance})
    return pd.DataFrame.from_records(rows)


def _fences(values: pd.Series) -> tuple[float, float]:
    """Tukey's fences: 1.5 interquartile ranges beyond the quartiles (finite values only)."""
    finite = values[np.isfinite(values)]
    q1, q3 = finite.quantile([0.25, 0.75])
    return q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)


@dataclass(frozen=True)
class Summary:
    """The provinces (not the 全国 row) in a few numbers."""

    provinces: int
    general_months: float
    difficult_months: float
    passes_general: int
    passes_difficult: int
    fails_general: tuple[str, ...]
    fails_difficult: tuple[str, ...]
    borderline: tuple[str, ...]
    median_months: float
    lowest: tuple[str, float]
    highest: tuple[str, float]
    national_months: float
    outliers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def text(self) -> str:
        """The summary as one paragraph, as ``fundsim validate`` prints it."""
        def names(found: tuple[str, ...]) -> str:
            return "、".join(found) if found else "none"

        odd = "; ".join(f"{MEASURES[m]}: {names(p)}" for m, p in self.outliers.items())
        return (f"{self.passes_general} of {self.provinces} provinces pass the "
                f"{self.general_months:g}-month general test (failing: "
                f"{names(self.fails_general)}), {self.passes_difficult} the "
                f"{self.difficult_months:g}-month difficult-firm test (failing: "
                f"{names(self.fails_difficult)}); a test decided only within rounding: "
                f"{names(self.borderline)}. Months of reserve: median "
                f"{self.median_months:.1f}, range {self.lowest[1]:.1f} ({self.lowest[0]}) to "
                f"{self.highest[1]:.1f} ({self.highest[0]}); {NATIONAL} "
                f"{self.national_months:.1f}. Outliers (beyond 1.5 interquartile ranges): "
                f"{odd}.")


def summarize(cross: pd.DataFrame) -> Summary:
    """Count the passes, give the median and range of months of reserve and name the outliers
    of each measure (Tukey's fences over the provinces) of a :func:`cross_section` table."""
    provinces = cross[~cross["national"]]
    national = cross[cross["national"]]
    months = provinces["reserve_months"]
    outliers = {}
    for measure in MEASURES:
        low, high = _fences(provinces[measure])
        odd = provinces[(provinces[measure] < low) | (provinces[measure] > high)]
        outliers[measure] = tuple(odd["province"])
    return Summary(
        provinces=len(provinces),
        general_months=cross.attrs.get("general_months", 12.0),
        difficult_months=cross.attrs.get("difficult_months", 24.0),
        passes_general=int(provinces["passes_general"].sum()),
        passes_difficult=int(provinces["passes_difficult"].sum()),
        fails_general=tuple(provinces.loc[~provinces["passes_general"], "province"]),
        fails_difficult=tuple(provinces.loc[~provinces["passes_difficult"], "province"]),
        borderline=tuple(provinces.loc[provinces["borderline"], "province"]),
        median_months=float(months.median()),
        lowest=(str(provinces.loc[months.idxmin(), "province"]), float(months.min())),
        highest=(str(provinces.loc[months.idxmax(), "province"]), float(months.max())),
        national_months=float(national["reserve_months"].iloc[0]) if len(national) else math.nan,
        outliers=outliers,
    )
