"""Throughput of leadscreen's scanner against the plain Presidio setup, on the same texts.

The texts are the evaluation snippets (``benchmarks/data/eval_snippets.jsonl``) repeated to a
decent volume. Both systems run in this one process, one after the other, on the same list:

- (a) the plain Presidio setup of ``benchmarks/plain_presidio.py``: ``AnalyzerEngine`` on a blank
  spaCy ``zh`` pipeline with Presidio's CN ``PhoneRecognizer``, its Luhn ``CreditCardRecognizer``
  and an 18-digit ID ``PatternRecognizer`` with a check-character ``validate_result``;
- (b) ``recognizers.scanner.scan``.

Printed: characters per second of each, the ratio, and the recall of each on the ID, phone and
card numbers labelled in those texts (exact span; overlap in brackets; computed per snippet, also
when ``--join`` times longer texts). Building the analyzers is
not timed; one untimed warm-up pass runs first; the two systems alternate for ``--rounds`` rounds
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accuracy import DATA, PLAIN_ENTITIES, gold_spans, leadscreen_spans, load, match_counts  # noqa: E402
from plain_presidio import build_plain_analyzer, plain_findings  # noqa: E402

from recognizers import email, phone, resident_id  # noqa: E402
from recognizers.scanner import scan  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description="Characters per second: leadscreen scan vs plain Presidio.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=5, help="how many times the snippets are repeated")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per system; the best one counts")
    parser.add_argument("--join", type=int, default=1, help="snippets per timed text (e.g. 20 for call-length texts)")
    args = parser.parse_args()

    snippets = load(args.data)
    analyzer = build_plain_analyzer()
    # warm-up, and the predictions the recall is computed from
    plain_predictions = [plain_findings(analyzer, snippet["text"]) for snippet in snippets]
    leadscreen_predictions = [leadscreen_spans(snippet["text"]) for snippet in snippets]

    # What is timed: each snippet on its own, or --join N snippets per text (a whole call).
    texts = ["\n".join(s["text"] for s in snippets[i:i + args.join]) for i in range(0, len(snippets), args.join)]
    characters = sum(len(text) for text in texts) * args.repeat

    def plain_pass() -> None:
        for text in texts:
            analyzer.analyze(text=text, language="zh")

    def leadscreen_pass() -> None:
        _clear_caches()
        for text in texts:
            scan(text)

    # The machine may be shared: alternate the two, several rounds, and keep each one's best round.
    plain_seconds = leadscreen_seconds = float("inf")
    for _ in range(args.rounds):
        plain_seconds = min(plain_seconds, _time(args.repeat, plain_pass))
        leadscreen_seconds = min(leadscreen_seconds, _time(args.repeat, leadscreen_pass))

    print(f"{len(snippets)} snippets, {args.join} per text, x {args.repeat} = {len(texts) * args.repeat} texts, "
          f"{characters:,} characters")
    rows = (("plain Presidio", plain_seconds, plain_predictions), ("leadscreen scan", leadscreen_seconds, leadscreen_predictions))
    for name, seconds, predictions in rows:
        exact, total = _recall(snippets, predictions, relaxed=False)
        overlap, _total = _recall(snippets, predictions, relaxed=True)
        print(f"  {name:<16} {seconds:8.3f} s  {characters / seconds:>12,.0f} chars/s   "
              f"recall (ID+phone+card) {exact / total:.3f} [{overlap / total:.3f}] of {total}")
    print(f"  ratio: leadscreen is {plain_seconds / leadscreen_seconds:.1f}x the plain setup's throughput")


if __name__ == "__main__":
    main()
