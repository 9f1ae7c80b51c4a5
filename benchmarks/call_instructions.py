"""Instructions per call transcript of the call layer and of the scanner, counted by valgrind (callgrind).

    python benchmarks/call_instructions.py [--calls 150] [--passes 2]

Wall-clock figures on a shared 2-core machine drift by a fifth within minutes; an instruction
count does not, so this is the figure to compare two versions of the call layer by. It builds the
call transcripts of ``throughput.py`` (40 number-free call-center lines and 3 evaluation snippets
each), reads them all once as warm-up (place names, patterns, the name model and its cache of
stretches seen before: ``throughput.py`` warms up the same way), then ``--passes`` times with

- ``numbers``: :func:`recognizers.scanner.scan` of the number entities only (no name search);
- ``scan``: :func:`recognizers.scanner.scan`, every entity;
- ``call``: :func:`recognizers.call.scan_text`, every entity, a transcript read as a call;

each under callgrind, and once more with no pass: the difference, divided by the calls read, is
what a call costs. Needs valgrind (Debian's ``valgrind``); takes a few minutes. Figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODES = ("numbers", "scan", "call")


def _work(mode: str, calls: int, passes: int) -> None:
    """What is counted: ``passes`` reads of the calls by ``mode``, after the warm-up ('none': none)."""
    sys.path.insert(0, str(HERE))
    from accuracy import DATA, load
    from throughput import NUMBER_ENTITIES, _clear_caches, build_calls

    from recognizers.call import scan_text
    from recognizers.scanner import scan

    texts = [call["text"] for call in build_calls(load(DATA), calls, 40, 3)]
    for text in texts:
        scan_text(text)
    read = {
        "none": None,
        "numbers": lambda text: scan(text, entities=NUMBER_ENTITIES),
        "scan": scan,
        "call": scan_text,
    }[mode]
    if read is None:
        return
    for _ in range(passes):
        _clear_caches()
        for text in texts:
            read(text)


def _instructions(mode: str, calls: int, passes: int) -> int:
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--work",
            mode,
            "--calls",
            str(calls),
            "--passes",
            str(passes),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    for line in completed.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"no instruction count from callgrind:\n{completed.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=150)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--work", choices=("none", *MODES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        _work(args.work, args.calls, args.passes)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    warm_up = _instructions("none", args.calls, args.passes)
    read = args.calls * args.passes
    per_call = {mode: (_instructions(mode, args.calls, args.passes) - warm_up) / read for mode in MODES}
    for mode in MODES:
        print(f"{mode:8s}: {per_call[mode]:>12,.0f} instructions per call transcript ({read:,} read)")
    print(f"ratio   : scan is {per_call['scan'] / per_call['numbers']:.2f}x the numbers-only scan")
    print(
        f"ratio   : the call layer is {per_call['call'] / per_call['scan']:.2f}x scan "
        f"({per_call['call'] / per_call['numbers']:.2f}x the numbers-only scan); "
        f"it adds {per_call['call'] - per_call['scan']:,.0f} instructions a call"
    )


if __name__ == "__main__":
    main()
