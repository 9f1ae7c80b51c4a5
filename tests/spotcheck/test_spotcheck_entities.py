"""Spot checks find names, addresses, QQ numbers, WeChat IDs and plates left in transcripts and
lists, estimate their rates like the numbers', and never show them in clear."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import screen_helpers as h
from click.testing import CliRunner

from screen.cli.main import main
from screen.spotcheck.chinese import finding_name

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "sample_lists" / "leadscreen.toml"

# text -> (entity, raw characters that must never be shown, what is shown instead)
CALLS = [
    ("您好，我叫欧阳娜娜，麻烦了", "PERSON", "娜娜", "欧阳**"),
    ("地址是湖北省武汉市洪山区珞喻路1037号", "CN_ADDRESS", "珞喻路1037", "湖北省武汉市洪山区********"),
    ("QQ号12345678，方便联系", "CN_QQ_NUMBER", "12345678", "12****78"),
    ("加我微信zhangwei_88，备注一下", "CN_WECHAT_ID", "zhangwei_88", "zh*********"),
    ("车牌号鄂A12345，保险到期了", "CN_LICENSE_PLATE", "A12345", "鄂A*****"),
    ("好的，谢谢，再见", None, None, None),
]


def run_spotcheck(tmp_path: Path, *args) -> tuple[int, Path]:
    out = tmp_path / "spot"
    result = CliRunner().invoke(
        main, ["spotcheck", *map(str, args), "--seed", "7", "--out-dir", str(out)], catch_exceptions=False
    )
    return result.exit_code, out


def outputs(out: Path) -> str:
    return "".join(
        (out / name).read_text(encoding="utf-8-sig") for name in ("report.html", "report.json", "review.csv")
    )


@pytest.fixture
def calls(tmp_path) -> Path:
    path = tmp_path / "calls.jsonl"
    path.write_text(
        "".join(
            json.dumps({"call_id": f"c-{n}", "text": text}, ensure_ascii=False) + "\n"
            for n, (text, *_) in enumerate(CALLS)
        ),
        encoding="utf-8",
    )
    return path


def test_each_new_entity_is_a_finding_with_a_rate_and_an_interval(tmp_path, calls):
    status, out = run_spotcheck(tmp_path, calls, "--sample", len(CALLS))
    assert status == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["findings"]["residual_pii"]["count"] == 5
    for _text, entity, _raw, _shown in CALLS[:-1]:
        estimate = report["findings"][entity]
        assert estimate["count"] == 1
        assert estimate["rate"] == pytest.approx(1 / 6, abs=1e-6)
        assert 0 < estimate["ci95"][0] < 1 / 6 < estimate["ci95"][1] < 1
        assert report["entity_counts"][entity] == 1
    findings = {record["record_id"]: record["findings"] for record in report["records"]}
    assert findings["calls.jsonl:c-0"] == ["residual_pii", "PERSON"]
    assert findings["calls.jsonl:c-5"] == []


def test_the_reports_show_them_masked_only(tmp_path, calls):
    _status, out = run_spotcheck(tmp_path, calls, "--sample", len(CALLS))
    written = outputs(out)
    for _text, entity, raw, shown in CALLS[:-1]:
        assert raw not in written, entity
        assert shown in written, entity
    page = (out / "report.html").read_text(encoding="utf-8")
    for _text, entity, _raw, _shown in CALLS[:-1]:
        assert f"<tr><td>{finding_name(entity)}</td><td class=num>1</td></tr>" in page  # the per-entity table
        assert (
            f'<td data-code="{entity}">{finding_name(entity)}</td><td class=num>1</td><td class=num>16.67%</td>' in page
        )  # estimates


def test_a_name_said_in_an_asr_segment_is_masked(tmp_path):
    path = tmp_path / "call.json"
    segments = [
        {"start": 0.0, "end": 1.0, "speaker": "agent", "text": "请问您贵姓？"},
        {
            "start": 1.0,
            "end": 3.0,
            "speaker": "customer",
            "text": "我叫司马光明，住址是北京市朝阳区建国路88号3栋2单元1502室",
        },
    ]
    path.write_text(json.dumps({"segments": segments}, ensure_ascii=False), encoding="utf-8")
    _status, out = run_spotcheck(tmp_path, path, "--sample", 1)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["records"][0]["findings"] == ["residual_pii", "CN_ADDRESS", "PERSON"]
    written = outputs(out)
    assert "光明" not in written and "建国路" not in written
    assert "司马**" in written and "北京市朝阳区" in written


# --- lead lists -----------------------------------------------------------------------------------


def write_people(path: Path, extra: dict[str, list[str]]) -> Path:
    count = len(next(iter(extra.values())))
    rows = {key: [h.good_row(index)[key] for index in range(count)] for key in h.good_row(0) if key != "name"}
    pl.DataFrame({**extra, **rows}).write_csv(path)
    return path


def list_spotcheck(tmp_path: Path, path: Path, sample: int) -> tuple[int, Path, dict]:
    status, out = run_spotcheck(
        tmp_path, path, "--sample", sample, "--campaign", "insurance_leads", "--policy", POLICY, "--as-of", "2026-11-20"
    )
    return status, out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_a_row_with_an_id_a_name_and_a_home_address_is_sensitive_data_shown_masked(tmp_path):
    names = ["欧阳娜娜", "张伟", "司马光明", "陆小凤"]
    addresses = ["湖北省武汉市洪山区珞喻路1037号", "北京市朝阳区建国路88号3栋2单元1502室"] * 2
    path = write_people(
        tmp_path / "leads.csv",
        {"姓名": names, "身份证号": [h.resident_id(index) for index in range(4)], "家庭住址": addresses},
    )
    status, out, report = list_spotcheck(tmp_path, path, 4)
    assert status == 1  # the list is rejected: sensitive_data_present
    assert report["findings"]["sensitive_data"]["count"] == 4
    assert all(record["findings"][-1] == "sensitive_data" for record in report["records"])
    assert report["entity_counts"]["PERSON"] == report["entity_counts"]["CN_ADDRESS"] == 4
    written = outputs(out)
    for name, address in zip(names, addresses):
        assert name not in written and address not in written
    assert "姓名: 欧阳**" in written and "家庭住址: 湖北省武汉市洪山区********" in written


def test_a_name_column_no_role_reads_is_masked_and_alone_is_not_sensitive(tmp_path):
    path = write_people(tmp_path / "leads.csv", {"紧急联系人": ["王建国", "李秀英", "欧阳娜娜"]})
    _status, out, report = list_spotcheck(tmp_path, path, 3)
    assert report["findings"]["sensitive_data"]["count"] == 0  # a name without an ID number
    assert report["entity_counts"]["PERSON"] == 3
    written = outputs(out)
    assert "建国" not in written and "秀英" not in written and "娜娜" not in written
    assert "紧急联系人: 王**" in written


@pytest.mark.parametrize("operator", ["mask", "tag", "hash", "encrypt"])
def test_a_redacted_transcript_has_no_residual_names_or_addresses(tmp_path, calls, monkeypatch, operator):
    monkeypatch.setenv("LEADSCREEN_KEY", "04271af109c510cd731a30c8f3a18b4bcec65b9d051a9a2c156dc269a3d0ff42")
    redacted = tmp_path / "redacted.jsonl"
    result = CliRunner().invoke(main, ["redact", str(calls), "-o", str(redacted), "--operator", operator])
    assert result.exit_code == 0, result.output
    _status, out = run_spotcheck(tmp_path, redacted, "--sample", len(CALLS))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["findings"]["residual_pii"]["count"] == 0
    assert report["entity_counts"] == {}
