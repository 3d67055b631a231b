"""The tracking chart (``fundsim track``): the projection against what happened.

Small multiples, the regions' total first and then the regions with the largest balance gaps
at the last actual month: each panel the projected balance (a line; the 5%–95% and 25%–75%
bands of a Monte Carlo projection) to the end of the last actual month's year and the actual
month-end balances as dots. Below them, a bar per part of the total's balance gap at the last actual
month (:mod:`fundsim.run.track`): carried from the previous year end, each reported flow's
year-to-date gap, and what the reported flows do not explain.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fundsim.inputs.actuals import FIELDS
from fundsim.present.charts.labels import place_grid, text_width_in
from fundsim.present.charts.run import PANEL_TICKS, format_time_axis
from fundsim.present.messages import MESSAGES, messages
from fundsim.present.numbers import money_unit
from fundsim.present.style import chart_context, save_png

#: Regions drawn beside the total (those with the largest balance gaps).
REGIONS_SHOWN = 5
COLUMNS = 3
_LINE, _ACTUAL = "#0072B2", "#D55E00"
_UP, _DOWN = "#009E73", "#CC79A7"


def plot_track(ds: xr.Dataset, out: Path, lang: str = "zh") -> bytes:
    """The tracking chart of a ``track`` Dataset written as PNG to ``out``; returns the same
    figure as SVG bytes (text as outlines) for the report."""
    with chart_context():
        fig = track_figure(ds, lang)
        save_png(fig, out)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def part_label(part: str, lang: str) -> str:
    """A part of a gap (or a flow) as the chart and report name it: from the message
    catalogue (``track.part.<part>``), else the flow's Chinese (or English) name."""
    if f"track.part.{part}" in MESSAGES:
        return messages(lang)(f"track.part.{part}")
    return FIELDS[part].zh[0] if lang == "zh" else FIELDS[part].long


def shown_regions(ds: xr.Dataset, count: int = REGIONS_SHOWN) -> list[int]:
    """Positions drawn: the total (last entry), then the ``count`` regions with the largest
    balance gaps (absolute) at the last actual month with a balance; data order without one."""
    regions = ds.sizes["region"] - 1
    order = list(range(regions))
    if "balance" in ds["field"].values and regions > 1:
        gap = np.abs(ds["gap"].sel(field="balance").values[:regions])
        last = np.where(np.isfinite(gap), gap, -1.0)
        seen = np.isfinite(gap).any(axis=0)
        if seen.any():
            column = int(np.flatnonzero(seen)[-1])
            order = list(np.argsort(-last[:, column], kind="stable"))
    return [regions, *[int(i) for i in order[:count]]] if regions > 1 else [0]


