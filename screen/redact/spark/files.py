"""``leadscreen redact --engine spark``: a Parquet file or folder (or JSON Lines) in, a Parquet
dataset out, redacted on Spark exactly as the local engine redacts it.

- Parquet: every column (or ``columns``) as :func:`screen.redact.spark.frames.redact_dataframe`
  redacts it; the output has the input's columns, under the same rules for names and types.
- JSON Lines: each line is one record, redacted by the local engine's per-record step; the
  output's one column, ``value``, holds the redacted JSON line (``from_json`` reads it into
  columns). Lines are read as UTF-8.

Fail closed: a record that cannot be redacted is left out of the output and listed in the
quarantine file (its file, record number as the local engine numbers it — a Parquet row as
row index + 2, a JSON Lines record as its line — and the reason; never its content).

The dataset is written beside the output under a hidden name and renamed into place when every
task has finished (through Hadoop's file system, so ``hdfs://`` and other cluster paths work too).
"""

from __future__ import annotations

import os
import secrets
from collections import Counter

from screen.errors import InputError, UsageError
from screen.redact.jobs import Quarantined, RedactSettings, RedactSummary
from screen.redact.run import check_paths, default_quarantine_path, write_quarantine
from screen.redact.spark.batches import BatchPlan, redact_batch
from screen.redact.spark.calls import CALL, CALLS, STARTS, numbered_with_calls, redact_call_groups
from screen.redact.spark.frames import partition_redactor, redact_dataframe, stats_accumulator, summary_of
from screen.redact.spark.session import (
    PRIVATE_UMASK,
    check_master,
    executor_redactor,
    spark_errors,
    spark_session,
    without_key,
)
from screen.redact.tables import wanted_columns
from screen.redact.utterances import LAYOUT_SAMPLE, detect_layout, sample_records

FILE = "__leadscreen_file"
ROW = "__leadscreen_row"
BLOCK = "__leadscreen_block"
REASON = "__leadscreen_reason"
SPARK_FORMATS = ("parquet", "jsonl")
FIRST_PARQUET_RECORD = 2  # the local engine numbers table rows as a spreadsheet does: header line 1


class LargestParam:
    """Accumulator of the largest value per key: a retried task adds nothing new."""

    def zero(self, _value) -> dict:
        return {}

    def addInPlace(self, total: dict, more: dict) -> dict:  # noqa: N802 - Spark's name
        merged = dict(total)
        for name, value in more.items():
            merged[name] = max(merged.get(name, 0), value)
        return merged


def run_spark_redaction(
    input_path: str,
    output_path: str,
    input_format: str,
    settings: RedactSettings,
    *,
    master: str | None = None,
    columns: str | None = None,
    quarantine_path: str | None = None,
) -> RedactSummary:
    """Redact ``input_path`` (a file or folder in ``input_format``: parquet or jsonl) into the
    Parquet dataset ``output_path`` on Spark (``master``: spark-submit's when None).

    What can be checked without Spark is checked first (the format, the master URL, that a local
    input exists), and what Spark raises is one line (:func:`spark_errors`)."""
    fmt = input_format
    if fmt not in SPARK_FORMATS:
        raise UsageError(f"the Spark engine reads {' and '.join(SPARK_FORMATS)}, not {fmt}", parameter="input_format")
    if output_path == "-":
        raise UsageError("the Spark engine writes a Parquet dataset; give a folder name", parameter="output_path")
    shown_input = input_path
    input_path, output_path = _on_this_machine(input_path), _on_this_machine(output_path)
    if "://" not in input_path and not os.path.exists(input_path):
        raise InputError(f"cannot read {shown_input}: no such file or folder")
    quarantine_path = quarantine_path or default_quarantine_path(output_path)
    check_paths(input_path, output_path, quarantine_path)
    check_master(master)
    with spark_errors(shown_input):
        return _run(input_path, output_path, fmt, settings, master, columns, quarantine_path)


