"""The report's font, embedded: a subset of Noto Sans CJK SC holding exactly the characters the
page uses, as a WOFF data URI in an ``@font-face`` rule.

Chinese text then renders the same on any machine, including one without Chinese fonts (a
forwarded report, a CI machine), and the page still makes no network request. The font comes
from the ``mplfonts`` package the plots already use (SIL Open Font License 1.1, which allows
embedding and subsetting; the subset keeps the font's copyright and licence names).
"""

from __future__ import annotations

import base64
import io

from fontTools import subset

from fundsim.present.style import cjk_font_file

#: The CSS family name of the embedded subset (the stylesheet lists it first).
FAMILY = "fundsim Noto Sans SC"
# Always included, so that text added later by a browser (e.g. a print header) still renders.
_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F))


def font_face(text: str) -> str:
    """An ``@font-face`` rule embedding the glyphs of every character in ``text``."""
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; WOFF2 would need the brotli package
    # kerning only: the other features (local forms of Japanese, Korean and traditional
    # Chinese, vertical forms, ligatures, alternates) are never used by the page and would
    # double the glyphs kept, the subsetting time and the size
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(cjk_font_file()), options, lazy=True)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(set(text) | set(_ALWAYS))))
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        font.close()  # a lazily loaded font keeps its file open until closed
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
