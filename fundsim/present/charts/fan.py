"""Fan charts of months of reserve: median, 50% and 90% bands over Monte Carlo paths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from fundsim.present.charts.selection import shown_regions
from fundsim.present.numbers import threshold_text
from fundsim.present.style import chart_context, save_png
from fundsim.run import metrics
from fundsim.run.metrics import bands, province_fan

CLIP = 60.0


def _fan(ax, months: np.ndarray, bands: dict[str, np.ndarray], general: np.ndarray,
         difficult: np.ndarray) -> None:
    clip = {k: np.minimum(v, CLIP) for k, v in bands.items()}
    ax.fill_between(months, clip["p05"], clip["p95"], step="post", color="#0072B2", alpha=0.18,
                    label="90%")
    ax.fill_between(months, clip["p25"], clip["p75"], step="post", color="#0072B2", alpha=0.35,
                    label="50%")
    ax.step(months, clip["median"], where="post", color="#0072B2", lw=1.5, label="中位数")
    # the tests' thresholds in force each month
    ax.step(months, general, where="post", color="#D55E00", ls="--", lw=1)
    ax.step(months, difficult, where="post", color="#E69F00", ls="--", lw=1)


def plot_fan(ds: xr.Dataset, out: Path) -> Path:
    """The province and every region (with many regions: the worst ones,
    :mod:`fundsim.present.charts.selection`), one small panel each, on a shared scale."""
    months = ds["month"].values
    general = metrics.threshold(ds, "general").values.astype(float)
    difficult = metrics.threshold(ds, "difficult").values.astype(float)
    regions = list(ds["region"].values[shown_regions(ds)])
    panels = len(regions) + 1
    cols = 4 if panels > 6 else panels
    rows = -(-panels // cols)
    with chart_context():
        fig = Figure(figsize=(3.4 * cols, 2.5 * rows + 0.8), layout="constrained")
        axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True)).ravel()
        _fan(axes[0], months, province_fan(ds), general, difficult)
        axes[0].set_title("全省 (province)", fontsize=10)
        axes[0].legend(fontsize=7, loc="upper right")
        for ax, code in zip(axes[1:], regions, strict=False):
            _fan(ax, months, bands(ds, "reserve_months", region=code), general, difficult)
            ax.set_title(str(ds["region_name"].sel(region=code).values), fontsize=10)
        for ax in axes[panels:]:
            ax.set_visible(False)
        for ax in axes[::cols]:
            ax.set_ylabel("备付月数")
        which = (f"：全省与最低的 {len(regions)} 个地区（共 {ds.sizes['region']} 个）"
                 if len(regions) < ds.sizes["region"] else "")
        fig.suptitle(f"备付月数扇形图{which} — {ds.attrs['scenario']}，{ds.attrs['paths']} 条路径 "
                     f"(中位数，50% 与 90% 区间；虚线 {threshold_text(ds, 'general', 'zh')} 与 "
                     f"{threshold_text(ds, 'difficult', 'zh')} 个月；"
                     f"超过 {CLIP:g} 按 {CLIP:g} 显示)", fontsize=11)
        fig.autofmt_xdate()
        return save_png(fig, out)
