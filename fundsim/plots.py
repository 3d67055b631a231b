"""Charts of fundsim results (PNG files with Chinese labels).

Every plotting function takes the simulation result ``xarray.Dataset`` (dims ``region``,
``month`` and optionally ``path``) and a target file, writes a PNG atomically (temporary file in
the same folder, then :func:`os.replace`) and returns the path.

Only the object-oriented Matplotlib API is used (:class:`matplotlib.figure.Figure`, no
``pyplot``, no backend switching). The CJK font -- Noto Sans CJK SC, shipped by the ``mplfonts``
package under the SIL Open Font License -- is registered with the font manager on first use and
applied through :func:`matplotlib.rc_context` only, so importing or using this module does not
change global rcParams.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import xarray as xr
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from fundsim.outputs import publish_mode

__all__ = [
    "PLOT_KINDS",
    "RESERVE_CLIP_MONTHS",
    "plot_balances",
    "plot_pool",
    "plot_reserve_months",
    "plot_training",
    "use_cjk_font",
    "write_all",
]

#: Reserve months above this value (including ``inf`` for regions without spending) are drawn
#: at this value.
RESERVE_CLIP_MONTHS = 60.0

#: Font file used for Chinese text (SIL OFL). ``SimHei.ttf`` in the same package is deliberately
#: never used: it is not freely licensed.
_CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"

_DPI = 120
_PATH_MEAN_NOTE = " (路径均值)"
# Up to this many regions, the reserve chart shows a 5-95% band per region; above it, a single
# band for the lowest region value per path.
_MAX_REGION_BANDS = 5
# With more regions than this the legend goes outside the axes on the right.
_MAX_INSIDE_LEGEND = 6

_cjk_family: str | None = None


def use_cjk_font() -> str:
    """Register the Noto Sans CJK SC font from ``mplfonts`` (idempotent); return its family name.

    Raises:
        RuntimeError: if ``mplfonts`` or its Noto Sans CJK SC font file is not available.
    """
    global _cjk_family
    if _cjk_family is not None:
        return _cjk_family
    try:
        font_path = Path(str(files("mplfonts") / "fonts" / _CJK_FONT_FILE))
    except ModuleNotFoundError as exc:  # pragma: no cover - dependency is declared
        raise RuntimeError(
            "fundsim.plots needs the 'mplfonts' package for its Chinese font "
            f"({_CJK_FONT_FILE}); install it with 'pip install mplfonts'"
        ) from exc
    if not font_path.is_file():
        raise RuntimeError(
            f"Chinese font file not found: {font_path}. The 'mplfonts' package should ship "
            f"{_CJK_FONT_FILE}; reinstall mplfonts."
        )
    registered = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    if font_path not in registered:
        font_manager.fontManager.addfont(str(font_path))
    _cjk_family = font_manager.FontProperties(fname=str(font_path)).get_name()
    return _cjk_family


@contextlib.contextmanager
def _cjk_context() -> Iterator[None]:
    """Temporarily set rcParams for Chinese text (font, ASCII minus sign)."""
    family = use_cjk_font()
    with matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,
        }
    ):
        yield


def _save(fig: Figure, out: Path) -> Path:
    """Write ``fig`` as PNG to ``out`` via a temporary file in the same folder."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".png.tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format="png", dpi=_DPI)
        publish_mode(Path(tmp_name), directory=False)
        os.replace(tmp_name, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return out


# --------------------------------------------------------------------------- helpers


def _has_paths(ds: xr.Dataset) -> bool:
    return "path" in ds.dims


def _path_mean(ds: xr.Dataset) -> tuple[xr.Dataset, str]:
    """Mean over Monte Carlo paths (if any) and the title note to go with it."""
    if _has_paths(ds):
        return ds.mean("path", keep_attrs=True), _PATH_MEAN_NOTE
    return ds, ""


def _title(ds: xr.Dataset, what: str, note: str = "") -> str:
    scenario = ds.attrs.get("scenario")
    return f"{what} — {scenario}{note}" if scenario else f"{what}{note}"


def _region_labels(ds: xr.Dataset) -> list[str]:
    """Chinese region names (``region_name`` coordinate), falling back to region codes."""
    codes = [str(c) for c in ds["region"].values]
    if "region_name" not in ds.coords:
        return codes
    names = [str(n) for n in ds["region_name"].values]
    if len(set(names)) < len(names):  # ambiguous names: add the code
        return [f"{n} ({c})" for n, c in zip(names, codes, strict=True)]
    return names


def _region_colors(n: int) -> list:
    cmap = matplotlib.colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def _money_unit(*arrays: np.ndarray) -> tuple[float, str]:
    """Pick 亿元 or 万元 from the largest finite absolute value."""
    peak = 0.0
    for arr in arrays:
        values = np.abs(np.asarray(arr, dtype=float))
        values = values[np.isfinite(values)]
        if values.size:
            peak = max(peak, float(values.max()))
    return (1e8, "亿元") if peak >= 1e8 else (1e4, "万元")


def _months(ds: xr.Dataset) -> np.ndarray:
    return np.asarray(ds["month"].values)


def _format_time_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y年", "%m月", "%d日", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y年", "%m月", "%d日", "%H:%M", "%S"],
        offset_formats=["", "%Y年", "%Y年%m月", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


_THOUSANDS = FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _legend(fig: Figure, ax: Axes, n_entries: int) -> None:
    """Legend inside the axes for few entries, outside on the right (1-2 columns) for many."""
    if n_entries <= _MAX_INSIDE_LEGEND:
        ax.legend(loc="best", fontsize="small", framealpha=0.85)
    else:
        fig.legend(
            *ax.get_legend_handles_labels(),
            loc="outside right upper",
            fontsize="small",
            ncols=2 if n_entries > 16 else 1,
        )


def _bar_width_days(months: np.ndarray) -> float:
    if months.size < 2:
        return 20.0
    step = np.diff(months).min() / np.timedelta64(1, "D")
    return float(step) * 0.7


# --------------------------------------------------------------------------- plots


def plot_reserve_months(ds: xr.Dataset, out: Path) -> Path:
    """Months of reserve per region over time, with the 12/24-month return thresholds.

    Values are clipped at :data:`RESERVE_CLIP_MONTHS` (``inf`` for regions without spending).
    With a ``path`` dim the median per region is drawn with a 5-95% band (per region for a few
    regions, otherwise for the lowest region value).
    """
    labels = _region_labels(ds)
    colors = _region_colors(len(labels))
    months = _months(ds)
    reserve = ds["reserve_months"].clip(max=RESERVE_CLIP_MONTHS)
    general = float(ds.attrs.get("general_months", 12))
    difficult = float(ds.attrs.get("difficult_months", 24))

    # Steps hold each month's value until the end of that month: add one closing x value.
    step_x = np.append(months, (months[-1:].astype("datetime64[M]") + 1).astype(months.dtype))

    def steps(values: np.ndarray) -> np.ndarray:
        return np.concatenate([values, values[..., -1:]], axis=-1)

    with _cjk_context():
        fig = Figure(figsize=(10, 5.5), layout="constrained")
        ax = fig.add_subplot()
        if _has_paths(ds):
            with warnings.catch_warnings():  # months not yet assessed are NaN on every path
                warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
                quant = reserve.quantile([0.05, 0.5, 0.95], dim="path")
            quant = quant.transpose("quantile", "region", "month")
            low, median, high = (steps(q) for q in quant.values)
            for i, label in enumerate(labels):
                ax.plot(step_x, median[i], color=colors[i], drawstyle="steps-post", label=label)
            if len(labels) <= _MAX_REGION_BANDS:
                for i in range(len(labels)):
                    ax.fill_between(
                        step_x,
                        low[i],
                        high[i],
                        step="post",
                        color=colors[i],
                        alpha=0.15,
                        linewidth=0,
                    )
                band_label = "各地区 5–95% 区间 (同色阴影)"
            else:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
                    lowest = reserve.min("region").quantile([0.05, 0.95], dim="path")
                lowest = steps(lowest.transpose("quantile", "month").values)
                ax.fill_between(
                    step_x,
                    lowest[0],
                    lowest[1],
                    step="post",
                    color="grey",
                    alpha=0.25,
                    linewidth=0,
                )
                band_label = "最低地区 5–95% 区间"
            ax.fill_between([], [], [], color="grey", alpha=0.3, label=band_label)
            what = "备付月数 (路径中位数)"
        else:
            values = steps(reserve.transpose("region", "month").values)
            for i, label in enumerate(labels):
                ax.plot(step_x, values[i], color=colors[i], drawstyle="steps-post", label=label)
            what = "备付月数"
        ax.axhline(
            general,
            color="black",
            linestyle="--",
            linewidth=1.2,
            label=f"{general:g} 个月 (一般稳岗返还)",
        )
        ax.axhline(
            difficult,
            color="dimgray",
            linestyle=(0, (6, 3)),
            linewidth=1.2,
            label=f"{difficult:g} 个月 (困难企业稳岗返还)",
        )
        ax.set_ylim(bottom=0)
        clip = f"{RESERVE_CLIP_MONTHS:g}"
        ax.set_ylabel(f"备付月数 (月；超过 {clip} 个月按 {clip} 显示)")
        ax.set_xlabel("月份")
        ax.set_title(_title(ds, what))
        ax.grid(True, alpha=0.3)
        _format_time_axis(ax)
        _legend(fig, ax, len(ax.get_legend_handles_labels()[1]))
        return _save(fig, out)


def plot_balances(ds: xr.Dataset, out: Path) -> Path:
    """Fund balance per region at month end, in 万元 or 亿元 depending on magnitude."""
    ds, note = _path_mean(ds)
    labels = _region_labels(ds)
    colors = _region_colors(len(labels))
    months = _months(ds)
    balance = ds["balance"].transpose("region", "month").values
    scale, unit = _money_unit(balance)

    with _cjk_context():
        fig = Figure(figsize=(10, 5.5), layout="constrained")
        ax = fig.add_subplot()
        for i, label in enumerate(labels):
            ax.plot(months, balance[i] / scale, color=colors[i], label=label)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel(f"基金余额 ({unit})")
        ax.set_xlabel("月份")
        ax.set_title(_title(ds, "失业保险基金月末余额", note))
        ax.grid(True, alpha=0.3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
        _format_time_axis(ax)
        _legend(fig, ax, len(labels))
        return _save(fig, out)


def plot_pool(ds: xr.Dataset, out: Path) -> Path:
    """Provincial adjustment pool: balance over time, monthly transfers by region, subsidies.

    Top panel: pool balance at month end, starting from ``pool_opening_balance`` (drawn one month
    before the first simulated month). Bottom panel: transfers received from the pool stacked by
    region, and the province's fiscal subsidy per month as a line.
    """
    ds, note = _path_mean(ds)
    labels = _region_labels(ds)
    colors = _region_colors(len(labels))
    months = _months(ds)
    opening_month = (months[:1].astype("datetime64[M]") - np.timedelta64(1, "M")).astype(
        months.dtype
    )
    pool = ds["pool_balance"].values
    opening = float(ds["pool_opening_balance"].values)
    transfers = ds["pool_transfer"].transpose("region", "month").values
    subsidy = ds["fiscal_subsidy"].transpose("region", "month").values.sum(axis=0)
    pool_scale, pool_unit = _money_unit(pool, np.array([opening]))
    flow_scale, flow_unit = _money_unit(
        np.nansum(np.clip(transfers, 0, None), axis=0),
        np.nansum(np.clip(transfers, None, 0), axis=0),
        subsidy,
    )
    width = _bar_width_days(months)

    with _cjk_context():
        fig = Figure(figsize=(10, 8), layout="constrained")
        ax_pool, ax_flow = fig.subplots(2, 1, sharex=True)
        fig.suptitle(_title(ds, "省级调剂金", note))

        ax_pool.plot(
            np.concatenate([opening_month, months]),
            np.concatenate([[opening], pool]) / pool_scale,
            color="tab:blue",
            marker="o",
            markersize=3,
            label="调剂金余额",
        )
        ax_pool.plot(
            opening_month,
            [opening / pool_scale],
            linestyle="none",
            marker="s",
            markersize=7,
            color="tab:red",
            label="期初余额",
        )
        ax_pool.axhline(0, color="black", linewidth=0.8)
        ax_pool.set_ylabel(f"调剂金余额 ({pool_unit})")
        ax_pool.set_title("调剂金月末余额", fontsize="medium")
        ax_pool.grid(True, alpha=0.3)
        ax_pool.legend(loc="best", fontsize="small")

        pos_bottom = np.zeros(months.size)
        neg_bottom = np.zeros(months.size)
        for i, label in enumerate(labels):
            values = np.nan_to_num(transfers[i]) / flow_scale
            bottom = np.where(values >= 0, pos_bottom, neg_bottom)
            ax_flow.bar(
                months, values, width=width, bottom=bottom, color=colors[i], label=f"拨付: {label}"
            )
            pos_bottom += np.clip(values, 0, None)
            neg_bottom += np.clip(values, None, 0)
        ax_flow.plot(
            months, subsidy / flow_scale, color="black", marker=".", label="财政补贴 (合计)"
        )
        ax_flow.axhline(0, color="black", linewidth=0.8)
        ax_flow.set_ylabel(f"每月金额 ({flow_unit})")
        ax_flow.set_xlabel("月份")
        ax_flow.set_title("调剂金拨付 (按地区堆叠) 与财政补贴", fontsize="medium")
        ax_flow.grid(True, axis="y", alpha=0.3)
        _format_time_axis(ax_flow)
        _legend(fig, ax_flow, len(labels) + 1)
        return _save(fig, out)


def plot_training(ds: xr.Dataset, out: Path) -> Path:
    """以工代训: province-total trainees and training subsidy paid per month."""
    ds, note = _path_mean(ds)
    months = _months(ds)
    trainees = ds["trainees"].sum("region").values
    paid = ds["training_paid"].sum("region").values
    scale, unit = _money_unit(paid)
    width = _bar_width_days(months)

    with _cjk_context():
        fig = Figure(figsize=(10, 7), layout="constrained")
        ax_people, ax_paid = fig.subplots(2, 1, sharex=True)
        fig.suptitle(_title(ds, "以工代训 (全省合计)", note))

        ax_people.plot(months, trainees, color="tab:green", marker="o", markersize=3)
        ax_people.set_ylabel("以工代训人数 (人)")
        ax_people.set_ylim(bottom=0)
        ax_people.yaxis.set_major_formatter(_THOUSANDS)
        ax_people.set_title("每月以工代训人数", fontsize="medium")
        ax_people.grid(True, alpha=0.3)

        ax_paid.bar(months, paid / scale, width=width, color="tab:orange")
        ax_paid.set_ylabel(f"以工代训补贴支出 ({unit})")
        ax_paid.set_xlabel("月份")
        ax_paid.set_title("每月以工代训补贴支出", fontsize="medium")
        ax_paid.grid(True, axis="y", alpha=0.3)
        _format_time_axis(ax_paid)
        return _save(fig, out)


PLOT_KINDS: dict[str, Callable[[xr.Dataset, Path], Path]] = {
    "reserve": plot_reserve_months,
    "balance": plot_balances,
    "pool": plot_pool,
    "training": plot_training,
}

_FILE_NAMES = {
    "reserve": "reserve_months.png",
    "balance": "balances.png",
    "pool": "pool.png",
    "training": "training.png",
}


def write_all(ds: xr.Dataset, folder: Path) -> list[Path]:
    """Write every chart in :data:`PLOT_KINDS` into ``folder``; return the written paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [func(ds, folder / _FILE_NAMES[kind]) for kind, func in PLOT_KINDS.items()]
