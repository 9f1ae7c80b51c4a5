"""``leadscreen ledger``, ``leadscreen dnc``, ``leadscreen audit`` and ``leadscreen optouts``: click commands only.

The work is done in :mod:`screen.ledger.store`, :mod:`screen.ledger.imports`, :mod:`screen.ledger.audit` and
:mod:`screen.ledger.optouts`. Numbers typed or read here are printed masked (``138****5678``).
"""

from __future__ import annotations

import sys

import click

from recognizers.phone import masked
from screen.cli.options import db_option, key_option, open_ledger, parse_moment, policy_option
from screen.errors import UsageError
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


# -- leadscreen ledger -------------------------------------------------------------------------


@click.group(
    epilog="""
\b
Examples:
  export LEADSCREEN_KEY=$(openssl rand -hex 32)     # keep it: digests are useless without it
  leadscreen ledger init --db leadscreen.db
  leadscreen ledger import screened/accepted.csv
  leadscreen ledger withdraw 13812345678 --at 2026-03-02T10:15:00+08:00
  leadscreen ledger outcome 13812345678 --campaign insurance_sales --outcome refused
  leadscreen ledger info
"""
)
def ledger():
    """The consent ledger: consents, withdrawals, call outcomes (numbers stored as keyed digests)."""


@ledger.command("init")
@db_option
@key_option
def ledger_init(db, key_file):
    """Create an empty ledger (or upgrade an older one) and print its schema version."""
    with open_ledger(db, key_file, create=True) as opened:
        click.echo(f"ledger {opened.path}: schema version {opened.schema_version}")


@ledger.command("info")
@db_option
@key_option
def ledger_info(db, key_file):
    """Print the schema version and how many rows each table holds."""
    with open_ledger(db, key_file) as opened:
        click.echo(f"ledger {opened.path}: schema version {opened.schema_version}")
        for table, count in opened.counts().items():
            click.echo(f"  {table:<14} {count:>12,}")


@ledger.command(
    "import",
    epilog="""
\b
Examples:
  leadscreen ledger import screened/accepted.csv
  leadscreen ledger import accepted.parquet --db /var/lib/leadscreen/leadscreen.db
""",
)
@click.argument("accepted_file", type=click.Path(dir_okay=False))
@db_option
@key_option
@policy_option
def ledger_import(accepted_file, db, key_file, policy_path):
    """Load the consents of an accepted file (from `leadscreen screen`) into the ledger.

    The file needs columns phone, consent_id and consent_time, and may carry consent_scope,
    consent_recipient, consent_channel and list_id (CSV, Parquet, JSONL or XLSX). A consent_time
    without a zone is read in the policy's time zone. Importing the same file twice adds nothing
    the second time. Rows that cannot be used are skipped and listed by row number.
    """
    import time

    from screen.config.policy import load_policy
    from screen.ledger.imports import import_accepted

    policy = load_policy(policy_path)
    started = time.perf_counter()
    with open_ledger(db, key_file, create=True) as opened:
        report = import_accepted(
            opened, accepted_file, policy.timezone, progress=lambda line: click.echo(f"  {line}", err=True)
        )
    click.echo(
        f"{report.rows:,} rows: {report.added:,} consents added, {report.already_present:,} already in the "
        f"ledger, {report.skipped_count:,} skipped ({time.perf_counter() - started:.1f} s)"
    )
    for why, rows in report.skipped.items():
        shown = ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")
        click.echo(f"  skipped, {why}: rows {shown}", err=True)


@ledger.command("withdraw")
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
    click.echo(f"{count} withdrawal(s) recorded: {', '.join(masked(n) for n in numbers)}")


@ledger.command("outcome")
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
    click.echo(
        f"{outcome} recorded for {masked(number)} ({campaign})" + ("; added to the do-not-call list" if listed else "")
    )


# -- leadscreen dnc ----------------------------------------------------------------------------


@click.group(
    epilog="""
\b
Examples:
  leadscreen dnc add 13812345678 13987654321 --reason "asked on the phone, ticket 4411"
  leadscreen dnc import complaints.csv --reason "12321 complaint list 2026-03"
  leadscreen dnc remove 13812345678 --reason "entered by mistake"
"""
)
def dnc():
    """The do-not-call list. Every entry and removal carries a reason."""


@dnc.command("add")
@click.argument("phones", nargs=-1, required=True, metavar="PHONE...")
@click.option("--reason", required=True, help="Why these numbers must not be called (kept in the ledger).")
@db_option
@key_option
def dnc_add(phones, reason, db, key_file):
    """Put numbers on the do-not-call list; the next check of each denies with dnc_listed."""
    numbers = national_numbers(phones)
    with open_ledger(db, key_file) as opened:
        added = opened.add_dnc([opened.digest(n) for n in numbers], reason=reason, source="cli")
    click.echo(f"{added} added, {len(numbers) - added} already listed: {', '.join(masked(n) for n in numbers)}")


