"""Redaction jobs over whole inputs: plain text, JSON Lines, ASR JSON (tables: :mod:`screen.redact.tables`).

Every string (and number) of a JSON record is redacted, nested ones too, unless fields are named
(:mod:`screen.redact.fields`).

Fail closed: a record that cannot be processed (bad JSON, a missing named field, a decoding
error, an error inside the recognizers) goes to the quarantine file with its record number and
reason — never its content — and is not written to the output. Every input record is counted
either as written or as quarantined.

Large JSON Lines inputs are processed in chunks by a pool of worker processes (both cores), with
the output kept in input order and memory flat in the input size.
"""

from __future__ import annotations

import codecs
import collections
import itertools
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import orjson

from screen.asr import Agent
from screen.asr.detect import detect, unknown_shape
from screen.files.atomic import owned_prefix
from screen.files.json_reader import parse_json_exactly
from screen.redact.fields import (
    SegmentSlot,
    Slot,
    document_slots,
    field_names,
    masked_name,
    number_text,
    text_slots,
)
from screen.redact.operators import Operator
from screen.redact.redactor import NO_REPLACEMENTS, Redactor
from screen.redact.slots import redact_slots as _redact_slots
from screen.redact.slots import redact_string as _redact_string
from screen.redact.utterances import (
    MAX_CALL_RECORDS,
    MAX_RANGE_CALL_RECORDS,
    UNREAD,
    CallLayout,
    call_key,
    ends_a_call,
    is_windowed,
    line_call_key,
    redact_call_texts,
)

CHUNK_LINES = 2000


@dataclass(frozen=True)
class RedactSettings:
    """Everything a worker process needs to build its own :class:`Redactor` (picklable)."""

    operator: str = "mask"
    key: bytes | None = None
    per_entity: tuple[tuple[str, str], ...] = ()
    keep: tuple[tuple[str, int | None, int | None], ...] = ()
    entities: tuple[str, ...] | None = None
    text_fields: tuple[str, ...] = ()  # () = every text of a record (screen.redact.fields)
    min_score: float = 0.0
    asr_format: str | None = None  # ASR JSON: the speech service's shape (screen.asr), else found by its fields
    agent_channel: str | None = None
    agent_speaker: str | None = None
    call_field: str | None = None  # JSON Lines: the call id's field (None: found by name; "none")
    call_layout: CallLayout | None = None  # JSON Lines utterances of calls (screen.redact.utterances)

    def build(self) -> Redactor:
        operator = Operator(
            self.operator,
            key=self.key,
            per_entity=dict(self.per_entity),
            keep={entity: (first, last) for entity, first, last in self.keep},
        )
        if self.entities is None:
            return Redactor(operator, min_score=self.min_score)
        return Redactor(operator, entities=self.entities, min_score=self.min_score)


@dataclass
class RedactSummary:
    records_in: int = 0
    records_out: int = 0
    quarantined: int = 0
    changed: int = 0
    counts: Counter = field(default_factory=Counter)
    calls: int = 0  # calls read whole (JSON Lines utterances, text blocks)
    long_calls: int = 0  # of them, read in overlapping windows (screen.redact.utterances)
    records_are_calls: bool = False  # a text file: each record is a call
    quarantine_path: str | None = None
    quarantine_entries: list = field(default_factory=list)  # tables: filled by the table job

    def add(self, other: RedactSummary) -> None:
        self.records_in += other.records_in
        self.records_out += other.records_out
        self.quarantined += other.quarantined
        self.changed += other.changed
        self.counts.update(other.counts)
        self.calls += other.calls
        self.long_calls += other.long_calls

    def line(self) -> str:
        entities = ", ".join(f"{entity} {count}" for entity, count in sorted(self.counts.items())) or "nothing found"
        calls = f"{self.calls:,} call(s) in " if self.calls else ""
        records = f"{self.records_in} record(s)"
        if self.records_are_calls:
            calls, records = "", f"{self.records_in:,} call(s)"
        long_calls = (
            f"; {self.long_calls:,} call(s) longer than {MAX_CALL_RECORDS:,} records or lines read in overlapping windows"
            if self.long_calls
            else ""
        )
        return (
            f"{calls}{records}: {self.records_out} written ({self.changed} changed), "
            f"{self.quarantined} quarantined; replaced: {entities}{long_calls}"
        )


