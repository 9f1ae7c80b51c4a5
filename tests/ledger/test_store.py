"""The ledger: the interface `leadscreen screen --commit` uses, migrations, the key check, imports."""

from __future__ import annotations

import dataclasses
import datetime
import hmac
import sqlite3

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from predial_support import CONSENT_TIME, KEY, SHANGHAI, consent, digest

from screen.config.keys import Digester, phone_digest
from screen.errors import InputError, LedgerMissing, UsageError
from screen.ledger.imports import import_accepted, read_phone_list
from screen.ledger.schema import MIGRATIONS, SCHEMA_VERSION
from screen.ledger.store import ConsentRecord, Ledger


def test_consent_record_is_frozen_with_the_agreed_fields_in_order():
    assert [f.name for f in dataclasses.fields(ConsentRecord)] == [
        "phone_digest",
        "consent_id",
        "consent_time",
        "scope",
        "recipients",
        "list_id",
        "channel",
    ]
    record = consent("13812345678")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.consent_id = "other"


def test_add_consents_counts_only_new_ones(any_ledger):
    with Ledger.open(any_ledger, KEY) as ledger:
        assert ledger.add_consents([consent("13812345678"), consent("13987654321")]) == 2
        assert ledger.add_consents([consent("13812345678"), consent("13812345678", consent_id="C-second")]) == 1
        assert ledger.counts()["consents"] == 3
        assert ledger.counts()["consent_terms"] == 1  # same scope/recipients/list/channel: stored once


def test_dnc_digests_and_removal_log(any_ledger):
    with Ledger.open(any_ledger, KEY) as ledger:
        assert ledger.add_dnc([digest("13812345678"), digest("13987654321")], reason="asked", source="test") == 2
        assert ledger.add_dnc([digest("13812345678")], reason="again", source="test") == 0
        assert ledger.dnc_digests() == {digest("13812345678"), digest("13987654321")}
        assert ledger.remove_dnc([digest("13812345678")], reason="mistake", source="test") == 1
        assert ledger.dnc_digests() == {digest("13987654321")}
        assert ledger.counts()["dnc_removals"] == 1
        with pytest.raises(UsageError, match="reason"):
            ledger.add_dnc([digest("13812345678")], reason=" ", source="test")


def test_revoked_digests_until_a_later_consent(any_ledger):
    number = "13812345678"
    with Ledger.open(any_ledger, KEY) as ledger:
        ledger.add_consents([consent(number)])
        ledger.withdraw([digest(number)], CONSENT_TIME + datetime.timedelta(days=1), source="test")
        assert ledger.revoked_digests() == {digest(number)}
        ledger.add_consents([consent(number, consent_id="C-again", when=CONSENT_TIME + datetime.timedelta(days=2))])
        assert ledger.revoked_digests() == set()


def test_digests_match_keys_phone_digest_and_are_the_only_form_stored(ledger_path):
    assert Digester(KEY)("13812345678") == hmac.digest(KEY, b"13812345678", "sha256")
    with Ledger.open(ledger_path, KEY) as ledger:
        assert ledger.digest("13812345678") == phone_digest(KEY, "13812345678")
        ledger.add_consents([consent("13812345678")])
        ledger.add_dnc([digest("13987654321")], reason="asked", source="test")
    stored = b"".join(p.read_bytes() for p in ledger_path.parent.iterdir() if p.name.startswith(ledger_path.name))
    assert bytes.fromhex(digest("13812345678")) in stored
    assert b"13812345678" not in stored and b"13987654321" not in stored


def test_an_older_schema_is_upgraded_and_keeps_its_data(ledger_path):
    version_one = MIGRATIONS[0]
    assert version_one[0] == 1 and SCHEMA_VERSION > 1
    connection = sqlite3.connect(ledger_path, isolation_level=None)
    connection.executescript(version_one[2])
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        "INSERT INTO dnc (digest, added_at, reason, source) VALUES (?, 0, 'old', 'v1')",
        (bytes.fromhex(digest("13812345678")),),
    )
    connection.close()
    with Ledger.open(ledger_path, KEY) as ledger:
        assert ledger.schema_version == SCHEMA_VERSION
        assert ledger.dnc_digests() == {digest("13812345678")}
        assert ledger.remove_dnc([digest("13812345678")], reason="upgrade test", source="test") == 1  # v2 table
        assert ledger.counts()["dnc_removals"] == 1


def test_a_newer_schema_a_foreign_file_and_a_wrong_key_are_refused(ledger_path, tmp_path):
    Ledger.open(ledger_path, KEY).close()
    with pytest.raises(UsageError, match="different key"):
        Ledger.open(ledger_path, b"another-key-0123456789")
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UsageError, match="newer"):
        Ledger.open(newer, KEY)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)")
    with pytest.raises(UsageError, match="not a leadscreen ledger"):
        Ledger.open(foreign, KEY)
    text = tmp_path / "text.db"
    text.write_text("hello, this is not a database at all, not even close" * 20)
    with pytest.raises(UsageError, match="not an SQLite database"):
        Ledger.open(text, KEY)
    with pytest.raises(LedgerMissing):
        Ledger.open(tmp_path / "absent.db", KEY, create=False)


