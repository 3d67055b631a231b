"""Charts of a sweep: the headline metrics against the swept value (the first swept key on the
x-axis; one line per combination of the others, at most ``MAX_LINES``)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from fundsim.present.style import chart_context, money_scale, save_png

MAX_LINES = 8


def _lines(ds: xr.Dataset) -> list[tuple[str, dict]]:
    """(label, selection) for each line: every combination of the non-x swept keys."""
    keys = ds.attrs["swept"].split(", ")[1:]
    combos = itertools.product(*(ds[k].values for k in keys))
    lines = [(", ".join(f"{k.split('.')[-1]}={v}" for k, v in zip(keys, c, strict=True)),
              dict(zip(keys, c, strict=True))) for c in combos]
    return lines[:MAX_LINES]


def plot_sweep(ds: xr.Dataset, out: Path) -> Path:
    """Four panels: money totals, lowest reserve months, regions below the tests, risks."""
    x_key = ds.attrs["swept"].split(", ")[0]
    x = ds[x_key].values
    stochastic = "quantile" in ds.dims
    lines = _lines(ds)
    scale, unit = money_scale(ds["returns_paid_total"].values, ds["fiscal_subsidy_total"].values)
    general, difficult = ds.attrs["general_months"], ds.attrs["difficult_months"]
    with chart_context():
        fig = Figure(figsize=(12, 8.5), layout="constrained")
        (money, reserve), (below, risk) = fig.subplots(2, 2, sharex=True)
        for label, sel in lines:
            view = ds.sel(sel) if sel else ds
            tag = f" ({label})" if label else ""
            for name, text, style in (("returns_paid_total", "稳岗返还", "-"),
                                      ("fiscal_subsidy_total", "财政补贴", "--"),
                                      ("pool_transfer_total", "调剂金拨付", ":")):
                line, = money.plot(x, view[name].values / scale, style, label=text + tag)
                if stochastic:
                    q = view[f"{name}_quantile"]
                    money.fill_between(x, q.sel(quantile=0.05) / scale,
                                       q.sel(quantile=0.95) / scale, alpha=0.15,
                                       color=line.get_color())
            line, = reserve.plot(x, np.minimum(view["lowest_reserve_months"].values, 60),
                                 label="最低备付月数" + tag)
            if stochastic:
                q = view["lowest_reserve_months_quantile"]
                reserve.fill_between(x, np.minimum(q.sel(quantile=0.05), 60),
                                     np.minimum(q.sel(quantile=0.95), 60), alpha=0.15,
                                     color=line.get_color())
            below.plot(x, view["regions_below_general"].values, "-o", ms=3,
                       label="低于一般返还门槛的地区" + tag)
            below.plot(x, view["regions_below_difficult"].values, "--s", ms=3,
                       label="低于困难企业门槛的地区" + tag)
            if stochastic:
                risk.plot(x, view["p_fail_general"].values, "-",
                          label="某地区低于一般门槛的概率" + tag)
                risk.plot(x, view["p_fiscal"].values, "--", label="需要财政补贴的概率" + tag)
        reserve.axhline(general, color="#D55E00", ls="--", lw=1, label=f"{general:g} 个月")
        reserve.axhline(difficult, color="#E69F00", ls="--", lw=1, label=f"{difficult:g} 个月")
        money.set_ylabel(f"全期合计 ({unit})")
        reserve.set_ylabel("月 (超过 60 按 60 显示)")
        below.set_ylabel("地区数")
        if stochastic:
            risk.set_ylabel("概率")
            risk.set_ylim(-0.02, 1.02)
        else:
            risk.text(0.5, 0.5, "单一中心路径：无概率\n(用 --paths N 估计风险)", ha="center",
                      va="center", transform=risk.transAxes)
        for ax, title in ((money, "资金"), (reserve, "备付能力"), (below, "未达门槛的地区"),
                          (risk, "风险")):
            ax.set_title(title)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(fontsize=8)
        for ax in (below, risk):
            ax.set_xlabel(x_key)
        note = f"，{ds.attrs['paths']} 条路径 (带: 5%–95%)" if stochastic else ""
        fig.suptitle(f"参数扫描 — {ds.attrs['scenario']}{note}")
        return save_png(fig, out)


def plot_frontier(result, out: Path) -> Path:
    """P(meeting the test) against the ratio, with the target and the frontier marked."""
    curve = result.curve
    with chart_context():
        fig = Figure(figsize=(9, 5.5), layout="constrained")
        ax = fig.subplots()
        ax.plot(curve["ratio"].values, curve["probability"].values, "-o", ms=3,
                color="#0072B2", label="达标概率 (蒙特卡洛估计)")
        ax.axhline(result.probability, color="#D55E00", ls="--", lw=1,
                   label=f"目标概率 {result.probability:.0%}")
        if result.ratio is not None:
            ax.axvline(result.ratio, color="#009E73", ls=":", lw=1.5,
                       label=f"可承受上限 {result.ratio:.3f}")
        scope = "全省整体" if result.scope == "province" else "每个地区"
        ax.set_xlabel(result.key)
        ax.set_ylabel(f"{scope}保持 ≥ 一般返还门槛的概率")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(fontsize=9)
        title = f"可承受性前沿 — {scope}"
        if result.excluded:
            title += f" (不含任何比例下都无法达标的 {len(result.excluded)} 个地区)"
        ax.set_title(title)
        return save_png(fig, out)
