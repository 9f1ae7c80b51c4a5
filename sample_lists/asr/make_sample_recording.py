"""Write a synthetic recording of the call the vendor samples of this folder transcribe.

    python sample_lists/asr/make_sample_recording.py call.wav [--mono]

Every word of every turn (make_asr_samples.py: its text, cut into words, and its clock, 250 ms a
character) is a block of tone of a pitch of its own, at exactly the times the samples give it;
the agent on channel 0, the customer on channel 1 (``--mono``: one channel). Between the words,
quiet seeded noise. 8 kHz, 16-bit PCM, as telephone recordings are. Nothing is spoken: tones keep
the times exact and need nothing installed, and the file is the same on every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
from pathlib import Path

import numpy as np
import soundfile

HERE = Path(__file__).resolve().parent
RATE = 8000


def _samples_module():
    spec = importlib.util.spec_from_file_location("make_asr_samples", HERE / "make_asr_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def recording(channels: int = 2) -> np.ndarray:
    sentences = _samples_module().sentences()
    frames = math.ceil((sentences[-1]["end"] / 1000 + 0.5) * RATE)
    samples = np.random.default_rng(2026).uniform(-0.01, 0.01, size=(frames, channels))
    pitch = 300.0
    for sentence in sentences:
        channel = min(sentence["channel"], channels - 1)
        for word in sentence["words"]:
            first, last = round(word["start"] / 1000 * RATE), round(word["end"] / 1000 * RATE)
            samples[first:last, channel] += 0.3 * np.sin(2 * math.pi * pitch * np.arange(last - first) / RATE)
            pitch = 300.0 + (pitch + 37.0) % 900
    return np.rint(samples * 32767).astype("int16")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="the WAV file to write")
    parser.add_argument("--mono", action="store_true", help="one channel (both sides on it)")
    arguments = parser.parse_args()
    soundfile.write(arguments.output, recording(1 if arguments.mono else 2), RATE, subtype="PCM_16")


if __name__ == "__main__":
    main()
