"""``--commit``: record the consents of an accepted list in the consent ledger.

The pre-dial hook answers "may we call this number for this purpose now?" from the ledger, so an
accepted list's consents go there: for each accepted row, the keyed digest of the number (never
the number), the consent id and time, the scope (the row's ``consent_scope`` items), the
recipients (the row's ``consent_recipient`` items, else the manifest's ``recipients``, else the
policy's ``organization`` for a first-party list), the list id and the channel.

The records are read back from the accepted file just written, so the ledger holds exactly what
the dialer was given, in batches (a 10-million-row list never sits in memory as Python objects).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import polars as pl

from screen.config.keys import Digester
from screen.errors import UsageError
from screen.files.tables import read_table
from screen.lists.row_checks import split_items
from screen.lists.screening import ScreeningResult

BATCH_ROWS = 100_000


def consent_records(result: ScreeningResult, key: bytes, *, batch_rows: int = BATCH_ROWS) -> Iterator:
    """Yield a :class:`screen.ledger.store.ConsentRecord` per accepted row (in file order)."""
    from screen.ledger.store import ConsentRecord

    if not result.accepted or result.accepted_path is None:
        return
    manifest = result.manifest
    list_id = (manifest.list_id if manifest else None) or result.list_path.name
    if manifest and manifest.recipients:
        default_recipients = tuple(manifest.recipients)
    else:
        default_recipients = tuple(result.settings.policy.organization)
    frame = read_table(result.accepted_path, header_finder=None)
    columns = frame.collect_schema().names()
    recipient = pl.col("consent_recipient") if "consent_recipient" in columns else pl.lit(None, dtype=pl.String)
    frame = frame.select(
        pl.col("phone").str.replace(r"^\+86", "").alias("phone"),
        "consent_id",
        "consent_time",
        "consent_channel",
        "consent_scope",
        recipient.alias("consent_recipient"),
    )
    for batch in frame.collect_batches(chunk_size=batch_rows, engine="streaming"):
        digests = Digester(key).many_hex(batch["phone"].to_list())
        for digest, consent_id, consent_time, channel, scope, recipients in zip(
            digests,
            batch["consent_id"],
            batch["consent_time"],
            batch["consent_channel"],
            batch["consent_scope"],
            batch["consent_recipient"],
        ):
            when = datetime.datetime.fromisoformat(consent_time)
            yield ConsentRecord(
                phone_digest=digest,
                consent_id=consent_id,
                consent_time=when,
                scope=split_items(scope),
                recipients=split_items(recipients) or default_recipients,
                list_id=list_id,
                channel=channel,
            )


def commit_accepted(result: ScreeningResult, ledger, key: bytes, progress: Callable[[int], None] | None = None) -> int:
    """Add the accepted rows' consents to ``ledger``; return how many were new."""
    if not result.accepted:
        raise UsageError("a rejected list cannot be committed")

    def counted() -> Iterator:
        for number, record in enumerate(consent_records(result, key), start=1):
            if progress is not None and number % BATCH_ROWS == 0:
                progress(BATCH_ROWS)
            yield record

    return ledger.add_consents(counted())
