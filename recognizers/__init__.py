"""Chinese personal-number recognizers: rules, a fast scanner, and Presidio recognizers.

- :func:`scan` — leadscreen's one-pass scanner (no Presidio import; fast).
- :func:`build_analyzer` — a ready Presidio ``AnalyzerEngine`` for ``language="zh"`` (offline).
- :func:`cn_recognizers` — the recognizer instances, to add to your own Presidio registry.

Everything here is imported on first use: importing Presidio takes over a second and the scanner
tens of milliseconds, which ``leadscreen check`` (it needs only :mod:`recognizers.phone`)
should not pay.
"""

from __future__ import annotations

import importlib

__all__ = ["ENTITIES", "PERSONAL_ENTITIES", "Finding", "build_analyzer", "cn_recognizers", "scan"]

_LAZY = {
    "scan": "recognizers.scanner",
    "ENTITIES": "recognizers.scanner",
    "PERSONAL_ENTITIES": "recognizers.scanner",
    "Finding": "recognizers.findings",
    "build_analyzer": "recognizers.presidio_pack",
    "cn_recognizers": "recognizers.presidio_pack",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'recognizers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
