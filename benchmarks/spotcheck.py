"""Spot-check speed: sample 1,000 records from a 5,000,000-line JSONL file.

    python benchmarks/spotcheck.py [--lines 5000000] [--sample 1000]

Writes ``benchmarks/out/spotcheck_input.jsonl`` (reused if it already has the right size), then
times, in this process: (a) drawing the sample alone (two streaming passes: count, then pick),
(b) the whole spot check with reports (``leadscreen spotcheck`` as a subprocess, as a user runs
it), and prints its peak memory. Baseline in the same run: reading every line into a Python list
and ``random.sample`` from it — the obvious way, which needs the whole file in memory.
Figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EVAL_SET = HERE / "data" / "eval_snippets.jsonl"


def build_input(path: Path, lines: int) -> None:
    marker = path.with_suffix(".lines")
    if path.exists() and marker.exists() and marker.read_text() == str(lines):
        return
    with EVAL_SET.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    encoded = [json.dumps(text, ensure_ascii=False) for text in texts]
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            out.write(f'{{"call_id": {number}, "text": {encoded[number % len(encoded)]}}}\n')
    marker.write_text(str(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--sample", type=int, default=1_000)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    source = OUT / "spotcheck_input.jsonl"
    started = time.perf_counter()
    build_input(source, args.lines)
    print(
        f"input: {args.lines:,} lines, {source.stat().st_size / 1e6:.0f} MB (prepared in {time.perf_counter() - started:.1f} s)"
    )

    from screen.spotcheck.sampling import JsonlSource, sample_sources

    started = time.perf_counter()
    population, sampled = sample_sources([JsonlSource(source)], args.sample, seed=2026)
    sampling_seconds = time.perf_counter() - started
    print(f"sampling only     : {len(sampled):,} of {population:,} in {sampling_seconds:.2f} s (streaming, two passes)")

    report_dir = OUT / "spotcheck_report"
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        f"code = subprocess.call([sys.executable, '-m', 'screen', 'spotcheck', {str(source)!r}, '--sample', '{args.sample}',"
        f" '--seed', '2026', '--out-dir', {str(report_dir)!r}], stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    elapsed, peak_kib, code = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    if code != "0":
        raise SystemExit("leadscreen spotcheck failed")
    print(
        f"leadscreen spotcheck: {float(elapsed):.2f} s end to end with reports, peak RSS {int(peak_kib) / 1024:.0f} MiB"
    )

    started = time.perf_counter()
    with source.open("rb") as handle:
        everything = handle.readlines()
    baseline_sample = random.Random(2026).sample(everything, args.sample)
    baseline_seconds = time.perf_counter() - started
    baseline_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del everything, baseline_sample
    print(
        f"baseline (readlines + random.sample): {baseline_seconds:.2f} s, this process's peak RSS {baseline_peak:.0f} MiB"
    )
    print(
        f"ratio sampling/baseline time: {sampling_seconds / baseline_seconds:.2f}x (memory is the point: flat vs. whole file)"
    )


if __name__ == "__main__":
    main()
