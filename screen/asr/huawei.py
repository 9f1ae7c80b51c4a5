"""Huawei Cloud SIS, recording-file recognition (录音文件识别, CollectTranscriberJob).

``{"job_id", "status", "segments": [{"start_time", "end_time", "result": {"text",
"analysis_info": {"role": "AGENT" | "USER" | "speaker1"…}, "word_info": [{"word", "start_time",
"end_time"}]}}]}``: times in milliseconds; the role says the side of a call-center recording.
"""

from __future__ import annotations

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "huawei"
MS = 0.001
ROLES = {"AGENT": "agent", "USER": "customer"}


def matches(document) -> bool:
    segments = objects(document.get("segments")) if isinstance(document, dict) else None
    return bool(segments) and all(isinstance(segment.get("result"), dict) for segment in segments)


def read(document, agent: Agent) -> Call:
    segments = []
    for segment in document["segments"]:
        result = segment["result"]
        if not isinstance(result.get("text"), str):
            raise ValueError("a segment whose result.text is not text")
        info = result.get("analysis_info") if isinstance(result.get("analysis_info"), dict) else {}
        speaker = label(info.get("role"))
        segments.append(
            Segment(
                text=result["text"],
                start=seconds(segment.get("start_time"), MS),
                end=seconds(segment.get("end_time"), MS),
                speaker=speaker,
                role=agent.role(speaker=speaker, default=ROLES.get(speaker)),
                places=[Place(result, "text")],
                words=[_word(word) for word in objects(result.get("word_info")) or ()],
            )
        )
    return Call(NAME, segments, document)


def _word(word: dict) -> Word:
    key = "word" if "word" in word else "text"  # the real-time API names it text
    if not isinstance(word.get(key), str):
        raise ValueError("a word_info entry without its word")
    return Word(word[key], seconds(word.get("start_time"), MS), seconds(word.get("end_time"), MS), [Place(word, key)])
