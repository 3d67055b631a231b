"""Figure plumbing shared by the chart modules: the Chinese font context and safe PNG writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from fundsim.outputs import publish_mode

DPI = 120


@contextlib.contextmanager
def chart_context() -> Iterator[None]:
    """Matplotlib settings for one figure: Noto Sans CJK SC, plain minus signs; global state
    is left untouched."""
    from fundsim.plots import use_cjk_font

    family = use_cjk_font()
    with matplotlib.rc_context({"font.family": [family, "sans-serif"],
                                "font.sans-serif": [family, "DejaVu Sans"],
                                "axes.unicode_minus": False,
                                "axes.grid": True, "grid.alpha": 0.3}):
        yield


def save_png(fig: Figure, out: Path) -> Path:
    """Write ``fig`` to ``out`` through a temporary file in the same folder."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".png.tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fig.savefig(handle, format="png", dpi=DPI)
        publish_mode(Path(name), directory=False)
        os.replace(name, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
    return out


def money_scale(*arrays) -> tuple[float, str]:
    """Divide by the returned factor to show yuan as 万元 or 亿元, whichever reads better."""
    import numpy as np

    peak = max((float(np.nanmax(np.abs(a))) for a in arrays if np.size(a)), default=0.0)
    return (1e8, "亿元") if peak >= 1e8 else (1e4, "万元")
