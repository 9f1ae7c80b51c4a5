"""CN_LICENSE_PLATE: a Chinese motor-vehicle number plate (车牌号).

Format (GA 36-2018 "中华人民共和国机动车号牌"): the province's one-character abbreviation
(京, 沪, 粤, 鄂 …), the issuing office's letter (not I or O), then

* five letters or digits (``鄂A12345``, ``粤B8K2M9``): ordinary plates; the last may instead be
  挂 (trailer), 学 (driving school), 警 (police), 领 (consulate), 港 or 澳 (cross-border) after four;
* six for new-energy vehicles: ``D``/``F`` then a letter or digit and four digits (small cars,
  ``沪AD12345``), or five digits then ``D``/``F`` (large vehicles, ``粤B12345F``);

and embassy plates: 使 and six digits (``使123456``). A written plate may hold a dot or space
after the office letter (``鄂A·12345``); ASR writes the letters in lower case, which is accepted.

Plates are rarely said without a plate word, but the shape is specific: it is reported without
one (score 0.6) and with a word (车牌, 牌照, 车号 …) nearby more surely (0.85).

Mask: the province and office letter stay (``鄂A*****``).

>>> [(s, e, m.value) for s, e, m in find("车牌鄂A12345，白色轿车")]
[(2, 9, '鄂A12345')]
>>> [m.value for _, _, m in find("新能源车沪AD12345和粤B·12345F")]
['沪AD12345', '粤B12345F']
>>> find("鄂AI2345"), find("京A123456789")
([], [])
"""

from __future__ import annotations

import re
import string

from recognizers.context import has_context_word
from recognizers.matches import Match

ENTITY = "CN_LICENSE_PLATE"
CONTEXT = ("车牌", "车牌号", "牌照", "号牌", "车号", "车牌照", "挂车")

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "[A-HJ-NP-Za-hj-np-z]"
_ALNUM = "[A-HJ-NP-Za-hj-np-z0-9]"
_SEPARATOR = "[·•.\\s]?"
_PLATE = re.compile(
    f"(?<![A-Za-z0-9])(?:[{_PROVINCES}]{_LETTER}{_SEPARATOR}"
    f"(?:[DFdf]{_ALNUM}[0-9]{{4}}|[0-9]{{5}}[DFdf]|{_ALNUM}{{5}}|{_ALNUM}{{4}}[挂学警领港澳])"
    "|使[0-9]{6})(?![A-Za-z0-9])"
)
_SEPARATORS = re.compile(r"[·•.\s]")
# Where a plate can start: a province character and a letter, or 使 and a digit (literal first
# characters keep the search fast).
MENTION = "|".join(province + "[A-Za-z]" for province in _PROVINCES) + "|使[0-9]"
# The same starts written out (see :data:`recognizers.text_entities.GATES`).
GATE_WORDS = tuple(province + letter for province in _PROVINCES for letter in string.ascii_letters) + tuple(
    "使" + digit for digit in string.digits
)
_MENTION = re.compile(MENTION)


def find(text: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each plate-shaped string."""
    found = []
    for mention in _MENTION.finditer(text):
        plate = _PLATE.match(text, mention.start())
        if plate is None:
            continue
        start, end = plate.span()
        worded = has_context_word(text, start, end, CONTEXT)
        value = _SEPARATORS.sub("", plate.group()).upper()
        reason = "plate shape" + (", plate word nearby" if worded else "")
        found.append((start, end, Match(ENTITY, 0.85 if worded else 0.6, value, reason)))
    return found


def mask(value: str) -> str:
    kept = 1 if value.startswith("使") else 2
    return value[:kept] + "*" * (len(value) - kept)
