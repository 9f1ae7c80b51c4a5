"""Screen a lead list: decide whether the list may be dialled at all, then row by row.

:func:`screen_list` is the library entry point behind ``leadscreen screen``::

    from screen.config.policy import load_policy
    from screen.lists.screening import ScreenSettings, screen_list

    policy = load_policy("sample_lists/leadscreen.toml")
    result = screen_list("sample_lists/first_party_webform.csv",
                         ScreenSettings.for_campaign(policy, "insurance_leads"))
    result.decision, result.rows_accepted, result.row_reasons

How it works (no Python loop over rows; see ``docs/screening.md`` for the codes):

1. The list is opened lazily (:mod:`screen.files.tables`); every column is text. Column roles come
   from the headers (:mod:`screen.lists.columns`); a sample of the first rows is scanned for ID and
   card numbers (:mod:`screen.lists.sensitive`) and tells which date formats the list uses.
2. Pass 1 streams the list once and keeps, per row, only its number (as an integer), the parsed
   consent time, the channel and a 16-bit set of failed checks (:mod:`screen.lists.row_checks`):
   about 25 bytes a row. Meanwhile a thread hashes the file for the manifest's ``sha256``.
3. With those: duplicates (a number already accepted from an earlier row), the ledger's
   do-not-call and withdrawn numbers (keyed digests, only of the distinct valid numbers), the
   list-level reasons, and the decision.
4. Pass 2 streams the list again, zipped row by row with pass 1's table, and writes
   ``accepted.<fmt>`` while the (few) rejected rows are masked and written after. A rejected
   list writes no accepted file and puts every row in ``rejected.csv``. A file that changes
   between the passes is refused.

Nothing is dropped: every data row is accepted or rejected with at least one reason code. Rows
with every cell empty (blank lines) are not data rows; they are counted as ``blank_rows`` in the
report.
"""

from __future__ import annotations

import datetime
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screen import clock
from screen.config.keys import Digester
from screen.errors import InputError, UsageError
from screen.files.atomic import (
    TEMPORARY_PREFIX,
    atomic_path,
    make_private_folders,
    owned_prefix,
    remove_if_present,
    remove_stale_temporaries,
)
from screen.files.spreadsheet import neutralize_expr
from screen.files.tables import Table, collect, load_table, read_error, safe_message
from screen.lists.columns import ROLE_ALIASES, ColumnRoles, assign_roles, is_phone_header
from screen.lists.consent_time import choose_formats
from screen.lists.manifest import (
    FileDigest,
    Manifest,
    find_manifest,
    load_manifest,
    manifest_reasons,
)
from screen.lists.outputs import (
    ACCEPTED_FORMATS,
    CONSENT_DETAIL_ROLES,
    EXCEL_MAX_ROWS,
    accepted_path,
    hide_long_numbers,
    mask_name,
    mask_phone,
    mask_sensitive,
    sink,
    stale_outputs,
    write_excel,
)
from screen.lists.report import build_report, save_report
from screen.lists.results import LedgerFacts, ScreeningResult, ScreenSettings
from screen.lists.row_checks import (
    ANNOTATIONS,
    CHANNEL,
    CODES,
    NATIONAL,
    TIME,
    RowChecks,
)
from screen.lists.sensitive import (
    SAMPLE_ROWS,
    SensitiveColumn,
    names_beside_ids,
    sensitive_columns_by_header,
    sensitive_columns_by_value,
)
from screen.reasons import LEDGER_CODES, LIST_REASONS, ROW_BITS, ROW_REASONS

ROW = "__leadscreen_row"
KEY = "__leadscreen_key"
BLANK = "__leadscreen_blank"
STATE_COLUMNS = (ROW, KEY, BLANK)
PHONE_FORMATS = ("national", "e164")

Progress = Callable[[str], None]


def default_out_dir(list_path: str | Path) -> Path:
    """``./screened/<list name without suffix>/``."""
    return Path("screened") / Path(list_path).stem


# -- helpers --------------------------------------------------------------------------------------


