"""fundsim: simulate China's unemployment-insurance funds region by region, month by month.

The package is layered; each layer imports only from the layers below it (README,
"Architecture"): ``base`` · ``law`` · ``inputs`` · ``model`` · ``run`` · ``roster`` /
``pipeline`` / ``validation`` · ``present`` · ``cli``. The names here are the notebook API.
"""

from fundsim.base.errors import InputError
from fundsim.base.version import __version__
from fundsim.inputs.scenario import load_scenario
from fundsim.run.simulation import simulate

__all__ = ["InputError", "load_scenario", "simulate", "__version__"]
