"""Recall and precision per entity and per shape on the labelled evaluation set, for leadscreen's
scanner and for the plain Presidio setup (``benchmarks/plain_presidio.py``).

A record's shape is its ``shape`` field (the issue-12 ASR shapes: fillers, turns, near misses,
look-alikes, ...); records from before shapes existed count as ``generated`` or ``hand``.

Two ways of counting a hit:

- exact: same entity, same start and end;
- overlap: same entity and the spans overlap (each label and each finding counted once).

Names, addresses, QQ numbers, WeChat IDs and plates (issue 13) are labelled only in the ``entities``
records (``ent-NNNN``): the older records hold unlabelled names and addresses, so those entities
get their own table, scored on the ``entities`` records alone (recall and precision, exact and
overlap), with the hard negatives' false positives listed.

The plain setup only has recognizers for phones, cards and 18-digit IDs; its other columns are
left empty rather than scored as misses. Errors are listed by snippet id with the entity and
masked text (digits shown as '#'), never the number itself.

Last, PERSON and CN_ADDRESS on the public NER files (``benchmarks/public_ner.py``: CLUENER, Weibo,
Resume, shipping labels, address parsing), when ``../shared/eval-data/ner`` (or ``--public``) is there.

Usage::

    python benchmarks/accuracy.py [--data benchmarks/data/eval_snippets.jsonl] [--errors 20] [--public DIR]
                                  [--calls benchmarks/data/eval_calls.jsonl]

Then whole calls (``benchmarks/call_scoring.py``, issue 22): recall per shape and keep on the
generated calls, the scanner on the whole call (before) and the call layer (after).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import call_scoring  # noqa: E402

from recognizers.normalize import fold  # noqa: E402
from recognizers.scanner import ENTITIES, scan  # noqa: E402
from recognizers.text_entities import ENTITIES as TEXT_ENTITIES  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "eval_snippets.jsonl"
CALLS = call_scoring.DATA
PLAIN_ENTITIES = ("CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD")
NUMBER_ENTITIES = tuple(entity for entity in ENTITIES if entity not in TEXT_ENTITIES)
# Where the issue-13 entities are labelled.
TEXT_SOURCE = "entities"

Span = tuple[str, int, int]


def load(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def gold_spans(snippet: dict) -> list[Span]:
    return [(label["entity"], label["start"], label["end"]) for label in snippet["labels"]]


def leadscreen_spans(text: str, entities=None) -> list[Span]:
    """Each finding's span; a number said over several turns gives one span per piece, as the
    evaluation set labels it (and as redaction replaces it)."""
    return [(finding.entity, start, end) for finding in scan(text, entities) for start, end in finding.pieces]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def match_counts(gold: list[Span], predicted: list[Span], relaxed: bool) -> tuple[Counter, Counter, Counter, list]:
    """True positives, false positives, false negatives per entity, and the unmatched spans."""
    tp, fp, fn = Counter(), Counter(), Counter()
    unmatched_predictions = list(predicted)
    misses = []
    for label in gold:
        hit = next((p for p in unmatched_predictions if (_overlaps(p, label) if relaxed else p == label)), None)
        if hit is None:
            fn[label[0]] += 1
            misses.append(("missed", label))
        else:
            tp[label[0]] += 1
            unmatched_predictions.remove(hit)
    for prediction in unmatched_predictions:
        fp[prediction[0]] += 1
        misses.append(("false positive", prediction))
    return tp, fp, fn, misses


def evaluate(snippets: list[dict], predict: Callable[[str], list[Span]], relaxed: bool):
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    for snippet in snippets:
        s_tp, s_fp, s_fn, misses = match_counts(gold_spans(snippet), predict(snippet["text"]), relaxed)
        tp.update(s_tp), fp.update(s_fp), fn.update(s_fn)
        errors.extend((snippet, kind, span) for kind, span in misses)
    return tp, fp, fn, errors


def recall_by_form(snippets: list[dict], predict: Callable[[str], list[Span]], entities: Iterable[str]) -> dict:
    """Exact-match recall of the labels of ``entities``, split by the form they are written in."""
    found, total = Counter(), Counter()
    for snippet in snippets:
        predicted = set(predict(snippet["text"]))
        for label in snippet["labels"]:
            if label["entity"] in entities:
                total[label["form"]] += 1
                found[label["form"]] += (label["entity"], label["start"], label["end"]) in predicted
    return {form: (found[form], total[form]) for form in sorted(total)}


def business_as_phone(snippets: list[dict], predict: Callable[[str], list[Span]]) -> int:
    """How many 400/800/service-number labels a CN_PHONE_NUMBER finding overlaps."""
    return sum(
        1
        for snippet in snippets
        for label in snippet["labels"]
        if label["entity"] == "CN_BUSINESS_NUMBER"
        and any(_overlaps(("CN_PHONE_NUMBER", label["start"], label["end"]), span) for span in predict(snippet["text"]))
    )


def shape_of(snippet: dict) -> str:
    return snippet.get("shape") or snippet["source"]


def covering_counts(gold: list[Span], predicted: list[Span]) -> tuple[int, int, int, int]:
    """Labels found exactly, labels overlapped by a finding of their entity, findings that match no
    label exactly, findings that overlap no label of their entity. Overlap here is many-to-many: one
    finding covering a number said in three pieces finds all three (that is what redaction needs)."""
    predicted_set = set(predicted)
    exact = sum(label in predicted_set for label in gold)
    overlapped = sum(any(_overlaps(p, label) for p in predicted) for label in gold)
    gold_set = set(gold)
    stray_exact = sum(p not in gold_set for p in predicted)
    stray = sum(not any(_overlaps(p, label) for label in gold) for p in predicted)
    return exact, overlapped, stray_exact, stray


def by_shape(snippets: list[dict], predict: Callable[[str], list[Span]]) -> dict[str, Counter]:
    """Per shape: records, labels, findings and the four counts of ``covering_counts``. Precision is
    over findings: the share that match a label (exact) or overlap one (overlap); ``stray`` findings
    overlap no label of their entity, i.e. a look-alike or other text swallowed."""
    table: dict[str, Counter] = {}
    for snippet in snippets:
        row = table.setdefault(shape_of(snippet), Counter())
        gold, predicted = gold_spans(snippet), predict(snippet["text"])
        exact, overlapped, stray_exact, stray = covering_counts(gold, predicted)
        row.update(records=1, labels=len(gold), findings=len(predicted), exact=exact, overlapped=overlapped)
        row.update(stray_exact=stray_exact, stray=stray)
    return table


def print_shape_table(name: str, table: dict[str, Counter]) -> None:
    print(f"\n{name}: recall and precision per shape (exact span / overlap, all entities)")
    header = (
        f"{'shape':<26} {'records':>7} {'labels':>6} │ {'R exact':>7} {'P exact':>7} │ "
        f"{'R overlap':>9} {'P overlap':>9} {'stray':>5}"
    )
    print(header)
    print("─" * len(header))
    total = Counter()
    for shape, row in sorted(table.items()):
        total.update(row)
        _print_shape_row(shape, row)
    print("─" * len(header))
    _print_shape_row("all", total)


def _print_shape_row(shape: str, row: Counter) -> None:
    labels, findings = row["labels"], row["findings"]
    print(
        f"{shape:<26} {row['records']:>7} {labels:>6} │ {_ratio(row['exact'], labels):>7} "
        f"{_ratio(findings - row['stray_exact'], findings):>7} │ {_ratio(row['overlapped'], labels):>9} "
        f"{_ratio(findings - row['stray'], findings):>9} {row['stray']:>5}"
    )


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "  -  "


def masked(text: str) -> str:
    """The text with every digit (in any form) shown as '#', for error listings."""
    folded = fold(text)
    return "".join("#" if folded[i].isdigit() else char for i, char in enumerate(text)).replace("\n", " / ")


def print_table(title: str, results: dict, entities: Iterable[str]) -> None:
    print(f"\n{title}")
    header = f"{'entity':<20} {'labels':>6} │ " + " │ ".join(f"{name + ' R':>12} {name + ' P':>12}" for name in results)
    print(header)
    print("─" * len(header))
    for entity in entities:
        cells = []
        labels = None
        for (tp, fp, fn, _errors), covered in results.values():
            labels = tp[entity] + fn[entity] if labels is None else labels
            if entity not in covered:
                cells.append(f"{'n/a':>12} {'n/a':>12}")
            else:
                cells.append(
                    f"{_ratio(tp[entity], tp[entity] + fn[entity]):>12} {_ratio(tp[entity], tp[entity] + fp[entity]):>12}"
                )
        print(f"{entity:<20} {labels:>6} │ " + " │ ".join(cells))


def only(entities: Iterable[str], predict: Callable[[str], list[Span]]) -> Callable[[str], list[Span]]:
    """``predict`` keeping the findings of ``entities``."""
    kept = frozenset(entities)
    return lambda text: [span for span in predict(text) if span[0] in kept]


def print_text_entities(snippets: list[dict], errors: int) -> None:
    """Recall and precision of names, addresses, QQ, WeChat and plates on the records that label
    them, exact and overlap, and their errors (masked)."""
    records = [snippet for snippet in snippets if snippet["source"] == TEXT_SOURCE]
    if not records:
        return
    predict = only(TEXT_ENTITIES, leadscreen_spans)
    print(f"\nNames, addresses, QQ, WeChat, plates on the {len(records)} '{TEXT_SOURCE}' records (leadscreen)")
    header = f"{'entity':<18} {'labels':>6} │ {'R exact':>7} {'P exact':>7} │ {'R overlap':>9} {'P overlap':>9}"
    print(header)
    print("─" * len(header))
    exact, overlap = evaluate(records, predict, False), evaluate(records, predict, True)
    for entity in TEXT_ENTITIES:
        cells = []
        for tp, fp, fn, _errors in (exact, overlap):
            cells.append(
                f"{_ratio(tp[entity], tp[entity] + fn[entity]):>7} {_ratio(tp[entity], tp[entity] + fp[entity]):>7}"
            )
        labels = exact[0][entity] + exact[2][entity]
        print(f"{entity:<18} {labels:>6} │ {cells[0]} │ {cells[1]:>19}")
    negatives = [s for s in records if s["shape"].startswith("negative")]
    wrong = sum(1 for s in negatives if predict(s["text"]))
    print(f"hard negatives with a finding: {wrong} of {len(negatives)}")
    listed = exact[3][:errors]
    if listed:
        print(f"errors (exact match), first {len(listed)} of {len(exact[3])}:")
    for snippet, kind, (entity, start, end) in listed:
        print(f"  {snippet['id']:<9} {kind:<14} {entity:<18} {start:>3}-{end:<3} {snippet['shape']}")


def print_public(folder: Path | None) -> None:
    """PERSON and CN_ADDRESS on the public NER files (``benchmarks/public_ner.py``), when they are here."""
    import public_ner

    folder = folder or public_ner.DEFAULT_DATA
    if not folder.is_dir():
        print(f"\n(public NER data not found at {folder}: PERSON and CN_ADDRESS on public data not measured)")
        return
    print("\nPERSON and CN_ADDRESS on public data (benchmarks/public_ner.py; compare LAC and jieba there)")
    public_ner.report("leadscreen", public_ner.score(public_ner.load(folder, None), public_ner.leadscreen))


def main() -> None:
    parser = argparse.ArgumentParser(description="Recall/precision of leadscreen and a plain Presidio setup.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", type=int, default=20, help="how many leadscreen errors to list (masked)")
    parser.add_argument(
        "--public", type=Path, default=None, help="public NER data folder (default: ../shared/eval-data/ner if there)"
    )
    parser.add_argument(
        "--calls", type=Path, default=CALLS, help="whole calls to score per shape, before and after the call layer"
    )
    args = parser.parse_args()

    from plain_presidio import build_plain_analyzer, plain_findings

    snippets = load(args.data)
    analyzer = build_plain_analyzer()
    plain_cache = {snippet["text"]: plain_findings(analyzer, snippet["text"]) for snippet in snippets}
    systems = {
        "leadscreen": (leadscreen_spans, ENTITIES),
        "plain": (plain_cache.__getitem__, PLAIN_ENTITIES),
    }
    labels = [label for snippet in snippets for label in snippet["labels"]]
    print(
        f"{len(snippets)} snippets ({sum(1 for s in snippets if s['source'] == 'hand')} hand-written), "
        f"{len(labels)} labelled numbers, "
        f"{sum(1 for s in snippets if not s['labels'])} snippets with look-alikes only"
    )
    print("forms:", dict(Counter(label["form"] for label in labels)))

    for relaxed, title in ((False, "EXACT span match"), (True, "OVERLAP match (same entity, spans overlap)")):
        results = {
            name: (evaluate(snippets, predict, relaxed), covered) for name, (predict, covered) in systems.items()
        }
        print_table(title, results, NUMBER_ENTITIES)
        for name, ((tp, fp, fn, _errors), _covered) in results.items():
            all_tp, all_fp, all_fn = (sum(counter[e] for e in PLAIN_ENTITIES) for counter in (tp, fp, fn))
            print(
                f"  {name:<10} ID+phone+card: recall {_ratio(all_tp, all_tp + all_fn)}, "
                f"precision {_ratio(all_tp, all_tp + all_fp)}"
            )

    print("\nRecall by written form (ID, phone, card; exact match)")
    for name, (predict, _covered) in systems.items():
        forms = recall_by_form(snippets, predict, PLAIN_ENTITIES)
        print(f"  {name:<10} " + "  ".join(f"{form} {found}/{total}" for form, (found, total) in forms.items()))

    print(
        "\nBusiness/service numbers reported as personal phones: "
        + ", ".join(f"{name} {business_as_phone(snippets, predict)}" for name, (predict, _covered) in systems.items())
    )

    numbers_only = [snippet for snippet in snippets if snippet["source"] != TEXT_SOURCE]
    with_text = [snippet for snippet in snippets if snippet["source"] == TEXT_SOURCE]
    for name, (predict, _covered) in systems.items():
        # names and addresses are labelled only in the entity records
        table = by_shape(numbers_only, only(NUMBER_ENTITIES, predict))
        table.update(by_shape(with_text, predict))
        print_shape_table(name, table)

    print_text_entities(snippets, args.errors)
    print_public(args.public)

    _tp, _fp, _fn, errors = evaluate(numbers_only, only(NUMBER_ENTITIES, leadscreen_spans), relaxed=False)
    if errors and args.errors:
        print(
            f"\nleadscreen errors (exact match), first {min(args.errors, len(errors))} of {len(errors)}, digits masked:"
        )
        for snippet, kind, (entity, start, end) in errors[: args.errors]:
            note = f"  [{snippet['note']}]" if snippet.get("note") else ""
            print(f"  {snippet['id']:<9} {kind:<14} {entity:<18} {start:>3}-{end:<3} {masked(snippet['text'])}{note}")

    # issue 22: whole calls, recall per shape and keep, the scanner alone and the call layer
    call_scoring.report(call_scoring.load(args.calls))


if __name__ == "__main__":
    main()
