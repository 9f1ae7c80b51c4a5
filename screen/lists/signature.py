"""A keyed MAC over ``report.json``, so that ``ledger import`` takes only reports screening wrote.

Without it a report is a plain file: copy a real one beside a bought list, put the list's SHA-256
in it, and the list would import. Screening signs the report with the ledger's key (HMAC-SHA256
under a key derived for this use alone, over the report's canonical JSON without its
``signature``); whoever lacks the key cannot make a report that verifies, and any change to a
signed report (a digest, a decision, a count) makes it fail.

>>> key = bytes.fromhex("5c0d1e3b7a9f24681357ace02468bdf13579ace02468bdf13579ace02468bdf1")
>>> report = sign_report({"decision": "accepted", "rows_in": 3}, key)
>>> report["signature"]["algorithm"]
'HMAC-SHA256'
>>> verify_report(report, key)
>>> report["rows_in"] = 4
>>> verify_report(report, key)
Traceback (most recent call last):
...
screen.errors.InputError: the screening report does not verify with this ledger's key (changed after screening, or signed with another key); nothing imported
"""

from __future__ import annotations

import hashlib
import hmac
import json

from screen.config.keys import key_fingerprint
from screen.errors import InputError

SIGNATURE_FIELD = "signature"
ALGORITHM = "HMAC-SHA256"
_PURPOSE = b"leadscreen report signature"


def _mac(report: dict, key: bytes) -> str:
    signed = {name: value for name, value in report.items() if name != SIGNATURE_FIELD}
    canonical = json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    report_key = hmac.digest(key, _PURPOSE, "sha256")  # not the phone-digest key itself
    return hmac.new(report_key, canonical, hashlib.sha256).hexdigest()


def sign_report(report: dict, key: bytes) -> dict:
    """Put the ``signature`` entry into ``report`` (replacing an older one); return the report."""
    report.pop(SIGNATURE_FIELD, None)
    report[SIGNATURE_FIELD] = {
        "algorithm": ALGORITHM,
        "key_fingerprint": key_fingerprint(key),
        "mac": _mac(report, key),
    }
    return report


def verify_report(report: dict, key: bytes) -> None:
    """Raise :class:`InputError` unless ``report`` carries a signature made with ``key`` over exactly its content."""
    signature = report.get(SIGNATURE_FIELD)
    if not isinstance(signature, dict) or not isinstance(signature.get("mac"), str):
        raise InputError(
            "the screening report is not signed (screened without the ledger's key): "
            "screen the list again with the ledger's key; nothing imported"
        )
    if signature.get("algorithm") != ALGORITHM or not hmac.compare_digest(signature["mac"], _mac(report, key)):
        raise InputError(
            "the screening report does not verify with this ledger's key "
            "(changed after screening, or signed with another key); nothing imported"
        )
