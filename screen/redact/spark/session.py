"""The Spark session, and the secret key's way to the executors.

The key never travels inside a task: a closure-captured key would sit in every serialized task
(and a literal in the query plan). The driver writes it to a private file and ships that file with
``SparkContext.addFile``; the tasks carry only the file's random name, and each executor reads the
key from its own copy (``SparkFiles.get``) when it builds its redactor — once per Python worker,
which Spark reuses across tasks.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import secrets
import shutil
import sys
import tempfile

from screen.errors import UsageError
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


def spark_session(master: str | None = None, local_settings: bool = True):
    """The running SparkSession, or a new one on ``master`` (spark-submit's when None).

    A new local session gets the settings a single machine wants: no web UI or progress bar, few
    shuffle partitions, small files split among the cores, this Python for its workers, UTC
    session time (dates are written as the local path writes them)."""
    require_spark_extra()
    from pyspark.sql import SparkSession

    if SparkSession.getActiveSession() is not None:
        return SparkSession.getActiveSession()
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise UsageError("the Spark engine needs Java 17 or later (no java on PATH and no JAVA_HOME)")
    builder = SparkSession.builder.appName("leadscreen")
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
