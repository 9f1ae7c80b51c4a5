"""Redact lead lists and other tables: CSV (UTF-8 or GBK/GB18030), Excel, Parquet.

Every column is redacted, or those named by ``--columns``. A header can say what a whole cell
is — 手机号 → ``CN_PHONE_NUMBER``, 身份证号 → ``CN_RESIDENT_ID``, 银行卡号 → ``CN_BANK_CARD`` — and
then a non-empty cell is replaced whole even when it is short or oddly written (``138 1234``,
``1381234567``): such a column must never leak part of a number because it failed a rule.

Cells without a digit (ASCII, full-width or spoken) or an ``@`` are skipped without calling the
recognizers: the check is one vectorised expression per column. A row in which any cell raises
an error is quarantined whole (row number and reason), not written.

CSV and Excel outputs are for people: every cell a spreadsheet would take for a formula (``=``,
``+``, ``-``, ``@``, tab, carriage return first) is neutralised with a leading ``'`` (OWASP).
Parquet outputs keep the cells as redacted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from recognizers.normalize import SPOKEN_DIGITS
from screen.errors import UsageError
from screen.files.atomic import atomic_path
from screen.files.formats import FORMATS, format_of
from screen.files.spreadsheet import neutralize_expr
from screen.files.tables import collect, load_table
from screen.lists.columns import (
    SENSITIVE_HEADER_WORDS,
    is_phone_header,
    normalize_header,
    role_of,
    sensitive_header_word,
)
from screen.redact.jobs import Quarantined, RedactSettings, RedactSummary

_MAYBE_PERSONAL = "[0-9０-９@" + "".join(SPOKEN_DIGITS.values()) + "]"

# Redacted tables people open in Excel/WPS: a cell a spreadsheet would run as a formula gets a
# leading ' (OWASP, see screen.files.spreadsheet). Parquet is for machines and stays exact.
FOR_PEOPLE_FORMATS = ("csv", "xlsx")

# what :func:`_write` writes: the registry's formats of rows and columns (JSON Lines is records)
WRITTEN_TABLE_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.holds == "table")

_HEADER_ENTITIES = {
    "resident ID": "CN_RESIDENT_ID",
    "ID document number": "CN_RESIDENT_ID",
    "bank card": "CN_BANK_CARD",
    "bank account": "CN_BANK_CARD",
}
_EXTRA_HEADER_WORDS = {
    "护照": "CN_PASSPORT",
    "passport": "CN_PASSPORT",
    "邮箱": "EMAIL_ADDRESS",
    "email": "EMAIL_ADDRESS",
}


def column_entity(header: str) -> str | None:
    """The entity a header says every cell of the column is, if it says one."""
    if role_of(header) == "phone":
        return "CN_PHONE_NUMBER"
    word = sensitive_header_word(header)
    if word is not None and SENSITIVE_HEADER_WORDS.get(word) in _HEADER_ENTITIES:
        return _HEADER_ENTITIES[SENSITIVE_HEADER_WORDS[word]]
    normalized = normalize_header(header)
    for word, entity in _EXTRA_HEADER_WORDS.items():
        if word in normalized:
            return entity
    return None


def output_format(output_path: str, input_format: str) -> str:
    """The table format ``output_path``'s suffix names in the registry; standard output is CSV,
    and a name that names no table format is written in ``input_format``."""
    if output_path == "-":
        return "csv"
    try:
        return format_of(output_path, WRITTEN_TABLE_FORMATS)
    except UsageError:
        return input_format


def _write(frame: pl.DataFrame, output_path: str, fmt: str, encoding: str) -> None:
    if output_path == "-":
        import sys

        sys.stdout.write(frame.write_csv())
        return
    with atomic_path(output_path) as temporary:
        if fmt == "parquet":
            frame.write_parquet(temporary)
        elif fmt == "xlsx":
            frame.write_excel(temporary, autofit=True)
        elif encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
            with open(temporary, "wb") as handle:
                if encoding.lower().replace("-", "") == "utf8sig":
                    handle.write("\ufeff".encode("utf-8"))
                frame.write_csv(handle)
        else:
            try:
                data = frame.write_csv().encode(encoding)
            except (LookupError, UnicodeEncodeError) as error:
                raise UsageError(f"cannot write the CSV as {encoding}: {type(error).__name__}") from None
            Path(temporary).write_bytes(data)


def redact_table(
    input_path: str,
    output_path: str,
    fmt: str,
    settings: RedactSettings,
    columns: str | None = None,
    encoding: str = "utf-8",
) -> RedactSummary:
    if input_path == "-":
        raise UsageError("tables are read from a file, not standard input")
    written_format = output_format(output_path, fmt)
    redactor = settings.build()
    with tempfile.TemporaryDirectory(prefix="leadscreen-") as workdir:
        table = load_table(input_path, workdir=workdir, header_finder=is_phone_header)
        frame = collect(table.frame, input_path, engine="auto")
    wanted = _wanted_columns(columns, frame.columns, input_path)
    summary = RedactSummary(records_in=frame.height)
    bad_rows: dict[int, str] = {}
    replaced_columns = {}
    changed_rows = pl.Series("changed", [False] * frame.height)
    for name in wanted:
        entity = column_entity(name)
        series = frame.get_column(name)
        candidates = series.str.contains(_MAYBE_PERSONAL).fill_null(False)
        if entity is not None:
            candidates = series.is_not_null() & (series.str.strip_chars() != "")
        values = series.to_list()
        for index in candidates.arg_true().to_list():
            try:
                redacted, counts = redactor.redact_cell(values[index], entity)
            except Exception as error:  # fail closed: the row goes to quarantine
                bad_rows.setdefault(index, f"column {name!r}: internal error while redacting ({type(error).__name__})")
                continue
            if counts:
                values[index] = redacted
                summary.counts.update(counts)
                changed_rows[index] = True
        replaced_columns[name] = pl.Series(name, values, dtype=pl.String)
    frame = frame.with_columns(list(replaced_columns.values()))
    if bad_rows:
        keep = pl.Series([index not in bad_rows for index in range(frame.height)])
        frame = frame.filter(keep)
        changed_rows = changed_rows.filter(keep)
    if written_format in FOR_PEOPLE_FORMATS:
        frame = frame.with_columns(neutralize_expr(pl.col(pl.String)))
    _write(frame, output_path, written_format, encoding)
    summary.records_out = frame.height
    summary.quarantined = len(bad_rows)
    summary.changed = int(changed_rows.sum())
    # row numbers as a spreadsheet shows them: header line 1, data from line 2 (+ title rows)
    first_data_line = table.header_row + 2
    summary.quarantine_entries = [
        Quarantined(index + first_data_line, reason) for index, reason in sorted(bad_rows.items())
    ]
    return summary


def _wanted_columns(columns: str | None, present: list[str], input_path: str) -> list[str]:
    """The comma-separated ``columns`` (every column when None); :class:`UsageError` for one not present."""
    if not columns:
        return list(present)
    wanted = [name.strip() for name in columns.split(",") if name.strip()]
    missing = [name for name in wanted if name not in present]
    if missing:
        raise UsageError(f"no column {', '.join(missing)} in {input_path} (columns: {', '.join(present)})")
    return wanted


def restore_table(input_path: str, output_path: str, key: bytes) -> int:
    """Decrypt every ``<ENTITY:e:…>`` token in every cell; write the table in the output's format."""
    from screen.redact.operators import TOKEN_RE, restore_tokens

    with tempfile.TemporaryDirectory(prefix="leadscreen-") as workdir:
        table = load_table(input_path, workdir=workdir, header_finder=None)
        frame = collect(table.frame, input_path, engine="auto")
    restored = 0
    columns = []
    for name in frame.columns:
        values = frame.get_column(name).to_list()
        for index, value in enumerate(values):
            if value and "<" in value:
                tokens = len(TOKEN_RE.findall(value))
                if tokens:
                    values[index] = restore_tokens(value, key)
                    restored += tokens
        columns.append(pl.Series(name, values, dtype=pl.String))
    _write(pl.DataFrame(columns), output_path, output_format(output_path, table.format), "utf-8")
    return restored
