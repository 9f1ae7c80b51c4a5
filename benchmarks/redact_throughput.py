"""Redaction throughput: leadscreen vs. a plain Presidio setup, on one JSONL of call-center snippets.

    python benchmarks/redact_throughput.py [--records 200000] [--plain-records 10000] [--rounds 3]
                                           [--unique-lines] [--long-record-mb 1 8]

1. Builds ``benchmarks/out/redact_input.jsonl``: ``--records`` call-center utterances, one per
   line as ASR emits them — calls of number-free call-center lines (``benchmarks/data/
   call_lines.txt``) with the evaluation snippets (``benchmarks/data/eval_snippets.jsonl``, every
   one holding a number or a look-alike) mixed in at ``--snippet-share`` of the records. The 78
   call lines repeat, and leadscreen remembers short texts it found nothing in (ids, speakers,
   stock phrases), so ``--unique-lines`` joins two call lines into each number-free line: few
   repeat, and the figure is what a call of lines never seen before costs.
2. leadscreen: ``leadscreen redact`` end to end (a subprocess, as a user runs it, both cores),
   timed, with its peak resident memory (workers included).
3. Plain Presidio: ``AnalyzerEngine`` on blank spaCy ``zh`` (benchmarks/plain_presidio.py) +
   ``AnonymizerEngine``, in this process, on the first ``--plain-records`` records (it is slow;
   records/s is what is compared), JSON parsing and writing included. Steps 2 and 3 alternate for
   ``--rounds`` rounds; the ratio is the median of the rounds' ratios.
4. Memory flatness: leadscreen again on 5x the records; peak memory should not grow with input.
5. One long record: the utterances joined into a single JSONL record of ``--long-record-mb`` MB
   (1 and 8 by default), timed through ``leadscreen scan`` and ``leadscreen redact``; linear code
   takes about 8 times as long for 8 times the size (issue 11: 1 MB took 34 s). ``--only-long-record``
   runs this part alone.

The utterances carry a ``call_id``, so leadscreen reads them call by call (a number said over
several records is found); ``--call-field none`` measures the record-by-record fast path instead.

Prints records/s and MB/s for both, the ratio, and the peak memory of both leadscreen runs.
Figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EVAL_SET = HERE / "data" / "eval_snippets.jsonl"


CALL_LINES = HERE / "data" / "call_lines.txt"


def build_input(
    path: Path, records: int, snippet_share: float = 0.1, seed: int = 11, unique_lines: bool = False
) -> int:
    """``unique_lines``: each number-free line is two call lines joined, so that few repeat
    (78 lines give 6,084 pairs): what leadscreen remembers of short texts it has seen helps less."""
    import random

    with EVAL_SET.open(encoding="utf-8") as lines:
        snippets = [json.loads(line)["text"] for line in lines if line.strip()]
    filler = [line for line in CALL_LINES.read_text(encoding="utf-8").splitlines() if line.strip()]
    chooser = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            if chooser.random() < snippet_share:
                text = chooser.choice(snippets)
            else:
                text = chooser.choice(filler) + (chooser.choice(filler) if unique_lines else "")
            speaker = "customer" if text.startswith("客户") else "agent"
            out.write(
                json.dumps(
                    {"call_id": f"c{number // 40:07d}", "seq": number % 40, "speaker": speaker, "text": text},
                    ensure_ascii=False,
                )
                + "\n"
            )
    return path.stat().st_size


CALL_FIELD: list[str] = []  # --call-field passed on to leadscreen redact


def run_leadscreen(source: Path, target: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process of one `leadscreen redact` run."""
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        f"code = subprocess.call([sys.executable, '-m', 'screen', 'redact', {str(source)!r}, '-o', {str(target)!r}, "
        f"*{CALL_FIELD!r}])\n"
        "elapsed = time.perf_counter() - start\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    elapsed, max_rss_kib, code = completed.stdout.split()
    if code != "0":
        raise SystemExit(f"leadscreen redact failed: {completed.stderr}")
    return float(elapsed), int(max_rss_kib) / 1024


class PlainPresidio:
    """The plain setup, built once, on the first ``records`` lines of ``source``."""

    def __init__(self, source: Path, records: int):
        sys.path.insert(0, str(HERE))
        from plain_presidio import build_plain_analyzer
        from presidio_anonymizer import AnonymizerEngine

        self.analyzer = build_plain_analyzer()
        self.anonymizer = AnonymizerEngine()
        self.analyzer.analyze(text="预热 13812345678", language="zh")  # load before timing
        with source.open(encoding="utf-8") as handle:
            self.lines = [handle.readline() for _ in range(records)]
        self.size = sum(len(line.encode("utf-8")) for line in self.lines)

    def run(self) -> float:
        """Seconds for all the lines, JSON parsing and writing included."""
        start = time.perf_counter()
        for line in self.lines:
            record = json.loads(line)
            results = self.analyzer.analyze(text=record["text"], language="zh")
            record["text"] = self.anonymizer.anonymize(text=record["text"], analyzer_results=results).text
            json.dumps(record, ensure_ascii=False)
        return time.perf_counter() - start


