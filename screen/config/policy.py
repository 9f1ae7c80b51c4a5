"""The policy file (TOML): who we are, what counts as valid consent, and each campaign's rules.

Rules of law change, so every rule the product enforces is a setting here with a documented
default (see ``docs/policy.md``), never a constant buried in code. ``--policy PATH``, else
``./leadscreen.toml`` if present, else the defaults.

Example::

    organization = ["示例保险股份有限公司", "Example Insurance Co."]
    max_consent_age_days = 365
    max_bad_row_ratio = 0.05
    blocked_providers = ["某某数据科技"]

    [holidays]  # statutory days off for a year the chinese-calendar package does not know yet,
    days_off = ["2027-01-01"]  # copied from the State Council's notice; ranges as "DATE..DATE"

    [campaigns.insurance_renewal]
    purpose = "保险续保"
    calling_hours = ["09:00-21:00"]
    refusal_cooldown_days = 180

>>> policy = parse_policy('organization = ["A"]\\n[campaigns.x]\\npurpose = "p"\\ncalling_hours = ["09:00-12:00"]')
>>> policy.campaigns["x"].calling_hours
((datetime.time(9, 0), datetime.time(12, 0)),)
>>> policy.max_consent_age_days
365
"""

from __future__ import annotations

import datetime
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from screen.errors import ConfigError, UsageError
from screen.files.utf8 import read_utf8

DEFAULT_POLICY_PATH = Path("leadscreen.toml")
DEFAULT_TIMEZONE = "Asia/Shanghai"

_POLICY_KEYS = {
    "organization",
    "max_consent_age_days",
    "max_bad_row_ratio",
    "blocked_providers",
    "timezone",
    "campaigns",
    "sensitive_headers",
    "redact",
    "holidays",
}
_CAMPAIGN_KEYS = {
    "purpose",
    "calling_hours",
    "skip_holidays",
    "max_calls_per_day",
    "max_calls_per_week",
    "max_attempts_per_day",
    "refusal_cooldown_days",
    "max_consent_age_days",
    "timezone",
    "description",
}


@dataclass(frozen=True)
class Campaign:
    name: str
    purpose: str
    calling_hours: tuple[tuple[datetime.time, datetime.time], ...] = ()  # empty: any time
    skip_holidays: bool = False
    max_calls_per_day: int | None = None  # connected calls
    max_calls_per_week: int | None = None  # connected calls, rolling 7 days
    max_attempts_per_day: int | None = None  # all attempts, answered or not
    refusal_cooldown_days: int = 180
    max_consent_age_days: int = 365
    timezone: str = DEFAULT_TIMEZONE
    description: str = ""


@dataclass(frozen=True)
class Policy:
    organization: tuple[str, ...] = ()
    max_consent_age_days: int = 365
    max_bad_row_ratio: float = 0.05
    blocked_providers: tuple[str, ...] = ()
    timezone: str = DEFAULT_TIMEZONE
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    sensitive_headers: tuple[str, ...] = ()  # extra header words on top of the built-in list
    redact_operator: str = "mask"  # [redact] operator
    # [redact.entities.NAME]: operator, keep_first, keep_last
    redact_entities: dict[str, dict] = field(default_factory=dict)
    # [holidays] days_off: statutory days off for years chinese-calendar does not know yet
    holidays: frozenset[datetime.date] = frozenset()
    version: str = "defaults"  # first 12 hex digits of the file's SHA-256
    source: str | None = None

    def campaign(self, name: str) -> Campaign:
        try:
            return self.campaigns[name]
        except KeyError:
            if self.source is None:  # the usual slip: run from a folder without leadscreen.toml
                raise UsageError(
                    f"unknown campaign {name!r}: no policy file was read, so no campaign is defined", parameter="policy"
                ) from None
            known = ", ".join(sorted(self.campaigns)) or "none defined"
            raise UsageError(f"unknown campaign {name!r} (policy {self.source} has: {known})") from None


