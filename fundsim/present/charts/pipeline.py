"""Charts of a pipeline run: days to payment, queues, reviewer utilisation, payments by month.

Matplotlib's object API only (Figure, no pyplot); Chinese labels with the font of
:func:`fundsim.present.style.use_cjk_font` set inside :func:`matplotlib.rc_context`; PNGs written
atomically.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from fundsim.present.style import chart_context, save_png

ROUTE_NAMES = {"general": "一般审核", "government": "政府审议 (大额)", "training": "以工代训"}
STAFFED_NAMES = {"window": "窗口初审", "department": "部门审核", "joint": "联合会审 (各部门)",
                 "government": "政府审议", "training": "以工代训审核"}


def _save(fig: Figure, out: Path) -> Path:
    return save_png(fig, out, 110)


def _title(ds: xr.Dataset, what: str) -> str:
    mode = "免申即享" if int(ds.attrs.get("automatic", 0)) else "企业申请"
    return f"{what} — {ds.attrs.get('scenario', '')} ({mode}, {ds.attrs.get('year', '')}年)"


def plot_waiting(ds: xr.Dataset, out: Path) -> Path:
    """Distribution of calendar days from application to payment, by route."""
    days = ds["firm_days"].values
    route = ds["firm_route"].values.astype(str)
    with chart_context():
        fig = Figure(figsize=(9, 5), layout="constrained")
        ax = fig.add_subplot()
        finite = days[np.isfinite(days)]
        top = float(finite.max()) if finite.size else 1.0
        bins = np.arange(0, top + 2)
        for key in ("general", "government"):
            values = days[(route == key) & np.isfinite(days)]
            if values.size:
                ax.hist(values, bins=bins, histtype="step", linewidth=1.5,
                        label=f"{ROUTE_NAMES[key]}: 中位数 {np.median(values):.0f} 天, "
                              f"90% {np.quantile(values, 0.9):.0f} 天 ({values.size:,} 家)")
        ax.set_xlabel("从申请到拨付的天数 (日历日)")
        ax.set_ylabel("企业数")
        ax.set_title(_title(ds, "稳岗返还到账时间"))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small")
        return _save(fig, out)


def plot_queues(ds: xr.Dataset, out: Path) -> Path:
    """Cases waiting at each stage at the close of every working day."""
    queue = ds["queue"]
    with chart_context():
        fig = Figure(figsize=(10, 5.5), layout="constrained")
        ax = fig.add_subplot()
        for stage, name in zip(ds["queue_stage"].values, ds["queue_stage_name"].values,
                               strict=True):
            values = queue.sel(queue_stage=stage).values
            if values.any():
                ax.plot(ds["day"].values, values, label=str(name), linewidth=1.2)
        ax.set_ylabel("排队件数 (每个工作日下班时)")
        ax.set_xlabel("日期")
        ax.set_title(_title(ds, "各环节排队情况"))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small", ncols=2)
        return _save(fig, out)


def plot_utilisation(ds: xr.Dataset, out: Path) -> Path:
    """Reviewer utilisation per staffed stage and month (all regions)."""
    util = ds["utilisation"]
    months = ds["month"].values
    with chart_context():
        fig = Figure(figsize=(10, 5), layout="constrained")
        ax = fig.add_subplot()
        for stage in ds["staffed_stage"].values:
            values = util.sel(staffed_stage=stage).values * 100
            if values.any():
                ax.plot(months, values, marker="o", markersize=3,
                        label=f"{STAFFED_NAMES[str(stage)]} "
                              f"({int(ds['staff'].sel(staffed_stage=stage).sum())} 人)")
        ax.axhline(100, color="black", linestyle="--", linewidth=1, label="满负荷")
        ax.set_ylabel("工作人员利用率 (%)")
        ax.set_xlabel("月份")
        ax.set_title(_title(ds, "审核人员利用率"))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small")
        return _save(fig, out)


def plot_payments(ds: xr.Dataset, out: Path) -> Path:
    """Returns applied and paid per month (province), the fluid approximation, and by region."""
    months = ds["month"].values
    paid = ds["payments"]
    scale, unit = (1e8, "亿元") if float(paid.sum("region").max()) >= 1e8 else (1e4, "万元")
    names = [str(n) for n in ds["region_name"].values]
    with chart_context():
        fig = Figure(figsize=(10, 8), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True)
        width = 20.0
        top.bar(months, paid.sum("region").values / scale, width=width, color="tab:blue",
                label="拨付 (离散事件模型)")
        top.plot(months, ds["fluid_payments"].sum("region").values / scale, color="tab:red",
                 marker="o", markersize=3, label="拨付 (流体近似)")
        top.plot(months, ds["applications"].sum("region").values / scale, color="black",
                 linestyle="--", label="申请金额")
        top.set_ylabel(f"每月金额 ({unit})")
        top.set_title("全省稳岗返还: 申请与拨付", fontsize="medium")
        top.grid(True, axis="y", alpha=0.3)
        top.legend(fontsize="small")
        base = np.zeros(len(months))
        cmap = matplotlib.colormaps["tab20"]
        for i, name in enumerate(names):
            values = paid.isel(region=i).values / scale
            bottom.bar(months, values, width=width, bottom=base, color=cmap(i % 20), label=name)
            base += values
        bottom.set_ylabel(f"拨付 ({unit})")
        bottom.set_xlabel("月份")
        bottom.set_title("按统筹地区的每月拨付", fontsize="medium")
        bottom.grid(True, axis="y", alpha=0.3)
        fig.legend(*bottom.get_legend_handles_labels(), loc="outside right upper",
                   fontsize="small")
        fig.suptitle(_title(ds, "稳岗返还资金拨付时间表"))
        return _save(fig, out)


PLOTS = {"waiting.png": plot_waiting, "queues.png": plot_queues,
         "utilisation.png": plot_utilisation, "payments.png": plot_payments}


def write_all(ds: xr.Dataset, folder: Path) -> list[Path]:
    """Every chart of the run into ``folder``."""
    return [plot(ds, Path(folder) / name) for name, plot in PLOTS.items()]
