"""Bytecode for the fresh processes a benchmark times.

Python writes a module's bytecode (``__pycache__``) the first time it imports it, and reads it
from then on, unless ``PYTHONDONTWRITEBYTECODE`` is set, as on this project's machine: there an
edited source tree is compiled again by every fresh process (fundsim's modules: about 0.1 s).
The benchmarks write it once first, so that they time what a user's second run costs."""

from __future__ import annotations

import compileall
import os
from pathlib import Path


def compile_tree(root: Path) -> str:
    """Write the bytecode of the ``fundsim`` package under ``root``; a line saying so."""
    compileall.compile_dir(str(Path(root) / "fundsim"), quiet=1)
    unset = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return (f"bytecode of {Path(root) / 'fundsim'} written first (PYTHONDONTWRITEBYTECODE is "
            f"{unset} here)")
