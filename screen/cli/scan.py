"""``leadscreen scan``: print the personal numbers found in transcripts, masked."""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import click

from screen.errors import UsageError
from screen.files.text import (
    TEXT_RECORD_FORMATS,
    input_format,
    input_size,
    iter_text_records,
    open_input,
)

EXAMPLES = """
\b
Examples:
  leadscreen scan sample_lists/transcripts/call_0001.txt
  leadscreen scan sample_lists/transcripts/calls.jsonl --format json
  echo '客户手机幺三八 一二三四 五六七八' | leadscreen scan -
  leadscreen scan calls.jsonl --text-field content --entities CN_RESIDENT_ID,CN_BANK_CARD
"""


def _input_format(input_path: str, requested: str | None) -> str:
    try:
        return input_format(input_path, requested)
    except UsageError as error:
        raise UsageError(f"{error} (or pass --input-format)") from None


def _line_col(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


@click.command(epilog=EXAMPLES)
@click.argument("input_path", metavar="INPUT")
@click.option("--text-field", default="text", show_default=True, help="JSONL field that holds the text.")
@click.option(
    "--input-format",
    "input_format_name",
    type=click.Choice(TEXT_RECORD_FORMATS),
    help="Override the format guessed from the file name (.txt, .jsonl/.ndjson).",
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
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A bar of bytes scanned on stderr. Default: on when stderr is a terminal.",
)
def scan(input_path, text_field, input_format_name, output_format, entities, min_score, fail_on_findings, progress):
    """Find Chinese resident IDs, phone numbers, bank cards, passports and e-mail addresses.

    INPUT is a text file (.txt: the whole file is one text), a JSONL file (.jsonl/.ndjson: one
    record per line, text in --text-field), or - for standard input. Spoken numbers (幺三八…, 洞,
    两), full-width digits and digit groups split by spaces or dashes are found too.

    Each finding is printed with its entity, position, score and the value MASKED (138****5678):
    the raw number is never printed. Positions are character offsets into the text (for JSONL,
    into the record's text field). Exit status: 0 done, 1 a record could not be read (or, with
    --fail-on-findings, something was found), 2 bad input.
    """
    from recognizers.scanner import PERSONAL_ENTITIES

    wanted = _wanted_entities(entities)
    fmt = _input_format(input_path, input_format_name)
    stream, name = open_input(input_path)
    table = _TablePrinter("record" if fmt != "txt" else "line:col") if output_format == "table" else None
    with stream, _progress_bar(input_path, progress) as bar:
        tally = _scan_records(
            iter_text_records(stream, fmt, text_field, name), fmt, name, wanted, min_score, table, bar
        )
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
def _progress_bar(input_path: str, progress: bool | None):
    """A bytes bar on stderr (see :mod:`screen.cli.progress`); its total is the file's size."""
    from screen.cli.progress import ProgressBar, wanted

    if not wanted(progress):
        yield None
        return
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


def _scan_records(records, fmt: str, name: str, wanted, min_score: float, table, bar) -> _Tally:
    """Scan each record, printing each finding as found: as a JSON line, or to ``table``."""
    tally = _Tally()
    for record in records:
        tally.records += 1
        if bar is not None and record.text is not None:
            bar(len(record.text.encode("utf-8")) + 1)
        if record.error:
            tally.unreadable += 1
            click.echo(f"leadscreen: {name} line {record.number}: {record.error}", err=True)
            continue
        for where, public in _findings(record, fmt, wanted, min_score):
            tally.counts[public["entity"]] += 1
            if table is None:
                click.echo(json.dumps(public, ensure_ascii=False))
            else:
                table.add(where, public)
    return tally


def _findings(record, fmt: str, wanted, min_score: float):
    """(where, printable finding) for each finding of one record at or above ``min_score``: a
    whole text is located by line:column, a JSON Lines record by its number."""
    from recognizers.scanner import scan as scan_text

    for finding in scan_text(record.text, entities=wanted):
        if finding.score < min_score:
            continue
        public = finding.public_dict()
        if fmt == "txt":
            yield _line_col(record.text, finding.start), public
        else:
            yield str(record.number), {"record": record.number, **public}


class _TablePrinter:
    """Aligned columns, printed as findings come: the widths are taken from the first
    :data:`ALIGN_ROWS` rows (a longer cell further down widens only its own row), so a long scan
    prints early and ``scan big.jsonl | head`` ends as soon as ``head`` has its lines."""

    ALIGN_ROWS = 1000
    HEADER = ("entity", "start", "end", "score", "masked", "reason")

    def __init__(self, where_header: str):
        self._pending: list[tuple[str, ...]] = [(where_header, *self.HEADER)]
        self._widths: list[int] | None = None

    def add(self, where: str, item: dict) -> None:
        row = (
            where,
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
