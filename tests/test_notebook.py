"""The notebook API: fundsim.tables (the CSV files' tables as DataFrames), fundsim.plots (its
charts as Figures, Chinese drawn with no global change; use_cjk_font as the opt-in for one's
own charts), and docs/example.ipynb executed as a reader would run it."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import matplotlib
import matplotlib.text
import nbclient
import nbformat
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

import fundsim
from fundsim.run.files import write_run_tables

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "example.ipynb"
NOTO = "NotoSansCJKsc-Regular.otf"


@pytest.fixture(scope="module")
def ds():
    return fundsim.simulate("default")


def _glyph_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


# --------------------------------------------------------------------------- fundsim.tables


def test_the_summary_dataframe_is_summary_csv(ds, tmp_path: Path) -> None:
    write_run_tables(ds, tmp_path)
    written = pd.read_csv(tmp_path / "summary.csv", encoding="utf-8-sig", dtype={"code": str})
    table = fundsim.tables.summary(ds)
    assert list(table.columns) == list(written.columns)
    assert list(table["code"]) == list(written["code"])
    # the CSV keeps 4 decimals of 万元 (a yuan is 0.0001 万元)
    pd.testing.assert_series_equal(table["closing_balance_wan"], written["closing_balance_wan"],
                                   atol=1e-4, rtol=0, check_dtype=False)


def test_a_table_in_another_unit_renames_and_scales_its_money(ds) -> None:
    wan = fundsim.tables.annual(ds)
    yi = fundsim.tables.annual(ds, unit="亿元")
    assert "year_end_balance_yi" in yi and "year_end_balance_wan" not in yi
    # 1 亿元 = 10,000 万元; months of reserve are not money and do not change
    assert yi["year_end_balance_yi"].iloc[0] == pytest.approx(
        wan["year_end_balance_wan"].iloc[0] / 10_000)
    assert list(yi["year_end_reserve_months"]) == list(wan["year_end_reserve_months"])


def test_metrics_has_one_row_per_path_in_yuan(ds) -> None:
    table = fundsim.tables.metrics(ds)
    assert list(table.index) == [0]  # one path
    assert table.attrs["units"]["returns_paid_total"] == "yuan"
    province = fundsim.tables.summary(ds).set_index("code").loc["province-fund"]
    # the province's returns: 万元 in summary.csv, yuan here (× 10,000)
    assert table.loc[0, "returns_paid_total"] == pytest.approx(
        province["returns_paid_wan"] * 10_000)


def test_risk_needs_paths(ds) -> None:
    with pytest.raises(ValueError, match="paths"):
        fundsim.tables.risk(ds)


# --------------------------------------------------------------------------- fundsim.plots


def test_a_fundsim_chart_changes_nothing_global_and_keeps_its_chinese_font(ds) -> None:
    before = dict(matplotlib.rcParams)
    fig = fundsim.plots.balance(ds)
    assert dict(matplotlib.rcParams) == before
    # drawn later, outside fundsim (as a notebook shows it): every glyph found
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    assert _glyph_warnings(caught) == []
    chinese = [t for t in fig.findobj(matplotlib.text.Text)
               if re.search("[\u4e00-\u9fff]", t.get_text())]
    assert chinese, "the chart has Chinese text (its title, region names)"
    font = font_manager.findfont(chinese[0].get_fontproperties(), fallback_to_default=False)
    assert Path(font).name == NOTO


def test_an_unknown_chart_kind_is_refused(ds) -> None:
    with pytest.raises(ValueError, match="one of reserve"):
        fundsim.plots.figure(ds, "pie")


def test_use_cjk_font_is_the_explicit_opt_in_for_ones_own_charts() -> None:
    with matplotlib.rc_context():  # restores the global settings after the test
        family = fundsim.plots.use_cjk_font()
        assert matplotlib.rcParams["font.family"][0] == family
        fig = Figure()
        fig.subplots().set_title("全省失业保险基金年末结余")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
        assert _glyph_warnings(caught) == []


# --------------------------------------------------------------------------- the notebook


def test_the_example_notebook_runs_and_shows_the_runs_numbers(ds, tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    text = "".join(o.get("text", "") for c in cells for o in c.outputs)
    assert "Glyph" not in text  # no missing-glyph warning on the kernel's stderr
    closing = float(re.search(r"province fund at the end: ([\d,]+) 万元", text)[1]
                    .replace(",", ""))
    expected = fundsim.tables.summary(ds).set_index("code").loc["province-fund",
                                                                 "closing_balance_wan"]
    assert closing == round(expected)
    lowest = float(re.search(r"SME ratio 60%: lowest reserve ([\d.]+) months", text)[1])
    assert 0 < lowest < 60
    images = [c.source.splitlines()[-1] for c in cells
              if any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert images == ["fundsim.plots.balance(ds)", "plt.show()"]
