"""Throughput of ``leadscreen screen`` on a large list, against per-cell Presidio.

    python benchmarks/screen_throughput.py                 # 10,000,000 rows (about 850 MB of CSV)
    python benchmarks/screen_throughput.py --rows 1000000  # a quicker run

What it does:

1. Generates a synthetic list in ``benchmarks/out/`` (gitignored) with numpy and polars: phone,
   name, consent_id, consent_time, consent_channel, consent_scope, about 1% bad rows of every
   kind (invalid phone, duplicate, expired, wrong scope, unknown channel, missing consent), plus
   its manifest and a policy. The file is reused when it already exists with the same row count.
2. Screens it end to end with ``leadscreen screen`` in a child process (Python start-up, imports,
   hashing, both passes and the writes included) and reports wall time, rows/s and the child's
   peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``).
3. Baseline in the same script: the per-cell approach of presidio-structured — one Presidio
   ``AnalyzerEngine.analyze`` call per cell — on the first ``--baseline-rows`` rows, using
   leadscreen's own analyzer (:func:`recognizers.presidio_pack.build_analyzer`) so that the
   recognizers are the same and only the approach differs. Note that the baseline only finds
   entities; it does none of the consent checks.

Prints the figures and the ratio of the two throughputs. Goal (issue #3): 10M rows in under 20 s
on 2 cores (>= 500k rows/s) and peak memory under 4 GB.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PURPOSE = "保险产品推荐"
ORGANIZATION = "示例人寿保险股份有限公司"
# mobile prefixes in allocated ranges (cn-rules.md)
PREFIXES = np.array(
    [
        130,
        131,
        132,
        133,
        135,
        136,
        137,
        138,
        139,
        150,
        151,
        152,
        155,
        156,
        157,
        158,
        159,
        166,
        176,
        177,
        180,
        181,
        182,
        185,
        186,
        187,
        188,
        189,
        191,
        199,
    ],
    dtype=np.int64,
)
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"]


def generate(path: Path, rows: int, seed: int = 3) -> None:
    """Write a list of ``rows`` rows with about 1% bad rows; vectorised, a few seconds per million."""
    rng = np.random.default_rng(seed)
    now = datetime.datetime.now().replace(microsecond=0)
    phones = PREFIXES[rng.integers(0, len(PREFIXES), rows)] * 10**8 + rng.integers(0, 10**8, rows)
    ages = rng.integers(60, 300 * 86_400, rows).astype("timedelta64[s]")
    times = (np.datetime64(now, "s") - ages).astype("datetime64[ms]")
    names = pl.Series([s + g for s in SURNAMES for g in GIVEN])
    kind = rng.integers(0, 600, rows)  # 0..5: one bad-row kind each, ~1% of rows in all
    frame = pl.DataFrame(
        {
            "phone": pl.Series(phones).cast(pl.String),
            "name": names.gather(rng.integers(0, len(names), rows)),
            "consent_id": "WF" + pl.Series(np.arange(rows)).cast(pl.String).str.zfill(9),
            "consent_time": pl.Series(times).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "consent_channel": pl.Series(["web_form", "app", "sms_reply"]).gather(rng.integers(0, 3, rows)),
            "consent_scope": pl.Series([f"{PURPOSE};客户回访", PURPOSE]).gather(rng.integers(0, 2, rows)),
            "kind": kind,
        }
    )
    frame = frame.with_columns(
        phone=pl.when(pl.col("kind") == 0)
        .then(pl.col("phone").str.slice(0, 10))
        .when(pl.col("kind") == 1)
        .then(pl.col("phone").shift(1).fill_null(pl.col("phone")))
        .otherwise(pl.col("phone")),
        consent_time=pl.when(pl.col("kind") == 2).then(pl.lit("2020-01-01 08:00:00")).otherwise(pl.col("consent_time")),
        consent_scope=pl.when(pl.col("kind") == 3).then(pl.lit("客户回访")).otherwise(pl.col("consent_scope")),
        consent_channel=pl.when(pl.col("kind") == 4).then(pl.lit("传真")).otherwise(pl.col("consent_channel")),
        consent_id=pl.when(pl.col("kind") == 5).then(pl.lit(None, pl.String)).otherwise(pl.col("consent_id")),
    ).drop("kind")
    frame.write_csv(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def prepare(rows: int) -> tuple[Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    list_path = OUT / f"leads_{rows}.csv"
    manifest_path = list_path.with_name(list_path.name + ".manifest.json")
    policy_path = OUT / "benchmark_policy.toml"
    if not (list_path.exists() and manifest_path.exists()):
        started = time.perf_counter()
        generate(list_path, rows)
        manifest = {
            "list_id": f"BENCH-{rows}",
            "provider": "first_party",
            "provider_type": "first_party",
            "contract_ref": "",
            "purposes": [PURPOSE],
            "recipients": [ORGANIZATION],
            "record_count": rows,
            "sha256": file_sha256(list_path),
        }
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f} s -> {list_path}")
    policy_path.write_text(
        f'organization = ["{ORGANIZATION}"]\nmax_bad_row_ratio = 0.05\n[campaigns.bench]\npurpose = "{PURPOSE}"\n',
        encoding="utf-8",
    )
    return list_path, policy_path


def run_leadscreen(list_path: Path, policy_path: Path) -> tuple[float, float, dict]:
    out_dir = OUT / f"screened_{list_path.stem}"
    command = [
        sys.executable,
        "-m",
        "screen",
        "screen",
        str(list_path),
        "--campaign",
        "bench",
        "--policy",
        str(policy_path),
        "--out-dir",
        str(out_dir),
        "--progress",
    ]
    env = {**os.environ, "LEADSCREEN_DB": str(OUT / "no-ledger.db")}  # no ledger: the plain screening path
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = after.ru_maxrss / 1024
    cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if completed.returncode not in (0, 1):
        sys.exit(f"leadscreen failed ({completed.returncode}): {completed.stderr.strip()}")
    print(completed.stderr.rstrip())
    print(completed.stdout.rstrip())
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    return elapsed, cpu_seconds, peak_mb, report


def run_presidio_per_cell(list_path: Path, rows: int) -> float:
    """Seconds for one ``analyze`` per cell over the first ``rows`` rows."""
    from recognizers.presidio_pack import build_analyzer

    analyzer = build_analyzer()
    sample = pl.read_csv(list_path, n_rows=rows, infer_schema=False)
    cells = [value for column in sample.columns for value in sample[column].to_list() if value]
    analyzer.analyze(text=cells[0], language="zh")  # warm up outside the timing
    started = time.perf_counter()
    for cell in cells:
        analyzer.analyze(text=cell, language="zh")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    args = parser.parse_args()

    list_path, policy_path = prepare(args.rows)
    size_mb = list_path.stat().st_size / 1e6
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average before the run {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    elapsed, cpu_seconds, peak_mb, report = run_leadscreen(list_path, policy_path)
    ours = report["rows_in"] / elapsed

    baseline_seconds = run_presidio_per_cell(list_path, args.baseline_rows)
    theirs = args.baseline_rows / baseline_seconds

    print()
    print(
        f"list: {report['rows_in']:,} rows, {size_mb:,.0f} MB CSV; decision {report['decision']}, "
        f"{report['rows_accepted']:,} accepted, {report['rows_rejected']:,} rejected"
    )
    print(
        f"leadscreen screen (end to end, child process): {elapsed:.2f} s, {ours:,.0f} rows/s, peak RSS {peak_mb:,.0f} MB, "
        f"CPU {cpu_seconds:.1f} s user+system (so at least {cpu_seconds / 2:.1f} s of wall time on 2 cores)"
    )
    print(f"per-cell Presidio analyze, {args.baseline_rows:,} rows: {baseline_seconds:.2f} s, {theirs:,.0f} rows/s")
    print(f"ratio: leadscreen screens {ours / theirs:,.0f}x as many rows per second")
    load = os.getloadavg()
    print(f"load average after the run {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (a shared machine slows every figure)")
    if args.rows >= 10_000_000:
        goal = elapsed < 20 and peak_mb < 4096
        print(f"goal (10M rows < 20 s, peak < 4 GB): {'met' if goal else 'NOT met'}")


if __name__ == "__main__":
    main()
