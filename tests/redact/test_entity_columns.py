"""A cell of a column whose header names an entity (身份证号, 手机号, 银行卡号) is replaced whole unless
a finding OF THAT ENTITY covers it: a cell holding some other finding, or a malformed number beside
one, must not keep the rest in clear."""

from __future__ import annotations

import re

import pytest

from screen.redact.jobs import RedactSettings

ID_17 = "11010519491231002"  # an ID missing its check character: no rule finds it alone


@pytest.mark.parametrize(
    "cell, column_entity, secret",
    [
        (f"13812345678 / {ID_17}", "CN_RESIDENT_ID", ID_17),  # a phone found, the malformed ID not
        (f"{ID_17}，手机13812345678", "CN_RESIDENT_ID", ID_17),
        ("客户13812345678 卡 622202123456789", "CN_BANK_CARD", "622202123456789"),
        ("110105194912310020 / 1381234567", "CN_PHONE_NUMBER", "1381234567"),  # an ID found, the phone short
    ],
)
def test_a_cell_with_another_entity_found_is_still_replaced_whole(cell, column_entity, secret):
    redacted, counts = RedactSettings().build().redact_cell(cell, column_entity)
    assert counts[column_entity] == 1
    digits = re.sub(r"\D", "", redacted)
    assert secret not in digits and secret[4:12] not in digits


@pytest.mark.parametrize(
    "cell, column_entity",
    [("13812345678", "CN_PHONE_NUMBER"), ("11010519491231002X", "CN_RESIDENT_ID")],
)
def test_a_cell_that_is_the_column_entity_is_masked_as_found(cell, column_entity):
    redactor = RedactSettings().build()
    assert redactor.redact_cell(cell, column_entity) == redactor.redact_text(cell)
