"""JSON Lines of one utterance per record: the records of a call (consecutive, one call id) are
redacted together, each written back with only its own text changed, in input order, whichever
way the file is cut into worker ranges or chunks."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screen.cli.main import main
from screen.errors import UsageError
from screen.redact import jobs, utterances
from screen.redact.jobs import Quarantined, RedactSettings, plan_ranges, redact_jsonl_file, redact_jsonl_lines
from screen.redact.utterances import CallLayout, call_windows, detect_layout

RAW = "13812345678"
# A mobile said over three customer turns, the agent backchanneling: no single record holds it.
SPLIT_CALL = [
    ("agent", "请问您的手机号是多少？"),
    ("customer", "幺三八"),
    ("agent", "嗯，您说"),
    ("customer", "一二三四"),
    ("agent", "好"),
    ("customer", "五六七八"),
    ("agent", "好的，稍后给您回电。"),
]


def _records(call_id, turns, call_field="call_id", text_field="text", speaker_field="speaker", **extra):
    return [
        {call_field: call_id, "seq": index, speaker_field: speaker, text_field: text, **extra}
        for index, (speaker, text) in enumerate(turns)
    ]


def _lines(records) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in records]


def _layout(lines: list[str], call_field=None, text_fields=()):
    return detect_layout(utterances.sample_records(lines), call_field, text_fields)


def _redact_lines(lines: list[str], chunk_lines: int = jobs.CHUNK_LINES, call_field=None):
    settings = RedactSettings(call_layout=_layout(lines, call_field))
    written, quarantined = [], []
    summary = redact_jsonl_lines(
        lines, settings, written.append, quarantined.append, workers=1, chunk_lines=chunk_lines
    )
    return written, quarantined, summary


def _texts(written: list[str], field: str = "text") -> list[str]:
    return [json.loads(line)[field] for line in written]


# --- which fields ----------------------------------------------------------------------------

FIELD_NAMES = [
    # (call field, text field, speaker field)
    ("call_id", "text", "speaker"),
    ("callId", "content", "role"),
    ("CALL_ID", "sentence", "channel"),
    ("session_id", "text", "speaker"),
    ("conversation_id", "utterance", "speaker"),
    ("dialog_id", "text", "spk"),
    ("通话ID", "内容", "角色"),
    ("通话编号", "文本", "说话人"),
    ("会话ID", "识别文本", "角色"),
]


@pytest.mark.parametrize(("call_field", "text_field", "speaker_field"), FIELD_NAMES)
def test_the_usual_field_names_are_found_and_the_number_over_several_records_is_redacted(
    call_field, text_field, speaker_field
):
    lines = _lines(_records("c1", SPLIT_CALL, call_field, text_field, speaker_field))
    assert _layout(lines) == CallLayout(call_field, text_field, speaker_field)
    written, quarantined, summary = _redact_lines(lines)
    texts = _texts(written, text_field)
    assert not quarantined and summary.calls == 1 and summary.records_in == len(SPLIT_CALL)
    assert (texts[1], texts[3], texts[5]) == ("138", "****", "5678")
    assert summary.counts == {"CN_PHONE_NUMBER": 1}


LOOK_ALIKES = [
    # records that are not utterances of calls: the fast path, record by record
    {"id": "c1", "text": "幺三八"},  # an id that names no call
    {"callback": "c1", "text": "幺三八"},  # a name that only starts like one
    {"call_id": "c1", "segments": [{"text": "幺三八"}]},  # a call id but no utterance text: a whole call already
    {"call_id": "c1", "text": 138},  # the text is no string
]


@pytest.mark.parametrize("record", LOOK_ALIKES)
def test_records_that_are_not_utterances_of_calls_are_not_grouped(record):
    assert _layout([json.dumps(record, ensure_ascii=False)]) is None


def test_call_field_names_the_field_and_none_turns_grouping_off():
    lines = _lines(_records("c1", SPLIT_CALL, call_field="录音流水"))
    assert _layout(lines) is None  # not a usual name
    assert _layout(lines, "录音流水") == CallLayout("录音流水", "text", "speaker")
    written, _quarantined, summary = _redact_lines(lines, call_field="录音流水")
    assert summary.calls == 1 and _texts(written)[1] == "138"
    assert _layout(_lines(_records("c1", SPLIT_CALL)), "none") is None
    written, _quarantined, summary = _redact_lines(_lines(_records("c1", SPLIT_CALL)), call_field="none")
    assert summary.calls == 0 and _texts(written)[1] == "幺三八"  # record by record: no number in one record
    with pytest.raises(UsageError):
        _layout(lines, "no_such_field")


# --- each record written back, only its text changed --------------------------------------------


def test_each_record_keeps_its_other_fields_and_unchanged_records_are_byte_exact():
    records = _records("c1", SPLIT_CALL, start=1.5, note="备注")
    records[0]["phone"] = RAW  # another field of a record of the call: redacted as any record's
    lines = [json.dumps(record, ensure_ascii=False, indent=None, separators=(", ", ":")) for record in records]
    written, _quarantined, summary = _redact_lines(lines)
    assert len(written) == len(lines)
    for line, out, record in zip(lines, written, records):
        got = json.loads(out)
        assert list(got) == list(record)  # same fields, same order
        assert {key: value for key, value in got.items() if key not in ("text", "phone")} == {
            key: value for key, value in record.items() if key not in ("text", "phone")
        }
        if got == record:
            assert out == line  # nothing replaced: the line as it came
    assert json.loads(written[0])["phone"] == "138****5678"
    assert summary.changed == 4 and summary.counts == {"CN_PHONE_NUMBER": 2}


def test_consecutive_records_of_one_id_are_one_call_and_another_id_starts_another():
    first = _records("c1", SPLIT_CALL[:4])
    second = _records("c2", SPLIT_CALL[4:])  # the rest of the number, said in another call
    written, _quarantined, summary = _redact_lines(_lines(first + second))
    assert summary.calls == 2
    texts = _texts(written)
    # "五六七八" in another call completes nothing: it stays, and the first call's pieces are at
    # most a near miss of its own (all stars), never the shares of one whole number (138 / ****)
    assert "五六七八" in texts and not any(any(char.isdigit() for char in text) for text in texts[: len(first)])
    interleaved = _records("c1", SPLIT_CALL[:2]) + _records("c9", [("agent", "您好")]) + _records("c1", SPLIT_CALL[2:])
    _written, _quarantined, summary = _redact_lines(_lines(interleaved))
    assert summary.calls == 3  # an id that comes back later is another call: calls are consecutive


def test_the_summary_counts_the_calls_read():
    lines = _lines(_records("c1", SPLIT_CALL) + _records("c2", SPLIT_CALL) + [{"id": 1, "text": "你好"}])
    _written, _quarantined, summary = _redact_lines(lines)
    assert (summary.calls, summary.records_in, summary.records_out) == (2, 15, 15)
    assert summary.line().startswith("2 call(s) in 15 record(s): 15 written (6 changed)")


# --- fail closed ---------------------------------------------------------------------------------


def test_a_bad_line_is_quarantined_itself_and_the_call_around_it_goes_on():
    lines = _lines(_records("c1", SPLIT_CALL))
    lines.insert(4, '{"call_id": "c1", "text": ')  # unreadable, between two pieces of the number
    lines.insert(2, "")  # blank
    written, quarantined, summary = _redact_lines(lines)
    assert [entry.record for entry in quarantined] == [6]
    assert "幺三八" not in quarantined[0].reason and summary.calls == 1
    assert (len(written), summary.records_in) == (len(SPLIT_CALL), len(SPLIT_CALL) + 1)
    assert [_texts(written)[index] for index in (1, 3, 5)] == ["138", "****", "5678"]


def test_a_record_whose_text_is_not_text_is_quarantined_and_the_call_read_without_it():
    records = _records("c1", SPLIT_CALL)
    records.insert(2, {"call_id": "c1", "speaker": "agent", "text": ["嗯"]})
    written, quarantined, summary = _redact_lines(_lines(records))
    assert [entry.record for entry in quarantined] == [3] and "not text" in quarantined[0].reason
    assert _texts(written)[1] == "138" and summary.calls == 1


def test_when_the_redactor_fails_on_a_call_every_record_of_it_is_quarantined(monkeypatch):
    from screen.redact.redactor import Redactor

    real = Redactor.redact_segments

    def failing(self, texts, speakers=None, words=False):
        if any("幺三八" in text for text in texts):
            raise RuntimeError("recognizer bug")
        return real(self, texts, speakers, words)

    monkeypatch.setattr(Redactor, "redact_segments", failing)
    lines = _lines(_records("c1", SPLIT_CALL) + _records("c2", [("customer", "您好")]))
    written, quarantined, summary = _redact_lines(lines)
    assert [entry.record for entry in quarantined] == list(range(1, len(SPLIT_CALL) + 1))
    assert all("its call" in entry.reason for entry in quarantined)
    assert len(written) == 1 and summary.quarantined == len(SPLIT_CALL)


# --- long calls: windows with an overlap --------------------------------------------------------


@given(count=st.integers(0, 60), cap=st.integers(1, 12), overlap=st.integers(0, 5))
def test_windows_write_every_item_once_in_order_with_bounded_context(count, cap, overlap):
    written = []
    for window in call_windows(range(count), cap, overlap):
        assert window.high - window.low <= cap
        assert window.low <= overlap and len(window.items) - window.high <= overlap
        written += window.items[window.low : window.high]
    assert written == list(range(count))


@pytest.mark.parametrize("cut", range(2, 9))
def test_a_number_said_across_a_window_edge_is_still_found(monkeypatch, cut):
    """Windows of ``cut`` records: wherever the edge falls among the number's pieces."""
    padding = [("agent", "好的")] * 3
    turns = padding + SPLIT_CALL + padding
    lines = _lines(_records("c1", turns))
    whole, _quarantined, _summary = _redact_lines(lines)
    monkeypatch.setattr(utterances, "MAX_CALL_RECORDS", cut)
    monkeypatch.setattr(utterances, "CALL_OVERLAP", 4)
    windowed, _quarantined, summary = _redact_lines(lines)
    assert windowed == whole
    assert summary.long_calls == 1 and summary.counts == {"CN_PHONE_NUMBER": 1}
    assert "overlapping windows" in summary.line()


