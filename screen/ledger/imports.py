"""Bulk loads into the ledger: the accepted file ``leadscreen screen`` writes, and do-not-call lists.

One path loads consents, for ``ledger import`` (:func:`import_accepted`) and for ``screen --commit``
(:func:`commit_screened`, which reads back the accepted file just written, so the ledger holds
exactly what the dialer was given). ``ledger import`` first asks :func:`screening_report_for` whether
the file is, byte for byte, the accepted output of a screening (the SHA-256 its ``report.json``
records), so a raw or rejected list never brings consents in. For a screened list, a row without recipients takes the
manifest's ``recipients``, else the policy's ``organization`` (a first-party list), and a list
without a ``list_id`` takes the list file's name.

Accepted files carry ``phone`` (11 digits), ``consent_id``, ``consent_time``, ``consent_channel``,
``consent_scope``, maybe ``consent_recipient``, and ``list_id``. Files are read as lead lists are
(:mod:`screen.files.tables`: CSV in UTF-8 or GBK, XLSX, Parquet, JSONL; a title row above the
header skipped). ``consent_scope`` and ``consent_recipient`` may hold several names, split as the
row checks split them (:func:`screen.lists.row_checks.split_items`: ``;`` ``；`` ``、`` ``|``
``｜``). A ``consent_time`` without a zone is read in the policy's time zone (Asia/Shanghai unless
set). Do-not-call files are tables with a phone column, or ``.txt``, one number a line.

A ten-million-row file is loaded column by column: phone validation and time parsing are
vectorised, the keyed digests are computed once per row (on every core), and the rows are sorted by
digest before they reach SQLite, so that the B-tree grows in order. Rows that cannot be used (bad
number, no consent id, unreadable time) are skipped and reported by row number, never by value.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from screen.config.keys import digest_blob, digest_in_token
from screen.errors import InputError, UsageError
from screen.files.formats import TABLE_FORMATS, format_of
from screen.files.tables import collect, load_table
from screen.ledger.audit import record_change
from screen.ledger.location import shown
from screen.ledger.store import Ledger, sort_by_digest
from screen.lists.columns import is_phone_header
from screen.lists.manifest import FileDigest
from screen.lists.report import record_commit
from screen.lists.row_checks import split_items
from screen.lists.screening import LedgerFacts, ScreeningResult, ScreenSettings, screen_list
from screen.lists.signature import verify_report

Progress = Callable[[str], None]

ACCEPTED_REQUIRED = ("phone", "consent_id", "consent_time")
_WITH_ZONE_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z")
_NAIVE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
)


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    already_present: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)  # why -> 1-based data row numbers

    def skip(self, why: str, rows) -> None:
        if len(rows):
            self.skipped.setdefault(why, []).extend(int(row) + 1 for row in rows)

    @property
    def skipped_count(self) -> int:
        return sum(len(rows) for rows in self.skipped.values())


def _read_accepted(path: str | os.PathLike):
    """The rows of an accepted file, every column text (:mod:`screen.files.tables`: UTF-8 or GBK,
    a title row above the header skipped)."""
    table = load_table(path, header_finder=is_phone_header)
    return collect(table.frame, table.path, engine="in-memory")


def _national_numbers(phones):
    """Vectorised: 11-digit mobiles pass a regular expression; anything else goes through the full parser."""
    import polars as pl

    from recognizers.phone import MOBILE_PATTERN, national_number

    # E.164 accepted files (+8613812345678) stay on the fast path
    phones = phones.cast(pl.String).str.strip_chars().str.replace(r"^\+86(1[0-9]{10})$", "$1")
    fast = phones.str.contains(f"^(?:{MOBILE_PATTERN})$").fill_null(False)
    slow_rows = (~fast).arg_true()
    result = phones
    if len(slow_rows):
        result = phones.zip_with(fast, pl.Series([None] * len(phones), dtype=pl.String))
        fixed = [national_number(value) if value else None for value in phones.gather(slow_rows).to_list()]
        result = result.scatter(slow_rows, pl.Series(fixed, dtype=pl.String))
    return result


def _epochs(times, timezone: str):
    """Unix seconds of a consent_time column (strings or datetimes); null where unreadable."""
    import polars as pl

    if times.dtype == pl.Datetime:
        if times.dtype.time_zone is None:
            times = times.dt.replace_time_zone(timezone)
        return times.dt.epoch("s")
    if times.dtype == pl.Date:
        return times.cast(pl.Datetime).dt.replace_time_zone(timezone).dt.epoch("s")
    text = times.cast(pl.String).str.strip_chars().str.replace(r"Z$", "+00:00")
    epochs = pl.Series("epoch", [None] * len(text), dtype=pl.Int64)
    # A file uses one or two formats: find them on a sample, try them first, and try each
    # further format only on the rows that no earlier one could read.
    sample = text.drop_nulls().head(1000)
    hits = {fmt: _parse(sample, fmt, timezone).is_not_null().sum() for fmt in (*_WITH_ZONE_FORMATS, *_NAIVE_FORMATS)}
    for fmt in sorted(hits, key=hits.get, reverse=True):
        missing = (epochs.is_null() & text.is_not_null()).arg_true()
        if not len(missing):
            break
        parsed = _parse(text.gather(missing), fmt, timezone)
        if parsed.null_count() < len(parsed):
            epochs = epochs.scatter(missing, parsed)
    missing = (epochs.is_null() & text.is_not_null()).arg_true()
    if len(missing):  # the odd format polars does not know: let Python try
        from screen.clock import zone

        tz = zone(timezone)
        fixed = []
        for value in text.gather(missing).to_list():
            try:
                moment = datetime.datetime.fromisoformat(value)
                fixed.append(int((moment if moment.tzinfo else moment.replace(tzinfo=tz)).timestamp()))
            except ValueError:
                fixed.append(None)
        epochs = epochs.scatter(missing, pl.Series(fixed, dtype=pl.Int64))
    return epochs


def _parse(text, fmt: str, timezone: str):
    """Unix seconds of the strings that match ``fmt``; null for the rest."""
    if fmt in _WITH_ZONE_FORMATS:
        return text.str.to_datetime(fmt, strict=False, time_zone="UTC").dt.epoch("s")
    return (
        text.str.to_datetime(fmt, strict=False)
        .dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
        .dt.epoch("s")
    )


def import_accepted(
    ledger: Ledger,
    path: str | os.PathLike,
    timezone: str,
    progress: Progress | None = None,
    *,
    default_recipients: tuple[str, ...] = (),
    default_list_id: str = "",
) -> ImportReport:
    """Load an accepted file's consents into ``ledger``; return what happened.

    ``default_recipients`` and ``default_list_id`` stand in for an empty ``consent_recipient`` or
    ``list_id`` cell.
    """
    import polars as pl

    frame = _read_accepted(path)
    missing = [column for column in ACCEPTED_REQUIRED if column not in frame.columns]
    if missing:
        raise UsageError(
            f"{path} is not an accepted file: no column {', '.join(missing)} (it has {', '.join(frame.columns[:12])})"
        )
    report = ImportReport(rows=frame.height)

    def text_column(name: str):
        if name not in frame.columns:
            return pl.Series(name, [""] * frame.height, dtype=pl.String)
        return frame[name].cast(pl.String).fill_null("").str.strip_chars()

    columns = pl.DataFrame(
        {
            "row": pl.int_range(frame.height, eager=True),
            "phone": _national_numbers(frame["phone"]),
            "consent_id": text_column("consent_id"),
            "epoch": _epochs(frame["consent_time"], timezone),
            "scope": text_column("consent_scope"),
            "recipient": text_column("consent_recipient"),
            "list_id": text_column("list_id"),
            "channel": text_column("consent_channel"),
        }
    )
    report.skip("not a valid phone number", columns.filter(pl.col("phone").is_null())["row"])
    report.skip("no consent_id", columns.filter(pl.col("phone").is_not_null() & (pl.col("consent_id") == ""))["row"])
    report.skip(
        "unreadable consent_time",
        columns.filter(pl.col("phone").is_not_null() & (pl.col("consent_id") != "") & pl.col("epoch").is_null())["row"],
    )
    usable = columns.filter(
        pl.col("phone").is_not_null() & (pl.col("consent_id") != "") & pl.col("epoch").is_not_null()
    )
    if progress:
        progress(f"{usable.height} usable rows of {frame.height}; computing digests")

    # One terms row per distinct (scope, recipients, list, channel): a handful per file.
    terms = usable.select("scope", "recipient", "list_id", "channel").unique()
    terms_ids = [
        ledger.terms_id(
            split_items(scope), split_items(recipient) or default_recipients, list_id or default_list_id, channel
        )
        for scope, recipient, list_id, channel in terms.iter_rows()
    ]
    terms = terms.with_columns(pl.Series("terms_id", terms_ids, dtype=pl.Int64))
    usable = usable.join(terms, on=["scope", "recipient", "list_id", "channel"], how="left")

    # Numbers cross into Python once, as one string, and come back as one blob of digests.
    numbers = usable["phone"].str.join("\n").item().encode("ascii").split(b"\n") if usable.height else []
    digests, order = sort_by_digest(digest_blob(ledger.key, numbers))
    del numbers
    usable = usable.select("consent_id", "epoch", "terms_id").rechunk()[order]
    if progress:
        progress(f"writing {usable.height} consents")
    report.added = ledger.add_consent_columns(digests, usable["consent_id"], usable["epoch"], usable["terms_id"])
    report.already_present = usable.height - report.added
    return report


def screening_report_for(
    path: str | os.PathLike, report_path: str | os.PathLike | None = None, key: bytes | None = None
) -> dict:
    """The ``report.json`` of the screening that accepted ``path``; raise :class:`InputError` unless
    that report says ACCEPTED, records ``path``'s exact SHA-256 as its accepted file and, given the
    ledger's ``key``, carries a signature made with it (:mod:`screen.lists.signature`).

    The report is ``report_path``, else the ``report.json`` beside ``path`` (where ``screen`` writes it).
    """
    path = Path(path)
    report_path = Path(report_path) if report_path is not None else path.parent / "report.json"
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file")
    report = _read_report(report_path, path)
    if key is not None:
        try:
            verify_report(report, key)
        except InputError as error:
            raise InputError(f"{report_path}: {error}") from None
    if report.get("decision") != "accepted":
        raise InputError(f"{path}: the screening in {report_path} did not accept the list; nothing imported")
    outputs = report.get("outputs") if isinstance(report.get("outputs"), dict) else {}
    recorded = outputs.get("accepted_sha256")
    if not isinstance(recorded, str):
        raise InputError(
            f"{report_path} records no digest of an accepted file (an older screening): screen the list again"
        )
    if FileDigest(path).result() != recorded.lower():
        raise InputError(
            f"{path} is not the accepted file that {report_path} describes (its SHA-256 differs); nothing imported"
        )
    return report


def _read_report(report_path: Path, path: Path) -> dict:
    import json

    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path} is not known as the accepted output of a screening: no {report_path} (screen the list first)"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise InputError(f"{report_path} is not a readable screening report") from None
    if not isinstance(report, dict):
        raise InputError(f"{report_path} is not a screening report")
    return report


def ledger_facts(ledger: Ledger) -> LedgerFacts:
    """What screening needs from ``ledger``: the key and the do-not-call and withdrawn digests."""
    return LedgerFacts(
        key=ledger.key,
        dnc_digests=frozenset(ledger.dnc_digests()),
        revoked_digests=frozenset(ledger.revoked_digests()),
        source=shown(ledger.path),
    )


def commit_screened(ledger: Ledger, result: ScreeningResult, progress: Progress | None = None) -> int:
    """Add the consents of a screened list's accepted rows to ``ledger``, note it in ``report.json``,
    and return how many were new."""
    if not result.accepted or result.accepted_path is None:
        raise UsageError("a rejected list cannot be committed")
    manifest = result.manifest
    if manifest is not None and manifest.recipients:
        recipients = tuple(manifest.recipients)
    else:
        recipients = tuple(result.settings.policy.organization)
    if progress:
        progress(f"committing {result.rows_accepted:,} consents to {ledger.path}")
    report = import_accepted(
        ledger,
        result.accepted_path,
        result.settings.policy.timezone,
        progress,
        default_recipients=recipients,
        default_list_id=(manifest.list_id if manifest is not None else None) or result.list_path.name,
    )
    record_commit(result, shown(ledger.path), report.added)
    record_change(ledger.path, "consent_commit", count=report.added, source_file=result.accepted_path)
    return report.added


def screen_with_ledger(
    list_path: str | os.PathLike,
    settings: ScreenSettings,
    ledger: Ledger,
    *,
    commit: bool = False,
    manifest_path: str | os.PathLike | None = None,
    out_dir: str | os.PathLike | None = None,
    progress: Progress | None = None,
) -> ScreeningResult:
    """Screen a list against ``ledger`` (its do-not-call and withdrawn numbers); with ``commit``,
    record the consents of an accepted list in it (``result.new_consents``)."""
    result = screen_list(
        list_path,
        settings,
        manifest_path=manifest_path,
        out_dir=out_dir,
        ledger=ledger_facts(ledger),
        progress=progress,
    )
    if commit and result.accepted:
        commit_screened(ledger, result, progress)
    return result


PHONE_LIST_FORMATS = (*TABLE_FORMATS, "txt")


class PhoneList(NamedTuple):
    """What a do-not-call file holds: national numbers, hex digests given as such, and the
    1-based rows that held neither."""

    numbers: list[str]
    digests: list[str]
    bad_rows: list[int]


def read_phone_list(path: str | os.PathLike, column: str | None = None, key: bytes | None = None) -> PhoneList:
    """Entries of a DNC file: a table with a ``phone`` column (or ``column``), or a ``.txt`` file,
    one entry a line. An entry is a number, or — from a hash-redacted file — the token
    ``<CN_PHONE_NUMBER:h:FP:HEX64>`` or a bare 64-hex digest (the ledger's digest under the same key).
    A token made with another key than ``key`` is a one-line error naming the row.
    """
    from recognizers.phone import national_number

    path = Path(path)
    if format_of(path, PHONE_LIST_FORMATS, what="a phone list") == "txt":
        values = _text_lines(path)
    else:
        values = _phone_column(path, column)
    entries = PhoneList([], [], [])
    for row, value in enumerate(values, start=1):
        if value is None or not str(value).strip():
            continue
        try:
            digest = digest_in_token(str(value), key)
        except UsageError as error:
            raise InputError(f"{path}: row {row}: {error}") from None
        national = national_number(str(value)) if digest is None else None
        if digest is not None:
            entries.digests.append(digest)
        elif national is not None:
            entries.numbers.append(national)
        else:
            entries.bad_rows.append(row)
    return entries


def _phone_column(path: Path, column: str | None) -> list[str | None]:
    import polars as pl

    table = load_table(path, header_finder=lambda cell: cell == column if column else is_phone_header(cell))
    name = column or ("phone" if "phone" in table.columns else None)
    if name is None or name not in table.columns:
        raise InputError(
            f"{path} has no column {column or 'phone'} (it has {', '.join(table.columns[:12])})", parameter="column"
        )
    return collect(table.frame.select(pl.col(name)), path, engine="in-memory")[name].to_list()


def _text_lines(path: Path) -> list[str]:
    from screen.files.text import decode_text

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    return decode_text(raw, str(path)).splitlines()
