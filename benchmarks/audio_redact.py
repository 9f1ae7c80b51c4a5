"""Audio redaction throughput against the floor: reading and writing the same audio with soundfile.

    python benchmarks/audio_redact.py [--minutes 20 80] [--rate 8000] [--channels 2] [--rounds 3]

1. Writes a synthetic call of each length into ``benchmarks/out/`` (noise, 16-bit PCM WAV, telephone
   rate, stereo) and its ASR JSON: a segment every 5 s with word timings, a mobile number said in
   three words every 30 s (so spans are many: one every 30 s on the customer's channel).
2. Floor: a fresh process reads the WAV and writes a copy block by block with soundfile (the same
   library, block size and sample type as the redaction) — the physical cost of touching the audio.
3. Redaction: a fresh process runs :func:`screen.audio.call.redact_call` on the pair (transcript
   redacted, spans located, recording streamed with the spans replaced, spans file, atomic writes),
   with the recognizers loaded before the clock starts (their start-up is the same for any length
   and is timed apart, end to end, in step 4).
   Steps 2 and 3 alternate for ``--rounds`` rounds; the figures are medians.
4. ``leadscreen redact CALL.json --audio CALL.wav`` end to end once on the longest call (start-up
   included), as a user runs it.

Prints hours of audio per minute for the floor and the redaction, the ratio (goal: within 1.5x),
and each child's peak RSS for every length (flat memory: the same for 20 and 80 minutes).
Figures, not a test; the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "audio"
BLOCK = 1 << 16
PHONE = ["一三八", "一二三四", "五六七八"]


def make_call(minutes: float, rate: int, channels: int) -> tuple[Path, Path]:
    import soundfile

    stem = OUT / f"call_{minutes:g}min_{rate}_{channels}ch"
    wav, transcript = stem.with_suffix(".wav"), stem.with_suffix(".json")
    frames = int(minutes * 60 * rate)
    if not wav.exists() or soundfile.info(str(wav)).frames != frames:
        rng = np.random.default_rng(1)
        with soundfile.SoundFile(str(wav), "w", rate, channels, subtype="PCM_16") as out:
            for start in range(0, frames, BLOCK * 8):
                count = min(BLOCK * 8, frames - start)
                out.write(rng.integers(-8000, 8000, size=(count, channels), dtype=np.int16))
    segments = []
    for index in range(math.floor(minutes * 60 / 5)):
        start = index * 5.0
        texts = ["我的", "手机号", "是", *PHONE] if index % 6 == 3 else ["好的", "我", "明白", "您的", "意思", "了"]
        words = [{"text": text, "start": start + 0.6 * k, "end": start + 0.6 * k + 0.5} for k, text in enumerate(texts)]
        speaker = "customer" if index % 2 else "agent"
        segments.append(
            {"speaker": speaker, "start": start, "end": start + 4.5, "text": "".join(texts), "words": words}
        )
    transcript.write_text(json.dumps({"segments": segments}, ensure_ascii=False), encoding="utf-8")
    return transcript, wav


def child_floor(wav: str, target: str) -> float:
    import soundfile

    started = time.perf_counter()
    with soundfile.SoundFile(wav) as reader:
        with soundfile.SoundFile(
            target, "w", reader.samplerate, reader.channels, reader.subtype, reader.endian, reader.format
        ) as writer:
            buffer = np.empty((BLOCK, reader.channels), dtype="int16")
            while True:
                count = reader.read(BLOCK, dtype="int16", always_2d=True, out=buffer).shape[0]
                if not count:
                    break
                writer.write(buffer[:count])
    return time.perf_counter() - started


def child_redact(transcript: str, wav: str, target: str) -> tuple[float, float]:
    import screen.audio.call as call
    from screen.audio.call import AudioOptions, redact_call
    from screen.audio.channels import ChannelPlan
    from screen.redact.jobs import RedactSettings

    redactor = RedactSettings().build()
    redactor.redact_text("预热：手机13812345678")  # load the recognizers before the clock starts
    audio_seconds = []
    write_recording = call.write_recording

    def timed_write(*args):  # the recording's own step: streamed, spans replaced, fsynced, renamed
        started = time.perf_counter()
        write_recording(*args)
        audio_seconds.append(time.perf_counter() - started)

    call.write_recording = timed_write
    started = time.perf_counter()
    result = redact_call(
        transcript, wav, target + ".json", target, redactor, AudioOptions(channels=ChannelPlan.parse("order"))
    )
    assert result.quarantine_reason is None and result.spans
    return time.perf_counter() - started, audio_seconds[0]


def run_child(*args: str) -> dict:
    """seconds (and for the redaction audio_seconds, its recording step) and peak RSS in MiB of one child run."""
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, nargs="+", default=[20, 80])
    parser.add_argument("--rate", type=int, default=8000)
    parser.add_argument("--channels", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs="+")
    options = parser.parse_args()
    if options.child:
        kind, *paths = options.child
        seconds, audio = (child_floor(*paths), None) if kind == "floor" else child_redact(*paths)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "audio_seconds": audio, "rss_mib": rss}))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()} (shared machine); {options.rate} Hz, {options.channels} ch, 16-bit WAV")
    for minutes in options.minutes:
        transcript, wav = make_call(minutes, options.rate, options.channels)
        floors, redactions = [], []
        for _ in range(options.rounds):
            floors.append(run_child("floor", str(wav), str(OUT / "floor_copy.wav")))
            redactions.append(run_child("redact", str(transcript), str(wav), str(OUT / "redacted.wav")))
        floor = statistics.median(run["seconds"] for run in floors)
        whole = statistics.median(run["seconds"] for run in redactions)
        audio = statistics.median(run["audio_seconds"] for run in redactions)
        hours = minutes / 60
        spans = len(json.loads((OUT / "redacted.wav.spans.json").read_text())["spans"])
        print(
            f"{minutes:g} min call ({wav.stat().st_size / 2**20:.0f} MiB, {spans} spans):\n"
            f"  floor (read + write)      {floor:.3f} s = {hours / (floor / 60):6,.0f} h of audio/min, "
            f"peak RSS {max(run['rss_mib'] for run in floors):.0f} MiB\n"
            f"  recording step            {audio:.3f} s = {hours / (audio / 60):6,.0f} h/min, "
            f"ratio {audio / floor:.2f}x the floor (goal <= 1.5x)\n"
            f"  whole call (+ transcript) {whole:.3f} s = {hours / (whole / 60):6,.0f} h/min, "
            f"ratio {whole / floor:.2f}x, peak RSS {max(run['rss_mib'] for run in redactions):.0f} MiB"
        )
    transcript, wav = make_call(options.minutes[-1], options.rate, options.channels)
    started = time.perf_counter()
    subprocess.run(
        ["leadscreen", "redact", str(transcript), "-o", str(OUT / "cli.json"), "--audio", str(wav),
         "--audio-out", str(OUT / "cli.wav"), "--audio-channels", "order"],
        check=True, capture_output=True,
    )  # fmt: skip
    print(
        f"leadscreen redact --audio end to end on the {options.minutes[-1]:g} min call: {time.perf_counter() - started:.2f} s"
    )


if __name__ == "__main__":
    main()
