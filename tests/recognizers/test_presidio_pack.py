"""The Presidio recognizers and leadscreen's scan path share one set of rules: same findings."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_anonymizer import AnonymizerEngine
from strategies import unmark

from recognizers import ENTITIES, PERSONAL_ENTITIES, build_analyzer, cn_recognizers
from recognizers.call import scan_text as scan  # the Presidio path reads a transcript as a call too
from recognizers.sample_texts import SAMPLE_TEXTS

EVAL_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval_snippets.jsonl"


def _eval_texts() -> list[str]:
    with EVAL_SET.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


def _as_tuples_presidio(results) -> set[tuple]:
    return {(r.entity_type, r.start, r.end, round(r.score, 6)) for r in results}


def _as_tuples_scan(findings) -> set[tuple]:
    """One tuple per piece: a number said over several turns is one Presidio result per piece."""
    return {(f.entity, start, end, round(f.score, 6)) for f in findings for start, end in f.pieces}


def test_evaluation_set_is_there_and_large():
    assert len(_eval_texts()) >= 300


def test_both_paths_return_the_same_findings_on_the_evaluation_set(analyzer):
    texts = _eval_texts() + list(SAMPLE_TEXTS)
    differing = [
        text
        for text in texts
        if _as_tuples_presidio(analyzer.analyze(text, language="zh"))
        != _as_tuples_scan(scan(text, entities=PERSONAL_ENTITIES))
        or _as_tuples_presidio(analyzer.analyze(text, language="zh", entities=list(ENTITIES)))
        != _as_tuples_scan(scan(text))
    ]
    assert differing == []
    # and the comparison is not vacuous: many texts have findings (a third: the issue-12 ASR shapes
    # are mostly missed until the recognizers learn them)
    assert sum(1 for text in texts if scan(text)) > len(texts) // 2


def test_both_paths_return_the_same_names_and_addresses_without_a_name_word(analyzer):
    # issue 23: names the model finds and addresses down to the door, through both paths
    from test_address import DOWN_TO_THE_DOOR
    from test_person import WHOLE_AFTER_A_NAME_WORD, WITHOUT_A_NAME_WORD

    texts = [unmark(marked)[0] for marked in WHOLE_AFTER_A_NAME_WORD + WITHOUT_A_NAME_WORD + DOWN_TO_THE_DOOR]
    for text in texts:
        presidio = _as_tuples_presidio(analyzer.analyze(text, language="zh", entities=list(ENTITIES)))
        assert presidio == _as_tuples_scan(scan(text)), text
    assert all(scan(text) for text in texts)


@pytest.mark.parametrize("entity", ENTITIES)
def test_asking_for_one_entity_returns_only_that_entity(analyzer, entity):
    text = " ".join(SAMPLE_TEXTS)
    results = analyzer.analyze(text, language="zh", entities=[entity])
    assert {r.entity_type for r in results} <= {entity}
    assert _as_tuples_presidio(results) == _as_tuples_scan(scan(text, entities=[entity]))


def _a_users_own_analyzer() -> AnalyzerEngine:
    """A plain AnalyzerEngine over a registry holding cn_recognizers(), as a Presidio user builds one."""
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    registry = RecognizerRegistry(supported_languages=["zh"])
    for recognizer in cn_recognizers():
        registry.add_recognizer(recognizer)
    engine = NoOpNlpEngine(models=[{"lang_code": "zh", "model_name": "none"}])
    engine.load()
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["zh"])


def test_recognizers_plug_into_a_users_own_registry():
    analyzer = _a_users_own_analyzer()
    results = analyzer.analyze("请拨打幺三八 幺二三四 五六七八找我", language="zh")
    assert [(r.entity_type, r.start, r.end) for r in results] == [("CN_PHONE_NUMBER", 3, 16)]
    assert {entity for r in cn_recognizers() for entity in r.supported_entities} == set(PERSONAL_ENTITIES)
    assert {entity for r in cn_recognizers(entities=ENTITIES) for entity in r.supported_entities} == set(ENTITIES)


SERVICE_NUMBERS_TEXT = "有问题打客服95588或者400-810-8888，我的手机是13912345678"


def test_default_analysis_leaves_service_numbers_out(analyzer):
    # scan reports them (the test is not vacuous); the Presidio default must not, since its
    # users hand every result to the anonymizer
    assert {f.entity for f in scan(SERVICE_NUMBERS_TEXT)} == {"CN_BUSINESS_NUMBER", "CN_PHONE_NUMBER"}
    results = analyzer.analyze(SERVICE_NUMBERS_TEXT, language="zh")
    assert {r.entity_type for r in results} == {"CN_PHONE_NUMBER"}
    redacted = AnonymizerEngine().anonymize(text=SERVICE_NUMBERS_TEXT, analyzer_results=results).text
    assert "95588" in redacted and "400-810-8888" in redacted and "13912345678" not in redacted


def test_service_numbers_are_reported_when_asked_for_by_name(analyzer):
    results = analyzer.analyze(SERVICE_NUMBERS_TEXT, language="zh", entities=["CN_BUSINESS_NUMBER"])
    assert len(results) == 2
    assert _as_tuples_presidio(results) == _as_tuples_scan(scan(SERVICE_NUMBERS_TEXT, entities=["CN_BUSINESS_NUMBER"]))


def test_a_users_own_registry_leaves_service_numbers_out_by_default():
    analyzer = _a_users_own_analyzer()
    assert {r.entity_type for r in analyzer.analyze(SERVICE_NUMBERS_TEXT, language="zh")} == {"CN_PHONE_NUMBER"}


def test_one_analysis_scans_the_text_once(analyzer, monkeypatch):
    from recognizers import presidio_pack

    calls = []

    def counting_scan(text, entities=None):
        calls.append(text)
        return scan(text, entities=entities)

    monkeypatch.setattr(presidio_pack, "scan", counting_scan)
    text = " ".join(SAMPLE_TEXTS) + SERVICE_NUMBERS_TEXT
    results = analyzer.analyze(text, language="zh", entities=list(ENTITIES))
    assert len(calls) == 1
    assert {r.entity_type for r in results} == set(ENTITIES)
    calls.clear()
    analyzer.analyze(text, language="zh")
    assert len(calls) == 1


def test_bank_name_is_reported_in_the_explanation_metadata(analyzer):
    [result] = analyzer.analyze("银行卡号6222021234567890128", language="zh", return_decision_process=True)
    assert result.recognition_metadata["bank_name"] == "中国工商银行"
    assert "Luhn" in result.analysis_explanation.textual_explanation


def test_analyzer_works_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    analyzer = build_analyzer()
    results = analyzer.analyze("邮箱 li.na@mail.example.cn 电话13912345678", language="zh")
    assert {r.entity_type for r in results} == {"EMAIL_ADDRESS", "CN_PHONE_NUMBER"}
