"""Choosing and replacing output locations (CONTRACT.md): never overwrite by surprise.

The output discipline of every command (issue 14):

- outputs go only under the folder asked for; a name taken from user text (a scenario's
  ``name:``, a swept key) is reduced to one safe file name (:func:`safe_name`);
- a default folder ``outputs/<name>/`` is claimed atomically (``mkdir``), and the finished
  folder is moved onto an empty claimed folder or a name that does not exist, never onto
  another run's results: the second of two runs racing for the same ``--out`` fails with
  exit 2, for the same default folder takes the next name (:func:`write_folder`);
- ``--force`` replaces a folder only when it holds fundsim's results or record files and is
  neither the current folder, nor one holding it, nor one holding an input of the run
  (:func:`out_problems`);
- staging folders and files are named ``.<name>.tmp-<pid>@<host>-…``: cleaned on failure,
  Ctrl-C and SIGTERM, and a killed run's (dead pid, this host) are removed by the next run
  (:func:`clean_stale`), as is the empty folder it had claimed;
- a folder or file that cannot be written (disk full, read-only) is an InputError naming it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from fundsim.base.errors import InputError, Problem

#: Files that mark a folder as fundsim's outputs: ``--force`` replaces only such a folder.
RECORD_FILES = ("results.nc", "sweep.nc", "compare.nc", "frontier.nc", "pipeline.nc",
                "summary.yaml", "summary.csv", "report.html", "report.en.html")

#: The longest safe name (file systems allow 255 bytes; room for "-N" and the staging tail).
MAX_NAME = 120

#: An empty claimed folder with no staging beside it is a killed run's after this many seconds.
STALE_CLAIM_SECONDS = 10.0

_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]
_STAGED = re.compile(r"^\.(?P<name>.+)\.(?:tmp|old)-(?P<pid>\d+)@(?P<host>[0-9a-f]{8})-")

#: Folders ``--force`` may replace, approved by :func:`out_problems` (resolved paths).
_approved: set[Path] = set()
#: Inputs of this run (files named on the command line), noted by the CLI: ``--force`` never
#: replaces a folder holding one.
_inputs: list[Path] = []


def safe_name(text: str, fallback: str = "output") -> str:
    """``text`` as one file name: every run of characters other than letters, digits, ``.``,
    ``_`` and ``-``, and every ``..``, becomes one ``-`` (Chinese letters stay; ``/``, ``..``
    and a leading ``.`` cannot survive); at most :data:`MAX_NAME` characters; ``fallback``
    when nothing is left."""
    name = re.sub(r"-*(?:[^\w.-]|\.{2,})(?:[^\w.-]|\.{2,}|-)*", "-", str(text))
    name = name.strip("-.")[:MAX_NAME].strip("-.")
    return name or fallback


def staging_prefix(name: str) -> str:
    """The start of the name of a staging folder or file for ``name``: it carries this
    process's id and host, so that the next run can tell a killed run's debris."""
    return f".{name}.tmp-{os.getpid()}@{_HOST}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _stale(entry: str) -> bool:
    """Whether ``entry`` is staging (or a replaced folder's backup) of a dead run here."""
    match = _STAGED.match(entry)
    return bool(match and match["host"] == _HOST and int(match["pid"]) != os.getpid()
                and not _alive(int(match["pid"])))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


#: Folders whose killed run's staging :func:`clean_stale` removed (resolved paths).
_cleaned: set[Path] = set()


def clean_stale(folder: Path) -> None:
    """Remove from ``folder`` the staging a killed run left (its process gone, this host)."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in list(entries):
            match = _STAGED.match(entry.name)
            if match and _stale(entry.name):
                _cleaned.add(_resolved(folder / match["name"]))
                _remove(Path(entry.path))


def _live_staging(folder: Path) -> bool:
    """Whether a running process (other than this one) is staging ``folder``'s outputs."""
    prefix = f".{folder.name}.tmp-"
    with contextlib.suppress(OSError), os.scandir(folder.parent) as entries:
        for entry in entries:
            match = _STAGED.match(entry.name)
            if (entry.name.startswith(prefix) and match and match["name"] == folder.name
                    and (match["host"] != _HOST or _alive(int(match["pid"])))):
                return True
    return False


def _abandoned(folder: Path) -> bool:
    """An empty folder claimed by a run that was killed: no live staging beside it, and
    either a dead run's staging of it was just removed or it was claimed long enough ago that
    its run would have started writing."""
    try:
        empty = folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir())
        old = time.time() - folder.stat().st_mtime > STALE_CLAIM_SECONDS
    except OSError:
        return False
    return (empty and not _live_staging(folder)
            and (old or _resolved(folder) in _cleaned))


