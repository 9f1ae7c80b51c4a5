"""One JSON reader: a value, or a one-line ValueError, whatever the input holds."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screen.files.json_reader import parse_json, parse_json_exactly, parse_json_object

DEEP = 100_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * DEEP + "]" * DEEP, "not valid JSON (nested too deeply)"),
        ('{"a": ' * DEEP + "1" + "}" * DEEP, "not valid JSON (nested too deeply)"),
        ("[" * DEEP, "not valid JSON (nested too deeply)"),  # unclosed as well as deep
        ("", "not valid JSON (Expecting value)"),
        ("not json", "not valid JSON (Expecting value)"),
        ('{\n"a": 1,\n"b": }', "not valid JSON (Expecting value at line 3)"),
        (b"\xff\xfe{", "not valid JSON (not UTF-8 text)"),
    ],
)
def test_unreadable_json_is_one_line_reason(text, reason):
    assert "\n" not in reason
    with pytest.raises(ValueError) as raised:
        parse_json(text)
    assert str(raised.value) == reason


@pytest.mark.parametrize("text", ["[1]", '"text"', "3", "null"])
def test_an_object_is_required_where_a_record_is_read(text):
    with pytest.raises(ValueError, match="^not a JSON object$"):
        parse_json_object(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"n": 123456789012345678901234567890}', {"n": 123456789012345678901234567890}),
        ('{"x": NaN}', None),  # NaN: only the standard library reads it
        ('{"t": "别再打了"}', {"t": "别再打了"}),
        ("[" * 500 + "]" * 500, None),  # deep but within reach
    ],
)
def test_what_the_standard_library_reads_is_read(text, value):
    parsed = parse_json(text)
    assert parsed == (json.loads(text) if value is None and "NaN" not in text else parsed)
    if value is not None:
        assert parsed == value and parse_json_exactly(text) == value


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_reads_back_what_json_writes(value):
    assert parse_json(json.dumps(value, ensure_ascii=False)) == value
