"""The one registry of file formats: which suffix names which format, and what that format holds.

Every job that picks a reader by a file's name asks here, so a suffix means the same thing to
``screen``, ``redact``, ``scan``, ``spotcheck`` and the ledger imports. A job names the formats it
accepts; :func:`format_of` refuses the others with a one-line error listing the suffixes it would take.

What a format holds:

- ``table``: rows and named columns (lead lists, ledger imports) — ``csv`` (also ``.tsv``; the
  separator is sniffed), ``xlsx`` (also ``.xlsm``, ``.xls``), ``parquet`` (also ``.pq``);
- ``records``: ``jsonl`` (also ``.ndjson``), one JSON object per line — a table to the list readers,
  transcript records to the redaction and spot-check jobs;
- ``text``: ``txt``, plain text read line by line (a transcript, a list of numbers), and ``asr``
  (``.json``), one speech-recognition result per file.

>>> format_of("leads.CSV")
'csv'
>>> format_of("call.json", accepted=("txt", "asr", "jsonl"))
'asr'
>>> format_of("leads.txt", accepted=TABLE_FORMATS, what="a list")
Traceback (most recent call last):
...
screen.errors.UsageError: leads.txt: a .txt file is plain text, not a list; use .csv .tsv .xlsx .xlsm .xls .parquet .pq .jsonl .ndjson
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from screen.errors import UsageError

__all__ = ["FORMATS", "TABLE_FORMATS", "TEXT_FORMATS", "FileFormat", "format_of", "suffixes_of"]


@dataclass(frozen=True)
class FileFormat:
    name: str
    suffixes: tuple[str, ...]  # the first is the one written
    holds: str  # table | records | text
    description: str


FORMATS: dict[str, FileFormat] = {
    fmt.name: fmt
    for fmt in (
        FileFormat("csv", (".csv", ".tsv"), "table", "delimited text (comma, tab, ; or |), UTF-8 or GB18030"),
        FileFormat("xlsx", (".xlsx", ".xlsm", ".xls"), "table", "an Excel workbook"),
        FileFormat("parquet", (".parquet", ".pq"), "table", "a Parquet file"),
        FileFormat("jsonl", (".jsonl", ".ndjson"), "records", "JSON Lines: one JSON object per line"),
        FileFormat("txt", (".txt",), "text", "plain text"),
        FileFormat("asr", (".json",), "text", "one speech-recognition result (JSON)"),
    )
}
# the formats a table reader takes (JSON Lines: one row per object)
TABLE_FORMATS = ("csv", "xlsx", "parquet", "jsonl")
# the formats that hold transcripts
TEXT_FORMATS = ("txt", "jsonl", "asr")

_BY_SUFFIX = {suffix: fmt.name for fmt in FORMATS.values() for suffix in fmt.suffixes}


def suffixes_of(formats: Iterable[str]) -> list[str]:
    """Every suffix that names one of ``formats``, in registry order."""
    return [suffix for name in formats for suffix in FORMATS[name].suffixes]


def format_of(path: str | PurePath, accepted: Iterable[str] | None = None, what: str = "a file") -> str:
    """The format ``path``'s suffix names (case ignored); :class:`UsageError` when it names none,
    or one not in ``accepted`` (``what`` says what the job expected, for the message)."""
    path = PurePath(path)
    suffix = path.suffix.lower()
    accepted = tuple(accepted) if accepted is not None else tuple(FORMATS)
    name = _BY_SUFFIX.get(suffix)
    if name in accepted:
        return name
    known = " ".join(suffixes_of(accepted))
    if name is None:
        raise UsageError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; use {known}")
    raise UsageError(f"{path}: a {suffix} file is {FORMATS[name].description}, not {what}; use {known}")