@dataclass(frozen=True)
class Quarantined:
    record: int
    reason: str


# --- one record -------------------------------------------------------------------------------


def _segment_list(document) -> list | None:
    """The segment list of an ASR transcript: ``{"segments": [...]}`` or a plain list."""
    segments = document.get("segments") if isinstance(document, dict) else document
    if isinstance(segments, list) and all(isinstance(s, dict) for s in segments):
        return segments
    return None


def redact_asr_document(document, redactor: Redactor, settings: RedactSettings | None = None) -> tuple[object, Counter]:
    """Redact one call: every segment's ``text`` (numbers split across segments included) and
    every other string of the document; a speech service's own result in its own shape
    (:mod:`screen.redact.calls`), or an unknown one by ``--text-field``.

    Raises ``ValueError`` when the document is not a transcript of a shape leadscreen reads.
    """
    settings = settings or RedactSettings()
    detected = detect(document)
    asr_format = settings.asr_format or detected
    if asr_format == "leadscreen" and detected not in (None, "leadscreen"):  # its words would go word by word
        raise ValueError(f"a {detected} transcript, not leadscreen's own shape: read it as {detected}")
    if asr_format not in (None, "leadscreen"):
        from screen.redact.calls import redact_call

        return redact_call(document, redactor, asr_format, Agent(settings.agent_channel, settings.agent_speaker))
    if asr_format is None and settings.text_fields and isinstance(document, dict):
        return document, _redact_slots(text_slots(document, settings.text_fields), redactor) or Counter()
    return document, _redact_slots(asr_slots(document), redactor) or Counter()


def redact_asr_call(document, redactor: Redactor) -> tuple[object, Counter, list[list[tuple]]]:
    """:func:`redact_asr_document`, also giving each segment's ``(start, end, finding, piece)``
    spans: the segments are redacted from that one :meth:`Redactor.segment_spans` call, so the
    audio redaction (:mod:`screen.audio`) locates in time exactly the findings replaced here."""
    segments = _segment_list(document)
    spans: list[list[tuple]] = [[] for _ in segments or ()]
    counts: Counter = Counter()
    rest: list[Slot] = []
    for slot in asr_slots(document):
        if slot.__class__ is SegmentSlot and slot.segments is segments:
            spans = redactor.segment_spans(slot.texts, slot.speakers)
            redacted, found = redactor.apply_segment_spans(slot.texts, spans)
            slot.set(redacted)
            counts.update(found)
        else:
            rest.append(slot)
    counts.update(_redact_slots(rest, redactor) or Counter())
    return document, counts, spans


def asr_slots(document) -> list[Slot]:
    """The texts of one ASR transcript; ``ValueError`` when it is not of a shape leadscreen reads."""
    if detect(document) not in (None, "leadscreen"):
        from screen.redact.calls import call_slots

        return call_slots(document)  # for reading: scan and spot checks
    segments = _segment_list(document)
    if segments is None:
        raise ValueError(unknown_shape(document))
    for number, segment in enumerate(segments, start=1):
        if not isinstance(segment.get("text", ""), str):
            raise ValueError(f"segment {number} has a non-text 'text' field")
    return document_slots(document)


