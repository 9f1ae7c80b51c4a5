"""The pre-dial HTTP endpoints: module-level handlers over the app's :class:`PredialService`.

Bad input raises a :class:`~screen.errors.LeadscreenError`; :func:`error_response`, the app's one
error handler, answers every such error with its ``http_status`` and ``{"error": message}``
(400 for bad input, 413 for too many numbers, 503 when the ledger could not be written).
Messages never hold a raw number.
"""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from recognizers.phone import masked, national_number
from screen.errors import LeadscreenError, UsageError
from screen.ledger.audit import record_change
from screen.predial.decision import Decision
from screen.predial.http.openapi import openapi_document
from screen.predial.http.service import MAX_BATCH, PredialService, WriteFailure

BATCH_USAGE = 'send JSON {"campaign": "NAME", "phones": ["13812345678", ...]}'
OUTCOME_USAGE = 'send JSON {"phone", "campaign", "outcome", "at"} (at is optional)'
DNC_USAGE = 'send JSON {"phones": ["13812345678", ...], "reason": "why"}'

# who the audit trail names for a change made through the service (one token, no user names)
API_ACTOR = "http api"
OUTCOME_WRITE = WriteFailure("outcome_write", "recording an outcome", "the outcome could not be recorded; retry")
DNC_ADD = WriteFailure("dnc_write", "adding to the do-not-call list", "the numbers could not be added; retry")
DNC_REMOVE = WriteFailure("dnc_write", "removing from the do-not-call list", "the number could not be removed; retry")


class TooManyNumbers(UsageError):
    http_status = 413


async def error_response(request: Request, error: LeadscreenError) -> JSONResponse:
    return JSONResponse({"error": str(error)}, status_code=error.http_status)


def _service(request: Request) -> PredialService:
    return request.app.state.service


def _decision_response(decision: Decision, text: bool) -> Response:
    status = 503 if "service_error" in decision.reasons else 200
    if text:
        return PlainTextResponse(decision.as_text(), status_code=status)
    return JSONResponse(decision.as_dict(), status_code=status)


async def _json_object(request: Request, usage: str) -> dict:
    try:
        body = await request.json()
    except RecursionError:  # the parser stops at Python's recursion limit; ours need depth 2
        raise UsageError(f"the JSON body is nested too deeply; {usage}") from None
    except ValueError:
        raise UsageError(usage) from None
    if not isinstance(body, dict):
        raise UsageError(usage)
    return body


def _all_strings(values) -> bool:
    return isinstance(values, list) and all(isinstance(value, str) for value in values)


def _within_batch_limit(phones: list[str]) -> None:
    if len(phones) > MAX_BATCH:
        raise TooManyNumbers(f"at most {MAX_BATCH} numbers per request (got {len(phones)})")


async def check_one(request: Request) -> Response:
    started = time.perf_counter()
    service = _service(request)
    params = request.query_params
    text = params.get("format") == "text"
    phone, campaign = params.get("phone", ""), params.get("campaign", "")
    # PostgreSQL: a network round trip, off the event loop, so that one slow answer (a checkpoint,
    # a lock) holds up only its own request. On the loop, the 1M-consent benchmark's p99 was 4.2
    # instead of 10 ms, but right after a 10M load one stall of 100-180 ms held every request
    # behind it (p99 108 ms); in the pool the same run gave 8.9 ms.
    if service.checker.postgres:
        decision = await run_in_threadpool(service.checker.check, phone, campaign, channel="http")
    else:
        decision = service.checker.check(phone, campaign, channel="http")
    service.metrics.observe(decision.reasons, time.perf_counter() - started)
    return _decision_response(decision, text)


async def check_batch(request: Request) -> Response:
    service = _service(request)
    body = await _json_object(request, BATCH_USAGE)
    campaign, phones = body.get("campaign"), body.get("phones")
    if not isinstance(campaign, str) or not _all_strings(phones):
        raise UsageError(BATCH_USAGE)
    _within_batch_limit(phones)
    decisions = await run_in_threadpool(service.checker.check_many, phones, campaign, "http-batch")
    for decision in decisions:
        service.metrics.observe(decision.reasons)
    checked_at = decisions[0].checked_at if decisions else service.clock()
    return JSONResponse(
        {
            "campaign": campaign,
            "checked_at": checked_at.isoformat(timespec="milliseconds"),
            "policy_version": service.policy.version,
            "results": [
                {"decision": d.decision, "reasons": list(d.reasons), "phone_masked": d.phone_masked} for d in decisions
            ],
        },
        status_code=503 if any("service_error" in d.reasons for d in decisions) else 200,
    )


