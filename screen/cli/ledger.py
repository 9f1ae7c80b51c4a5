"""``leadscreen ledger``, ``leadscreen dnc``, ``leadscreen audit`` and ``leadscreen optouts``: click commands only.

The work is done in :mod:`screen.ledger.store`, :mod:`screen.ledger.imports`, :mod:`screen.ledger.audit` and
:mod:`screen.ledger.optouts`. Numbers typed or read here are printed masked (``138****5678``).
"""

from __future__ import annotations

from functools import partial

import click

from recognizers.phone import masked
from screen.cli.options import db_option, key_option, open_ledger, parse_moment, policy_option
from screen.cli.progress import progress_option, stage_printer
from screen.errors import UsageError
from screen.ledger.location import shown
from screen.ledger.store import OUTCOMES


def national_numbers(phones, what: str = "PHONE") -> list[str]:
    """Validate numbers given on the command line; a bad one is a usage error naming its position."""
    from recognizers.phone import national_number

    numbers = []
    for position, phone in enumerate(phones, start=1):
        national = national_number(phone)
        if national is None:
            raise UsageError(f"{what} #{position} ({masked(phone) or 'no digits'}) is not a valid Chinese phone number")
        numbers.append(national)
    return numbers


def audited(opened, action: str, count: int, *, source_file=None, detail: str | None = None) -> None:
    """Leave the change's audit record beside the ledger (who, when, what, which file, how many)."""
    from screen.ledger.audit import record_change

    record_change(opened.path, action, count=count, source_file=source_file, detail=detail)


# -- leadscreen ledger -------------------------------------------------------------------------


@click.group(
    epilog="""
\b
Set-up, once (keep the key: the digests are useless without it):
  export LEADSCREEN_KEY=$(openssl rand -hex 32)
  leadscreen ledger init                          # ./leadscreen.db, or --db, or $LEADSCREEN_DB

\b
Examples (from the repository root, after the set-up and the README's `leadscreen screen`):
  leadscreen ledger import screened/first_party_webform/accepted.csv
  leadscreen ledger withdraw 18798643261 --at 2026-11-21T10:15:00+08:00
  leadscreen ledger outcome 15237552984 --campaign insurance_leads --outcome refused \\
      --policy sample_lists/leadscreen.toml
  leadscreen ledger info
  leadscreen ledger show 18798643261
"""
)
def ledger():
    """The consent ledger: consents, withdrawals, call outcomes (numbers stored as keyed digests)."""


@ledger.command(
    "init",
    epilog="""
\b
Examples:
  leadscreen ledger init                          # ./leadscreen.db, or $LEADSCREEN_DB
  leadscreen ledger init --db campaign-2027.db
""",
)
@db_option
@key_option
def ledger_init(db, key_file):
    """Create an empty ledger (or upgrade an older one) and print its schema version."""
    with open_ledger(db, key_file, create=True) as opened:
        click.echo(f"ledger {shown(opened.path)}: schema version {opened.schema_version}")


@ledger.command(
    "migrate",
    epilog="""
\b
Examples:
  leadscreen ledger migrate                       # ./leadscreen.db, or $LEADSCREEN_DB
  leadscreen ledger migrate --db leadscreen.db
""",
)
@db_option
@key_option
def ledger_migrate(db, key_file):
    """Upgrade the ledger's schema to this leadscreen's version; print the versions before and after.

    Run it once when upgrading leadscreen on a PostgreSQL ledger: `serve` refuses to start on a
    schema version other than its own. (An SQLite file is also upgraded when first opened.)
    """
    from screen.config.keys import load_key
    from screen.ledger.migrate import migrate
    from screen.ledger.store import resolve_db_path

    where = resolve_db_path(db)
    before, after = migrate(where, load_key(key_file))
    if before == after:
        click.echo(f"ledger {where}: schema version {after}, up to date")
    else:
        click.echo(f"ledger {where}: schema version {before} -> {after}")