def redact_json_record(line: str, redactor: Redactor, text_fields: tuple[str, ...]) -> tuple[str, Counter]:
    """Redact one JSON Lines record — every text in it, or those under ``text_fields`` (see
    :mod:`screen.redact.fields`); raise ``ValueError`` with a reason if it cannot be."""
    record, read_by_orjson = _parsed(line)
    try:
        counts = _redact_record(record, redactor, text_fields)
    except ValueError:  # perhaps a float that orjson made of an integer past 64 bits: read exactly
        if not read_by_orjson or _WIDE_INTEGER.search(line) is None:
            raise
        record, read_by_orjson = _parsed_exactly(line), False
        counts = _redact_record(record, redactor, text_fields)
    if not counts:
        # Nothing replaced: the line goes out exactly as it came in (it parsed as a JSON object
        # above), which keeps every field byte for byte and saves re-encoding most lines.
        return line.rstrip("\r\n"), NO_REPLACEMENTS
    if read_by_orjson and _WIDE_INTEGER.search(line) is not None:
        # orjson reads an integer past 64 bits as a float: written out, it would lose digits
        record, read_by_orjson = _parsed_exactly(line), False
        counts = _redact_record(record, redactor, text_fields)
    return _dumped(record, read_by_orjson), counts


# An integer of 19 digits or more where a JSON value starts: perhaps past 64 bits.
_WIDE_INTEGER = re.compile(r"[:,\[]\s*-?[0-9]{19}")


def _redact_record(record: dict, redactor: Redactor, text_fields: tuple[str, ...]) -> Counter | None:
    counts = NOT_FLAT if text_fields else redact_flat_record(record, redactor)
    if counts is NOT_FLAT and not text_fields and detect(record) not in (None, "leadscreen"):
        from screen.redact.calls import redact_call  # a speech service's result on one line

        return redact_call(record, redactor)[1] or None
    if counts is NOT_FLAT:
        counts = _redact_slots(record_slots(record, text_fields), redactor)
    return counts


def _dumped(record: dict, read_by_orjson: bool) -> str:
    """A changed record as one JSON line: by orjson when orjson read it (eight times faster than
    json.dumps; both write UTF-8 text unescaped), by the standard library when only it could read
    the line (NaN, integers past 64 bits), which orjson would write as null or refuse."""
    if read_by_orjson:
        try:
            return orjson.dumps(record).decode()
        except orjson.JSONEncodeError:  # a lone surrogate in a string, say
            pass
    return json.dumps(record, ensure_ascii=False)


NOT_FLAT = Counter()  # what redact_flat_record says of a record it leaves to the slots


def redact_flat_record(record: dict, redactor: Redactor) -> Counter | None:
    """Redact a flat record, whose values are all strings, numbers, booleans or nulls (most
    JSON Lines records), in place; the replacement counts, or None when nothing was replaced.

    The same texts as :func:`screen.redact.fields.text_slots` gives, each redacted as
    :func:`_redact_slots` redacts it, without making a slot for each: on records of four short
    fields that was a third of the time. ``NOT_FLAT``, with the record untouched, for a record
    that nests, or has a field whose name could hold a finding itself (a phone number as a
    name, 家庭住址): those are left to the slots.
    """
    entities, names_that_could_hold = field_names(tuple(record))
    if names_that_could_hold:
        return NOT_FLAT
    known_clean = redactor.known_clean
    if _all_seen_clean(record, entities, known_clean):
        return None  # most records of a call: ids, speakers, stock phrases, all seen before
    changes: list[tuple[str, str]] = []
    counts: Counter | None = None
    for (key, item), entity in zip(record.items(), entities):
        kind = item.__class__
        if kind is dict or kind is list:
            return NOT_FLAT
        if entity is None and item in known_clean:
            continue  # seen clean before: an id, a speaker, a stock phrase, a sequence number
        if kind is str:
            redacted, found = _redact_string(redactor, item, entity)
        else:
            redacted, found = _redact_scalar(redactor, item, entity)
        if found:
            changes.append((key, redacted))
            counts = found if counts is None else counts + found
    for key, redacted in changes:  # only now: a record left to the slots must be as it came
        record[key] = redacted
    return counts


def _all_seen_clean(record: dict, entities: tuple, known_clean: set) -> bool:
    """True when no field of ``record`` is replaced whole (姓名) and every value of it was seen
    clean before: one lookup in C for the whole record."""
    if any(entities):
        return False
    try:
        return known_clean.issuperset(record.values())
    except TypeError:  # an object or a list among the values: they cannot be hashed
        return False


