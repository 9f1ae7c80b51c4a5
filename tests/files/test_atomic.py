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


def test_temporaries_of_killed_runs_are_removed_and_live_ones_kept(tmp_path):
    import os
    import time

    from screen.files.atomic import remove_stale_temporaries

    old = time.time() - 3600
    dead = tmp_path / ".tmp-99999999-accepted-abc.csv"  # no such process
    unnamed = tmp_path / ".tmp-accepted-def.csv"  # written before names carried the process id
    mine = tmp_path / f".tmp-{os.getpid()}-accepted-ghi.csv"
    fresh = tmp_path / ".tmp-99999999-accepted-jkl.csv"
    work = tmp_path / ".leadscreen-work-99999999-0123"
    work.mkdir()
    (work / "list.csv").write_text("13812345678\n", encoding="utf-8")
    other = tmp_path / "notes.txt"
    for path in (dead, unnamed, mine, fresh, other):
        path.write_text("13812345678\n", encoding="utf-8")
    for path in (dead, unnamed, mine, work, other):
        os.utime(path, (old, old))
    assert remove_stale_temporaries(tmp_path, (".tmp-", ".leadscreen-work-")) == 3
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([mine.name, fresh.name, other.name])


def test_screening_cleans_what_a_killed_run_left(tmp_path):
    import os
    import time

    import screen_helpers as h

    out = tmp_path / "out"
    out.mkdir()
    left = out / ".tmp-99999999-accepted-abc.csv"
    left.write_text("phone\n13812345678\n", encoding="utf-8")
    work = tmp_path / ".leadscreen-work-99999999-0123"
    work.mkdir()
    old = time.time() - 3600
    for path in (left, work):
        os.utime(path, (old, old))
    h.screened_list(tmp_path, [h.good_row(index) for index in range(3)])
    assert not left.exists() and not work.exists()
    assert not [path for path in out.iterdir() if path.name.startswith(".")]


def _read_fifo_in_background(path):
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(path.read_bytes()), daemon=True)
    reader.start()
    return reader, received


@pytest.mark.parametrize("form", ["write", "path"])
def test_a_fifo_is_written_in_place_not_replaced(tmp_path, form):
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o600)
    reader, received = _read_fifo_in_background(fifo)
    if form == "write":
        with atomic_write(fifo, "wb") as handle:
            handle.write(b"redacted\n")
    else:
        with atomic_path(fifo) as path:
            path.write_bytes(b"redacted\n")
    reader.join(timeout=10)
    assert received == [b"redacted\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["pipe"]


def test_a_device_is_written_in_place_not_replaced(tmp_path):
    import os
    import stat

    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # a private /dev/null
    with atomic_write(device, "w") as handle:
        handle.write("redacted\n")
    with atomic_path(device) as path:
        path.write_text("again\n", encoding="utf-8")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["null"]


@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlink_stays_a_link_and_its_file_is_written(tmp_path, dangling):
    import os

    real = tmp_path / "real" / "out.jsonl"
    real.parent.mkdir()
    if not dangling:
        real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with atomic_write(link, "w") as handle:
        handle.write("new\n")
    assert os.path.islink(link) and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new\n"
    assert sorted(path.name for path in real.parent.iterdir()) == ["out.jsonl"]


def test_a_failed_write_to_a_link_keeps_the_old_file(tmp_path):
    real = tmp_path / "out.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with pytest.raises(RuntimeError):
        with atomic_write(link, "w") as handle:
            handle.write("half")
            raise RuntimeError("disk full")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "old\n"
