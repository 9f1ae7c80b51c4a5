"""Spot checks: sampling, estimates, transcript and list checks, the report for auditors."""

from screen import lazy_exports

_EXPORTS = {
    "spotcheck_transcripts": "transcripts",
    "spotcheck_lists": "lists",
    "write_reports": "report",
    "SpotCheckResult": "transcripts",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
