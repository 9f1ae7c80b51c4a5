"""``leadscreen redact`` and ``leadscreen unredact``."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from screen.cli.audio import audio_options, redact_with_audio
from screen.cli.audio import wanted as audio_wanted
from screen.cli.options import (
    asr_options,
    build_settings,
    call_field_option,
    db_option,
    key_option,
    policy_option,
    text_fields_option,
)
from screen.cli.progress import progress_option
from screen.errors import LeadscreenError, UsageError
from screen.files.formats import FORMATS, format_of
from screen.redact.sources import INPUT_FORMATS

EXAMPLES = """
\b
Examples:
  leadscreen redact sample_lists/transcripts/call_0001.txt -o call_0001.redacted.txt
  leadscreen redact sample_lists/transcripts/calls.jsonl -o calls.redacted.jsonl --operator tag
  leadscreen redact sample_lists/transcripts/asr_call.json -o asr_call.redacted.json
  leadscreen redact sample_lists/asr/alibaba.json -o alibaba.redacted.json --agent-channel 0   # Alibaba, Tencent, iFlytek ...
  leadscreen redact sample_lists/partner_gbk.csv -o partner.redacted.csv     # stays GBK
  leadscreen redact sample_lists/bought_list.csv -o bought.redacted.csv --entity-operator PERSON=tag   # 姓名 -> <PERSON>
  cat sample_lists/transcripts/calls.jsonl | leadscreen redact - -o - --input-format jsonl > redacted.jsonl
  leadscreen redact sample_lists/transcripts/calls.jsonl -o calls.enc.jsonl --operator encrypt   # needs the key
  leadscreen unredact calls.enc.jsonl -o calls.restored.jsonl
  leadscreen redact sample_lists/audio/sample_call.json -o call.redacted.json --audio sample_lists/audio/sample_call.wav --audio-out call.redacted.wav   # docs/audio.md

\b
On Apache Spark (docs/spark.md; pip install 'leadscreen[spark]', Java 17):
  leadscreen redact /lake/asr/2025-06/ -o /lake/asr_redacted/2025-06 --engine spark --master 'local[8]'
  leadscreen redact calls.jsonl -o calls_redacted --engine spark      # a Parquet dataset, column value