@ledger.command(
    "info",
    epilog="""
\b
Examples:
  leadscreen ledger info
  leadscreen ledger info --db leadscreen.db
""",
)
@db_option
@key_option
def ledger_info(db, key_file):
    """Print the schema version and how many rows each table holds."""
    with open_ledger(db, key_file) as opened:
        click.echo(f"ledger {shown(opened.path)}: schema version {opened.schema_version}")
        for table, count in opened.counts().items():
            click.echo(f"  {table:<14} {count:>12,}")


@ledger.command(
    "import",
    epilog="""
\b
Examples (after the README's `leadscreen screen` of the first sample list):
  leadscreen ledger import screened/first_party_webform/accepted.csv   # checked against the report.json beside it
  leadscreen ledger import screened/first_party_webform/accepted.csv \\
      --report screened/first_party_webform/report.json --db leadscreen.db
""",
)
@click.argument("accepted_file", type=click.Path(dir_okay=False))
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    help="report.json of the screening that wrote ACCEPTED_FILE. Default: the report.json beside it.",
)
@db_option
@key_option
@policy_option
@progress_option()
def ledger_import(accepted_file, report_path, db, key_file, policy_path, progress):
    """Load the consents of an accepted file (from `leadscreen screen`) into the ledger.

    Only the accepted output of a screening is loaded: the report.json beside the file (or
    --report) must say ACCEPTED, record the file's SHA-256 and carry the signature screening made
    with the ledger's key; a raw, rejected or edited list, or a report that does not verify, is
    refused (exit 2) and nothing is imported. The file has columns phone, consent_id and
    consent_time, and may carry consent_scope, consent_recipient, consent_channel and list_id.
    A consent_time without a zone is read in the policy's time zone. Importing the same file
    twice adds nothing the second time. Rows that cannot be used are skipped and listed by row number.
    """
    import time

    from screen.config.keys import load_key
    from screen.config.policy import load_policy
    from screen.ledger.imports import import_accepted, screening_report_for

    policy = load_policy(policy_path)
    # before the ledger is created or opened: a report screening signed with this key, for this file
    screening_report_for(accepted_file, report_path, key=load_key(key_file))
    started = time.perf_counter()
    with open_ledger(db, key_file, create=True) as opened:
        report = import_accepted(opened, accepted_file, policy.timezone, progress=stage_printer(progress))
        audited(opened, "consent_import", report.added, source_file=accepted_file)
    click.echo(
        f"{report.rows:,} rows: {report.added:,} consents added, {report.already_present:,} already in the "
        f"ledger, {report.skipped_count:,} skipped ({time.perf_counter() - started:.1f} s)"
    )
    for why, rows in report.skipped.items():
        shown = ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")
        click.echo(f"  skipped, {why}: rows {shown}", err=True)


@ledger.command(
    "show",
    epilog="""
\b
Examples (after `leadscreen ledger import` of the first sample list):
  leadscreen ledger show 18798643261
  leadscreen ledger show "+86 187-9864-3261" --db leadscreen.db
""",
)
@click.argument("phone")
@db_option
@key_option
@policy_option
def ledger_show(phone, db, key_file, policy_path):
    """Show what the ledger holds about one number (a data-subject request): consents,
    withdrawals, do-not-call entry and removals, call outcomes.

    The number is printed masked; times are in the policy's time zone. Exit status 0 (also when
    the ledger holds nothing about the number), 2 bad input.
    """
    from screen.clock import zone
    from screen.config.policy import load_policy

    [number] = national_numbers([phone])
    timezone = zone(load_policy(policy_path).timezone)
    with open_ledger(db, key_file) as opened:
        history = opened.history(opened.digest(number))
    for line in history_lines(masked(number), history, timezone):
        click.echo(line)


