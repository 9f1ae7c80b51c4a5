"""Names of China's administrative divisions (province, prefecture, county level), known offline.

Source: python-stdnum's ``stdnum/cn/loc.dat`` (compiled from the Chinese Wikipedia lists of
administrative division codes; python-stdnum is LGPL), read through the installed package as
:mod:`recognizers.resident_id` does, never copied. Every name the file has held in any period
counts, so an address written with a district's old name is still an address.

Short forms are the names people say without the level word: 湖北 for 湖北省, 武汉 for 武汉市,
广西 for 广西壮族自治区. Counties keep their level word (洪山区, 嘉鱼县): their bare names are
too often also words or personal names (高阳, 安宁, 东方).

>>> level("湖北省"), level("武汉"), level("洪山区"), level("洪山")
('province', 'prefecture', 'county', None)
>>> longest_at("在湖北省武汉市洪山区", 1)
'湖北省'
"""

from __future__ import annotations

import functools
import re
from importlib import resources

_LEVELS = ("province", "prefecture", "county")
_PERIOD = re.compile(r"\[[^\]]*\]")
# Placeholders of the code list, not places.
_NOT_NAMES = frozenset(("市辖区", "县", "省直辖县级行政单位", "自治区直辖县级行政单位", "省直辖行政单位"))
_REGION_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特別行政區": "香港",
    "澳門特別行政區": "澳门",
}
# Longer entries are notes of the code list, not names people say.
_MOST_CHARACTERS = 12
# Prefecture level words that may be left out: 武汉市 → 武汉, 阿克苏地区 → 阿克苏.
_PREFECTURE_WORDS = ("地区", "市", "盟")


def _short_form(name: str, kind: str) -> str | None:
    if kind == "province":
        short = _REGION_SHORT.get(name) or (name[:-1] if name[-1] in "省市" else None)
        return short if short and len(short) >= 2 else None
    if kind == "prefecture":
        for word in _PREFECTURE_WORDS:
            if name.endswith(word) and len(name) - len(word) >= 2:
                return name[: -len(word)]
    return None


# A county's name said without its level word (柯桥 for 柯桥区, 慈溪 for 慈溪市): only where it
# cannot be a word (see :func:`county_short_at`).
_COUNTY_WORDS = ("新区", "区", "县", "市", "旗")


def _county_short(name: str) -> str | None:
    for word in _COUNTY_WORDS:
        if name.endswith(word) and len(name) - len(word) >= 2:
            short = name[: -len(word)]
            return None if short.endswith("自治") else short  # 自治县: said whole
    return None


def _loc_lines() -> list[str]:
    return resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8").splitlines()


def _names() -> dict[str, str]:
    """Every division name and short form, mapped to its level (the higher level wins a clash)."""
    return _read()[0]


def division_codes() -> frozenset[str]:
    """Every six-digit division code the file has held in any period (110105 朝阳区, 110000 北京市):
    what python-stdnum's ``numdb.get("cn/loc")`` knows, read here in the same pass as the names
    (reading the file twice took a process a quarter of a second)."""
    return _read()[1]


@functools.cache
def _read() -> tuple[dict[str, str], frozenset[str], dict[str, set[str]]]:
    """The names, the codes, and the names of the province and prefecture each county name is
    under (柯桥区: 浙江省, 浙江, 绍兴市, 绍兴), from one pass over the file."""
    found: dict[str, str] = {}
    codes: set[str] = set()
    parents: dict[str, set[str]] = {}
    province, above, prefecture = "", [], []
    for line in _loc_lines():
        if not line or line.startswith("#") or '="' not in line:
            continue
        code, _, value = line.strip().partition(" ")
        if not line.startswith(" "):
            kind, province = "province", code
        else:
            kind = "prefecture" if code.endswith("00") else "county"
            codes.add(province + code)
        names = [
            _PERIOD.sub("", raw).strip() if "[" in raw else raw.strip()
            for raw in value.split('="', 1)[1].rstrip('"').split(",")
        ]
        for name in names:
            _add_name(found, name, kind)
        spellings = [form for name in names for form in (name, _short_form(name, kind)) if form]
        if kind == "province":
            above, prefecture = spellings, []
        elif kind == "prefecture":
            prefecture = spellings
        else:
            for name in names:
                parents.setdefault(name, set()).update(above, prefecture)
    return found, frozenset(codes), parents


