"""The key: weak keys are refused, a key file others can read is warned about (issue 11, round edges)."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.config.keys import load_key
from screen.errors import KeyMissing

GOOD = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a1"
REFUSED = "not random key material"


@pytest.mark.parametrize(
    "key",
    [
        " " * 16,
        " " * 40,
        "a" * 64,  # hex, long enough, one digit
        "ab" * 32,
        "passwordpassword",
        "password1234567890",  # the example
        "short",
        "9f8e7d6c5b4a39281706f5e4d3c2b1a0",  # random hex, but 16 bytes
        "ThisIsMyPassphrase",  # base64 alphabet, 13 bytes
        "passwordpasswordpasswordpasswordpasswordpassword",  # valid base64 of 36 bytes, a pattern
        "correct horse battery staple and more words to be long",  # a phrase: spaces are no key
        "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFy",  # base64 of a repeated word
    ],
)
def test_keys_that_are_not_random_material_are_refused(monkeypatch, key):
    monkeypatch.setenv("LEADSCREEN_KEY", key)
    with pytest.raises(KeyMissing, match=REFUSED) as raised:
        load_key()
    assert "\n" not in str(raised.value) and "openssl rand -hex 32" in str(raised.value)


@pytest.mark.parametrize(
    "key",
    [
        GOOD,
        GOOD.upper(),
        "8J+Yg2xlYWRzY3JlZW4gcmFuZG9tIGtleSBtYXRlcmlhbCE/ZxQ=",  # base64 of 38 bytes
        "q3Rk-Vx_2pL9aBcD0eFgH1iJkL2mN3oP4qR5sT6uV7wX8yZ",  # base64url, 32+ bytes
    ],
)
def test_random_key_material_as_hex_or_base64_is_taken(monkeypatch, key):
    monkeypatch.setenv("LEADSCREEN_KEY", key)
    assert load_key() == key.encode()  # used as given: digests made with it never change


def test_a_binary_key_file_of_random_bytes_is_taken_and_a_short_one_refused(tmp_path):
    import os

    good, short = tmp_path / "good.key", tmp_path / "short.key"
    good.write_bytes(bytes(range(200, 232)) + os.urandom(8))
    short.write_bytes(bytes(range(200, 216)))
    for path in (good, short):
        path.chmod(0o600)
    assert load_key(good) == good.read_bytes().strip()
    with pytest.raises(KeyMissing, match=REFUSED):
        load_key(short)


@pytest.mark.parametrize("key_text", ["a" * 32, "password1234567890"])
def test_a_weak_key_file_is_refused_on_the_command_line_in_one_line_with_one_remedy(tmp_path, key_text):
    key_file = tmp_path / "weak.key"
    key_file.write_text(key_text + "\n", encoding="utf-8")
    key_file.chmod(0o600)
    result = CliRunner().invoke(main, ["dnc", "list", "--key-file", str(key_file), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 2 and REFUSED in result.stderr and len(result.stderr.strip().splitlines()) == 1
    # the key file was passed: no "pass --key-file" after it; how to make a key, once
    assert "pass --key-file" not in result.stderr and result.stderr.count("openssl rand") == 1
    assert key_text not in result.stderr


def test_a_missing_key_file_is_not_told_to_pass_a_key_file(tmp_path):
    result = CliRunner().invoke(main, ["dnc", "list", "--key-file", str(tmp_path / "nope.key")])
    assert result.exit_code == 2 and "cannot read key file" in result.stderr
    assert "pass --key-file" not in result.stderr


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
