"""Free text that goes into the ledger or its audit trail (a do-not-call reason, a source, a note),
made safe to keep: one line, every personal value the recognizers find replaced by its mask.

An operator types what the caller said (``客户15836706509来电投诉``); the ledger is built to hold
no number, so the note is stored as ``客户158****6509来电投诉``. The masks are the recognizers'
own (:func:`recognizers.scan`), the same ones ``redact`` writes.

>>> redacted_note("客户15836706509来电投诉")
'客户158****6509来电投诉'
>>> redacted_note("  asked on a call\\n twice ")
'asked on a call twice'
"""

from __future__ import annotations


def redacted_note(text: str | None) -> str:
    """``text`` on one line, each finding of :func:`recognizers.scan` replaced by its mask."""
    if text is None:
        return ""
    from recognizers import scan

    text = " ".join(str(text).split())

    parts, position = [], 0
    for finding in sorted(scan(text), key=lambda found: (found.start, -found.end)):
        if finding.start < position:
            continue  # inside one already masked
        parts += [text[position : finding.start], finding.masked]
        position = finding.end
    return "".join(parts) + text[position:]
