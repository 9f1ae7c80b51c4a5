"""Data-subject requests: `ledger show PHONE` and `dnc list` (issue 11, round edges)."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner
from predial_support import CONSENTED, NOBODY, digest

from screen.cli.main import main


def run(*args):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


def test_ledger_show_lists_everything_about_one_number_masked(workdir):
    run("ledger", "withdraw", CONSENTED, "--at", "2026-03-01T12:00", "--source", "hotline")
    run(
        "ledger",
        "outcome",
        CONSENTED,
        "--campaign",
        "insurance_sales",
        "--outcome",
        "refused",
        "--at",
        "2026-03-02T10:00",
    )
    run("dnc", "add", CONSENTED, "--reason", "asked on 13812345678 call")
    run("dnc", "remove", CONSENTED, "--reason", "entered by mistake")
    run("dnc", "add", CONSENTED, "--reason", "asked again")
    result = run("ledger", "show", CONSENTED)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "138****5678"
    assert "consents: 1" in lines and "withdrawals: 1" in lines and "call outcomes: 1" in lines
    assert any("2026-03-01T10:00:00+08:00" in line and "保险销售" in line for line in lines)
    assert any("2026-03-01T12:00:00+08:00  source hotline" in line for line in lines)
    assert any(line.startswith("do-not-call: listed since") and "asked again" in line for line in lines)
    assert "do-not-call removals: 1" in lines
    assert any("insurance_sales" in line and "refused" in line for line in lines)
    assert CONSENTED not in result.output and digest(CONSENTED) not in result.output


def test_ledger_show_of_an_unknown_number_and_a_bad_one(workdir):
    nothing = run("ledger", "show", NOBODY)
    assert nothing.exit_code == 0
    assert "consents: 0" in nothing.stdout and "do-not-call: not listed" in nothing.stdout
    bad = run("ledger", "show", "12345")
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1 and "12345" not in bad.stderr


def test_dnc_list_gives_digests_and_says_why(workdir):
    run("dnc", "add", CONSENTED, NOBODY, "--reason", "complaint 13812345678")
    result = run("dnc", "list")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["phone_digest"] for row in rows} == {digest(CONSENTED), digest(NOBODY)}
    assert {row["reason"] for row in rows} == {"complaint 138****5678"}  # stored masked (issue 24)
    assert "stores no numbers" in result.stderr
    assert CONSENTED not in result.output and NOBODY not in result.output
    assert len(list(csv.DictReader(io.StringIO(run("dnc", "list", "--limit", "1").stdout)))) == 1
