"""Where a command's text output goes: ``-`` (or no path) is standard output, everywhere.

A file is written atomically (:mod:`screen.files.atomic`); ``-o -`` never creates a file named ``-``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO

from screen.files.atomic import atomic_write

STANDARD_OUTPUT = "-"


def is_standard_output(target: str | os.PathLike | None) -> bool:
    return target is None or os.fspath(target) == STANDARD_OUTPUT


@contextlib.contextmanager
def output_stream(target: str | os.PathLike | None, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream for ``target``: standard output for ``-`` or ``None``, else a file written
    atomically (complete or not at all)."""
    if is_standard_output(target):
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_write(target, "w", encoding=encoding) as handle:
        yield handle
