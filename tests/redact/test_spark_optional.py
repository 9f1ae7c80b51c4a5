"""pyspark is an optional extra: the package and the local redaction path never import it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import screen, screen.redact, screen.redact.spark, screen.cli.main
from screen.redact.jobs import RedactSettings
from screen.redact.run import run_redaction
summary = run_redaction(sys.argv[1], sys.argv[2], "jsonl", RedactSettings(), workers=1)
assert summary.records_out > 0, summary
print(sorted(name for name in sys.modules if name.split(".")[0] in ("pyspark", "py4j", "pandas")))
"""


def test_import_and_local_redaction_do_not_import_pyspark(tmp_path):
    calls = ROOT / "sample_lists" / "transcripts" / "calls.jsonl"
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(calls), str(tmp_path / "out.jsonl")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert completed.stdout.strip() == "[]"


def test_the_spark_extra_brings_pyspark():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any(requirement.startswith("pyspark") for requirement in extras["spark"])
    assert "leadscreen[spark]" in extras["test"]  # CI's one install command tests the Spark engine too


@pytest.mark.parametrize(
    ("master", "under_spark_submit", "local"),
    [
        ("local[2]", False, True),
        ("local[*]", True, True),
        ("yarn", False, False),
        ("k8s://https://api.example:6443", False, False),
        (None, False, True),  # plain python: pyspark's local[*]
        (None, True, False),  # spark-submit's session keeps its cluster settings
    ],
)
def test_only_a_session_on_this_machine_gets_the_local_settings(monkeypatch, master, under_spark_submit, local):
    from screen.redact.spark.session import _runs_here

    if under_spark_submit:
        monkeypatch.setenv("PYSPARK_GATEWAY_PORT", "40000")
    else:
        monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    assert _runs_here(master) is local


@pytest.mark.parametrize("missing", ["pyspark", "pyarrow", "pandas"])
def test_the_spark_engine_without_its_extra_is_a_one_line_error(tmp_path, monkeypatch, missing):
    """`redact --engine spark` on a machine without the spark extra says how to install it (exit
    2, one line), rather than a traceback from deep inside the engine."""
    import importlib.util

    from click.testing import CliRunner

    from screen.cli.main import main

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == missing else real_find_spec(name, *a)
    )
    for name in [name for name in sys.modules if name.startswith("screen.redact.spark")]:
        monkeypatch.delitem(sys.modules, name)  # so the package checks again when imported
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "手机13812345678"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "out"), "--engine", "spark"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"leadscreen: error: the Spark engine needs {missing}; install it with: pip install 'leadscreen[spark]'"
    )
    assert not (tmp_path / "out").exists()
