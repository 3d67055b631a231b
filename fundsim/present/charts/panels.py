"""Charts of sweeps, comparisons and frontiers for the HTML report, in the report's own style.

The style is the run report's: the style file shipped in the package (Okabe–Ito palette,
readable sizes) and Noto Sans CJK SC from :func:`fundsim.present.style.use_cjk_font`, applied only
inside :func:`matplotlib.style.context` / :func:`matplotlib.rc_context`. The object API only
(:class:`~matplotlib.figure.Figure`, no pyplot). The callers pass text already translated from
the message catalogue, so this module holds no language of its own; charts come back as SVG
bytes with text drawn as outlines.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import matplotlib
import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from fundsim.present.charts.labels import margin_labels
from fundsim.present.style import chart_context

# Reference lines: the general test (vermillion), the difficult-firm test (orange), a target
# (black); the run report's charts use the same colours.
REFERENCE_COLORS = {"general": "#D55E00", "difficult": "#E69F00", "target": "#000000",
                    "frontier": "#009E73"}
REFERENCE_STYLES = {"general": "--", "difficult": ":", "target": "--", "frontier": "-."}
_LINESTYLES = ("-", "--", ":", "-.")
BAND_ALPHA = 0.18


@dataclass
class Line:
    """One line of a panel, with an optional band (low, high) drawn in its colour."""

    label: str
    y: np.ndarray
    low: np.ndarray | None = None
    high: np.ndarray | None = None


@dataclass
class Panel:
    """One panel: a title, a y label, its lines and labelled reference lines
    ``(level, label, kind)`` with kind ``general``, ``difficult`` or ``target``."""

    title: str
    ylabel: str
    lines: list[Line]
    references: list[tuple[float, str, str]] = field(default_factory=list)
    percent: bool = False  # y values are shares, shown as %
    integer: bool = False  # y values are counts
    top: float | None = None  # upper y limit (clipped data are drawn at it)


@contextlib.contextmanager
def report_style() -> Iterator[None]:
    """The report's chart style and the CJK font, for one figure; global state untouched
    (:func:`fundsim.present.style.chart_context`)."""
    with chart_context():
        yield


def svg(build: Callable[[], Figure]) -> bytes:
    """The figure ``build()`` makes, drawn in the report's style, as SVG bytes."""
    with report_style():
        fig = build()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _styles(n: int) -> list[dict[str, str]]:
    """Colour and line style per line: the palette's colours, then the same colours dashed,
    dotted … The colours of the reference lines (vermillion, orange, black) and the faint
    yellow are left out, so that a line is never mistaken for a test line and a scenario or
    swept value keeps its colour in every chart of a page."""
    reserved = {REFERENCE_COLORS[k].lower().lstrip("#")
                for k in ("general", "difficult", "target")} | {"f0e442"}
    colors = [c for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
              if c.lower().lstrip("#") not in reserved]
    return [{"color": colors[i % len(colors)],
             "linestyle": _LINESTYLES[(i // len(colors)) % len(_LINESTYLES)]}
            for i in range(n)]


def _reference(ax: Axes, level: float, kind: str) -> None:
    """A horizontal reference line (labelled by :func:`_label_references`)."""
    ax.axhline(level, color=REFERENCE_COLORS[kind], linestyle=REFERENCE_STYLES[kind],
               linewidth=1.3, zorder=1)


def _label_references(ax: Axes, references: Sequence[tuple[float, str, str]],
                      axes_height_in: float) -> None:
    """The reference lines' labels in the margin right of the axes, where no line runs, moved
    apart where they would overlap (the y limits must be final)."""
    if references:
        margin_labels(ax, [level for level, _, _ in references],
                      [label for _, label, _ in references],
                      [REFERENCE_COLORS[kind] for _, _, kind in references],
                      axes_height_in=axes_height_in)


def _width(i: int, n: int) -> float:
    """Line width of a panel's i-th of ``n`` lines: the first widest, later ones narrower and
    drawn on top, so that lines at the same level show as a core inside a halo instead of
    hiding one another."""
    return 2.0 if n == 1 else max(1.2, 3.4 - 0.55 * i)


@dataclass
class XAxis:
    """The x axis of a panel figure: numeric values (``percent`` for shares), categories
    (``labels``: one tick per position) or dates (``dates``: monthly steps)."""

    values: np.ndarray
    label: str
    labels: Sequence[str] | None = None
    percent: bool = False
    dates: bool = False


def _format_x(ax: Axes, x: XAxis) -> None:
    if x.dates:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    elif x.labels is not None:
        ax.set_xticks(np.arange(len(x.labels)), list(x.labels))
        ax.set_xlim(-0.5, len(x.labels) - 0.5)
    else:
        if len(x.values) <= 12:
            ax.set_xticks(x.values)
        if x.percent:
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))


def line_panels(title: str, x: XAxis, panels: Sequence[Panel], *, band_label: str | None = None,
                ncols: int | None = None, width: float = 12.0,
                panel_height: float = 4.2) -> Figure:
    """Panels side by side (or in rows) sharing the x axis; every panel's lines in the same
    order and colours, so one legend below serves them all."""
    ncols = ncols or len(panels)
    nrows = -(-len(panels) // ncols)
    n_lines = max(len(p.lines) for p in panels)
    styles = _styles(n_lines)
    fig = Figure(figsize=(width, 1.3 + panel_height * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    positions = np.arange(len(x.values)) if x.labels is not None else x.values
    for ax, panel in zip(axes.flat, panels, strict=False):
        # more than two bands blur into one another: then only the first line keeps its band
        banded = [line for line in panel.lines if line.low is not None and line.high is not None]
        one_band = len(banded) > 2
        for i, (style, line) in enumerate(zip(styles, panel.lines, strict=False)):
            y = np.asarray(line.y, dtype=float)
            keep = not one_band or i == 0
            low = None if line.low is None or not keep else np.asarray(line.low, dtype=float)
            high = None if line.high is None or not keep else np.asarray(line.high, dtype=float)
            if panel.top is not None:
                y, low, high = (None if a is None else np.minimum(a, panel.top)
                                for a in (y, low, high))
            if x.dates:
                if low is not None and high is not None:
                    ax.fill_between(positions, low, high, step="post", color=style["color"],
                                    alpha=BAND_ALPHA, linewidth=0)
                ax.step(positions, y, where="post", **style, linewidth=_width(i, len(panel.lines)),
                        zorder=2 + i)
            else:
                if low is not None and high is not None:
                    ax.fill_between(positions, low, high, color=style["color"],
                                    alpha=BAND_ALPHA, linewidth=0)
                ax.plot(positions, y, marker="o", markersize=max(3.0, 6 - i), **style,
                        linewidth=_width(i, len(panel.lines)),
                        zorder=2 + i)
        for level, _label, kind in panel.references:
            _reference(ax, level, kind)
        ax.set_title(panel.title)
        ax.set_ylabel(panel.ylabel)
        if panel.percent:
            ax.set_ylim(-0.03, 1.08)
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        else:
            shown = [a for line in panel.lines for a in (line.y, line.high) if a is not None]
            peak = max((float(np.max(a[np.isfinite(a)])) for a in shown
                        if np.isfinite(a).any()), default=0.0)
            top = panel.top if panel.top is not None else peak
            ax.set_ylim(bottom=0, top=max(top * 1.08, 1.0))
            if panel.integer:
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            else:
                ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.6g}"))
        # the axes' height once laid out: the panel less its title and tick labels
        _label_references(ax, panel.references, axes_height_in=panel_height - 1.0)
        _format_x(ax, x)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(title)
    axes[nrows - 1, (len(panels) - (nrows - 1) * ncols - 1) // 2].set_xlabel(x.label)
    labels = [line.label for line in max((p.lines for p in panels), key=len)]
    handles: list = [Line2D([], [], linewidth=2, **style) for style in styles]
    if band_label:
        # where only the first line keeps its band, the patch takes its colour
        single = any(sum(line.low is not None for line in p.lines) > 2 for p in panels)
        handles.append(Patch(color=styles[0]["color"] if single else "#777777", alpha=0.35,
                             linewidth=0))
        labels.append(band_label)
    if len(labels) > 1 or band_label:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4))
    return fig


def frontier_figure(title: str, ratio: np.ndarray, probability: np.ndarray, *, xlabel: str,
                    ylabel: str, curve_label: str, target: float, target_label: str,
                    frontier: float | None, frontier_label: str | None,
                    achieved: float | None, meets_label: str) -> Figure:
    """P(meeting the test) against the ratio, the target line, the frontier marked and the
    ratios that meet the target shaded."""
    fig = Figure(figsize=(10, 5.8), layout="constrained")
    ax = fig.add_subplot()
    color = _styles(1)[0]["color"]
    if frontier is not None:
        ax.axvspan(float(np.min(ratio)), frontier, color=REFERENCE_COLORS["frontier"],
                   alpha=0.10, linewidth=0, label=meets_label)
    ax.plot(ratio, probability, marker="o", markersize=4, color=color, linewidth=2,
            label=curve_label)
    _reference(ax, target, "target")
    if frontier is not None and frontier_label is not None:
        ax.axvline(frontier, color=REFERENCE_COLORS["frontier"],
                   linestyle=REFERENCE_STYLES["frontier"], linewidth=1.5)
        if achieved is not None:
            ax.plot([frontier], [achieved], marker="D", markersize=8, linestyle="none",
                    color=REFERENCE_COLORS["frontier"])
        ax.annotate(frontier_label, xy=(frontier, 0.04), xycoords=ax.get_xaxis_transform(),
                    xytext=(-6, 0), textcoords="offset points", ha="right", va="bottom",
                    fontsize=10, color="#006b4f",
                    bbox={"boxstyle": "square,pad=0.2", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.85})
    span = float(np.max(ratio) - np.min(ratio)) or 1.0
    ax.set_xlim(float(np.min(ratio)) - 0.02 * span, float(np.max(ratio)) + 0.02 * span)
    ax.set_ylim(-0.03, 1.05)
    _label_references(ax, [(target, target_label, "target")], axes_height_in=5.8 - 1.2)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="lower left")
    return fig