@dnc.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--reason", required=True, help="Why these numbers must not be called.")
@click.option("--column", help="Column holding the numbers (default: phone). A .txt file: one number a line.")
@db_option
@key_option
def dnc_import(file, reason, column, db, key_file):
    """Add every number in FILE (CSV/Parquet/JSONL/XLSX with a phone column, or .txt) to the list.

    Tables are read as lead lists are: UTF-8 or GBK, a title row above the header skipped.
    """
    from screen.ledger.imports import read_phone_list

    numbers, bad_rows = read_phone_list(file, column)
    with open_ledger(db, key_file) as opened:
        added = opened.add_dnc((opened.digest(n) for n in numbers), reason=reason, source=f"file:{file}")
    click.echo(
        f"{added:,} added, {len(numbers) - added:,} already listed, {len(bad_rows):,} rows without a valid number"
    )
    if bad_rows:
        click.echo(
            f"  rows without a valid number: {', '.join(map(str, bad_rows[:20]))}"
            + (" …" if len(bad_rows) > 20 else ""),
            err=True,
        )


@dnc.command("remove")
@click.argument("phones", nargs=-1, required=True, metavar="PHONE...")
@click.option("--reason", required=True, help="Why the entry is removed (the removal is logged).")
@db_option
@key_option
def dnc_remove(phones, reason, db, key_file):
    """Take numbers off the do-not-call list (logged with the reason)."""
    numbers = national_numbers(phones)
    with open_ledger(db, key_file) as opened:
        removed = opened.remove_dnc([opened.digest(n) for n in numbers], reason=reason, source="cli")
    click.echo(f"{removed} removed, {len(numbers) - removed} were not listed")


# -- leadscreen audit --------------------------------------------------------------------------


@click.group(
    epilog="""
\b
Examples:
  leadscreen audit export --since 2026-03-01 > decisions-march.csv
  leadscreen audit export --since 2026-03-01T00:00+08:00 --until 2026-04-01 --output march.csv
"""
)
def audit():
    """The audit trail of pre-dial decisions (phone digests only, never numbers)."""


@audit.command("export")
@click.option("--since", required=True, metavar="ISO-TIME", help="First moment to include (a date means its midnight).")
@click.option("--until", metavar="ISO-TIME", help="Moment to stop before. Default: now.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="CSV file to write. Default: standard output.",
)
@click.option("--audit-dir", metavar="DIR", help="Folder of audit files. Default: <ledger>-audit/.")
@click.option(
    "--phone",
    metavar="PHONE",
    help="Only the decisions about this number (a data-subject request): matched by its keyed digest, "
    "so it needs the key; the number itself is never written.",
)
@db_option
@key_option
@policy_option
def audit_export(since, until, output, audit_dir, phone, db, key_file, policy_path):
    """Write decisions as CSV: checked_at, campaign, phone_digest, decision, reasons, policy_version,
    channel, asked_about, source.

    Times are shown in the policy's time zone. phone_digest is the keyed HMAC-SHA256 of the
    number: whoever holds the key can find a given number's decisions (--phone), nobody else can.
    """
    from screen.config.policy import load_policy
    from screen.ledger.audit import audit_dir_for, export_csv
    from screen.ledger.store import resolve_db_path
    from screen.predial.calling_window import zone

    policy = load_policy(policy_path)
    start = parse_moment(since, policy.timezone, "--since")
    end = parse_moment(until, policy.timezone, "--until") if until else None
    if end is not None and end <= start:
        raise UsageError("--until must be later than --since")
    digest, about = _subject_digest(phone, key_file) if phone else (None, "")
    folder = audit_dir or audit_dir_for(resolve_db_path(db))
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = export_csv(folder, start, end, out, zone(policy.timezone), phone_digest=digest)
        click.echo(f"{count:,} decisions{about} written to {output}", err=True)
    else:
        count = export_csv(folder, start, end, sys.stdout, zone(policy.timezone), phone_digest=digest)
        click.echo(f"{count:,} decisions{about}", err=True)


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
  leadscreen optouts calls.jsonl --dry-run                # review what would be listed
  leadscreen optouts calls.jsonl                          # then add them
  leadscreen optouts asr/*.json --phone-field callee      # ASR JSON with "segments"
  leadscreen optouts calls.jsonl --text-field transcript --speaker customer
"""
)
@click.argument("transcripts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--text-field", default="text", show_default=True, help="JSONL field with the transcript text.")
@click.option(
    "--phone-field",
    default="phone",
    show_default=True,
    help="Field with the called number (or its 64-hex keyed digest, for redacted transcripts).",
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
    from screen.ledger.optouts import find_optouts

    findings, problems = find_optouts(transcripts, text_field=text_field, phone_field=phone_field, speaker=speaker)
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
    click.echo(f"{added} number(s) added to the do-not-call list, {len(distinct) - added} already listed", err=True)
