"""`leadscreen spotcheck`: reproducible samples, Wilson intervals, leaks found, a report a browser opens."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.redact.operators import Operator
from screen.redact.redactor import Redactor
from screen.spotcheck.estimates import wilson_interval
from screen.spotcheck.sampling import JsonlSource, pick_indexes, sample_sources

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = ROOT / "sample_lists" / "transcripts"
LEAKED = "13987651234"
TEMPLATES = [
    "我的手机号是幺三八 幺二三四 五六七八，白天打。",
    "身份证号11010519491231002X，卡号6222 0212 3456 7890 128。",
    "本次保费3800元，验证码382916。",
    "座机是010-62345678，谢谢。",
    "以后别再打了，我不需要。",
]


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def redacted_with_one_leak(tmp_path_factory) -> tuple[Path, int]:
    """500 redacted records; record 137 (1-based line) carries one raw phone number."""
    folder = tmp_path_factory.mktemp("spot")
    redactor = Redactor(Operator("mask"))
    lines = []
    for number in range(1, 501):
        text, _counts = redactor.redact_text(TEMPLATES[number % len(TEMPLATES)])
        if number == 137:
            text += f" 回拨{LEAKED}"
        lines.append(json.dumps({"call_id": number, "text": text}, ensure_ascii=False))
    path = folder / "redacted.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, 137


@pytest.mark.parametrize(
    "successes, trials, lower, upper",
    [
        (0, 200, 0.0, 0.018846),  # upper = z²/(n+z²)
        (10, 100, 0.055229, 0.174366),
        (0, 10, 0.0, 0.277533),
        (10, 10, 0.722467, 1.0),
        (50, 100, 0.403832, 0.596168),
    ],
)
def test_wilson_interval_against_known_values(successes, trials, lower, upper):
    low, high = wilson_interval(successes, trials)
    assert low == pytest.approx(lower, abs=1e-6)
    assert high == pytest.approx(upper, abs=1e-6)


def test_same_seed_same_sample_and_another_seed_another(redacted_with_one_leak):
    path, _ = redacted_with_one_leak
    first = [record_id for _s, record_id, _r in sample_sources([JsonlSource(path)], 40, seed=11)[1]]
    again = [record_id for _s, record_id, _r in sample_sources([JsonlSource(path)], 40, seed=11)[1]]
    other = [record_id for _s, record_id, _r in sample_sources([JsonlSource(path)], 40, seed=12)[1]]
    assert first == again
    assert len(set(first)) == 40
    assert first != other


def test_sample_ids_are_the_same_in_another_process(redacted_with_one_leak, tmp_path):
    path, _ = redacted_with_one_leak
    outputs = []
    for run in ("a", "b"):
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "screen",
                "spotcheck",
                str(path),
                "--sample",
                "25",
                "--seed",
                "99",
                "--out-dir",
                str(tmp_path / run),
            ],
            capture_output=True,
            text=True,
        )
        assert completed.returncode == 0, completed.stderr
        report = json.loads((tmp_path / run / "report.json").read_text(encoding="utf-8"))
        outputs.append([record["record_id"] for record in report["records"]])
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 25


def test_several_files_are_one_population(tmp_path):
    files = []
    for name, count in (("a.jsonl", 30), ("b.jsonl", 70)):
        path = tmp_path / name
        path.write_text(
            "".join(json.dumps({"text": f"第{i}条"}, ensure_ascii=False) + "\n" for i in range(count)), encoding="utf-8"
        )
        files.append(JsonlSource(path))
    population, sampled = sample_sources(files, 100, seed=1)
    assert population == 100
    assert sorted(record_id for _s, record_id, _r in sampled) == sorted(
        [f"a.jsonl:{n}" for n in range(1, 31)] + [f"b.jsonl:{n}" for n in range(1, 71)]
    )


def test_the_spot_check_that_samples_the_leaked_record_finds_it(redacted_with_one_leak, tmp_path):
    path, leaked_line = redacted_with_one_leak
    seed = next(s for s in range(1000) if leaked_line - 1 in pick_indexes(500, 50, s))
    result = invoke("spotcheck", path, "--sample", 50, "--seed", seed, "--out-dir", tmp_path)
    assert result.exit_code == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["population"] == 500 and report["sampled"] == 50 and report["seed"] == seed
    assert report["findings"]["residual_pii"]["count"] == 1
    flagged = [r["record_id"] for r in report["records"] if "residual_pii" in r["findings"]]
    assert flagged == [f"redacted.jsonl:{leaked_line}"]
    low, high = report["findings"]["residual_pii"]["ci95"]
    assert (low, high) == pytest.approx(wilson_interval(1, 50), abs=1e-6)
    assert "139****1234" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_sample_without_the_leaked_record_reports_zero_with_an_upper_bound(redacted_with_one_leak, tmp_path):
    path, leaked_line = redacted_with_one_leak
    seed = next(s for s in range(1000) if leaked_line - 1 not in pick_indexes(500, 50, s))
    invoke("spotcheck", path, "--sample", 50, "--seed", seed, "--out-dir", tmp_path)
    finding = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["findings"]["residual_pii"]
    assert finding["count"] == 0
    assert finding["ci95"][0] == 0.0 and finding["ci95"][1] == pytest.approx(wilson_interval(0, 50)[1], abs=1e-6)


def test_raw_transcripts_findings_optouts_and_no_raw_number_in_any_output(tmp_path):
    inputs = [TRANSCRIPTS / "calls.jsonl", TRANSCRIPTS / "asr_call.json", TRANSCRIPTS / "call_0001.txt"]
    result = invoke("spotcheck", *inputs, "--sample", 100, "--seed", 3, "--out-dir", tmp_path)
    assert result.exit_code == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["population"] == 7 and report["sampled"] == 7
    assert report["findings"]["residual_pii"]["count"] == 6
    assert report["findings"]["optout_phrase"]["count"] >= 1
    raw_numbers = [
        "13812345678",
        "11010519491231002X",
        "6222021234567890128",
        "11010519880312009X",
        "01062345678",
        "62345678",
        "6222 0212 3456 7890 128",
        "li.na@example.cn",
        "E12345678",
        "2026112200013579",
    ]
    for output in (tmp_path / "report.html", tmp_path / "report.json", tmp_path / "review.csv"):
        text = output.read_text(encoding="utf-8-sig")
        for raw in raw_numbers:
            assert raw not in text, (output.name, raw)


def test_review_csv_has_a_row_per_sampled_record_with_signature_columns(redacted_with_one_leak, tmp_path):
    path, _ = redacted_with_one_leak
    invoke("spotcheck", path, "--sample", 20, "--seed", 5, "--out-dir", tmp_path)
    with (tmp_path / "review.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    assert {"record_id", "verdict", "reviewer", "signature", "reviewed_at"} <= set(rows[0])
    assert all(row["verdict"] == "" for row in rows)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sample", "0"], "--sample"),
        (["--sample", "5", "--kind", "transcripts"], "no such file"),
    ],
)
def test_bad_arguments_are_usage_errors(tmp_path, args, message):
    result = CliRunner().invoke(main, ["spotcheck", str(tmp_path / "missing.jsonl"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_empty_input_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["spotcheck", str(empty), "--sample", "5"])
    assert result.exit_code == 2
    assert "empty" in result.output


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_report_opens_in_headless_chromium_and_shows_the_summary(redacted_with_one_leak, tmp_path):
    path, _ = redacted_with_one_leak
    invoke("spotcheck", path, "--sample", 30, "--seed", 8, "--out-dir", tmp_path / "report")
    completed = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            (tmp_path / "report" / "report.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = completed.stdout
    assert '<table id="summary">' in dom
    assert "总体（记录数）" in dom and "500" in dom  # Chinese labels by default
    # the finding shown in Chinese, its code kept for machines in an attribute
    assert '<table id="estimates">' in dom and '<td data-code="residual_pii">残留个人信息</td>' in dom
    assert "<svg" in dom


# --- lead lists --------------------------------------------------------------------------------

LISTS = ROOT / "sample_lists"


def test_lists_sampled_rows_go_through_the_screening_row_checks(tmp_path):
    import polars as pl

    leads = tmp_path / "leads.csv"
    # Spot checks judge consent age against the real clock: a consent a month old stays fresh
    # whenever the test runs.
    month_ago = (datetime.datetime.now() - datetime.timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    pl.DataFrame(
        {
            "手机号": ["13812345678", "12345", "13912345678", "13712345678"],
            "授权编号": ["C1", "C2", None, "C4"],
            "授权时间": [month_ago] * 4,
            "授权渠道": ["网页表单", "网页表单", "网页表单", "传真"],
            "授权用途": ["保险产品推荐", "保险产品推荐", "保险产品推荐", "保险产品推荐"],
        }
    ).write_csv(leads)
    result = invoke(
        "spotcheck",
        leads,
        "--sample",
        10,
        "--seed",
        1,
        "--campaign",
        "insurance_leads",
        "--policy",
        LISTS / "leadscreen.toml",
        "--out-dir",
        tmp_path / "out",
    )
    assert result.exit_code == 1, result.output  # no manifest: the list is rejected
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["kind"] == "lists" and report["population"] == 4 and report["sampled"] == 4
    findings = {name: value["count"] for name, value in report["findings"].items()}
    assert findings["row_rejected"] == 3
    assert (findings["phone_invalid"], findings["consent_missing"], findings["channel_unknown"]) == (1, 1, 1)
    by_row = {record["place"]: record["findings"] for record in report["records"]}
    assert by_row["row 1"] == []
    assert by_row["row 4"] == ["row_rejected", "channel_unknown"]


def test_bought_list_rows_show_sensitive_data_masked(tmp_path):
    result = invoke(
        "spotcheck",
        LISTS / "bought_list.csv",
        "--sample",
        15,
        "--seed",
        4,
        "--campaign",
        "insurance_leads",
        "--policy",
        LISTS / "leadscreen.toml",
        "--out-dir",
        tmp_path,
    )
    assert result.exit_code == 1, result.output  # a bought list is rejected
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["findings"]["sensitive_data"]["count"] == 15
    assert report["findings"]["row_rejected"]["count"] == 15
    import polars as pl

    raw = pl.read_csv(LISTS / "bought_list.csv", infer_schema=False)
    numbers = [
        value
        for column in raw.columns
        for value in raw.get_column(column).to_list()
        if value and sum(char.isdigit() for char in value) >= 11
    ]
    assert numbers
    for output in ("report.html", "report.json", "review.csv"):
        text = (tmp_path / output).read_text(encoding="utf-8-sig")
        assert not any(number in text for number in numbers), output


def test_lists_need_a_campaign(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "spotcheck",
            str(LISTS / "first_party_webform.csv"),
            "--sample",
            "5",
            "--policy",
            str(LISTS / "leadscreen.toml"),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "--campaign" in result.output


def test_lists_carry_their_manifests_list_reasons(tmp_path):
    result = invoke(
        "spotcheck",
        LISTS / "bad_checksum.csv",
        LISTS / "first_party_webform.csv",
        LISTS / "bought_list.csv",
        "--sample",
        30,
        "--seed",
        2,
        "--campaign",
        "insurance_leads",
        "--policy",
        LISTS / "leadscreen.toml",
        "--as-of",
        "2026-11-20",  # the sample lists' consents date from 2026-11: they age
        "--out-dir",
        tmp_path,
    )
    assert result.exit_code == 1, result.output  # two of the three lists are rejected
    reasons = {
        Path(path).name: codes
        for path, codes in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["list_reasons"].items()
    }
    assert reasons["bad_checksum.csv"] == ["checksum_mismatch"]
    assert reasons["first_party_webform.csv"] == []
    assert reasons["bought_list.csv"] == [
        "manifest_missing",
        "consent_columns_missing",
        "sensitive_data_present",
        "too_many_bad_rows",
    ]
    assert "bad_checksum.csv：名单原因 校验值不符" in (tmp_path / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("notes.doc", [], "cannot tell the format from the suffix '.doc'"),
        ("leads.csv", ["--kind", "transcripts"], "is delimited text"),
    ],
)
def test_a_file_of_the_wrong_format_is_a_one_line_error(tmp_path, name, args, message):
    path = tmp_path / name
    path.write_text("phone\n13812345678\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["spotcheck", str(path), "--sample", "1", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_registry_suffixes_name_their_kind(tmp_path):
    from screen.spotcheck.transcripts import input_kind

    transcripts = tmp_path / "calls.ndjson"
    transcripts.write_text('{"text": "你好"}\n', encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"phone": "13812345678"}\n', encoding="utf-8")
    assert input_kind([transcripts]) == "transcripts"
    assert input_kind([rows]) == "lists"
    assert input_kind([tmp_path / "leads.tsv", tmp_path / "leads.xlsm"]) == "lists"
    assert input_kind([tmp_path / "call.txt", tmp_path / "asr.json"]) == "transcripts"


def test_records_carry_their_own_id_masked_else_their_line(tmp_path):
    calls = tmp_path / "calls.jsonl"
    records = [{"call_id": "c-007", "text": "你好"}, {"text": "没有编号"}, {"call_id": "13812345678", "text": "再见"}]
    calls.write_text("\n\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    result = invoke("spotcheck", calls, "--sample", 3, "--seed", 1, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [r["record_id"] for r in report["records"]] == [
        "calls.jsonl:c-007",
        "calls.jsonl:3",
        "calls.jsonl:138****5678",
    ]
    assert [r["place"] for r in report["records"]] == ["line 1", "line 3", "line 5"]
    assert [r["own_id"] for r in report["records"]] == ["c-007", "", "138****5678"]
    for output in ("report.html", "report.json", "review.csv"):
        assert "13812345678" not in (tmp_path / "out" / output).read_text(encoding="utf-8-sig"), output


def test_list_rows_carry_their_own_id_else_their_row(tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text("id,phone\nL-1,13812345678\n,13912345678\n", encoding="utf-8")
    result = invoke(
        "spotcheck", leads, "--sample", 2, "--seed", 1, "--campaign", "insurance_leads",
        "--policy", LISTS / "leadscreen.toml", "--out-dir", tmp_path / "out",
    )  # fmt: skip
    assert result.exit_code == 1, result.output  # no manifest: rejected
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [r["record_id"] for r in report["records"]] == ["leads.csv:L-1", "leads.csv:row 2"]
    assert [(r["place"], r["own_id"]) for r in report["records"]] == [("row 1", "L-1"), ("row 2", "")]


def test_digit_runs_no_recognizer_claims_are_masked_in_place():
    from screen.spotcheck.transcripts import masked_text

    # the shared mask_middle keeps three digits first and two last; the separators stay
    assert masked_text("工单 98765 43210 123 已关闭") == "工单 987** ***** *23 已关闭"
