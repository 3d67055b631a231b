"""The re-forecast's chart: small multiples of fund balances for the province and the regions to
watch (:mod:`fundsim.run.watch`), the most urgent first: the actual months (solid, with dots),
the January projection (``plan_balance``, dashed), the re-forecast (its median and 5–95 % band
over paths, or the one path), the year-end balance's 5–95 % range, and a vertical line at the
last actual month. Each panel's title gives its grade (in words and colour) and its probability
of failing the general test at the next January.

A run summarised over paths keeps monthly quantiles of each region's balance but not of the
province's (the regions' quantiles do not add up): its province panel draws the mean over paths,
with the year-end range from every path's year-end figures.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from fundsim.present.charts.labels import place_grid
from fundsim.present.charts.run import PANEL_TICKS, format_time_axis
from fundsim.present.messages import messages
from fundsim.present.numbers import money_unit, month_label, share
from fundsim.present.style import DPI, chart_context, save_png
from fundsim.run import metrics, watch
from fundsim.run.metrics import PROVINCE_ROW

#: At most this many panels (the province and the first regions to watch).
MAX_PANELS = 12
#: The grades' colours (Okabe–Ito vermillion, orange, bluish green).
GRADE_COLORS = {"red": "#D55E00", "amber": "#E69F00", "green": "#009E73"}
_ACTUAL, _PLAN, _FORECAST, _LAST = "#000000", "#555555", "#0072B2", "#999999"


@dataclass(frozen=True)
class WatchPanel:
    """One panel's series in yuan over the chart's months (NaN where not drawn)."""

    code: str
    title: str
    grade: str
    actual: np.ndarray
    plan: np.ndarray | None
    median: np.ndarray
    p05: np.ndarray | None
    p95: np.ndarray | None
    year_end: tuple[float, float, float]  # p05, p50 (or the value), p95 of the year end
    mean_only: bool = False  # the re-forecast line is the mean over paths (no band)


def panel_codes(ds: xr.Dataset) -> list[str]:
    """The codes drawn: the province fund first, then the regions to watch in the watch
    table's order, at most :data:`MAX_PANELS` in all."""
    return [PROVINCE_ROW] + watch.watch_regions(ds)[:MAX_PANELS - 1]


def _window(ds: xr.Dataset, months: watch.WatchMonths) -> int:
    """The number of months drawn: from the run's first month to the next January."""
    return int(np.flatnonzero(ds["month"].values.astype("datetime64[M]") == months.january)[0]) + 1


def watch_panels(ds: xr.Dataset, lang: str = "zh") -> list[WatchPanel]:
    """The series of each panel of :func:`plot_watch`."""
    t = messages(lang)
    table = watch.watch_table(ds).set_index("code")
    months = watch.watch_months(ds)
    n = _window(ds, months)
    actual = np.asarray(ds["actual"].values, dtype=bool)[:n] if "actual" in ds else np.zeros(n,
                                                                                            bool)
    last = int(np.flatnonzero(ds["month"].values.astype("datetime64[M]")
                              == months.last_actual)[0])
    after = np.arange(n) >= last  # the re-forecast joins the actuals at the last actual month
    stochastic = metrics.stochastic(ds)
    summarised = metrics.summarised(ds)
    panels = []
    for code in panel_codes(ds):
        row = table.loc[code]
        if code == PROVINCE_ROW:
            title = t("watch.plot.province")
            regions = ds["balance"].isel(month=slice(0, n))
            paths_balance = metrics.sum_over(regions, "region") + ds["pool_balance"].isel(
                month=slice(0, n))
            plan = None
            if "plan_balance" in ds and "plan_pool_balance" in ds:
                plan = (ds["plan_balance"].isel(month=slice(0, n)).sum("region")
                        + ds["plan_pool_balance"].isel(month=slice(0, n))).values
            quantiles = None if summarised else paths_balance
            mean_only = summarised
        else:
            title = str(row["name"])  # Chinese, as every chart names regions
            paths_balance = ds["balance"].sel(region=code).isel(month=slice(0, n))
            plan = (ds["plan_balance"].sel(region=code).isel(month=slice(0, n)).values
                    if "plan_balance" in ds else None)
            quantiles = (ds["balance_quantile"].sel(region=code).isel(month=slice(0, n))
                         if summarised else paths_balance)
            mean_only = False
        central = metrics.mean_over_paths(paths_balance).values.astype(float)
        p05 = p95 = None
        median = central
        if stochastic and quantiles is not None:
            if summarised:
                q = quantiles.sel(quantile=[0.05, 0.5, 0.95]).transpose("quantile", "month")
            else:
                q = quantiles.quantile([0.05, 0.5, 0.95], dim="path").transpose("quantile",
                                                                                "month")
            p05, median, p95 = (np.where(after, v, np.nan) for v in q.values.astype(float))
        panels.append(WatchPanel(
            code=code, title=title, grade=str(row["grade"]),
            actual=np.where(actual, central, np.nan),
            plan=None if plan is None else np.asarray(plan, dtype=float),
            median=np.where(after, median, np.nan), p05=p05, p95=p95,
            year_end=(float(row["year_end_balance_p05_yuan"]),
                      float(row["year_end_balance_p50_yuan"]),
                      float(row["year_end_balance_p95_yuan"])),
            mean_only=mean_only and stochastic))
    return panels


