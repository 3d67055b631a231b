"""The provincial adjustment pool (省级调剂金): sharing what it holds among requesting regions.

Arrays are (region, path): every path allocates independently, with no loop over either.
"""

from __future__ import annotations

import numpy as np


def ordered_sum(x: np.ndarray) -> np.ndarray:
    """Σ over the first axis (regions, or months), added in order whatever the block's width:
    numpy's sum may pair the terms of a narrow array differently, which would let the number of
    paths run together change the last bit of a path's numbers."""
    return np.cumsum(x, axis=0)[-1]


def allocate(requests: np.ndarray, available: np.ndarray, rule: str,
             need: np.ndarray | None = None) -> np.ndarray:
    """Grants per region and path, each at most its request, in total at most ``available``.

    ``requests`` are already capped at ``cap_multiple`` × remittance. ``pro_rata`` scales every
    request by the same factor; ``neediest_first`` serves regions in ascending ``need`` (months
    of reserve), each in full while the pool lasts.
    """
    requests = np.maximum(requests, 0.0)
    available = np.maximum(available, 0.0)
    total = ordered_sum(requests)
    if rule == "pro_rata":
        factor = np.divide(available, total, out=np.ones_like(total), where=total > available)
        return requests * np.minimum(factor, 1.0)
    if rule == "neediest_first":
        if need is None:
            raise ValueError("neediest_first needs the regions' reserve months")
        order = np.argsort(need, axis=0, kind="stable")
        ordered = np.take_along_axis(requests, order, axis=0)
        before = np.cumsum(ordered, axis=0) - ordered
        granted = np.clip(available - before, 0.0, ordered)
        out = np.empty_like(requests)
        np.put_along_axis(out, order, granted, axis=0)
        return out
    raise ValueError(f"unknown allocation rule {rule!r}")
