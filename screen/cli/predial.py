"""``leadscreen check`` and ``leadscreen serve``: click commands over :mod:`screen.predial.decision` and :mod:`screen.predial.http.app`."""

from __future__ import annotations

import json
import sys

import click

from screen.cli.options import db_option, key_option, parse_moment, policy_option
from screen.ledger.location import shown

CHECK_EXAMPLES = """
\b
Examples (after `leadscreen ledger import` of the first sample list; see `leadscreen ledger --help`):
  leadscreen check 18798643261 --campaign insurance_leads --policy sample_lists/leadscreen.toml
  leadscreen check 18798643261 --campaign insurance_leads --policy sample_lists/leadscreen.toml \\
      --at 2026-11-23T21:59:59+08:00 --format json
  leadscreen check 13812345678 --campaign collections --policy sample_lists/leadscreen.toml \\
      --at 2026-10-01T10:00 || echo "do not dial"
"""

SERVE_EXAMPLES = """
\b
Examples:
  leadscreen serve                                   # http://127.0.0.1:8700, loopback only
  openssl rand -hex 24 > /etc/leadscreen/token && leadscreen serve --host 0.0.0.0 --token-file /etc/leadscreen/token
  curl -s 'http://127.0.0.1:8700/v1/check?phone=13812345678&campaign=insurance_sales&format=text'
"""


@click.command(epilog=CHECK_EXAMPLES)
@click.argument("phone")
@click.option("--campaign", required=True, help="Campaign name: a [campaigns.NAME] table of the policy file.")
@click.option("--at", "at", metavar="ISO-TIME", help="Decide for this moment instead of now (no zone: the campaign's).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line for people; json: the same object the HTTP service returns.",
)
@db_option
@key_option
@policy_option
def check(phone, campaign, at, output_format, db, key_file, policy_path):
    """May PHONE be dialled now for CAMPAIGN? Exit 0 allow, 1 deny, 2 usage error.

    Looks the number up in the ledger (consent, withdrawal, do-not-call list, past calls) and
    applies the campaign's calling hours, holidays and caps. A denial lists every reason:
    number_invalid, dnc_listed, no_consent, consent_revoked, scope_mismatch, consent_expired,
    recent_refusal, frequency_cap, holiday, outside_calling_window, service_error. The decision
    is written to the audit trail (<ledger>-audit/; for a PostgreSQL ledger $LEADSCREEN_AUDIT_DIR, else
    ~/.local/state/leadscreen/audit/), with the number's keyed digest only; with
    --at it is marked what-if and kept under the time it was asked, not the time asked about.

    Fails closed: a missing, empty, damaged or locked ledger answers deny with service_error
    (exit 1, the reason on one line of stderr; nothing is audited when there is no ledger).
    A ledger made with another key, or a file that is not a ledger, is a usage error (exit 2).
    """
    import logging

    from screen.config.keys import load_key
    from screen.config.policy import load_policy
    from screen.ledger.audit import AuditTrail, audit_dir_for
    from screen.ledger.store import resolve_db_path
    from screen.predial.decision import DENY, Checker, Decision

    key = load_key(key_file)
    policy = load_policy(policy_path)
    rules = policy.campaign(campaign)  # an unknown campaign is a usage error here (exit 2)
    moment = parse_moment(at, rules.timezone) if at else None  # None: now, as a dialer asks
    db_path = resolve_db_path(db)
    _refuse_wrong_ledger(db_path, key)
    # The checker's own log line would repeat, with a class name, what is said below in one line.
    logging.getLogger("leadscreen.predial").addHandler(logging.NullHandler())
    audit = AuditTrail(audit_dir_for(db_path)) if db_path.exists() else None
    checker = Checker(db_path, key, policy, audit=audit)
    decision = checker.check(phone, campaign, moment, channel="cli", what_if=moment is not None)
    try:
        if audit is not None:
            audit.flush()
    except OSError as error:
        click.echo(f"leadscreen: cannot write the audit trail ({error.strerror}); denying", err=True)
        decision = Decision(DENY, ("service_error",), *decision[2:])
    else:
        if "service_error" in decision.reasons:
            click.echo(f"leadscreen: {_unavailable(checker, db_path)}; denying", err=True)
    checker.close()
    if output_format == "json":
        click.echo(json.dumps(decision.as_dict(), ensure_ascii=False))
    else:
        when = decision.checked_at.isoformat(timespec="seconds")
        verdict = "ALLOW" if decision.allowed else "DENY " + ", ".join(decision.reasons)
        click.echo(f"{verdict}  {decision.phone_masked or '-'}  {campaign}  {when}")
    sys.exit(0 if decision.allowed else 1)


