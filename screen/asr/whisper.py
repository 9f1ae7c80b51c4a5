"""OpenAI Whisper, faster-whisper, WhisperX and WeNet-style results.

``{"text", "language", "segments": [{"id", "seek", "start", "end", "text", "tokens",
"speaker"?, "words": [{"word", "start", "end", "probability"}]}], "word_segments"?: […]}``: times
in seconds; words start with a space. ``tokens`` are the tokenizer's ids of the text, which spell
it as surely as the text: a segment whose text is redacted has them emptied. WhisperX lists the
words again in ``word_segments``: written too.
"""

from __future__ import annotations

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "whisper"
_WHISPER_FIELDS = ("seek", "tokens", "avg_logprob", "no_speech_prob")


def matches(document) -> bool:
    if not isinstance(document, dict):
        return False
    segments = objects(document.get("segments"))
    if not segments or not all(isinstance(segment.get("text"), str) for segment in segments):
        return False
    if "language" in document or "word_segments" in document:
        return True
    return any(
        any(field in segment for field in _WHISPER_FIELDS)
        or any("word" in word for word in objects(segment.get("words")) or ())
        for segment in segments
    )


def read(document, agent: Agent) -> Call:
    segments = []
    for segment in document["segments"]:
        speaker = label(segment.get("speaker"))
        segments.append(
            Segment(
                text=segment["text"],
                start=seconds(segment.get("start"), 1),
                end=seconds(segment.get("end"), 1),
                speaker=speaker,
                role=agent.role(speaker=speaker),
                places=[Place(segment, "text")],
                derived=[Place(segment, "tokens")] if isinstance(segment.get("tokens"), list) else [],
                words=[_word(word) for word in objects(segment.get("words")) or ()],
            )
        )
    _word_segments(document, segments)
    whole = [Place(document, "text")] if isinstance(document.get("text"), str) else []
    return Call(NAME, segments, document, whole_texts=whole)


def _word(word: dict) -> Word:
    key = "word" if "word" in word else "text"
    if not isinstance(word.get(key), str):
        raise ValueError("a word without its text")
    return Word(word[key].strip(), seconds(word.get("start"), 1), seconds(word.get("end"), 1), [Place(word, key)])


def _word_segments(document: dict, segments: list[Segment]) -> None:
    listed = objects(document.get("word_segments"))
    if listed is None:
        return
    words = [word for segment in segments for word in segment.words]
    twins = [_word(word) for word in listed]
    if [w.text for w in words] != [w.text for w in twins]:
        raise ValueError("word_segments does not hold the segments' words")
    for word, twin in zip(words, twins):
        word.places.extend(twin.places)
