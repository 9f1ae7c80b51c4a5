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
_NAME_CHAR = r"[^\W_的了是在有很吗呢吧啊我你他她这那就也还要说对]"
# 和 is in names (永和镇, 和睦桥村, 和义路) and joins two places (文三路和莫干山路): a part begins
# with it unless what follows it is a part of a kind already read (see _part_at).
_AND = "和"
_ALNUM = "[0-9０-９A-Za-zＡ-Ｚａ-ｚ]"
# The parts of the address below the divisions, in any order people write them (the standard's
# order is town, village, group, road and number, estate, building, unit, floor, room). Each is
# tried in turn where the last ended; the address ends where none matches.
_TOWN = rf"{_NAME_CHAR}{{1,8}}?(?:街道办事处|街道|镇|乡|开发区|工业园区|工业园|园区|农场)"
_VILLAGE = rf"{_NAME_CHAR}{{2,8}}?(?:行政村|村委会|居委会|村|社区)"  # 塔山村, not 农村
_GROUP = rf"(?:{_NUMBER}|{_NAME_CHAR}{{1,4}}?)(?:村民小组|组|队)"
_ROAD = (
    rf"(?:{_NAME_CHAR}|{_NUMBER}){{1,10}}?(?:大道|大街|支路|路|街|道|巷|胡同|弄)"
    rf"(?:[东西南北中]段|{_NUMBER}段)?"
)
# 珞喻路1037号; 长阳路1017 with no 号, when nothing Chinese follows the digits (not 5路公交, 100米)
_HOUSE = rf"{_NUMBER}(?:号院|号|弄)|(?<![0-9０-９A-Za-z])[0-9０-９]{{1,5}}(?![0-9０-９\u4e00-\u9fff])"
# Estate words that name a home: an estate with one of them is an address on its own.
_ESTATE = rf"{_NAME_CHAR}{{1,10}}?(?:小区|花园|家园|大厦|公寓|新村|苑|公馆|大院|宿舍|山庄)(?:小区|花园|公寓)?"
# Estate words that also name shops and sights (万达城, 碧海湾): an address only with a number after.
_PLACE_WORD = rf"{_NAME_CHAR}{{1,10}}?(?:广场|中心|大楼|商城|城|府|湾|居|邸|园|里|坊|阁|楼)"
# (a bare 3号 is a house number, or a date: see _counts)
_BUILDING = rf"(?:{_ALNUM}|{_NUMBER})+(?:号楼|号院|栋|幢|座|单元|层|楼|室|户|排)"
# 9-49-644, 21-102, 28-5-998: building, unit and room written as numbers with dashes.
# Each part at most five characters, the last not running on: a card or phone number written with
# a dash after a town (丁乡3-030000000000008) is no unit code.
_CODE_PART = rf"{_ALNUM}{{1,5}}"
_CODE = rf"{_CODE_PART}(?:[-－—]{_CODE_PART}){{1,3}}(?![0-9０-９A-Za-zＡ-Ｚａ-ｚ])(?:室|号)?"
# A room or flat number after a building, unit or floor word (1单元502, F栋17A, 尚峰花园4C2231).
_ROOM = rf"[-－—]?{_ALNUM}{{1,6}}(?!{_ALNUM})"  # not the first digits of a phone glued on
_TOKENS = (
    ("code", re.compile(_CODE)),
    ("building", re.compile(_BUILDING)),
    ("house", re.compile(_HOUSE)),
    ("group", re.compile(_GROUP)),
    ("estate", re.compile(_ESTATE)),
    ("town", re.compile(_TOWN)),  # before the road: 洲心街道 is a street office, not 洲心街 and 道
    ("road", re.compile(_ROAD)),
    ("village", re.compile(_VILLAGE)),
    ("place", re.compile(_PLACE_WORD)),
)
_ROOM_AT = re.compile(_ROOM)
# A place named without an estate word is part of the address when a building, a room or (after a
# town, village or road) a house number follows it (望京西园三区221号楼, 横峰镇下叶1049号).
_NAMED = re.compile(rf"{_NAME_CHAR}{{1,14}}?(?={_BUILDING}|{_CODE}|{_HOUSE})")
# ASR cuts a said address into pieces with a comma, a space, a pause or a filler (武汉市洪山区，嗯，
# 珞喻路1037号 3栋): still one address.
_GAP_CHARS = r"\s，,、…"
_GAP = rf"(?:[{_GAP_CHARS}]+(?:[嗯呃][{_GAP_CHARS}]+)?)"
_GAP_AT = re.compile(_GAP)
# What makes the parts an address: a house number, an estate, a building or room, a unit code,
# or a village group.
_ENOUGH = frozenset(("code", "building", "house", "estate", "group", "room"))


