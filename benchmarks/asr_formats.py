"""Redacting a speech service's own result (issue 26) against leadscreen's own ASR JSON.

    python benchmarks/asr_formats.py [--repeat 300] [--rounds 3]

One synthetic call (sample_lists/asr/make_asr_samples.py: a name, a phone over two segments, an ID
over two turns) repeated ``--repeat`` times into one long call, written in each vendor's shape and
in leadscreen's own (segments with word lists): the baseline. Each is parsed and redacted in this
process (``redact_asr_document``: reading, word shares, write-back, the read-back check), rounds
alternating; prints segments/s per shape and its ratio to the baseline (median of the rounds).
Figures, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screen.redact.jobs import RedactSettings, redact_asr_document  # noqa: E402


def _generator():
    spec = importlib.util.spec_from_file_location("make_asr_samples", ROOT / "sample_lists/asr/make_asr_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leadscreen_shape(generator, turns) -> dict:
    return {
        "segments": [
            {
                "speaker": "agent" if s["channel"] == 0 else "customer",
                "start": s["start"] / 1000,
                "end": s["end"] / 1000,
                "text": s["text"],
                "words": [{"text": w["text"], "start": w["start"] / 1000, "end": w["end"] / 1000} for w in s["words"]],
            }
            for s in generator.sentences(turns)
        ]
    }


def timed(text: str) -> float:
    settings = RedactSettings()
    redactor = settings.build()
    began = time.perf_counter()
    redact_asr_document(json.loads(text), redactor, settings)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    generator = _generator()
    turns = generator.TURNS * args.repeat
    segments = len(turns)
    shapes = {"leadscreen (baseline)": json.dumps(leadscreen_shape(generator, turns), ensure_ascii=False)}
    shapes |= {name: json.dumps(make(turns), ensure_ascii=False) for name, make in generator.VENDORS.items()}
    times: dict[str, list[float]] = {name: [] for name in shapes}
    for _round in range(args.rounds):
        for name, text in shapes.items():
            times[name].append(timed(text))
    base = statistics.median(times["leadscreen (baseline)"])
    print(f"one call of {segments} segments ({args.repeat} x {len(generator.TURNS)}), median of {args.rounds} rounds")
    print(f"{'shape':24} {'MB':>6} {'seconds':>8} {'segments/s':>11} {'time vs baseline':>17}")
    for name, text in shapes.items():
        seconds = statistics.median(times[name])
        size = len(text.encode()) / 1e6
        print(f"{name:24} {size:6.2f} {seconds:8.3f} {segments / seconds:11,.0f} {seconds / base:16.2f}x")


if __name__ == "__main__":
    main()
