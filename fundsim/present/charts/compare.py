"""Overlaid reserve projections of compared scenarios."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from fundsim.present.style import chart_context, money_scale, save_png

CLIP = 60.0


def plot_compare(ds: xr.Dataset, out: Path) -> Path:
    """Province reserve months, the weakest region's, and the total balance, per scenario."""
    stochastic = "province_reserve_months_p05" in ds
    scale, unit = money_scale(ds["balance_total"].values)
    months = ds["month"].values
    with chart_context():
        fig = Figure(figsize=(12, 9), layout="constrained")
        province, weakest, balance = fig.subplots(3, 1, sharex=True)
        for scenario in ds["scenario"].values:
            view = ds.sel(scenario=scenario)
            for ax, name, factor in ((province, "province_reserve_months", None),
                                     (weakest, "lowest_reserve_months_by_month", None),
                                     (balance, "balance_total", scale)):
                values = view[name].values
                values = values / factor if factor else np.minimum(values, CLIP)
                line, = ax.step(months, values, where="post", label=str(scenario))
                if stochastic:
                    low, high = view[f"{name}_p05"].values, view[f"{name}_p95"].values
                    if factor:
                        low, high = low / factor, high / factor
                    else:
                        low, high = np.minimum(low, CLIP), np.minimum(high, CLIP)
                    ax.fill_between(months, low, high, step="post", alpha=0.15,
                                    color=line.get_color())
        for ax in (province, weakest):
            ax.axhline(ds.attrs["general_months"], color="#D55E00", ls="--", lw=1,
                       label=f"{ds.attrs['general_months']:g} 个月 (一般稳岗返还)")
            ax.axhline(ds.attrs["difficult_months"], color="#E69F00", ls="--", lw=1,
                       label=f"{ds.attrs['difficult_months']:g} 个月 (困难企业稳岗返还)")
            ax.set_ylabel(f"月 (超过 {CLIP:g} 按 {CLIP:g} 显示)")
        province.set_title("全省备付月数")
        weakest.set_title("最弱地区的备付月数")
        balance.set_title("各地区滚存结余合计")
        balance.set_ylabel(unit)
        province.legend(fontsize=8, ncols=2)
        note = f"，{ds.attrs['paths']} 条路径中位数 (带: 5%–95%)" if stochastic else ""
        fig.suptitle(f"情景比较{note}")
        return save_png(fig, out)