def _parse_hours(campaign: str, spans) -> tuple[tuple[datetime.time, datetime.time], ...]:
    if not isinstance(spans, list):
        raise ConfigError(f'policy: campaigns.{campaign}.calling_hours must be a list like ["09:00-21:00"]')
    parsed = []
    for span in spans:
        try:
            first, last = str(span).split("-")
            start, end = datetime.time.fromisoformat(first.strip()), datetime.time.fromisoformat(last.strip())
            if start.microsecond or end.microsecond or start.tzinfo or end.tzinfo:
                raise ValueError("whole seconds, no zone")  # the checker decides time rules once per second
            parsed.append((start, end))
        except ValueError:
            raise ConfigError(
                f'policy: campaigns.{campaign}.calling_hours has {span!r}; write spans as "HH:MM-HH:MM"'
            ) from None
    return tuple(parsed)


def _parse_days_off(where: str, table) -> frozenset[datetime.date]:
    """``[holidays] days_off``: dates (``YYYY-MM-DD``) and inclusive ranges (``YYYY-MM-DD..YYYY-MM-DD``)."""
    table = _expect(table, dict, "holidays")
    _refuse_unknown(table, {"days_off"}, where, "holidays")
    days = set()
    for entry in _expect(table.get("days_off", []), list, "holidays.days_off"):
        text = entry.isoformat() if isinstance(entry, datetime.date) else str(entry)
        first, _, last = text.partition("..")
        try:
            start = datetime.date.fromisoformat(first.strip())
            end = datetime.date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise ConfigError(
                f"{where}: holidays.days_off has {entry!r}; write dates as YYYY-MM-DD "
                "or ranges as YYYY-MM-DD..YYYY-MM-DD"
            ) from None
        if end < start or (end - start).days > 31:
            raise ConfigError(f"{where}: holidays.days_off range {text!r} must run forwards and span at most a month")
        days.update(start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1))
    return frozenset(days)


