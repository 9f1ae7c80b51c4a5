"""The pre-dial decision, its calling window, and the HTTP service (``http/``)."""

from screen import lazy_exports

_EXPORTS = {
    "Checker": "decision",
    "Decision": "decision",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