def claim_default_folder(name: str, root: Path = Path("outputs")) -> Path:
    """Create and return ``outputs/<name>/``, or ``outputs/<name>-2/`` … when that exists.

    Creating the folder claims it atomically, so two runs started together never pick the same
    one; the finished results then replace the empty claimed folder. ``name`` is made safe
    first (:func:`safe_name`). An empty folder a killed run had claimed is taken again, and
    the killed run's staging removed.
    """
    name = safe_name(name)
    root.mkdir(parents=True, exist_ok=True)
    clean_stale(root)
    candidate, suffix = root / name, 2
    while True:
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            if _abandoned(candidate):
                os.utime(candidate)  # claimed afresh
                return candidate
            candidate = root / f"{name}-{suffix}"
            suffix += 1


def release(folder: Path) -> None:
    """Remove a claimed folder that a failed run left empty."""
    with contextlib.suppress(OSError):
        folder.rmdir()


def publish_mode(path: Path, directory: bool) -> None:
    """Give a finished output the permissions an ordinary file or folder gets (umask applied).

    Temporary files and folders are created private (0600 / 0700); outputs are for sharing.
    """
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, (0o777 if directory else 0o666) & ~mask)


def note_inputs(paths: Iterable[str | Path]) -> None:
    """Record the files this run reads, in place of those recorded before (the CLI notes every
    existing path on its command line): ``--force`` never replaces a folder holding one."""
    noted = []
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            if Path(path).exists():
                noted.append(Path(path).resolve())
    _inputs[:] = noted


def input_problems(path: Path | None, force: bool, inputs: Iterable[str | Path]
                   ) -> list[Problem]:
    """The ``--out`` problem when the folder ``--force`` would replace holds one of ``inputs``
    (the files a scenario names, known only once it is read); they are noted for
    :func:`deliver`'s last check too."""
    noted = []
    for source in inputs:
        with contextlib.suppress(OSError, ValueError):
            noted.append(Path(source).resolve())
    _inputs.extend(noted)
    if path is None or not force or not path.is_dir() or path.is_symlink():
        return []
    folder = path.resolve()
    for source in noted:
        if _inside(source, folder):
            return [Problem(str(path), "", "--out",
                            f"holds {source.name}, an input of this run; --force never "
                            "replaces it: choose another --out")]
    return []


def is_fundsim_folder(folder: Path) -> bool:
    """Whether ``folder`` holds fundsim's outputs: one of :data:`RECORD_FILES` (``--force``
    replaces such a folder, or an empty one)."""
    return any((folder / name).is_file() for name in RECORD_FILES)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def force_problem(path: Path, inputs: Iterable[str | Path] = ()) -> str | None:
    """Why ``--force`` may not replace the existing ``path`` (None: it may)."""
    if path.is_symlink() or not path.is_dir():
        return ("is not a folder fundsim wrote; --force replaces only a folder holding "
                "fundsim's results")
    folder, here = path.resolve(), Path.cwd().resolve()
    if _inside(here, folder):
        what = "the current folder" if folder == here else "a folder holding the current folder"
        return f"is {what}; --force never replaces it: choose another --out"
    for source in [*(Path(p).resolve() for p in inputs), *_inputs]:
        if _inside(source, folder):
            return (f"holds {source.name}, an input of this run; --force never replaces it: "
                    "choose another --out")
    if not is_fundsim_folder(path) and any(path.iterdir()):
        return ("holds no fundsim results (" + ", ".join(RECORD_FILES[:4]) + ", …); --force "
                "replaces only a folder fundsim wrote")
    return None


def out_problems(path: Path | None, force: bool, inputs: Iterable[str | Path] = ()
                 ) -> list[Problem]:
    """Why an explicit ``--out`` cannot be used: it exists and ``force`` was not given, or
    ``force`` may not replace it (:func:`force_problem`). A folder it may replace is approved
    for :func:`deliver`."""
    if path is None or not (path.exists() or path.is_symlink()):
        return []
    if not force:
        return [Problem(str(path), "", "--out",
                        "already exists; choose another folder or pass --force")]
    problem = force_problem(path, inputs)
    if problem is not None:
        return [Problem(str(path), "", "--out", problem)]
    _approved.add(path.resolve())
    return []


