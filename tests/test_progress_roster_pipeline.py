"""Progress for rosters and the pipeline (issue 12): the library reports ``(done, total)``,
the command line draws a bar on stderr, and the files written are the same with it or without."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

import fundsim.cli.progress as progress_module
from fundsim.cli.pipeline import pipeline_command
from fundsim.cli.roster import roster_app
from fundsim.pipeline import simulate_pipeline
from fundsim.roster.runner import run_roster, write_outputs

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
ROSTER = FIXTURES / "hand_2021.csv"
SCENARIO = FIXTURES / "scenario.yaml"
runner = CliRunner()
pipeline_app = typer.Typer()
pipeline_app.command("pipeline")(pipeline_command)
pipeline_app.command("other")(lambda: None)


class Recorder:
    """A progress callback that keeps every ``(done, total)`` it is given."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))

    def assert_counts_up_to_the_total(self) -> None:
        assert self.calls, "progress was never reported"
        done = [d for d, _ in self.calls]
        totals = {t for _, t in self.calls}
        assert len(totals) == 1, totals
        assert done == sorted(done), done
        assert done[-1] == totals.pop()


def test_a_roster_run_reports_rows_decided_then_rows_written(tmp_path):
    deciding, writing = Recorder(), Recorder()
    run = run_roster(ROSTER, SCENARIO, chunk_rows=10, progress=deciding)
    deciding.assert_counts_up_to_the_total()
    assert deciding.calls[0] == (0, run.rows_read)
    assert len(deciding.calls) == 1 + -(-run.rows_read // 10)  # the start, then every chunk
    write_outputs(run, tmp_path, progress=writing)
    writing.assert_counts_up_to_the_total()
    assert writing.calls[-1] == (run.rows_accepted, run.rows_accepted)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pipeline_run_reports_working_days_simulated(workers):
    days = Recorder()
    simulate_pipeline("automatic", firms=300, seed=2, workers=workers, progress=days)
    days.assert_counts_up_to_the_total()
    if workers == 1:  # one process reports every working day of the calendar
        assert [d for d, _ in days.calls] == list(range(1, days.calls[-1][1] + 1))


@pytest.fixture
def drawn_bars(monkeypatch) -> io.StringIO:
    """Bars drawn at once on a terminal of the test's own; returns what they drew."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(progress_module, "_console", lambda: console)
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    return screen


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_cli(app: typer.Typer, args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, f"{result.output}{result.exception!r}"
    return result.output


def test_roster_run_and_synth_write_the_same_files_with_bars_drawn(tmp_path, drawn_bars):
    def roster_commands(name: str) -> None:
        run_cli(roster_app, ["run", str(ROSTER), "--scenario", str(SCENARIO),
                             "--out", str(tmp_path / name)])
        run_cli(roster_app, ["synth", "--firms", "300", "--seed", "1",
                             "--out", str(tmp_path / f"{name}.csv")])

    progress_module.DELAY = 3600.0  # too short to show a bar
    roster_commands("plain")
    assert drawn_bars.getvalue() == ""
    progress_module.DELAY = 0.0
    roster_commands("shown")
    assert "━" in drawn_bars.getvalue()  # bars were drawn, on stderr's console only
    assert files(tmp_path / "plain") == files(tmp_path / "shown")
    assert (tmp_path / "plain.csv").read_bytes() == (tmp_path / "shown.csv").read_bytes()


def test_pipeline_writes_the_same_files_with_a_bar_drawn(tmp_path, drawn_bars):
    args = ["pipeline", "automatic", "--firms", "300", "--seed", "2", "--no-plots"]
    progress_module.DELAY = 3600.0
    without = run_cli(pipeline_app, args + ["--out", str(tmp_path / "plain")])
    progress_module.DELAY = 0.0
    with_bar = run_cli(pipeline_app, args + ["--out", str(tmp_path / "shown")])
    assert without.replace("plain", "shown") == with_bar
    assert files(tmp_path / "plain") == files(tmp_path / "shown")
    assert "━" in drawn_bars.getvalue()
