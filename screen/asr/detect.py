"""Which speech service wrote a JSON document, told by its fields (or named with --asr-format).

The vendors' shapes are tried most particular first; leadscreen's own ``{"segments": [...]}``
last, so a Huawei ``segments[].result`` or a Whisper ``segments[].words[].word`` is never read as
it. A shape none of them reads is refused, naming the fields found: guessing which of them holds
the words would let the others through unredacted.
"""

from __future__ import annotations

import re

from screen.asr import alibaba, funasr, huawei, iflytek, leadscreen, tencent, volcengine, whisper
from screen.asr.agent import NO_AGENT, Agent
from screen.asr.model import Call

READERS = {
    module.NAME: module for module in (iflytek, alibaba, tencent, volcengine, huawei, funasr, whisper, leadscreen)
}
ASR_FORMATS = tuple(READERS)


def detect(document) -> str | None:
    """The name of the shape ``document`` has, or None."""
    for name, reader in READERS.items():
        if reader.matches(document):
            return name
    return None


def read_call(document, asr_format: str | None = None, agent: Agent = NO_AGENT) -> Call:
    """The call in ``document`` (a parsed JSON value) in leadscreen's own segment shape.

    ``ValueError`` (a reason that names fields, never content) when the shape is not one of
    :data:`ASR_FORMATS`, or not the one named.
    """
    name = asr_format or detect(document)
    if name is None:
        raise ValueError(unknown_shape(document))
    reader = READERS.get(name)
    if reader is None:
        raise ValueError(f"unknown ASR format {name!r} (known: {', '.join(ASR_FORMATS)})")
    if not reader.matches(document):
        raise ValueError(f"not a {name} transcript ({_fields(document)})")
    try:
        return reader.read(document, agent)
    except (KeyError, TypeError, AttributeError) as error:  # a field of the wrong kind
        raise ValueError(f"a {name} transcript with a field of an unexpected kind ({type(error).__name__})") from None


def unknown_shape(document) -> str:
    return (
        f"not an ASR transcript leadscreen reads ({_fields(document)}; known: {', '.join(ASR_FORMATS)}): "
        "name the format with --asr-format, or the fields holding the text with --text-field"
    )


def _fields(document) -> str:
    if isinstance(document, dict):
        names = [_masked(str(name)) for name in list(document)[:12]]
        return "top-level fields: " + (", ".join(names) or "none")
    if isinstance(document, list):
        kinds = sorted({type(item).__name__ for item in document})
        return f"a list of {len(document)} ({', '.join(kinds) or 'nothing'})"
    return f"a JSON {type(document).__name__}"


def _masked(name: str) -> str:
    """A field name with any run of digits long enough to be a number hidden (a key can be a phone)."""
    return re.sub(r"[0-9０-９]{5,}", lambda match: "*" * len(match.group(0)), name)
