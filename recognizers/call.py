"""The call layer: a call (its turns, speaker and text) read as a whole.

A call is a transcript text, one turn per line, each line starting with its speaker's label
(``坐席：…``, ``客户:…``, ``A: …``, ``[坐席] …``, ``【客户】…``); :func:`scan_turns` takes
``(speaker, text)`` pairs, and :func:`scan_text` any text (a single sentence, or a text whose first
lines hold no two speakers' labels, is scanned as before).

The finders (:func:`recognizers.scanner.scan` and the word finders) read one text and find a number
when its context word sits next to it. In a call the agent asks and the customer answers: the word
is in the question, the value in the next turns, often in pieces with the agent backchanneling,
sometimes corrected. This module reads the call turn by turn and hands each finder the context it
needs, once, on a small text:

1. every finder runs once over the whole call text, as before (single sentences are unchanged);
2. a turn holding a question word (身份证, 手机, 卡号, 姓名, 地址, 微信, QQ, 车牌 …, see
   :data:`QUESTIONS`) sets the type of the answer: the answering speaker's following turns, with the
   asker's backchannels (嗯, 您说, 后面呢？) and follow-ups (具体一点呢？) between them, are joined
   into one answer text (:class:`Answer`), corrections and stutters taken out, and the answer is
   offered to the finder of that type behind its own label (``身份证号是`` + the answer): so a
   number in pieces, a near miss or an answer with no type word is found as if it had been said in
   one breath after its word. Spelled accounts (``w x 幺二三 下划线 a b c``, ``粤B，嗯，幺二三四五``)
   are put together first; a name given alone (``林熙蕾。``) is checked by the name finder's own
   rules (:func:`recognizers.person.find` on ``我叫`` + the answer); corrections (``说错了，是八``,
   ``不对，应该是…``, ``我重说一下``) and stutters are taken out before, and stay redacted;
3. an answer to a question for something not personal (订单号, 保单号, 工号, 验证码 …) is not
   personal: the numbers it gives are dropped unless the answer names a personal kind itself;
   amounts and dates asked for (金额, 日期, 哪天) end an answer;
4. call memory: a name, number, account or address found anywhere in the call is found wherever
   else it occurs in the call (``段浩`` said alone later; ``芳草的芳`` spelling out a name).

A finding whose characters lie in several turns has ``parts``, one per turn, as the scanner's
turn-crossing numbers have. A near miss or a corrected number is reported with
``validated: False``, a lower score and ``mask: whole`` in its metadata: its mask stars every
character, so the masks of all mentions of one number in a call never reveal more than one mask.

>>> text = "坐席：请问您的手机号是多少？\\n客户：幺三八，\\n坐席：嗯。\\n客户：一二三四，\\n坐席：后面呢？\\n客户：五六七八。"
>>> [(f.entity, [text[start:end] for start, end in f.pieces], f.masked) for f in scan_call(text)]
[('CN_PHONE_NUMBER', ['幺三八', '一二三四', '五六七八'], '138****5678')]
>>> [(f.entity, f.value, f.masked) for f in scan_call("坐席：您贵姓？\\n客户：免贵姓段，叫段浩。")]
[('PERSON', '段', '*'), ('PERSON', '段浩', '段*')]
>>> [f.entity for f in scan_call("坐席：订单号是多少？\\n客户：13812345678。")]
[]
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from recognizers import address, license_plate, person, phone, qq, resident_id, wechat
from recognizers.context import literal_alternation
from recognizers.findings import Finding
from recognizers.normalize import SPOKEN_DIGITS, fold
from recognizers.scanner import ENTITIES, PERSONAL_ENTITIES, scan

NON_PERSONAL = "NON_PERSONAL"
OTHER = "OTHER"
CARD = "CN_BANK_CARD"
PASSPORT = "CN_PASSPORT"

# Question words and the type of the answer they ask for; the longest word wins where several
# start at one place (卡号 in 信用卡号, 手机 in 手机号). Order does not matter.
QUESTIONS = {
    NON_PERSONAL: (
        "订单号", "订单编号", "保单号", "合同号", "合同编号", "工号", "员工号", "验证码", "校验码",
        "运单号", "快递单号", "流水号", "工单号", "案件号", "编号", "邮编", "单号",
        "发票号", "车架号", "发动机号", "批次号", "序列号", "编码", "快递号",
    ),
    # asked for, not personal, and never holding a number that looks personal: they end an answer
    OTHER: ("金额", "多少钱", "日期", "哪天", "几号", "几点", "多少期", "几期", "额度", "利率"),
    resident_id.ENTITY: ("身份证", "证件号", "身份号"),
    PASSPORT: ("护照", "通行证", "回乡证", "台胞证"),
    CARD: ("卡号", "银行卡", "账号", "帐号", "储蓄卡", "信用卡号", "借记卡", "银行账户", "扣款账户", "还款账户"),
    phone.ENTITY: ("手机", "电话", "联系方式", "座机", "固话", "号码", "哪个号", "回访"),
    person.ENTITY: ("姓名", "怎么称呼", "叫什么", "持卡人", "收件人", "收货人", "名字", "贵姓", "联系人", "开户人", "户名"),
    address.ENTITY: ("地址", "住哪", "住在哪", "哪个小区", "什么小区", "小区叫什么", "小区名", "具体一点", "具体点", "几栋", "几单元", "门牌", "几号楼", "哪个区"),
    wechat.ENTITY: ("微信", "VX", "vx", "WX", "wx"),
    qq.ENTITY: ("QQ", "qq", "扣扣"),
    license_plate.ENTITY: ("车牌", "牌照", "车号"),
}  # fmt: skip
_QUESTION_TYPE = {word: entity for entity, words in QUESTIONS.items() for word in words}
_QUESTION_RE = re.compile(literal_alternation(_QUESTION_TYPE))
# Follow-ups that ask for more of the same answer (后面呢？): they continue it, whatever they hold.
# Digits and filler words joined by nothing but pauses: ASR writes 幺三八，然后是一二三四.
_CONNECTORS = (
    "然后是|后面是|最后是|接着是|再往后是|往后是|接下来是|剩下的是|再就是|然后|后面|最后|接着|再往后|接下来|再来"
)
_FOLLOW_UPS = re.compile(
    "(?:[嗯哦噢啊对好是行]|好的|是的|对的|您说|你说|请说|继续|您继续|请继续|后面呢|然后呢|还有呢|后面|然后|"
    "嗯哼|OK|ok|好嘞|还有吗|还有没有|接着呢|"
    "收到|明白|记下了|我记一下|记着呢|记着|接着说|往下说|稍等|不着急|没事|慢慢说|具体一点呢|具体点|几栋几单元|哪个小区|门牌号呢|"
    "[，,。.！!？?、…\\s])*"
)

# How far an answer reaches: this many turns of the answering speaker after the question (the
# asker's backchannels between them not counted; three times as many turns in all at most).
ANSWER_TURNS = 8

_WORD_DIGITS = "".join(SPOKEN_DIGITS.values())
_DIGIT = "[0-9\uff10-\uff19" + _WORD_DIGITS + "]"
_DIGIT_RE = re.compile(_DIGIT)
# A value said in the question's own turn: three digits or more (说一下 holds a digit word).
_SAID_DIGITS = re.compile(_DIGIT + "{3}")
# A correction: the last digits said were wrong (说错了，是八 / 不对，是七 / 不是三，是八).
_CORRECTION_RE = re.compile(
    r"(?:不是"
    + _DIGIT
    + r"{1,4}[，,。\s]*|说错了|讲错了|念错了|不对不对|不对|错了|不是|不(?=[，,。…\s]*(?:应该)?是))[，,。…\s]*(?:应该)?(?:是)?(?="
    + _DIGIT
    + ")"
)
# An asker's turn that reads back digits just heard, with backchannel words (幺三八，好的).
_ECHO = re.compile("(?=.*" + _DIGIT + ")(?:" + _DIGIT + "|" + _FOLLOW_UPS.pattern + ")*")
_CONNECTOR_RE = re.compile("(?<=" + _DIGIT + ")[，,。…\\s]*(?:" + _CONNECTORS + ")[，,。…\\s]*(?=" + _DIGIT + ")")
NEAR_MISS_SCORE = 0.45
# How far after its word a number given in the same turn starts (是：, 号码是).
_OWN_GAP = 4
_LABELS = {
    resident_id.ENTITY: "身份证号是",
    phone.ENTITY: "手机号是",
    CARD: "银行卡号是",
    PASSPORT: "护照号码是",
    qq.ENTITY: "QQ号是",
    wechat.ENTITY: "微信号是",
    license_plate.ENTITY: "车牌号是",
    address.ENTITY: "地址是",
}
# Plausible digit counts of a number given as an answer that no validator accepts (a near miss):
# IDs 17–19 (a check character dropped, doubled or misheard), mobiles 10–12, landlines 7–13
# (a local number said without its area code: 15529355), cards 14–20.
_NEAR_MISS_DIGITS = {
    resident_id.ENTITY: range(15, 20),
    phone.ENTITY: range(7, 14),
    CARD: range(14, 21),
    qq.ENTITY: range(5, 12),
}
_NUMBER_TYPES = (resident_id.ENTITY, phone.ENTITY, CARD, PASSPORT, qq.ENTITY)
_NUMBER_ENTITIES = frozenset((resident_id.ENTITY, phone.ENTITY, CARD, PASSPORT, qq.ENTITY))
# Personal words an answer to a non-personal question may hold, which keep its numbers personal.
_OWN_WORDS = re.compile("手机|电话|身份证|证件|卡号|银行卡|账号|QQ|微信|护照|通行证|联系|座机|打我|号码")


class Turn(NamedTuple):  # a tuple: one is made per line of every call read
    """One turn of a call: who speaks, and where the words are in the call text."""

    speaker: str
    start: int
    end: int


# A speaker label: a letter or CJK character, then at most seven more (坐席, 客户, A, 说话人1).
_LABEL_RE = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9_ \u4e00-\u9fff]{0,7}")
_LABEL_MAX = 12  # where a line's colon must be, at the latest
_OPENING_BRACKETS = {"[": "]", "【": "】", "(": ")", "（": "）"}


def turns_of(text: str) -> list[Turn]:
    """The turns of a transcript text, one turn per line with a speaker label before a colon;
    empty when fewer than two lines have a label or all have the same one (then it is not a
    dialogue). Lines are split with ``str`` methods: a regular expression over every line of
    every call cost a fifth of the call layer."""
    turns, position = [], 0
    for line in text.split("\n"):
        turn = _line_turn(text, line, position)
        if turn is not None:
            turns.append(turn)
        position += len(line) + 1
    return _dialogue(turns)


def _line_turn(text: str, line: str, position: int) -> Turn | None:
    """The turn on ``line`` (starting at ``position`` of ``text``), or None without a label:
    ``坐席：…``, ``A: …``, ``[坐席] …``, ``【客户】…``."""
    if line[:1] in _OPENING_BRACKETS:
        close = line.find(_OPENING_BRACKETS[line[0]], 1, _LABEL_MAX)
        label = line[1:close].strip() if close > 1 else ""
        if not label or _LABEL_RE.fullmatch(label) is None:
            return None
        start, end = position + close + 1, position + len(line)
        while start < end and text[start] in " \t:：":
            start += 1
        return Turn(label, start, end)
    colon = line.find("：", 0, _LABEL_MAX)
    if colon < 0:
        colon = line.find(":", 0, _LABEL_MAX)
    if colon <= 0:
        return None
    label = line[:colon].strip()
    if not label or _LABEL_RE.fullmatch(label) is None:
        return None
    start, end = position + colon + 1, position + len(line)
    while start < end and text[start] in " \t":
        start += 1
    return Turn(label, start, end)


def _dialogue(turns: list[Turn]) -> list[Turn]:
    return turns if len(turns) >= 2 and len({turn.speaker for turn in turns}) >= 2 else []


_OPENING_LINES = 8
_SURNAME = "surname"


def is_call(text: str) -> bool:
    """Whether ``text`` is a dialogue: two speakers' turns, one per line."""
    return "\n" in text and bool(turns_of(text))


