"""Screening decisions through the library: every reason code, conservation of rows, outputs."""

from __future__ import annotations

import datetime
import json

import polars as pl
import pytest
import screen_helpers as h
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from screen.config.keys import phone_digest
from screen.lists.screening import LedgerFacts, screen_list
from screen.reasons import LIST_REASONS, ROW_REASONS

BASE_ROWS = 40  # one bad row among 40 is 2.5%, under the policy's 5%
KEY = b"c88fd60958624cbea16c838a6d2b8e148eafeb2c0dcb8491aeb56939dd19f482"


def base_rows(count: int = BASE_ROWS) -> list[dict]:
    return [h.good_row(index) for index in range(count)]


# -- row codes -------------------------------------------------------------------------------------

# code -> how to spoil row 7 of an otherwise good list
ROW_FAULTS = {
    "phone_invalid": lambda row: row.update(phone="15412345678"),  # 154 is not allocated
    "consent_missing": lambda row: row.update(consent_id=""),
    "consent_time_invalid": lambda row: row.update(consent_time="2026-02-30 10:00:00"),
    "consent_in_future": lambda row: row.update(consent_time=h.consent_time(days_ago=-3)),
    "consent_expired": lambda row: row.update(consent_time=h.consent_time(days_ago=400)),
    "scope_mismatch": lambda row: row.update(consent_scope="客户回访；理财咨询"),
    "channel_unknown": lambda row: row.update(consent_channel="传真"),
}


@pytest.mark.parametrize("code", sorted(ROW_FAULTS))
def test_each_row_code_rejects_only_the_spoiled_row(tmp_path, code):
    rows = base_rows()
    ROW_FAULTS[code](rows[7])
    result = h.screened_list(tmp_path, rows)
    assert result.decision == "accepted"
    assert result.row_reasons == {code: 1}
    assert (result.rows_in, result.rows_accepted, result.rows_rejected) == (BASE_ROWS, BASE_ROWS - 1, 1)
    rejected = h.read_rows(result.rejected_path)
    assert [(row["row"], row["reason"]) for row in rejected] == [("8", code)]
    accepted = pl.read_csv(result.accepted_path, infer_schema=False)
    assert accepted.height == BASE_ROWS - 1
    assert not {h.mobile(7), rows[7]["phone"]} & set(accepted["phone"].to_list())


def test_recipient_column_must_name_the_organization(tmp_path):
    rows = base_rows()
    for row in rows:
        row["consent_recipient"] = f"{h.OTHER_COMPANY}、{h.ORGANIZATION}"
    rows[3]["consent_recipient"] = h.OTHER_COMPANY
    rows[4]["consent_recipient"] = ""  # empty: the manifest's recipients apply
    result = h.screened_list(tmp_path, rows)
    assert result.row_reasons == {"recipient_not_named": 1}
    assert h.read_rows(result.rejected_path)[0]["row"] == "4"
    accepted = h.read_rows(result.accepted_path)
    assert "consent_recipient" in accepted[0]


def test_duplicate_keeps_the_first_row_that_passes(tmp_path):
    rows = base_rows(80)  # three bad rows of 80: under 5%
    rows[10]["phone"] = rows[2]["phone"]  # a later copy of a good row: duplicate
    rows[5]["consent_time"] = h.consent_time(days_ago=500)  # expired ...
    rows[20]["phone"] = rows[5]["phone"]  # ... so this later good row with its number is kept
    rows[21]["phone"] = "+86 " + rows[2]["phone"][:3] + "-" + rows[2]["phone"][3:]  # same number, other spelling
    result = h.screened_list(tmp_path, rows)
    assert result.row_reasons == {"phone_duplicate": 2, "consent_expired": 1}
    reasons = {row["row"]: row["reason"] for row in h.read_rows(result.rejected_path)}
    assert reasons == {"6": "consent_expired", "11": "phone_duplicate", "22": "phone_duplicate"}
    accepted_phones = pl.read_csv(result.accepted_path, infer_schema=False)["phone"].to_list()
    assert accepted_phones.count(rows[5]["phone"]) == 1
    assert len(accepted_phones) == len(set(accepted_phones))


def test_one_row_can_fail_several_checks(tmp_path):
    rows = base_rows()
    rows[0].update(phone="12345", consent_channel="?", consent_scope="")
    result = h.screened_list(tmp_path, rows)
    assert h.read_rows(result.rejected_path)[0]["reason"] == "phone_invalid;scope_mismatch;channel_unknown"


