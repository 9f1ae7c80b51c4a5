"""The replaced time spans of a redacted recording, in a JSON file beside it.

``CALL.redacted.wav`` gets ``CALL.redacted.wav.spans.json``: the spans (seconds, channel, the
entities and segment numbers they hold, never a value), the fill and the margin. ``spotcheck``
shows them beside the transcript: it looks, next to a transcript ``X.json``, for
``X.<audio suffix>.spans.json`` (the CLI names the redacted transcript and recording alike, so
``CALL.redacted.json`` finds ``CALL.redacted.wav.spans.json``; in a batch output folder
``CALL.json`` finds ``CALL.wav.spans.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

from screen.audio.names import shown_name
from screen.files.atomic import atomic_write

SUFFIX = ".spans.json"


def sidecar_path(audio_out: str | Path) -> Path:
    return Path(str(audio_out) + SUFFIX)


def write_sidecar(audio_out: str | Path, record: dict) -> Path:
    path = sidecar_path(audio_out)
    with atomic_write(path, "w") as handle:
        handle.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return path


def sidecar_for_transcript(transcript: str | Path) -> Path | None:
    """The spans file of the recording redacted with ``transcript``, if one is beside it."""
    transcript = Path(transcript)
    found = sorted(transcript.parent.glob(f"{_glob_escape(transcript.stem)}.*{SUFFIX}"))
    exact = [path for path in found if path.name.count(".") == transcript.stem.count(".") + 3]
    return exact[0] if exact else None


def _glob_escape(text: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in text)


def read_sidecar(path: Path) -> dict | None:
    """The spans record, or None when it is not readable JSON of that shape."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("spans"), list) else None


def audio_span_lines(transcript: str | Path) -> dict:
    """For ``spotcheck``: ``{"audio": name, "audio_spans": ["4.27-5.90 s, channel 1: CN_PHONE_NUMBER", ...]}``
    from the spans file beside ``transcript``; ``{}`` when there is none."""
    path = sidecar_for_transcript(transcript)
    record = read_sidecar(path) if path is not None else None
    if record is None:
        return {}
    lines = []
    for span in record["spans"]:
        if isinstance(span, dict):
            channel = span.get("channel")
            where = "all channels" if channel == "all" else f"channel {channel}"
            entities = ", ".join(str(entity) for entity in span.get("entities", []))
            lines.append(f"{span.get('start', 0):.2f}-{span.get('end', 0):.2f} s, {where}: {entities}")
    return {"audio": shown_name(path.name[: -len(SUFFIX)]), "audio_spans": lines}
