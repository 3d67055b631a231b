"""fundsim: simulate China's unemployment-insurance funds region by region, month by month."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fundsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from fundsim.errors import InputError  # noqa: E402
from fundsim.scenario import load_scenario  # noqa: E402
from fundsim.simulation import simulate  # noqa: E402

__all__ = ["InputError", "load_scenario", "simulate", "__version__"]