def history_lines(shown_number: str, history, timezone) -> list[str]:
    """The lines of `ledger show` for one number's history (see :class:`screen.ledger.store.PhoneHistory`)."""
    from screen.ledger.audit import without_long_numbers

    def when(moment) -> str:
        return moment.astimezone(timezone).isoformat(timespec="seconds")

    lines = [shown_number, f"consents: {len(history.consents)}"]
    for consent_id, moment, terms in history.consents:
        lines.append(
            f"  {when(moment)}  id {consent_id}  scope {'、'.join(sorted(terms.scope)) or '-'}  "
            f"recipients {'、'.join(sorted(terms.recipients)) or '-'}  list {terms.list_id or '-'}  "
            f"channel {terms.channel or '-'}"
        )
    lines.append(f"withdrawals: {len(history.withdrawals)}")
    lines.extend(f"  {when(moment)}  source {source}" for moment, source in history.withdrawals)
    entry = history.dnc
    lines.append(
        f"do-not-call: listed since {when(entry.added_at)}, reason: {without_long_numbers(entry.reason)}, "
        f"source {without_long_numbers(entry.source)}"
        if entry
        else "do-not-call: not listed"
    )
    lines.append(f"do-not-call removals: {len(history.dnc_removals)}")
    lines.extend(
        f"  {when(moment)}  reason: {without_long_numbers(reason)}  source {without_long_numbers(source)}"
        for moment, reason, source in history.dnc_removals
    )
    lines.append(f"call outcomes: {len(history.outcomes)}")
    lines.extend(
        f"  {when(moment)}  {campaign} ({purpose})  {outcome}"
        for moment, campaign, purpose, outcome in history.outcomes
    )
    return lines


@ledger.command(
    "withdraw",
    epilog="""
\b
Examples:
  leadscreen ledger withdraw 18798643261 --at 2026-11-21T10:15:00+08:00
  leadscreen ledger withdraw 18798643261 15237552984       # withdrawn now
""",
)
@click.argument("phones", nargs=-1, required=True, metavar="PHONE...")
@click.option("--at", "at", metavar="ISO-TIME", help="When consent was withdrawn. Default: now.")
@click.option("--source", default="cli", show_default=True, help="Where the withdrawal came from (kept in the ledger).")
@db_option
@key_option
@policy_option
def ledger_withdraw(phones, at, source, db, key_file, policy_path):
    """Record that these numbers withdrew their consent (PIPL Art. 15).

    Checks then deny with consent_revoked until a consent given after the withdrawal is imported.
    """
    from screen.config.policy import load_policy

    numbers = national_numbers(phones)
    moment = parse_moment(at, load_policy(policy_path).timezone)
    with open_ledger(db, key_file) as opened:
        count = opened.withdraw([opened.digest(n) for n in numbers], moment, source)
        audited(opened, "withdrawal", count, detail=f"source {source}")
    click.echo(f"{count} withdrawal(s) recorded: {', '.join(masked(n) for n in numbers)}")


@ledger.command(
    "outcome",
    epilog="""
\b
Examples:
  leadscreen ledger outcome 15237552984 --campaign insurance_leads --outcome refused \\
      --policy sample_lists/leadscreen.toml
""",
)
@click.argument("phone")
@click.option("--campaign", required=True, help="Campaign the call belonged to.")
@click.option("--outcome", required=True, type=click.Choice(OUTCOMES))
@click.option("--at", "at", metavar="ISO-TIME", help="When the call happened. Default: now.")
@db_option
@key_option
@policy_option
def ledger_outcome(phone, campaign, outcome, at, db, key_file, policy_path):
    """Record a call outcome by hand (dialers use POST /v1/outcomes).

    opt_out also puts the number on the do-not-call list; refused starts the campaign purpose's
    cool-off (refusal_cooldown_days).
    """
    from screen.config.policy import load_policy

    policy = load_policy(policy_path)
    rules = policy.campaign(campaign)
    [number] = national_numbers([phone])
    moment = parse_moment(at, rules.timezone)
    with open_ledger(db, key_file) as opened:
        listed = opened.record_outcome(opened.digest(number), rules.name, rules.purpose, outcome, moment, source="cli")
        audited(opened, "outcome", 1, detail=f"{outcome}, campaign {rules.name}" + (", do-not-call" if listed else ""))
    click.echo(
        f"{outcome} recorded for {masked(number)} ({campaign})" + ("; added to the do-not-call list" if listed else "")
    )


