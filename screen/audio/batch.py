"""Redact a folder of calls (``CALL.json`` beside ``CALL.wav``, ``.flac``, ``.mp3`` …) on all cores.

``CALL.json`` is leadscreen's own ASR shape or any speech service's result :mod:`screen.asr`
reads (``--asr-format`` and ``--agent-channel`` / ``--agent-speaker`` from the settings).

Each call is redacted by :func:`screen.audio.call.redact_call` in a worker process into the
output folder under its own names (``CALL.json``, ``CALL.wav``, ``CALL.wav.spans.json``). A call
that cannot be redacted — no recording beside it, a recording that does not match, a finding with
no time — is listed in ``quarantine.jsonl`` in the output folder with its reason (never its
content) and nothing of it is written; the others go on.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from screen.asr.agent import Agent
from screen.audio.call import AudioOptions, redact_call
from screen.audio.names import shown_name
from screen.errors import LeadscreenError, UsageError
from screen.files.atomic import atomic_write
from screen.redact.jobs import RedactSettings

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".opus", ".ogg", ".amr", ".m4a", ".aac", ".wma", ".webm")
QUARANTINE_NAME = "quarantine.jsonl"


@dataclass
class BatchSummary:
    calls: int = 0
    redacted: int = 0
    quarantined: int = 0
    spans: int = 0
    seconds_replaced: float = 0.0
    audio_seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)
    quarantine: list[dict] = field(default_factory=list)

    def line(self) -> str:
        entities = ", ".join(f"{entity} {count}" for entity, count in sorted(self.counts.items())) or "nothing found"
        return (
            f"{self.calls} call(s): {self.redacted} redacted, {self.quarantined} quarantined; "
            f"{self.spans} span(s), {self.seconds_replaced:.1f} s replaced of {_duration(self.audio_seconds)} of audio; "
            f"transcripts: {entities}"
        )


def _duration(seconds: float) -> str:
    """
    >>> _duration(16.04), _duration(5400)
    ('16.0 s', '1.50 h')
    """
    return f"{seconds:.1f} s" if seconds < 3600 else f"{seconds / 3600:.2f} h"


def call_pairs(folder: Path) -> list[tuple[Path, Path | None]]:
    """Each transcript of ``folder`` and the recording of the same name beside it (or None)."""
    pairs = []
    for transcript in sorted(folder.glob("*.json")):
        if transcript.name.endswith(".spans.json"):
            continue
        audio = next((path for path in map(transcript.with_suffix, AUDIO_SUFFIXES) if path.is_file()), None)
        pairs.append((transcript, audio))
    return pairs


_settings: RedactSettings | None = None
_redactor = None


def _init(settings: RedactSettings) -> None:
    global _settings, _redactor
    _settings, _redactor = settings, settings.build()


def _one(job: tuple[Path, Path | None, Path, AudioOptions]) -> dict:
    """One call in a worker: a small picklable summary of what happened."""
    transcript, audio, out_dir, options = job
    if audio is None:
        return {"call": shown_name(transcript), "reason": "no recording of the same name beside the transcript"}
    try:
        result = redact_call(
            transcript,
            audio,
            out_dir / transcript.name,
            out_dir / audio.name,
            _redactor,
            options,
            asr_format=_settings.asr_format,
            agent=Agent(_settings.agent_channel, _settings.agent_speaker),
        )
    except LeadscreenError as error:
        return {"call": shown_name(transcript), "reason": str(error)}
    except Exception as error:  # one bad call must not stop the batch, nor pass raw
        return {"call": shown_name(transcript), "reason": f"internal error ({type(error).__name__})"}
    if result.quarantine_reason is not None:
        return {"call": shown_name(transcript), "reason": result.quarantine_reason}
    return {
        "call": shown_name(transcript),
        "spans": len(result.spans),
        "seconds_replaced": result.seconds_replaced,
        "audio_seconds": result.audio_seconds,
        "counts": dict(result.counts),
    }


def redact_folder(
    folder: str | Path,
    out_dir: str | Path,
    settings: RedactSettings,
    options: AudioOptions,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Redact every call of ``folder`` into ``out_dir``; ``progress`` is told of each call done."""
    folder, out_dir = Path(folder), Path(out_dir)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    if out_dir.resolve() == folder.resolve():
        raise UsageError("the output folder must differ from the input folder")
    pairs = call_pairs(folder)
    if not pairs:
        raise UsageError(f"{folder} holds no transcript (*.json)")
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(transcript, audio, out_dir, options) for transcript, audio in pairs]
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    summary = BatchSummary()
    for outcome in _run(jobs, settings, workers):
        _count(summary, outcome)
        if progress is not None:
            progress(1)
    summary.quarantine.sort(key=lambda entry: entry["call"])
    _write_quarantine(out_dir / QUARANTINE_NAME, summary.quarantine)
    return summary


def _run(jobs: list, settings: RedactSettings, workers: int):
    if workers <= 1:
        _init(settings)
        yield from map(_one, jobs)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(workers, initializer=_init, initargs=(settings,)) as pool:
        yield from pool.imap_unordered(_one, jobs, chunksize=1)


def _count(summary: BatchSummary, outcome: dict) -> None:
    summary.calls += 1
    if "reason" in outcome:
        summary.quarantined += 1
        summary.quarantine.append(outcome)
        return
    summary.redacted += 1
    summary.spans += outcome["spans"]
    summary.seconds_replaced += outcome["seconds_replaced"]
    summary.audio_seconds += outcome["audio_seconds"]
    summary.counts.update(outcome["counts"])


def _write_quarantine(path: Path, entries: list[dict]) -> None:
    if not entries:
        path.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
        return
    with atomic_write(path, "w") as handle:
        for entry in entries:
            handle.write(json.dumps({"input": entry["call"], "reason": entry["reason"]}, ensure_ascii=False) + "\n")
