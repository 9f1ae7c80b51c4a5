"""`redact --engine spark` mistakes are one line and exit 2, found before Spark starts where they
can be; the files Spark writes are private; the CLI stops the session it started (#24 item 10)."""

from __future__ import annotations

import socket
import stat

import polars as pl
import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.errors import UsageError
from screen.redact.spark.session import check_master

VALID_MASTERS = [
    "local",
    "local[1]",
    "local[*]",
    "local[4,2]",
    "local[*,3]",
    "local-cluster[2,1,1024]",
    "yarn",
    "k8s://https://api.example:6443",
]
BAD_MASTERS = ["bogus://x", "local[0]", "local[-1]", "local[x]", "local[2", "spark//host:7077", "", "yarn-client"]


@pytest.mark.parametrize("master", VALID_MASTERS)
def test_master_urls_spark_takes_are_taken(master):
    check_master(master)


@pytest.mark.parametrize("master", BAD_MASTERS)
def test_a_master_url_spark_would_fail_on_is_refused_at_once(master):
    with pytest.raises(UsageError, match="is not a Spark master URL") as raised:
        check_master(master)
    assert raised.value.parameter == "master"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nobody listens there


def test_a_standalone_master_nobody_answers_at_is_refused_before_spark_starts():
    master = f"spark://127.0.0.1:{_closed_port()}"
    with pytest.raises(UsageError, match=r"cannot reach the Spark master .*refused"):
        check_master(master)


def test_a_standalone_master_that_listens_is_taken():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        check_master(f"spark://127.0.0.1:{listener.getsockname()[1]}")


@pytest.fixture
def no_spark(monkeypatch):
    """Fail the test if a Spark session is asked for: these mistakes are found before."""

    def started(*args, **kwargs):
        raise AssertionError("Spark was started")

    monkeypatch.setattr("screen.redact.spark.files.spark_session", started)
    monkeypatch.setattr("screen.redact.spark.session.spark_session", started)


def _parquet(tmp_path):
    path = tmp_path / "calls.parquet"
    pl.DataFrame({"text": ["手机13812345678", "你好"]}).write_parquet(path)
    return path


def _redact(*args: str):
    return CliRunner().invoke(main, ["redact", *args])


def _one_line(result, *words: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadscreen: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("master", ["bogus://x", "local[0]"])
def test_the_cli_refuses_a_bad_master_in_one_line(tmp_path, no_spark, master):
    result = _redact(str(_parquet(tmp_path)), "-o", str(tmp_path / "out"), "--engine", "spark", "--master", master)
    _one_line(result, "not a Spark master URL", "(see --master)")


def test_the_cli_refuses_an_unreachable_master_in_one_line(tmp_path, no_spark):
    master = f"spark://127.0.0.1:{_closed_port()}"
    result = _redact(str(_parquet(tmp_path)), "-o", str(tmp_path / "out"), "--engine", "spark", "--master", master)
    _one_line(result, "cannot reach the Spark master")


def test_a_missing_input_is_one_line_before_spark_starts(tmp_path, no_spark):
    result = _redact(str(tmp_path / "absent.parquet"), "-o", str(tmp_path / "out"), "--engine", "spark")
    _one_line(result, "absent.parquet", "no such file or folder")


def test_a_format_spark_does_not_read_names_the_input_format_option(tmp_path, no_spark):
    source = tmp_path / "call.txt"
    source.write_text("手机13812345678\n", encoding="utf-8")
    line = _one_line(_redact(str(source), "-o", str(tmp_path / "out"), "--engine", "spark"), "--input-format")
    assert "--fmt" not in line


# -- with a running session -----------------------------------------------------------------------


def test_a_missing_input_spark_finds_is_one_line(spark, tmp_path):
    absent = (tmp_path / "absent.parquet").as_uri()  # a URI: not checked here, Spark finds it missing
    _one_line(_redact(absent, "-o", str(tmp_path / "out"), "--engine", "spark"), "no such file or folder")


def test_an_input_spark_cannot_read_is_one_line_without_the_java_stack(spark, tmp_path):
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet 13812345678 " * 10)
    line = _one_line(_redact(str(broken), "-o", str(tmp_path / "out"), "--engine", "spark"), "the Spark job failed")
    assert "13812345678" not in line and "\tat " not in line


def test_the_files_spark_writes_are_private(spark, tmp_path):
    out = tmp_path / "out"
    result = _redact(str(_parquet(tmp_path)), "-o", str(out), "--engine", "spark")
    assert result.exit_code == 0, result.output
    written = [out, *out.rglob("*")]
    assert any(path.name.startswith("part-") for path in written)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in written}
    assert {name: mode for name, mode in modes.items() if mode & 0o077} == {}


def test_the_cli_stops_a_session_it_started_and_leaves_a_running_one(monkeypatch):
    from pyspark.sql import SparkSession

    from screen.redact.spark.session import stopped_at_exit

    class Session:
        stopped = False

        def stop(self):
            self.stopped = True

    running, started = Session(), Session()
    sessions = iter([None, started])
    monkeypatch.setattr(SparkSession, "getActiveSession", staticmethod(lambda: next(sessions)))
    with stopped_at_exit():
        pass
    assert started.stopped
    monkeypatch.setattr(SparkSession, "getActiveSession", staticmethod(lambda: running))
    with pytest.raises(RuntimeError):
        with stopped_at_exit():
            raise RuntimeError("the job failed")
    assert not running.stopped
