"""The ledger's files are readable and writable by their owner only."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner
from predial_support import KEY, consent, digest

from screen.cli.main import main
from screen.ledger.store import Ledger


@pytest.fixture
def permissive_umask():
    """umask 0: whatever mode the code asks for is the mode the file gets."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def modes(db) -> dict[str, int]:
    return {
        path.name: stat.S_IMODE(path.stat().st_mode) for path in db.parent.iterdir() if path.name.startswith(db.name)
    }


def test_a_new_ledger_and_its_wal_and_shm_files_are_owner_only(ledger_path, permissive_umask):
    with Ledger.open(ledger_path, KEY) as ledger:
        ledger.add_consents([consent("13812345678")])
        ledger.add_dnc([digest("13987654321")], reason="asked", source="test")
        assert modes(ledger_path) == {"ledger.db": 0o600, "ledger.db-wal": 0o600, "ledger.db-shm": 0o600}


def test_ledger_init_with_a_key_file_makes_owner_only_files(tmp_path, key_file, permissive_umask):
    db = tmp_path / "leadscreen.db"
    result = CliRunner().invoke(main, ["ledger", "init", "--db", str(db), "--key-file", str(key_file)])
    assert result.exit_code == 0, result.output
    assert set(modes(db).values()) == {0o600} and "leadscreen.db" in modes(db)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # as the fixture made it: leadscreen leaves it alone


def test_an_existing_ledger_keeps_its_mode(ledger_path, permissive_umask):
    Ledger.open(ledger_path, KEY).close()
    ledger_path.chmod(0o640)  # the owner chose to let a group read it
    Ledger.open(ledger_path, KEY).close()
    assert stat.S_IMODE(ledger_path.stat().st_mode) == 0o640


def test_an_empty_file_made_beforehand_opens_as_a_new_ledger(ledger_path):
    ledger_path.touch()
    with Ledger.open(ledger_path, KEY) as ledger:
        assert ledger.add_consents([consent("13812345678")]) == 1
