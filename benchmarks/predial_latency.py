"""Pre-dial hook latency on a ledger of 10 million consented numbers and 1 million DNC entries.

Prints figures; it is not a test and asserts nothing. Steps:

1. load the ledger under ``benchmarks/out/`` through the real import path (an accepted Parquet
   file with ``--numbers`` rows, then ``--dnc`` do-not-call entries), reporting load times;
2. time ``Checker.check()`` in-process (with and without the audit trail);
3. start ``leadscreen serve`` on 127.0.0.1 (a free port) and report its resident memory;
4. from a second process, drive ``GET /v1/check`` over keep-alive connections at a fixed rate
   (open loop: latency is measured from the moment a request was *due*, so a stalled server
   cannot hide its queue), and print p50/p99/p99.9 and throughput.

The load generator only ever connects to 127.0.0.1, sends ``rate × duration`` requests at most,
and stops after ``duration`` plus a grace period whatever happens.

Usage::

    python benchmarks/predial_latency.py                       # 10M + 1M, 1,000 checks/s for 30 s
    python benchmarks/predial_latency.py --numbers 1000000 --dnc 100000 --duration 10
    python benchmarks/predial_latency.py --reuse               # keep the ledger of the last run
    python benchmarks/predial_latency.py --db postgresql://postgres@127.0.0.1:5432/bench
    python benchmarks/predial_latency.py --db postgresql --start-postgres   # its own throwaway cluster

With ``--db postgresql://...`` (or ``--start-postgres``, which starts a cluster in a temporary
folder, as the tests do, and removes it after) the same steps run on PostgreSQL and on an SQLite
file, with ``--servers`` servers (2 by default) sharing ``--rate`` between them, and the figures
are printed side by side.

Goals on 2 cores (issue #5): p99 <= 5 ms at 1,000 checks/s over HTTP, in-process check <= 20 µs,
10M numbers loaded in <= 60 s. On PostgreSQL (issue #14): 10M consents + 1M DNC loaded in <= 90 s,
two servers at 1,000 checks/s in total, p99 <= 5 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import random
import selectors
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "out" / "predial"
KEY = "0d9e4c7b2a6f18e35c0b7a9d2e4f61c83b5a7d9e0f2c4b6a8d1e3f5a7c9b0d2e"  # not secret: a benchmark
HOST = "127.0.0.1"  # the only address this benchmark ever connects to
PREFIXES = ("138", "139", "150", "186", "177", "199")
POLICY = """
organization = ["示例保险股份有限公司"]
[campaigns.bench]
purpose = "保险销售"
calling_hours = ["00:00-00:00"]   # the whole day: the benchmark measures the full allow path at any hour
max_calls_per_day = 3
refusal_cooldown_days = 180
"""


def number(index: int) -> str:
    """The index-th benchmark number: distinct for index < 6e8 (7919 is coprime with 10^8)."""
    return PREFIXES[index % len(PREFIXES)] + f"{(index // len(PREFIXES) * 7919 + 13) % 10**8:08d}"


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def rss_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


# -- 1. the ledger -------------------------------------------------------------------------------


def write_accepted_file(path: Path, rows: int) -> float:
    import polars as pl

    started = time.perf_counter()
    index = pl.int_range(rows, eager=True, dtype=pl.Int64)
    prefix = pl.Series(PREFIXES)[(index % len(PREFIXES)).cast(pl.UInt32)]
    tail = ((index // len(PREFIXES)) * 7919 + 13) % 10**8
    frame = pl.DataFrame(
        {
            "phone": prefix + tail.cast(pl.String).str.zfill(8),
            "name": pl.Series(["某某"] * rows),
            "consent_id": "C" + index.cast(pl.String),
            "consent_time": pl.Series(["2026-03-01 10:00:00", "2026-02-15 09:30:00", "2026-01-20 16:45:00"])[
                (index % 3).cast(pl.UInt32)
            ],
            "consent_channel": pl.Series(["web", "app"])[(index % 2).cast(pl.UInt32)],
            "consent_scope": pl.Series(["保险销售;保险续保"] * rows),
            "consent_recipient": pl.Series(["示例保险股份有限公司"] * rows),
            "list_id": "L" + (index // 1_000_000).cast(pl.String),
        }
    )
    frame.write_parquet(path)
    return time.perf_counter() - started


def load_ledger(db, numbers: int, dnc: int, write_file: bool = True) -> dict:
    from screen.ledger.imports import import_accepted
    from screen.ledger.store import Ledger

    postgres = isinstance(db, str)
    if not postgres:
        for stale in OUT.glob(db.name + "*"):
            if stale.is_file():
                stale.unlink()
    accepted = OUT / "accepted.parquet"
    figures = {"accepted_file_written_s": write_accepted_file(accepted, numbers)} if write_file else {}
    started = time.perf_counter()
    with Ledger.open(db, KEY.encode()) as ledger:
        if postgres and ledger.counts()["consents"]:
            raise SystemExit(f"{db} already holds a ledger: give the benchmark an empty database")
        report = import_accepted(
            ledger,
            accepted,
            "Asia/Shanghai",
            progress=lambda line: print(f"    {time.perf_counter() - started:6.1f} s  {line}", flush=True),
        )
        figures["consents_loaded_s"] = time.perf_counter() - started
        figures["consents_added"] = report.added
        started = time.perf_counter()
        # Half the DNC entries are consented numbers, half are numbers the ledger has never seen.
        half = dnc // 2
        digests = (ledger.digest(number(i * 17 % numbers)) for i in range(half))
        fresh = (ledger.digest(number(numbers + i)) for i in range(dnc - half))
        figures["dnc_added"] = ledger.add_dnc(digests, reason="benchmark", source="benchmark")
        figures["dnc_added"] += ledger.add_dnc(fresh, reason="benchmark", source="benchmark")
        figures["dnc_loaded_s"] = time.perf_counter() - started
        if postgres:
            figures["ledger_file_mb"] = ledger._db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
            figures["ledger_file_mb"] /= 1e6
        else:
            ledger._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if not postgres:
        figures["ledger_file_mb"] = db.stat().st_size / 1e6
    return figures


def baseline_row_by_row(accepted: Path, rows: int) -> dict:
    """The same consents loaded the plain way, for the ratio: hmac.digest and datetime parsing
    per row, then ``executemany`` of sorted rows into the ledger's table (one bound row at a
    time, 200,000 rows a transaction). Only the first ``rows`` rows: it is slow."""
    import hmac

    import polars as pl

    from screen.ledger.store import Ledger

    db = OUT / "baseline.db"
    for stale in OUT.glob(db.name + "*"):
        stale.unlink()
    frame = pl.read_parquet(accepted, n_rows=rows)
    started = time.perf_counter()
    key = KEY.encode()
    with Ledger.open(db, key) as ledger:
        terms = ledger.terms_id(("保险销售", "保险续保"), ("示例保险股份有限公司",), "L0", "web")
        shanghai = datetime.timezone(datetime.timedelta(hours=8))
        table = sorted(
            (
                hmac.digest(key, phone.encode(), "sha256"),
                consent_id,
                int(datetime.datetime.fromisoformat(when).replace(tzinfo=shanghai).timestamp()),
                terms,
            )
            for phone, consent_id, when in frame.select("phone", "consent_id", "consent_time").iter_rows()
        )
        insert = "INSERT INTO consents VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING"
        for start in range(0, len(table), 200_000):
            ledger._db.execute("BEGIN IMMEDIATE")
            ledger._db.executemany(insert, table[start : start + 200_000])
            ledger._db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    for stale in OUT.glob(db.name + "*"):
        stale.unlink()
    return {"rows": frame.height, "seconds": elapsed, "rows_per_s": frame.height / elapsed}


# -- 2. in-process checks --------------------------------------------------------------------------


def sample_phones(numbers: int, dnc: int, count: int, seed: int = 5) -> list[str]:
    """90 % consented numbers, 5 % DNC-only numbers, 5 % numbers the ledger does not know."""
    generator = random.Random(seed)
    phones = []
    for _ in range(count):
        roll = generator.random()
        if roll < 0.90:
            phones.append(number(generator.randrange(numbers)))
        elif roll < 0.95:
            phones.append(number(numbers + generator.randrange(max(1, dnc - dnc // 2))))
        else:
            phones.append(number(numbers + dnc + generator.randrange(10**6)))
    return phones


def measure_in_process(db, phones: list[str], with_audit: bool) -> dict:
    from screen.config.policy import parse_policy
    from screen.ledger.audit import AuditTrail
    from screen.predial.decision import Checker

    audit = AuditTrail(OUT / "inprocess-audit") if with_audit else None
    if audit:
        audit.start()
    checker = Checker(db, KEY.encode(), parse_policy(POLICY), audit=audit)
    for phone in phones[:2000]:  # open the ledger, fill the small caches
        checker.check(phone, "bench")
    passes = {}
    # First pass: the ledger's pages are in the OS page cache (it was just written) but not yet
    # mapped into this process. Second pass: the same numbers again, as a long-running server
    # would see them.
    for name in ("first_pass", "second_pass"):
        durations = []
        decisions = {"allow": 0, "deny": 0}
        clock = time.perf_counter
        started = clock()
        for phone in phones:
            before = clock()
            decision = checker.check(phone, "bench")
            durations.append(clock() - before)
            decisions[decision.decision] += 1
        elapsed = clock() - started
        durations.sort()
        passes[name] = {
            "checks": len(phones),
            "mean_us": elapsed / len(phones) * 1e6,
            "p50_us": percentile(durations, 0.5) * 1e6,
            "p99_us": percentile(durations, 0.99) * 1e6,
            "decisions": decisions,
        }
    if audit:
        audit.close()
    checker.close()
    return passes


# -- 3. the server -------------------------------------------------------------------------------


def start_server(db, policy: Path, name: str = "server") -> tuple[subprocess.Popen, int, float]:
    import httpx

    log_path = OUT / f"{name}.log"
    log = open(log_path, "wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "screen",
            "serve",
            "--host",
            HOST,
            "--port",
            "0",
            "--db",
            str(db),
            "--policy",
            str(policy),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "LEADSCREEN_KEY": KEY, "LEADSCREEN_AUDIT_DIR": str(OUT / f"{name}-audit")},
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        text = log_path.read_text(errors="replace")
        if f"listening on http://{HOST}:" in text:
            port = int(text.split(f"listening on http://{HOST}:")[1].split()[0])
            try:
                if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                    return process, port, time.perf_counter() - started
            except httpx.TransportError:
                pass
        selectors.DefaultSelector().select(0.05)
    process.kill()
    raise SystemExit(f"the server did not start:\n{log_path.read_text(errors='replace')}")


def server_side_latency(port: int) -> dict:
    """What the service's own histogram says: time inside the handler, without queueing or the network."""
    import httpx

    text = httpx.get(f"http://{HOST}:{port}/metrics", timeout=5).text
    buckets, total, count = {}, 0.0, 0
    for line in text.splitlines():
        if line.startswith("leadscreen_check_duration_seconds_bucket"):
            bound = line.split('le="')[1].split('"')[0]
            buckets[bound] = int(line.rsplit(" ", 1)[1])
        elif line.startswith("leadscreen_check_duration_seconds_sum"):
            total = float(line.rsplit(" ", 1)[1])
        elif line.startswith("leadscreen_check_duration_seconds_count"):
            count = int(line.rsplit(" ", 1)[1])
    return {
        "checks": count,
        "mean_ms": total / count * 1e3 if count else float("nan"),
        "share_le_1ms": buckets.get("0.001", 0) / count if count else float("nan"),
        "share_le_5ms": buckets.get("0.005", 0) / count if count else float("nan"),
    }


