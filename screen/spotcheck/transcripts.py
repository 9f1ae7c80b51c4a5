"""Compliance spot checks: sample records, examine each closely, estimate rates for the whole.

For transcripts (raw or redacted: text, JSONL, ASR JSON) each sampled record is checked for
residual personal numbers (the question for a redacted file is "did anything leak?") and for
opt-out phrases. For lead lists (CSV, Excel, Parquet, JSONL rows) each sampled row is shown with
screening's reasons (:mod:`screen.spotcheck.lists`). Every finding rate comes with a 95 % Wilson interval and the
population size, so the officer signs off on an estimate, not an impression.

Nothing raw leaves this module: records are kept as display text in which every finding is
replaced by its masked form, and any other run of seven or more digits is masked as well (a
number the recognizers missed must not reach the report either), both with the shared masking of
:mod:`recognizers.masking`. A record is named by its own id (masked the same way) when it carries
one, else by its place in its file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from recognizers import PERSONAL_ENTITIES, scan
from recognizers.masking import mask_middle
from recognizers.normalize import fold
from screen import clock
from screen.errors import UsageError
from screen.files.formats import TABLE_FORMATS, TEXT_FORMATS, format_of
from screen.files.text import decode_text
from screen.spotcheck.estimates import Estimate
from screen.spotcheck.sampling import JsonlSource, Progress, WholeFileSource, sample_sources

_LONG_DIGIT_RUN = re.compile(r"[0-9Xx](?:[ \-]?[0-9]){6,}")
LEFTOVER_KEEP = (3, 2)  # digits kept at each end of a long run no recognizer claimed
# a record's own id, when it carries one (else its place in the file identifies it)
RECORD_ID_FIELDS = ("record_id", "call_id", "id", "consent_id")


@dataclass
class Highlight:
    start: int
    end: int
    label: str  # entity or finding name
    shown: str  # what the report shows in place of the original characters


@dataclass
class SampledRecord:
    record_id: str
    source: str
    text: str  # display text: already masked
    findings: list[str] = field(default_factory=list)  # finding names, e.g. residual_pii, CN_PHONE_NUMBER
    highlights: list[Highlight] = field(default_factory=list)
    detail: dict = field(default_factory=dict)
    place: str = ""  # where it is in its file: "row 61" (as `leadscreen screen` numbers rows), "line 3"
    own_id: str = ""  # the record's own id (masked), "" when it has none


@dataclass
class SpotCheckResult:
    kind: str  # transcripts | lists
    inputs: list[str]
    population: int
    seed: int
    records: list[SampledRecord]
    finding_names: list[str]
    entity_counts: Counter
    generated_at: str = field(default_factory=lambda: clock.utc_now().isoformat(timespec="seconds"))
    campaign: str | None = None
    notes: list[str] = field(default_factory=list)
    list_reasons: dict[str, list[str]] = field(default_factory=dict)  # lead lists: path -> list-level codes
    list_decisions: dict[str, str] = field(default_factory=dict)  # lead lists: path -> accepted | rejected

    @property
    def rejected_lists(self) -> list[str]:
        return [path for path, decision in self.list_decisions.items() if decision == "rejected"]

    @property
    def sampled(self) -> int:
        return len(self.records)

    def estimates(self) -> list[Estimate]:
        counts = Counter(name for record in self.records for name in set(record.findings))
        return [Estimate(name, counts[name], self.sampled, self.population) for name in self.finding_names]


def mask_display(text: str, findings) -> tuple[str, list[Highlight]]:
    """``text`` with each finding replaced by its masked value, and leftover long digit runs masked."""
    pieces, highlights, position, shift = [], [], 0, 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        pieces.append(text[position : finding.start])
        start = finding.start + shift
        highlights.append(Highlight(start, start + len(finding.masked), finding.entity, finding.masked))
        pieces.append(finding.masked)
        shift += len(finding.masked) - (finding.end - finding.start)
        position = finding.end
    pieces.append(text[position:])
    shown = "".join(pieces)
    return _mask_leftover_runs(shown, [(h.start, h.end) for h in highlights]), highlights


def _mask_leftover_runs(shown: str, protected: list[tuple[int, int]]) -> str:
    """A run of digits the recognizers did not claim is still not shown whole."""
    folded = fold(shown)
    characters = list(shown)
    for run in _LONG_DIGIT_RUN.finditer(folded):
        if any(start <= run.start() < end for start, end in protected):
            continue
        # masked digit by digit, in place: separators stay, so the highlights' offsets hold
        positions = [i for i in range(run.start(), run.end()) if folded[i].isdigit() or folded[i] in "Xx"]
        digits = mask_middle("".join(folded[i] for i in positions), *LEFTOVER_KEEP)
        for index, digit in zip(positions, digits):
            if digit == "*":
                characters[index] = "*"
    return "".join(characters)


def masked_text(text: str) -> str:
    """``text`` as a report may show it: personal numbers and long digit runs masked."""
    return mask_display(text, [f for f in scan(text) if f.entity in PERSONAL_ENTITIES])[0]


def own_id(record: object, fields: tuple[str, ...] = RECORD_ID_FIELDS) -> str:
    """The record's own id from the first of ``fields`` it fills (masked), else ``""``."""
    if isinstance(record, Mapping):
        for key in fields:
            value = record.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return masked_text(str(value).strip())
    return ""


def record_label(name: str, identifier: str, fallback: str) -> str:
    """``name:<the record's own id>`` when it has one, else ``fallback`` (its place in the file)."""
    return f"{name}:{identifier}" if identifier else fallback