def build_long_record(path: Path, megabytes: float, seed: int = 11) -> int:
    """One JSONL record whose text is ``megabytes`` MB of utterances (mixed Chinese and numbers)."""
    pieces = OUT / "long_record_pieces.jsonl"
    build_input(pieces, max(10, int(megabytes * 25_000)), seed=seed)
    texts, size = [], 0
    with pieces.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= megabytes * 1e6:
                break
    pieces.unlink()
    path.write_text(json.dumps({"text": "".join(texts)}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.stat().st_size


def time_command(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "screen", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def build_dense_text(path: Path, megabytes: float) -> int:
    """A text file of ``megabytes`` MB in which every line holds a phone number and an address."""
    line_count = int(megabytes * 1e6 / 48)
    path.write_text(
        "".join(f"客户手机1381234{index % 10000:04d}，邮箱c{index}@qq.com\n" for index in range(line_count)),
        encoding="utf-8",
    )
    return path.stat().st_size


def long_record(sizes: list[float]) -> None:
    for megabytes in sizes:
        dense = OUT / "long_dense.txt"
        size = build_dense_text(dense, megabytes)
        scan_seconds = time_command("scan", str(dense), "--format", "json")
        redact_seconds = time_command("redact", str(dense), "-o", str(OUT / "long_dense_out.txt"))
        print(
            f"one text   {size / 1e6:5.1f} MB, a number and an address per line: scan {scan_seconds:6.1f} s, "
            f"redact {redact_seconds:6.1f} s"
        )
        dense.unlink()
        (OUT / "long_dense_out.txt").unlink(missing_ok=True)
        source = OUT / "long_record.jsonl"
        size = build_long_record(source, megabytes)
        scan_seconds = time_command("scan", str(source), "--format", "json")
        redact_seconds = time_command("redact", str(source), "-o", str(OUT / "long_record_out.jsonl"))
        print(
            f"one record {size / 1e6:5.1f} MB: scan {scan_seconds:6.1f} s, redact {redact_seconds:6.1f} s "
            "(start-up included)"
        )
        source.unlink()
        (OUT / "long_record_out.jsonl").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--plain-records", type=int, default=10_000)
    parser.add_argument(
        "--snippet-share", type=float, default=0.1, help="share of records that are evaluation snippets"
    )
    parser.add_argument(
        "--flat-factor", type=int, default=5, help="second leadscreen run on this many times the records"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of leadscreen and plain Presidio, alternating")
    parser.add_argument(
        "--unique-lines", action="store_true", help="number-free lines of two call lines joined, so few repeat"
    )
    parser.add_argument("--long-record-mb", type=float, nargs="*", default=[1.0, 8.0])
    parser.add_argument("--only-long-record", action="store_true")
    parser.add_argument(
        "--call-field",
        help="passed on to leadscreen redact: 'none' redacts the utterances record by record (the fast path); "
        "by default they are read call by call (their call_id)",
    )
    args = parser.parse_args()
    if args.call_field:
        CALL_FIELD.extend(["--call-field", args.call_field])
    OUT.mkdir(exist_ok=True)
    if args.only_long_record:
        long_record(args.long_record_mb)
        return
    source = OUT / "redact_input.jsonl"
    size = build_input(source, args.records, args.snippet_share, unique_lines=args.unique_lines)
    print(
        f"input: {args.records:,} utterances, {args.snippet_share:.0%} of them evaluation snippets, {size / 1e6:.1f} MB, "
        f"{os.cpu_count()} cores" + (", number-free lines made of two call lines" if args.unique_lines else "")
    )

    tiny = OUT / "redact_input_tiny.jsonl"
    build_input(tiny, 10, args.snippet_share)
    startup, _peak = run_leadscreen(tiny, OUT / "redact_output_tiny.jsonl")
    plain = PlainPresidio(source, args.plain_records)
    # Rounds of both, one after the other: this machine's speed drifts by a fifth within minutes,
    # and a ratio of two runs minutes apart measures the drift as much as the code.
    ratios, peak = [], 0.0
    for round_number in range(1, args.rounds + 1):
        elapsed, peak = run_leadscreen(source, OUT / "redact_output.jsonl")
        plain_elapsed = plain.run()
        ours_rps, plain_rps = args.records / elapsed, args.plain_records / plain_elapsed
        ratios.append(ours_rps / plain_rps)
        print(
            f"round {round_number}: leadscreen redact {ours_rps:>9,.0f} records/s {size / 1e6 / elapsed:6.2f} MB/s "
            f"({elapsed:.1f} s end to end, of which {startup:.2f} s start-up) | plain Presidio {plain_rps:>7,.0f} "
            f"records/s {plain.size / 1e6 / plain_elapsed:5.2f} MB/s ({args.plain_records:,} records, one process) "
            f"| {ratios[-1]:.1f}x"
        )
    print(
        f"ratio             : {statistics.median(ratios):.1f}x records/s, median of {len(ratios)} rounds (goal >= 20x)"
    )
    print(f"peak RSS          : {peak:.0f} MiB")

    big = OUT / "redact_input_big.jsonl"
    big_size = build_input(big, args.records * args.flat_factor, args.snippet_share, unique_lines=args.unique_lines)
    big_elapsed, big_peak = run_leadscreen(big, OUT / "redact_output_big.jsonl")
    print(
        f"memory flatness   : {args.records:,} records -> {peak:.0f} MiB; {args.records * args.flat_factor:,} records "
        f"({big_size / 1e6:.0f} MB) -> {big_peak:.0f} MiB peak ({args.records * args.flat_factor / big_elapsed:,.0f} records/s)"
    )
    for path in (
        source,
        big,
        tiny,
        OUT / "redact_output.jsonl",
        OUT / "redact_output_big.jsonl",
        OUT / "redact_output_tiny.jsonl",
    ):
        path.unlink(missing_ok=True)
    long_record(args.long_record_mb)


if __name__ == "__main__":
    main()
