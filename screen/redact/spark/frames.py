"""``redact_dataframe`` and ``scan_dataframe``: leadscreen in a user's own Spark job.

    from screen.redact.spark import redact_dataframe, scan_dataframe

    redacted = redact_dataframe(df, columns=["text"], operator="hash", key=key)
    findings = scan_dataframe(df, columns=["text"], key_columns=["utterance_id"])

Each partition is redacted on Arrow batches (``mapInArrow``) by the local path's own per-column
step, with a redactor built once per executor Python process. Columns keep their types unless
they are redacted: a string column stays a string column; a non-string column in ``columns`` (an
integer phone number, say) becomes text only if something in it is replaced, as in the local
path — which takes one extra pass over those columns before the result is defined. The secret key
reaches the executors as a shipped file (:mod:`screen.redact.spark.session`), never in the plan.

Fail closed: a row the recognizers fail on is left out of the result, or, with
``quarantine_column``, kept with every cell but ``key_columns`` emptied and the reason (never the
content) in that column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import polars as pl
import pyarrow as pa

from screen.errors import UsageError
from screen.redact.fields import masked_name
from screen.redact.jobs import RedactSettings, RedactSummary
from screen.redact.spark.batches import (
    CHANGED,
    QUARANTINED,
    RECORDS_IN,
    BatchPlan,
    changed_columns,
    redact_batch,
    scan_batch,
)
from screen.redact.spark.session import executor_redactor, without_key
from screen.redact.tables import redact_header


class CounterParam:
    """Spark accumulator of counts (records, replacements per entity) from every task."""

    def zero(self, _value) -> dict:
        return {}

    def addInPlace(self, total: dict, more: dict) -> dict:  # noqa: N802 - Spark's name
        merged = Counter(total)
        merged.update(more)
        return dict(merged)


def stats_accumulator(spark):
    """An accumulator to pass as ``stats``; its value counts records and replacements. Spark
    may count a retried task twice: the figures are for reports, not for bookkeeping."""
    return spark.sparkContext.accumulator({}, CounterParam())


def summary_of(stats: Mapping[str, int]) -> RedactSummary:
    """A :class:`RedactSummary` from an accumulator's value."""
    counts = Counter({name: count for name, count in stats.items() if name not in (RECORDS_IN, QUARANTINED, CHANGED)})
    records_in = stats.get(RECORDS_IN, 0)
    quarantined = stats.get(QUARANTINED, 0)
    return RedactSummary(
        records_in=records_in,
        records_out=records_in - quarantined,
        quarantined=quarantined,
        changed=stats.get(CHANGED, 0),
        counts=+counts,
    )


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _settings(
    operator: str,
    entity_operators: Mapping[str, str] | None,
    key: bytes | None,
    entities: Iterable[str] | None,
    min_score: float,
) -> RedactSettings:
    return RedactSettings(
        operator=operator,
        key=key,
        per_entity=tuple(sorted((entity_operators or {}).items())),
        entities=tuple(entities) if entities is not None else None,
        min_score=min_score,
    )


def _wanted(df, columns: Sequence[str] | None, key_columns: Sequence[str]) -> list[str]:
    if columns is None:
        return [name for name in df.columns if name not in key_columns]
    missing = [name for name in columns if name not in df.columns]
    if missing:
        raise UsageError(f"no column {', '.join(map(masked_name, missing))} in the DataFrame", parameter="columns")
    return list(columns)


def _non_text_changed(df, names: list[str], settings: RedactSettings, key_name: str | None) -> set[str]:
    """The non-string columns among ``names`` in which something would be replaced (one pass)."""
    if not names:
        return set()
    wanted = tuple(names)

    def changed(batches):
        redactor = executor_redactor(settings, key_name)
        found: set[str] = set()
        for batch in batches:
            found |= changed_columns(batch, wanted, redactor)
        yield pa.RecordBatch.from_arrays([pa.array(sorted(found), type=pa.string())], names=["column"])

    rows = df.select(*map(_quoted, wanted)).mapInArrow(changed, "column string").distinct().collect()
    return {row["column"] for row in rows}


def _output_names(names: list[str], key_columns: Sequence[str], redactor) -> list[str]:
    """Column names redacted as the local path redacts a header (keys are left as they are)."""
    data = [name for name in names if name not in key_columns]
    redacted = iter(
        redact_header(pl.DataFrame(schema=dict.fromkeys(data, pl.String)), redactor, RedactSummary()).columns
    )
    return [name if name in key_columns else next(redacted) for name in names]