def explicit_target(path: Path, force: bool, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse an existing ``--out`` unless ``force`` (and then only one it may replace)."""
    problems = out_problems(path, force, inputs)
    if problems:
        raise InputError(problems)


def file_problems(path: Path | None, force: bool, suffixes: tuple[str, ...],
                  inputs: Iterable[str | Path] = (), field: str = "--out") -> list[Problem]:
    """Why a file output (``plot --out``, ``report``, a roster template) cannot be written:
    not one of ``suffixes``; it exists and ``force`` was not given; or ``force`` may not
    replace it (a folder, or an input of the run)."""
    if path is None:
        return []
    if path.suffix.lower() not in suffixes:
        return [Problem(str(path), "", field, f"must end in {' or '.join(suffixes)}")]
    if not (path.exists() or path.is_symlink()):
        return []
    if not force:
        return [Problem(str(path), "", field, "already exists; pass --force")]
    if path.is_symlink() or not path.is_file():
        return [Problem(str(path), "", field, "is not a file; --force replaces only a file")]
    resolved = path.resolve()
    if any(Path(p).resolve() == resolved for p in inputs) or resolved in _inputs:
        return [Problem(str(path), "", field, "is an input of this run; --force never "
                        "replaces it")]
    return []


def cannot_write(target: Path, exc: OSError, what: str = "", field: str = "--out"
                 ) -> InputError:
    """The InputError of an output that could not be written (a full disk, a read-only
    folder): the file or folder and the system's reason, in one line."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else "") or str(exc)
    where = Path(exc.filename).name if exc.filename else ""
    detail = f"{reason} ({where})" if where and where != target.name else reason
    return InputError([Problem(str(target), "", field,
                               f"cannot write{' ' + what if what else ''}: {detail}")])


@contextlib.contextmanager
def writing(target: Path, what: str = "", field: str = "--out") -> Iterator[None]:
    """Turn an OSError while writing ``target`` into :func:`cannot_write`'s InputError."""
    try:
        yield
    except OSError as exc:
        raise cannot_write(target, exc, what, field) from None


def replace_folder(new: Path, target: Path) -> None:
    """Move the finished folder ``new`` onto ``target``, replacing it (used with --force)."""
    backup = None
    if target.exists() or target.is_symlink():
        backup = target.with_name(f".{target.name}.old-{os.getpid()}@{_HOST}-")
        os.replace(target, backup)
    os.replace(new, target)
    if backup is not None:
        _remove(backup)


def _move_in(new: Path, target: Path) -> None:
    """Move the finished folder ``new`` onto ``target`` only if that does not exist or is an
    empty folder (rename(2) replaces nothing else): never onto another run's results."""
    try:
        os.rename(new, target)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise FileExistsError(exc.errno, "already exists (written meanwhile by another "
                                  "run?); nothing was replaced", str(target)) from None
        raise


def write_file(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write one file through a temporary name in the same folder, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=staging_prefix(target.name), suffix=".part",
                                dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        publish_mode(Path(temp), directory=False)
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        if exc.filename is None:  # a failed write names no file: name the one written
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return target


def write_folder(folder: Path, fill: Callable[[Path], object], replace: bool = True,
                 on_taken: Callable[[], Path] | None = None) -> Path:
    """Fill a temporary folder beside ``folder``, then move it into place in one rename;
    return where it went.

    ``folder`` must not exist, be an empty folder claimed for this run, or (with ``replace``,
    as ``--force`` approved) be replaced. Without ``replace`` a folder that is no longer empty
    (another run's) is never replaced: the results go to ``on_taken()`` (the next free name),
    or FileExistsError. An interrupted or failed write leaves nothing half-written, and a
    killed run's staging beside ``folder`` is removed first.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(folder.parent)
    temp = Path(tempfile.mkdtemp(prefix=staging_prefix(folder.name), dir=folder.parent))
    try:
        fill(temp)
        publish_mode(temp, directory=True)
        if replace and (folder.exists() or folder.is_symlink()) and not (
                folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir())):
            replace_folder(temp, folder)
        else:
            try:
                _move_in(temp, folder)
            except FileExistsError:
                if on_taken is None:
                    raise
                folder = on_taken()
                _move_in(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return folder


def deliver(name: str, out_dir: Path | None, fill: Callable[[Path], object],
            force: bool | None = None) -> Path:
    """Write a command's outputs where CONTRACT.md says: ``--out``, or ``outputs/<name>[-N]/``
    (``name`` made safe).

    Check an explicit ``--out`` with :func:`out_problems` (or :func:`explicit_target`) before
    the work starts: an existing one is replaced only when that approved it for ``--force``
    (or ``force`` is True); otherwise a folder that appeared meanwhile is never replaced
    (exit 2). A default folder taken meanwhile gives way to the next free name. A folder
    that cannot be written is the user's to fix: an InputError, not a traceback.
    """
    if out_dir is not None:
        approved = _resolved(out_dir) in _approved
        _approved.discard(_resolved(out_dir))  # one approval, one delivery
        replace = bool(force) if force is not None else approved
        if replace and (out_dir.exists() or out_dir.is_symlink()):
            problem = force_problem(out_dir)
            if problem is not None:
                raise InputError([Problem(str(out_dir), "", "--out", problem)])
        try:
            return write_folder(out_dir, fill, replace=replace)
        except OSError as exc:
            raise cannot_write(out_dir, exc, "the results") from None
    target = claim_default_folder(name)
    taken: list[Path] = []

    def next_free() -> Path:  # another run took the claimed folder meanwhile
        taken.append(claim_default_folder(target.name, target.parent))
        return taken[-1]

    try:
        return write_folder(target, fill, replace=False, on_taken=next_free)
    except OSError as exc:
        for folder in (target, *taken):
            release(folder)
        raise cannot_write(target, exc, "the results") from None
    except BaseException:
        for folder in (target, *taken):
            release(folder)
        raise


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
