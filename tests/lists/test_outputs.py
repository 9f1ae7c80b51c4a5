"""rejected.csv masks as the rest of leadscreen masks, and holds no cell a spreadsheet would run."""

from __future__ import annotations

import polars as pl
import pytest
import screen_helpers as h
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import bank_cards, resident_ids

from recognizers.masking import DEFAULT_KEEP, mask, mask_middle
from screen.lists.outputs import SENSITIVE_KEEP, mask_expr


def masked_column(values: list[str], keep: tuple[int, int]) -> list[str]:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(mask_expr(pl.col("v"), *keep))["v"].to_list()


@pytest.mark.parametrize("entity", sorted(SENSITIVE_KEEP))
@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.text(alphabet="0123456789Xx*-", max_size=24), min_size=1, max_size=20))
def test_mask_expr_keeps_what_mask_middle_keeps_at_any_length(entity, values):
    keep = SENSITIVE_KEEP[entity]
    assert keep == DEFAULT_KEEP[entity]
    assert masked_column(values, keep) == [mask_middle(value, *keep) for value in values]


@settings(max_examples=50, deadline=None)
@given(ids=st.lists(resident_ids(), min_size=1, max_size=10), cards=st.lists(bank_cards(), min_size=1, max_size=10))
def test_ids_and_cards_are_masked_as_redact_masks_them(ids, cards):
    assert masked_column(ids, SENSITIVE_KEEP["CN_RESIDENT_ID"]) == [mask("CN_RESIDENT_ID", value) for value in ids]
    assert masked_column(cards, SENSITIVE_KEEP["CN_BANK_CARD"]) == [mask("CN_BANK_CARD", value) for value in cards]


def test_a_short_card_shows_no_leading_digit_as_mask_middle():
    # a short value used to show a quarter of itself at the front even where nothing is kept there
    assert masked_column(["1234"], SENSITIVE_KEEP["CN_BANK_CARD"]) == [mask_middle("1234", 0, 4)] == ["***4"]


def test_rejected_csv_cells_cannot_run_as_formulas(tmp_path):
    rows = [h.good_row(index) for index in range(100)]
    rows[0]["consent_channel"] = "=cmd|' /C calc'!A0"  # unknown channel: the row is rejected
    rows[1]["consent_id"] = '=HYPERLINK("http://example.invalid")'
    rows[1]["consent_channel"] = "传真"
    rows[2]["phone"] = "+1 555 0100"  # not a mobile: rejected, shown masked from its first characters
    result = h.screened_list(tmp_path, rows)
    assert result.accepted
    rejected = {row["row"]: row for row in h.read_rows(result.rejected_path)}
    assert rejected["1"]["consent_channel"] == "'=cmd|' /C calc'!A0"
    assert rejected["2"]["consent_id"] == '\'=HYPERLINK("http://example.invalid")'
    assert rejected["3"]["phone"].startswith("'+15")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rejected.values() for cell in row.values())
