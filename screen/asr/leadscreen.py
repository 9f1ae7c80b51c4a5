"""leadscreen's own shape: ``{"segments": [{"speaker", "start", "end", "text", "words": [{"text",
"start", "end"}]}]}`` or a bare list of segments, times in seconds."""

from __future__ import annotations

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "leadscreen"


def segment_list(document) -> list[dict] | None:
    segments = document.get("segments") if isinstance(document, dict) else document
    return objects(segments)


def matches(document) -> bool:
    segments = segment_list(document)
    return segments is not None and all(isinstance(segment.get("text", ""), str) for segment in segments)


def read(document, agent: Agent) -> Call:
    segments = []
    for segment in segment_list(document):
        speaker = label(segment.get("speaker"))
        segments.append(
            Segment(
                text=segment.get("text", ""),
                start=seconds(segment.get("start"), 1),
                end=seconds(segment.get("end"), 1),
                speaker=speaker,
                role=agent.role(channel=segment.get("channel"), speaker=speaker),
                channel=label(segment.get("channel")),
                places=[Place(segment, "text")] if "text" in segment else [],
                words=[
                    Word(
                        word["text"], seconds(word.get("start"), 1), seconds(word.get("end"), 1), [Place(word, "text")]
                    )
                    for word in objects(segment.get("words")) or ()
                    if isinstance(word.get("text"), str)
                ],
            )
        )
    return Call(NAME, segments, document)
