"""Reserve projections of compared scenarios as small multiples: a column per scenario, a row
per measure (province months of reserve, the weakest region's, the total balance). Each panel
shows its scenario's median and 5%–95% band, with the first scenario's median in grey for
reference, so that no band blurs into another and lines at the same level never hide each
other."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fundsim.present.charts.labels import margin_labels, place_grid
from fundsim.present.style import chart_context, money_scale, save_png

CLIP = 60.0
_GENERAL, _DIFFICULT, _REFERENCE = "#D55E00", "#E69F00", "#888888"
# Every scenario in the same blue: its column names it, no colour has to be matched.
_COLOR = "#0072B2"


def plot_compare(ds: xr.Dataset, out: Path) -> Path:
    """Province reserve months, the weakest region's, and the total balance, per scenario."""
    with chart_context():
        return save_png(compare_figure(ds), out)


def compare_figure(ds: xr.Dataset) -> Figure:
    """The small multiples of :func:`plot_compare`."""
    stochastic = "province_reserve_months_p05" in ds
    scale, unit = money_scale(ds["balance_total"].values)
    months = ds["month"].values
    scenarios = [str(s) for s in ds["scenario"].values]
    general, difficult = float(ds.attrs["general_months"]), float(ds.attrs["difficult_months"])
    rows = [("province_reserve_months", "全省备付月数（月）", None),
            ("lowest_reserve_months_by_month", "最弱地区的备付月数（月）", None),
            ("balance_total", f"各地区滚存结余合计（{unit}）", scale)]
    n = len(scenarios)
    panel_w = max(1.9, min(3.2, 12.5 / n))
    panel_h = 2.3
    margin = {"left": 1.0, "right": 0.8, "top": 0.95, "bottom": 1.05}
    gap_x, gap_y = 0.15, 0.35
    width = margin["left"] + margin["right"] + n * panel_w + (n - 1) * gap_x
    height = margin["top"] + margin["bottom"] + 3 * panel_h + 2 * gap_y
    fig = Figure(figsize=(width, height))
    place_grid(fig, 3, n, margin, gap_x, gap_y)
    axes = fig.subplots(3, n, sharex=True, sharey="row", squeeze=False)

    def series(name: str, scenario: str, factor: float | None, suffix: str = "") -> np.ndarray:
        values = ds[name + suffix].sel(scenario=scenario).values.astype(float)
        return np.minimum(values, CLIP) if factor is None else values / factor

    for row, (name, label, factor) in enumerate(rows):
        top = 0.0
        for col, scenario in enumerate(scenarios):
            ax = axes[row, col]
            color = _COLOR
            if col > 0:  # the first scenario, for reference
                ax.step(months, series(name, scenarios[0], factor), where="post",
                        color=_REFERENCE, lw=1.1, zorder=2)
            values = series(name, scenario, factor)
            if stochastic:
                low, high = (series(name, scenario, factor, f"_{q}") for q in ("p05", "p95"))
                ax.fill_between(months, low, high, step="post", color=color, alpha=0.2,
                                linewidth=0)
                top = max(top, float(np.nanmax(high)))
            ax.step(months, values, where="post", color=color, lw=2, zorder=3)
            top = max(top, float(np.nanmax(values)))
            if factor is None:
                ax.axhline(general, color=_GENERAL, ls="--", lw=1, zorder=1)
                ax.axhline(difficult, color=_DIFFICULT, ls=":", lw=1, zorder=1)
            if row == 0:
                ax.set_title(scenario, fontsize=11)
            ax.grid(False, axis="x")
        if factor is None:
            top = max(top, difficult)
        low = min(0.0, *(float(np.nanmin(series(name, s, factor))) for s in scenarios))
        axes[row, 0].set_ylim(low, top * 1.1 if top > 0 else 1.0)
        axes[row, 0].set_ylabel(label, fontsize=10)
        if factor is None:
            margin_labels(axes[row, -1], [general, difficult],
                          [f"{general:g} 个月", f"{difficult:g} 个月"], [_GENERAL, _DIFFICULT],
                          axes_height_in=panel_h)
    for ax in axes[-1]:
        ax.xaxis.set_major_locator(_year_locator(months, panel_w))
        ax.xaxis.set_major_formatter(_year_formatter())
    handles = [Line2D([], [], color=_COLOR, lw=2), Line2D([], [], color=_REFERENCE, lw=1.1),
               Line2D([], [], color=_GENERAL, ls="--"), Line2D([], [], color=_DIFFICULT, ls=":")]
    names = [("该列情景的中位数" if stochastic else "该列情景"),
             f"参照：{scenarios[0]}", f"{general:g} 个月：一般稳岗返还检验线",
             f"{difficult:g} 个月：困难企业稳岗返还检验线"]
    if stochastic:
        handles.insert(1, Patch(color=_COLOR, alpha=0.2, linewidth=0))
        names.insert(1, "5%–95% 区间")
    ncols = len(names) if width >= 11 else 3
    fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.05 / height),
               ncols=ncols, fontsize=9)
    note = f"，{ds.attrs['paths']} 条路径中位数与 5%–95% 区间" if stochastic else ""
    fig.suptitle(f"情景比较{note}（每列一个情景；超过 {CLIP:g} 个月按 {CLIP:g} 显示）",
                 y=1 - 0.15 / height, va="top")
    return fig


def _year_locator(months: np.ndarray, panel_w: float):
    import matplotlib.dates as mdates

    years = max(1, math.ceil(len(months) / 12))
    step = max(1, math.ceil(years / max(1, int(panel_w / 0.55))))
    return mdates.YearLocator(step)


def _year_formatter():
    import matplotlib.dates as mdates

    return mdates.DateFormatter("%Y")
