"""Unified social credit codes (统一社会信用代码, GB 32100-2015), checked vectorised.

A code has 18 characters from ``0-9`` and ``A-Z`` without I, O, Z, S, V (31 characters, worth
0–30 in that order). Positions 3–8 are the registering authority's administrative-division
code (digits). The 18th is the check character: with weights W_i = 3^(i-1) mod 31 for the first
17 positions, its value is 31 − (Σ value_i × W_i mod 31), where 31 stands for 0.

The check works on a (rows × 18) matrix of byte codes taken straight from the Arrow string
buffer: one table look-up and one matrix product for the whole column, no loop over firms.
Lower-case letters, surrounding spaces and full-width characters are accepted and normalised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
LENGTH = 18

_VALUE = np.full(256, -1, dtype=np.int16)
for _i, _c in enumerate(CHARSET):
    _VALUE[ord(_c)] = _i
    _VALUE[ord(_c.lower())] = _i
_CHARSET_BYTES = np.frombuffer(CHARSET.encode(), dtype=np.uint8)
_UPPER = np.arange(256, dtype=np.uint8)
_UPPER[ord("a"):ord("z") + 1] -= 32

OK, MISSING, LENGTH_WRONG, BAD_CHARACTER, BAD_DIVISION, BAD_CHECK = range(6)
STATUS_MESSAGES = {
    MISSING: "required value is missing",
    LENGTH_WRONG: "a unified social credit code has 18 characters",
    BAD_CHARACTER: "a character outside 0-9 and A-Z without I, O, Z, S, V",
    BAD_DIVISION: "positions 3–8 (the administrative-division code) must be digits",
    BAD_CHECK: "the check character does not match (GB 32100-2015): a mistyped character?",
}


def check_character(first17: str) -> str:
    """The check character of a code's first 17 characters (one code; for people and tests)."""
    values = [CHARSET.index(c) for c in first17.upper()]
    if len(values) != 17:
        raise ValueError("needs the first 17 characters")
    return CHARSET[(31 - int(np.dot(values, WEIGHTS)) % 31) % 31]


def check_values(values: np.ndarray) -> np.ndarray:
    """Check-character values (0–30) for a (rows × ≥17) matrix of character values."""
    total = np.zeros(len(values), dtype=np.int64)
    for j in range(17):  # over the 17 positions (memory stays one column wide)
        total += values[:, j].astype(np.int64) * WEIGHTS[j]
    return (31 - total % 31) % 31


@dataclass(frozen=True)
class Checked:
    """The result of checking a column of codes, row by row."""

    status: np.ndarray   # int8: OK or the first problem found
    codes: pa.Array      # normalised (upper case, trimmed) where readable, else as given
    key_hi: np.ndarray   # uint64: positions 1–8 in base 31 (0 where not OK)
    key_lo: np.ndarray   # uint64: positions 9–17 in base 31 (0 where not OK)
    expected_byte: np.ndarray  # uint8: the right check character's byte (0: not computed)

    def expected(self, rows: np.ndarray) -> np.ndarray:
        """The check characters that would be right, for some rows (str)."""
        return self.expected_byte[rows].view("S1").astype(str)


def _matrix(arr: pa.Array) -> np.ndarray:
    """The bytes of an all-18-byte string array as a (rows × 18) uint8 matrix."""
    fixed = pc.cast(arr.cast(pa.binary()), pa.binary(LENGTH))
    data = np.frombuffer(fixed.buffers()[1], dtype=np.uint8)
    start = fixed.offset * LENGTH
    return data[start:start + len(fixed) * LENGTH].reshape(len(fixed), LENGTH)


