"""What a list is screened for and what screening found: the types :mod:`screen.lists.screening`
builds and :mod:`screen.lists.report` writes out (apart from both, so that neither imports the other).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from screen.config.policy import Policy
from screen.errors import UsageError
from screen.lists.manifest import Manifest
from screen.lists.sensitive import SensitiveColumn


@dataclass(frozen=True)
class ScreenSettings:
    """What a list is screened for. Build it with :meth:`for_campaign` or :meth:`for_purpose`."""

    purpose: str
    policy: Policy = field(default_factory=Policy)
    campaign: str | None = None
    max_consent_age_days: int = 365
    output_format: str | None = None  # None: the list's own format
    phone_format: str = "national"  # national (11 digits) | e164
    now: datetime.datetime | None = None  # None: the moment screening starts (--as-of sets it)

    @classmethod
    def for_campaign(cls, policy: Policy, name: str, **options) -> ScreenSettings:
        campaign = policy.campaign(name)
        return cls(
            purpose=campaign.purpose,
            policy=policy,
            campaign=name,
            max_consent_age_days=campaign.max_consent_age_days,
            **options,
        )

    @classmethod
    def for_purpose(cls, policy: Policy, purpose: str, **options) -> ScreenSettings:
        if not purpose.strip():
            raise UsageError("the purpose must not be empty", parameter="purpose")
        return cls(purpose=purpose.strip(), policy=policy, max_consent_age_days=policy.max_consent_age_days, **options)


@dataclass(frozen=True)
class LedgerFacts:
    """What screening needs from the consent ledger: the key and the digests to refuse."""

    key: bytes
    dnc_digests: frozenset[str] = frozenset()
    revoked_digests: frozenset[str] = frozenset()
    source: str = ""


@dataclass
class ScreeningResult:
    list_path: Path
    decision: str  # accepted | rejected
    list_reasons: list[str]
    rows_in: int
    rows_accepted: int
    rows_rejected: int
    row_reasons: dict[str, int]
    columns: dict[str, str]
    sensitive_columns: dict[str, SensitiveColumn]  # header -> why it is sensitive, what it holds
    out_dir: Path
    accepted_path: Path | None
    rejected_path: Path
    report_path: Path
    report: dict
    manifest: Manifest | None
    settings: ScreenSettings
    notes: list[str] = field(default_factory=list)
    new_consents: int | None = None  # set when the accepted consents were committed to a ledger
    signing_key: bytes | None = field(default=None, repr=False)  # signs report.json when set

    @property
    def accepted(self) -> bool:
        return self.decision == "accepted"
