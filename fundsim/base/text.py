"""Text files as Excel users save them: UTF-8 (with or without a BOM) or GBK/GB18030.

Excel on a Chinese Windows saves "CSV (逗号分隔)" in the system code page (GBK); "CSV UTF-8"
adds a byte-order mark. :func:`read_text` tries UTF-8 first (GBK bytes of Chinese text are
almost never valid UTF-8), then GB18030 (a superset of GBK and GB2312), and says which it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fundsim.base.errors import InputError, Problem

BOM = b"\xef\xbb\xbf"
UTF8, UTF8_BOM, GB18030 = "UTF-8", "UTF-8 with BOM", "GBK/GB18030"


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding it was read in (``UTF8``, ``UTF8_BOM`` or ``GB18030``)."""

    text: str
    encoding: str

    @property
    def note(self) -> str | None:
        """What a reader should be told about the encoding (None for plain UTF-8)."""
        if self.encoding == GB18030:
            return ("read as GBK/GB18030 text (Excel's 'CSV' on a Chinese Windows); "
                    "nothing to do, 'CSV UTF-8' reads the same")
        return None


def decode(data: bytes, file: str) -> Decoded:
    """Bytes as text: UTF-8 (BOM stripped), else GB18030; InputError naming the first bad
    byte when neither fits."""
    if data.startswith(BOM):
        encodings = [("utf-8-sig", UTF8_BOM)]
    else:
        encodings = [("utf-8", UTF8), ("gb18030", GB18030)]
    error: UnicodeDecodeError | None = None
    for codec, label in encodings:
        try:
            return Decoded(data.decode(codec), label)
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    byte = error.object[error.start]
    raise InputError([Problem(file, "", "", f"neither UTF-8 nor GBK/GB18030 text (byte "
                              f"0x{byte:02x} at position {error.start} is not UTF-8): save it "
                              "as 'CSV UTF-8', e.g. from Excel")])


def read_text(path: Path) -> Decoded:
    """A text file decoded by :func:`decode`; InputError when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(path), "", "", f"cannot read file: {exc.strerror or exc}")]
                         ) from None
    return decode(data, str(path))
