"""The property of issue 26: a call redacted in any vendor's shape and read back gives what
redacting the internal call gives (same texts, same counts), whatever the words and turns."""

from __future__ import annotations

import json

from asr_support import GENERATOR, VENDORS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screen.asr import read_call
from screen.redact.jobs import RedactSettings, redact_asr_document

# words that make a name, a phone and an ID when said in order, over one turn or several
WORDS = (
    "我", "叫", "张伟", "张", "伟", "先生", "手机号", "是", "一三八", "幺三八", "一二三四", "五六七八", "1234",
    "身份证", "一一零一零五", "一九四九", "一二三一", "零零二X", "好的", "嗯", "您好", "，", "。", "138",
)  # fmt: skip

KEY = bytes(range(32))
turns = st.lists(
    st.tuples(st.booleans(), st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map("|".join)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vendor=st.sampled_from(VENDORS), call_turns=turns, operator=st.sampled_from(["mask", "tag", "encrypt"]))
def test_redacting_any_shape_reads_back_as_redacting_the_call(vendor, call_turns, operator):
    document = json.loads(json.dumps(GENERATOR.VENDORS[vendor](call_turns)))
    call = read_call(document)
    config = RedactSettings(operator=operator, key=KEY)
    redactor = config.build()
    expected, expected_counts = redactor.redact_segments(
        [s.text for s in call.segments], [s.speaker for s in call.segments]
    )
    output, counts = redact_asr_document(document, config.build(), config)
    assert [s.text for s in read_call(output).segments] == expected
    assert counts == expected_counts
