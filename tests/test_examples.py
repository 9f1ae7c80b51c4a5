"""Every example a user is shown runs as written, from a copy of the repository, so docs cannot rot.

Where the examples are:

- every command's ``--help``: the indented lines under a heading that starts with ``Example``
  (``Example (run from the repository root):``, ``Examples:``); a heading such as ``Other ways:``
  shows patterns for the user's own files and is not run;
- README.md and docs/*.md: fenced blocks marked ``sh`` (run with bash) and ``python``; blocks
  marked ``text``, ``toml``, ``ini``, ``json`` … are output, configuration or dialer code;
- blocks marked ``console``: a session, ``$ command`` lines each followed by what it prints. Each
  command runs and what it prints must be what the document shows: ``…`` stands for any text
  within a line (a time), and a line that starts with a space goes on the line before it (JSON
  wrapped for the page). A ``curl`` there talks to the ``leadscreen serve`` of the document's
  set-up, started for it on a free port.

The blocks of one ``--help`` or one document run in order in one fresh copy of the repository
whose ``leadscreen`` is the one under test; what a block exports, the next block sees. A document
is a tutorial and starts from nothing. A ``--help`` example may assume the set-up that ``leadscreen
ledger --help`` asks for first (:data:`SET_UP`): the key in ``LEADSCREEN_KEY``, ``./leadscreen.db``
made by ``ledger init``, and the first sample list screened (its accepted file is what ``ledger
import`` takes).

Installing is left to CI, which runs the README's commands themselves: a README line's ``python3 -m
venv … && pip install … &&`` prefix is dropped, and the README's test command (what ``.ci/run``
runs) is not run again. An example passes when every command in it exits 0, or 1 where that is the
command's answer (a list rejected, a call denied, findings with --fail-on-findings), and nothing
prints a traceback. Two kinds of command never end and are not run in ``sh`` blocks: ``leadscreen
serve`` and what talks to a running service (``curl``); a ``console`` block runs its ``curl`` lines
against the ``serve`` its document started.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from help_support import cli_commands, example_blocks

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COPIED = ("sample_lists", "docs", "README.md", "pyproject.toml")
# commands that run until stopped, or need one that does
LONG_RUNNING = re.compile(r"^\s*(leadscreen serve\b|curl\b)")
SET_UP = """
export LEADSCREEN_KEY=5c0d1e3b7a9f24681357ace02468bdf13579ace02468bdf13579ace02468bdf1
leadscreen ledger init
leadscreen screen sample_lists/first_party_webform.csv --campaign insurance_leads \\
    --policy sample_lists/leadscreen.toml --as-of 2026-11-20
