"""Redaction on Spark: the same Parquet table by ``--engine local`` and by Spark ``local[2]``.

    python benchmarks/spark_redact.py [--rows 1000000] [--master 'local[2]']

1. Builds ``benchmarks/out/spark_input.parquet``: ``--rows`` utterances (call_id, seq, speaker,
   text) — number-free call-center lines (``benchmarks/data/call_lines.txt``) with the evaluation
   snippets (every one holding a number or a look-alike) at ``--snippet-share`` of the rows, as
   ``redact_throughput.py`` builds its JSON Lines.
2. ``leadscreen redact`` (the local engine; a Parquet table is redacted in one process), timed.
3. Spark's start-up: a new process starts a session and redacts a two-row DataFrame (the JVM,
   the Python workers and the recognizers, no data), timed.
4. The same redaction ``leadscreen redact --engine spark --master local[2]`` runs
   (:func:`screen.redact.spark.files.run_spark_redaction`), in the process of step 3, timed.
5. Checks that both outputs hold the same rows, then prints records/s of each, per core, and how
   many executor cores redact one billion utterances in an hour at the measured per-core rate.

Figures, not a test; the machine's other load shows in them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EVAL_SET = HERE / "data" / "eval_snippets.jsonl"
CALL_LINES = HERE / "data" / "call_lines.txt"
BILLION = 1_000_000_000

# One process, as `leadscreen redact --engine spark` runs: start-up (session, Python workers,
# recognizers, on a two-row DataFrame), then the table, each timed.
SPARK_RUN = """
import sys, time
start = time.perf_counter()
from screen.redact.jobs import RedactSettings
from screen.redact.spark.files import run_spark_redaction
from screen.redact.spark.frames import redact_dataframe
from screen.redact.spark.session import spark_session
spark = spark_session(sys.argv[1])
df = spark.createDataFrame([("手机13812345678",), ("无",)], "text string")
assert redact_dataframe(df).count() == 2
started = time.perf_counter()
summary = run_spark_redaction(sys.argv[2], sys.argv[3], "parquet", RedactSettings())
assert summary.quarantined == 0
print(started - start, time.perf_counter() - started)
"""


def build_table(path: Path, rows: int, snippet_share: float, seed: int = 11) -> int:
    import numpy as np
    import polars as pl

    with EVAL_SET.open(encoding="utf-8") as lines:
        snippets = [json.loads(line)["text"] for line in lines if line.strip()]
    filler = [line for line in CALL_LINES.read_text(encoding="utf-8").splitlines() if line.strip()]
    generator = np.random.default_rng(seed)
    is_snippet = generator.random(rows) < snippet_share
    texts = np.where(
        is_snippet,
        np.array(snippets, dtype=object)[generator.integers(0, len(snippets), rows)],
        np.array(filler, dtype=object)[generator.integers(0, len(filler), rows)],
    )
    numbers = np.arange(rows)
    frame = pl.DataFrame(
        {
            "call_id": [f"c{number // 40:07d}" for number in numbers],
            "seq": numbers % 40,
            "speaker": ["customer" if text.startswith("客户") else "agent" for text in texts],
            "text": texts.tolist(),
        }
    )
    # row groups small enough for Spark to split the file among its cores
    frame.write_parquet(path, row_group_size=max(1, rows // 16))
    return path.stat().st_size


def timed(*args: str) -> float:
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "screen", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"leadscreen {' '.join(args)} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return elapsed


def same_rows(local: Path, spark_folder: Path) -> bool:
    import polars as pl

    parts = sorted(spark_folder.glob("part-*.parquet"))
    return pl.read_parquet(local).equals(pl.concat([pl.read_parquet(part) for part in parts]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--snippet-share", type=float, default=0.1)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    cores = int(args.master.removeprefix("local[").removesuffix("]")) if args.master.startswith("local[") else 2
    OUT.mkdir(exist_ok=True)
    source = OUT / "spark_input.parquet"
    size = build_table(source, args.rows, args.snippet_share)
    print(f"input: {args.rows:,} utterances, {size / 1e6:.1f} MB Parquet ({args.snippet_share:.0%} hold a number)")

    local_seconds = timed("redact", str(source), "-o", str(OUT / "spark_local_out.parquet"))
    run = subprocess.run(
        [sys.executable, "-c", SPARK_RUN, args.master, str(source), str(OUT / "spark_out")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    if run.returncode != 0:
        raise SystemExit(f"the Spark run failed: {run.stderr[-2000:]}")
    startup_seconds, working = (float(value) for value in run.stdout.split()[-2:])
    spark_seconds = startup_seconds + working
    identical = same_rows(OUT / "spark_local_out.parquet", OUT / "spark_out")

    local_rate = args.rows / local_seconds
    spark_rate = args.rows / working
    per_core = spark_rate / cores
    needed = BILLION / 3600 / per_core
    print(f"local engine (1 process):  {local_seconds:7.1f} s  {local_rate:10,.0f} records/s")
    print(f"Spark start-up:            {startup_seconds:7.1f} s  (JVM, Python workers, recognizers; no data)")
    print(
        f"Spark {args.master}:  {spark_seconds:10.1f} s  {args.rows / spark_seconds:10,.0f} records/s end to end, "
        f"{spark_rate:,.0f} records/s after start-up ({per_core:,.0f} per core)"
    )
    print(f"outputs identical row for row: {identical}")
    print(
        f"\nOne billion utterances in an hour is {BILLION / 3600:,.0f} records/s. At the {per_core:,.0f} records/s "
        f"per core measured here (Spark, after start-up), that takes about {needed:,.0f} executor cores "
        f"(say {int(needed * 1.25) + 1:,} with a quarter spare for skew, retries and slower nodes), plus the "
        f"driver; each executor pays the start-up above once, not per partition. A core of a "
        f"cluster node is usually faster than a core of this shared 2-core machine, so treat it as an upper bound."
    )


if __name__ == "__main__":
    main()
