"""The length-preserving fold and the digit-group runs every recognizer works on.

The expected digit forms come from ``strategies`` (written out from docs/number-rules.md), not from
:data:`recognizers.normalize.SPOKEN_DIGITS`.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import FORMAL, FULL_WIDTH, SPOKEN, unmark

from recognizers.normalize import SEPARATORS, fold, number_runs

SPOKEN_PAIRS = [(char, digit) for digit, chars in SPOKEN.items() for char in chars]


@pytest.mark.parametrize("char, digit", SPOKEN_PAIRS)
def test_spoken_digits_fold_to_ascii(char, digit):
    assert fold(char) == digit


@pytest.mark.parametrize("digit, char", sorted(FORMAL.items()))
def test_formal_digits_fold_to_ascii(digit, char):
    assert fold(char) == digit


@pytest.mark.parametrize("digit, char", sorted(FULL_WIDTH.items()))
def test_full_width_digits_fold_to_ascii(digit, char):
    assert fold(char) == digit


@pytest.mark.parametrize("char, folded", [("叉", "X"), ("Ｘ", "X"), ("ｘ", "x"), ("＋", "+")])
def test_check_character_and_plus_forms(char, folded):
    assert fold(char) == folded


@pytest.mark.parametrize("text", ["十", "百", "千", "万", "亿", "个", "号", "手机", "abcXYZ", "－", "　", "ＡＢ"])
def test_other_characters_are_left_alone(text):
    assert fold(text) == text


@pytest.mark.parametrize(
    "text, folded",
    [
        ("幺三八 一二三四 ５６７８", "138 1234 5678"),
        ("洞洞八六-幺三八", "0086-138"),
        ("两千三百", "2千3百"),  # numerals with units are not digits strings; they stay apart
        ("拐弯", "7弯"),
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


@given(st.text(max_size=80))
def test_fold_preserves_length_and_is_idempotent(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded


# Runs: ⟦ ⟧ marks each run, the second column gives its digits.
RUNS = [
    ("电话：⟦幺三八-一二三四-五六七八⟧。", ["13812345678"]),
    ("⟦138 1234 5678⟧", ["13812345678"]),
    ("⟦138 - 1234 - 5678⟧", ["13812345678"]),  # up to three separators in a row
    ("138    1234", []),  # four: two groups of too few digits
    ("⟦13812345678⟧    ⟦13912345678⟧", ["13812345678", "13912345678"]),
    ("⟦1,234,567⟧", ["1234567"]),
    ("(⟦010)62345678⟧", ["01062345678"]),  # the bracket before the first digit is not a digit
    ("+⟦86 138 1234 5678⟧", ["8613812345678"]),
    ("身份证⟦11010519491231002 X⟧", ["11010519491231002X"]),
    ("⟦11010519491231002x⟧烧", ["11010519491231002X"]),  # X before a Chinese character still ends the run
    ("⟦11010519491231002⟧Xa", ["11010519491231002"]),  # X glued to letters is a word, not a check character
    ("E⟦12345678⟧", ["12345678"]),
    ("1234", []),  # fewer than five digits
    ("⟦12345⟧号和⟦67890⟧", ["12345", "67890"]),
    ("⟦１３８　１２３４　５６７８⟧", ["13812345678"]),
]


@pytest.mark.parametrize("marked, digits", RUNS)
def test_number_runs(marked, digits):
    text, spans = unmark(marked)
    runs = number_runs(fold(text))
    assert [(run.start, run.end) for run in runs] == spans
    assert [run.digits for run in runs] == digits


def test_the_plus_sign_is_recorded_on_the_first_group_only():
    [run] = number_runs(fold("＋86 138 1234 5678"))
    assert [group.plus for group in run.groups] == [True, False, False, False]


def test_min_digits():
    assert number_runs("1234") == []
    assert [run.digits for run in number_runs("1234", min_digits=4)] == ["1234"]


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_every_separator_joins_two_groups(separator):
    [run] = number_runs(fold(f"138{separator}12345678"))
    assert run.digits == "13812345678"


@given(st.text(max_size=60))
def test_groups_lie_inside_the_text_and_read_back_their_digits(text):
    folded = fold(text)
    for run in number_runs(folded, min_digits=1):
        assert 0 <= run.start < run.end <= len(text)
        for group in run.groups:
            assert folded[group.start : group.end].upper() == group.digits


# With the original text, groups are also split where the digits change between written and word
# form, and a word digit at either end of a run (一直, 唯一) becomes a group of its own; the second
# column lists the groups' digits.
FORM_SPLITS = [
    ("13812345678一直", ["13812345678", "1"]),
    ("第一13812345678", ["1", "13812345678"]),
    ("138一二三四5678", ["138", "1234", "5678"]),
    ("１３８幺二三四", ["138", "123", "4"]),  # full-width digits are written digits
    ("幺三八壹贰叁肆", ["1", "38123", "4"]),  # spoken and formal are both word digits
    ("幺三八一二三四五六七八一直", ["1", "3812345678", "1"]),
    ("幺三八 一二三四 五六七八", ["1", "38", "1234", "567", "8"]),
    ("138 1234 5678", ["138", "1234", "5678"]),
    ("11010519491231002X一直", ["11010519491231002", "X"]),  # the X ends the run
    ("11010519491231002X123", ["11010519491231002"]),  # X before written digits is no check character
    ("11010519491231002叉", ["11010519491231002", "X"]),
]


@pytest.mark.parametrize("text, groups", FORM_SPLITS)
def test_groups_split_where_the_form_changes(text, groups):
    runs = number_runs(text)
    assert [group.digits for run in runs for group in run.groups] == groups
    for run in runs:
        for group in run.groups:
            assert fold(text[group.start : group.end]).upper() == group.digits


@pytest.mark.parametrize("text", ["13812345678一直", "第一13812345678", "138一二三四5678"])
def test_without_the_text_the_groups_are_not_split(text):
    [run] = number_runs(fold(text))
    assert len(run.groups) == 1 and run.digits == fold(text).strip("第直")