def _redact_scalar(redactor: Redactor, value, entity: str | None) -> tuple[object, Counter]:
    """A number, boolean or null of a record, redacted: a number long enough to hold a finding is
    read like its text (``13812345678.0`` as ``13812345678``; :func:`number_text`), and replaced
    whole under a field named for what it is (``{"qq": 12345678}``); the value itself and no
    counts when nothing is found. Only values that cannot hold a finding whatever their type are
    remembered as clean (see :meth:`Redactor.remember_clean`)."""
    text = number_text(value)  # ValueError for a whole number a float cannot hold: quarantined
    if text is None:
        redactor.remember_clean(value)
        return value, NO_REPLACEMENTS
    redacted, found = _redact_string(redactor, text, entity)
    return (redacted, found) if found else (value, NO_REPLACEMENTS)


def record_slots(record: dict, text_fields: tuple[str, ...]) -> list[Slot]:
    """:func:`screen.redact.fields.text_slots`; a record without the named fields that is a call
    (``{"segments": [...]}``) gives its segments."""
    try:
        return text_slots(record, text_fields)
    except ValueError:
        if text_fields and _segment_list(record) is not None:
            return text_slots(record, ("segments",))
        raise


def json_object(line: str) -> dict:
    """The JSON object on ``line``; ``ValueError`` when it is not valid JSON or not an object."""
    return _parsed(line)[0]


def _parsed(line: str) -> tuple[dict, bool]:
    """:func:`json_object`, and whether orjson read it (else the standard library did)."""
    try:
        record = orjson.loads(line)  # four times faster than json
    except orjson.JSONDecodeError:  # what orjson refuses and the standard library reads (NaN)
        return _parsed_exactly(line), False
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    return record, True


def _parsed_exactly(line: str) -> dict:
    """The JSON object on ``line`` as the standard library reads it: integers of any width."""
    record = parse_json_exactly(line)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    return record


def redact_line(line: str, redactor: Redactor, text_fields: tuple[str, ...]) -> tuple[str | None, Counter, str | None]:
    """One JSON Lines record as both engines redact it: ``(output, counts, None)``, or
    ``(None, NO_REPLACEMENTS, reason)`` when it goes to quarantine (the reason holds no content)."""
    try:
        output, counts = redact_json_record(line, redactor, text_fields)
    except ValueError as error:
        return None, NO_REPLACEMENTS, str(error)
    except Exception as error:  # a recognizer bug must not let the record through raw
        return None, NO_REPLACEMENTS, f"internal error while redacting ({type(error).__name__})"
    return output, counts, None


# --- JSON Lines calls: one utterance per record (screen.redact.utterances) ---------------------------


def _redact_call_chunk(chunk: tuple[int, list[str]], layout: CallLayout) -> tuple[list, RedactSummary]:
    """:func:`_redact_chunk` for utterance records: the records of a call are redacted together."""
    first_number, lines = chunk
    results: list = []
    summary = RedactSummary()
    group: list[tuple[int, str, dict]] = []
    group_key = None
    for offset, line in enumerate(lines):
        if not line.strip():
            continue
        number = first_number + offset
        summary.records_in += 1
        try:
            record = _call_record(line)
        except ValueError as error:  # quarantined itself; the call around it goes on
            results.append(Quarantined(number, str(error)))
            summary.quarantined += 1
            continue
        key = call_key(record, layout)
        if group and (key is None or key != group_key):
            _redact_call(group, layout, results, summary)
            group = []
        if key is not None:
            group_key = key
            group.append((number, line, record))
            continue
        _add_line_result(number, line, results, summary)  # a record of no call: the fast path
    if group:
        _redact_call(group, layout, results, summary)
    return results, summary


def _call_record(line: str) -> dict:
    """A record of a call, read exactly when it holds an integer past 64 bits."""
    return _parsed_exactly(line) if _WIDE_INTEGER.search(line) is not None else _parsed(line)[0]


