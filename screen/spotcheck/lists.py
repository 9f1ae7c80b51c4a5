"""Spot checks of lead lists: ``leadscreen screen``'s verdict, shown on a reproducible sample of rows.

Every list is screened whole by :func:`screen.lists.screening.screen_list` (into a temporary
folder, without the ledger), judged as of one moment: each list reason and each row reason comes
from there, so a spot check can never disagree with screening on a rule. The sample is then drawn
over all lists together (:func:`screen.spotcheck.sampling.pick_indexes`); a second pass over each
list keeps the sampled rows for display, their row reasons are read from the screening's
``rejected.csv``, and every cell is scanned, with its header (``联系人: 王建国`` is a name where
``王建国`` alone is not), for personal data: a row holding an ID or card number, a home address, or
a name next to an ID number has the finding ``sensitive_data``, as screening's signature has it.
"""

from __future__ import annotations

import dataclasses
import datetime
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from recognizers import PERSONAL_ENTITIES, scan
from screen import clock
from screen.config.policy import Policy, load_policy
from screen.errors import UsageError
from screen.files.tables import Table, collect, load_table
from screen.lists.columns import is_phone_header
from screen.lists.screening import ScreeningResult, ScreenSettings, screen_list
from screen.reasons import LEDGER_CODES, ROW_REASONS
from screen.spotcheck.list_masks import column_masks
from screen.spotcheck.sampling import Progress, pick_indexes
from screen.spotcheck.transcripts import (
    RECORD_ID_FIELDS,
    Highlight,
    SampledRecord,
    SpotCheckResult,
    mask_display,
    own_id,
    record_label,
)

ROW_INDEX = "__leadscreen_sample_row"
ROW_CHECK_CODES = tuple(code for code in ROW_REASONS if code not in LEDGER_CODES)
SENSITIVE_ENTITIES = ("CN_RESIDENT_ID", "CN_BANK_CARD", "CN_ADDRESS")
NOT_CHECKED_NOTE = (
    "Each list was screened whole, as `leadscreen screen` screens it, and sampled rows carry its row "
    "reasons; the ledger's do-not-call and withdrawal records are not consulted here."
)


def list_settings(
    policy: Policy, campaign: str | None, purpose: str | None, as_of: datetime.datetime
) -> ScreenSettings:
    """Screening settings for the campaign (or a bare purpose), judged as of ``as_of``."""
    if campaign:
        return ScreenSettings.for_campaign(policy, campaign, now=as_of)
    if not purpose:
        raise UsageError("lead lists are checked for a campaign of the policy (or a purpose)")
    return ScreenSettings.for_purpose(policy, purpose, now=as_of)


@dataclass
class _ScreenedList:
    """One lead list: its screening and the table its sampled rows are read from."""

    table: Table
    screening: ScreeningResult
    count: int  # lines below the header, the list's share of the population

    @property
    def path(self) -> Path:
        return self.table.path

    def _column_entities(self) -> dict[str, str]:
        """Header -> the entity screening says its cells are (a sensitive column's, or PERSON for
        the name column): a cell of it counts as one even when the recognizers, reading the cell
        alone, cannot tell (a bare 王建国, an address without a road)."""
        said = {header: "PERSON" for header, role in self.screening.columns.items() if role == "name"}
        for header, column in self.screening.sensitive_columns.items():
            if column.entity is not None:
                said[header] = column.entity
        return said

    def row_reasons(self, rows: list[int]) -> dict[int, list[str]]:
        """Screening's row codes for the given 1-based rows (rows it rejected; others have none)."""
        rejected = (
            pl.scan_csv(self.screening.rejected_path, infer_schema=False)
            .select(pl.col("row").cast(pl.Int64), "reason")
            .filter(pl.col("row").is_in(rows))
            .collect()
        )
        list_codes = self.screening.list_reasons
        found = {}
        for row, reason in rejected.iter_rows():
            codes = (reason or "").split(";")
            # a rejected list appends its list codes to every row's; the row's own come first
            if list_codes and codes[-len(list_codes) :] == list_codes:
                codes = codes[: -len(list_codes)]
            found[row] = [code for code in codes if code in ROW_REASONS]
        return found

    def sampled_records(self, local: list[int], entity_counts: Counter) -> list[SampledRecord]:
        """The sampled rows (0-based indexes below the header) as masked records."""
        frame = collect(
            self.table.frame.with_row_index(ROW_INDEX).filter(pl.col(ROW_INDEX).is_in(local)), self.table.path
        )
        # rows are numbered as rejected.csv numbers them: 1 for the first line below the header
        reasons = self.row_reasons([index + 1 for index in local])
        id_fields = (*RECORD_ID_FIELDS, *(h for h, role in self.screening.columns.items() if role == "consent_id"))
        masks = column_masks(self.screening.columns, self.screening.sensitive_columns)
        masked_rows = frame.select(**masks).iter_rows(named=True) if masks else ({} for _ in range(frame.height))
        said = self._column_entities()
        records = []
        for row, masked in zip(frame.iter_rows(named=True), masked_rows):
            number = row[ROW_INDEX] + 1
            codes = reasons.get(number, [])
            shown, highlights, entities = _display(row, masked, self.table.columns, said)
            sensitive = sensitive_entities(entities)
            entity_counts.update(entities)
            names = (["row_rejected"] if codes else []) + codes + (["sensitive_data"] if sensitive else [])
            identifier = own_id(row, id_fields)
            records.append(
                SampledRecord(
                    record_id=record_label(self.path.name, identifier, f"{self.path.name}:row {number}"),
                    source=str(self.path),
                    text=shown,
                    findings=names,
                    highlights=highlights,
                    detail={"reasons": codes, "sensitive": sensitive},
                    place=f"row {number}",
                    own_id=identifier,
                )
            )
        return records


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def sensitive_entities(entities: list[str]) -> list[str]:
    """What makes a row's data sensitive, as screening's signature has it: ID and card numbers,
    home addresses, and a name next to an ID number (a name alone is for greeting).

    >>> sensitive_entities(["PERSON", "CN_PHONE_NUMBER"]), sensitive_entities(["PERSON", "CN_RESIDENT_ID"])
    ([], ['CN_RESIDENT_ID', 'PERSON'])
    """
    found = {entity for entity in entities if entity in SENSITIVE_ENTITIES}
    if "CN_RESIDENT_ID" in found and "PERSON" in entities:
        found.add("PERSON")
    return sorted(found)


