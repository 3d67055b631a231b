"""xarray asks, of the first value it wraps in a DataArray, whether it is a dask array, and to
answer imports ``dask.array`` (about 0.5 s, scipy.fft with it) whenever dask is installed (the
optional ``dask`` extra); of every index it makes, whether it is a dask collection, and imports
``dask.base`` (0.1 s, jinja2 with it). No value can be a dask array before ``dask.array`` is
imported, and dask calls nothing a collection that lacks ``__dask_graph__``, so
:func:`defer_dask_detection` has xarray look for dask's array type only once it is imported and
ask dask only about values that have that method; the answers are the same."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class _DaskOnceImported:
    """Stands in xarray's cache for dask's ``DuckArrayModule``: its array type is dask's
    ``Array`` once ``dask.array`` is imported (by anyone), none before; its other attributes
    (module, version, available) come from the real record, made when first asked."""

    _real: Any = None

    @property
    def type(self) -> tuple[type, ...]:
        array = getattr(sys.modules.get("dask.array"), "Array", None)
        return (array,) if isinstance(array, type) else ()

    def __getattr__(self, name: str) -> Any:
        if self._real is None:
            from xarray.namedarray.pycompat import DuckArrayModule

            self._real = DuckArrayModule("dask")
        return getattr(self._real, name)


def defer_dask_detection() -> None:
    """Put the stand-in in xarray's cache, unless xarray has already looked for dask (or keeps
    its cache elsewhere: then nothing changes)."""
    from xarray.namedarray import pycompat

    cache = getattr(pycompat, "_cached_duck_array_modules", None)
    if isinstance(cache, dict) and "dask" not in cache:
        cache["dask"] = _DaskOnceImported()
    from xarray.namedarray import utils

    asks = getattr(utils, "is_dask_collection", None)
    if callable(asks) and not getattr(asks, "_fundsim", False):
        utils.is_dask_collection = _collection_test(asks)


def _collection_test(asks: Callable[[object], bool]) -> Callable[[object], bool]:
    """xarray's ``is_dask_collection``, answering False without importing dask for a value
    without ``__dask_graph__`` (as ``dask.base.is_dask_collection`` itself does)."""

    def is_dask_collection(x: object) -> bool:
        return hasattr(x, "__dask_graph__") and asks(x)

    is_dask_collection._fundsim = True  # type: ignore[attr-defined]
    return is_dask_collection
