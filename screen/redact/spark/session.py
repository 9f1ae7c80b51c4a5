"""The Spark session, and the secret key's way to the executors.

The key never travels inside a task: a closure-captured key would sit in every serialized task
(and a literal in the query plan). The driver writes it to a private file and ships that file with
``SparkContext.addFile``; the tasks carry only the file's random name, and each executor reads the
key from its own copy (``SparkFiles.get``) when it builds its redactor — once per Python worker,
which Spark reuses across tasks.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import re
import secrets
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator

from screen.errors import InputError, LeadscreenError, UsageError
from screen.redact.jobs import RedactSettings

KEY_FILE_PREFIX = "leadscreen-key-"
SMALL_OPEN_COST = 64 << 10  # bytes; Spark's 4 MiB default keeps a file under 8 MiB in one partition
_SPARK_HINT = "install it with: pip install 'leadscreen[spark]'"


# What the spark extra brings (pyproject.toml), each checked before it is first imported.
SPARK_EXTRA_MODULES = ("pyspark", "pyarrow", "pandas")


def require_spark_extra() -> None:
    """:class:`UsageError` saying how to install the spark extra when one of its modules is
    missing, rather than an ImportError from deep inside the engine."""
    import importlib.util

    for name in SPARK_EXTRA_MODULES:
        if importlib.util.find_spec(name) is None:
            raise UsageError(f"the Spark engine needs {name}; {_SPARK_HINT}")


# What ``--master`` may be, as Spark documents it: local, local[N], local[*], local[N,F],
# local-cluster[N,C,M], spark://HOST:PORT[,HOST:PORT…], yarn, k8s://… and mesos://….
_MASTER = re.compile(
    r"local(?:\[(?:\*|[1-9][0-9]*)(?:,[1-9][0-9]*)?\])?"
    r"|local-cluster\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\]"
    r"|spark://[^\s/,]+(?:,[^\s/,]+)*"
    r"|yarn|k8s://\S+|mesos://\S+"
)
# How long a standalone master may take to accept a connection before it counts as unreachable
# (Spark itself retries registering for a minute and more before giving up).
MASTER_CONNECT_SECONDS = 5.0
SPARK_MASTER_PORT = 7077
# Files the job writes (part files, the _SUCCESS marker, checksums) are private: 0600, folders 0700.
PRIVATE_UMASK = "077"


def check_master(master: str | None) -> None:
    """Refuse a master URL Spark would fail on after a long start (``bogus://x``, ``local[0]``),
    and a standalone master nobody answers at, before any JVM starts: :class:`UsageError`."""
    if master is None:
        return
    if not _MASTER.fullmatch(master):
        raise UsageError(
            f"{master!r} is not a Spark master URL; use local[N], local[*], spark://HOST:PORT, yarn or k8s://…",
            parameter="master",
        )
    if master.startswith("spark://"):
        hosts = master.removeprefix("spark://").split(",")
        reasons = [_unreachable(host) for host in hosts]
        if all(reasons):
            raise UsageError(f"cannot reach the Spark master {master} ({reasons[0]})", parameter="master")


def _unreachable(host_port: str) -> str | None:
    """Why a TCP connection to ``HOST[:PORT]`` fails within :data:`MASTER_CONNECT_SECONDS`, or None."""
    host, _, port = host_port.rpartition(":") if ":" in host_port else (host_port, "", str(SPARK_MASTER_PORT))
    if not port.isdigit():
        return f"{port!r} is not a port"
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=MASTER_CONNECT_SECONDS):
            return None
    except TimeoutError:
        return f"no answer within {MASTER_CONNECT_SECONDS:g} s"
    except OSError as error:
        return error.strerror or type(error).__name__


@contextlib.contextmanager
def spark_errors(input_path: str | None = None) -> Iterator[None]:
    """Turn what Spark raises (Java exceptions through Py4J, PySpark's own) into one line:
    :class:`InputError` for an input that is not there, :class:`LeadscreenError` otherwise. The
    line is the exception's own message, not the Java stack; long digit runs in it are masked."""
    try:
        yield
    except LeadscreenError:
        raise
    except Exception as error:
        if not _from_spark(error):
            raise
        message = _one_line(error)
        if "PATH_NOT_FOUND" in message or "Path does not exist" in message:
            raise InputError(f"cannot read {input_path or 'the input'}: no such file or folder") from None
        raise LeadscreenError(f"the Spark job failed: {message}") from None


def _from_spark(error: Exception) -> bool:
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return isinstance(error, PySparkException | Py4JError)


_JAVA_MESSAGE = re.compile(r"^(?:Caused by: )?[\w.$]+(?:Exception|Error): (.+)$", re.MULTILINE)
_LONG_DIGITS = re.compile(r"[0-9]{7,}")


def _one_line(error: Exception) -> str:
    text = str(error)
    found = _JAVA_MESSAGE.search(text)
    line = found.group(1) if found else next((part for part in text.splitlines() if part.strip()), type(error).__name__)
    line = _LONG_DIGITS.sub("***", line.strip())
    return line if len(line) <= 300 else line[:299] + "…"


@contextlib.contextmanager
def stopped_at_exit() -> Iterator[None]:
    """Stop, at the end, a Spark session started inside this block (not one that was running
    before it): stopping removes Spark's copy of the shipped key file from its user-file folder."""
    from pyspark.sql import SparkSession

    before = SparkSession.getActiveSession()
    try:
        yield
    finally:
        started = SparkSession.getActiveSession()
        if started is not None and started is not before:
            started.stop()


def spark_session(master: str | None = None, local_settings: bool = True):
    """The running SparkSession, or a new one on ``master`` (spark-submit's when None).

    A new local session gets the settings a single machine wants: no web UI or progress bar, few
    shuffle partitions, small files split among the cores, this Python for its workers, UTC
    session time (dates are written as the local path writes them). Every new session writes
    private files (umask 077)."""
    require_spark_extra()
    from pyspark.sql import SparkSession

    if SparkSession.getActiveSession() is not None:
        return SparkSession.getActiveSession()
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise UsageError("the Spark engine needs Java 17 or later (no java on PATH and no JAVA_HOME)")
    check_master(master)
    builder = SparkSession.builder.appName("leadscreen").config("spark.hadoop.fs.permissions.umask-mode", PRIVATE_UMASK)
    if master:
        builder = builder.master(master)
    if local_settings and _runs_here(master):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers need this venv's packages
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            # redaction is CPU-bound: split even a small file among the cores (at its row groups)
            .config("spark.sql.files.openCostInBytes", str(SMALL_OPEN_COST))
        )
    with spark_errors():
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _runs_here(master: str | None) -> bool:
    """True for a local master, or none outside spark-submit (which then means ``local[*]``);
    a session spark-submit configures keeps its own settings."""
    if master:
        return master.startswith("local")
    return "PYSPARK_GATEWAY_PORT" not in os.environ


def ship_key(spark, key: bytes) -> str:
    """Ship ``key`` to every executor as a file; the file's name (random, not secret)."""
    folder = tempfile.mkdtemp(prefix="leadscreen-spark-")
    atexit.register(shutil.rmtree, folder, True)
    name = KEY_FILE_PREFIX + secrets.token_hex(8)
    path = os.path.join(folder, name)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    spark.sparkContext.addFile(path)
    return name


def without_key(spark, settings: RedactSettings) -> tuple[RedactSettings, str | None]:
    """``settings`` with the key taken out, and the name of the shipped key file (None: no key)."""
    if settings.key is None:
        return settings, None
    return dataclasses.replace(settings, key=None), ship_key(spark, settings.key)


_REDACTORS: dict = {}


def executor_redactor(settings: RedactSettings, key_name: str | None):
    """The redactor of this worker process for ``settings``: built once, then reused by every
    batch and task (the recognizers are not rebuilt per row or per partition)."""
    cache_key = (settings, key_name)
    redactor = _REDACTORS.get(cache_key)
    if redactor is None:
        if key_name is not None:
            from pyspark import SparkFiles

            with open(SparkFiles.get(key_name), "rb") as handle:
                settings = dataclasses.replace(settings, key=handle.read())
        redactor = settings.build()
        _REDACTORS.clear()  # one job's settings at a time: no key outlives its job in memory
        _REDACTORS[cache_key] = redactor
    return redactor
