"""The ``fundsim`` command line as a user meets it: run, outputs, params, plot, scenarios, help.

One default run (with plots) is shared by the module; the other runs skip the plots to stay fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr
import yaml
from typer.testing import CliRunner

from fundsim.cli.app import app

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BOM = b"\xef\xbb\xbf"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, f"{result.output}{result.exception!r}"
    return result.output


def dot_entries(folder: Path) -> list[Path]:
    """Temporary leftovers: anything under ``folder`` whose name starts with '.'."""
    return [p for p in folder.rglob("*") if p.name.startswith(".")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder where ``fundsim run`` (no arguments) has run once."""
    folder = tmp_path_factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        output = invoke("run")
    assert "results written to outputs/default/" in output
    return folder


@pytest.fixture(scope="module")
def default_out(workdir: Path) -> Path:
    return workdir / "outputs" / "default"


def params_block(output: str, key: str) -> list[str]:
    """The lines of the ``fundsim params`` table that belong to ``key``."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {key} " in line)
    block = [lines[start]]
    for line in lines[start + 1:]:
        if line.lstrip().startswith(("├", "└")) or f" {key.split('.')[0]}." in line:
            break
        block.append(line)
    return block


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("│┃").split("│")]


# --- run --------------------------------------------------------------------------------------


def test_run_without_arguments_writes_the_default_outputs(default_out: Path) -> None:
    for name in ("results.nc", "summary.csv", "annual.csv"):
        assert (default_out / name).is_file(), name
    pngs = sorted(default_out.glob("*.png"))
    assert pngs, "run writes its plots"
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_MAGIC, png.name
    ds = xr.load_dataset(default_out / "results.nc", engine="h5netcdf")
    assert ds.sizes["month"] == 60 and ds.sizes["region"] == 14


def test_no_png_writes_the_report_with_its_charts_and_no_png_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    invoke("run", "--out", "quick", "--no-png")
    quick = tmp_path / "quick"
    assert not list(quick.glob("*.png")), "--no-png writes no PNG"
    page = (quick / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/svg") >= 3, "the report keeps its charts"
    assert (quick / "results.nc").is_file()


def test_a_second_run_goes_to_a_new_suffixed_folder(workdir: Path, default_out: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    before = (default_out / "results.nc").read_bytes()
    output = invoke("run", "--no-plots")
    assert "results written to outputs/default-2/" in output
    second = workdir / "outputs" / "default-2"
    assert (second / "results.nc").is_file()
    assert not list(second.glob("*.png")), "--no-plots writes no PNG"
    assert (default_out / "results.nc").read_bytes() == before, "the first run is left alone"


def test_an_existing_out_is_refused_then_replaced_with_force(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")

    result = runner.invoke(app, ["run", "--out", "mine", "--no-plots"])
    assert result.exit_code == 2, result.output
    assert "mine [--out]: already exists; choose another folder or pass --force" in " ".join(
        result.output.split())
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "outputs").exists()

    # --force replaces only a folder holding fundsim's results (or nothing): not notes.txt
    result = runner.invoke(app, ["run", "--out", "mine", "--no-plots", "--force"])
    assert result.exit_code == 2, result.output
    assert "holds no fundsim results" in " ".join(result.output.split())
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    (mine / "notes.txt").unlink()
    invoke("run", "--out", "mine", "--no-plots", "--force")
    invoke("run", "--out", "mine", "--no-plots", "--force")  # its own results: replaced
    assert sorted(p.name for p in mine.iterdir()) == ["annual.csv", "columns.csv", "results.nc",
                                                      "results.xlsx", "summary.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    assert not dot_entries(tmp_path), "no temporary folder is left behind"


def test_runs_leave_no_temporary_folders(workdir: Path) -> None:
    assert (workdir / "outputs" / "default").is_dir()
    assert not dot_entries(workdir)


def test_set_changes_the_result(tmp_path: Path, default_out: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    invoke("run", "--set", "policy.returns.ratio.sme=0.8", "--out", "sme80", "--no-plots")
    with xr.open_dataset(tmp_path / "sme80" / "results.nc", engine="h5netcdf") as higher, \
            xr.open_dataset(default_out / "results.nc", engine="h5netcdf") as base:
        assert float(higher["returns_paid"].sum()) > float(base["returns_paid"].sum())
        record = yaml.safe_load(higher.attrs["parameters"])
    # an undated --set value is in force from the start, replacing the law's later values
    sme = record["parameters"]["policy.returns.ratio.sme"]
    assert {day: v for day, v in sme.items() if day >= "2020-01-01"} == {"2020-01-01": 0.8}


# --- the CSV tables --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["summary.csv", "annual.csv"])
def test_tables_open_in_excel_with_chinese_names(default_out: Path, name: str) -> None:
    raw = (default_out / name).read_bytes()
    assert raw.startswith(BOM)
    assert "呼和浩特市" in raw.decode("utf-8-sig")


def test_annual_table_has_a_province_fund_row_for_every_year(default_out: Path) -> None:
    annual = pd.read_csv(default_out / "annual.csv", encoding="utf-8-sig", dtype={"code": str})
    years = sorted(annual["year"].unique())
    assert years == [2020, 2021, 2022, 2023, 2024]
    totals = annual[annual["code"] == "province-fund"]
    assert sorted(totals["year"]) == years, "exactly one province row per year"
    regions = annual[annual["code"] != "province-fund"]
    for year in years:
        assert len(regions[regions["year"] == year]) == 14
        total = totals[totals["year"] == year]["returns_paid_wan"].iloc[0]
        parts = regions[regions["year"] == year]["returns_paid_wan"].sum()
        assert total == pytest.approx(parts, rel=1e-6, abs=1e-3)


# --- plot --------------------------------------------------------------------------------------


def test_plot_a_saved_result(default_out: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    output = invoke("plot", str(default_out / "results.nc"), "--kind", "pool", "--out", "x.png")
    assert "plot written to" in output
    assert (tmp_path / "x.png").read_bytes()[:8] == PNG_MAGIC

    again = runner.invoke(app, ["plot", str(default_out / "results.nc"), "--kind", "pool",
                                "--out", "x.png"])
    assert again.exit_code == 2
    assert "x.png [--out]: already exists; pass --force" in again.output


# --- scenarios, params, help -------------------------------------------------------------------


def test_scenarios_lists_the_shipped_ones_one_per_line() -> None:
    lines = invoke("scenarios", "--names").splitlines()
    for name in ("default", "baseline", "special-2020", "continuation-2021"):
        assert name in lines
    assert lines == sorted(lines)


def past_2025(folder: Path, reform: str = "", months: int = 84) -> Path:
    """The default scenario run on to 2026-12 (84 months), past the SME notice's 2025-12-31."""
    path = folder / "past.yaml"
    path.write_text(f"extends: default\nname: past\nmonths: {months}\n{reform}", encoding="utf-8")
    return path


