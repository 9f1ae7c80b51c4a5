"""Score whole calls (``benchmarks/data/eval_calls.jsonl``, issue 22): recall per shape and keep.

- A labelled piece is *redacted* when every character of it that carries information (not a
  pause, a space or a filler) lies in a finding of its entity (for a name's spelled character,
  any name finding). A *mention* is redacted when all its pieces are.
- A kept span (amount, order number, 工号, hotline …) is *kept* when no personal finding touches it;
  keep = kept spans / all kept spans.
- ``other`` counts findings that touch neither a label nor a kept span (unlabelled text wrongly
  redacted, or a label's neighbour), listed masked with ``--errors``.

``before`` is the scanner on the whole call text (what ``leadscreen`` did before the call layer);
``after`` is :func:`recognizers.call.scan_call`. Both run in the same process on the same calls.

Usage::

    python benchmarks/call_scoring.py [--data benchmarks/data/eval_calls.jsonl] [--errors 10]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recognizers.call import scan_call  # noqa: E402
from recognizers.scanner import PERSONAL_ENTITIES, scan  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "eval_calls.jsonl"
# Characters of a piece that carry nothing: pauses, spaces, fillers.
_EMPTY = set("，,。.…、 　嗯呃那个")


def load(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def before(text: str):
    return scan(text, entities=PERSONAL_ENTITIES)


def after(text: str):
    return scan_call(text, entities=PERSONAL_ENTITIES)


def covered_by_entity(findings) -> dict[str, set[int]]:
    covered: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        for start, end in finding.pieces:
            covered[finding.entity].update(range(start, end))
    return covered


def score(calls: list[dict], predict) -> dict:
    """Per shape: pieces and mentions redacted; kept spans; findings touching nothing labelled."""
    pieces, mentions, keeps, others = Counter(), Counter(), Counter(), []
    elapsed = 0.0
    for call in calls:
        text = call["text"]
        started = time.perf_counter()
        findings = predict(text)
        elapsed += time.perf_counter() - started
        covered = covered_by_entity(findings)
        every = set().union(*covered.values()) if covered else set()
        whole: dict[tuple, bool] = {}
        for label in call["labels"]:
            wanted = [i for i in range(label["start"], label["end"]) if text[i] not in _EMPTY]
            hit = all(i in covered.get(label["entity"], ()) for i in wanted)
            shape = label["shape"]
            pieces[shape, "all"] += 1
            pieces[shape, "hit"] += hit
            key = (shape, label["mention"])
            whole[key] = whole.get(key, True) and hit
        for (shape, _mention), hit in whole.items():
            mentions[shape, "all"] += 1
            mentions[shape, "hit"] += hit
        for kept in call["keeps"]:
            keeps[kept["kind"], "all"] += 1
            keeps[kept["kind"], "kept"] += not any(i in every for i in range(kept["start"], kept["end"]))
        labelled = {i for span in call["labels"] + call["keeps"] for i in range(span["start"], span["end"])}
        for finding in findings:
            if not any(i in labelled for start, end in finding.pieces for i in range(start, end)):
                others.append((call["id"], finding.entity, _masked(text[finding.start : finding.end])))
    return {"pieces": pieces, "mentions": mentions, "keeps": keeps, "others": others, "seconds": elapsed}


def _masked(text: str) -> str:
    return "".join("#" if char.isdigit() or char in "零一二三四五六七八九幺两拐洞" else char for char in text)


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "  -  "


def report(calls: list[dict], errors: int = 0) -> None:
    results = {"before": score(calls, before), "after": score(calls, after)}
    turns = sum(call["turns"] for call in calls)
    print(f"\nWhole calls ({len(calls)} calls, {turns} turns): recall per shape (pieces / mentions redacted whole)")
    shapes = sorted({shape for shape, _ in results["after"]["pieces"]})
    print(f"  {'shape':<18} {'pieces':>7} {'before':>7} {'after':>7}   {'mentions':>8} {'before':>7} {'after':>7}")
    for shape in [*shapes, "ALL"]:
        row = []
        for kind in ("pieces", "mentions"):
            counts = {name: result[kind] for name, result in results.items()}
            total = sum(v for (s, k), v in counts["after"].items() if k == "all" and shape in (s, "ALL"))
            row.append(total)
            for name in ("before", "after"):
                hit = sum(v for (s, k), v in counts[name].items() if k == "hit" and shape in (s, "ALL"))
                row.append(_ratio(hit, total))
        print(f"  {shape:<18} {row[0]:>7} {row[1]:>7} {row[2]:>7}   {row[3]:>8} {row[4]:>7} {row[5]:>7}")
    print(f"  {'keep (kind)':<18} {'spans':>7} {'before':>7} {'after':>7}")
    kinds = sorted({kind for kind, _ in results["after"]["keeps"]})
    for kind in [*kinds, "ALL"]:
        row = []
        for name in ("before", "after"):
            keeps = results[name]["keeps"]
            total = sum(v for (k, what), v in keeps.items() if what == "all" and kind in (k, "ALL"))
            kept = sum(v for (k, what), v in keeps.items() if what == "kept" and kind in (k, "ALL"))
            row.append((total, _ratio(kept, total)))
        print(f"  {kind:<18} {row[0][0]:>7} {row[0][1]:>7} {row[1][1]:>7}")
    for name, result in results.items():
        per_call = result["seconds"] / len(calls) * 1e3
        print(
            f"  {name}: {len(result['others'])} findings touching no labelled span; "
            f"{per_call:.2f} ms per call, {result['seconds'] / turns * 1e6:.0f} µs per turn"
        )
    for call_id, entity, text in results["after"]["others"][:errors]:
        print(f"    after, unlabelled: {call_id} {entity} {text}")
    if errors:
        _print_misses(calls, errors)


def _print_misses(calls: list[dict], errors: int) -> None:
    shown = 0
    for call in calls:
        covered = covered_by_entity(after(call["text"]))
        for label in call["labels"]:
            text = call["text"]
            wanted = [i for i in range(label["start"], label["end"]) if text[i] not in _EMPTY]
            if not all(i in covered.get(label["entity"], ()) for i in wanted):
                line_start = text.rfind("\n", 0, label["start"]) + 1
                line_end = text.find("\n", label["end"])
                context = text[max(0, line_start - 40) : line_end if line_end > 0 else len(text)].replace("\n", " | ")
                print(f"    missed: {call['id']} {label['shape']} {label['entity']}: {_masked(context)}")
                shown += 1
                if shown >= errors:
                    return


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Recall per shape and keep on whole calls, before and after the call layer."
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", type=int, default=0, help="list this many misses and unlabelled findings (masked)")
    args = parser.parse_args()
    report(load(args.data), args.errors)


if __name__ == "__main__":
    main()