def _run(input_path, output_path, fmt, settings, master, columns, quarantine_path) -> RedactSummary:
    spark = spark_session(master)
    stats = stats_accumulator(spark)
    kept = None  # a DataFrame persisted for the run, unpersisted at its end
    if fmt == "parquet":
        redacted, record = _parquet(spark, input_path, settings, columns, stats)
    else:
        redacted, record, kept = _jsonl(spark, input_path, settings, stats)
    keys = [FILE, ROW, BLOCK] if fmt == "jsonl" else [FILE, ROW]
    from pyspark.sql import functions as F

    _write_dataset(spark, redacted.filter(F.col(REASON).isNull()).drop(REASON, *keys), output_path)
    summary = summary_of({name: count for name, count in stats.value.items() if name != CALLS})
    summary.calls = stats.value.get(CALLS, 0)
    entries = []
    if summary.quarantined:  # rare: only then are the failed rows' keys computed again
        failed = redacted.filter(F.col(REASON).isNotNull()).select(*keys, REASON).collect()
        entries = sorted((record(row) for row in failed), key=lambda item: (item[0], item[1].record))
        summary.quarantined = len(entries)
        summary.records_out = summary.records_in - summary.quarantined
    if kept is not None:
        kept.unpersist()
    summary.quarantine_path = quarantine_path
    summary.quarantine_entries = [entry for _file, entry in entries]
    _write_quarantine_by_file(quarantine_path, entries)
    return summary


def _write_quarantine_by_file(path: str, entries: list[tuple[str, Quarantined]]) -> None:
    """The local engine's quarantine list; each entry names the file its record is in."""
    import json

    from screen.files.atomic import atomic_write

    if not entries:
        write_quarantine(path, "", [])  # removes a stale list
        return
    with atomic_write(path) as handle:
        for file, entry in entries:
            line = {"input": file, "record": entry.record, "reason": entry.reason}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def _on_this_machine(path: str) -> str:
    """A path without a scheme made absolute here: Spark's JVM would resolve it from its own
    working folder, not this process's."""
    return path if "://" in path or path.startswith("file:") else os.path.abspath(path)


def _local_name(uri: str) -> str:
    return uri.removeprefix("file://").removeprefix("file:")


def _parquet(spark, input_path: str, settings: RedactSettings, columns: str | None, stats):
    from pyspark.sql import functions as F

    df = spark.read.parquet(input_path)
    wanted = wanted_columns(columns, df.columns, input_path)
    df = df.select("*", F.col("_metadata.file_path").alias(FILE), F.col("_metadata.row_index").alias(ROW))
    redacted = redact_dataframe(
        df, columns=wanted, settings=settings, quarantine_column=REASON, key_columns=[FILE, ROW], stats=stats
    )

    def record(row) -> tuple[str, Quarantined]:
        return _local_name(row[FILE]), Quarantined(row[ROW] + FIRST_PARQUET_RECORD, row[REASON])

    return redacted, record


