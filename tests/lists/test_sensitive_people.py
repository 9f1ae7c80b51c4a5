"""Names and home addresses in lead lists: a column of home addresses, or names next to ID
numbers, is part of the black-market signature; names and addresses never leave in clear."""

from __future__ import annotations

import polars as pl
import pytest
import screen_helpers as h
from hypothesis import given
from hypothesis import strategies as st

from recognizers.masking import mask
from screen.lists.outputs import mask_address, mask_name
from screen.lists.report import summary_lines

COUNT = 40
NAMES = ["欧阳娜娜", "张伟", "司马光明", "陆小凤"]
ADDRESSES = [
    "湖北省武汉市洪山区珞喻路1037号",
    "北京市朝阳区建国路88号3栋2单元1502室",
    "上海市浦东新区张江镇碧波路690号",
    "广东省深圳市南山区科技园南区5栋",
]


def people_rows(count: int = COUNT, *, ids: bool = True, addresses: bool = True, header: str = "家庭住址") -> list:
    rows = []
    for index in range(count):
        row = {"姓名": NAMES[index % 4], **h.good_row(index)}
        del row["name"]
        if ids:
            row["身份证号"] = h.resident_id(index)
        if addresses:
            row[header] = ADDRESSES[index % 4]
        rows.append(row)
    return rows


def everything_written(result) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in result.out_dir.iterdir() if path.suffix != ".xlsx")


def test_a_list_of_names_ids_and_home_addresses_is_rejected_naming_each_entity(tmp_path):
    result = h.screened_list(tmp_path, people_rows())
    assert result.list_reasons == ["sensitive_data_present"]
    assert result.report["sensitive_entities"] == {
        "身份证号": "CN_RESIDENT_ID",
        "家庭住址": "CN_ADDRESS",
        "姓名": "PERSON",
    }
    assert result.columns["姓名"] == result.columns["家庭住址"] == "sensitive"
    assert "names (PERSON) next to the resident ID numbers of '身份证号'" in result.sensitive_columns["姓名"].why
    assert "home addresses (CN_ADDRESS) in 40 of 40" in result.sensitive_columns["家庭住址"].why
    lines = "\n".join(summary_lines(result))
    assert "sensitive column '家庭住址': home addresses (CN_ADDRESS)" in lines
    assert "sensitive column '姓名': names (PERSON)" in lines


def test_names_and_addresses_are_written_masked_never_in_clear(tmp_path):
    rows = people_rows()
    result = h.screened_list(tmp_path, rows)
    rejected = h.read_rows(result.rejected_path)
    assert len(rejected) == COUNT
    assert [row["姓名"] for row in rejected[:4]] == ["欧阳**", "张*", "司马**", "陆**"]
    assert [row["家庭住址"] for row in rejected[:4]] == [mask("CN_ADDRESS", address) for address in ADDRESSES]
    assert rejected[0]["家庭住址"] == "湖北省武汉市洪山区********"
    written = everything_written(result)
    for row in rows[:4]:
        assert row["姓名"] not in written
        assert row["家庭住址"] not in written
        assert row["身份证号"] not in written
    assert "珞喻路" not in written and "娜娜" not in written


@pytest.mark.parametrize(
    ("header", "values", "why"),
    [
        ("地址", ADDRESSES, "home addresses (CN_ADDRESS) in 40 of 40"),  # by value
        ("住址", ["洪山区", "朝阳区", "浦东新区", "南山区"], "header names home address (住址)"),  # by header
    ],
)
def test_a_column_of_home_addresses_alone_rejects_the_list(tmp_path, header, values, why):
    rows = people_rows(ids=False, addresses=False)
    for index, row in enumerate(rows):
        row[header] = values[index % 4]
    result = h.screened_list(tmp_path, rows)
    assert result.list_reasons == ["sensitive_data_present"]
    assert why in result.sensitive_columns[header].why
    assert result.report["sensitive_entities"] == {header: "CN_ADDRESS"}
    assert "姓名" not in result.sensitive_columns  # no ID numbers: a name alone is for greeting
    assert values[0] not in h.read_rows(result.rejected_path)[0][header]


def test_names_next_to_an_id_header_count_even_when_the_numbers_do_not_check(tmp_path):
    rows = people_rows(addresses=False)
    for row in rows:
        row["身份证号"] = "1101051949"  # not a valid ID: only the header says what it is
        row["持卡人"] = "王建国"  # a column of names no role reads
    result = h.screened_list(tmp_path, rows)
    assert result.list_reasons == ["sensitive_data_present"]
    assert result.sensitive_columns["姓名"].entity == result.sensitive_columns["持卡人"].entity == "PERSON"
    assert h.read_rows(result.rejected_path)[0]["持卡人"] == "王**"


def test_an_accepted_list_masks_names_in_rejected_csv_and_leaves_other_columns_out(tmp_path):
    rows = people_rows(ids=False, addresses=False)
    for row in rows:
        row["收货地址"] = "公司前台"  # an address column whose values are no addresses: not written
    rows[0]["consent_channel"] = "传真"
    result = h.screened_list(tmp_path, rows)
    assert result.decision == "accepted"
    assert result.columns["收货地址"] == "ignored"
    rejected = h.read_rows(result.rejected_path)
    assert [(row["row"], row["name"]) for row in rejected] == [("1", "欧阳**")]
    assert "收货地址" not in rejected[0]
    # the dialer's file keeps the name to greet the customer, and nothing else of the person
    accepted = pl.read_csv(result.accepted_path, infer_schema=False)
    assert accepted.columns == [
        "phone",
        "name",
        "consent_id",
        "consent_time",
        "consent_channel",
        "consent_scope",
        "list_id",
    ]
    assert "欧阳娜娜" not in result.rejected_path.read_text(encoding="utf-8")


SURNAMES = ("张", "王", "陆", "万", "欧阳", "司马", "诸葛", "上官", "Z")
GIVEN = st.text(alphabet="伟芳娜秀英建国小凤明丽", min_size=0, max_size=3)


@given(surname=st.sampled_from(SURNAMES), given_name=GIVEN)
def test_mask_name_is_the_recognizers_name_mask(surname, given_name):
    name = surname + given_name
    masked = pl.DataFrame({"n": [f" {name} "]}).select(mask_name(pl.col("n")))["n"].item()
    assert len(masked) == len(name)
    assert given_name == "" or not masked.endswith(given_name[-1])  # something is always hidden
    if len(name) > 1:
        assert masked == mask("PERSON", name)


@given(address=st.sampled_from(ADDRESSES), spaces=st.sampled_from(["", " ", "\u3000"]))
def test_mask_address_is_the_recognizers_address_mask(address, spaces):
    cell = address[:3] + spaces + address[3:]
    masked = pl.DataFrame({"a": [cell]}).select(mask_address(pl.col("a")))["a"].item()
    assert masked == mask("CN_ADDRESS", address)
    assert masked.rstrip("*") in address and masked.endswith("*")


# issue 23: a name column found by its English or pinyin header, or by its values alone
@pytest.mark.parametrize("header", ["contact", "contact_name", "xingming", "lianxiren", "col_2"])
def test_names_next_to_ids_count_under_any_header_or_none(header):
    from screen.lists.sensitive import names_beside_ids, sensitive_columns_by_value

    sample = pl.DataFrame(
        {header: NAMES * 3, "证件": ["11010519491231002X"] * 12, "备注": ["老客户", "VIP", "高兴", "北京"] * 3}
    )
    found = names_beside_ids(sample.columns, sensitive_columns_by_value(sample), sample)
    assert sorted(found) == [header]
    assert found[header].entity == "PERSON"
