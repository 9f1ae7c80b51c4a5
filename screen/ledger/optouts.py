"""Opt-outs heard on calls: find refusal phrases in transcripts and name the numbers to stop calling.

Input, one call per record:

- JSONL: ``{"phone": "13812345678", "text": "……别再打了……"}`` (field names set by
  ``--phone-field`` / ``--text-field``);
- ASR JSON (a ``.json`` file, or a JSONL line) with segments:
  ``{"phone": "...", "segments": [{"speaker": "customer", "text": "不需要，别再打了"}, ...]}``;
  with ``speaker`` given, only that speaker's segments (``speaker`` or ``role`` key) count, so
  an agent saying "您不需要现在决定" does not list the customer.

The phone field holds the called number, or — in a redacted transcript — its 64-hex keyed digest
(the same key as the ledger), bare or as the token ``redact --operator hash`` writes
(``<CN_PHONE_NUMBER:h:FP:HEX64>``, :func:`screen.config.keys.phone_token`). Spaces and punctuation inside a phrase are ignored (ASR often
splits words: ``别 再 打 了``). Phrases are plain substrings: ``不需要`` also fires on "我不需要
担心" said by the customer, which is why ``--dry-run`` exists. Context shown around a phrase has
any run of three or more digits (Arabic, full-width or spoken Chinese) masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from screen.asr import read_call
from screen.asr.detect import detect
from screen.config.keys import digest_in_token
from screen.errors import InputError, UsageError
from screen.files.json_reader import parse_json
from screen.files.text import decode_text, decoded_lines

# From the issue and what call-center QA lists; longest first so the most specific phrase is reported.
PHRASES = tuple(
    sorted(
        {
            "不要再打了",
            "别再打了",
            "不要再打",
            "别再打",
            "别打了",
            "不要打了",
            "别给我打电话",
            "不要给我打电话",
            "别再给我打",
            "不要再给我打",
            "把我的号码删掉",
            "把我号码删掉",
            "删掉我的号码",
            "删除我的号码",
            "把我的电话删掉",
            "拉黑",
            "不需要",
            "不要再联系我",
            "别再联系我",
            "再打就投诉",
            "再打我就投诉",
            "我要投诉你们",
        },
        key=len,
        reverse=True,
    )
)

_IGNORED = re.compile(r"[\s,.!?;:，。！？；：、…~～\-—\"'“”‘’（）()]+")
_DIGIT_RUN = re.compile(r"[0-9０-９零〇洞一二三四五六七八九幺两拐壹贰叁肆伍陆柒捌玖]{3,}")
_CONTEXT = 8


@dataclass(frozen=True)
class OptOut:
    source: str
    line: int
    phrase: str
    context: str
    phone_masked: str
    national: str | None = None  # the called number, when the transcript carries it
    given_digest: str | None = None  # or its keyed digest, in a redacted transcript

    @property
    def digest_or_number(self) -> str:
        return self.national or self.given_digest

    def digest(self, ledger) -> str:
        return ledger.digest(self.national) if self.national else self.given_digest


def find_phrase(text: str) -> tuple[str, str] | None:
    """The first refusal phrase in ``text`` and some masked context, or ``None``.

    >>> find_phrase("好的好的，我 不 需 要，别再打了")
    ('不需要', '好的好的我不需要别再打了')
    >>> find_phrase("我的号码是一三八一二三四五六七八，请回电") is None
    True
    """
    compact = _IGNORED.sub("", text)
    best = None
    for phrase in PHRASES:
        at = compact.find(phrase)
        if at >= 0 and (best is None or at < best[1]):
            best = (phrase, at)
    if best is None:
        return None
    phrase, at = best
    context = compact[max(0, at - _CONTEXT) : at + len(phrase) + _CONTEXT]
    return phrase, _DIGIT_RUN.sub("***", context)


def _records(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON or the ``ValueError`` saying why not) for a JSONL file, or
    (1, ...) for a whole-file JSON. UTF-8 or GBK, as every command reads its inputs."""
    try:
        stream = path.open("rb")
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        if path.suffix.lower() == ".json":
            yield 1, _parsed(decode_text(stream.read(), str(path)))
            return
        for number, line in enumerate(decoded_lines(stream, str(path)), start=1):
            if line.strip():
                yield number, _parsed(line)


def _parsed(text: str) -> object:
    try:
        return parse_json(text)
    except ValueError as error:
        return error


def _spoken_text(record: dict, text_field: str, speaker: str | None) -> str | None:
    if detect(record) not in (None, "leadscreen"):  # a speech service's own result (docs/asr-formats.md)
        try:
            segments = read_call(record).segments
        except ValueError:
            return None
        return "\n".join(s.text for s in segments if speaker is None or speaker in (s.speaker, s.role))
    segments = record.get("segments")
    if isinstance(segments, list):
        parts = []
        for segment in segments:
            if not isinstance(segment, dict):
                continue
            who = segment.get("speaker", segment.get("role"))
            if speaker is None or (who is not None and str(who) == speaker):
                parts.append(str(segment.get("text", "")))
        return "\n".join(parts)
    value = record.get(text_field)
    return value if isinstance(value, str) else None


def find_optouts(
    paths,
    *,
    text_field: str = "text",
    phone_field: str = "phone",
    speaker: str | None = None,
    key: bytes | None = None,
) -> tuple[list[OptOut], list[str]]:
    """Every opt-out found in the transcript files, and one-line problems (by file and line, no values).

    A phone token made with another key than ``key`` is an error (:class:`InputError`), not a problem
    to skip: the person asked not to be called, and the number must not be lost quietly.
    """
    from recognizers.masking import mask
    from recognizers.phone import national_number

    findings, problems = [], []
    for name in paths:
        path = Path(name)
        for line, record in _records(path):
            if not isinstance(record, dict):
                reason = record if isinstance(record, ValueError) else "not a JSON object"
                problems.append(f"{path}:{line}: {reason}; skipped")
                continue
            text = _spoken_text(record, text_field, speaker)
            if text is None:
                problems.append(f"{path}:{line}: no text in field {text_field!r} and no segments; skipped")
                continue
            found = find_phrase(text)
            if found is None:
                continue
            raw_phone = record.get(phone_field)
            raw_phone = "" if raw_phone is None else str(raw_phone).strip()
            try:
                given_digest = digest_in_token(raw_phone, key)
            except UsageError as error:
                raise InputError(f"{path}:{line}: {error}") from None
            if given_digest is not None:
                findings.append(
                    OptOut(
                        str(path), line, found[0], found[1], f"digest {given_digest[:12]}…", given_digest=given_digest
                    )
                )
                continue
            national = national_number(raw_phone) if raw_phone else None
            if national is None:
                problems.append(
                    f"{path}:{line}: opt-out phrase found but field {phone_field!r} holds no valid number; skipped"
                )
                continue
            findings.append(
                OptOut(str(path), line, found[0], found[1], mask("CN_PHONE_NUMBER", national), national=national)
            )
    return findings, problems
