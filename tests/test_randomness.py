"""Paths: the central path has no randomness; draws are reproducible and chunking-independent."""

from __future__ import annotations

import numpy as np

import fundsim
from fundsim.inputs.assumptions import Shock
from fundsim.model.shocks import BLOCK, inflow_multipliers


def test_same_seed_same_numbers_other_seed_other_numbers():
    a = fundsim.simulate("default", paths=30, seed=11)
    b = fundsim.simulate("default", paths=30, seed=11)
    c = fundsim.simulate("default", paths=30, seed=12)
    np.testing.assert_array_equal(a["balance"].values, b["balance"].values)
    assert not np.array_equal(a["balance"].values, c["balance"].values)


def test_the_first_paths_do_not_depend_on_how_many_paths_are_drawn():
    shock = Shock()
    small = inflow_multipliers(shock, 24, 2, 3, 10, seed=5)
    large = inflow_multipliers(shock, 24, 2, 3, BLOCK + 10, seed=5)
    np.testing.assert_array_equal(small[0], large[0][:, :10])
    np.testing.assert_array_equal(small[1], large[1][:, :, :10])


def test_multipliers_have_mean_one_so_the_central_path_is_the_expectation():
    national, regional = inflow_multipliers(Shock(), 120, 10, 20, 4000, seed=1)
    assert abs(national.mean() - 1.0) < 0.02
    assert abs(regional.mean() - 1.0) < 0.01


def test_paths_spread_around_the_central_path():
    central = fundsim.simulate("default")
    paths = fundsim.simulate("default", paths=200, seed=3)
    assert "path" in paths.dims and "path" not in central.dims
    end_central = central["balance"].isel(month=-1).sum("region")
    ends = paths["balance"].isel(month=-1).sum("region")
    assert float(ends.std("path")) > 0
    # more claimants in bad paths → lower balances; the median path lies near the central one
    assert abs(float(ends.median("path")) / float(end_central) - 1) < 0.05


def test_blocks_and_threads_change_no_number(monkeypatch):
    import fundsim.model.engine as engine
    from fundsim.inputs.regions import load_regions
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.inputs import build_inputs

    scenario = load_scenario("default")
    inp = build_inputs(scenario, load_regions(scenario.data_path))
    national, regional = inflow_multipliers(scenario.assumptions.claimants.shock, 60, 5, 14, 300,
                                            seed=9)
    one = engine.run_engine(inp, 300, national, regional, threads=1)
    monkeypatch.setattr(engine, "CACHE_BYTES", 8 * 14 * 7)  # blocks of 7 paths
    many = engine.run_engine(inp, 300, national, regional, threads=2)
    for name in one:
        np.testing.assert_array_equal(one[name], many[name], err_msg=name)


def test_a_paths_numbers_do_not_depend_on_how_many_paths_run_beside_it():
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.engine import run_engine
    from fundsim.model.inputs import build_inputs
    from fundsim.model.shocks import draws_for
    from fundsim.run.simulation import prepare

    scenario, regions = prepare(load_scenario("default"))
    inp = build_inputs(scenario, regions)
    draws = draws_for(scenario, len(regions), 9, 2)
    many = run_engine(inp, 9, **draws)
    for paths, threads in ((1, 1), (2, 2), (3, 1), (5, 2)):
        few = run_engine(inp, paths, threads=threads,
                         **{k: v[..., :paths] for k, v in draws.items()})
        for name, values in few.items():
            np.testing.assert_array_equal(values, many[name][..., :paths], err_msg=name)
