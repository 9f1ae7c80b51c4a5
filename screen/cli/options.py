"""Options and argument helpers shared by the commands, declared once so they mean the same everywhere."""

from __future__ import annotations

import datetime
import os

import click

from screen.errors import UsageError

DB_HELP = (
    "Ledger: an SQLite file, or a PostgreSQL database as postgresql://USER@HOST:5432/DBNAME (password from "
    "the URL, $PGPASSWORD or ~/.pgpass). Default: $LEADSCREEN_DB, else ./leadscreen.db."
)
KEY_HELP = "File holding the key (phone digests, hash and encrypt). Default: $LEADSCREEN_KEY."
POLICY_HELP = "Policy file (docs/policy.md). Default: ./leadscreen.toml if present, else built-in defaults."


def db_option(function):
    return click.option("--db", "db", metavar="PATH|URL", help=DB_HELP)(function)


def key_option(function):
    return click.option("--key-file", metavar="PATH", help=KEY_HELP)(function)


def policy_option(function):
    return click.option("--policy", "policy_path", metavar="PATH", help=POLICY_HELP)(function)


def split_fields(values) -> tuple[str, ...]:
    """``--text-field`` values, each possibly a comma-separated list; () for every field.

    >>> split_fields(["text, notes", "summary"])
    ('text', 'notes', 'summary')
    """
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def text_fields_option(verb: str):
    """``--text-field FIELDS`` for the commands that read JSON records; gives a tuple of names."""
    return click.option(
        "--text-field",
        "text_fields",
        multiple=True,
        metavar="FIELDS",
        callback=lambda _context, _parameter, values: split_fields(values),
        help=f"JSON: {verb} only these top-level fields (comma-separated or repeated; nested values in them "
        "included). Default: every string and number of each record, at any depth.",
    )


def call_field_option(func):
    """``--call-field NAME``: JSON Lines of one utterance per record, the field of the call id."""
    return click.option(
        "--call-field",
        metavar="NAME",
        help="JSON Lines of one utterance per record: the field holding the call id (default: found by "
        "name: call_id, session_id, conversation_id, dialog_id, 通话ID, 会话ID …); consecutive records with "
        "one id are one call, read together. 'none': no calls, each record on its own.",
    )(func)


def open_ledger(db, key_file, create: bool = False):
    """Resolve the path and key and open the ledger (one-line errors for a missing key or file).

    Without a key, the error says which ledger asked for one and why it was chosen: a
    ``./leadscreen.db`` left by an earlier ``--commit`` is used by default, which surprises.
    """
    from screen.config.keys import KEY_ENV, load_key
    from screen.errors import KeyMissing
    from screen.ledger.store import Ledger, resolve_db_path

    path = resolve_db_path(db)
    try:
        key = load_key(key_file)
    except KeyMissing as error:
        if key_file is not None or os.environ.get(KEY_ENV) or not path.exists():
            raise  # a key was given but is unusable, or there is no ledger to explain
        raise KeyMissing(
            f"no key for the ledger {path} ({_why_this_ledger(path)}): set {KEY_ENV} or pass --key-file "
            f"to use it, or pass --db with another ledger",
            hinted=True,
        ) from error
    return Ledger.open(path, key, create=create)


def _why_this_ledger(path) -> str:
    from pathlib import Path

    from screen.ledger.store import DB_ENV, DEFAULT_DB_PATH, resolve_db_path

    if os.environ.get(DB_ENV) and resolve_db_path(os.environ[DB_ENV]) == path:
        return f"named by ${DB_ENV}"
    if path == Path(DEFAULT_DB_PATH):
        return "the default, found in this folder: an earlier --commit may have left it"
    return "given with --db"


def parse_moment(value: str | None, timezone: str, what: str = "--at") -> datetime.datetime:
    """An ISO time or date; without a zone it is read in ``timezone``. ``None``: now."""
    from screen.clock import utc_now, zone

    if value is None:
        return utc_now().astimezone(zone(timezone))
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{what} must be an ISO time such as 2026-03-02T10:15:00+08:00 or 2026-03-02") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone(timezone))


# --- redaction settings: the policy's [redact] table and the flags (redact, redact-audio) ---------


def _parse_pairs(values, option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        if "=" not in value:
            raise click.BadParameter(f"expected ENTITY=VALUE, got {value!r}", param_hint=option)
        entity, setting = value.split("=", 1)
        pairs.append((entity.strip().upper(), setting.strip()))
    return pairs


def build_settings(policy, operator, entity_operators, mask_keeps, entities, text_fields, key_file, min_score):
    """Combine policy defaults ([redact] table) with flags, which win."""
    from recognizers import ENTITIES
    from screen.config.keys import load_key
    from screen.redact.jobs import RedactSettings

    per_entity = {entity: table["operator"] for entity, table in policy.redact_entities.items() if "operator" in table}
    keep = {
        entity: (table.get("keep_first"), table.get("keep_last")) for entity, table in policy.redact_entities.items()
    }
    per_entity.update(dict(_parse_pairs(entity_operators, "--entity-operator")))
    for entity, setting in _parse_pairs(mask_keeps, "--mask-keep"):
        try:
            first, last = (int(part) for part in setting.split(","))
        except ValueError:
            raise click.BadParameter(
                f"expected ENTITY=FIRST,LAST such as CN_PHONE_NUMBER=3,4, got {setting!r}", param_hint="--mask-keep"
            ) from None
        keep[entity] = (first, last)
    wanted = None
    if entities:
        wanted = tuple(name.strip().upper() for name in entities.split(",") if name.strip())
    for entity in set(per_entity) | set(keep) | set(wanted or ()):
        if entity not in ENTITIES:
            raise UsageError(f"unknown entity {entity} (known: {', '.join(ENTITIES)})")
    operator = operator or policy.redact_operator
    needs_key = {operator, *per_entity.values()} & {"hash", "encrypt"}
    key = load_key(key_file, required=bool(needs_key))
    return RedactSettings(
        operator=operator,
        key=key,
        per_entity=tuple(sorted(per_entity.items())),
        keep=tuple(sorted((entity, first, last) for entity, (first, last) in keep.items())),
        entities=wanted,
        text_fields=text_fields,
        min_score=min_score,
    )


def asr_options(function):
    """``--asr-format``, ``--agent-channel`` and ``--agent-speaker``: how a speech service's
    result file is read (docs/asr-formats.md), for ``redact`` and ``redact-audio``."""
    from screen.asr.detect import ASR_FORMATS

    options = (
        click.option(
            "--asr-format",
            type=click.Choice(ASR_FORMATS),
            help="ASR JSON: the speech service that wrote it (default: told by its fields). See docs/asr-formats.md.",
        ),
        click.option("--agent-channel", metavar="ID", help="ASR JSON: the channel the agent speaks on (e.g. 0)."),
        click.option("--agent-speaker", metavar="ID", help="ASR JSON: the speaker id of the agent."),
    )
    for option in reversed(options):
        function = option(function)
    return function
