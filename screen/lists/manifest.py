"""The manifest that travels with a lead list: where it came from and what its people agreed to.

A manifest is a JSON object, by default in ``LIST.manifest.json`` beside the list
(``leads.csv`` → ``leads.csv.manifest.json``)::

    {
      "list_id": "WF-2026-11-A",
      "provider": "first_party",                 // or the supplying company's name
      "provider_type": "first_party",            // first_party | partner | broker
      "contract_ref": "",                        // required for partner and broker lists
      "purposes": ["保险产品推荐"],                 // what the people consented to
      "recipients": ["示例保险股份有限公司"],        // who may receive their data (PIPL Art. 23)
      "collected_from": "2026-01-01",
      "collected_to": "2026-10-31",
      "record_count": 2000,
      "sha256": "…64 hex digits of the list file's bytes…"
    }

Two kinds of problem, two outcomes:

- a file that is not JSON at all (or not an object, or not UTF-8) is a usage error: exit 2, one
  line — the wrong file was given or it is corrupt;
- a JSON object that misses a field or holds a value of the wrong kind is a provenance failure:
  the list is rejected with ``manifest_invalid`` and :attr:`Manifest.problems` says why.

>>> manifest = parse_manifest({"list_id": "L1", "provider": "first_party", "provider_type": "first_party",
...     "purposes": ["营销"], "recipients": [], "record_count": 3, "sha256": "ab" * 32})
>>> manifest.problems
()
>>> parse_manifest({"list_id": "L1", "provider_type": "reseller"}).problems[:2]
('provider is missing', "provider_type must be one of first_party, partner, broker (got 'reseller')")
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from screen.errors import UsageError
from screen.files.utf8 import read_utf8_and_bytes

MANIFEST_SUFFIX = ".manifest.json"
PROVIDER_TYPES = ("first_party", "partner", "broker")
THIRD_PARTY_TYPES = ("partner", "broker")
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
HASH_CHUNK = 8 << 20


def normalize_name(text: str) -> str:
    """How names and purposes are compared: NFKC, case-folded, without spaces.

    >>> normalize_name(" Example  Insurance Co. ") == normalize_name("example insurance co.")
    True
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


@dataclass(frozen=True)
class Manifest:
    path: Path | None
    digest: str | None  # SHA-256 of the manifest file's bytes, for the report
    list_id: str | None = None
    provider: str | None = None
    provider_type: str | None = None
    contract_ref: str | None = None
    purposes: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    collected_from: datetime.date | None = None
    collected_to: datetime.date | None = None
    record_count: int | None = None
    sha256: str | None = None
    problems: tuple[str, ...] = ()

    def public_dict(self) -> dict:
        """The manifest as the report shows it (it holds no personal data)."""
        return {
            "path": str(self.path) if self.path else None,
            "sha256_of_manifest": self.digest,
            "list_id": self.list_id,
            "provider": self.provider,
            "provider_type": self.provider_type,
            "contract_ref": self.contract_ref,
            "purposes": list(self.purposes),
            "recipients": list(self.recipients),
            "collected_from": self.collected_from.isoformat() if self.collected_from else None,
            "collected_to": self.collected_to.isoformat() if self.collected_to else None,
            "record_count": self.record_count,
            "sha256": self.sha256,
            "problems": list(self.problems),
        }


def default_manifest_path(list_path: str | os.PathLike) -> Path:
    """``leads.csv`` → ``leads.csv.manifest.json`` beside it."""
    list_path = Path(list_path)
    return list_path.with_name(list_path.name + MANIFEST_SUFFIX)


def find_manifest(list_path: str | os.PathLike, manifest_path: str | os.PathLike | None = None) -> Path | None:
    """The manifest to use: ``manifest_path`` (which must exist), else the default one if present."""
    if manifest_path is not None:
        path = Path(manifest_path)
        if not path.is_file():
            raise UsageError(f"manifest {path}: no such file")
        return path
    path = default_manifest_path(list_path)
    return path if path.is_file() else None


def _text(data: dict, key: str, problems: list[str], required: bool = True) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{key} is missing")
        return None
    if not isinstance(value, str):
        problems.append(f"{key} must be a string")
        return None
    return value.strip()


def _names(data: dict, key: str, problems: list[str], required: bool) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"{key} is missing")
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"{key} must be a list of strings")
        return ()
    names = tuple(item.strip() for item in value if item.strip())
    if required and not names:
        problems.append(f"{key} is empty")
    return names


def _date(data: dict, key: str, problems: list[str]) -> datetime.date | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.append(f"{key} must be a date like 2026-03-05")
        return None


