"""Whether the ledger file a long-running process opened is still the one at its path.

SQLite in WAL mode keeps three files: the ledger, ``<ledger>-wal`` (recent commits) and
``<ledger>-shm`` (the index of the ``-wal``, shared by every process). While any connection is
open SQLite never removes the ``-wal`` or ``-shm``, so a change to them is someone else's doing:

- the ledger *replaced* (restored with ``mv`` or ``cp`` to a new file): the new file is opened,
  unless the ``-wal``/``-shm`` of the file it replaced are still beside it: SQLite would read
  the old file's recent pages as if they belonged to the new one, so that is refused;
- the ``-wal``/``-shm`` *removed or replaced* under an open ledger: commits may be lost and
  processes no longer share one index, so that is refused until the process is restarted. That
  connection is then never closed (see :func:`abandon`);
- the ledger *rewritten in place* (its size or time changed; every checkpoint does that too):
  the connection is reopened, so no page cached before the change is used again.

Refusals are :class:`~screen.errors.LedgerUnavailable`: the pre-dial hook denies ``service_error``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from screen.errors import LedgerMissing, LedgerUnavailable

SAME, REWRITTEN, REPLACED = "same", "rewritten", "replaced"

RESTORE_HINT = 'restore a ledger in place with sqlite3 LEDGER ".restore BACKUP", which every process sees'


class FilesLost(LedgerUnavailable):
    """The ``-wal``/``-shm`` of an open ledger were removed or replaced: do not close it (:func:`abandon`)."""


def abandon(ledger) -> None:
    """Leave ``ledger`` open until the process ends, without ever closing it.

    Closing the last connection to a ledger checkpoints its ``-wal`` into the file and then
    deletes ``<ledger>-wal`` by name. When the ``-wal`` this connection uses was removed, that
    would write stale pages over the ledger and delete the new ``-wal`` other processes have
    committed to since. Python 3.11 cannot tell SQLite not to checkpoint on close
    (``SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`` came in 3.12), and an object merely left referenced
    is still closed when the interpreter exits; one extra reference count keeps it from ever
    being freed, so the process ends as if killed and the kernel releases its locks.
    """
    import ctypes

    ctypes.pythonapi.Py_IncRef(ctypes.py_object(ledger))


class FileState(NamedTuple):
    """``(device, inode)`` of the ledger and its ``-wal``/``-shm`` (``None`` where missing), and
    ``(size, mtime_ns)`` of the ledger."""

    ledger: tuple[int, int]
    wal: tuple[int, int] | None
    shm: tuple[int, int] | None
    content: tuple[int, int]


def _identity(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def file_state(db_path: Path) -> FileState:
    """The files at ``db_path`` now; :class:`LedgerMissing` if the ledger is not there."""
    ledger = _identity(str(db_path))
    if ledger is None:
        raise LedgerMissing(f"ledger {db_path} does not exist")
    wal, shm = _identity(f"{db_path}-wal"), _identity(f"{db_path}-shm")
    return FileState(
        (ledger.st_dev, ledger.st_ino),
        None if wal is None else (wal.st_dev, wal.st_ino),
        None if shm is None else (shm.st_dev, shm.st_ino),
        (ledger.st_size, ledger.st_mtime_ns),
    )


def change(opened: FileState, now: FileState, db_path: Path) -> str:
    """``SAME``, ``REWRITTEN`` or ``REPLACED`` (reopen for either); raises when the files cannot be trusted."""
    if now.ledger != opened.ledger:
        stale = [
            name for name in ("wal", "shm") if getattr(opened, name) and getattr(now, name) == getattr(opened, name)
        ]
        if stale:
            raise LedgerUnavailable(
                f"ledger {db_path} was replaced while in use and the old file's "
                f"{' and '.join('-' + name for name in stale)} are still beside it; stop every process using "
                f"the ledger and remove them, or {RESTORE_HINT}"
            )
        return REPLACED
    if (opened.wal, opened.shm) != (now.wal, now.shm):
        raise FilesLost(
            f"the -wal/-shm files of ledger {db_path} were removed or replaced while in use; commits may be "
            "lost: check the ledger and restart this process"
        )
    return SAME if now.content == opened.content else REWRITTEN


def release(ledger, files_lost: bool) -> None:
    """Close ``ledger``, or :func:`abandon` it when the files it uses were lost under it."""
    if files_lost:
        abandon(ledger)
    else:
        ledger.close()
