"""Tencent Cloud ASR, recording recognition (录音文件识别, DescribeTaskStatus).

``{"Response": {"Data": {"Result": "[0:0.020,0:2.380]  …\\n", "ResultDetail": [{"FinalSentence",
"SliceSentence", "WrittenText", "StartMs", "EndMs", "SpeakerId", "Words": [{"Word",
"OffsetStartMs", "OffsetEndMs"}]}]}}}`` (``Response`` and ``Data`` optional): sentence times in
milliseconds, word offsets in milliseconds from the sentence's start. With two channels
(``ChannelNum``), ``SpeakerId`` is the channel.
"""

from __future__ import annotations

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, Place, Segment, Word, seconds

NAME = "tencent"
MS = 0.001


def _data(document):
    for key in ("Response", "Data"):
        if isinstance(document, dict) and isinstance(document.get(key), dict):
            document = document[key]
    return document


def matches(document) -> bool:
    data = _data(document)
    details = objects(data.get("ResultDetail")) if isinstance(data, dict) else None
    return bool(details) and all("FinalSentence" in detail for detail in details)


def read(document, agent: Agent) -> Call:
    data = _data(document)
    segments = []
    for detail in data["ResultDetail"]:
        if not isinstance(detail.get("FinalSentence"), str):
            raise ValueError("a sentence whose FinalSentence is not text")
        start = detail.get("StartMs") or 0
        speaker = label(detail.get("SpeakerId"))
        segments.append(
            Segment(
                text=detail["FinalSentence"],
                start=seconds(detail.get("StartMs"), MS),
                end=seconds(detail.get("EndMs"), MS),
                speaker=speaker,
                role=agent.role(channel=speaker, speaker=speaker),
                places=[Place(detail, "FinalSentence")],
                variants=[Place(detail, key) for key in ("SliceSentence", "WrittenText") if detail.get(key)],
                words=[
                    Word(
                        word["Word"],
                        seconds(start + (word.get("OffsetStartMs") or 0), MS),
                        seconds(start + (word.get("OffsetEndMs") or 0), MS),
                        [Place(word, "Word")],
                    )
                    for word in objects(detail.get("Words")) or ()
                    if isinstance(word.get("Word"), str)
                ],
            )
        )
    whole = [Place(data, "Result")] if isinstance(data.get("Result"), str) else []
    return Call(NAME, segments, document, whole_texts=whole)
