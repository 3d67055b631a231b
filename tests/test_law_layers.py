"""Law layered by who made it: national law, then one province's own rules over it.

A scenario names its province (``province: inner_mongolia``) or a folder of its own provincial
rules (``province_layer:``); naming neither runs on national law with an empty provincial
layer, and says so. Every value in force says which layer it comes from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml
from typer.testing import CliRunner

from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.scenario import load_scenario, shipped_dir, shipped_scenarios
from fundsim.law.layers import Layers, known_provinces, layered_law
from fundsim.law.parameter import NATIONAL, load_law
from fundsim.law.record import parameters_from_record

D = dt.date
SME = "policy.returns.ratio.sme"
DATA = shipped_dir() / "data" / "inner_mongolia.csv"


def scenario(folder: Path, extra: str = "") -> Path:
    """A scenario of the shipped example data from 2020-01 for 36 months, plus ``extra``."""
    path = folder / "scenario.yaml"
    path.write_text(f"name: mine\ndata: {DATA}\nstart: 2020-01\nmonths: 36\n{extra}",
                    encoding="utf-8")
    return path


def test_a_scenario_naming_no_province_runs_on_national_law_and_is_told_so(tmp_path):
    s = load_scenario(scenario(tmp_path))
    sme = s.param(SME)
    # 2020: the ministry's own plan raised SMEs to up to 100%: national law, not Inner Mongolia's
    assert sme.value_at(D(2020, 6, 1)) == 1.0
    assert sme.source(D(2020, 6, 1)).startswith("[national] 人力资源社会保障部 财政部")
    assert sme.source(D(2021, 3, 1)).startswith("[national] 人社部发〔2021〕29号")
    # what only a province sets is off: no pool cap, no 以工代训 rate or claims
    assert s.param("policy.pool.cap_multiple").value_at(D(2020, 6, 1)) == 0
    assert s.param("policy.training.yuan_per_person_month").value_at(D(2020, 9, 1)) == 0
    assert s.param("policy.training.accepting_claims").value_at(D(2020, 9, 1)) is False
    told = [w for w in s.warnings if "no province named" in w]
    assert len(told) == 1 and "empty provincial layer" in told[0]
    assert all(p in told[0] for p in known_provinces())
    record = yaml.safe_load(s.resolved_yaml())
    assert record["law"] == {"layers": ["national"], "province": None, "province_layer": None}


def test_with_inner_mongolia_the_2020_plan_applies_and_national_law_resumes_after_it(tmp_path):
    s = load_scenario(scenario(tmp_path, "province: inner_mongolia\n"))
    sme = s.param(SME)
    assert sme.value_at(D(2020, 6, 1)) == 1.0
    assert sme.source(D(2020, 6, 1)).startswith("[inner_mongolia] 内蒙古企业稳岗扩岗专项支持计划")
    assert (sme.value_at(D(2021, 3, 1)), sme.layer(D(2021, 3, 1))) == (0.6, NATIONAL)
    assert s.param("policy.pool.cap_multiple").value_at(D(2020, 6, 1)) == 2.0
    training = s.param("policy.training.yuan_per_person_month")
    assert (training.value_at(D(2020, 9, 1)), training.layer(D(2020, 9, 1))) == (
        600, "inner_mongolia")
    claims = s.param("policy.training.accepting_claims")
    assert [claims.value_at(d) for d in (D(2020, 6, 1), D(2020, 7, 1), D(2021, 1, 1))] == [
        False, True, False]  # the plan's window, 2020-06-12 to 2020-12-31, then national law
    assert not any("no province named" in w for w in s.warnings)
    record = yaml.safe_load(s.resolved_yaml())
    assert record["law"]["layers"] == ["national", "inner_mongolia"]
    sources = record["parameter_metadata"][SME]["sources"]
    assert sources["2020-01-01"]["layer"] == "inner_mongolia"
    assert sources["2021-01-01"]["layer"] == "national"
    assert not sources["2020-01-01"]["source"].startswith("[")  # the bare notice, layer beside


def test_qinghai_sets_its_2021_values_and_national_law_holds_before_and_after():
    sme = layered_law(Layers("qinghai"))[SME]
    assert [sme.layer(d) for d in (D(2020, 6, 1), D(2021, 6, 1), D(2022, 6, 1))] == [
        "national", "qinghai", "national"]
    assert "青人社厅发〔2021〕50号" in sme.source(D(2021, 6, 1))
    # nothing of Inner Mongolia's in Qinghai's law
    assert layered_law(Layers("qinghai"))["policy.pool.cap_multiple"].value_at(D(2020, 6, 1)) == 0


def test_every_shipped_scenario_names_inner_mongolia():
    for name in shipped_scenarios():
        assert "province: inner_mongolia" in (shipped_dir() / f"{name}.yaml").read_text(
            encoding="utf-8"), name
        assert load_scenario(name).law.province == "inner_mongolia", name


def test_national_law_has_every_parameter_a_province_sets():
    national = load_law()
    for province in known_provinces():
        assert set(layered_law(Layers(province), national)) == set(national), province


def test_an_unknown_province_is_a_clear_error_naming_the_file_field_and_known_provinces(
        tmp_path):
    path = scenario(tmp_path, "province: inner_mongolai\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.where, problem.field) == (str(path), "line 5", "province")
    assert "unknown province 'inner_mongolai'" in problem.message
    assert "did you mean 'inner_mongolia'" in problem.message
    assert "known provinces: inner_mongolia, qinghai" in problem.message


def write_layer(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def test_a_users_own_layer_overrides_national_law_for_its_dated_values_only(tmp_path):
    write_layer(tmp_path / "gansu", {"returns/ratio/sme.yaml": (
        "metadata:\n  reference:\n    2020-03-01: 甘人社 notice — 80% for 2020\n"
        "  end:\n    2020-03-01: 2020-12-31\nvalues:\n  2020-03-01: 0.8\n")})
    s = load_scenario(scenario(tmp_path, "province: gansu\nprovince_layer: gansu\n"))
    sme = s.param(SME)
    assert [sme.value_at(d) for d in (D(2020, 1, 1), D(2020, 6, 1), D(2021, 6, 1))] == [
        1.0, 0.8, 0.6]  # national, the user's (until its end), national again
    assert sme.source(D(2020, 6, 1)) == "[gansu] 甘人社 notice — 80% for 2020"
    assert sme.layer(D(2021, 6, 1)) == NATIONAL
    # every other parameter is national law's
    assert s.param("policy.pool.cap_multiple").value_at(D(2020, 6, 1)) == 0
    assert not any("no province named" in w for w in s.warnings)
    assert yaml.safe_load(s.resolved_yaml())["law"] == {
        "layers": ["national", "gansu"], "province": "gansu",
        "province_layer": "gansu"}  # relative to the scenario's folder (issue 14)


def test_a_users_layer_names_itself_after_its_folder_and_runs_on_until_its_next_value(tmp_path):
    write_layer(tmp_path / "rules" / "ningxia", {"pool/cap_multiple.yaml": (
        "metadata:\n  reference:\n    2020-01-01: 宁 rule A\n    2021-07-01: 宁 rule B\n"
        "values:\n  2020-01-01: 1.5\n  2021-07-01: 2.5\n")})
    s = load_scenario(scenario(tmp_path, "province_layer: rules/ningxia\n"))
    cap = s.param("policy.pool.cap_multiple")
    assert s.law.province == "ningxia"
    assert [cap.value_at(d) for d in (D(2019, 6, 1), D(2021, 1, 1), D(2022, 1, 1))] == [
        0, 1.5, 2.5]


def test_a_bad_provincial_file_is_a_clear_error(tmp_path):
    write_layer(tmp_path / "mine", {
        "returns/ratio/smes.yaml": "metadata:\n  reference:\n    2020-01-01: x\n"
                                   "values:\n  2020-01-01: 0.7\n",
        "returns/ratio/large.yaml": "metadata:\n  unit: months\n  reference:\n"
                                    "    2020-01-01: x\nvalues:\n  2020-01-01: 1.7\n"})
    with pytest.raises(InputError) as caught:
        load_scenario(scenario(tmp_path, "province_layer: mine\n"))
    text = str(caught.value)
    assert "policy.returns.ratio.smes" in text and "did you mean" in text
    assert "national law gives policy.returns.ratio.large the unit 'share'" in text
    assert "a share must lie in [0, 1]" in text


def test_a_missing_layer_folder_is_a_clear_error(tmp_path):
    path = scenario(tmp_path, "province_layer: nowhere\n")
    with pytest.raises(InputError, match="no folder of provincial rules"):
        load_scenario(path)


def test_the_record_gives_back_each_values_layer_and_params_shows_it(tmp_path):
    s = load_scenario(scenario(tmp_path, "province: inner_mongolia\n"))
    record = yaml.safe_load(s.resolved_yaml())
    back = parameters_from_record(record)[SME]
    assert back.source(D(2020, 6, 1)) == s.param(SME).source(D(2020, 6, 1))
    months = np.arange("2020-01", "2023-01", dtype="datetime64[M]").astype("datetime64[ns]")
    results = tmp_path / "results.nc"
    xr.Dataset(coords={"month": months}, attrs={"parameters": s.resolved_yaml()}).to_netcdf(
        results)
    shown = CliRunner().invoke(app, ["params", str(results)], env={"COLUMNS": "400"})
    assert shown.exit_code == 0, shown.output
    line_2020 = next(line for line in shown.output.splitlines() if SME in line)
    assert "[inner_mongolia] 内蒙古企业稳岗扩岗专项支持计划" in line_2020
    assert "[national] 人社部发〔2021〕29号" in shown.output


def test_a_scenario_extending_a_shipped_one_may_switch_to_its_own_layer_and_back(tmp_path):
    write_layer(tmp_path / "rules" / "gansu", {"pool/cap_multiple.yaml": (
        "metadata:\n  reference:\n    2019-01-01: 甘 rule\nvalues:\n  2019-01-01: 1.2\n")})
    own = tmp_path / "own.yaml"
    own.write_text("extends: default\nprovince_layer: rules/gansu\n", encoding="utf-8")
    s = load_scenario(own)  # default names inner_mongolia; the folder replaces it
    assert s.law.province == "gansu"
    assert s.param("policy.pool.cap_multiple").value_at(D(2020, 6, 1)) == 1.2
    assert s.param("policy.training.yuan_per_person_month").value_at(D(2020, 9, 1)) == 0
    back = tmp_path / "back.yaml"
    back.write_text("extends: own.yaml\nprovince: qinghai\n", encoding="utf-8")
    s = load_scenario(back)
    assert (s.law.province, s.law.folder) == ("qinghai", None)
    assert s.param("policy.pool.cap_multiple").value_at(D(2020, 6, 1)) == 0
