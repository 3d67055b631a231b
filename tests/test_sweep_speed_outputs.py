"""Sweep, compare and frontier folders cost their engine time (issue 12, item 4): the data
files, the PNG chart and the report's SVG charts are made side by side in forked processes,
the run record is parsed once. None of it changes a file: the folders are the ones the serial
route writes, byte for byte (the report, the CSV), value for value (the NetCDF) and pixel for
pixel (the PNG).

Behaviour only; the timings are benchmarks'."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml
from PIL import Image

from fundsim.present import outputs
from fundsim.present.charts.jobs import Jobs
from fundsim.present.charts.sweep import plot_frontier, plot_sweep
from fundsim.present.report import compare_page, frontier_page, sweep_page
from fundsim.present.report.render import write_page
from fundsim.run import files
from fundsim.run.compare import compare
from fundsim.run.frontier import frontier
from fundsim.run.record import RECORD_ATTRIBUTE, recorded_parameters, run_record
from fundsim.run.sweep import sweep

SME = "policy.returns.ratio.sme"


def _same_folders(made: Path, serial: Path) -> None:
    """The same files; CSV and HTML byte for byte, NetCDF value for value, PNG pixel for
    pixel."""
    names = sorted(p.name for p in made.iterdir())
    assert names == sorted(p.name for p in serial.iterdir())
    for name in names:
        a, b = made / name, serial / name
        if name.endswith(".nc"):
            assert xr.load_dataset(a).identical(xr.load_dataset(b)), name
        elif name.endswith(".png"):
            pa, pb = np.asarray(Image.open(a)), np.asarray(Image.open(b))
            assert pa.shape == pb.shape and (pa == pb).all(), name
        else:
            assert a.read_bytes() == b.read_bytes(), name


def _serial(tmp_path: Path, make: Callable[[Path, Jobs], None]) -> Path:
    """A folder filled one step after another in this process (the route before item 4)."""
    folder = tmp_path / "serial"
    folder.mkdir()
    make(folder, Jobs(workers=0))
    return folder


@pytest.mark.parametrize("paths", [1, 20])
def test_a_sweep_folder_is_the_one_the_serial_route_writes(tmp_path: Path, paths: int) -> None:
    ds = sweep("default", [f"{SME}=0.2:1.0:0.4"], paths=paths, seed=3)
    made = tmp_path / "made"
    made.mkdir()
    outputs.save_sweep(ds, made)

    def serial(folder: Path, jobs: Jobs) -> None:
        files.write_sweep_files(ds, folder)
        plot_sweep(ds, folder / "sweep.png")
        write_page(sweep_page.render_sweep_report(ds, "zh", jobs=jobs), folder, "zh")

    _same_folders(made, _serial(tmp_path, serial))
    assert (made / "report.html").read_text(encoding="utf-8").count("<figure") == (
        3 if paths > 1 else 2)


def test_a_sweep_without_plots_writes_only_its_data(tmp_path: Path) -> None:
    outputs.save_sweep(sweep("default", [f"{SME}=0.4,0.8"]), tmp_path, plots=False)
    assert {p.name for p in tmp_path.iterdir()} == {"sweep.nc", "sweep.csv"}


def test_a_compare_folder_is_the_one_the_serial_route_writes(tmp_path: Path) -> None:
    from fundsim.present.charts.compare import plot_compare

    ds = compare(["default", "baseline"], paths=10, seed=2)
    made = tmp_path / "made"
    made.mkdir()
    outputs.save_compare(ds, made)

    def serial(folder: Path, jobs: Jobs) -> None:
        files.write_compare_files(ds, folder)
        plot_compare(ds, folder / "compare.png")
        write_page(compare_page.render_compare_report(ds, "zh", jobs=jobs), folder, "zh")

    _same_folders(made, _serial(tmp_path, serial))


def test_a_frontier_folder_is_the_one_the_serial_route_writes(tmp_path: Path) -> None:
    result = frontier("default", scope="province", probability=0.9, paths=20, seed=1)
    made = tmp_path / "made"
    made.mkdir()
    outputs.save_frontier(result, made)

    def serial(folder: Path, jobs: Jobs) -> None:
        curve = files.write_frontier_files(result, folder)
        plot_frontier(result, folder / "frontier.png")
        write_page(frontier_page.render_frontier_report(curve, "zh", jobs=jobs), folder, "zh")

    _same_folders(made, _serial(tmp_path, serial))


def test_a_page_renders_the_same_with_its_own_jobs_or_none() -> None:
    ds = sweep("default", [f"{SME}=0.3,0.6,0.9"])
    assert sweep_page.render_sweep_report(ds, "en") == sweep_page.render_sweep_report(
        ds, "en", jobs=Jobs(workers=0))


def test_a_failing_chart_fails_the_save_and_its_error_is_raised(tmp_path: Path,
                                                                 monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("no chart")

    monkeypatch.setattr(sweep_page.charts, "line_panels", broken)
    with pytest.raises(RuntimeError, match="no chart"):
        outputs.save_sweep(sweep("default", [f"{SME}=0.4,0.8"]), tmp_path)


# ------------------------------------------------------------------------------ run record


def test_the_run_record_reads_as_the_safe_loader_reads_it_and_is_the_callers_own() -> None:
    ds = sweep("default", [f"{SME}=0.4,0.8"])
    text = ds.attrs[RECORD_ATTRIBUTE]
    record = run_record(ds)
    assert record == yaml.safe_load(text)
    record["start"] = "changed"
    record.clear()
    again = run_record(ds)
    assert again == yaml.safe_load(text) and again is not record
    assert recorded_parameters(ds) == recorded_parameters(ds)


@pytest.mark.parametrize("text", ["", "[1, 2]", "a: [unclosed", "just text"])
def test_a_record_that_is_not_a_mapping_reads_as_empty(text: str) -> None:
    assert run_record(xr.Dataset(attrs={RECORD_ATTRIBUTE: text})) == {}
    assert run_record(xr.Dataset()) == {}
