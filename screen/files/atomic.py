"""Write output files atomically: to a temporary file in the same folder, then rename.

A reader (a dialer importing ``accepted.csv``, an auditor reading ``report.json``) sees either
the old file or the complete new one, never half a file: :func:`os.replace` is atomic on one file
system, and the temporary file lives beside the target so the rename never crosses one. If the
writer fails, the temporary file is removed and the target is left as it was.

Only a regular file (or a new path) is replaced that way. A device, FIFO or socket (``-o
/dev/null`` as root, a named pipe a loader reads) is written in place: renaming over it would
swap the device for a plain file. A symlink is never replaced: the file it points to is.

Two forms, for two kinds of writer:

- :func:`atomic_write` opens the temporary file for you (text or bytes)::

      with atomic_write("out/report.json", "w") as handle:
          json.dump(report, handle)

- :func:`atomic_path` hands you a temporary *path*, for writers that want a path (polars
  ``write_csv``/``sink_parquet``, xlsxwriter)::

      with atomic_path("out/accepted.parquet") as temporary:
          frame.write_parquet(temporary)

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_write(folder / "a.txt", "w") as handle:
...     _ = handle.write("done")
>>> (folder / "a.txt").read_text()
'done'
>>> sorted(path.name for path in folder.iterdir())   # no temporary file left behind
['a.txt']
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TEMPORARY_PREFIX = ".tmp-"
# A temporary file untouched this long whose writer is no longer running was left by a killed run.
STALE_AFTER_SECONDS = 600


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, *, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it onto ``target``.

    The temporary name (``.tmp-<pid>-<stem>-…``) keeps the target's suffix (some writers check it)
    and names the writing process, for :func:`remove_stale_temporaries`. On an exception the
    temporary file is deleted and ``target`` is untouched. ``durable`` fsyncs the file and folder.
    """
    target = _destination(Path(target))
    if not _replaceable(target):
        yield target  # a device or FIFO: written in place, nothing to rename or clean up
        return
    folder = make_private_folders(target.parent)
    descriptor, name = tempfile.mkstemp(
        prefix=owned_prefix(TEMPORARY_PREFIX) + target.stem + "-", suffix=target.suffix, dir=folder
    )
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        if durable:
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
        if durable:
            _fsync_directory(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _destination(target: Path) -> Path:
    """The file a write to ``target`` lands in: a symlink's target (even one not there yet), so
    the rename replaces that file and the link stays a link."""
    if not target.is_symlink():
        return target
    return Path(os.path.realpath(target))


def _replaceable(target: Path) -> bool:
    """True for a regular file or a new path; False for a device, FIFO or socket."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return True
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)  # a folder: let the rename fail as before


@contextlib.contextmanager
def atomic_write(
    target: str | os.PathLike, mode: str = "w", *, encoding: str = "utf-8", durable: bool = True
) -> Iterator[IO]:
    """Open a temporary file beside ``target`` (mode ``"w"`` or ``"wb"``); rename it on success."""
    if mode not in ("w", "wb"):
        raise ValueError("atomic_write mode must be 'w' or 'wb'")
    with atomic_path(target, durable=durable) as temporary:
        if mode == "w":
            handle = open(temporary, "w", encoding=encoding, newline="")
        else:
            handle = open(temporary, "wb")
        with handle:
            yield handle
            handle.flush()


def remove_if_present(path: str | os.PathLike) -> bool:
    """Delete ``path`` if it exists (a stale output from an earlier run); True if it did."""
    try:
        Path(path).unlink()
        return True
    except FileNotFoundError:
        return False


def owned_prefix(prefix: str) -> str:
    """``prefix`` followed by this process's id: how :func:`remove_stale_temporaries` tells a live
    writer's temporary file from one a killed run left."""
    return f"{prefix}{os.getpid()}-"


def remove_stale_temporaries(
    folder: str | os.PathLike,
    prefixes: tuple[str, ...] = (TEMPORARY_PREFIX,),
    *,
    older_than: float = STALE_AFTER_SECONDS,
) -> int:
    """Delete what killed runs left in ``folder`` (files or folders named ``<prefix><pid>-…``):
    those untouched for ``older_than`` seconds whose process is not running. Return how many.

    A killed run's temporary files can hold raw accepted numbers; a live run's are kept (its
    process runs, or it wrote recently), and nothing outside ``folder`` is followed.
    """
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        prefix = next((prefix for prefix in prefixes if entry.name.startswith(prefix)), None)
        if prefix is None or _writer_may_be_alive(entry, prefix, now - older_than):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            remove_if_present(entry.path)
        removed += 1
    return removed


def _writer_may_be_alive(entry: os.DirEntry, prefix: str, stale_before: float) -> bool:
    try:
        if entry.stat(follow_symlinks=False).st_mtime > stale_before:
            return True
    except OSError:
        return True  # gone already, or not ours to judge
    pid = entry.name[len(prefix) :].split("-", 1)[0]
    if not pid.isdigit():
        return False  # an old-style name without a process id: its age decides
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: a process of another user has that id
        return True
    return True


PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private_folders(folder: str | os.PathLike, *, parents: bool = True) -> Path:
    """Create ``folder`` and (with ``parents``) its missing parents as 0700, whatever the umask
    (what leadscreen writes holds personal data or its digests); folders that exist already are
    left as they are. Without ``parents``, a missing parent raises :class:`FileNotFoundError`."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
        if not parents:
            break
    for path in reversed(missing):
        try:
            os.mkdir(path, PRIVATE_FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process: not ours to change
        os.chmod(path, PRIVATE_FOLDER_MODE)  # mkdir's mode goes through the umask
    return folder


def open_private(path: str | os.PathLike, flags: int) -> int:
    """An ``opener`` for :func:`open` that creates files 0600 whatever the umask."""
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    if flags & os.O_CREAT:
        os.fchmod(descriptor, os.fstat(descriptor).st_mode & PRIVATE_FILE_MODE)
    return descriptor
