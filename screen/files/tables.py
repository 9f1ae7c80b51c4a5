"""Read a table file — CSV, Excel, Parquet or JSON Lines — as a polars ``LazyFrame`` of strings.

:func:`read_table` is the entry point; :func:`load_table` returns the same frame with what was
found out on the way (format, encoding, header row, sheet)::

    from screen.files.tables import read_table
    frame = read_table("leads.csv")              # polars.LazyFrame, every column pl.String
    frame.select("手机号").head(5).collect()

Every column is read as text (``pl.String``), so a phone number keeps its ``+86`` or leading zero
and an ID number keeps its ``X``; blank cells are null. Header names are stripped of spaces.

Formats, chosen by the file's suffix (:mod:`screen.files.formats`):

- ``.csv`` / ``.tsv``: encoding detected (:func:`detect_encoding`: UTF-8 with or without
  BOM, else GB18030, the superset of GBK and GB2312); separator sniffed (comma, tab, ``;`` or
  ``|``). UTF-8 files are scanned by polars directly; GB18030 files are transcoded to UTF-8 in
  16 MiB steps into ``workdir`` (or into memory when no ``workdir`` is given), never decoded row
  by row in Python.
- ``.xlsx`` / ``.xlsm`` / ``.xls``: read with fastexcel (calamine); the first sheet with a header
  row is used; cells come as text (numbers written without a trailing ``.0``).
- ``.parquet``: scanned lazily; columns cast to text (dates as ISO 8601).
- ``.jsonl`` / ``.ndjson``: one JSON object per line; the columns are the keys seen in the first
  10,000 lines; numbers and nested values are kept as their JSON text.

Title rows: lists exported from office tools often start with a title line (``2026年11月客户名单``)
above the header. The header is the first of the first 30 rows in which ``header_finder`` holds
for a cell (the lists pass :func:`screen.lists.columns.is_phone_header`: a phone-column alias); with no
``header_finder``, or when no row qualifies, the first row is the header.

Every problem with the file itself — missing, empty, binary, an unknown encoding, an unreadable
workbook, a malformed line — raises :class:`screen.errors.UsageError` with a one-line message that
names the file and never quotes a number from it.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "leads.csv"
>>> _ = path.write_bytes("客户名单\\n姓名,手机号\\n张三,+86 138 1234 5678\\n".encode("gb18030"))
>>> table = load_table(path, header_finder=lambda cell: cell == "手机号")
>>> table.encoding, table.header_row, table.columns
('gb18030', 1, ('姓名', '手机号'))
>>> table.frame.collect().row(0)
('张三', '+86 138 1234 5678')
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screen.errors import InputError, UsageError
from screen.files.encoding import decode_head, file_encoding, mixed_encoding
from screen.files.formats import TABLE_FORMATS, format_of
from screen.files.json_reader import parse_json

SNIFF_BYTES = 1 << 20  # the encoding is decided on the first MiB
TRANSCODE_CHUNK = 16 << 20
HEADER_SEARCH_ROWS = 30
JSONL_KEY_LINES = 10_000
SEPARATORS = (",", "\t", ";", "|")

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Digit runs long enough to be a phone, ID or card number: never echoed in an error message.
_LONG_NUMBER_RE = re.compile(r"[0-9０-９][0-9０-９ \-]{5,}[0-9０-９Xx]")


@dataclass(frozen=True)
class Table:
    """A table file opened for reading. ``frame`` is lazy: nothing is read until it is collected."""

    frame: pl.LazyFrame  # every column pl.String
    path: Path
    format: str  # csv | xlsx | parquet | jsonl
    columns: tuple[str, ...]
    encoding: str | None = None  # csv/jsonl: utf-8 | utf-8-sig | gb18030
    separator: str | None = None  # csv only
    header_row: int = 0  # 0-based index of the header among the file's rows (title rows above it)
    rows_above: tuple[tuple[str, ...], ...] = ()  # csv/xlsx: the rows above the header, as read
    sheet: str | None = None  # xlsx only

    def describe(self) -> dict:
        """What an auditor wants to know about how the file was read (no cell values)."""
        info = {"path": str(self.path), "format": self.format, "header_row": self.header_row}
        if self.encoding:
            info["encoding"] = self.encoding
        if self.separator and self.separator != ",":
            info["separator"] = self.separator
        if self.sheet is not None:
            info["sheet"] = self.sheet
        return info


def safe_message(text: str, limit: int = 200) -> str:
    """First line of ``text``, shortened, with anything that could be a personal number hidden.

    >>> safe_message("could not parse 13812345678 in line 3\\nmore")
    'could not parse [number] in line 3'
    """
    line = str(text).strip().splitlines()[0] if str(text).strip() else "unknown error"
    line = _LONG_NUMBER_RE.sub("[number]", line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def table_format(path: Path) -> str:
    """The table format ``path``'s suffix names (:mod:`screen.files.formats`); :class:`UsageError` else."""
    return format_of(path, TABLE_FORMATS, what="a table")


