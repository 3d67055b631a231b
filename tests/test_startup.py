"""Start-up (issue 12): the command line imports only what a command uses, when it uses it.

Each test runs a fresh interpreter, since this test session has long imported everything.
Speed itself is measured by benchmarks/bench_startup.py, not asserted here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("matplotlib", "xarray", "scipy", "pandas")


def heavy_after(statement: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after ``statement`` in a fresh interpreter."""
    code = (f"{statement}; import json, sys; "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def fundsim_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m``."""
    script = shutil.which("fundsim", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "fundsim.cli.app"]


def test_importing_the_cli_imports_no_heavy_library():
    assert heavy_after("import fundsim.cli.app") == []


def test_importing_the_package_imports_no_heavy_library():
    assert heavy_after("import fundsim") == []


def test_the_notebook_api_still_loads_on_use():
    code = ("import fundsim; assert 'simulate' in dir(fundsim); "
            "assert callable(fundsim.simulate) and callable(fundsim.load_scenario); "
            "from fundsim import InputError, __version__, simulate; "
            "assert simulate is fundsim.simulate and isinstance(__version__, str); "
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_dir_lists_the_api_not_the_helpers():
    import fundsim

    names = dir(fundsim)
    assert {"simulate", "load_scenario", "InputError", "__version__", "run"} <= set(names)
    assert "importlib" not in names and "_LAZY" not in names


def test_unknown_attribute_is_an_attribute_error():
    import fundsim

    with pytest.raises(AttributeError, match="no_such_name"):
        fundsim.no_such_name  # noqa: B018


COMMANDS = ("run", "sweep", "compare", "frontier", "params", "check", "plot", "report",
            "validate", "scenarios", "pipeline", "roster")


@pytest.mark.parametrize(("args", "expected"), [
    (["--help"], COMMANDS),
    (["run", "--help"], ("--paths", "--seed", "--out", "--set", "--scheduler")),
    (["sweep", "--help"], ("--set", "--paths", "--out")),
    (["roster", "run", "--help"], ("--scenario", "--year", "--out")),
])
def test_help_exits_zero_and_lists_the_commands(args, expected):
    done = subprocess.run(fundsim_command() + args, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    for word in expected:
        assert word in done.stdout, (word, done.stdout)