def track_figure(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """The small multiples and the bar panel of :func:`plot_track`."""
    t = messages(lang)
    shown = shown_regions(ds)
    bars = _bars(ds, lang) if "balance_parts" in ds else None
    rows = math.ceil(len(shown) / COLUMNS)
    cols = min(COLUMNS, len(shown))
    panel_w, panel_h = 3.6, 2.4
    gap_x, gap_y = 0.75, 0.7
    bar_h = 0.0 if bars is None else 0.6 + 0.28 * len(bars[1])
    width = max(7.5, 0.9 + 0.3 + cols * panel_w + (cols - 1) * gap_x)
    margin = {"left": 0.9, "right": width - 0.9 - cols * panel_w - (cols - 1) * gap_x,
              "top": 1.05, "bottom": 0.55 + (bar_h + 0.9 if bars is not None else 0.0)}
    height = margin["top"] + margin["bottom"] + rows * panel_h + (rows - 1) * gap_y
    fig = Figure(figsize=(width, height))
    place_grid(fig, rows, cols, margin, gap_x, gap_y)
    axes = fig.subplots(rows, cols, squeeze=False)
    horizon = ds["horizon"].values
    months = ds["month"].values
    # the calendar year of the last actual month, to its end: the year being tracked
    end = months[-1].astype("datetime64[Y]") + np.timedelta64(1, "Y")
    kept = horizon < end.astype(horizon.dtype)
    banded = "projected_balance_quantile" in ds
    for ax, i in zip(axes.flat, shown, strict=False):
        _balance_panel(ax, ds, i, kept, months, lang)
    for ax in list(axes.flat)[len(shown):]:
        ax.set_visible(False)
    if bars is not None:
        left = 0.9 + max(text_width_in(label, 8) for label in bars[1]) + 0.2
        ax = fig.add_axes((left / width, 0.5 / height, (width - left - 0.4) / width,
                           bar_h / height))
        _bar_panel(ax, *bars, lang)
    handles = [Line2D([], [], color=_LINE, lw=1.8),
               Line2D([], [], color=_ACTUAL, marker="o", ls="none", markersize=5)]
    labels = [t("track.chart.projected"), t("track.chart.actual")]
    if banded:
        handles += [Patch(color=_LINE, alpha=0.15, linewidth=0),
                    Patch(color=_LINE, alpha=0.3, linewidth=0)]
        labels += [t("track.chart.band90"), t("track.chart.band50")]
    fig.legend(handles, labels, loc="upper center", ncols=len(labels), fontsize=9,
               bbox_to_anchor=(0.5, 1 - 0.45 / height))
    fig.suptitle(t("track.chart.title", scenario=ds.attrs.get("scenario", ""),
                   last=str(ds.attrs.get("last_actual_month", ""))), y=1 - 0.12 / height,
                 va="top")
    return fig


def _balance_panel(ax, ds: xr.Dataset, i: int, kept: np.ndarray, months: np.ndarray,
                   lang: str) -> None:
    """Region ``i``'s projected balance over the ``kept`` months of the horizon (and its
    bands), with the actual balances as dots."""
    t = messages(lang)
    horizon = ds["horizon"].values[kept]
    projected = ds["projected_balance"].values[i, kept]
    values = [projected]
    quantile = None
    if "projected_balance_quantile" in ds:
        quantile = ds["projected_balance_quantile"].values[:, i, kept]
        if np.isfinite(quantile).all():
            values.append(quantile.ravel())
        else:
            quantile = None
    actual = (ds["actual"].sel(field="balance").values[i] if "balance" in ds["field"].values
              else np.full(len(months), np.nan))
    values.append(actual)
    unit = money_unit(np.concatenate(values), lang)
    if quantile is not None:
        ax.fill_between(horizon, quantile[0] / unit.scale, quantile[-1] / unit.scale,
                        color=_LINE, alpha=0.15, linewidth=0)
        ax.fill_between(horizon, quantile[1] / unit.scale, quantile[-2] / unit.scale,
                        color=_LINE, alpha=0.3, linewidth=0)
    ax.plot(horizon, projected / unit.scale, color=_LINE, lw=1.8, zorder=2)
    ax.plot(months, actual / unit.scale, color=_ACTUAL, marker="o", ls="none", markersize=4,
            zorder=3)
    ax.axvspan(months[0], months[-1], color="#999999", alpha=0.08, linewidth=0)
    name = str(ds["region_name"].values[i])
    if lang != "zh" and i == ds.sizes["region"] - 1:
        name = t("track.total")
    ax.set_title(f"{name}（{unit.label}）" if lang == "zh" else f"{name} ({unit.label})",
                 fontsize=10)
    format_time_axis(ax, lang, PANEL_TICKS)
    ax.tick_params(labelsize=8)


def _bars(ds: xr.Dataset, lang: str) -> tuple[str, list[str], np.ndarray] | None:
    """The total's balance gap at the last actual month with a balance, by part (parts not
    reported or nil left out), then the gap itself: (month, labels, yuan)."""
    t = messages(lang)
    parts = ds["balance_parts"].isel(region=-1)
    seen = np.isfinite(parts.values).any(axis=1)
    if not seen.any():
        return None
    index = int(np.flatnonzero(seen)[-1])
    values = parts.values[index]
    names = [str(p) for p in ds["balance_part"].values]
    gap = float(ds["gap"].sel(field="balance").values[-1, index])
    floor = max(0.5, 1e-4 * float(np.nanmax(np.abs(np.r_[values, gap]))))
    keep = [k for k, v in enumerate(values)
            if np.isfinite(v) and (abs(v) >= floor or names[k] == "not_explained")]
    labels = [part_label(names[k], lang) for k in keep] + [t("track.chart.total_gap")]
    month = str(np.datetime64(ds["month"].values[index], "M"))
    return month, labels, np.array([values[k] for k in keep] + [gap])


def _bar_panel(ax, month: str, labels: list[str], shown: np.ndarray, lang: str) -> None:
    """A bar per part of the total's balance gap, and the gap."""
    t = messages(lang)
    unit = money_unit(shown, lang)
    y = np.arange(len(shown))[::-1]
    colors = [_UP if v >= 0 else _DOWN for v in shown[:-1]] + ["#555555"]
    bars = ax.barh(y, shown / unit.scale, color=colors, height=0.65)
    ax.bar_label(bars, labels=[unit.format(v) for v in shown], padding=3, fontsize=8)
    ax.margins(x=0.12)
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_title(t("track.chart.bars", month=month, unit=unit.label), fontsize=10)
    ax.grid(False, axis="y")
    ax.tick_params(axis="x", labelsize=8)
