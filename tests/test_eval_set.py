"""The labelled evaluation set (benchmarks/data/eval_snippets.jsonl) is well-formed and its
ASR-shaped part (issue 12) regenerates exactly."""

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
EVAL_SET = BENCHMARKS / "data" / "eval_snippets.jsonl"
ENTITIES = {"CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD", "CN_PASSPORT", "EMAIL_ADDRESS", "CN_BUSINESS_NUMBER"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with EVAL_SET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def make_eval_set():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import make_eval_set
    finally:
        sys.path.remove(str(BENCHMARKS))
    return make_eval_set


def test_every_span_lies_inside_its_text_with_a_known_entity(records):
    for record in records:
        for label in record["labels"]:
            assert 0 <= label["start"] < label["end"] <= len(record["text"]), record["id"]
            assert label["entity"] in ENTITIES, record["id"]
            assert record["text"][label["start"] : label["end"]].strip(), record["id"]


def test_ids_are_unique(records):
    assert len({record["id"] for record in records}) == len(records)


def test_every_record_has_a_shape(records):
    """ASR-shaped records carry it; the older ones are counted under their source."""
    for record in records:
        assert record.get("shape") or record["source"] in ("generated", "hand"), record["id"]
    assert all(record["shape"] for record in records if record["source"] == "asr")


def test_at_least_300_new_records_over_every_shape(records, make_eval_set):
    new = [record for record in records if record["source"] == "asr"]
    assert len(new) >= 300
    assert {record["shape"] for record in new} == set(make_eval_set.ASR_SHAPES)


def test_look_alikes_have_no_personal_span(records):
    for record in records:
        if record.get("shape", "").startswith("lookalike") and record["shape"] != "lookalike_beside_personal":
            assert all(label["entity"] == "CN_BUSINESS_NUMBER" for label in record["labels"]), record["id"]


def test_regeneration_is_deterministic_and_matches_the_committed_file(records, make_eval_set):
    first, second = make_eval_set.asr_shaped(), make_eval_set.asr_shaped()
    assert first == second
    assert first == [record for record in records if record["source"] == "asr"]