# -- 4. the load generator (runs in its own process) ----------------------------------------------


async def drive(port: int, phones: list[str], rate: float, duration: float, connections: int) -> dict:
    total = int(rate * duration)
    requests = [
        f"GET /v1/check?phone={phones[i % len(phones)]}&campaign=bench&format=text HTTP/1.1\r\n"
        f"Host: {HOST}\r\n\r\n".encode()
        for i in range(total)
    ]
    queue: asyncio.Queue = asyncio.Queue()
    latencies: list[float] = []
    failures = {"errors": 0, "non_200": 0}
    loop = asyncio.get_running_loop()

    async def worker():
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while True:
                item = await queue.get()
                if item is None:
                    return
                due, request = item
                try:
                    writer.write(request)
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line[:15].lower() == b"content-length:":
                            length = int(line[15:])
                    await reader.readexactly(length)
                    if not head.startswith(b"HTTP/1.1 200"):
                        failures["non_200"] += 1
                    latencies.append(loop.time() - due)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    failures["errors"] += 1
                    return
        finally:
            writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    await asyncio.sleep(0.2)  # let the connections open before the clock starts
    start = loop.time()
    for index, request in enumerate(requests):
        due = start + index / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, request))
        if loop.time() - start > duration + 10:
            break  # hard stop, whatever happened
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.wait(workers, timeout=30)
    elapsed = loop.time() - start
    latencies.sort()
    return {
        "latencies": latencies,
        "requests_sent": total,
        "responses": len(latencies),
        **failures,
        "seconds": elapsed,
        "throughput_per_s": len(latencies) / elapsed if elapsed else 0,
        "p50_ms": percentile(latencies, 0.5) * 1e3,
        "p99_ms": percentile(latencies, 0.99) * 1e3,
        "p999_ms": percentile(latencies, 0.999) * 1e3,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1e3,
    }


