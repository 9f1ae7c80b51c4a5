"""``--progress``: one option and one way of showing progress for every long command.

The library never looks at the terminal: a job takes an optional callback and the command decides
whether to pass one. By default it does when stderr is a terminal, so pipelines and cron jobs stay
quiet. Two kinds of callback: :func:`stage_printer` for jobs that report stages (``screen``,
``spotcheck``), :class:`ProgressBar` for jobs that report amounts (``redact``, ``scan``). A
terminal that reports no width (a pty nobody sized, as under ``script``) would make tqdm draw an
empty line, so a usable size is given then.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import click

FALLBACK_SIZE = {"ncols": 80, "nrows": 24}


def progress_option(what: str = "Stage messages"):
    """The ``--progress/--no-progress`` option; ``what`` says what is shown."""
    return click.option(
        "--progress/--no-progress", default=None, help=f"{what} on stderr. Default: on when stderr is a terminal."
    )


def wanted(progress: bool | None) -> bool:
    """What ``--progress/--no-progress`` asked for, or, when neither was given, whether stderr is a terminal."""
    return sys.stderr.isatty() if progress is None else progress


def stage_printer(progress: bool | None) -> Callable[[str], None] | None:
    """A callback printing each stage on stderr with the seconds since the start, or None."""
    if not wanted(progress):
        return None
    started = time.monotonic()

    def say(message: str) -> None:
        click.echo(f"[{time.monotonic() - started:6.1f}s] {message}", err=True)

    return say


def _size() -> dict:
    """Nothing (tqdm asks the terminal) unless the terminal says it has no columns."""
    try:
        return {} if os.get_terminal_size(sys.stderr.fileno()).columns else FALLBACK_SIZE
    except (OSError, ValueError):
        return {}


class ProgressBar:
    """Call with the amount finished since the last call; ``close`` when done. The bar opens at the first report."""

    def __init__(self, desc: str, unit: str, total: int | None = None, unit_scale: bool = False):
        self._options = {"desc": desc, "unit": unit, "total": total, "unit_scale": unit_scale}
        self._bar = None

    def __call__(self, amount: int) -> None:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(file=sys.stderr, leave=False, mininterval=0.5, **_size(), **self._options)
        self._bar.update(amount)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
