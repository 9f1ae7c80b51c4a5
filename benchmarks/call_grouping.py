"""What reading calls whole costs: JSON Lines utterances redacted by call vs. record by record.

    python benchmarks/call_grouping.py [--records 100000] [--rounds 3] [--unique-lines]

Builds the input of ``redact_throughput.py`` (utterances of 40-record calls with a ``call_id``,
a tenth of them evaluation snippets holding a number or a look-alike) and redacts it in this
process, on one core, both ways, alternating for ``--rounds`` rounds:

- record by record (``--call-field none``): the fast path, each record alone;
- by call (the default for such a file): the records of a call redacted together
  (:mod:`screen.redact.utterances`).

Then the same utterances as a text file (one turn per line, calls separated by blank lines),
redacted call by call. Prints microseconds per record and per call, and the cost of the call
layer (by call minus record by record) per record and per call; best of the rounds. Figures,
not a test: on a shared machine, compare the two ways within one run.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from redact_throughput import build_input  # noqa: E402

from screen.redact.jobs import RedactSettings, redact_jsonl_file  # noqa: E402
from screen.redact.run import run_redaction  # noqa: E402
from screen.redact.utterances import detect_layout, sample_records  # noqa: E402

CALL_RECORDS = 40  # build_input's calls


def redact_jsonl(path: Path, by_call: bool) -> tuple[float, int]:
    """Seconds and calls read, on one worker."""
    head = path.read_text(encoding="utf-8").splitlines()[:50]
    settings = RedactSettings(call_layout=detect_layout(sample_records(head)) if by_call else None)
    output = io.StringIO()
    output.name = str(path.with_suffix(".out.jsonl"))
    started = time.perf_counter()
    summary = redact_jsonl_file(str(path), "utf-8", settings, output, lambda _entry: None, workers=1)
    return time.perf_counter() - started, summary.calls


def as_text(source: Path, target: Path) -> None:
    """The JSON Lines calls as a text transcript: 客户：/坐席： turns, a blank line between calls."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            record = json.loads(line)
            if number and record["seq"] == 0:
                out.write("\n")
            label = "客户" if record["speaker"] == "customer" else "坐席"
            text = record["text"].removeprefix("客户：").removeprefix("坐席：")
            out.write(f"{label}：{text}\n")


def redact_text(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    summary = run_redaction(str(path), str(path.with_suffix(".out.txt")), "txt", RedactSettings())
    return time.perf_counter() - started, summary.calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--unique-lines", action="store_true")
    options = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    source = out / "call_grouping.jsonl"
    build_input(source, options.records, unique_lines=options.unique_lines)
    text = out / "call_grouping.txt"
    as_text(source, text)
    alone, grouped, texts = [], [], []
    calls = 0
    for _round in range(options.rounds):
        alone.append(redact_jsonl(source, by_call=False)[0])
        seconds, calls = redact_jsonl(source, by_call=True)
        grouped.append(seconds)
        texts.append(redact_text(text)[0])
    records = options.records
    best = dataclasses.make_dataclass("Best", ["alone", "grouped", "text"])(min(alone), min(grouped), min(texts))
    print(f"{records:,} records in {calls:,} calls of {CALL_RECORDS} (best of {options.rounds} rounds, one core)")
    for name, seconds in (("record by record", best.alone), ("by call", best.grouped), ("text, by call", best.text)):
        print(
            f"  {name:17} {seconds:6.2f} s  {seconds / records * 1e6:6.1f} us/record  "
            f"{seconds / calls * 1e3:6.2f} ms/call  {records / seconds:9,.0f} records/s"
        )
    extra = best.grouped - best.alone
    print(
        f"  call layer (JSON Lines): {extra / records * 1e6:+.1f} us per record, {extra / calls * 1e3:+.2f} ms per call "
        f"({best.grouped / best.alone:.2f}x record by record)"
    )


if __name__ == "__main__":
    main()
