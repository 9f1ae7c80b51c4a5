"""CN_WECHAT_ID: a WeChat ID (微信号).

Format (WeChat's own rule for a 微信号): 6 to 20 characters, letters, digits, ``_`` and ``-``,
starting with a letter. Such a string is any code or word, so it is only reported right after a
WeChat word (微信, 微信号, VX, WX, V信, weixin), as people give it: ``加我微信zhangwei_88``. A
phone number given as a WeChat account (``微信13812345678``) starts with a digit: it stays a phone.

Mask: the first two characters stay (``zh*********``).

>>> [(s, e, m.value) for s, e, m in find("加我微信zhangwei_88，备注一下")]
[(4, 15, 'zhangwei_88')]
>>> [m.value for _, _, m in find("vx号是：Li-Na2024")]
['Li-Na2024']
>>> find("加我微信"), find("微信13812345678"), find("微信支付abc")
([], [], [])
"""

from __future__ import annotations

import re

from recognizers.matches import Match

ENTITY = "CN_WECHAT_ID"
CONTEXT = ("微信", "微信号", "VX", "vx", "WX", "wx", "V信", "v信", "weixin", "威信", "薇信")

_WECHAT = re.compile(
    r"(?<![A-Za-z0-9])(?:微信|威信|薇信|V信|VX|WX|weixin)(?:号码|号|账号|ID)?(?:是|为|：|:|\s){0,3}"
    r"([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9@.])",
    re.IGNORECASE,
)


# The words as they are written, case-sensitive (a case-insensitive search is slow on long texts).
# The words every WeChat finding follows (see :data:`recognizers.text_entities.GATES`).
GATE_WORDS = (
    "微信",
    "威信",
    "薇信",
    "V信",
    "v信",
    "VX",
    "vx",
    "Vx",
    "vX",
    "WX",
    "wx",
    "Wx",
    "wX",
    "weixin",
    "Weixin",
    "WEIXIN",
)
MENTION = "|".join(GATE_WORDS)
_MENTION = re.compile(MENTION)


def find(text: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each WeChat ID right after a WeChat word."""
    found = []
    for mention in _MENTION.finditer(text):
        if found and mention.start() < found[-1][1]:
            continue  # the wx of an ID such as wxid_abc123
        wechat_id = _WECHAT.match(text, mention.start())
        if wechat_id is not None:
            reason = "WeChat ID shape right after a WeChat word"
            found.append((wechat_id.start(1), wechat_id.end(1), Match(ENTITY, 0.85, wechat_id.group(1), reason)))
    return found


def mask(value: str) -> str:
    return value[:2] + "*" * (len(value) - 2)
