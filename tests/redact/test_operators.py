"""The hash operator: what a phone's pseudonym is a digest of, and how it relates to the ledger's digest."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from recognizers.phone import national_number
from screen.config.keys import key_fingerprint, phone_digest
from screen.redact.operators import HASH_HEX_DIGITS, Operator, _derive
from screen.redact.redactor import Redactor

KEY = b"04271af109c510cd731a30c8f3a18b4bcec65b9d051a9a2c156dc269a3d0ff42"


@pytest.mark.parametrize(
    ("text", "national"),
    [
        ("手机+86 139-2233-4455", "13922334455"),
        ("电话0086 13812345678", "13812345678"),
        ("手机幺三八 幺二三四 五六七八", "13812345678"),
        ("座机010-62345678", "01062345678"),
    ],
)
def test_phone_pseudonym_is_the_ledger_digest_of_the_national_number(text, national):
    redacted, _counts = Redactor(Operator("hash", key=KEY)).redact_text(text)
    token = redacted[redacted.index("<") :]
    assert national_number(national) == national
    # the same number written any way gives one token, and it is what the ledger stores
    assert token == f"<CN_PHONE_NUMBER:h:{key_fingerprint(KEY)}:{phone_digest(KEY, national)}>"


def test_other_entities_keep_their_sub_keyed_pseudonym():
    value = "11010519491231002X"
    expected = hmac.new(_derive(KEY, b"pseudonym", 32), f"CN_RESIDENT_ID:{value}".encode(), hashlib.sha256).hexdigest()
    token = Operator("hash", key=KEY).replace("CN_RESIDENT_ID", value, value)
    assert token == f"<CN_RESIDENT_ID:h:{expected[:HASH_HEX_DIGITS]}>"
    assert phone_digest(KEY, "13812345678") not in Operator("hash", key=KEY).replace("CN_PHONE_NUMBER", "张三", "张三")
