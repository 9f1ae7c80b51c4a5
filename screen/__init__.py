"""leadscreen: screening, redaction, consent ledger and pre-dial checks for Chinese call centers.

The library comes first; :mod:`screen.cli.main` is a thin click layer over it. Each job is one
subpackage whose ``__all__`` is its public face; the names are imported on first use, so that
``leadscreen check`` does not pay for polars or Presidio.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

__version__ = "0.1.0"


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` giving each name of ``exports`` (name -> submodule) on first use."""

    def __getattr__(name: str) -> object:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{exports[name]}"), name)

    return __getattr__
