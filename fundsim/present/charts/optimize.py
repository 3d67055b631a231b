"""The optimiser's trade-off chart: every setting evaluated, the curve of the settings no other
beats on both the objective and the risk, the answer, and the constraint's bound."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from fundsim.present.style import chart_context, money_scale, save_png

#: Each measure's axis label in Chinese, and whether it is a probability (shown in %).
LABELS = {
    "firms_covered": ("获得返还的企业（户·月）", False),
    "workers_covered": ("覆盖职工（人·月）", False),
    "returns_paid": ("稳岗返还支出", False),
    "fiscal_subsidy": ("财政补贴", False),
    "pool_transfer": ("调剂金拨付", False),
    "p_fail_general_province": ("全省整体低于一般返还线的概率", True),
    "p_fail_general_regions": ("有地区低于一般返还线的概率", True),
    "regions_below_general": ("低于一般返还线的地区数", False),
    "p_fiscal": ("需要财政补贴的概率", True),
    "lowest_reserve_months": ("最低备付月数", False),
}
MONEY = ("returns_paid", "fiscal_subsidy", "pool_transfer")


def _axis(ax_axis: object, ds: xr.Dataset, name: str) -> tuple[np.ndarray, str]:
    """The values to draw and the axis label (money scaled to 万元/亿元)."""
    label, share = LABELS.get(name, (name, False))
    values = ds[name].values.astype(float)
    if name in MONEY:
        divisor, unit = money_scale(values)
        return values / divisor, f"{label}（{unit}）"
    if share:
        ax_axis.set_major_formatter(PercentFormatter(1.0, decimals=0))  # type: ignore[attr-defined]
    return values, label


def tradeoff_figure(ds: xr.Dataset) -> Figure:
    """The chart of an ``optimize.nc`` (:func:`fundsim.run.optimize.to_dataset`)."""
    objective, risk = str(ds.attrs["objective"]), str(ds.attrs["risk_measure"])
    fig = Figure(figsize=(9, 5.8), layout="constrained")
    ax = fig.subplots()
    x, xlabel = _axis(ax.xaxis, ds, risk)
    y, ylabel = _axis(ax.yaxis, ds, objective)
    ax.scatter(x, y, s=10, color="#BBBBBB", label="评估过的设置")
    front = ds["on_front"].values
    order = np.argsort(x[front], kind="stable")
    ax.plot(x[front][order], y[front][order], "-o", ms=4, color="#0072B2",
            label="权衡曲线（帕累托前沿）")
    for line in str(ds.attrs["constraints"]).splitlines():
        measure, _, bound = line.replace(">=", "<=").partition("<=")
        if measure == risk:
            ax.axvline(float(bound), color="#D55E00", ls="--", lw=1, label=f"约束 {line}")
    best = ds["best"].values
    if best.any():
        ax.plot(x[best], y[best], "*", ms=16, color="#009E73", label="最优设置")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"多项政策杠杆的优化：{ds.attrs.get('scenario', '')}（{int(ds.sizes['setting'])} "
                 f"个设置，每个 {int(ds.attrs['paths']):,} 条路径）")
    fig.legend(loc="outside lower center", ncols=4, fontsize=9)
    return fig


def plot_tradeoff(ds: xr.Dataset, path: Path | None = None, svg: bool | None = None
                  ) -> bytes | None:
    """The trade-off chart: PNG to ``path`` when given; SVG bytes when ``svg`` (default: when
    no ``path``), both from one figure."""
    svg = path is None if svg is None else svg
    with chart_context():
        fig = tradeoff_figure(ds)
        if path is not None:
            save_png(fig, Path(path))
        if not svg:
            return None
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()