def _ledger_bits(passed: pl.DataFrame, ledger: LedgerFacts | None) -> pl.Series | None:
    """Bits for dnc_listed / consent_revoked, per row of ``passed`` (None when nothing to add)."""
    if ledger is None or not (ledger.dnc_digests or ledger.revoked_digests):
        return None
    numbers = passed.select(pl.col(KEY).drop_nulls().unique())[KEY]
    if numbers.is_empty():
        return None
    digests = Digester(ledger.key).many_hex(numbers.cast(pl.String).to_list())
    dnc = [number for number, digest in zip(numbers.to_list(), digests) if digest in ledger.dnc_digests]
    revoked = [number for number, digest in zip(numbers.to_list(), digests) if digest in ledger.revoked_digests]
    bits = pl.when(pl.col(KEY).is_in(pl.Series(dnc, dtype=pl.Int64).implode())).then(
        pl.lit(ROW_BITS["dnc_listed"], pl.UInt16)
    ).otherwise(pl.lit(0, pl.UInt16)) + pl.when(pl.col(KEY).is_in(pl.Series(revoked, dtype=pl.Int64).implode())).then(
        pl.lit(ROW_BITS["consent_revoked"], pl.UInt16)
    ).otherwise(pl.lit(0, pl.UInt16))
    return passed.select(bits.alias("bits"))["bits"]


def _reason_expr(list_reasons: list[str]) -> pl.Expr:
    parts = [pl.when((pl.col(CODES) & bit) != 0).then(pl.lit(code)) for code, bit in ROW_BITS.items()]
    parts += [pl.lit(code) for code in list_reasons]
    return pl.concat_str(parts, separator=";", ignore_nulls=True)


def _accepted_columns(
    checks: RowChecks, settings: ScreenSettings, list_id: str | None, time_as_text: bool = True
) -> list[pl.Expr]:
    """The dialer's columns. ``time_as_text=False`` leaves ``consent_time`` a naive local datetime
    for the CSV writer to format (see :meth:`RowChecks.consent_time_csv_format`)."""
    phone = (
        pl.col(NATIONAL) if settings.phone_format == "national" else pl.concat_str([pl.lit("+86"), pl.col(NATIONAL)])
    )
    columns = [phone.alias("phone")]
    if checks.has("name"):
        columns.append(checks.column("name").str.strip_chars().alias("name"))
    columns += [
        checks.column("consent_id").str.strip_chars().alias("consent_id"),
        (checks.consent_time_text(pl.col(TIME)) if time_as_text else pl.col(TIME)).alias("consent_time"),
        pl.col(CHANNEL).cast(pl.String).alias("consent_channel"),
        checks.column("consent_scope").str.strip_chars().alias("consent_scope"),
    ]
    if checks.has("consent_recipient"):
        columns.append(checks.column("consent_recipient").str.strip_chars().alias("consent_recipient"))
    columns.append(pl.lit(list_id, dtype=pl.String).alias("list_id"))
    return columns


def _rejected_columns(
    checks: RowChecks, list_reasons: list[str], sensitive: dict[str, SensitiveColumn]
) -> list[pl.Expr]:
    phone = pl.when(pl.col(NATIONAL).is_not_null()).then(pl.col(NATIONAL)).otherwise(checks.phone_compact())
    columns = [pl.col(ROW).alias("row"), _reason_expr(list_reasons).alias("reason"), mask_phone(phone).alias("phone")]
    roles = checks.roles.by_role
    # a role column whose values turned out to be ID or card numbers is shown masked, below
    if checks.has("name") and roles["name"] not in sensitive:
        columns.append(mask_name(checks.column("name")).alias("name"))
    for role in CONSENT_DETAIL_ROLES:
        if checks.has(role) and roles[role] not in sensitive:
            columns.append(hide_long_numbers(checks.column(role)).alias(role))
    used = {expr.meta.output_name() for expr in columns}
    for header, column in sensitive.items():
        if header == roles.get("phone"):
            continue  # already masked as the phone
        name = header if header not in used else f"{header} (masked)"
        columns.append(mask_sensitive(pl.col(header), column.entity).alias(name))
    # rejected.csv is opened by people in Excel/WPS: no cell may run as a formula
    return [columns[0], *(neutralize_expr(column) for column in columns[1:])]


