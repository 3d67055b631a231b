"""The optimiser over several levers: it finds a known optimum, its answer keeps its constraint
on fresh paths, and bad arguments are named.

The known optimum: a two-region province over two years, one path. Everything the fund does in
the first year is linear in the two return ratios (no gate changes: the first January is fixed by
the data; no public finance), so the province's year-end funds X and its year's spending D are
X0 − a·s − b·l and D0 + c·s + d·l, measured from three runs; the province keeps the general
test next January when 12·X/D ≥ 12, i.e. (a + c)·s + (b + d)·l ≤ X0 − D0. Maximising the returns
paid, r0 + e·s + f·l, is then a linear programme whose optimum scipy's linprog gives exactly.
"""

from __future__ import annotations

import csv
from importlib.resources import files

import numpy as np
import pytest
from scipy.optimize import linprog
from typer.testing import CliRunner

from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.scenario import load_scenario, with_overrides
from fundsim.run.optimize import optimize, pareto_front, parse_constraint, parse_lever
from fundsim.run.simulation import prepare
from fundsim.run.sweep import run_variants

SME, LARGE = "policy.returns.ratio.sme", "policy.returns.ratio.large"


@pytest.fixture(scope="module")
def two_regions(tmp_path_factory):
    """呼和浩特市 and 包头市 with lower opening balances (so that the test binds), two years."""
    folder = tmp_path_factory.mktemp("two")
    source = (files("fundsim.scenarios") / "data" / "inner_mongolia.csv").read_text(
        encoding="utf-8").splitlines()
    rows = list(csv.reader(source))
    header, first, second = rows[0], rows[1], rows[2]
    first[header.index("opening_balance")] = "250000000"
    second[header.index("opening_balance")] = "190000000"
    with open(folder / "two.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, first, second])
    (folder / "two.yaml").write_text(
        "name: two\nextends: default\ndata: two.csv\nmonths: 24\n", encoding="utf-8")
    return folder / "two.yaml"


def _first_year(path, points):
    """(X, D, returns) of the first year at each (sme, large) point, one path."""
    base, regions = prepare(load_scenario(path))
    from fundsim.run.simulation import simulate

    out = []
    for sme, large in points:
        ds = simulate(with_overrides(base, [(SME, sme), (LARGE, large)]))
        year = ds.isel(month=slice(0, 12))
        spending = sum(year[n].sum() for n in (
            "benefits", "medical_insurance", "funeral_grants", "price_subsidies",
            "unemployment_subsidy", "living_allowance", "migrant_lump_sum",
            "training_subsidies", "skills_subsidy", "other_spending", "returns_paid"))
        funds = ds["balance"].isel(month=11).sum() + ds["pool_balance"].isel(month=11)
        out.append((float(funds), float(spending), float(ds["returns_paid"].sum())))
    return np.array(out)


def test_the_optimiser_recovers_the_linear_programmes_optimum(two_regions):
    measured = _first_year(two_regions, [(0, 0), (1, 0), (0, 1), (0.5, 0.5)])
    (x0, d0, r0), (x_s, d_s, r_s), (x_l, d_l, r_l) = measured[:3]
    # the year is linear in the ratios (checked at a fourth point)
    np.testing.assert_allclose(measured[3], measured[0] + 0.5 * (measured[1] - measured[0])
                               + 0.5 * (measured[2] - measured[0]), rtol=1e-9)
    a, b, c, d = x0 - x_s, x0 - x_l, d_s - d0, d_l - d0
    lp = linprog([-(r_s - r0), -(r_l - r0)], A_ub=[[a + c, b + d]], b_ub=[x0 - d0],
                 bounds=[(0, 1), (0, 1)])
    best = r0 - lp.fun
    assert lp.status == 0 and 0 < lp.x.sum() < 2  # the test binds inside the box
    found = optimize(two_regions, [f"{SME}=0:1", f"{LARGE}=0:1"], "returns_paid",
                     ["p_fail_general_province<=0"], paths=1, popsize=10, maxiter=30)
    assert found.best is not None and found.binding == ["p_fail_general_province<=0"]
    # over the horizon (two years) the second year's returns follow the first year's: compare
    # the first year's returns at the optimiser's answer with the programme's optimum
    at = _first_year(two_regions, [(found.best[SME], found.best[LARGE])])[0]
    assert at[2] <= best * (1 + 1e-9)
    assert at[2] == pytest.approx(best, rel=0.01)


def test_the_answer_keeps_its_constraint_on_fresh_paths():
    """Searched on one set of 300 paths, the best setting re-run on 1,000 fresh ones keeps
    p_fail_general_province ≤ 5 % within three standard errors."""
    found = optimize("default", [f"{SME}=0:1", f"{LARGE}=0:0.6"], "returns_paid",
                     ["p_fail_general_province<=0.05"], paths=300, popsize=5, maxiter=6)
    assert found.best is not None
    base, regions = prepare(load_scenario("default"))
    variant = with_overrides(base, list(found.best.items()))
    again = run_variants([variant], regions, 1000, seed=12345)
    p = float(again["province_below_general_later"][0].mean())
    se = np.sqrt(max(p * (1 - p), 1e-12) / 1000)
    assert p <= 0.05 + 3 * se
    front = found.front()
    assert front["p_fail_general_province"].is_monotonic_increasing
    assert front["returns_paid"].is_monotonic_increasing  # more returns only for more risk


def test_the_pareto_front_keeps_only_settings_not_beaten_on_both():
    import pandas as pd

    table = pd.DataFrame({"x": [0, 1, 2, 3], "returns_paid": [10.0, 30.0, 20.0, 40.0],
                          "p_fiscal": [0.1, 0.2, 0.3, 0.4]})
    front = pareto_front(table, "returns_paid", "p_fiscal")
    assert front["x"].tolist() == [0, 1, 3]  # 2 gives less than 1 at more risk


def test_bad_levers_and_constraints_are_named(tmp_path):
    with pytest.raises(InputError, match="KEY=LOW:HIGH"):
        parse_lever("policy.returns.ratio.sme")
    with pytest.raises(InputError, match="LOW must be below HIGH"):
        parse_lever("policy.returns.ratio.sme=1:0")
    with pytest.raises(InputError, match="p_fail_general_province"):
        parse_constraint("p_fail<=0.05")
    done = CliRunner().invoke(app, ["optimize", "default", "--lever", "policy.nope=0:1",
                                    "--lever", f"{SME}=0:2", "--objective", "happiness",
                                    "--out", str(tmp_path / "o")])
    assert done.exit_code == 2
    for said in ("unknown parameter", "unknown objective", "policy.nope"):
        assert said in done.output
    assert not (tmp_path / "o").exists()


def test_the_command_writes_its_folder(tmp_path):
    done = CliRunner().invoke(app, [
        "optimize", "default", "--lever", f"{SME}=0:1", "--lever", f"{LARGE}=0:0.6",
        "--constraint", "p_fail_general_province<=0.05", "--paths", "100",
        "--generations", "2", "--population", "4", "--out", str(tmp_path / "o")])
    assert done.exit_code == 0, done.output
    assert "constraint p_fail_general_province<=0.05" in done.output
    for name in ("optimize.nc", "optimize.csv", "front.csv", "optimize.png", "report.html"):
        assert (tmp_path / "o" / name).is_file(), name
    assert "政策杠杆优化" in (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    done = CliRunner().invoke(app, ["report", str(tmp_path / "o"), "--lang", "en"])
    assert done.exit_code == 0, done.output


def test_the_coverage_an_objective_counts_is_the_months_firms_and_workers_covered():
    """The engine adds each year's coverage at once in January (the gates hold all year): the
    horizon's total equals the sum of the monthly record, for every variant and path."""
    from fundsim.model.engine import run_engine
    from fundsim.model.inputs import build_inputs, stack
    from fundsim.model.shocks import draws_for

    base, regions = prepare(load_scenario("special-2020"))
    inputs = stack([build_inputs(with_overrides(base, [(SME, x)]), regions) for x in (0.3, 0.9)])
    out = run_engine(inputs, 5, summarise=True, **draws_for(base, len(regions), 5, 1))
    for name in ("firms_covered", "workers_covered"):
        np.testing.assert_allclose(out[f"{name}_total"], out[name].sum(axis=(0, 1)), rtol=1e-12)
