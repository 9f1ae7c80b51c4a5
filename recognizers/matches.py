"""The result type every identifier module returns (the scan finding built from it is in
:mod:`recognizers.findings`: it masks, and masking calls on the identifier modules)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(
    slots=True
)  # not frozen: a frozen dataclass is three times slower to build, and these are built per candidate
class Match:
    """A validated candidate: what it is, how sure we are, and its canonical (compact) value."""

    entity: str
    score: float
    # canonical form (phone as 11 digits or area code + number); kept out of repr so that logging
    # a match never prints the raw number
    value: str = field(repr=False)
    reason: str = ""  # short explanation for Presidio's AnalysisExplanation / scan output
    metadata: dict = field(default_factory=dict)
