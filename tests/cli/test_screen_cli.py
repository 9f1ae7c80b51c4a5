"""``leadscreen screen`` from the command line: exit codes, one-line errors, samples, the ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import screen_helpers as h
from click.testing import CliRunner

from screen.cli.main import main
from screen.config.keys import phone_digest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_lists"
SAMPLE_POLICY = SAMPLES / "leadscreen.toml"
KEY = "246d3a78ebd67509a03f73605385c8b2c4e79c737fbea6a1a706bd45411a718a"


@pytest.fixture(autouse=True)
def fixed_time_and_clean_environment(monkeypatch, tmp_path):
    """Fixed screening time; no key, no ledger; ./leadscreen.toml is the test policy."""
    monkeypatch.setattr("screen.clock.utc_now", lambda: h.NOW)
    monkeypatch.delenv("LEADSCREEN_KEY", raising=False)
    monkeypatch.setenv("LEADSCREEN_DB", str(tmp_path / "no-ledger-here.db"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["screen", *map(str, args)], env=env)


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadscreen: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def write_good_list(tmp_path, rows: int = 20, name: str = "leads.csv") -> Path:
    path = h.write_list(tmp_path / name, [h.good_row(index) for index in range(rows)])
    h.write_manifest(path, rows)
    return path


# -- the sample lists ------------------------------------------------------------------------------

SAMPLE_CASES = {
    "first_party_webform.csv": (0, "ACCEPTED — 191 of 200 rows accepted, 9 rejected"),
    "partner_gbk.csv": (0, "ACCEPTED — 118 of 120 rows accepted, 2 rejected"),
    "excel_list.xlsx": (0, "ACCEPTED — 60 of 60 rows accepted, 0 rejected"),
    "bad_checksum.csv": (1, "REJECTED (checksum_mismatch) — 0 of 50 rows accepted"),
    "bought_list.csv": (
        1,
        "REJECTED (manifest_missing, consent_columns_missing, sensitive_data_present, "
        "too_many_bad_rows) — 0 of 100 rows accepted",
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_CASES))
def test_sample_lists(tmp_path, name):
    status, headline = SAMPLE_CASES[name]
    result = run(
        SAMPLES / name, "--campaign", "insurance_leads", "--policy", SAMPLE_POLICY, "--out-dir", tmp_path / "out"
    )
    assert result.exit_code == status, result.output
    assert result.stdout.splitlines()[0] == f"{name}: {headline}"
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["rows_accepted"] + report["rows_rejected"] == report["rows_in"]
    assert (tmp_path / "out" / f"accepted.{name.rsplit('.', 1)[1]}").exists() == (status == 0)


def test_sample_gbk_list_reads_chinese_headers(tmp_path):
    run(SAMPLES / "partner_gbk.csv", "--campaign", "insurance_leads", "--policy", SAMPLE_POLICY, "--out-dir", tmp_path)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["list"]["encoding"] == "gb18030"
    assert report["columns"]["手机号码"] == "phone" and report["columns"]["授权对象"] == "consent_recipient"
    assert report["row_reasons"] == {"phone_invalid": 1, "recipient_not_named": 1}


def test_sample_excel_list_title_row(tmp_path):
    run(SAMPLES / "excel_list.xlsx", "--campaign", "insurance_leads", "--policy", SAMPLE_POLICY, "--out-dir", tmp_path)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (report["list"]["header_row"], report["list"]["sheet"]) == (1, "客户名单")


def test_sample_policy_campaigns():
    from screen.config.policy import load_policy

    campaigns = load_policy(SAMPLE_POLICY).campaigns
    sales, collections = campaigns["insurance_sales"], campaigns["collections"]
    assert [(str(a), str(b)) for a, b in sales.calling_hours] == [("09:00:00", "21:00:00")]
    assert (sales.refusal_cooldown_days, sales.skip_holidays) == (180, False)
    assert [(str(a), str(b)) for a, b in collections.calling_hours] == [("08:00:00", "22:00:00")]
    assert (collections.max_calls_per_day, collections.max_attempts_per_day) == (3, 6)
    assert campaigns["insurance_leads"].purpose == "保险产品推荐"


def test_purpose_instead_of_campaign(tmp_path):
    path = write_good_list(tmp_path)
    result = run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert run(path, "--purpose", "贷款营销", "--out-dir", tmp_path / "out").exit_code == 1


def test_explicit_manifest_and_e164(tmp_path):
    path = h.write_list(tmp_path / "leads.csv", [h.good_row(index) for index in range(5)])
    manifest = tmp_path / "provenance.json"
    manifest.write_text(json.dumps(h.manifest_for(path, 5)), encoding="utf-8")
    result = run(
        path, "--purpose", h.PURPOSE, "--manifest", manifest, "--out-dir", tmp_path / "out", "--phone-format", "e164"
    )
    assert result.exit_code == 0, result.output
    assert h.read_rows(tmp_path / "out" / "accepted.csv")[0]["phone"] == "+86" + h.mobile(0)


# -- bad input: one line, exit 2 -------------------------------------------------------------------


def test_empty_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "the file is empty" in one_line_error(run(tmp_path / "empty.csv", "--purpose", "p"))


def test_header_only(tmp_path):
    (tmp_path / "header.csv").write_text("phone,name\n", encoding="utf-8")
    assert "no data rows" in one_line_error(run(tmp_path / "header.csv", "--purpose", "p"))


def test_binary_file(tmp_path):
    (tmp_path / "leads.csv").write_bytes(bytes(range(256)) * 4)
    assert "binary" in one_line_error(run(tmp_path / "leads.csv", "--purpose", "p"))


def test_unknown_encoding(tmp_path):
    (tmp_path / "leads.csv").write_bytes("phone,name\n13812345678,Zoë,\n".encode("cp1252"))
    assert "unknown text encoding" in one_line_error(run(tmp_path / "leads.csv", "--purpose", "p"))


def test_missing_phone_column(tmp_path):
    h.write_list(tmp_path / "leads.csv", [{"姓名": "张三", "备注": "13812345678"}])
    message = one_line_error(run(tmp_path / "leads.csv", "--purpose", "p"))
    assert "no phone column" in message and "姓名, 备注" in message


def test_missing_phone_column_never_echoes_a_number(tmp_path):
    (tmp_path / "leads.csv").write_text("13812345678,张三\n13912345678,李四\n", encoding="utf-8")  # no header row
    message = one_line_error(run(tmp_path / "leads.csv", "--purpose", "p"))
    assert "13812345678" not in message and "[number]" in message


def test_malformed_manifest_json(tmp_path):
    path = write_good_list(tmp_path)
    (tmp_path / "leads.csv.manifest.json").write_text('{"list_id": "L1",', encoding="utf-8")
    assert "not valid JSON" in one_line_error(run(path, "--purpose", "p"))


def test_unreadable_excel(tmp_path):
    (tmp_path / "leads.xlsx").write_bytes(b"PK\x03\x04garbage")
    assert "cannot read the workbook" in one_line_error(run(tmp_path / "leads.xlsx", "--purpose", "p"))


def test_missing_list(tmp_path):
    assert "no such file" in one_line_error(run(tmp_path / "nope.csv", "--purpose", "p"))


@pytest.mark.parametrize(
    "arguments, message",
    [
        ([], "give exactly one of --campaign NAME or --purpose TEXT"),
        (["--campaign", "leads", "--purpose", "p"], "give exactly one of"),
        (["--campaign", "nope"], "unknown campaign 'nope'"),
        (["--purpose", " "], "the purpose must not be empty (see --purpose)"),
    ],
)
def test_bad_options(tmp_path, arguments, message):
    path = write_good_list(tmp_path)
    assert message in one_line_error(run(path, *arguments))  # ./leadscreen.toml is the policy


# -- the ledger ------------------------------------------------------------------------------------


def ledger_env(tmp_path) -> dict:
    return {"LEADSCREEN_KEY": KEY, "LEADSCREEN_DB": str(tmp_path / "ledger.db")}


def test_commit_records_accepted_consents(tmp_path):
    from screen.ledger.store import Ledger

    path = write_good_list(tmp_path, rows=20)
    rows = h.read_rows(path)
    rows[3]["consent_channel"] = "fax"  # rejected: not committed
    h.write_list(path, rows)
    h.write_manifest(path, 20)
    result = run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "out", "--commit", env=ledger_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "committed: 19 new consent(s)" in result.stdout
    with Ledger.open(tmp_path / "ledger.db", KEY.encode()) as ledger:
        assert ledger.counts()["consents"] == 19
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["committed"]["new_consents"] == 19
    again = run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "out", "--commit", env=ledger_env(tmp_path))
    assert "committed: 0 new consent(s)" in again.stdout  # the same consents are kept once


def test_rejected_list_commits_nothing(tmp_path):
    path = write_good_list(tmp_path)
    (tmp_path / "leads.csv.manifest.json").unlink()
    result = run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "out", "--commit", env=ledger_env(tmp_path))
    assert result.exit_code == 1
    assert "committed: nothing" in result.stdout


def test_existing_ledger_is_consulted(tmp_path):
    from screen.ledger.store import Ledger

    key = KEY.encode()
    path = write_good_list(tmp_path, rows=40)
    with Ledger.open(tmp_path / "ledger.db", key) as ledger:
        ledger.add_dnc([phone_digest(key, h.mobile(2))], reason="asked on a call", source="test")
        ledger.withdraw([phone_digest(key, h.mobile(5))], at=h.NOW, source="test")
    result = run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "out", env=ledger_env(tmp_path))
    assert result.exit_code == 0, result.output
    reasons = {row["row"]: row["reason"] for row in h.read_rows(tmp_path / "out" / "rejected.csv")}
    assert reasons == {"3": "dnc_listed", "6": "consent_revoked"}


def test_existing_ledger_without_key_is_an_error(tmp_path):
    from screen.ledger.store import Ledger

    with Ledger.open(tmp_path / "ledger.db", KEY.encode()):
        pass
    path = write_good_list(tmp_path)
    message = one_line_error(run(path, "--purpose", h.PURPOSE, env={"LEADSCREEN_DB": str(tmp_path / "ledger.db")}))
    assert "LEADSCREEN_KEY" in message


def test_progress_goes_to_stderr(tmp_path):
    path = write_good_list(tmp_path)
    result = run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "out", "--progress")
    assert "pass 1/2" in result.stderr and "pass 1/2" not in result.stdout


def test_out_dir_that_is_a_file(tmp_path):
    path = write_good_list(tmp_path)
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    assert "cannot write to" in one_line_error(run(path, "--purpose", h.PURPOSE, "--out-dir", tmp_path / "taken"))


def test_gbk_working_copy_is_removed(tmp_path):
    rows = [
        {
            "手机号码": h.mobile(index),
            "姓名": "张三",
            "授权编号": f"C{index}",
            "授权时间": "2026年11月1日",
            "授权渠道": "短信",
            "授权用途": h.PURPOSE,
        }
        for index in range(10)
    ]
    path = h.write_list(tmp_path / "gbk.csv", rows, encoding="gbk")
    h.write_manifest(path, 10)
    result = run(path, "--campaign", "leads", "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert h.read_rows(tmp_path / "out" / "accepted.csv")[0]["consent_channel"] == "sms_reply"
    assert not [entry for entry in tmp_path.rglob(".leadscreen-work-*")]


def test_as_of_judges_consent_age_at_that_moment_and_says_so(tmp_path):
    sample = SAMPLES / "first_party_webform.csv"
    common = ("--campaign", "insurance_leads", "--policy", SAMPLE_POLICY)
    later = run(sample, *common, "--as-of", "2030-01-01", "--out-dir", tmp_path / "later")
    assert later.exit_code == 1  # by 2030 every sample consent is older than 365 days
    assert (
        "consent_expired 200" in later.stdout
        and "judged as of 2030-01-01T00:00:00+08:00 (a fixed moment)" in later.stdout
    )
    then = run(sample, *common, "--as-of", "2026-11-20T18:00:00+08:00", "--out-dir", tmp_path / "then")
    assert then.exit_code == 0 and "191 of 200 rows accepted" in then.stdout
    report = json.loads((tmp_path / "then" / "report.json").read_text(encoding="utf-8"))
    assert report["screened_at"] == "2026-11-20T18:00:00+08:00"
    assert report["run_at"] == h.NOW.isoformat(timespec="seconds")  # the real (here: the tests') clock
    assert one_line_error(run(sample, *common, "--as-of", "next tuesday")).endswith(
        "--as-of must be an ISO time such as 2026-03-02T10:15:00+08:00 or 2026-03-02"
    )
