"""Opt-out mining reads a speech service's own result through the same reader (issue 26): the
customer's refusal is found, the agent's words are not taken for one."""

from __future__ import annotations

import json

import pytest
from asr_support import GENERATOR

from screen.ledger.optouts import find_optouts

CALLED = "13912345678"
REFUSAL = [(True, "请问|您|需要|保险|吗|？"), (False, "不需要|，|别|再|打|了|。")]
AGENT_SAYS_IT = [(True, "您|不需要|现在|决定|。"), (False, "好的|。")]


@pytest.mark.parametrize("vendor", ["alibaba", "tencent", "huawei", "iflytek", "volcengine", "whisper"])
@pytest.mark.parametrize(("turns", "heard"), [(REFUSAL, True), (AGENT_SAYS_IT, False)])
def test_a_refusal_is_heard_in_every_vendor_shape(vendor, turns, heard, tmp_path):
    document = GENERATOR.VENDORS[vendor](turns)
    document["phone"] = CALLED
    path = tmp_path / "call.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    customer = {"huawei": "USER", "whisper": "SPEAKER_01", "iflytek": "2", "volcengine": "2"}.get(vendor, "1")
    found, problems = find_optouts([str(path)], speaker=customer)
    assert problems == []
    assert [f.national for f in found] == ([CALLED] if heard else [])
