"""A throwaway PostgreSQL cluster for tests and the benchmark: initdb in a temporary folder, run as
the ``postgres`` user when started by root (the server refuses to run as root), on a free
loopback port, its socket in the same folder; removed when stopped.

Each test gets a fresh database (:meth:`Cluster.new_database`).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_DIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)


def server_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or ``None`` where no PostgreSQL server is installed."""
    for folder in BIN_DIRS:
        if os.access(os.path.join(folder, "pg_ctl"), os.X_OK) and os.access(os.path.join(folder, "initdb"), os.X_OK):
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found and shutil.which("initdb") else None


SKIP_REASON = "no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One server; :meth:`start`, :meth:`stop`, :meth:`remove`."""

    def __init__(self, settings: dict[str, str] | None = None, password: str | None = None):
        self.password = password
        self.bin = server_bin()
        if self.bin is None:
            raise RuntimeError(SKIP_REASON)
        self.folder = Path(tempfile.mkdtemp(prefix="leadscreen-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        self._names = itertools.count(1)
        self.settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "fsync": "off",  # a test cluster: speed over crash safety
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "100",
            **(settings or {}),
        }

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run(
            [*prefix, *command], check=check, capture_output=True, text=True, cwd=self.folder, timeout=120
        )

    def init(self) -> Cluster:
        if self.user:
            shutil.chown(self.folder, self.user)
            self.folder.chmod(0o755)
        auth = ["-A", "trust"]
        if self.password:  # password authentication over TCP (the socket stays trusted, for set-up)
            password_file = self.folder / "initdb-password"
            password_file.write_text(self.password + "\n", encoding="utf-8")
            if self.user:
                shutil.chown(password_file, self.user)
            auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={password_file}"]
        self._run(str(self.bin / "initdb"), "-D", str(self.data), *auth, "-U", "postgres", "-E", "UTF8")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            for name, value in self.settings.items():
                conf.write(f"{name} = {value}\n")
        return self

    def running(self) -> bool:
        return self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "status", check=False).returncode == 0

    def start(self) -> None:
        if self.running():
            return
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-t", "20", "-w", "stop", check=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, password=self.password) as connection:
            connection.execute(statement)

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"ledger_{next(self._names)}"
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database :meth:`new_database` made (and its connections): a session makes
        hundreds, and removing the cluster's folder would otherwise take half a minute."""
        self.sql(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(settings: dict[str, str] | None = None, password: str | None = None) -> Cluster:
    cluster = Cluster(settings, password).init()
    cluster.start()
    return cluster
