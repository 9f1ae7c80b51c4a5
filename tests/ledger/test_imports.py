"""Loading consents into the ledger: ``screen --commit`` and ``ledger import`` agree on what they store."""

from __future__ import annotations

import json
import sqlite3

import pytest
import screen_helpers as h
from click.testing import CliRunner

from screen.cli.main import main

KEY = "imports-test-key-0123456789"


@pytest.fixture(autouse=True)
def fixed_time_and_clean_environment(monkeypatch, tmp_path):
    monkeypatch.setattr("screen.lists.screening.current_time", lambda: h.NOW)
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
