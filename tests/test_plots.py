"""Tests for fundsim.present.charts.run: every chart renders, with real CJK glyphs and no global
side effects."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.text
import numpy as np
import pytest
import xarray as xr
from matplotlib import font_manager

from fundsim.present import style as figures
from fundsim.present.charts import run as plots

REGIONS = ["150100", "152501", "152500"]
NAMES = ["呼和浩特市", "二连浩特市", "锡林郭勒盟"]
N_MONTHS = 24
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_dataset(
    n_paths: int = 1,
    regions: list[str] | None = None,
    names: list[str] | None = None,
    seed: int = 0,
) -> xr.Dataset:
    """A small synthetic result Dataset shaped like fundsim's output."""
    regions = REGIONS if regions is None else regions
    names = NAMES if names is None else names
    rng = np.random.default_rng(seed)
    n_reg = len(regions)
    months = np.arange("2020-01", "2022-01", dtype="datetime64[M]").astype("datetime64[ns]")
    assert months.size == N_MONTHS

    dims: tuple[str, ...] = ("region", "month")
    shape: tuple[int, ...] = (n_reg, N_MONTHS)
    pool_dims: tuple[str, ...] = ("month",)
    pool_shape: tuple[int, ...] = (N_MONTHS,)
    if n_paths > 1:
        dims += ("path",)
        shape += (n_paths,)
        pool_dims += ("path",)
        pool_shape += (n_paths,)

    scale = np.array([8e8, 3e7, 2e8][:n_reg] + [1e8] * max(0, n_reg - 3))
    scale = scale.reshape((n_reg,) + (1,) * (len(shape) - 1))
    trend = np.linspace(1.0, 0.6, N_MONTHS).reshape((1, N_MONTHS) + (1,) * (len(shape) - 2))
    balance = scale * trend * (1 + 0.05 * rng.standard_normal(shape))
    # Reserve months: constant within each year, as assessed annually.
    yearly = rng.uniform(6, 40, size=(n_reg, 2) + shape[2:])
    reserve = np.repeat(yearly, 12, axis=1)
    pool_balance = 5e8 - np.cumsum(rng.uniform(0, 2e7, size=pool_shape), axis=0)
    transfer = rng.uniform(0, 5e6, size=shape) * (rng.uniform(size=shape) > 0.5)
    subsidy = rng.uniform(0, 1e6, size=shape)
    trainees = rng.integers(0, 3000, size=shape).astype(float)
    training_paid = trainees * 500.0
    returns_paid = rng.uniform(0, 2e6, size=shape)

    return xr.Dataset(
        {
            "balance": (dims, balance),
            "reserve_months": (dims, reserve),
            "passes_12": (dims, reserve >= 12),
            "passes_24": (dims, reserve >= 24),
            "pool_balance": (pool_dims, pool_balance),
            "pool_transfer": (dims, transfer),
            "fiscal_subsidy": (dims, subsidy),
            "returns_paid": (dims, returns_paid),
            "training_paid": (dims, training_paid),
            "trainees": (dims, trainees),
            "pool_opening_balance": ((), 5e8),
            "opening_balance": (("region",), scale.ravel() * 1.0),
        },
        coords={
            "region": regions,
            "region_name": ("region", names),
            "month": months,
            **({"path": np.arange(n_paths)} if n_paths > 1 else {}),
        },
        attrs={"general_months": 12, "difficult_months": 24, "scenario": "default"},
    )


def _assert_no_glyph_warnings(caught: list[warnings.WarningMessage]) -> None:
    bad = [
        str(w.message)
        for w in caught
        if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]
    assert not bad, f"missing-glyph warnings: {bad}"


def _assert_png(path: Path) -> None:
    assert path.is_file()
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 10_000, f"{path} suspiciously small ({len(data)} bytes)"


@pytest.mark.parametrize("n_paths", [1, 5], ids=["single-path", "5-paths"])
@pytest.mark.parametrize("kind", sorted(plots.PLOT_KINDS))
def test_each_plot_writes_png_without_missing_glyphs(
    tmp_path: Path, kind: str, n_paths: int
) -> None:
    ds = make_dataset(n_paths=n_paths)
    out = tmp_path / f"{kind}.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = plots.PLOT_KINDS[kind](ds, out)
    _assert_no_glyph_warnings(caught)
    assert Path(result) == out
    _assert_png(out)
    # Atomic write leaves no temporary files behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("n_paths", [1, 5], ids=["single-path", "5-paths"])
def test_write_all(tmp_path: Path, n_paths: int) -> None:
    ds = make_dataset(n_paths=n_paths)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = plots.write_all(ds, tmp_path / "charts")
    _assert_no_glyph_warnings(caught)
    assert [p.name for p in written] == [
        "reserve_months.png",
        "balances.png",
        "pool.png",
        "training.png",
    ]
    for path in written:
        _assert_png(path)


def test_many_regions_legend_outside(tmp_path: Path) -> None:
    n = 12
    regions = [f"15{i:04d}" for i in range(n)]
    names = (
        NAMES
        + [
            "包头市",
            "乌海市",
            "赤峰市",
            "通辽市",
            "鄂尔多斯市",
            "呼伦贝尔市",
            "巴彦淖尔市",
            "乌兰察布市",
            "兴安盟",
        ]
    )[:n]
    ds = make_dataset(n_paths=5, regions=regions, names=names)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = plots.write_all(ds, tmp_path)
    _assert_no_glyph_warnings(caught)
    for path in written:
        _assert_png(path)


