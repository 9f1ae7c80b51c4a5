"""Reading the CLI's ``--help``: every command, and the example blocks under its Example headings.

An example block is the lines indented under a heading that starts with ``Example`` and ends with
``:`` (``Examples:``, ``Example (run from the repository root):``), up to the next line indented as
little as the heading; a line ending in ``\\`` continues on the next. Other headings (``Other
ways:``, ``Set-up, once:``) are not examples.
"""

from __future__ import annotations

import re

import click

EXAMPLE_HEADING = re.compile(r"^(?P<indent>\s*)Examples?\b[^\n:]*:\s*$")


def cli_commands() -> list[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command and group under ``leadscreen``: the words naming it, the command, its context."""
    from screen.cli.main import main

    def walk(group, context, path):
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            sub = click.Context(command, info_name=name, parent=context)
            yield (*path, name), command, sub
            if isinstance(command, click.Group):
                yield from walk(command, sub, (*path, name))

    return list(walk(main, click.Context(main, info_name="leadscreen"), ()))


def example_blocks(help_text: str) -> list[list[str]]:
    """The lines of each Example section of ``help_text``, continuation lines joined."""
    blocks, indent = [], None
    for line in help_text.splitlines():
        heading = EXAMPLE_HEADING.match(line)
        if heading is not None:
            indent = len(heading["indent"])
            blocks.append([])
        elif indent is not None and line.strip() and len(line) - len(line.lstrip()) <= indent:
            indent = None
        elif indent is not None and line.strip():
            block = blocks[-1]
            if block and block[-1].endswith("\\"):
                block[-1] = block[-1][:-1].rstrip() + " " + line.strip()
            else:
                block.append(line.strip())
    return [block for block in blocks if block]
