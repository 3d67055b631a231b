"""Current law and reforms: dated values, sources, sparse diffs, extends chains, --set."""

from __future__ import annotations

import datetime as dt

import pytest

from fundsim.inputs.scenario import load_scenario
from fundsim.law.layers import Layers, layered_law
from fundsim.law.parameter import load_law

D = dt.date


def inner_mongolia() -> dict:
    """National law with Inner Mongolia's layer over it (the shipped scenarios' law)."""
    return layered_law(Layers("inner_mongolia"))


def test_every_law_parameter_has_a_unit_a_description_and_a_source_for_every_value():
    law = load_law()
    assert len(law) >= 20
    for key, param in law.items():
        assert param.description, key
        for day, _ in param.values:
            assert param.source(day), (key, day)


def test_sme_return_ratio_follows_the_seeds_by_date():
    sme = inner_mongolia()["policy.returns.ratio.sme"]
    assert sme.value_at(D(2020, 6, 1)) == 1.0     # seed 001: up to 100% in 2020
    assert sme.value_at(D(2021, 3, 1)) == 0.6     # seed 004: 60% in 2021
    assert "青人社厅发〔2021〕50号" in sme.source(D(2021, 3, 1))
    assert sme.end == D(2025, 12, 31)             # 人社部发〔2025〕18号: until 2025-12-31


def test_training_rate_is_600_yuan_for_six_months_and_claims_close_after_2020():
    law = inner_mongolia()
    assert law["policy.training.yuan_per_person_month"].value_at(D(2020, 7, 1)) == 600
    assert law["policy.training.max_months"].value_at(D(2020, 7, 1)) == 6
    assert law["policy.training.accepting_claims"].value_at(D(2020, 12, 1)) is True
    assert law["policy.training.accepting_claims"].value_at(D(2021, 1, 1)) is False


def test_a_dated_reform_adds_values_and_keeps_the_rest_of_the_law(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("extends: default\nreform:\n  policy.returns.ratio.sme: {2022-01-01: 0.9}\n")
    sme = load_scenario(path).param("policy.returns.ratio.sme")
    assert sme.value_at(D(2020, 5, 1)) == 1.0 and sme.value_at(D(2021, 5, 1)) == 0.6
    assert sme.value_at(D(2022, 5, 1)) == 0.9
    assert sme.source(D(2022, 5, 1)).startswith("reform in s.yaml")


def test_an_undated_reform_holds_from_the_start_and_replaces_later_law_values(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("extends: default\nreform:\n  policy.returns.ratio.sme: 0.4\n")
    sme = load_scenario(path).param("policy.returns.ratio.sme")
    assert sme.value_at(D(2020, 1, 1)) == 0.4 and sme.value_at(D(2024, 12, 1)) == 0.4


def test_set_overrides_come_last_and_reach_assumptions_too(tmp_path):
    s = load_scenario("default", ["policy.returns.ratio.large=0.2", "assumptions.takeup=0.5",
                                  "assumptions.claimants.exit_rate=0.2"])
    assert s.param("policy.returns.ratio.large").value_at(D(2023, 1, 1)) == 0.2
    assert s.assumptions.takeup == 0.5 and s.assumptions.claimants.exit_rate == 0.2


def test_extends_chains_merge_reforms_and_assumptions(tmp_path):
    (tmp_path / "parent.yaml").write_text(
        "extends: default\nreform:\n  policy.returns.ratio.sme: 0.7\n"
        "assumptions:\n  takeup: 0.6\n")
    (tmp_path / "child.yaml").write_text(
        "extends: parent.yaml\nname: child\nmonths: 24\nreform:\n"
        "  policy.returns.ratio.large: 0.1\nassumptions:\n  collection_rate: 0.9\n")
    s = load_scenario(tmp_path / "child.yaml")
    assert s.name == "child" and s.months == 24
    assert s.param("policy.returns.ratio.sme").value_at(D(2021, 1, 1)) == 0.7
    assert s.param("policy.returns.ratio.large").value_at(D(2021, 1, 1)) == 0.1
    assert s.assumptions.takeup == 0.6 and s.assumptions.collection_rate == 0.9
    assert len(s.chain) == 3


def test_running_past_a_notice_end_date_warns_unless_the_scenario_chose_the_value(tmp_path):
    past_2025 = tmp_path / "past.yaml"  # 2020-01 to 2026-12: past the SME notice's 2025-12-31
    past_2025.write_text("extends: default\nname: past\nmonths: 84\n", encoding="utf-8")
    assert any("policy.returns.ratio.sme" in w for w in load_scenario(past_2025).warnings)
    assert not any("policy.returns.ratio.sme" in w for w in load_scenario("default").warnings)
    assert not any("policy.returns.ratio.sme" in w
                   for w in load_scenario("continuation-2021").warnings)
    assert load_scenario("special-2020").warnings == []


@pytest.mark.parametrize("key", ["policy.returns.ratio.sme", "policy.pool.cap_multiple",
                                 "policy.reserve.general_months",
                                 "policy.training.yuan_per_person_month"])
def test_contract_keys_exist(key):
    assert key in load_law()


def test_the_law_is_read_once_and_again_when_a_file_changes(tmp_path):
    import os
    import shutil

    from fundsim.law.parameter import load_law, national_root

    root = tmp_path / "national"
    shutil.copytree(national_root(), root)
    key = "policy.training.yuan_per_person_month"
    first = load_law(root)
    assert load_law(root) is not first  # a copy of the dict each time, never the cache itself
    assert load_law(root)[key] is first[key]  # not read again
    rate = root / "training" / "yuan_per_person_month.yaml"
    text = rate.read_text(encoding="utf-8")
    rate.write_text(text + "\n", encoding="utf-8")
    os.utime(rate, ns=(rate.stat().st_atime_ns, rate.stat().st_mtime_ns + 10**9))
    again = load_law(root)
    assert again == first and again[key] is not first[key]  # read again, the same law
