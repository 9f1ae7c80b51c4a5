"""Spot checks of lead lists: the screening row checks, on a reproducible sample of rows.

Each list is opened lazily (:mod:`screen.files.tables`); one pass counts its rows, the sample is
drawn over all lists together (:func:`screen.spotcheck.sampling.pick_indexes`), and a second pass keeps the
sampled rows only. The rows then go through the same expressions ``leadscreen screen`` uses
(:class:`screen.lists.row_checks.RowChecks`), and every cell is scanned for ID and card numbers.

Checks that need the whole list (duplicates) or the ledger (do-not-call, withdrawals), and the
list-level checks of the manifest, are ``leadscreen screen``'s job; the report says so.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import polars as pl

from recognizers import PERSONAL_ENTITIES, scan
from screen import clock
from screen.config.policy import load_policy
from screen.errors import UsageError
from screen.files.tables import collect, load_table
from screen.lists.columns import assign_roles, is_phone_header
from screen.lists.consent_time import choose_formats
from screen.lists.row_checks import CODES, RowChecks
from screen.reasons import LEDGER_CODES, ROW_REASONS, codes_from_bits
from screen.spotcheck.sampling import pick_indexes
from screen.spotcheck.transcripts import SampledRecord, SpotCheckResult, mask_display

ROW_INDEX = "__leadscreen_sample_row"
ROW_CHECK_CODES = tuple(code for code in ROW_REASONS if code not in LEDGER_CODES and code != "phone_duplicate")
NOT_CHECKED_NOTE = (
    "Sampled rows get the row checks that need nothing but the row; duplicates and the ledger's "
    "do-not-call and withdrawal records are checked by `leadscreen screen`. Each list's manifest "
    "(when present) is checked whole: see the list reasons."
)


def _display(row: dict, columns) -> tuple[str, list]:
    """``header: value`` lines with every personal number masked."""
    text = "\n".join(f"{name}: {'' if row.get(name) is None else row[name]}" for name in columns)
    findings = [finding for finding in scan(text) if finding.entity in PERSONAL_ENTITIES]
    return (*mask_display(text, findings), findings)


def spotcheck_lists(
    paths: list[Path],
    size: int,
    seed: int,
    campaign: str | None = None,
    policy_path: str | None = None,
    purpose: str | None = None,
) -> SpotCheckResult:
    policy = load_policy(policy_path)
    if campaign:
        purpose = policy.campaign(campaign).purpose
        max_age = policy.campaign(campaign).max_consent_age_days
    else:
        if not purpose:
            raise UsageError("lead lists are checked for a campaign: pass --campaign NAME (from the policy)")
        max_age = policy.max_consent_age_days
    now = clock.utc_now()
    with tempfile.TemporaryDirectory(prefix="leadscreen-") as workdir:
        tables = [
            load_table(path, workdir=Path(workdir) / str(number), header_finder=is_phone_header)
            for number, path in enumerate(paths)
        ]
        counts = [int(collect(table.frame.select(pl.len()), table.path).item()) for table in tables]
        population = sum(counts)
        if population == 0:
            raise UsageError("the lists hold no rows to sample")
        picked = pick_indexes(population, size, seed)
        records: list[SampledRecord] = []
        entity_counts: Counter = Counter()
        offset = 0
        list_reasons: dict[str, list[str]] = {}
        for table, count in zip(tables, counts):
            local = [index - offset for index in picked if offset <= index < offset + count]
            offset += count
            if not local:
                list_reasons[str(table.path)] = _list_reasons(table, count, None, purpose, policy)
                continue
            roles = assign_roles(list(table.columns), policy.sensitive_headers)
            list_reasons[str(table.path)] = _list_reasons(table, count, roles, purpose, policy)
            if "phone" not in roles.by_role:
                raise UsageError(f"{table.path}: no phone column, so it is not a lead list")
            frame = collect(table.frame.with_row_index(ROW_INDEX).filter(pl.col(ROW_INDEX).is_in(local)), table.path)
            time_header = roles.by_role.get("consent_time")
            formats = choose_formats(frame[time_header]) if time_header else ()
            checks = RowChecks(
                roles,
                purpose=purpose,
                organization=policy.organization,
                timezone=policy.timezone,
                now=now,
                max_consent_age_days=max_age,
                excel_serial=table.format == "xlsx",
                **({"time_formats": formats} if formats else {}),
            )
            annotated = checks.annotate(frame.lazy()).collect()
            first_line = table.header_row + 2  # as a spreadsheet numbers rows
            for row in annotated.iter_rows(named=True):
                codes = codes_from_bits(row[CODES])
                shown, highlights, findings = _display(row, table.columns)
                sensitive = sorted({f.entity for f in findings if f.entity in ("CN_RESIDENT_ID", "CN_BANK_CARD")})
                entity_counts.update(f.entity for f in findings)
                names = (["row_rejected"] if codes else []) + codes + (["sensitive_data"] if sensitive else [])
                records.append(
                    SampledRecord(
                        record_id=f"{table.path.name}:row {row[ROW_INDEX] + first_line}",
                        source=str(table.path),
                        text=shown,
                        findings=names,
                        highlights=highlights,
                        detail={"reasons": codes, "sensitive": sensitive},
                    )
                )
    result = SpotCheckResult(
        "lists",
        [str(path) for path in paths],
        population,
        seed,
        records,
        ["row_rejected", *ROW_CHECK_CODES, "sensitive_data"],
        entity_counts,
    )
    result.notes = [NOT_CHECKED_NOTE] + [
        f"{Path(path).name}: list reasons {', '.join(reasons) if reasons else 'none'}"
        for path, reasons in list_reasons.items()
    ]
    result.list_reasons = list_reasons
    return result


def _list_reasons(table, rows: int, roles, purpose: str, policy) -> list[str]:
    """The manifest's list-level reasons for one list (and missing consent columns)."""
    from screen.lists.manifest import (
        FileDigest,
        find_manifest,
        load_manifest,
        manifest_reasons,
    )

    found = find_manifest(table.path)
    manifest = load_manifest(found) if found is not None else None
    digest = FileDigest(table.path).result() if manifest is not None and manifest.sha256 else ""
    reasons = manifest_reasons(
        manifest,
        purpose=purpose,
        organization=policy.organization,
        blocked_providers=policy.blocked_providers,
        rows_in=rows,
        file_sha256=digest,
    )
    roles = roles or assign_roles(list(table.columns), policy.sensitive_headers)
    if roles.missing_consent_roles:
        reasons.append("consent_columns_missing")
    return reasons
