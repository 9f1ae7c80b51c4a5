"""Speech-recognition results as Chinese call centers get them, read into one call.

Alibaba Cloud, Tencent Cloud, Huawei Cloud SIS, iFlytek, Volcengine, FunASR/Paraformer,
Whisper/WhisperX and leadscreen's own shape are told apart by their fields
(:mod:`screen.asr.detect`) and read into :class:`screen.asr.model.Call`: segments with speaker,
start and end in seconds, text and timed words. Redaction writes its texts back into every field
of the service's document that holds the words (:mod:`screen.asr.writeback`). See
docs/asr-formats.md.
"""

from screen import lazy_exports

_EXPORTS = {
    "ASR_FORMATS": "detect",
    "Agent": "agent",
    "Call": "model",
    "Segment": "model",
    "Word": "model",
    "read_call": "detect",
    "write_back": "writeback",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
