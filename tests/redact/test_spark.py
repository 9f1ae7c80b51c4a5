"""The Spark engine (``--engine spark``, ``redact_dataframe``, ``scan_dataframe``) gives what the
local engine gives, keeps the key out of the plan, and fails closed. One local session for all."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import random
import sys
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from screen.cli.main import main
from screen.redact.jobs import RedactSettings
from screen.redact.redactor import Redactor
from screen.redact.run import run_redaction
from screen.redact.spark.files import run_spark_redaction
from screen.redact.spark.frames import redact_dataframe, scan_dataframe, stats_accumulator, summary_of

ROOT = Path(__file__).resolve().parents[2]
EVAL_SET = ROOT / "benchmarks" / "data" / "eval_snippets.jsonl"
KEY = b"24c22d5d44c18c26288a45ec56950c399290a2b2d39c49223b282aa7267ad865"
CALLS = ROOT / "sample_lists" / "transcripts" / "calls.jsonl"


def eval_texts() -> list[str]:
    with EVAL_SET.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def read_dataset(path: Path) -> pl.DataFrame:
    """A Spark output folder's part files in order (each partition keeps its rows' order)."""
    return pl.concat([pl.read_parquet(part) for part in sorted(path.glob("part-*.parquet"))])


def generated_table(rows: int = 400, seed: int = 15) -> pl.DataFrame:
    """Several text columns (eval snippets, call lines, nulls), an integer phone column under a
    phone header, and columns that are no text: integers, floats, booleans, dates."""
    chooser = random.Random(seed)
    texts = eval_texts()
    return pl.DataFrame(
        {
            "utterance_id": list(range(rows)),
            "text": [chooser.choice(texts) if chooser.random() < 0.8 else None for _ in range(rows)],
            "notes": [
                chooser.choice(["回电 13812345678", "无", "", None, "邮箱 li.na@example.cn"]) for _ in range(rows)
            ],
            "手机号": [chooser.choice([13912345678, 13812345678, None, 95588]) for _ in range(rows)],
            "duration_s": [chooser.random() * 300 for _ in range(rows)],
            "agent_seq": [chooser.randrange(10_000_000) for _ in range(rows)],
            "answered": [chooser.random() < 0.5 for _ in range(rows)],
            "day": [datetime.date(2025, 1, 1) + datetime.timedelta(days=chooser.randrange(400)) for _ in range(rows)],
        }
    )


def both_engines(tmp_path: Path, source: Path, settings: RedactSettings, fmt: str, **options):
    """(local output, local summary, Spark output folder, Spark summary) for one input."""
    local = tmp_path / ("local.parquet" if fmt == "parquet" else "local.jsonl")
    local_summary = run_redaction(str(source), str(local), fmt, settings, workers=1, **options)
    spark_out = tmp_path / "spark_out"
    spark_summary = run_spark_redaction(str(source), str(spark_out), fmt, settings, **options)
    return local, local_summary, spark_out, spark_summary


@pytest.mark.parametrize(
    "settings",
    [
        RedactSettings(),
        RedactSettings("hash", key=KEY, per_entity=(("CN_PHONE_NUMBER", "encrypt"), ("EMAIL_ADDRESS", "tag"))),
    ],
    ids=["mask", "hash-encrypt-tag"],
)
def test_both_engines_give_the_same_table_row_for_row(spark, tmp_path, settings):
    source = tmp_path / "calls.parquet"
    generated_table().write_parquet(source)
    local, local_summary, spark_out, spark_summary = both_engines(tmp_path, source, settings, "parquet")
    expected, got = pl.read_parquet(local), read_dataset(spark_out)
    assert got.schema == expected.schema  # an unchanged number column keeps its type, a masked one is text
    assert got.to_dicts() == expected.to_dicts()
    assert expected.schema["手机号"] == pl.String and expected.schema["agent_seq"] == pl.Int64
    assert (spark_summary.records_in, spark_summary.changed, spark_summary.counts) == (
        local_summary.records_in,
        local_summary.changed,
        local_summary.counts,
    )
    assert spark_summary.quarantined == 0 and not (tmp_path / "spark_out.quarantine.jsonl").exists()


def test_both_engines_give_the_same_eval_set_and_columns_narrow_it(spark, tmp_path):
    texts = eval_texts()
    source = tmp_path / "eval.parquet"
    pl.DataFrame({"text": texts, "copy": texts}).write_parquet(source)
    local, _summary, spark_out, spark_summary = both_engines(
        tmp_path, source, RedactSettings(), "parquet", columns="text"
    )
    got = read_dataset(spark_out)
    assert got.to_dicts() == pl.read_parquet(local).to_dicts()
    assert got["copy"].to_list() == texts  # a column not named is left as it is
    assert spark_summary.changed > 300


def jsonl_input(path: Path) -> Path:
    """The sample calls and the eval set as JSON Lines, with a blank line and two broken records."""
    lines = CALLS.read_text(encoding="utf-8").splitlines()
    lines += [json.dumps({"id": number, "text": text}, ensure_ascii=False) for number, text in enumerate(eval_texts())]
    lines[3:3] = ["", '{"text": "手机13812345678" broken', "[1, 2]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_lines_give_the_same_records_and_the_same_quarantine(spark, tmp_path):
    source = jsonl_input(tmp_path / "calls.jsonl")
    local, local_summary, spark_out, spark_summary = both_engines(tmp_path, source, RedactSettings(), "jsonl")
    assert read_dataset(spark_out)["value"].to_list() == local.read_text(encoding="utf-8").splitlines()
    assert [(entry.record, entry.reason) for entry in spark_summary.quarantine_entries] == [
        (entry.record, entry.reason) for entry in local_summary.quarantine_entries
    ]
    assert [entry.record for entry in spark_summary.quarantine_entries] == [5, 6]
    listed = (tmp_path / "spark_out.quarantine.jsonl").read_text(encoding="utf-8")
    assert "13812345678" not in listed and "broken" not in listed
    assert (spark_summary.records_in, spark_summary.records_out) == (
        local_summary.records_in,
        local_summary.records_out,
    )


def test_the_cli_engine_option_redacts_on_spark_and_exits_1_on_quarantine(spark, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = jsonl_input(tmp_path / "calls.jsonl")
    result = CliRunner().invoke(
        main, ["redact", str(source), "-o", "out", "--engine", "spark", "--master", "local[2]"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "2 quarantined" in result.output and "out.quarantine.jsonl" in result.output
    entries = [json.loads(line) for line in (tmp_path / "out.quarantine.jsonl").read_text().splitlines()]
    assert [entry["record"] for entry in entries] == [5, 6]
    assert all(entry["input"].endswith("calls.jsonl") for entry in entries)
    written = read_dataset(tmp_path / "out")["value"].to_list()
    assert f"{len(written)} written" in result.output and not any("broken" in line for line in written)


class FailingSettings(RedactSettings):
    """Settings whose redactor fails on any cell holding 失败 (a recognizer bug, simulated)."""

    def build(self):
        redactor = super().build()
        original = redactor.redact_cell

        def redact_cell(value, column_entity=None):
            if "失败" in value:
                raise RuntimeError("simulated recognizer failure")
            return original(value, column_entity)

        redactor.redact_cell = redact_cell
        return redactor


def test_a_row_the_recognizers_fail_on_is_quarantined_with_its_key_only(spark, tmp_path):
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the executors get FailingSettings by value
    texts = ["手机13812345678", "失败 13912345678", "无号码", "失败 邮箱 a@b.cn 1"]
    df = spark.createDataFrame([(number, text) for number, text in enumerate(texts)], "id long, text string")
    stats = stats_accumulator(spark)
    redacted = redact_dataframe(
        df, settings=FailingSettings(), quarantine_column="reason", key_columns=["id"], stats=stats
    ).collect()
    failed = [row for row in redacted if row["reason"] is not None]
    assert [(row["id"], row["text"]) for row in failed] == [(1, None), (3, None)]
    assert all("RuntimeError" in row["reason"] and "139" not in row["reason"] for row in failed)
    assert [row["text"] for row in redacted if row["reason"] is None] == ["手机138****5678", "无号码"]
    assert summary_of(stats.value).quarantined == 2
    left_out = redact_dataframe(df, settings=FailingSettings()).collect()  # no quarantine column: dropped
    assert [row["id"] for row in left_out] == [0, 2]


def test_the_key_reaches_the_executors_but_not_the_plan(spark, capsys):
    from pyspark import cloudpickle

    from screen.redact.spark.frames import partition_redactor
    from screen.redact.spark.session import without_key

    texts = eval_texts()[:200]
    df = spark.createDataFrame([(text,) for text in texts], "text string")
    redacted = redact_dataframe(df, operator="hash", entity_operators={"CN_RESIDENT_ID": "encrypt"}, key=KEY)
    redacted.explain(extended=True)
    plans = [redacted._jdf.queryExecution().toString(), capsys.readouterr().out]
    assert all("MapInArrow" in plan for plan in plans)
    for plan in plans:
        for form in (KEY.decode(), KEY.hex(), KEY[:12].decode()):
            assert form not in plan
    redactor = RedactSettings("hash", key=KEY, per_entity=(("CN_RESIDENT_ID", "encrypt"),)).build()
    assert [row["text"] for row in redacted.collect()] == [redactor.redact_cell(text)[0] for text in texts]
    shipped, name = without_key(spark, RedactSettings("hash", key=KEY))
    assert shipped.key is None and name.startswith("leadscreen-key-")
    task = cloudpickle.dumps(partition_redactor(None, shipped, name, None))
    assert KEY not in task


def test_scan_dataframe_reports_what_the_local_redactor_finds_masked(spark):
    texts = eval_texts()
    df = spark.createDataFrame(list(enumerate(texts)), "id long, text string")
    rows = scan_dataframe(df, columns=["text"], key_columns=["id"]).collect()
    redactor = Redactor(RedactSettings().build().operator)
    expected = sorted(
        (number, "text", f.entity, f.start, f.end, f.masked)
        for number, text in enumerate(texts)
        for f in redactor.findings(text)
    )
    got = sorted((r["id"], r["column"], r["entity"], r["start"], r["end"], r["masked"]) for r in rows)
    assert got == expected and len(got) > 500
    for row in rows:
        raw = texts[row["id"]][row["start"] : row["end"]]
        assert row["error"] is None and (row["masked"] != raw or "*" in raw)


def test_a_failed_parquet_row_is_quarantined_as_the_local_engine_numbers_it(spark, tmp_path):
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    source = tmp_path / "calls.parquet"
    pl.DataFrame({"id": [1, 2, 3, 4], "text": ["手机13812345678", "失败 1", "无", "失败 2"]}).write_parquet(source)
    local, local_summary, spark_out, spark_summary = both_engines(tmp_path, source, FailingSettings(), "parquet")
    assert read_dataset(spark_out).to_dicts() == pl.read_parquet(local).to_dicts()
    assert [(entry.record, entry.reason) for entry in spark_summary.quarantine_entries] == [
        (entry.record, entry.reason) for entry in local_summary.quarantine_entries
    ]
    assert [entry.record for entry in spark_summary.quarantine_entries] == [3, 5]  # rows 2 and 4 under a header
    assert (spark_summary.records_out, spark_summary.quarantined) == (2, 2)
    listed = (tmp_path / "spark_out.quarantine.jsonl").read_text(encoding="utf-8")
    assert "失败" not in listed and str(source) in listed


def test_a_folder_of_parquet_files_gives_each_file_s_rows_redacted(spark, tmp_path):
    folder = tmp_path / "lake"
    folder.mkdir()
    table = generated_table(rows=300)
    expected = []
    for part, (start, end) in enumerate([(0, 100), (100, 300)]):
        table.slice(start, end - start).write_parquet(folder / f"part-{part}.parquet")
        run_redaction(
            str(folder / f"part-{part}.parquet"), str(tmp_path / f"local-{part}.parquet"), "parquet", RedactSettings()
        )
        expected.append(pl.read_parquet(tmp_path / f"local-{part}.parquet"))
    summary = run_spark_redaction(str(folder), str(tmp_path / "out"), "parquet", RedactSettings())
    got = read_dataset(tmp_path / "out").sort("utterance_id")
    assert got.to_dicts() == pl.concat(expected).sort("utterance_id").to_dicts()
    assert summary.records_in == 300


@dataclasses.dataclass(frozen=True)
class CountingSettings(RedactSettings):
    """Settings whose every build leaves a line with the building process's id in ``log``."""

    log: str = ""

    def build(self):
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
        return super().build()


