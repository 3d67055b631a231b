"""Choosing and replacing output locations (CONTRACT.md): never overwrite by surprise."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from fundsim.base.errors import InputError, Problem


def claim_default_folder(name: str, root: Path = Path("outputs")) -> Path:
    """Create and return ``outputs/<name>/``, or ``outputs/<name>-2/`` … when that exists.

    Creating the folder claims it atomically, so two runs started together never pick the same
    one; the finished results then replace the empty claimed folder.
    """
    root.mkdir(parents=True, exist_ok=True)
    candidate, suffix = root / name, 2
    while True:
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
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


def out_problems(path: Path | None, force: bool) -> list[Problem]:
    """Why an explicit ``--out`` cannot be used: it exists and ``force`` was not given."""
    if path is not None and path.exists() and not force:
        return [Problem(str(path), "", "--out",
                        "already exists; choose another folder or pass --force")]
    return []


def explicit_target(path: Path, force: bool) -> None:
    """Refuse an existing ``--out`` unless ``force``."""
    problems = out_problems(path, force)
    if problems:
        raise InputError(problems)


def replace_folder(new: Path, target: Path) -> None:
    """Move the finished folder ``new`` onto ``target``, replacing it (used with --force)."""
    backup = None
    if target.exists():
        backup = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, backup)
    os.replace(new, target)
    if backup is not None:
        if backup.is_dir():
            shutil.rmtree(backup, ignore_errors=True)
        else:
            backup.unlink(missing_ok=True)


def write_file(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write one file through a temporary name in the same folder, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        publish_mode(Path(temp), directory=False)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return target


def write_folder(folder: Path, fill: Callable[[Path], object]) -> Path:
    """Fill a temporary folder beside ``folder``, then move it into place in one rename.

    ``folder`` must not exist, be an empty folder claimed for this run, or (with ``--force``)
    be replaced. An interrupted or failed write leaves nothing half-written.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    try:
        fill(temp)
        publish_mode(temp, directory=True)
        if folder.is_dir() and not any(folder.iterdir()):
            os.replace(temp, folder)
        else:
            replace_folder(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return folder


def deliver(name: str, out_dir: Path | None, fill: Callable[[Path], object]) -> Path:
    """Write a command's outputs where CONTRACT.md says: ``--out``, or ``outputs/<name>[-N]/``.

    Check an explicit ``--out`` with :func:`explicit_target` before the work starts. A folder
    that cannot be written is the user's to fix: an InputError, not a traceback.
    """
    target = out_dir if out_dir is not None else claim_default_folder(name)
    try:
        return write_folder(target, fill)
    except OSError as exc:
        if out_dir is None:
            release(target)
        detail = f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
        raise InputError([Problem(str(target), "", "--out",
                                  f"cannot write the results: {detail}")]) from None
    except BaseException:
        if out_dir is None:
            release(target)
        raise
