"""Regenerate the sample lead lists in this folder (synthetic data: seeded Faker zh_CN).

    python sample_lists/make_samples.py            # writes next to this file

Each list shows one case of ``leadscreen screen`` (see README.md in this folder). Consent times
are set relative to ``AS_OF`` so that the good lists stay within the sample policy's 365-day
consent window for about nine months after it; rerun this script with a newer ``AS_OF`` to
refresh them. Manifests carry the SHA-256 of the bytes written, so regenerate both together.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from pathlib import Path

from faker import Faker

HERE = Path(__file__).resolve().parent
AS_OF = datetime.datetime(2026, 11, 20, 18, 0)
ORGANIZATION = "示例人寿保险股份有限公司"
PURPOSE = "保险产品推荐"

fake = Faker("zh_CN")
Faker.seed(20261120)
rng = random.Random(20261120)


def mobile() -> str:
    while True:
        number = fake.phone_number()
        if len(number) == 11 and number.startswith("1") and number[1] in "3589":
            return number


def recent(days: int = 90) -> datetime.datetime:
    return AS_OF - datetime.timedelta(days=rng.uniform(1, days), seconds=rng.randrange(86400))


def write_manifest(list_path: Path, **fields) -> None:
    data = list_path.read_bytes()
    manifest = {
        "list_id": fields.pop("list_id"),
        "provider": fields.pop("provider", "first_party"),
        "provider_type": fields.pop("provider_type", "first_party"),
        "contract_ref": fields.pop("contract_ref", ""),
        "purposes": fields.pop("purposes", [PURPOSE]),
        "recipients": fields.pop("recipients", [ORGANIZATION]),
        "collected_from": fields.pop("collected_from", (AS_OF - datetime.timedelta(days=90)).date().isoformat()),
        "collected_to": fields.pop("collected_to", AS_OF.date().isoformat()),
        "record_count": fields.pop("record_count"),
        "sha256": fields.pop("sha256", hashlib.sha256(data).hexdigest()),
    }
    assert not fields, fields
    path = list_path.with_name(list_path.name + ".manifest.json")
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def csv_text(rows: list[list[str]]) -> str:
    return "".join(",".join(row) + "\n" for row in rows)


def first_party_webform() -> None:
    """200 rows from the company's own web form; 9 bad rows (4.5%, under the 5% limit)."""
    rows = [["phone", "name", "consent_id", "consent_time", "consent_channel", "consent_scope"]]
    phones = []
    for index in range(200):
        phone = mobile()
        phones.append(phone)
        when = recent().strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [phone, fake.name(), f"WF-{index + 1:06d}", when, rng.choice(["web_form", "app"]), f"{PURPOSE};客户回访"]
        )
    rows[11][3] = (AS_OF - datetime.timedelta(days=500)).strftime("%Y-%m-%d %H:%M:%S")  # consent_expired
    rows[12][3] = (AS_OF - datetime.timedelta(days=420)).strftime("%Y-%m-%d %H:%M:%S")  # consent_expired
    rows[21][0] = "1541234567"  # phone_invalid: 10 digits
    rows[22][0] = "010-62345678"  # phone_invalid: a landline
    rows[31][0] = rows[30][0]  # phone_duplicate
    rows[41][0] = rows[40][0]  # phone_duplicate
    rows[51][5] = "客户回访"  # scope_mismatch
    rows[61][4] = "传真"  # channel_unknown
    rows[71][2] = ""  # consent_missing
    path = HERE / "first_party_webform.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    write_manifest(path, list_id="WF-2026-11", purposes=[PURPOSE, "客户回访"], record_count=200)


def partner_gbk() -> None:
    """A partner's list in GBK with Chinese headers and Chinese date formats; 2 bad rows."""
    rows = [["手机号码", "姓名", "授权编号", "授权时间", "授权渠道", "授权用途", "授权对象"]]
    for index in range(120):
        moment = recent()
        when = (
            f"{moment.year}年{moment.month}月{moment.day}日 {moment.hour}:{moment.minute:02d}"
            if index % 2
            else f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment.minute:02d}"
        )
        rows.append(
            [
                mobile(),
                fake.name(),
                f"HZ{index + 1:05d}",
                when,
                rng.choice(["网页表单", "短信回复", "通话录音"]),
                f"{PURPOSE}；理财咨询",
                f"{ORGANIZATION}、某某财富管理有限公司",
            ]
        )
    rows[5][6] = "某某财富管理有限公司"  # recipient_not_named
    rows[9][0] = "12345678901"  # phone_invalid
    path = HERE / "partner_gbk.csv"
    path.write_bytes(csv_text(rows).encode("gbk"))
    write_manifest(
        path,
        list_id="HZ-2026-Q4-07",
        provider="某某财富管理有限公司",
        provider_type="partner",
        contract_ref="HZ-2026-031",
        purposes=[PURPOSE, "理财咨询"],
        recipients=[ORGANIZATION, "某某财富管理有限公司"],
        record_count=120,
    )


def excel_list() -> None:
    """An Excel list with a merged title row above the header; dates as date cells."""
    import xlsxwriter

    path = HERE / "excel_list.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.set_properties({"created": AS_OF, "author": "leadscreen samples"})
    sheet = workbook.add_worksheet("客户名单")
    title = workbook.add_format({"bold": True, "align": "center"})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.merge_range(0, 0, 0, 5, "2026年11月客户名单", title)
    sheet.write_row(1, 0, ["姓名", "手机号", "授权编号", "授权时间", "授权渠道", "授权用途"])
    for index in range(60):
        row = index + 2
        sheet.write_string(row, 0, fake.name())
        sheet.write_number(row, 1, int(mobile()))  # stored as a number, as office users do
        sheet.write_string(row, 2, f"APP-{index + 1:05d}")
        sheet.write_datetime(row, 3, recent(), stamp)
        sheet.write_string(row, 4, "APP")
        sheet.write_string(row, 5, PURPOSE)
    workbook.close()
    write_manifest(path, list_id="APP-2026-11", record_count=60)


def bad_checksum() -> None:
    """A good list whose manifest was made for another version of the file."""
    rows = [["phone", "name", "consent_id", "consent_time", "consent_channel", "consent_scope"]]
    for index in range(50):
        rows.append(
            [mobile(), fake.name(), f"WF-B{index + 1:05d}", recent().strftime("%Y-%m-%d %H:%M"), "web_form", PURPOSE]
        )
    path = HERE / "bad_checksum.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    stale = hashlib.sha256(csv_text(rows[:-1]).encode("utf-8")).hexdigest()  # the file before its last row was added
    write_manifest(path, list_id="WF-2026-11-B", record_count=50, sha256=stale)


def bought_list() -> None:
    """What a black-market "credit list" looks like: no consent, no manifest, IDs and deposits."""
    rows = [["姓名", "手机号", "身份证号", "存款余额"]]
    for _ in range(100):
        rows.append([fake.name(), mobile(), fake.ssn(), str(rng.randrange(50, 5000) * 100)])
    (HERE / "bought_list.csv").write_text(csv_text(rows), encoding="utf-8")


if __name__ == "__main__":
    first_party_webform()
    partner_gbk()
    excel_list()
    bad_checksum()
    bought_list()
    print("sample lists written to", HERE)