def _write_accepted_and_rejected(
    frame: pl.LazyFrame,
    checks: RowChecks,
    settings: ScreenSettings,
    list_id: str | None,
    sensitive: dict[str, SensitiveColumn],
    output_format: str,
    accepted_target: Path,
    rejected_target: Path,
) -> None:
    """One streaming pass over ``frame`` writing both files.

    The accepted rows stream into their sink; each batch's rejected rows are masked and kept
    aside (they are few in a list that was accepted: at most ``max_bad_row_ratio`` plus
    duplicates and ledger hits), then sorted and written. Two separate queries would read the
    list twice; one ``collect_all`` over both would cache the whole parsed list in memory.
    """
    csv_time_format = checks.consent_time_csv_format() if output_format == "csv" else None
    accepted_columns = _accepted_columns(checks, settings, list_id, time_as_text=csv_time_format is None)
    rejected_columns = _rejected_columns(checks, [], sensitive)
    rejected_parts: list[pl.DataFrame] = []

    def split(batch: pl.DataFrame) -> pl.DataFrame:
        rejected = batch.filter(pl.col(CODES) != 0)
        if rejected.height:
            rejected_parts.append(rejected.select(rejected_columns))
        return batch.filter(pl.col(CODES) == 0).select(accepted_columns)

    accepted_schema = frame.select(accepted_columns).collect_schema()
    accepted = frame.map_batches(split, streamable=True, schema=accepted_schema)
    with atomic_path(accepted_target) as temporary:
        query = sink(accepted, output_format, temporary=temporary, datetime_format=csv_time_format)
        if query is None:
            write_excel(accepted.collect(engine="streaming"), temporary)
        else:
            query.collect(engine="streaming")
        empty = frame.select(rejected_columns).head(0).collect()
        rejected = pl.concat([empty, *rejected_parts]).sort("row")
        with atomic_path(rejected_target) as rejected_temporary:
            rejected.write_csv(rejected_temporary)


def _check_output_format(fmt: str | None, table_format: str) -> str:
    chosen = fmt or table_format
    if chosen not in ACCEPTED_FORMATS:
        raise UsageError(f"unknown output format {chosen!r}; use csv, parquet, jsonl or xlsx")
    return chosen


# -- the run --------------------------------------------------------------------------------------


@dataclass
class _Inspection:
    """What is known about a list before its rows are checked."""

    table: Table
    roles: ColumnRoles
    sensitive: dict[str, SensitiveColumn]  # by header
    checks: RowChecks
    output_format: str


@dataclass
class _RowOutcome:
    """Pass 1's result: per row, the number, time, channel and final check bits; and the counts."""

    state: pl.DataFrame  # ROW, BLANK, KEY, TIME, CHANNEL, CODES for every line below the header
    rows_in: int
    blank_rows: int
    rows_failed: int
    bad_rows: int
    row_reasons: dict[str, int]


def screen_list(
    list_path: str | Path,
    settings: ScreenSettings,
    *,
    manifest_path: str | Path | None = None,
    out_dir: str | Path | None = None,
    ledger: LedgerFacts | None = None,
    progress: Progress | None = None,
    signing_key: bytes | None = None,
) -> ScreeningResult:
    """Screen ``list_path``; write ``accepted.<fmt>``, ``rejected.csv`` and ``report.json``.

    ``report.json`` is signed with ``signing_key``, else the ledger's key (see
    :mod:`screen.lists.signature`): ``ledger import`` takes only a report that verifies.

    Raises :class:`UsageError` for input that cannot be screened at all (unreadable list,
    malformed manifest JSON, no phone column, no data rows). Everything else is a decision.
    """
    started = time.monotonic()
    say = progress or (lambda message: None)
    list_path = Path(list_path)
    now = _screening_time(settings)
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(list_path)

    found_manifest = find_manifest(list_path, manifest_path)
    manifest = load_manifest(found_manifest) if found_manifest is not None else None

    # where a GB18030 list is transcoded (made only if needed): beside the outputs, not in /tmp,
    # which may be a small memory file system
    workdir = _existing_parent(out_dir) / f"{owned_prefix(WORK_PREFIX)}{uuid.uuid4().hex[:12]}"
    _remove_what_killed_runs_left(out_dir, workdir.parent, say)
    try:
        inspection = _inspect(list_path, settings, now, workdir)  # raises if the list cannot be read
        stamp = _file_stamp(list_path)
        say(f"reading {list_path} ({_how_read(inspection.table)})")
        digest = FileDigest(list_path)  # hashed in a thread while pass 1 runs

        say("pass 1/2: checking rows")
        outcome = _check_rows(inspection, ledger, list_path)
        list_reasons = _list_reasons(manifest, settings, inspection, outcome, digest.result())
        rows_accepted = 0 if list_reasons else outcome.rows_in - outcome.rows_failed
        notes = _notes(settings, now, inspection, manifest, rows_accepted)

        say(f"pass 2/2: writing {'rejected rows' if list_reasons else 'accepted and rejected rows'}")
        accepted_target, rejected_target = _unless_changed(
            list_path,
            stamp,
            lambda: _write_rows(inspection, outcome, settings, manifest, list_reasons, out_dir, list_path),
        )
        result = ScreeningResult(
            list_path=list_path,
            decision="rejected" if list_reasons else "accepted",
            list_reasons=list_reasons,
            rows_in=outcome.rows_in,
            rows_accepted=rows_accepted,
            rows_rejected=outcome.rows_in - rows_accepted,
            row_reasons=outcome.row_reasons,
            columns=_column_roles(inspection),
            sensitive_columns=inspection.sensitive,
            out_dir=out_dir,
            accepted_path=accepted_target,
            rejected_path=rejected_target,
            report_path=out_dir / "report.json",
            report={},
            manifest=manifest,
            settings=settings,
            notes=notes,
            signing_key=signing_key or (ledger.key if ledger is not None else None),
        )
        result.report = _report(result, inspection, outcome, ledger, now, started, digest.result())
        save_report(result)
        say(f"done in {time.monotonic() - started:.1f} s")
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _screening_time(settings: ScreenSettings) -> datetime.datetime:
    """The moment consent ages are judged from (checking the settings on the way)."""
    if settings.phone_format not in PHONE_FORMATS:
        raise UsageError(f"unknown phone format {settings.phone_format!r}; use national or e164")
    now = settings.now or clock.utc_now()
    if now.tzinfo is None:
        raise UsageError("the screening time must carry a time zone")
    return now


