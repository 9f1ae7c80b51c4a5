"""Scan time of records that are one long run of short digit groups, against a record of random
digits of the same size (the baseline, in the same run): issue 24, item 15.

    python benchmarks/digit_runs.py [--mb 1]

A 1 MB record of ``1-1-1-…`` took 19 s (40 times the baseline): every group offered a dozen
candidates to the card, phone and ID validators. Figures are CPU seconds, best of two.
"""

from __future__ import annotations

import argparse
import random
import time

from recognizers.scanner import scan


def cpu_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        scan(text)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="record size in MB (characters)")
    size = int(parser.parse_args().mb * 1_000_000)
    rng = random.Random(24)
    baseline = cpu_seconds("".join(rng.choice("0123456789") for _ in range(size)))
    print(f"random digits          {baseline:7.2f} s  (baseline)")
    for name, unit in (("1-1-1-…", "1-"), ("0 0 0 …", "0 "), ("1-2-3-…", "1-2-3-")):
        seconds = cpu_seconds(unit * (size // len(unit)))
        print(f"{name:<22} {seconds:7.2f} s  {seconds / max(baseline, 1e-6):6.1f}x the baseline")
    digits_one_by_one = "-".join(rng.choice("0123456789") for _ in range(size // 2))
    seconds = cpu_seconds(digits_one_by_one)
    print(f"{'random d-d-d-…':<22} {seconds:7.2f} s  {seconds / max(baseline, 1e-6):6.1f}x the baseline")


if __name__ == "__main__":
    main()
