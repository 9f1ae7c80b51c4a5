"""What a found number is replaced with: ``mask``, ``tag``, ``hash`` or ``encrypt``.

- ``mask`` (default): Chinese conventions — phone ``138****5678``, ID ``110105********0123``,
  card ``***************0123``; ``keep_first``/``keep_last`` per entity are configurable.
- ``tag``: ``<CN_PHONE_NUMBER>``.
- ``hash``: ``<ENTITY:h:…>``, a keyed, stable pseudonym (same value, same token, across files
  and runs, so analysts can join on it; a plain hash of a phone number is reversible by
  enumeration, so there is no unkeyed variant). For ``CN_PHONE_NUMBER`` the token is
  ``<CN_PHONE_NUMBER:h:FP:HEX64>`` (FP: the key's fingerprint) where HEX64 is exactly the ledger's digest of the national number
  (:func:`screen.config.keys.phone_digest`: HMAC-SHA256 under the key; ``recognizers.phone.
  national_number``: 11-digit mobile, landline with its 0, whatever way it was written —
  ``+86 139-…``, ``幺三八…``), so ``optouts`` and ``dnc import`` can act on a hash-redacted file.
  Whoever holds the key can therefore match such a file against the ledger and the audit trail;
  without the key nobody can. Other entities (and a phone column's cell that holds no valid
  number) get
  ``HMAC-SHA256(HKDF(key, "pseudonym"), ENTITY + ":" + value)`` cut to 24 hex digits.
- ``encrypt``: ``<CN_PHONE_NUMBER:e:…>`` with AES-SIV (deterministic, authenticated) under a key
  derived from the same secret; ``leadscreen unredact`` restores the original characters for an
  authorised user. The token carries the *original characters* (``幺三八…``), so a round trip gives
  back exactly the input.

>>> op = Operator("tag")
>>> op.replace("CN_PHONE_NUMBER", "13812345678", "幺三八一二三四五六七八")
'<CN_PHONE_NUMBER>'
>>> op = Operator("encrypt", key=b"k" * 32)
>>> token = op.replace("CN_PHONE_NUMBER", "13812345678", "幺三八一二三四五六七八")
>>> restore_tokens(token, b"k" * 32)
'幺三八一二三四五六七八'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, field

from recognizers.masking import mask
from recognizers.phone import national_number
from screen.config.keys import phone_token
from screen.errors import KeyMissing, UsageError

OPERATORS = ("mask", "tag", "hash", "encrypt")
HASH_HEX_DIGITS = 24  # 96 bits: no collisions among the ~10^11 possible mobile numbers in practice
TOKEN_RE = re.compile(r"<([A-Z_]+):e:([A-Za-z0-9_-]+)>")


def _derive(key: bytes, purpose: bytes, length: int = 64) -> bytes:
    """Separate sub-keys for hashing and encryption (HKDF-expand with HMAC-SHA256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=length, salt=b"leadscreen", info=purpose).derive(key)


@dataclass
class Operator:
    """Replaces one finding; ``name`` is the default, ``per_entity`` overrides it by entity."""

    name: str = "mask"
    key: bytes | None = None
    per_entity: dict[str, str] = field(default_factory=dict)
    keep: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)

    def __post_init__(self):
        for operator in (self.name, *self.per_entity.values()):
            if operator not in OPERATORS:
                raise UsageError(f"unknown operator {operator!r} (use one of: {', '.join(OPERATORS)})")
        if self.key is None and ({self.name, *self.per_entity.values()} & {"hash", "encrypt"}):
            raise KeyMissing(
                "the hash and encrypt operators need a key "
                "(a plain hash of a phone number is reversible by enumeration)"
            )
        self._hash_key = _derive(self.key, b"pseudonym", 32) if self.key else None
        self._cipher = None
        if self.key and "encrypt" in {self.name, *self.per_entity.values()}:
            from cryptography.hazmat.primitives.ciphers.aead import AESSIV

            self._cipher = AESSIV(_derive(self.key, b"encrypt", 64))

    def operator_for(self, entity: str) -> str:
        return self.per_entity.get(entity, self.name)

    def replace(self, entity: str, value: str, original: str) -> str:
        """The replacement for a finding with canonical ``value`` written as ``original``."""
        operator = self.operator_for(entity)
        if operator == "mask":
            keep_first, keep_last = self.keep.get(entity, (None, None))
            return mask(entity, value, keep_first, keep_last)
        if operator == "tag":
            return f"<{entity}>"
        if operator == "hash":
            national = national_number(value) if entity == "CN_PHONE_NUMBER" else None
            if national is not None:  # a phone column's cell may hold something that is no number
                return phone_token(self.key, national)
            digest = hmac.new(self._hash_key, f"{entity}:{value}".encode(), hashlib.sha256).hexdigest()
            return f"<{entity}:h:{digest[:HASH_HEX_DIGITS]}>"
        sealed = self._cipher.encrypt(original.encode("utf-8"), [entity.encode("ascii")])
        return f"<{entity}:e:{base64.urlsafe_b64encode(sealed).decode('ascii').rstrip('=')}>"


def restore_tokens(text: str, key: bytes) -> str:
    """Replace every ``<ENTITY:e:…>`` token in ``text`` by the original characters.

    Raises :class:`UsageError` when a token does not decrypt under ``key`` (wrong key or altered).
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV

    cipher = AESSIV(_derive(key, b"encrypt", 64))

    def opened(match: re.Match) -> str:
        token = match.group(2)
        try:
            sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            return cipher.decrypt(sealed, [match.group(1).encode("ascii")]).decode("utf-8")
        except (InvalidTag, ValueError):
            raise UsageError("a token does not decrypt with this key (wrong key, or the text was altered)") from None

    return TOKEN_RE.sub(opened, text)