def _check_readable(path: Path) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read ({error.strerror})") from None
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a list file")
    if size == 0:
        raise UsageError(f"{path}: the file is empty")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{path}: cannot read (permission denied)")
    return size


def detect_encoding(path: str | os.PathLike, head: bytes | None = None) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030`` for a text file; :class:`UsageError` otherwise.

    Decided on the first MiB: a UTF-8 BOM, else strict UTF-8, else strict GB18030 (which covers
    GBK and GB2312). A file mixing UTF-8 and GBK is an :class:`InputError`: checked here to the end
    (:func:`screen.files.encoding.file_encoding`) unless the first MiB already holds UTF-8
    characters; then polars, which reads UTF-8 strictly, finds a later non-UTF-8 byte as it reads,
    and :func:`collect` gives the same error (a separate pass over a 1 GB list would cost over a
    second). NUL bytes or other control characters mean a binary file (or UTF-16, which is refused
    with its own message).
    """
    path = Path(path)
    if head is None:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    encoding, text = decode_head(head, str(path))
    if _CONTROL_RE.search(text):
        raise UsageError(f"{path}: looks like a binary file (it has control characters), not a text list")
    if encoding.startswith("utf-8") and not head.isascii():
        return encoding  # polars checks the rest as it reads (see above)
    return file_encoding(path, head)  # the rest checked too: one encoding throughout


def transcode_to_utf8(path: Path, encoding: str, target: Path | None) -> Path | bytes:
    """Transcode ``path`` from ``encoding`` to UTF-8, into ``target`` or (if None) into memory."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    sink = open(target, "wb") if target is not None else io.BytesIO()
    position = 0
    try:
        with open(path, "rb") as source:
            while chunk := source.read(TRANSCODE_CHUNK):
                try:
                    sink.write(decoder.decode(chunk).encode("utf-8"))
                except UnicodeDecodeError as error:
                    raise UsageError(
                        f"{path}: not valid {encoding.upper()} at byte {position + error.start}; the file mixes encodings"
                    ) from None
                position += len(chunk)
            try:
                sink.write(decoder.decode(b"", final=True).encode("utf-8"))
            except UnicodeDecodeError:
                raise UsageError(f"{path}: the file ends in the middle of a {encoding.upper()} character") from None
        if target is not None:
            return target
        return sink.getvalue()
    finally:
        if target is not None:
            sink.close()


def _work_file(workdir: Path | None, suffix: str) -> Path | None:
    """A new file in ``workdir`` (made if needed) for a transcoded copy; None: keep it in memory."""
    if workdir is None:
        return None
    try:
        from screen.files.atomic import make_private_folders

        make_private_folders(workdir)
        descriptor, name = tempfile.mkstemp(prefix="utf8-", suffix=suffix, dir=workdir)
    except OSError as error:
        raise UsageError(f"cannot write a working copy in {workdir}: {error.strerror or error}") from None
    os.close(descriptor)
    return Path(name)


def _find_header(rows: list[list], header_finder: Callable[[object], bool] | None) -> int:
    if header_finder is None:
        return 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(header_finder(cell) for cell in row):
            return index
    return 0


def _refuse_duplicate_headers(header: list, path: Path) -> None:
    """Readers rename a repeated header (``name_duplicated_0``); two columns of one name are
    ambiguous, so they are refused before any reader sees them."""
    seen: set[str] = set()
    for cell in header:
        name = "" if cell is None else str(cell).strip().lstrip("\ufeff").strip()
        if name and name in seen:
            raise UsageError(f"{path}: two columns are both named {safe_message(name)!r}; rename one")
        seen.add(name)


def _clean_columns(frame: pl.LazyFrame, path: Path) -> tuple[pl.LazyFrame, tuple[str, ...]]:
    """Strip header names; refuse two columns with the same name."""
    try:
        names = frame.collect_schema().names()
    except pl.exceptions.PolarsError as error:
        raise _usage_error(error, path) from None
    stripped = [str(name).strip().lstrip("\ufeff").strip() for name in names]
    seen: set[str] = set()
    for name in stripped:
        if name in seen:
            raise UsageError(f"{path}: two columns are both named {safe_message(name)!r}; rename one")
        seen.add(name)
    if stripped != names:
        frame = frame.rename(dict(zip(names, stripped)))
    return frame, tuple(stripped)