def test_ledger_codes(tmp_path):
    rows = base_rows()
    facts = LedgerFacts(
        key=KEY,
        dnc_digests=frozenset({phone_digest(KEY, rows[3]["phone"]), phone_digest(KEY, "13900000000")}),
        revoked_digests=frozenset({phone_digest(KEY, rows[9]["phone"])}),
        source="test",
    )
    result = h.screened_list(tmp_path, rows, ledger=facts)
    assert result.row_reasons == {"dnc_listed": 1, "consent_revoked": 1}
    reasons = {row["row"]: row["reason"] for row in h.read_rows(result.rejected_path)}
    assert reasons == {"4": "dnc_listed", "10": "consent_revoked"}
    assert result.report["ledger"] == {"source": "test", "dnc_numbers": 2, "revoked_numbers": 1}


def test_ledger_hits_do_not_count_as_bad_rows(tmp_path):
    rows = base_rows()
    facts = LedgerFacts(key=KEY, dnc_digests=frozenset(phone_digest(KEY, row["phone"]) for row in rows[:10]))
    result = h.screened_list(tmp_path, rows, ledger=facts)
    assert result.decision == "accepted"  # 25% on the DNC list: the list itself is fine
    assert result.row_reasons == {"dnc_listed": 10}
    assert result.report["bad_row_ratio"] == 0


# -- list codes ------------------------------------------------------------------------------------

LIST_FAULTS = {
    "manifest_invalid": {"manifest": {"provider_type": h.DROP}},
    "checksum_mismatch": {"manifest": {"sha256": "0" * 64}},
    "record_count_mismatch": {"manifest": {"record_count": BASE_ROWS + 1}},
    "provider_blocked": {
        "manifest": {"provider": "上海黑名单数据科技有限公司", "provider_type": "partner", "contract_ref": "K-1"}
    },
    "purpose_not_covered": {"manifest": {"purposes": ["客户回访"]}},
    "recipient_not_named": {
        "manifest": {
            "provider": h.OTHER_COMPANY,
            "provider_type": "broker",
            "contract_ref": "K-2",
            "recipients": [h.OTHER_COMPANY],
        }
    },
}


@pytest.mark.parametrize("code", sorted(LIST_FAULTS))
def test_each_manifest_code_rejects_the_list(tmp_path, code):
    result = h.screened_list(tmp_path, base_rows(), **LIST_FAULTS[code])
    assert result.decision == "rejected"
    assert result.list_reasons == [code]
    assert (result.rows_accepted, result.rows_rejected) == (0, BASE_ROWS)
    assert result.accepted_path is None and not list(result.out_dir.glob("accepted.*"))
    rejected = h.read_rows(result.rejected_path)
    assert len(rejected) == BASE_ROWS and {row["reason"] for row in rejected} == {code}


def test_manifest_missing(tmp_path):
    result = h.screened_list(tmp_path, base_rows(), with_manifest=False)
    assert result.list_reasons == ["manifest_missing"]
    assert result.report["manifest"] is None


def test_invalid_manifest_says_why(tmp_path):
    result = h.screened_list(tmp_path, base_rows(), manifest={"record_count": "forty", "purposes": "营销"})
    assert "manifest_invalid" in result.list_reasons
    assert result.manifest.problems == (
        "purposes must be a list of strings",
        "record_count must be a whole number of rows",
    )


def test_partner_list_naming_the_organization_is_accepted(tmp_path):
    manifest = {
        "provider": h.OTHER_COMPANY,
        "provider_type": "partner",
        "contract_ref": "K-3",
        "recipients": [h.OTHER_COMPANY, "example life"],
    }  # names compare without case or spaces
    assert h.screened_list(tmp_path, base_rows(), manifest=manifest).decision == "accepted"


def test_consent_columns_missing(tmp_path):
    result = h.screened_list(tmp_path, base_rows(), headers=["phone", "name", "consent_id", "consent_time"])
    assert result.list_reasons == ["consent_columns_missing", "too_many_bad_rows"]
    assert result.row_reasons == {"scope_mismatch": BASE_ROWS, "channel_unknown": BASE_ROWS}


