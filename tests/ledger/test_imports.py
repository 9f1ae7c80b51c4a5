"""Loading consents into the ledger: ``screen --commit`` and ``ledger import`` agree on what they store."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
import screen_helpers as h
from click.testing import CliRunner
from predial_support import KEY as TEST_KEY

from screen.cli.main import main

KEY = TEST_KEY.decode()  # the key screen_helpers signs reports with


@pytest.fixture(autouse=True)
def fixed_time_and_clean_environment(monkeypatch, tmp_path):
    monkeypatch.setattr("screen.clock.utc_now", lambda: h.NOW)
    monkeypatch.delenv("LEADSCREEN_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")


def invoke(*args, db):
    result = CliRunner().invoke(main, [*map(str, args)], env={"LEADSCREEN_KEY": KEY, "LEADSCREEN_DB": str(db)})
    assert result.exit_code == 0, result.output
    return result


def stored_terms(db) -> set[tuple]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT scope, recipients, list_id, channel FROM consent_terms").fetchall()
    return {
        (frozenset(json.loads(scope)), frozenset(json.loads(recipients)), list_id, channel)
        for scope, recipients, list_id, channel in rows
    }


def test_commit_and_ledger_import_store_the_same_scope_and_recipient_items(tmp_path):
    rows = [h.good_row(index) for index in range(6)]
    for row in rows:
        row["consent_scope"] = f"{h.PURPOSE}；营销,保险"
        row["consent_recipient"] = f"{h.ORGANIZATION}、甲,乙"
    path = h.write_list(tmp_path / "leads.csv", rows)
    h.write_manifest(path, len(rows))

    committed_db, imported_db = tmp_path / "committed.db", tmp_path / "imported.db"
    invoke("screen", path, "--campaign", "leads", "--out-dir", tmp_path / "out", "--commit", db=committed_db)
    invoke("ledger", "import", tmp_path / "out" / "accepted.csv", db=imported_db)

    committed, imported = stored_terms(committed_db), stored_terms(imported_db)
    assert committed == imported
    assert {(scope, recipients) for scope, recipients, _list, _channel in committed} == {
        (frozenset({h.PURPOSE, "营销,保险"}), frozenset({h.ORGANIZATION, "甲,乙"}))
    }


# -- reading the files: the same reader as the lead lists (GBK, title rows) -----------------------

ACCEPTED_CSV = (
    "phone,consent_id,consent_time,consent_channel,consent_scope,consent_recipient,list_id\n"
    f"13812345678,C1,2026-03-01T10:00:00+08:00,web_form,{h.PURPOSE}；客户回访,{h.ORGANIZATION},名单一\n"
    f"13987654321,C2,2026-03-02T10:00:00+08:00,app,{h.PURPOSE},,名单一\n"
)


def import_file(tmp_path, path):
    from screen.ledger.imports import import_accepted
    from screen.ledger.store import Ledger

    with Ledger.open(tmp_path / "ledger.db", KEY.encode()) as ledger:
        report = import_accepted(ledger, path, "Asia/Shanghai")
        terms = {ledger.terms(terms_id) for terms_id in range(1, 3)}
    return report, terms


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gbk.csv", ACCEPTED_CSV.encode("gbk")),
        ("titled.csv", ("2026年11月 已筛选名单\n" + ACCEPTED_CSV).encode("utf-8")),
    ],
    ids=["gbk", "title-row"],
)
def test_ledger_import_reads_gbk_and_skips_a_title_row(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    report, terms = import_file(tmp_path, path)
    assert (report.rows, report.added, report.skipped_count) == (2, 2, 0)
    assert {(frozenset(t.scope), t.list_id) for t in terms} == {
        (frozenset({h.PURPOSE, "客户回访"}), "名单一"),
        (frozenset({h.PURPOSE}), "名单一"),
    }


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("dnc-gbk.csv", "手机号,备注\n13812345678,投诉\n13987654321,拒接\n".encode("gbk")),
        ("dnc-titled.csv", "12321 投诉名单\n手机号,备注\n13812345678,投诉\n13987654321,拒接\n".encode()),
        ("dnc-gbk.txt", "13812345678\n# 投诉\n13987654321\n".encode("gbk")),
    ],
    ids=["gbk-csv", "title-row-csv", "gbk-txt"],
)
def test_dnc_import_reads_gbk_and_skips_a_title_row(tmp_path, name, content):
    from screen.ledger.imports import read_phone_list

    path = tmp_path / name
    path.write_bytes(content)
    numbers, _digests, _bad_rows = read_phone_list(path, "手机号" if path.suffix == ".csv" else None)
    assert numbers == ["13812345678", "13987654321"]


def test_dnc_import_takes_the_suffixes_of_the_format_registry(tmp_path):
    from screen.errors import UsageError
    from screen.ledger.imports import read_phone_list

    path = tmp_path / "dnc.docx"
    path.write_bytes(b"13812345678\n")
    with pytest.raises(UsageError, match=r"\.txt"):
        read_phone_list(path)


# -- committing a screened list from the library -------------------------------------------------


def test_commit_screened_fills_in_the_report_built_by_screening(tmp_path):
    from screen.ledger.imports import commit_screened, ledger_facts
    from screen.ledger.store import Ledger
    from screen.lists.signature import verify_report

    with Ledger.open(tmp_path / "ledger.db", KEY.encode()) as ledger:
        result = h.screened_list(
            tmp_path, [h.good_row(index) for index in range(5)], ledger=ledger_facts(ledger), phone_format="e164"
        )
        before = json.loads(result.report_path.read_text(encoding="utf-8"))
        added = commit_screened(ledger, result)
        terms = ledger.terms(1)
    after = json.loads(result.report_path.read_text(encoding="utf-8"))
    assert before["committed"] is None
    assert added == result.new_consents == 5
    committed = {"ledger": str(tmp_path / "ledger.db"), "new_consents": 5}
    assert {**after, "signature": None} == {**before, "committed": committed, "signature": None}
    assert after == result.report
    verify_report(after, KEY.encode())  # signed again with the ledger's key once committed
    # no recipient column: the manifest's recipients; the manifest's list id
    assert terms.recipients == {h.ORGANIZATION} and terms.list_id == "L-TEST-1"


def test_a_rejected_list_cannot_be_committed(tmp_path):
    from screen.errors import UsageError
    from screen.ledger.imports import commit_screened
    from screen.ledger.store import Ledger

    result = h.screened_list(tmp_path, [h.good_row(index) for index in range(3)], with_manifest=False)
    with Ledger.open(tmp_path / "ledger.db", KEY.encode()) as ledger, pytest.raises(UsageError, match="rejected"):
        commit_screened(ledger, result)


# -- ledger import loads only the accepted output of a screening (issue 11, item 2) ---------------


def run_cli(*args, db):
    return CliRunner().invoke(main, [*map(str, args)], env={"LEADSCREEN_KEY": KEY, "LEADSCREEN_DB": str(db)})


def consent_count(db) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM consents").fetchone()[0]


def test_ledger_import_takes_the_accepted_file_its_report_describes(tmp_path):
    result = h.screened_list(tmp_path, [h.good_row(index) for index in range(4)])
    report = json.loads(result.report_path.read_text(encoding="utf-8"))
    assert report["outputs"]["accepted_sha256"] == hashlib.sha256(result.accepted_path.read_bytes()).hexdigest()
    db = tmp_path / "ledger.db"
    imported = run_cli("ledger", "import", result.accepted_path, db=db)
    assert imported.exit_code == 0, imported.output
    assert consent_count(db) == 4
    moved = tmp_path / "elsewhere.csv"
    moved.write_bytes(result.accepted_path.read_bytes())
    assert run_cli("ledger", "import", moved, "--report", result.report_path, db=db).exit_code == 0


def refused(result, db, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert consent_count(db) == 0


def test_ledger_import_refuses_a_raw_list(tmp_path):
    result = h.screened_list(tmp_path, [h.good_row(index) for index in range(4)])
    db = tmp_path / "ledger.db"
    refused(run_cli("ledger", "import", result.list_path, db=db), db, "report.json")
    refused(run_cli("ledger", "import", result.list_path, "--report", result.report_path, db=db), db, "SHA-256")
    assert not db.exists()


def test_ledger_import_refuses_the_rows_of_a_rejected_list(tmp_path):
    rows = [h.good_row(index) for index in range(4)]
    result = h.screened_list(tmp_path, rows, with_manifest=False)
    assert not result.accepted
    (tmp_path / "out" / "accepted.csv").write_bytes(h.csv_bytes(rows))  # as if copied from the raw list
    db = tmp_path / "ledger.db"
    refused(run_cli("ledger", "import", tmp_path / "out" / "accepted.csv", db=db), db, "did not accept")


def test_ledger_import_refuses_an_edited_accepted_file(tmp_path):
    result = h.screened_list(tmp_path, [h.good_row(index) for index in range(4)])
    with open(result.accepted_path, "a", encoding="utf-8") as handle:
        handle.write("13800000000,某人,C-X,2026-11-10T10:00:00+08:00,web_form,保险产品推荐\n")
    db = tmp_path / "ledger.db"
    refused(run_cli("ledger", "import", result.accepted_path, db=db), db, "SHA-256")


@pytest.mark.parametrize("report_text", ["[1, 2]", "{", "[" * 100_000, '{"decision": "accepted", "outputs": {}}'])
def test_ledger_import_refuses_a_malformed_or_old_report(tmp_path, report_text):
    result = h.screened_list(tmp_path, [h.good_row(index) for index in range(2)])
    result.report_path.write_text(report_text, encoding="utf-8")
    db = tmp_path / "ledger.db"
    refused(run_cli("ledger", "import", result.accepted_path, db=db), db, "report")


def test_the_sample_lists_raw_files_cannot_be_imported(tmp_path):
    samples = Path(__file__).resolve().parents[2] / "sample_lists"
    db = tmp_path / "ledger.db"
    for name in ("bad_checksum.csv", "first_party_webform.csv"):
        refused(run_cli("ledger", "import", samples / name, db=db), db, "report")
