"""The "plain Presidio setup" leadscreen is compared with, shared by both benchmarks.

This is what a user would put together in a day from Presidio's documentation for Chinese text:

- ``AnalyzerEngine`` on a blank spaCy ``zh`` pipeline. :class:`BlankZhNlpEngine` sets
  ``self.nlp = {"zh": spacy.blank("zh")}`` in ``load()``, so no model is downloaded;
- Presidio's ``PhoneRecognizer`` for region CN (libphonenumber's matcher);
- Presidio's Luhn ``CreditCardRecognizer``;
- an 18-character resident ID ``PatternRecognizer`` whose ``validate_result`` is python-stdnum's
  ``cn.ric.is_valid`` (MOD 11-2 check character, birth date, region).

The ID regex is bounded with ``(?<![0-9])``/``(?![0-9])`` rather than ``\\b``: in Chinese text ``\\b``
never fires between a Chinese character and a digit (both are word characters), and anyone testing
their regex on one Chinese sentence would notice. The stock recognizers are used as shipped (the
credit-card pattern's ``\\b`` included): that is the point of the comparison.

Presidio's entity names differ from leadscreen's; :data:`ENTITY_MAP` translates them so the
benchmarks compare like with like.
"""

from __future__ import annotations

import spacy
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, PhoneRecognizer
from stdnum.cn import ric

LANGUAGE = "zh"

# Presidio entity -> leadscreen entity
ENTITY_MAP = {
    "PHONE_NUMBER": "CN_PHONE_NUMBER",
    "CREDIT_CARD": "CN_BANK_CARD",
    "CN_RESIDENT_ID": "CN_RESIDENT_ID",
}


class BlankZhNlpEngine(SpacyNlpEngine):
    """spaCy's blank Chinese pipeline (character tokens, no model): nothing is downloaded."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank"}])

    def load(self) -> None:
        self.nlp = {LANGUAGE: spacy.blank(LANGUAGE)}


class ResidentIdRecognizer(PatternRecognizer):
    """18 characters: address, birth date, sequence, check character (validated by stdnum)."""

    PATTERNS = [
        Pattern(
            "CN resident ID (18)",
            r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])",
            0.5,
        )
    ]
    CONTEXT = ["身份证", "证件号"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CN_RESIDENT_ID",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
        )

    def validate_result(self, pattern_text: str) -> bool:
        try:
            return ric.is_valid(pattern_text)
        except KeyError:  # python-stdnum 2.2 fails this way on a few region codes (e.g. 620201)
            return False


def build_plain_analyzer() -> AnalyzerEngine:
    """The analyzer described in the module docstring."""
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(PhoneRecognizer(supported_regions=("CN",), supported_language=LANGUAGE))
    registry.add_recognizer(CreditCardRecognizer(supported_language=LANGUAGE))
    registry.add_recognizer(ResidentIdRecognizer())
    return AnalyzerEngine(registry=registry, nlp_engine=BlankZhNlpEngine(), supported_languages=[LANGUAGE])


def plain_findings(analyzer: AnalyzerEngine, text: str) -> list[tuple[str, int, int]]:
    """``(leadscreen entity, start, end)`` for each result of the plain analyzer."""
    return [
        (ENTITY_MAP.get(result.entity_type, result.entity_type), result.start, result.end)
        for result in analyzer.analyze(text=text, language=LANGUAGE)
    ]
