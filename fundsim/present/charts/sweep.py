"""Charts of a sweep: for one swept key, the headline metrics against its values, each line
named at its end; for a grid of two keys, a heat map per metric (one row of heat maps per
combination of any further keys). Axes carry the keys' readable names and units
(:mod:`fundsim.present.charts.labels`), never the raw key alone."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from fundsim.present.charts.labels import (
    key_axis,
    key_label,
    key_unit,
    margin_labels,
    place_grid,
    text_width_in,
    value_text,
)
from fundsim.present.style import chart_context, money_scale, save_png

CLIP = 60.0
# Rows of heat maps at most (combinations of the keys after the first two).
MAX_ROWS = 4
_GENERAL, _DIFFICULT = "#D55E00", "#E69F00"
_COLORS = ("#0072B2", "#009E73", "#CC79A7", "#56B4E9")
# Lines of a panel: wide and hollow first, narrower after, so that equal lines stay visible.
_STYLES = ({"ls": "-", "marker": "o", "ms": 7, "lw": 3.2, "mfc": "white"},
           {"ls": "--", "marker": "s", "ms": 3.5, "lw": 1.6},
           {"ls": ":", "marker": "^", "ms": 3.5, "lw": 1.6})


def swept(ds: xr.Dataset) -> list[str]:
    """The swept keys, in the order of the grid."""
    return [k.strip() for k in str(ds.attrs["swept"]).split(",") if k.strip()]


def _numeric(ds: xr.Dataset, key: str) -> bool:
    return ds[key].dtype.kind in "iuf"


def x_key(ds: xr.Dataset) -> str:
    """The key across: the numeric key with the most values (else the first)."""
    keys = swept(ds)
    numeric = [k for k in keys if _numeric(ds, k)]
    return max(numeric, key=lambda k: ds.sizes[k]) if numeric else keys[0]


def plot_sweep(ds: xr.Dataset, out: Path, lang: str = "zh") -> Path:
    """One key: four panels of lines (money, lowest reserve, regions below the tests, risks).
    Two or more keys: heat maps of the same metrics over the first two."""
    with chart_context():
        fig = _heat_maps(ds, lang) if len(swept(ds)) > 1 else _line_panels(ds, lang)
        return save_png(fig, out)


# --------------------------------------------------------------------------- one key


def _positions(ds: xr.Dataset, key: str) -> np.ndarray:
    return (ds[key].values.astype(float) if _numeric(ds, key)
            else np.arange(ds.sizes[key], dtype=float))


def _format_x(ax: Axes, ds: xr.Dataset, key: str, lang: str) -> None:
    values = ds[key].values
    if not _numeric(ds, key):
        ax.set_xticks(np.arange(len(values)), [value_text(key, v, lang, ds) for v in values])
        ax.set_xlim(-0.4, len(values) - 0.6)
    elif key_unit(key, ds) == "share":
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    if _numeric(ds, key) and len(values) <= 12:
        ax.set_xticks(values.astype(float))


def _line_panels(ds: xr.Dataset, lang: str) -> Figure:
    key = swept(ds)[0]
    x = _positions(ds, key)
    stochastic = "p_fail_general" in ds
    scale, unit = money_scale(ds["returns_paid_total"].values, ds["fiscal_subsidy_total"].values,
                              ds["pool_transfer_total"].values)
    general, difficult = float(ds.attrs["general_months"]), float(ds.attrs["difficult_months"])
    panels = [
        ("资金", f"全期合计（{unit}）", [
            ("returns_paid_total", "稳岗返还", scale), ("fiscal_subsidy_total", "财政补贴", scale),
            ("pool_transfer_total", "调剂金拨付", scale)]),
        ("备付能力", f"月（超过 {CLIP:g} 按 {CLIP:g} 显示）", [
            ("lowest_reserve_months", "最低备付月数", None)]),
        ("未达门槛的地区", "地区数", [
            ("regions_below_general", f"低于 {general:g} 个月", 1.0),
            ("regions_below_difficult", f"低于 {difficult:g} 个月", 1.0)]),
        ("风险", "概率", [
            ("p_fail_general", f"有地区低于 {general:g} 个月", 1.0),
            ("p_fiscal", "需要财政补贴", 1.0)] if stochastic else []),
    ]
    longest = max(text_width_in(label, 9) for _, _, lines in panels for _, label, _ in lines)
    width, height = 13.0, 8.5
    margin = {"left": 0.9, "right": longest + 0.25, "top": 0.85, "bottom": 0.75}
    gap_x, gap_y = longest + 1.0, 0.6
    fig = Figure(figsize=(width, height))
    _, panel_h = place_grid(fig, 2, 2, margin, gap_x, gap_y)
    axes = fig.subplots(2, 2, sharex=True).ravel()
    for ax, (title, ylabel, lines) in zip(axes, panels, strict=True):
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        if not lines:
            ax.text(0.5, 0.5, "单一中心路径：无概率\n（用 --paths N 估计风险）", ha="center",
                    va="center", transform=ax.transAxes)
            ax.set_yticks([])
            continue
        ends, names, colors = [], [], []
        top = 0.0
        for (name, label, factor), color, style in zip(lines, _COLORS, _STYLES, strict=False):
            y = ds[name].values.astype(float)
            y = np.minimum(y, CLIP) if factor is None else y / factor
            ax.plot(x, y, color=color, **style)
            top = max(top, float(np.nanmax(y)))
            if stochastic and f"{name}_quantile" in ds:
                q = ds[f"{name}_quantile"]
                low, high = (q.sel(quantile=v).values.astype(float) for v in (0.05, 0.95))
                low, high = ((np.minimum(a, CLIP) for a in (low, high)) if factor is None
                             else (low / factor, high / factor))
                ax.fill_between(x, low, high, alpha=0.15, color=color, linewidth=0)
                top = max(top, float(np.nanmax(high)))
            ends.append(float(y[-1]))
            names.append(label)
            colors.append(color)
        if title == "备付能力":
            ax.axhline(general, color=_GENERAL, ls="--", lw=1)
            ax.axhline(difficult, color=_DIFFICULT, ls=":", lw=1)
            ends += [general, difficult]
            names += [f"{general:g} 个月", f"{difficult:g} 个月"]
            colors += [_GENERAL, _DIFFICULT]
            top = max(top, difficult)
        if title == "风险":
            ax.set_ylim(-0.02, 1.02)
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        else:
            ax.set_ylim(0, max(top, 1e-9) * 1.1)
            if title == "未达门槛的地区":
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            else:
                ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.6g}"))
        margin_labels(ax, ends, names, colors, axes_height_in=panel_h)
    for ax in axes[2:]:
        _format_x(ax, ds, key, lang)
        ax.set_xlabel(key_axis(key, lang, ds))
    note = f"，{ds.attrs['paths']} 条路径均值（带：5%–95%）" if stochastic else ""
    fig.suptitle(f"参数扫描 — {ds.attrs['scenario']}{note}", y=1 - 0.15 / height, va="top")
    return fig


# --------------------------------------------------------------------------- a grid


def _heat_maps(ds: xr.Dataset, lang: str) -> Figure:
    across = x_key(ds)
    down = next(k for k in swept(ds) if k != across)
    rest = [k for k in swept(ds) if k not in (across, down)]
    combos = list(itertools.product(*(ds[k].values.tolist() for k in rest)))
    shown = combos[:MAX_ROWS]
    stochastic = "p_fail_general" in ds
    returns_scale, returns_unit = money_scale(ds["returns_paid_total"].values)
    fiscal_scale, fiscal_unit = money_scale(ds["fiscal_subsidy_total"].values)
    general = float(ds.attrs["general_months"])
    metrics = [("returns_paid_total", f"稳岗返还合计（{returns_unit}）", returns_scale,
                "{:,.3g}"),
               ("fiscal_subsidy_total", f"财政补贴合计（{fiscal_unit}）", fiscal_scale,
                "{:,.3g}"),
               ("lowest_reserve_months", "最低备付月数", None, "{:.1f}"),
               ("regions_below_general", f"低于 {general:g} 个月的地区数", 1.0, "{:.3g}")]
    if stochastic:
        metrics.append(("p_fail_general", f"有地区低于 {general:g} 个月的概率", 1.0, "{:.0%}"))
    nx, ny = ds.sizes[across], ds.sizes[down]
    # one grid of the metrics for a plain grid; a row of them per combination of further keys
    ncols = len(metrics) if rest else (2 if len(metrics) == 4 else 3)
    cells = [(combo, metric) for combo in shown for metric in metrics]
    nrows = -(-len(cells) // ncols)
    panel_w = max(2.2, min(4.2, 0.55 * nx + 1.6, 15.0 / ncols - 0.9))
    panel_h = max(2.4, min(3.8, 0.32 * ny + 1.6))
    fig = Figure(figsize=(ncols * (panel_w + 0.9) + 1.4,
                          nrows * (panel_h + (0.35 if rest else 0)) + 1.2),
                 layout="constrained")
    if rest:  # a row per combination of the further keys, headed by it
        rows = fig.subfigures(nrows, 1, squeeze=False).ravel()
        axes = np.array([row.subplots(1, ncols) for row in rows]).reshape(nrows, ncols)
        for row, combo in zip(rows, shown, strict=True):
            row.suptitle("；".join(f"{key_label(k, lang, ds)}：{value_text(k, v, lang, ds)}"
                                  for k, v in zip(rest, combo, strict=True)), fontsize=10.5)
    else:
        axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat[len(cells):]:
        ax.set_visible(False)
    xticks = [value_text(across, v, lang, ds) for v in ds[across].values]
    yticks = [value_text(down, v, lang, ds) for v in ds[down].values]
    for index, (combo, (name, title, factor, fmt)) in enumerate(cells):
        view = ds.sel(dict(zip(rest, combo, strict=True))) if rest else ds
        row, col = divmod(index, ncols)
        ax = axes[row, col]
        z = view[name].transpose(down, across).values.astype(float)
        z = np.minimum(z, CLIP) if factor is None else z / factor
        share = name.startswith("p_")
        image = ax.imshow(z, origin="lower", aspect="auto", cmap="cividis",
                          interpolation="nearest", **({"vmin": 0, "vmax": 1} if share else {}))
        ax.grid(False)
        ax.set_xticks(np.arange(nx), xticks, rotation=45 if nx > 6 else 0,
                      ha="right" if nx > 6 else "center")
        ax.set_yticks(np.arange(ny), yticks if col == 0 else [""] * ny)
        ax.tick_params(axis="y", length=0 if col else 3.5)
        texts = [[fmt.format(v) if np.isfinite(v) else "" for v in line] for line in z]
        widest = max(text_width_in(text, 8) for line in texts for text in line)
        if widest < 0.85 * (panel_w - 0.6) / nx and ny <= 12:  # each cell's value, if it fits
            middle = np.nanmean(z) if np.isfinite(z).any() else 0.0
            for (j, i), value in np.ndenumerate(z):
                if np.isfinite(value):
                    ax.text(i, j, texts[j][i], ha="center", va="center", fontsize=8,
                            color="black" if value >= middle else "white")
        fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02,
                     format=PercentFormatter(1.0, decimals=0) if share else None)
        ax.set_title(title, fontsize=10)
        if index + ncols >= len(cells):  # the lowest panel of its column
            ax.set_xlabel(key_axis(across, lang, ds), fontsize=9)
        if col == 0:
            ax.set_ylabel(key_axis(down, lang, ds), fontsize=9)
    note = f"，{ds.attrs['paths']} 条路径均值" if stochastic else ""
    if len(combos) > len(shown):
        note += f"（只显示 {len(shown)} / {len(combos)} 种其他参数组合）"
    fig.suptitle(f"参数扫描 — {ds.attrs['scenario']}{note}")
    return fig


def plot_frontier(result, out: Path) -> Path:
    """P(meeting the test) against the ratio, with the target and the frontier marked; the
    legend below the axes, never on the curve."""
    curve = result.curve
    with chart_context():
        fig = Figure(figsize=(9, 5.8), layout="constrained")
        ax = fig.subplots()
        ax.plot(curve["ratio"].values, curve["probability"].values, "-o", ms=3,
                color="#0072B2", label="达标概率（蒙特卡洛估计）")
        ax.axhline(result.probability, color="#D55E00", ls="--", lw=1,
                   label=f"目标概率 {result.probability:.0%}")
        if result.ratio is not None:
            ax.axvline(result.ratio, color="#009E73", ls=":", lw=1.5,
                       label=f"可承受上限 {result.ratio:.1%}")
        scope = "全省整体" if result.scope == "province" else "每个地区"
        ax.set_xlabel(key_axis(result.key))
        ax.set_ylabel(f"{scope}保持 ≥ 一般返还门槛的概率")
        ax.set_ylim(-0.02, 1.02)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        fig.legend(loc="outside lower center", ncols=3, fontsize=9)
        title = f"可承受性前沿 — {scope}"
        if result.excluded:
            title += f"（不含任何比例下都无法达标的 {len(result.excluded)} 个地区）"
        ax.set_title(title)
        return save_png(fig, out)
