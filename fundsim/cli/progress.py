"""Progress bars with the time left, on stderr, for commands that take a while (issue 12).

A bar appears only once its work has taken :data:`DELAY` seconds (a bar flashing by for a
0.1 s job is noise) and vanishes when the work ends (``transient``); nothing is drawn when
stderr is not a terminal, so piped output, CSV/NetCDF files and tests never see one. The
library reports progress through a callback ``progress(done, total)``; ``Bar.update`` is one.
``rich.progress`` is imported when a bar is made, never when the command line is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

#: Seconds of work before a bar is drawn.
DELAY = 1.0

Callback = Callable[[int, int], None]


def _console() -> Any:
    """stderr's console (tests replace this to draw on a terminal of their own)."""
    from fundsim.cli.console import err

    return err


class Bar:
    """A transient rich bar on stderr, shown after :data:`DELAY` seconds; use it with ``with``.

    ``update(done, total)`` moves it (``total`` 0 or None: a pulsing bar, no time left yet);
    ``callback(label)`` gives an update function that first relabels the bar, restarting its
    count when the label changes, for work done in stages (reading, deciding, writing).
    ``counts=True`` shows "done/total", else a percentage.
    """

    def __init__(self, label: str, counts: bool = False):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        console = _console()
        self.shown = False
        self._live = console.is_terminal
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._label = label
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn() if counts else TaskProgressColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
        self._task = self.progress.add_task(label, total=None)

    def __enter__(self) -> Bar:
        if self._live and DELAY <= 0:
            self._show()
        elif self._live:
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._live = False
            if self.shown:
                self.progress.stop()

    def _show(self) -> None:
        with self._lock:
            if self._live and not self.shown:
                self.progress.start()
                self.shown = True

    def update(self, done: int, total: int | None) -> None:
        """Set the bar to ``done`` of ``total``."""
        self.progress.update(self._task, completed=done, total=total or None)

    def stage(self, label: str, total: int | None = None) -> None:
        """Relabel the bar and restart its count (``total`` None: not known yet)."""
        if label != self._label:
            self._label = label
            task = next(t for t in self.progress.tasks if t.id == self._task)
            task.total = total  # first (the bar may be drawn meanwhile); None: pulsing
            self.progress.reset(self._task, description=label, completed=0)

    def callback(self, label: str) -> Callback:
        """An update function for the library that shows ``label`` while it is called."""

        def update(done: int, total: int) -> None:
            self.stage(label)
            self.update(done, total)

        return update


def progress_bar(label: str) -> tuple[Bar, Callback]:
    """A bar counting ``label`` (e.g. Monte Carlo paths) and its callback ``(done, total)``."""
    bar = Bar(label, counts=True)
    return bar, bar.update
