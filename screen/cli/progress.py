"""``--progress``: one option and one way of showing progress for every long command.

The library never looks at the terminal: a job takes an optional callback and calls it with a
short message per stage; the command decides whether there is one. By default there is when
stderr is a terminal, so pipelines and cron jobs stay quiet.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import click

progress_option = click.option(
    "--progress/--no-progress", default=None, help="Stage messages on stderr. Default: on when stderr is a terminal."
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