def _add_line_result(number: int, line: str, results: list, summary: RedactSummary) -> None:
    output, counts, reason = redact_line(line, _worker_redactor, _worker_fields)
    if reason is not None:
        results.append(Quarantined(number, reason))
        summary.quarantined += 1
        return
    results.append(output)
    summary.records_out += 1
    if counts:
        summary.changed += 1
        summary.counts.update(counts)


def _redact_call(group: list[tuple[int, str, dict]], layout: CallLayout, results: list, summary: RedactSummary) -> None:
    """Redact one call's records: their texts as one call, then each record's other fields. A
    record whose text is not text is quarantined itself, and the call is read without it; when
    the call itself cannot be redacted, all its records are quarantined."""
    summary.calls += 1
    text_field, speaker_field = layout.text_field, layout.speaker_field
    said: list[int] = []  # the records with a text, in order
    texts: list[str] = []
    for index, (_number, _line, record) in enumerate(group):
        text = record.get(text_field)
        if text.__class__ is str:
            said.append(index)
            texts.append(text)
    speakers = [group[index][2].get(speaker_field) for index in said] if speaker_field else None
    summary.long_calls += is_windowed(len(said))
    try:
        redacted, counts = redact_call_texts(_worker_redactor, texts, speakers)
    except Exception as error:  # fail closed: no record of a call the redactor failed on is written
        reason = f"internal error while redacting its call ({type(error).__name__})"
        results.extend(Quarantined(number, reason) for number, _line, _record in group)
        summary.quarantined += len(group)
        return
    summary.counts.update(counts)
    redacted_of = dict(zip(said, redacted))
    for index, (number, line, record) in enumerate(group):
        text = redacted_of.get(index)
        if text is None and record.get(text_field) is not None:
            _add_call_record(results, summary, number, reason=f"field {masked_name(text_field)!r} is not text")
            continue
        try:
            output, changed = _written_call_record(line, record, text_field, text, summary)
        except ValueError as error:
            _add_call_record(results, summary, number, reason=str(error))
        except Exception as error:  # fail closed
            _add_call_record(
                results, summary, number, reason=f"internal error while redacting ({type(error).__name__})"
            )
        else:
            _add_call_record(results, summary, number, output=output, changed=changed)


def _add_call_record(results: list, summary: RedactSummary, number: int, output=None, changed=False, reason=None):
    if reason is not None:
        results.append(Quarantined(number, reason))
        summary.quarantined += 1
        return
    results.append(output)
    summary.records_out += 1
    summary.changed += changed


def _written_call_record(
    line: str, record: dict, text_field: str, text: str | None, summary: RedactSummary
) -> tuple[str, bool]:
    """The output line of one record of a call: its text as the call redacted it (None: it has
    none), its other fields redacted as any record's; the line as it came when nothing changed."""
    original = record.get(text_field)
    counts = None
    rest_fields = tuple(name for name in _worker_fields if name != text_field) if _worker_fields else ()
    if rest_fields or not _worker_fields:
        if text is not None:
            record[text_field] = None  # read with the call: the other fields alone are redacted here
        counts = _redact_record(record, _worker_redactor, rest_fields)
        if text is not None:
            record[text_field] = original
    if not counts and text == original:
        return line.rstrip("\r\n"), False
    if counts:
        summary.counts.update(counts)
    if text is not None:
        record[text_field] = text
    return _dumped(record, _WIDE_INTEGER.search(line) is None), True


def redact_call_lines(
    lines: list[str], redactor: Redactor, text_fields: tuple[str, ...], layout: CallLayout
) -> tuple[list, RedactSummary]:
    """The local engine's call step on ``lines`` (for the Spark engine, in an executor): outputs
    and quarantine entries (numbered from 1) in order, and the summary."""
    global _worker_redactor, _worker_fields, _worker_layout
    _worker_redactor, _worker_fields, _worker_layout = redactor, text_fields, layout
    return _redact_call_chunk((1, lines), layout)


# --- JSON Lines in worker processes ------------------------------------------------------------

_worker_redactor: Redactor | None = None
_worker_fields: tuple[str, ...] = ()
_worker_layout: CallLayout | None = None


