"""Chinese phone numbers: mobile (11 digits), landline (area code + 7–8 digits), business numbers.

Mobile numbers are valid when they fall in a range MIIT has allocated. The ranges come from
``phonenumbers`` (libphonenumber's metadata for region CN), which is kept current; the widely
copied hand-written regexes miss 162 and 190–197. Number portability means the prefix no longer
tells the carrier, so no carrier is reported.

Accepted prefixes: ``+86``, ``0086``, ``86`` and the trunk ``0`` before a mobile number.
Landlines: ``010-62345678``, ``(021)62345678``, ``0755 8888 6666``, ``+86 10 6234 5678``.

Business numbers are not personal data: ``400``/``800`` ten-digit numbers and five-digit service
numbers (95588, 10086, 12315) are reported as ``CN_BUSINESS_NUMBER``, never as a personal phone.

>>> normalize_mobile("+86 138-1234-5678")
'13812345678'
>>> normalize_mobile("15412345678") is None   # 154 is not allocated
True
>>> is_valid_mobile("19212345678")            # China Broadnet
True
>>> to_e164("13812345678")
'+8613812345678'
>>> classify("075588886666")
('landline', '075588886666')
>>> classify("4008208820")
('business', '4008208820')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import phonenumbers

from recognizers.context import flag
from recognizers.masking import mask
from recognizers.matches import Match

ENTITY = "CN_PHONE_NUMBER"
BUSINESS_ENTITY = "CN_BUSINESS_NUMBER"

CONTEXT = (
    "手机",
    "电话",
    "号码",
    "联系",
    "拨打",
    "打给",
    "打过",
    "致电",
    "来电",
    "回电",
    "热线",
    "客服",
    "座机",
    "微信",
    "phone",
    "mobile",
    "tel",
    "call",
)

_CN_METADATA = phonenumbers.PhoneMetadata.metadata_for_region("CN")
# The national mobile pattern (11 digits, no prefix). Exported for vectorised screening, where a
# column of numbers is matched with one regular expression instead of one parse per row.
MOBILE_PATTERN = _CN_METADATA.mobile.national_number_pattern
_MOBILE_RE = re.compile("(?:" + MOBILE_PATTERN + ")")
_TOLL_FREE_RE = re.compile(r"(?:400|800)\d{7}")
# Five-digit national service numbers: banks and insurers (95xxx), carriers (100xx), government
# hotlines (123xx), local public services (96xxx).
_SERVICE_RE = re.compile(r"95\d{3}|100\d{2}|123\d{2}|96\d{3}")

_SEPARATORS_RE = re.compile(r"[\s\-‐‑‒–—－.·()（）]+")


def compact(number: str) -> str:
    """Remove separators and spaces; keep a leading '+'."""
    return _SEPARATORS_RE.sub("", number.strip())


def national_digits(digits: str, plus: bool = False) -> str:
    """Strip the country code (``+86``, ``0086``, ``86``) and a trunk ``0`` before a mobile number.

    The result is an 11-digit mobile number, or a landline with its leading ``0``, or the input
    unchanged when no prefix applies.
    """
    digits = digits.lstrip("+")
    if digits.startswith("0086"):
        digits = digits[4:]
        plus = True
    elif digits.startswith("86") and (plus or len(digits) in (13, 12, 11) and digits[2:3] != "0"):
        rest = digits[2:]
        if _MOBILE_RE.fullmatch(rest) or plus:
            digits = rest
            plus = True
    # An area code written after +86 drops its trunk 0. Only a mobile number keeps its leading 1:
    # Beijing's area code is 10, so "+86 10 6234 5678" needs the 0 back (testing on the first
    # digit alone, as before, lost every Beijing landline written with +86).
    if plus and not digits.startswith("0") and not _MOBILE_RE.fullmatch(digits):
        digits = "0" + digits
    if len(digits) == 12 and digits.startswith("01") and _MOBILE_RE.fullmatch(digits[1:]):
        digits = digits[1:]  # trunk 0 before a mobile number
    return digits


def is_valid_mobile(digits: str) -> bool:
    """True for an 11-digit number in an allocated mobile range."""
    return len(digits) == 11 and _MOBILE_RE.fullmatch(digits) is not None


@functools.lru_cache(maxsize=65536)
def is_valid_landline(digits: str) -> bool:
    """True for ``0`` + area code + subscriber number that libphonenumber accepts as a fixed line."""
    if not (10 <= len(digits) <= 12 and digits.startswith("0") and digits[1] != "0"):
        return False
    try:
        parsed = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def is_landline_off_by_one(digits: str) -> bool:
    """True for ``0`` + area code + a subscriber part one digit short or long for its city (an
    ASR transcript dropped or doubled a digit): invalid as written, valid with its last digit
    dropped or with a digit added. Never a dialable number; only for redaction in phone context."""
    if not (10 <= len(digits) <= 13 and digits.isdigit() and digits[0] == "0" and digits[1] != "0"):
        return False
    if is_valid_landline(digits):
        return False
    # Validity depends on the area code, the subscriber's first digit and its length, so one
    # shorter and one longer variant answer for every position of the lost or extra digit.
    return is_valid_landline(digits[:-1]) or is_valid_landline(digits + "0")


def is_business_number(digits: str) -> bool:
    """400/800 numbers and five-digit service numbers: not personal data."""
    return bool(_TOLL_FREE_RE.fullmatch(digits) or _SERVICE_RE.fullmatch(digits))


def classify(number: str) -> tuple[str, str] | None:
    """Return ``(kind, national digits)`` with kind ``mobile``, ``landline`` or ``business``."""
    compacted = compact(number)
    plus = compacted.startswith("+")
    if not compacted.lstrip("+").isdigit():
        return None
    if is_business_number(compacted):
        return "business", compacted
    digits = national_digits(compacted, plus)
    if is_valid_mobile(digits):
        return "mobile", digits
    if is_valid_landline(digits):
        return "landline", digits
    return None


def normalize_mobile(number: str) -> str | None:
    """The 11-digit form of a valid mobile number written in any accepted way, else ``None``."""
    kind = classify(number)
    return kind[1] if kind and kind[0] == "mobile" else None


def to_e164(national: str) -> str:
    """E.164 form of a national number (mobile, or landline with its trunk 0)."""
    return "+86" + (national[1:] if national.startswith("0") else national)


# Data-only SIM ranges (146 Unicom, 148 Mobile, 149 Telecom): no one dials them, so screening
# rejects them (is_valid_mobile), but in a transcript they are still someone's number.
DATA_ONLY_PREFIXES = ("146", "148", "149")
_DATA_ONLY_REASONS = ("data-only mobile range", "data-only mobile range, context word nearby")
_MOBILE_REASONS = ("mobile number in an allocated range", "mobile number in an allocated range, context word nearby")
_LANDLINE_REASONS = ("landline with area code", "landline with area code, context word nearby")


def match(digits: str, plus: bool, context: bool | Callable[[], bool]) -> Match | None:
    """Validate a candidate from the scanner. ``context``: a phone word is near (or a function
    that tells, called only once the number is valid)."""
    if len(digits) == 11 and digits[0] == "1":
        national = digits  # the common case, written plainly (a '+' before it changes nothing)
    elif is_business_number(digits):
        if len(digits) == 5 and not flag(context):
            return None  # five bare digits are more often a code than a hotline
        return Match(BUSINESS_ENTITY, 0.6, digits, "business or service number (not personal)")
    else:
        national = national_digits(digits, plus)
    if is_valid_mobile(national):
        near = flag(context)
        return Match(ENTITY, 1.0 if near else 0.75, national, _MOBILE_REASONS[near], {"kind": "mobile"})
    if len(national) == 11 and national.startswith(DATA_ONLY_PREFIXES):
        near = flag(context)
        metadata = {"kind": "mobile", "data_only": True}
        return Match(ENTITY, 0.85 if near else 0.6, national, _DATA_ONLY_REASONS[near], metadata)
    if national[0] == "0" and is_valid_landline(national):
        near = flag(context)
        return Match(ENTITY, 0.85 if near else 0.5, national, _LANDLINE_REASONS[near], {"kind": "landline"})
    return None


# -- helpers for callers that hold one phone value (ledger, pre-dial, opt-outs) -----------------


def masked(phone: str) -> str:
    """What a person may see of an input: ``138****5678`` (digits only; nothing for non-numbers)."""
    digits = "".join(ch for ch in phone if ch.isdigit())[:20]
    return mask("CN_PHONE_NUMBER", digits) if digits else ""


def masked_national(national: str) -> str:
    """``mask("CN_PHONE_NUMBER", national)``, with the 11-digit mobile done by slicing (once per check)."""
    if len(national) == 11 and national[0] == "1":
        return f"{national[:3]}****{national[7:]}"
    return mask("CN_PHONE_NUMBER", national)


def national_number(phone: str) -> str | None:
    """The canonical national number (mobile or landline) of ``phone``, or ``None`` if invalid."""
    if len(phone) == 11 and phone.isdigit() and is_valid_mobile(phone):
        return phone  # the common case, without the general parser
    kind = classify(phone)
    return kind[1] if kind and kind[0] in ("mobile", "landline") else None
