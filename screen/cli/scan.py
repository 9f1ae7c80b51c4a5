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
def scan(input_path, text_field, input_format_name, output_format, entities, min_score, fail_on_findings):
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
    with stream, _progress_bar(input_path) as bar:
        tally = _scan_records(
            iter_text_records(stream, fmt, text_field, name), fmt, name, wanted, min_score, output_format, bar
        )
    if output_format == "table":
        _print_table(tally.rows, "record" if fmt != "txt" else "line:col")
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
def _progress_bar(input_path: str):
    """A bytes bar on stderr when it is a terminal and the input is a file (its size is known)."""
    if not sys.stderr.isatty() or input_path == "-":
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=input_size(input_path), unit="B", unit_scale=True, desc="scanning", file=sys.stderr, leave=False)
    try:
        yield bar
    finally:
        bar.close()


@dataclass
class _Tally:
    records: int = 0
    unreadable: int = 0
    counts: Counter = field(default_factory=Counter)
    rows: list = field(default_factory=list)  # (where, finding) for the table output


def _scan_records(records, fmt: str, name: str, wanted, min_score: float, output_format: str, bar) -> _Tally:
    """Scan each record: JSON findings are printed as found, table rows are kept for the end."""
    tally = _Tally()
    for record in records:
        tally.records += 1
        if bar is not None and record.text is not None:
            bar.update(len(record.text.encode("utf-8")) + 1)
        if record.error:
            tally.unreadable += 1
            click.echo(f"leadscreen: {name} line {record.number}: {record.error}", err=True)
            continue
        for where, public in _findings(record, fmt, wanted, min_score):
            tally.counts[public["entity"]] += 1
            if output_format == "json":
                click.echo(json.dumps(public, ensure_ascii=False))
            else:
                tally.rows.append((where, public))
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


def _print_table(rows, where_header: str) -> None:
    header = (where_header, "entity", "start", "end", "score", "masked", "reason")
    table = [header] + [
        (
            where,
            item["entity"],
            str(item["start"]),
            str(item["end"]),
            f"{item['score']:.2f}",
            item["masked"],
            item["reason"],
        )
        for where, item in rows
    ]
    widths = [max(_display_width(row[column]) for row in table) for column in range(len(header) - 1)]
    for row in table:
        cells = [cell + " " * (width - _display_width(cell)) for cell, width in zip(row, widths)]
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
