"""Fan charts of months of reserve: median, 50% and 90% bands over Monte Carlo paths."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fundsim.present.charts.labels import InsideLocator, margin_labels, place_grid
from fundsim.present.charts.selection import shown_regions
from fundsim.present.numbers import threshold_text
from fundsim.present.style import chart_context, save_png
from fundsim.run import metrics
from fundsim.run.metrics import bands, province_fan

CLIP = 60.0
_DATA, _GENERAL, _DIFFICULT = "#0072B2", "#D55E00", "#E69F00"


def _fan(ax, months: np.ndarray, bands: dict[str, np.ndarray], general: np.ndarray,
         difficult: np.ndarray) -> None:
    clip = {k: np.minimum(v, CLIP) for k, v in bands.items()}
    ax.fill_between(months, clip["p05"], clip["p95"], step="post", color=_DATA, alpha=0.18,
                    linewidth=0)
    ax.fill_between(months, clip["p25"], clip["p75"], step="post", color=_DATA, alpha=0.35,
                    linewidth=0)
    ax.step(months, clip["median"], where="post", color=_DATA, lw=1.5)
    # the tests' thresholds in force each month
    ax.step(months, general, where="post", color=_GENERAL, ls="--", lw=1)
    ax.step(months, difficult, where="post", color=_DIFFICULT, ls=":", lw=1)


def plot_fan(ds: xr.Dataset, out: Path) -> Path:
    """The province and every region (with many regions: the worst ones,
    :mod:`fundsim.present.charts.selection`), one small panel each, on a shared scale."""
    with chart_context():
        return save_png(fan_figure(ds), out)


def fan_figure(ds: xr.Dataset) -> Figure:
    """The panels of :func:`plot_fan`, laid out with fixed margins: the title above the
    panels' titles, the test lines labelled right of each row, the legend below."""
    months = ds["month"].values
    general = metrics.threshold(ds, "general").values.astype(float)
    difficult = metrics.threshold(ds, "difficult").values.astype(float)
    regions = list(ds["region"].values[shown_regions(ds)])
    panels = len(regions) + 1
    cols = 4 if panels > 6 else panels
    rows = math.ceil(panels / cols)
    width, height = 3.1 * cols + 1.6, 2.4 * rows + 1.9
    margin = {"left": 0.85, "right": 0.75, "top": 1.0, "bottom": 0.9}
    gap_x, gap_y = 0.15, 0.5
    fig = Figure(figsize=(width, height))
    _, panel_h = place_grid(fig, rows, cols, margin, gap_x, gap_y)
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True)).ravel()
    fans = [province_fan(ds)] + [bands(ds, "reserve_months", region=code) for code in regions]
    top = max(float(np.nanmax(np.minimum(f["p95"], CLIP))) for f in fans)
    axes[0].set_ylim(0, max(top, float(difficult.max())) * 1.1)
    titles = ["全省"] + [str(ds["region_name"].sel(region=code).values) for code in regions]
    for i, (ax, fan, title) in enumerate(zip(axes, fans, titles, strict=False)):
        _fan(ax, months, fan, general, difficult)
        ax.set_title(title, fontsize=10)
        ax.grid(False, axis="x")
        if i % cols == cols - 1 or i == panels - 1:
            levels = [float(general[-1]), float(difficult[-1])]
            margin_labels(ax, levels, [f"{v:g} 个月" for v in levels], [_GENERAL, _DIFFICULT],
                          axes_height_in=panel_h)
    for ax in axes[panels:]:
        ax.set_visible(False)
    for ax in axes[::cols]:
        ax.set_ylabel("备付月数")
    axes[0].xaxis.set_major_locator(InsideLocator(mdates.AutoDateLocator(minticks=2,
                                                                          maxticks=5)))
    axes[0].xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    which = (f"：全省与最低的 {len(regions)} 个地区（共 {ds.sizes['region']} 个）"
             if len(regions) < ds.sizes["region"] else "")
    paths = ds.attrs.get("paths", ds.sizes.get("path", 1))
    fig.suptitle(f"备付月数扇形图{which} — {ds.attrs['scenario']}，{paths} 条路径"
                 f"（超过 {CLIP:g} 个月按 {CLIP:g} 显示）", y=1 - 0.15 / height, va="top")
    handles = [Line2D([], [], color=_DATA, lw=1.5), Patch(color=_DATA, alpha=0.35, linewidth=0),
               Patch(color=_DATA, alpha=0.18, linewidth=0),
               Line2D([], [], color=_GENERAL, ls="--"), Line2D([], [], color=_DIFFICULT, ls=":")]
    names = ["中位数", "50% 区间", "90% 区间",
             f"{threshold_text(ds, 'general', 'zh')} 个月：一般稳岗返还检验线",
             f"{threshold_text(ds, 'difficult', 'zh')} 个月：困难企业稳岗返还检验线"]
    fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.05 / height),
               ncols=5 if width >= 12 else 3, fontsize=9)
    return fig
