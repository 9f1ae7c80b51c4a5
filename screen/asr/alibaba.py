"""Alibaba Cloud Intelligent Speech Interaction, recording-file recognition (录音文件识别).

``{"TaskId", "StatusText", "Result": {"Sentences": [{"Text", "BeginTime", "EndTime",
"ChannelId", "SpeakerId"?, …}], "Words": [{"Word", "BeginTime", "EndTime", "ChannelId"}]}}``:
times in milliseconds; words (``enable_words``) are listed for the whole call and belong to the
sentence of their channel whose time they fall in.
"""

from __future__ import annotations

import bisect

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "alibaba"
MS = 0.001


def _result(document):
    if isinstance(document, dict) and isinstance(document.get("Result"), dict):
        return document["Result"]
    return document


def matches(document) -> bool:
    result = _result(document)
    sentences = objects(result.get("Sentences")) if isinstance(result, dict) else None
    return bool(sentences) and all("Text" in sentence for sentence in sentences)


def read(document, agent: Agent) -> Call:
    result = _result(document)
    segments = []
    for sentence in result["Sentences"]:
        if not isinstance(sentence.get("Text"), str):
            raise ValueError("a sentence whose Text is not text")
        channel, speaker = label(sentence.get("ChannelId")), label(sentence.get("SpeakerId"))
        segments.append(
            Segment(
                text=sentence["Text"],
                start=seconds(sentence.get("BeginTime"), MS),
                end=seconds(sentence.get("EndTime"), MS),
                speaker=speaker if speaker is not None else channel,
                role=agent.role(channel=channel, speaker=speaker),
                channel=channel,
                places=[Place(sentence, "Text")],
                words=_words(sentence.get("Words")),
            )
        )
    _assign_words(result, segments)
    return Call(NAME, segments, document)


def _words(words) -> list[Word]:
    return [
        Word(word["Word"], seconds(word.get("BeginTime"), MS), seconds(word.get("EndTime"), MS), [Place(word, "Word")])
        for word in objects(words) or ()
        if isinstance(word.get("Word"), str)
    ]


def _assign_words(result: dict, segments: list[Segment]) -> None:
    """The call's word list, each word to the sentence of its channel it falls in; a word that
    falls in none is refused (its text would otherwise stay unredacted)."""
    words = objects(result.get("Words")) or []
    by_channel: dict = {}  # channel -> sentences as (begins, ends, segments), by begin time
    for sentence, segment in sorted(zip(result["Sentences"], segments), key=lambda pair: pair[0].get("BeginTime", 0)):
        begins, ends, held = by_channel.setdefault(label(sentence.get("ChannelId")), ([], [], []))
        begins.append(sentence.get("BeginTime", 0))
        ends.append(sentence.get("EndTime", 0))
        held.append(segment)
    for number, word in enumerate(words):
        if not isinstance(word.get("Word"), str):
            raise ValueError(f"Result.Words[{number}] has no Word text")
        begins, ends, held = by_channel.get(label(word.get("ChannelId")), ([], [], []))
        begin = word.get("BeginTime", 0)
        index = bisect.bisect_right(begins, begin) - 1
        if index < 0 or begin >= ends[index]:
            raise ValueError(f"Result.Words[{number}] falls in no sentence of its channel")
        held[index].words.extend(_words([word]))
