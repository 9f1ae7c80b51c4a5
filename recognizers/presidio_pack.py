"""Presidio recognizers for Chinese personal numbers, and a ready ``AnalyzerEngine`` for ``zh``.

Each recognizer is a thin Presidio ``EntityRecognizer`` over :func:`recognizers.scanner.scan`,
which holds every rule; a recognizer keeps the findings of its own entity. Findings of
``AnalyzerEngine.analyze`` and of ``scan`` are therefore the same (``tests/test_presidio_pack.py``
checks it on the evaluation set).

Context words are applied inside the rules, on the raw characters around a match, because
Presidio's lemma-based context enhancer does nothing with a character-tokenised Chinese pipeline.
Results are marked as already context-enhanced so the engine does not boost them twice.

Use with your own registry::

    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from recognizers import cn_recognizers
    registry = RecognizerRegistry(supported_languages=["zh"])
    for recognizer in cn_recognizers():
        registry.add_recognizer(recognizer)

or take the whole engine, which needs no spaCy model and no network:

>>> analyzer = build_analyzer()
>>> [(r.entity_type, r.start, r.end) for r in analyzer.analyze("手机幺三八一二三四五六七八", language="zh")]
[('CN_PHONE_NUMBER', 2, 13)]
"""

from __future__ import annotations

from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from recognizers import bank_card, email, passport, phone, resident_id
from recognizers.scanner import scan

LANGUAGE = "zh"


class ScanBackedRecognizer(EntityRecognizer):
    """A Presidio recognizer for one entity, backed by the shared scanner."""

    ENTITY: str = ""
    CONTEXT: tuple[str, ...] = ()

    def __init__(self, supported_language: str = LANGUAGE, name: str | None = None):
        super().__init__(
            supported_entities=[self.ENTITY],
            supported_language=supported_language,
            name=name,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:  # rules and tables load lazily on first use
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if entities and self.ENTITY not in entities:
            return []
        results = []
        for finding in scan(text, entities=(self.ENTITY,)):
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=finding.score,
                textual_explanation=finding.reason,
            )
            results.append(
                RecognizerResult(
                    entity_type=finding.entity,
                    start=finding.start,
                    end=finding.end,
                    score=finding.score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                        **finding.metadata,
                    },
                )
            )
        return results


class CnResidentIdRecognizer(ScanBackedRecognizer):
    """CN_RESIDENT_ID: 18-character IDs (MOD 11-2, date, address), permits, old 15-digit with context."""

    ENTITY = resident_id.ENTITY
    CONTEXT = resident_id.CONTEXT


class CnPhoneRecognizer(ScanBackedRecognizer):
    """CN_PHONE_NUMBER: mobile numbers in allocated ranges, landlines with area code."""

    ENTITY = phone.ENTITY
    CONTEXT = phone.CONTEXT


class CnBusinessNumberRecognizer(ScanBackedRecognizer):
    """CN_BUSINESS_NUMBER: 400/800 and five-digit service numbers (not personal data)."""

    ENTITY = phone.BUSINESS_ENTITY
    CONTEXT = phone.CONTEXT


class CnBankCardRecognizer(ScanBackedRecognizer):
    """CN_BANK_CARD: 15–19 digits with a known Chinese BIN and/or Luhn and/or card words."""

    ENTITY = bank_card.ENTITY
    CONTEXT = bank_card.CONTEXT


class CnPassportRecognizer(ScanBackedRecognizer):
    """CN_PASSPORT: passports and Hong Kong, Macao and Taiwan travel permits, with a document word nearby."""

    ENTITY = passport.ENTITY
    CONTEXT = passport.CONTEXT


class OfflineEmailRecognizer(ScanBackedRecognizer):
    """EMAIL_ADDRESS in Chinese text, domain checked against tldextract's bundled suffix list."""

    ENTITY = email.ENTITY
    CONTEXT = email.CONTEXT


RECOGNIZER_CLASSES = (
    CnResidentIdRecognizer,
    CnPhoneRecognizer,
    CnBankCardRecognizer,
    CnPassportRecognizer,
    OfflineEmailRecognizer,
    CnBusinessNumberRecognizer,
)


def cn_recognizers(supported_language: str = LANGUAGE) -> list[ScanBackedRecognizer]:
    """New instances of every leadscreen recognizer, for adding to a Presidio registry."""
    return [recognizer_class(supported_language=supported_language) for recognizer_class in RECOGNIZER_CLASSES]


def build_analyzer() -> AnalyzerEngine:
    """A Presidio ``AnalyzerEngine`` for ``language="zh"`` with leadscreen's recognizers.

    It uses Presidio's no-op NLP engine: the recognizers need no tokens or lemmas, so no spaCy
    model is loaded or downloaded.
    """
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in cn_recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])