# --- worker ranges and chunks end at call boundaries ---------------------------------------------


def _call_file(tmp_path, calls_count: int = 12):
    records = []
    for number in range(calls_count):
        turns = SPLIT_CALL if number % 3 else [("customer", f"我的手机{RAW}"), ("agent", "好的")] + SPLIT_CALL[1:3]
        records += _records(f"call-{number}", turns)
        if number % 4 == 0:
            records.append({"id": number, "text": "no call here"})
    lines = _lines(records)
    for place in range(len(lines) - 3, 0, -23):  # broken and blank lines inside calls: passed over
        lines[place:place] = ['{"call_id": "broken', ""]
    path = tmp_path / "utterances.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _redact_file(path, tmp_path, range_bytes: int, workers: int = 1) -> tuple[str, list]:
    lines = path.read_text(encoding="utf-8").splitlines()
    settings = RedactSettings(call_layout=_layout(lines))
    output, quarantined = io.StringIO(), []
    output.name = str(tmp_path / "out.jsonl")
    redact_jsonl_file(
        str(path), "utf-8", settings, output, quarantined.append, workers=workers, range_bytes=range_bytes
    )
    return output.getvalue(), quarantined


def test_ranges_end_at_call_boundaries(tmp_path):
    path = _call_file(tmp_path)
    layout = _layout(path.read_text(encoding="utf-8").splitlines())
    data = path.read_bytes()
    for range_bytes in (1, 50, 333, 1000):
        ranges = plan_ranges(str(path), "utf-8", str(tmp_path), range_bytes, layout)
        assert ranges[0].start == 0 and ranges[-1].end == len(data)
        for before, after in zip(ranges, ranges[1:]):
            assert before.end == after.start
            # the last line read before the cut and the first after it (blank and broken lines passed over)
            keys_before = [utterances.line_call_key(line.decode(), layout) for line in data[: before.end].splitlines()]
            keys_after = [utterances.line_call_key(line.decode(), layout) for line in data[before.end :].splitlines()]
            last = [key for key in keys_before if key != utterances.UNREAD][-1]
            following = next((key for key in keys_after if key != utterances.UNREAD), None)
            assert following is None or utterances.ends_a_call(last, following)