def test_the_redactor_is_built_once_per_worker_process_not_per_partition(spark, tmp_path):
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    builds = tmp_path / "builds.txt"
    builds.touch()
    df = spark.createDataFrame([(text,) for text in eval_texts()], "text string").repartition(8)
    assert df.rdd.getNumPartitions() == 8
    assert len(redact_dataframe(df, settings=CountingSettings(log=str(builds))).collect()) == len(eval_texts())
    processes = builds.read_text().split()
    driver = str(os.getpid())
    workers = [pid for pid in processes if pid != driver]
    # once per process: each process built it once, and fewer builds than partitions. (Spark keeps
    # idle Python workers of earlier jobs, a grouped stage's too: more processes than cores can serve.)
    assert workers and len(workers) == len(set(workers)) and len(workers) < df.rdd.getNumPartitions()


# --- calls: the records of one call id read together, as the local engine reads them -----------


def calls_input(path: Path, calls: int = 40) -> Path:
    """Utterance records of many calls, each number said over three records, with records of no
    call, a broken line inside a call and a record whose text is not text."""
    chooser = random.Random(22)
    lines = []
    for number in range(calls):
        turns = [("agent", "请问您的手机号是多少？"), ("customer", "幺三八"), ("agent", "嗯"), ("customer", "一二三四")]
        turns += [("agent", "好"), ("customer", f"{chooser.randrange(1000, 9999)}"), ("agent", "好的，稍后回电。")]
        lines += [
            json.dumps({"call_id": f"c{number}", "seq": seq, "speaker": who, "text": text}, ensure_ascii=False)
            for seq, (who, text) in enumerate(turns)
        ]
        if number % 7 == 0:
            lines.append(json.dumps({"id": number, "text": "客户手机13812345678"}, ensure_ascii=False))
    lines[10:10] = ['{"call_id": "c1", "text": broken']
    lines[30:30] = [json.dumps({"call_id": "c4", "speaker": "agent", "text": ["嗯"]}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_lines_calls_give_the_same_records_on_both_engines(spark, tmp_path):
    source = calls_input(tmp_path / "calls.jsonl")
    local, local_summary, spark_out, spark_summary = both_engines(tmp_path, source, RedactSettings(), "jsonl")
    expected = local.read_text(encoding="utf-8").splitlines()
    assert read_dataset(spark_out)["value"].to_list() == expected
    assert "幺三八" not in "\n".join(expected) and "13812345678" not in "\n".join(expected)
    assert [(entry.record, entry.reason) for entry in spark_summary.quarantine_entries] == [
        (entry.record, entry.reason) for entry in local_summary.quarantine_entries
    ]
    assert (spark_summary.calls, spark_summary.records_in, spark_summary.changed, spark_summary.counts) == (
        local_summary.calls,
        local_summary.records_in,
        local_summary.changed,
        local_summary.counts,
    )
    assert local_summary.calls == 40  # the broken line and the record whose text is a list cut no call


def test_redact_dataframe_reads_the_rows_of_a_call_together_across_partitions(spark, tmp_path):
    from screen.redact.utterances import redact_call_texts

    rows = []
    for number in range(30):
        for seq, (who, text) in enumerate(
            [("c", "我的手机号是幺三八"), ("a", "嗯"), ("c", "一二三四"), ("c", "五六七八")]
        ):
            rows.append({"call_id": f"c{number}", "seq": seq, "speaker": who, "text": text})
    chooser = random.Random(7)
    chooser.shuffle(rows)  # a call's rows in any order, in any partition
    df = spark.createDataFrame(rows).repartition(4)
    stats = stats_accumulator(spark)
    redacted = redact_dataframe(
        df, columns=["text"], call_column="call_id", order_by=["seq"], speaker_column="speaker", stats=stats
    )
    got = {(row["call_id"], row["seq"]): row["text"] for row in redacted.collect()}
    redactor = RedactSettings().build()
    expected, _counts = redact_call_texts(redactor, ["我的手机号是幺三八", "嗯", "一二三四", "五六七八"], list("cacc"))
    for number in range(30):
        assert [got[(f"c{number}", seq)] for seq in range(4)] == expected
    assert expected[0] == "我的手机号是138"
    summary = summary_of({name: count for name, count in stats.value.items() if name != "calls"})
    assert summary.records_in == 120 and summary.counts == {"CN_PHONE_NUMBER": 30}
