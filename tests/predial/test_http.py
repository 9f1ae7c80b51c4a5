"""The HTTP service: answers, writes seen at once, auth, failing closed, two processes on one ledger."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import httpx
import pytest

with warnings.catch_warnings():
    # Starlette 1.x suggests httpx2 for its test client; httpx is what the project declares.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

from predial_support import (
    ALL_NUMBERS,
    COLLECTIONS_ONLY,
    CONSENTED,
    KEY,
    NOBODY,
    POLICY,
    POLICY_TEXT,
    WORKDAY_10AM,
    file_bytes,
    make_ledger,
    start_server,
)

from screen.errors import UsageError
from screen.ledger.audit import audit_dir_for
from screen.ledger.store import OUTCOMES, Ledger
from screen.predial.http.app import check_bind, create_app
from screen.predial.http.service import MAX_BATCH, ServiceConfig
from screen.reasons import PREDIAL_HTTP_REASONS, PREDIAL_REASONS

TOKEN = "s3cret-token-for-tests-0123"


@pytest.fixture
def db(any_filled_ledger):
    """The filled ledger on each backend: the service answers the same on both."""
    return any_filled_ledger


def break_store(monkeypatch, method: str, replacement) -> None:
    """Make ``method`` of both ledger backends call ``replacement``."""
    from screen.ledger.postgres import PostgresLedger

    for backend in (Ledger, PostgresLedger):
        monkeypatch.setattr(backend, method, replacement)


def client_for(db, token=None, clock=lambda: WORKDAY_10AM):
    app = create_app(ServiceConfig(db_path=db, key=KEY, policy=POLICY, token=token), clock=clock)
    return TestClient(app)


@pytest.fixture
def client(db):
    with client_for(db) as made:
        yield made


def check(client, phone, campaign="insurance_sales", **params):
    return client.get("/v1/check", params={"phone": phone, "campaign": campaign, **params})


def test_check_json_and_text(client):
    answer = check(client, CONSENTED)
    assert answer.status_code == 200
    assert answer.json() == {
        "decision": "allow",
        "reasons": [],
        "phone_masked": "138****5678",
        "campaign": "insurance_sales",
        "checked_at": "2026-03-02T10:00:00.000+08:00",
        "policy_version": POLICY.version,
    }
    text = check(client, NOBODY, format="text")
    assert (text.status_code, text.text, text.headers["content-type"].split(";")[0]) == (
        200,
        "DENY no_consent",
        "text/plain",
    )
    assert check(client, CONSENTED, format="text").text == "ALLOW"


def test_missing_parameters_and_unknown_campaign_deny(client):
    assert client.get("/v1/check", params={"format": "text"}).text == "DENY unknown_campaign"
    assert check(client, CONSENTED, campaign="nope").json()["reasons"] == ["unknown_campaign"]
    assert check(client, "", format="text").text == "DENY number_invalid"


def test_opt_out_through_the_api_takes_effect_on_the_very_next_check(client):
    assert check(client, CONSENTED, format="text").text == "ALLOW"
    reply = client.post("/v1/outcomes", json={"phone": CONSENTED, "campaign": "insurance_sales", "outcome": "opt_out"})
    assert reply.json() == {"recorded": True, "phone_masked": "138****5678", "outcome": "opt_out", "dnc_added": True}
    assert check(client, CONSENTED, format="text").text == "DENY dnc_listed"
    assert check(client, CONSENTED, campaign="collections").json()["reasons"][0] == "dnc_listed"  # every campaign


def test_refusal_through_the_api_starts_the_cooldown(client):
    reply = client.post(
        "/v1/outcomes",
        json={
            "phone": CONSENTED,
            "campaign": "insurance_sales",
            "outcome": "refused",
            "at": "2026-03-02T09:30:00+08:00",
        },
    )
    assert reply.status_code == 200 and reply.json()["dnc_added"] is False
    assert check(client, CONSENTED).json()["reasons"] == ["recent_refusal"]


def test_outcome_input_errors_are_400_without_the_number(client):
    cases = [
        {"phone": "1381234", "campaign": "insurance_sales", "outcome": "connected"},
        {"phone": CONSENTED, "campaign": "nope", "outcome": "connected"},
        {"phone": CONSENTED, "campaign": "insurance_sales", "outcome": "maybe"},
        {"phone": CONSENTED, "campaign": "insurance_sales", "outcome": "connected", "at": "2099-01-01T00:00:00+08:00"},
        {"phone": CONSENTED, "campaign": "insurance_sales", "outcome": "connected", "at": "yesterday"},
        {"campaign": "insurance_sales"},
    ]
    for body in cases:
        reply = client.post("/v1/outcomes", json=body)
        assert reply.status_code == 400, body
        assert CONSENTED not in reply.text and "1381234" not in reply.text


def test_batch_check(client):
    reply = client.post(
        "/v1/check", json={"campaign": "insurance_sales", "phones": [CONSENTED, NOBODY, "x", COLLECTIONS_ONLY]}
    )
    assert reply.status_code == 200
    body = reply.json()
    assert [r["decision"] for r in body["results"]] == ["allow", "deny", "deny", "deny"]
    assert [r["reasons"] for r in body["results"]][1:] == [["no_consent"], ["number_invalid"], ["scope_mismatch"]]
    assert body["policy_version"] == POLICY.version
    too_many = client.post("/v1/check", json={"campaign": "insurance_sales", "phones": [CONSENTED] * (MAX_BATCH + 1)})
    assert too_many.status_code == 413
    assert client.post("/v1/check", json={"phones": [CONSENTED]}).status_code == 400
    huge = b'{"campaign": "insurance_sales", "phones": ["' + b"1" * 3_000_000 + b'"]}'
    assert client.post("/v1/check", content=huge).status_code == 413
    assert client.post("/v1/check", content=b"not json").status_code == 400


def test_dnc_add_and_remove(client):
    reply = client.post("/v1/dnc", json={"phones": [CONSENTED, "+86 139 8765 4321"], "reason": "complaint"})
    assert reply.json() == {"added": 2, "already_listed": 0}
    assert check(client, CONSENTED, format="text").text == "DENY dnc_listed"
    assert client.post("/v1/dnc", json={"phones": [CONSENTED, "123"]}).status_code == 400  # all or nothing
    removed = client.delete(f"/v1/dnc/{CONSENTED}", params={"reason": "entered by mistake"})
    assert removed.json() == {"removed": True, "phone_masked": "138****5678"}
    assert check(client, CONSENTED, format="text").text == "ALLOW"
    assert client.delete(f"/v1/dnc/{CONSENTED}").status_code == 404


def test_dnc_changes_through_the_service_are_audited(client, db):
    from screen.ledger.audit import audit_dir_for, read_changes

    client.post("/v1/dnc", json={"phones": [CONSENTED], "reason": "complaint"})
    client.delete(f"/v1/dnc/{CONSENTED}", params={"reason": "entered by mistake"})
    client.post("/v1/outcomes", json={"phone": CONSENTED, "campaign": "insurance_sales", "outcome": "opt_out"})
    changes = [(row[1], row[2], row[4]) for row in read_changes(audit_dir_for(db), 0)]
    assert changes == [("http api", "dnc_add", "1"), ("http api", "dnc_remove", "1"), ("http api", "dnc_add", "1")]


def test_token_auth(db):
    with client_for(db, token=TOKEN) as client:
        assert check(client, CONSENTED).status_code == 401
        assert check(client, CONSENTED, format="text").text == "DENY unauthorized"
        wrong = client.get(
            "/v1/check",
            params={"phone": CONSENTED, "campaign": "insurance_sales"},
            headers={"Authorization": "Bearer not-the-token"},
        )
        assert wrong.status_code == 401
        assert client.post("/v1/dnc", json={"phones": [CONSENTED]}).status_code == 401
        assert client.get("/metrics").status_code == 401
        good = client.get(
            "/v1/check",
            params={"phone": CONSENTED, "campaign": "insurance_sales"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert (good.status_code, good.json()["decision"]) == (200, "allow")
        assert client.get("/healthz").status_code == 200  # for load balancers; says nothing about numbers


def test_without_a_token_only_loopback_may_be_bound():
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        check_bind(host, None)
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        with pytest.raises(UsageError, match="without a token"):
            check_bind(host, None)
        check_bind(host, TOKEN)


def test_internal_error_denies_with_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated")

    break_store(monkeypatch, "phone_facts", broken)
    reply = check(client, CONSENTED, format="text")
    assert (reply.status_code, reply.text) == (503, "DENY service_error")
    assert check(client, CONSENTED).json()["decision"] == "deny"


@pytest.mark.parametrize(
    ("method", "path", "body", "store_method", "message", "kind"),
    [
        ("post", "/v1/outcomes", {"phone": CONSENTED, "campaign": "insurance_sales", "outcome": "busy"},
         "record_outcome", "the outcome could not be recorded; retry", "outcome_write"),
        ("post", "/v1/dnc", {"phones": [CONSENTED]}, "add_dnc", "the numbers could not be added; retry", "dnc_write"),
        ("delete", f"/v1/dnc/{CONSENTED}", None, "remove_dnc", "the number could not be removed; retry", "dnc_write"),
    ],
)  # fmt: skip
def test_a_failed_write_is_503_counted_and_says_nothing_of_the_number(
    client, monkeypatch, caplog, method, path, body, store_method, message, kind
):
    def broken(*args, **kwargs):
        raise RuntimeError(f"simulated failure for {CONSENTED}")

    break_store(monkeypatch, store_method, broken)
    reply = client.request(method.upper(), path, json=body)
    assert (reply.status_code, reply.json()) == (503, {"error": message})
    assert f'leadscreen_errors_total{{kind="{kind}"}} 1' in client.get("/metrics").text
    assert CONSENTED not in caplog.text and "RuntimeError" in caplog.text


def test_a_write_to_a_missing_ledger_is_503(tmp_path):
    with client_for(tmp_path / "absent.db") as client:
        reply = client.post("/v1/dnc", json={"phones": [CONSENTED]})
        assert (reply.status_code, reply.json()) == (503, {"error": "the numbers could not be added; retry"})


def test_missing_ledger_denies_and_is_not_healthy(tmp_path):
    with client_for(tmp_path / "absent.db") as client:
        reply = check(client, CONSENTED, format="text")
        assert (reply.status_code, reply.text) == (503, "DENY service_error")
        assert client.get("/healthz").status_code == 503
        # The ledger appears: the service answers without a restart.
        make_ledger(tmp_path / "absent.db")
        assert check(client, CONSENTED, format="text").text == "ALLOW"
        assert client.get("/healthz").status_code == 200


def test_metrics_and_openapi(client):
    check(client, CONSENTED)
    check(client, NOBODY)
    text = client.get("/metrics").text
    assert 'leadscreen_decisions_total{decision="allow",reason=""} 1' in text
    assert 'leadscreen_decisions_total{decision="deny",reason="no_consent"} 1' in text
    assert "leadscreen_check_duration_seconds_count 2" in text
    assert 'leadscreen_check_duration_seconds_bucket{le="+Inf"} 2' in text
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and {"/v1/check", "/v1/outcomes", "/v1/dnc", "/v1/dnc/{phone}"} <= set(
        spec["paths"]
    )


def test_openapi_outcomes_are_the_ledger_outcomes(client):
    spec = client.get("/openapi.json").json()
    outcome = spec["paths"]["/v1/outcomes"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert outcome["properties"]["outcome"]["enum"] == list(OUTCOMES)


def test_every_route_is_in_the_openapi_document_and_every_path_is_a_route(client):
    spec = client.get("/openapi.json").json()
    documented = {(path, method.upper()) for path, operations in spec["paths"].items() for method in operations}
    routed = {(route.path, method) for route in client.app.routes for method in route.methods - {"HEAD"}}
    assert routed == documented


def test_openapi_reasons_and_limits_are_the_ones_the_code_uses(client):
    spec = client.get("/openapi.json").json()
    assert spec["components"]["schemas"]["Reason"]["enum"] == [*PREDIAL_REASONS, *PREDIAL_HTTP_REASONS]
    batch = spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert batch["properties"]["phones"]["maxItems"] == MAX_BATCH


def test_no_raw_number_in_audit_files_or_logs(db, monkeypatch, caplog):
    with caplog.at_level(logging.DEBUG), client_for(db) as client:
        for phone in ALL_NUMBERS:
            check(client, phone)
            check(client, phone, format="text")
        client.post("/v1/check", json={"campaign": "insurance_sales", "phones": list(ALL_NUMBERS)})
        client.post("/v1/outcomes", json={"phone": NOBODY, "campaign": "insurance_sales", "outcome": "opt_out"})
        client.post("/v1/dnc", json={"phones": [COLLECTIONS_ONLY], "reason": "test"})
        break_store(monkeypatch, "phone_facts", lambda *a, **k: (_ for _ in ()).throw(ValueError(CONSENTED)))
        check(client, CONSENTED)  # an error whose message holds the number
    audit_files = audit_dir_for(db)
    assert len(list(audit_files.glob("*.csv"))) == 1
    decisions = next(audit_files.glob("*.csv")).read_bytes()
    assert decisions.count(b"\n") == 1 + 2 * len(ALL_NUMBERS) + len(ALL_NUMBERS) + 1
    changes = b"".join(path.read_bytes() for path in (audit_files / "changes").glob("*.csv"))
    assert changes.count(b"\n") == 1 + 2  # the header; the opt-out's and the API's do-not-call additions
    # The test's own HTTP client logs the URLs it requests; what the service logs is checked.
    service_log = "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith(("httpx", "httpcore"))
    )
    assert "ValueError" in service_log
    stored = (db, db.parent / (db.name + "-wal")) if isinstance(db, Path) else ()  # PostgreSQL: see test_postgres
    written = file_bytes(audit_files, *stored) + service_log.encode()
    for phone in ALL_NUMBERS:
        assert phone.encode() not in written


# -- two server processes sharing one ledger ---------------------------------------------------


def test_two_server_processes_share_one_ledger(db, tmp_path):
    policy_path = tmp_path / "policy.toml"
    policy_path.write_text(POLICY_TEXT, encoding="utf-8")
    first, first_port = start_server(db, policy_path, tmp_path / "first.err")
    try:
        second, second_port = start_server(db, policy_path, tmp_path / "second.err")
        try:
            with (
                httpx.Client(base_url=f"http://127.0.0.1:{first_port}") as one,
                httpx.Client(base_url=f"http://127.0.0.1:{second_port}") as two,
            ):
                ask = {"phone": CONSENTED, "campaign": "anytime", "format": "text"}
                assert one.get("/v1/check", params=ask).text == "ALLOW"
                assert two.get("/v1/check", params=ask).text == "ALLOW"
                assert one.post("/v1/dnc", json={"phones": [CONSENTED], "reason": "via first"}).status_code == 200
                assert two.get("/v1/check", params=ask).text == "DENY dnc_listed"
                assert two.delete(f"/v1/dnc/{CONSENTED}", params={"reason": "undo"}).status_code == 200
                assert one.get("/v1/check", params=ask).text == "ALLOW"
                two.post("/v1/outcomes", json={"phone": CONSENTED, "campaign": "anytime", "outcome": "opt_out"})
                assert one.get("/v1/check", params=ask).text == "DENY dnc_listed"
        finally:
            second.terminate()
            second.wait(timeout=20)
    finally:
        first.terminate()
        first.wait(timeout=20)
    logs = (tmp_path / "first.err").read_bytes() + (tmp_path / "second.err").read_bytes()
    assert CONSENTED.encode() not in logs
    # Both processes wrote their decisions (flushed at shutdown) into the one audit folder.
    audit_lines = file_bytes(audit_dir_for(db)).decode().splitlines()
    assert sum(line.endswith(",http") for line in audit_lines) == 5


def test_vicidial_agi_from_the_docs(db, tmp_path):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "dialers.md").read_text(encoding="utf-8")
    script = docs.split("## VICIdial")[1].split("```python\n")[1].split("```")[0]
    agi_path = tmp_path / "leadscreen_agi.py"
    agi_path.write_text(script, encoding="utf-8")
    policy_path = tmp_path / "policy.toml"
    policy_path.write_text(POLICY_TEXT, encoding="utf-8")

    def run_agi(number, url):
        session = f"agi_request: leadscreen_agi.py\nagi_channel: SIP/test\nagi_arg_1: {number}\nagi_arg_2: anytime\n\n"
        session += "200 result=1\n" * 2  # Asterisk's answers to the script's commands
        result = subprocess.run(
            [sys.executable, str(agi_path)],
            input=session,
            capture_output=True,
            text=True,
            env={**os.environ, "LEADSCREEN_URL": url},
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[0]

    server, port = start_server(db, policy_path, tmp_path / "server.err")
    try:
        url = f"http://127.0.0.1:{port}/v1/check"
        assert run_agi(CONSENTED, url) == 'SET VARIABLE LEADSCREEN "ALLOW"'
        assert run_agi(NOBODY, url) == 'SET VARIABLE LEADSCREEN "DENY no_consent"'
    finally:
        server.terminate()
        server.wait(timeout=20)
    # Nothing listening any more: the script must deny, not fail open.
    assert run_agi(CONSENTED, url) == 'SET VARIABLE LEADSCREEN "DENY unreachable"'


@pytest.mark.parametrize("path", ["/v1/check", "/v1/outcomes", "/v1/dnc"])
def test_a_deeply_nested_body_is_a_one_line_400(client, path):
    body = b"[" * 100_000 + b"]" * 100_000  # 200 KB, under the body limit
    reply = client.post(path, content=body, headers={"content-type": "application/json"})
    assert reply.status_code == 400
    assert reply.json()["error"].startswith("the JSON body is nested too deeply")
    assert "\n" not in reply.json()["error"]


def test_an_unknown_campaign_in_an_outcome_is_not_echoed(client):
    reply = client.post("/v1/outcomes", json={"phone": NOBODY, "campaign": CONSENTED, "outcome": "busy"})
    assert reply.status_code == 400 and reply.json()["error"].startswith("unknown campaign")
    assert CONSENTED not in reply.text
