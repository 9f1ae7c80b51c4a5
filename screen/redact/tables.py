"""Redact lead lists and other tables: CSV (UTF-8 or GBK/GB18030), Excel, Parquet.

Every column is redacted, or those named by ``--columns``. A header can say what a whole cell
is — 手机号 → ``CN_PHONE_NUMBER``, 身份证号 → ``CN_RESIDENT_ID``, 银行卡号 → ``CN_BANK_CARD`` — and
then a non-empty cell is replaced whole even when it is short or oddly written (``138 1234``,
``1381234567``): such a column must never leak part of a number because it failed a rule. Names
(姓名, 客户姓名, 户名, 持卡人, 联系人, 收件人, 投保人, 被保险人 …), addresses (地址, 住址, 家庭住址,
通讯地址, 收货地址 …), QQ, 微信, 车牌 and exit-entry documents (护照, 通行证, 台胞证, 回乡证) too:
a name becomes ``张**``, an address keeps its divisions (``湖北省武汉市洪山区*****``).

Cells without a digit (ASCII, full-width or spoken) or an ``@`` are skipped without calling the
recognizers: the check is one vectorised expression per column. A row in which any cell raises
an error is quarantined whole (row number and reason), not written.

CSV and Excel outputs are for people: every cell a spreadsheet would take for a formula (``=``,
``+``, ``-``, ``@``, tab, carriage return first) is neutralised with a leading ``'`` (OWASP).
Parquet outputs keep the cells as redacted.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from recognizers.normalize import SPOKEN_DIGITS
from recognizers.text_entities import ANY_MENTION, ANY_MENTION_OR_NAME
from screen.errors import UsageError
from screen.files.atomic import atomic_path
from screen.files.formats import FORMATS, format_of
from screen.files.spreadsheet import neutralize, neutralize_expr
from screen.files.tables import collect, load_table
from screen.lists.columns import is_phone_header
from screen.redact.fields import masked_name
from screen.redact.headers import WHOLE_CELL_ENTITIES, column_entity, whole_cell
from screen.redact.jobs import Quarantined, RedactSettings, RedactSummary

# a digit or '@', or a word a name, an address or an account identifier follows
_MAYBE_PERSONAL = "[0-9０-９@" + "".join(SPOKEN_DIGITS.values()) + "]|" + ANY_MENTION
# … or a surname a name said with no name word may start with (王建国来过电话)
_MAYBE_PERSONAL_OR_NAME = "[0-9０-９@" + "".join(SPOKEN_DIGITS.values()) + "]|" + ANY_MENTION_OR_NAME

# Redacted tables people open in Excel/WPS: a cell a spreadsheet would run as a formula gets a
# leading ' (OWASP, see screen.files.spreadsheet). Parquet is for machines and stays exact.
FOR_PEOPLE_FORMATS = ("csv", "xlsx")

# what :func:`_write` writes: the registry's formats of rows and columns (JSON Lines is records)
WRITTEN_TABLE_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.holds == "table")


def output_format(output_path: str, input_format: str) -> str:
    """The table format ``output_path``'s suffix names in the registry; standard output is CSV,
    and a name that names no table format is written in ``input_format``."""
    if output_path == "-":
        return "csv"
    try:
        return format_of(output_path, WRITTEN_TABLE_FORMATS)
    except UsageError:
        return input_format


def _csv_text(rows, separator: str = ",") -> str:
    """Rows written as CSV lines the way polars writes them (``\n``, minimal quoting)."""
    sink = io.StringIO()
    csv.writer(sink, delimiter=separator, lineterminator="\n").writerows(rows)
    return sink.getvalue()


def output_separator(output_path: str, table) -> str:
    """The delimiter a redacted CSV keeps: a tab for a ``.tsv`` output, else the input's own
    (sniffed: comma, tab, ``;`` or ``|``), except that a ``.tsv`` input written as ``.csv`` gets commas."""
    suffix = "" if output_path == "-" else Path(output_path).suffix.lower()
    if suffix == ".tsv":
        return "\t"
    if suffix == ".csv" and Path(table.path).suffix.lower() == ".tsv":
        return ","
    return table.separator or ","


def _write(
    frame: pl.DataFrame,
    output_path: str,
    fmt: str,
    encoding: str,
    rows_above=(),
    sheet: str | None = None,
    separator: str = ",",
) -> None:
    """Write ``frame`` in ``fmt`` (``-``: CSV to standard output), below ``rows_above`` (title
    rows, CSV and Excel only); CSV with ``separator``."""
    if output_path == "-":
        sys.stdout.write(_csv_text(rows_above, separator) + frame.write_csv(separator=separator))
        return
    with atomic_path(output_path) as temporary:
        if fmt == "parquet":
            frame.write_parquet(temporary)
        elif fmt == "xlsx":
            _write_excel(frame, temporary, rows_above, sheet)
        else:
            _write_csv(frame, temporary, encoding, _csv_text(rows_above, separator), separator)


def _write_csv(frame: pl.DataFrame, temporary, encoding: str, prefix: str, separator: str = ",") -> None:
    name = encoding.lower().replace("-", "").replace("_", "")
    if name in ("utf8", "utf8sig"):  # polars writes UTF-8 itself, without a copy in memory
        with open(temporary, "wb") as handle:
            handle.write(("\ufeff" if name == "utf8sig" else "").encode("utf-8") + prefix.encode("utf-8"))
            frame.write_csv(handle, separator=separator)
        return
    try:
        data = (prefix + frame.write_csv(separator=separator)).encode(encoding)
    except (LookupError, UnicodeEncodeError) as error:
        raise UsageError(f"cannot write the CSV as {encoding}: {type(error).__name__}") from None
    Path(temporary).write_bytes(data)


def _write_excel(frame: pl.DataFrame, temporary, rows_above, sheet: str | None) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(temporary) as workbook:
        worksheet = workbook.add_worksheet(sheet)
        for row_number, row in enumerate(rows_above):
            for column_number, cell in enumerate(row):
                worksheet.write_string(row_number, column_number, cell)
        frame.write_excel(workbook, worksheet, position=(len(rows_above), 0), autofit=True)


def redact_table(
    input_path: str,
    output_path: str,
    fmt: str,
    settings: RedactSettings,
    columns: str | None = None,
    encoding: str | None = None,
) -> RedactSummary:
    """Redact every cell of a table (or ``columns``), its header and the rows above the header.

    The first line of a CSV is read as the header, but a list without one starts with a record
    (``13812345678,张三``): header cells are redacted like any cell. Rows above the header (title
    rows, or rows above a cell that looked like a header) are redacted and kept; a Parquet output
    cannot hold them, so that is refused. Nothing is written until everything is redacted.
    """
    if input_path == "-":
        raise UsageError("tables are read from a file, not standard input")
    written_format = output_format(output_path, fmt)
    redactor = settings.build()
    with tempfile.TemporaryDirectory(prefix="leadscreen-") as workdir:
        table = load_table(input_path, workdir=workdir, header_finder=is_phone_header)
        frame = collect(table.frame, input_path, engine="auto")
    if table.rows_above and written_format not in FOR_PEOPLE_FORMATS:
        raise UsageError(
            f"{input_path}: {len(table.rows_above)} row(s) stand above the header (line {table.header_row + 1}); "
            f"a {written_format} output cannot keep them: write .csv or .xlsx"
        )
    wanted = wanted_columns(columns, frame.columns, input_path)
    summary = RedactSummary(records_in=frame.height + len(table.rows_above))
    frame, bad_rows, changed, changed_columns = _redact_cells(frame, wanted, redactor, summary)
    found_before = sum(summary.counts.values())
    frame = redact_header(frame, redactor, summary)
    # a header holding a finding is a list's first record (a one-line list): counted as one
    header_is_a_record = int(sum(summary.counts.values()) > found_before)
    rows_above = _redact_rows_above(table.rows_above, redactor, summary)
    if written_format in FOR_PEOPLE_FORMATS:
        frame = frame.with_columns(neutralize_expr(pl.col(pl.String)))
        rows_above = [[neutralize(cell) for cell in row] for row in rows_above]
    summary.records_out = frame.height + len(rows_above) + header_is_a_record
    summary.records_in += header_is_a_record
    summary.quarantined += len(bad_rows)
    summary.changed += changed + header_is_a_record
    # row numbers as a spreadsheet shows them: header line 1, data from line 2 (+ title rows)
    first_data_line = table.header_row + 2
    summary.quarantine_entries += [
        Quarantined(index + first_data_line, reason) for index, reason in sorted(bad_rows.items())
    ]
    if fmt == "parquet" and written_format == "parquet":
        frame = _with_original_types(frame, input_path, changed_columns, bad_rows)
    if fmt == "xlsx" and written_format == "xlsx":
        frame = _with_date_cells(frame, table, changed_columns, bad_rows)
    separator = output_separator(output_path, table)
    encoding = encoding or _csv_encoding(table)
    _write(frame, output_path, written_format, encoding, rows_above, sheet=table.sheet, separator=separator)
    return summary


def _with_date_cells(frame: pl.DataFrame, table, changed_columns: set[str], bad_rows) -> pl.DataFrame:
    """An Excel input's date columns as dates again (they were read as text), where nothing was
    replaced and the typed reading holds exactly the same cells."""
    import fastexcel

    try:
        typed = fastexcel.read_excel(table.path).load_sheet(table.sheet, header_row=table.header_row).to_polars()
    except Exception:  # noqa: BLE001 - the text reading worked; dates then stay text
        return frame
    typed = typed.rename({name: str(name).strip() for name in typed.columns})
    if typed.height != frame.height + len(bad_rows):
        return frame
    if bad_rows:
        typed = typed.filter(pl.Series([index not in bad_rows for index in range(typed.height)]))
    dates = []
    for name in frame.columns:
        if name in changed_columns or name not in typed.columns or not typed.schema[name].is_temporal():
            continue
        column = typed.get_column(name)
        if column.is_null().equals(frame.get_column(name).is_null()):
            dates.append(column)
    return frame.with_columns(dates) if dates else frame


def _csv_encoding(table) -> str:
    """A CSV is written in the encoding it was read in (a GBK list stays GB18030/GBK); other inputs as UTF-8."""
    return table.encoding if table.format == "csv" and table.encoding else "utf-8"


def _with_original_types(frame: pl.DataFrame, input_path: str, changed_columns: set[str], bad_rows) -> pl.DataFrame:
    """The Parquet input's own columns (types included) wherever nothing was replaced; a column
    with a replacement is text (a masked number is not a number)."""
    try:
        original = pl.read_parquet(input_path)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise UsageError(f"{input_path}: cannot read the Parquet file again ({type(error).__name__})") from None
    if bad_rows:
        original = original.filter(pl.Series([index not in bad_rows for index in range(original.height)]))
    # a column whose name was redacted is not in the frame under its old name: it stays text
    kept = [original.get_column(name) for name in frame.columns if name in original.columns]
    kept = [column for column in kept if column.name not in changed_columns]
    return frame.with_columns(kept) if kept else frame


@dataclass
class RedactedColumn:
    """One column redacted cell by cell (:func:`redact_column`)."""

    values: list  # the cells as text, redacted where something was found; None stays None
    changed: list[int] = field(default_factory=list)  # row indexes with a replacement
    errors: dict[int, str] = field(default_factory=dict)  # row index -> reason (never the cell)
    counts: Counter = field(default_factory=Counter)


def redact_column(series: pl.Series, name: str, redactor) -> RedactedColumn:
    """Redact the text column ``series`` named ``name``: the one per-column step of both engines
    (this module's and :mod:`screen.redact.spark`'s), so they give the same cells."""
    entity = column_entity(name)
    names = "PERSON" in getattr(redactor, "entities", ("PERSON",))
    candidates = series.str.contains(_MAYBE_PERSONAL_OR_NAME if names else _MAYBE_PERSONAL).fill_null(False)
    if entity is not None:
        candidates = series.is_not_null() & (series.str.strip_chars() != "")
    result = RedactedColumn(series.to_list())
    values = result.values
    for index in candidates.arg_true().to_list():
        try:
            if entity in WHOLE_CELL_ENTITIES:
                redacted, counts = whole_cell(redactor, values[index], entity)
            else:
                redacted, counts = redactor.redact_cell(values[index], entity)
        except Exception as error:  # fail closed: the row goes to quarantine
            result.errors[index] = (
                f"column {masked_name(name)!r}: internal error while redacting ({type(error).__name__})"
            )
            continue
        if counts:
            values[index] = redacted
            result.counts.update(counts)
            result.changed.append(index)
    return result


def _redact_cells(
    frame: pl.DataFrame, wanted: list[str], redactor, summary: RedactSummary
) -> tuple[pl.DataFrame, dict[int, str], int, set[str]]:
    """The frame with ``wanted`` columns redacted and rows that failed left out; those rows'
    reasons by index; how many rows changed; the columns with a replacement."""
    bad_rows: dict[int, str] = {}
    changed_columns: set[str] = set()
    replaced_columns = []
    changed_rows = [False] * frame.height
    for name in wanted:
        column = redact_column(frame.get_column(name), name, redactor)
        for index, reason in column.errors.items():
            bad_rows.setdefault(index, reason)
        for index in column.changed:
            changed_rows[index] = True
        if column.changed:
            changed_columns.add(name)
        summary.counts.update(column.counts)
        replaced_columns.append(pl.Series(name, column.values, dtype=pl.String))
    frame = frame.with_columns(replaced_columns)
    if bad_rows:
        frame = frame.filter(pl.Series([index not in bad_rows for index in range(frame.height)]))
    changed = sum(changed for index, changed in enumerate(changed_rows) if index not in bad_rows)
    return frame, bad_rows, changed, changed_columns


def redact_header(frame: pl.DataFrame, redactor, summary: RedactSummary) -> pl.DataFrame:
    """Column names redacted like cells (a headerless list's first record is its header); a
    failure refuses the file, as the header cannot be quarantined alone."""
    names = []
    for name in frame.columns:
        try:
            redacted, counts = redactor.redact_text(name)
        except Exception as error:
            raise UsageError(f"cannot redact the header ({type(error).__name__}); nothing written") from None
        summary.counts.update(counts)
        names.append(redacted)
    if names == frame.columns:
        return frame
    unique: list[str] = []
    for name in names:  # two masked numbers can look alike; column names must differ
        candidate, number = name, 1
        while candidate in unique:
            number += 1
            candidate = f"{name} ({number})"
        unique.append(candidate)
    return frame.rename(dict(zip(frame.columns, unique)))


def _redact_rows_above(rows, redactor, summary: RedactSummary) -> list[list[str]]:
    """Rows above the header, each cell redacted as text; a row that fails is quarantined."""
    kept = []
    for number, row in enumerate(rows, start=1):
        try:
            results = [redactor.redact_text(cell) for cell in row]
        except Exception as error:  # fail closed
            summary.quarantined += 1
            summary.quarantine_entries.append(
                Quarantined(number, f"internal error while redacting ({type(error).__name__})")
            )
            continue
        counts = [found for _cell, found in results if found]
        for found in counts:
            summary.counts.update(found)
        summary.changed += bool(counts)
        kept.append([cell for cell, _found in results])
    return kept


def wanted_columns(columns: str | None, present: list[str], input_path: str) -> list[str]:
    """The comma-separated ``columns`` (every column when None); :class:`UsageError` for one not present."""
    if not columns:
        return list(present)
    wanted = [name.strip() for name in columns.split(",") if name.strip()]
    missing = [name for name in wanted if name not in present]
    if missing:
        raise UsageError(
            f"no column {', '.join(map(masked_name, missing))} in {input_path} "
            f"(columns: {', '.join(map(masked_name, present))})"
        )
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
        restored_name = restore_tokens(name, key) if "<" in name else name  # a headerless list's first record
        restored += len(TOKEN_RE.findall(name))
        columns.append(pl.Series(restored_name, values, dtype=pl.String))
    written_format = output_format(output_path, table.format)
    _write(pl.DataFrame(columns), output_path, written_format, "utf-8", separator=output_separator(output_path, table))
    return restored
