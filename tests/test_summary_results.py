"""Monte Carlo runs too large to keep every path keep summaries over paths (fundsim.run.summary):
the same means, quantiles, probabilities and tables as the full paths, the identities on the
file, a clear word on what was kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import fundsim
from fundsim.cli.app import app
from fundsim.inputs.scenario import load_scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs
from fundsim.model.shocks import draws_for
from fundsim.run import accounts, metrics, summary, tables
from fundsim.run.files import read_netcdf
from fundsim.run.simulation import prepare

PATHS = 23  # not a multiple of any batch tried below


@pytest.fixture(scope="module")
def runs():
    full = fundsim.simulate("default", paths=PATHS, seed=4)
    kept = fundsim.simulate("default", paths=PATHS, seed=4, keep_paths=False)
    return full, kept


def test_a_summarised_run_has_no_path_dimension_and_says_what_it_kept(runs):
    _, kept = runs
    assert "path" not in kept.dims
    assert kept.attrs["paths_kept"] == "summary" and kept.attrs["paths"] == PATHS
    assert kept.sizes["draw"] == PATHS and kept.sizes["example"] == summary.EXAMPLES
    assert "--keep-paths" in kept.attrs["paths_note"]
    assert runs[0].attrs["paths_kept"] == "all"


def test_every_variable_is_the_mean_of_the_full_paths(runs):
    full, kept = runs
    for name in ("balance", "contributions", "benefits", "returns_paid", "fiscal_subsidy",
                 "pool_transfer", "remittance", "recipients", "pool_balance"):
        np.testing.assert_allclose(kept[name], full[name].mean("path"), rtol=1e-12, atol=1e-6,
                                   err_msg=name)
    # a flag's mean is the share of paths that pass
    np.testing.assert_allclose(kept["passes_12"], full["passes_12"].mean("path"))
    np.testing.assert_allclose(kept["p_below_general"], 1 - full["passes_12"].mean("path"))


def test_quantiles_and_examples_are_those_of_the_full_paths(runs):
    full, kept = runs
    for name in ("balance", "reserve_months", "pool_balance", "province_reserve_months"):
        expected = full[name].quantile(list(summary.QUANTILES), dim="path")
        np.testing.assert_allclose(
            kept[f"{name}_quantile"].transpose(*expected.dims).values, expected.values,
            rtol=1e-12, err_msg=name)
    np.testing.assert_array_equal(kept["balance_example"].values,
                                  full["balance"].isel(path=slice(0, summary.EXAMPLES)).values)


def test_probabilities_count_the_paths_on_which_it_happens(runs):
    full, kept = runs
    np.testing.assert_allclose(kept["p_fiscal_subsidy"],
                               (full["fiscal_subsidy"] > 0).mean("path"))
    np.testing.assert_allclose(kept["p_some_region_below_general"],
                               (~full["passes_12"]).any("region").mean("path"))


def test_summary_risk_and_annual_tables_are_the_full_paths_tables(runs):
    full, kept = runs
    for table in (tables.summary_table, tables.risk_table, tables.annual_table):
        pd.testing.assert_frame_equal(table(kept), table(full), check_exact=False, rtol=1e-9,
                                      atol=1e-9)


def test_the_accounting_identities_hold_on_the_summarised_file(runs, tmp_path):
    _, kept = runs
    from fundsim.run.files import save_netcdf

    save_netcdf(kept, tmp_path / "results.nc")
    back = read_netcdf(tmp_path / "results.nc", "results")
    assert back.attrs["paths_kept"] == "summary"
    for ledger, residual in accounts.residuals(back).items():
        assert residual < 1e-3, ledger  # yuan


def test_reading_flags_of_a_summarised_run_without_the_view_is_an_error(runs):
    _, kept = runs
    with pytest.raises(ValueError, match="paths_view"):
        metrics.months_below(kept, "general")
    assert metrics.months_below(metrics.paths_view(kept), "general").sizes["path"] == PATHS


def test_the_summaries_do_not_depend_on_the_number_of_threads():
    scenario, regions = prepare(load_scenario("default"))
    inp = build_inputs(scenario, regions)
    draws = draws_for(scenario, len(regions), PATHS, 2)
    one, two = (run_engine(inp, PATHS, record=summary.RECORDED, reduce=summary.reductions(),
                           threads=threads, **draws) for threads in (1, 2))
    for key, values in one.items():
        np.testing.assert_array_equal(values, two[key], err_msg=key)


def test_a_sum_over_paths_is_the_sum_of_the_paths():
    scenario, regions = prepare(load_scenario("default"))
    inp = build_inputs(scenario, regions)
    draws = draws_for(scenario, len(regions), PATHS, 2)
    full = run_engine(inp, PATHS, **draws)
    kept = run_engine(inp, PATHS, record=(), reduce=summary.reductions(), **draws)
    np.testing.assert_allclose(kept["benefits@paths"][..., 0], full["benefits"].sum(axis=-1),
                               rtol=1e-13)
    np.testing.assert_array_equal(kept["fiscal_subsidy@positive"][..., 0],
                                  (full["fiscal_subsidy"] > 0).sum(axis=-1))
    np.testing.assert_array_equal(kept["balance@last"], full["balance"][11::12])
    np.testing.assert_array_equal(kept["passes_12@first"], full["passes_12"][::12])
    np.testing.assert_allclose(kept["benefits@sum"],
                               full["benefits"].reshape(5, 12, len(regions), PATHS).sum(1))


def test_a_run_above_the_limit_is_summarised_unless_asked_to_keep_paths(monkeypatch):
    monkeypatch.setattr(summary, "FULL_PATHS_LIMIT", 1_000)
    assert fundsim.simulate("default", paths=3).attrs["paths_kept"] == "summary"
    assert "path" in fundsim.simulate("default", paths=3, keep_paths=True).dims
    assert fundsim.simulate("default").attrs["paths_kept"] == "all"  # one path: nothing to sum


def test_the_command_says_what_results_nc_keeps(monkeypatch, tmp_path):
    monkeypatch.setattr(summary, "FULL_PATHS_LIMIT", 1_000)
    result = CliRunner().invoke(app, ["run", "--paths", "3", "--no-plots",
                                      "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "keeps means, quantiles" in result.output and "--keep-paths" in result.output
    assert (tmp_path / "s" / "risk.csv").is_file()
    assert "path" not in read_netcdf(tmp_path / "s" / "results.nc", "results").dims
    result = CliRunner().invoke(app, ["run", "--paths", "3", "--no-plots", "--keep-paths",
                                      "--out", str(tmp_path / "k")])
    assert result.exit_code == 0, result.output
    assert "will hold every path" in result.output
    assert "path" in read_netcdf(tmp_path / "k" / "results.nc", "results").dims


def test_a_summarised_runs_folder_reads_as_the_full_paths_folder(runs, tmp_path):
    """The tables byte for byte, the charts pixel for pixel and the report's text: what a
    planner reads does not change when the paths are summarised."""
    import re

    from fundsim.present.outputs import write_run

    full, kept = runs
    write_run(full, tmp_path / "full")
    write_run(kept, tmp_path / "kept")
    for name in ("summary.csv", "annual.csv", "risk.csv", "reserve_months.png", "pool.png",
                 "fan_reserve_months.png"):
        assert (tmp_path / "full" / name).read_bytes() == (tmp_path / "kept" / name).read_bytes(), \
            name

    def text(folder):
        page = (folder / "report.html").read_text(encoding="utf-8")
        page = re.sub(r"<(svg|style).*?</\1>", "", page, flags=re.S)
        return re.sub(r"<[^>]+>", " ", page).split()

    assert text(tmp_path / "full") == text(tmp_path / "kept")


def test_dense_yearly_figures_are_stored_uncompressed_and_read_back_exactly(runs, tmp_path):
    import h5py

    from fundsim.run.files import save_netcdf

    _, kept = runs
    save_netcdf(kept, tmp_path / "results.nc", compress_bytes=0)
    with h5py.File(tmp_path / "results.nc") as f:
        assert f["balance_by_year"].compression is None
        assert f["fiscal_subsidy_by_year"].compression == "gzip"
    back = read_netcdf(tmp_path / "results.nc", "results")
    np.testing.assert_array_equal(back["balance_by_year"], kept["balance_by_year"])