def test_naive_times_are_refused(any_ledger):
    with Ledger.open(any_ledger, KEY) as ledger, pytest.raises(UsageError, match="time zone"):
        ledger.add_consents([consent("13812345678", when=datetime.datetime(2026, 3, 1, 10))])


def test_wal_mode(ledger_path):
    Ledger.open(ledger_path, KEY).close()
    assert sqlite3.connect(ledger_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


ACCEPTED = {
    "phone": ["13812345678", "13987654321", "12345", "+86 137-0000-1111", "15012345678"],
    "name": ["张三", "李四", "坏", "王五", "赵六"],
    "consent_id": ["C-1", "C-2", "C-3", "C-4", ""],
    "consent_time": [
        "2026-03-01 10:00:00",
        "2026-03-01T02:00:00Z",
        "2026-03-01",
        "2026-03-01T10:00:00+08:00",
        "2026-03-01",
    ],
    "consent_channel": ["web", "app", "web", "web", "web"],
    "consent_scope": ["保险销售;保险续保", "贷款催收", "保险销售", "保险销售、保险续保", "保险销售"],
    "consent_recipient": ["示例保险股份有限公司", "", "", "示例保险股份有限公司", ""],
    "list_id": ["L1", "L1", "L1", "L2", "L2"],
}


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_import_accepted_file(any_ledger, tmp_path, suffix):
    path = tmp_path / f"accepted.{suffix}"
    frame = pl.DataFrame(ACCEPTED)
    frame.write_csv(path) if suffix == "csv" else frame.write_parquet(path)
    with Ledger.open(any_ledger, KEY) as ledger:
        report = import_accepted(ledger, path, "Asia/Shanghai")
        again = import_accepted(ledger, path, "Asia/Shanghai")
        facts = ledger.phone_facts(bytes.fromhex(digest("13812345678")), "保险销售", 2**40, 0)
        landline_style = ledger.phone_facts(bytes.fromhex(digest("13700001111")), "保险销售", 2**40, 0)
        terms = ledger.terms(facts.consents[0][1])
    assert (report.rows, report.added, report.skipped_count) == (5, 3, 2)
    assert report.skipped == {"not a valid phone number": [3], "no consent_id": [5]}
    assert (again.added, again.already_present) == (0, 3)
    # A time without a zone is read in Asia/Shanghai; "+86 137-…" was normalised before digesting.
    assert facts.consents[0][0] == int(datetime.datetime(2026, 3, 1, 10, tzinfo=SHANGHAI).timestamp())
    assert landline_style.consents[0][0] == facts.consents[0][0]
    assert terms.scope == {"保险销售", "保险续保"} and terms.recipients == {"示例保险股份有限公司"}


def test_import_rejects_a_file_without_the_columns(any_ledger, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("mobile,name\n13812345678,张三\n", encoding="utf-8")
    with Ledger.open(any_ledger, KEY) as ledger, pytest.raises(UsageError, match="no column phone"):
        import_accepted(ledger, path, "Asia/Shanghai")


def test_import_of_an_empty_file_is_a_one_line_error_and_of_a_header_only_file_a_no_op(any_ledger, tmp_path):
    empty, header_only = tmp_path / "empty.csv", tmp_path / "header.csv"
    empty.write_bytes(b"")
    header_only.write_text("phone,consent_id,consent_time\n", encoding="utf-8")
    with Ledger.open(any_ledger, KEY) as ledger:
        with pytest.raises(UsageError, match="is empty"):
            import_accepted(ledger, empty, "Asia/Shanghai")
        report = import_accepted(ledger, header_only, "Asia/Shanghai")
    assert (report.rows, report.added, report.skipped_count) == (0, 0, 0)


def test_read_phone_list_from_text_and_csv(tmp_path):
    text = tmp_path / "dnc.txt"
    text.write_text("13812345678\n\n+86 139 8765 4321\nnot a number\n", encoding="utf-8")
    assert read_phone_list(text) == (["13812345678", "13987654321"], [], [4])
    table = tmp_path / "dnc.csv"
    table.write_text("mobile\n13812345678\n", encoding="utf-8")
    assert read_phone_list(table, "mobile") == (["13812345678"], [], [])
    with pytest.raises(InputError, match="no column phone") as raised:
        read_phone_list(table)
    assert raised.value.parameter == "column"  # the CLI points at --column


def test_bulk_digests_equal_one_by_one():
    from screen.config import keys

    numbers = [f"138{n:08d}" for n in range(0, 5_000_000, 49_999)]
    digester = keys.Digester(KEY)
    assert digester.many(numbers) == [hmac.digest(KEY, number.encode(), "sha256") for number in numbers]
    assert digester.many_hex(numbers) == [keys.phone_digest(KEY, number) for number in numbers]


def test_digest_blob_on_several_processes_equals_one_by_one(monkeypatch):
    from screen.config import keys

    numbers = [f"139{n:08d}".encode() for n in range(0, 9_000_000, 7_001)]
    expected = b"".join(hmac.digest(KEY, number, "sha256") for number in numbers)
    monkeypatch.setattr(keys, "_PARALLEL_MIN_NUMBERS", 0)  # force the worker processes on a small list
    assert keys.digest_blob(KEY, numbers, workers=3) == expected
    assert keys.digest_blob(KEY, numbers, workers=1) == expected
    assert keys.digest_blob(KEY, [], workers=2) == b""


@given(st.lists(st.binary(min_size=32, max_size=32), max_size=60))
def test_sort_by_digest_gives_byte_order_and_the_permutation(digests):
    from screen.ledger.store import sort_by_digest

    ordered, order = sort_by_digest(b"".join(digests))
    chunks = [ordered[i : i + 32] for i in range(0, len(ordered), 32)]
    # Sorted on the first 8 bytes: ties there may stay in any order, so compare on those.
    assert [chunk[:8] for chunk in chunks] == sorted(digest[:8] for digest in digests)
    assert chunks == [digests[i] for i in order.to_list()]


def test_bulk_columns_store_what_row_by_row_stores(any_ledger, tmp_path):
    from screen.ledger.store import sort_by_digest

    rows = [
        (bytes.fromhex(digest(f"1381234{n:04d}")), f"C-{n}-'同意\"\\", 1_767_225_600 + n, 1 + n % 2) for n in range(300)
    ]
    rows.append(rows[5][:1] + ("C-second",) + rows[5][2:])  # a second consent of one number
    rows.append(rows[7])  # an exact repeat: stored once
    ordered, order = sort_by_digest(b"".join(row[0] for row in rows))
    by_order = [rows[i] for i in order.to_list()]
    with Ledger.open(any_ledger, KEY) as ledger:
        for scope in ("a", "b"):
            ledger.terms_id((scope,), (), "L", "web")
        added = ledger.add_consent_columns(
            ordered, [r[1] for r in by_order], [r[2] for r in by_order], [r[3] for r in by_order]
        )
        again = ledger.add_consent_columns(
            ordered, [r[1] for r in by_order], [r[2] for r in by_order], [r[3] for r in by_order]
        )
        stored = ledger._db.execute("SELECT digest, consent_id, consent_time, terms_id FROM consents").fetchall()
        with pytest.raises(ValueError, match="differ in length"):
            ledger.add_consent_columns(ordered, [], [], [])
    assert (added, again) == (301, 0)
    assert sorted(stored) == sorted(set(rows))
    other = tmp_path / "row-by-row.db"
    with Ledger.open(other, KEY) as ledger:
        for scope in ("a", "b"):
            ledger.terms_id((scope,), (), "L", "web")
        assert ledger.add_consent_rows(rows, presorted=False) == 301
        assert sorted(
            ledger._db.execute("SELECT digest, consent_id, consent_time, terms_id FROM consents").fetchall()
        ) == sorted(stored)


def test_dnc_bulk_insert_stores_every_digest_once(any_ledger):
    numbers = [f"1861234{n:04d}" for n in range(2_500)]
    with Ledger.open(any_ledger, KEY) as ledger:
        assert ledger.add_dnc([digest(n) for n in numbers[:10]], reason="asked", source="test") == 10
        assert ledger.add_dnc([digest(n) for n in numbers + numbers[:3]], reason="list", source="test") == 2_490
        assert ledger.dnc_digests() == {digest(n) for n in numbers}
        reasons = dict(ledger._db.execute("SELECT reason, count(*) FROM dnc GROUP BY reason").fetchall())
    assert reasons == {"asked": 10, "list": 2_490}


def test_rows_are_stamped_with_the_one_clock(any_ledger, fixed_clock):
    stamp = int(fixed_clock.timestamp())
    with Ledger.open(any_ledger, KEY) as ledger:
        ledger.add_consents([consent("13812345678")])
        ledger.add_dnc([digest("13987654321")], reason="asked", source="test")
        ledger.record_outcome(digest("13812345678"), "c", "保险销售", "opt_out", CONSENT_TIME)
        ledger.remove_dnc([digest("13987654321")], reason="mistake", source="test")
        stamps = ledger._db.execute("""
            SELECT added_at FROM consents UNION ALL SELECT added_at FROM dnc
            UNION ALL SELECT recorded_at FROM outcomes UNION ALL SELECT removed_at FROM dnc_removals
        """).fetchall()
    assert stamps == [(stamp,)] * 4