# -- leadscreen dnc ----------------------------------------------------------------------------


@click.group(
    epilog="""
\b
Examples:
  leadscreen dnc add 13812345678 13987654321 --reason "asked on the phone, ticket 4411"
  leadscreen dnc import sample_lists/dnc_complaints.csv --reason "12321 complaint list 2026-11"
  leadscreen dnc remove 13812345678 --reason "entered by mistake"
  leadscreen dnc list
"""
)
def dnc():
    """The do-not-call list. Every entry and removal carries a reason."""


@dnc.command(
    "add",
    epilog="""
\b
Examples:
  leadscreen dnc add 13812345678 --reason "asked on the phone, ticket 4411"
  leadscreen dnc add 13812345678 "+86 139-8765-4321" --reason "complaint 2026-11-21"
""",
)
@click.argument("phones", nargs=-1, required=True, metavar="PHONE...")
@click.option("--reason", required=True, help="Why these numbers must not be called (kept in the ledger).")
@db_option
@key_option
def dnc_add(phones, reason, db, key_file):
    """Put numbers on the do-not-call list; the next check of each denies with dnc_listed."""
    numbers = national_numbers(phones)
    with open_ledger(db, key_file) as opened:
        added = opened.add_dnc([opened.digest(n) for n in numbers], reason=reason, source="cli")
        audited(opened, "dnc_add", added, detail=reason)
    click.echo(f"{added} added, {len(numbers) - added} already listed: {', '.join(masked(n) for n in numbers)}")


@dnc.command(
    "import",
    epilog="""
\b
Examples:
  leadscreen dnc import sample_lists/dnc_complaints.csv --reason "12321 complaint list 2026-11"
  leadscreen dnc import sample_lists/dnc_complaints.csv --column phone --reason "complaints"
""",
)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--reason", required=True, help="Why these numbers must not be called.")
@click.option("--column", help="Column holding the numbers (default: phone). A .txt file: one number a line.")
@db_option
@key_option
def dnc_import(file, reason, column, db, key_file):
    """Add every number in FILE (CSV/Parquet/JSONL/XLSX with a phone column, or .txt) to the list.

    Tables are read as lead lists are: UTF-8 or GBK, a title row above the header skipped. An
    entry may also be the phone token of `redact --operator hash` (<CN_PHONE_NUMBER:h:FP:HEX64>) or a
    bare 64-hex digest made with the same key: it is added by digest. A token made with another key
    (its fingerprint FP differs) is refused (exit 2).
    """
    from screen.ledger.imports import read_phone_list

    with open_ledger(db, key_file) as opened:
        numbers, digests, bad_rows = read_phone_list(file, column, key=opened.key)
        entries = [*(opened.digest(n) for n in numbers), *digests]
        added = opened.add_dnc(entries, reason=reason, source=f"file:{file}")
        audited(opened, "dnc_import", added, source_file=file, detail=reason)
    click.echo(
        f"{added:,} added, {len(entries) - added:,} already listed, {len(bad_rows):,} rows without a valid number"
    )
    if bad_rows:
        click.echo(
            f"  rows without a valid number: {', '.join(map(str, bad_rows[:20]))}"
            + (" …" if len(bad_rows) > 20 else ""),
            err=True,
        )


@dnc.command(
    "remove",
    epilog="""
\b
Examples:
  leadscreen dnc add 13812345678 --reason "entered by mistake?"
  leadscreen dnc remove 13812345678 --reason "entered by mistake"
""",
)
@click.argument("phones", nargs=-1, required=True, metavar="PHONE...")
@click.option("--reason", required=True, help="Why the entry is removed (the removal is logged).")
@db_option
@key_option
def dnc_remove(phones, reason, db, key_file):
    """Take numbers off the do-not-call list (logged with the reason)."""
    numbers = national_numbers(phones)
    with open_ledger(db, key_file) as opened:
        removed = opened.remove_dnc([opened.digest(n) for n in numbers], reason=reason, source="cli")
        audited(opened, "dnc_remove", removed, detail=reason)
    click.echo(f"{removed} removed, {len(numbers) - removed} were not listed")


