"""Choosing and replacing output locations (CONTRACT.md): never overwrite by surprise."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from fundsim.errors import InputError, Problem


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


def explicit_target(path: Path, force: bool) -> None:
    """Refuse an existing ``--out`` unless ``force``."""
    if path.exists() and not force:
        raise InputError([Problem(str(path), "", "--out",
                                  "already exists; choose another folder or pass --force")])


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