def redact_dataframe(
    df,
    columns: Sequence[str] | None = None,
    operator: str = "mask",
    entity_operators: Mapping[str, str] | None = None,
    key: bytes | None = None,
    *,
    entities: Iterable[str] | None = None,
    min_score: float = 0.0,
    settings: RedactSettings | None = None,
    quarantine_column: str | None = None,
    key_columns: Sequence[str] = (),
    stats=None,
    call_column: str | None = None,
    order_by: Sequence[str] = (),
    speaker_column: str | None = None,
):
    """``df`` with ``columns`` (default: every column but ``key_columns``) redacted.

    ``operator`` (mask, tag, hash, encrypt) and ``entity_operators`` ({entity: operator}) as in
    :class:`screen.redact.operators.Operator`; ``key`` for hash and encrypt. ``settings`` (a
    :class:`RedactSettings`) replaces those five. ``stats``: an accumulator from
    :func:`stats_accumulator`, counted as the result is computed.

    Calls (one utterance per row): with ``call_column``, the rows of one call id, wherever their
    partitions are, in ``order_by`` order, are one call, and ``columns`` names its one text
    column, redacted as the local engine redacts a call (a number said over several rows is
    found); ``speaker_column`` tells the turns. Other columns are left as they are (redact them
    with a second call). See :mod:`screen.redact.spark.calls`.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    settings = settings or _settings(operator, entity_operators, key, entities, min_score)
    driver_redactor = settings.build()  # refuses an unknown operator or a missing key here, on the driver
    wanted = _wanted(df, columns, key_columns)
    spark = df.sparkSession
    shipped, key_name = without_key(spark, settings)
    if call_column is not None:
        return _redact_calls(
            df, wanted, shipped, key_name, call_column, order_by, speaker_column, quarantine_column, stats
        )
    types = {field.name: field for field in df.schema.fields}
    strings = [name for name in wanted if isinstance(types[name].dataType, StringType)]
    others = [name for name in wanted if name not in strings]
    text = frozenset(strings) | _non_text_changed(df, others, shipped, key_name)
    names = list(df.columns)
    plan = BatchPlan(
        names=tuple(names),
        output_names=tuple(_output_names(names, key_columns, driver_redactor)),
        text_columns=text,
        key_columns=frozenset(key_columns),
        quarantine_column=quarantine_column,
        text_fields=settings.text_fields,
    )
    fields = [
        StructField(
            output,
            StringType() if name in text else types[name].dataType,
            nullable=types[name].nullable if name in key_columns else True,
        )
        for name, output in zip(names, plan.output_names)
    ]
    if quarantine_column is not None:
        fields.append(StructField(quarantine_column, StringType(), nullable=True))
    return df.mapInArrow(partition_redactor(plan, shipped, key_name, stats), StructType(fields))


def _redact_calls(df, wanted, settings, key_name, call_column, order_by, speaker_column, quarantine_column, stats):
    from pyspark.sql.types import StringType

    from screen.redact.spark.calls import redact_call_frame

    if len(wanted) != 1 or not isinstance(df.schema[wanted[0]].dataType, StringType):
        raise UsageError("with call_column, columns names the one text column of the utterances", parameter="columns")
    missing = [name for name in (call_column, *order_by, speaker_column) if name is not None and name not in df.columns]
    if missing or not order_by:
        raise UsageError(
            "with call_column, order_by names the columns that order a call's rows (and all must exist)",
            parameter="order_by",
        )
    return redact_call_frame(
        df,
        settings,
        key_name,
        call_column=call_column,
        text_column=wanted[0],
        order_by=tuple(order_by),
        speaker_column=speaker_column,
        quarantine_column=quarantine_column,
        stats=stats,
    )


def partition_redactor(plan: BatchPlan, settings: RedactSettings, key_name: str | None, stats):
    """The function each task runs over its partition's batches."""

    def redact_partition(batches):
        redactor = executor_redactor(settings, key_name)
        total: Counter = Counter()
        for batch in batches:
            result = redact_batch(batch, plan, redactor)
            total.update(result.stats)
            yield result.batch
        if stats is not None:
            stats.add(dict(total))

    return redact_partition


def scan_dataframe(
    df,
    columns: Sequence[str] | None = None,
    key_columns: Sequence[str] = (),
    *,
    entities: Iterable[str] | None = None,
    min_score: float = 0.0,
):
    """One row per finding in ``columns`` (default: every column but ``key_columns``): the
    row's ``key_columns``, then column, entity, start and end (into the cell's text), the value
    masked, and error (set, with no finding, for a cell the recognizers failed on). The raw value
    is never in the result."""
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    settings = _settings("mask", None, None, entities, min_score)
    settings.build()
    wanted = tuple(_wanted(df, columns, key_columns))
    keys = tuple(key_columns)
    types = {field.name: field for field in df.schema.fields}
    schema = StructType(
        [types[name] for name in keys]
        + [StructField(name, StringType()) for name in ("column", "entity")]
        + [StructField(name, IntegerType()) for name in ("start", "end")]
        + [StructField(name, StringType()) for name in ("masked", "error")]
    )

    def scan_partition(batches):
        redactor = executor_redactor(settings, None)
        for batch in batches:
            yield from scan_batch(batch, wanted, keys, redactor).to_batches()

    return df.mapInArrow(scan_partition, schema)