def test_too_many_bad_rows(tmp_path):
    rows = base_rows()
    for row in rows[:3]:  # 3 of 40 = 7.5% > 5%
        row["consent_time"] = h.consent_time(days_ago=800)
    result = h.screened_list(tmp_path, rows)
    assert result.list_reasons == ["too_many_bad_rows"]
    assert result.row_reasons == {"consent_expired": 3}
    assert result.report["bad_row_ratio"] == 0.075


@pytest.mark.parametrize(
    "header, values, why",
    [
        ("备注", [h.resident_id(index) for index in range(BASE_ROWS)], "resident ID numbers"),
        ("col_7", [f"尾号{index} {h.bank_card(index)}" for index in range(BASE_ROWS)], "bank card numbers"),
        ("芝麻信用分", [str(600 + index) for index in range(BASE_ROWS)], "credit score"),
        ("Loan Amount", ["10000"] * BASE_ROWS, "loan"),
        ("月收入（元）", ["8000"] * BASE_ROWS, "income"),
    ],
)
def test_sensitive_columns_reject_the_list(tmp_path, header, values, why):
    rows = base_rows()
    for row, value in zip(rows, values):
        row[header] = value
    result = h.screened_list(tmp_path, rows)
    assert result.list_reasons == ["sensitive_data_present"]
    assert why in result.sensitive_columns[header].why
    assert result.columns[header] == "sensitive"


def test_policy_adds_sensitive_header_words(tmp_path):
    rows = base_rows()
    for row in rows:
        row["车辆品牌"] = "某品牌"
    assert h.screened_list(tmp_path, rows).decision == "accepted"  # not a built-in word
    extra = h.POLICY_TOML.replace("blocked_providers", 'sensitive_headers = ["车辆"]\nblocked_providers')
    result = h.screened_list(tmp_path, rows, policy_text=extra)
    assert result.list_reasons == ["sensitive_data_present"]
    assert {h: c.why for h, c in result.sensitive_columns.items()} == {
        "车辆品牌": "header names policy sensitive word (车辆)"
    }


def test_campaign_consent_window(tmp_path):
    rows = base_rows()
    result = h.screened_list(tmp_path, rows, campaign="short_window")  # 30 days instead of 365
    assert result.report["max_consent_age_days"] == 30
    assert result.row_reasons["consent_expired"] == sum(1 for index in range(BASE_ROWS) if 10 + index % 200 > 30)


# -- the bought list -------------------------------------------------------------------------------


def bought_rows(count: int = 30) -> list[dict]:
    return [
        {"姓名": "王芳", "手机号": h.mobile(index), "身份证号": h.resident_id(index), "存款余额": str(10000 + index)}
        for index in range(count)
    ]


def test_bought_list_is_rejected_and_nothing_raw_is_written(tmp_path):
    rows = bought_rows()
    result = h.screened_list(tmp_path, rows, with_manifest=False)
    assert result.decision == "rejected"
    assert result.list_reasons == [
        "manifest_missing",
        "consent_columns_missing",
        "sensitive_data_present",
        "too_many_bad_rows",
    ]
    # names next to ID numbers are an identity record: the name column is sensitive too
    assert result.columns == {"姓名": "sensitive", "手机号": "phone", "身份证号": "sensitive", "存款余额": "sensitive"}
    written = result.rejected_path.read_text(encoding="utf-8") + result.report_path.read_text(encoding="utf-8")
    for row in rows:
        assert row["手机号"] not in written and row["身份证号"] not in written and row["存款余额"] not in written
    first = h.read_rows(result.rejected_path)[0]
    assert first["手机号" if "手机号" in first else "phone"] == rows[0]["手机号"][:3] + "****" + rows[0]["手机号"][-4:]
    assert first["身份证号"] == rows[0]["身份证号"][:6] + "********" + rows[0]["身份证号"][-4:]
    assert first["存款余额"] == "***"


def test_rejected_rows_mask_phone_and_name(tmp_path):
    rows = base_rows()
    rows[1]["consent_channel"] = "fax"
    rows[2]["phone"] = "0755-88886666"  # a landline is not a mobile; still masked
    rows[2]["consent_scope"] = f"{h.PURPOSE};回拨 {h.mobile(99)}"  # a stray number in a consent cell
    result = h.screened_list(tmp_path, rows)
    rejected = h.read_rows(result.rejected_path)
    assert rejected[0]["phone"] == rows[1]["phone"][:3] + "****" + rows[1]["phone"][-4:]
    assert rejected[0]["name"] == rows[1]["name"][0] + "*"
    assert rejected[1]["consent_scope"] == f"{h.PURPOSE};回拨 [number]"
    text = result.rejected_path.read_text(encoding="utf-8")
    assert "88886666" not in text and h.mobile(99) not in text


