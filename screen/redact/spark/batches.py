"""What one executor does to one Arrow batch: the local path's per-column and per-record steps
(:func:`screen.redact.tables.redact_column`, :func:`screen.redact.jobs.redact_line`) on the batch's
rows, so both engines give the same cells. No Spark here: pyarrow and polars only.

A row that cannot be redacted is never passed on with its content: it is dropped, or, with a
quarantine column, kept with every cell but the record keys emptied and the reason set.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from screen.files.tables import as_text
from screen.redact.jobs import redact_line
from screen.redact.tables import redact_column

RECORDS_IN = "records in"  # the stats' keys beside the entities' counts
QUARANTINED = "quarantined"
CHANGED = "changed"


@dataclass(frozen=True)
class BatchPlan:
    """Which columns of a batch are redacted and what the output looks like (picklable)."""

    names: tuple[str, ...]  # the input's columns, in order
    output_names: tuple[str, ...]  # the same columns' names in the output (a name can be redacted)
    text_columns: frozenset[str]  # redacted; written as text
    key_columns: frozenset[str] = frozenset()  # kept on a quarantined row (record keys, never personal)
    quarantine_column: str | None = None  # None: a row that fails is left out
    jsonl_column: str | None = None  # JSON Lines: this column holds one record per row
    text_fields: tuple[str, ...] = ()


@dataclass
class BatchResult:
    batch: pa.RecordBatch
    stats: Counter = field(default_factory=Counter)


def text_series(frame: pl.DataFrame, name: str) -> pl.Series:
    """Column ``name`` as the text the local path redacts (dates ISO, numbers as written)."""
    return frame.select(as_text(name, frame.schema[name]).alias(name)).to_series()


def redact_batch(batch: pa.RecordBatch, plan: BatchPlan, redactor) -> BatchResult:
    """Redact ``plan.text_columns`` of ``batch`` (or its JSON Lines records)."""
    if plan.jsonl_column is not None:
        return _redact_jsonl_batch(batch, plan, redactor)
    frame = pl.from_arrow(batch)
    stats: Counter = Counter({RECORDS_IN: batch.num_rows})
    errors: dict[int, str] = {}
    changed: set[int] = set()
    arrays = {}
    for name in plan.names:
        if name not in plan.text_columns:
            continue
        column = redact_column(text_series(frame, name), name, redactor)
        for index, reason in column.errors.items():
            errors.setdefault(index, reason)
        changed.update(column.changed)
        stats.update(column.counts)
        arrays[name] = pa.array(column.values, type=pa.string())
    stats[QUARANTINED] += len(errors)
    stats[CHANGED] += len(changed - errors.keys())
    columns = [arrays.get(name, batch.column(index)) for index, name in enumerate(plan.names)]
    return BatchResult(_finish(columns, plan, errors, batch.num_rows), stats)


def _redact_jsonl_batch(batch: pa.RecordBatch, plan: BatchPlan, redactor) -> BatchResult:
    """One JSON Lines record per row; blank lines are no records (left out, as locally)."""
    stats: Counter = Counter()
    index_of = plan.names.index(plan.jsonl_column)
    lines = batch.column(index_of).to_pylist()
    outputs: list[str | None] = [None] * len(lines)
    errors: dict[int, str] = {}
    blank: list[bool] = [line is None or not line.strip() for line in lines]
    for index, line in enumerate(lines):
        if blank[index]:
            continue
        stats[RECORDS_IN] += 1
        output, counts, reason = redact_line(line, redactor, plan.text_fields)
        if reason is not None:
            errors[index] = reason
            continue
        outputs[index] = output
        if counts:
            stats[CHANGED] += 1
            stats.update(counts)
    stats[QUARANTINED] += len(errors)
    columns = [batch.column(index) for index in range(batch.num_columns)]
    columns[index_of] = pa.array(outputs, type=pa.string())
    finished = _finish(columns, plan, errors, batch.num_rows)
    if any(blank):
        finished = finished.filter(pa.array([not flag for flag in blank]))
    return BatchResult(finished, stats)


def _finish(columns: list, plan: BatchPlan, errors: dict[int, str], rows: int) -> pa.RecordBatch:
    """The output batch: failed rows left out, or emptied but for their keys and given a reason."""
    if errors and plan.quarantine_column is None:
        keep = pa.array([index not in errors for index in range(rows)])
        return pa.RecordBatch.from_arrays(columns, names=list(plan.output_names)).filter(keep)
    if plan.quarantine_column is None:
        return pa.RecordBatch.from_arrays(columns, names=list(plan.output_names))
    if errors:
        failed = pa.array([index in errors for index in range(rows)])
        columns = [
            column if name in plan.key_columns else pc.if_else(failed, pa.scalar(None, column.type), column)
            for name, column in zip(plan.names, columns)
        ]
    reasons = pa.array([errors.get(index) for index in range(rows)], type=pa.string())
    return pa.RecordBatch.from_arrays([*columns, reasons], names=[*plan.output_names, plan.quarantine_column])


def changed_columns(batch: pa.RecordBatch, names: tuple[str, ...], redactor) -> set[str]:
    """Which of ``names`` (non-text columns) have a replacement in ``batch``: those are written as
    text, the others keep their type — as the local path decides (a masked number is no number)."""
    frame = pl.from_arrow(batch)
    return {name for name in names if redact_column(text_series(frame, name), name, redactor).changed}


SCAN_FIELDS = ("column", "entity", "start", "end", "masked", "error")


def scan_batch(batch: pa.RecordBatch, columns: tuple[str, ...], key_columns: tuple[str, ...], redactor) -> pa.Table:
    """One row per finding: the record's keys, column, entity, offsets into the cell's text, the
    value masked; never the raw value. A cell the recognizers fail on gives a row with ``error``."""
    frame = pl.from_arrow(batch)
    keys = {name: frame.get_column(name).to_list() for name in key_columns}
    rows: dict[str, list] = {name: [] for name in (*key_columns, *SCAN_FIELDS)}

    def add(index: int, *values) -> None:
        for name in key_columns:
            rows[name].append(keys[name][index])
        for name, value in zip(SCAN_FIELDS, values):
            rows[name].append(value)

    for name in columns:
        for index, text in enumerate(text_series(frame, name).to_list()):
            if text is None:
                continue
            try:
                found = redactor.findings(text)
            except Exception as error:  # fail closed: say so, without the text
                add(index, name, None, None, None, None, f"internal error while scanning ({type(error).__name__})")
                continue
            for finding in found:
                add(index, name, finding.entity, finding.start, finding.end, finding.masked, None)
    key_types = {name: batch.schema.field(name).type for name in key_columns}
    arrays = [pa.array(rows[name], type=key_types[name]) for name in key_columns]
    arrays += [
        pa.array(rows[name], type=pa.int32() if name in ("start", "end") else pa.string()) for name in SCAN_FIELDS
    ]
    return pa.Table.from_arrays(arrays, names=[*key_columns, *SCAN_FIELDS])
