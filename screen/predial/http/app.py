"""The pre-dial HTTP service: a Starlette app (:func:`create_app`) served by uvicorn (:func:`serve`).

Endpoints (see ``docs/predial.md`` and ``/openapi.json``):

- ``GET /v1/check?phone=&campaign=[&format=text]`` — one decision, JSON or ``ALLOW`` / ``DENY <reason>``;
- ``POST /v1/check`` ``{"campaign", "phones": [...]}`` — up to 10,000 numbers at one moment;
- ``POST /v1/outcomes`` ``{"phone", "campaign", "outcome", "at"}`` — what happened on a call;
- ``POST /v1/dnc`` ``{"phones": [...], "reason"}`` and ``DELETE /v1/dnc/{phone}?reason=`` — the do-not-call list;
- ``GET /healthz``, ``GET /metrics`` (Prometheus text), ``GET /openapi.json``.

The handlers are in :mod:`.routes`, the state they share in :mod:`.service`, the OpenAPI
description in :mod:`.openapi`.

The service fails closed: a check that cannot be decided is answered ``deny`` with
``service_error`` (HTTP 503) — never an error page a dialer might read as "no objection".
Single checks run on the event loop (they take tens of microseconds, less than a hop to a
thread); batches and writes run in worker threads, each with its own SQLite connection.

Nothing here logs a request line: the query string holds the phone number. Errors are logged
by kind only.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import os
import socket
from pathlib import Path

from starlette.applications import Starlette

from screen.errors import LeadscreenError, UsageError
from screen.ledger.audit import AuditTrail
from screen.ledger.location import shown
from screen.predial.http.routes import ROUTES, error_response
from screen.predial.http.service import MAX_BODY_BYTES, PredialService, ServiceConfig

OPEN_PATHS = frozenset({"/healthz", "/openapi.json"})  # everything else needs the token, if one is set


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
        raise UsageError(
            f"refusing to listen on {host} without a token (or listen on 127.0.0.1 only)", parameter="token_file"
        )


def read_token(path: str | os.PathLike) -> str:
    try:
        token = Path(path).read_text(encoding="utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read token file {path}: {getattr(error, 'strerror', None) or error}") from None
    if not token or len(token[0].strip()) < 16:
        raise UsageError(f"token file {path} must hold a token of at least 16 characters on its first line")
    return token[0].strip()


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


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette):
    service: PredialService = app.state.service
    service.start()
    try:
        yield
    finally:
        service.close()


def create_app(config: ServiceConfig, *, clock=None, audit: AuditTrail | None = None) -> Starlette:
    """The ASGI app. ``clock`` (returning an aware datetime) is for tests; ``audit`` defaults to
    an :class:`AuditTrail` in ``config.audit_dir`` started with the app."""
    app = Starlette(
        routes=ROUTES,
        lifespan=_lifespan,
        max_body_size=MAX_BODY_BYTES,
        exception_handlers={LeadscreenError: error_response},
    )
    app.state.service = PredialService(config, clock=clock, audit=audit)
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
        f"(ledger {shown(config.db_path)}, policy {config.policy.source or 'defaults'} {config.policy.version}, "
        f"campaigns: {', '.join(sorted(config.policy.campaigns)) or 'none'}; "
        f"token {'required' if config.token else 'not set, loopback only'})"
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="on", timeout_keep_alive=75, log_level="warning"
        )
    )
    server.run(sockets=[sock])
