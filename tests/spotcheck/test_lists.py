"""Spot checks of lead lists give screening's verdict: the same list reasons, row reasons and moment."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.config.policy import load_policy
from screen.lists.screening import ScreenSettings, screen_list
from screen.spotcheck.chinese import LIST_REASONS as CHINESE_LIST_REASONS

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "sample_lists"
POLICY = LISTS / "leadscreen.toml"
AS_OF = "2026-11-20"


def spotcheck_report(tmp_path: Path, *inputs, sample: int = 50, seed: int = 1, extra=(), exit_code: int = 1) -> dict:
    """The report.json of a spot check; ``exit_code`` 1 (the default) when a list is rejected, as
    every list without a manifest is."""
    out = tmp_path / "spot"
    result = CliRunner().invoke(
        main,
        [
            "spotcheck",
            *map(str, inputs),
            "--sample",
            str(sample),
            "--seed",
            str(seed),
            "--campaign",
            "insurance_leads",
            "--policy",
            str(POLICY),
            "--out-dir",
            str(out),
            *extra,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == exit_code, result.output
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def screened(path: Path, tmp_path: Path, as_of: str | None = None):
    policy = load_policy(str(POLICY))
    from screen.cli.options import parse_moment

    now = parse_moment(as_of, policy.timezone, "as of") if as_of else None
    settings = ScreenSettings.for_campaign(policy, "insurance_leads", now=now)
    return screen_list(path, settings, out_dir=tmp_path / "screened")


def write_leads(path: Path, phones: list[str], extra: dict[str, list[str]] | None = None) -> Path:
    count = len(phones)
    pl.DataFrame(
        {
            "phone": phones,
            "consent_id": [f"C{number}" for number in range(count)],
            "consent_time": ["2026-11-01 10:00"] * count,
            "consent_channel": ["web_form"] * count,
            "consent_scope": ["保险产品推荐"] * count,
            **(extra or {}),
        }
    ).write_csv(path)
    return path


def test_a_column_of_id_numbers_gives_sensitive_data_present_as_screening_does(tmp_path):
    ids = ["11010519491231002X", "440704199906204883", "350923196503232171", "511902199811010485"]
    leads = write_leads(
        tmp_path / "leads.csv", ["13812345678", "13912345678", "13712345678", "13612345678"], {"备注": ids}
    )
    report = spotcheck_report(tmp_path, leads, extra=["--as-of", AS_OF])
    assert "sensitive_data_present" in report["list_reasons"][str(leads)]
    assert report["list_reasons"][str(leads)] == screened(leads, tmp_path, AS_OF).list_reasons


def test_a_list_with_too_many_bad_rows_gets_too_many_bad_rows(tmp_path):
    phones = ["13812345678", "13912345678", "12345", "67890", "13712345678", "1"]
    leads = write_leads(tmp_path / "leads.csv", phones)
    report = spotcheck_report(tmp_path, leads, extra=["--as-of", AS_OF])
    assert "too_many_bad_rows" in report["list_reasons"][str(leads)]
    assert report["list_reasons"][str(leads)] == screened(leads, tmp_path, AS_OF).list_reasons
    # the rows keep their own reasons, not the list's
    by_row = {record["place"]: record["findings"] for record in report["records"]}
    assert by_row["row 1"] == []
    assert by_row["row 3"] == ["row_rejected", "phone_invalid"]


def test_a_sample_list_gets_screenings_verdict_as_of_the_same_moment(tmp_path):
    leads = LISTS / "first_party_webform.csv"
    screening = screened(leads, tmp_path, AS_OF)
    report = spotcheck_report(tmp_path, leads, sample=screening.rows_in, extra=["--as-of", AS_OF], exit_code=0)
    assert report["list_reasons"][str(leads)] == screening.list_reasons
    counts = {name: finding["count"] for name, finding in report["findings"].items() if finding["count"]}
    assert {code: counts.get(code, 0) for code in screening.row_reasons} == screening.row_reasons
    assert counts.get("row_rejected", 0) == screening.rows_rejected


def test_a_consent_valid_at_one_moment_is_expired_at_a_later_one(tmp_path):
    leads = write_leads(tmp_path / "leads.csv", ["13812345678"])
    fresh = spotcheck_report(tmp_path / "fresh", leads, extra=["--as-of", AS_OF])
    later = spotcheck_report(tmp_path / "later", leads, extra=["--as-of", "2028-01-01"])
    assert fresh["records"][0]["findings"] == []
    assert later["records"][0]["findings"] == ["row_rejected", "consent_expired"]
    assert "2028-01-01" in " ".join(later["notes"])


def test_a_bad_as_of_is_a_one_line_usage_error(tmp_path):
    leads = write_leads(tmp_path / "leads.csv", ["13812345678"])
    result = CliRunner().invoke(
        main,
        ["spotcheck", str(leads), "--sample", "1", "--campaign", "insurance_leads", "--policy", str(POLICY)]
        + ["--as-of", "yesterday", "--out-dir", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "--as-of must be an ISO time" in result.output


def test_rows_screen_rejects_are_shown_under_the_same_row_number_with_their_own_id(tmp_path):
    import csv

    leads = LISTS / "first_party_webform.csv"
    screening = screened(leads, tmp_path, AS_OF)
    with screening.rejected_path.open(encoding="utf-8") as handle:
        rejected = {int(row["row"]): row for row in csv.DictReader(handle)}
    assert rejected
    spotcheck_report(tmp_path, leads, sample=screening.rows_in, extra=["--as-of", AS_OF], exit_code=0)
    with (tmp_path / "spot" / "review.csv").open(encoding="utf-8-sig") as handle:
        review = {row["place"]: row for row in csv.DictReader(handle)}
    for number, row in rejected.items():
        shown = review[f"row {number}"]
        assert shown["findings"].split(";")[1:] == row["reason"].split(";")
        assert shown["own_id"] == row["consent_id"]  # the record's own id, beside its row number
    accepted = next(row for place, row in review.items() if int(place.split()[1]) not in rejected)
    assert accepted["findings"] == ""


def test_list_rows_are_masked_as_screening_masks_them_and_consent_times_stay_readable(tmp_path):
    import csv

    bought = LISTS / "bought_list.csv"
    raw = pl.read_csv(bought, infer_schema=False)
    spotcheck_report(tmp_path / "bought", bought, sample=raw.height, extra=["--as-of", AS_OF])
    with (tmp_path / "bought" / "spot" / "review.csv").open(encoding="utf-8-sig") as handle:
        excerpts = {row["place"]: row["excerpt"] for row in csv.DictReader(handle)}
    first = raw.row(0, named=True)
    lines = dict(line.split(": ", 1) for line in excerpts["row 1"].splitlines())
    assert lines["姓名"] == first["姓名"][0] + "*" * (len(first["姓名"]) - 1)
    assert lines["手机号"] == first["手机号"][:3] + "****" + first["手机号"][-4:]
    assert lines["身份证号"] == first["身份证号"][:6] + "********" + first["身份证号"][-4:]
    assert lines["存款余额"] == "***"
    html = (tmp_path / "bought" / "spot" / "report.html").read_text(encoding="utf-8")
    for name, balance in zip(raw["姓名"], raw["存款余额"]):
        assert name not in html and f"存款余额: {balance}" not in html

    webform = LISTS / "first_party_webform.csv"
    times = pl.read_csv(webform, infer_schema=False)["consent_time"]
    spotcheck_report(tmp_path / "webform", webform, sample=5, extra=["--as-of", AS_OF], exit_code=0)
    with (tmp_path / "webform" / "spot" / "review.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            number = int(row["place"].split()[1])
            assert f"consent_time: {times[number - 1]}" in row["excerpt"]


def test_a_rejected_list_is_the_reports_first_word_with_its_reasons_and_exit_1(tmp_path):
    from html import escape

    from screen.reasons import LIST_REASONS

    bought = LISTS / "bought_list.csv"
    out = tmp_path / "spot"
    args = ["spotcheck", str(bought), "--sample", "5", "--seed", "1", "--campaign", "insurance_leads"]
    result = CliRunner().invoke(main, [*args, "--policy", str(POLICY), "--out-dir", str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("bought_list.csv: REJECTED (manifest_missing,")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    verdict = report["list_verdicts"][str(bought)]
    assert verdict["decision"] == "rejected"
    expected = ["manifest_missing", "consent_columns_missing", "sensitive_data_present", "too_many_bad_rows"]
    assert [reason["code"] for reason in verdict["reasons"]] == expected
    html = (out / "report.html").read_text(encoding="utf-8")
    body = html.split("<body>", 1)[1]
    assert body.index("REJECTED") < body.index('<table id="summary">')
    assert body.index("REJECTED") < body.index('id="headline"')
    for code in expected:  # the default page is Chinese: each reason's sentence in Chinese, its code beside it
        assert escape(CHINESE_LIST_REASONS[code]) in html and f"<code>{code}</code>" in html
        assert escape(LIST_REASONS[code]) not in html


def test_every_reason_code_has_its_chinese():
    from screen.reasons import LIST_REASONS, ROW_REASONS
    from screen.spotcheck.chinese import FINDINGS

    assert set(CHINESE_LIST_REASONS) == set(LIST_REASONS)
    assert set(ROW_REASONS) <= set(FINDINGS)


def test_an_accepted_list_exits_0_and_says_accepted(tmp_path):
    webform = LISTS / "first_party_webform.csv"
    report = spotcheck_report(tmp_path, webform, sample=5, extra=["--as-of", AS_OF], exit_code=0)
    assert report["list_verdicts"][str(webform)] == {"decision": "accepted", "reasons": []}
    assert "ACCEPTED" in (tmp_path / "spot" / "report.html").read_text(encoding="utf-8")


def test_help_documents_the_exit_codes():
    result = CliRunner().invoke(main, ["spotcheck", "--help"])
    assert "Exit status: 0" in result.output and "1 a spot-checked list is REJECTED" in result.output


def _spotcheck_for(tmp_path: Path, *choice: str):
    return CliRunner().invoke(
        main,
        ["spotcheck", str(LISTS / "first_party_webform.csv"), "--sample", "5", "--seed", "1", *choice]
        + ["--policy", str(POLICY), "--as-of", AS_OF, "--out-dir", str(tmp_path / "spot")],
    )


def test_a_list_is_spot_checked_for_a_purpose_as_screen_takes_one(tmp_path):
    by_purpose = _spotcheck_for(tmp_path, "--purpose", "保险产品推荐")
    assert by_purpose.exit_code == 0, by_purpose.output
    report = json.loads((tmp_path / "spot" / "report.json").read_text(encoding="utf-8"))
    assert report["purpose"] == "保险产品推荐" and report["campaign"] is None
    assert "保险产品推荐" in (tmp_path / "spot" / "report.html").read_text(encoding="utf-8")
    other = _spotcheck_for(tmp_path, "--purpose", "逾期账款催收")  # consent covers another purpose
    assert other.exit_code == 1, other.output
    assert "REJECTED" in other.output


@pytest.mark.parametrize("choice", [(), ("--campaign", "insurance_leads", "--purpose", "保险产品推荐")])
def test_a_list_needs_exactly_one_of_campaign_or_purpose(tmp_path, choice):
    result = _spotcheck_for(tmp_path, *choice)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--campaign" in lines[0] and "--purpose" in lines[0]
