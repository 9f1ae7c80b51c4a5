"""The consent and do-not-call ledger: store, schema, imports, opt-outs, audit trail."""

from screen import lazy_exports

_EXPORTS = {
    "Ledger": "store",
    "resolve_db_path": "store",
    "import_accepted": "imports",
    "commit_screened": "imports",
    "screen_with_ledger": "imports",
    "read_phone_list": "imports",
    "find_optouts": "optouts",
    "AuditTrail": "audit",
    "record_change": "audit",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)


def _open_postgres(location, key: bytes, *, create: bool, lock_timeout_ms: int):
    """``Ledger.open`` of a ``postgresql://`` location. The package, which knows both backends,
    hands it to the store: the store imports nothing of its PostgreSQL subclass, which imports
    the store, and psycopg is loaded only for a PostgreSQL ledger."""
    from screen.ledger.postgres import PostgresLedger

    return PostgresLedger.connect(location, key, create=create, lock_timeout_ms=lock_timeout_ms)


def _wire_backends() -> None:
    from screen.ledger import store

    store.open_postgres = _open_postgres


_wire_backends()
