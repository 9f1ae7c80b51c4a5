"""Calls on Spark: the records of one call are brought together by their id, wherever their
partitions are, and redacted as the local engine redacts a call (:mod:`screen.redact.utterances`).

- JSON Lines (``--engine spark``): each line is numbered within its split and its call id read
  (:func:`screen.redact.utterances.line_call_key`); the lines of one file and one call id are grouped
  (``groupBy(...).applyInArrow``), put back in file order, cut into runs of consecutive lines
  (a line that follows a read line of another call, in the same split, starts a new run) and each run
  is redacted by the local engine's call step (:func:`screen.redact.jobs.redact_call_lines`).
  Lines without a call id take the per-line path. The output is sorted back into file order.
- ``redact_dataframe(df, call_column=…, order_by=…)``: the rows of one call id, in ``order_by``
  order, are one call; their ``text_column`` is redacted together.

Where the engines can differ: the local engine reads a call id that comes back after other
records as a new call; Spark does too, except when the other records end exactly at a split's
end (then it reads one call). Split ends fall every 128 MiB by default: rare, and never a leak
(a call read whole finds at least what its runs would).
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from screen.redact.jobs import Quarantined, RedactSettings, redact_call_lines
from screen.redact.spark.batches import CHANGED, QUARANTINED, RECORDS_IN
from screen.redact.spark.session import executor_redactor
from screen.redact.utterances import UNREAD, CallLayout, line_call_key, redact_call_texts

CALLS = "calls"  # the stats' key for calls read
CALL = "__leadscreen_call"
STARTS = "__leadscreen_run_start"


def key_text(key) -> str | None:
    """A call key as a string column value (its type kept: 1 and "1" are two calls)."""
    return None if key is None else f"{key[0].__name__}:{key[1]}"


def numbered_with_calls(layout: CallLayout, file_column: str, block_column: str, row_column: str):
    """A ``mapInArrow`` function: each line's number within its split, its call key, and whether
    it starts a run (the line before it in the split is of another call)."""

    def number_partition(batches):
        lines: Counter = Counter()
        previous: dict = {}
        for batch in batches:
            values = batch.column(0).to_pylist()
            numbers, keys, starts = [], [], []
            for value, place in zip(values, zip(batch.column(1).to_pylist(), batch.column(2).to_pylist())):
                numbers.append(lines[place])
                lines[place] += 1
                key = line_call_key(value or "", layout)
                keys.append(None if key == UNREAD else key_text(key))
                starts.append(key != UNREAD and place in previous and previous[place] != key)
                if key != UNREAD:
                    previous[place] = key
            yield pa.RecordBatch.from_arrays(
                [*batch.columns, pa.array(numbers, pa.int64()), pa.array(keys, pa.string()), pa.array(starts)],
                names=["value", file_column, block_column, row_column, CALL, STARTS],
            )

    return number_partition


def redact_call_groups(settings: RedactSettings, key_name: str | None, layout: CallLayout, stats, names):
    """An ``applyInArrow`` function over the lines of one file and one call id: ``names`` are
    (value, file, block, row, reason) of the output."""
    value_name, file_name, block_name, row_name, reason_name = names

    def redact_group(table: pa.Table) -> pa.Table:
        redactor = executor_redactor(settings, key_name)
        table = table.sort_by([(block_name, "ascending"), (row_name, "ascending")])
        values = table.column("value").to_pylist()
        starts = table.column(STARTS).to_pylist()
        outputs: list = [None] * len(values)
        reasons: list = [None] * len(values)
        total: Counter = Counter()
        run_start = 0
        for end in range(1, len(values) + 1):
            if end < len(values) and not starts[end]:
                continue
            results, summary = redact_call_lines(values[run_start:end], redactor, settings.text_fields, layout)
            for index, item in zip(range(run_start, end), results):
                if item.__class__ is Quarantined:
                    reasons[index] = item.reason
                else:
                    outputs[index] = item
            total.update(summary.counts)
            total.update(
                {
                    RECORDS_IN: summary.records_in,
                    QUARANTINED: summary.quarantined,
                    CHANGED: summary.changed,
                    CALLS: summary.calls,
                }
            )
            run_start = end
        if stats is not None:
            stats.add(dict(+total))
        return pa.Table.from_arrays(
            [
                pa.array(outputs, pa.string()),
                table.column(file_name),
                table.column(block_name),
                table.column(row_name),
                pa.array(reasons, pa.string()),
            ],
            names=[value_name, file_name, block_name, row_name, reason_name],
        )

    return redact_group


def redact_call_frame(
    df,
    settings: RedactSettings,
    key_name: str | None,
    *,
    call_column: str,
    text_column: str,
    order_by: tuple[str, ...],
    speaker_column: str | None,
    quarantine_column: str | None,
    stats,
):
    """``df`` with ``text_column`` redacted call by call (rows of one ``call_column`` value, in
    ``order_by`` order); a call the redactor fails on has its texts emptied and, with
    ``quarantine_column``, the reason set (else its rows are left out)."""
    from pyspark.sql.types import StringType, StructField, StructType

    schema = df.schema
    if quarantine_column is not None:
        schema = StructType([*schema.fields, StructField(quarantine_column, StringType(), True)])

    def redact_group(table: pa.Table) -> pa.Table:
        redactor = executor_redactor(settings, key_name)
        table = table.sort_by([(name, "ascending") for name in order_by])
        texts = table.column(text_column).to_pylist()
        said = [index for index, text in enumerate(texts) if text is not None]
        speakers = table.column(speaker_column).to_pylist() if speaker_column else None
        total: Counter = Counter({RECORDS_IN: len(texts), CALLS: 1})
        reason = None
        try:
            redacted, counts = redact_call_texts(
                redactor, [texts[index] for index in said], [speakers[index] for index in said] if speakers else None
            )
        except Exception as error:  # fail closed: the call's texts are not passed on
            reason = f"internal error while redacting its call ({type(error).__name__})"
            redacted, counts = [None] * len(said), Counter()
        changed = sum(1 for index, text in zip(said, redacted) if text != texts[index])
        for index, text in zip(said, redacted):
            texts[index] = text
        total.update(counts)
        total[CHANGED] += changed if reason is None else 0
        total[QUARANTINED] += len(texts) if reason is not None else 0
        if stats is not None:
            stats.add(dict(+total))
        columns = [
            pa.array(texts, pa.string()) if name == text_column else table.column(name) for name in table.column_names
        ]
        names = list(table.column_names)
        if quarantine_column is not None:
            columns.append(pa.array([reason] * len(texts), pa.string()))
            names.append(quarantine_column)
        elif reason is not None:
            return pa.Table.from_arrays(columns, names=names).slice(0, 0)
        return pa.Table.from_arrays(columns, names=names)

    return df.groupBy(call_column).applyInArrow(redact_group, schema)