def _init_worker(settings: RedactSettings) -> None:
    global _worker_redactor, _worker_fields, _worker_layout
    _worker_redactor = settings.build()
    _worker_fields = settings.text_fields
    _worker_layout = settings.call_layout


def _init_pool_worker(settings: RedactSettings) -> None:
    """A worker's standard output goes nowhere: its results travel through the pool, and a
    forked copy of the parent's stdout would, on exit, flush into a pipe its reader has closed
    (``redact -o - | head -1``) and print a BrokenPipeError traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    _init_worker(settings)


def _redact_chunk(chunk: tuple[int, list[str]]) -> tuple[list, RedactSummary]:
    """Redact numbered lines; returns output lines and quarantine entries in input order."""
    if _worker_layout is not None:
        return _redact_call_chunk(chunk, _worker_layout)
    first_number, lines = chunk
    results: list = []
    summary = RedactSummary()
    for offset, line in enumerate(lines):
        number = first_number + offset
        if not line.strip():
            continue
        summary.records_in += 1
        _add_line_result(number, line, results, summary)
    return results, summary


def _chunks(lines: Iterable[str], size: int, layout: CallLayout | None = None) -> Iterator[tuple[int, list[str]]]:
    """Numbered chunks of about ``size`` lines; with a call layout, each ends at a call's end."""
    chunk: list[str] = []
    first = 1
    last_key = None
    for number, line in enumerate(lines, start=1):
        key = line_call_key(line, layout) if layout is not None else None
        if len(chunk) >= size and (
            layout is None
            or (key != UNREAD and ends_a_call(last_key, key))
            or len(chunk) >= size + MAX_RANGE_CALL_RECORDS
        ):
            yield first, chunk
            chunk = []
        if key != UNREAD:
            last_key = key
        if not chunk:
            first = number
        chunk.append(line)
    if chunk:
        yield first, chunk


def redact_jsonl_lines(
    lines: Iterable[str],
    settings: RedactSettings,
    write: Callable[[str], None],
    quarantine: Callable[[Quarantined], None],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_lines: int = CHUNK_LINES,
) -> RedactSummary:
    """Redact JSON Lines, calling ``write`` for each output line and ``quarantine`` for each
    record that could not be processed, in input order."""
    workers = workers or os.cpu_count() or 1
    chunks = _chunks(lines, chunk_lines, settings.call_layout)
    head = list(itertools.islice(chunks, 2))
    if not head:
        return RedactSummary()
    chunks = itertools.chain(head, chunks)
    if workers <= 1 or len(head) == 1:  # one chunk is not worth starting processes for
        _init_worker(settings)
        return _deliver((_redact_chunk(chunk) for chunk in chunks), write, quarantine, progress)
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(workers, initializer=_init_pool_worker, initargs=(settings,)) as pool:
        return _deliver(_in_input_order(pool, chunks, workers), write, quarantine, progress)


def _in_input_order(
    pool, chunks: Iterable[tuple[int, list[str]]], workers: int
) -> Iterator[tuple[list, RedactSummary]]:
    """Each chunk's results from ``pool``, in input order.

    Pool.imap would read the whole input ahead; a window of submitted chunks keeps memory flat in
    the input size while every core stays busy.
    """
    window: collections.deque = collections.deque()
    for chunk in chunks:
        window.append(pool.apply_async(_redact_chunk, (chunk,)))
        if len(window) >= 2 * workers:
            yield window.popleft().get()
    while window:
        yield window.popleft().get()


def _deliver(
    chunk_results: Iterable[tuple[list, RedactSummary]],
    write: Callable[[str], None],
    quarantine: Callable[[Quarantined], None],
    progress: Callable[[int], None] | None,
) -> RedactSummary:
    """Pass each output line to ``write`` and each quarantined record to ``quarantine``, in order."""
    summary = RedactSummary()
    for results, chunk_summary in chunk_results:
        for item in results:
            if isinstance(item, Quarantined):
                quarantine(item)
            else:
                write(item)
        summary.add(chunk_summary)
        if progress:
            progress(chunk_summary.records_in)
    return summary


