"""CN_ADDRESS: a street address in China (地址).

Format, as addresses are written on forms and said on calls (GB/T 23705-2009 "数字城市地理信息
公共平台地名/地址编码规则" orders the parts the same way): administrative divisions from the
province down to the district or county (湖北省武汉市洪山区; any of them may be left out or
shortened), optionally a town, street office or village (关山街道, 新华村), then a road, street or
lane with its number (珞喻路1037号), and/or a named estate (小区, 花园, 家园, 大厦, 公寓, 新村, 苑),
and the building, unit, floor and room (3栋2单元1502室, 5号楼, 12层). Division names are known
offline from python-stdnum's ``cn/loc`` list (see :mod:`recognizers.places`).

An address is reported only when it has such a detail part after the divisions, or right after an
address word (地址, 住在, 寄到 …) when no division is named: a city or district on its own
(``我在武汉上班``, ``住在洪山区``) is where someone is, not their address.

Mask: the divisions down to the district stay, the rest is starred.

>>> [(s, e, m.value) for s, e, m in find("地址是武汉市洪山区珞喻路1037号3栋2单元1502室")]
[(3, 27, '武汉市洪山区珞喻路1037号3栋2单元1502室')]
>>> mask("湖北省武汉市洪山区珞喻路1037号")
'湖北省武汉市洪山区********'
>>> find("我在武汉市上班，住在洪山区")
[]
"""

from __future__ import annotations

import re

from recognizers import places
from recognizers.context import literal_alternation
from recognizers.matches import Match

ENTITY = "CN_ADDRESS"
# Longer words first in the search, so 收货地址 is one word and the address starts after it.
CONTEXT = (
    "收货地址",
    "寄送地址",
    "家庭地址",
    "家庭住址",
    "通讯地址",
    "联系地址",
    "详细地址",
    "居住地址",
    "户籍地址",
    "单位地址",
    "地址",
    "住址",
    "住在",
    "家住",
    "家在",
    "寄到",
    "送到",
    "寄往",
    "收货",
    "现住",
    "居住",
    "户籍",
    "住的是",
)

_NUMBER = "[0-9０-９零〇一二三四五六七八九十百千幺两]+"
# Characters of a road, town or estate name: word characters but not the little words of speech,
# so "洪山区有很多商城" does not read as an estate.
_NAME_CHAR = r"[^\W_的了是在有很吗呢吧啊我你他她这那和就也还要说]"
_TOWN = rf"(?P<town>{_NAME_CHAR}{{1,8}}?(?:街道|镇|乡|村|社区|开发区|工业园))"
_ROAD = (
    rf"(?P<road>{_NAME_CHAR}{{1,10}}?(?:大道|大街|路|街|道|巷|胡同|弄)"
    rf"(?:[东西南北中]段|{_NUMBER}段)?(?P<road_number>{_NUMBER}号(?:院)?)?)"
)
_ESTATE = rf"(?P<estate>{_NAME_CHAR}{{1,10}}?(?:小区|花园|家园|大厦|公寓|新村|苑|公馆|大院|宿舍))"
_PART = rf"(?:[-－—]?(?:{_NUMBER}|[A-Za-z])+(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|户|组))"
# A place named without an estate word is part of the address when a building or room follows it
# (望京西园三区221号楼); so is a bare room number after the unit (1单元502).
_PLACE = rf"(?:{_NAME_CHAR}{{1,10}}?(?={_PART}))"
_ROOM = rf"(?:(?<=单元)|(?<=号楼)|(?<=栋)|(?<=幢)|(?<=层))[-－]?{_NUMBER}"
# ASR cuts a said address into pieces with a comma, a space, a pause or a filler (武汉市洪山区，嗯，
# 珞喻路1037号 3栋): still one address.
_GAP_CHARS = r"\s，,、…"
_GAP = rf"(?:[{_GAP_CHARS}]+(?:[嗯呃][{_GAP_CHARS}]+)?)"
_GAP_AT_END = " \t\n，,、…嗯呃"
_GAP_AT = re.compile(_GAP)
_DETAIL = re.compile(
    rf"(?:{_TOWN}{_GAP}?)?(?:{_ROAD}{_GAP}?)?(?:(?:{_ESTATE}|{_PLACE}){_GAP}?)?(?P<parts>{_PART}+(?:{_ROOM})?)?"
)

# Where an address may start: a division's level word, or an address word.
_LEVEL_WORDS = "省市区县州旗盟"
# The words every address finding ends or follows (see :data:`recognizers.text_entities.GATES`).
GATE_WORDS = (*CONTEXT, *_LEVEL_WORDS)
MENTION = literal_alternation(GATE_WORDS)
_ANCHORS = re.compile(MENTION)
_AFTER_WORD = re.compile(r"[是在为：:\s]{0,3}")


# A bare "3号" after a city is a date or a metro line (武汉市出差3号回来, 北京市5号线); a number
# is an address's only after a road, or with a building, unit, floor or room word.
_BUILDING_WORD = re.compile("号楼|号院|栋|幢|座|单元|层|楼|室|户|组")


def _detail_end(text: str, position: int, after_word: bool) -> int | None:
    """End of the detail part starting at ``position``, if it names enough to be an address."""
    detail = _DETAIL.match(text, position)
    if detail is None or detail.end() == position:
        return None
    parts = detail["parts"]
    enough = detail["road_number"] or detail["estate"] or (parts and _BUILDING_WORD.search(parts))
    if not enough and not (after_word and detail["road"]):
        return None
    return position + len(detail.group().rstrip(_GAP_AT_END))


def _address_at(text: str, start: int, after_word: bool) -> tuple[int, int, int] | None:
    """``(start, end of the divisions, end)`` of an address whose divisions (if any) start at
    ``start``."""
    chain = places.admin_prefix(text, start)
    if not chain and not after_word:
        return None
    # 北京路5号: the detail may begin inside what read as a division name; try shorter chains too
    for kept in range(len(chain), -1, -1):
        if kept == 0 and not after_word:
            return None
        position = start + sum(len(name) for name in chain[:kept])
        gap = _GAP_AT.match(text, position) if kept else None
        end = _detail_end(text, gap.end() if gap else position, after_word)
        if end is not None:
            return start, position, end
    return None


def _chain_start(text: str, end: int) -> int | None:
    """Start of the division names written one after another and ending at ``end``."""
    start = end
    while True:
        name = places.longest_ending_at(text, start)
        if name is None:
            break
        start -= len(name)
    return start if start < end else None


def find(text: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each address in ``text``."""
    found: list[tuple[int, int, Match]] = []
    covered = 0
    for anchor in _ANCHORS.finditer(text):
        if anchor.start() < covered:
            continue
        if len(anchor.group()) == 1:
            start = _chain_start(text, anchor.end())
            span = None if start is None or start < covered else _address_at(text, start, after_word=False)
        else:
            start = _AFTER_WORD.match(text, anchor.end()).end()
            span = _address_at(text, start, after_word=True)
        if span is None:
            continue
        start, _divisions_end, end = span
        found.append((start, end, Match(ENTITY, 0.85, text[start:end], "divisions and street, estate or room")))
        covered = end
    return found


def mask(value: str) -> str:
    """Keep the divisions down to the district, star the rest."""
    span = _address_at(value, 0, after_word=True)
    kept = 0 if span is None else span[1]
    return value[:kept] + "*" * (len(value) - kept)
