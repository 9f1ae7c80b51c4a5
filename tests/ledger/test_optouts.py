"""Opt-out phrases in transcripts become do-not-call entries (with a dry run to review first)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from predial_support import (
    CONSENTED,
    KEY,
    NOBODY,
    POLICY,
    WORKDAY_10AM,
    digest,
)

from screen.cli.main import main
from screen.ledger.optouts import PHRASES, find_optouts, find_phrase
from screen.ledger.store import Ledger
from screen.predial.decision import Checker


@pytest.mark.parametrize(
    "text",
    [
        "不要再打了",
        "你们别再打了好吗",
        "把我的号码删掉",
        "我已经把你们拉黑了",
        "不需要，谢谢",
        "别 再 打 了！",
        "别再给我打电话",
    ],
)
def test_refusals_are_found(text):
    assert find_phrase(text) is not None


@pytest.mark.parametrize("text", ["好的，明天下午再打给我", "我需要考虑一下", "请问您是哪里", ""])
def test_ordinary_replies_are_not(text):
    assert find_phrase(text) is None


def test_the_phrases_of_the_issue_are_all_there():
    assert {"不要再打了", "别再打了", "把我的号码删掉", "不需要", "拉黑"} <= set(PHRASES)


def test_context_masks_numbers():
    phrase, context = find_phrase("我的电话13812345678别再打了")
    assert phrase == "别再打了" and "138123" not in context and "***" in context


@pytest.fixture
def transcripts(tmp_path):
    jsonl = tmp_path / "calls.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(record, ensure_ascii=False)
            for record in [
                {"phone": CONSENTED, "text": "坐席：您好，这里是示例保险。客户：别再打了！"},
                {"phone": "13987654321", "text": "客户：好的，下周再联系。"},
                {"phone": "bad-number", "text": "拉黑了"},
                {"phone": digest(NOBODY), "text": "把我的号码删掉"},  # a redacted transcript carries the digest
                {"phone": CONSENTED},
            ]
        )
        + "\nnot json\n",
        encoding="utf-8",
    )
    asr = tmp_path / "call_0002.json"
    asr.write_text(
        json.dumps(
            {
                "phone": "15012345678",
                "segments": [
                    {"speaker": "agent", "text": "您不需要现在决定"},
                    {"speaker": "customer", "text": "嗯，我考虑一下"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return jsonl, asr


def test_find_optouts_in_jsonl_and_asr_json(transcripts):
    jsonl, asr = transcripts
    findings, problems = find_optouts([jsonl, asr])
    assert [(f.line, f.phrase, f.phone_masked) for f in findings] == [
        (1, "别再打了", "138****5678"),
        (4, "把我的号码删掉", f"digest {digest(NOBODY)[:12]}…"),
        (1, "不需要", "150****5678"),
    ]  # without --speaker the agent's words count too
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "opt-out phrase found but field 'phone' holds no valid number; skipped",
        "no text in field 'text' and no segments; skipped",
        "not valid JSON (Expecting value); skipped",
    ]
    only_customer, _ = find_optouts([asr], speaker="customer")
    assert only_customer == []


def test_cli_dry_run_changes_nothing_then_adds(transcripts, filled_ledger, key_in_environment):
    db = filled_ledger
    jsonl, _ = transcripts
    runner = CliRunner()
    dry = runner.invoke(main, ["optouts", str(jsonl), "--dry-run", "--db", str(db)])
    assert dry.exit_code == 0, dry.output
    assert "138****5678" in dry.stdout and CONSENTED not in dry.output
    with Ledger.open(db, KEY) as ledger:
        assert ledger.dnc_digests() == set()
    real = runner.invoke(main, ["optouts", str(jsonl), "--db", str(db)])
    assert real.exit_code == 0, real.output
    assert "2 number(s) added" in real.stderr
    with Ledger.open(db, KEY) as ledger:
        assert ledger.dnc_digests() == {digest(CONSENTED), digest(NOBODY)}
    assert Checker(db, KEY, POLICY).check(CONSENTED, "insurance_sales", WORKDAY_10AM).reasons == ("dnc_listed",)


def test_cli_unreadable_file_is_one_line_exit_2(tmp_path, key_in_environment):
    result = CliRunner().invoke(main, ["optouts", str(tmp_path / "absent.jsonl"), "--dry-run"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


# -- hash-redacted transcripts feed the ledger (issue 11, item 7) ---------------------------------


def cli(*args):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


def test_an_opt_out_heard_in_a_hash_redacted_transcript_reaches_the_ledger(workdir):
    check = ("check", CONSENTED, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00")
    assert cli(*check).exit_code == 0
    record = {"phone": f"+86 {CONSENTED[:3]}-{CONSENTED[3:7]}-{CONSENTED[7:]}", "text": "嗯，不需要，别再打了"}
    (workdir / "calls.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    redacted = cli(
        "redact", "calls.jsonl", "-o", "calls.hashed.jsonl", "--operator", "hash", "--text-field", "text",
        "--text-field", "phone",
    )  # fmt: skip
    assert redacted.exit_code == 0, redacted.output
    hashed = (workdir / "calls.hashed.jsonl").read_text(encoding="utf-8")
    assert CONSENTED[3:] not in hashed and "<CN_PHONE_NUMBER:h:" in hashed

    mined = cli("optouts", "calls.hashed.jsonl")
    assert mined.exit_code == 0 and "1 number(s) added to the do-not-call list" in mined.stderr
    denied = cli(*check)
    assert denied.exit_code == 1 and "dnc_listed" in denied.stdout


def test_dnc_import_takes_phone_tokens_and_bare_digests(workdir):
    from predial_support import COLLECTIONS_ONLY

    from screen.config.keys import phone_digest, phone_token

    (workdir / "tokens.txt").write_text(
        f"{phone_token(KEY, CONSENTED)}\n{phone_digest(KEY, COLLECTIONS_ONLY).upper()}\n<CN_PHONE_NUMBER:h:abc>\n",
        encoding="utf-8",
    )
    imported = cli("dnc", "import", "tokens.txt", "--reason", "opt-outs from hashed transcripts")
    assert imported.exit_code == 0 and imported.stdout.startswith("2 added, 0 already listed, 1 rows without")
    for number in (CONSENTED, COLLECTIONS_ONLY):
        denied = cli("check", number, "--campaign", "insurance_sales", "--at", "2026-03-02T10:00")
        assert "dnc_listed" in denied.stdout
