"""The ``leadscreen`` command line: one module per command family."""

from screen import lazy_exports

_EXPORTS = {
    "main": "main",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
