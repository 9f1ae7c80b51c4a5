"""iFlytek recording transcription (录音文件转写, getResult).

``{"code", "content": {"orderInfo", "orderResult": "<JSON>"}}``; ``orderResult`` is a JSON
string holding ``{"lattice": [{"json_1best": "<JSON>"}], "lattice2": [{"json_1best": {…}}]}``:
``lattice``'s ``json_1best`` is JSON inside JSON, ``lattice2``'s the same sentence as an object.
Each sentence: ``{"st": {"bg", "ed", "rl", "rt": [{"ws": [{"wb", "we", "cw": [{"w", "wp"}]}]}]}}``,
``bg``/``ed`` in milliseconds, ``wb``/``we`` in 10 ms frames from ``bg``, ``rl`` the speaker
(role separation; 0 without it). The sentence's text is its words (``cw[0].w``) put together;
every candidate of a word is written with its redacted text. Both lattices are written, and the
JSON strings are written again in their own style.
"""

from __future__ import annotations

import json

from screen.asr.agent import Agent, label, objects
from screen.asr.model import Call, NestedJson, Place, Segment, Word, seconds

NAME = "iflytek"
MS = 0.001
FRAME = 10  # milliseconds


def _order_result(document) -> tuple[object, Place | None]:
    """The ``orderResult`` object, and the place of the JSON string it was read from (if one)."""
    content = document.get("content") if isinstance(document, dict) else None
    holder = content if isinstance(content, dict) and "orderResult" in content else document
    if isinstance(holder, dict) and "orderResult" in holder:
        value = holder["orderResult"]
        return (value, None) if isinstance(value, dict) else (value, Place(holder, "orderResult"))
    return document, None


def matches(document) -> bool:
    result, place = _order_result(document)
    if place is not None:
        return isinstance(result, str) and '"lattice' in result
    return isinstance(result, dict) and (objects(result.get("lattice")) or objects(result.get("lattice2"))) is not None


def read(document, agent: Agent) -> Call:
    nested: list[NestedJson] = []
    result, place = _order_result(document)
    if place is not None:
        result = _parsed(result, "content.orderResult")
    lattices = {}
    for name in ("lattice", "lattice2"):
        items = objects(result.get(name))
        if items is not None:
            lattices[name] = [_sentence(item, name, nested, agent) for item in items]
    if not lattices:
        raise ValueError("orderResult holds no lattice")
    segments = lattices.get("lattice") or lattices["lattice2"]
    if "lattice" in lattices and "lattice2" in lattices:
        _merge(segments, lattices["lattice2"])
    if place is not None:
        nested.append(NestedJson(place, result, place.get()))  # the outer string last
    return Call(NAME, segments, document, nested=nested)


def _parsed(text, where: str):
    if not isinstance(text, str):
        raise ValueError(f"{where} is neither JSON text nor an object")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{where} is not valid JSON ({error.msg})") from None


def _sentence(item: dict, name: str, nested: list, agent: Agent) -> Segment:
    best = item.get("json_1best")
    if isinstance(best, str):
        parsed = _parsed(best, f"{name}[].json_1best")
        nested.append(NestedJson(Place(item, "json_1best"), parsed, best))
        best = parsed
    st = best.get("st") if isinstance(best, dict) else None
    if not isinstance(st, dict):
        raise ValueError(f"{name}[].json_1best has no st")
    begin = int(st.get("bg") or 0)
    words = []
    for rt in objects(st.get("rt")) or ():
        for ws in objects(rt.get("ws")) or ():
            candidates = [cw for cw in objects(ws.get("cw")) or () if isinstance(cw.get("w"), str)]
            if not candidates:
                continue
            words.append(
                Word(
                    candidates[0]["w"],
                    seconds(begin + FRAME * int(ws.get("wb") or 0), MS),
                    seconds(begin + FRAME * int(ws.get("we") or 0), MS),
                    [Place(cw, "w") for cw in candidates],
                )
            )
    speaker = label(st.get("rl"))
    return Segment(
        text="".join(word.text for word in words),
        start=seconds(st.get("bg"), MS),
        end=seconds(st.get("ed"), MS),
        speaker=speaker,
        role=agent.role(speaker=speaker),
        words=words,
    )


def _merge(segments: list[Segment], others: list[Segment]) -> None:
    """``lattice2`` holds the sentences of ``lattice`` again: its words are written too."""
    if [s.text for s in segments] != [s.text for s in others] or any(
        len(a.words) != len(b.words) for a, b in zip(segments, others)
    ):
        raise ValueError("lattice and lattice2 do not hold the same sentences")
    for segment, other in zip(segments, others):
        for word, twin in zip(segment.words, other.words):
            word.places.extend(twin.places)
