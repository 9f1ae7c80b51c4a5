"""Compliance spot checks: sample records, examine each closely, estimate rates for the whole.

For transcripts (raw or redacted: text, JSONL, ASR JSON) each sampled record is checked for
residual personal numbers (the question for a redacted file is "did anything leak?") and for
opt-out phrases. A record is read as ``redact`` and ``scan`` read it (:mod:`screen.redact.fields`,
:mod:`screen.redact.jobs`): every string of a JSON record, nested too, unless text fields are
named; an ASR transcript as one call, so a number split across segments is found and masked
on both sides. For lead lists (CSV, Excel, Parquet, JSONL rows) each sampled row is shown with
screening's reasons (:mod:`screen.spotcheck.lists`). Every finding rate comes with a 95 % Wilson interval and the
population size, so the officer signs off on an estimate, not an impression.

Nothing raw leaves this module: records are kept as display text in which every finding is
replaced by its masked form, and any other run of seven or more digits is masked as well (a
number the recognizers missed must not reach the report either), both with the shared masking of
:mod:`recognizers.masking`. A record is named by its own id (masked the same way) when it carries
one, else by its place in its file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from recognizers import PERSONAL_ENTITIES
from recognizers.call import scan_text as scan  # a transcript is read as a call, as redact reads it
from recognizers.masking import mask_middle
from recognizers.normalize import fold
from screen import clock
from screen.config.policy import DEFAULT_TIMEZONE
from screen.errors import UsageError
from screen.files.formats import TEXT_FORMATS, format_of
from screen.files.json_reader import parse_json
from screen.files.text import decode_text
from screen.redact.fields import SegmentSlot, masked_name
from screen.redact.jobs import asr_slots, json_object, record_slots
from screen.redact.operators import Operator
from screen.redact.redactor import Redactor, piece_spans, piece_text
from screen.redact.sources import input_format
from screen.spotcheck.call_sources import (
    JSONL_CALL,
    JsonlCallSource,
    TextCallSource,
    jsonl_call_slots,
    jsonl_layout,
    text_call_slots,
)
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
    purpose: str | None = None  # lists screened for a bare purpose (--purpose) instead of a campaign
    timezone: str = DEFAULT_TIMEZONE  # the zone report.html shows times in: the campaign's, else the policy's
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


def _read_record(raw: bytes, fmt: str, text_fields: tuple[str, ...], source) -> tuple[list, object]:
    """The texts of one record (:mod:`screen.redact.fields` slots, read as ``redact`` reads
    them) and its parsed JSON (``None`` for plain text); ``ValueError`` when it cannot be read.
    A text transcript's record is a call; so is a call's records in JSON Lines of utterances."""
    if fmt == "txt":
        return text_call_slots(decode_text(raw, source.path.name)), None
    if fmt == JSONL_CALL:
        return jsonl_call_slots(raw.decode("utf-8"), source.layout, text_fields)
    if fmt == "jsonl":
        try:
            line = raw.decode(source.encoding)
        except UnicodeDecodeError:
            raise ValueError(f"not valid {source.encoding.replace('-sig', '')} text") from None
        document = json_object(line)
        return record_slots(document, text_fields), document
    document = parse_json(decode_text(raw, source.path.name))
    return asr_slots(document), document


@dataclass(frozen=True)
class _Span:
    """A finding's place in the display text and what is shown there instead."""

    start: int
    end: int
    entity: str
    masked: str


class _Display:
    """The display text of one record, built line by line, with each finding's span in it."""

    def __init__(self):
        self.lines: list[str] = []
        self.spans: list[_Span] = []
        self.findings: list = []  # each personal number once (a split one too)
        self._length = 0

    def add(self, prefix: str, text: str, spans, findings=()) -> None:
        """One line: ``prefix`` then ``text``, whose findings are at ``(start, end, entity, masked)``."""
        self.findings.extend(findings)
        offset = self._length + len(prefix)
        self.spans.extend(_Span(start + offset, end + offset, entity, masked) for start, end, entity, masked in spans)
        self.lines.append(prefix + text)
        self._length += len(prefix) + len(text) + 1  # the line break

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _personal_findings(text: str) -> list:
    return [f for f in scan(text) if f.entity in PERSONAL_ENTITIES]


def _record_display(slots: list, document: object, text_fields: tuple[str, ...]) -> _Display:
    """Every text of the record (each labelled by its path), a call's segments as ``[speaker]
    text`` lines; and the record's conversation text even when it holds no number (a refusal
    phrase is looked for in it)."""
    display = _Display()
    found = {slot.path for slot in slots}
    if isinstance(document, dict):
        for name in text_fields or ("text",):
            if isinstance(document.get(name), str) and name not in found:
                display.add(f"{name}: ", document[name], [])
    for slot in slots:
        if slot.__class__ is SegmentSlot:
            _add_segments(display, slot)
        else:
            text = slot.text
            findings = _personal_findings(text)
            spans = _shown_spans(text, findings)
            display.add(f"{masked_name(slot.path)}: " if slot.path else "", text, spans, findings)
    return display


def _shown_spans(text: str, findings: list) -> list[tuple[int, int, str, str]]:
    """Where each finding is shown masked: its whole span, or each piece of a number said over
    several turns (the other speaker's words between them stay readable)."""
    spans = []
    for finding in findings:
        if not finding.parts:
            spans.append((finding.start, finding.end, finding.entity, finding.masked))
            continue
        for start, end, piece in piece_spans(text, finding.parts):
            spans.append((start, end, finding.entity, piece_text(finding.masked, piece)))
    return spans