def test_params_shows_values_by_date_with_their_sources(tmp_path: Path) -> None:
    result = runner.invoke(app, ["params", str(past_2025(tmp_path))])
    assert result.exit_code == 0, result.output
    block = params_block(result.stdout, "policy.returns.ratio.sme")
    rows = [cells(line) for line in block]
    dated = {row[1]: row[2] for row in rows if row[1]}
    assert dated == {"2020-01-01": "1.0", "2021-01-01": "0.6", "2022-01-01": "0.9",
                     "2023-01-01": "0.6", "2024-01-01": "0.6", "2025-01-01": "0.6"}
    source = "".join(row[-1] for row in rows).replace(" ", "")
    assert "青人社厅发〔2021〕50号" in source and "人社部发〔2025〕18号" in source
    assert "[ends2025-12-31]" in source


def test_params_marks_the_origin_of_a_reform(tmp_path: Path) -> None:
    path = tmp_path / "higher.yaml"
    path.write_text("extends: default\nreform:\n  policy.returns.ratio.sme: {2021-01-01: 0.8}\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["params", str(path)])
    assert result.exit_code == 0, result.output
    rows = [cells(line) for line in params_block(result.stdout, "policy.returns.ratio.sme")]
    dated = {row[1]: row[2] for row in rows if row[1]}
    # the reform replaces the 2021 value only: the law's later values stay
    assert dated == {"2020-01-01": "1.0", "2021-01-01": "0.8", "2022-01-01": "0.9",
                     "2023-01-01": "0.6", "2024-01-01": "0.6"}
    source = " ".join(" ".join(row[-1] for row in rows).split())
    assert "reform in higher.yaml (line 3)" in source


def test_params_warns_when_the_law_runs_out_before_the_horizon(tmp_path: Path) -> None:
    result = runner.invoke(app, ["params", str(past_2025(tmp_path))])
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert ("warning: policy.returns.ratio.sme: the value in force from 2025-01-01 ends "
            "2025-12-31 by its notice; the run assumes it continues to 2026-12") in warning


def test_a_scenario_that_sets_the_values_itself_is_not_warned() -> None:
    result = runner.invoke(app, ["params", "continuation-2021"])
    assert result.exit_code == 0
    assert "policy.returns.ratio.sme" not in result.stderr
    assert "policy.returns.ratio.large" not in result.stderr


def test_a_reform_that_resumes_later_still_warns_about_the_gap(tmp_path: Path) -> None:
    # to 2027-12, the reform resuming in 2027: 2026 is past the SME notice's 2025-12-31
    path = past_2025(tmp_path, "reform:\n  policy.returns.ratio.sme: {2027-01-01: 0.5}\n", 96)
    result = runner.invoke(app, ["params", str(path)])
    assert result.exit_code == 0, result.output
    assert ("policy.returns.ratio.sme: the value in force from 2025-01-01 ends 2025-12-31 by its "
            "notice; the run assumes it continues to 2026-12") in " ".join(result.stderr.split())


def test_a_short_scenario_inside_the_law_is_not_warned() -> None:
    result = runner.invoke(app, ["params", "special-2020"])
    assert result.exit_code == 0
    assert "warning" not in result.stderr


def test_params_of_a_results_file_prints_what_params_of_its_scenario_printed(
        province, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = {"code": "100001", "name": "甲市", "insured": 1000, "wage": 5000,
              "opening_balance": 1e7, "last_year_expenditure": 1.2e6, "last_year_benefits": 1e6,
              "last_year_contributions": 6e5, "benefit_recipients": 10, "monthly_benefit": 1500}
    # 2020-01 to 2026-12: past the 2025-12-31 end of the SME ratio's notice, so it warns
    scenario = province([region], reform="  policy.pool.cap_multiple: 2.5\n", months=84)
    setting = "policy.training.max_months=3"
    monkeypatch.chdir(tmp_path)
    invoke("run", str(scenario), "--set", setting, "--out", "run", "--no-plots")
    from_scenario = runner.invoke(app, ["params", str(scenario), "--set", setting])
    scenario.unlink()  # the results file alone says where every value comes from

    from_results = runner.invoke(app, ["params", "run/results.nc"])
    assert from_results.exit_code == 0, from_results.output
    assert from_results.stdout == from_scenario.stdout
    assert from_results.stderr == from_scenario.stderr
    warning = " ".join(from_results.stderr.split())
    assert "policy.returns.ratio.sme: the value in force from 2025-01-01 ends 2025-12-31" in warning
    for key, source in (("policy.pool.cap_multiple", "reform in scenario.yaml (line 12)"),
                        ("policy.training.max_months", "--set policy.training.max_months")):
        rows = [cells(line) for line in params_block(from_results.stdout, key)]
        assert " ".join(" ".join(row[-1] for row in rows).split()) == source

    refused = runner.invoke(app, ["params", "run/results.nc", "--set", setting])
    assert refused.exit_code == 2 and "not a results file" in " ".join(refused.output.split())
    missing = runner.invoke(app, ["params", "run/other.nc"])
    assert missing.exit_code == 2 and "file not found" in missing.output


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["params", "--help"],
                                  ["check", "--help"], ["plot", "--help"]])
