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
