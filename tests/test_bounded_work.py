"""Bounded work (issue 14, cases 10 and 14): work too large for the machine is refused before it
starts, with its size; heavy-tailed draws, booleans for counts and fractional months are refused.

Before, ``--paths 1000000000`` died of MemoryError after 32 s; a 1,001 × 1,001 sweep ran 90 s,
took 9.5 GB and died; a Cauchy wage growth sent contributions to 9.8e50 yuan; ``months: true``
ran one month; ``policy.training.max_months=2.5`` was accepted.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fundsim import simulate
from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.assumptions import DEVIATION_BOUNDS, Distribution
from fundsim.run import size
from fundsim.run.sweep import sweep

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(*args: str) -> str:
    """Run ``fundsim ARGS``: exit 2, no traceback, nothing written; the output on one line."""
    before = set(Path.cwd().rglob("*"))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output + repr(result.exception)
    assert "Traceback" not in result.output and "nothing was written" in result.output
    assert set(Path.cwd().rglob("*")) == before
    return " ".join(result.output.split())


def test_a_billion_paths_is_refused_at_once_with_its_estimate() -> None:
    # summarised (the default above 200 MB), 14 regions × 60 months × 10⁹ paths hold:
    #   balances 60 × 14, province 2 × 60, yearly 5 years × (9 × 14 + 2): 1,600 numbers a path
    #   draws 2 × 60 + 5 × 14 = 190 numbers a path; 8 bytes each, plus 0.25 GB for Python
    #   8 × 10⁹ × 1,790 + 2.5e8 = 1.432025e13 bytes ≈ 14,320 GB
    assert size.run_bytes(14, 60, 10**9, summarised=True) == 14_320_250_000_000
    started = time.perf_counter()
    text = refused("run", "default", "--paths", "1000000000", "--no-plots")
    assert time.perf_counter() - started < 2.0
    assert ("--paths [memory]: a run of 1,000,000,000 paths × 14 regions × 60 months (keeping "
            "summaries over paths) would hold about 14,320 GB of memory, over fundsim's limit "
            "of 8 GiB (a third of a 24 GiB machine)") in text
    assert "pass --allow-large to run it anyway" in text


def test_the_library_refuses_the_same_and_names_its_own_switch() -> None:
    with pytest.raises(InputError) as caught:
        simulate("default", paths=10**9)
    assert "14,320 GB" in str(caught.value) and "allow_large=True" in str(caught.value)


def test_a_million_variant_grid_is_refused_with_its_product() -> None:
    started = time.perf_counter()
    text = refused("sweep", "default", "--set", "policy.returns.ratio.sme=0:1:0.001",
                   "--set", "policy.returns.ratio.large=0:1:0.001", "--no-plots")
    assert time.perf_counter() - started < 2.0
    assert ("--set [policy.returns.ratio.sme × policy.returns.ratio.large]: the grid has "
            "1,001 × 1,001 = 1,002,001 variants; at most 100,000") in text
    with pytest.raises(InputError, match="1,002,001 variants"):
        sweep("default", ["policy.returns.ratio.sme=0:1:0.001",
                          "policy.returns.ratio.large=0:1:0.001"])


def test_variants_times_paths_are_bounded_by_the_estimate() -> None:
    # 201 variants × 20,000 paths: under the grid's cap, but each chunk holds 2 variants'
    # inputs (50,000 columns ÷ 20,000 paths) and every variant × path keeps 276 bytes
    # (2 × (48 + 3 × 14) + 96): 4,020,000 × 276 = 1.10952e9; draws 8 × 20,000 × 190 = 3.04e7;
    # inputs 2 × 2 × 8 × 40 × 60 × 14 = 1,075,200; variants 201 × 3,000; base 2.5e8
    assert size.variants_bytes(201, 20_000, 14, 60) == (
        250_000_000 + 603_000 + 1_075_200 + 30_400_000 + 1_109_520_000)
    # ten times the paths: 11.0952e9 + 3.04e8 + 537,600 (one variant a chunk) + 603,000 + 2.5e8
    # = 11,650,340,600 bytes
    text = refused("sweep", "default", "--set", "policy.returns.ratio.sme=0:1:0.005",
                   "--paths", "200000", "--no-plots")
    assert ("--set [memory]: a sweep of 201 variants × 200,000 paths × 14 regions × 60 months "
            "would hold about 11.7 GB of memory") in text


def test_the_estimates_match_measured_peaks() -> None:
    # measured on the development machine (peak resident memory):
    # a summarised national run, 350 regions × 120 months × 1,000 paths: 0.9 GB
    assert f"{size.run_bytes(350, 120, 1000, summarised=True) / 1e9:.1f}" == "0.9"
    # the default scenario with 2,000 kept paths: 0.64 GB
    assert 0.6e9 < size.run_bytes(14, 60, 2000, summarised=False) < 0.9e9
    # a 101 × 101 sweep of the default scenario, one path: 5.6 GB
    assert 5.5e9 < size.variants_bytes(101 * 101, 1, 14, 60) < 6.0e9


def test_allow_large_lets_a_refused_run_go_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(size, "MAX_BYTES", 1000)  # every run is now "large"
    text = refused("run", "default", "--no-plots", "--out", "small")
    assert "over fundsim's limit" in text
    result = runner.invoke(app, ["run", "default", "--no-plots", "--no-png", "--out", "small",
                                 "--allow-large", "--set", "policy.training.max_months=6.0"])
    assert result.exit_code == 0, result.output
    assert (Path("small") / "results.nc").is_file()


def cauchy(tmp_path: Path, family: str) -> Path:
    path = tmp_path / "heavy.yaml"
    path.write_text("extends: default\nassumptions:\n  uncertainty:\n    wage_growth:\n"
                    f"      {family}\n", encoding="utf-8")
    return path


def test_a_cauchy_wage_growth_is_refused(tmp_path: Path) -> None:
    path = cauchy(tmp_path, "{distribution: cauchy, params: {loc: 0, scale: 0.05}}")
    text = refused("check", str(path))
    assert (f"{path}, line 4 [assumptions.uncertainty.wage_growth]: cauchy with these "
            "parameters is heavy-tailed (its mean or variance is not finite") in text
    path = cauchy(tmp_path, "{distribution: t, params: {df: 2, scale: 0.01}}")  # infinite variance
    assert "t with these parameters is heavy-tailed" in refused("check", str(path))


def test_every_draw_is_clipped_to_the_stated_bounds() -> None:
    assert DEVIATION_BOUNDS == (-0.3, 0.3)
    wide = Distribution(params={"loc": 0.0, "scale": 100.0})  # a normal, absurdly wide
    draws = wide.draw((1000,), np.random.default_rng(0))
    assert draws.min() == -0.3 and draws.max() == 0.3
    t4 = Distribution(distribution="t", params={"df": 4, "scale": 0.01})  # finite variance
    assert np.abs(t4.draw((1000,), np.random.default_rng(0))).max() <= 0.3
    with pytest.raises(ValueError, match="mean 0.5 lies outside"):
        Distribution(params={"loc": 0.5, "scale": 0.01})


@pytest.mark.parametrize("text, key", [
    ("months: true", "months"),
    ("assumptions:\n  uncertainty:\n    recession:\n      months: true",
     "assumptions.uncertainty.recession.months"),
    ("assumptions:\n  collection_rate: true", "assumptions.collection_rate"),
])
def test_a_boolean_is_no_number(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bool.yaml"
    path.write_text(f"extends: default\n{text}\n", encoding="utf-8")
    line = text.count("\n") + 2
    assert f"{path}, line {line} [{key}]: Input should be a valid " in refused("check", str(path))
    assert "(got True)" in refused("check", str(path))


def test_fractional_months_are_refused_by_set_reform_and_sweep(tmp_path: Path) -> None:
    assert ("--set [policy.training.max_months]: expected a whole number of months, got 2.5"
            in refused("check", "default", "--set", "policy.training.max_months=2.5"))
    path = tmp_path / "half.yaml"
    path.write_text("extends: default\nreform:\n  policy.reserve.general_months: 11.5\n",
                    encoding="utf-8")
    assert (f"{path}, line 3 [policy.reserve.general_months]: expected a whole number of "
            "months, got 11.5") in refused("check", str(path))
    assert ("--set [policy.training.max_months]: expected a whole number of months, got 1.5"
            in refused("sweep", "default", "--set", "policy.training.max_months=1:3:0.5"))


def test_a_roster_too_large_is_refused_before_it_is_read(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # measured: 50,000 rows peaked at 0.36 GB, 200,000 at 0.48 GB; the estimate is above both
    assert 0.36e9 < size.roster_bytes(50_000) < 0.45e9
    assert 0.48e9 < size.roster_bytes(200_000) < 0.6e9
    roster = tmp_path / "r.csv"
    roster.write_text("统一社会信用代码\n" + "x\n" * 3, encoding="utf-8")  # 4 lines
    monkeypatch.setattr(size, "MAX_BYTES", size.ROSTER_BASE_BYTES + 3 * size.ROSTER_ROW_BYTES)
    result = runner.invoke(app, ["roster", "run", str(roster), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "a roster of about 4 rows would hold about" in text and "--allow-large" in text
    assert not (tmp_path / "o").exists()
