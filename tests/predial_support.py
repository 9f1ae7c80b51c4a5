"""Shared set-up for the ledger / pre-dial tests: a key, a policy mirroring docs/number-rules.md, helpers."""

from __future__ import annotations

import datetime
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

import httpx

from screen.config.keys import phone_digest
from screen.config.policy import parse_policy
from screen.ledger.store import ConsentRecord, Ledger

KEY = b"b771edef0f892e453a1417ce6f184511675e150d3271ff91f41d4dfbfee28d06"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

# Mirrors docs/number-rules.md: insurance sales 09:00–21:00 and a 6-month bar after a
# refusal; collections 08:00–22:00, 3 connected calls and 6 attempts a day.
POLICY_TEXT = """
organization = ["示例保险股份有限公司"]
max_consent_age_days = 365

[campaigns.insurance_sales]
purpose = "保险销售"
calling_hours = ["09:00-21:00"]
skip_holidays = true
refusal_cooldown_days = 180

[campaigns.insurance_renewal]
purpose = "保险销售"
calling_hours = ["09:00-12:00", "13:30-21:00"]
max_calls_per_week = 2

[campaigns.collections]
purpose = "贷款催收"
calling_hours = ["08:00-22:00"]
max_calls_per_day = 3
max_attempts_per_day = 6

[campaigns.night_desk]
purpose = "保险销售"
calling_hours = ["20:00-02:00"]

# Tests that run a server on the real clock use this one: whenever they run, it is inside its
# hours and the 2026 consents have not expired.
[campaigns.anytime]
purpose = "保险销售"
max_consent_age_days = 36500
"""
POLICY = parse_policy(POLICY_TEXT, source="test-policy")

CONSENTED = "13812345678"  # consent for 保险销售 naming our organisation
COLLECTIONS_ONLY = "13987654321"  # consent for 贷款催收 only
OLD_CONSENT = "13700001111"  # consent from 2024: expired by 2026
OTHER_RECIPIENT = "15012345678"  # consent naming another company
NOBODY = "18612345678"  # no consent at all
ALL_NUMBERS = (CONSENTED, COLLECTIONS_ONLY, OLD_CONSENT, OTHER_RECIPIENT, NOBODY)

CONSENT_TIME = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI)
# A Monday that is a working day, within every calling window used above.
WORKDAY_10AM = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def at(text: str) -> datetime.datetime:
    """A Shanghai moment from 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def digest(number: str) -> str:
    return phone_digest(KEY, number)


def consent(number: str, scope=("保险销售",), when=CONSENT_TIME, recipients=("示例保险股份有限公司",), consent_id=None):
    return ConsentRecord(
        digest(number), consent_id or "C-" + digest(number)[:10], when, tuple(scope), tuple(recipients), "L-test", "web"
    )


def make_ledger(path: Path) -> Path:
    """A ledger holding the consents described above."""
    with Ledger.open(path, KEY) as ledger:
        ledger.add_consents(
            [
                consent(CONSENTED, scope=("保险销售", "保险续保")),
                consent(COLLECTIONS_ONLY, scope=("贷款催收",), recipients=()),
                consent(OLD_CONSENT, when=datetime.datetime(2024, 1, 5, tzinfo=SHANGHAI)),
                consent(OTHER_RECIPIENT, recipients=("别的数据公司",)),
            ]
        )
    return path


def file_bytes(*paths: Path) -> bytes:
    """Everything written under these files or folders (ledger, -wal, -shm, audit files, logs)."""
    data = b""
    for path in paths:
        candidates = (
            [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        )
        for candidate in candidates:
            data += candidate.read_bytes()
    return data


def start_server(db, policy_path, stderr_path):
    environment = {**os.environ, "LEADSCREEN_KEY": KEY.decode()}
    stderr = open(stderr_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "screen", "serve", "--port", "0", "--db", str(db), "--policy", str(policy_path)],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=environment,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = stderr_path.read_text(encoding="utf-8", errors="replace")
        if "listening on http://127.0.0.1:" in text:
            port = int(text.split("listening on http://127.0.0.1:")[1].split()[0])
            # Listening is announced before uvicorn starts accepting; wait until it answers.
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        return process, port
                except httpx.TransportError:
                    selectors.DefaultSelector().select(0.05)
            break
        if process.poll() is not None:
            break
        selectors.DefaultSelector().select(0.05)
    process.kill()
    raise AssertionError(f"server did not start: {stderr_path.read_text(errors='replace')}")