def _parts(text: str, position: int) -> tuple[int, set[str]]:
    """End of the parts below the divisions starting at ``position``, and their kinds."""
    kinds: set[str] = set()
    end = position
    while True:
        gap = _GAP_AT.match(text, end) if kinds else None
        at = gap.end() if gap else end
        kind, match = _part_at(text, at, kinds)
        if kind == "house" and at > end and match.group()[-1] not in "号院弄":
            return end, kinds  # digits after a gap are the next thing said (，电话138…), not a house
        if match is None:
            return end, kinds
        kinds.add(kind)
        end = match.end()


def _part_at(text: str, at: int, kinds: set[str]):
    if text.startswith(_AND, at) and kinds and _part_at(text, at + 1, kinds)[0] in kinds:
        return None, None  # 文三路和莫干山路: two roads
    for kind, pattern in _TOKENS:
        match = pattern.match(text, at)
        if match is not None and match.end() > at and _counts(text, kind, match, kinds):
            return kind, match
    if kinds & {"building", "code", "place", "estate", "house"}:
        room = _ROOM_AT.match(text, at)
        if room is not None and not text[at - 1].isspace() and text[at - 1] not in "，,、…":
            return "room", room
    named = _NAMED.match(text, at)
    if named is not None and named.end() > at:
        return "named", named
    return None, None


_NUMBER_AFTER = re.compile(rf"{_GAP}?(?:{_BUILDING}|{_CODE}|{_ALNUM})")


def _counts(text: str, kind: str, match: re.Match, kinds: set[str]) -> bool:
    """Whether a part read at this point is one: 3号 alone after a city is a date, not a house."""
    if kind == "group":
        return match.group()[0] in "0123456789０１２３４５６７８９零〇一二三四五六七八九十" or "village" in kinds
    if kind == "house":
        if match.group()[-1] not in "号院弄":
            return "road" in kinds  # digits alone are a house number after a road only
        return bool(kinds & {"road", "town", "village", "group", "estate", "place"})
    if kind == "road" and match.group() in places.common_words():
        return False  # 管道, 报道, 频道 are words, not roads
    if kind == "place":
        # 万达广场, 碧海湾: with a number after them, or after a road and number
        after = match.end()
        return _NUMBER_AFTER.match(text, after) is not None
    return True


# Where a piece of a list or a label ends: its end, punctuation, a space, or a phone number (not
# 中山路100米).
_PIECE_END = re.compile(r"$|[\s，,。;；:：、|/()（）【】\[\]]|[0-9０-９]{5}")
# A named place written after a town or village with no number (澉浦镇六里三湾浴室,
# 所前镇杭州铭球机械有限公司): part of the address when it runs to the end of the piece. Not after
# a road: 淄博龙泉管道工程有限公司 is a company's name holding a road word.
_TAIL = re.compile(r"[^\W\d_的了是在吗呢吧啊我你他她这那就也还要说对]{2,14}(?=" + _PIECE_END.pattern + ")")
# Not a place: a post or an office held at a company (…有限公司副总经理, …管理委员会主任王为民).
_ROLES = re.compile(
    "经理|董事|监事|主任|部长|总监|工程师|委员|主席|书记|局长|处长|科长|院长|校长|会长|秘书|负责人|理事|总裁|厂长|行长|"
    "代表|顾问|设计师|教授|记者|报道|员工|职工"
)
# What is said after a place, not a place's name (在杭州市延安路上班, 文三路附近, 安宁河方向).
_SAID_AFTER = re.compile(
    "上班|工作|上学|读书|打工|出差|开会|生活|附近|旁边|那边|这边|一带|对面|周边|路口|买房|租房|那里|这里|方向|行驶|驱车"
)


def _detail_end(text: str, position: int, after_word: bool, divided: bool = False, county: bool = False) -> int | None:
    """End of the detail part starting at ``position``, if it names enough to be an address: a
    number, an estate, a building; after divisions, a village (浙江省嵊州市甘霖镇杜暮头村) or a
    road or town that ends a piece of a list or label (温州市平阳县鸽巢路，), or a named place
    after a town or village (澉浦镇六里三湾浴室; not right after a county: 洪山区人民法院 is an
    office, not an address); a road, town or village
    after an address word."""
    end, kinds = _parts(text, position)
    if divided and not kinds & _ENOUGH:
        tail = _TAIL.match(text, end) if kinds & {"town", "village"} else None
        if tail is not None and not _ROLES.search(tail.group()) and not _SAID_AFTER.search(tail.group()):
            return tail.end()
    if end == position:
        return None
    if kinds & _ENOUGH or (divided and "village" in kinds):
        return end
    if divided and kinds & {"road", "town"} and _PIECE_END.match(text, end):
        return end
    return end if after_word and kinds & {"road", "town", "village", "place"} else None