@functools.cache
def _county_shorts() -> dict[str, tuple[bool, frozenset[str]]]:
    """County names without their level word (that are not also a division's name), each mapped
    to whether it may be said on its own (a county-level city's that is not a common word: 慈溪市
    → 慈溪; not 义乌, 东方, 安宁: ``data/words.txt``, ``data/common_words.txt``) and to the names of
    the divisions it is under (柯桥: 绍兴, 浙江 …)."""
    names, words, parents = _names(), common_words(), _read()[2]
    alone: dict[str, bool] = {}
    under: dict[str, set[str]] = {}
    for name, kind in names.items():
        short = _county_short(name) if kind == "county" else None
        if short and short not in names:
            alone[short] = alone.get(short, False) or (name.endswith("市") and short not in words)
            under.setdefault(short, set()).update(parents.get(name, ()))
    return {short: (alone[short], frozenset(under[short])) for short in alone}


@functools.cache
def common_words() -> frozenset[str]:
    """The two-character common words of ``data/words.txt`` and ``data/common_words.txt``."""
    words: set[str] = set()
    for file in ("words.txt", "common_words.txt"):
        text = resources.files("recognizers").joinpath("data", file).read_text(encoding="utf-8")
        words.update(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(words)


def county_short_at(text: str, start: int, after: str | None) -> str | None:
    """A county's name without its level word starting at ``text[start]``: after the name of its
    province or prefecture (宁波鄞州, 绍兴柯桥; not 苏州解放, 解放区 is in 焦作), or ``after`` None
    for a county-level city's said on its own (慈溪)."""
    shorts = _county_shorts()
    for length in (4, 3, 2):
        piece = text[start : start + length]
        if len(piece) == length and piece in shorts:
            alone, under = shorts[piece]
            if (after in under) if after else alone:
                return piece
    return None


def spoken_names() -> list[str]:
    """The division names people write with no level word at their end (湖北, 宁波, 慈溪): where an
    address may begin that no 省, 市 or 区 announces."""
    plain = [name for name in _names() if name[-1] not in "省市区县州旗盟"]
    return plain + [short for short, (alone, _) in _county_shorts().items() if alone]


def _add_name(found: dict[str, str], name: str, kind: str) -> None:
    if not name or name in _NOT_NAMES:
        return
    for spelling in (name, _short_form(name, kind)):
        if not spelling or len(spelling) > _MOST_CHARACTERS:
            continue
        if spelling not in found or _LEVELS.index(kind) < _LEVELS.index(found[spelling]):
            found[spelling] = kind


@functools.cache
def _longest() -> int:
    return max(len(name) for name in _names())


def level(name: str) -> str | None:
    """``province``, ``prefecture`` or ``county`` for a known division name, else None."""
    return _names().get(name)


def longest_at(text: str, start: int) -> str | None:
    """The longest division name (or short form) starting at ``text[start]``, or None."""
    names = _names()
    for length in range(min(_longest(), len(text) - start), 1, -1):
        piece = text[start : start + length]
        if piece in names:
            return piece
    return None


def longest_ending_at(text: str, end: int) -> str | None:
    """The longest division name (or short form) ending just before ``text[end]``, or None."""
    names = _names()
    for length in range(min(_longest(), end), 1, -1):
        piece = text[end - length : end]
        if piece in names:
            return piece
    return None


def admin_prefix(text: str, start: int = 0, most: int = 3) -> list[str]:
    """The division names written one after another from ``start``, province to county
    (湖北省武汉市洪山区…)."""
    chain: list[str] = []
    position = start
    lowest = -1  # each name is of a lower level than the one before it (洪山区中山路: 中山 is a road)
    while len(chain) < most:
        name = longest_at(text, position)
        if name is None or _LEVELS.index(_names()[name]) <= lowest:
            name = county_short_at(text, position, chain[-1] if chain else None) if lowest < 2 else None
            if name is None:
                break
            chain.append(name)
            break  # a county, the lowest level
        chain.append(name)
        lowest = _LEVELS.index(_names()[name])
        position += len(name)
    return chain
