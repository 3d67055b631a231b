"""The one chart style of fundsim: its Matplotlib style file, the Chinese font (Noto Sans CJK
SC from ``mplfonts``, SIL Open Font License) and safe PNG writing, shared by every chart."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import matplotlib
import matplotlib.style
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure

from fundsim.base.delivery import write_file
from fundsim.present.numbers import money_unit

DPI = 120
#: Font file used for Chinese text (SIL OFL). ``SimHei.ttf`` in the same package is deliberately
#: never used: it is not freely licensed.
_CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"

_cjk_family: str | None = None


def use_cjk_font() -> str:
    """Register the Noto Sans CJK SC font from ``mplfonts`` (idempotent); return its family name.
    Changes no setting: fundsim's charts apply it inside :func:`chart_context`; for one's own
    figures :func:`fundsim.plots.use_cjk_font` also puts it in the global ``rcParams``.

    Raises:
        RuntimeError: if ``mplfonts`` or its Noto Sans CJK SC font file is not available.
    """
    global _cjk_family
    if _cjk_family is not None:
        return _cjk_family
    font_path = cjk_font_file()
    registered = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    if font_path not in registered:
        font_manager.fontManager.addfont(str(font_path))
    _cjk_family = font_manager.FontProperties(fname=str(font_path)).get_name()
    return _cjk_family


def cjk_font_file() -> Path:
    """The Noto Sans CJK SC font file shipped by ``mplfonts`` (RuntimeError when missing)."""
    try:
        font_path = Path(str(files("mplfonts") / "fonts" / _CJK_FONT_FILE))
    except ModuleNotFoundError as exc:  # pragma: no cover - dependency is declared
        raise RuntimeError(
            "fundsim needs the 'mplfonts' package for its Chinese font "
            f"({_CJK_FONT_FILE}); install it with 'pip install mplfonts'"
        ) from exc
    if not font_path.is_file():
        raise RuntimeError(
            f"Chinese font file not found: {font_path}. The 'mplfonts' package should ship "
            f"{_CJK_FONT_FILE}; reinstall mplfonts."
        )
    return font_path


def style_file() -> Path:
    """The Matplotlib style file shipped in the package."""
    return Path(str(files("fundsim.present") / "fundsim.mplstyle"))


def cjk_rc() -> dict[str, object]:
    """The rcParams that draw Chinese with Noto Sans CJK SC (registering it): the font named
    by its family, not through the generic ``sans-serif`` list, so that text created under
    them keeps the font when drawn later (a figure shown by a notebook after the context that
    built it has closed), DejaVu Sans for what it lacks, and plain minus signs."""
    family = use_cjk_font()
    return {"font.family": [family, "DejaVu Sans"],
            "font.sans-serif": [family, "DejaVu Sans"], "axes.unicode_minus": False}


@contextlib.contextmanager
def chart_context() -> Iterator[None]:
    """fundsim's Matplotlib style (colour-blind-safe palette) with Noto Sans CJK SC and plain
    minus signs, for the figures drawn inside; global state is left untouched, and the figures
    keep their font when drawn afterwards (:func:`cjk_rc`)."""
    with matplotlib.style.context(str(style_file())), matplotlib.rc_context(cjk_rc()):
        yield


def save_png(fig: Figure, out: Path, dpi: int = DPI) -> Path:
    """Write ``fig`` to ``out`` as PNG, atomically."""
    return write_file(Path(out), lambda handle: fig.savefig(handle, format="png", dpi=dpi))


def money_scale(*arrays) -> tuple[float, str]:
    """Divide by the returned factor to show yuan as 万元 or 亿元 (the report's rule)."""
    unit = money_unit(np.concatenate([np.ravel(a) for a in arrays]), "zh")
    return unit.scale, unit.label
