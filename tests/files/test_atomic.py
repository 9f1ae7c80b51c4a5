"""Atomic writes: all or nothing, no temporary file left behind."""

from __future__ import annotations

import pytest

from screen.files.atomic import atomic_path, atomic_write


def test_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target, "w") as handle:
            handle.write("half of the new")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


def test_path_form_replaces_on_success(tmp_path):
    target = tmp_path / "sub" / "accepted.csv"
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent and temporary.suffix == ".csv"
        temporary.write_bytes(b"phone\n")
        assert not target.exists()
    assert target.read_bytes() == b"phone\n"
    assert [path.name for path in target.parent.iterdir()] == ["accepted.csv"]


def test_bytes_mode(tmp_path):
    with atomic_write(tmp_path / "a.bin", "wb") as handle:
        handle.write(b"\x00\x01")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    with pytest.raises(ValueError):
        with atomic_write(tmp_path / "b", "a"):
            pass