_KIND_NAMES = {
    int: "a whole number",
    float: "a number",
    str: "a string",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


def _expect(value, kind, where: str):
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        raise ConfigError(f"policy: {where} must be {_KIND_NAMES[kind]}")
    return value


def _names(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(str(item) for item in _expect(value, list, where))


def _refuse_unknown(table: dict, known: set[str], where: str, what: str) -> None:
    """``what`` is the table's dotted name, or empty for the top level."""
    unknown = set(table) - known
    if unknown:
        has = f"{what} has unknown setting(s)" if what else "unknown setting(s)"
        raise ConfigError(f"{where}: {has} {', '.join(sorted(unknown))}")


def _parse_ratio(where: str, value) -> float:
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    ratio = _expect(value, float, "max_bad_row_ratio")
    if not 0.0 <= ratio <= 1.0:
        raise ConfigError(f"{where}: max_bad_row_ratio must be between 0 and 1")
    return ratio


# Longer than any consent could be meant to last, and short enough that "now minus the age" stays
# a date (a huge value would overflow); 0 or less would expire every consent.
MAX_CONSENT_AGE_DAYS = 36_500

# The schema of the policy's whole numbers, in one place: each setting with the range that keeps
# its rule on. Outside it a rule would silently stop working (a cool-off of -5 days ends before
# the refusal; a cap of 0 or -1 calls is never reached), so such a value is refused, not clamped.
WHOLE_NUMBER_RANGES: dict[str, tuple[int, int]] = {
    "max_consent_age_days": (1, MAX_CONSENT_AGE_DAYS),
    "refusal_cooldown_days": (0, MAX_CONSENT_AGE_DAYS),  # 0: no cool-off, written out on purpose
    "max_calls_per_day": (1, 10_000),
    "max_calls_per_week": (1, 70_000),
    "max_attempts_per_day": (1, 10_000),
    "keep_first": (0, 64),
    "keep_last": (0, 64),
}


def _whole_number(where: str, value, name: str) -> int:
    """``value`` checked against :data:`WHOLE_NUMBER_RANGES` for the last part of ``name``."""
    low, high = WHOLE_NUMBER_RANGES[name.rsplit(".", 1)[-1]]
    number = _expect(value, int, name)
    if not low <= number <= high:
        shown = number if abs(number) < 10**15 else "a number that large"
        raise ConfigError(f"{where}: {name} must be a whole number from {low:,} to {high:,} (got {shown})")
    return number


def _parse_age(where: str, value, name: str) -> int:
    return _whole_number(where, value, name)


def _time_zone(where: str, value, name: str) -> str:
    """An IANA zone name, checked here so that a typo is a policy error, not a ledger error later."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = _expect(value, str, name)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{where}: {name} {text!r} is not a time zone; allowed: an IANA name such as Asia/Shanghai"
        ) from None
    return text


def _optional_int(where: str, table: dict, key: str, prefix: str) -> int | None:
    value = table.get(key)
    return None if value is None else _whole_number(where, value, f"{prefix}.{key}")


def _parse_campaign(where: str, name: str, table, max_age: int, timezone: str) -> Campaign:
    """``[campaigns.NAME]``; a campaign's age limit and zone default to the file's."""
    prefix = f"campaigns.{name}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: {prefix} must be a table")
    _refuse_unknown(table, _CAMPAIGN_KEYS, where, prefix)
    if "purpose" not in table:
        raise ConfigError(f"{where}: {prefix} needs a purpose")
    return Campaign(
        name=name,
        purpose=_expect(table["purpose"], str, f"{prefix}.purpose"),
        calling_hours=_parse_hours(name, table.get("calling_hours", [])),
        skip_holidays=_expect(table.get("skip_holidays", False), bool, f"{prefix}.skip_holidays"),
        max_calls_per_day=_optional_int(where, table, "max_calls_per_day", prefix),
        max_calls_per_week=_optional_int(where, table, "max_calls_per_week", prefix),
        max_attempts_per_day=_optional_int(where, table, "max_attempts_per_day", prefix),
        refusal_cooldown_days=_whole_number(
            where, table.get("refusal_cooldown_days", Campaign.refusal_cooldown_days), f"{prefix}.refusal_cooldown_days"
        ),
        max_consent_age_days=_parse_age(
            where, table.get("max_consent_age_days", max_age), f"{prefix}.max_consent_age_days"
        ),
        timezone=_time_zone(where, table.get("timezone", timezone), f"{prefix}.timezone"),
        description=_expect(table.get("description", ""), str, f"{prefix}.description"),
    )


def _parse_redact(where: str, redact) -> tuple[str, dict[str, dict]]:
    """``[redact]``: the default operator and ``[redact.entities.NAME]`` overrides."""
    redact = _expect(redact, dict, "redact")
    _refuse_unknown(redact, {"operator", "entities"}, where, "redact")
    entities = {}
    for entity, table in _expect(redact.get("entities", {}), dict, "redact.entities").items():
        prefix = f"redact.entities.{entity}"
        table = _expect(table, dict, prefix)
        _refuse_unknown(table, {"operator", "keep_first", "keep_last"}, where, prefix)
        for key in ("keep_first", "keep_last"):
            if key in table:
                _whole_number(where, table[key], f"{prefix}.{key}")
        entities[entity] = dict(table)
    return _expect(redact.get("operator", "mask"), str, "redact.operator"), entities


def parse_policy(text: str, source: str | None = None) -> Policy:
    """Parse policy TOML; raise :class:`ConfigError` with one line saying what is wrong."""
    where = source or "policy"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: not valid TOML ({error})") from None
    _refuse_unknown(data, _POLICY_KEYS, where, "")
    max_age = _parse_age(where, data.get("max_consent_age_days", Policy.max_consent_age_days), "max_consent_age_days")
    timezone = _time_zone(where, data.get("timezone", DEFAULT_TIMEZONE), "timezone")
    campaigns = {
        name: _parse_campaign(where, name, table, max_age, timezone)
        for name, table in _expect(data.get("campaigns", {}), dict, "campaigns").items()
    }
    redact_operator, redact_entities = _parse_redact(where, data.get("redact", {}))
    return Policy(
        redact_operator=redact_operator,
        redact_entities=redact_entities,
        organization=_names(data.get("organization", []), "organization"),
        max_consent_age_days=max_age,
        max_bad_row_ratio=_parse_ratio(where, data.get("max_bad_row_ratio", Policy.max_bad_row_ratio)),
        blocked_providers=_names(data.get("blocked_providers", []), "blocked_providers"),
        timezone=timezone,
        campaigns=campaigns,
        sensitive_headers=_names(data.get("sensitive_headers", []), "sensitive_headers"),
        holidays=_parse_days_off(where, data.get("holidays", {})),
        version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
        source=source,
    )


def load_policy(path: str | Path | None = None) -> Policy:
    """Load ``path``, else ``./leadscreen.toml`` if it exists, else the defaults."""
    if path is None:
        if not DEFAULT_POLICY_PATH.exists():
            return Policy()
        path = DEFAULT_POLICY_PATH
    return parse_policy(read_utf8(path, "policy"), source=str(path))
