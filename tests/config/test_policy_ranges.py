"""Policy values that would turn a rule off are refused: one schema, one line, exit 2 everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.config.policy import WHOLE_NUMBER_RANGES, parse_policy
from screen.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_lists"
CAMPAIGN = '[campaigns.renewal]\npurpose = "保险续保"\n'
KEY = "0123456789abcdef" * 4


@pytest.mark.parametrize(
    ("setting", "value", "allowed"),
    [
        ("refusal_cooldown_days", -5, "from 0 to 36,500"),
        ("refusal_cooldown_days", -1, "from 0 to 36,500"),
        ("refusal_cooldown_days", 36_501, "from 0 to 36,500"),
        ("max_calls_per_day", 0, "from 1 to 10,000"),
        ("max_calls_per_day", -1, "from 1 to 10,000"),
        ("max_calls_per_week", 0, "from 1 to 70,000"),
        ("max_attempts_per_day", -3, "from 1 to 10,000"),
        ("max_attempts_per_day", 2**63, "from 1 to 10,000"),
        ("max_consent_age_days", 0, "from 1 to 36,500"),
    ],
)
def test_a_campaign_value_out_of_range_names_campaign_key_and_range(setting, value, allowed):
    with pytest.raises(ConfigError) as raised:
        parse_policy(f"{CAMPAIGN}{setting} = {value}\n", source="leadscreen.toml")
    message = str(raised.value)
    assert message.startswith(f"leadscreen.toml: campaigns.renewal.{setting} must be a whole number {allowed}")
    assert "\n" not in message


@pytest.mark.parametrize("setting", sorted(set(WHOLE_NUMBER_RANGES) - {"keep_first", "keep_last"}))
def test_every_campaign_value_is_taken_at_both_ends_of_its_range(setting):
    low, high = WHOLE_NUMBER_RANGES[setting]
    for value in (low, high):
        campaign = parse_policy(f"{CAMPAIGN}{setting} = {value}\n").campaigns["renewal"]
        assert getattr(campaign, setting) == value


@pytest.mark.parametrize("key", ["keep_first", "keep_last"])
def test_a_negative_mask_keep_is_refused(key):
    with pytest.raises(ConfigError, match=f"redact.entities.CN_PHONE_NUMBER.{key} must be a whole number from 0"):
        parse_policy(f"[redact.entities.CN_PHONE_NUMBER]\n{key} = -2\n")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('timezone = "Asia/Shangai"\n' + CAMPAIGN, "timezone"),
        (CAMPAIGN + 'timezone = "Mars/Olympus"\n', "campaigns.renewal.timezone"),
        (CAMPAIGN + 'timezone = "../../etc/passwd"\n', "campaigns.renewal.timezone"),
        (CAMPAIGN + 'timezone = ""\n', "campaigns.renewal.timezone"),
    ],
)
def test_an_unknown_time_zone_is_a_policy_error(text, name):
    with pytest.raises(ConfigError) as raised:
        parse_policy(text, source="p.toml")
    assert str(raised.value).startswith(f"p.toml: {name} ")
    assert "IANA" in str(raised.value)


BAD_POLICIES = {
    "negative cool-off": (CAMPAIGN + "refusal_cooldown_days = -5\n", "campaigns.renewal.refusal_cooldown_days"),
    "no calls a day": (CAMPAIGN + "max_calls_per_day = 0\n", "campaigns.renewal.max_calls_per_day"),
    "bad zone": (CAMPAIGN + 'timezone = "Asia/Pekin"\n', "campaigns.renewal.timezone"),
}


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    db = str(tmp_path / "ledger.db")
    webform = str(SAMPLES / "first_party_webform.csv")
    return {
        "check": ["check", "13812345678", "--campaign", "renewal", "--db", db],
        "check --at": ["check", "13812345678", "--campaign", "renewal", "--db", db, "--at", "2026-11-20T10:00"],
        "screen": ["screen", webform, "--campaign", "renewal", "--out-dir", str(tmp_path / "out")],
        "serve": ["serve", "--port", "0", "--db", db],
        "spotcheck": ["spotcheck", webform, "--sample", "5", "--campaign", "renewal", "--out-dir", str(tmp_path / "s")],
        "redact": ["redact", str(SAMPLES / "transcripts" / "calls.jsonl"), "-o", str(tmp_path / "r.jsonl")],
        "ledger withdraw": ["ledger", "withdraw", "13812345678", "--db", db],
    }


@pytest.mark.parametrize("bad", sorted(BAD_POLICIES))
@pytest.mark.parametrize(
    "command", ["check", "check --at", "screen", "serve", "spotcheck", "redact", "ledger withdraw"]
)
def test_every_command_that_reads_the_policy_refuses_it_with_one_line(tmp_path, monkeypatch, command, bad):
    def server_started(*args, **kwargs):
        raise AssertionError("serve started with a policy that turns a rule off")

    monkeypatch.setattr("screen.predial.http.app.serve", server_started)
    monkeypatch.setenv("LEADSCREEN_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    text, key = BAD_POLICIES[bad]
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, [*_commands(tmp_path)[command], "--policy", str(policy)])
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and key in lines[0] and "ledger" not in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.jsonl").exists() and not (tmp_path / "out").exists()
