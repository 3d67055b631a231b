"""fundsim: simulate China's unemployment-insurance funds region by region, month by month.

The package is layered; each layer imports only from the layers below it (README,
"Architecture"): ``base`` · ``law`` · ``inputs`` · ``model`` · ``run`` · ``roster`` /
``pipeline`` / ``validation`` · ``present`` · ``cli``. The names here are the notebook API.

They are loaded on first use (module ``__getattr__``), so ``import fundsim`` — and with it
``fundsim --help`` — does not import numpy, pandas, xarray, scipy or matplotlib;
``fundsim.simulate(...)`` imports what it needs when called, ``fundsim.tables`` (the CSV files'
tables as DataFrames) and ``fundsim.plots`` (fundsim's charts as Figures, and the Chinese font
for one's own) when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fundsim.base.errors import InputError

if TYPE_CHECKING:
    from fundsim import plots, tables
    from fundsim.base.version import __version__
    from fundsim.inputs.scenario import load_scenario
    from fundsim.run.compare import compare
    from fundsim.run.simulation import simulate
    from fundsim.run.sweep import sweep
    from fundsim.run.track import track

# public name -> the module that defines it, imported when the name is first asked for
_LAZY = {
    "__version__": "fundsim.base.version",
    "load_scenario": "fundsim.inputs.scenario",
    "simulate": "fundsim.run.simulation",
    "sweep": "fundsim.run.sweep",
    "compare": "fundsim.run.compare",
    "track": "fundsim.run.track",
}
# public modules of the notebook API, imported on first use like the names above
_MODULES = ("tables", "plots")

# the layers, also importable on first attribute access (``fundsim.run.tables`` after
# ``import fundsim.run.tables`` as ever; ``fundsim.run`` itself after a plain ``import fundsim``)
_SUBPACKAGES = ("base", "law", "inputs", "model", "run", "roster", "pipeline", "validation",
                "present", "cli")

__all__ = ["InputError", "compare", "load_scenario", "plots", "simulate", "sweep", "tables",
           "track", "__version__"]


def __getattr__(name: str) -> Any:
    """Import a lazy public name (or a layer) on first use and keep it as a module global."""
    if name in _SUBPACKAGES or name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and the layers (loaded or not), not this module's helpers."""
    dunders = {name for name in globals() if name.startswith("__")}
    return sorted(set(__all__) | set(_SUBPACKAGES) | dunders)