def could_hold_answers(text: str) -> bool:
    """Whether ``text`` has several lines and a question word: a call whose answers may hold
    something with no digit and no word of its own (a name said alone: 林熙蕾。)."""
    return "\n" in text and _QUESTION_RE.search(text) is not None


def call_text(turns: Sequence[tuple[str, str]]) -> tuple[str, list[int]]:
    """``(speaker, text)`` turns as one transcript text, and where each turn's words start in it."""
    lines, starts, position = [], [], 0
    for speaker, words in turns:
        label = f"{speaker or '?'}："
        starts.append(position + len(label))
        line = label + words.replace("\n", " ")
        lines.append(line)
        position += len(line) + 1
    return "\n".join(lines), starts


def scan_text(text: str, entities: Iterable[str] | None = None) -> list[Finding]:
    """:func:`scan_call` for a transcript of two speakers, else :func:`recognizers.scan`."""
    if "\n" not in text:
        return scan(text, entities=entities)
    return scan_call(text, entities)


def scan_turns(turns: Sequence[tuple[str, str]], entities: Iterable[str] | None = None) -> list[list[Finding]]:
    """The findings of each turn of a call given as ``(speaker, text)`` pairs, with offsets into
    that turn's text (a number said over several turns has a finding in each turn holding a piece,
    its ``parts`` left empty)."""
    text, starts = call_text(turns)
    per_turn: list[list[Finding]] = [[] for _ in turns]
    for finding in scan_call(text, entities):
        for low, high in finding.pieces:
            index = bisect.bisect_right(starts, low) - 1
            shift = starts[index]
            per_turn[index].append(dataclasses.replace(finding, start=low - shift, end=high - shift, parts=()))
    return per_turn


# --------------------------------------------------------------------------------------------
# Answers


@dataclass
class Answer:
    """The answering speaker's words after a question, joined: ``text`` with ``positions[i]`` the
    call offset of ``text[i]`` (-1 for a joining comma), and the digits taken out as corrected or
    stuttered (their call offsets), which are part of the number all the same."""

    entity: str
    text: str
    positions: list[int]
    dropped: list[int]
    turns: list[Turn]
    source: str = ""  # the call text
    own: bool = False  # given by the asker, in the question's own turn (我手机号是…)
    echoes: list[Turn] = dataclasses.field(default_factory=list)  # the asker's read-backs of pieces