"""


def guess_format(path: str, requested: str | None) -> str:
    if requested:
        return requested
    if path == "-":
        raise UsageError("reading standard input needs --input-format (txt, jsonl or asr)")
    try:
        return format_of(path, INPUT_FORMATS, what="a transcript or a table")
    except UsageError as error:
        raise UsageError(f"{error} (or pass --input-format)") from None


def _is_table(fmt: str) -> bool:
    """Rows and columns (CSV, Excel, Parquet), redacted cell by cell; JSON Lines is records."""
    return FORMATS[fmt].holds == "table"


def _restore_format(path: str) -> str:
    """The format of a file to restore; standard input and names the registry does not know are
    restored as plain text (tokens are found wherever they are)."""
    if path == "-":
        return "txt"
    try:
        return format_of(path, INPUT_FORMATS)
    except UsageError:
        return "txt"


@click.command(epilog=EXAMPLES)
@click.argument("input_path", metavar="INPUT")
@click.option(
    "-o", "--output", "output_path", required=True, metavar="OUTPUT", help="Where to write; - for standard output."
)
@click.option(
    "--operator",
    type=click.Choice(["mask", "tag", "hash", "encrypt"]),
    help="mask (default: 138****5678), tag (<CN_PHONE_NUMBER>), hash (keyed pseudonym, needs a key), "
    "encrypt (reversible with `leadscreen unredact`, needs a key).",
)
@click.option(
    "--entity-operator",
    "entity_operators",
    multiple=True,
    metavar="ENTITY=OPERATOR",
    help="Operator for one entity, e.g. CN_PHONE_NUMBER=hash. Repeatable.",
)
@click.option(
    "--mask-keep",
    "mask_keeps",
    multiple=True,
    metavar="ENTITY=FIRST,LAST",
    help="Characters kept visible by mask, e.g. CN_BANK_CARD=6,4. Repeatable.",
)
@click.option("--entities", help="Comma-separated entities to redact (default: every personal entity).")
@click.option(
    "--input-format",
    "input_format",
    type=click.Choice(INPUT_FORMATS),
    help="Override the format guessed from the extension (.txt .jsonl .json=ASR .csv .xlsx .parquet; "
    "also .ndjson .tsv .xlsm .xls .pq).",
)
@text_fields_option("redact")
@call_field_option
@click.option("--columns", help="Tables: comma-separated columns to redact (default: every column).")
@click.option(
    "--encoding",
    help="Encoding of a CSV output (utf-8, utf-8-sig, gb18030). Default: the input CSV's own (a GBK "
    "list stays GB18030, which writes GBK's characters as GBK does; UTF-8 with a BOM keeps its BOM); "
    "UTF-8 for other inputs. Text and JSON outputs are always UTF-8.",
)
@key_option
@click.option(
    "--quarantine",
    "quarantine_path",
    metavar="PATH",
    help="Where records that could not be processed are listed (default: OUTPUT.quarantine.jsonl; "
    "with -o -, on stderr). Must differ from INPUT and OUTPUT.",
)
@policy_option
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes for JSONL (default: all cores).")
@click.option(
    "--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True, help="Leave findings scored below this."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="spark: redact a Parquet file or folder (or JSON Lines) on Apache Spark into a Parquet dataset "
    "(needs pip install 'leadscreen[spark]' and Java 17); same output as local. See docs/spark.md.",
)
@click.option(
    "--master",
    metavar="URL",
    help="Spark master for --engine spark, e.g. local[2] (default: spark-submit's, else local[*]).",
)
@asr_options
@progress_option("A records counter for JSON Lines (calls for text)")
@audio_options
def redact(
    input_path,
    output_path,
    operator,
    entity_operators,
    mask_keeps,
    entities,
    input_format,
    text_fields,
    call_field,
    columns,
    encoding,
    key_file,
    quarantine_path,
    policy_path,
    workers,
    min_score,
    engine,
    master,
    asr_format,
    agent_channel,
    agent_speaker,
    progress,
    audio,
):
    """Replace resident IDs, phone numbers, bank cards, passports, e-mails, names, addresses, QQ numbers,
    WeChat IDs and licence plates in transcripts and lists.

    INPUT is a text file (calls separated by blank lines, one turn per line, with a speaker label such
    as 坐席：/客户：/A: or none; each call read whole, the file streamed call by call; a file without
    blank lines is one call), JSON Lines (one record per line; every string in it, or --text-field;
    records of one utterance each with a call id, consecutive ones with the same id, are read as one
    call, see --call-field), an ASR
    transcript (.json: {"segments": [{"start", "end", "speaker", "text"}, ...]} or a list of
    segments; times and speakers kept, numbers split across segments or said over several turns found), or a table
    (.csv in UTF-8/GBK, .xlsx, .parquet: every cell, the header included, or --columns). -
    reads standard input (with --input-format); -o - writes standard output. A cell under a header
    that says what it holds (手机号, 身份证号, 银行卡号, 姓名, 家庭住址, QQ, 微信, 车牌, 护照, 通行证 …)
    is replaced whole: a name as 张**, an address down to its district (湖北省武汉市洪山区*****).
    So is the text of a JSON field named for a name, an address, a QQ number, a WeChat ID or a
    plate ({"姓名": "张三"} gives {"姓名": "张*"}).

    A table keeps its shape: a CSV is written in its own encoding (GBK stays GBK) unless
    --encoding says otherwise, title rows above the header are kept (CSV, Excel), an Excel
    sheet keeps its name and its date cells, and Parquet columns without a replacement keep
    their types. Other Excel cells are written as text.

    Outputs for people are made safe to open in Excel/WPS: a CSV or Excel cell beginning with =,
    +, -, @, a tab or a carriage return gets a leading ' (OWASP's advice against formula
    injection). Text, JSON Lines, ASR JSON and Parquet outputs, meant for machines, get no such
    change: a text is byte-exact apart from the replacements, and so is a JSON line with nothing
    replaced (a JSON record with a replacement is written anew, same fields, same order).

    Fails closed: a record that cannot be processed goes to the quarantine file (record number
    and reason, never its content; with -o -, listed on stderr), is not written to the output, and the exit status is 1.
    The output file is written atomically. Exit status: 0 all redacted, 1 some quarantined,
    2 bad input.
    """
    from screen.cli.progress import ProgressBar, wanted
    from screen.config.policy import load_policy
    from screen.redact.run import run_redaction

    settings = build_settings(
        load_policy(policy_path), operator, entity_operators, mask_keeps, entities, text_fields, key_file, min_score
    )
    settings = dataclasses.replace(
        settings,
        asr_format=asr_format,
        agent_channel=agent_channel,
        agent_speaker=agent_speaker,
        call_field=call_field,
    )
    if audio_wanted(audio):  # the call's recording too (docs/audio.md)
        fmt = guess_format(input_path, input_format)
        return redact_with_audio(input_path, output_path, fmt, settings, audio, quarantine_path)
    if engine == "spark":
        from screen.redact.spark.files import run_spark_redaction
        from screen.redact.spark.session import require_spark_extra, stopped_at_exit

        require_spark_extra()
        with stopped_at_exit():  # no copy of the key stays in Spark's user-file folder
            summary = run_spark_redaction(
                input_path,
                output_path,
                _spark_format(input_path, input_format),
                settings,
                master=master,
                columns=columns,
                quarantine_path=quarantine_path,
            )
        _report(summary)
        return
    fmt = guess_format(input_path, input_format)
    if _is_table(fmt) and output_path == "-" and fmt != "csv":
        raise UsageError(f"{fmt} output cannot go to standard output; give a file name")
    bar = ProgressBar("redacting", " calls" if fmt == "txt" else " records") if wanted(progress) else None
    try:
        summary = run_redaction(
            input_path,
            output_path,
            fmt,
            settings,
            quarantine_path=quarantine_path,
            workers=workers,
            columns=columns,
            encoding=encoding,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    _report(summary)


def _spark_format(input_path: str, requested: str | None) -> str:
    """A folder (a Parquet dataset) or a name without a known suffix is Parquet for Spark."""
    if requested:
        return requested
    try:
        return format_of(input_path, INPUT_FORMATS)
    except UsageError:
        return "parquet"


def _report(summary) -> None:
    """The summary line on stderr; exit status 1 when records were quarantined."""
    click.echo(f"redacted {summary.line()}", err=True)
    if summary.quarantined:
        if summary.quarantine_path is None:  # -o -: listed here, no file left behind
            for entry in summary.quarantine_entries:
                click.echo(f"quarantined record {entry.record}: {entry.reason}", err=True)
        else:
            click.echo(f"quarantined records are listed in {summary.quarantine_path}", err=True)
        sys.exit(1)


@click.command(
    epilog="""
