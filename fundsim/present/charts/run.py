"""Charts of fundsim results, in Chinese (default) or English.

Every plotting function takes the simulation result ``xarray.Dataset`` (dims ``region``,
``month`` and optionally ``path``) and a target file, writes a PNG atomically (temporary file in
the same folder, then :func:`os.replace`) and returns the path. :func:`render` draws the same
charts into memory (SVG or PNG bytes) for the HTML report.

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

import io
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator

from fundsim.present.messages import messages
from fundsim.present.numbers import money_unit
from fundsim.present.style import chart_context, save_png
from fundsim.run import metrics

__all__ = [
    "PLOT_KINDS",
    "RESERVE_CLIP_MONTHS",
    "plot_balances",
    "plot_pool",
    "plot_reserve_months",
    "plot_training",
    "render",
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
_PANEL_TICKS = {mdates.YEARLY: 4, mdates.MONTHLY: 5, mdates.DAILY: 5}
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
    return "path" in ds.dims


def _path_mean(ds: xr.Dataset, lang: str) -> tuple[xr.Dataset, str]:
    """Mean over Monte Carlo paths (if any) and the title note to go with it."""
    if _has_paths(ds):
        return ds.mean("path", keep_attrs=True), messages(lang)("plot.mean_note")
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


def _format_time_axis(ax: Axes, lang: str, maxticks: int | dict[int, int] = 12) -> None:
    locator = mdates.AutoDateLocator(minticks=2 if isinstance(maxticks, dict) else 3,
                                     maxticks=maxticks)
    formats, zero_formats, offset_formats = _DATE_FORMATS[lang]
    formatter = mdates.ConciseDateFormatter(
        locator, formats=formats, zero_formats=zero_formats, offset_formats=offset_formats
    )
    ax.xaxis.set_major_locator(locator)
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


def _quantiles(da: xr.DataArray, qs: list[float]) -> np.ndarray:
    """Quantiles over ``path`` (months not yet assessed are NaN on every path: no warning)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
        return da.quantile(qs, dim="path").values


# --------------------------------------------------------------------------- figures


def _reserve_figure(ds: xr.Dataset, lang: str) -> Figure:
    """Small multiples, one panel per region, with the two test lines labelled in each panel."""
    t = messages(lang)
    labels = _region_labels(ds)
    n = len(labels)
    months = _months(ds)
    reserve = ds["reserve_months"].clip(max=RESERVE_CLIP_MONTHS).transpose("region", "month", ...)
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
        q50 = steps(reserve.values)
        shown = q50
    finite = shown[np.isfinite(shown)]
    top = max(difficult * 1.3, min(RESERVE_CLIP_MONTHS, float(finite.max()) if finite.size
                                   else 0.0) * 1.08)

    ncols = n if n <= 3 else 4 if n <= 8 else 5
    nrows = math.ceil(n / ncols)
    width, height = (10 if ncols <= 4 else 12), 1.5 + 2.3 * nrows
    fig = Figure(figsize=(width, height))
    # Fixed margins in inches (title, axis label, ticks, legend): constrained layout would
    # take most of the drawing time of a dozen panels.
    margin = {"left": 0.85, "right": 0.2, "top": 0.55, "bottom": 0.95}
    gap_x, gap_y = 0.15, 0.45
    panel_w = (width - margin["left"] - margin["right"] - (ncols - 1) * gap_x) / ncols
    panel_h = (height - margin["top"] - margin["bottom"] - (nrows - 1) * gap_y) / nrows
    fig.subplots_adjust(left=margin["left"] / width, right=1 - margin["right"] / width,
                        top=1 - margin["top"] / height, bottom=margin["bottom"] / height,
                        wspace=gap_x / panel_w, hspace=gap_y / panel_h)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    # a region fails the general test in some year (with paths: on at least half of them)
    failing = (metrics.share_of_paths(metrics.below_by_year(ds, "general")).max("year")
               >= 0.5).transpose("region").values
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
            level = float(line[-1])  # labelled at the end with the value then in force
            ax.annotate(t("plot.reserve.general_short", months=f"{level:g}"),
                        xy=(1.0, level), xycoords=ax.get_yaxis_transform(),
                        xytext=(-2, 2), textcoords="offset points", ha="right", va="bottom",
                        fontsize=9, color=color,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                              "edgecolor": "none", "alpha": 0.8})
        ax.set_title(labels[i], fontsize=11.5, color=_GENERAL_COLOR if failing[i] else "black")
        ax.grid(True, axis="y")
        ax.grid(False, axis="x")
        _format_time_axis(ax, lang, maxticks=_PANEL_TICKS)
    axes[0, 0].set_ylim(0, top)
    axes[0, 0].yaxis.set_major_locator(MultipleLocator(general if general > 0 else 12))
    note = t("plot.median_note") if stochastic else ""
    fig.suptitle(_title(ds, t("plot.reserve.title"), note), y=1 - 0.12 / height, va="top")
    fig.supylabel(t("plot.reserve.ylabel", clip=f"{RESERVE_CLIP_MONTHS:g}"), fontsize=11,
                  x=0.12 / width, ha="left")
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
    fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.04 / height),
               ncols=len(names) if len(names) <= 4 else 3)
    return fig


