"""Charts of fundsim results, in Chinese (default) or English.

Every plotting function takes the simulation result ``xarray.Dataset`` (dims ``region``,
``month`` and optionally ``path``) and a target file, writes a PNG atomically (temporary file in
the same folder, then :func:`os.replace`) and returns the path. :func:`render` draws the same
charts into memory (SVG or PNG bytes) for the HTML report; :func:`draw` builds a chart once for
both its PNG file and the report's SVG, and :func:`start_charts` draws a run's charts side by
side in forked processes (:mod:`fundsim.present.charts.jobs`). With more than
:data:`~fundsim.present.charts.selection.MANY_REGIONS` regions the reserve and balance charts
show the province and the worst regions, and a heat map shows every region
(:mod:`fundsim.present.charts.selection`).

Only the object-oriented Matplotlib API is used (:class:`matplotlib.figure.Figure`, no
``pyplot``, no backend switching). The look comes from the style file shipped in the package
(``fundsim/present/fundsim.mplstyle``: the colour-blind-safe Okabe–Ito palette, readable sizes);
the CJK font -- Noto Sans CJK SC, shipped by the ``mplfonts`` package under the SIL Open Font
License -- is registered with the font manager on first use. Both are applied through
:func:`matplotlib.style.context` / :func:`matplotlib.rc_context` only, so importing or using
this module does not change global rcParams. All chart text comes from the report's message
catalogue (:mod:`fundsim.present.messages`).
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from fundsim.present.charts import selection
from fundsim.present.charts.jobs import Job, Jobs
from fundsim.present.charts.labels import InsideLocator, margin_labels, place_grid, text_width_in
from fundsim.present.messages import messages
from fundsim.present.numbers import money_unit
from fundsim.present.style import chart_context, save_png
from fundsim.run import metrics

__all__ = [
    "FILE_NAMES",
    "PLOT_KINDS",
    "RESERVE_CLIP_MONTHS",
    "chart_kinds",
    "draw",
    "plot_balances",
    "plot_pool",
    "plot_reserve_map",
    "plot_reserve_months",
    "plot_training",
    "render",
    "start_charts",
    "write_all",
]

#: Reserve months above this value (including ``inf`` for regions without spending) are drawn
#: at this value.
RESERVE_CLIP_MONTHS = 60.0

_DPI = 120
# With more regions than this the legend goes outside the axes on the right.
_MAX_INSIDE_LEGEND = 6
# Region lines: the palette's colours (black excluded, it marks reference lines), then the
# same colours dashed, dotted … so that up to 28 regions stay distinguishable.
_LINESTYLES = ("-", "--", ":", "-.")
_HATCHES = ("", "///", "...", "xxx")
# Reference-line colours (Okabe–Ito vermillion and orange) and the data colour (blue).
_GENERAL_COLOR = "#D55E00"
_DIFFICULT_COLOR = "#E69F00"
_DATA_COLOR = "#0072B2"
# At most this many date ticks on a small panel (an int alone makes Matplotlib warn that it
# cannot pick an interval for a two-year span).
PANEL_TICKS = {mdates.YEARLY: 4, mdates.MONTHLY: 5, mdates.DAILY: 5}
_DATE_FORMATS = {
    "zh": (["%Y年", "%m月", "%d日", "%H:%M", "%H:%M", "%S"],
           ["", "%Y年", "%m月", "%d日", "%H:%M", "%S"],
           ["", "%Y年", "%Y年%m月", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"]),
    "en": (["%Y", "%b", "%d", "%H:%M", "%H:%M", "%S"],
           ["", "%Y", "%b", "%d %b", "%H:%M", "%S"],
           ["", "%Y", "%b %Y", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"]),
}

def _save(fig: Figure, out: Path) -> Path:
    return save_png(fig, Path(out), _DPI)


# --------------------------------------------------------------------------- helpers


def _has_paths(ds: xr.Dataset) -> bool:
    """A Monte Carlo run, its paths kept whole or summarised (:mod:`fundsim.run.summary`)."""
    return metrics.stochastic(ds)


def _path_mean(ds: xr.Dataset, lang: str) -> tuple[xr.Dataset, str]:
    """Mean over Monte Carlo paths (if any) and the title note to go with it."""
    if "path" in ds.dims:
        return ds.mean("path", keep_attrs=True), messages(lang)("plot.mean_note")
    if _has_paths(ds):  # summarised: its variables are the means
        return ds, messages(lang)("plot.mean_note")
    return ds, ""


def _title(ds: xr.Dataset, what: str, note: str = "") -> str:
    scenario = ds.attrs.get("scenario")
    return f"{what} — {scenario}{note}" if scenario else f"{what}{note}"


def _region_labels(ds: xr.Dataset) -> list[str]:
    """Chinese region names (``region_name`` coordinate), falling back to region codes."""
    codes = [str(c) for c in ds["region"].values]
    if "region_name" not in ds.coords:
        return codes
    names = [str(n) for n in ds["region_name"].values]
    if len(set(names)) < len(names):  # ambiguous names: add the code
        return [f"{n} ({c})" for n, c in zip(names, codes, strict=True)]
    return names


def _palette() -> list[str]:
    """The style's colour cycle without black (kept for reference lines)."""
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    return [c for c in colors if c.lower().lstrip("#") not in ("000000", "k", "black")]