def test_calls_across_worker_ranges_on_two_workers_are_read_whole(tmp_path):
    path = _call_file(tmp_path, calls_count=30)
    reference, _quarantined = _redact_file(path, tmp_path, range_bytes=1 << 30)
    output, quarantined = _redact_file(path, tmp_path, range_bytes=300, workers=2)
    broken = [
        number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "broken" in line
    ]
    assert output == reference and [entry.record for entry in quarantined] == broken
    assert RAW not in output and "五六七八" not in output  # every number said in pieces found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(range_bytes=st.integers(1, 4000), chunk_lines=st.integers(1, 40))
def test_how_the_file_is_cut_never_changes_the_output(tmp_path, range_bytes, chunk_lines):
    path = _call_file(tmp_path)
    reference, _quarantined = _redact_file(path, tmp_path, range_bytes=1 << 30)
    output, _quarantined = _redact_file(path, tmp_path, range_bytes=range_bytes)
    assert output == reference
    lines = path.read_text(encoding="utf-8").splitlines()
    written, _quarantined, _summary = _redact_lines(lines, chunk_lines=chunk_lines)
    assert "\n".join(written) + "\n" == reference


def test_redact_command_on_calls_says_how_many_calls_it_read(tmp_path):
    path = _call_file(tmp_path, calls_count=5)
    result = CliRunner().invoke(main, ["redact", str(path), "-o", str(tmp_path / "o.jsonl"), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the broken lines are quarantined
    assert result.stderr.startswith("redacted 5 call(s) in ")
    assert RAW not in (tmp_path / "o.jsonl").read_text(encoding="utf-8")
    scanned = CliRunner().invoke(main, ["scan", str(path), "--format", "json"])
    found = [json.loads(line) for line in scanned.stdout.splitlines()]
    # scan reads the calls as redact does: the number said over three records is found, at its first piece
    assert sum(1 for item in found if item["entity"] == "CN_PHONE_NUMBER") == 2 + 3  # 2 whole, 3 in pieces


def test_quarantine_entries_name_global_line_numbers_across_ranges(tmp_path):
    path = _call_file(tmp_path, calls_count=9)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _output, quarantined = _redact_file(path, tmp_path, range_bytes=200, workers=1)
    assert Quarantined(21, "not valid JSON (Expecting value)") in quarantined


def test_a_call_field_no_record_has_is_a_one_line_error(tmp_path):
    path = _call_file(tmp_path, calls_count=2)
    result = CliRunner().invoke(main, ["redact", str(path), "-o", str(tmp_path / "o.jsonl"), "--call-field", "nope"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "leadscreen: error: no field 'nope' in the first records (see --call-field)"
    ]
    assert not (tmp_path / "o.jsonl").exists()
