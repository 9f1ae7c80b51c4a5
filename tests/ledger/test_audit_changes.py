"""Every change to the ledger leaves an audit record without content (issue 11, item 6)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import screen_helpers as h
from click.testing import CliRunner
from predial_support import COLLECTIONS_ONLY, CONSENTED

from screen.cli.main import main
from screen.ledger.audit import audit_dir_for, export_changes_csv, record_change

MOMENT = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)


def run(*args):
    result = CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def changes(folder) -> list[dict[str, str]]:
    out = io.StringIO()
    export_changes_csv(folder, MOMENT - datetime.timedelta(days=3650), None, out, datetime.UTC)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_record_change_keeps_who_when_what_which_file_and_how_many(tmp_path, monkeypatch):
    monkeypatch.setattr("screen.clock.utc_now", lambda: MOMENT)
    db = tmp_path / "ledger.db"
    record_change(db, "unredact", count=3, source_file="calls 13812345678.jsonl", detail="ticket 4411")
    record_change(db, "dnc_add", count=1, actor="token:dialer-7", detail="caller 13812345678 asked")
    rows = changes(audit_dir_for(db))
    assert [(row["action"], row["count"], row["detail"]) for row in rows] == [
        ("unredact", "3", "ticket 4411"),
        ("dnc_add", "1", "caller *** asked"),
    ]
    assert rows[0]["source_file"] == "calls ***.jsonl" and rows[0]["changed_at"] == "2026-03-02T02:00:00.000+00:00"
    assert rows[0]["actor"] and rows[1]["actor"] == "token:dialer-7"
    # decisions and changes do not mix: the decision export does not read the change files
    assert not list((audit_dir_for(db)).glob("*.csv"))


def test_every_cli_ledger_change_is_recorded_without_numbers(workdir):
    (workdir / "complaints.csv").write_text(f"phone\n{COLLECTIONS_ONLY}\n", encoding="utf-8")
    (workdir / "calls.jsonl").write_text(
        json.dumps({"phone": "13700001111", "text": "别再打了"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    screened = h.screened_list(workdir, [h.good_row(index) for index in range(3)])
    run("ledger", "import", screened.accepted_path)
    run("dnc", "add", CONSENTED, "--reason", "asked on the phone")
    run("dnc", "import", "complaints.csv", "--reason", "12321 list")
    run("dnc", "remove", CONSENTED, "--reason", "mistake")
    run("ledger", "withdraw", COLLECTIONS_ONLY, "--at", "2026-03-01T12:00")
    run("ledger", "outcome", CONSENTED, "--campaign", "insurance_sales", "--outcome", "opt_out")
    run("optouts", "calls.jsonl")

    rows = changes(audit_dir_for(workdir / "leadscreen.db"))
    assert [(row["action"], row["count"]) for row in rows] == [
        ("consent_import", "3"),
        ("dnc_add", "1"),
        ("dnc_import", "1"),
        ("dnc_remove", "1"),
        ("withdrawal", "1"),
        ("outcome", "1"),
        ("optout_import", "1"),
    ]
    assert rows[0]["source_file"].endswith("accepted.csv") and rows[2]["source_file"] == "complaints.csv"
    assert all(row["actor"] for row in rows)
    exported = run("audit", "export", "--since", "2000-01-01", "--changes").stdout
    assert exported.splitlines()[0] == "changed_at,actor,action,source_file,count,detail"
    assert len(exported.splitlines()) == 8
    every_file = "".join(path.read_text() for path in (workdir / "leadscreen.db-audit").rglob("*.csv"))
    for number in (CONSENTED, COLLECTIONS_ONLY, "13700001111", *(h.mobile(index) for index in range(3))):
        assert number not in every_file and number not in exported


def test_screen_commit_is_recorded(workdir):
    rows = [h.good_row(index) for index in range(2)]
    path = h.write_list(workdir / "leads.csv", rows)
    h.write_manifest(path, len(rows))
    (workdir / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["screen", str(path), "--campaign", "leads", "--out-dir", "out", "--commit", "--as-of", "2026-11-20"]
    )
    assert result.exit_code == 0, result.output
    [row] = changes(audit_dir_for(workdir / "leadscreen.db"))
    assert (row["action"], row["count"], row["source_file"]) == ("consent_commit", "2", "out/accepted.csv")