@dnc.command(
    "list",
    epilog="""
\b
Examples:
  leadscreen dnc list
  leadscreen dnc list --limit 20
  leadscreen dnc list --output dnc-entries.csv
""",
)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many entries (the oldest first).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="CSV file to write; - or none: standard output.")
@db_option
@key_option
def dnc_list(limit, output, db, key_file):
    """List the do-not-call entries as CSV: phone_digest, added_at (UTC), reason, source.

    The ledger stores only keyed digests (HMAC-SHA256 of each number), never the numbers, so
    entries are listed by digest. To see whether a given number is listed, and why, use
    `leadscreen ledger show PHONE`.
    """
    import csv
    from itertools import islice

    from screen.files.output import output_stream
    from screen.ledger.audit import without_long_numbers

    def write(out) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("phone_digest", "added_at", "reason", "source"))
        count = 0
        for entry in islice(opened.dnc_entries(), limit):
            added_at = entry.added_at.isoformat(timespec="seconds")
            writer.writerow(
                (entry.digest, added_at, without_long_numbers(entry.reason), without_long_numbers(entry.source))
            )
            count += 1
        return count

    with open_ledger(db, key_file) as opened, output_stream(output) as out:
        count = write(out)
    click.echo(f"{count:,} do-not-call entries (keyed digests: the ledger stores no numbers)", err=True)


# -- leadscreen audit --------------------------------------------------------------------------


@click.group(
    epilog="""
\b
Examples:
  leadscreen audit export --since 2026-03-01 > decisions-march.csv
  leadscreen audit export --since 2026-03-01T00:00+08:00 --until 2026-04-01 --output march.csv
  leadscreen audit export --since 2026-03-01 --changes     # imports, DNC changes, withdrawals, unredact
"""
)
def audit():
    """The audit trail: pre-dial decisions (phone digests only) and changes to the ledger (no content)."""


@audit.command(
    "export",
    epilog="""
\b
Examples:
  leadscreen audit export --since 2026-03-01 > decisions-march.csv
  leadscreen audit export --since 2026-03-01T00:00+08:00 --until 2026-04-01 --output march.csv
  leadscreen audit export --since 2026-03-01 --changes     # imports, DNC changes, withdrawals, unredact
""",
)
@click.option("--since", required=True, metavar="ISO-TIME", help="First moment to include (a date means its midnight).")
@click.option("--until", metavar="ISO-TIME", help="Moment to stop before. Default: now.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="CSV file to write; - or none: standard output.",
)
@click.option("--audit-dir", metavar="DIR", help="Folder of audit files. Default: <ledger>-audit/.")
@click.option(
    "--changes",
    is_flag=True,
    help="Export the changes to the ledger (changed_at, actor, action, source_file, count, detail) instead.",
)
@click.option(
    "--phone",
    metavar="PHONE",
    help="Only the decisions about this number (a data-subject request): matched by its keyed digest, "
    "so it needs the key; the number itself is never written.",
)
@db_option
@key_option
@policy_option
def audit_export(since, until, output, audit_dir, changes, phone, db, key_file, policy_path):
    """Write decisions as CSV: checked_at, campaign, phone_digest, decision, reasons, policy_version,
    channel, asked_about, source.

    Times are shown in the policy's time zone. phone_digest is the keyed HMAC-SHA256 of the
    number: whoever holds the key can find a given number's decisions (--phone), nobody else can.
    With --changes: who changed the ledger (or re-identified a redacted file), when, how, from
    which file and how many values; never a number.
    """
    from screen.clock import zone
    from screen.config.policy import load_policy
    from screen.files.output import is_standard_output, output_stream
    from screen.ledger.audit import audit_dir_for, export_changes_csv, export_csv
    from screen.ledger.store import resolve_db_path

    policy = load_policy(policy_path)
    start = parse_moment(since, policy.timezone, "--since")
    end = parse_moment(until, policy.timezone, "--until") if until else None
    if end is not None and end <= start:
        raise UsageError("--until must be later than --since")
    if changes and phone:
        raise UsageError("--changes and --phone do not go together: change records name no numbers")
    digest, about = _subject_digest(phone, key_file) if phone else (None, "")
    folder = audit_dir or audit_dir_for(resolve_db_path(db))
    if changes:
        export, what = export_changes_csv, "ledger changes"
    else:
        export, what = partial(export_csv, phone_digest=digest), f"decisions{about}"
    with output_stream(output) as out:
        count = export(folder, start, end, out, zone(policy.timezone))
    written = "" if is_standard_output(output) else f" written to {output}"
    click.echo(f"{count:,} {what}{written}", err=True)


