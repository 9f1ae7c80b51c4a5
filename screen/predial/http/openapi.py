"""The OpenAPI 3.1 description of the pre-dial service, built from the constants the code uses:
the reason registry (:mod:`screen.reasons`), the ledger's call outcomes and the batch limit.

Every route of the app has a path here and every path here is a route (a test keeps them in step).
"""

from __future__ import annotations

from screen.ledger.store import OUTCOMES
from screen.predial.decision import ALLOW, DENY
from screen.predial.http.service import MAX_BATCH
from screen.reasons import PREDIAL_HTTP_REASONS, PREDIAL_REASONS

REASON_CODES = {**PREDIAL_REASONS, **PREDIAL_HTTP_REASONS}

_STRING = {"type": "string"}
_ERROR = {"type": "object", "properties": {"error": _STRING}}
_REASON = {"$ref": "#/components/schemas/Reason"}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _json_answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "properties": properties}
    return {**schema, "required": list(required)} if required else schema


def _phones(limit: int) -> dict:
    return {"type": "array", "maxItems": limit, "items": _STRING}


def _schemas() -> dict:
    decision = _object(
        {
            "decision": {"type": "string", "enum": [ALLOW, DENY]},
            "reasons": {"type": "array", "items": _REASON},
            "phone_masked": {"type": "string", "examples": ["138****5678"]},
            "campaign": _STRING,
            "checked_at": {"type": "string", "format": "date-time"},
            "policy_version": _STRING,
        },
        ("decision", "reasons", "phone_masked", "campaign", "checked_at", "policy_version"),
    )
    reason = {
        "type": "string",
        "enum": list(REASON_CODES),
        "description": "\n".join(f"- `{code}`: {sentence}" for code, sentence in REASON_CODES.items()),
    }
    return {"Decision": decision, "Reason": reason, "Error": _ERROR}


def _check_paths() -> dict:
    one = {
        "summary": "Check one number",
        "parameters": [
            {"name": "phone", "in": "query", "required": True, "schema": _STRING},
            {"name": "campaign", "in": "query", "required": True, "schema": _STRING},
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
    }
    result = _object(
        {
            "decision": {"type": "string", "enum": [ALLOW, DENY]},
            "reasons": {"type": "array", "items": _REASON},
            "phone_masked": _STRING,
        }
    )
    results = _object(
        {
            "campaign": _STRING,
            "checked_at": _STRING,
            "policy_version": _STRING,
            "results": {"type": "array", "items": result},
        }
    )
    batch = {
        "summary": f"Check up to {MAX_BATCH} numbers at one moment",
        "requestBody": _json_body(_object({"campaign": _STRING, "phones": _phones(MAX_BATCH)}, ("campaign", "phones"))),
        "responses": {
            "200": _json_answer("Decisions in input order", results),
            "400": _json_answer("Malformed request", _ERROR),
            "413": _json_answer("Too many numbers", _ERROR),
            "503": _json_answer(
                "The same, when some numbers could not be decided (denied with service_error)", results
            ),
        },
    }
    return {"/v1/check": {"get": one, "post": batch}}


def _write_paths() -> dict:
    written = {"400": _json_answer("Malformed", _ERROR), "503": _json_answer("Not written; retry", _ERROR)}
    outcome = _object(
        {
            "phone": _STRING,
            "campaign": _STRING,
            "outcome": {"type": "string", "enum": list(OUTCOMES)},
            "at": {"type": "string", "format": "date-time"},
        },
        ("phone", "campaign", "outcome"),
    )
    return {
        "/v1/outcomes": {
            "post": {
                "summary": "Report a call outcome (opt_out lists the number at once; refused starts the cool-off)",
                "requestBody": _json_body(outcome),
                "responses": {"200": _json_answer("Recorded", {"type": "object"}), **written},
            }
        },
        "/v1/dnc": {
            "post": {
                "summary": "Add numbers to the do-not-call list (all or nothing)",
                "requestBody": _json_body(_object({"phones": _phones(MAX_BATCH), "reason": _STRING}, ("phones",))),
                "responses": {
                    "200": _json_answer("Added", {"type": "object"}),
                    "413": _json_answer("Too many numbers", _ERROR),
                    **written,
                },
            }
        },
        "/v1/dnc/{phone}": {
            "delete": {
                "summary": "Remove a number from the do-not-call list (the removal is logged)",
                "parameters": [
                    {"name": "phone", "in": "path", "required": True, "schema": _STRING},
                    {"name": "reason", "in": "query", "schema": _STRING},
                ],
                "responses": {
                    "200": _json_answer("Removed", {"type": "object"}),
                    "404": _json_answer("Was not listed", {"type": "object"}),
                    **written,
                },
            }
        },
    }


def _service_paths() -> dict:
    return {
        "/healthz": {
            "get": {
                "summary": "Ready to answer checks?",
                "security": [],
                "responses": {"200": {"description": "ok"}, "503": {"description": "not ready"}},
            }
        },
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "text"}}}},
        "/openapi.json": {
            "get": {
                "summary": "This description",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1 JSON"}},
            }
        },
    }


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the service."""
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
            "schemas": _schemas(),
        },
        "security": [{"bearer": []}],
        "paths": {**_check_paths(), **_write_paths(), **_service_paths()},
    }
