"""Replace spans of a recording by a tone or silence, streaming, every other sample unchanged.

The recording is read and written block by block with soundfile (libsndfile), so memory is flat
in the length of the call. Samples are read as the integers the file holds (16-bit as int16,
24- and 32-bit as int32, 8-bit and G.711 as int16, which libsndfile maps back exactly), so a
sample outside the spans is written back bit for bit; the output has the input's format, sample
rate, channels, sample format and length. Inside a span the samples are overwritten, not
attenuated: nothing of the original is left there.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from screen.audio.names import shown_name
from screen.audio.spans import AudioSpan
from screen.errors import InputError

TONE_HZ = 1000.0
TONE_LEVEL = 0.1  # of full scale: -20 dBFS, a clear beep well below clipping
BLOCK_FRAMES = 1 << 16
FILLS = ("tone", "silence")

# sample format -> the dtype that reads and writes it back exactly
_EXACT = {
    "PCM_S8": "int16",
    "PCM_U8": "int16",
    "PCM_16": "int16",
    "ULAW": "int16",
    "ALAW": "int16",
    "PCM_24": "int32",
    "PCM_32": "int32",
    "FLOAT": "float32",
    "DOUBLE": "float64",
}
_FULL_SCALE = {"int16": 32767, "int32": 2**31 - 1, "float32": 1.0, "float64": 1.0}


@dataclass(frozen=True)
class AudioInfo:
    samplerate: int
    channels: int
    frames: int
    format: str
    subtype: str
    endian: str

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate


def probe(path: str | Path) -> AudioInfo:
    """What the recording is; ``InputError`` (one line) when libsndfile cannot read it."""
    import soundfile

    try:
        with soundfile.SoundFile(str(path)) as audio:
            info = AudioInfo(audio.samplerate, audio.channels, audio.frames, audio.format, audio.subtype, audio.endian)
    except (soundfile.LibsndfileError, RuntimeError, OSError) as error:
        raise InputError(f"{shown_name(path)}: not a readable recording ({_reason(error)})") from None
    if info.subtype not in _EXACT:
        raise InputError(f"{shown_name(path)}: sample format {info.subtype} is not supported (PCM, G.711, float, FLAC)")
    if info.frames <= 0:
        raise InputError(f"{shown_name(path)}: the recording is empty")
    return info


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text.split(": ", 1)[-1] if "Error opening" in text else text


def frame_ranges(spans: Sequence[AudioSpan], info: AudioInfo) -> list[tuple[int, int, int | None]]:
    """``(first, end, channel)`` frames of each span, clipped to the recording; a span covers
    every frame it touches (rounded outwards)."""
    ranges = []
    for span in spans:
        first = max(0, math.floor(span.start * info.samplerate))
        end = min(info.frames, math.ceil(span.end * info.samplerate))
        if end > first:
            ranges.append((first, end, span.channel))
    return ranges


def replaced_seconds(ranges: Sequence[tuple[int, int, int | None]], samplerate: int) -> float:
    """Seconds of the recording in at least one span (a stretch replaced on two channels once)."""
    total, reach = 0, 0
    for first, end, _channel in sorted(ranges):
        first = max(first, reach)
        if end > first:
            total += end - first
            reach = end
    return total / samplerate


def _fill_values(fill: str, first: int, count: int, samplerate: int, dtype: str) -> np.ndarray:
    """The samples of frames ``first`` … ``first + count`` of the fill: the tone's phase runs from
    the start of the recording, so neighbouring blocks join without a click."""
    if fill == "silence":
        return np.zeros(count, dtype=dtype)
    period = _tone_period(samplerate, dtype)
    return np.take(period, np.arange(first, first + count) % len(period))


@functools.lru_cache(maxsize=32)
def _tone_period(samplerate: int, dtype: str) -> np.ndarray:
    """One exact period of the tone in samples (the tone repeats every samplerate / gcd(samplerate,
    1000) samples: 8 at 8 kHz, 441 at 44.1 kHz), computed once instead of a sine per sample."""
    length = samplerate // math.gcd(samplerate, int(TONE_HZ))
    phase = (np.arange(length, dtype=np.float64) * (2 * math.pi * TONE_HZ / samplerate)) % (2 * math.pi)
    wave = np.sin(phase) * (TONE_LEVEL * _FULL_SCALE[dtype])
    return np.rint(wave).astype(dtype) if dtype.startswith("int") else wave.astype(dtype)


def replace_spans(
    source: str | Path,
    target: str | Path,
    ranges: Sequence[tuple[int, int, int | None]],
    info: AudioInfo,
    fill: str = "tone",
    block_frames: int = BLOCK_FRAMES,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Copy ``source`` to ``target`` (same format), the frame ``ranges`` replaced by ``fill``."""
    import soundfile

    dtype = _EXACT[info.subtype]
    ordered = sorted(ranges)
    with (
        soundfile.SoundFile(str(source)) as reader,
        soundfile.SoundFile(
            str(target),
            "w",
            samplerate=info.samplerate,
            channels=info.channels,
            subtype=info.subtype,
            endian=info.endian,
            format=info.format,
        ) as writer,
    ):
        buffer = np.empty((block_frames, info.channels), dtype=dtype)
        position = 0
        while True:
            count = reader.read(block_frames, dtype=dtype, always_2d=True, out=buffer).shape[0]
            if count == 0:
                break
            block = buffer[:count]
            for first, end, channel in ordered:
                if first >= position + count:
                    break
                low, high = max(first, position), min(end, position + count)
                if high <= low:
                    continue
                values = _fill_values(fill, low, high - low, info.samplerate, dtype)
                columns = slice(None) if channel is None else slice(channel, channel + 1)
                block[low - position : high - position, columns] = values[:, None]
            writer.write(block)
            position += count
            if progress is not None:
                progress(count)
