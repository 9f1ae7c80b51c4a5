"""Builders for the screening tests: lists, manifests, a policy, numbers that validate.

Imported as a plain module (``import screen_helpers``), like ``strategies``. Check digits come
from python-stdnum (``cn.ric``, ``luhn``), not from the recognizers under test. Every list is
written in the test's own temporary folder; the screening time is fixed (:data:`NOW`) so the
tests do not age.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
from pathlib import Path

from predial_support import KEY
from stdnum import luhn
from stdnum.cn import ric

from screen.config.policy import parse_policy
from screen.lists.screening import ScreenSettings, screen_list

UTC = datetime.UTC
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PURPOSE = "保险产品推荐"
ORGANIZATION = "示例人寿保险股份有限公司"
OTHER_COMPANY = "某某财富管理有限公司"
HEADERS = ["phone", "name", "consent_id", "consent_time", "consent_channel", "consent_scope"]

POLICY_TOML = f"""
organization = ["{ORGANIZATION}", "Example Life"]
max_consent_age_days = 365
max_bad_row_ratio = 0.05
blocked_providers = ["黑名单数据"]

[campaigns.leads]
purpose = "{PURPOSE}"

[campaigns.short_window]
purpose = "{PURPOSE}"
max_consent_age_days = 30
"""

# mobile prefixes in allocated ranges, written out here rather than taken from the code under test
MOBILE_PREFIXES = ("138", "139", "150", "186", "199", "166", "177", "192")


def policy(text: str = POLICY_TOML):
    return parse_policy(text, source="test-policy.toml")


def settings(
    campaign: str = "leads", now: datetime.datetime = NOW, policy_text: str = POLICY_TOML, **options
) -> ScreenSettings:
    return ScreenSettings.for_campaign(policy(policy_text), campaign, now=now, **options)


def mobile(index: int) -> str:
    """A distinct valid mobile number for each index."""
    return MOBILE_PREFIXES[index % len(MOBILE_PREFIXES)] + f"{index * 7919 % 10**8:08d}"


def resident_id(index: int) -> str:
    """A valid 18-character resident ID (Beijing Chaoyang, born 1980-1999)."""
    body = f"110105{1980 + index % 20}0{1 + index % 9}1{index % 10}{index % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def bank_card(index: int) -> str:
    """A 19-digit ICBC debit card number (BIN 622202) that passes Luhn."""
    body = f"622202{index:012d}"
    return body + luhn.calc_check_digit(body)


def consent_time(days_ago: float = 10) -> str:
    """A consent time ``days_ago`` before :data:`NOW`, as Shanghai local time."""
    return (NOW - datetime.timedelta(days=days_ago)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def good_row(index: int) -> dict[str, str]:
    return {
        "phone": mobile(index),
        "name": "张伟" if index % 2 else "李娜",
        "consent_id": f"C{index:06d}",
        "consent_time": consent_time(10 + index % 200),
        "consent_channel": ("web_form", "app", "sms_reply")[index % 3],
        "consent_scope": f"{PURPOSE};客户回访",
    }


def csv_bytes(rows: list[dict], headers: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    headers = headers or list(rows[0]) if rows else (headers or HEADERS)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_list(path: Path, rows: list[dict], headers: list[str] | None = None, encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_bytes(rows, headers, encoding))
    return path


def manifest_for(list_path: Path, rows_in: int, **fields) -> dict:
    data = {
        "list_id": "L-TEST-1",
        "provider": "first_party",
        "provider_type": "first_party",
        "contract_ref": "",
        "purposes": [PURPOSE],
        "recipients": [ORGANIZATION],
        "collected_from": "2025-12-01",
        "collected_to": "2026-11-19",
        "record_count": rows_in,
        "sha256": hashlib.sha256(list_path.read_bytes()).hexdigest(),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not DROP}


DROP = object()  # a manifest field value meaning "leave the field out"


def write_manifest(list_path: Path, rows_in: int, **fields) -> Path:
    path = list_path.with_name(list_path.name + ".manifest.json")
    path.write_text(json.dumps(manifest_for(list_path, rows_in, **fields), ensure_ascii=False), encoding="utf-8")
    return path


def screened_list(
    tmp_path: Path,
    rows: list[dict],
    *,
    headers=None,
    manifest: dict | None = None,
    name: str = "leads.csv",
    encoding: str = "utf-8",
    with_manifest: bool = True,
    **screen_options,
):
    """Write ``rows`` (+ manifest) and screen them; return the :class:`ScreeningResult`."""
    list_path = write_list(tmp_path / name, rows, headers, encoding)
    if with_manifest:
        write_manifest(list_path, len(rows), **(manifest or {}))
    options = {
        key: screen_options.pop(key)
        for key in list(screen_options)
        if key in ("ledger", "manifest_path", "signing_key")
    }
    if "ledger" not in options:  # signed with the test key: `ledger import` takes only a report it signed
        options.setdefault("signing_key", KEY)
    return screen_list(list_path, settings(**screen_options), out_dir=tmp_path / "out", **options)


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
