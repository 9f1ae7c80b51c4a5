"""The key: weak keys are refused, a key file others can read is warned about (issue 11, round edges)."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.config.keys import load_key
from screen.errors import KeyMissing

GOOD = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (" " * 16, "too short"),
        (" " * 40, "too short"),
        ("a" * 64, "too weak"),
        ("ab" * 16, "too weak"),
        ("passwordpassword", "too weak"),
        ("short", "too short"),
    ],
)
def test_weak_keys_are_refused(monkeypatch, key, message):
    monkeypatch.setenv("LEADSCREEN_KEY", key)
    with pytest.raises(KeyMissing, match=message) as raised:
        load_key()
    assert "\n" not in str(raised.value)


def test_a_weak_key_file_is_refused_on_the_command_line(tmp_path):
    key_file = tmp_path / "weak.key"
    key_file.write_text("a" * 32 + "\n", encoding="utf-8")
    key_file.chmod(0o600)
    result = CliRunner().invoke(main, ["dnc", "list", "--key-file", str(key_file), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 2 and "too weak" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_strong_key_is_taken(monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", GOOD)
    assert load_key() == GOOD.encode()


@pytest.mark.parametrize(("mode", "warned"), [(0o600, False), (0o400, False), (0o640, True), (0o644, True)])
def test_a_key_file_others_can_read_is_used_with_a_warning(tmp_path, caplog, mode, warned):
    key_file = tmp_path / "leadscreen.key"
    key_file.write_text(GOOD + "\n", encoding="utf-8")
    key_file.chmod(mode)
    with caplog.at_level(logging.WARNING, logger="leadscreen.keys"):
        assert load_key(key_file) == GOOD.encode()
    messages = [record.getMessage() for record in caplog.records]
    assert bool(messages) == warned
    if warned:
        [message] = messages
        assert f"{mode:04o}" in message and "chmod 600" in message and GOOD not in message
