"""Instructions per JSON Lines record of one redaction worker, counted by valgrind (callgrind).

    python benchmarks/redact_instructions.py [--records 20000]

Wall-clock figures on a shared 2-core machine drift by a fifth within minutes; an instruction
count does not, so this is the figure to compare two versions of the record path by. It runs one
worker's job (``screen.redact.jobs._redact_range``) on ``--records`` records of the input that
``redact_throughput.py`` builds, after 3,000 records of warm-up, under callgrind, and once more on
no records: the difference, divided by the records, is what a record costs. The baseline, counted
the same way, is reading each record with ``json.loads`` and writing it with ``json.dumps``: the
least any redaction of JSON Lines in Python does.

Needs valgrind (Debian's ``valgrind``); takes about two minutes. Figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
WARM_UP = 3000


def _work(mode: str, source: Path, records: int) -> None:
    """What is counted: ``mode`` over ``records`` records after the warm-up (0: the warm-up only)."""
    from screen.redact import jobs

    lines = source.read_text(encoding="utf-8").splitlines()
    jobs._init_worker(jobs.RedactSettings())
    jobs._redact_chunk((1, lines[:WARM_UP]))  # first-use loads: place names, patterns
    chosen = lines[WARM_UP : WARM_UP + records]
    if not chosen:
        return
    if mode == "baseline":
        for line in chosen:
            json.dumps(json.loads(line), ensure_ascii=False)
        return
    part = OUT / "instructions_part.jsonl"
    part.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    _count, temporary, _quarantined, _summary = jobs._redact_range(
        jobs.FileRange(str(part), 0, part.stat().st_size, "utf-8", str(OUT))
    )
    os.unlink(temporary)


def _instructions(mode: str, source: Path, records: int) -> int:
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--work",
            mode,
            "--records",
            str(records),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "REDACT_INSTRUCTIONS_SOURCE": str(source)},
    )
    for line in completed.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"no instruction count from callgrind:\n{completed.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--work", choices=("redact", "baseline"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        _work(args.work, Path(os.environ["REDACT_INSTRUCTIONS_SOURCE"]), args.records)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    from redact_throughput import build_input

    OUT.mkdir(exist_ok=True)
    source = OUT / "instructions_input.jsonl"
    build_input(source, WARM_UP + args.records)
    per_record = {}
    for mode in ("redact", "baseline"):
        counted = _instructions(mode, source, args.records) - _instructions(mode, source, 0)
        per_record[mode] = counted / args.records
        print(f"{mode:9s}: {per_record[mode]:>9,.0f} instructions per record ({args.records:,} records)")
    print(
        f"ratio    : a redacted record costs {per_record['redact'] / per_record['baseline']:.1f}x json.loads + json.dumps"
    )
    for path in (source, OUT / "instructions_part.jsonl"):
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
