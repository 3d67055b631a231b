"""Labels that never sit on data: text in the right margin beside the end of a line (direct
labels instead of a colour-only legend), spread apart so that no two overlap, and the readable
name and unit of a swept key for an axis."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import Locator

from fundsim.present.messages import MESSAGES, messages

# A Chinese name in brackets at the end of a law description: "… (稳岗返还比例·中小微企业)".
_TRAILING_CHINESE = re.compile(r"[（(]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]\s*$")
# Height of a margin label as a multiple of its font size (line height with some air).
LINE_HEIGHT = 1.35


def spread(values: Sequence[float], gap: float) -> np.ndarray:
    """``values`` moved apart as little as needed so that neighbours are at least ``gap``
    apart, keeping their order and their mean position where they had to move."""
    y = np.asarray(values, dtype=float)
    order = np.argsort(y, kind="stable")
    # clusters of labels pushed together, each centred on its members' mean
    clusters: list[list[float]] = []  # [sum of targets, count]
    for value in y[order]:
        clusters.append([value, 1.0])
        while len(clusters) > 1:
            (s1, n1), (s2, n2) = clusters[-2], clusters[-1]
            top_of_lower = s1 / n1 + (n1 - 1) * gap / 2
            bottom_of_upper = s2 / n2 - (n2 - 1) * gap / 2
            if bottom_of_upper - top_of_lower >= gap:
                break
            clusters[-2:] = [[s1 + s2, n1 + n2]]
    placed = []
    for total, count in clusters:
        centre = total / count
        placed.extend(centre + (np.arange(count) - (count - 1) / 2) * gap)
    out = np.empty_like(y)
    out[order] = placed
    return out


def margin_labels(ax: Axes, levels: Sequence[float], texts: Sequence[str],
                  colors: Sequence[str], *, axes_height_in: float, fontsize: float = 9) -> None:
    """Labels just right of the axes at ``levels`` (data y), outside the plotting area where no
    line runs, moved apart (with a thin leader line to the level when moved) so that none
    overlaps another. ``axes_height_in``: the axes' height in inches, to place the labels in
    points (the y limits must be final)."""
    low, high = ax.get_ylim()
    height_pt = max(axes_height_in, 1e-6) * 72
    at = (np.clip(np.asarray(levels, dtype=float), low, high) - low) / (high - low) * height_pt
    placed = spread(at, fontsize * LINE_HEIGHT)
    for level, y, shifted, text, color in zip(levels, at, placed, texts, colors, strict=True):
        moved = abs(shifted - y) > 1.0
        ax.annotate(text, xy=(1.0, min(max(level, low), high)),
                    xycoords=ax.get_yaxis_transform(), xytext=(8 if moved else 3, shifted - y),
                    textcoords="offset points", ha="left", va="center", fontsize=fontsize,
                    color=color, annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.6,
                                "shrinkA": 0, "shrinkB": 0} if moved else None)


class InsideLocator(Locator):
    """Another locator's ticks without those at the right end of the axis: in small multiples
    side by side, a label there would run into the next panel's first label."""

    def __init__(self, inner: Locator, room: float = 0.06):
        self.inner = inner
        self.room = room

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self):
        low, high = sorted(self.axis.get_view_interval())
        return [t for t in self.inner() if t <= high - self.room * (high - low)]

    def tick_values(self, vmin, vmax):
        return self.inner.tick_values(vmin, vmax)


def place_grid(fig: Any, rows: int, cols: int, margin: dict[str, float], gap_x: float,
               gap_y: float) -> tuple[float, float]:
    """Lay out ``fig``'s rows × cols panels with margins and gaps in inches (``margin``: left,
    right, top, bottom), whatever the figure's size: fixed room for titles, labels and legends,
    where constrained layout would take most of the drawing time of a dozen panels. Returns a
    panel's width and height in inches."""
    width, height = fig.get_size_inches()
    panel_w = (width - margin["left"] - margin["right"] - (cols - 1) * gap_x) / cols
    panel_h = (height - margin["top"] - margin["bottom"] - (rows - 1) * gap_y) / rows
    fig.subplots_adjust(left=margin["left"] / width, right=1 - margin["right"] / width,
                        top=1 - margin["top"] / height, bottom=margin["bottom"] / height,
                        wspace=gap_x / panel_w, hspace=gap_y / panel_h)
    return panel_w, panel_h


def text_width_in(text: str, fontsize: float) -> float:
    """Rough printed width of ``text`` in inches: a Chinese character one em, other
    characters about 0.6 em."""
    ems = sum(1.0 if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 0.6
              for c in text)
    return ems * fontsize / 72


def key_label(key: str, lang: str = "zh", ds: Any = None) -> str:
    """A swept key's readable name: the catalogue's ``plot.key.<key>``, else the Chinese name
    at the end of the law's description (``zh``) or the description (``en``), else the key."""
    catalogue = f"plot.key.{key}"
    if catalogue in MESSAGES:
        return messages(lang)(catalogue)
    param = _parameter(key, ds)
    if param is None:
        return key
    if lang == "zh":
        found = _TRAILING_CHINESE.search(param.description)
        if found:
            return found[1]
        chinese = getattr(param, "description_zh", "")
        if chinese:
            return re.split(r"[：（(，]", chinese, maxsplit=1)[0]
        return key
    return param.description.split(" — ")[0].split(" (")[0]


def key_unit(key: str, ds: Any = None) -> str | None:
    """The unit of a swept key (``share``, ``choice``, ``months`` …) or None."""
    param = _parameter(key, ds)
    return param.unit if param is not None else None


def key_axis(key: str, lang: str = "zh", ds: Any = None) -> str:
    """An axis label: the key's name with its unit ('…（%）'), never the raw key alone
    unless nothing else is known."""
    label = key_label(key, lang, ds)
    unit = key_unit(key, ds)
    shown = messages(lang)(f"plot.unit.{unit}") if unit and f"plot.unit.{unit}" in MESSAGES \
        else ""
    return messages(lang)("plot.key_with_unit", label=label, unit=shown) if shown else label


def value_text(key: str, value: Any, lang: str = "zh", ds: Any = None) -> str:
    """A swept value as a tick reads it: '60%' for shares, the choice's name for choices."""
    if isinstance(value, np.generic):
        value = value.item()
    unit = key_unit(key, ds)
    if isinstance(value, bool):
        return messages(lang)("value.true" if value else "value.false")
    if isinstance(value, str):
        return messages(lang)(f"choice.{value}") if f"choice.{value}" in MESSAGES else value
    if unit == "share" and isinstance(value, int | float):
        return f"{value * 100:.4g}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _parameter(key: str, ds: Any) -> Any:
    """The parameter ``key`` as the run's record keeps it, else as current law has it."""
    found = None
    if ds is not None:
        try:
            from fundsim.run.record import recorded_parameters

            found = recorded_parameters(ds).get(key)
        except (KeyError, ValueError, TypeError):  # an old or partial record: current law
            found = None
    if found is not None and getattr(found, "unit", None):
        return found
    from fundsim.law.parameter import load_law  # cached by the law's files' times

    return load_law().get(key)