# --- transcripts ---------------------------------------------------------------------------------


def _read_record(raw: bytes, fmt: str, text_field: str, name: str) -> tuple[str, object]:
    """The text of one record and its parsed JSON (``None`` for plain text); ``ValueError`` when
    it cannot be read."""
    if fmt == "txt":
        return decode_text(raw, name), None
    try:
        document = json.loads(raw.decode("utf-8-sig") if fmt == "jsonl" else decode_text(raw, name))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"not valid JSON ({type(error).__name__})") from None
    return _document_text(document, text_field), document


def _document_text(document: object, text_field: str) -> str:
    segments = document.get("segments") if isinstance(document, dict) else document
    if isinstance(document, dict) and isinstance(document.get(text_field), str):
        return document[text_field]
    if isinstance(segments, list):
        return "\n".join(
            f"[{segment.get('speaker', '')}] {segment.get('text', '')}"
            if segment.get("speaker")
            else str(segment.get("text", ""))
            for segment in segments
            if isinstance(segment, dict)
        )
    raise ValueError(f"no text field {text_field!r}")


def check_transcript_text(text: str, optout_finder=None) -> tuple[list[str], list, list]:
    """Finding names, personal-number findings and opt-out phrase spans of one transcript text."""
    findings = [f for f in scan(text) if f.entity in PERSONAL_ENTITIES]
    names = sorted({f.entity for f in findings})
    if findings:
        names.insert(0, "residual_pii")
    phrases = optout_finder(text) if optout_finder else []
    if phrases:
        names.append("optout_phrase")
    return names, findings, phrases


def find_optout_phrases(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, phrase)`` of each refusal phrase (the list of :mod:`screen.ledger.optouts`).

    A phrase that ASR split with spaces or punctuation (``别 再 打 了``) is still found by
    :func:`screen.ledger.optouts.find_phrase`; it is then reported without a place to highlight.
    """
    from screen.ledger.optouts import PHRASES, find_phrase

    pattern = re.compile("|".join(re.escape(phrase) for phrase in PHRASES))
    spans = [(match.start(), match.end(), match.group()) for match in pattern.finditer(text)]
    if not spans:
        found = find_phrase(text)
        if found:
            spans = [(0, 0, found[0])]
    return spans


def spotcheck_transcripts(
    paths: list[Path], size: int, seed: int, text_field: str = "text", progress: Progress | None = None
) -> SpotCheckResult:
    """Sample the transcripts' records and check each; ``progress`` is told each stage."""
    sources, formats = [], {}
    for path in paths:
        fmt = format_of(path, TEXT_FORMATS, "a transcript")
        source = JsonlSource(path) if fmt == "jsonl" else WholeFileSource(path)
        formats[id(source)] = fmt
        sources.append(source)
    population, sampled = sample_sources(sources, size, seed, progress)
    if progress is not None:
        progress(f"checking {len(sampled):,} sampled records")
    entity_counts: Counter = Counter()
    records = [
        _transcript_record(source, place, raw, formats[id(source)], text_field, entity_counts)
        for source, place, raw in sampled
    ]
    finding_names = ["residual_pii", *PERSONAL_ENTITIES, "optout_phrase", "unreadable_record"]
    return SpotCheckResult(
        "transcripts", [str(p) for p in paths], population, seed, records, finding_names, entity_counts
    )


def _transcript_record(
    source, place: str, raw: bytes, fmt: str, text_field: str, entity_counts: Counter
) -> SampledRecord:
    """One sampled transcript record, checked and masked; ``place`` is its id by position in the file."""
    line = f"line {place.rpartition(':')[2]}" if fmt == "jsonl" else ""
    try:
        text, document = _read_record(raw, fmt, text_field, source.path.name)
    except (ValueError, UsageError) as error:
        return SampledRecord(
            place, str(source.path), "", ["unreadable_record"], detail={"error": str(error)}, place=line
        )
    names, findings, phrases = check_transcript_text(text, find_optout_phrases)
    entity_counts.update(f.entity for f in findings)
    shown, highlights = mask_display(text, findings)
    phrase_set = sorted({phrase for _start, _end, phrase in phrases})
    for phrase in phrase_set:  # phrases hold no digits: find them again in the masked text
        for occurrence in re.finditer(re.escape(phrase), shown):
            highlights.append(Highlight(occurrence.start(), occurrence.end(), "optout_phrase", phrase))
    identifier = own_id(document)
    return SampledRecord(
        record_label(source.path.name, identifier, place),
        str(source.path),
        shown,
        names,
        sorted(highlights, key=lambda h: h.start),
        {"optout_phrases": phrase_set},
        place=line,
        own_id=identifier,
    )


def input_kind(paths: list[Path], text_field: str = "text") -> str:
    """``transcripts`` or ``lists``, from the file names (JSONL: whether records carry the text field)."""
    kinds = set()
    for path in paths:
        fmt = format_of(path, (*TEXT_FORMATS, *TABLE_FORMATS), "a transcript or a lead list")
        if fmt == "jsonl":  # holds either: the first record tells
            kinds.add(_jsonl_kind(path, text_field))
        else:
            kinds.add("transcripts" if fmt in TEXT_FORMATS else "lists")
    if len(kinds) > 1:
        raise UsageError("mix of transcripts and lead lists: spot-check them separately")
    return kinds.pop()


def _jsonl_kind(path: Path, text_field: str) -> str:
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    return "transcripts"  # an unreadable line is a finding of the transcript check
                if isinstance(record, dict) and (text_field in record or "segments" in record):
                    return "transcripts"
                return "lists"
    raise UsageError(f"{path} is empty")