def _how_read(table: Table) -> str:
    return table.format + (f", {table.encoding}" if table.encoding else "")


def _list_reasons(
    manifest: Manifest | None,
    settings: ScreenSettings,
    inspection: _Inspection,
    outcome: _RowOutcome,
    file_sha256: str,
) -> list[str]:
    """The list codes (in :data:`LIST_REASONS` order): any of them rejects the whole list."""
    reasons = manifest_reasons(
        manifest,
        purpose=settings.purpose,
        organization=settings.policy.organization,
        blocked_providers=settings.policy.blocked_providers,
        rows_in=outcome.rows_in,
        file_sha256=file_sha256,
    )
    if inspection.roles.missing_consent_roles:
        reasons.append("consent_columns_missing")
    if inspection.sensitive:
        reasons.append("sensitive_data_present")
    if outcome.bad_rows / outcome.rows_in > settings.policy.max_bad_row_ratio:
        reasons.append("too_many_bad_rows")
    return [code for code in LIST_REASONS if code in reasons]


def _notes(
    settings: ScreenSettings,
    now: datetime.datetime,
    inspection: _Inspection,
    manifest: Manifest | None,
    rows_accepted: int,
) -> list[str]:
    """Remarks for the report and summary; too many rows for Excel switches the accepted file to CSV."""
    notes = []
    if settings.now is not None:
        notes.append(f"judged as of {now.isoformat(timespec='seconds')} (a fixed moment), not as of today")
    if inspection.output_format == "xlsx" and rows_accepted > EXCEL_MAX_ROWS:
        notes.append(f"{rows_accepted:,} rows do not fit in one Excel sheet; accepted rows written as CSV")
        inspection.output_format = "csv"
    partner = manifest is not None and manifest.provider_type in ("partner", "broker")
    if not settings.policy.organization and partner:
        notes.append("the policy names no organization, so no partner or broker list can name it as recipient")
    return notes


def _unless_changed(
    list_path: Path, stamp: tuple[int, int], write: Callable[[], tuple[Path | None, Path]]
) -> tuple[Path | None, Path]:
    """``write()`` (pass 2), refused when the list changed since pass 1 or while it was written.

    Pass 2 zips the file with pass 1's results row by row: a file changed in between would pair
    rows with the wrong checks, so it is refused, and what was written is removed.
    """
    changed = UsageError(f"{list_path}: the file changed while it was being screened; screen it again")
    if _file_stamp(list_path) != stamp:
        raise changed
    try:
        written = write()
    except UsageError:
        if _file_stamp(list_path) != stamp:
            raise changed from None
        raise
    if _file_stamp(list_path) != stamp:
        for path in written:
            if path is not None:
                remove_if_present(path)
        raise changed
    return written


