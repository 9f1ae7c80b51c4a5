"""Write a short synthetic call: a stereo WAV (agent on channel 0, customer on channel 1) and its ASR JSON.

    python sample_lists/audio/make_sample_call.py        # writes sample_call.wav and sample_call.json here

Each word is a block of tone (a pitch of its own per word, so a listener or a plot tells them
apart) on its speaker's channel, with short pauses; the ASR JSON carries exactly those word
timings. The customer says a mobile number (word by word), then an ID number (one timing per
character); the last agent segment has segment timings only, so the name in it is replaced over
the whole segment. Numbers are synthetic: the ID is the textbook example 11010519491231002X.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import soundfile

HERE = Path(__file__).resolve().parent
RATE = 8000  # telephone audio
PAUSE = 0.06  # between words
GAP = 0.3  # between segments

# (speaker, words); a segment's text is its words joined; None: segment timings only
CALL = [
    ("agent", ["您好", "这里是", "示例", "保险", "请问", "您的", "手机号", "是"]),
    ("customer", ["我的", "手机号", "是", "一三八", "一二三四", "五六七八"]),
    ("agent", ["好的", "再", "说一下", "身份证号"]),
    ("customer", ["身份证", "是", *"幺幺零幺零五幺九四九幺二三幺零零二叉"]),
    ("agent", None),
]
LAST_TEXT = "好的张伟先生已经记下了"  # the segment-timed one
CHANNEL = {"agent": 0, "customer": 1}


def word_seconds(word: str) -> float:
    return 0.12 + 0.09 * len(word)


def tone(seconds: float, pitch: float) -> np.ndarray:
    times = np.arange(round(seconds * RATE)) / RATE
    return 0.3 * np.sin(2 * math.pi * pitch * times)


def build() -> tuple[np.ndarray, dict]:
    pieces: list[np.ndarray] = []  # stereo blocks
    segments = []
    now = 0.0
    pitch = 300.0

    def add(samples: np.ndarray, channel: int) -> None:
        nonlocal now
        block = np.zeros((len(samples), 2))
        block[:, channel] = samples
        pieces.append(block)
        now += len(samples) / RATE

    for speaker, words in CALL:
        start = now
        if words is None:
            add(tone(2.0, 440.0), CHANNEL[speaker])
            segments.append({"speaker": speaker, "start": round(start, 3), "end": round(now, 3), "text": LAST_TEXT})
            continue
        timed = []
        for word in words:
            word_start = now
            add(tone(word_seconds(word), pitch), CHANNEL[speaker])
            timed.append({"text": word, "start": round(word_start, 3), "end": round(now, 3)})
            pitch = 300.0 + (pitch + 37.0 - 300.0) % 900.0
            add(np.zeros(round(PAUSE * RATE)), CHANNEL[speaker])
        text = "".join(words)
        segments.append(
            {"speaker": speaker, "start": round(start, 3), "end": round(now, 3), "text": text, "words": timed}
        )
        add(np.zeros(round(GAP * RATE)), 0)
    return np.concatenate(pieces), {"call_id": "sample-audio-0001", "segments": segments}


def main() -> None:
    audio, transcript = build()
    soundfile.write(HERE / "sample_call.wav", audio, RATE, subtype="PCM_16")
    (HERE / "sample_call.json").write_text(
        json.dumps(transcript, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote sample_call.wav ({len(audio) / RATE:.1f} s, stereo, {RATE} Hz) and sample_call.json")


if __name__ == "__main__":
    main()