# --- JSON Lines files: workers read and write their own byte ranges ---------------------------
#
# For a file (not a pipe) the main process only plans byte ranges that end at line breaks; each
# worker reads its range, redacts it and writes a temporary file, and the main process copies
# the temporary files into the output in order. Nothing passes through the main process line by
# line, so both cores redact. A line break byte never occurs inside a UTF-8 or GB18030
# character, so ranges split at b"\n" decode on their own.

RANGE_BYTES = 4 << 20
# The folder of a file's part files, named with the process id: a later run removes what a
# killed one left (screen.files.atomic.remove_stale_temporaries).
WORK_PREFIX = ".leadscreen-redact-"


@dataclass(frozen=True)
class FileRange:
    path: str
    start: int
    end: int
    encoding: str  # of the whole file; "utf-8-sig" strips a BOM at offset 0 only
    workdir: str


MIN_RANGE_BYTES = 256 << 10


def balanced_range_bytes(path: str, workers: int, range_bytes: int = RANGE_BYTES) -> int:
    """A range size that gives each worker about four ranges: with a few 4 MiB ranges on two
    workers, one would sit idle while the other finishes the last range."""
    share = os.path.getsize(path) // max(1, workers * 4)
    return max(min(MIN_RANGE_BYTES, range_bytes), min(range_bytes, share))


def plan_ranges(
    path: str, encoding: str, workdir: str, range_bytes: int = RANGE_BYTES, layout: CallLayout | None = None
) -> list[FileRange]:
    """Ranges of about ``range_bytes`` that end at line breaks; with a call layout, at the end
    of a call (a range goes on past its cut while the next line has the same call id)."""
    size = os.path.getsize(path)
    ranges = []
    with open(path, "rb") as handle:
        start = 0
        while start < size:
            end = min(size, start + range_bytes)
            if end < size:
                handle.seek(end)
                rest = handle.readline()  # finish the line the cut fell in
                end += len(rest)
                if layout is not None and end < size:
                    end = _end_of_call(handle, end, encoding, layout)
            ranges.append(FileRange(path, start, end, encoding, workdir))
            start = end
    return ranges


def _end_of_call(handle, end: int, encoding: str, layout: CallLayout) -> int:
    """``end`` (a line start) moved past the lines of the call the last read line before it is
    in (lines passed over, blank or unreadable, go with the call when it goes on after them)."""
    plain = encoding.replace("-sig", "")
    key, position = UNREAD, end
    for _ in range(MAX_RANGE_CALL_RECORDS):  # the last read line before the cut
        if position == 0:
            return end
        line = _line_before(handle, position)
        position -= len(line)
        key = line_call_key(line.decode(plain, "replace"), layout)
        if key != UNREAD:
            break
    handle.seek(end)
    passed_over = 0
    for _ in range(MAX_RANGE_CALL_RECORDS):
        line = handle.readline()
        if not line:
            break
        following = line_call_key(line.decode(plain, "replace"), layout)
        if following == UNREAD:
            passed_over += len(line)
            continue
        if ends_a_call(key, following):
            break
        end += passed_over + len(line)
        passed_over = 0
    return end


def _line_before(handle, position: int) -> bytes:
    """The line that ends just before ``position`` (a line start), its line break included."""
    size = 4096
    while True:
        start = max(0, position - size)
        handle.seek(start)
        data = handle.read(position - start)
        cut = data.rfind(b"\n", 0, len(data) - 1)
        if cut >= 0 or start == 0:
            return data[cut + 1 :]
        size *= 4


def _redact_range(part: FileRange) -> tuple[int, str, list, RedactSummary]:
    """Redact one byte range into a temporary file: (lines in the range, file, quarantine, summary)."""
    import tempfile

    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    decoded, undecodable = _decoded_lines(data, part)
    results, summary = _redact_chunk((1, decoded))
    quarantined = [item for item in results if item.__class__ is Quarantined]
    written = [item for item in results if item.__class__ is not Quarantined] if quarantined else results
    descriptor, temporary = tempfile.mkstemp(prefix=".redact-", suffix=".part", dir=part.workdir)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
        if written:
            out.write("\n".join(written))
            out.write("\n")
    for index, reason in undecodable.items():  # these lines were blank to _redact_chunk
        quarantined.append(Quarantined(index + 1, reason))
        summary.records_in += 1
        summary.quarantined += 1
    quarantined.sort(key=lambda entry: entry.record)
    return len(decoded), temporary, quarantined, summary


