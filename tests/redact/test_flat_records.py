"""The flat-record path of JSON Lines redaction (``redact_flat_record``) gives what the general
path through slots gives, record for record, and leaves records it does not take untouched."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import bank_cards, mobiles, resident_ids

from screen.redact.fields import text_slots
from screen.redact.jobs import NOT_FLAT, RedactSettings, _redact_slots, redact_flat_record, redact_line
from screen.redact.redactor import KNOWN_CLEAN_SIZE, could_hold_a_finding

# Names of every kind: plain, saying the value is a name, address or account (replaced whole),
# and one that could hold a finding itself (家庭住址 holds the address word 住址).
FIELD_NAMES = [
    "call_id",
    "seq",
    "speaker",
    "text",
    "note",
    "手机号",
    "姓名",
    "address",
    "微信",
    "qq",
    "车牌",
    "家庭住址",
]
TEXTS = st.one_of(
    st.sampled_from(
        ["好的，您稍等", "客户", "agent", "", " ", "我叫王建国", "地址是武汉市洪山区珞喻路1037号", "c0000123"]
    ),
    mobiles(),
    resident_ids(),
    bank_cards(),
    st.builds(lambda phone: f"我的手机号是{phone}，记一下", mobiles()),
    st.text(max_size=12),
)
VALUES = st.one_of(
    TEXTS,
    st.integers(min_value=-(10**12), max_value=10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    mobiles().map(int),
)
FLAT_RECORDS = st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=5)


def _through_slots(record: dict, redactor) -> tuple[dict, object]:
    record = copy.deepcopy(record)
    return record, _redact_slots(text_slots(record, ()), redactor)


@pytest.mark.parametrize("operator", ["mask", "tag", "hash"])
@settings(max_examples=80, deadline=None)
@given(record=FLAT_RECORDS)
def test_a_flat_record_comes_out_as_through_the_slots(operator, record):
    settings = RedactSettings(operator=operator, key=b"k" * 32)
    try:
        expected, expected_counts = _through_slots(record, settings.build())
    except ValueError:  # a whole number wider than a float holds: both paths refuse the record
        try:
            left_to_the_slots = redact_flat_record(copy.deepcopy(record), settings.build()) is NOT_FLAT
        except ValueError:
            left_to_the_slots = False
        else:
            assert left_to_the_slots
        return
    original = copy.deepcopy(record)
    redactor = settings.build()
    # twice with one redactor: the second time its values are remembered (known_clean)
    for attempt in (copy.deepcopy(record), record):
        counts = redact_flat_record(attempt, redactor)
        if counts is NOT_FLAT:  # a field name that could hold a finding (微信, 家庭住址): left to the slots
            assert attempt == original
            assert any(could_hold_a_finding(name) for name in record)
            return
        assert attempt == expected
        assert (counts or {}) == (expected_counts or {})


def test_a_record_of_values_seen_clean_is_known_clean_at_once():
    redactor = RedactSettings().build()
    record = {"call_id": "c0000123", "seq": 7, "ok": True, "note": None, "text": "好的，您稍等"}
    assert redact_flat_record(dict(record), redactor) is None
    assert {"c0000123", 7, True, None, "好的，您稍等"} <= redactor.known_clean
    assert redact_flat_record(dict(record), redactor) is None
    # a value seen clean in a plain field is still replaced whole under a name field (姓名)
    named = {"姓名": "好的，您稍等", "seq": 7}
    assert redact_flat_record(named, redactor) == {"PERSON": 1}
    assert named["姓名"] != "好的，您稍等"
    # a number seen before, now in a text with a phone word: the text is scanned
    texts = {"seq": 7, "text": "手机13812345678"}
    assert redact_flat_record(texts, redactor) == {"CN_PHONE_NUMBER": 1}


# --- what one record leaves behind never decides another: a value is clean for its type and text --


@pytest.mark.parametrize(
    "earlier, line",
    [
        # 13812345678.0 == 13812345678 in Python: a float seen first must not make the integer clean
        ('{"amount": 13812345678.0}', '{"id": 1, "手机号": 13812345678}'),
        ('{"amount": 13812345678.0}', '{"tel": 13812345678}'),
        ('{"tel": "13812345678x"}', '{"tel": 13812345678}'),
        ('{"seq": 12345678, "text": "好的"}', '{"qq": 12345678}'),  # clean as a number, a QQ under qq
        ('{"ok": true, "n": 1}', '{"手机号": 1.3812345678e10}'),
    ],
)
def test_a_value_seen_clean_in_another_type_or_field_does_not_pass_a_finding(earlier, line):
    redactor = RedactSettings().build()
    redact_line(earlier, redactor, ())
    output, counts, reason = redact_line(line, redactor, ())
    fresh_output, fresh_counts, _reason = redact_line(line, RedactSettings().build(), ())
    assert reason is None and counts and (output, counts) == (fresh_output, fresh_counts)
    assert "12345678" not in output.replace(" ", "")


@pytest.mark.parametrize(
    "line, masked",
    [
        ('{"phone": 13812345678.0}', "138****5678"),  # spreadsheet and dataframe exports write floats
        ('{"手机号": 1.3812345678e10}', "138****5678"),
        ('{"tel": 13812345678.0, "nested": {"a": [1]}}', "138****5678"),  # the slot path too
        ('{"qq": 12345678}', "12****78"),  # a number under a field named for what it is: whole
        ('{"qq": 12345678, "nested": {"a": [1]}}', "12****78"),
    ],
)
def test_a_number_is_read_like_its_text(line, masked):
    output, counts, reason = redact_line(line, RedactSettings().build(), ())
    assert reason is None and sum(counts.values()) == 1
    assert masked in output


@pytest.mark.parametrize("value", ["1.1010519491231002e17", "6.222021234567890e18", "9007199254740993.0"])
def test_a_whole_number_too_wide_for_a_float_is_quarantined_not_written(value):
    output, counts, reason = redact_line(f'{{"id_no": {value}}}', RedactSettings().build(), ())
    assert output is None and "float" in reason and value not in reason


SCALARS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**13),
    st.floats(min_value=-1e15, max_value=1e15),
    mobiles().map(int),
    mobiles().map(float),
    mobiles(),
    st.booleans(),
    st.none(),
    st.sampled_from(["好的", "客户", "c0000123", "7"]),
)
MIXED_RECORDS = st.dictionaries(st.sampled_from(["seq", "amount", "手机号", "tel", "qq", "note"]), SCALARS, max_size=4)


@settings(max_examples=150, deadline=None)
@given(records=st.lists(MIXED_RECORDS, min_size=1, max_size=6))
def test_one_redactor_over_many_records_gives_what_a_fresh_one_gives_each(records):
    # the records before one never change how it comes out (what the shortcuts remember is safe)
    shared = RedactSettings().build()
    for record in records:
        line = json.dumps(record, ensure_ascii=False)
        assert redact_line(line, shared, ()) == redact_line(line, RedactSettings().build(), ())


def test_the_known_clean_values_stay_bounded():
    redactor = RedactSettings().build()
    for seq in range(3 * KNOWN_CLEAN_SIZE):
        assert redact_flat_record({"seq": seq * 0.5, "text": f"好的{seq}"}, redactor) is None
    assert 0 < len(redactor.known_clean) <= KNOWN_CLEAN_SIZE


@pytest.mark.parametrize(
    "record",
    [
        {"text": "手机13812345678", "caller": {"phone": "13912345678"}},
        {"text": "手机13812345678", "segments": [{"text": "一三八"}]},
        {"text": "手机13812345678", "13912345678": "note"},  # a field named by a number
    ],
)
def test_a_record_that_nests_or_is_named_by_a_number_is_left_untouched_to_the_slots(record):
    before = copy.deepcopy(record)
    assert redact_flat_record(record, RedactSettings().build()) is NOT_FLAT
    assert record == before


@pytest.mark.parametrize(
    "line, kept",
    [
        ('{"text": "手机13812345678", "score": NaN}', "NaN"),  # only the standard library reads NaN
        ('{"text": "手机13812345678", "id": 123456789012345678901234567890}', "123456789012345678901234567890"),
        ('{"text": "手机13812345678", "ids": [1, -9223372036854775809]}', "-9223372036854775809"),
        ('{"text": "手机13812345678", "ratio": 0.1, "flag": true, "none": null}', '"ratio":0.1'),
    ],
)
def test_a_changed_record_keeps_every_other_value_as_it_was(line, kept):
    output, counts, reason = redact_line(line, RedactSettings().build(), ())
    assert reason is None and counts["CN_PHONE_NUMBER"] == 1
    assert "13812345678" not in output and "138****5678" in output
    assert kept in output.replace(": ", ":")

    def others(text: str) -> str:  # every field but the text, written alike (NaN is not equal to NaN)
        return json.dumps({name: value for name, value in json.loads(text).items() if name != "text"})

    assert others(output) == others(line)