def _refuse_numbers_above_the_header(table: Table) -> None:
    """Rows above the header are title lines (``2026年11月客户名单``) and are not screened. One that
    holds a phone number is a data row above a cell that only looked like a header: refuse the list
    rather than drop the row unscreened (every row must end up accepted or rejected)."""
    from recognizers.scanner import scan

    for number, row in enumerate(table.rows_above, 1):
        if scan(" ".join(row), entities=("CN_PHONE_NUMBER",)):
            raise InputError(
                f"{table.path}: line {number}, above the header found on line {table.header_row + 1}, holds a phone "
                "number; remove the lines above the header or fix the header"
            )


def _inspect(list_path: Path, settings: ScreenSettings, now: datetime.datetime, workdir: Path) -> _Inspection:
    """Open the list, give its columns roles, look for sensitive data, prepare the row checks."""
    policy = settings.policy
    table = load_table(list_path, workdir=workdir, header_finder=is_phone_header)
    _refuse_numbers_above_the_header(table)
    roles = assign_roles(list(table.columns), policy.sensitive_headers)
    if "phone" not in roles.by_role:
        aliases = ", ".join(ROLE_ALIASES["phone"][:7])
        headers = safe_message(", ".join(table.columns) or "(none)", limit=120)
        raise UsageError(f"{list_path}: no phone column (expected a header such as {aliases}; found: {headers})")
    clashes = [name for name in table.columns if name in STATE_COLUMNS or name in ANNOTATIONS]
    if clashes:
        raise UsageError(f"{list_path}: column name {clashes[0]!r} is reserved by leadscreen; rename it")
    output_format = _check_output_format(settings.output_format, table.format)

    sample = collect(table.frame.head(SAMPLE_ROWS), list_path, engine="in-memory")
    sensitive = {
        **sensitive_columns_by_header(table.columns, policy.sensitive_headers),
        **sensitive_columns_by_value(sample),
    }
    sensitive.update(names_beside_ids(table.columns, sensitive, sample))
    time_header = roles.by_role.get("consent_time")
    formats = choose_formats(sample[time_header]) if time_header else ()
    checks = RowChecks(
        roles,
        purpose=settings.purpose,
        organization=policy.organization,
        timezone=policy.timezone,
        now=now,
        max_consent_age_days=settings.max_consent_age_days,
        excel_serial=table.format == "xlsx",
        **({"time_formats": formats} if formats else {}),
    )
    return _Inspection(table, roles, sensitive, checks, output_format)


def _check_rows(inspection: _Inspection, ledger: LedgerFacts | None, list_path: Path) -> _RowOutcome:
    """Pass 1, then the checks that need the whole list or the ledger: withdrawn, DNC, duplicates."""
    table = inspection.table
    blank_row = pl.all_horizontal([pl.col(name).is_null() for name in table.columns])
    state = collect(
        inspection.checks.annotate(table.frame.with_columns(blank_row.alias(BLANK))).select(
            BLANK, pl.col(NATIONAL).alias(KEY), TIME, CHANNEL, CODES
        ),
        list_path,
    )
    state = state.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias(ROW))
    blank_rows = int(state[BLANK].sum())
    rows_in = state.height - blank_rows
    if rows_in == 0:
        raise UsageError(f"{list_path}: no data rows (the file has a header only)")

    extra = _ledger_bits(state, ledger)
    if extra is not None:
        state = state.with_columns((pl.col(CODES) + extra).alias(CODES))
    # a duplicate: the number of an earlier row that passed every other check
    passed = (pl.col(CODES) == 0) & ~pl.col(BLANK)
    duplicate = passed & ~pl.when(passed).then(pl.col(KEY)).is_first_distinct()
    state = state.with_columns(
        (
            pl.col(CODES)
            + pl.when(duplicate).then(pl.lit(ROW_BITS["phone_duplicate"], pl.UInt16)).otherwise(pl.lit(0, pl.UInt16))
        ).alias(CODES)
    )
    codes = pl.col(CODES).filter(~pl.col(BLANK))
    counts = state.select(
        [((codes & bit) != 0).sum().alias(code) for code, bit in ROW_BITS.items()]
        + [(codes != 0).sum().alias("__rejected")]
        + [((codes & _BAD_ROW_MASK) != 0).sum().alias("__bad")]
    ).row(0, named=True)
    rows_failed = int(counts.pop("__rejected"))
    bad_rows = int(counts.pop("__bad"))
    row_reasons = {code: int(count) for code, count in counts.items() if count}
    return _RowOutcome(state, rows_in, blank_rows, rows_failed, bad_rows, row_reasons)