# -- outputs ---------------------------------------------------------------------------------------


def test_accepted_file_holds_only_what_a_dialer_needs(tmp_path):
    rows = base_rows()
    for row in rows:
        row["备注"] = "老客户"
    rows[0]["phone"] = "+86 138-0000-1234"
    rows[1]["consent_time"] = "2026年3月5日 14:22"
    rows[2]["consent_channel"] = "短信回复"
    result = h.screened_list(tmp_path, rows)
    accepted = h.read_rows(result.accepted_path)
    assert list(accepted[0]) == [
        "phone",
        "name",
        "consent_id",
        "consent_time",
        "consent_channel",
        "consent_scope",
        "list_id",
    ]
    assert accepted[0]["phone"] == "13800001234"
    assert accepted[1]["consent_time"] == "2026-03-05T14:22:00+08:00"
    assert accepted[2]["consent_channel"] == "sms_reply"
    assert {row["list_id"] for row in accepted} == {"L-TEST-1"}
    assert result.columns["备注"] == "ignored"


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "xlsx"])
def test_accepted_formats(tmp_path, fmt):
    result = h.screened_list(tmp_path, base_rows(), output_format=fmt, phone_format="e164")
    assert result.accepted_path.name == f"accepted.{fmt}"
    from screen.files.tables import read_table

    frame = read_table(result.accepted_path, header_finder=None).collect()
    assert frame.height == BASE_ROWS
    assert frame["phone"][0] == "+86" + h.mobile(0)


def test_report_keys(tmp_path):
    result = h.screened_list(tmp_path, base_rows())
    report = json.loads(result.report_path.read_text(encoding="utf-8"))
    for key in ("decision", "list_reasons", "rows_in", "rows_accepted", "rows_rejected", "row_reasons", "columns"):
        assert key in report
    assert report["columns"] == {header: header for header in h.HEADERS}
    assert report["list"]["sha256"] == report["manifest"]["sha256"]
    assert report["policy"]["version"] == h.policy().version
    assert set(report["reason_codes"]["list"]) == set(LIST_REASONS)
    assert set(report["reason_codes"]["row"]) == set(ROW_REASONS)
    assert report["screened_at"] == h.NOW.isoformat(timespec="seconds")


def test_a_rejected_run_removes_an_earlier_accepted_file(tmp_path):
    rows = base_rows()
    first = h.screened_list(tmp_path, rows)
    assert first.accepted_path.exists()
    second = h.screened_list(tmp_path, rows, manifest={"sha256": "1" * 64})
    assert second.decision == "rejected"
    assert not first.accepted_path.exists()
    assert sorted(path.name for path in second.out_dir.iterdir()) == ["rejected.csv", "report.json"]


def test_blank_lines_are_not_rows(tmp_path):
    data = h.csv_bytes(base_rows(5)).replace(b"\n", b"\n,,,,,\n", 1)  # an empty row after the header
    list_path = tmp_path / "leads.csv"
    list_path.write_bytes(data)
    h.write_manifest(list_path, 5)
    result = screen_list(list_path, h.settings(), out_dir=tmp_path / "out")
    assert (result.rows_in, result.rows_accepted, result.report["blank_rows"]) == (5, 5, 1)


def test_screening_time_must_be_aware(tmp_path):
    from screen.errors import UsageError

    list_path = h.write_list(tmp_path / "leads.csv", base_rows(3))
    with pytest.raises(UsageError):
        screen_list(list_path, h.settings(now=datetime.datetime(2026, 1, 1)), out_dir=tmp_path / "out")


# -- conservation ----------------------------------------------------------------------------------

KINDS = (
    "good",
    "good",
    "good",
    "phone_invalid",
    "consent_missing",
    "consent_time_invalid",
    "consent_in_future",
    "consent_expired",
    "scope_mismatch",
    "channel_unknown",
)


