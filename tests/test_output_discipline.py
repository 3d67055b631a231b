"""Issue 14, the output discipline: every command writes only under the folder asked for, claims
it atomically, replaces with --force only a folder of fundsim's own, leaves nothing behind when
the disk is full, the folder read-only, or the run is stopped (SIGTERM) or killed (kill -9).

Each story names the case of the issue it reproduces. A full disk is simulated without root:
a file-size limit (RLIMIT_FSIZE) makes the operating system refuse the write, as a full disk
does, and a patched writer raises ENOSPC / EACCES (chmod means nothing to root).
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xarray as xr
from typer.testing import CliRunner

from fundsim.base import delivery
from fundsim.base.delivery import (
    claim_default_folder,
    deliver,
    out_problems,
    safe_name,
    staging_prefix,
)
from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.cli.console import folder_name

runner = CliRunner()
FUNDSIM = [sys.executable, "-m", "fundsim.cli.app"]


def leftovers(folder: Path) -> list[str]:
    """Everything under ``folder``, by relative path (hidden staging included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def one_line(text: str) -> str:
    return " ".join(text.split())


def small_file_limit() -> None:
    """In a child process: writes past 100 KB fail with EFBIG, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of one ``fundsim run special-2020 --no-plots``."""
    folder = tmp_path_factory.mktemp("saved") / "run"
    result = runner.invoke(app, ["run", "special-2020", "--no-plots", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- case 1: a full disk ----------------------------------------------------------------------


def test_a_full_disk_is_a_clear_message_not_h5py_tracebacks_and_a_segfault(tmp_path):
    # Before: ~30 h5py tracebacks ("Can't decrement id ref count"), then exit 139. The
    # results.nc of this run is written in a forked child: its error comes back the same.
    done = subprocess.run([*FUNDSIM, "run", "special-2020", "--no-plots", "--out", "r"],
                          cwd=tmp_path,
                          preexec_fn=small_file_limit, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "r [--out]: cannot write the results: File too large" in one_line(done.stderr)
    assert "Traceback" not in done.stderr and "h5py" not in done.stderr
    assert leftovers(tmp_path) == []


def test_save_netcdf_on_a_full_disk_raises_one_oserror_and_removes_its_file(tmp_path, capfd):
    from fundsim.run.files import save_netcdf

    ds = xr.Dataset({"balance": (("region", "month"), [[float(i)] * 40_000 for i in range(3)])})
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, hard))
    try:
        with pytest.raises(OSError) as caught:
            save_netcdf(ds, tmp_path / "results.nc", compress_bytes=1 << 40)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert caught.value.errno == errno.EFBIG
    assert caught.value.filename == str(tmp_path / "results.nc")
    assert leftovers(tmp_path) == []
    assert "Traceback" not in capfd.readouterr().err
    save_netcdf(ds, tmp_path / "results.nc")  # the same call with room: written, readable
    assert xr.load_dataset(tmp_path / "results.nc", engine="h5netcdf")["balance"].shape == (
        3, 40_000)


def test_a_csv_writer_out_of_space_in_a_forked_job_is_the_same_clear_message(tmp_path,
                                                                              monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("fundsim.run.files.write_csv", no_space)
    result = runner.invoke(app, ["run", "special-2020", "--no-plots"])
    assert result.exit_code == 2, result.output
    assert ("outputs/special-2020 [--out]: cannot write the results: No space left on "
            "device") in one_line(result.output)
    assert leftovers(tmp_path) == ["outputs"]  # the claimed folder released


def test_plot_and_template_into_a_read_only_folder_are_clear_messages(tmp_path, monkeypatch,
                                                                       saved_run):
    # root ignores chmod, so the temporary file's creation is refused as a read-only folder's
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path))

    monkeypatch.setattr("fundsim.base.delivery.tempfile.mkstemp", read_only)
    monkeypatch.setattr("fundsim.roster.io.tempfile.mkstemp", read_only)
    result = runner.invoke(app, ["plot", str(saved_run / "results.nc"), "--out",
                                 str(tmp_path / "pool.png"), "--kind", "pool"])
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'pool.png'} [--out]: cannot write the plot: Permission denied" in (
        one_line(result.output))
    result = runner.invoke(app, ["roster", "template", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2, result.output
    assert "t.xlsx [OUT]: cannot write the template: Permission denied" in one_line(
        result.output)
    assert not (tmp_path / "pool.png").exists() and not (tmp_path / "t.xlsx").exists()


def test_an_oserror_no_command_caught_is_exit_2_with_the_folder_named(tmp_path, monkeypatch,
                                                                       capsys):
    # roster synth writes through the roster's own writer: main() is the last net
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES),
                              str(tmp_path / ".p.csv.tmp-x"))

    from fundsim.cli import app as cli

    monkeypatch.setattr("fundsim.roster.io.tempfile.mkstemp", read_only)
    monkeypatch.setattr(sys, "argv", ["fundsim", "roster", "synth", "--firms", "5",
                                      "--out", str(tmp_path / "p.csv")])
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == 2
    assert f"error: {tmp_path}: Permission denied; nothing was written" in one_line(
        capsys.readouterr().err)


