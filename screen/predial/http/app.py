"""The pre-dial HTTP service: a Starlette app (:func:`create_app`) served by uvicorn (:func:`serve`).

Endpoints (see ``docs/predial.md`` and ``/openapi.json``):

- ``GET /v1/check?phone=&campaign=[&format=text]`` — one decision, JSON or ``ALLOW`` / ``DENY <reason>``;
- ``POST /v1/check`` ``{"campaign", "phones": [...]}`` — up to 10,000 numbers at one moment;
- ``POST /v1/outcomes`` ``{"phone", "campaign", "outcome", "at"}`` — what happened on a call;
- ``POST /v1/dnc`` ``{"phones": [...], "reason"}`` and ``DELETE /v1/dnc/{phone}?reason=`` — the do-not-call list;
- ``GET /healthz``, ``GET /metrics`` (Prometheus text), ``GET /openapi.json``.

The service fails closed: a check that cannot be decided is answered ``deny`` with
``service_error`` (HTTP 503) — never an error page a dialer might read as "no objection".
Single checks run on the event loop (they take tens of microseconds, less than a hop to a
thread); batches and writes run in worker threads, each with its own SQLite connection.

Nothing here logs a request line: the query string holds the phone number. Errors are logged
by kind only.
"""

from __future__ import annotations

import contextlib
import datetime
import hmac
import ipaddress
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from recognizers.phone import masked, national_number
from screen import clock as clocks
from screen.config.policy import Policy
from screen.errors import UsageError
from screen.ledger.audit import AuditTrail, audit_dir_for
from screen.ledger.store import OUTCOMES, Ledger
from screen.predial.decision import Checker
from screen.predial.http.metrics import Metrics
from screen.reasons import PREDIAL_HTTP_REASONS, PREDIAL_REASONS

log = logging.getLogger("leadscreen.server")

MAX_BATCH = 10_000
# 10,000 numbers in JSON are about 200 KB; anything far bigger is refused before it is read.
MAX_BODY_BYTES = 2_000_000
WRITE_BUSY_TIMEOUT_MS = 5000
OPEN_PATHS = frozenset({"/healthz", "/openapi.json"})  # everything else needs the token, if one is set


