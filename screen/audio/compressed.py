"""Compressed recordings (MP3, Opus, AMR, AAC …, as dialers store them) through ffmpeg.

libsndfile reads and writes WAV and FLAC sample for sample; a lossy file is decoded by ffmpeg to
a temporary WAV of the same rate and channels, redacted as any WAV, and encoded back by ffmpeg to
the output's format. Outside the spans the result is the same audio re-encoded, not the same
bytes (a lossy codec cannot do otherwise); inside them the tone or silence is encoded, so the
original is gone there too. Without ffmpeg such a recording is refused with one line.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from screen.audio.names import shown_name
from screen.errors import InputError

COMPRESSED_SUFFIXES = (".mp3", ".opus", ".ogg", ".amr", ".m4a", ".aac", ".wma", ".webm")


def is_compressed(path: str | Path) -> bool:
    return Path(path).suffix.lower() in COMPRESSED_SUFFIXES


def ffmpeg_program() -> str:
    """The ffmpeg to run; ``InputError`` with what to do when there is none."""
    program = shutil.which("ffmpeg")
    if program is None:
        raise InputError(
            "compressed recordings (MP3, Opus, AMR, AAC) need ffmpeg, which is not installed: "
            "install it (apt install ffmpeg) or convert the recordings to WAV or FLAC"
        )
    return program


def _run(arguments: list[str], what: str) -> None:
    done = subprocess.run(arguments, capture_output=True, text=True, errors="replace")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise InputError(f"{what}: ffmpeg failed ({last})")


def decode_to_wav(source: str | Path, wav: str | Path) -> None:
    """Decode ``source`` to 16-bit PCM WAV at its own rate and channels."""
    _run(
        [ffmpeg_program(), "-nostdin", "-v", "error", "-y", "-i", str(source), "-c:a", "pcm_s16le", str(wav)],
        shown_name(source),
    )


def encode_from_wav(wav: str | Path, target: str | Path, samplerate: int, channels: int) -> None:
    """Encode ``wav`` to ``target`` (ffmpeg picks the codec from its suffix), same rate and channels."""
    _run(
        [
            ffmpeg_program(),
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(wav),
            "-ar",
            str(samplerate),
            "-ac",
            str(channels),
            str(target),
        ],
        shown_name(target),
    )
