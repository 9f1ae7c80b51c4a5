"""Redaction of call recordings from their ASR transcripts (docs/audio.md).

:mod:`screen.audio.timing` reads the segments' and words' times, :mod:`screen.audio.spans`
places each finding of the transcript redaction in time, :mod:`screen.audio.channels` picks the
channel, :mod:`screen.audio.fill` streams the recording with the spans replaced,
:mod:`screen.audio.call` does one call and :mod:`screen.audio.batch` a folder of calls.
"""

from screen import lazy_exports

_EXPORTS = {
    "AudioOptions": "call",
    "redact_call": "call",
    "redact_folder": "batch",
    "ChannelPlan": "channels",
    "timed_segments": "timing",
    "locate": "spans",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
