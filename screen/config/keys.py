"""The secret key behind phone digests (HMAC-SHA256) and reversible redaction.

A plain hash of a phone number is no protection: there are about 10^11 mobile numbers, so a
SHA-256 of one is reversed by enumeration in minutes. Every digest leadscreen stores or writes is
keyed. The key comes from ``--key-file`` (first line, or the raw bytes) or from the environment
variable ``LEADSCREEN_KEY``; leadscreen refuses to work without one rather than fall back to an
unkeyed hash. A key that is not random material is refused too: it must be at least 32
random bytes, written as hex (64 digits) or base64, or raw in a key file; a word, a phrase or a
pattern (``password1234567890``, ``aaaa…``) is not. Make one with ``openssl rand -hex 32``. A key file that other users may read (mode beyond 0600) is used, with a
one-line warning on the ``leadscreen.keys`` logger, because refusing would stop a running
service over a file-mode slip that ``chmod 600`` fixes.

>>> key = b"test-key"
>>> phone_digest(key, "13812345678") == phone_digest(key, "13812345678")
True
>>> len(phone_digest(key, "13812345678"))
64
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from screen.errors import KeyMissing, UsageError

KEY_ENV = "LEADSCREEN_KEY"
MIN_KEY_BYTES = 32  # of random material: 64 hex digits, 43 base64 characters, or 32 raw bytes
# Random material of that size uses many different values; fewer means a pattern or a word.
MIN_DISTINCT_HEX_DIGITS = 10
MIN_DISTINCT_KEY_BYTES = 16
MAKE_ONE = "make one with `openssl rand -hex 32`"
log = logging.getLogger("leadscreen.keys")

_HEX = re.compile(rb"[0-9a-fA-F]+")
_BASE64 = re.compile(rb"[A-Za-z0-9+/_-]+={0,2}")


def load_key(key_file: str | os.PathLike | None = None, required: bool = True) -> bytes | None:
    """Read the key from ``key_file`` or ``$LEADSCREEN_KEY``.

    Raises :class:`KeyMissing` (a one-line usage error) when none is set and ``required``, and
    when the key is not random material (:func:`refuse_weak_key`).
    """
    if key_file is not None:
        key = _read_key_file(Path(key_file))
    elif os.environ.get(KEY_ENV):
        key = os.environ[KEY_ENV].encode("utf-8")
    elif required:
        raise KeyMissing(
            f"no key: {KEY_ENV} is not set and no key file was given (a keyed digest is needed; "
            "a plain hash of a phone number is reversible)"
        )
    else:
        return None
    refuse_weak_key(key)
    return key


def _read_key_file(path: Path) -> bytes:
    try:
        raw = path.read_bytes().strip()
        mode = path.stat().st_mode & 0o777
    except OSError as error:
        raise KeyMissing(f"cannot read key file {path}: {error.strerror}", hinted=True) from None
    if not raw:
        raise KeyMissing(f"key file {path} is empty ({MAKE_ONE})", hinted=True)
    if mode & 0o077:
        log.warning("leadscreen: warning: key file %s can be read by other users (mode %04o): chmod 600 it", path, mode)
    return raw


def refuse_weak_key(key: bytes) -> None:
    """Raise :class:`KeyMissing` unless ``key`` is random material of at least 32 bytes: 64 or more
    hex digits, base64 of 32 or more bytes, or 32 or more raw bytes (a binary key file). A word,
    a phrase or a pattern is refused, whatever its length. The key is used as given (its text,
    not the bytes it decodes to), so digests made with an accepted key never change.

    >>> refuse_weak_key(b"password1234567890")
    Traceback (most recent call last):
    ...
    screen.errors.KeyMissing: the key is not random key material: use at least 32 random bytes as hex or base64 (make one with `openssl rand -hex 32`)
    >>> refuse_weak_key(b"5c0d1e3b7a9f24681357ace02468bdf13579ace02468bdf13579ace02468bdf1")
    """
    key = key.strip()
    if _HEX.fullmatch(key):
        random = len(key) >= 2 * MIN_KEY_BYTES and len(set(key.lower())) >= MIN_DISTINCT_HEX_DIGITS
    elif _BASE64.fullmatch(key):
        random = _random_base64(key)
    else:
        random = not key.isascii() or not key.decode("ascii").isprintable()  # raw bytes from a key file
        random = random and len(key) >= MIN_KEY_BYTES and len(set(key)) >= MIN_DISTINCT_KEY_BYTES
    if not random:
        raise KeyMissing(
            f"the key is not random key material: use at least {MIN_KEY_BYTES} random bytes as hex or base64 "
            f"({MAKE_ONE})",
            hinted=True,
        )


def _random_base64(text: bytes) -> bool:
    """Base64 of 32 or more bytes that look random (a long word is valid base64 too)."""
    import base64
    import binascii

    try:
        decoded = base64.b64decode(text.replace(b"-", b"+").replace(b"_", b"/") + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return False
    kinds = sum(any(test(chr(c)) for c in text) for test in (str.isupper, str.islower, str.isdigit))
    return len(decoded) >= MIN_KEY_BYTES and len(set(decoded)) >= MIN_DISTINCT_KEY_BYTES and kinds == 3


class Digester:
    """HMAC-SHA256 of national numbers with the key's inner and outer hash states computed once.

    Gives the same bytes as ``hmac.digest(key, number, "sha256")`` (and as
    :func:`screen.config.keys.phone_digest`, in hex) at about a third of the cost, which matters when
    a check has a 20-microsecond budget and an import has ten million numbers.

    >>> import hmac
    >>> Digester(b"k" * 16)("13812345678") == hmac.digest(b"k" * 16, b"13812345678", "sha256")
    True
    """

    def __init__(self, key: bytes):
        block = hashlib.sha256().block_size
        if len(key) > block:
            key = hashlib.sha256(key).digest()
        key = key.ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
        self._outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))

    def __call__(self, national_number: str) -> bytes:
        inner = self._inner.copy()
        inner.update(national_number.encode("ascii"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def many_hex(self, national_numbers: Iterable[str]) -> list[str]:
        """Hex digests, as :func:`phone_digest` gives them."""
        return [digest.hex() for digest in self.many(national_numbers)]

    def many(self, national_numbers: Iterable[str]) -> list[bytes]:
        """Digests of many numbers (``str``)."""
        return self._each(number.encode("ascii") for number in national_numbers)

    def many_blob(self, national_numbers: Iterable[bytes]) -> bytes:
        """Digests of ASCII-encoded numbers, concatenated: 32 bytes each, in order (bulk loads)."""
        return b"".join(self._each(national_numbers))

    def _each(self, national_numbers: Iterable[bytes]) -> list[bytes]:
        """The loop behind :meth:`many` and :meth:`many_blob`, with its lookups hoisted."""
        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        digests = []
        append = digests.append
        for number in national_numbers:
            inner = inner_copy()
            inner.update(number)
            outer = outer_copy()
            outer.update(inner.digest())
            append(outer.digest())
        return digests


# Below this many numbers, starting worker processes costs more than it saves.
_PARALLEL_MIN_NUMBERS = 400_000


def digest_blob(key: bytes, national_numbers: list[bytes], workers: int | None = None) -> bytes:
    """:meth:`Digester.many_blob` spread over the machine's cores, for imports of millions of numbers.

    HMAC over 11 bytes is too short for ``hashlib`` to release the GIL, so threads would not
    help; worker processes each get one slice as a single newline-joined ``bytes`` and send back
    one ``bytes`` of digests, which keeps the cost of moving data between processes to two
    copies. The calling process digests the last slice itself. If worker processes cannot be
    started, everything is digested here.

    >>> numbers = [b"13812345678", b"13987654321"]
    >>> digest_blob(b"k" * 16, numbers, workers=1) == b"".join(Digester(b"k" * 16).many(["13812345678", "13987654321"]))
    True
    """
    workers = workers or os.cpu_count() or 1
    # Forked workers only: a spawned worker re-imports the caller's main module, which would run
    # a script without an ``if __name__ == "__main__"`` guard a second time. The workers run
    # nothing but hashlib, so the threads polars leaves idle in the parent do not matter.
    if (
        workers < 2
        or len(national_numbers) < max(_PARALLEL_MIN_NUMBERS, workers)
        or not sys.platform.startswith("linux")
    ):
        return Digester(key).many_blob(national_numbers)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(national_numbers) // workers)
    slices = [national_numbers[start : start + size] for start in range(0, len(national_numbers), size)]
    try:
        pool = ProcessPoolExecutor(len(slices) - 1, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ValueError):
        return Digester(key).many_blob(national_numbers)
    from concurrent.futures.process import BrokenProcessPool

    try:
        with pool:
            futures = [pool.submit(_digest_joined, key, b"\n".join(part)) for part in slices[:-1]]
            last = Digester(key).many_blob(slices[-1])
            return b"".join([future.result() for future in futures] + [last])
    except BrokenProcessPool:  # a worker could not start or died: do it all here
        return Digester(key).many_blob(national_numbers)


def _digest_joined(key: bytes, joined: bytes) -> bytes:
    """Worker side of :func:`digest_blob`."""
    return Digester(key).many_blob(joined.split(b"\n"))


def phone_digest(key: bytes, national_number: str) -> str:
    """Hex HMAC-SHA256 of the canonical national number (11-digit mobile, or landline with 0)."""
    return hmac.new(key, national_number.encode("ascii"), hashlib.sha256).hexdigest()


# The keyed phone pseudonym that ``redact --operator hash`` writes: the ledger's digest itself, so
# that opt-outs heard in a redacted transcript and do-not-call files of tokens can be matched. The
# token carries the key's fingerprint first, so that a token made with another key is refused
# rather than silently matching nothing. (Tokens written before the fingerprint have none.)
PHONE_TOKEN_RE = re.compile(r"<CN_PHONE_NUMBER:h:(?:([0-9a-fA-F]{8}):)?([0-9a-fA-F]{64})>")
_BARE_DIGEST_RE = re.compile(r"[0-9a-fA-F]{64}")
FINGERPRINT_HEX_DIGITS = 8


def key_fingerprint(key: bytes) -> str:
    """Eight hex digits that tell keys apart (a keyed digest of a fixed label: nothing of the key)."""
    return hmac.new(key, b"leadscreen key fingerprint", hashlib.sha256).hexdigest()[:FINGERPRINT_HEX_DIGITS]


def phone_token(key: bytes, national_number: str) -> str:
    """``<CN_PHONE_NUMBER:h:FP:HEX64>``: FP the :func:`key_fingerprint`, HEX64 the :func:`phone_digest`.

    >>> key = b"k" * 16
    >>> phone_token(key, "13812345678") == f"<CN_PHONE_NUMBER:h:{key_fingerprint(key)}:{phone_digest(key, '13812345678')}>"
    True
    """
    return f"<CN_PHONE_NUMBER:h:{key_fingerprint(key)}:{phone_digest(key, national_number)}>"


def digest_in_token(value: str, key: bytes | None = None) -> str | None:
    """The lower-case hex digest a whole value stands for: a phone token or a bare 64-hex digest.

    A token made with another key than ``key`` (its fingerprint differs), or one without a
    fingerprint (written before tokens carried one), raises :class:`UsageError`: its digest
    would match nothing in this ledger. Without ``key`` (a dry run) the fingerprint is not checked.

    >>> key = b"k" * 16
    >>> digest_in_token(" " + phone_token(key, "13812345678") + " ", key) == phone_digest(key, "13812345678")
    True
    >>> digest_in_token("ab" * 32) == "ab" * 32, digest_in_token("13812345678") is None
    (True, True)
    >>> digest_in_token(phone_token(b"j" * 16, "13812345678"), key)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    screen.errors.UsageError: a <CN_PHONE_NUMBER:h:…> token was made with another key (fingerprint ...
    """
    value = value.strip()
    token = PHONE_TOKEN_RE.fullmatch(value)
    if token is None:
        return value.lower() if _BARE_DIGEST_RE.fullmatch(value) else None
    fingerprint, digest = token.groups()
    if fingerprint is None:
        raise UsageError(
            "a <CN_PHONE_NUMBER:h:…> token without a key fingerprint (written by an earlier leadscreen): "
            "its key cannot be told; redact the source again with this key"
        )
    if key is not None and fingerprint.lower() != key_fingerprint(key):
        raise UsageError(
            f"a <CN_PHONE_NUMBER:h:…> token was made with another key (fingerprint {fingerprint.lower()}, "
            f"this key's is {key_fingerprint(key)}); redact the source again with this key"
        )
    return digest.lower()
