"""Throughput of leadscreen's scanner and Presidio pack against the plain Presidio setup, on the same texts.

The texts are the evaluation snippets (``benchmarks/data/eval_snippets.jsonl``) repeated to a
decent volume. The three systems run in this one process, one after the other, on the same list:

- (a) the plain Presidio setup of ``benchmarks/plain_presidio.py``: ``AnalyzerEngine`` on a blank
  spaCy ``zh`` pipeline with Presidio's CN ``PhoneRecognizer``, its Luhn ``CreditCardRecognizer``
  and an 18-digit ID ``PatternRecognizer`` with a check-character ``validate_result``;
- (b) ``recognizers.scanner.scan``;
- (c) leadscreen's Presidio pack, ``recognizers.presidio_pack.build_analyzer().analyze`` (the
  same rules behind Presidio's engine; its default leaves service numbers out).

Printed: characters per second of each, the ratios to the plain setup, and the recall of each on
the ID, phone and card numbers labelled in those texts (exact span; overlap in brackets; computed
per snippet, also when ``--join`` times longer texts). Building the analyzers is not timed; one untimed warm-up pass runs first; the three systems alternate for ``--rounds`` rounds
and each one's best round counts (the machine may be shared). leadscreen's small LRU caches (address codes,
landlines, e-mail suffixes) are cleared before every repetition, so repeating the same texts does
not turn every lookup into a cache hit.

Usage::

    python benchmarks/throughput.py [--repeat 5] [--rounds 3] [--join 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accuracy import DATA, PLAIN_ENTITIES, gold_spans, leadscreen_spans, load, match_counts  # noqa: E402
from plain_presidio import build_plain_analyzer, plain_findings  # noqa: E402

from recognizers import email, phone, resident_id, text_entities  # noqa: E402
from recognizers.call import scan_text  # noqa: E402
from recognizers.presidio_pack import build_analyzer  # noqa: E402
from recognizers.scanner import ENTITIES, scan  # noqa: E402

# Issue 12's entities: the numbers (and e-mail) without names, addresses and account identifiers.
NUMBER_ENTITIES = frozenset(ENTITIES) - frozenset(text_entities.ENTITIES)


class Analyzers(NamedTuple):
    plain: object  # the plain Presidio setup
    pack: object  # leadscreen's Presidio pack (build_analyzer)


def _clear_caches() -> None:
    resident_id.is_known_address_code.cache_clear()
    phone.is_valid_landline.cache_clear()
    email.has_public_suffix.cache_clear()


def _time(passes: int, run_pass) -> float:
    started = time.perf_counter()
    for _ in range(passes):
        run_pass()
    return time.perf_counter() - started


def _recall(snippets: list[dict], predictions: list[list[tuple[str, int, int]]], relaxed: bool) -> tuple[int, int]:
    found = total = 0
    for snippet, predicted in zip(snippets, predictions):
        gold = [span for span in gold_spans(snippet) if span[0] in PLAIN_ENTITIES]
        tp, _fp, fn, _errors = match_counts(gold, [p for p in predicted if p[0] in PLAIN_ENTITIES], relaxed)
        found += sum(tp.values())
        total += sum(tp.values()) + sum(fn.values())
    return found, total


CALL_LINES = Path(__file__).resolve().parent / "data" / "call_lines.txt"


def build_calls(
    snippets: list[dict], calls: int, lines_per_call: int, snippets_per_call: int, seed: int = 7
) -> list[dict]:
    """Call-length transcripts: number-free call-center lines with evaluation snippets among them.

    Real calls hold a few numbers in a thousand characters or more (the customer gives a phone,
    an ID, a card); the evaluation snippets hold one in thirty. Labels are shifted to the call.
    """
    import random

    filler = [line for line in CALL_LINES.read_text(encoding="utf-8").splitlines() if line.strip()]
    chooser = random.Random(seed)
    built = []
    for _ in range(calls):
        parts = [("line", line) for line in chooser.sample(filler, min(lines_per_call, len(filler)))]
        for snippet in chooser.sample(snippets, snippets_per_call):
            parts.insert(chooser.randrange(len(parts) + 1), ("snippet", snippet))
        text, labels = "", []
        for kind, part in parts:
            if text:
                text += "\n"
            if kind == "snippet":
                labels += [
                    {**label, "start": label["start"] + len(text), "end": label["end"] + len(text)}
                    for label in part["labels"]
                ]
                text += part["text"]
            else:
                text += part
        built.append({"text": text, "labels": labels})
    return built


def measure(title: str, documents: list[dict], analyzers: Analyzers, repeat: int, rounds: int) -> None:
    texts = [document["text"] for document in documents]
    characters = sum(len(text) for text in texts) * repeat
    plain, pack = analyzers
    # the prediction passes are also the warm-up
    predictions = {
        "plain Presidio": [plain_findings(plain, text) for text in texts],
        "leadscreen scan": [leadscreen_spans(text) for text in texts],
        "leadscreen Presidio": [_pack_spans(pack, text) for text in texts],
        "scan, numbers only": [leadscreen_spans(text, NUMBER_ENTITIES) for text in texts],
        "call layer": [_call_spans(text) for text in texts],
    }

    def plain_pass() -> None:
        for text in texts:
            plain.analyze(text=text, language="zh")

    def scan_pass() -> None:
        _clear_caches()
        for text in texts:
            scan(text)

    def numbers_pass() -> None:
        _clear_caches()
        for text in texts:
            scan(text, entities=NUMBER_ENTITIES)

    def call_pass() -> None:
        _clear_caches()
        for text in texts:
            scan_text(text)

    def pack_pass() -> None:
        _clear_caches()
        for text in texts:
            pack.analyze(text=text, language="zh")

    # The machine may be shared: alternate the three, several rounds, and keep each one's best round.
    passes = {
        "plain Presidio": plain_pass,
        "leadscreen scan": scan_pass,
        "leadscreen Presidio": pack_pass,
        "scan, numbers only": numbers_pass,
        "call layer": call_pass,
    }
    seconds = dict.fromkeys(passes, float("inf"))
    for _ in range(rounds):
        for name, run_pass in passes.items():
            seconds[name] = min(seconds[name], _time(repeat, run_pass))

    print(
        f"{title}: {len(texts)} texts x {repeat} = {characters:,} characters "
        f"(mean {characters / repeat / len(texts):,.0f} characters a text)"
    )
    for name in passes:
        exact, total = _recall(documents, predictions[name], relaxed=False)
        overlap, _total = _recall(documents, predictions[name], relaxed=True)
        print(
            f"  {name:<20} {seconds[name]:8.3f} s  {characters / seconds[name]:>12,.0f} chars/s   "
            f"recall (ID+phone+card) {exact / total:.3f} [{overlap / total:.3f}] of {total}"
        )
    plain_seconds = seconds["plain Presidio"]
    print(f"  ratio: leadscreen scan is {plain_seconds / seconds['leadscreen scan']:.1f}x the plain setup's throughput")
    print(
        f"  ratio: leadscreen Presidio is {plain_seconds / seconds['leadscreen Presidio']:.1f}x the plain setup's "
        f"throughput ({seconds['leadscreen scan'] / seconds['leadscreen Presidio']:.2f}x scan's)"
    )
    print(
        f"  ratio: the call layer (all entities, a transcript read as a call) is "
        f"{plain_seconds / seconds['call layer']:.1f}x the plain setup's throughput "
        f"({seconds['call layer'] / seconds['leadscreen scan']:.2f}x scan's time)"
    )
    print(
        f"  ratio: scan of the number entities only (no name search) is "
        f"{plain_seconds / seconds['scan, numbers only']:.1f}x the plain setup's throughput"
    )


def _call_spans(text: str) -> list[tuple[str, int, int]]:
    """The call layer's findings (recognizers.call.scan_text: a transcript is read as a call)."""
    return [(finding.entity, start, end) for finding in scan_text(text) for start, end in finding.pieces]