def _read_csv(path: Path, workdir: Path | None, header_finder) -> Table:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip().strip(codecs.BOM_UTF8).strip():
        raise UsageError(f"{path}: the file is empty")
    encoding = detect_encoding(path, head)
    if b"\n" not in head and b"\r" in head.rstrip(b"\r"):
        # polars would read the whole file as one header line
        raise UsageError(f"{path}: lines end in CR only (old Mac format); save it with Windows or Unix line ends")
    text = codecs.getincrementaldecoder(encoding)("strict").decode(head, final=False)
    lines = text.splitlines()[: HEADER_SEARCH_ROWS + 1]
    if len(head) == SNIFF_BYTES and lines:
        lines = lines[:-1] if len(lines) > 1 else lines  # the last line may be cut
    header_line_guess = next((line for line in lines if line.strip()), "")
    separator = ","
    if "," not in header_line_guess:
        counts = {sep: header_line_guess.count(sep) for sep in SEPARATORS[1:]}
        best = max(counts, key=counts.get)
        if counts[best]:
            separator = best
    # the head is at most SNIFF_BYTES, so no cell in it can be longer (the default limit, 128 KiB,
    # made a long cell an exception)
    csv.field_size_limit(max(csv.field_size_limit(), SNIFF_BYTES))
    rows = list(csv.reader(lines, delimiter=separator))
    header_row = _find_header(rows, header_finder)
    if rows:
        _refuse_duplicate_headers(rows[min(header_row, len(rows) - 1)], path)

    source: Path | bytes = path
    if encoding == "gb18030":
        source = transcode_to_utf8(path, encoding, _work_file(workdir, ".csv"))
    frame = pl.scan_csv(
        source,
        infer_schema=False,
        separator=separator,
        skip_rows=header_row,
        encoding="utf8",
        raise_if_empty=False,
    )
    frame, columns = _clean_columns(frame, path)
    if not columns or columns == ("",):
        raise UsageError(f"{path}: the file is empty")
    rows_above = tuple(tuple(row) for row in rows[:header_row])
    return Table(
        frame,
        path,
        "csv",
        columns,
        encoding=encoding,
        separator=separator,
        header_row=header_row,
        rows_above=rows_above,
    )


def _read_excel(path: Path, header_finder) -> Table:
    import fastexcel

    try:
        workbook = fastexcel.read_excel(path)
        candidates = []
        for index, sheet_name in enumerate(workbook.sheet_names):
            peek = workbook.load_sheet(index, header_row=None, n_rows=HEADER_SEARCH_ROWS, dtypes="string").to_polars()
            rows = [list(row) for row in peek.iter_rows()]
            if not rows:
                continue
            header_row = _find_header(rows, header_finder)
            has_header = header_finder is not None and any(header_finder(cell) for cell in rows[header_row])
            candidates.append((has_header, index, sheet_name, header_row, rows[:header_row]))
        with_header = [candidate for candidate in candidates if candidate[0]]
        if len(with_header) > 1:
            names = ", ".join(candidate[2] for candidate in with_header)
            raise UsageError(f"{path}: several sheets hold a list ({names}); save one sheet per file")
        if not candidates:
            raise UsageError(f"{path}: the workbook has no rows")
        _has, index, sheet_name, header_row, above = (with_header or candidates)[0]
        peek = workbook.load_sheet(index, header_row=None, n_rows=header_row + 1, dtypes="string").to_polars()
        _refuse_duplicate_headers(list(peek.row(header_row)), path)
        frame = workbook.load_sheet(index, header_row=header_row, dtypes="string").to_polars()
    except UsageError:
        raise
    except Exception as error:  # fastexcel raises its own hierarchy, plus zip/IO errors
        raise UsageError(f"{path}: cannot read the workbook ({safe_message(error)})") from None
    lazy, columns = _clean_columns(frame.lazy(), path)
    rows_above = tuple(tuple("" if cell is None else str(cell) for cell in row) for row in above)
    return Table(lazy, path, "xlsx", columns, header_row=header_row, sheet=sheet_name, rows_above=rows_above)


