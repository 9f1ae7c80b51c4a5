"""Lists of short strings that together spell a finding (ASR word lists in any JSON shape) are
redacted as one sequence: no word keeps a piece of a number or a name.

The shapes below are written from the vendors' documented examples (Huawei SIS ``word_info``,
Alibaba ``Words``, Tencent ``Words``, iFlytek ``ws[].cw[].w``, Whisper ``words``) with synthetic
values; none comes from a real call.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import mobiles, resident_ids

from screen.redact.fields import word_list
from screen.redact.jobs import RedactSettings, redact_line

PHONE = "13812345678"
RESIDENT_ID = "11010519491231002X"


def _strings(value) -> list[str]:
    """Every string in a JSON value, nested JSON strings included."""
    if isinstance(value, str):
        try:
            inner = json.loads(value)
        except ValueError:
            return [value]
        return [value, *_strings(inner)] if isinstance(inner, (dict, list)) else [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _redacted(record: dict) -> dict:
    output, counts, reason = redact_line(json.dumps(record, ensure_ascii=False), RedactSettings().build(), ())
    assert reason is None, reason
    return json.loads(output)


def _spelled(words: list[str]) -> str:
    return "".join(words)


SPLIT_PHONE = ["我的", "手机号", "是", "138", "1234", "5678"]
SPOKEN_PHONE = ["手机", "幺", "三", "八", "一", "二", "三", "四", "五", "六", "七", "八"]
SPLIT_ID = ["身份证", "110105", "1949", "1231", "002X"]


@pytest.mark.parametrize(
    "record",
    [
        pytest.param({"words": SPLIT_PHONE}, id="strings"),
        pytest.param({"chars": SPOKEN_PHONE}, id="spoken-characters"),
        pytest.param({"words": SPLIT_ID}, id="resident-id"),
        pytest.param(
            {
                "result": {
                    "text": "x",
                    "word_info": [{"start_time": i * 100, "word": w} for i, w in enumerate(SPLIT_PHONE)],
                }
            },
            id="huawei-word_info",
        ),
        pytest.param(
            {"Words": [{"Word": w, "BeginTime": i, "EndTime": i + 1} for i, w in enumerate(SPLIT_PHONE)]}, id="alibaba"
        ),
        pytest.param({"Words": [{"Word": w, "OffsetStartMs": i} for i, w in enumerate(SPLIT_ID)]}, id="tencent"),
        pytest.param(
            {"ws": [{"bg": i, "cw": [{"w": w, "wp": "n"}]} for i, w in enumerate(SPOKEN_PHONE)]}, id="iflytek-ws"
        ),
        pytest.param(
            {
                "segments": [
                    {
                        "text": "x",
                        "words": [{"word": w, "start": i, "probability": 0.9} for i, w in enumerate(SPLIT_PHONE)],
                    }
                ]
            },
            id="whisper-words",
        ),
        pytest.param({"tokens": [{"t": w} for w in SPLIT_PHONE]}, id="one-string-field"),
    ],
)
def test_no_word_keeps_a_piece_of_the_number(record):
    out = _redacted(record)
    everything = "".join(_strings(out))
    digits = re.sub(r"\D", "", everything.translate(str.maketrans("幺一二三四五六七八九零", "11234567890")))
    for number in (PHONE, RESIDENT_ID[:17]):
        assert number[3:7] not in digits  # the middle digits the mask hides appear nowhere


@pytest.mark.parametrize(
    "words, kept",
    [
        (["订单号", "2024", "1120", "0001"], ["订单号", "2024", "1120", "0001"]),  # not personal
        (["好的", "您", "稍等"], ["好的", "您", "稍等"]),
        (["13812345678", "13912345678"], ["138****5678", "139****5678"]),  # two whole numbers, each found
    ],
)
def test_a_word_list_without_a_split_finding_is_read_word_by_word(words, kept):
    assert _redacted({"words": words})["words"] == kept


def test_a_name_spelt_word_by_word_is_masked_across_its_words():
    out = _redacted({"words": ["我叫", "王", "建国"]})["words"]
    assert out[0] == "我叫" and "建国" not in "".join(out) and "国" not in "".join(out)


@pytest.mark.parametrize(
    "value",
    [[1, 2, 3], ["only one"], [{"a": "x", "b": "y"}, {"a": "z", "b": "w"}], [{"n": 1}, {"n": 2}], []],
)
def test_lists_that_are_not_word_lists(value):
    assert word_list(value) is None


@settings(max_examples=120, deadline=None)
@given(number=st.one_of(mobiles(), resident_ids()), cuts=st.sets(st.integers(min_value=1, max_value=40), max_size=8))
def test_a_sentence_cut_into_words_anywhere_comes_out_as_the_sentence_does(number, cuts):
    sentence = f"我的号码是{number}，记一下"
    bounds = [0, *sorted(cut for cut in cuts if cut < len(sentence)), len(sentence)]
    words = [sentence[low:high] for low, high in zip(bounds, bounds[1:])]
    whole = _redacted({"text": sentence})["text"]
    out = _redacted({"words": words, "shape": [{"word": word, "start": index} for index, word in enumerate(words)]})
    if len(words) > 1:
        assert _spelled(out["words"]) == whole
        assert _spelled(item["word"] for item in out["shape"]) == whole
    assert number not in json.dumps(out, ensure_ascii=False)
