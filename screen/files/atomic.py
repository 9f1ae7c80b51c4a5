"""Write output files atomically: to a temporary file in the same folder, then rename.

A reader (a dialer importing ``accepted.csv``, an auditor reading ``report.json``) sees either
the old file or the complete new one, never half a file: :func:`os.replace` is atomic on one file
system, and the temporary file lives beside the target so the rename never crosses one. If the
writer fails, the temporary file is removed and the target is left as it was.

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
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TEMPORARY_PREFIX = ".tmp-"


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

    The temporary name keeps the target's suffix (some writers check it). On an exception the
    temporary file is deleted and ``target`` is untouched. ``durable`` fsyncs the file and folder.
    """
    target = Path(target)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX + target.stem + "-", suffix=target.suffix, dir=folder)
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
