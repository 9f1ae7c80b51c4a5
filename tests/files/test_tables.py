"""Reading lists: encodings, title rows, Excel, Parquet, JSON Lines, and files that cannot be read."""

from __future__ import annotations

import datetime

import polars as pl
import pytest
import screen_helpers as h
import xlsxwriter

from screen.errors import InputError, UsageError
from screen.files.tables import (
    collect,
    detect_encoding,
    load_table,
    read_table,
    safe_message,
)
from screen.lists.columns import is_phone_header

ROWS = [h.good_row(index) for index in range(3)]


def test_utf8_with_and_without_bom(tmp_path):
    plain = h.write_list(tmp_path / "plain.csv", ROWS)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert load_table(plain, header_finder=is_phone_header).encoding == "utf-8"
    table = load_table(bom, header_finder=is_phone_header)
    assert table.encoding == "utf-8-sig"
    assert table.columns == tuple(h.HEADERS)  # the BOM is not part of the first header
    assert collect(table.frame, bom).to_dicts() == ROWS


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_chinese_legacy_encodings(tmp_path, encoding):
    rows = [{"手机号码": h.mobile(index), "姓名": "欧阳娜娜", "授权用途": "保险产品推荐；回访"} for index in range(4)]
    path = h.write_list(tmp_path / "gbk.csv", rows, encoding=encoding)
    table = load_table(path, header_finder=is_phone_header)
    assert table.encoding == "gb18030"
    assert collect(table.frame, path).to_dicts() == rows


def test_gb18030_transcoded_into_a_work_folder(tmp_path):
    path = h.write_list(tmp_path / "gbk.csv", [{"手机号": h.mobile(1), "姓名": "张三"}], encoding="gbk")
    work = tmp_path / "work"
    frame = read_table(path, workdir=work, header_finder=is_phone_header)
    assert [file.suffix for file in work.iterdir()] == [".csv"]
    assert frame.collect().to_dicts() == [{"手机号": h.mobile(1), "姓名": "张三"}]


