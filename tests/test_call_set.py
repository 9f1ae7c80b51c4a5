"""The labelled set of whole calls (benchmarks/data/eval_calls.jsonl, issue 22) is well-formed,
covers every shape and many distractors, and regenerates exactly."""

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
CALL_SET = BENCHMARKS / "data" / "eval_calls.jsonl"
PERSONAL = {"CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD", "CN_PASSPORT", "PERSON", "CN_ADDRESS"}
PERSONAL |= {"CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE"}


@pytest.fixture(scope="module")
def make_call_set():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import make_call_set
    finally:
        sys.path.remove(str(BENCHMARKS))
    return make_call_set


@pytest.fixture(scope="module")
def calls() -> list[dict]:
    with CALL_SET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_at_least_300_calls_of_8_to_30_turns(calls):
    assert len(calls) >= 300
    assert all(8 <= call["turns"] <= 30 for call in calls)
    assert all(call["turns"] == len(call["text"].split("\n")) for call in calls)


def test_every_span_lies_in_its_call_and_personal_spans_never_touch_kept_ones(calls):
    for call in calls:
        personal = set()
        for label in call["labels"]:
            assert 0 <= label["start"] < label["end"] <= len(call["text"]), call["id"]
            assert label["entity"] in PERSONAL, call["id"]
            personal.update(range(label["start"], label["end"]))
        for kept in call["keeps"]:
            assert 0 <= kept["start"] < kept["end"] <= len(call["text"]), call["id"]
            assert personal.isdisjoint(range(kept["start"], kept["end"])), call["id"]


def test_every_shape_and_many_distractors_are_there(calls, make_call_set):
    shapes = Counter(label["shape"] for call in calls for label in call["labels"])
    assert set(shapes) == set(make_call_set.SHAPES)
    assert min(shapes.values()) >= 50
    kinds = Counter(kept["kind"] for call in calls for kept in call["keeps"])
    assert len(kinds) >= 10 and sum(kinds.values()) >= 1000
    # non-personal numbers given as the answer to a question, in pieces too
    assert kinds["order_answer"] >= 100 and kinds["code_answer"] >= 30


def test_pieces_of_one_mention_are_numbered(calls):
    for call in calls:
        mentions = Counter(label["mention"] for label in call["labels"])
        for label in call["labels"]:
            if mentions[label["mention"]] > 1:
                assert label["of"] == mentions[label["mention"]] and 1 <= label["part"] <= label["of"]


def test_regeneration_is_deterministic_and_matches_the_committed_file(calls, make_call_set):
    first, second = make_call_set.calls(), make_call_set.calls()
    assert first == second == calls
