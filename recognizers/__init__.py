"""Chinese personal-number recognizers: rules, a fast scanner, and Presidio recognizers.

- :func:`scan` — leadscreen's one-pass scanner (no Presidio import; fast).
- :func:`build_analyzer` — a ready Presidio ``AnalyzerEngine`` for ``language="zh"`` (offline).
- :func:`cn_recognizers` — the recognizer instances, to add to your own Presidio registry.

The Presidio parts are imported lazily: importing Presidio takes over a second, which a
``leadscreen check`` or a screening job that never needs it should not pay.
"""

from recognizers.matches import Finding
from recognizers.scanner import ENTITIES, PERSONAL_ENTITIES, scan

__all__ = ["ENTITIES", "PERSONAL_ENTITIES", "Finding", "build_analyzer", "cn_recognizers", "scan"]


def build_analyzer():
    """See :func:`recognizers.presidio_pack.build_analyzer`."""
    from recognizers.presidio_pack import build_analyzer as build

    return build()


def cn_recognizers(supported_language: str = "zh"):
    """See :func:`recognizers.presidio_pack.cn_recognizers`."""
    from recognizers.presidio_pack import cn_recognizers as make

    return make(supported_language)
