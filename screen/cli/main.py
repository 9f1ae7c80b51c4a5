"""The ``leadscreen`` command line: a thin click layer over the library.

Each command lives in its own module and is imported only when it runs, so that ``leadscreen
check`` does not pay for Presidio or polars. Errors a user can fix (:class:`LeadscreenError`)
print one line and exit with status 2; they never carry a raw number.
"""

from __future__ import annotations

import importlib
import sys

import click

from screen import __version__
from screen.errors import KeyMissing, LeadscreenError, LedgerMissing

# command name -> "module:attribute"; one module per command or command family.
COMMANDS = {
    "check": "screen.cli.predial:check",
    "serve": "screen.cli.predial:serve",
    "ledger": "screen.cli.ledger:ledger",
    "dnc": "screen.cli.ledger:dnc",
    "audit": "screen.cli.ledger:audit",
    "optouts": "screen.cli.ledger:optouts",
    "scan": "screen.cli.scan:scan",
    "screen": "screen.cli.lists:screen",
    "redact": "screen.cli.redact:redact",
    "redact-audio": "screen.cli.audio:redact_audio",
    "unredact": "screen.cli.redact:unredact",
    "spotcheck": "screen.cli.spotcheck:spotcheck",
}


# What to do about an error, in the terms of this CLI (library messages name no flags).
HINTS = {
    KeyMissing: "set LEADSCREEN_KEY or pass --key-file",
    LedgerMissing: "create it with `leadscreen ledger init`, or pass --db",
}


def error_line(error: LeadscreenError) -> str:
    """The one line printed for ``error``: its message, then what to do in terms of this CLI.

    >>> error_line(LedgerMissing("ledger x.db does not exist"))
    'leadscreen: error: ledger x.db does not exist (create it with `leadscreen ledger init`, or pass --db)'
    >>> from screen.errors import UsageError
    >>> error_line(UsageError("the file has no phone column", parameter="column"))
    'leadscreen: error: the file has no phone column (see --column)'
    >>> error_line(LedgerMissing("ledger x.db is empty (create it with `leadscreen ledger init`)", hinted=True))
    'leadscreen: error: ledger x.db is empty (create it with `leadscreen ledger init`)'
    """
    if error.hinted:  # one remedy, the one that applies
        return f"leadscreen: error: {error}"
    hint = next((text for kind, text in HINTS.items() if isinstance(error, kind)), None)
    if hint is None and error.parameter:
        hint = f"see --{error.parameter.replace('_', '-')}"
    return f"leadscreen: error: {error}" + (f" ({hint})" if hint else "")


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LeadscreenError as error:
            click.echo(error_line(error), err=True)
            sys.exit(error.exit_code)
        except BrokenPipeError:
            # the reader went away (`leadscreen redact … -o - | head -1`): stop quietly, with the
            # status of a program a SIGPIPE ended, not 1 ("records quarantined")
            _detach_stdout()
            sys.exit(BROKEN_PIPE_STATUS)


BROKEN_PIPE_STATUS = 128 + 13  # 128 + SIGPIPE, what a shell reports for `yes | head -1`


def _detach_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit finds no closed pipe."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="leadscreen")
def main():
    """Keep a call center to lawfully sourced, consented numbers.

    \b
    leadscreen screen leads.csv --campaign insurance_leads     screen a lead list
    leadscreen redact calls.jsonl -o calls.redacted.jsonl       remove IDs, phones, cards
    leadscreen check 13812345678 --campaign insurance_sales     may this number be dialled now?
    leadscreen serve                                            the same, over HTTP, for dialers
    leadscreen spotcheck calls.redacted.jsonl --sample 200      sample and estimate for an audit
    leadscreen scan transcript.txt                              list what is found, masked

    Run `leadscreen COMMAND --help` for each command's options and examples.
    """
