"""What the ledger and screening keep must not be forged nor leak (issue 24, items 2, 3, 4 and 5):
free text is redacted before it is stored, report.json is signed, phone tokens name their key,
and everything written is private."""

from __future__ import annotations

import json
import os
import stat

import pytest
import screen_helpers as h
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from predial_support import COLLECTIONS_ONLY, CONSENTED, KEY, digest
from strategies import filler, mobiles

from screen.cli.main import main
from screen.config.keys import key_fingerprint, phone_digest, phone_token
from screen.ledger.store import Ledger

OTHER_KEY = b"c1e0a8f3d2b4e6a7c9d8f0b1a2c3e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1"
RAW = "15836706509"


def cli(*args, **kwargs):
    return CliRunner().invoke(main, [*map(str, args)], **kwargs)


# -- item 2: free text is redacted before the ledger or its audit trail keeps it -------------------


@pytest.mark.parametrize(
    ("reason", "kept"),
    [
        (f"客户{RAW}来电投诉", "客户158****6509来电投诉"),
        ("客户幺五八 三六七零 六五零九来电", "客户158****6509来电"),  # spoken digits
        ("身份证11010519491231002X 要求删除", "身份证110105********002X 要求删除"),
        ("asked on a call", "asked on a call"),
        ("ticket 4411, 2026-11-20", "ticket 4411, 2026-11-20"),
    ],
)
def test_a_number_typed_into_a_reason_is_stored_masked_on_both_backends(any_ledger, reason, kept):
    with Ledger.open(any_ledger, KEY) as ledger:
        ledger.add_dnc([digest(CONSENTED)], reason=reason, source=f"operator call {RAW}")
        ledger.remove_dnc([digest(CONSENTED)], reason=f"re-listed by mistake {RAW}", source="cli")
        ledger.add_dnc([digest(CONSENTED)], reason=reason, source="cli")
        entry = ledger.history(digest(CONSENTED))
    assert entry.dnc.reason == kept
    [(_when, removal_reason, removal_source)] = entry.dnc_removals
    assert removal_reason == "re-listed by mistake 158****6509" and RAW not in removal_source


def test_dnc_add_on_the_command_line_stores_and_audits_no_raw_number(workdir):
    added = cli("dnc", "add", RAW, "--reason", f"客户{RAW}来电投诉")
    assert added.exit_code == 0, added.output
    with Ledger.open(workdir / "leadscreen.db", KEY) as ledger:
        reasons = [entry.reason for entry in ledger.dnc_entries()]
    assert "客户158****6509来电投诉" in reasons
    stored = b"".join(path.read_bytes() for path in workdir.glob("leadscreen.db*") if path.is_file())
    audit = b"".join(path.read_bytes() for path in (workdir / "leadscreen.db-audit").rglob("*.csv"))
    assert RAW.encode() not in stored + audit and "客户***来电投诉".encode() in audit


# -- item 3: ledger import takes only a report screening signed with the ledger's key -------------


