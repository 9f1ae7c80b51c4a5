"""What a column header or a JSON field name says its values are, and how such a value is
replaced whole: 手机号 → every cell is a phone number; 姓名, 家庭住址, 微信 → every cell is a name, an
address, a WeChat ID, which a rule could not find standing alone (张三 has no word before it).

Used by tables (:mod:`screen.redact.tables`) and JSON records (:mod:`screen.redact.fields`):
``{"姓名": "张三"}`` is masked as the 姓名 column of a CSV is.
"""

from __future__ import annotations

import functools
from collections import Counter

from recognizers.normalize import fold
from recognizers.text_entities import ENTITIES as WORD_ENTITIES
from screen.lists.columns import (
    HEADER_WORD_ENTITIES,
    SENSITIVE_HEADER_WORDS,
    names_a_person,
    names_an_address,
    normalize_header,
    role_of,
    sensitive_header_word,
)

# Checked before the words below: an e-mail header may also say 地址 (邮箱地址) or QQ (QQ邮箱).
_EMAIL_HEADER_WORDS = ("邮箱", "email", "电子邮件")
_EXTRA_HEADER_WORDS = {
    "护照": "CN_PASSPORT",
    "passport": "CN_PASSPORT",
    "通行证": "CN_PASSPORT",
    "台胞证": "CN_PASSPORT",
    "回乡证": "CN_PASSPORT",
    "qq": "CN_QQ_NUMBER",
    "微信": "CN_WECHAT_ID",
    "wechat": "CN_WECHAT_ID",
    "weixin": "CN_WECHAT_ID",
    "车牌": "CN_LICENSE_PLATE",
    "号牌": "CN_LICENSE_PLATE",
    "plate": "CN_LICENSE_PLATE",
}
# Entities whose column cells are replaced whole, as written (see :func:`whole_cell`): a name or
# an address is words, not a number a rule could fail on, so nothing of such a cell is left.
WHOLE_CELL_ENTITIES = WORD_ENTITIES  # PERSON, CN_ADDRESS, CN_QQ_NUMBER, CN_WECHAT_ID, CN_LICENSE_PLATE


@functools.lru_cache(maxsize=1024)
def column_entity(header: str) -> str | None:
    """The entity a header says every cell of the column is, if it says one.

    >>> [column_entity(h) for h in ("手机号", "客户姓名", "联系人电话", "家庭住址", "邮箱地址", "QQ号", "车牌号", "港澳通行证")]
    ['CN_PHONE_NUMBER', 'PERSON', None, 'CN_ADDRESS', 'EMAIL_ADDRESS', 'CN_QQ_NUMBER', 'CN_LICENSE_PLATE', 'CN_PASSPORT']
    """
    if role_of(header) == "phone":
        return "CN_PHONE_NUMBER"
    normalized = normalize_header(header)
    if any(word in normalized for word in _EMAIL_HEADER_WORDS):
        return "EMAIL_ADDRESS"
    if names_a_person(header):
        return "PERSON"
    if names_an_address(header):
        return "CN_ADDRESS"
    word = sensitive_header_word(header)
    if word is not None and SENSITIVE_HEADER_WORDS.get(word) in HEADER_WORD_ENTITIES:
        return HEADER_WORD_ENTITIES[SENSITIVE_HEADER_WORDS[word]]
    for word, entity in _EXTRA_HEADER_WORDS.items():
        if word in normalized:
            return entity
    return None


def cell_value(entity: str, cell: str) -> str:
    """The canonical value of a whole cell of ``entity``, as the recognizers give one found in a
    text (so a ``hash`` pseudonym is the same either way): a name, an address or a WeChat ID
    without spaces (never folded: 陆 and 零 are a surname and a place, not digits), a plate
    without separators in capitals, a QQ number's digits."""
    if entity in ("PERSON", "CN_ADDRESS", "CN_WECHAT_ID"):
        return "".join(cell.split())
    compact = "".join(char for char in fold(cell) if char.isalnum())
    return compact.upper() if entity == "CN_LICENSE_PLATE" else compact


def whole_cell(redactor, cell: str, entity: str) -> tuple[str, Counter]:
    """A cell of a name, address, QQ, WeChat or plate column replaced whole (mask: 张**,
    ``湖北省武汉市洪山区*****``), unless that entity is not redacted at all."""
    if entity not in redactor.entities:
        return redactor.redact_text(cell)
    if entity == "PERSON" and any(char.isdigit() for char in cell):
        return redactor.redact_text(
            cell
        )  # a contact column holding a phone (张三 13812345678): found, not masked as a name
    return redactor.operator.replace(entity, cell_value(entity, cell), cell), Counter({entity: 1})


@functools.lru_cache(maxsize=1024)
def whole_value_entity(name) -> str | None:
    """The entity a JSON field's name says its text is, if it is one replaced whole (姓名 →
    PERSON); None for other names (手机号: the recognizers find a phone number on their own)."""
    if name.__class__ is not str:
        return None
    entity = column_entity(name)
    return entity if entity in WHOLE_CELL_ENTITIES else None
