"""Redaction of transcripts and tables: the redactor, its operators, the jobs."""

from screen import lazy_exports

_EXPORTS = {
    "Redactor": "redactor",
    "RedactSettings": "jobs",
    "RedactSummary": "jobs",
    "run_redaction": "run",
    "redact_table": "tables",
    "restore_table": "tables",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
