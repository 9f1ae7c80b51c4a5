"""Plain-text transcripts, read call by call: calls are separated by blank lines.

A ``.txt`` transcript holds one turn per line, with a speaker label (``坐席：``, ``客户：``,
``A:`` …) or none; a blank line (or a line of spaces) ends a call. A file without blank lines is
one call. Each call's turns go to the redactor together
(:meth:`screen.redact.redactor.Redactor.redact_segments`): the labels tell the speakers, the
texts after them are redacted, so a number said over several turns is found; a line without a
label goes on the turn of the last label before it (in a call without labels, every line is one
speaker's).

A file is streamed: never whole in memory (standard input is read whole: its encoding is judged
on all of it before any line is written). A call of more than :data:`MAX_CALL_LINES` lines
(a file without blank lines, say) is read in windows of that many lines, each with
:data:`LINE_OVERLAP` lines of context on both sides (:func:`screen.redact.utterances.call_windows`),
so a number said across a window's edge is still found. The output is the input byte for byte
(line ends, blank lines, labels, spaces) apart from the replacements.

>>> lines = ["坐席：请问您的手机号？\\n", "客户：幺三八\\n", "坐席：嗯\\n", "客户：一二三四五六七八\\n"]
>>> [(turn.speaker, turn.body) for turn in map(split_turn, lines[:2])]
[('坐席', '请问您的手机号？'), ('客户', '幺三八')]
>>> split_turn("[客户] 是我。\\n")
Turn(prefix='[客户] ', body='是我。', ending='\\n', speaker='客户')
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from screen.errors import UsageError
from screen.redact.utterances import call_windows, redact_window

MAX_CALL_LINES = 2000  # a call longer than this is read in overlapping windows (as JSON Lines calls)
LINE_OVERLAP = 20  # lines of context on each side of a window
PROGRESS_EVERY = 100  # calls between two progress reports

SPEAKER_LABELS = (
    "坐席", "客服", "业务员", "销售", "客户经理", "客户", "用户", "先生", "女士", "顾客", "来电人",
    "主叫", "被叫", "机器人", "坐席员", "客服人员", "agent", "customer", "caller", "callee", "user",
    "speaker", "spk", "A", "B",
)  # fmt: skip
# Only these labels: a general "word + colon" would take 手机：… for a speaker and lose the word
# that says what the number is. A label may carry a number (坐席1, speaker 2, spk_0) and be written
# 客户：, 客户:, [客户], 【客户】 or (客户).
_LABELS = "(?:" + "|".join(sorted(map(re.escape, SPEAKER_LABELS), key=len, reverse=True)) + r")(?:[ _]?[0-9]{1,2})?"
_SPACE = r"[ \t\u3000]*"
_LABEL = re.compile(
    _SPACE
    + r"(?:[\[【(（](?P<bracketed>"
    + _LABELS
    + r")[\]】)）]"
    + _SPACE
    + "[:：]?|(?P<plain>"
    + _LABELS
    + ")"
    + _SPACE
    + "[:：])"
    + _SPACE,
    re.IGNORECASE,
)


class Turn(NamedTuple):
    prefix: str  # the label and the spaces around it, as written
    body: str  # what is redacted
    ending: str  # the line end, as written
    speaker: str | None


def split_turn(line: str) -> Turn:
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    label = _LABEL.match(body)
    if label is None:
        return Turn("", body, ending, None)
    speaker = label.group("bracketed") or label.group("plain")
    return Turn(body[: label.end()], body[label.end() :], ending, speaker.casefold())


def speakers_of(turns: list[Turn]) -> list | None:
    """Each turn's speaker, an unlabelled line going on the last label's turn; None without labels."""
    if all(turn.speaker is None for turn in turns):
        return None
    speakers, current = [], None
    for turn in turns:
        current = turn.speaker if turn.speaker is not None else current
        speakers.append(current)
    return speakers


def is_blank(line: str) -> bool:
    return not line.strip()


def text_calls(lines: Iterable[str]) -> Iterator[tuple[bool, Iterator[str]]]:
    """``(is_call, lines)`` runs of the text, in order: a call's lines, or the blank lines between
    calls. Lazy: a run is read as it is consumed."""
    for blank, run in itertools.groupby(lines, key=is_blank):
        yield not blank, run


def text_lines(stream, name: str) -> Iterable[str]:
    """The lines of a text input, line ends kept; read as a stream when the input is a file."""
    from screen.files.encoding import stream_file_encoding
    from screen.files.text import decode_text

    if stream.seekable():
        encoding = stream_file_encoding(stream, name)
        start = stream.tell()
        if not stream.read(65536).strip():
            raise UsageError(f"{name} is empty")
        stream.seek(start)
        return io.TextIOWrapper(stream, encoding=encoding, newline="")
    raw = stream.read()
    if not raw.strip():
        raise UsageError(f"{name} is empty")
    return io.StringIO(decode_text(raw, name), newline="")


def redact_text_calls(
    stream,
    name: str,
    settings,
    output,
    quarantine: Callable,
    progress: Callable[[int], None] | None = None,
):
    """Redact a text transcript from the binary ``stream`` into the text stream ``output``, call
    by call (a :class:`screen.redact.jobs.RedactSummary` counting calls). A call the redactor
    fails on goes to ``quarantine`` (its number; what was written of a long call before the
    failure stays, the rest is left out)."""
    from screen.redact.jobs import Quarantined, RedactSummary

    redactor = settings.build()
    summary = RedactSummary(records_are_calls=True)
    reported = 0
    for is_call, run in text_calls(text_lines(stream, name)):
        if not is_call:
            output.write("".join(run))
            continue
        summary.calls += 1
        summary.records_in += 1
        windows = 0
        changed = False
        try:
            for window in call_windows(map(split_turn, run), MAX_CALL_LINES, LINE_OVERLAP):
                windows += 1
                turns = window.items
                texts = [turn.body for turn in turns]
                redacted, counts = redact_window(redactor, texts, speakers_of(turns), window)
                summary.counts.update(counts)
                changed = changed or bool(counts)
                for turn, text in zip(turns[window.low : window.high], redacted):
                    output.write(turn.prefix + text + turn.ending)
        except Exception as error:  # fail closed: the call is not written (any further)
            for _line in run:  # pass over the rest of the call
                pass
            reason = f"call {summary.calls}: internal error while redacting it ({type(error).__name__})"
            quarantine(Quarantined(summary.calls, reason))  # the type only: a message could quote the text
            summary.quarantined += 1
            continue
        summary.long_calls += windows > 1
        summary.records_out += 1
        summary.changed += changed
        if progress is not None and summary.calls - reported >= PROGRESS_EVERY:
            progress(summary.calls - reported)
            reported = summary.calls
    if progress is not None and summary.calls > reported:
        progress(summary.calls - reported)
    return summary