async def record_outcome(request: Request) -> Response:
    service = _service(request)
    body = await _json_object(request, OUTCOME_USAGE)
    phone, campaign_name, outcome = body.get("phone"), body.get("campaign"), body.get("outcome")
    if not _all_strings([phone, campaign_name, outcome]):
        raise UsageError(OUTCOME_USAGE)
    national = national_number(phone)
    if national is None:
        raise UsageError(f"not a valid phone number ({masked(phone) or 'no digits'})")
    campaign = service.policy.campaigns.get(campaign_name)
    if campaign is None:  # not echoed: the string could hold a number
        raise UsageError(f"unknown campaign; the policy has: {', '.join(sorted(service.policy.campaigns)) or 'none'}")
    at = service.parse_at(body.get("at"))

    def write(ledger):
        listed = ledger.record_outcome(ledger.digest(national), campaign.name, campaign.purpose, outcome, at)
        if listed:  # an opt-out put the number on the do-not-call list: a ledger change (outcomes alone are not)
            record_change(ledger.path, "dnc_add", count=1, actor=API_ACTOR, detail=f"{outcome} outcome")
        return listed

    listed = await service.write(write, OUTCOME_WRITE)
    return JSONResponse({"recorded": True, "phone_masked": masked(national), "outcome": outcome, "dnc_added": listed})


async def add_dnc(request: Request) -> Response:
    body = await _json_object(request, DNC_USAGE)
    phones = body.get("phones") or ([body["phone"]] if "phone" in body else None)
    reason = body.get("reason") or "added through the API"
    if not phones or not _all_strings(phones) or not isinstance(reason, str):
        raise UsageError(DNC_USAGE)
    _within_batch_limit(phones)
    numbers = [national_number(phone) for phone in phones]
    invalid = [index for index, number in enumerate(numbers) if number is None]
    if invalid:
        raise UsageError(f"not valid phone numbers at positions {invalid[:20]}; nothing was added")

    def write(ledger):
        added = ledger.add_dnc([ledger.digest(number) for number in numbers], reason=reason, source="api")
        record_change(ledger.path, "dnc_add", count=added, actor=API_ACTOR, detail=reason)
        return added

    added = await _service(request).write(write, DNC_ADD)
    return JSONResponse({"added": added, "already_listed": len(numbers) - added})


async def remove_dnc(request: Request) -> Response:
    national = national_number(request.path_params["phone"])
    if national is None:
        raise UsageError("not a valid phone number")
    reason = request.query_params.get("reason") or "removed through the API"

    def write(ledger):
        removed = ledger.remove_dnc([ledger.digest(national)], reason=reason, source="api")
        record_change(ledger.path, "dnc_remove", count=removed, actor=API_ACTOR, detail=reason)
        return removed

    removed = await _service(request).write(write, DNC_REMOVE)
    return JSONResponse(
        {"removed": bool(removed), "phone_masked": masked(national)}, status_code=200 if removed else 404
    )


async def healthz(request: Request) -> Response:
    service = _service(request)
    problem = await run_in_threadpool(service.checker.ready)
    database = {"backend": "postgresql" if service.checker.postgres else "sqlite", "state": "down" if problem else "up"}
    if problem:
        return JSONResponse({"status": "unavailable", "problem": problem, "database": database}, status_code=503)
    return JSONResponse(
        {
            "status": "ok",
            "database": database,
            "policy_version": service.policy.version,
            "campaigns": sorted(service.policy.campaigns),
            "audit_backlog": service.audit.backlog,
        }
    )


async def metrics(request: Request) -> Response:
    service = _service(request)
    return PlainTextResponse(service.metrics.render(service.audit_gauges()), media_type="text/plain; version=0.0.4")


async def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document())


ROUTES = [
    Route("/v1/check", check_one, methods=["GET"]),
    Route("/v1/check", check_batch, methods=["POST"]),
    Route("/v1/outcomes", record_outcome, methods=["POST"]),
    Route("/v1/dnc", add_dnc, methods=["POST"]),
    Route("/v1/dnc/{phone}", remove_dnc, methods=["DELETE"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
    Route("/openapi.json", openapi, methods=["GET"]),
]