class _Lines:
    """The lines of a call, each read as a turn only when asked for: an answer ends a few turns
    after its question, and most lines of a call are never looked at."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        prefix = itertools.accumulate(map(len, self.lines), initial=0)
        self.starts = [length + index for index, length in enumerate(prefix)][: len(self.lines)]
        self._turns: dict[int, Turn | None] = {}
        self.questions: dict[int, re.Match] = {}  # line -> its last question word

    def ask(self, questions: list[re.Match]) -> None:
        """Remember the last question word of each line (a word right after another is part of
        its phrase: 身份证号码是多少 asks for an ID, not a phone)."""
        for found in questions:
            line = self.line_of(found.start())
            last = self.questions.get(line)
            if last is None or found.start() - last.end() > 2:
                self.questions[line] = found

    def question(self, turn: Turn) -> re.Match | None:
        """The last question word of ``turn`` (after its label)."""
        found = self.questions.get(self.line_of(turn.start))
        return found if found is not None and found.start() >= turn.start else None

    def turn(self, index: int) -> Turn | None:
        if index not in self._turns:
            self._turns[index] = _line_turn(self.text, self.lines[index], self.starts[index])
        return self._turns[index]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def following(self, index: int, count: int):
        """The next ``count`` turns after line ``index`` (lines without a label skipped)."""
        for line in range(index + 1, len(self.lines)):
            turn = self.turn(line)
            if turn is not None:
                yield turn
                count -= 1
                if count == 0:
                    return

    def is_dialogue(self) -> bool:
        """Two speakers among the turns read so far."""
        return len({turn.speaker for turn in self._turns.values() if turn is not None}) >= 2


def _answers(text: str, lines: _Lines, questions: list[re.Match], covered: _Covered) -> list[Answer]:
    answers = []
    lines.ask(questions)
    for index in list(lines.questions):
        if _QUESTION_TYPE[lines.questions[index].group()] == OTHER:
            continue  # 多少钱, 几点: asked, never personal (the line's turn is not even read)
        turn = lines.turn(index)
        last = lines.question(turn) if turn is not None else None
        if last is None:
            continue
        entity = _QUESTION_TYPE[last.group()]
        after = last.end()
        # a speaker giving the value in the same turn as its word (我身份证是一两零…) answers
        # themselves; otherwise the other speaker answers, when the turn asks (上门前会先和您电话
        # 确认 names a phone and asks for none)
        own = last.group() not in _ASKING_ONLY and (
            _SAID_DIGITS.search(text, after, turn.end) is not None
            or (entity == address.ENTITY and turn.end - after > 4)
        )
        if entity == OTHER or not (own or _ASKING.search(text, turn.start, turn.end)):
            continue
        pieces = [(after, turn.end, turn)] if own else []
        echoes: list[Turn] = []
        pieces += _answer_turns(text, lines, index, entity, own, echoes)
        if not own and pieces and all(_FOLLOW_UPS.fullmatch(text, start, end) for start, end, _turn in pieces):
            # 客户：要身份证号吗？坐席：对。客户：一一零…: the one who asked gives it
            echoes = []
            pieces = _answer_turns(text, lines, index, entity, True, echoes)
        if entity in _FEW_TURNS:
            pieces = pieces[: _FEW_TURNS[entity]]
        if pieces and (echoes or _worth_reading(text, entity, pieces, covered)):
            answer = _joined(text, entity, pieces, own)
            answer.echoes = echoes
            answers.append(answer)
    return answers if lines.is_dialogue() else []


def _answer_turns(text: str, lines: _Lines, index: int, entity: str, own: bool, echoes: list | None = None) -> list:
    """The answering speaker's turns after the question on line ``index``: until the asker says
    more than a backchannel, a follow-up or the digits just heard (幺三八，好的: an echo, kept in
    ``echoes``), or either asks for something else."""
    asker = lines.turn(index).speaker
    pieces: list[tuple[int, int, Turn]] = []
    for following in lines.following(index, 3 * ANSWER_TURNS):
        answering = following.speaker == asker if own else following.speaker != asker
        asked = lines.question(following)
        if answering:
            if len(pieces) >= ANSWER_TURNS or (asked is not None and _QUESTION_TYPE[asked.group()] != entity):
                break
            pieces.append((following.start, following.end, following))
        elif (
            pieces
            and entity in _NUMBER_TYPES
            and _ECHO.fullmatch(text, following.start, following.end)
            and _heard(text, following, pieces)
        ):
            if echoes is not None:
                echoes.append(following)  # the asker reads back a piece: as personal as the piece
        elif not _FOLLOW_UPS.fullmatch(text, following.start, following.end) and not (
            asked and entity == address.ENTITY and _QUESTION_TYPE[asked.group()] == entity
        ):
            break  # 具体一点，哪个小区？ goes on asking for the same address
    return pieces


def _heard(text: str, turn: Turn, pieces: list) -> bool:
    """Whether the digits of ``turn`` were said in ``pieces``: a read-back repeats them (95588
    after 你们客服电话多少？ is a new number, not a read-back)."""
    said = "".join(char for start, end, _turn in pieces for char in fold(text[start:end]) if char.isdigit())
    again = "".join(char for char in fold(text[turn.start : turn.end]) if char.isdigit())
    return again in said


class _Covered:
    """Where the scanner found something, by entity: ``(start, end)`` pieces in text order, looked
    up by bisection (a set of every character cost more than the rest of a short call's reading)."""

    def __init__(self, found: list[Finding]):
        self._pieces: dict[str, list[tuple[int, int]]] = {}
        for finding in found:
            # a surname said as one (我姓杜) leaves the name to come (杜超) to the answer
            kind = _SURNAME if finding.entity == person.ENTITY and person.is_surname(finding.value) else finding.entity
            self._pieces.setdefault(kind, []).extend(finding.pieces)
        for pieces in self._pieces.values():
            pieces.sort()

    def holds(self, entity: str, offset: int) -> bool:
        pieces = self._pieces.get(entity)
        if not pieces:
            return False
        index = bisect.bisect_right(pieces, (offset, float("inf"))) - 1
        return index >= 0 and pieces[index][0] <= offset < pieces[index][1]

    def holds_all(self, entity: str, offsets: list[int]) -> bool:
        """``all(self.holds(entity, offset) for offset in offsets)`` for ascending ``offsets``:
        the digits of one number lie in one piece, which is looked up once (a bisection for each
        digit was a fifth of reading a call's answers)."""
        pieces = self._pieces.get(entity)
        if not pieces:
            return not offsets
        low = high = 0  # the piece the last offset lay in, as far as the next piece starts
        for offset in offsets:
            if low <= offset < high:
                continue
            index = bisect.bisect_right(pieces, (offset, float("inf"))) - 1
            if index < 0 or not pieces[index][0] <= offset < pieces[index][1]:
                return False
            following = pieces[index + 1][0] if index + 1 < len(pieces) else pieces[index][1]
            low, high = pieces[index][0], min(pieces[index][1], following)
        return True

    def touches(self, entity: str, start: int, end: int) -> bool:
        pieces = self._pieces.get(entity)
        if not pieces:
            return False
        # pieces of one entity do not overlap, so their ends are in order too
        index = bisect.bisect_right(pieces, start, key=lambda piece: piece[1])
        return index < len(pieces) and pieces[index][0] < end


def _worth_reading(text: str, entity: str, pieces: list, covered: _Covered) -> bool:
    """Whether an answer may hold something the scanner has not found: digits not all in a
    finding of the type asked for (most answers: none, or 我手机号是138… found already), a name
    where none was found, address parts."""
    if entity == person.ENTITY:  # 免贵姓段，叫段浩: the name may be found, the surname said as one not
        return not any(covered.touches(person.ENTITY, start, end) for start, end, _turn in pieces) or any(
            _SURNAME_THEN_NAME.search(text, start, end) for start, end, _turn in pieces
        )
    if entity == address.ENTITY:
        return any(_ADDRESS_PARTS.search(text, start, end) for start, end, _turn in pieces)
    if entity not in _DIGIT_TYPES:
        return True
    digits = [found.start() for start, end, _turn in pieces for found in _DIGIT_RE.finditer(text, start, end)]
    if entity == NON_PERSONAL or entity not in _NUMBER_TYPES:
        return bool(digits)
    return not covered.holds_all(entity, digits) or _CORRECTION_RE.search(text, pieces[0][0], pieces[-1][1]) is not None


# A name is given in the first turn or two of the answer, an address in the first few (with the
# follow-ups); numbers may come in up to ANSWER_TURNS pieces.
_FEW_TURNS = {person.ENTITY: 2, address.ENTITY: 4, wechat.ENTITY: 3}
# Answers that hold digits or are nothing (a QQ number, a plate, a phone …).
_DIGIT_TYPES = frozenset((*_NUMBER_TYPES, NON_PERSONAL, license_plate.ENTITY))

# Words that ask for a phone number but say nothing of a number given with them (发票号码1234).
_ASKING_ONLY = frozenset(("号码", "哪个号", "回访"))

# What a turn that asks for something says (请问…, …多少？, 报一下, 留个…).
_ASKING = re.compile(
    r"[？?]|吗|呢|多少|什么|哪|怎么|请问|说一下|报一下|说下|报下|提供|留一下|留个|留下|告诉|麻烦|确认一下|核对|"
    r"登记一下|登记一个|念一下|您说(?![的了过])|你说(?![的了过])"
)


def _joined(text: str, entity: str, pieces: list[tuple[int, int, Turn]], own: bool = False) -> Answer:
    chars: list[str] = []
    positions: list[int] = []
    for start, end, _turn in pieces:
        if chars:
            chars.append("，")
            positions.append(-1)
        if entity in _NUMBER_TYPES and end > start + 1 and text[end - 1] in "。.":
            end -= 1  # 八八四。/ X: a turn's full stop is a pause in a number said over turns
        chars.extend(text[start:end])
        positions.extend(range(start, end))
    answer = Answer(entity, "".join(chars), positions, [], [turn for _s, _e, turn in pieces], text, own)
    if entity in _NUMBER_TYPES:
        connectors = [index for found in _CONNECTOR_RE.finditer(answer.text) for index in range(*found.span())]
        if connectors:
            _drop(answer, connectors)
        _take_out_corrections(answer)
        _take_out_stutters(answer)
    return answer


def _drop(answer: Answer, indexes: Iterable[int], keep_digits_of: bool = True) -> None:
    """Take the characters at ``indexes`` out of the answer, remembering dropped digits."""
    doomed = set(indexes)
    for index in doomed:
        if keep_digits_of and _DIGIT_RE.match(answer.text[index]) and answer.positions[index] >= 0:
            answer.dropped.append(answer.positions[index])
    answer.text = "".join(char for index, char in enumerate(answer.text) if index not in doomed)
    answer.positions = [position for index, position in enumerate(answer.positions) if index not in doomed]


def _take_out_corrections(answer: Answer) -> None:
    """幺三八九六七……说错了，是八 → the digits before the correction, as many as it gives, are
    taken out with the correction words (both stay redacted as part of the number); 我重说一下 →
    every digit before it."""
    restarts = list(_RESTART_RE.finditer(answer.text))
    if restarts:
        _drop(answer, range(restarts[-1].end()))
    while True:
        correction = _CORRECTION_RE.search(answer.text)
        if correction is None:
            return
        given = _GIVEN_RE.match(answer.text, correction.end())
        # the words between the last digit said and the correction go with it (不对，刚才说错了)
        start = correction.start()
        while start > 0 and correction.start() - start < _CORRECTION_LEAD and _in_words(answer.text, start - 1):
            start -= 1
        said = [index for index in range(start) if _DIGIT_RE.match(answer.text[index])]
        said_digits = fold("".join(answer.text[index] for index in said))
        again = fold(given.group()) if given else ""
        if len(again) >= 3 and said_digits.startswith(again[:3]):
            wrong = said  # 不对，应该是幺三八九六八…: said again from the start
        else:
            # the digits given replace as many said last; a long run replaces the last one only
            wrong = said[-(len(again) if 0 < len(again) <= 4 else 1) :]
        _drop(answer, [*wrong, *range(correction.start(), correction.end())])
        _drop(answer, range(start - len(wrong), correction.start() - len(wrong)), keep_digits_of=False)


# How many characters before a correction word may lead up to it (等一下，最后一个不是，是七).
_CORRECTION_LEAD = 10
# What follows a digit word that is a word of the sentence (一下, 最后一个, 再说一遍).
_MEASURE_WORDS = frozenset("下个遍次位声")


def _in_words(text: str, index: int) -> bool:
    """Whether ``text[index]`` is no digit of the number: not a digit, or a digit word of a word."""
    return not _DIGIT_RE.match(text[index]) or text[index + 1 : index + 2] in _MEASURE_WORDS


_RESTART_RE = re.compile("重说|重新说|重新报|重报|再说一遍|从头说")
_GIVEN_RE = re.compile(_DIGIT + "+")
_GROUP_RE = re.compile(_DIGIT + "+")
_PAUSES_ONLY = re.compile("[，,。.…、\\s\u3000嗯呃]*")


def _take_out_stutters(answer: Answer) -> None:
    """幺三八，幺三八九六… → a group said again at the start of the next one is taken out."""
    groups = list(_GROUP_RE.finditer(answer.text))
    doomed: list[int] = []
    for first, second in zip(groups, groups[1:]):
        said, again = fold(first.group()), fold(second.group())
        if (
            len(said) >= 2
            and again.startswith(said)
            and _PAUSES_ONLY.fullmatch(answer.text, first.end(), second.start())
        ):
            doomed.extend(range(first.start(), first.end()))
    if doomed:
        _drop(answer, doomed)


# What may stand inside one piece of a value without being part of it.
_PAUSE_CHARS = frozenset("，,。.…、 \u3000嗯呃")


def _located(
    answer: Answer, low: int, high: int, extra: Iterable[int] = (), pieces: Sequence[tuple[int, int]] = ()
) -> tuple[int, int, tuple] | None:
    """Call offsets of answer characters ``low:high`` (plus ``extra`` call offsets): the start,
    the end and the parts. A part ends at the end of a turn and where words other than pauses
    and fillers stand between two characters (说错了，是 between a wrong digit and its correction):
    those words stay as they are."""
    source = answer.source
    offsets = sorted(
        {
            answer.positions[index]
            for start, end in (pieces or ((low, high),))
            for index in range(start, end)
            if answer.positions[index] >= 0 and answer.text[index] not in _PAUSE_CHARS
        }
        | set(extra)
    )
    if not offsets:
        return None
    parts: list[list[int]] = []
    starts = [turn.start for turn in answer.turns]
    last_turn = None
    for offset in offsets:
        turn = bisect.bisect_right(starts, offset) - 1
        if parts and turn == last_turn and _PAUSES_ONLY.fullmatch(source, parts[-1][1], offset):
            parts[-1][1] = offset + 1
        else:
            parts.append([offset, offset + 1])
        last_turn = turn
    spans = tuple((start, end) for start, end in parts)
    return spans[0][0], spans[-1][1], spans if len(spans) > 1 else ()


def _finding(entity, located, score, value, reason, validated=True, whole=False) -> Finding:
    start, end, parts = located
    metadata = {}
    if not validated:
        metadata["validated"] = False
    if whole:
        metadata["mask"] = "whole"
    finding = Finding(entity, start, end, score, value, reason=reason, metadata=metadata, parts=parts)
    if whole:
        finding.masked_value = "*" * len(finding.masked)
    return finding


def _answered(answer: Answer) -> list[Finding]:
    entity = answer.entity
    if entity == person.ENTITY:
        return _bare_names(answer)
    if entity == address.ENTITY:
        return _addresses(answer)
    if entity in (wechat.ENTITY, qq.ENTITY, license_plate.ENTITY):
        spelled = _spelled_account(answer)
        if spelled:
            return spelled + (_echoed(answer, spelled[0]) if answer.echoes else [])
    if entity not in _LABELS or _DIGIT_RE.search(answer.text) is None:
        return []  # most answers in a call: no digit said, nothing to scan
    found = _numbers(answer)
    if found and answer.echoes:
        found += _echoed(answer, found[0])
    return found


def _echoed(answer: Answer, number: Finding) -> list[Finding]:
    """The digits the asker read back between the pieces, masked star for star: together with
    the number's mask they show no more than it does."""
    echoed = []
    for turn in answer.echoes:
        for run in _GIVEN_RE.finditer(answer.source, turn.start, turn.end):
            value = fold(run.group())
            reason = "digits read back between the pieces of a number"
            echo = Finding(number.entity, run.start(), run.end(), NEAR_MISS_SCORE, value, reason=reason)
            echo.metadata = {"validated": False, "mask": "whole"}
            echo.masked_value = "*" * len(value)
            echoed.append(echo)
    return echoed


def _numbers(answer: Answer) -> list[Finding]:
    """The answer behind its label, scanned; a near miss when no validator takes its digits."""
    entity = answer.entity
    label = _LABELS[entity]
    wanted = {entity, CARD} if entity in (resident_id.ENTITY, CARD) else {entity}
    if entity == resident_id.ENTITY:
        wanted.add(PASSPORT)
    found = []
    for hit in scan(label + answer.text, entities=wanted):
        if hit.entity == CARD and entity != CARD and hit.score < 0.9:
            continue  # an ID asked for: a card known only by its network is an ID near miss
        shift = len(label)  # a number said over turns inside one line: its pieces only
        low, high = hit.start - shift, hit.end - shift
        if _named_non_personal(answer.text, low):
            continue  # 我没带手机，订单号是一三八…: the answer names what it gives
        pieces = [(start - shift, end - shift) for start, end in hit.parts]
        if answer.dropped and not pieces:
            low, high = _whole_cluster(answer.text, low, high)  # corrected: every digit said is of it
        grown = None if answer.dropped or pieces else _grown_to_its_run(answer.text, low, high, entity)
        if grown:
            low, high = grown
        located = _located(answer, low, high, answer.dropped, pieces)
        if located is None:
            continue
        corrected = bool(answer.dropped) or grown is not None
        validated = hit.metadata.get("validated", True) and not corrected
        found.append(
            _finding(
                hit.entity,
                located,
                hit.score if validated else min(hit.score, NEAR_MISS_SCORE),
                hit.value,
                hit.reason + "; the answer to a question for it",
                validated,
                whole=not validated,
            )
        )
    if found or entity not in _NEAR_MISS_DIGITS:
        return found
    return _near_miss(answer)


# Digits said right against a number (spaces only between): one more digit of the same number.
_TOUCHING_DIGITS = re.compile("(?:[\\s\u3000]*(?:" + _DIGIT + "|[Xx叉]))+(?=[，,。.！!？?、…\\s\u3000]|$)")
_TOUCHING_BEFORE = re.compile("(?:(?:" + _DIGIT + ")[\\s\u3000]*)+$")


_NON_PERSONAL_WORD = re.compile(literal_alternation(QUESTIONS[NON_PERSONAL]))
# How far before a number its own word stands (订单号是：, 单号呢是).
_NAMED_GAP = 6


def _named_non_personal(text: str, low: int) -> bool:
    """Whether the number at ``low`` of an answer is said right after a non-personal word of its
    own (订单号是…), with no personal word after that word: the answer names what it gives."""
    window = text[max(0, low - _NAMED_GAP - 5) : low]
    named = max(_NON_PERSONAL_WORD.finditer(window), key=lambda found: found.end(), default=None)
    return (
        named is not None and len(window) - named.end() <= _NAMED_GAP and _OWN_WORDS.search(window, named.end()) is None
    )


def _grown_to_its_run(text: str, low: int, high: int, entity: str) -> tuple[int, int] | None:
    """A valid number with a few digits said right against it, the run ending there (a digit
    doubled: twelve for a mobile, nineteen for an ID, a landline a digit long): the answer's run
    is the number said, a near miss, not the valid part the validators took out of it."""
    after = _TOUCHING_DIGITS.match(text, high)
    before = _TOUCHING_BEFORE.search(text[max(0, low - 6) : low])
    extra = (after.group() if after else "") + (before.group() if before else "")
    count = sum(1 for char in extra if not char.isspace())
    if not 0 < count <= 4:
        return None
    total = count + sum(1 for char in text[low:high] if _DIGIT_RE.match(char) or char in "Xx叉")
    if total not in _NEAR_MISS_DIGITS.get(entity, ()):
        return None
    return low - (len(before.group()) if before else 0), high + (after.end() - high if after else 0)


def _whole_cluster(text: str, low: int, high: int) -> tuple[int, int]:
    """The run of digits (pauses and fillers between them) around ``text[low:high]``."""
    for cluster in _CLUSTER_RE.finditer(text):
        if cluster.start() <= low < cluster.end():
            return cluster.start(), max(high, cluster.end())
    return low, high


def _near_miss(answer: Answer) -> list[Finding]:
    """The first run of digits of the answer whose length fits the type asked for, as a near miss."""
    entity = answer.entity
    for cluster in _CLUSTER_RE.finditer(answer.text):
        if answer.own and cluster.start() > _OWN_GAP:
            break  # 电话是… gives its number right after the word, or not at all
        digits = [index for index in range(cluster.start(), cluster.end()) if _DIGIT_RE.match(answer.text[index])]
        if answer.text[cluster.end() - 1] in "Xx叉":
            digits.append(cluster.end() - 1)
        value = fold("".join(answer.text[index] for index in digits)).upper().replace("叉", "X")
        if len(value) not in _NEAR_MISS_DIGITS[entity] or not value[:-1].isdigit():
            continue
        if _named_non_personal(answer.text, cluster.start()):
            continue
        if phone.is_business_number(value) or phone.is_business_number(value[:5]):
            continue  # 打400-820-8820就行, 95588: a service number, whatever was asked
        located = _located(answer, digits[0], digits[-1] + 1, answer.dropped)
        if located is None:
            continue
        reason = "digits given as the answer to a question for it; no validator takes them"
        return [_finding(entity, located, NEAR_MISS_SCORE, value, reason, validated=False, whole=True)]
    return []


# Digits said one after the other, with only pauses and fillers between (the answer's turns are
# joined with a comma): one number.
_CLUSTER_RE = re.compile(
    _DIGIT + r"(?:(?:[，,。.…、\s\u3000-]|嗯|呃|啊|那个|就是|然后){0,6}" + _DIGIT + r")*(?:[\s，,。.…]{0,3}[Xx叉])?"
)


# Words that come before a bare name and are not part of it.
_NAME_LEAD = re.compile(
    r"^(?:[嗯呃哦啊额]|好的|对|是|我是|我叫|叫|就是|名字是|姓名是|我的名字是|名字叫|免贵|就写|写的是|写|填|[，,。\s])*"
)
_NAME_END = re.compile(r"^(?:[，,。.！!？?、…\s]|就这个|对|是的|$)")
_SURNAME_THEN_NAME = re.compile(
    r"姓([\u4e00-\u9fff]{1,2})[，,。\s]*(?:叫|名叫|全名|全名叫)?[，,。\s]*([\u4e00-\u9fff]{2,4})"
)


def _bare_names(answer: Answer) -> list[Finding]:
    """A name said alone as the answer (林熙蕾。), or 免贵姓段，叫段浩 / 我姓钟，钟鹏."""
    found = _surname_then_name(answer)
    if found:
        return found
    for segment_start, segment in _answer_segments(answer.text):
        lead = _NAME_LEAD.match(segment).end()
        # the name finder's own rules (common words, companies, places) on the segment said as
        # 我叫…: 明白了 and 周末吧 are no names
        named = [match for start, _end, match in person.find(_INTRODUCED + segment[lead:]) if start == len(_INTRODUCED)]
        if not named:
            continue
        value = named[0].value
        if not _NAME_END.match(segment[lead + len(value) :]) or person.is_surname(value):
            continue
        low = segment_start + lead
        located = _located(answer, low, low + len(value))
        return [_finding(person.ENTITY, located, 0.7, value, "a name said alone as the answer")] if located else []
    return []


_INTRODUCED = "我叫"


def _surname_then_name(answer: Answer) -> list[Finding]:
    """免贵姓段，叫段浩 / 我姓钟，钟鹏: the surname and the name, both."""
    found = []
    for said in _SURNAME_THEN_NAME.finditer(answer.text):
        surname = said.group(1)
        name = _trimmed_name(said.group(2), surname) if person.is_surname(surname) else None
        if not name:
            continue
        for low, value in ((said.start(1), surname), (said.start(2), name)):
            located = _located(answer, low, low + len(value))
            if located:
                found.append(_finding(person.ENTITY, located, 0.8, value, "name given as the answer"))
    return found


def _answer_segments(text: str):
    """The answer's turns (split at the joining commas are too fine: 王芳，芳草的芳)."""
    start = 0
    for index, char in enumerate(text + "\n"):
        if char in "，,。\n":
            if index > start:
                yield start, text[start:index]
            start = index + 1


_NOT_NAME_WORDS = frozenset(
    ("好的", "对的", "是的", "不是", "可以", "没有", "稍等", "等等", "知道", "不用", "不要", "谢谢")
)


def _trimmed_name(name: str, surname: str | None) -> str | None:
    """The name as 2–4 characters starting with a surname, else None."""
    for length in (4, 3, 2):
        value = name[:length]
        if len(value) < 2 or value in _NOT_NAME_WORDS:
            continue
        first = person.surname_of(value)
        if not first or (surname and first != surname and value[: len(surname)] != surname):
            continue
        if len(value) - len(first) in (1, 2) and not _DIGIT_RE.search(value[len(first) :]):
            return value
    return None


_ADDRESS_PARTS = re.compile("省|市|区|县|镇|乡|村|路|街|道|巷|弄|号|栋|幢|单元|室|楼|小区|花园|苑|大厦|公寓|家园|新村")


# What only a dwelling has: a numbered building, unit or room, or an estate (市区上班 has none).
_DWELLING = re.compile(
    "[0-9０-９零一二三四五六七八九十幺两]+(?:号|栋|幢|单元|室|楼|层)|小区|花园|家园|新村|公寓|大厦|苑"
)


def _addresses(answer: Answer) -> list[Finding]:
    """The answer behind 地址是; a turn that names address parts (3栋2单元501) or an estate alone
    (万科城) when the finder takes nothing; a room number said after either (3栋2单元，501)."""
    label = _LABELS[address.ENTITY]
    found = []
    for start, end, match in address.find(label + answer.text):
        low, high = start - len(label), _with_room(answer.text, end - len(label))
        located = _located(answer, low, high)
        if located:
            value = match.value if high == end - len(label) else match.value + answer.text[end - len(label) : high]
            found.append(_finding(address.ENTITY, located, 0.8, value, "address given as the answer"))
    if found:
        return found
    for segment_start, segment in _answer_segments(answer.text):
        lead = _NAME_LEAD.match(segment).end()
        body = segment[lead:].rstrip("。.！!？?…啊吧呢")
        parts = len(body) >= 3 and len(_ADDRESS_PARTS.findall(body)) >= 2 and _DWELLING.search(body)
        if not (parts or (_ESTATE.fullmatch(body) and not _NOT_ESTATE.search(body))):
            continue
        low = segment_start + lead
        high = _with_room(answer.text, low + len(body))
        if found and found[-1].end > answer.positions[low]:
            continue  # the room number of the segment before
        located = _located(answer, low, high)
        if located:
            value = answer.text[low:high]
            found.append(_finding(address.ENTITY, located, 0.6, value, "address parts given as the answer"))
    return found


def _with_room(text: str, end: int) -> int:
    """The end of an address at ``end`` of the answer's text, with the room number said after it."""
    room = _AFTER_ROOM.match(text, end)
    return room.end() if room else end


# An estate named alone as the answer to an address question (万科城, 和平里社区).
_ESTATE = re.compile(
    "[\u4e00-\u9fff]{1,8}(?:小区|花园|家园|新村|公寓|大厦|社区|公馆|山庄|名都|华庭|广场|苑|城|园|府|居|湾|庭|邸)"
)
# Words of a sentence, not of an estate's name (住在城里, 回老家那边的公园).
_NOT_ESTATE = re.compile("[在住去回到的了我你他她这那哪]")
# A room number said after the building and unit (3栋2单元，501), the answer's segment ending there.
_AFTER_ROOM = re.compile("[，,\\s]*[0-9０-９零一二三四五六七八九幺两洞]{2,5}(?:室|号|房)?(?=[，,。.！!？?…\\s]|$)")


# Spelled accounts: letters, digits said or written, 下划线, 杠, 大写的A; pauses and fillers between.
_SPELLED_TOKEN = re.compile(
    r"(?P<upper>大写的?(?P<up>[A-Za-z]))|(?P<lower>小写的?(?P<low>[A-Za-z]))|(?P<char>[-_A-Za-z0-9])|(?P<digit>"
    + _DIGIT
    + r")|(?P<under>下划线|下滑线|底线)|(?P<dash>横杠|中划线|减号|杠)|(?P<gap>[\s，,、。…·]|嗯|呃|然后|那个|数字|字母)"
)
_ALL_LOWER = re.compile("全小写|全部小写|都是小写|全是小写")
_PROVINCE = re.compile("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]")


def _spelled(token: re.Match) -> str:
    """What one spelled token stands for ('' for a pause or filler)."""
    if token.group("upper"):
        return token.group("up").upper()
    if token.group("lower"):
        return token.group("low").lower()
    if token.group("digit"):
        return fold(token.group("digit"))
    if token.group("under"):
        return "_"
    if token.group("dash"):
        return "-"
    return token.group("char") or ""


def _spelled_runs(text: str):
    """``(compact, indexes)`` for each run of spelled tokens (pauses and fillers inside), a
    province character allowed first (粤B，嗯，幺二三四五)."""
    position = 0
    while position < len(text):
        province = _PROVINCE.match(text, position)
        compact = [province.group()] if province else []
        indexes = [position] if province else []
        at = position + len(compact)
        token = _SPELLED_TOKEN.match(text, at)
        while token is not None:
            said = _spelled(token)
            if said:
                compact.append(said)
                indexes.extend(range(token.start(), token.end()))
            at = token.end()
            token = _SPELLED_TOKEN.match(text, at)
        if len(compact) >= 5:
            yield "".join(compact), indexes
            position = max(at, position + 1)
        else:
            position += 1


def _spelled_account(answer: Answer) -> list[Finding]:
    entity = answer.entity
    lower = _ALL_LOWER.search(answer.text) is not None
    for compact, indexes in _spelled_runs(answer.text):
        value = compact.lower() if lower else compact
        if entity == qq.ENTITY:
            ok = value.isdigit() and 5 <= len(value) <= 11 and value[0] != "0"
        elif entity == wechat.ENTITY:
            ok = re.fullmatch(r"[A-Za-z][-_A-Za-z0-9]{5,19}", value) is not None
        else:
            ok = license_plate.find(value.upper()) != [] and len(value) in (7, 8)
            value = value.upper()
        if not ok:
            continue
        located = _located(answer, indexes[0], indexes[-1] + 1, _letters_described(answer, indexes[-1] + 1, value))
        if located:
            return [_finding(entity, located, 0.8, value, "account spelled out as the answer")]
    return []


_DESCRIBED_LETTER = re.compile("(?:大写|小写)的?([A-Za-z])")


def _letters_described(answer: Answer, after: int, value: str) -> list[int]:
    """Call offsets of the account's letters described after it (…，第一个是大写的S): they show
    the account as its letters do."""
    return [
        answer.positions[said.start(1)]
        for said in _DESCRIBED_LETTER.finditer(answer.text, after)
        if said.group(1).lower() in value.lower() and answer.positions[said.start(1)] >= 0
    ]


# --------------------------------------------------------------------------------------------
# The call


def scan_call(text: str, entities: Iterable[str] | None = None) -> list[Finding]:
    """Every finding in a call's transcript ``text`` (one turn per line, a speaker label before a
    colon), sorted; only ``entities`` if given. Where the call layer adds nothing (most calls of
    a day's traffic: no question answered without its word), the scanner's findings as they are."""
    wanted = None if entities is None else frozenset(entities)
    base = scan(text, entities=wanted)
    questions = list(_QUESTION_RE.finditer(text))
    if not questions and not _may_be_said_again(text, base):
        return base  # most texts: nothing asked, nothing found that the text says twice
    lines = _Lines(text)
    if not _opening_is_dialogue(lines):
        return base  # no two speakers' labels in its first lines: not a call
    answers = _answers(text, lines, questions, _Covered(base)) if questions else []
    found, answered = _answered_findings(text, base, answers, wanted)
    found.extend(_remembered(text, found, answered))
    found.extend(_spelled_characters(text, found))
    if len(found) == len(base) and found == base:
        return base
    return without_overlaps(found, preferred={id(item) for item in answered})


def _may_be_said_again(text: str, found: list[Finding]) -> bool:
    """Whether call memory may add something: a name, account or address the text says twice,
    or a name whose characters it may spell out."""
    return any(
        finding.entity in _MEMORY_ENTITIES
        and len(finding.value) >= 2
        and (text.count(finding.value) > 1 or (finding.entity == person.ENTITY and "的" in text))
        for finding in found
    ) or (_SURNAME_SPELLED.search(text) is not None and any(f.entity == person.ENTITY for f in found))


def _opening_is_dialogue(lines: _Lines) -> bool:
    """Two speakers' labels among the first lines (read until the second speaker is heard)."""
    speakers = set()
    for index in range(min(len(lines.lines), _OPENING_LINES)):
        turn = lines.turn(index)
        if turn is not None:
            speakers.add(turn.speaker)
            if len(speakers) > 1:
                return True
    return False


def _answered_findings(text: str, base: list[Finding], answers: list[Answer], wanted) -> tuple[list, list]:
    """The findings with the answers read: those the answers add, and the scanner's without the
    answers to questions for something not personal."""
    found = list(base)
    if not answers:
        return found, []
    answered: list[Finding] = []
    not_personal: set[int] = set()
    for answer in answers:
        if answer.entity == NON_PERSONAL:
            not_personal |= _non_personal_answer(answer)
        elif wanted is not None and answer.entity not in wanted:
            continue
        else:
            answered.extend(item for item in _answered(answer) if wanted is None or item.entity in wanted)
    if not_personal:
        found = [finding for finding in found if not _said_in(finding, not_personal)]
    answered = _new_answers(base, answered)
    found.extend(answered)
    return found, answered


_DIGIT_SET = frozenset("0123456789０１２３４５６７８９" + _WORD_DIGITS)


def _non_personal_answer(answer: Answer) -> set[int]:
    """Where the answer to a question for something not personal says its number: the first run
    of five digits or more (its pieces over turns included), unless the answer names a personal
    kind of its own before it (我手机是…)."""
    for cluster in _CLUSTER_RE.finditer(answer.text):
        if sum(1 for char in cluster.group() if _DIGIT_RE.match(char)) >= 5:
            break
    else:
        return set()
    if _OWN_WORDS.search(answer.text, 0, cluster.start()):
        return set()
    return {answer.positions[index] for index in range(cluster.start(), cluster.end()) if answer.positions[index] >= 0}


def _said_in(finding: Finding, offsets: set[int]) -> bool:
    return finding.entity in _NUMBER_ENTITIES and any(
        offset in offsets for start, end in finding.pieces for offset in range(start, end)
    )


def _new_answers(base: list[Finding], answered: list[Finding]) -> list[Finding]:
    """The answers' findings that add something: not one the scanner found already (the same
    entity over as many characters), and no near miss over another kind's finding (客服电话95555,
    a QQ number, an address)."""
    if not answered:
        return answered
    holder: dict[int, list[Finding]] = {}
    for other in base:
        for start, end in other.pieces:
            for offset in range(start, end):
                holder.setdefault(offset, []).append(other)
    kept = []
    for finding in answered:
        clashes = {
            id(other): other
            for start, end in finding.pieces
            for offset in range(start, end)
            for other in holder.get(offset, ())
        }.values()
        if any(other.entity == finding.entity and _size(other) >= _size(finding) for other in clashes):
            continue
        if finding.metadata.get("validated", True) is False and any(
            other.entity in _NEAR_MISS_BLOCKERS for other in clashes
        ):
            continue
        kept.append(finding)
    return kept


def _size(finding: Finding) -> int:
    return sum(end - start for start, end in finding.pieces)


# What a near miss found as an answer never replaces: a service number, a document, an e-mail
# address, an account, a name, an address.
_NEAR_MISS_BLOCKERS = frozenset(
    (
        phone.BUSINESS_ENTITY,
        PASSPORT,
        "EMAIL_ADDRESS",
        qq.ENTITY,
        wechat.ENTITY,
        license_plate.ENTITY,
        person.ENTITY,
        address.ENTITY,
    )
)


_MEMORY_ENTITIES = (person.ENTITY, wechat.ENTITY, qq.ENTITY, address.ENTITY, license_plate.ENTITY)


def _remembered(text: str, found: list[Finding], answered: list[Finding]) -> list[Finding]:
    """Each name, account, address or number found once, wherever else the call says it (a few
    values: ``str.find``, linear in the call's length, no pattern compiled per call)."""
    words: dict[str, Finding] = {}
    numbers: dict[str, Finding] = {}
    for finding in found:
        if finding.entity in _MEMORY_ENTITIES and len(finding.value) >= 2 and not whole_mask(finding):
            words.setdefault(finding.value, finding)
    if len(words) > _FEW_WORDS:  # a very long text of many calls: one search for them all
        said = Counter(match.group() for match in re.finditer(literal_alternation(words), text))
        words = {value: finding for value, finding in words.items() if said[value] > 1}
    else:
        words = {value: finding for value, finding in words.items() if text.count(value) > 1}
    for finding in answered:
        # a valid number is found wherever it is said; one found as an answer only there
        if finding.entity in _REMEMBERED_NUMBERS and len(finding.value) >= 7:
            numbers.setdefault(finding.value, finding)
    if not words and not numbers:
        return []
    taken = {offset for finding in found for start, end in finding.pieces for offset in range(start, end)}
    extra = [
        dataclasses.replace(finding, start=start, end=end, parts=(), reason=_AGAIN)
        for value, finding in words.items()
        for start, end in _occurrences(text, value)
        if not _said_there(taken, start, end)
    ]
    if numbers:
        folded = fold(text)  # one character for one: offsets stay
        extra += [
            dataclasses.replace(finding, start=start, end=end, parts=(), reason=_AGAIN)
            for value, finding in numbers.items()
            for start, end in _occurrences(folded, value)
            if _alone(folded, start, end) and not _said_there(taken, start, end)
        ]
    return extra


_FEW_WORDS = 32


def _occurrences(text: str, value: str):
    start = text.find(value)
    while start >= 0:
        yield start, start + len(value)
        start = text.find(value, start + len(value))


def _alone(folded: str, start: int, end: int) -> bool:
    """Not part of a longer number."""
    return (start == 0 or not folded[start - 1].isdigit()) and (end == len(folded) or not folded[end].isdigit())


def _said_there(found: set[int], start: int, end: int) -> bool:
    return not found.isdisjoint(range(start, end))


_REMEMBERED_NUMBERS = frozenset((phone.ENTITY, resident_id.ENTITY, CARD))
_AGAIN = "said before in this call"


# How a character is described by its parts: 王字旁的琳, 三点水的X, 草字头的X.
_RADICAL_ENDS = "旁头底边水心框点字"
# Surnames said by their parts (木子李, 弓长张, 耳东陈 …).
_SURNAME_SPELLED = re.compile(
    "木子李|弓长张|立早章|耳东陈|口天吴|双木林|草头黄|古月胡|言午许|三横王|木易杨|双人徐|禾口程|人可何|关耳郑|"
    "文刀刘|子小孙|走肖赵|雨田雷|门口吕"
)
_SPELLED = "a character of a name spelled out"
# A word, 的 and one character, as a phrase of its own (，芳草的芳。): compiled once, the
# character checked against the names found (a pattern built per call cost a compile each).
_SPELLED_CHARACTER = re.compile("(?<=[，,。：:\\s])([\u4e00-\u9fff]{1,3})的([\u4e00-\u9fff])(?=[，,。.！!？?\\s]|$)")


def _spelled_characters(text: str, found: list[Finding]) -> list[Finding]:
    """王芳，芳草的芳: a character of a found name spelled out by a word holding it."""
    characters = {
        char
        for finding in found
        if finding.entity == person.ENTITY and len(finding.value) >= 2
        for char in finding.value
    }
    if not characters:
        return []
    extra = []
    for said in _SPELLED_CHARACTER.finditer(text) if _spells_one_of(text, characters) else ():
        word = said.group(1)
        if said.group(2) in characters and (said.group(2) in word or word[-1] in _RADICAL_ENDS):
            value = said.group()
            spelled = Finding(
                person.ENTITY, said.start(), said.end(), 0.6, value, reason=_SPELLED, metadata={"mask": "whole"}
            )
            spelled.masked_value = "*" * len(value)
            extra.append(spelled)
    for said in _SURNAME_SPELLED.finditer(text):
        if said.group()[-1] in characters:
            spelled = Finding(
                person.ENTITY, said.start(), said.end(), 0.6, said.group(), reason=_SPELLED, metadata={"mask": "whole"}
            )
            spelled.masked_value = "*" * len(said.group())
            extra.append(spelled)
    return extra


def _spells_one_of(text: str, characters: set[str]) -> bool:
    """Whether ``text`` says 的 before one of ``characters`` (芳草的芳 needs it): the pattern,
    which tries every place of the call, is searched only then."""
    at = text.find("的")
    while at >= 0:
        if text[at + 1 : at + 2] in characters:
            return True
        at = text.find("的", at + 1)
    return False


def without_overlaps(findings: list[Finding], preferred: frozenset | set = frozenset()) -> list[Finding]:
    """The findings, in text order, no two sharing a character (pieces compared, not spans: a
    number said over turns leaves the other speaker's words between its pieces free). Where two
    share, a finding of the type a question asked for (``preferred``, by ``id``) or a sure one
    (score 0.9 and up) wins over a weaker one, then the one covering more characters, then the
    higher score: a 19-digit near miss of an ID asked for is no card known only by its network."""

    def size(finding: Finding) -> tuple:
        sure = id(finding) in preferred or finding.score >= 0.9
        return sure, sum(end - start for start, end in finding.pieces), finding.score

    taken: set[int] = set()  # characters already given to a finding: linear in the call's length
    kept = []
    for finding in sorted(findings, key=size, reverse=True):
        characters = [offset for start, end in finding.pieces for offset in range(start, end)]
        if not taken.isdisjoint(characters):
            continue
        taken.update(characters)
        kept.append(finding)
    kept.sort(key=lambda finding: (finding.start, finding.end))
    return kept


def whole_mask(finding: Finding) -> bool:
    """Whether ``finding`` is masked star for star (a near miss, a corrected number, a spelling)."""
    return finding.metadata.get("mask") == "whole"


__all__ = [
    "ENTITIES",
    "PERSONAL_ENTITIES",
    "QUESTIONS",
    "Turn",
    "call_text",
    "could_hold_answers",
    "is_call",
    "scan_call",
    "scan_text",
    "scan_turns",
    "turns_of",
    "whole_mask",
    "without_overlaps",
]