# --- case 2: names from user text -------------------------------------------------------------


def test_a_name_from_user_text_is_one_safe_name_inside_outputs(tmp_path, monkeypatch):
    assert [safe_name(n) for n in ("../../escaped", "/abs/path", "a/b/c", "..", "名 单")] == [
        "escaped", "abs-path", "a-b-c", "output", "名-单"]
    assert folder_name("compare", ["../a", "/b"]) == "compare-a-vs-b"
    assert folder_name("sweep", ["x"], ["policy.returns/../../ratio"]) == "sweep-x-returns-ratio"
    assert claim_default_folder("../../escaped", tmp_path / "outputs") == (
        tmp_path / "outputs" / "escaped")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text('extends: special-2020\nname: "/abs/../../escaped"\n',
                                     encoding="utf-8")
    result = runner.invoke(app, ["run", "s.yaml", "--no-plots"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir()) == [
        "abs-escaped", "escaped"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs", "s.yaml"]


# --- case 5: two runs, one --out --------------------------------------------------------------


def test_the_second_of_two_runs_with_one_out_fails_and_replaces_nothing(tmp_path):
    out = tmp_path / "r"
    # both checked --out before either wrote it
    assert out_problems(out, False) == [] and out_problems(out, False) == []
    deliver("r", out, lambda folder: (folder / "summary.csv").write_text("first"))
    with pytest.raises(InputError) as caught:
        deliver("r", out, lambda folder: (folder / "summary.csv").write_text("second"))
    assert "cannot write the results: already exists (written meanwhile by another run?); " \
           "nothing was replaced" in str(caught.value)
    assert (out / "summary.csv").read_text() == "first"
    assert leftovers(tmp_path) == ["r", "r/summary.csv"]


def test_a_default_folder_taken_meanwhile_sends_the_results_to_the_next_name(tmp_path,
                                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)

    def fill(folder: Path) -> None:
        (folder / "results.nc").write_text("mine")
        (tmp_path / "outputs" / "x" / "results.nc").write_text("another run's")

    assert deliver("x", None, fill) == Path("outputs/x-2")
    assert (tmp_path / "outputs" / "x" / "results.nc").read_text() == "another run's"
    assert (tmp_path / "outputs" / "x-2" / "results.nc").read_text() == "mine"


# --- case 6: what --force may replace ---------------------------------------------------------


def test_force_replaces_only_a_folder_of_fundsims_own(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    (proj / "sub").mkdir(parents=True)
    (proj / "notes.txt").write_text("keep")
    fundsim_out = tmp_path / "done"
    fundsim_out.mkdir()
    (fundsim_out / "results.nc").write_text("")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "results.nc").write_text("")
    (inputs / "s.yaml").write_text("")
    monkeypatch.chdir(proj / "sub")

    def why(path: str | Path, given: tuple = ()) -> str:
        return " ".join(str(p) for p in out_problems(Path(path), True, given))

    assert why(tmp_path / "new") == ""  # nothing there: nothing replaced
    assert why(fundsim_out) == ""
    assert "is the current folder" in why(".")
    assert "is a folder holding the current folder" in why("..")
    assert "is a folder holding the current folder" in why("/")
    assert "is a folder holding the current folder" in why(tmp_path)
    assert "is not a folder fundsim wrote" in why(proj / "notes.txt")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    assert "holds no fundsim results" in why(other)
    assert "holds s.yaml, an input of this run" in why(inputs, (inputs / "s.yaml",))


def test_force_never_replaces_a_folder_holding_the_runs_scenario(tmp_path, monkeypatch, capsys):
    # before: `--out ../proj --force` deleted the scenario, its data and a notes file
    from fundsim.cli import app as cli

    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "results.nc").write_text("")  # an earlier run's results beside the scenario
    (proj / "s.yaml").write_text("extends: special-2020\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["fundsim", "run", "proj/s.yaml", "--out", "proj",
                                      "--force", "--no-plots"])
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == 2
    assert ("proj [--out]: holds s.yaml, an input of this run; --force never replaces it"
            in one_line(capsys.readouterr().err))
    assert sorted(p.name for p in proj.iterdir()) == ["results.nc", "s.yaml"]
    delivery.note_inputs([])


