"""A match located in a text: what :func:`recognizers.scanner.scan` returns.

Apart from :class:`recognizers.matches.Match` because a finding shows itself masked, and the
masks of names and addresses belong to the identifier modules that return matches: kept in
one module, matches, masking and the word finders imported each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recognizers.masking import mask


@dataclass(
    slots=True
)  # not frozen: a frozen dataclass is three times slower to build, and these are built per candidate
class Finding:
    """A match located in a text: ``text[start:end]`` are the original characters."""

    entity: str
    start: int
    end: int
    score: float
    value: str = field(repr=False)  # the raw number: never print or log it
    # the masked value for people (see :attr:`masked`); computed when first asked for: redaction
    # masks with its own settings, and most findings are never shown
    masked_value: str | None = field(default=None, repr=False, compare=False)
    reason: str = ""
    metadata: dict = field(default_factory=dict)
    # A number said over several turns (客户：幺三八。客服：嗯。客户：一二三四…): the ``(start, end)``
    # of each of its pieces, the other speaker's words left out; empty when it is one piece.
    parts: tuple[tuple[int, int], ...] = ()

    @property
    def masked(self) -> str:
        """The value masked for people to see (138****5678, 张**)."""
        if self.masked_value is None:
            self.masked_value = mask(self.entity, self.value)
        return self.masked_value

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """Where the number's characters are: its parts, or its whole span."""
        return self.parts or ((self.start, self.end),)

    def public_dict(self) -> dict:
        """Everything but the raw value: safe to print, log or store."""
        return {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 2),
            "masked": self.masked,
            "reason": self.reason,
            **({"metadata": self.metadata} if self.metadata else {}),
            **({"parts": [list(part) for part in self.parts]} if self.parts else {}),
        }
