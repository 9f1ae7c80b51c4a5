"""`redact --operator encrypt` then `unredact` gives every vendor's call back: each word was
sealed on its own, so the word lists, the texts and JSON inside JSON come back as they were."""

from __future__ import annotations

import json

import pytest
from asr_support import GENERATOR, PHONE, VENDORS, sample
from click.testing import CliRunner
from predial_support import KEY

from screen.asr import read_call
from screen.cli.main import main


@pytest.mark.parametrize("vendor", VENDORS)
def test_encrypt_then_unredact_gives_the_call_back(vendor, tmp_path, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    encrypted, restored = tmp_path / "enc.json", tmp_path / "restored.json"
    source = str(GENERATOR.HERE / f"{vendor}.json")
    done = CliRunner().invoke(main, ["redact", source, "-o", str(encrypted), "--operator", "encrypt"])
    assert done.exit_code == 0, done.output
    assert PHONE not in encrypted.read_text("utf-8")
    done = CliRunner().invoke(main, ["unredact", str(encrypted), "-o", str(restored), "--db", str(tmp_path / "l.db")])
    assert done.exit_code == 0, done.output
    original, back = read_call(sample(vendor)), read_call(json.loads(restored.read_text("utf-8")))
    assert [s.text for s in back.segments] == [s.text for s in original.segments]
    assert [[w.text for w in s.words] for s in back.segments] == [[w.text for w in s.words] for s in original.segments]