def parse_manifest(data: object, path: Path | None = None, digest: str | None = None) -> Manifest:
    """Check a decoded manifest; every problem found goes into :attr:`Manifest.problems`."""
    if not isinstance(data, dict):
        raise UsageError(f"manifest {path or ''}: must be a JSON object".replace(" :", ":"))
    problems: list[str] = []
    list_id = _text(data, "list_id", problems)
    provider = _text(data, "provider", problems)
    provider_type = _text(data, "provider_type", problems)
    if provider_type is not None and provider_type not in PROVIDER_TYPES:
        problems.append(f"provider_type must be one of {', '.join(PROVIDER_TYPES)} (got {provider_type!r})")
        provider_type = None
    contract_ref = _text(data, "contract_ref", problems, required=provider_type in THIRD_PARTY_TYPES)
    if provider_type in THIRD_PARTY_TYPES and contract_ref is None and "contract_ref is missing" in problems:
        problems[problems.index("contract_ref is missing")] = (
            "contract_ref is missing (required for partner and broker lists)"
        )
    purposes = _names(data, "purposes", problems, required=True)
    recipients = _names(data, "recipients", problems, required=False)
    collected_from = _date(data, "collected_from", problems)
    collected_to = _date(data, "collected_to", problems)
    if collected_from and collected_to and collected_from > collected_to:
        problems.append("collected_from is after collected_to")
    record_count = data.get("record_count")
    if record_count is None:
        problems.append("record_count is missing")
    elif isinstance(record_count, bool) or not isinstance(record_count, int) or record_count < 0:
        problems.append("record_count must be a whole number of rows")
        record_count = None
    sha256 = data.get("sha256")
    if sha256 is None:
        problems.append("sha256 is missing")
    elif not isinstance(sha256, str) or not _HEX64.match(sha256.strip()):
        problems.append("sha256 must be 64 hex digits (the SHA-256 of the list file)")
        sha256 = None
    else:
        sha256 = sha256.strip().lower()
    return Manifest(
        path=path,
        digest=digest,
        list_id=list_id,
        provider=provider,
        provider_type=provider_type,
        contract_ref=contract_ref,
        purposes=purposes,
        recipients=recipients,
        collected_from=collected_from,
        collected_to=collected_to,
        record_count=record_count,
        sha256=sha256,
        problems=tuple(problems),
    )


def load_manifest(path: str | os.PathLike) -> Manifest:
    """Read and check a manifest file. Malformed JSON is a :class:`UsageError`; see the module doc."""
    path = Path(path)
    text, raw = read_utf8_and_bytes(path, "manifest")
    if not text.strip():
        raise UsageError(f"manifest {path}: the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"manifest {path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise UsageError(f"manifest {path}: JSON nested too deeply to be a manifest") from None
    return parse_manifest(data, path, hashlib.sha256(raw).hexdigest())


def names_one_of(names: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """True when one of ``names`` is one of ``wanted`` (compared with :func:`normalize_name`)."""
    normalized = {normalize_name(name) for name in wanted}
    return any(normalize_name(name) in normalized for name in names)


def provider_is_blocked(provider: str | None, blocked: tuple[str, ...]) -> bool:
    """A provider is blocked when a blocked name is part of it (``某某数据`` blocks ``某某数据科技有限公司``)."""
    if not provider:
        return False
    name = normalize_name(provider)
    return any(normalize_name(entry) and normalize_name(entry) in name for entry in blocked)


def manifest_reasons(
    manifest: Manifest | None,
    *,
    purpose: str,
    organization: tuple[str, ...],
    blocked_providers: tuple[str, ...],
    rows_in: int,
    file_sha256: str,
) -> list[str]:
    """The list-level reason codes the manifest gives, in the documented order."""
    if manifest is None:
        return ["manifest_missing"]
    reasons = []
    if manifest.problems:
        reasons.append("manifest_invalid")
    if manifest.sha256 is not None and manifest.sha256 != file_sha256:
        reasons.append("checksum_mismatch")
    if manifest.record_count is not None and manifest.record_count != rows_in:
        reasons.append("record_count_mismatch")
    if provider_is_blocked(manifest.provider, blocked_providers):
        reasons.append("provider_blocked")
    if manifest.purposes and not names_one_of((purpose,), manifest.purposes):
        reasons.append("purpose_not_covered")
    # PIPL Art. 23: data passed on by another company needs consent naming the recipient; a
    # first-party list was collected by this organization itself
    if manifest.provider_type in THIRD_PARTY_TYPES and not names_one_of(manifest.recipients, organization):
        reasons.append("recipient_not_named")
    return reasons


class FileDigest:
    """SHA-256 of a file computed in a background thread (hashlib releases the GIL on big chunks),
    so hashing a large list overlaps with screening it.

    >>> import tempfile
    >>> path = tempfile.mktemp()
    >>> _ = open(path, "wb").write(b"abc")
    >>> FileDigest(path).result()
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._digest: str | None = None
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        hasher = hashlib.sha256()
        try:
            with open(self.path, "rb") as handle:
                while chunk := handle.read(HASH_CHUNK):
                    hasher.update(chunk)
        except OSError as error:
            self._error = error
            return
        self._digest = hasher.hexdigest()

    def result(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise UsageError(f"{self.path}: cannot read ({self._error.strerror})")
        return self._digest
