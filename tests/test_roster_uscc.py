"""Unified social credit codes (GB 32100-2015): the check character, vectorised."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fundsim.roster import uscc


def test_the_check_character_of_a_published_example_code():
    # 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 × weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,
    # 10,30,28: 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1,640 = 52 × 31 + 28 → 31 − 28 = 3
    assert uscc.check_character("91350100M000100Y4") == "3"
    assert list(uscc.WEIGHTS) == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def test_a_remainder_of_zero_gives_the_check_character_zero():
    # 31 − 0 would be 31, which stands for 0: find a body whose weighted sum is a multiple of 31
    body = "9135010000000000"
    for last in uscc.CHARSET:
        if uscc.check_character(body + last) == "0":
            assert uscc.check(pa.array([body + last + "0"])).status[0] == uscc.OK
            break
    else:
        raise AssertionError("no body with check character 0 among 31 tries")


codes17 = st.text(alphabet=uscc.CHARSET, min_size=17, max_size=17)


@settings(max_examples=200, deadline=None)
@given(st.lists(codes17, min_size=1, max_size=40))
def test_the_vectorised_check_agrees_with_the_one_code_formula(bodies):
    good = [b + uscc.check_character(b) for b in bodies]
    result = uscc.check(pa.array(good))
    digits_ok = np.array([b[2:8].isdigit() for b in bodies])
    assert np.array_equal(result.status == uscc.OK, digits_ok)
    wrong = [b + uscc.CHARSET[(uscc.CHARSET.index(uscc.check_character(b)) + 1) % 31]
             for b in bodies]
    status = uscc.check(pa.array(wrong)).status
    assert np.all(status[digits_ok] == uscc.BAD_CHECK)


def test_each_problem_is_named_and_codes_are_normalised():
    codes = ["91350100M000100Y43",       # valid
             "91350100m000100y43",       # lower case: accepted, upper-cased
             " 91350100M000100Y43 ",     # spaces around: accepted
             "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width: accepted
             None, "",                   # missing
             "91350100M000100Y4",        # 17 characters
             "91350100M000100I43",       # I is not in the character set
             "91A50100M000100Y43",       # position 3 is no digit
             "91350100M000100Y44"]       # wrong check character
    result = uscc.check(pa.array(codes))
    assert list(result.status) == [uscc.OK] * 4 + [uscc.MISSING] * 2 + [
        uscc.LENGTH_WRONG, uscc.BAD_CHARACTER, uscc.BAD_DIVISION, uscc.BAD_CHECK]
    assert result.codes.to_pylist()[:4] == ["91350100M000100Y43"] * 4
    assert list(result.expected(np.array([9, 6]))) == ["3", ""]
    # the same code written four ways has one duplicate key
    assert len({(result.key_hi[i], result.key_lo[i]) for i in range(4)}) == 1


def test_blocks_of_codes_give_the_same_result_as_one_block():
    codes = pa.array(["91350100M000100Y43", "91350100m000100y43", "x", None,
                      "91350100M000100Y44"] * 7)
    whole, blocks = uscc.check(codes), uscc.check(codes, block=3)
    assert np.array_equal(whole.status, blocks.status)
    assert whole.codes.equals(blocks.codes)
    assert np.array_equal(whole.expected_byte, blocks.expected_byte)


def test_a_column_of_codes_is_checked_without_a_loop_over_codes():
    n = 200_000
    rng = np.random.default_rng(0)
    values = rng.integers(0, 31, size=(n, 18)).astype(np.uint8)
    values[:, 2:8] = rng.integers(0, 10, size=(n, 6))
    values[:, 17] = uscc.check_values(values)
    chars = np.frombuffer(uscc.CHARSET.encode(), dtype=np.uint8)[values]
    codes = pa.array(chars.view("S18").ravel()).cast(pa.string())
    result = uscc.check(codes)
    assert (result.status == uscc.OK).all()