def as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    """Column ``name`` of type ``dtype`` as the text every reader (and the Spark engine) redacts."""
    column = pl.col(name)
    if dtype == pl.String:
        return column
    if isinstance(dtype, pl.Datetime):
        return column.dt.strftime("%Y-%m-%dT%H:%M:%S%:z" if dtype.time_zone else "%Y-%m-%d %H:%M:%S")
    if dtype == pl.Date:
        return column.dt.strftime("%Y-%m-%d")
    if isinstance(dtype, pl.Struct):
        return column.struct.json_encode()
    if isinstance(dtype, (pl.List, pl.Array)):
        return column.cast(pl.List(pl.String)).list.join(";")
    if dtype == pl.Binary:
        return column.bin.encode("hex")
    return column.cast(pl.String)


def _read_parquet(path: Path) -> Table:
    try:
        frame = pl.scan_parquet(path)
        schema = frame.collect_schema()
    except pl.exceptions.PolarsError as error:
        raise UsageError(f"{path}: cannot read the Parquet file ({safe_message(error)})") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read the Parquet file ({safe_message(error)})") from None
    frame = frame.select([as_text(name, dtype).alias(name) for name, dtype in schema.items()])
    frame, columns = _clean_columns(frame, path)
    return Table(frame, path, "parquet", columns)


def _read_jsonl(path: Path, workdir: Path | None) -> Table:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip().strip(codecs.BOM_UTF8).strip():
        raise UsageError(f"{path}: the file is empty")
    encoding = detect_encoding(path, head)
    source: Path | bytes = path
    if encoding != "utf-8":
        source = transcode_to_utf8(path, encoding, _work_file(workdir, ".jsonl"))
    keys: dict[str, None] = {}
    stream = open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)
    with stream:
        for number, raw in enumerate(stream, start=1):
            if number > JSONL_KEY_LINES:
                break
            if not raw.strip():
                continue
            try:
                record = parse_json(raw)
            except ValueError as error:
                raise UsageError(f"{path}: line {number} is {error}") from None
            if not isinstance(record, dict):
                raise UsageError(f"{path}: line {number} is not a JSON object (one object per line is expected)")
            keys.update(dict.fromkeys(record))
    if not keys:
        raise UsageError(f"{path}: no JSON objects with fields")
    frame = pl.scan_ndjson(source, schema={key: pl.String for key in keys})
    frame, columns = _clean_columns(frame, path)
    return Table(frame, path, "jsonl", columns, encoding=encoding)


def load_table(
    path: str | os.PathLike,
    *,
    workdir: str | os.PathLike | None = None,
    header_finder: Callable[[object], bool] | None = None,
) -> Table:
    """Open ``path`` as a :class:`Table` (lazy frame of strings plus how it was read).

    ``workdir``: where a GB18030 list is transcoded to UTF-8 (the caller removes it afterwards);
    without it the transcoded copy is kept in memory. ``header_finder``: the test that picks the
    header row among the first rows (None: the first row is the header).
    """
    path = Path(path)
    fmt = table_format(path)
    _check_readable(path)
    if fmt == "csv":
        return _read_csv(path, Path(workdir) if workdir else None, header_finder)
    if fmt == "xlsx":
        return _read_excel(path, header_finder)
    if fmt == "parquet":
        return _read_parquet(path)
    return _read_jsonl(path, Path(workdir) if workdir else None)


def read_table(
    path: str | os.PathLike,
    *,
    workdir: str | os.PathLike | None = None,
    header_finder: Callable[[object], bool] | None = None,
) -> pl.LazyFrame:
    """The rows of ``path`` as a ``polars.LazyFrame`` with every column ``pl.String``.

    See :func:`load_table` for the arguments and the module docstring for the formats.
    """
    return load_table(path, workdir=workdir, header_finder=header_finder).frame


def _usage_error(error: Exception, path: Path) -> UsageError | InputError:
    text = str(error)
    lowered = text.lower()
    if "utf-8" in lowered or "utf8" in lowered:  # the start was UTF-8 (detect_encoding), a later part is not
        return mixed_encoding(str(path))
    if "more fields" in lowered or "ragged" in lowered:
        return UsageError(
            f"{path}: a row has more fields than the header; fix the file (quote fields that contain the separator)"
        )
    if "empty" in lowered and "csv" in lowered:
        return UsageError(f"{path}: the file is empty")
    return UsageError(f"{path}: cannot read ({safe_message(text)})")


def collect(frame: pl.LazyFrame, path: str | os.PathLike, *, engine: str = "streaming") -> pl.DataFrame:
    """``frame.collect()``, with a read failure turned into a one-line :class:`UsageError`."""
    try:
        return frame.collect(engine=engine)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise _usage_error(error, Path(path)) from None


def read_error(error: Exception, path: str | os.PathLike) -> UsageError:
    """The one-line :class:`UsageError` for an exception raised while polars read ``path``."""
    return _usage_error(error, Path(path))