def drive_main(arguments) -> None:
    phones = json.loads(Path(arguments.phones_file).read_text())
    result = asyncio.run(drive(arguments.port, phones, arguments.rate, arguments.duration, arguments.connections))
    print(json.dumps(result))


# -- main ----------------------------------------------------------------------------------------


def http_load(dbs: list, arguments, phones: list[str], label: str) -> dict:
    """Start one server per entry of ``dbs``, drive them at ``rate / servers`` each, all at once."""
    policy = OUT / "bench-policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    figures: dict = {}
    servers = []
    try:
        for index, db in enumerate(dbs):
            process, port, startup = start_server(db, policy, f"{label}-server{index + 1}")
            servers.append((process, port))
            memory = rss_mb(process.pid)
            print(
                f"[{label}] server {index + 1}: pid {process.pid}, port {port}, ready in {startup:.2f} s, "
                f"RSS {memory['VmRSS']:.0f} MB",
                flush=True,
            )
        phones_file = OUT / "phones.json"
        phones_file.write_text(json.dumps(phones[:50_000]))
        rate = arguments.rate / len(servers)
        drivers = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--drive",
                    "--port",
                    str(port),
                    "--phones-file",
                    str(phones_file),
                    "--rate",
                    str(rate),
                    "--duration",
                    str(arguments.duration),
                    "--connections",
                    str(max(1, arguments.connections // len(servers))),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _, port in servers
        ]
        results = []
        for driver in drivers:
            out, err = driver.communicate(timeout=arguments.duration + 90)
            if driver.returncode != 0:
                raise SystemExit(f"load generator failed:\n{err}")
            results.append(json.loads(out.strip().splitlines()[-1]))
        latencies = sorted(value for result in results for value in result.pop("latencies"))
        figures["per_server"] = results
        seconds = max(result["seconds"] for result in results)
        figures["http"] = {
            "servers": len(servers),
            "rate_total": arguments.rate,
            "responses": len(latencies),
            "errors": sum(result["errors"] for result in results),
            "non_200": sum(result["non_200"] for result in results),
            "throughput_per_s": len(latencies) / seconds if seconds else 0,
            "p50_ms": percentile(latencies, 0.5) * 1e3,
            "p99_ms": percentile(latencies, 0.99) * 1e3,
            "p999_ms": percentile(latencies, 0.999) * 1e3,
            "max_ms": (latencies[-1] if latencies else float("nan")) * 1e3,
        }
        figures["server_side"] = [server_side_latency(port) for _, port in servers]
        figures["server_memory_mb_after"] = [rss_mb(process.pid) for process, _ in servers]
        http = figures["http"]
        print(
            f"[{label}] HTTP, {len(servers)} server(s) at {arguments.rate:,.0f}/s in total for {arguments.duration:.0f} s: "
            f"p50 {http['p50_ms']:.2f} ms, p99 {http['p99_ms']:.2f} ms, p99.9 {http['p999_ms']:.2f} ms, "
            f"max {http['max_ms']:.1f} ms; {http['throughput_per_s']:,.0f} responses/s; "
            f"{http['errors']} errors, {http['non_200']} non-200",
            flush=True,
        )
        for index, inside in enumerate(figures["server_side"]):
            print(
                f"[{label}] inside server {index + 1} (its /metrics histogram): {inside['checks']:,} checks, "
                f"{inside['share_le_1ms']:.2%} within 1 ms, {inside['share_le_5ms']:.2%} within 5 ms, "
                f"mean {inside['mean_ms']:.3f} ms",
                flush=True,
            )
    finally:
        for process, _ in servers:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    return figures


def measure_backend(label: str, db, arguments, phones: list[str], *, load: bool, write_file: bool) -> dict:
    """Load (unless reused), check in process, then drive ``--servers`` servers over HTTP."""
    figures: dict = {}
    if load:
        print(
            f"[{label}] loading {arguments.numbers:,} consents and {arguments.dnc:,} DNC entries into {db}", flush=True
        )
        figures["load"] = load_ledger(db, arguments.numbers, arguments.dnc, write_file=write_file)
        loaded = figures["load"]
        rate = arguments.numbers / loaded["consents_loaded_s"]
        print(
            f"[{label}]   consents: {loaded['consents_loaded_s']:.1f} s ({loaded['consents_added']:,} rows, "
            f"{rate:,.0f} rows/s); DNC: {loaded['dnc_loaded_s']:.1f} s "
            f"({loaded['dnc_added']:,} entries); together {loaded['consents_loaded_s'] + loaded['dnc_loaded_s']:.1f} s; "
            f"{'database' if label == 'postgresql' else 'file'} {loaded['ledger_file_mb']:,.0f} MB",
            flush=True,
        )
    # A check on PostgreSQL is a network round trip: fewer of them tell as much.
    checks = phones[: arguments.in_process_checks if label == "sqlite" else min(arguments.in_process_checks, 20_000)]
    for with_audit in (False, True):
        passes = measure_in_process(db, checks, with_audit)
        figures[f"in_process{'_with_audit' if with_audit else ''}"] = passes
        for name, result in passes.items():
            print(
                f"[{label}] in-process check{' + audit trail' if with_audit else ''}, {name.replace('_', ' ')}: "
                f"mean {result['mean_us']:.1f} µs, p50 {result['p50_us']:.1f} µs, p99 {result['p99_us']:.1f} µs "
                f"over {result['checks']:,} checks {result['decisions']}",
                flush=True,
            )
    figures.update(http_load([db] * arguments.servers, arguments, phones, label))
    return figures


def postgres_target(arguments):
    """The PostgreSQL URL to use, and the throwaway cluster started for it (or ``None``)."""
    if not arguments.start_postgres:
        return arguments.db, None
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_support import start_cluster

    # Sized for a 10-million-row ledger on a small machine: the indexes stay in memory; the
    # cluster is thrown away after the run, so durability settings are the test cluster's.
    cluster = start_cluster({"shared_buffers": "'1GB'", "max_wal_size": "'4GB'", "maintenance_work_mem": "'512MB'"})
    return cluster.new_database(), cluster


def summary(results: dict) -> None:
    """The figures of each backend side by side."""
    names = list(results)
    rows = [
        ("consents loaded (s)", lambda f: f.get("load", {}).get("consents_loaded_s")),
        ("DNC loaded (s)", lambda f: f.get("load", {}).get("dnc_loaded_s")),
        (
            "consents + DNC (s)",
            lambda f: f["load"]["consents_loaded_s"] + f["load"]["dnc_loaded_s"] if "load" in f else None,
        ),
        ("in-process check p50 (µs)", lambda f: f["in_process"]["second_pass"]["p50_us"]),
        ("in-process check p99 (µs)", lambda f: f["in_process"]["second_pass"]["p99_us"]),
        ("HTTP servers", lambda f: f["http"]["servers"]),
        ("HTTP responses/s", lambda f: f["http"]["throughput_per_s"]),
        ("HTTP p50 (ms)", lambda f: f["http"]["p50_ms"]),
        ("HTTP p99 (ms)", lambda f: f["http"]["p99_ms"]),
        ("HTTP p99.9 (ms)", lambda f: f["http"]["p999_ms"]),
        ("HTTP errors + non-200", lambda f: f["http"]["errors"] + f["http"]["non_200"]),
    ]
    print("\n" + f"{'':28}" + "".join(f"{name:>14}" for name in names))
    for title, value in rows:
        cells = []
        for name in names:
            figure = value(results[name])
            cells.append(
                f"{'-' if figure is None else format(figure, ',.1f' if isinstance(figure, float) else ','):>14}"
            )
        print(f"{title:28}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--numbers", type=int, default=10_000_000, help="consented numbers in the ledger")
    parser.add_argument("--dnc", type=int, default=1_000_000, help="do-not-call entries")
    parser.add_argument("--rate", type=float, default=1000, help="HTTP checks per second in total (fixed, open loop)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of HTTP load (at most 300)")
    parser.add_argument("--connections", type=int, default=8, help="keep-alive connections (shared among servers)")
    parser.add_argument("--in-process-checks", type=int, default=200_000)
    parser.add_argument(
        "--db",
        help="an empty PostgreSQL database, postgresql://USER@HOST:PORT/DBNAME, to compare with SQLite; "
        "'postgresql' with --start-postgres",
    )
    parser.add_argument(
        "--start-postgres", action="store_true", help="start a throwaway PostgreSQL cluster for the run and remove it"
    )
    parser.add_argument("--servers", type=int, help="serve processes sharing the load (default: 2 with --db, else 1)")
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=None,
        help="rows loaded the plain row-by-row way for the ratio (0: skip; default 1,000,000 without --db)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the SQLite ledger from the last run if its size matches"
    )
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--phones-file", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    arguments.duration = min(arguments.duration, 300)
    if arguments.drive:
        return drive_main(arguments)
    compare = bool(arguments.db or arguments.start_postgres)
    arguments.servers = arguments.servers or (2 if compare else 1)
    if arguments.baseline_rows is None:
        arguments.baseline_rows = 0 if compare else 1_000_000

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"ledger-{arguments.numbers}-{arguments.dnc}.db"
    figures: dict = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_average_before": os.getloadavg(),
    }
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    phones = sample_phones(arguments.numbers, arguments.dnc, max(arguments.in_process_checks, 50_000))
    reuse = arguments.reuse and db.exists()
    if reuse:
        print(f"ledger: reusing {db}", flush=True)
    results = {"sqlite": measure_backend("sqlite", db, arguments, phones, load=not reuse, write_file=True)}
    if arguments.baseline_rows and not reuse:
        baseline = figures["baseline_load"] = baseline_row_by_row(OUT / "accepted.parquet", arguments.baseline_rows)
        rate = arguments.numbers / results["sqlite"]["load"]["consents_loaded_s"]
        print(
            f"  baseline, row by row (hmac.digest, datetime, executemany) on the first {baseline['rows']:,} rows: "
            f"{baseline['rows_per_s']:,.0f} rows/s, so 10M would take {1e7 / baseline['rows_per_s']:.0f} s; "
            f"the import is {rate / baseline['rows_per_s']:.1f}x faster",
            flush=True,
        )
    if compare:
        url, cluster = postgres_target(arguments)
        try:
            results["postgresql"] = measure_backend(
                "postgresql",
                url,
                arguments,
                phones,
                load=True,
                write_file=reuse or not (OUT / "accepted.parquet").exists(),
            )
        finally:
            if cluster is not None:
                cluster.remove()
    figures["backends"] = results
    summary(results)
    figures["load_average_after"] = os.getloadavg()
    print(f"load average at end {os.getloadavg()[0]:.2f}", flush=True)
    (OUT / "predial_latency.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"figures written to {OUT / 'predial_latency.json'}")


if __name__ == "__main__":
    main()