"""
ENV_FILE = ".example-env"
INSTALL_PREFIX = re.compile(r"^.*pip install [^&]*&&\s*")
TIMEOUT_SECONDS = 120


def help_examples() -> list[pytest.param]:
    params = []
    for path, command, context in cli_commands():
        blocks = [("sh", "\n".join(block)) for block in example_blocks(command.get_help(context))]
        if blocks:
            params.append(pytest.param([("sh", SET_UP), *blocks], id=f"leadscreen {' '.join(path)} --help"))
    return params


def _is_test_command(script: str) -> bool:
    # the README's test command is what CI runs (.ci/run, checked by test_project.py): not run again here
    return "pytest" in script


def document_examples() -> list[pytest.param]:
    params = []
    for document in DOCUMENTS:
        found = re.findall(r"^```(sh|python|console)\n(.*?)^```", document.read_text(encoding="utf-8"), re.M | re.S)
        blocks = [(language, script) for language, script in found if not _is_test_command(script)]
        if blocks:
            params.append(pytest.param(blocks, id=str(document.relative_to(ROOT))))
    return params


def runnable(script: str) -> str:
    """The script as it is run: installs dropped, long-running commands left out."""
    kept = []
    for line in script.replace("\\\n", " ").splitlines():
        line = INSTALL_PREFIX.sub("", line)
        if LONG_RUNNING.match(line) or line.lstrip().startswith("#!"):
            continue
        kept.append(line)
    return "\n".join(kept)


@pytest.fixture
def repository_copy(tmp_path):
    for name in COPIED:
        source = ROOT / name
        target = tmp_path / name
        shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target)
    return tmp_path


def _environment() -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("LEADSCREEN_")}
    bin_dir = str(Path(sys.executable).parent)
    environment["PATH"] = bin_dir + os.pathsep + environment.get("PATH", "")
    environment["PYTHONPATH"] = str(ROOT)
    return environment


def _run_shell(script: str, cwd: Path) -> tuple[list[tuple[str, int, str]], subprocess.CompletedProcess]:
    """Run the block line by line in one bash, recording each command's exit status."""
    marker = "__leadscreen_example_status__"
    # what earlier blocks exported is restored first, and what this one exports is kept for the next
    restore = f"[ -f {ENV_FILE} ] && . ./{ENV_FILE}\n"
    keep = f"\nexport -p > {ENV_FILE}\n"
    wrapped = "\n".join(
        f'{line}\necho "{marker} $? {index}" >&2' if line.strip() and not line.lstrip().startswith("#") else line
        for index, line in enumerate(script.splitlines())
    )
    done = subprocess.run(
        ["bash", "-c", restore + wrapped + keep],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    lines = script.splitlines()
    statuses = [
        (lines[int(index)], int(status), done.stderr)
        for status, index in re.findall(rf"{marker} (\d+) (\d+)", done.stderr)
    ]
    return statuses, done


def _exported(cwd: Path) -> dict[str, str]:
    """The variables earlier shell blocks exported (``declare -x NAME="value"`` lines)."""
    path = cwd / ENV_FILE
    if not path.exists():
        return {}
    found = re.findall(r'^declare -x (LEADSCREEN_\w+)="(.*)"$', path.read_text(encoding="utf-8"), re.M)
    return dict(found)


def _run_python(script: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        env={**_environment(), **_exported(cwd)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, f"{script}\n{done.stderr[-2000:]}"


def _check_shell(script: str, cwd: Path) -> None:
    statuses, done = _run_shell(script, cwd)
    commands = [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(statuses) == len(commands), done.stderr[-2000:]
    failed = [(line, status) for line, status, _ in statuses if status not in (0, 1)]
    assert not failed, f"{failed}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-2000:]


def session_steps(block: str) -> list[tuple[str, str]]:
    """A ``console`` block's (command, what it prints) pairs; continuation lines joined."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps and line.startswith(" ") and steps[-1][1]:
            steps[-1][1][-1] += line.lstrip()
        elif steps:
            steps[-1][1].append(line)
    return [(command, "\n".join(lines).strip()) for command, lines in steps]


def shows(expected: str, printed: str) -> bool:
    """Whether ``printed`` is what the document shows; ``…`` stands for any text within a line."""
    pattern = ".*?".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, printed.strip()) is not None


def test_a_session_block_is_read_as_commands_and_what_they_print():
    block = '$ leadscreen check 1\nALLOW  x\n$ curl -s u\n{"a":1,\n "b":"…"}\n'
    assert session_steps(block) == [("leadscreen check 1", "ALLOW  x"), ("curl -s u", '{"a":1,"b":"…"}')]
    assert shows('{"a":1,"b":"…"}', '{"a":1,"b":"2026-01-01T10:00"}\n')
    assert not shows('{"a":1,"b":"…"}', '{"a":2,"b":"x"}') and not shows("DENY", "DENY no_consent")


class _Service:
    """The ``leadscreen serve`` a document's set-up starts, run on a free port for its ``curl`` lines."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.command: str | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0

    def address(self) -> str:
        if self.process is None:
            assert self.command, "a curl line before any `leadscreen serve` in the document"
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            restore = f"[ -f {ENV_FILE} ] && . ./{ENV_FILE}\n"
            self.process = subprocess.Popen(
                ["bash", "-c", f"{restore}exec {self.command} --port {self.port}"],
                cwd=self.cwd,
                env=_environment(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            self._wait_until_it_answers()
        return f"127.0.0.1:{self.port}"

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            assert self.process.poll() is None, self.process.stderr.read().decode()[-2000:]
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answers (503: not ready, which the document's checks show)
            except OSError:
                assert time.monotonic() < deadline, "leadscreen serve did not answer"
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process.stderr.close()


def _check_session(block: str, cwd: Path, service: _Service) -> None:
    for command, expected in session_steps(block):
        if LONG_RUNNING.match(command) and command.lstrip().startswith("curl"):
            command = command.replace("127.0.0.1:8700", service.address())
        restore = f"[ -f {ENV_FILE} ] && . ./{ENV_FILE}\n"
        done = subprocess.run(
            ["bash", "-c", restore + command],
            cwd=cwd,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
        assert done.returncode in (0, 1), f"{command}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert shows(expected, done.stdout), f"{command}\nthe document shows:\n{expected}\nit printed:\n{done.stdout}"


def _serve_command(script: str) -> str | None:
    found = [line.split("#", 1)[0].strip() for line in script.splitlines() if LONG_RUNNING.match(line)]
    return next((line for line in reversed(found) if line.startswith("leadscreen serve")), None)


@pytest.mark.parametrize("blocks", help_examples() + document_examples())
def test_examples_run(blocks, repository_copy):
    # the blocks of one --help or one document run in order in one copy: later ones use earlier results
    service = _Service(repository_copy)
    try:
        for language, script in blocks:
            if language == "console":
                _check_session(script, repository_copy, service)
                continue
            service.command = _serve_command(script.replace("\\\n", " ")) or service.command
            script = runnable(script)
            if language == "python":
                _run_python(script, repository_copy)
            else:
                _check_shell(script, repository_copy)
    finally:
        service.stop()
