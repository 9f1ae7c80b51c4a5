"""Calls as the records a spot check samples: a text transcript's blank-line blocks, and the
utterance records of one call id in JSON Lines, read as ``redact`` reads them
(:mod:`screen.redact.utterances`, :mod:`screen.redact.text_calls`), so a number said over several
turns is found in the sample as it is in the redaction.

Each source streams its file twice (count, then read the picked calls), as the other sources
do; a call is held only when picked. A call longer than the redaction's window
(:data:`screen.redact.text_calls.MAX_CALL_LINES` lines or
:data:`screen.redact.utterances.MAX_CALL_RECORDS` records) is sampled in parts of that many.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from screen.files.encoding import file_encoding
from screen.redact import text_calls, utterances
from screen.redact.fields import SegmentSlot
from screen.redact.jobs import json_object, record_slots
from screen.redact.utterances import UNREAD, CallLayout, detect_layout, line_call_key, sample_records

TEXT_CALL = "txt"  # the formats the transcript check reads a sampled unit in
JSONL_CALL = "jsonl-call"


def _parts(lines: list, size: int) -> Iterator[list]:
    for start in range(0, len(lines), size):
        yield lines[start : start + size]


@dataclass
class TextCallSource:
    """A text transcript: each call (lines between blank lines) is a record."""

    path: Path
    encoding: str = field(init=False)

    def __post_init__(self):
        self.encoding = file_encoding(self.path)

    def _calls(self) -> Iterator[tuple[int, list[str]]]:
        """(first line number, lines) of each call, or part of a long one."""
        with self.path.open(encoding=self.encoding, newline="") as handle:
            number = 0
            for is_call, run in text_calls.text_calls(handle):
                if not is_call:
                    number += sum(1 for _line in run)
                    continue
                while part := list(itertools.islice(run, text_calls.MAX_CALL_LINES)):
                    yield number + 1, part
                    number += len(part)

    def count(self) -> int:
        return sum(1 for _call in self._calls())

    def read(self, indexes: Sequence[int]) -> Iterator[tuple[int, str, bytes]]:
        wanted = set(indexes)
        for index, (first, lines) in enumerate(self._calls()):
            if index in wanted:
                yield index, f"{self.path.name}:{first}", "".join(lines).encode("utf-8")


def text_call_slots(text: str) -> list:
    """A sampled call of a text transcript as one slot of turns, speakers from their labels."""
    turns = [text_calls.split_turn(line) for line in text.splitlines(keepends=True)]
    speakers = text_calls.speakers_of(turns) or [None] * len(turns)
    return [SegmentSlot("", [{"text": turn.body, "speaker": who} for turn, who in zip(turns, speakers)])]


@dataclass
class JsonlCallSource:
    """JSON Lines of utterances: the records of one call (consecutive, one call id) are a record;
    a record of no call, or a line that cannot be read, is a record of its own."""

    path: Path
    layout: CallLayout
    encoding: str = field(init=False)

    def __post_init__(self):
        self.encoding = file_encoding(self.path)

    def _units(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open(encoding=self.encoding, errors="replace") as handle:
            group: list[str] = []
            first = last_key = None
            for number, line in enumerate(handle, start=1):
                key = line_call_key(line, self.layout)
                if key == UNREAD:
                    if line.strip():
                        yield number, [line]  # unreadable: a record of its own; the call goes on
                    continue
                if group and (key is None or key != last_key or len(group) >= utterances.MAX_CALL_RECORDS):
                    yield first, group
                    group = []
                if key is None:
                    yield number, [line]
                    continue
                if not group:
                    first = number
                group.append(line)
                last_key = key
            if group:
                yield first, group

    def count(self) -> int:
        return sum(1 for _unit in self._units())

    def read(self, indexes: Sequence[int]) -> Iterator[tuple[int, str, bytes]]:
        wanted = set(indexes)
        for index, (first, lines) in enumerate(self._units()):
            if index in wanted:
                yield index, f"{self.path.name}:{first}", "".join(lines).encode("utf-8")


def jsonl_call_slots(text: str, layout: CallLayout, text_fields: tuple[str, ...]) -> tuple[list, object]:
    """A sampled unit of JSON Lines: one record as any record, or a call's records as one slot of
    turns (then each record's other fields); ``ValueError`` when a line cannot be read."""
    lines = [line for line in text.splitlines() if line.strip()]
    records = [json_object(line) for line in lines]
    if len(records) == 1 and utterances.call_key(records[0], layout) is None:
        return record_slots(records[0], text_fields), records[0]
    segments, slots = [], []
    rest_fields = tuple(name for name in text_fields if name != layout.text_field)
    for record in records:
        if record.get(layout.text_field).__class__ is str:
            segments.append(
                {"text": record[layout.text_field], "speaker": record.get(layout.speaker_field or "", None)}
            )
        rest = {key: value for key, value in record.items() if key != layout.text_field}
        if rest_fields or not text_fields:
            slots += record_slots(rest, rest_fields)
    return [SegmentSlot(layout.text_field, segments), *slots], records[0]


def jsonl_layout(path: Path, text_fields: tuple[str, ...]) -> CallLayout | None:
    """The call layout of a JSON Lines transcript (None: records are read one by one)."""
    with path.open(encoding=file_encoding(path), errors="replace") as handle:
        return detect_layout(sample_records(itertools.islice(handle, utterances.LAYOUT_SAMPLE)), None, text_fields)
