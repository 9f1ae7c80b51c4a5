"""A progress bar on stderr for the long commands (``redact``, ``scan``), opened at the first report.

Shown when stderr is a terminal, or as ``--progress/--no-progress`` says. A terminal that reports
no width (a pty nobody sized, as under ``script``) would make tqdm draw an empty line, so a
usable width is given then.
"""

from __future__ import annotations

import os
import sys

FALLBACK_SIZE = {"ncols": 80, "nrows": 24}


def wanted(progress: bool | None) -> bool:
    """The ``--progress/--no-progress`` choice, or on when stderr is a terminal."""
    return sys.stderr.isatty() if progress is None else progress


def _size() -> dict:
    """Nothing (tqdm asks the terminal) unless the terminal says it has no columns."""
    try:
        return {} if os.get_terminal_size(sys.stderr.fileno()).columns else FALLBACK_SIZE
    except (OSError, ValueError):
        return {}


class ProgressBar:
    """Call with the amount finished since the last call; ``close`` when done."""

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