def test_title_rows_above_the_csv_header(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_bytes("2026年11月客户名单,,\n导出时间：2026-11-20,,\n姓名,手机号,备注\n张三,13812345678,\n".encode())
    table = load_table(path, header_finder=is_phone_header)
    assert (table.header_row, table.columns) == (2, ("姓名", "手机号", "备注"))
    assert collect(table.frame, path).rows() == [("张三", "13812345678", None)]


def test_tab_separated(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text("手机号\t姓名\n13812345678\t张三\n", encoding="utf-8")
    table = load_table(path, header_finder=is_phone_header)
    assert table.separator == "\t"
    assert collect(table.frame, path).rows() == [("13812345678", "张三")]


def write_workbook(path, title: str | None, rows: list[list], *, extra_sheet: list[list] | None = None):
    workbook = xlsxwriter.Workbook(path)
    if extra_sheet is not None:
        notes = workbook.add_worksheet("说明")
        for index, row in enumerate(extra_sheet):
            notes.write_row(index, 0, row)
    sheet = workbook.add_worksheet("名单")
    first = 0
    if title:
        sheet.merge_range(0, 0, 0, len(rows[0]) - 1, title)
        first = 1
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(first + offset, column, value, stamp)
            else:
                sheet.write(first + offset, column, value)
    workbook.close()
    return path


def test_excel_header_under_a_title_row(tmp_path):
    rows = [
        ["姓名", "手机号", "授权时间"],
        ["张三", 13812345678, datetime.datetime(2026, 3, 5, 14, 22)],
        ["李四", "139 1234 5678", "2026/3/5 14:22"],
    ]
    path = write_workbook(tmp_path / "list.xlsx", "2026年11月客户名单", rows, extra_sheet=[["本文件仅供内部使用"]])
    table = load_table(path, header_finder=is_phone_header)
    assert (table.sheet, table.header_row, table.columns) == ("名单", 1, ("姓名", "手机号", "授权时间"))
    # a number cell reads without ".0"; a date cell as ISO text
    assert collect(table.frame, path).rows() == [
        ("张三", "13812345678", "2026-03-05 14:22:00"),
        ("李四", "139 1234 5678", "2026/3/5 14:22"),
    ]


def test_excel_duplicate_headers_are_refused(tmp_path):
    path = write_workbook(tmp_path / "dupes.xlsx", None, [["手机号", "姓名", "姓名"], [13812345678, "a", "b"]])
    with pytest.raises(UsageError, match="two columns are both named '姓名'"):
        load_table(path, header_finder=is_phone_header)


def test_excel_with_two_lists_is_refused(tmp_path):
    rows = [["手机号"], [13812345678]]
    path = write_workbook(tmp_path / "two.xlsx", None, rows, extra_sheet=[["电话"], [13912345678]])
    with pytest.raises(UsageError, match="several sheets"):
        load_table(path, header_finder=is_phone_header)


def test_parquet_columns_become_text(tmp_path):
    path = tmp_path / "list.parquet"
    pl.DataFrame(
        {
            "phone": [13812345678],
            "consent_time": [datetime.datetime(2026, 3, 5, 14, 22)],
            "n": [1.5],
        }
    ).write_parquet(path)
    table = load_table(path, header_finder=is_phone_header)
    assert collect(table.frame, path).rows() == [("13812345678", "2026-03-05 14:22:00", "1.5")]


def test_jsonl_values_become_text(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text(
        '{"phone": 13812345678, "name": "张三"}\n\n{"phone": "13912345678", "tags": {"a": 1}}\n', encoding="utf-8"
    )
    table = load_table(path, header_finder=is_phone_header)
    assert table.columns == ("phone", "name", "tags")
    assert collect(table.frame, path).rows() == [("13812345678", "张三", None), ("13912345678", None, '{"a": 1}')]


BAD_FILES = {
    "empty.csv": (b"", "the file is empty"),
    "spaces.csv": (b"\n \n", "the file is empty"),
    "binary.csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "utf16.csv": ("手机号,姓名\n".encode("utf-16"), "UTF-16"),
    "latin1.csv": ("phone,name\n13812345678,Zoë,\n".encode("latin-1"), "unknown text encoding"),
    "ragged.csv": (b"phone,name\n13812345678,a,b\n", "more fields than the header"),
    "dupes.csv": (b"phone,phone\n1,2\n", "two columns are both named 'phone'"),
    "corrupt.xlsx": (b"PK\x03\x04 this is not a workbook", "cannot read the workbook"),
    "corrupt.parquet": (b"PAR1 nope", "cannot read the Parquet file"),
    "broken.jsonl": (b'{"phone": "1"}\n{"phone": \n', "line 2 is not valid JSON"),
    "array.jsonl": (b"[1, 2]\n", "line 1 is not a JSON object"),
    "list.doc": (b"phone\n1\n", "cannot tell the format from the suffix"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_files_raise_one_line(tmp_path, name):
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UsageError) as raised:
        collect(load_table(path, header_finder=is_phone_header).frame, path)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_file(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        load_table(tmp_path / "nope.csv", header_finder=is_phone_header)


def test_ascii_start_with_gbk_later_is_gbk(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(b"phone,name\n" + b"13812345678,abc\n" * 70_000 + "13812345678,张三\n".encode("gbk"))
    assert detect_encoding(path) == "gb18030"  # the first MiB is plain ASCII: the rest decides
    assert collect(load_table(path, header_finder=is_phone_header).frame, path)["name"][-1] == "张三"


def test_utf8_start_with_gbk_later_is_refused_when_read(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"phone,name\n" + "13812345678,张三\n".encode() * 70_000 + "13812345678,张三\n".encode("gbk"))
    assert detect_encoding(path) == "utf-8"  # the first MiB holds UTF-8 characters: polars checks the rest
    with pytest.raises(InputError, match="mixes text encodings"):  # issue 11: one encoding throughout
        collect(load_table(path, header_finder=is_phone_header).frame, path)


def test_error_messages_hide_numbers():
    assert safe_message("bad value 11010519491231002X at 13812345678") == "bad value [number] at [number]"
