"""The secret key behind phone digests (HMAC-SHA256) and reversible redaction.

A plain hash of a phone number is no protection: there are about 10^11 mobile numbers, so a
SHA-256 of one is reversed by enumeration in minutes. Every digest leadscreen stores or writes is
keyed. The key comes from ``--key-file`` (first line, or the raw bytes) or from the environment
variable ``LEADSCREEN_KEY``; leadscreen refuses to work without one rather than fall back to an
unkeyed hash.

>>> key = b"test-key"
>>> phone_digest(key, "13812345678") == phone_digest(key, "13812345678")
True
>>> len(phone_digest(key, "13812345678"))
64
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from screen.errors import KeyMissing

KEY_ENV = "LEADSCREEN_KEY"
MIN_KEY_BYTES = 16


def load_key(key_file: str | os.PathLike | None = None, required: bool = True) -> bytes | None:
    """Read the key from ``key_file`` or ``$LEADSCREEN_KEY``.

    Raises :class:`KeyMissing` (a one-line usage error) when none is set and ``required``.
    """
    if key_file is not None:
        path = Path(key_file)
        try:
            raw = path.read_bytes().strip()
        except OSError as error:
            raise KeyMissing(f"cannot read key file {path}: {error.strerror}") from None
        if not raw:
            raise KeyMissing(f"key file {path} is empty")
        key = raw
    elif os.environ.get(KEY_ENV):
        key = os.environ[KEY_ENV].encode("utf-8")
    elif required:
        raise KeyMissing(
            f"no key: set {KEY_ENV} or pass --key-file (a keyed digest is needed; a plain hash of a phone number is reversible)"
        )
    else:
        return None
    if len(key) < MIN_KEY_BYTES:
        raise KeyMissing(f"the key is too short: use at least {MIN_KEY_BYTES} bytes (e.g. `openssl rand -hex 32`)")
    return key


def phone_digest(key: bytes, national_number: str) -> str:
    """Hex HMAC-SHA256 of the canonical national number (11-digit mobile, or landline with 0)."""
    return hmac.new(key, national_number.encode("ascii"), hashlib.sha256).hexdigest()