def _jsonl(spark, input_path: str, settings: RedactSettings, stats):
    """JSON Lines as text lines; each line's number comes from its split's offset (the line
    counts of the splits before it in the file, gathered as the job runs)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    settings.build()  # refuses a bad operator or a missing key before any task runs
    df = spark.read.text(input_path).select(
        "value", F.col("_metadata.file_path").alias(FILE), F.col("_metadata.file_block_start").alias(BLOCK)
    )
    shipped, key_name = without_key(spark, settings)
    names = ("value", FILE, BLOCK, ROW)
    plan = BatchPlan(
        names=names,
        output_names=names,
        text_columns=frozenset(),
        key_columns=frozenset((FILE, BLOCK, ROW)),
        quarantine_column=REASON,
        jsonl_column="value",
        text_fields=settings.text_fields,
    )
    blocks = spark.sparkContext.accumulator({}, LargestParam())
    schema = StructType(
        [StructField("value", StringType()), StructField(FILE, StringType()), StructField(BLOCK, LongType())]
        + [StructField(ROW, LongType()), StructField(REASON, StringType())]
    )
    layout = detect_layout(
        sample_records(row["value"] for row in df.select("value").limit(LAYOUT_SAMPLE).collect()),
        settings.call_field,
        settings.text_fields,
    )
    kept = None
    if layout is None:
        redacted = df.mapInArrow(_numbered_lines(plan, shipped, key_name, stats, blocks), schema)
    else:
        from pyspark import StorageLevel

        # Calls were grouped: sorted back into file order. The sort samples its input in a job
        # of its own; kept, the redacted lines are computed (and counted in the stats) once.
        kept = _jsonl_calls(df, plan, shipped, key_name, stats, blocks, layout, schema)
        redacted = kept.persist(StorageLevel.MEMORY_AND_DISK).orderBy(FILE, BLOCK, ROW)

    def record(row) -> tuple[str, Quarantined]:
        before = sum(count for (file, start), count in blocks.value.items() if file == row[FILE] and start < row[BLOCK])
        return _local_name(row[FILE]), Quarantined(before + row[ROW] + 1, row[REASON])

    return redacted, record, kept


def _numbered_lines(plan: BatchPlan, settings: RedactSettings, key_name: str | None, stats, blocks):
    """Each task: number its lines within their split, redact them, count lines per split."""

    def redact_partition(batches):
        import pyarrow as pa

        redactor = executor_redactor(settings, key_name)
        lines: Counter = Counter()
        total: Counter = Counter()
        for batch in batches:
            numbers = []
            for place in zip(batch.column(1).to_pylist(), batch.column(2).to_pylist()):
                numbers.append(lines[place])
                lines[place] += 1
            numbered = pa.RecordBatch.from_arrays(
                [*batch.columns, pa.array(numbers, type=pa.int64())], names=list(plan.names)
            )
            result = redact_batch(numbered, plan, redactor)
            total.update(result.stats)
            yield result.batch
        stats.add(dict(total))
        blocks.add(dict(lines))

    return redact_partition


def _jsonl_calls(df, plan: BatchPlan, settings: RedactSettings, key_name, stats, blocks, layout, schema):
    """JSON Lines of utterances: the lines of each call grouped across partitions and redacted
    together (:mod:`screen.redact.spark.calls`), the others line by line."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    numbering = numbered_with_calls(layout, FILE, BLOCK, ROW)

    def numbered_partition(batches):
        lines: Counter = Counter()
        for batch in numbering(batches):
            for place in zip(batch.column(1).to_pylist(), batch.column(2).to_pylist()):
                lines[place] += 1
            yield batch
        blocks.add(dict(lines))

    numbered = df.mapInArrow(
        numbered_partition,
        StructType(
            [StructField("value", StringType()), StructField(FILE, StringType()), StructField(BLOCK, LongType())]
            + [StructField(ROW, LongType()), StructField(CALL, StringType()), StructField(STARTS, BooleanType())]
        ),
    )

    one_by_one = partition_redactor(plan, settings, key_name, stats)
    alone = numbered.filter(F.col(CALL).isNull()).select("value", FILE, BLOCK, ROW).mapInArrow(one_by_one, schema)
    in_calls = (
        numbered.filter(F.col(CALL).isNotNull())
        .groupBy(FILE, CALL)
        .applyInArrow(
            redact_call_groups(settings, key_name, layout, stats, ("value", FILE, BLOCK, ROW, REASON)), schema
        )
    )
    return alone.unionByName(in_calls)


def _write_dataset(spark, frame, output_path: str) -> None:
    """Write ``frame`` as Parquet under a hidden name beside ``output_path``, then rename it into
    place (an earlier output there is replaced only once the new one is complete)."""
    hadoop = spark._jvm.org.apache.hadoop.fs  # Spark's own route to whatever file system the path is on
    configuration = spark._jsc.hadoopConfiguration()
    configuration.set("fs.permissions.umask-mode", PRIVATE_UMASK)  # a session started elsewhere too
    system = hadoop.Path(output_path).getFileSystem(configuration)
    target = system.makeQualified(hadoop.Path(output_path))
    staging = hadoop.Path(target.getParent(), f".{target.getName()}.leadscreen-{secrets.token_hex(4)}")
    try:
        frame.write.parquet(staging.toString())
        if system.exists(target):
            old = hadoop.Path(target.getParent(), f".{target.getName()}.old-{secrets.token_hex(4)}")
            system.rename(target, old)
            system.rename(staging, target)
            system.delete(old, True)
        else:
            system.rename(staging, target)
    finally:
        if system.exists(staging):
            system.delete(staging, True)