def _pack_spans(analyzer, text: str) -> list[tuple[str, int, int]]:
    return [(result.entity_type, result.start, result.end) for result in analyzer.analyze(text=text, language="zh")]


def main() -> None:
    parser = argparse.ArgumentParser(description="Characters per second: leadscreen scan vs plain Presidio.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=5, help="how many times the texts are repeated")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per system; the best one counts")
    parser.add_argument("--join", type=int, default=1, help="snippets per text in the dense set (e.g. 20)")
    parser.add_argument("--calls", type=int, default=150, help="call-length transcripts to build (0: skip)")
    parser.add_argument("--lines-per-call", type=int, default=40)
    parser.add_argument("--snippets-per-call", type=int, default=3)
    args = parser.parse_args()

    snippets = load(args.data)
    analyzers = Analyzers(plain=build_plain_analyzer(), pack=build_analyzer())
    dense = [
        {
            "text": "\n".join(s["text"] for s in snippets[i : i + args.join]),
            "labels": _joined_labels(snippets[i : i + args.join]),
        }
        for i in range(0, len(snippets), args.join)
    ]
    measure(
        "dense evaluation snippets (a number or look-alike in almost every line)",
        dense,
        analyzers,
        args.repeat,
        args.rounds,
    )
    if args.calls:
        calls = build_calls(snippets, args.calls, args.lines_per_call, args.snippets_per_call)
        measure(
            f"call transcripts ({args.lines_per_call} call-center lines + {args.snippets_per_call} evaluation snippets each)",
            calls,
            analyzers,
            args.repeat,
            args.rounds,
        )


def _joined_labels(group: list[dict]) -> list[dict]:
    labels, offset = [], 0
    for snippet in group:
        labels += [
            {**label, "start": label["start"] + offset, "end": label["end"] + offset} for label in snippet["labels"]
        ]
        offset += len(snippet["text"]) + 1
    return labels


if __name__ == "__main__":
    main()
