"""The project as a whole: packaging, CI, CLI help and the documents the code points to."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

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