def _subject_digest(phone: str, key_file) -> tuple[str, str]:
    """The keyed digest of ``--phone`` and `` about 138****5678`` for the summary line."""
    from recognizers.phone import national_number
    from screen.config.keys import load_key, phone_digest

    national = national_number(phone)
    if national is None:
        raise UsageError(f"--phone is not a valid phone number ({masked(phone) or 'no digits'})")
    return phone_digest(load_key(key_file), national), f" about {masked(national)}"


# -- leadscreen optouts ------------------------------------------------------------------------


@click.command(
    epilog="""
\b
Examples:
  leadscreen optouts sample_lists/transcripts/optouts.jsonl --dry-run   # review what would be listed
  leadscreen optouts sample_lists/transcripts/optouts.jsonl             # then add them
  leadscreen optouts sample_lists/transcripts/optouts.jsonl --speaker customer --text-field text
"""
)
@click.argument("transcripts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--text-field", default="text", show_default=True, help="JSONL field with the transcript text.")
@click.option(
    "--phone-field",
    default="phone",
    show_default=True,
    help="Field with the called number (or, in a hash-redacted transcript, its <CN_PHONE_NUMBER:h:…> token "
    "or 64-hex keyed digest).",
)
@click.option(
    "--speaker", help="In ASR segments, only count what this speaker said (matches the segment's speaker/role)."
)
@click.option("--dry-run", is_flag=True, help="Print what was found; change nothing.")
@click.option(
    "--reason", default="opt-out phrase in call transcript", show_default=True, help="Reason kept with each DNC entry."
)
@db_option
@key_option
def optouts(transcripts, text_field, phone_field, speaker, dry_run, reason, db, key_file):
    """Find refusals (别再打了, 不要再打了, 把我的号码删掉, 拉黑, 不需要 …) in transcripts and put those numbers on the DNC list.

    TRANSCRIPTS are JSONL files (one call per line: the text in --text-field, the called number
    in --phone-field) or ASR JSON files ({"phone": ..., "segments": [{"text": ..., "speaker": ...}]}).
    Each finding is printed with the file, line, masked number and the phrase heard. Exit
    status: 0 done (also when nothing was found), 2 bad input.
    """
    from screen.config.keys import load_key
    from screen.ledger.optouts import find_optouts

    key = load_key(key_file, required=not dry_run)  # a dry run needs none; with one, tokens are checked
    findings, problems = find_optouts(
        transcripts, text_field=text_field, phone_field=phone_field, speaker=speaker, key=key
    )
    for problem in problems:
        click.echo(f"leadscreen: {problem}", err=True)
    for finding in findings:
        click.echo(f"{finding.source}:{finding.line}\t{finding.phone_masked}\t{finding.phrase}\t…{finding.context}…")
    distinct = {finding.digest_or_number: finding for finding in findings}
    if dry_run:
        click.echo(f"{len(findings)} opt-out(s) found for {len(distinct)} number(s); dry run: nothing added", err=True)
        return
    if not distinct:
        click.echo("no opt-outs found", err=True)
        return
    with open_ledger(db, key_file) as opened:
        digests = [finding.digest(opened) for finding in distinct.values()]
        added = opened.add_dnc(digests, reason=reason, source="transcripts")
        audited(opened, "optout_import", added, source_file=" ".join(map(str, transcripts)), detail=reason)
    click.echo(f"{added} number(s) added to the do-not-call list, {len(distinct) - added} already listed", err=True)
