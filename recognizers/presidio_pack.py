"""Presidio recognizers for Chinese personal numbers, and a ready ``AnalyzerEngine`` for ``zh``.

Each recognizer is a thin Presidio ``EntityRecognizer`` over :func:`recognizers.scanner.scan`,
which holds every rule; a recognizer keeps the findings of its own entity. Findings of
``AnalyzerEngine.analyze`` and of ``scan`` are therefore the same (``tests/test_presidio_pack.py``
checks it on the evaluation set).

Context words are applied inside the rules, on the raw characters around a match, because
Presidio's lemma-based context enhancer does nothing with a character-tokenised Chinese pipeline.
Results are marked as already context-enhanced so the engine does not boost them twice.

Non-personal numbers (``CN_BUSINESS_NUMBER``: 400/800 and service numbers such as 95588) are
reported only when asked for by name, e.g. ``analyze(text, language="zh",
entities=["CN_BUSINESS_NUMBER"])``: Presidio users pipe every result into ``AnonymizerEngine``,
and a service number in a transcript is not personal data to redact.

Use with your own registry (personal entities only, unless ``entities=ENTITIES`` is passed)::

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

from collections.abc import Iterable

from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from recognizers import bank_card, email, passport, phone, resident_id
from recognizers.scanner import ENTITIES, PERSONAL_ENTITIES, scan

LANGUAGE = "zh"
# Reported only when asked for by name: not personal data.
NON_PERSONAL_ENTITIES = tuple(entity for entity in ENTITIES if entity not in PERSONAL_ENTITIES)


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
    """CN_PASSPORT: E/G + 8 digits or E + letter + 7 digits, with a passport word nearby."""

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


class LeadscreenAnalyzerEngine(AnalyzerEngine):
    """An ``AnalyzerEngine`` whose default (no ``entities``) leaves out non-personal entities."""

    def analyze(self, text: str, language: str, entities: list[str] | None = None, **options):
        if not entities:
            entities = self._personal_entities(language, options.get("ad_hoc_recognizers"))
        return super().analyze(text, language, entities, **options)

    def _personal_entities(self, language: str, ad_hoc_recognizers) -> list[str]:
        supported = set(self.get_supported_entities(language=language))
        for recognizer in ad_hoc_recognizers or ():
            supported.update(recognizer.supported_entities)
        return sorted(supported - set(NON_PERSONAL_ENTITIES))


def cn_recognizers(
    supported_language: str = LANGUAGE, entities: Iterable[str] = PERSONAL_ENTITIES
) -> list[ScanBackedRecognizer]:
    """New instances of leadscreen's recognizers for ``entities``, for adding to a Presidio registry.

    The default leaves out non-personal numbers, since a plain ``AnalyzerEngine`` reports every
    entity of its registry; pass ``entities=ENTITIES`` to have them too.
    """
    wanted = set(entities)
    return [
        recognizer_class(supported_language=supported_language)
        for recognizer_class in RECOGNIZER_CLASSES
        if recognizer_class.ENTITY in wanted
    ]


def build_analyzer() -> AnalyzerEngine:
    """A Presidio ``AnalyzerEngine`` for ``language="zh"`` with leadscreen's recognizers.

    Every entity is supported; without ``entities`` it reports the personal ones only. It uses
    Presidio's no-op NLP engine: the recognizers need no tokens or lemmas, so no spaCy model is
    loaded or downloaded.
    """
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in cn_recognizers(entities=ENTITIES):
        registry.add_recognizer(recognizer)
    return LeadscreenAnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])