def _block(matrix: np.ndarray) -> tuple[np.ndarray, ...]:
    """Status, keys, right check character and lower-case flag of a block of 18-byte codes."""
    m = len(matrix)
    bad_char = np.zeros(m, dtype=bool)
    bad_division = np.zeros(m, dtype=bool)
    lower = np.zeros(m, dtype=bool)
    total = np.zeros(m, dtype=np.int64)
    hi = np.zeros(m, dtype=np.uint64)
    lo = np.zeros(m, dtype=np.uint64)
    last = np.zeros(m, dtype=np.int16)
    for j in range(LENGTH):  # over the 18 positions, one column of the block at a time
        byte = matrix[:, j]
        value = _VALUE[byte]
        bad_char |= value < 0
        lower |= (byte >= ord("a")) & (byte <= ord("z"))
        if 2 <= j < 8:
            bad_division |= (byte < ord("0")) | (byte > ord("9"))
        if j == LENGTH - 1:
            last = value
            continue
        value = np.maximum(value, 0)
        total += value * WEIGHTS[j]
        if j < 8:
            hi = hi * np.uint64(31) + value.astype(np.uint64)
        else:
            lo = lo * np.uint64(31) + value.astype(np.uint64)
    want = (31 - total % 31) % 31
    status = np.select([bad_char, bad_division, last != want],
                       [BAD_CHARACTER, BAD_DIVISION, BAD_CHECK], OK).astype(np.int8)
    expected = np.where(bad_char, 0, _CHARSET_BYTES[want]).astype(np.uint8)
    return status, hi, lo, expected, lower


def check(column: pa.Array | pa.ChunkedArray, block: int = 1 << 18) -> Checked:
    """Check every code of a column (strings; other types are cast to strings).

    The codes are taken ``block`` at a time so that the work arrays stay small.
    """
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if arr.type not in (pa.string(), pa.large_string()):
        arr = pc.cast(arr, pa.string())
    n = len(arr)
    missing = np.asarray(pc.is_null(arr).to_numpy(zero_copy_only=False), dtype=bool)
    lengths = pc.binary_length(arr).fill_null(0).to_numpy()
    odd = (lengths != LENGTH) & ~missing
    if odd.any():  # spaces, full-width characters: normalise only the rows that need it
        rows = np.flatnonzero(odd)
        fixed = pc.utf8_trim_whitespace(pc.utf8_normalize(pc.take(arr, rows), "NFKC"))
        fixed = pc.if_else(pc.equal(fixed, ""), pa.scalar(None, pa.string()), fixed)
        arr = pc.replace_with_mask(arr, pa.array(odd), fixed.cast(arr.type))
        missing = np.asarray(pc.is_null(arr).to_numpy(zero_copy_only=False), dtype=bool)
        lengths = pc.binary_length(arr).fill_null(0).to_numpy()
    status = np.full(n, OK, dtype=np.int8)
    status[missing] = MISSING
    full = lengths == LENGTH
    status[~full & ~missing] = LENGTH_WRONG
    key_hi = np.zeros(n, dtype=np.uint64)
    key_lo = np.zeros(n, dtype=np.uint64)
    expected = np.zeros(n, dtype=np.uint8)
    lower_rows = []
    whole = bool(full.all())
    for start in range(0, n, block):  # blocks of rows, each checked column by column
        stop = min(start + block, n)
        if whole:
            rows = np.arange(start, stop)
            matrix = _matrix(arr.slice(start, stop - start))
        else:
            rows = start + np.flatnonzero(full[start:stop])
            if not len(rows):
                continue
            matrix = _matrix(pc.take(arr, pa.array(rows)))
        got, hi, lo, want, lower = _block(matrix)
        status[rows] = got
        expected[rows] = want
        ok = got == OK
        key_hi[rows[ok]] = hi[ok]
        key_lo[rows[ok]] = lo[ok]
        if lower.any():
            lower_rows.append((rows[lower], _UPPER[matrix[lower]]))
    if lower_rows:  # write the normalised upper-case codes back
        rows = np.concatenate([r for r, _ in lower_rows])
        upper = np.concatenate([u for _, u in lower_rows])
        codes = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(LENGTH), len(rows), [None, pa.py_buffer(upper.tobytes())])
        codes = pc.cast(codes.cast(pa.binary()), pa.string())
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        order = np.argsort(rows, kind="stable")
        arr = pc.replace_with_mask(arr, pa.array(mask), pc.take(codes, pa.array(order))
                                   .cast(arr.type))
    return Checked(status, arr, key_hi, key_lo, expected)
