"""Scale-out: the same Monte Carlo run and sweep on a Dask LocalCluster equal the local run."""

from __future__ import annotations

import numpy as np
import pytest

import fundsim
from fundsim.base.errors import InputError
from fundsim.run.distributed import local_cluster
from fundsim.run.sweep import sweep

distributed = pytest.importorskip("distributed", reason="the dask extra is part of '.[dev]'")


@pytest.fixture(scope="module")
def client():
    cluster = local_cluster(workers=2)
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def test_a_monte_carlo_run_on_the_cluster_equals_the_local_run_bit_for_bit(client):
    local = fundsim.simulate("default", paths=600, seed=3)  # three blocks of 256 paths
    remote = fundsim.simulate("default", paths=600, seed=3, scheduler=client)
    for name in local.data_vars:
        np.testing.assert_array_equal(local[name].values, remote[name].values, err_msg=name)


def test_a_summarised_run_on_the_cluster_equals_the_local_one(client):
    local = fundsim.simulate("default", paths=300, seed=3, keep_paths=False)
    remote = fundsim.simulate("default", paths=300, seed=3, scheduler=client, keep_paths=False)
    assert remote.attrs["paths_kept"] == "summary"
    for name in local.data_vars:  # means add the tasks' sums: equal up to rounding
        np.testing.assert_allclose(local[name].values, remote[name].values, rtol=1e-12,
                                   atol=1e-6, err_msg=name)
    np.testing.assert_array_equal(local["fiscal_subsidy_by_year"], remote["fiscal_subsidy_by_year"])


def test_a_sweep_on_the_cluster_equals_the_local_sweep_bit_for_bit(client):
    axes = ["policy.returns.ratio.sme=0.3:1.0:0.1"]
    local = sweep("default", axes, paths=300, seed=2)
    remote = sweep("default", axes, paths=300, seed=2, scheduler=client)
    for name in local.data_vars:
        np.testing.assert_array_equal(local[name].values, remote[name].values, err_msg=name)


def test_an_unreachable_scheduler_is_a_clear_input_error():
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        fundsim.simulate("special-2020", paths=2, scheduler="tcp://127.0.0.1:9")