def _write_rows(
    inspection: _Inspection,
    outcome: _RowOutcome,
    settings: ScreenSettings,
    manifest: Manifest | None,
    list_reasons: list[str],
    out_dir: Path,
    list_path: Path,
) -> tuple[Path | None, Path]:
    """Pass 2: remove an earlier run's files, then write ``accepted.<fmt>`` (if accepted) and ``rejected.csv``."""
    try:
        make_private_folders(out_dir)
        for stale in stale_outputs(out_dir):
            remove_if_present(stale)
    except OSError as error:
        raise UsageError(f"cannot write to {out_dir}: {error.strerror or error}") from None
    frame = pl.concat([inspection.table.frame, outcome.state.lazy()], how="horizontal").filter(~pl.col(BLANK))
    frame = frame.with_columns(pl.col(KEY).cast(pl.String).alias(NATIONAL))
    accepted_target = accepted_path(out_dir, inspection.output_format) if not list_reasons else None
    rejected_target = out_dir / "rejected.csv"
    try:
        if accepted_target is None:
            rejected_columns = _rejected_columns(inspection.checks, list_reasons, inspection.sensitive)
            with atomic_path(rejected_target) as temporary:
                frame.select(rejected_columns).sink_csv(temporary)
        else:
            list_id = manifest.list_id if manifest is not None else None
            _write_accepted_and_rejected(
                frame,
                inspection.checks,
                settings,
                list_id,
                inspection.sensitive,
                inspection.output_format,
                accepted_target,
                rejected_target,
            )
    except pl.exceptions.PolarsError as error:
        raise read_error(error, list_path) from None
    except OSError as error:
        raise UsageError(f"cannot write to {out_dir}: {error.strerror or error}") from None
    return accepted_target, rejected_target


def _column_roles(inspection: _Inspection) -> dict[str, str]:
    return {
        header: ("sensitive" if header in inspection.sensitive else role)
        for header, role in inspection.roles.roles.items()
    }


def _report(
    result: ScreeningResult,
    inspection: _Inspection,
    outcome: _RowOutcome,
    ledger: LedgerFacts | None,
    now: datetime.datetime,
    started: float,
    file_sha256: str,
) -> dict:
    return build_report(
        result,
        list_file={**inspection.table.describe(), "sha256": file_sha256, "bytes": result.list_path.stat().st_size},
        blank_rows=outcome.blank_rows,
        bad_row_ratio=outcome.bad_rows / outcome.rows_in,
        output_format=inspection.output_format,
        ledger=ledger,
        screened_at=now,
        run_at=clock.utc_now(),
        seconds=time.monotonic() - started,
    )


def _file_stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


WORK_PREFIX = ".leadscreen-work-"


def _remove_what_killed_runs_left(out_dir: Path, work_parent: Path, say: Progress) -> None:
    """Temporary files of an interrupted run hold raw accepted rows: delete them before this run."""
    removed = remove_stale_temporaries(out_dir, (TEMPORARY_PREFIX, WORK_PREFIX))
    # a run that was killed before it made the output folder worked in the folder above it;
    # those folders are not ours alone, so only our work folders are looked for there
    for folder in {out_dir.parent, work_parent} - {out_dir}:
        removed += remove_stale_temporaries(folder, (WORK_PREFIX,))
    if removed:
        say(f"removed {removed} temporary file(s) left by an interrupted run")


def _existing_parent(path: Path) -> Path:
    """The nearest existing folder at or above ``path`` (for the transcoding work folder)."""
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return candidate
    return Path(".")


def _ledger_mask() -> int:
    mask = 0
    for code in LEDGER_CODES:
        mask |= ROW_BITS[code]
    return mask


# a bad row (for max_bad_row_ratio) fails a check of its own: a do-not-call or withdrawn number
# says nothing about the list's quality
_BAD_ROW_MASK = 0xFFFF & ~_ledger_mask()

assert set(ROW_BITS) == set(ROW_REASONS)