def _refuse_wrong_ledger(db_path, key: bytes) -> None:
    """A ledger made with another key, a newer schema or a file that is not a ledger: a usage
    error (raised), not a denial; an unavailable ledger is left to the checker to deny."""
    from screen.errors import LedgerUnavailable
    from screen.ledger.store import Ledger

    if not db_path.exists():
        return
    try:
        Ledger.open(db_path, key, create=False, busy_timeout_ms=100).close()
    except LedgerUnavailable:
        pass


def _refuse_unknown_database(db_path, key: bytes) -> None:
    """A PostgreSQL ledger of another schema version or key: refuse to start (a usage error).
    A database that cannot be reached now, or holds no ledger yet, is a warning: every check is
    denied until it can be read, and the server picks it up by itself."""
    from screen.errors import LedgerUnavailable
    from screen.ledger.location import PostgresLocation

    if not isinstance(db_path, PostgresLocation):
        return
    from screen.ledger.postgres import PostgresLedger

    try:
        with PostgresLedger.connect(db_path, key, create=False, migrate=False) as ledger:
            ledger.refuse_unknown_schema()
    except LedgerUnavailable as error:
        click.echo(f"leadscreen: warning: {error}; every check is denied (service_error) until it answers", err=True)


def _unavailable(checker, db_path) -> str:
    if not db_path.exists():
        return f"ledger {shown(db_path)} does not exist (create it with `leadscreen ledger init`)"
    return checker.ready() or "the ledger could not be read"


@click.command(epilog=SERVE_EXAMPLES)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback needs --token-file.",
)
@click.option(
    "--port",
    default=8700,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free port; the one chosen is printed).",
)
@click.option("--token-file", metavar="PATH", help="File whose first line is the bearer token clients must send.")
@db_option
@key_option
@policy_option
def serve(host, port, token_file, db, key_file, policy_path):
    """Run the pre-dial HTTP service for dialers (Asterisk, FreeSWITCH, Kamailio, VICIdial).

    GET /v1/check?phone=&campaign=[&format=text] answers in JSON, or ALLOW / DENY <reason> as
    plain text for dialplans. Also POST /v1/check (batch), POST /v1/outcomes, POST /v1/dnc,
    DELETE /v1/dnc/{phone}, GET /healthz, GET /metrics and GET /openapi.json; see
    docs/predial.md and docs/dialers.md. Several processes may serve one ledger: a change made
    through any of them, or the CLI, is seen by the next check everywhere.
    """
    import logging

    from screen.config.keys import load_key
    from screen.config.policy import load_policy
    from screen.errors import UsageError
    from screen.ledger.store import resolve_db_path
    from screen.predial.http.app import check_bind, read_token
    from screen.predial.http.app import serve as run_server
    from screen.predial.http.service import ServiceConfig

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    token = read_token(token_file) if token_file else None
    check_bind(host, token)
    key = load_key(key_file)
    policy = load_policy(policy_path)
    if not policy.campaigns:
        raise UsageError(
            f"policy {policy.source or '(defaults)'} defines no campaigns; every check would be denied "
            "(add [campaigns.NAME] tables, see sample_lists/leadscreen.toml)"
        )
    db_path = resolve_db_path(db)
    _refuse_unknown_database(db_path, key)
    if not db_path.exists():
        click.echo(
            f"leadscreen: warning: ledger {shown(db_path)} does not exist; every check is denied (service_error) "
            "until it is created",
            err=True,
        )
    from screen.clock import utc_now, zone
    from screen.predial.decision import holiday_data_gaps

    for gap in holiday_data_gaps(policy, utc_now().astimezone(zone(policy.timezone)).date()):
        click.echo(f"leadscreen: warning: {gap}", err=True)
    run_server(
        ServiceConfig(db_path=db_path, key=key, policy=policy, token=token),
        host,
        port,
        announce=lambda line: click.echo(line, err=True),
    )
