"""The provincial adjustment pool (省级调剂金): sharing what it holds among requesting regions.

Arrays are (region, path): every path allocates independently, with no loop over either.
"""

from __future__ import annotations

import numpy as np

#: The rules the pool may ration by (``policy.pool.allocation``).
RULES = ("pro_rata", "neediest_first", "optimal")
#: What ``optimal`` maximises (``policy.pool.allocation_objective``).
OBJECTIVES = ("regions_funded", "firms_covered")


def ordered_sum(x: np.ndarray) -> np.ndarray:
    """Σ over the first axis (regions, or months), added in order whatever the block's width:
    numpy's sum may pair the terms of a narrow array differently, which would let the number of
    paths run together change the last bit of a path's numbers."""
    return np.cumsum(x, axis=0)[-1]


def allocate(requests: np.ndarray, available: np.ndarray, rule: str,
             need: np.ndarray | None = None, objective: str = "regions_funded",
             firms: np.ndarray | None = None) -> np.ndarray:
    """Grants per region and path, each at most its request, in total at most ``available``.

    ``requests`` are already capped at ``cap_multiple`` × remittance. ``pro_rata`` scales every
    request by the same factor; ``neediest_first`` serves regions in ascending ``need`` (months
    of reserve), each in full while the pool lasts; ``optimal`` solves the linear programme over
    the grants 0 ≤ g ≤ request, Σ g ≤ available, for ``objective`` (:func:`optimal_order`).
    """
    requests = np.maximum(requests, 0.0)
    available = np.maximum(available, 0.0)
    if rule == "pro_rata":
        total = ordered_sum(requests)
        factor = np.divide(available, total, out=np.ones_like(total), where=total > available)
        return requests * np.minimum(factor, 1.0)
    if rule == "neediest_first":
        if need is None:
            raise ValueError("neediest_first needs the regions' reserve months")
        return _serve_in_order(requests, available, need)
    if rule == "optimal":
        return _serve_in_order(requests, available, optimal_order(requests, objective, firms))
    raise ValueError(f"unknown allocation rule {rule!r}")


def optimal_order(requests: np.ndarray, objective: str,
                  firms: np.ndarray | None = None) -> np.ndarray:
    """The key by which serving regions in full, lowest first, while the pool lasts solves the
    pool's programme exactly (ties: region order, the sort being stable).

    ``regions_funded`` — max Σ z (z binary, g ≥ request × z): the most requesting regions met
    in full, so needing no public finance for their returns — is a knapsack of unit values, solved
    by the smallest requests first (the remainder goes to the next smallest). ``firms_covered``
    — max Σ firms × g ÷ request, a region's firms counted in proportion to the share of its
    request granted — is a fractional knapsack, solved greedily by firms per yuan requested
    (regions asking nothing last)."""
    if objective == "regions_funded":
        return requests
    if objective == "firms_covered":
        if firms is None:
            raise ValueError("firms_covered needs the regions' firms")
        firms = np.broadcast_to(firms, requests.shape)
        per_yuan = np.divide(firms, requests, out=np.full(requests.shape, -np.inf),
                             where=requests > 0)
        return -per_yuan
    raise ValueError(f"unknown allocation objective {objective!r}")


def _serve_in_order(requests: np.ndarray, available: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Each region in full, in ascending ``key`` (stable: ties in region order), while the pool
    lasts; the region it runs out on gets what is left."""
    order = np.argsort(key, axis=0, kind="stable")
    ordered = np.take_along_axis(requests, order, axis=0)
    before = np.cumsum(ordered, axis=0) - ordered
    granted = np.clip(available - before, 0.0, ordered)
    out = np.empty_like(requests)
    np.put_along_axis(out, order, granted, axis=0)
    return out


def regions_funded(requests: np.ndarray, grants: np.ndarray) -> np.ndarray:
    """Requesting regions whose request is met in full, per column."""
    return ((requests > 0) & (grants >= requests)).sum(axis=0)


def firms_funded(requests: np.ndarray, grants: np.ndarray, firms: np.ndarray) -> np.ndarray:
    """Σ firms × grant ÷ request over requesting regions, per column."""
    share = np.divide(grants, requests, out=np.zeros(np.shape(grants)), where=requests > 0)
    return ordered_sum(np.broadcast_to(firms, share.shape) * share)
