"""Charts people can read (issue 13, item 8): no text sits on another text, titles stay clear of
the panels' titles, the test lines' labels sit where no line runs, many regions get a panel or
a name each instead of a colour to match, a grid sweep is a heat map, and a swept key is named
in Chinese with its unit."""

from __future__ import annotations

import itertools

import matplotlib.text
import numpy as np
import pytest
import xarray as xr
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cbook import STEP_LOOKUP_MAP
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath
from test_plots import NAMES, make_dataset

from fundsim.present import style
from fundsim.present.charts import compare, panels, sweep
from fundsim.present.charts import run as plots
from fundsim.present.charts.fan import fan_figure
from fundsim.present.charts.labels import spread

SME = "policy.returns.ratio.sme"
FAILING = "policy.pool.failing_regions"
FOURTEEN = NAMES + ["包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市", "呼伦贝尔市",
                    "巴彦淖尔市", "乌兰察布市", "兴安盟", "阿拉善盟", "满洲里市"]


# --------------------------------------------------------------------------- measuring


def drawn(fig: Figure) -> Figure:
    """``fig`` drawn once on an Agg canvas, so that every text has its final place."""
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def texts(fig: Figure) -> list[matplotlib.text.Text]:
    """Every text drawn: titles, labels, legend entries, annotations and the tick labels of
    ticks actually drawn (not those of hidden panels or outside the limits)."""
    tick_labels: set[int] = set()
    shown: list[matplotlib.text.Text] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels.update((id(tick.label1), id(tick.label2)))
            if ax.get_visible():
                shown += [label for tick in axis._update_ticks()
                          for label in (tick.label1, tick.label2) if label.get_visible()]
    for text in fig.findobj(matplotlib.text.Text):
        if id(text) in tick_labels:
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        shown.append(text)
    return [t for t in shown if t.get_visible() and t.get_text().strip()]


def overlapping(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap (by more than a pixel each way)."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer).expanded(1, 1).padded(-1))
             for t in texts(fig)]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]


def outside_figure(fig: Figure) -> list[str]:
    """Texts reaching beyond the figure's edges."""
    renderer = fig.canvas.get_renderer()
    edge = fig.bbox.padded(1)
    return [t.get_text() for t in texts(fig)
            if not edge.contains(*t.get_window_extent(renderer).p0)
            or not edge.contains(*t.get_window_extent(renderer).p1)]


def display_path(line: Line2D) -> MplPath:
    """A line as drawn on the screen, steps included."""
    xy = line.get_transform().transform(line.get_xydata())
    step = STEP_LOOKUP_MAP.get(line.get_drawstyle())
    if step is not None and line.get_drawstyle() != "default":
        xy = np.column_stack(step(xy[:, 0], xy[:, 1]))
    return MplPath(xy)


# --------------------------------------------------------------------------- the charts


def sweep_1d(paths: int = 1) -> xr.Dataset:
    """Eight SME ratios: returns paid grow 3 亿元 a step, the lowest reserve falls."""
    x = np.round(np.arange(0.3, 1.01, 0.1), 2)
    ds = xr.Dataset(
        {"returns_paid_total": (SME, 2e9 + 3e8 * np.arange(8)),
         "fiscal_subsidy_total": (SME, 1e8 * np.arange(8)),
         "pool_transfer_total": (SME, 5e7 * np.arange(8)),
         "lowest_reserve_months": (SME, np.linspace(4, 1, 8)),
         "regions_below_general": (SME, np.full(8, 13.0)),
         "regions_below_difficult": (SME, np.full(8, 14.0))},
        coords={SME: x},
        attrs={"swept": SME, "scenario": "default", "paths": paths, "general_months": 12.0,
               "difficult_months": 24.0})
    if paths > 1:  # both risks at 100 %: two lines on top of each other
        ds["p_fail_general"] = (SME, np.ones(8))
        ds["p_fiscal"] = (SME, np.ones(8))
    return ds