# Where an address may start: a division's level word, or an address word.
_LEVEL_WORDS = "省市区县州旗盟"
# Town-level words: an address may start at the divisions before the town's name (嘉兴濮院镇…,
# with no level word), or, in a list or a label, at the town's name itself (武康镇蓝色港湾87幢).
_TOWN_WORDS = ("街道", "镇", "乡")
_LONGEST_TOWN_NAME = 6
# Where a piece of a list or a label begins: the start, punctuation, a space, a digit (after a phone).
_PIECE_STARTS = frozenset(" \t\n，,。;；:：、|/()（）【】[]0123456789")
# The words every address finding ends or follows (see :data:`recognizers.text_entities.GATES`).
# Division names with no level word at their end (宁波朝晖路416弄, 慈溪匡堰…): an address may begin
# at them too.
_SPOKEN_NAMES = frozenset(places.spoken_names())
GATE_WORDS = (*CONTEXT, *_LEVEL_WORDS, *_TOWN_WORDS, *sorted(_SPOKEN_NAMES))
MENTION = literal_alternation(GATE_WORDS)
_ANCHORS = re.compile(MENTION)
_AFTER_WORD = re.compile(r"[是在为：:\s]{0,3}")


def _address_at(text: str, start: int, after_word: bool) -> tuple[int, int, int] | None:
    """``(start, end of the divisions, end)`` of an address whose divisions (if any) start at
    ``start``."""
    ends = _division_ends(text, start)
    if not ends and not after_word:
        return None
    # 北京路5号: the detail may begin inside what read as a division name; try shorter chains too
    for kept in range(len(ends), -1, -1):
        if kept == 0 and not after_word:
            return None
        position = ends[kept - 1] if kept else start
        gap = _GAP_AT.match(text, position) if kept else None
        end = _detail_end(text, gap.end() if gap else position, after_word, divided=kept > 0)
        if end is not None:
            return start, position, end
    return None


# Between two division names of a pasted label: a space or a dash (深圳市 南山区, 浙江省-台州市-).
_DIVISION_GAP = re.compile(r"[ \t　\-－]+")


def _division_ends(text: str, start: int) -> list[int]:
    """Where each division name written from ``start`` ends, province to county, a space or a
    dash allowed between two of them (深圳市 南山区)."""
    ends: list[int] = []
    position = start
    for name in places.admin_prefix(text, start):
        position += len(name)
        ends.append(position)
    while ends and len(ends) < 8 and len(places.admin_prefix(text, ends[-1])) >= 2:
        for name in places.admin_prefix(text, ends[-1]):  # written twice: 绍兴市越城区浙江绍兴市越城区…
            ends.append(ends[-1] + len(name))
    while ends and len(ends) < 3:
        gap = _DIVISION_GAP.match(text, ends[-1])
        more = places.admin_prefix(text, gap.end()) if gap else []
        if not more or places.level(more[0]) == places.level(text[_last_name_start(text, ends[-1]) : ends[-1]]):
            break
        position = gap.end()
        for name in more[: 3 - len(ends)]:
            position += len(name)
            ends.append(position)
    return ends


def _last_name_start(text: str, end: int) -> int:
    name = places.longest_ending_at(text, end)
    return end - len(name) if name else end


def _chain_start(text: str, end: int) -> int | None:
    """Start of the division names written one after another and ending at ``end`` (a space or
    a dash allowed between two of them)."""
    start = end
    while True:
        name = places.longest_ending_at(text, start)
        if name is None:
            gap_start = start
            while gap_start > 0 and text[gap_start - 1] in " \t　-－":
                gap_start -= 1
            if gap_start == start or start == end or places.longest_ending_at(text, gap_start) is None:
                break
            start = gap_start
            continue
        start -= len(name)
    return start if start < end else None


def _town_address(text: str, anchor: re.Match, covered: int) -> tuple[int, int, int] | None:
    """An address around a town word: from the divisions before the town's name, or from the
    town's name where a piece of a list or label begins; it must reach past the town."""
    for start in range(anchor.start() - 1, max(covered, anchor.start() - _LONGEST_TOWN_NAME) - 1, -1):
        if places.longest_ending_at(text, start) is not None:
            chain = _chain_start(text, start)
            span = _address_at(text, chain, after_word=False) if chain is not None and chain >= covered else None
            return span if span is not None and span[2] > anchor.end() else None
        if start == 0 or text[start - 1] in _PIECE_STARTS:
            end = _detail_end(text, start, after_word=False)
            return (start, start, end) if end is not None and end > anchor.end() else None
    return None


def find(text: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each address in ``text``."""
    found: list[tuple[int, int, Match]] = []
    covered = 0
    for anchor in _ANCHORS.finditer(text):
        if anchor.start() < covered:
            continue
        if anchor.group() in _TOWN_WORDS:
            span = _town_address(text, anchor, covered)
        elif len(anchor.group()) == 1 or anchor.group() in _SPOKEN_NAMES:
            start = _chain_start(text, anchor.end())
            if start is None and anchor.group() in _SPOKEN_NAMES:
                start = anchor.start()  # 慈溪: a county-level city's name, not in the chain's list
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
