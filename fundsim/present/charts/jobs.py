"""Work done side by side in forked processes: drawing charts, writing results.nc, the report.

Matplotlib and fontTools hold the GIL, so threads would not run them side by side; a forked
child starts at once with everything already imported and the run's Dataset in memory (no
pickling of the task), does one job and hands its result back through a temporary file.
At most :data:`WORKERS` children run at a time; where ``fork`` is not available (Windows,
macOS), with one CPU or inside a child, jobs run one after the other in the calling process,
with the same results.

    with Jobs() as jobs:
        svg = jobs.submit(lambda: draw(...))
        ...
        svg.result()   # the job's return value, or its exception raised here
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import tempfile
import traceback
import warnings
from collections import deque
from collections.abc import Callable
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")

#: Children at most at a time. A run has about six jobs: all start at once and the kernel
#: shares the CPUs among them, so that no CPU waits for this process to start the next job.
#: With one CPU the jobs run one after the other in this process (0).
WORKERS = 8 if (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1) > 1 else 0

_in_child = False


def can_fork() -> bool:
    """Whether jobs run in forked children here: on Linux, not inside a job's child, and not in
    a daemonic process (a pool's worker, which may not have children)."""
    return (sys.platform.startswith("linux") and not _in_child
            and not multiprocessing.current_process().daemon
            and "fork" in multiprocessing.get_all_start_methods())


class Job(Generic[T]):
    """One submitted job: :meth:`result` waits for it."""

    def __init__(self, jobs: Jobs, fn: Callable[[], T]):
        self._jobs = jobs
        self._fn: Callable[[], T] | None = fn
        self._process: Any = None
        self._file: IO[bytes] | None = None
        self._done = False
        self._value: Any = None
        self._error: BaseException | None = None

    # ---- run here -------------------------------------------------------------------------
    def _run_inline(self) -> None:
        assert self._fn is not None
        try:
            self._value = self._fn()
        except Exception as exc:  # raised again by result(), like a child's
            self._error = exc
        self._fn, self._done = None, True

    # ---- run in a child -------------------------------------------------------------------
    def _start(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._process = multiprocessing.get_context("fork").Process(
            target=_child, args=(self._fn, self._file, os.getpid()), daemon=True)
        # the objects alive now are left out of the child's garbage collections, which would
        # otherwise touch, and so copy, every page of the parent's memory
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        self._fn = None

    def _collect(self) -> None:
        """Read the result of a child that has ended."""
        assert self._process is not None and self._file is not None
        self._process.join()
        code = self._process.exitcode
        self._file.seek(0)
        data = self._file.read()
        self._file.close()
        self._process.close()
        self._process, self._file, self._done = None, None, True
        if not data:
            self._error = RuntimeError(f"a forked job ended with exit code {code} "
                                       "and no result")
            return
        try:
            ok, payload, raised = pickle.loads(data)
        except Exception as exc:  # an exception type that does not unpickle
            ok, payload, raised = False, RuntimeError(f"a forked job failed: {exc}"), []
        for message, category, filename, lineno in raised:
            warnings.warn_explicit(message, category, filename, lineno)
        if ok:
            self._value = payload
        else:
            self._error = payload

    def _stop(self) -> None:
        if self._process is not None:
            with contextlib.suppress(AttributeError, ValueError):  # interrupted as it started
                self._process.kill()
                self._process.join()
                self._process.close()
            self._process = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if not self._done:
            self._error = RuntimeError("cancelled")
        self._fn, self._done = None, True

    @property
    def sentinel(self) -> int:
        return self._process.sentinel

    def done(self) -> bool:
        return self._done

    def result(self) -> T:
        """The job's value; the job's exception is raised here."""
        while not self._done:
            self._jobs._wait(self)
        if self._error is not None:
            raise self._error
        return self._value


def _die_with_parent(parent: int) -> None:
    """Have Linux kill this child when its parent dies (kill -9 of the run): a child left
    running would go on writing into a staging folder the next run removes."""
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that
        os._exit(1)


def _child(fn: Callable[[], Any], out: IO[bytes], parent: int) -> None:
    """In the forked child: run ``fn`` and pickle (True, value) or (False, exception)."""
    global _in_child
    _in_child = True
    _die_with_parent(parent)
    gc.disable()  # a short life: its garbage goes with it
    with warnings.catch_warnings(record=True) as caught:
        try:
            payload: tuple[bool, Any] = (True, fn())
        except BaseException as exc:  # every failure goes back to the parent
            exc.add_note("in a forked job:\n" + "".join(traceback.format_tb(exc.__traceback__)))
            payload = (False, exc)
    # the warnings go back too, to be issued again in the parent
    raised = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
    try:
        data = pickle.dumps((*payload, raised), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable value or exception: its traceback as text
        text = "".join(traceback.format_exception(payload[1])) if not payload[0] else ""
        data = pickle.dumps((False, RuntimeError(text or "a job's result cannot be pickled"),
                             []))
    out.write(data)
    out.flush()


class Jobs:
    """Run callables in forked children, at most ``workers`` at a time (default
    :data:`WORKERS`; 0 runs every job in this process as it is submitted)."""

    def __init__(self, workers: int | None = None):
        self.workers = (WORKERS if workers is None else workers) if can_fork() else 0
        self._running: list[Job[Any]] = []
        self._queued: deque[Job[Any]] = deque()

    def submit(self, fn: Callable[[], T]) -> Job[T]:
        """Start ``fn`` (a closure: nothing is pickled) now, or when a child is free."""
        job = Job(self, fn)
        if self.workers <= 0:
            job._run_inline()
        elif len(self._running) < self.workers:
            self._running.append(job)  # first: an interrupt while it starts still stops it
            job._start()
        else:
            self._queued.append(job)
        return job

    def poll(self) -> None:
        """Collect the children that have ended and start queued jobs in their place."""
        self._reap(0)

    def _reap(self, timeout: float | None) -> None:
        if not self._running:
            return
        ready = set(multiprocessing.connection.wait([j.sentinel for j in self._running],
                                                    timeout))
        for job in [j for j in self._running if j.sentinel in ready]:
            self._running.remove(job)
            job._collect()
        while self._queued and len(self._running) < self.workers:
            job = self._queued.popleft()
            self._running.append(job)
            job._start()

    def _wait(self, job: Job[Any]) -> None:
        if job in self._queued and not self._running:  # pragma: no cover - cannot happen
            self._queued.remove(job)
            job._run_inline()
            return
        self._reap(None)

    def close(self) -> None:
        """Wait for every job (a failed one's exception is kept for its :meth:`Job.result`)."""
        while self._running or self._queued:
            self._reap(None)

    def cancel(self) -> None:
        """Stop every running child and drop the queued jobs."""
        for job in self._running:
            job._stop()
        for job in self._queued:
            job._stop()
        self._running.clear()
        self._queued.clear()

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            self.close()
        else:
            self.cancel()
