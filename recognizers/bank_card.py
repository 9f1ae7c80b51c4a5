"""Bank cards issued in China (银行卡号): 15–19 digits, issuer prefix (BIN), Luhn.

The BIN table ships in ``recognizers/data/bank_bins.csv`` (from hexindai/bcbc, MIT licence, see
``data/LICENSE.bank-bins``): 1,709 prefixes with bank, card type and card length. Lengths run from
15 to 19, most personal debit cards are 16 or 19 digits starting with 62.

The Luhn check does not hold for every Chinese card (some UnionPay and bank debit cards were
issued Luhn-invalid), so Luhn adds confidence but is not a hard filter:

========================================  =====================================
evidence                                  score (with a card word nearby: more)
========================================  =====================================
known BIN, Luhn valid, length as the BIN  0.9
known BIN, Luhn valid, other length       0.6
known BIN, Luhn invalid, length as BIN    0.45 (0.7 with context)
unknown BIN in a network's IIN range,     0.5 (16–19 digits; 15 for Amex 34/37)
Luhn valid
unknown BIN, Luhn valid                   only with context: 0.4
========================================  =====================================

The IIN ranges are the card networks' own (Visa 4, Mastercard 51–55 and 2221–2720, UnionPay 62,
JCB 35, American Express 34/37): a Luhn-valid number of card length in one of them is a card
even without a card word, because order numbers, dates and amounts rarely pass both tests. An
order, policy or code label closer than any card word still wins (see the scanner).

>>> lookup("6222021234567890123")["name"]
'中国工商银行'
>>> luhn_valid("6222600260001072444")
True
>>> match("6222021234567890123", context=False) is None   # fails Luhn, no card word near
False
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from importlib import resources

from recognizers.context import flag
from recognizers.matches import Match

ENTITY = "CN_BANK_CARD"
CONTEXT = ("卡号", "银行卡", "账号", "帐号", "储蓄卡", "信用卡", "借记卡", "开户行", "账户", "帐户", "卡", "card")
MIN_LENGTH, MAX_LENGTH = 15, 19


@functools.cache
def _bins() -> tuple[dict[str, dict], tuple[int, ...]]:
    data = resources.files("recognizers") / "data"
    with (data / "bank_names.csv").open(encoding="utf-8") as names_file:
        names = {row["bank"]: row["name"] for row in csv.DictReader(names_file)}
    table: dict[str, dict] = {}
    with (data / "bank_bins.csv").open(encoding="utf-8") as bins_file:
        for row in csv.DictReader(bins_file):
            table[row["bin"]] = {
                "bank": row["bank"],
                "name": names.get(row["bank"], row["bank"]),
                "type": row["type"],
                "length": int(row["length"]),
            }
    prefix_lengths = tuple(sorted({len(prefix) for prefix in table}, reverse=True))
    return table, prefix_lengths


def lookup(number: str) -> dict | None:
    """The issuer of ``number`` by its longest known prefix: bank code, name, type, length."""
    table, prefix_lengths = _bins()
    for length in prefix_lengths:
        issuer = table.get(number[:length])
        if issuer is not None:
            return issuer
    return None


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # 2d with its digits summed


def luhn_valid(number: str) -> bool:
    """The Luhn check (ISO/IEC 7812-1), as ``stdnum.luhn.is_valid`` for decimal digits.

    On the scanner's hot path, so without stdnum's general-alphabet machinery; the tests compare
    it with stdnum on generated numbers.
    """
    digits = [ord(char) - 48 for char in reversed(number)]
    return (sum(digits[0::2]) + sum(_DOUBLED[digit] for digit in digits[1::2])) % 10 == 0


# (prefix length, lowest, highest prefix, card lengths, network): the networks' published IIN ranges.
_NETWORK_RANGES = (
    (1, 4, 4, range(16, 20), "Visa"),
    (2, 51, 55, range(16, 20), "Mastercard"),
    (4, 2221, 2720, range(16, 20), "Mastercard"),
    (2, 62, 62, range(16, 20), "UnionPay"),
    (2, 35, 35, range(16, 20), "JCB"),
    (2, 34, 34, range(15, 16), "American Express"),
    (2, 37, 37, range(15, 16), "American Express"),
)


def card_network(digits: str) -> str | None:
    """The network whose IIN range and card lengths ``digits`` fits, else ``None``."""
    for prefix_length, lowest, highest, lengths, network in _NETWORK_RANGES:
        if len(digits) in lengths and lowest <= int(digits[:prefix_length]) <= highest:
            return network
    return None


def _without_issuer(digits: str, passes_luhn: bool, context: bool) -> tuple[float, str, dict] | None:
    """Score, reason and metadata of a Luhn-valid number whose BIN the table does not know."""
    if not passes_luhn:
        return None
    network = card_network(digits)
    if network:
        return 0.5, "Luhn valid, in a card network's IIN range", {"network": network}
    if context and len(digits) >= 16:
        return 0.4, "Luhn valid, unknown BIN", {}
    return None


def match(digits: str, context: bool | Callable[[], bool]) -> Match | None:
    """Validate a candidate from the scanner. ``context``: a card word is near (or a function
    that tells, called only when the answer matters)."""
    if not (MIN_LENGTH <= len(digits) <= MAX_LENGTH and digits.isdigit()):
        return None
    issuer = lookup(digits)
    if issuer is None and len(digits) < 16 and not digits.startswith(("34", "37")):
        return None
    passes_luhn = luhn_valid(digits)
    if issuer is None and not passes_luhn:
        return None
    context = flag(context)
    if issuer is None:
        scored = _without_issuer(digits, passes_luhn, context)
        if scored is None:
            return None
        score, reason, metadata = scored
    else:
        metadata = {"bank": issuer["bank"], "bank_name": issuer["name"], "card_type": issuer["type"]}
        length_fits = issuer["length"] == len(digits)
        if passes_luhn:
            score = 0.9 if length_fits else 0.6
            reason = "known BIN, Luhn valid" + ("" if length_fits else ", unusual length")
        elif length_fits:
            score, reason = 0.45, "known BIN and length, Luhn invalid"
        elif context:
            score, reason = 0.45, "known BIN, Luhn invalid"
        else:
            return None
    if context:
        score = min(1.0, score + 0.25)
        reason += ", context word nearby"
    return Match(ENTITY, score, digits, reason, metadata)
