"""``report.json`` and the short human summary of a screening run.

The report is for an auditor: the decision and why, the counts (``rows_accepted + rows_rejected ==
rows_in`` always), which column played which role, and enough to tie the decision to its inputs
(the list's and the manifest's SHA-256, the policy version, the campaign, the time). It never
holds a phone, ID or card number. Keys: see ``docs/screening.md``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from screen.files.atomic import atomic_write
from screen.reasons import LIST_REASONS, ROW_REASONS

if TYPE_CHECKING:
    from screen.lists.screening import ScreeningResult

REPORT_VERSION = 1


def write_report(report: dict, path) -> None:
    with atomic_write(path, "w") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


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
    for header, why in result.sensitive_columns.items():
        lines.append(f"  sensitive column {header!r}: {why}")
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
