"""``report.json`` and the short human summary of a screening run.

The report is for an auditor: the decision and why, the counts (``rows_accepted + rows_rejected ==
rows_in`` always), which column played which role, and enough to tie the decision to its inputs
(the list's and the manifest's SHA-256, the policy version, the campaign, the time). It never
holds a phone, ID or card number. Keys: see ``docs/screening.md``.

The report is built here only (:func:`build_report`), once per run, with a ``committed`` entry left
null; committing the accepted consents fills it in (:func:`record_commit`). Each change is written
to disk atomically (:func:`save_report`).
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

from screen import __version__
from screen.errors import UsageError
from screen.files.atomic import atomic_write
from screen.lists.manifest import FileDigest
from screen.lists.signature import sign_report
from screen.reasons import LIST_REASONS, ROW_REASONS

if TYPE_CHECKING:
    from screen.lists.results import LedgerFacts, ScreeningResult

REPORT_VERSION = 1


def build_report(
    result: ScreeningResult,
    *,
    list_file: dict,
    blank_rows: int,
    bad_row_ratio: float,
    output_format: str,
    ledger: LedgerFacts | None,
    screened_at: datetime.datetime,
    run_at: datetime.datetime,
    seconds: float,
) -> dict:
    """The ``report.json`` of a screening run (``list_file``: how the list was read, its SHA-256 and size)."""
    policy = result.settings.policy
    manifest = result.manifest
    return {
        "decision": result.decision,
        "list_reasons": result.list_reasons,
        "rows_in": result.rows_in,
        "rows_accepted": result.rows_accepted,
        "rows_rejected": result.rows_rejected,
        "row_reasons": result.row_reasons,
        "columns": result.columns,
        "sensitive_columns": {header: column.why for header, column in result.sensitive_columns.items()},
        # what each sensitive column holds, where a recognizer entity says it (PERSON, CN_ADDRESS …)
        "sensitive_entities": {
            header: column.entity for header, column in result.sensitive_columns.items() if column.entity
        },
        "blank_rows": blank_rows,
        "list": list_file,
        "manifest": manifest.public_dict() if manifest is not None else None,
        "campaign": result.settings.campaign,
        "purpose": result.settings.purpose,
        "max_consent_age_days": result.settings.max_consent_age_days,
        "policy": {
            "source": policy.source,
            "version": policy.version,
            "organization": list(policy.organization),
            "max_bad_row_ratio": policy.max_bad_row_ratio,
            "timezone": policy.timezone,
        },
        "ledger": (
            {
                "source": ledger.source,
                "dnc_numbers": len(ledger.dnc_digests),
                "revoked_numbers": len(ledger.revoked_digests),
            }
            if ledger is not None
            else None
        ),
        "committed": None,  # filled in by record_commit when the accepted consents go to a ledger
        "bad_row_ratio": round(bad_row_ratio, 6),
        "outputs": {
            "accepted": str(result.accepted_path) if result.accepted_path else None,
            "accepted_format": output_format if result.accepted_path else None,
            # what `ledger import` checks: only this exact file may bring its consents into a ledger
            "accepted_sha256": FileDigest(result.accepted_path).result() if result.accepted_path else None,
            "phone_format": result.settings.phone_format,
            "rejected": str(result.rejected_path),
        },
        "details": {"manifest_problems": list(manifest.problems) if manifest is not None else []},
        "notes": result.notes,
        "screened_at": screened_at.isoformat(timespec="seconds"),  # the moment consent ages are measured from
        "run_at": run_at.isoformat(timespec="seconds"),  # the clock when this ran (differs with --as-of)
        "seconds": round(seconds, 3),
        "leadscreen_version": __version__,
        "reason_codes": describe_codes(),
    }


def record_commit(result: ScreeningResult, ledger_source: str, new_consents: int) -> None:
    """Note in the report that the accepted consents went to ``ledger_source``, and save it."""
    result.new_consents = new_consents
    result.report["committed"] = {"ledger": ledger_source, "new_consents": new_consents}
    save_report(result)


def save_report(result: ScreeningResult) -> None:
    """Write ``result.report`` to ``result.report_path`` (atomically: a reader sees the old or the new),
    signed with ``result.signing_key`` when there is one (:mod:`screen.lists.signature`)."""
    if result.signing_key is not None:
        sign_report(result.report, result.signing_key)
    try:
        with atomic_write(result.report_path, "w") as handle:
            json.dump(result.report, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
    except OSError as error:
        raise UsageError(f"cannot write {result.report_path}: {error.strerror or error}") from None


def _count(number: int) -> str:
    return f"{number:,}"


def summary_lines(result: ScreeningResult) -> list[str]:
    """A few lines for the terminal: decision, counts, reasons, where the files are."""
    name = result.list_path.name
    if result.decision == "accepted":
        head = (
            f"{name}: ACCEPTED — {_count(result.rows_accepted)} of {_count(result.rows_in)} rows accepted, "
            f"{_count(result.rows_rejected)} rejected"
        )
    else:
        head = f"{name}: REJECTED ({', '.join(result.list_reasons)}) — 0 of {_count(result.rows_in)} rows accepted"
    lines = [head]
    for code in result.list_reasons:
        lines.append(f"  {code}: {LIST_REASONS[code]}")
    details = result.report.get("details", {})
    for header, column in result.sensitive_columns.items():
        lines.append(f"  sensitive column {header!r}: {column.why}")
    for problem in details.get("manifest_problems", []):
        lines.append(f"  manifest: {problem}")
    if result.row_reasons:
        reasons = ", ".join(
            f"{code} {_count(count)}"
            for code, count in sorted(result.row_reasons.items(), key=lambda item: (-item[1], item[0]))
        )
        lines.append(f"  row reasons: {reasons}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    if result.accepted_path is not None:
        lines.append(f"  accepted: {result.accepted_path}")
    lines.append(f"  rejected: {result.rejected_path}")
    lines.append(f"  report:   {result.report_path}")
    return lines


def describe_codes() -> dict[str, dict[str, str]]:
    """Every reason code with its sentence (for ``report.json`` readers and the docs)."""
    return {"list": dict(LIST_REASONS), "row": dict(ROW_REASONS)}
