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
            "province_reserve_months": (pool_dims, np.repeat(
                rng.uniform(10, 30, size=(2,) + pool_shape[1:]), 12, axis=0)),
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


def test_the_12_and_24_month_lines_are_drawn_in_every_panel_and_labelled_in_each_row() -> None:
    ds = make_dataset()
    with figures.chart_context():
        fig = plots._FIGURES["reserve"](ds, "zh")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(REGIONS)
    for ax in panels:
        lines = sorted(set(line.get_ydata()) for line in ax.get_lines()
                       if line.get_linestyle() in ("--", ":"))
        assert lines == [{12.0}, {24.0}]
    # three panels make one row: its last panel carries the labels, in the margin on its right
    assert [[t.get_text() for t in ax.texts] for ax in panels] == [[], [], ["12 个月", "24 个月"]]
    assert all(t.xy[0] == 1.0 and t.get_position()[0] > 0 for t in panels[-1].texts)


def test_a_threshold_moved_by_a_reform_is_drawn_as_a_step_and_labelled_as_it_ends() -> None:
    ds = make_dataset()
    general = np.where(ds["month"].dt.year > ds["month"].dt.year[0], 6.0, 12.0)
    ds["general_months"] = ("month", general)
    with figures.chart_context():
        fig = plots._FIGURES["reserve"](ds, "zh")
    ax = [a for a in fig.axes if a.get_visible()][-1]
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


# --------------------------------------------------------------------------- many regions


def many_regions(n: int = 40, n_paths: int = 1) -> xr.Dataset:
    """``n`` regions; region i has reserve months rising with i, except region 25, the lowest."""
    ds = make_dataset(n_paths=n_paths, regions=[f"15{i:04d}" for i in range(n)],
                      names=[f"第{i}市" for i in range(n)])
    shape = ds["reserve_months"].shape
    level = 5.0 + np.arange(n, dtype=float)
    level[25] = 1.0
    reserve = np.broadcast_to(level.reshape((n,) + (1,) * (len(shape) - 1)), shape).copy()
    ds["reserve_months"] = (ds["reserve_months"].dims, reserve)
    ds["passes_12"] = ds["reserve_months"] >= 12
    ds["passes_24"] = ds["reserve_months"] >= 24
    return ds


def test_the_worst_regions_come_first_and_only_many_regions_are_cut() -> None:
    from fundsim.present.charts import selection

    assert not selection.many_regions(make_dataset())
    assert list(selection.shown_regions(make_dataset())) == [0, 1, 2]
    ds = many_regions()
    assert selection.many_regions(ds)
    assert list(selection.worst_first(ds)[:3]) == [25, 0, 1]
    assert len(selection.shown_regions(ds)) == selection.WORST_SHOWN


@pytest.mark.parametrize("n_paths", [1, 5], ids=["single-path", "5-paths"])
def test_with_many_regions_the_reserve_chart_shows_the_province_and_the_worst(n_paths: int
                                                                              ) -> None:
    from fundsim.present.charts import selection

    with figures.chart_context():
        fig = plots._FIGURES["reserve"](many_regions(n_paths=n_paths), "zh")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == selection.WORST_SHOWN + 1
    assert [ax.get_title() for ax in panels[:3]] == ["全省（含调剂金）", "第25市", "第0市"]
    assert "最低的 14 个地区（共 40 个）" in fig._suptitle.get_text()


def test_with_many_regions_the_balance_chart_is_the_total_and_a_panel_per_worst_region() -> None:
    from fundsim.present.charts import selection

    with figures.chart_context():
        fig = plots._FIGURES["balance"](many_regions(), "en")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == selection.WORST_SHOWN + 1
    assert [ax.get_title() for ax in panels[:3]] == ["all regions together (40)", "第25市", "第0市"]
    assert "the 14 regions lowest in reserve of 40" in fig._suptitle.get_text()
    # the first panel is the sum of every region's balance (in the chart's unit)
    ds = many_regions()
    total = panels[0].get_lines()[0].get_ydata()
    province = ds["balance"].sum("region").values
    np.testing.assert_allclose(total[0] / total[-1], province[0] / province[-1])


def test_the_heat_map_classes_follow_the_tests_in_force_each_month() -> None:
    reserve = np.array([[5.0, 13.0, np.nan], [30.0, 50.0, np.inf]])
    general = np.array([12.0, 12.0, 6.0])
    difficult = np.array([24.0, 24.0, 24.0])
    classes = plots._reserve_classes(reserve, general, difficult)
    np.testing.assert_array_equal(classes, [[0, 1, np.nan], [2, 3, 4]])


@pytest.mark.parametrize("n_paths", [1, 5], ids=["single-path", "5-paths"])
def test_with_many_regions_every_chart_is_written_with_the_heat_map(tmp_path: Path,
                                                                     n_paths: int) -> None:
    ds = many_regions(n_paths=n_paths)
    assert plots.chart_kinds(ds) == ["reserve", "reserve_map", "balance", "pool", "training"]
    assert plots.chart_kinds(make_dataset()) == list(plots.PLOT_KINDS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = plots.write_all(ds, tmp_path)
    _assert_no_glyph_warnings(caught)
    assert [p.name for p in written] == ["reserve_months.png", "reserve_map.png", "balances.png",
                                         "pool.png", "training.png"]
    for path in written:
        _assert_png(path)


def test_a_chart_is_built_once_for_its_png_and_its_svg(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    figure = plots._FIGURES["pool"]
    monkeypatch.setitem(plots._FIGURES, "pool", lambda ds, lang: built.append(1) or figure(
        ds, lang))
    svg = plots.draw("pool", make_dataset(), "zh", tmp_path / "pool.png")
    assert built == [1]
    assert svg is not None and b"<svg" in svg[:2000]
    _assert_png(tmp_path / "pool.png")


# --------------------------------------------------------------------------- jobs side by side


def _fails() -> None:
    raise ValueError("no ink")


def _warns() -> int:
    warnings.warn("Glyph 27599 missing from font(s) DejaVu Sans.", UserWarning, stacklevel=1)
    return 7


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "forked"])
def test_jobs_give_results_raise_errors_and_pass_warnings_on(workers: int) -> None:
    from fundsim.present.charts.jobs import Jobs

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Jobs(workers) as jobs:
            done = [jobs.submit(lambda i=i: i * i) for i in range(5)]
            failed = jobs.submit(_fails)
            warned = jobs.submit(_warns)
            assert [job.result() for job in done] == [0, 1, 4, 9, 16]
            with pytest.raises(ValueError, match="no ink"):
                failed.result()
            assert warned.result() == 7
    assert [str(w.message) for w in caught] == ["Glyph 27599 missing from font(s) DejaVu Sans."]


def test_forked_charts_are_the_charts_drawn_in_process(tmp_path: Path) -> None:
    from fundsim.present.charts import jobs

    if not jobs.can_fork():
        pytest.skip("no fork on this platform")
    ds = make_dataset()
    drawn = {}
    for workers in (0, 2):
        with jobs.Jobs(workers) as running:
            started = plots.start_charts(ds, running, "zh", tmp_path / str(workers))
            drawn[workers] = {kind: job.result() for kind, job in started.items()}
    assert drawn[0] == drawn[2]
    for kind in plots.PLOT_KINDS:
        assert ((tmp_path / "0" / plots.FILE_NAMES[kind]).read_bytes()
                == (tmp_path / "2" / plots.FILE_NAMES[kind]).read_bytes())
