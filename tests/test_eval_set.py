"""The labelled evaluation set (benchmarks/data/eval_snippets.jsonl) is well-formed, its
ASR-shaped part (issue 12) regenerates exactly, and its entity part (issue 13) has the names,
addresses, QQ numbers, WeChat IDs, plates and hard negatives it promises."""

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
EVAL_SET = BENCHMARKS / "data" / "eval_snippets.jsonl"
NUMBER_ENTITIES = {
    "CN_RESIDENT_ID",
    "CN_PHONE_NUMBER",
    "CN_BANK_CARD",
    "CN_PASSPORT",
    "EMAIL_ADDRESS",
    "CN_BUSINESS_NUMBER",
}
TEXT_ENTITIES = {"PERSON", "CN_ADDRESS", "CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE"}
ENTITIES = NUMBER_ENTITIES | TEXT_ENTITIES


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
    assert all(record["shape"] for record in records if record["source"] in ("asr", "entities"))


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


@pytest.fixture(scope="module")
def entity_part(records) -> list[dict]:
    return [record for record in records if record["source"] == "entities"]


def test_names_addresses_and_the_rest_are_labelled_only_in_the_entity_part(records):
    """The older records hold unlabelled names and addresses: scoring them there would be wrong."""
    for record in records:
        entities = {label["entity"] for label in record["labels"]}
        allowed = TEXT_ENTITIES | NUMBER_ENTITIES if record["source"] == "entities" else NUMBER_ENTITIES
        assert entities <= allowed, record["id"]


def test_the_entity_part_has_400_labelled_records_and_100_hard_negatives(entity_part, make_eval_set):
    labelled = [record for record in entity_part if record["labels"]]
    negatives = [record for record in entity_part if record["shape"].startswith("negative")]
    assert len(labelled) >= 400
    assert len(negatives) >= 100
    assert all(not record["labels"] for record in negatives)
    assert {record["shape"] for record in entity_part} == set(make_eval_set.eval_entities.SHAPES)
    assert all(record["id"] == f"ent-{index:04d}" for index, record in enumerate(entity_part, 1))


def test_every_entity_is_labelled_and_compound_surnames_are_there(entity_part):
    labels = [
        (record["text"][label["start"] : label["end"]], label["entity"])
        for record in entity_part
        for label in record["labels"]
    ]
    assert {entity for _, entity in labels} == TEXT_ENTITIES
    names = [written for written, entity in labels if entity == "PERSON"]
    for surname in ("欧阳", "司马", "诸葛", "上官"):
        assert any(name.startswith(surname) for name in names), surname
    assert any(len(name) == 3 for name in names)


@pytest.mark.parametrize(
    "word", ["高兴", "王者", "常常", "方便", "张家界", "黄金", "周末", "马上", "于是", "金额", "余额"]
)
def test_hard_negatives_hold_the_words_that_start_with_a_surname(entity_part, word):
    assert any(word in record["text"] for record in entity_part if record["shape"].startswith("negative"))


def test_labels_hold_no_surrounding_punctuation(entity_part):
    for record in entity_part:
        for label in record["labels"]:
            written = record["text"][label["start"] : label["end"]]
            assert written == written.strip(" ，。？：\n"), record["id"]


def test_the_entity_part_regenerates_as_committed(entity_part, make_eval_set):
    """Its Faker names and addresses depend on Faker's version: the test's Faker must be the one
    the file was made with (pyproject pins nothing tighter, so a change shows here first)."""
    first = make_eval_set.entity_shaped()
    assert first == make_eval_set.entity_shaped()
    assert first == entity_part
