"""Volcengine (ByteDance) speech recognition, recording files (录音文件识别, standard and big model).

``{"audio_info", "result": {"text", "utterances": [{"text", "start_time", "end_time",
"words": [{"text", "start_time", "end_time"}], "additions": {"speaker", "channel_id"?}}]}}``
(the older API: ``utterances`` at the top or under ``resp``): times in milliseconds.
"""

from __future__ import annotations

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "volcengine"
MS = 0.001


def _holder(document):
    if not isinstance(document, dict):
        return None
    for key in ("result", "resp"):
        if isinstance(document.get(key), dict) and "utterances" in document[key]:
            return document[key]
    return document if "utterances" in document else None


def matches(document) -> bool:
    holder = _holder(document)
    utterances = objects(holder.get("utterances")) if holder is not None else None
    return bool(utterances) and all("text" in utterance for utterance in utterances)


def read(document, agent: Agent) -> Call:
    holder = _holder(document)
    segments = []
    for utterance in holder["utterances"]:
        if not isinstance(utterance.get("text"), str):
            raise ValueError("an utterance whose text is not text")
        additions = utterance.get("additions") if isinstance(utterance.get("additions"), dict) else {}
        speaker, channel = label(additions.get("speaker")), label(additions.get("channel_id"))
        segments.append(
            Segment(
                text=utterance["text"],
                start=seconds(utterance.get("start_time"), MS),
                end=seconds(utterance.get("end_time"), MS),
                speaker=speaker if speaker is not None else channel,
                role=agent.role(channel=channel, speaker=speaker),
                channel=channel,
                places=[Place(utterance, "text")],
                words=[
                    Word(
                        word["text"],
                        seconds(word.get("start_time"), MS),
                        seconds(word.get("end_time"), MS),
                        [Place(word, "text")],
                    )
                    for word in objects(utterance.get("words")) or ()
                    if isinstance(word.get("text"), str)
                ],
            )
        )
    whole = [Place(holder, "text")] if isinstance(holder.get("text"), str) else []
    return Call(NAME, segments, document, whole_texts=whole)
