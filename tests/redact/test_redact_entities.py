"""`leadscreen redact` on names, addresses, QQ numbers, WeChat IDs and plates: every operator, in
texts and in table columns whose header says what they hold, flags and the policy's [redact] table."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from screen.cli.main import main
from screen.redact.headers import cell_value, column_entity
from screen.redact.operators import Operator, restore_tokens
from screen.redact.redactor import Redactor
from screen.redact.tables import redact_column

KEY = "04271af109c510cd731a30c8f3a18b4bcec65b9d051a9a2c156dc269a3d0ff42"

# entity -> (a text holding one, the raw characters that must go, the text masked)
TEXTS = {
    "PERSON": ("我叫欧阳娜娜，麻烦了", "娜娜", "我叫欧阳**，麻烦了"),
    "CN_ADDRESS": ("地址是湖北省武汉市洪山区珞喻路1037号", "珞喻路1037", "地址是湖北省武汉市洪山区********"),
    "CN_QQ_NUMBER": ("QQ号12345678", "12345678", "QQ号12****78"),
    "CN_WECHAT_ID": ("加我微信zhangwei_88，备注一下", "zhangwei_88", "加我微信zh*********，备注一下"),
    "CN_LICENSE_PLATE": ("车牌号鄂A12345", "A12345", "车牌号鄂A*****"),
}

# a lead list whose headers say what every cell is
TABLE = {
    "客户姓名": ["张三", "欧阳娜娜", "陆小凤", " 王 建国 "],
    "家庭住址": [
        "湖北省武汉市洪山区珞喻路1037号",
        "湖北省 武汉市 洪山区 珞喻路1037号 3栋",
        "零陵区珞喻路3号",
        "武汉市洪山区",
    ],
    "QQ": ["12345678", "987654321", None, "55555"],
    "微信号": ["zhangwei_88", "Li-Na2024", "wxid_abc123", ""],
    "车牌号": ["鄂A12345", "京a·D12345", "粤B·1234X", "沪C88888"],
    "港澳通行证": ["C12345678", "C87654321", "", None],
}
MASKED = {
    "客户姓名": ["张*", "欧阳**", "陆**", "王**"],
    "家庭住址": ["湖北省武汉市洪山区********", "湖北省武汉市洪山区**********", "零陵区*****", "******"],
    "QQ": ["12****78", "98*****21", None, "55*55"],
    "微信号": ["zh*********", "Li*******", "wx*********", ""],
    "车牌号": ["鄂A*****", "京A******", "粤B*****", "沪C*****"],
    "港澳通行证": ["C*****678", "C*****321", "", None],
}
ENTITY_OF = {
    "客户姓名": "PERSON",
    "家庭住址": "CN_ADDRESS",
    "QQ": "CN_QQ_NUMBER",
    "微信号": "CN_WECHAT_ID",
    "车牌号": "CN_LICENSE_PLATE",
    "港澳通行证": "CN_PASSPORT",
}


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("LEADSCREEN_KEY", KEY)


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def write_list(folder: Path) -> Path:
    path = folder / "list.csv"
    pl.DataFrame(TABLE).write_csv(path)
    return path


def cells(path: Path) -> dict[str, list]:
    return pl.read_csv(path, infer_schema=False).to_dict(as_series=False)


# --- texts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("entity", TEXTS)
def test_mask_keeps_what_the_entity_rule_keeps(entity):
    text, raw, masked = TEXTS[entity]
    redacted, counts = Redactor(Operator("mask")).redact_text(text)
    assert redacted == masked
    assert raw not in redacted
    assert counts == {entity: 1}


@pytest.mark.parametrize("entity", TEXTS)
def test_tag_names_the_entity(entity):
    text, raw, _masked = TEXTS[entity]
    redacted, _counts = Redactor(Operator("tag")).redact_text(text)
    assert f"<{entity}>" in redacted and raw not in redacted


@pytest.mark.parametrize("entity", TEXTS)
def test_hash_is_a_keyed_stable_pseudonym(entity):
    text, raw, _masked = TEXTS[entity]
    first = Redactor(Operator("hash", key=KEY.encode())).redact_text(text)[0]
    again = Redactor(Operator("hash", key=KEY.encode())).redact_text(text)[0]
    other_key = Redactor(Operator("hash", key=b"another-key-0123456789")).redact_text(text)[0]
    token = re.search(rf"<{entity}:h:[0-9a-f]{{24}}>", first)
    assert token is not None and raw not in first
    assert first == again and first != other_key


@pytest.mark.parametrize("entity", TEXTS)
def test_encrypt_round_trip_gives_back_the_text(entity):
    text, raw, _masked = TEXTS[entity]
    sealed = Redactor(Operator("encrypt", key=KEY.encode())).redact_text(text)[0]
    assert f"<{entity}:e:" in sealed and raw not in sealed
    assert restore_tokens(sealed, KEY.encode()) == text


# --- table columns --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "entity"),
    [
        ("姓名", "PERSON"),
        ("客户姓名", "PERSON"),
        ("户名", "PERSON"),
        ("银行卡户名", "PERSON"),
        ("持卡人", "PERSON"),
        ("紧急联系人", "PERSON"),
        ("收件人", "PERSON"),
        ("投保人", "PERSON"),
        ("被保险人", "PERSON"),
        ("name", "PERSON"),
        ("地址", "CN_ADDRESS"),
        ("住址", "CN_ADDRESS"),
        ("家庭住址", "CN_ADDRESS"),
        ("通讯地址", "CN_ADDRESS"),
        ("收货地址", "CN_ADDRESS"),
        ("收件人地址", "CN_ADDRESS"),
        ("身份证地址", "CN_ADDRESS"),
        ("QQ", "CN_QQ_NUMBER"),
        ("QQ号", "CN_QQ_NUMBER"),
        ("微信", "CN_WECHAT_ID"),
        ("微信号", "CN_WECHAT_ID"),
        ("车牌", "CN_LICENSE_PLATE"),
        ("车牌号", "CN_LICENSE_PLATE"),
        ("通行证", "CN_PASSPORT"),
        ("港澳通行证", "CN_PASSPORT"),
        ("台胞证", "CN_PASSPORT"),
        ("回乡证", "CN_PASSPORT"),
        ("护照号", "CN_PASSPORT"),
        ("邮箱地址", "EMAIL_ADDRESS"),
        ("QQ邮箱", "EMAIL_ADDRESS"),
        ("手机号", "CN_PHONE_NUMBER"),
        ("身份证号", "CN_RESIDENT_ID"),
        ("联系人电话", None),  # a phone-like column of no alias: its cells are scanned as text
        ("备注", None),
    ],
)
def test_headers_say_what_every_cell_is(header, entity):
    assert column_entity(header) == entity


@pytest.mark.parametrize("header", TABLE)
def test_whole_cells_are_masked_keeping_the_surname_or_the_divisions(header):
    redacted = redact_column(pl.Series(header, TABLE[header]), header, Redactor(Operator("mask")))
    assert redacted.values == MASKED[header]
    assert not redacted.errors
    assert set(redacted.counts) <= {ENTITY_OF[header]}


@pytest.mark.parametrize("operator", ["tag", "hash", "encrypt"])
def test_every_operator_replaces_every_cell_of_the_new_columns(tmp_path, operator):
    output = tmp_path / "out.csv"
    result = invoke("redact", write_list(tmp_path), "-o", output, "--operator", operator)
    assert result.exit_code == 0, result.output
    redacted = cells(output)
    short = {"tag": "", "hash": ":h:", "encrypt": ":e:"}[operator]
    for header, values in TABLE.items():
        for before, after in zip(values, redacted[header]):
            if before is None or not before.strip():
                assert after == before or (after is None and before == "")
                continue
            assert after.startswith(f"<{ENTITY_OF[header]}{short}") and after.endswith(">")


def test_encrypted_list_unredacts_to_the_original_cells(tmp_path):
    encrypted, restored = tmp_path / "enc.csv", tmp_path / "restored.csv"
    assert invoke("redact", write_list(tmp_path), "-o", encrypted, "--operator", "encrypt").exit_code == 0
    assert "欧阳" not in encrypted.read_text(encoding="utf-8")
    assert invoke("unredact", encrypted, "-o", restored).exit_code == 0
    assert cells(restored) == cells(tmp_path / "list.csv")


def test_a_name_hashes_alike_in_a_column_and_in_a_transcript():
    redactor = Redactor(Operator("hash", key=KEY.encode()))
    in_cell = redact_column(pl.Series("姓名", ["陆 小凤"]), "姓名", redactor).values[0]
    in_text = redactor.redact_text("您好，我叫陆小凤")[0]
    assert in_text == f"您好，我叫{in_cell}"


def test_per_entity_operators_from_flags_and_the_policy(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[redact]\noperator = "mask"\n[redact.entities.PERSON]\noperator = "tag"\n'
        "[redact.entities.CN_QQ_NUMBER]\nkeep_first = 0\nkeep_last = 3\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    result = invoke(
        "redact", write_list(tmp_path), "-o", output, "--policy", policy, "--entity-operator", "CN_ADDRESS=hash"
    )
    assert result.exit_code == 0, result.output
    redacted = cells(output)
    assert redacted["客户姓名"] == ["<PERSON>"] * 4
    assert redacted["QQ"][0] == "*****678"
    assert all(re.fullmatch(r"<CN_ADDRESS:h:[0-9a-f]{24}>", cell) for cell in redacted["家庭住址"])
    assert redacted["车牌号"][0] == "鄂A*****"


def test_an_entities_list_without_person_keeps_names(tmp_path):
    output = tmp_path / "out.csv"
    result = invoke("redact", write_list(tmp_path), "-o", output, "--entities", "CN_ADDRESS,CN_PHONE_NUMBER")
    assert result.exit_code == 0, result.output
    assert cells(output)["客户姓名"] == TABLE["客户姓名"]
    assert cells(output)["家庭住址"][0] == MASKED["家庭住址"][0]


def test_unknown_entity_in_the_policy_is_one_line_naming_the_new_ones(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[redact.entities.PERSONS]\noperator = "tag"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(write_list(tmp_path)), "-o", "-", "--policy", str(policy)])
    assert result.exit_code == 2
    assert "unknown entity PERSONS" in result.output and "CN_LICENSE_PLATE" in result.output


SURNAMES = ("张", "王", "陆", "万", "伍", "欧阳", "司马", "诸葛", "上官")
GIVEN = st.text(alphabet="伟芳娜秀英建国小凤明丽", min_size=1, max_size=2)


@given(surname=st.sampled_from(SURNAMES), given_name=GIVEN, spaces=st.sampled_from(["", " ", "\u3000"]))
def test_a_name_cell_keeps_its_surname_and_stars_the_rest(surname, given_name, spaces):
    cell = spaces + surname + given_name + spaces
    masked = redact_column(pl.Series("姓名", [cell]), "姓名", Redactor(Operator("mask"))).values[0]
    assert masked == surname + "*" * len(given_name)
    assert cell_value("PERSON", cell) == surname + given_name


# ---------------------------------------------------------------------------------------------
# JSON Lines records whose field names say what the value is: masked as the column of a table.

RECORD = {
    "id": 7,
    "姓名": "欧阳娜娜",
    "客户": {"家庭住址": "湖北省武汉市洪山区珞喻路1037号3栋", "微信": "zhangwei_88"},
    "备注": "好的",
    "联系人": "",
}


def _redact_record(tmp_path, *options) -> tuple[dict, str]:
    import json

    source, output = tmp_path / "list.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(output), *options], env={"LEADSCREEN_KEY": KEY})
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    return json.loads(text), text


def test_json_fields_named_for_a_name_or_an_address_are_masked_whole(tmp_path):
    written, text = _redact_record(tmp_path)
    assert written == {
        "id": 7,
        "姓名": "欧阳**",
        "客户": {"家庭住址": "湖北省武汉市洪山区**********", "微信": "zh*********"},
        "备注": "好的",
        "联系人": "",
    }
    for raw in ("娜娜", "珞喻路", "zhangwei"):
        assert raw not in text


@pytest.mark.parametrize("operator", ["tag", "hash", "encrypt"])
def test_every_operator_replaces_named_json_fields(tmp_path, operator):
    written, text = _redact_record(tmp_path, "--operator", operator)
    assert written["姓名"].startswith("<PERSON")
    assert written["客户"]["家庭住址"].startswith("<CN_ADDRESS")
    assert "娜娜" not in text and "珞喻路" not in text


def test_a_named_json_field_stays_when_its_entity_is_not_redacted(tmp_path):
    written, _text = _redact_record(tmp_path, "--entities", "CN_ADDRESS")
    assert written["姓名"] == "欧阳娜娜"
    assert written["客户"]["家庭住址"] == "湖北省武汉市洪山区**********"
