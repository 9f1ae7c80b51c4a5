"""Calls with exactly known word timings for the audio redaction tests.

Each word is a block of seeded noise of a known length on its speaker's channel (the other
channel gets noise of its own, so every sample of the recording is non-zero and any change
shows); the ASR JSON carries those exact times. Short recordings keep the tests fast.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

PHONE_WORDS = ["一三八", "一二三四", "五六七八"]  # 138 1234 5678, said in three words


@dataclass
class Word:
    text: str
    start: float
    end: float


@dataclass
class Segment:
    speaker: str
    start: float
    end: float
    words: list[Word]

    @property
    def text(self) -> str:
        return "".join(word.text for word in self.words)


def lay_out(plan: list[tuple[str, list[str]]], word_seconds: float = 0.25, pause: float = 0.05) -> list[Segment]:
    """Segments of the planned ``(speaker, words)``, words back to back with a pause after each."""
    now, segments = 0.1, []
    for speaker, texts in plan:
        start, words = now, []
        for text in texts:
            words.append(Word(text, round(now, 4), round(now + word_seconds, 4)))
            now += word_seconds + pause
        segments.append(Segment(speaker, round(start, 4), round(now, 4), words))
        now += 0.1
    return segments


def transcript(segments: list[Segment], words: bool = True, segment_times: bool = True) -> dict:
    out = []
    for segment in segments:
        entry: dict = {"speaker": segment.speaker, "text": segment.text}
        if segment_times:
            entry.update(start=segment.start, end=segment.end)
        if words:
            entry["words"] = [{"text": w.text, "start": w.start, "end": w.end} for w in segment.words]
        out.append(entry)
    return {"call_id": "test-call", "segments": out}


def noise(frames: int, channels: int, seed: int, subtype: str) -> np.ndarray:
    """Random samples louder than the tone (so never equal to it, nor zero), stored exactly by the subtype."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.15, 0.6, size=(frames, channels)) * rng.choice([-1, 1], size=(frames, channels))
    if subtype in ("PCM_U8", "PCM_S8"):
        return np.rint(values * 127) * 256  # int16 values that 8 bits hold exactly
    if subtype == "PCM_24":
        return np.rint(values * (2**23 - 1)) * 256  # int32 values that 24 bits hold exactly
    return np.rint(values * 32767)


def write_call(
    folder: Path,
    segments: list[Segment],
    name: str = "call",
    rate: int = 8000,
    channels: int = 1,
    subtype: str = "PCM_16",
    suffix: str = ".wav",
    seconds: float | None = None,
    seed: int = 7,
    **transcript_options,
) -> tuple[Path, Path]:
    """Write ``name.json`` and the recording (noise throughout); returns both paths."""
    length = seconds if seconds is not None else max(s.end for s in segments) + 0.3
    frames = math.ceil(length * rate)
    samples = noise(frames, channels, seed, subtype)
    dtype = "int32" if subtype == "PCM_24" else "int16"
    audio = folder / f"{name}{suffix}"
    soundfile.write(audio, samples.astype(dtype), rate, subtype=subtype)
    call = folder / f"{name}.json"
    call.write_text(json.dumps(transcript(segments, **transcript_options), ensure_ascii=False), encoding="utf-8")
    return call, audio


def read(path: Path) -> tuple[np.ndarray, soundfile._SoundFileInfo]:
    info = soundfile.info(str(path))
    dtype = "int32" if info.subtype in ("PCM_24", "PCM_32") else "int16"
    return soundfile.read(str(path), dtype=dtype, always_2d=True)[0], info


def frames_of(start: float, end: float, rate: int, total: int) -> tuple[int, int]:
    """The frames a span in seconds touches (rounded outwards), clipped to the recording."""
    return max(0, math.floor(start * rate)), min(total, math.ceil(end * rate))


def changed_mask(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    assert before.shape == after.shape
    return before != after
