"""Masking as Chinese systems show it (see ``docs/number-rules.md``).

No national standard fixes the positions; these are the common conventions, and every one is a
default that callers may override with ``keep_first``/``keep_last``.

>>> mask("CN_PHONE_NUMBER", "13812345678")
'138****5678'
>>> mask("CN_RESIDENT_ID", "11010519491231002X")
'110105********002X'
>>> mask("CN_BANK_CARD", "6222021234567890123")
'***************0123'
>>> mask("EMAIL_ADDRESS", "zhang.wei@example.com")
'z********@example.com'
>>> mask("PERSON", "欧阳娜娜"), mask("CN_ADDRESS", "湖北省武汉市洪山区珞喻路1037号")
('欧阳**', '湖北省武汉市洪山区********')
>>> mask("CN_QQ_NUMBER", "12345678"), mask("CN_WECHAT_ID", "zhangwei_88"), mask("CN_LICENSE_PLATE", "鄂A12345")
('12****78', 'zh*********', '鄂A*****')
"""

from __future__ import annotations

# entity -> (keep_first, keep_last)
DEFAULT_KEEP = {
    "CN_PHONE_NUMBER": (3, 4),
    "CN_RESIDENT_ID": (6, 4),
    "CN_BANK_CARD": (0, 4),
    "CN_PASSPORT": (1, 3),
    "CN_BUSINESS_NUMBER": (10, 10),  # not personal: shown as it is
}
# Names, addresses, account IDs and plates keep a part that depends on the value (the surname,
# the districts), so their own modules mask them.
WORD_ENTITIES = ("PERSON", "CN_ADDRESS", "CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE")


def mask_middle(value: str, keep_first: int, keep_last: int, char: str = "*") -> str:
    """Keep ``keep_first`` and ``keep_last`` characters, mask the rest.

    If the value is too short to keep both ends and still hide something, at most a quarter of it
    is shown at each end.
    """
    length = len(value)
    if keep_first + keep_last >= length:
        keep_first = min(keep_first, length // 4)
        keep_last = min(keep_last, length // 4)
    return value[:keep_first] + char * (length - keep_first - keep_last) + value[length - keep_last :]


def mask(entity: str, value: str, keep_first: int | None = None, keep_last: int | None = None) -> str:
    """Mask a canonical value of ``entity`` for humans to see."""
    if entity == "EMAIL_ADDRESS" and "@" in value:
        local, domain = value.rsplit("@", 1)
        return (
            mask_middle(local, 1 if keep_first is None else keep_first, 0 if keep_last is None else keep_last)
            + "@"
            + domain
        )
    if entity == "CN_BUSINESS_NUMBER" and keep_first is None and keep_last is None:
        return value
    if entity in WORD_ENTITIES and keep_first is None and keep_last is None and value:
        # imported on use: phone numbers are masked where the name and address rules are not needed
        from recognizers.text_entities import MASKS

        return MASKS[entity](value)
    default_first, default_last = DEFAULT_KEEP.get(entity, (0, 4))
    if entity == "CN_PHONE_NUMBER" and not value.startswith("1"):
        default_first = 4 if value[1] not in "12" else 3  # landline: keep the area code
    return mask_middle(
        value,
        default_first if keep_first is None else keep_first,
        default_last if keep_last is None else keep_last,
    )
