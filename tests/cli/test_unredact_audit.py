"""Re-identification is audited: every `unredact` leaves a change record, and none means no output."""

from __future__ import annotations

import json

from click.testing import CliRunner
from predial_support import KEY

from screen.cli.main import main
from screen.ledger.audit import audit_dir_for, read_changes

PHONE = "13812345678"


def _encrypted(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    source = tmp_path / "calls.jsonl"
    source.write_text(json.dumps({"call_id": "c-1", "text": f"手机{PHONE}"}, ensure_ascii=False) + "\n", "utf-8")
    encrypted = tmp_path / "calls.enc.jsonl"
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(encrypted), "--operator", "encrypt"])
    assert result.exit_code == 0, result.output
    assert PHONE not in encrypted.read_text("utf-8")
    return encrypted


def test_unredact_leaves_a_change_record_without_the_values(tmp_path, monkeypatch):
    encrypted = _encrypted(tmp_path, monkeypatch)
    db = tmp_path / "leadscreen.db"
    restored = tmp_path / "restored.jsonl"
    result = CliRunner().invoke(main, ["unredact", str(encrypted), "-o", str(restored), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert PHONE in restored.read_text("utf-8")
    records = list(read_changes(audit_dir_for(db), 0))
    assert [(row[2], row[4]) for row in records] == [("unredact", "1")]
    assert str(encrypted) in records[0][3]
    assert not any(PHONE in cell for cell in records[0])


def test_no_record_no_restored_file(tmp_path, monkeypatch):
    encrypted = _encrypted(tmp_path, monkeypatch)
    restored = tmp_path / "restored.jsonl"
    nowhere = tmp_path / "no-such-folder" / "leadscreen.db"  # the audit trail cannot be written there
    result = CliRunner().invoke(main, ["unredact", str(encrypted), "-o", str(restored), "--db", str(nowhere)])
    assert result.exit_code == 2
    assert not restored.exists()
    assert PHONE not in result.output
