"""The policy file: wrong-typed tables and values are one-line ConfigErrors, never tracebacks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.config.policy import parse_policy
from screen.errors import ConfigError, UsageError

CAMPAIGN = '[campaigns.x]\npurpose = "p"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # tables given as plain values: these raised KeyError (no name for dict in _expect)
        ("campaigns = 3", "campaigns must be a table"),
        ("redact = 3", "redact must be a table"),
        ("holidays = 3", "holidays must be a table"),
        ('[redact]\nentities = "all"', "redact.entities must be a table"),
        ("[redact.entities]\nCN_PHONE_NUMBER = 3", "redact.entities.CN_PHONE_NUMBER must be a table"),
        ("[campaigns]\nx = 3", "campaigns.x must be a table"),
        # values of the wrong type
        ('max_consent_age_days = "a year"', "max_consent_age_days must be a whole number"),
        ("max_consent_age_days = true", "max_consent_age_days must be a whole number"),
        ('max_bad_row_ratio = "5%"', "max_bad_row_ratio must be a number"),
        ("max_bad_row_ratio = 2", "max_bad_row_ratio must be between 0 and 1"),
        ("timezone = 8", "timezone must be a string"),
        ("organization = 3", "organization must be a list"),
        ("blocked_providers = {a = 1}", "blocked_providers must be a list"),
        ("sensitive_headers = 1.5", "sensitive_headers must be a list"),
        ("[redact]\noperator = 1", "redact.operator must be a string"),
        ("[redact.entities.CN_PHONE_NUMBER]\nkeep_first = '3'", "keep_first must be a whole number"),
        ('[holidays]\ndays_off = "2099-01-01"', "holidays.days_off must be a list"),
        ("[campaigns.x]\npurpose = 3", "campaigns.x.purpose must be a string"),
        (CAMPAIGN + "calling_hours = 9", "calling_hours must be a list"),
        (CAMPAIGN + 'skip_holidays = "yes"', "campaigns.x.skip_holidays must be true or false"),
        (CAMPAIGN + "max_calls_per_day = 1.5", "campaigns.x.max_calls_per_day must be a whole number"),
        (CAMPAIGN + "max_calls_per_week = false", "campaigns.x.max_calls_per_week must be a whole number"),
        (CAMPAIGN + "max_attempts_per_day = []", "campaigns.x.max_attempts_per_day must be a whole number"),
        (CAMPAIGN + 'refusal_cooldown_days = "180"', "campaigns.x.refusal_cooldown_days must be a whole number"),
        (CAMPAIGN + "max_consent_age_days = 1.0", "campaigns.x.max_consent_age_days must be a whole number"),
        (CAMPAIGN + "timezone = 8", "campaigns.x.timezone must be a string"),
        (CAMPAIGN + "description = []", "campaigns.x.description must be a string"),
        # structure
        ("[campaigns.x]\ndescription = 'd'", "campaigns.x needs a purpose"),
        ("colour = 'red'", "unknown setting(s) colour"),
        (CAMPAIGN + "colour = 'red'", "campaigns.x has unknown setting(s) colour"),
        ("[redact]\ncolour = 'red'", "redact has unknown setting(s) colour"),
        ("[redact.entities.CN_PHONE_NUMBER]\ncolour = 'red'", "has unknown setting(s) colour"),
        ("[holidays]\nworkdays = []", "holidays has unknown setting(s) workdays"),
        ("campaigns = [", "not valid TOML"),
    ],
)
def test_a_malformed_policy_is_one_config_error_line(text, message):
    with pytest.raises(ConfigError) as raised:
        parse_policy(text, source="leadscreen.toml")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("text", ["campaigns = 3", "redact = 3"])
def test_the_cli_prints_one_line_for_a_wrong_typed_table(tmp_path, monkeypatch, text):
    policy = tmp_path / "policy.toml"
    policy.write_text(text + "\n", encoding="utf-8")
    monkeypatch.setenv("LEADSCREEN_KEY", "87ca828922ade709686065768f53e1cffd42d5bfbe6ea0a1d1e946d0bb007222")
    result = CliRunner().invoke(
        main, ["ledger", "withdraw", "13812345678", "--db", str(tmp_path / "l.db"), "--policy", str(policy)]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "must be a table" in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_a_campaign_inherits_the_file_wide_consent_age_and_zone():
    policy = parse_policy('max_consent_age_days = 30\ntimezone = "Asia/Urumqi"\n' + CAMPAIGN)
    assert policy.campaigns["x"].max_consent_age_days == 30
    assert policy.campaigns["x"].timezone == "Asia/Urumqi"
    assert policy.max_bad_row_ratio == 0.05 and policy.redact_operator == "mask"


@pytest.mark.parametrize("days", [-1, 0, 36_501, 10**12, 2**63 - 1])
@pytest.mark.parametrize("where", ["top", "campaign"])
def test_a_consent_age_out_of_range_is_refused_with_one_line(days, where):
    text = (
        f"max_consent_age_days = {days}\n{CAMPAIGN}" if where == "top" else f"{CAMPAIGN}max_consent_age_days = {days}\n"
    )
    with pytest.raises(ConfigError, match="from 1 to 36,500") as raised:
        parse_policy(text)
    assert "\n" not in str(raised.value)


def test_a_consent_age_at_the_bounds_is_taken():
    assert parse_policy(f"max_consent_age_days = 1\n{CAMPAIGN}").max_consent_age_days == 1
    assert parse_policy(f"{CAMPAIGN}max_consent_age_days = 36500\n").campaigns["x"].max_consent_age_days == 36_500


def test_an_unknown_campaign_without_a_policy_file_points_at_the_policy():
    # run from a folder without leadscreen.toml, `check --campaign x` used to say only "policy defaults has: none"
    from screen.config.policy import Policy

    with pytest.raises(UsageError, match="no policy file was read") as raised:
        Policy().campaign("insurance_sales")
    assert raised.value.parameter == "policy"  # the CLI adds "(see --policy)"
