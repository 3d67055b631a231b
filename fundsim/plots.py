"""fundsim's charts for notebooks, and the Chinese font for one's own charts.

fundsim's charts come back as Matplotlib Figures drawn in its own style and Chinese font (Noto
Sans CJK SC from ``mplfonts``, SIL Open Font License), set only while each chart is built:
nothing global changes on ``import fundsim`` or after a chart, and the figure keeps its font
wherever it is shown or saved later.

>>> import fundsim
>>> ds = fundsim.simulate("default")
>>> fundsim.plots.reserve(ds)                     # months of reserve, a panel per region
>>> fundsim.plots.balance(ds, lang="en").savefig("balances.png")

One's own charts use Matplotlib's defaults, whose fonts have no Chinese; opt in explicitly:

>>> fundsim.plots.use_cjk_font()                  # from now on, for every figure
>>> ds["reserve_months"].sel(region="150800").plot()

or for some figures only: ``with matplotlib.rc_context(fundsim.plots.cjk_rc()): ...``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib

from fundsim.present.style import chart_context, cjk_rc

if TYPE_CHECKING:
    import xarray as xr
    from matplotlib.figure import Figure

__all__ = ["KINDS", "balance", "cjk_rc", "figure", "pool", "reserve", "reserve_map",
           "training", "use_cjk_font"]

#: The charts of a run, as ``fundsim run`` writes them (reserve_months.png, reserve_map.png,
#: balances.png, pool.png, training.png).
KINDS = ("reserve", "reserve_map", "balance", "pool", "training")


def use_cjk_font() -> str:
    """Draw Chinese in one's own Matplotlib figures from now on: register Noto Sans CJK SC and
    put it first in the global ``rcParams`` (:func:`cjk_rc`); return its family name.

    The one fundsim function that changes Matplotlib's global settings, and only when called.
    fundsim's own charts do not need it."""
    settings = cjk_rc()
    matplotlib.rcParams.update(settings)
    return settings["font.family"][0]  # type: ignore[index]


def figure(ds: xr.Dataset, kind: str = "reserve", lang: str = "zh") -> Figure:
    """One chart of a run (``kind``, one of :data:`KINDS`) as a Figure, text in ``lang``
    (``"zh"`` or ``"en"``); region names stay Chinese, in a font that has them."""
    from fundsim.present.charts.run import _FIGURES
    from fundsim.present.messages import messages

    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}; one of {', '.join(KINDS)}")
    messages(lang)  # an unknown language fails before any drawing
    with chart_context():
        return _FIGURES[kind](ds, lang)


def reserve(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """Months of reserve, a panel per region, with the tests' lines (reserve_months.png)."""
    return figure(ds, "reserve", lang)


def reserve_map(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """Every region's months of reserve as a heat map against the tests (reserve_map.png)."""
    return figure(ds, "reserve_map", lang)


def balance(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """Fund balance per region at month end (balances.png)."""
    return figure(ds, "balance", lang)


def pool(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """The provincial adjustment pool: its balance, transfers and fiscal subsidy (pool.png)."""
    return figure(ds, "pool", lang)


def training(ds: xr.Dataset, lang: str = "zh") -> Figure:
    """以工代训: trainees and training subsidy paid per month (training.png)."""
    return figure(ds, "training", lang)