def sweep_2d() -> xr.Dataset:
    """Three SME ratios × the two choices for failing regions."""
    shape = (3, 2)
    values = np.arange(6, dtype=float).reshape(shape)
    return xr.Dataset(
        {"returns_paid_total": ((SME, FAILING), 2e9 + 1e9 * values),
         "fiscal_subsidy_total": ((SME, FAILING), 1e8 * values),
         "pool_transfer_total": ((SME, FAILING), 1e7 * values),
         "lowest_reserve_months": ((SME, FAILING), 4 - 0.5 * values),
         "regions_below_general": ((SME, FAILING), 12 + values // 3),
         "regions_below_difficult": ((SME, FAILING), np.full(shape, 14.0))},
        coords={SME: [0.3, 0.6, 0.9], FAILING: ["no_return", "pool_supported"]},
        attrs={"swept": f"{SME}, {FAILING}", "scenario": "default", "paths": 1,
               "general_months": 12.0, "difficult_months": 24.0})


def compared(n: int = 5) -> xr.Dataset:
    """``n`` scenarios; the weakest region is at 0 months in all but the first."""
    months = np.arange("2020-01", "2025-01", dtype="datetime64[M]").astype("datetime64[ns]")
    rng = np.random.default_rng(1)
    shape = (n, months.size)
    province = np.repeat(rng.uniform(5, 25, size=(n, 5)), 12, axis=1)
    weakest = np.zeros(shape)
    weakest[0] = 6.0
    balance = 1.8e9 + np.cumsum(rng.normal(1e7, 3e7, size=shape), axis=1)
    data = {}
    for name, values in (("province_reserve_months", province),
                         ("lowest_reserve_months_by_month", weakest), ("balance_total", balance)):
        data[name] = (("scenario", "month"), values)
        data[f"{name}_p05"] = (("scenario", "month"), values * 0.8)
        data[f"{name}_p95"] = (("scenario", "month"), values * 1.2)
    return xr.Dataset(data, coords={"scenario": [f"情景{i}" for i in range(n)], "month": months},
                      attrs={"paths": 100, "general_months": 12.0, "difficult_months": 24.0})


def fourteen(n_paths: int = 1) -> xr.Dataset:
    return make_dataset(n_paths=n_paths, regions=[f"15{i:04d}" for i in range(14)],
                        names=FOURTEEN)


def _run_chart(kind: str, n_paths: int = 1, regions: int = 3) -> Figure:
    ds = fourteen(n_paths) if regions == 14 else make_dataset(n_paths=n_paths)
    return plots._FIGURES[kind](ds, "zh")


def report_panels() -> Figure:
    """The report's comparison chart: five scenarios, four of them at 0 months, with bands."""
    months = np.arange("2020-01", "2022-01", dtype="datetime64[M]").astype("datetime64[ns]")
    lines = [panels.Line(f"情景{i}", np.full(24, 6.0 if i == 0 else 0.0),
                         np.full(24, 4.0 if i == 0 else 0.0), np.full(24, 8.0 if i == 0 else 2.0))
             for i in range(5)]
    refs = [(12.0, "12 个月", "general"), (24.0, "24 个月", "difficult")]
    return panels.line_panels("备付月数", panels.XAxis(months, "月份", dates=True),
                              [panels.Panel("最弱地区", "月", lines, refs)],
                              band_label="5%–95% 区间", width=10.5, panel_height=3.6)


CHARTS = {
    "reserve, 14 regions": lambda: _run_chart("reserve", regions=14),
    "reserve, paths": lambda: _run_chart("reserve", n_paths=5),
    "balances, 14 regions": lambda: _run_chart("balance", regions=14),
    "balances, 3 regions": lambda: _run_chart("balance"),
    "pool": lambda: _run_chart("pool", n_paths=5),
    "training": lambda: _run_chart("training"),
    "fan": lambda: fan_figure(make_dataset(n_paths=5)),
    "sweep, one key": lambda: sweep._line_panels(sweep_1d(paths=100), "zh"),
    "sweep, a grid": lambda: sweep._heat_maps(sweep_2d(), "zh"),
    "compare": lambda: compare.compare_figure(compared()),
    "report, compare panels": report_panels,
}


@pytest.fixture(scope="module")
def charts() -> dict[str, Figure]:
    with style.chart_context():
        return {name: drawn(build()) for name, build in CHARTS.items()}


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_text_of_a_chart_sits_on_another_or_leaves_the_figure(charts: dict[str, Figure],
                                                                  name: str) -> None:
    fig = charts[name]
    assert overlapping(fig) == []
    assert outside_figure(fig) == []


def test_the_chart_title_clears_the_first_row_of_region_titles(charts: dict[str, Figure]
                                                               ) -> None:
    fig = charts["reserve, 14 regions"]
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    first_row = [ax.title.get_window_extent(renderer) for ax in fig.axes if ax.get_visible()][:5]
    assert [ax_title.y1 < title.y0 for ax_title in first_row] == [True] * 5


def test_the_test_lines_are_labelled_outside_the_panels_where_no_line_runs(
        charts: dict[str, Figure]) -> None:
    fig = charts["reserve, 14 regions"]
    renderer = fig.canvas.get_renderer()
    labelled = [ax for ax in fig.axes if ax.texts]
    # 14 panels in rows of 5: the labels are on the right of each row's last panel
    assert len(labelled) == 3
    lines = [display_path(line) for ax in fig.axes if ax.get_visible()
             for line in ax.get_lines()]
    for ax in labelled:
        assert [t.get_text() for t in ax.texts] == ["12 个月", "24 个月"]
        for label in ax.texts:
            box = label.get_window_extent(renderer)
            assert box.x0 >= ax.bbox.x1  # right of the plotting area
            assert not any(path.intersects_bbox(box, filled=False) for path in lines)


def test_the_colour_of_failing_regions_titles_is_explained_under_the_legend(
        charts: dict[str, Figure]) -> None:
    fig = charts["reserve, 14 regions"]
    red_titles = [ax.title for ax in fig.axes if ax.title.get_color() == "#D55E00"]
    assert red_titles  # reserve months between 6 and 40: some regions fail
    notes = [t for t in fig.texts if t.get_text().startswith("标题为橙红色")]
    assert [(t.get_text(), t.get_color()) for t in notes] == [
        ("标题为橙红色：至少一年低于 12 个月", "#D55E00")]
    # a run where every region keeps 12 months has nothing to explain
    ds = make_dataset()
    ds["reserve_months"] = ds["reserve_months"] * 0 + 30.0
    with style.chart_context():
        fig = plots._FIGURES["reserve"](ds, "zh")
    assert not any(t.get_text().startswith("标题为") for t in fig.texts)


def test_fourteen_regions_get_a_panel_each_not_seven_colours_twice(charts: dict[str, Figure]
                                                                   ) -> None:
    fig = charts["balances, 14 regions"]
    panels = [ax for ax in fig.axes if ax.get_visible()]
    titles = [ax.get_title() for ax in panels]
    assert titles[0] == "各地区合计" and sorted(titles[1:]) == sorted(FOURTEEN)
    assert [len(ax.get_lines()) for ax in panels] == [1] * 15
    assert fig.legends == [] and all(ax.get_legend() is None for ax in panels)


def test_a_few_regions_are_named_at_the_end_of_their_lines_in_their_colour(
        charts: dict[str, Figure]) -> None:
    fig = charts["balances, 3 regions"]
    ax = fig.axes[0]
    lines = {line.get_label(): line.get_color() for line in ax.get_lines()
             if not line.get_label().startswith("_")}
    names = {t.get_text(): t.get_color() for t in ax.texts}
    assert names == lines and len(set(lines.values())) == 3
    assert ax.get_legend() is None and fig.legends == []


def test_a_grid_sweep_is_drawn_as_heat_maps_not_lines(charts: dict[str, Figure]) -> None:
    fig = charts["sweep, a grid"]
    maps = [ax for ax in fig.axes if any(isinstance(a, AxesImage) for a in ax.get_children())]
    assert len(maps) == 4  # returns, fiscal subsidy, lowest reserve, regions below 12 months
    assert all(ax.get_lines() == [] and ax.get_legend() is None for ax in maps)
    image = next(a for a in maps[0].get_children() if isinstance(a, AxesImage))
    # rows: the two choices, columns: the three ratios; returns paid in 亿元
    np.testing.assert_allclose(image.get_array(), [[20, 40, 60], [30, 50, 70]])
    assert [t.get_text() for t in maps[0].get_xticklabels()] == ["30%", "60%", "90%"]
    assert [t.get_text() for t in maps[0].get_yticklabels()] == ["不发放", "由调剂金支持发放"]
    assert maps[2].get_xlabel() == "稳岗返还比例·中小微企业（%）"
    assert maps[0].get_ylabel() == "未达一般返还门槛地区的处理"


def test_a_one_key_sweep_names_its_key_in_chinese_with_its_unit(charts: dict[str, Figure]
                                                                 ) -> None:
    fig = charts["sweep, one key"]
    labels = [ax.get_xlabel() for ax in fig.axes if ax.get_xlabel()]
    assert labels == ["稳岗返还比例·中小微企业（%）"] * 2
    assert not any("policy." in t.get_text() for t in texts(fig))
    assert [t.get_text() for t in fig.axes[2].get_xticklabels()][:2] == ["30%", "40%"]
    # the two risks, both 100 %, are both named (moved apart, not one hiding the other)
    risk = fig.axes[3]
    assert sorted(t.get_text() for t in risk.texts) == ["有地区低于 12 个月", "需要财政补贴"]


def test_each_compared_scenario_has_its_own_column(charts: dict[str, Figure]) -> None:
    fig = charts["compare"]
    assert len(fig.axes) == 3 * 5
    assert [ax.get_title() for ax in fig.axes[:5]] == [f"情景{i}" for i in range(5)]
    weakest = fig.axes[5:10]
    # one blue line per panel; the first scenario's median in grey for reference after it
    blue = [[line for line in ax.get_lines() if line.get_color() == "#0072B2"] for ax in weakest]
    assert [len(found) for found in blue] == [1] * 5
    assert [len([line for line in ax.get_lines() if line.get_color() == "#888888"])
            for ax in weakest] == [0, 1, 1, 1, 1]


def test_the_report_keeps_one_band_of_five_and_lines_at_zero_stay_visible(
        charts: dict[str, Figure]) -> None:
    fig = charts["report, compare panels"]
    ax = fig.axes[0]
    assert len(ax.collections) == 1  # the first scenario's band only
    widths = [line.get_linewidth() for line in ax.get_lines()
              if line.get_label().startswith("_child") and line.get_ydata()[0] == 0.0]
    # four lines at zero: each narrower than the one under it, so every colour shows
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 4
    renderer = fig.canvas.get_renderer()
    for label in ax.texts:  # the test lines' labels right of the plotting area
        assert label.get_window_extent(renderer).x0 >= ax.bbox.x1


def test_training_shows_only_the_months_with_training() -> None:
    ds = make_dataset()
    quiet = np.ones(24, dtype=bool)
    quiet[6:12] = False  # training July–December 2020
    for name in ("trainees", "training_paid"):
        values = ds[name].values.copy()
        values[:, quiet] = 0.0
        ds[name] = (ds[name].dims, values)
    with style.chart_context():
        fig = plots._FIGURES["training"](ds, "zh")
    low, high = (np.datetime64(int(round(v * 86400)), "s") for v in fig.axes[1].get_xlim())
    # a month either side of the training (June 2020, January 2021) and room for its bar
    assert np.datetime64("2020-05-01") < low < np.datetime64("2020-06-01")
    assert np.datetime64("2021-01-01") < high < np.datetime64("2021-02-01")
    assert "只显示 2020年7月–2020年12月" in fig._suptitle.get_text()


def test_labels_are_moved_apart_as_little_as_needed() -> None:
    # 0 and 1 are 1 apart but need 4: both move by 1.5 around their middle; 20 stays
    np.testing.assert_allclose(spread([1.0, 0.0, 20.0], 4.0), [2.5, -1.5, 20.0])
    np.testing.assert_allclose(spread([0.0, 10.0], 4.0), [0.0, 10.0])
