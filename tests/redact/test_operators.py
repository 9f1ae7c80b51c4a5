"""The hash operator: what a phone's pseudonym is a digest of, and how it relates to the ledger's digest."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from recognizers.phone import national_number
from screen.config.keys import phone_digest
from screen.redact.operators import HASH_HEX_DIGITS, Operator, _derive
from screen.redact.redactor import Redactor

KEY = b"test-key-0123456789abcdef"


@pytest.mark.parametrize(
    ("text", "national"),
    [
        ("手机+86 139-2233-4455", "13922334455"),
        ("电话0086 13812345678", "13812345678"),
        ("手机幺三八 幺二三四 五六七八", "13812345678"),
        ("座机010-62345678", "01062345678"),
    ],
)
def test_phone_pseudonym_is_a_keyed_digest_of_the_national_number_apart_from_the_ledger(text, national):
    redacted, _counts = Redactor(Operator("hash", key=KEY)).redact_text(text)
    token = redacted[redacted.index("<") :]
    assert national_number(national) == national
    pseudonym_key = _derive(KEY, b"pseudonym", 32)
    expected = hmac.new(pseudonym_key, f"CN_PHONE_NUMBER:{national}".encode(), hashlib.sha256).hexdigest()
    assert token == f"<CN_PHONE_NUMBER:h:{expected[:HASH_HEX_DIGITS]}>"
    # the same number written any way gives one pseudonym, and it is not a prefix of the ledger's digest
    assert not phone_digest(KEY, national).startswith(expected[:HASH_HEX_DIGITS])
