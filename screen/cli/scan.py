"""``leadscreen scan``: print the personal numbers found in transcripts, masked."""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import click

from screen.cli.options import call_field_option, text_fields_option
from screen.cli.progress import progress_option
from screen.errors import UsageError
from screen.files.formats import FORMATS
from screen.files.text import input_size
from screen.redact.fields import masked_name
from screen.redact.sources import INPUT_FORMATS, input_format, read_records

EXAMPLES = """
\b
Examples:
  leadscreen scan sample_lists/transcripts/call_0001.txt
  leadscreen scan sample_lists/transcripts/calls.jsonl --format json
  echo '客户手机幺三八 一二三四 五六七八' | leadscreen scan -
  leadscreen scan sample_lists/transcripts/calls.jsonl --text-field text --entities CN_RESIDENT_ID,CN_BANK_CARD
  leadscreen scan sample_lists/transcripts/asr_call.json     # a number split across segments
  leadscreen scan sample_lists/bought_list.csv --format json
"""


def _input_format(input_path: str, requested: str | None) -> str:
    try:
        return input_format(input_path, requested)
    except UsageError as error:
        raise UsageError(f"{error} (or pass --input-format)") from None


class _LineColumns:
    """``line:column`` of offsets into one text. The line breaks are found once: counting them
    again for every finding made a long text with many findings quadratic."""

    def __init__(self, text: str):
        self._breaks = [match.start() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> str:
        line = bisect.bisect_left(self._breaks, offset)  # line breaks before the offset
        line_start = self._breaks[line - 1] + 1 if line else 0
        return f"{line + 1}:{offset - line_start + 1}"


@click.command(epilog=EXAMPLES)
@click.argument("input_path", metavar="INPUT")
@text_fields_option("scan")
@call_field_option
@click.option(
    "--input-format",
    "input_format_name",
    type=click.Choice(INPUT_FORMATS),
    help="Override the format guessed from the file name (.txt .jsonl .json=ASR .csv .xlsx .parquet; "
    "also .ndjson .tsv .xlsm .xls .pq).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: aligned columns for people; json: one JSON object per finding per line.",
)
@click.option(
    "--entities",
    help="Comma-separated entities to report (default: all). "
    "CN_RESIDENT_ID, CN_PHONE_NUMBER, CN_BANK_CARD, CN_PASSPORT, EMAIL_ADDRESS, CN_BUSINESS_NUMBER.",
)
@click.option(
    "--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True, help="Drop findings scored below this."
)
@click.option(
    "--fail-on-findings", is_flag=True, help="Exit with status 1 if any personal number is found (for pipelines)."
)
@progress_option("A bar of bytes scanned")
def scan(
    input_path,
    text_fields,
    call_field,
    input_format_name,
    output_format,
    entities,
    min_score,
    fail_on_findings,
    progress,
):
    """Find Chinese resident IDs, phone numbers, bank cards, passports and e-mail addresses.

    INPUT is anything `leadscreen redact` reads, told apart the same way and read as it reads it: a
    text file (.txt: calls separated by blank lines, each call's turns read together), JSON Lines
    (.jsonl/.ndjson: one record per line; every string in it, nested too, or --text-field;
    utterance records of one call id read together, see --call-field), an ASR transcript (.json: a number split across segments, or said over
    several turns, is found), a table (.csv in UTF-8/GBK, .xlsx, .parquet: every cell), or - for standard input
    (text or JSON Lines). Spoken numbers (幺三八…, 洞, 两), full-width digits and digit groups
    split by spaces or dashes are found too.

    Each finding is printed with its entity, position, score and the value MASKED (138****5678):
    the raw number is never printed. Positions are character offsets into the text; for a record,
    into its field (for a table, the column; for a number split across segments, those segments
    joined). Exit status: 0 done, 1 a record could not be read (or, with --fail-on-findings,
    something was found), 2 bad input.
    """
    from recognizers.scanner import PERSONAL_ENTITIES

    wanted = _wanted_entities(entities)
    fmt = _input_format(input_path, input_format_name)
    name = "standard input" if input_path == "-" else input_path
    table = _TablePrinter(("line:col",) if fmt == "txt" else ("record", "field")) if output_format == "table" else None
    records = read_records(input_path, fmt, text_fields, call_field)
    with _progress_bar(input_path, fmt, progress) as bar:
        tally = _scan_records(records, _Finder(fmt, wanted, min_score), name, table, bar)
    if table is not None:
        table.finish()
    summary = ", ".join(f"{entity} {count}" for entity, count in sorted(tally.counts.items())) or "no findings"
    click.echo(
        f"scanned {tally.records} record(s): {summary}"
        + (f"; {tally.unreadable} unreadable" if tally.unreadable else ""),
        err=True,
    )
    if tally.unreadable:
        sys.exit(1)
    if fail_on_findings and any(tally.counts[entity] for entity in PERSONAL_ENTITIES):
        sys.exit(1)


def _wanted_entities(entities: str | None) -> list[str] | None:
    """The entities named by --entities, or None for all of them."""
    from recognizers.scanner import ENTITIES

    if not entities:
        return None
    wanted = [name.strip().upper() for name in entities.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(ENTITIES))
    if unknown:
        raise click.BadParameter(
            f"unknown entity {', '.join(unknown)}; known: {', '.join(ENTITIES)}", param_hint="--entities"
        )
    return wanted


@contextmanager
def _progress_bar(input_path: str, fmt: str, progress: bool | None):
    """A bar on stderr (see :mod:`screen.cli.progress`): bytes of a text file or JSON Lines out
    of its size, rows of a table."""
    from screen.cli.progress import ProgressBar, wanted

    if not wanted(progress):
        yield None
        return
    if FORMATS.get(fmt) is not None and FORMATS[fmt].holds == "table":
        bar = ProgressBar("scanning", " rows")
    else:
        bar = ProgressBar("scanning", "B", total=input_size(input_path), unit_scale=True)
    try:
        yield bar
    finally:
        bar.close()


@dataclass
class _Tally:
    records: int = 0
    unreadable: int = 0
    counts: Counter = field(default_factory=Counter)


def _scan_records(records, finder: _Finder, name: str, table, bar) -> _Tally:
    """Scan each record, printing each finding as found: as a JSON line, or to ``table``."""
    tally = _Tally()
    for record in records:
        tally.records += 1
        if bar is not None:
            bar(record.size or 1)
        if record.error:
            tally.unreadable += 1
            click.echo(f"leadscreen: {name} line {record.number}: {record.error}", err=True)
            continue
        for where, public in finder.findings(record):
            tally.counts[public["entity"]] += 1
            if table is None:
                click.echo(json.dumps(public, ensure_ascii=False))
            else:
                table.add(where, public)
    return tally


class _Finder:
    """The findings of one record at or above ``min_score``, as (where, printable finding): a
    plain text file's located by line:column, a record's by its number and field. The segments
    of a call are scanned as ``redact`` redacts them: a number split across segments is one
    finding, in field ``segments[3].text+segments[4].text`` at offsets into those joined."""

    def __init__(self, fmt: str, wanted, min_score: float):
        from recognizers.scanner import ENTITIES

        self._plain = fmt == "txt"
        self._wanted = wanted
        self._min_score = min_score
        self._segments_redactor = None
        self._entities = tuple(wanted or ENTITIES)

    def findings(self, record):
        from screen.redact.fields import SegmentSlot
        from screen.redact.utterances import CallTurnSlot

        for slot in record.slots:
            if slot.__class__ is CallTurnSlot:
                pairs = ((slot.path, slot.text, finding) for finding in slot.findings(self._call_redactor()))
            elif slot.__class__ is SegmentSlot:
                pairs = self._segment_findings(slot)
            else:
                pairs = self._text_findings(slot)
            lines = None
            for path, text, finding in pairs:
                if finding.score < self._min_score:
                    continue
                public = finding.public_dict()
                if self._plain and slot.__class__ is CallTurnSlot:  # a turn of a text file's call
                    public["start"], public["end"] = finding.start + slot.offset, finding.end + slot.offset
                    yield (f"{slot.line}:{slot.column + finding.start + 1}",), public
                elif self._plain:
                    lines = lines or _LineColumns(text)
                    yield (lines.at(finding.start),), public
                else:
                    path = masked_name(path)
                    yield (str(record.number), path), {"record": record.number, "field": path, **public}

    def _text_findings(self, slot):
        # a transcript of two speakers, one turn per line, is read as a call, as redact reads it
        from recognizers.call import scan_text

        text = slot.text
        for finding in scan_text(text, entities=self._wanted):
            yield slot.path, text, finding

    def _call_redactor(self):
        """The redactor whose spans ``redact`` replaces (a call's texts are read together)."""
        if self._segments_redactor is None:
            from screen.redact.operators import Operator
            from screen.redact.redactor import Redactor

            self._segments_redactor = Redactor(Operator("tag"), entities=self._entities)
        return self._segments_redactor

    def _segment_findings(self, slot):
        texts = slot.texts
        for index, spans in enumerate(self._call_redactor().segment_spans(texts, slot.speakers)):
            for _start, _end, finding, piece in spans:
                if piece is None:
                    yield f"{slot.path}[{index}].text", texts[index], finding
                elif piece.index == 0:
                    yield _across_segments(slot.path, texts, finding, piece.segments)


def _across_segments(path: str, texts: list[str], finding, segments: tuple[int, ...]):
    """A number whose pieces lie in several segments, as one finding in the segments joined:
    field ``segments[3].text+segments[4].text``, offsets into their texts put end to end."""
    import dataclasses

    before_last = sum(len(texts[index]) for index in segments[:-1])
    joined = "".join(texts[index] for index in segments)
    field = "+".join(f"{path}[{index}].text" for index in segments)
    return field, joined, dataclasses.replace(finding, end=before_last + finding.end)


class _TablePrinter:
    """Aligned columns, printed as findings come: the widths are taken from the first
    :data:`ALIGN_ROWS` rows (a longer cell further down widens only its own row), so a long scan
    prints early and ``scan big.jsonl | head`` ends as soon as ``head`` has its lines."""

    ALIGN_ROWS = 1000
    HEADER = ("entity", "start", "end", "score", "masked", "reason")

    def __init__(self, where_headers: tuple[str, ...]):
        self._pending: list[tuple[str, ...]] = [(*where_headers, *self.HEADER)]
        self._widths: list[int] | None = None

    def add(self, where: tuple[str, ...], item: dict) -> None:
        row = (
            *where,
            item["entity"],
            str(item["start"]),
            str(item["end"]),
            f"{item['score']:.2f}",
            item["masked"],
            item["reason"],
        )
        if self._widths is not None:
            self._print(row)
            return
        self._pending.append(row)
        if len(self._pending) > self.ALIGN_ROWS:
            self.finish()

    def finish(self) -> None:
        """Print the rows held back for alignment (the header at least)."""
        if self._widths is None:
            columns = len(self._pending[0]) - 1  # the last column is not padded
            self._widths = [max(_display_width(row[column]) for row in self._pending) for column in range(columns)]
        for row in self._pending:
            self._print(row)
        self._pending = []

    def _print(self, row: tuple[str, ...]) -> None:
        cells = [cell + " " * max(0, width - _display_width(cell)) for cell, width in zip(row, self._widths)]
        click.echo("  ".join(cells + [row[-1]]))


def _display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(
        2
        if "\u1100" <= char
        and (
            char <= "\u115f"
            or "\u2e80" <= char <= "\ua4cf"
            or "\uac00" <= char <= "\ud7a3"
            or "\uf900" <= char <= "\ufaff"
            or "\uff00" <= char <= "\uff60"
        )
        else 1
        for char in text
    )
