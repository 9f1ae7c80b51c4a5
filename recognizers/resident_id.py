"""Chinese resident identity card number (居民身份证号码, GB 11643-1999) and its relatives.

Layout of the 18-character number: 6-digit address code (GB/T 2260 administrative division),
birth date ``YYYYMMDD``, 3-digit sequence (odd for men, even for women), and a check character
computed with ISO 7064 MOD 11-2 (``X`` stands for 10 and may be written lower-case).

Also recognised:

- residence permits for Hong Kong, Macau and Taiwan residents: the same scheme with the address
  codes ``810000``, ``820000`` and ``830000``;
- the foreign permanent resident ID card issued since 2023-12-01: 18 characters starting with
  ``9``, MOD 11-2 check. The layout published by the Ministry of Public Security puts the birth
  date at positions 7–14 (after ``9``, a 2-digit province code and a 3-digit nationality code);
  the date and the province code are checked;
- old 15-digit numbers (address + ``YYMMDD`` + sequence, no check digit), which are only reported
  with a context word such as 身份证 nearby, because 15 digits alone are too ambiguous.

The address code must be one python-stdnum's region database (``cn/loc``) knows, in any period:
an ID keeps the code of the county where it was registered, which may have been created or
renamed after the birth year, so unlike ``stdnum.cn.ric`` the period is not held against it.

>>> validate('11010519491231002x')
'11010519491231002X'
>>> is_valid('110105194912310021')   # wrong check character
False
>>> is_valid('810000199408230021')   # Hong Kong residence permit
True
>>> get_birth_date('360426199101010071')
datetime.date(1991, 1, 1)
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Callable

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from recognizers import places
from recognizers.context import flag
from recognizers.matches import Match

ENTITY = "CN_RESIDENT_ID"
CONTEXT = ("身份证", "证件号", "身份号", "证号", "居民身份", "居住证", "永久居留", "id card", "idcard")

RESIDENCE_PERMIT_CODES = ("810000", "820000", "830000")
EARLIEST_BIRTH_YEAR = 1900


def compact(number: str) -> str:
    """Remove spaces and dashes, upper-case the check character."""
    return "".join(number.split()).replace("-", "").upper()


def calc_check_character(number: str) -> str:
    """MOD 11-2 check character over the first 17 digits.

    Computed as python-stdnum does: the weights 2^(17-i) mod 11 make the weighted sum equal to
    the 17 digits read as a base-2 number, which ``int(…, 13)`` evaluates at C speed modulo 11
    (13 ≡ 2 mod 11).
    """
    value = (1 - 2 * int(number[:17], 13)) % 11
    return "X" if value == 10 else str(value)


_today_checked = [0.0, datetime.date.min]


def _today() -> datetime.date:
    """Today's date, asked of the clock at most once a minute (it is on the scanner's hot path)."""
    now = time.monotonic()
    if now - _today_checked[0] > 60:
        _today_checked[:] = [now, datetime.date.today()]
    return _today_checked[1]


def _date(year: int, month: int, day: int, today: datetime.date | None = None) -> datetime.date:
    try:
        birth = datetime.date(year, month, day)
    except ValueError:
        raise InvalidComponent("birth date is not a date") from None
    if birth.year < EARLIEST_BIRTH_YEAR or birth > (today or _today()):
        raise InvalidComponent("birth date out of range")
    return birth


def get_birth_date(number: str, today: datetime.date | None = None) -> datetime.date:
    """The birth date of an 18-character (resident or foreign) or 15-digit number."""
    if not number.isdigit() or len(number) not in (15, 18):
        number = compact(number)
    if len(number) == 15:
        return _date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), today)
    return _date(int(number[6:10]), int(number[10:12]), int(number[12:14]), today)


@functools.lru_cache(maxsize=8192)
def is_known_address_code(code: str) -> bool:
    """True when ``code`` is a division code known to python-stdnum, or a residence-permit code."""
    return code in RESIDENCE_PERMIT_CODES or code in places.division_codes()


def kind(number: str) -> str:
    """``resident``, ``residence_permit``, ``foreign_permanent`` or ``old_15``; validates first."""
    return _kind_of_valid(validate(number))


def _kind_of_valid(number: str) -> str:
    if len(number) == 15:
        return "old_15"
    if number.startswith("9"):
        return "foreign_permanent"
    return "residence_permit" if number[:6] in RESIDENCE_PERMIT_CODES else "resident"


def validate(number: str, today: datetime.date | None = None) -> str:
    """Return the compact number if it is valid, else raise a ``stdnum`` ``ValidationError``."""
    number = compact(number)
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidFormat()
        get_birth_date(number, today)
        if not is_known_address_code(number[:6]):
            raise InvalidComponent("unknown address code")
        return number
    if len(number) != 18:
        raise InvalidLength()
    if not number[:17].isdigit() or number[17] not in "0123456789X":
        raise InvalidFormat()
    if number[17] != calc_check_character(number):
        raise InvalidChecksum()
    get_birth_date(number, today)
    if number.startswith("9"):
        # Foreign permanent resident ID: '9' + the 2-digit province code of the issuing authority.
        # Checking it keeps python-stdnum's own invalid vector 990426199112010074 ("90" is no
        # province) and other 9-numbers that merely pass the check character from being reported.
        if not is_known_address_code(number[1:3] + "0000"):
            raise InvalidComponent("unknown province code")
    elif not is_known_address_code(number[:6]):
        raise InvalidComponent("unknown address code")
    return number


def is_valid(number: str) -> bool:
    """True for a valid 18-character number (15-digit numbers: see :func:`validate`)."""
    try:
        return len(validate(number)) == 18
    except ValidationError:
        return False


def match(digits: str, context: bool | Callable[[], bool]) -> Match | None:
    """Validate a candidate from the scanner. ``context``: an ID word is near (or a function that
    tells, called only once the number is valid)."""
    if len(digits) not in (15, 18):
        return None
    try:
        number = validate(digits)
    except ValidationError:
        return None
    number_kind = _kind_of_valid(number)
    context = flag(context)
    if number_kind == "old_15":
        if not context:
            return None
        return Match(
            ENTITY, 0.7, number, "15-digit ID with valid date and address, context word nearby", {"kind": number_kind}
        )
    score = 1.0 if context else (0.85 if number_kind == "foreign_permanent" else 0.95)
    return Match(
        ENTITY,
        score,
        number,
        "check character, birth date and address code valid" + (", context word nearby" if context else ""),
        {"kind": number_kind},
    )