@dataclass
class ServiceConfig:
    db_path: Path
    key: bytes
    policy: Policy
    token: str | None = None
    audit_dir: Path | None = None  # default: <ledger>-audit/


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Without a token the service may only listen on loopback: anyone who can reach it could
    otherwise read decisions and, worse, remove numbers from the do-not-call list."""
    if token is None and not is_loopback(host):
        raise UsageError(f"refusing to listen on {host} without a token: pass --token-file, or use --host 127.0.0.1")


def read_token(path: str | os.PathLike) -> str:
    try:
        token = Path(path).read_text(encoding="utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read token file {path}: {getattr(error, 'strerror', None) or error}") from None
    if not token or len(token[0].strip()) < 16:
        raise UsageError(f"token file {path} must hold a token of at least 16 characters on its first line")
    return token[0].strip()


class _Writers:
    """One write connection per worker thread (SQLite connections are not shared across threads)."""

    def __init__(self, config: ServiceConfig):
        self._config = config
        self._local = threading.local()
        self._all: list[Ledger] = []
        self._lock = threading.Lock()

    def ledger(self) -> Ledger:
        ledger = getattr(self._local, "ledger", None)
        if ledger is None:
            ledger = Ledger.open(
                self._config.db_path, self._config.key, create=False, busy_timeout_ms=WRITE_BUSY_TIMEOUT_MS
            )
            self._local.ledger = ledger
            with self._lock:
                self._all.append(ledger)
        return ledger

    def close(self) -> None:
        with self._lock:
            for ledger in self._all:
                try:
                    ledger.close()
                except Exception:  # noqa: BLE001 - closing from another thread; the process is ending
                    pass
            self._all.clear()


class _AuthMiddleware:
    """Bearer-token check as plain ASGI, ahead of routing (cheap on the hot path)."""

    def __init__(self, app, token: str | None):
        self.app = app
        self.expected = None if token is None else f"Bearer {token}".encode()

    async def __call__(self, scope, receive, send):
        if self.expected is None or scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, self.expected):
            return await self.app(scope, receive, send)
        text = b"format=text" in scope.get("query_string", b"")
        body = (
            b"DENY unauthorized"
            if text
            else b'{"decision": "deny", "reasons": ["unauthorized"], "error": "missing or wrong bearer token"}'
        )
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8" if text else b"application/json"),
                    (b"www-authenticate", b'Bearer realm="leadscreen"'),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _decision_response(decision, text: bool) -> Response:
    status = 503 if "service_error" in decision.reasons else 200
    if text:
        return PlainTextResponse(decision.as_text(), status_code=status)
    return JSONResponse(decision.as_dict(), status_code=status)


def _parse_at(value, clock) -> datetime.datetime:
    if value in (None, ""):
        return clock()
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise UsageError("'at' must be an ISO 8601 time with a zone, e.g. 2026-03-02T10:15:00+08:00") from None
    if moment.tzinfo is None:
        raise UsageError("'at' needs a time zone, e.g. 2026-03-02T10:15:00+08:00")
    if moment > clock() + datetime.timedelta(minutes=5):
        raise UsageError("'at' is in the future")
    return moment


def create_app(config: ServiceConfig, *, clock=None, audit: AuditTrail | None = None) -> Starlette:
    """The ASGI app. ``clock`` (returning an aware datetime) is for tests; ``audit`` defaults to
    an :class:`AuditTrail` in ``config.audit_dir`` started with the app."""
    clock = clock or clocks.utc_now
    audit = audit or AuditTrail(config.audit_dir or audit_dir_for(config.db_path))
    checker = Checker(config.db_path, config.key, config.policy, audit=audit, clock=clock)
    writers = _Writers(config)
    metrics = Metrics()
    policy = config.policy

    async def check_one(request: Request) -> Response:
        started = time.perf_counter()
        params = request.query_params
        text = params.get("format") == "text"
        decision = checker.check(params.get("phone", ""), params.get("campaign", ""), channel="http")
        metrics.observe(decision.reasons, time.perf_counter() - started)
        return _decision_response(decision, text)

    async def check_batch(request: Request) -> Response:
        try:
            body = await request.json()
            campaign, phones = body["campaign"], body["phones"]
            if (
                not isinstance(campaign, str)
                or not isinstance(phones, list)
                or not all(isinstance(p, str) for p in phones)
            ):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return _error('send JSON {"campaign": "NAME", "phones": ["13812345678", ...]}')
        if len(phones) > MAX_BATCH:
            return _error(f"at most {MAX_BATCH} numbers per request (got {len(phones)})", 413)
        decisions = await run_in_threadpool(checker.check_many, phones, campaign, "http-batch")
        for decision in decisions:
            metrics.observe(decision.reasons)
        first = decisions[0] if decisions else None
        return JSONResponse(
            {
                "campaign": campaign,
                "checked_at": (first.checked_at if first else clock()).isoformat(timespec="milliseconds"),
                "policy_version": policy.version,
                "results": [
                    {"decision": d.decision, "reasons": list(d.reasons), "phone_masked": d.phone_masked}
                    for d in decisions
                ],
            },
            status_code=503 if any("service_error" in d.reasons for d in decisions) else 200,
        )

    async def outcomes(request: Request) -> Response:
        try:
            body = await request.json()
            phone, campaign_name, outcome = body["phone"], body["campaign"], body["outcome"]
            if not all(isinstance(v, str) for v in (phone, campaign_name, outcome)):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return _error('send JSON {"phone", "campaign", "outcome", "at"} (at is optional)')
        national = national_number(phone)
        if national is None:
            return _error(f"not a valid phone number ({masked(phone) or 'no digits'})")
        try:
            campaign = policy.campaign(campaign_name)
            at = _parse_at(body.get("at"), clock)

            def write():
                ledger = writers.ledger()
                return ledger.record_outcome(ledger.digest(national), campaign.name, campaign.purpose, outcome, at)

            listed = await run_in_threadpool(write)
        except UsageError as error:
            return _error(str(error))
        except Exception as error:  # noqa: BLE001 - report without detail that could hold a number
            log.error("recording an outcome failed: %s", type(error).__name__)
            metrics.error("outcome_write")
            return _error("the outcome could not be recorded; retry", 503)
        return JSONResponse(
            {"recorded": True, "phone_masked": masked(national), "outcome": outcome, "dnc_added": listed}
        )

    async def dnc_add(request: Request) -> Response:
        try:
            body = await request.json()
            phones = body.get("phones") or ([body["phone"]] if "phone" in body else None)
            reason = body.get("reason") or "added through the API"
            if (
                not phones
                or not isinstance(phones, list)
                or not all(isinstance(p, str) for p in phones)
                or not isinstance(reason, str)
            ):
                raise TypeError
        except (ValueError, KeyError, TypeError, AttributeError):
            return _error('send JSON {"phones": ["13812345678", ...], "reason": "why"}')
        if len(phones) > MAX_BATCH:
            return _error(f"at most {MAX_BATCH} numbers per request (got {len(phones)})", 413)
        numbers = [national_number(p) for p in phones]
        invalid = [index for index, number in enumerate(numbers) if number is None]
        if invalid:
            return _error(f"not valid phone numbers at positions {invalid[:20]}; nothing was added")

        def write():
            ledger = writers.ledger()
            return ledger.add_dnc([ledger.digest(n) for n in numbers], reason=reason, source="api")

        try:
            added = await run_in_threadpool(write)
        except Exception as error:  # noqa: BLE001
            log.error("adding to the do-not-call list failed: %s", type(error).__name__)
            metrics.error("dnc_write")
            return _error("the numbers could not be added; retry", 503)
        return JSONResponse({"added": added, "already_listed": len(numbers) - added})

    async def dnc_remove(request: Request) -> Response:
        national = national_number(request.path_params["phone"])
        if national is None:
            return _error("not a valid phone number")
        reason = request.query_params.get("reason") or "removed through the API"

        def write():
            ledger = writers.ledger()
            return ledger.remove_dnc([ledger.digest(national)], reason=reason, source="api")

        try:
            removed = await run_in_threadpool(write)
        except Exception as error:  # noqa: BLE001
            log.error("removing from the do-not-call list failed: %s", type(error).__name__)
            metrics.error("dnc_write")
            return _error("the number could not be removed; retry", 503)
        return JSONResponse(
            {"removed": bool(removed), "phone_masked": masked(national)}, status_code=200 if removed else 404
        )

    async def healthz(request: Request) -> Response:
        problem = checker.ready()
        if problem:
            return JSONResponse({"status": "unavailable", "problem": problem}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "policy_version": policy.version,
                "campaigns": sorted(policy.campaigns),
                "audit_backlog": audit.backlog,
            }
        )

    async def metrics_endpoint(request: Request) -> Response:
        return PlainTextResponse(
            metrics.render(
                {
                    "leadscreen_audit_backlog": ("Decisions waiting to be written to the audit trail.", audit.backlog),
                    "leadscreen_audit_write_failures": ("Failed audit writes since start.", audit.failures),
                }
            ),
            media_type="text/plain; version=0.0.4",
        )

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        audit.start()
        try:
            yield
        finally:
            try:
                audit.close()
            except Exception as error:  # noqa: BLE001
                log.error("could not write the last audit lines: %s", type(error).__name__)
            checker.close()
            writers.close()

    app = Starlette(
        routes=[
            Route("/v1/check", check_one, methods=["GET"]),
            Route("/v1/check", check_batch, methods=["POST"]),
            Route("/v1/outcomes", outcomes, methods=["POST"]),
            Route("/v1/dnc", dnc_add, methods=["POST"]),
            Route("/v1/dnc/{phone}", dnc_remove, methods=["DELETE"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_endpoint, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
        ],
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
    )
    app.state.checker, app.state.metrics, app.state.audit = checker, metrics, audit
    app.add_middleware(_AuthMiddleware, token=config.token)
    return app


def serve(config: ServiceConfig, host: str = "127.0.0.1", port: int = 8700, announce=print) -> None:
    """Bind, say where, and serve until interrupted. ``port`` 0 picks a free port."""
    import uvicorn

    check_bind(host, config.token)
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio turns Nagle's algorithm off (TCP_NODELAY) only for sockets
    # that say they are TCP, and with Nagle on, a response written in two pieces waits 40 ms for
    # the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as error:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.listen(2048)
    bound_port = sock.getsockname()[1]
    app = create_app(config)
    announce(
        f"leadscreen serve: listening on http://{host}:{bound_port} "
        f"(ledger {config.db_path}, policy {config.policy.source or 'defaults'} {config.policy.version}, "
        f"campaigns: {', '.join(sorted(config.policy.campaigns)) or 'none'}; "
        f"token {'required' if config.token else 'not set, loopback only'})"
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="on", timeout_keep_alive=75, log_level="warning"
        )
    )
    server.run(sockets=[sock])


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the service (kept by hand beside the routes above)."""
    decision = {
        "type": "object",
        "properties": {
            "decision": {"type": "string", "enum": ["allow", "deny"]},
            "reasons": {"type": "array", "items": {"type": "string", "enum": list(_REASON_ENUM)}},
            "phone_masked": {"type": "string", "examples": ["138****5678"]},
            "campaign": {"type": "string"},
            "checked_at": {"type": "string", "format": "date-time"},
            "policy_version": {"type": "string"},
        },
        "required": ["decision", "reasons", "phone_masked", "campaign", "checked_at", "policy_version"],
    }
    error = {"type": "object", "properties": {"error": {"type": "string"}}}
    json_body = lambda schema: {"required": True, "content": {"application/json": {"schema": schema}}}  # noqa: E731
    json_out = lambda description, schema: {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }  # noqa: E731
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "leadscreen pre-dial hook",
            "version": "1",
            "description": "May this number be dialled now for this campaign? Fails closed: anything "
            "but an explicit allow means do not dial.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Decision": decision, "Error": error},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/v1/check": {
                "get": {
                    "summary": "Check one number",
                    "parameters": [
                        {"name": "phone", "in": "query", "required": True, "schema": {"type": "string"}},
                        {"name": "campaign", "in": "query", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["json", "text"]},
                            "description": "text: the body is `ALLOW` or `DENY <reason>` (for Asterisk CURL())",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "A decision",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Decision"}},
                                "text/plain": {"schema": {"type": "string", "examples": ["ALLOW", "DENY dnc_listed"]}},
                            },
                        },
                        "401": {"description": "Missing or wrong token (body: DENY unauthorized)"},
                        "503": {"description": "Could not decide: deny with service_error"},
                    },
                },
                "post": {
                    "summary": f"Check up to {MAX_BATCH} numbers at one moment",
                    "requestBody": json_body(
                        {
                            "type": "object",
                            "required": ["campaign", "phones"],
                            "properties": {
                                "campaign": {"type": "string"},
                                "phones": {"type": "array", "maxItems": MAX_BATCH, "items": {"type": "string"}},
                            },
                        }
                    ),
                    "responses": {
                        "200": json_out(
                            "Decisions in input order",
                            {
                                "type": "object",
                                "properties": {
                                    "campaign": {"type": "string"},
                                    "checked_at": {"type": "string"},
                                    "policy_version": {"type": "string"},
                                    "results": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "decision": {"type": "string"},
                                                "reasons": {"type": "array", "items": {"type": "string"}},
                                                "phone_masked": {"type": "string"},
                                            },
                                        },
                                    },
                                },
                            },
                        ),
                        "400": json_out("Malformed request", error),
                        "413": json_out("Too many numbers", error),
                    },
                },
            },
            "/v1/outcomes": {
                "post": {
                    "summary": "Report a call outcome (opt_out lists the number at once; refused starts the cool-off)",
                    "requestBody": json_body(
                        {
                            "type": "object",
                            "required": ["phone", "campaign", "outcome"],
                            "properties": {
                                "phone": {"type": "string"},
                                "campaign": {"type": "string"},
                                "outcome": {"type": "string", "enum": list(OUTCOMES)},
                                "at": {"type": "string", "format": "date-time"},
                            },
                        }
                    ),
                    "responses": {"200": json_out("Recorded", {"type": "object"}), "400": json_out("Malformed", error)},
                }
            },
            "/v1/dnc": {
                "post": {
                    "summary": "Add numbers to the do-not-call list",
                    "requestBody": json_body(
                        {
                            "type": "object",
                            "required": ["phones"],
                            "properties": {
                                "phones": {"type": "array", "items": {"type": "string"}},
                                "reason": {"type": "string"},
                            },
                        }
                    ),
                    "responses": {"200": json_out("Added", {"type": "object"}), "400": json_out("Malformed", error)},
                }
            },
            "/v1/dnc/{phone}": {
                "delete": {
                    "summary": "Remove a number from the do-not-call list (the removal is logged)",
                    "parameters": [
                        {"name": "phone", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "reason", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": json_out("Removed", {"type": "object"}),
                        "404": json_out("Was not listed", {"type": "object"}),
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Ready to answer checks?",
                    "security": [],
                    "responses": {"200": {"description": "ok"}, "503": {"description": "not ready"}},
                }
            },
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "text"}}}},
        },
    }


_REASON_ENUM = (*PREDIAL_REASONS, *PREDIAL_HTTP_REASONS)
