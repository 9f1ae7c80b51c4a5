"""The project as a whole: packaging, CI, CLI help and the documents the code points to."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from help_support import cli_commands, example_blocks

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("screen", "recognizers")


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# -- packaging -----------------------------------------------------------------------------------


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_ships_py_typed(pyproject, package):
    assert (ROOT / package / "py.typed").is_file()
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"][package]


def test_the_wheel_takes_every_subpackage(pyproject):
    from setuptools import find_packages

    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for package in PACKAGES
        for init in (ROOT / package).rglob("__init__.py")
    }
    found = set(find_packages(ROOT, include=pyproject["tool"]["setuptools"]["packages"]["find"]["include"]))
    assert found == on_disk


def test_the_version_has_one_source(pyproject):
    from importlib.metadata import version

    import screen

    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "screen.__version__"}
    literals = [
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if re.search(r"^__version__\s*=", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert literals == ["screen/__init__.py"]
    assert version("leadscreen") == screen.__version__


def test_ci_lints_then_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"```sh\n{ci_command}\n```" in readme
    steps = [step.strip() for step in ci_command.split("&&")]
    assert steps.index("ruff check .") < steps.index("ruff format --check .") < steps.index("pytest -q")


# -- CLI help --------------------------------------------------------------------------------------


def runs(line: str, command: str) -> bool:
    """Whether a shell line runs ``command`` (words like ``leadscreen ledger init``), perhaps after
    environment assignments or another command joined with ``&&``/``||``/``|``/``;``."""
    code = line.split(" # ")[0]
    for part in re.split(r"&&|\|\||[|;]", code):
        words = part.split()
        while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
            words.pop(0)
        if words[: len(command.split())] == command.split():
            return True
    return False


@pytest.fixture(scope="module")
def help_texts() -> dict[str, str]:
    from click.testing import CliRunner

    from screen.cli.main import main

    texts = {}
    for path, _command, _context in cli_commands():
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        texts[" ".join(path)] = result.output
    return texts


def test_every_command_has_examples_that_run_leadscreen(help_texts):
    without = set()
    for name, text in help_texts.items():
        examples = [line for block in example_blocks(text) for line in block]
        if not examples:
            without.add(name)
            continue
        assert any(runs(line, f"leadscreen {name}") for line in examples), (name, examples)
        # an example that names the command must call it as `leadscreen ...`, as users type it
        bare = [line for line in examples if runs(line, name) or line.startswith(("python -m", "screen "))]
        assert not bare, (name, bare)
    assert without == set()


def test_the_example_finder_reads_click_epilogs_and_docstrings():
    text = (
        "Usage: leadscreen x\n\n  Do x.\n\n  Example (from the repository root):\n"
        "    leadscreen x a.csv \\\n        --flag 1\n    LEADSCREEN_KEY=k leadscreen x b.csv  # keyed\n\n"
        "  Other ways:\n    leadscreen y\n"
    )
    assert example_blocks(text) == [["leadscreen x a.csv --flag 1", "LEADSCREEN_KEY=k leadscreen x b.csv  # keyed"]]
    assert all(runs(line, "leadscreen x") for line in example_blocks(text)[0])
    assert not runs("curl http://127.0.0.1:8700/", "leadscreen x")
    assert example_blocks("Usage: leadscreen x\n\n  Do x.\n") == []


# -- documents named in the code -------------------------------------------------------------------

DOC_REFERENCE = re.compile(r"docs/[\w./-]+?\.md")


def _texts_that_cite_documents() -> list[Path]:
    code = [path for folder in (*PACKAGES, "tests", "benchmarks") for path in (ROOT / folder).rglob("*.py")]
    samples = [*(ROOT / "sample_lists").glob("*.md"), *(ROOT / "sample_lists").glob("*.toml")]
    return [*code, ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *samples]


def test_every_docs_file_named_in_the_code_exists():
    # code, tests and documents cite only documents the repository has (not, say, a file beside it)
    named = {
        (reference, path.relative_to(ROOT).as_posix())
        for path in _texts_that_cite_documents()
        for reference in DOC_REFERENCE.findall(path.read_text(encoding="utf-8"))
    }
    assert named, "the pattern found nothing: it no longer matches how the code names documents"
    missing = sorted((reference, where) for reference, where in named if not (ROOT / reference).is_file())
    assert missing == []
    outside_the_repository = "shared/" + "reference"  # spelled apart: this file is searched too
    outside = [path.name for path in _texts_that_cite_documents() if outside_the_repository in path.read_text("utf-8")]
    assert outside == []  # facts from outside the repository are written into docs/number-rules.md


def test_the_example_in_docs_policy_parses():
    from screen.config.policy import parse_policy

    text = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    examples = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    assert examples, "docs/policy.md has no ```toml example"
    policy = parse_policy(examples[0], source="docs/policy.md")
    assert policy.campaigns and policy.organization and policy.holidays and policy.redact_entities


def test_the_readme_names_every_debian_package_ci_installs():
    """A new user sets up what CI sets up: fonts-noto-cjk was missing, and the report's Chinese was boxes."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = {name for group in re.findall(r"missing\+=\(([^)]*)\)", ci) for name in group.split()}
    assert {"chromium", "fonts-noto-cjk", "openjdk-17-jre-headless", "postgresql"} <= packages
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sorted(name for name in packages if f"`{name}`" not in readme) in ([], ["kamailio-utils-modules"])