def _cell_findings(name: str, value: str) -> list:
    """The personal data in one cell, read with its header before it (``联系人: 王建国``) and alone
    (a header ending in digits, ``col_3``, must not swallow the start of a number); offsets into
    the cell."""
    label = f"{name}: "
    found = [
        dataclasses.replace(finding, start=finding.start - len(label), end=finding.end - len(label), parts=())
        for finding in scan(label + value)
        if finding.entity in PERSONAL_ENTITIES and finding.start >= len(label)
    ]
    for finding in scan(value):
        if finding.entity in PERSONAL_ENTITIES and not any(
            finding.start < other.end and other.start < finding.end for other in found
        ):
            found.append(dataclasses.replace(finding, parts=()))
    return found


def _display(row: dict, masked: dict, columns, said: dict[str, str]) -> tuple[str, list[Highlight], list[str]]:
    """``header: value`` lines: the columns screening masks as it masks them (consent times stay
    readable), the others with all personal data masked; and the entity of each finding in the row
    (a cell of a column screening says holds an entity counts as one of it)."""
    lines, highlights, entities, offset = [], [], [], 0
    for name in columns:
        start = offset + len(name) + 2
        value = _cell(row.get(name))
        findings = _cell_findings(name, value)
        kinds = [finding.entity for finding in findings]
        if name in said and value.strip() and said[name] not in kinds:
            kinds.append(said[name])
        entities += kinds
        if name in masked:
            shown = _cell(masked[name])
            if shown != value:
                highlights.append(Highlight(start, start + len(shown), "masked", shown))
        else:
            shown, cell_highlights = mask_display(value, findings)
            highlights += [Highlight(start + h.start, start + h.end, h.label, h.shown) for h in cell_highlights]
        lines.append(f"{name}: {shown}")
        offset += len(lines[-1]) + 1
    return "\n".join(lines), highlights, entities


def _screen(path: Path, settings: ScreenSettings, workdir: Path, progress: Progress | None) -> _ScreenedList:
    screening = screen_list(path, settings, out_dir=workdir / "screened", progress=progress)
    table = load_table(path, workdir=workdir / "table", header_finder=is_phone_header)
    count = int(collect(table.frame.select(pl.len()), table.path).item())
    return _ScreenedList(table, screening, count)


def spotcheck_lists(
    paths: list[Path],
    size: int,
    seed: int,
    campaign: str | None = None,
    policy_path: str | None = None,
    purpose: str | None = None,
    as_of: datetime.datetime | None = None,
    progress: Progress | None = None,
) -> SpotCheckResult:
    """Screen each list as of ``as_of`` (default: now) and report a sample of their rows;
    ``progress`` is told each stage (screening's own included)."""
    say = progress or (lambda message: None)
    settings = list_settings(load_policy(policy_path), campaign, purpose, as_of or clock.utc_now())
    with tempfile.TemporaryDirectory(prefix="leadscreen-spotcheck-") as workdir:
        lists = []
        for number, path in enumerate(paths):
            say(f"screening {path.name} ({number + 1} of {len(paths)})")
            lists.append(_screen(path, settings, Path(workdir) / str(number), progress))
        population = sum(item.count for item in lists)
        if population == 0:
            raise UsageError("the lists hold no rows to sample")
        picked = pick_indexes(population, size, seed)
        say(f"reading {len(picked):,} sampled rows of {population:,}")
        records: list[SampledRecord] = []
        entity_counts: Counter = Counter()
        offset = 0
        for item in lists:
            local = [index - offset for index in picked if offset <= index < offset + item.count]
            offset += item.count
            if local:
                records.extend(item.sampled_records(local, entity_counts))
    result = SpotCheckResult(
        "lists",
        [str(path) for path in paths],
        population,
        seed,
        records,
        ["row_rejected", *ROW_CHECK_CODES, "sensitive_data"],
        entity_counts,
    )
    result.list_reasons = {str(item.path): list(item.screening.list_reasons) for item in lists}
    result.list_decisions = {str(item.path): item.screening.decision for item in lists}
    result.timezone = settings.policy.campaign(campaign).timezone if campaign else settings.policy.timezone
    result.notes = [
        NOT_CHECKED_NOTE,
        f"judged as of {settings.now.isoformat(timespec='seconds')}",
        *(
            f"{Path(path).name}: list reasons {', '.join(reasons) if reasons else 'none'}"
            for path, reasons in result.list_reasons.items()
        ),
    ]
    return result
