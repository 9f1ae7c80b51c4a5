"""Presidio recognizer for Chinese personal numbers, and a ready ``AnalyzerEngine`` for ``zh``.

One Presidio ``EntityRecognizer`` covers every leadscreen entity: it runs
:func:`recognizers.call.scan_text` (:func:`recognizers.scanner.scan`, which holds every rule, or
the call layer for a transcript) once per ``analyze`` call and keeps the findings of the requested
entities. Findings of ``AnalyzerEngine.analyze`` and of ``scan_text`` are therefore the same
(``tests/recognizers/test_presidio_pack.py`` checks it on the evaluation set).

A call is passed as ONE text, one turn per line, each line starting with its speaker's label and
a colon (``坐席：请问您的手机号是多少？\n客户：幺三八，\n坐席：嗯。\n客户：一二三四…``): the
recognizer then reads the call as a whole (:mod:`recognizers.call`: the agent's question sets the
type of the answer, numbers in pieces, corrections, names given alone, call memory), as
``leadscreen scan`` and ``redact`` do. A number said over several turns is reported once per
piece, so an ``AnonymizerEngine`` replaces its pieces and leaves the backchannels between them.
Lines passed to ``analyze`` one at a time are read one sentence at a time, without that context.

Non-personal numbers (``CN_BUSINESS_NUMBER``: 400/800 and service numbers such as 95588) are
reported only when asked for by name, e.g. ``analyze(text, language="zh",
entities=["CN_BUSINESS_NUMBER"])``: Presidio users pipe every result into ``AnonymizerEngine``,
and a service number in a transcript is not personal data to redact.

Context words are applied inside the rules, on the raw characters around a match, because
Presidio's lemma-based context enhancer does nothing with a character-tokenised Chinese pipeline.
Results are marked as already context-enhanced so the engine does not boost them twice.

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

from recognizers import bank_card, email, passport, phone, resident_id, text_entities
from recognizers.call import scan_text as scan  # a transcript of two speakers is read as a call
from recognizers.findings import Finding
from recognizers.scanner import ENTITIES, PERSONAL_ENTITIES

LANGUAGE = "zh"
# Reported only when asked for by name: not personal data.
NON_PERSONAL_ENTITIES = tuple(entity for entity in ENTITIES if entity not in PERSONAL_ENTITIES)
CONTEXT_WORDS = tuple(
    dict.fromkeys(
        resident_id.CONTEXT
        + phone.CONTEXT
        + bank_card.CONTEXT
        + passport.CONTEXT
        + email.CONTEXT
        + text_entities.CONTEXT
    )
)


class LeadscreenRecognizer(EntityRecognizer):
    """Every leadscreen entity in one Presidio recognizer, so one ``analyze`` scans the text once."""

    def __init__(
        self,
        supported_language: str = LANGUAGE,
        supported_entities: Iterable[str] = ENTITIES,
        name: str | None = None,
    ):
        super().__init__(
            supported_entities=list(supported_entities),
            supported_language=supported_language,
            name=name,
            context=list(CONTEXT_WORDS),
        )

    def load(self) -> None:  # rules and tables load lazily on first use
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        wanted = set(self.supported_entities)
        if entities:
            wanted &= set(entities)
        if not wanted:
            return []
        # a transcript of two speakers (one turn per line, 坐席：/客户：) is read as a call; a
        # number said over several turns gives one result per piece, so an anonymizer leaves the
        # other speaker's words between them alone
        return [
            self._result(finding, start, end)
            for finding in scan(text, entities=wanted)
            for start, end in finding.pieces
        ]

    def _result(self, finding: Finding, start: int, end: int) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=finding.score,
            textual_explanation=finding.reason,
        )
        return RecognizerResult(
            entity_type=finding.entity,
            start=start,
            end=end,
            score=finding.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                **finding.metadata,
            },
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
) -> list[LeadscreenRecognizer]:
    """Leadscreen's recognizer for ``entities``, as a list to add to a Presidio registry.

    The default leaves out non-personal numbers, since a plain ``AnalyzerEngine`` reports every
    entity of its registry; pass ``entities=ENTITIES`` to have them too.
    """
    return [LeadscreenRecognizer(supported_language=supported_language, supported_entities=entities)]


def build_analyzer() -> AnalyzerEngine:
    """A Presidio ``AnalyzerEngine`` for ``language="zh"`` with leadscreen's recognizer.

    Every entity is supported; without ``entities`` it reports the personal ones only. It uses
    Presidio's no-op NLP engine: the recognizer needs no tokens or lemmas, so no spaCy model is
    loaded or downloaded.
    """
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in cn_recognizers(entities=ENTITIES):
        registry.add_recognizer(recognizer)
    return LeadscreenAnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])