def _copy_part(temporary: str, output) -> None:
    """Append a worker's UTF-8 part file to ``output``: as bytes where the output is a UTF-8
    file that does not translate line ends (decoding and encoding every line again took the main
    process a share of a core the workers need), as text otherwise."""
    import shutil

    binary = getattr(output, "buffer", None)
    if (
        binary is not None
        and os.linesep == "\n"
        and codecs.lookup(getattr(output, "encoding", None) or "ascii").name == "utf-8"
    ):
        output.flush()
        with open(temporary, "rb") as part:
            shutil.copyfileobj(part, binary, 1 << 20)
        return
    with open(temporary, encoding="utf-8", newline="") as part:
        shutil.copyfileobj(part, output, 1 << 20)


def _decoded_lines(data: bytes, part: FileRange) -> tuple[list[str], dict[int, str]]:
    """The lines of a range as text, and the reason for each line that is not valid text (those
    lines are blank in the list). The range is decoded at once; line by line only when that fails."""
    plain = part.encoding.replace("-sig", "")  # a BOM can only open the file's first line
    try:
        lines = data.decode(part.encoding if part.start == 0 else plain).split("\n")
    except UnicodeDecodeError:
        lines = None
    if lines is not None:
        if data.endswith(b"\n"):
            lines.pop()
        return lines, {}
    raw_lines = data.split(b"\n")
    if data.endswith(b"\n"):
        raw_lines.pop()
    decoded: list[str] = []
    undecodable: dict[int, str] = {}
    for index, raw in enumerate(raw_lines):
        try:
            decoded.append(raw.decode(part.encoding if part.start == 0 and index == 0 else plain))
        except UnicodeDecodeError:
            decoded.append("")
            undecodable[index] = f"not valid {plain} text"
    return decoded, undecodable


def redact_jsonl_file(
    path: str,
    encoding: str,
    settings: RedactSettings,
    output,
    quarantine: Callable[[Quarantined], None],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    range_bytes: int = RANGE_BYTES,
) -> RedactSummary:
    """Redact a JSON Lines file into the text stream ``output``, in input order, on ``workers``
    processes; ``quarantine`` gets each record that could not be processed (global line number)."""
    import tempfile

    workers = workers or os.cpu_count() or 1
    summary = RedactSummary()
    folder = (
        os.path.dirname(os.path.abspath(output.name))
        if hasattr(output, "name") and isinstance(output.name, str)
        else None
    )
    with tempfile.TemporaryDirectory(
        prefix=owned_prefix(WORK_PREFIX), dir=folder if folder and os.path.isdir(folder) else None
    ) as workdir:
        ranges = plan_ranges(
            path, encoding, workdir, balanced_range_bytes(path, workers, range_bytes), settings.call_layout
        )

        def consume(results) -> None:
            line_offset = 0
            for line_count, temporary, quarantined, part_summary in results:
                _copy_part(temporary, output)
                os.unlink(temporary)
                for entry in quarantined:
                    quarantine(Quarantined(entry.record + line_offset, entry.reason))
                line_offset += line_count
                summary.add(part_summary)
                if progress:
                    progress(part_summary.records_in)

        _init_worker(settings)
        if workers <= 1 or len(ranges) <= 1:
            consume(_redact_range(part) for part in ranges)
        else:
            import multiprocessing

            context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            with context.Pool(workers, initializer=_init_pool_worker, initargs=(settings,)) as pool:
                # the plan is small (a few entries per 4 MiB); imap keeps the ranges in order
                consume(pool.imap(_redact_range, ranges, chunksize=1))
    return summary
