"""The report's font, embedded: a subset of Noto Sans CJK SC holding exactly the characters the
page uses, as a WOFF data URI in an ``@font-face`` rule.

Chinese text then renders the same on any machine, including one without Chinese fonts (a
forwarded report, a CI machine), and the page still makes no network request. The font comes
from the ``mplfonts`` package the plots already use (SIL Open Font License 1.1, which allows
embedding and subsetting; the subset keeps the font's copyright and licence names).

Cutting the subset out of the 16 MB font takes about a second, so each subset is kept in a
cache folder (:func:`cache_folder`) under the characters it holds: the pages of a province
use the same characters run after run, and the next report with them takes its font from
there, the same bytes. The first report with new characters says that it takes longer.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

from fundsim.present.style import cjk_font_file

#: The CSS family name of the embedded subset (the stylesheet lists it first).
FAMILY = "fundsim Noto Sans SC"
# Always included, so that text added later by a browser (e.g. a print header) still renders.
_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F))
#: Subsets kept in the cache folder at most; the least recently made go first.
CACHE_FILES = 64
# Changes whenever the subsetting options below change, so that older subsets are not reused.
_OPTIONS_VERSION = "woff-kern-allnames-notdef-1"

_log = logging.getLogger(__name__)


def font_face(text: str) -> str:
    """An ``@font-face`` rule embedding the glyphs of every character in ``text``."""
    data = base64.b64encode(font_subset("".join(sorted(set(text) | set(_ALWAYS))))
                            ).decode("ascii")
    return (f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}')


def font_subset(chars: str) -> bytes:
    """The WOFF subset of the font holding the glyphs of ``chars``: from the cache folder when
    it holds it, else made (and kept there when the folder can be written)."""
    font = cjk_font_file()
    folder = cache_folder()
    path = None if folder is None else folder / f"{_cache_key(font, chars)}.woff"
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    _log.warning("fundsim: the report uses characters its font cache has not seen: cutting "
                 "its font out of Noto Sans CJK SC (about a second, once; kept in %s)",
                 folder if folder is not None else "no folder, FUNDSIM_CACHE_DIR is empty")
    data = _make_subset(font, chars)
    if path is not None:
        _keep(path, data)
    return data


def cache_folder() -> Path | None:
    """Where font subsets are kept: ``$FUNDSIM_CACHE_DIR/fonts``, else
    ``$XDG_CACHE_HOME/fundsim/fonts``, else ``~/.cache/fundsim/fonts``; None when
    ``FUNDSIM_CACHE_DIR`` is set empty (no cache)."""
    root = os.environ.get("FUNDSIM_CACHE_DIR")
    if root is not None:
        return Path(root) / "fonts" if root else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fundsim" / "fonts"


def _cache_key(font: Path, chars: str) -> str:
    """A name for the subset of ``chars`` cut from ``font`` by this fontTools with these
    options: a new font file, fontTools or option set never reuses an older subset."""
    import fontTools

    stat = font.stat()
    source = "\n".join([font.name, str(stat.st_size), str(stat.st_mtime_ns),
                        fontTools.version, _OPTIONS_VERSION, chars])
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _make_subset(font_file: Path, chars: str) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; WOFF2 would need the brotli package
    # kerning only: the other features (local forms of Japanese, Korean and traditional
    # Chinese, vertical forms, ligatures, alternates) are never used by the page and would
    # double the glyphs kept, the subsetting time and the size
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(font_file), options, lazy=True)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        font.close()  # a lazily loaded font keeps its file open until closed
    return buffer.getvalue()


def _keep(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole (a temporary file, then renamed) and drop the oldest
    subsets beyond :data:`CACHE_FILES`; a folder that cannot be written is left alone."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        kept = sorted(path.parent.glob("*.woff"), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-CACHE_FILES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
