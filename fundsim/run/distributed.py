"""Scale-out on a Dask cluster (the optional ``dask`` extra): tasks are blocks of paths.

Each task runs every variant on one fixed block of ``BLOCK`` paths and draws that block's random
numbers itself from the block's own ``SeedSequence`` child, so the result equals the local run
bit for bit, whatever the number of workers. A province runs a national sweep on its own cluster
by starting ``dask scheduler`` and ``dask worker tcp://HOST:8786`` on its machines and passing
``--scheduler tcp://HOST:8786``. Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_`` on workers, which
made a 2-worker cluster slower than serial here; :func:`local_cluster` unsets it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs, stack
from fundsim.model.shocks import BLOCK, draws_for

NO_MALLOC_TRIM = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError([Problem("--scheduler", "", "scheduler", "Dask is not installed: "
                                  "pip install -e '.[dask]'")]) from None
    return distributed


def connect(address: str, timeout: float = 5.0) -> Any:
    """A Dask client for ``address`` (tcp://HOST:PORT); an InputError when unreachable."""
    distributed = _distributed()
    try:
        return distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError([Problem("--scheduler", "", "scheduler",
                                  f"cannot reach the Dask scheduler at {address}: {exc}")]
                         ) from None


@contextlib.contextmanager
def cluster_client(scheduler: Any) -> Iterator[Any]:
    """A client for an address (closed afterwards) or the caller's own client (left open)."""
    if isinstance(scheduler, str):
        client = connect(scheduler)
        try:
            yield client
        finally:
            client.close()
    else:
        yield scheduler


def local_cluster(workers: int = 2) -> Any:
    """A LocalCluster of single-threaded worker processes, without the nanny's malloc trim."""
    import dask

    distributed = _distributed()
    with dask.config.set(NO_MALLOC_TRIM):
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None)


def _block(scenarios: Sequence[Scenario], regions: Regions, first_path: int, paths: int,
           seed: int, stochastic: bool, record: tuple[str, ...] | None,
           summarise: bool, reduce: tuple[tuple[str, str], ...] = ()) -> dict[str, np.ndarray]:
    """One task: every variant on one block of paths."""
    inputs = stack([build_inputs(s, regions) for s in scenarios])
    draws = draws_for(scenarios[0], len(regions), paths, seed, first_path, stochastic)
    return run_engine(inputs, paths, record=record, summarise=summarise, threads=1,
                      reduce=reduce, **draws)


def run_blocks(client: Any, scenarios: Sequence[Scenario], regions: Regions, paths: int,
               seed: int, record: tuple[str, ...] | None = None, summarise: bool = False,
               progress: Callable[[int, int], None] | None = None,
               reduce: Sequence[tuple[str, str]] = ()) -> dict[str, np.ndarray]:
    """``run_engine`` over every variant × path, as tasks of ``BLOCK`` paths on ``client``.

    Returns the same arrays as a local ``run_engine`` on the stacked variants (sums over paths,
    ``reduce``'s ``paths`` and ``positive``, added task by task in path order: equal to a local
    run's up to the rounding of the additions' order).
    """
    distributed = _distributed()
    starts = list(range(0, paths, BLOCK))
    shared = client.scatter([list(scenarios), regions], broadcast=True)
    futures = [client.submit(_block, shared[0], shared[1], lo, min(BLOCK, paths - lo), seed,
                             paths > 1, record, summarise, tuple(reduce), pure=False)
               for lo in starts]
    index = {future.key: i for i, future in enumerate(futures)}
    parts: list[dict[str, np.ndarray] | None] = [None] * len(futures)
    for done, future in enumerate(distributed.as_completed(futures), start=1):
        parts[index[future.key]] = future.result()
        if progress is not None:
            progress(done, len(futures))
    variants = len(scenarios)
    out = {}
    for name in parts[0]:
        blocks = [p[name] for p in parts]
        if name.endswith(("@paths", "@positive")):  # sums over each task's paths
            out[name] = sum(blocks[1:], start=blocks[0].copy())
            continue
        # columns are variant-major within each block: split, join along paths, flatten again
        split = [b.reshape(b.shape[:-1] + (variants, -1)) for b in blocks]
        joined = np.concatenate(split, axis=-1)
        out[name] = joined.reshape(joined.shape[:-2] + (variants * paths,))
    return out