@hypothesis_settings(max_examples=30, deadline=None)
@given(plan=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 14)), min_size=1, max_size=60))
def test_every_row_is_accepted_or_rejected_with_its_reasons(tmp_path_factory, plan):
    tmp_path = tmp_path_factory.mktemp("conservation")
    rows = []
    for index, (kind, phone_index) in enumerate(plan):
        row = h.good_row(index)
        row["phone"] = h.mobile(phone_index)  # a small pool: duplicates happen
        if kind != "good":
            ROW_FAULTS[kind](row)
        rows.append(row)
    result = h.screened_list(tmp_path, rows)

    # an oracle written independently of the code: injected faults, then first-passing duplicates
    expected: dict[int, set[str]] = {}
    seen: set[str] = set()
    for number, ((kind, _), row) in enumerate(zip(plan, rows), start=1):
        if kind != "good":
            expected[number] = {kind}
        elif row["phone"] in seen:
            expected[number] = {"phone_duplicate"}
        else:
            seen.add(row["phone"])
    bad_ratio = len(expected) / len(rows)

    assert result.rows_in == len(rows)
    assert result.rows_accepted + result.rows_rejected == result.rows_in
    rejected = h.read_rows(result.rejected_path)
    accepted_count = pl.read_csv(result.accepted_path).height if result.accepted_path else 0
    assert accepted_count + len(rejected) == len(rows)
    assert accepted_count == result.rows_accepted
    assert result.decision == ("rejected" if bad_ratio > 0.05 else "accepted")
    list_codes = set(result.list_reasons)
    for row in rejected:
        codes = set(row["reason"].split(";"))
        assert codes, "a rejected row without a reason"
        assert codes - list_codes == expected.get(int(row["row"]), set())
    if result.decision == "accepted":
        assert {int(row["row"]) for row in rejected} == set(expected)


def test_a_long_list_keeps_its_order_across_batches(tmp_path):
    count = 120_000  # many streaming batches
    frame = pl.DataFrame(
        {
            "phone": [h.mobile(index) for index in range(count)],
            "name": ["张伟"] * count,
            "consent_id": [f"C{index:07d}" for index in range(count)],
            "consent_time": [h.consent_time(30)] * count,
            "consent_channel": ["web_form"] * count,
            "consent_scope": [h.PURPOSE] * count,
        }
    ).with_columns(
        consent_channel=pl.when(pl.int_range(pl.len()) % 1000 == 999)
        .then(pl.lit("fax"))
        .otherwise(pl.col("consent_channel"))
    )
    list_path = tmp_path / "long.csv"
    frame.write_csv(list_path)
    h.write_manifest(list_path, count)
    result = screen_list(list_path, h.settings(), out_dir=tmp_path / "out")
    assert (result.rows_accepted, result.rows_rejected) == (count - 120, 120)
    accepted = pl.read_csv(result.accepted_path, infer_schema=False)
    assert accepted["consent_id"].to_list() == [f"C{index:07d}" for index in range(count) if index % 1000 != 999]
    rejected = h.read_rows(result.rejected_path)
    assert [int(row["row"]) for row in rejected] == list(range(1000, count + 1, 1000))


def test_a_list_changed_during_screening_is_refused(tmp_path, monkeypatch):
    from screen.errors import UsageError
    from screen.lists import screening

    rows = base_rows()
    list_path = h.write_list(tmp_path / "leads.csv", rows)
    h.write_manifest(list_path, len(rows))
    original = screening._check_rows

    def check_then_append(*arguments):
        outcome = original(*arguments)
        with open(list_path, "a", encoding="utf-8") as handle:  # someone appends a row meanwhile
            handle.write(",".join(h.good_row(99).values()) + "\n")
        return outcome

    monkeypatch.setattr(screening, "_check_rows", check_then_append)
    with pytest.raises(UsageError, match="changed while it was being screened"):
        screen_list(list_path, h.settings(), out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "accepted.csv").exists()


def test_a_phone_number_above_the_header_refuses_the_list(tmp_path):
    # a data row above a row whose cell looks like a header ("手机号") used to vanish unscreened
    from screen.errors import InputError

    path = tmp_path / "leads.csv"
    good = h.write_list(tmp_path / "good.csv", [h.good_row(index) for index in range(3)]).read_text("utf-8")
    path.write_text("13812345678,张三\n" + good, encoding="utf-8")
    with pytest.raises(InputError, match="line 1, above the header found on line 2, holds a phone number") as raised:
        screen_list(path, h.settings(), out_dir=tmp_path / "out")
    assert "13812345678" not in str(raised.value)
