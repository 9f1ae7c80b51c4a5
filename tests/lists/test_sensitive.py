"""Sensitive columns found by their values carry the entity as data, for the masking of rejected.csv."""

from __future__ import annotations

import polars as pl
import screen_helpers as h

from screen.lists.sensitive import LABELS, SensitiveColumn, sensitive_columns_by_value


def test_the_entity_found_in_the_values_is_a_field_not_words_of_the_sentence():
    sample = pl.DataFrame(
        {
            "证件": [h.resident_id(index) for index in range(5)],
            "卡": [h.bank_card(index) for index in range(5)],
            "备注": ["VIP", "老客户", None, "无", "回访"],
        }
    )
    found = sensitive_columns_by_value(sample)
    assert {header: column.entity for header, column in found.items()} == {
        "证件": "CN_RESIDENT_ID",
        "卡": "CN_BANK_CARD",
    }
    assert found["证件"] == SensitiveColumn(f"{LABELS['CN_RESIDENT_ID']} in 5 of 5 sampled values", "CN_RESIDENT_ID")


def test_rejected_csv_masks_by_the_entity_whatever_the_wording(tmp_path, monkeypatch):
    monkeypatch.setitem(LABELS, "CN_RESIDENT_ID", "身份证号码")  # reworded: masking must not depend on it
    rows = [{**h.good_row(index), "证件": h.resident_id(index)} for index in range(5)]
    result = h.screened_list(tmp_path, rows)
    masked = [row["证件"] for row in h.read_rows(result.rejected_path)]
    assert masked == [value[:6] + "*" * 8 + value[-4:] for value in (h.resident_id(index) for index in range(5))]
    assert {h: c.why for h, c in result.sensitive_columns.items()} == {
        "证件": "身份证号码 in 5 of 5 sampled values",
        "name": "names (PERSON) next to the resident ID numbers of '证件'",  # an identity record
    }