def _balance_figure(ds: xr.Dataset, lang: str) -> Figure:
    t = messages(lang)
    ds, note = _path_mean(ds, lang)
    labels = _region_labels(ds)
    styles = _region_styles(len(labels))
    months = _months(ds)
    balance = ds["balance"].transpose("region", "month").values
    scale, unit = _money_unit(lang, balance)
    # largest closing balance first: the legend reads in the order of the lines' right ends
    order = np.argsort(-np.nan_to_num(balance[:, -1]), kind="stable")

    fig = Figure(figsize=(10, 5.5), layout="constrained")
    ax = fig.add_subplot()
    for rank, i in enumerate(order):
        ax.plot(months, balance[i] / scale, color=styles[rank]["color"],
                linestyle=styles[rank]["linestyle"], label=labels[i])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(t("plot.balance.ylabel", unit=unit))
    ax.set_xlabel(t("plot.month"))
    ax.set_title(_title(ds, t("plot.balance.title"), note))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
    _format_time_axis(ax, lang)
    _legend(fig, ax, len(labels))
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
        bands = _quantiles(raw["pool_balance"], [0.05, 0.25, 0.5, 0.75, 0.95])
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
    ax_pool.set_title(t("plot.pool.balance_title"), fontsize="medium")
    _format_time_axis(ax_pool, lang)
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
    ax_flow.set_title(t("plot.pool.flow_title") + note, fontsize="medium")
    ax_flow.grid(False, axis="x")
    ax_flow.margins(y=0.12)
    ax_flow.legend(loc="best")
    return fig


def _training_figure(ds: xr.Dataset, lang: str) -> Figure:
    t = messages(lang)
    ds, note = _path_mean(ds, lang)
    months = _months(ds)
    trainees = ds["trainees"].sum("region").values
    paid = ds["training_paid"].sum("region").values
    scale, unit = _money_unit(lang, paid)
    width = _bar_width_days(months)
    colors = _palette()

    fig = Figure(figsize=(10, 7), layout="constrained")
    ax_people, ax_paid = fig.subplots(2, 1, sharex=True)
    fig.suptitle(_title(ds, t("plot.training.title"), note))
    ax_people.plot(months, trainees, color=colors[2], marker="o", markersize=3)
    ax_people.set_ylabel(t("plot.training.people_axis"))
    ax_people.set_ylim(bottom=0)
    ax_people.yaxis.set_major_formatter(_THOUSANDS)
    ax_people.set_title(t("plot.training.people_title"), fontsize="medium")

    ax_paid.bar(months, paid / scale, width=width, color=colors[1])
    ax_paid.set_ylabel(t("plot.training.paid_axis", unit=unit))
    ax_paid.set_xlabel(t("plot.month"))
    ax_paid.set_title(t("plot.training.paid_title"), fontsize="medium")
    ax_paid.grid(False, axis="x")
    _format_time_axis(ax_paid, lang)
    return fig


_FIGURES: dict[str, Callable[[xr.Dataset, str], Figure]] = {
    "reserve": _reserve_figure,
    "balance": _balance_figure,
    "pool": _pool_figure,
    "training": _training_figure,
}


def render(kind: str, ds: xr.Dataset, lang: str = "zh", fmt: str = "svg") -> bytes:
    """One chart (a key of :data:`PLOT_KINDS`) as SVG or PNG bytes, text in ``lang``.

    SVG text is drawn as outlines, so the chart needs no font where it is shown.
    """
    messages(lang)  # an unknown language fails before any drawing
    with chart_context():
        fig = _FIGURES[kind](ds, lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=_DPI, metadata={"Date": None} if fmt == "svg"
                    else None)
    return buffer.getvalue()


# --------------------------------------------------------------------------- plots


def plot_reserve_months(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """Months of reserve, one panel per region, with the 12/24-month test lines labelled.

    Values are clipped at :data:`RESERVE_CLIP_MONTHS` (``inf`` for regions without spending).
    With a ``path`` dim each panel shows the median with its 50% and 90% bands.
    """
    with chart_context():
        return _save(_reserve_figure(ds, lang), out)


def plot_balances(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """Fund balance per region at month end, in 万元 or 亿元 (million / billion yuan)."""
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

_FILE_NAMES = {
    "reserve": "reserve_months.png",
    "balance": "balances.png",
    "pool": "pool.png",
    "training": "training.png",
}


def write_all(ds: xr.Dataset, folder: Path, lang: str = "zh") -> list[Path]:
    """Write every chart in :data:`PLOT_KINDS` into ``folder``; return the written paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [func(ds, folder / _FILE_NAMES[kind], lang) for kind, func in PLOT_KINDS.items()]