@pytest.mark.parametrize("n_paths", [1, 5], ids=["single-path", "5-paths"])
def test_infinite_reserve_months_do_not_crash(tmp_path: Path, n_paths: int) -> None:
    ds = make_dataset(n_paths=n_paths)
    reserve = ds["reserve_months"].values.copy()
    reserve[1] = np.inf  # 二连浩特市: no spending at all
    reserve[0, :6] = np.nan  # not yet assessed
    ds["reserve_months"] = (ds["reserve_months"].dims, reserve)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = plots.plot_reserve_months(ds, tmp_path / "reserve.png")
    _assert_no_glyph_warnings(caught)
    _assert_png(out)


def test_use_cjk_font_is_noto_not_simhei() -> None:
    family = figures.use_cjk_font()
    assert family == figures.use_cjk_font()  # idempotent
    font_file = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert "simhei" not in Path(font_file).name.lower()
    assert Path(font_file).name == "NotoSansCJKsc-Regular.otf"
    # Registering twice must not add duplicate entries.
    n_entries = sum(e.fname == font_file for e in font_manager.fontManager.ttflist)
    figures.use_cjk_font()
    assert sum(e.fname == font_file for e in font_manager.fontManager.ttflist) == n_entries
    # No entry for the SimHei file was registered by fundsim.
    assert not any(
        Path(e.fname).name.lower() == "simhei.ttf" and "mplfonts" in e.fname
        for e in font_manager.fontManager.ttflist
    )


def test_plotting_leaves_global_rcparams_unchanged(tmp_path: Path) -> None:
    before = {
        key: matplotlib.rcParams[key]
        for key in ("font.family", "font.sans-serif", "axes.unicode_minus")
    }
    plots.plot_balances(make_dataset(), tmp_path / "b.png")
    after = {key: matplotlib.rcParams[key] for key in before}
    assert after == before


def test_missing_font_file_raises_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "_cjk_family", None)
    monkeypatch.setattr(figures, "_CJK_FONT_FILE", "does-not-exist.otf")
    with pytest.raises(RuntimeError, match="font"):
        figures.use_cjk_font()


# --------------------------------------------------------------------------- language, style


CJK = "\u3400-\u9fff"


def _texts(fig) -> list[str]:
    """Every title, axis label, tick label, legend entry and annotation of a figure."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


@pytest.mark.parametrize("kind", sorted(plots.PLOT_KINDS))
def test_english_plots_draw_without_missing_glyphs(tmp_path: Path, kind: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = plots.PLOT_KINDS[kind](make_dataset(n_paths=5), tmp_path / f"{kind}.png",
                                     lang="en")
    _assert_no_glyph_warnings(caught)
    _assert_png(out)


@pytest.mark.parametrize("kind", sorted(plots.PLOT_KINDS))
def test_plot_text_follows_the_language(kind: str) -> None:
    import re

    names = set(NAMES)
    with figures.chart_context():
        english = _texts(plots._FIGURES[kind](make_dataset(n_paths=5), "en"))
        chinese = _texts(plots._FIGURES[kind](make_dataset(n_paths=5), "zh"))
    # region names are data and stay Chinese; every other word follows the language
    chinese_in_english = [t for t in english if re.search(f"[{CJK}]", t)
                          and not any(n in t for n in names)]
    assert chinese_in_english == []
    assert any(re.search(f"[{CJK}]", t) for t in chinese if not any(n in t for n in names))


def test_the_12_and_24_month_lines_are_labelled_in_every_panel() -> None:
    ds = make_dataset()
    with figures.chart_context():
        fig = plots._FIGURES["reserve"](ds, "zh")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(REGIONS)
    for ax in panels:
        labels = [t.get_text() for t in ax.texts]
        assert labels == ["12 个月", "24 个月"]
        lines = sorted(set(line.get_ydata()) for line in ax.get_lines()
                       if line.get_linestyle() in ("--", ":"))
        assert lines == [{12.0}, {24.0}]


def test_a_threshold_moved_by_a_reform_is_drawn_as_a_step_and_labelled_as_it_ends() -> None:
    ds = make_dataset()
    general = np.where(ds["month"].dt.year > ds["month"].dt.year[0], 6.0, 12.0)
    ds["general_months"] = ("month", general)
    with figures.chart_context():
        fig = plots._FIGURES["reserve"](ds, "zh")
    ax = [a for a in fig.axes if a.get_visible()][0]
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"][0]
    assert set(dashed.get_ydata()) == {12.0, 6.0}
    assert [t.get_text() for t in ax.texts] == ["6 个月", "24 个月"]


def test_charts_use_the_shipped_colour_blind_safe_style() -> None:
    okabe_ito = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
    assert figures.style_file().is_file()
    with figures.chart_context():
        assert [c.upper() for c in plots._palette()] == okabe_ito
        fig = plots._FIGURES["balance"](make_dataset(), "zh")
    colours = [matplotlib.colors.to_hex(line.get_color()).upper()
               for line in fig.axes[0].get_lines()][:3]
    assert colours == okabe_ito[:3]
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] != "#0072B2"


def test_render_gives_an_svg_with_its_text_drawn_as_outlines() -> None:
    svg = plots.render("reserve", make_dataset(), "en", "svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg[:2000]
    assert b"<text" not in svg  # glyphs are paths: the chart needs no font where it is shown
    png = plots.render("pool", make_dataset(), "zh", "png")
    assert png.startswith(PNG_MAGIC)


def test_an_unknown_plot_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        plots.render("reserve", make_dataset(), "fr")