def test_force_never_replaces_a_folder_holding_the_data_a_scenario_names(tmp_path, monkeypatch):
    # the data file is named inside the scenario, not on the command line: known once it is read
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "results.nc").write_text("")  # looks like fundsim's folder
    data = Path(__file__).parents[1] / "fundsim" / "scenarios" / "data" / "inner_mongolia.csv"
    (shared / "regions.csv").write_bytes(data.read_bytes())
    (tmp_path / "s.yaml").write_text("extends: special-2020\ndata: shared/regions.csv\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["run", "s.yaml", "--no-plots"], ["frontier", "s.yaml", "--paths", "1"]):
        result = runner.invoke(app, [*command, "--out", "shared", "--force"])
        assert result.exit_code == 2, result.output
        assert "holds regions.csv, an input of this run" in " ".join(result.output.split())
        assert sorted(p.name for p in shared.iterdir()) == ["regions.csv", "results.nc"]
    delivery.note_inputs([])


def test_force_never_replaces_a_folder_holding_the_scenarios_assumptions(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "summary.csv").write_text("")  # looks like fundsim's folder
    (notes / "steady.yaml").write_text("wage_growth: 0.05\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text("extends: special-2020\nassumptions: notes/steady.yaml\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", "s.yaml", "--no-plots", "--out", "notes", "--force"])
    assert result.exit_code == 2, result.output
    assert "holds steady.yaml, an input of this run" in " ".join(result.output.split())
    assert sorted(p.name for p in notes.iterdir()) == ["steady.yaml", "summary.csv"]
    delivery.note_inputs([])


def test_force_on_a_file_the_root_or_the_current_folder_is_exit_2_not_valueerror(tmp_path,
                                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("keep")
    for out, message in (("notes.txt", "notes.txt [--out]: is not a folder fundsim wrote"),
                         ("/", "/ [--out]: is a folder holding the current folder"),
                         (".", ". [--out]: is the current folder; --force never replaces it")):
        result = runner.invoke(app, ["run", "special-2020", "--out", out, "--force"])
        assert result.exit_code == 2, result.output
        assert message in one_line(result.output), result.output
    assert Path("notes.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_plot_and_report_refuse_an_existing_file_without_force(saved_run):
    results = str(saved_run / "results.nc")
    first = runner.invoke(app, ["plot", results, "--kind", "pool"])
    assert first.exit_code == 0 and (saved_run / "plot-pool.png").is_file(), first.output
    again = runner.invoke(app, ["plot", results, "--kind", "pool"])
    assert again.exit_code == 2
    assert "plot-pool.png [--out]: already exists; pass --force" in one_line(again.output)
    into_folder = runner.invoke(app, ["plot", results, "--out", str(saved_run), "--force"])
    assert into_folder.exit_code == 2 and "must end in .png" in into_folder.output
    (saved_run / "report.en.html").write_text("an earlier report")
    report = runner.invoke(app, ["report", str(saved_run), "--lang", "en"])
    assert report.exit_code == 2
    assert "report.en.html [RESULTS_DIR]: already exists; pass --force" in one_line(
        report.output)
    assert (saved_run / "report.en.html").read_text() == "an earlier report"
    assert not [p for p in saved_run.iterdir() if p.name.startswith(".")]


# --- case 9: stopped and killed runs ----------------------------------------------------------


def test_sigterm_removes_the_staging_and_the_claimed_folder(tmp_path):
    run = subprocess.Popen([*FUNDSIM, "run", "special-2020", "--paths", "200"], cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = tmp_path / "outputs"
    deadline = time.monotonic() + 90
    while not (outputs.is_dir() and any(p.name.startswith(".") for p in outputs.iterdir())):
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.02)
    run.send_signal(signal.SIGTERM)
    _, errors = run.communicate(timeout=60)
    assert run.returncode == 143, errors
    assert "interrupted: nothing was written" in errors and "Traceback" not in errors
    time.sleep(0.3)  # a forked job left running would write on
    assert leftovers(tmp_path) == ["outputs"]


def test_a_killed_runs_staging_and_empty_folder_are_taken_back_by_the_next_run(tmp_path):
    outputs = tmp_path / "outputs"
    (outputs / "default").mkdir(parents=True)  # claimed by the killed run, left empty
    killed = dead_pid()
    staging = outputs / f".default.tmp-{killed}@{delivery._HOST}-abc"
    staging.mkdir()
    (staging / "results.nc").write_bytes(b"\0" * 1000)
    file_part = outputs / f".x.csv.tmp-{killed}@{delivery._HOST}-def.part"
    file_part.write_text("half")
    running = outputs / f"{staging_prefix('other')}ghi"  # this process's: still running
    running.mkdir()

    assert claim_default_folder("default", outputs) == outputs / "default"
    assert sorted(p.name for p in outputs.iterdir()) == [running.name, "default"]
    # the folder is claimed now: a third run goes to default-2
    running.rename(outputs / f"{staging_prefix('default')}jkl")
    assert claim_default_folder("default", outputs) == outputs / "default-2"


def test_a_killed_roster_synths_temporary_file_is_removed_by_the_next_write(tmp_path):
    from fundsim.roster.io import atomic_write

    dead = tmp_path / f".p.csv.tmp-999999@{delivery._HOST}-abc"  # pid 999999: no such process
    dead.write_text("half a roster")
    atomic_write(tmp_path / "p.csv", lambda temp: temp.write_text("code\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]