def test_help(args: list[str]) -> None:
    output = invoke(*args)
    assert "Usage" in output


def test_outputs_are_readable_by_others_like_any_file(tmp_path, monkeypatch):
    import stat

    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(app, ["run", "special-2020"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "outputs" / "special-2020"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    for name in ("results.nc", "summary.csv", "reserve_months.png"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o644, name


def test_two_runs_never_claim_the_same_default_folder(tmp_path):
    from fundsim.base.delivery import claim_default_folder

    first = claim_default_folder("default", tmp_path / "outputs")
    second = claim_default_folder("default", tmp_path / "outputs")
    assert first != second and first.is_dir() and second.name == "default-2"


def test_simulate_rejects_bad_paths_and_seeds_with_an_input_error():
    import fundsim

    with pytest.raises(fundsim.InputError, match="seed"):
        fundsim.simulate("special-2020", paths=2, seed=-1)
    with pytest.raises(fundsim.InputError, match="paths"):
        fundsim.simulate("special-2020", paths=0)


def test_a_payment_file_from_the_pipeline_delays_the_returns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "payment.yaml").write_text("payment_lag: [0.0, 1.0]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "special-2020", "--no-plots", "--out", "lag",
                                      "--payment-profile", "payment.yaml"])
    assert result.exit_code == 0, result.output
    ds = xr.load_dataset(tmp_path / "lag" / "results.nc", engine="h5netcdf")
    assert float(ds["returns_paid"].isel(month=0).sum()) == 0  # January's dues paid in February
    (tmp_path / "bad.yaml").write_text("payment_lags: [1.0]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "special-2020", "--payment-profile", "bad.yaml"])
    assert result.exit_code == 2 and "did you mean 'payment_lag'" in result.output


def test_ctrl_c_while_writing_leaves_no_folder_behind(tmp_path, monkeypatch):
    import fundsim.run.files

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fundsim.run.files, "save_netcdf", interrupted)
    result = CliRunner().invoke(app, ["run", "special-2020", "--no-plots"])
    assert result.exit_code == 130
    assert list((tmp_path / "outputs").iterdir()) == []