def watch_figure(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """The small multiples of :func:`plot_watch`, laid out with fixed margins."""
    t = messages(lang)
    months = watch.watch_months(ds)
    table = watch.watch_table(ds)
    panels = watch_panels(ds, lang)
    x = ds["month"].values[:_window(ds, months)]
    year_end_x = ds["month"].values[np.flatnonzero(
        ds["month"].values.astype("datetime64[M]") == months.year_end)[0]]
    last_x = ds["month"].values[np.flatnonzero(
        ds["month"].values.astype("datetime64[M]") == months.last_actual)[0]]
    every = [v for p in panels for v in (p.actual, p.plan, p.median, p.p05, p.p95)
             if v is not None]
    unit = money_unit(np.concatenate([np.ravel(v) for v in every]), lang)
    n = len(panels)
    cols = min(4, n)
    rows = math.ceil(n / cols)
    width, height = 3.0 * cols + 1.3, 2.4 * rows + 1.9
    margin = {"left": 1.0, "right": 0.3, "top": 1.0, "bottom": 1.0}
    fig = Figure(figsize=(width, height))
    place_grid(fig, rows, cols, margin, gap_x=0.55, gap_y=0.55)
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, squeeze=False)).ravel()
    stochastic = metrics.stochastic(ds)
    probability = dict(zip(table["code"], table["p_fail_general"], strict=True))
    for ax, panel in zip(axes, panels, strict=False):
        scale = unit.scale
        if panel.p05 is not None and panel.p95 is not None:
            ax.fill_between(x, panel.p05 / scale, panel.p95 / scale, color=_FORECAST,
                            alpha=0.2, linewidth=0)
        if panel.plan is not None:
            ax.plot(x, panel.plan / scale, color=_PLAN, linestyle="--", linewidth=1.1,
                    zorder=3)  # above the re-forecast where they agree
        ax.plot(x, panel.median / scale, color=_FORECAST, linewidth=1.6,
                linestyle="-." if panel.mean_only else "-")
        ax.plot(x, panel.actual / scale, color=_ACTUAL, linewidth=1.4, marker="o",
                markersize=3)
        low, mid, high = (v / scale for v in panel.year_end)
        if stochastic and np.isfinite(low) and np.isfinite(high):
            ax.errorbar([year_end_x], [mid], yerr=[[mid - low], [high - mid]], fmt="D",
                        color=_FORECAST, markersize=4, capsize=3, linewidth=1)
        ax.axvline(last_x, color=_LAST, linestyle=":", linewidth=1)
        shown = np.concatenate([np.ravel(v) for v in (panel.actual, panel.plan, panel.median,
                                                      panel.p05, panel.p95) if v is not None])
        shown = shown[np.isfinite(shown)] / scale
        top = max(float(shown.max()) if shown.size else 1.0, 1e-9)
        bottom = min(0.0, float(shown.min()) if shown.size else 0.0)
        ax.set_ylim(bottom, top * 1.12)
        if bottom < 0:
            ax.axhline(0, color="black", linewidth=0.8)
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
        grade = t(f"watch.grade.{panel.grade}")
        title = t("watch.plot.panel", name=panel.title, grade=grade,
                  probability=share(probability[panel.code]))
        ax.set_title(title, fontsize=10, color=GRADE_COLORS[panel.grade], y=1.0)
        if panel.mean_only:
            ax.text(0.03, 0.04, t("watch.plot.mean_note"), transform=ax.transAxes,
                    fontsize=8, va="bottom", color=_FORECAST)
        ax.grid(False, axis="x")
        format_time_axis(ax, lang, PANEL_TICKS)
    for ax in axes[n:]:
        ax.set_visible(False)
    watched = len(watch.watch_regions(ds))
    last = month_label(np.datetime64(months.last_actual, "D"), lang)
    title = (t("watch.plot.title", count=watched, last=last) if watched
             else t("watch.plot.title_none", last=last))
    if watched > n - 1:
        title += t("watch.plot.more", count=watched - (n - 1))
    fig.suptitle(title, y=1 - 0.15 / height, va="top")
    fig.supylabel(t("watch.plot.ylabel", unit=unit.label), fontsize=10, x=0.12 / width,
                  ha="left")
    handles = [Line2D([], [], color=_ACTUAL, marker="o", markersize=3, linewidth=1.4),
               Line2D([], [], color=_PLAN, linestyle="--", linewidth=1.1),
               Line2D([], [], color=_FORECAST, linewidth=1.6)]
    names = [t("watch.plot.actual"), t("watch.plot.plan"),
             t("watch.plot.median" if stochastic else "watch.plot.forecast")]
    if stochastic:
        handles += [Patch(color=_FORECAST, alpha=0.2, linewidth=0),
                    Line2D([], [], color=_FORECAST, marker="D", markersize=4, linewidth=1)]
        names += [t("watch.plot.band"), t("watch.plot.year_end")]
    handles.append(Line2D([], [], color=_LAST, linestyle=":", linewidth=1))
    names.append(t("watch.plot.last_actual", month=last))
    fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.05 / height),
               ncols=min(len(names), 3 if width < 10 else 6), fontsize=8.5)
    return fig


def plot_watch(ds: xr.Dataset, path: Path | None = None, lang: str = "zh",
               svg: bool | None = None) -> bytes | None:
    """The watch chart of a re-forecast: written to ``path`` as PNG (atomically) when given;
    returned as SVG bytes when ``svg`` (default: when no ``path``), both from one figure.
    InputError (:mod:`fundsim.run.watch`) when the run holds no actuals or ends before the
    next January."""
    messages(lang)  # an unknown language fails before any drawing
    svg = path is None if svg is None else svg
    with chart_context():
        fig = watch_figure(ds, lang)
        if path is not None:
            save_png(fig, Path(path), DPI)
        if not svg:
            return None
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()
