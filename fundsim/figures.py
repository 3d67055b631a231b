"""Figure plumbing shared by every chart module: fundsim's style with the Chinese font, and
safe PNG writing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

from fundsim.outputs import write_file

DPI = 120


@contextlib.contextmanager
def chart_context() -> Iterator[None]:
    """fundsim's Matplotlib style (colour-blind-safe palette) with Noto Sans CJK SC and plain
    minus signs, for the figures drawn inside; global state is left untouched."""
    from fundsim.plots import style_file, use_cjk_font

    family = use_cjk_font()
    with matplotlib.style.context(str(style_file())), matplotlib.rc_context(
            {"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"],
             "axes.unicode_minus": False}):
        yield


def save_png(fig: Figure, out: Path, dpi: int = DPI) -> Path:
    """Write ``fig`` to ``out`` as PNG, atomically."""
    return write_file(Path(out), lambda handle: fig.savefig(handle, format="png", dpi=dpi))


def money_scale(*arrays) -> tuple[float, str]:
    """Divide by the returned factor to show yuan as 万元 or 亿元 (the report's rule)."""
    import numpy as np

    from fundsim.report.numbers import money_unit

    unit = money_unit(np.concatenate([np.ravel(a) for a in arrays]), "zh")
    return unit.scale, unit.label
