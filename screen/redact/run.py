"""Run one redaction from an input path to an output path, with quarantine and progress.

Outputs are written atomically; ``-`` streams from standard input / to standard output. Progress
goes to the caller's ``progress`` callback, if any: this module never writes to the terminal.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from screen.asr.model import file_like
from screen.errors import UsageError
from screen.files.atomic import TEMPORARY_PREFIX, atomic_write, remove_stale_temporaries
from screen.files.formats import FORMATS
from screen.files.json_reader import parse_json
from screen.files.text import decode_text, decoded_lines, open_input
from screen.redact.jobs import (
    WORK_PREFIX,
    Quarantined,
    RedactSettings,
    RedactSummary,
    redact_asr_document,
    redact_jsonl_file,
    redact_jsonl_lines,
)
from screen.redact.text_calls import redact_text_calls
from screen.redact.utterances import LAYOUT_SAMPLE, detect_layout, sample_records


def default_quarantine_path(output_path: str) -> str | None:
    """Beside the output; None for standard output (the caller reports the entries itself:
    nothing is left in the working directory)."""
    return None if output_path == "-" else output_path + ".quarantine.jsonl"


def check_paths(input_path: str, output_path: str, quarantine_path: str | None) -> None:
    """Refuse an output or quarantine list that would replace the input or each other."""

    def same(first: str, second: str) -> bool:
        return first != "-" and second != "-" and Path(first).resolve() == Path(second).resolve()

    if same(output_path, input_path):
        raise UsageError("the output would overwrite the input; choose another output")
    if quarantine_path is not None and same(quarantine_path, output_path):
        raise UsageError("the quarantine list would overwrite the output; choose another quarantine path")
    if quarantine_path is not None and same(quarantine_path, input_path):
        raise UsageError("the quarantine list would overwrite the input; choose another quarantine path")


def remove_leftovers(output_path: str) -> int:
    """Remove what a killed run (``kill -9``) left beside the output or in the temporary folder:
    ``.tmp-PID-*`` files and ``.leadscreen-redact-PID-*`` folders whose process is gone."""
    import tempfile

    # in the shared temporary folder only our own work folders: other programs' files are not ours
    removed = remove_stale_temporaries(tempfile.gettempdir(), (WORK_PREFIX,))
    if output_path != "-":
        removed += remove_stale_temporaries(Path(output_path).resolve().parent, (TEMPORARY_PREFIX, WORK_PREFIX))
    return removed


def write_quarantine(path: str | None, input_name: str, entries: list[Quarantined]) -> None:
    if path is None:
        return
    target = Path(path)
    if not entries:
        target.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
        return
    with atomic_write(target) as handle:
        for entry in entries:
            handle.write(
                json.dumps({"input": input_name, "record": entry.record, "reason": entry.reason}, ensure_ascii=False)
                + "\n"
            )


def run_redaction(
    input_path: str,
    output_path: str,
    fmt: str,
    settings: RedactSettings,
    quarantine_path: str | None = None,
    workers: int | None = None,
    columns: str | None = None,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> RedactSummary:
    """Redact ``input_path`` into ``output_path``; ``progress``, if given, is called with the
    number of records finished each time a batch of JSON Lines records is done (for a text
    file, the number of calls)."""
    quarantine_path = quarantine_path or default_quarantine_path(output_path)
    check_paths(input_path, output_path, quarantine_path)
    remove_leftovers(output_path)
    if FORMATS[fmt].holds == "table":
        from screen.redact.tables import redact_table

        summary = redact_table(input_path, output_path, fmt, settings, columns=columns, encoding=encoding)
        summary.quarantine_path = quarantine_path
        write_quarantine(quarantine_path, input_path, summary.quarantine_entries)
        return summary
    quarantined: list[Quarantined] = []
    stream, name = open_input(input_path)
    with ExitStack() as stack:
        stack.enter_context(stream)
        if output_path == "-":
            output = sys.stdout
        else:
            output = stack.enter_context(atomic_write(output_path))
        if fmt == "jsonl" and input_path != "-":
            encoding = _file_encoding(stream, name)
            summary = redact_jsonl_file(
                input_path,
                encoding,
                _with_calls(settings, _head_lines(input_path, encoding)),
                output,
                quarantine=quarantined.append,
                workers=workers,
                progress=progress,
            )
        elif fmt == "jsonl":
            lines = decoded_lines(stream, name)
            head = list(itertools.islice(lines, LAYOUT_SAMPLE))
            summary = redact_jsonl_lines(
                itertools.chain(head, lines),
                _with_calls(settings, head),
                write=lambda line: output.write(line + "\n"),
                quarantine=quarantined.append,
                workers=workers,
                progress=progress,
            )
        elif fmt == "txt":
            summary = redact_text_calls(stream, name, settings, output, quarantined.append, progress)
        else:
            summary = _redact_whole(stream, name, fmt, settings, output, quarantined)
    summary.quarantine_path = quarantine_path
    quarantined.sort(key=lambda entry: entry.record)  # a call's records are listed after a broken line in it
    summary.quarantine_entries = quarantined
    write_quarantine(quarantine_path, name, quarantined)
    return summary


def _with_calls(settings: RedactSettings, head: list[str]) -> RedactSettings:
    """``settings`` with the call layout of JSON Lines whose first lines are ``head``."""
    layout = detect_layout(sample_records(head), settings.call_field, settings.text_fields)
    return dataclasses.replace(settings, call_layout=layout)


def _head_lines(path: str, encoding: str) -> list[str]:
    with open(path, encoding=encoding, errors="replace") as handle:
        return list(itertools.islice(handle, LAYOUT_SAMPLE))


def _file_encoding(stream, name: str) -> str:
    """UTF-8 (with or without BOM) or GB18030, one of them throughout; empty is an error."""
    from screen.files.encoding import stream_file_encoding

    encoding = stream_file_encoding(stream, name)
    if not stream.read(65536).strip():
        raise UsageError(f"{name} is empty")
    return encoding


def _redact_whole(stream, name: str, fmt: str, settings: RedactSettings, output, quarantined: list) -> RedactSummary:
    """An ASR JSON transcript (one call): one record."""
    raw = stream.read()
    if not raw.strip():
        raise UsageError(f"{name} is empty")
    text = decode_text(raw, name)
    summary = RedactSummary(records_in=1)
    redactor = settings.build()
    try:
        document, counts = redact_asr_document(parse_json(text), redactor, settings)
        redacted = file_like(document, text)  # one line stays one line
    except ValueError as error:
        quarantined.append(Quarantined(1, str(error)))
        summary.quarantined = 1
        return summary
    except Exception as error:  # fail closed: never write the text raw
        quarantined.append(Quarantined(1, f"internal error while redacting ({type(error).__name__})"))
        summary.quarantined = 1
        return summary
    output.write(redacted)
    summary.records_out = 1
    summary.changed = int(bool(counts))
    summary.counts.update(counts)
    return summary
