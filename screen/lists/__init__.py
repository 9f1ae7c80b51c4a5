"""Screening a lead list: manifest, columns, row checks, sensitive columns, outputs, the report."""

from screen import lazy_exports

_EXPORTS = {
    "screen_list": "screening",
    "ScreenSettings": "results",
    "ScreeningResult": "results",
    "LedgerFacts": "results",
    "Manifest": "manifest",
    "load_manifest": "manifest",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