@pytest.fixture
def screened(workdir):
    """A list screened with the ledger's key, and a bought list of 6 rows beside it."""
    (workdir / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")
    rows = [h.good_row(index) for index in range(4)]
    listed = h.write_list(workdir / "leads.csv", rows)
    h.write_manifest(listed, len(rows))
    result = cli("screen", "leads.csv", "--campaign", "leads", "--out-dir", "out", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    bought = h.write_list(workdir / "bought.csv", [h.good_row(index) for index in range(10, 16)])
    return workdir / "out", bought


def _forge(report_path, accepted):
    import hashlib

    report = json.loads(report_path.read_text(encoding="utf-8"))
    report["outputs"]["accepted_sha256"] = hashlib.sha256(accepted.read_bytes()).hexdigest()
    return report


@pytest.mark.parametrize(
    "attack",
    [
        "digest swapped",  # the repro: a real report, the bought list's SHA-256
        "signature removed",
        "count changed",
        "signed with another key",
    ],
)
def test_a_forged_report_does_not_import_a_bought_list(screened, attack):
    from screen.lists.signature import sign_report

    out, bought = screened
    report = _forge(out / "report.json", bought)
    if attack == "signature removed":
        del report["signature"]
    elif attack == "count changed":
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        report["rows_accepted"] += 1
        bought = out / "accepted.csv"
    elif attack == "signed with another key":
        sign_report(report, OTHER_KEY)
    (out / "forged.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    result = cli("ledger", "import", bought, "--report", out / "forged.json")
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "nothing imported" in line and ("not signed" in line or "does not verify" in line)
    with Ledger.open("leadscreen.db", KEY) as ledger:
        assert not {phone_digest(KEY, row["phone"]) for row in [h.good_row(i) for i in range(10, 16)]} & {
            entry for entry in ledger.dnc_digests()
        }
        assert ledger.counts()["consents"] == 4  # the fixture ledger's own consents only


def test_the_real_report_imports_and_a_report_screened_without_a_key_is_refused(screened, monkeypatch):
    out, _bought = screened
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["signature"]["key_fingerprint"] == key_fingerprint(KEY)
    imported = cli("ledger", "import", out / "accepted.csv")
    assert imported.exit_code == 0 and imported.stdout.startswith("4 rows: 4 consents added")
    monkeypatch.delenv("LEADSCREEN_KEY")
    assert cli("screen", "leads.csv", "--campaign", "leads", "--out-dir", "unsigned", "--db", "none.db").exit_code == 0
    assert "signature" not in json.loads((out.parent / "unsigned" / "report.json").read_text(encoding="utf-8"))
    monkeypatch.setenv("LEADSCREEN_KEY", KEY.decode())
    refused = cli("ledger", "import", out.parent / "unsigned" / "accepted.csv")
    assert refused.exit_code == 2 and "is not signed" in refused.stderr


# -- item 4: phone tokens carry the key's fingerprint ---------------------------------------------


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (phone_token(OTHER_KEY, COLLECTIONS_ONLY), "made with another key"),
        (f"<CN_PHONE_NUMBER:h:{phone_digest(KEY, COLLECTIONS_ONLY)}>", "without a key fingerprint"),
        (f"<CN_PHONE_NUMBER:h:{phone_digest(OTHER_KEY, COLLECTIONS_ONLY)}>", "without a key fingerprint"),
    ],
)
def test_tokens_from_another_key_or_without_a_fingerprint_are_refused(workdir, token, message):
    (workdir / "tokens.txt").write_text(f"{phone_token(KEY, CONSENTED)}\n{token}\n", encoding="utf-8")
    (workdir / "calls.jsonl").write_text(json.dumps({"phone": token, "text": "别再打了"}) + "\n", encoding="utf-8")
    for command in (
        ("dnc", "import", "tokens.txt", "--reason", "hashed opt-outs"),
        ("optouts", "calls.jsonl"),
    ):
        result = cli(*command)
        assert result.exit_code == 2 and result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        assert message in line and ("row 2" in line or "calls.jsonl:1" in line)
    with Ledger.open(workdir / "leadscreen.db", KEY) as ledger:
        assert not ledger.dnc_digests()  # nothing half-imported


def test_tokens_of_the_current_key_still_work(workdir):
    token = phone_token(KEY, COLLECTIONS_ONLY)
    assert token.startswith(f"<CN_PHONE_NUMBER:h:{key_fingerprint(KEY)}:")
    (workdir / "calls.jsonl").write_text(json.dumps({"phone": token, "text": "别再打了"}) + "\n", encoding="utf-8")
    assert cli("optouts", "calls.jsonl", "--dry-run", env={"LEADSCREEN_KEY": ""}).exit_code == 0  # needs no key
    assert cli("optouts", "calls.jsonl").exit_code == 0
    with Ledger.open(workdir / "leadscreen.db", KEY) as ledger:
        assert ledger.dnc_digests() == {phone_digest(KEY, COLLECTIONS_ONLY)}


# -- item 5: everything written is private, whatever the umask ------------------------------------


@pytest.fixture
def permissive_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def _modes(folder):
    return {
        path.relative_to(folder).as_posix(): stat.S_IMODE(path.stat().st_mode) for path in [folder, *folder.rglob("*")]
    }


def test_outputs_and_audit_folders_are_private_under_umask_000(workdir, permissive_umask):
    (workdir / "leadscreen.toml").write_text(h.POLICY_TOML, encoding="utf-8")
    listed = h.write_list(workdir / "leads.csv", [h.good_row(index) for index in range(4)])
    h.write_manifest(listed, 4)
    screened = cli("screen", "leads.csv", "--campaign", "leads", "--out-dir", "deep/out", "--as-of", "2026-11-20")
    assert screened.exit_code == 0, screened.output
    assert cli("dnc", "add", CONSENTED, "--reason", "asked").exit_code == 0
    assert cli("audit", "export", "--since", "2000-01-01", "--changes", "-o", "changes.csv").exit_code == 0
    written = {
        **{f"deep/{name}": mode for name, mode in _modes(workdir / "deep").items()},
        **{f"audit/{name}": mode for name, mode in _modes(workdir / "leadscreen.db-audit").items()},
        "changes.csv": stat.S_IMODE((workdir / "changes.csv").stat().st_mode),
    }
    folders = {name for name in written if not name.endswith((".csv", ".json"))}
    assert {written[name] for name in folders} == {0o700}, written
    assert {mode for name, mode in written.items() if name not in folders} == {0o600}, written
    assert "deep/out/report.json" in written and any(name.startswith("audit/changes/") for name in written)


@settings(max_examples=150, deadline=None)
@given(number=mobiles(), before=filler(0, 8), after=filler(0, 8), spoken=st.booleans())
def test_no_mobile_number_typed_into_free_text_survives(number, before, after, spoken):
    from screen.ledger.free_text import redacted_note

    digits = "幺二三四五六七八九零"
    written = "".join(digits["1234567890".index(c)] for c in number) if spoken else number
    kept = redacted_note(f"{before}客户{written}{after}")
    assert number not in kept and written not in kept and number[-4:] in kept  # masked, not dropped