def _region_styles(n: int) -> list[dict[str, object]]:
    """Colour and line style (and hatch, for bars) per region: colours first, then dashes."""
    colors = _palette()
    return [
        {
            "color": colors[i % len(colors)],
            "linestyle": _LINESTYLES[(i // len(colors)) % len(_LINESTYLES)],
            "hatch": _HATCHES[(i // len(colors)) % len(_HATCHES)],
        }
        for i in range(n)
    ]


def _money_unit(lang: str, *arrays: np.ndarray) -> tuple[float, str]:
    """Scale and label for money on an axis: 万元 / 亿元, or million / billion yuan."""
    values = [np.asarray(a, dtype=float).ravel() for a in arrays]
    unit = money_unit(np.concatenate(values) if values else np.zeros(1), lang)
    return unit.scale, unit.label


def _months(ds: xr.Dataset) -> np.ndarray:
    return np.asarray(ds["month"].values)


def format_time_axis(ax: Axes, lang: str, maxticks: int | dict[int, int] = 12) -> None:
    """Concise dates; on small panels (``maxticks`` a dict) no tick at the right end, where
    its label would run into the next panel's."""
    panel = isinstance(maxticks, dict)
    locator = mdates.AutoDateLocator(minticks=2 if panel else 3, maxticks=maxticks)
    formats, zero_formats, offset_formats = _DATE_FORMATS[lang]
    formatter = mdates.ConciseDateFormatter(
        locator, formats=formats, zero_formats=zero_formats, offset_formats=offset_formats
    )
    ax.xaxis.set_major_locator(InsideLocator(locator) if panel else locator)
    ax.xaxis.set_major_formatter(formatter)


_THOUSANDS = FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _legend(fig: Figure, ax: Axes, n_entries: int) -> None:
    """Legend inside the axes for few entries, outside on the right (1-2 columns) for many."""
    if n_entries <= _MAX_INSIDE_LEGEND:
        ax.legend(loc="best")
    else:
        fig.legend(
            *ax.get_legend_handles_labels(),
            loc="outside right upper",
            ncols=2 if n_entries > 16 else 1,
        )


def _bar_width_days(months: np.ndarray) -> float:
    if months.size < 2:
        return 20.0
    step = np.diff(months).min() / np.timedelta64(1, "D")
    return float(step) * 0.7


def _quantiles(values: xr.DataArray | np.ndarray, qs: list[float]) -> np.ndarray:
    """Quantiles over ``path`` (the last axis of an array; months not yet assessed are NaN on
    every path: no warning)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
        if isinstance(values, xr.DataArray):
            return values.quantile(qs, dim="path").values
        return np.nanquantile(values, qs, axis=-1)


# --------------------------------------------------------------------------- figures


def _reserve_panels(ds: xr.Dataset, lang: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Panel titles, months of reserve (panel × month [× path]) and whether each fails the
    general test in some year (with paths: on at least half of them): every region, or with
    many regions the province and the worst regions (:mod:`.selection`)."""
    shown = selection.shown_regions(ds)
    regions = ds.isel(region=shown) if selection.many_regions(ds) else ds
    values = metrics.held_paths(regions, "reserve_months").transpose("region", "month",
                                                                     ...).values
    below = metrics.below_by_year(metrics.paths_view(regions), "general")
    failing = (metrics.share_of_paths(below).max("year") >= 0.5).transpose("region").values
    labels = _region_labels(regions)
    if selection.many_regions(ds):
        province = metrics.held_paths(ds, "province_reserve_months").transpose("month",
                                                                               ...).values
        values = np.concatenate([province[np.newaxis], values])
        province_fails = metrics.share_of_paths(metrics.province_below_by_year(
            metrics.paths_view(ds), "general")).max("year") >= 0.5
        failing = np.concatenate([[bool(province_fails)], failing])
        labels = [messages(lang)("plot.province")] + labels
    return labels, values, failing


def _reserve_figure(ds: xr.Dataset, lang: str) -> Figure:
    """Small multiples, one panel per region (with many regions: the province and the worst
    regions), with the two test lines labelled in each panel."""
    t = messages(lang)
    labels, values, failing = _reserve_panels(ds, lang)
    n = len(labels)
    months = _months(ds)
    reserve = np.minimum(values, RESERVE_CLIP_MONTHS)
    # Steps hold each month's value until the end of that month: add one closing x value.
    step_x = np.append(months, (months[-1:].astype("datetime64[M]") + 1).astype(months.dtype))

    def steps(values: np.ndarray) -> np.ndarray:
        return np.concatenate([values, values[..., -1:]], axis=-1)

    # the tests' thresholds in force each month (a reform may move them)
    general_line = steps(metrics.threshold(ds, "general").values.astype(float))
    difficult_line = steps(metrics.threshold(ds, "difficult").values.astype(float))
    general, difficult = float(general_line[0]), float(difficult_line.max())

    stochastic = _has_paths(ds)
    if stochastic:
        q05, q25, q50, q75, q95 = (steps(q) for q in _quantiles(reserve, [0.05, 0.25, 0.5,
                                                                          0.75, 0.95]))
        shown = q95
    else:
        q50 = steps(reserve)
        shown = q50
    finite = shown[np.isfinite(shown)]
    top = max(difficult * 1.3, min(RESERVE_CLIP_MONTHS, float(finite.max()) if finite.size
                                   else 0.0) * 1.08)

    ncols = n if n <= 3 else 4 if n <= 8 else 5
    nrows = math.ceil(n / ncols)
    handles = [Line2D([], [], color=_DATA_COLOR, linewidth=2)]
    names = [t("plot.reserve.median") if stochastic else t("plot.reserve.line")]
    if stochastic:
        handles += [Patch(color=_DATA_COLOR, alpha=0.35, linewidth=0),
                    Patch(color=_DATA_COLOR, alpha=0.15, linewidth=0)]
        names += [t("plot.reserve.band50"), t("plot.reserve.band90")]
    handles += [Line2D([], [], color=_GENERAL_COLOR, linestyle="--"),
                Line2D([], [], color=_DIFFICULT_COLOR, linestyle=":")]
    names += [t("plot.reserve.general", months=f"{general:g}"),
              t("plot.reserve.difficult", months=f"{difficult:g}")]
    # the colour of failing regions' titles, explained on a line under the legend
    failing_note = (t("plot.reserve.failing_paths" if stochastic else "plot.reserve.failing",
                      months=_levels(general_line)) if failing.any() else "")
    legend_cols = len(names) if len(names) <= 4 else 3
    legend_rows = math.ceil(len(names) / legend_cols) + (1 if failing_note else 0)
    width, height = (10 if ncols <= 4 else 12), 1.9 + 0.28 * legend_rows + 2.3 * nrows
    fig = Figure(figsize=(width, height))
    # fixed margins (title, axis label, ticks, legend, the test lines' labels on the right)
    margin = {"left": 0.85, "right": 0.8, "top": 0.9, "bottom": 0.7 + 0.28 * legend_rows}
    _, panel_h = place_grid(fig, nrows, ncols, margin, gap_x=0.15, gap_y=0.5)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    axes[0, 0].set_ylim(0, top)
    axes[0, 0].yaxis.set_major_locator(MultipleLocator(general if general > 0 else 12))
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.set_visible(False)
            continue
        ax.fill_between(step_x, 0, general_line, step="post", color=_GENERAL_COLOR, alpha=0.07,
                        linewidth=0)
        ax.fill_between(step_x, general_line, difficult_line, step="post",
                        color=_DIFFICULT_COLOR, alpha=0.07, linewidth=0)
        if stochastic:
            ax.fill_between(step_x, q05[i], q95[i], step="post", color=_DATA_COLOR, alpha=0.15,
                            linewidth=0)
            ax.fill_between(step_x, q25[i], q75[i], step="post", color=_DATA_COLOR, alpha=0.35,
                            linewidth=0)
        ax.plot(step_x, q50[i], color=_DATA_COLOR, drawstyle="steps-post", linewidth=2)
        for line, color, style in ((general_line, _GENERAL_COLOR, "--"),
                                   (difficult_line, _DIFFICULT_COLOR, ":")):
            ax.plot(step_x, line, color=color, linestyle=style, linewidth=1.3,
                    drawstyle="steps-post")
        if i % ncols == ncols - 1 or i == n - 1:
            # the last panel of a row: the lines labelled in the margin on its right, with the
            # value in force at the end (the panels of a row share the y axis)
            levels = [float(general_line[-1]), float(difficult_line[-1])]
            margin_labels(ax, levels, [t("plot.reserve.general_short", months=f"{v:g}")
                                       for v in levels],
                          [_GENERAL_COLOR, _DIFFICULT_COLOR], axes_height_in=panel_h)
        # an explicit y skips Matplotlib's search for room above the panel (none is needed)
        ax.set_title(labels[i], fontsize=11.5, color=_GENERAL_COLOR if failing[i] else "black",
                     y=1.0)
        ax.grid(True, axis="y")
        ax.grid(False, axis="x")
        format_time_axis(ax, lang, maxticks=PANEL_TICKS)
    note = t("plot.median_note") if stochastic else ""
    what = (t("plot.reserve.title_worst", shown=n - 1, regions=ds.sizes["region"])
            if selection.many_regions(ds) else t("plot.reserve.title"))
    fig.suptitle(_title(ds, what, note), y=1 - 0.15 / height, va="top")
    fig.supylabel(t("plot.reserve.ylabel", clip=f"{RESERVE_CLIP_MONTHS:g}"), fontsize=11,
                  x=0.12 / width, ha="left")
    fig.legend(handles, names, loc="lower center",
               bbox_to_anchor=(0.5, (0.06 + (0.3 if failing_note else 0)) / height),
               ncols=legend_cols)
    if failing_note:
        fig.text(0.5, 0.1 / height, failing_note, ha="center", va="bottom",
                 color=_GENERAL_COLOR, fontsize=10)
    return fig


# Heat-map classes: below the general test, below the difficult-firm test, then three bands
# of blue up to the clip; white where a month is not assessed.
_MAP_COLORS = (_GENERAL_COLOR, _DIFFICULT_COLOR, "#C6DBEF", "#6BAED6", "#08519C")
_MAP_BANDS = (36.0, RESERVE_CLIP_MONTHS)
# Region names on the heat map's axis up to this many regions; ranks above it.
_MAP_NAMED = 60


def _reserve_classes(reserve: np.ndarray, general: np.ndarray, difficult: np.ndarray
                     ) -> np.ndarray:
    """Region × month heat-map class of months of reserve against the tests in force each
    month (NaN where not assessed)."""
    classes = np.full(reserve.shape, np.nan)
    assessed = ~np.isnan(reserve)
    upper = np.where(reserve < _MAP_BANDS[0], 2, np.where(reserve < _MAP_BANDS[1], 3, 4))
    classes[assessed] = np.where(reserve < general, 0, np.where(reserve < difficult, 1, upper)
                                 )[assessed]
    return classes


def _reserve_map_figure(ds: xr.Dataset, lang: str) -> Figure:
    """Every region's months of reserve as one heat map, a row per region, the lowest months of
    reserve on top (with paths: medians over paths)."""
    t = messages(lang)
    order = selection.worst_first(ds)
    stochastic = _has_paths(ds)
    if metrics.summarised(ds):
        reserve = metrics.median_over_paths(ds, "reserve_months").transpose(
            "region", "month").values[order]
    else:
        reserve = ds["reserve_months"].transpose("region", "month", ...).values[order]
        if stochastic:
            reserve = _quantiles(reserve, [0.5])[0]
    general = metrics.threshold(ds, "general").values.astype(float)
    difficult = metrics.threshold(ds, "difficult").values.astype(float)
    classes = _reserve_classes(reserve, general, difficult)
    n = reserve.shape[0]
    months = _months(ds)
    edges = mdates.date2num(np.append(months, (months[-1:].astype("datetime64[M]") + 1)
                                      .astype(months.dtype)))
    height = min(14.0, max(5.0, 2.4 + 0.012 * n))
    fig = Figure(figsize=(10, height), layout="constrained")
    ax = fig.add_subplot()
    colours = matplotlib.colors.ListedColormap(_MAP_COLORS).with_extremes(bad="white")
    # rows centred on ranks 1 … n, the lowest on top
    ax.imshow(classes, aspect="auto", interpolation="nearest", cmap=colours, vmin=-0.5,
              vmax=len(_MAP_COLORS) - 0.5, extent=(edges[0], edges[-1], n + 0.5, 0.5))
    ax.xaxis_date()
    format_time_axis(ax, lang)
    ax.grid(False)
    if n <= _MAP_NAMED:
        labels = _region_labels(ds.isel(region=order))
        ax.set_yticks(np.arange(1, n + 1), labels, fontsize=8 if n > 30 else 10)
    else:
        ax.yaxis.set_major_locator(MaxNLocator(10, integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))
        ax.set_ylabel(t("plot.map.rank"))
    ax.set_xlabel(t("plot.month"))
    note = t("plot.median_note") if stochastic else ""
    ax.set_title(_title(ds, t("plot.map.title", regions=n), note), y=1.0)
    names = [t("plot.map.below", months=_levels(general)),
             t("plot.map.band", low=_levels(general), high=_levels(difficult)),
             t("plot.map.band", low=_levels(difficult), high=f"{_MAP_BANDS[0]:g}"),
             t("plot.map.band", low=f"{_MAP_BANDS[0]:g}", high=f"{_MAP_BANDS[1]:g}"),
             t("plot.map.above", months=f"{_MAP_BANDS[1]:g}")]
    fig.legend([Patch(color=c) for c in _MAP_COLORS], names, loc="outside lower center",
               ncols=len(names))
    return fig


def _levels(line: np.ndarray) -> str:
    """A test's threshold as a chart label: '12', or '12→6' when a reform moves it."""
    levels = list(dict.fromkeys(f"{v:g}" for v in line))
    return "→".join(levels)


def _balance_figure(ds: xr.Dataset, lang: str) -> Figure:
    """Up to :data:`_DIRECT_LABELS` regions: one chart, each line named at its end. More: small
    multiples, the regions together first, then a panel per region (with many regions: the
    worst ones, :mod:`.selection`), each on its own scale so that small regions stay legible."""
    ds, note = _path_mean(ds, lang)
    balance = ds["balance"].transpose("region", "month").values
    shown = selection.shown_regions(ds)
    if len(shown) <= _DIRECT_LABELS and not selection.many_regions(ds):
        return _balance_lines(ds, lang, balance, note)
    return _balance_panels(ds, lang, balance, shown, note)


# Up to this many regions the balances share one chart with the lines named at their ends.
_DIRECT_LABELS = 6


def _balance_lines(ds: xr.Dataset, lang: str, balance: np.ndarray, note: str) -> Figure:
    t = messages(lang)
    months = _months(ds)
    scale, unit = _money_unit(lang, balance)
    labels = _region_labels(ds)
    styles = _region_styles(len(labels))
    # largest closing balance first: colours in the order of the lines' right ends
    order = np.argsort(-np.nan_to_num(balance[:, -1]), kind="stable")
    width, height = 10.0, 5.5
    right = 0.3 + max(text_width_in(label, 10) for label in labels)
    margin = {"left": 0.9, "right": right, "top": 0.55, "bottom": 0.75}
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=margin["left"] / width, right=1 - margin["right"] / width,
                        top=1 - margin["top"] / height, bottom=margin["bottom"] / height)
    ax = fig.add_subplot()
    values = balance / scale
    for rank, i in enumerate(order):
        ax.plot(months, values[i], color=styles[rank]["color"],
                linestyle=styles[rank]["linestyle"], label=labels[i])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.margins(x=0.01)  # the lines end next to their labels
    finite = values[np.isfinite(values)]
    low = min(0.0, float(finite.min()) if finite.size else 0.0)
    high = max(float(finite.max()) if finite.size else 1.0, 1e-9)
    ax.set_ylim(low - 0.04 * (high - low), high + 0.06 * (high - low))
    ax.set_ylabel(t("plot.balance.ylabel", unit=unit))
    ax.set_xlabel(t("plot.month"))
    ax.set_title(_title(ds, t("plot.balance.title"), note), y=1.0)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
    format_time_axis(ax, lang)
    ends = [float(np.nan_to_num(values[i, -1])) for i in order]
    margin_labels(ax, ends, [labels[i] for i in order],
                  [styles[rank]["color"] for rank in range(len(order))], fontsize=10,
                  axes_height_in=height - margin["top"] - margin["bottom"])
    return fig


def _balance_panels(ds: xr.Dataset, lang: str, balance: np.ndarray, shown: np.ndarray,
                    note: str) -> Figure:
    t = messages(lang)
    months = _months(ds)
    scale, unit = _money_unit(lang, balance.sum(axis=0), balance[shown])
    many = selection.many_regions(ds)
    if not many:  # the largest first: the panels read as a ranking
        shown = shown[np.argsort(-np.nan_to_num(balance[shown, -1]), kind="stable")]
    labels = ([t("plot.balance.total") + (f" ({balance.shape[0]})" if many else "")]
              + _region_labels(ds.isel(region=shown)))
    series = np.concatenate([balance.sum(axis=0)[np.newaxis], balance[shown]]) / scale
    n = len(labels)
    ncols = 4 if n <= 8 else 5
    nrows = math.ceil(n / ncols)
    width, height = (10 if ncols <= 4 else 12), 1.2 + 2.1 * nrows
    margin = {"left": 0.95, "right": 0.2, "top": 0.85, "bottom": 0.45}
    fig = Figure(figsize=(width, height))
    place_grid(fig, nrows, ncols, margin, gap_x=0.6, gap_y=0.5)
    axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.set_visible(False)
            continue
        row = series[i]
        ax.plot(months, row, color="#555555" if i == 0 else _DATA_COLOR, linewidth=1.8)
        finite = row[np.isfinite(row)]
        low = min(0.0, float(finite.min()) if finite.size else 0.0)
        high = max(float(finite.max()) if finite.size else 1.0, 1e-9)
        ax.set_ylim(low, high * 1.12)
        if low < 0:
            ax.axhline(0, color="black", linewidth=0.8)
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
        ax.set_title(labels[i], fontsize=11, y=1.0)
        ax.grid(False, axis="x")
        format_time_axis(ax, lang, maxticks=PANEL_TICKS)
    what = (t("plot.balance.title_worst", shown=n - 1, regions=balance.shape[0])
            if many else t("plot.balance.title"))
    fig.suptitle(_title(ds, what + t("plot.balance.own_scale"), note),
                 y=1 - 0.15 / height, va="top")
    fig.supylabel(t("plot.balance.ylabel", unit=unit), fontsize=11, x=0.12 / width, ha="left")
    return fig


def _pool_figure(ds: xr.Dataset, lang: str) -> Figure:
    """Top: pool balance from the opening balance (median and bands with paths). Bottom, by
    year: pool transfers to the regions and public finance, split into its two causes."""
    t = messages(lang)
    raw = ds
    ds, note = _path_mean(ds, lang)
    months = _months(ds)
    opening_month = (months[:1].astype("datetime64[M]") - np.timedelta64(1, "M")).astype(
        months.dtype
    )
    opening = float(ds["pool_opening_balance"].values)
    if _has_paths(raw):
        bands = list(metrics.bands(raw, "pool_balance").values())  # 5, 25, 50, 75, 95 %
        pool = bands[2]
    else:
        bands = None
        pool = ds["pool_balance"].values
    year = ds["month"].dt.year
    yearly = {"transfer": ds["pool_transfer"].sum("region").groupby(year).sum()}
    if "fiscal_subsidy_returns" in ds and "fiscal_subsidy_deficit" in ds:
        yearly["fiscal_returns"] = ds["fiscal_subsidy_returns"].sum("region").groupby(year).sum()
        yearly["fiscal_deficit"] = ds["fiscal_subsidy_deficit"].sum("region").groupby(year).sum()
    else:
        yearly["fiscal"] = ds["fiscal_subsidy"].sum("region").groupby(year).sum()
    years = yearly["transfer"]["year"].values
    pool_scale, pool_unit = _money_unit(lang, pool if bands is None else bands,
                                        np.array([opening]))
    flow_scale, flow_unit = _money_unit(lang, *(v.values for v in yearly.values()))
    x = np.concatenate([opening_month, months])

    fig = Figure(figsize=(10, 8), layout="constrained")
    ax_pool, ax_flow = fig.subplots(2, 1)
    fig.suptitle(_title(ds, t("plot.pool.title"), t("plot.median_note") if bands is not None
                        else note))
    if bands is not None:
        ax_pool.fill_between(x, *(np.concatenate([[opening], b]) / pool_scale
                                  for b in (bands[0], bands[4])),
                             color=_DATA_COLOR, alpha=0.15, linewidth=0,
                             label=t("plot.reserve.band90"))
        ax_pool.fill_between(x, *(np.concatenate([[opening], b]) / pool_scale
                                  for b in (bands[1], bands[3])),
                             color=_DATA_COLOR, alpha=0.35, linewidth=0,
                             label=t("plot.reserve.band50"))
    ax_pool.plot(x, np.concatenate([[opening], pool]) / pool_scale, color=_DATA_COLOR,
                 marker="o", markersize=3, label=t("plot.pool.balance"))
    ax_pool.plot(opening_month, [opening / pool_scale], linestyle="none", marker="s",
                 markersize=7, color=_GENERAL_COLOR, label=t("plot.pool.opening"))
    ax_pool.axhline(0, color="black", linewidth=0.8)
    ax_pool.set_ylabel(t("plot.pool.balance_axis", unit=pool_unit))
    ax_pool.set_xlabel(t("plot.month"))
    ax_pool.set_title(t("plot.pool.balance_title"), fontsize="medium", y=1.0)
    format_time_axis(ax_pool, lang)
    ax_pool.legend(loc="best")

    colors = _palette()
    series = [(key, t(f"plot.pool.{key}"), color, hatch) for key, color, hatch in (
        ("transfer", colors[0], ""), ("fiscal_returns", colors[1], "///"),
        ("fiscal_deficit", colors[3], "..."), ("fiscal", colors[1], "///")) if key in yearly]
    width = 0.8 / len(series)
    for i, (key, label, color, hatch) in enumerate(series):
        offsets = years + (i - (len(series) - 1) / 2) * width
        bars = ax_flow.bar(offsets, yearly[key].values / flow_scale, width=width, color=color,
                           hatch=hatch, edgecolor="white", label=label)
        ax_flow.bar_label(bars, fmt="{:,.3g}", fontsize=8, padding=2)
    ax_flow.axhline(0, color="black", linewidth=0.8)
    ax_flow.set_xticks(years, [str(y) for y in years])
    ax_flow.set_ylabel(t("plot.pool.flow_axis", unit=flow_unit))
    ax_flow.set_xlabel(t("plot.year"))
    ax_flow.set_title(t("plot.pool.flow_title") + note, fontsize="medium", y=1.0)
    ax_flow.grid(False, axis="x")
    ax_flow.margins(y=0.12)
    ax_flow.legend(loc="best")
    return fig


def _training_figure(ds: xr.Dataset, lang: str) -> Figure:
    """Trainees and training subsidy paid per month, the x axis limited to the months with
    training (and a month either side) so that the chart is not mostly empty."""
    t = messages(lang)
    ds, note = _path_mean(ds, lang)
    months = _months(ds)
    trainees = ds["trainees"].sum("region").values
    paid = ds["training_paid"].sum("region").values
    scale, unit = _money_unit(lang, paid)
    width = _bar_width_days(months)
    colors = _palette()
    active = np.flatnonzero((np.nan_to_num(trainees) > 0) | (np.nan_to_num(paid) > 0))

    fig = Figure(figsize=(10, 6.5), layout="constrained")
    if active.size == 0:
        fig.suptitle(_title(ds, t("plot.training.title"), note))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("plot.training.none"), ha="center", va="center", fontsize=14,
                transform=ax.transAxes)
        return fig
    first, last = months[max(active[0] - 1, 0)], months[min(active[-1] + 1, len(months) - 1)]
    window = ""
    if active[0] > 1 or active[-1] < len(months) - 2:
        window = t("plot.training.window", first=_month_text(months[active[0]], lang),
                   last=_month_text(months[active[-1]], lang))
    fig.suptitle(_title(ds, t("plot.training.title"), note + window))
    ax_people, ax_paid = fig.subplots(2, 1, sharex=True)
    ax_people.plot(months, trainees, color=colors[2], marker="o", markersize=3)
    ax_people.set_ylabel(t("plot.training.people_axis"))
    ax_people.set_ylim(bottom=0, top=max(float(np.nanmax(trainees)), 1.0) * 1.1)
    ax_people.yaxis.set_major_formatter(_THOUSANDS)
    ax_people.set_title(t("plot.training.people_title"), fontsize="medium", y=1.0)

    ax_paid.bar(months, paid / scale, width=width, color=colors[1])
    ax_paid.set_ylabel(t("plot.training.paid_axis", unit=unit))
    ax_paid.set_xlabel(t("plot.month"))
    ax_paid.set_title(t("plot.training.paid_title"), fontsize="medium", y=1.0)
    ax_paid.yaxis.set_major_formatter(_THOUSANDS if float(np.nanmax(paid / scale)) >= 100
                                      else FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
    ax_paid.grid(False, axis="x")
    half = np.timedelta64(20, "D")
    ax_paid.set_xlim(first - half, last + half)
    # every tick with its year: the window may start in any month
    ax_paid.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax_paid.xaxis.set_major_formatter(mdates.DateFormatter("%Y年%-m月" if lang == "zh"
                                                           else "%b %Y"))
    return fig


def _month_text(month: np.datetime64, lang: str) -> str:
    """'2020年7月' or 'Jul 2020'."""
    day = month.astype("datetime64[M]").item()
    return (f"{day.year}年{day.month}月" if lang == "zh" else day.strftime("%b %Y"))


_FIGURES: dict[str, Callable[[xr.Dataset, str], Figure]] = {
    "reserve": _reserve_figure,
    "reserve_map": _reserve_map_figure,
    "balance": _balance_figure,
    "pool": _pool_figure,
    "training": _training_figure,
}


def render(kind: str, ds: xr.Dataset, lang: str = "zh", fmt: str = "svg") -> bytes:
    """One chart (a key of :data:`PLOT_KINDS`, or ``reserve_map``) as SVG or PNG bytes, text
    in ``lang``.

    SVG text is drawn as outlines, so the chart needs no font where it is shown.
    """
    messages(lang)  # an unknown language fails before any drawing
    with chart_context():
        return _bytes(_FIGURES[kind](ds, lang), fmt)


def _bytes(fig: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=_DPI, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def draw(kind: str, ds: xr.Dataset, lang: str = "zh", png: Path | None = None,
         svg: bool = True) -> bytes | None:
    """Build one chart once; write it to ``png`` (atomically) when given and return it as SVG
    bytes when ``svg``: the PNG file and the report's SVG come from the same figure (laid out
    once, for the PNG)."""
    messages(lang)
    with chart_context():
        fig = _FIGURES[kind](ds, lang)
        if png is not None:
            _lay_out(fig, _DPI)
            _save(fig, png)
        return _bytes(fig, "svg") if svg else None


def _lay_out(fig: Figure, dpi: float) -> None:
    """Run the figure's layout engine (if any) once, as saving a PNG at ``dpi`` would, and
    keep that layout: each save then draws the figure once. (With a layout engine, even the
    "none" placeholder, Matplotlib draws a figure once unseen before drawing it to save it.)
    The PNG is the same, pixel for pixel, and the SVG drawn after it has its layout."""
    engine = fig.get_layout_engine()
    if engine is None:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas, dpi_before = fig.canvas, fig.dpi
    FigureCanvasAgg(fig)  # text measured by the renderer that saves the PNG
    fig.dpi = dpi
    try:
        engine.execute(fig)
    finally:
        fig.dpi = dpi_before
        fig.set_canvas(canvas)
    with matplotlib.rc_context({"figure.autolayout": False,
                                "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # None under these settings: no engine at all


_warm = False


def warm_up() -> None:
    """Load the chart font and Matplotlib's text machinery once in this process, so that the
    processes forked to draw charts (:func:`start_charts`) share them instead of each loading
    them again."""
    global _warm
    if _warm:
        return
    with chart_context():
        fig = Figure(figsize=(2, 1))
        fig.text(0.1, 0.5, "备付月数 Months 0123456789,.%")
        for fmt in ("png", "svg"):
            _bytes(fig, fmt)
    _warm = True


def chart_kinds(ds: xr.Dataset) -> list[str]:
    """The charts of a run: :data:`PLOT_KINDS`, with the heat map of every region's months of
    reserve after the reserve chart when there are many regions (:mod:`.selection`)."""
    kinds = list(PLOT_KINDS)
    if selection.many_regions(ds):
        kinds.insert(1, "reserve_map")
    return kinds


def start_charts(ds: xr.Dataset, jobs: Jobs, lang: str = "zh", folder: Path | None = None,
                 svg: bool = True) -> dict[str, Job[bytes | None]]:
    """Start drawing every chart of the run (:func:`chart_kinds`) side by side, each built once
    (:func:`draw`): PNG files into ``folder`` when given, SVG bytes as the jobs' results when
    ``svg``. The slowest chart (the reserve panels) starts first."""
    if jobs.workers > 0:
        warm_up()
    return {kind: jobs.submit(functools.partial(
        draw, kind, ds, lang, None if folder is None else Path(folder) / FILE_NAMES[kind], svg))
        for kind in chart_kinds(ds)}


# --------------------------------------------------------------------------- plots


def plot_reserve_months(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """Months of reserve, one panel per region (with many regions: the province and the worst
    regions, :mod:`fundsim.present.charts.selection`), with the 12/24-month test lines labelled.

    Values are clipped at :data:`RESERVE_CLIP_MONTHS` (``inf`` for regions without spending).
    With a ``path`` dim each panel shows the median with its 50% and 90% bands.
    """
    with chart_context():
        return _save(_reserve_figure(ds, lang), out)


def plot_balances(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """Fund balance per region at month end, in 万元 or 亿元 (million / billion yuan): up to six
    regions in one chart, each line named at its end; more, a panel per region on its own scale
    after the regions' total; above 30 regions, the total and the 14 worst."""
    with chart_context():
        return _save(_balance_figure(ds, lang), out)


def plot_pool(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """Provincial adjustment pool: balance over time; transfers and fiscal subsidy by year.

    Top panel: pool balance at month end, starting from ``pool_opening_balance`` (drawn one month
    before the first simulated month); with paths, the median and its 50% and 90% bands. Bottom
    panel, by year: transfers from the pool to the regions, and public finance funding returns
    the pool did not cover and keeping balances from going negative (means over paths).
    """
    with chart_context():
        return _save(_pool_figure(ds, lang), out)


def plot_reserve_map(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """Every region's months of reserve as a heat map, a row per region, the lowest on top,
    coloured against the tests in force each month (with paths: medians)."""
    with chart_context():
        return _save(_reserve_map_figure(ds, lang), out)


def plot_training(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """以工代训: province-total trainees and training subsidy paid per month."""
    with chart_context():
        return _save(_training_figure(ds, lang), out)


PLOT_KINDS: dict[str, Callable[..., Path]] = {
    "reserve": plot_reserve_months,
    "balance": plot_balances,
    "pool": plot_pool,
    "training": plot_training,
}

#: The PNG file of each chart in a run folder.
FILE_NAMES = {
    "reserve": "reserve_months.png",
    "reserve_map": "reserve_map.png",
    "balance": "balances.png",
    "pool": "pool.png",
    "training": "training.png",
}


def write_all(ds: xr.Dataset, folder: Path, lang: str = "zh") -> list[Path]:
    """Write every chart of the run (:func:`chart_kinds`) into ``folder``, drawn side by side;
    return the written paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with Jobs() as jobs:
        drawn = start_charts(ds, jobs, lang, folder, svg=False)
        for job in drawn.values():
            job.result()
    return [folder / FILE_NAMES[kind] for kind in drawn]