def _add_segments(display: _Display, slot: SegmentSlot) -> None:
    """The segments of one call, each on its line; a number split across segments or turns is
    masked piece by piece as ``redact`` masks it (each piece shows its share of the masked form)."""
    texts = slot.texts
    spans_per_segment = _segment_redactor().segment_spans(texts, slot.speakers)
    for segment, text, spans in zip(slot.segments, texts, spans_per_segment):
        speaker = segment.get("speaker")
        prefix = f"[{masked_text(str(speaker))}] " if speaker else ""
        shown = [
            (start, end, finding.entity, finding.masked if piece is None else piece_text(finding.masked, piece))
            for start, end, finding, piece in spans
        ]
        display.add(
            prefix, text, shown, [finding for _s, _e, finding, piece in spans if piece is None or piece.index == 0]
        )


_redactor = None


def _segment_redactor():
    """A redactor used only for where the findings of a call's segments are."""
    global _redactor
    if _redactor is None:
        _redactor = Redactor(Operator("tag"))
    return _redactor


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
    paths: list[Path], size: int, seed: int, text_fields: tuple[str, ...] = (), progress: Progress | None = None
) -> SpotCheckResult:
    """Sample the transcripts' records and check each: every text of a JSON record, or those
    under the top-level ``text_fields``; ``progress`` is told each stage."""
    sources, formats = [], {}
    for path in paths:
        fmt = _transcript_format(path)
        layout = jsonl_layout(path, text_fields) if fmt == "jsonl" else None
        if layout is not None:  # utterances: a call is a record
            source, fmt = JsonlCallSource(path, layout), JSONL_CALL
        elif fmt == "jsonl":
            source = JsonlSource(path)
        elif fmt == "txt":  # calls separated by blank lines
            source = TextCallSource(path)
        else:
            source = WholeFileSource(path)
        formats[id(source)] = fmt
        sources.append(source)
    population, sampled = sample_sources(sources, size, seed, progress)
    if progress is not None:
        progress(f"checking {len(sampled):,} sampled records")
    entity_counts: Counter = Counter()
    records = [
        _transcript_record(source, place, raw, formats[id(source)], text_fields, entity_counts)
        for source, place, raw in sampled
    ]
    finding_names = ["residual_pii", *PERSONAL_ENTITIES, "optout_phrase", "unreadable_record"]
    return SpotCheckResult(
        "transcripts", [str(p) for p in paths], population, seed, records, finding_names, entity_counts
    )


def _transcript_record(
    source, place: str, raw: bytes, fmt: str, text_fields: tuple[str, ...], entity_counts: Counter
) -> SampledRecord:
    """One sampled transcript record, checked and masked; ``place`` is its id by position in the file."""
    line = f"line {place.rpartition(':')[2]}" if fmt in ("jsonl", JSONL_CALL, "txt") else ""
    try:
        slots, document = _read_record(raw, fmt, text_fields, source)
    except (ValueError, UsageError) as error:
        return SampledRecord(
            place, str(source.path), "", ["unreadable_record"], detail={"error": str(error)}, place=line
        )
    display = _record_display(slots, document, text_fields)
    names = sorted({f.entity for f in display.findings})
    if names:
        names.insert(0, "residual_pii")
    entity_counts.update(f.entity for f in display.findings)
    phrase_set = sorted({phrase for _start, _end, phrase in find_optout_phrases(display.text)})
    if phrase_set:
        names.append("optout_phrase")
    shown, highlights = mask_display(display.text, display.spans)
    for phrase in phrase_set:  # phrases hold no digits: find them again in the masked text
        for occurrence in re.finditer(re.escape(phrase), shown):
            highlights.append(Highlight(occurrence.start(), occurrence.end(), "optout_phrase", phrase))
    identifier = own_id(document)
    detail = {"optout_phrases": phrase_set}
    if fmt == "asr":  # a redacted call's recording: its replaced time spans, for the auditor to listen to
        from screen.audio.sidecar import audio_span_lines

        detail.update(audio_span_lines(source.path))
    return SampledRecord(
        record_label(source.path.name, identifier, place),
        str(source.path),
        shown,
        names,
        sorted(highlights, key=lambda h: h.start),
        detail,
        place=line,
        own_id=identifier,
    )


def _transcript_format(path: Path) -> str:
    """The format ``redact`` and ``scan`` read ``path`` in (the one registry); a table is a lead
    list here, not a transcript."""
    return format_of(path, TEXT_FORMATS, "a transcript")


def input_kind(paths: list[Path], text_fields: tuple[str, ...] = ()) -> str:
    """``transcripts`` or ``lists``, from the file names (JSONL: whether records carry a text field)."""
    kinds = set()
    for path in paths:
        fmt = input_format(str(path), None)
        if fmt == "jsonl":  # holds either: the first record tells
            kinds.add(_jsonl_kind(path, text_fields or ("text",)))
        else:
            kinds.add("transcripts" if fmt in TEXT_FORMATS else "lists")
    if len(kinds) > 1:
        raise UsageError("mix of transcripts and lead lists: spot-check them separately")
    return kinds.pop()


def _jsonl_kind(path: Path, text_fields: tuple[str, ...]) -> str:
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = parse_json(line)
                except ValueError:
                    return "transcripts"  # an unreadable line is a finding of the transcript check
                if isinstance(record, dict) and any(name in record for name in (*text_fields, "segments")):
                    return "transcripts"
                return "lists"
    raise UsageError(f"{path} is empty")
