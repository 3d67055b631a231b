"""Numbers the way each reader expects them: 万元 / 亿元 in Chinese, million / billion yuan in
English; months, shares, counts and dates.

A table column shares one unit and one number of decimals (:func:`money_unit`), so its figures
can be compared at a glance; a figure in a sentence gets its own unit (:func:`money`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import xarray as xr

from fundsim.present.messages import check_language, messages
from fundsim.run import metrics

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")
# (threshold in yuan from which the unit is used, scale, message key), largest first
_UNITS = {
    "zh": ((1e8, 1e8, "unit.yi"), (0.0, 1e4, "unit.wan")),
    "en": ((1e9, 1e9, "unit.billion"), (0.0, 1e6, "unit.million")),
}
# At least this many significant digits for the largest figure, at most this many decimals.
_SIGNIFICANT = 3
_MAX_DECIMALS = {"zh": 2, "en": 3}
DASH = "—"
MINUS = "−"


@dataclass(frozen=True)
class MoneyUnit:
    """A unit for money figures: yuan per unit, its label, and the decimals to show."""

    scale: float
    label: str
    decimals: int

    def format(self, yuan: float) -> str:
        """``yuan`` in this unit, without the label (e.g. '12,345.6')."""
        if not np.isfinite(yuan):
            return DASH
        return number(yuan / self.scale, self.decimals)


def number(value: float, decimals: int = 0) -> str:
    """A number with thousands separators, a true minus sign and no '-0'."""
    if value is None or not np.isfinite(value):
        return "∞" if value is not None and np.isinf(value) and value > 0 else DASH
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and any(c not in "0.," for c in text)
    return (MINUS if negative else "") + text


def _decimals(peak: float, smallest: float, lang: str) -> int:
    """Decimals giving the peak 3 significant digits and the smallest non-zero figure one."""
    if peak <= 0:
        return 0
    wanted = _SIGNIFICANT - (math.floor(math.log10(peak)) + 1)
    if smallest > 0:
        wanted = max(wanted, -math.floor(math.log10(smallest)))
    return int(min(max(wanted, 0), _MAX_DECIMALS[lang]))


def money_unit(values: Iterable[float] | np.ndarray, lang: str) -> MoneyUnit:
    """One unit and number of decimals for a set of yuan figures (a table column)."""
    check_language(lang)
    array = np.abs(np.asarray(list(values) if not isinstance(values, np.ndarray) else values,
                              dtype=float))
    array = array[np.isfinite(array)]
    peak = float(array.max()) if array.size else 0.0
    scale, key = next((scale, key) for threshold, scale, key in _UNITS[lang]
                      if peak >= threshold)
    nonzero = array[array / scale >= 10.0 ** -_MAX_DECIMALS[lang]]
    smallest = float(nonzero.min()) / scale if nonzero.size else 0.0
    return MoneyUnit(scale, messages(lang)(key), _decimals(peak / scale, smallest, lang))


def money(yuan: float, lang: str) -> str:
    """One money figure with its unit: '1.23 亿元', '4,560 万元', '123 million yuan'."""
    unit = money_unit([yuan], lang)
    return f"{unit.format(yuan)} {unit.label}"


def months(value: float, decimals: int = 1) -> str:
    """Months of reserve: '15.1'; infinite (no spending) as '∞'; missing as '—'."""
    return number(value, decimals)


def share(value: float) -> str:
    """A share as a percentage: 0.6 → '60%', 0.055 → '5.5%'."""
    if not np.isfinite(value):
        return DASH
    percent = value * 100
    text = f"{percent:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def count(value: float) -> str:
    """A count of firms, people or regions: whole numbers, fractions (means) to one decimal."""
    if not np.isfinite(value):
        return DASH
    return number(value, 0 if abs(value - round(value)) < 0.05 else 1)


def month_label(month: np.datetime64, lang: str) -> str:
    """'2020年1月' / 'Jan 2020'."""
    day = np.datetime64(month, "D").item()
    return messages(lang)("date.month", year=day.year, month=day.month,
                          month_name=_MONTH_NAMES[day.month - 1])


def join(items: Iterable[str], lang: str) -> str:
    """A list in running text: '甲、乙、丙' / 'A, B, C'."""
    return messages(lang)("list.separator").join(items)


def year_ranges(years: Iterable[int], lang: str) -> str:
    """Consecutive years collapsed: [2020, 2021, 2022, 2024] → '2020–2022, 2024'."""
    ordered = sorted(set(int(y) for y in years))
    spans: list[tuple[int, int]] = []
    for year in ordered:
        if spans and year == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], year)
        else:
            spans.append((year, year))
    t = messages(lang)
    parts = [str(a) if a == b else t("range.years", first=a, last=b) for a, b in spans]
    return join(parts, lang)


def threshold_text(ds: xr.Dataset, test: str, lang: str) -> str:
    """A test's threshold as written in text: '12', or with the changes in force during the
    run, '12（2022年1月起为 6）' / '12 (6 from Jan 2022)'."""
    t = messages(lang)
    values = metrics.threshold(ds, test).values
    first = f"{values[0]:g}"
    changed = np.flatnonzero(values[1:] != values[:-1]) + 1
    if not changed.size:
        return first
    changes = [t("threshold.from", value=f"{values[i]:g}",
                 month=month_label(ds["month"].values[i], lang)) for i in changed]
    return t("threshold.changes", first=first, changes=join(changes, lang))