\b
Example (from the repository root):
  leadscreen redact sample_lists/transcripts/calls.jsonl -o calls.enc.jsonl --operator encrypt
  leadscreen unredact calls.enc.jsonl -o calls.restored.jsonl
  leadscreen audit export --since 2026-01-01 --changes      # the re-identification is on record

Every run is recorded in the ledger's audit trail (who, when, which file, how many values; never
the values): re-identification is a change an auditor asks about.
"""
)
@click.argument("input_path", metavar="INPUT")
@click.option(
    "-o", "--output", "output_path", required=True, metavar="OUTPUT", help="Where to write; - for standard output."
)
@key_option
@db_option
def unredact(input_path, output_path, key_file, db):
    """Restore what `leadscreen redact --operator encrypt` replaced, for an authorised user.

    Works on every output format of redact (text, JSONL, ASR JSON, CSV, Excel, Parquet): every
    <ENTITY:e:...> token is decrypted back to the original characters. A token that does not
    decrypt with the key (wrong key, altered text) is an error and nothing is written. The run is
    recorded in the audit trail beside the ledger (--db); when that record cannot be written,
    nothing is restored.
    """
    from screen.config.keys import load_key
    from screen.files.atomic import atomic_write
    from screen.files.text import decode_text, open_input
    from screen.ledger.audit import record_change
    from screen.ledger.store import resolve_db_path
    from screen.redact.operators import TOKEN_RE, restore_tokens

    key = load_key(key_file)
    fmt = _restore_format(input_path)

    def audited(count: int) -> None:
        record_change(resolve_db_path(db), "unredact", count=count, source_file=input_path, detail=f"to {output_path}")

    if _is_table(fmt) and (fmt != "csv" or output_path != "-"):
        from screen.files.atomic import remove_if_present
        from screen.redact.tables import restore_table

        restored_count = restore_table(input_path, output_path, key)
        try:
            audited(restored_count)
        except LeadscreenError:
            remove_if_present(output_path)  # no record, no restored file
            raise
        click.echo(f"restored {restored_count} token(s)", err=True)
        return
    stream, name = open_input(input_path)
    with stream:
        text = decode_text(stream.read(), name)
    if fmt in ("asr", "jsonl"):
        # tokens are plain ASCII, but the restored characters must be JSON-escaped where needed
        restored = TOKEN_RE.sub(lambda m: json.dumps(restore_tokens(m.group(0), key), ensure_ascii=False)[1:-1], text)
    else:
        restored = restore_tokens(text, key)
    count = len(TOKEN_RE.findall(text))
    audited(count)  # before anything restored leaves this process
    if output_path == "-":
        sys.stdout.write(restored)
    else:
        with atomic_write(output_path) as handle:
            handle.write(restored)
    click.echo(f"restored {count} token(s)", err=True)
