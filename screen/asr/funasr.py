"""FunASR / Paraformer (ModelScope), ``AutoModel.generate`` written as JSON.

``[{"key", "text", "timestamp": [[start, end], …], "sentence_info": [{"text", "start", "end",
"timestamp", "spk"}]}]`` (one object, or a list of one per file): times in milliseconds;
``timestamp`` gives one ``[start, end]`` per character (per English word) of the text without
punctuation. Those timings are read as words for audio; nothing of them is text, so only the
texts are written back (each sentence's and the whole ``text``).
"""

from __future__ import annotations

import re

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "funasr"
MS = 0.001
_TOKEN = re.compile(r"[A-Za-z']+|[^\W_]")  # an English word, else one character (a digit, a hanzi)


def _results(document) -> list[dict] | None:
    results = [document] if isinstance(document, dict) else objects(document)
    if not results:
        return None
    fits = all(
        isinstance(result.get("text"), str) and ("sentence_info" in result or "timestamp" in result)
        for result in results
    )
    return results if fits else None


def matches(document) -> bool:
    return _results(document) is not None


def read(document, agent: Agent) -> Call:
    segments, whole = [], []
    for result in _results(document):
        sentences = objects(result.get("sentence_info"))
        if sentences:
            whole.append(Place(result, "text"))
            segments += [_segment(sentence, sentence.get("spk"), agent) for sentence in sentences]
        else:
            segments.append(_segment(result, None, agent))
    return Call(NAME, segments, document, whole_texts=whole)


def _segment(holder: dict, speaker, agent: Agent) -> Segment:
    text = holder.get("text")
    if not isinstance(text, str):
        raise ValueError("a sentence whose text is not text")
    words = _timed_tokens(text, holder.get("timestamp"))
    speaker = label(speaker)
    return Segment(
        text=text,
        start=seconds(holder.get("start"), MS) if "start" in holder else (words[0].start if words else None),
        end=seconds(holder.get("end"), MS) if "end" in holder else (words[-1].end if words else None),
        speaker=speaker,
        role=agent.role(speaker=speaker),
        places=[Place(holder, "text")],
        words=words,
    )


def _timed_tokens(text: str, timestamp) -> list[Word]:
    """The text's tokens with their timings, when there is one timing per token (else none)."""
    if not isinstance(timestamp, list):
        return []
    tokens = _TOKEN.findall(text)
    if len(tokens) != len(timestamp) or not all(isinstance(t, list) and len(t) == 2 for t in timestamp):
        return []
    return [Word(token, seconds(start, MS), seconds(end, MS)) for token, (start, end) in zip(tokens, timestamp)]
