"""Region names in pinyin, as the English report and the roster's name_en write them."""

from fundsim.base.names import pinyin


def test_a_city_league_and_banner_keep_their_suffix_apart() -> None:
    assert pinyin("呼和浩特市") == "Huhehaote Shi"
    assert pinyin("包头市") == "Baotou Shi"
    assert pinyin("兴安盟") == "Xingan Meng"
    assert pinyin("二连浩特市") == "Erlianhaote Shi"


def test_a_one_character_name_keeps_its_suffix_and_latin_stays_as_it_is() -> None:
    assert pinyin("甲市") == "Jiashi"
    assert pinyin("Region 7") == "Region 7"


def test_a_polyphone_outside_pypinyins_phrases_is_read_its_common_way() -> None:
    # a known limit (README): 勒 in 锡林郭勒 is "le", pypinyin knows no such phrase
    assert pinyin("锡林郭勒盟") == "Xilinguolei Meng"
