"""Find the columns a marketing list has no business holding: ID numbers and bank cards.

Headers are checked by :mod:`screen.lists.columns` (credit score, deposits, loans, income ...). This
module looks at the *values*, whatever the header says: the recognizers (:func:`recognizers.scan`)
run on a sample of each column — the first :data:`SAMPLE_ROWS` rows — and a column is sensitive
when at least :data:`MIN_SHARE` of its non-empty sampled cells hold a resident ID or a bank card
with at least the score in :data:`MIN_SCORE`. Only the sample is scanned, so the cost does not
grow with the list.

>>> import polars as pl
>>> sample = pl.DataFrame({"备注": ["VIP", None, "老客户"], "col_3": ["11010519491231002X", "110105194912310029", "无"]})
>>> sensitive_columns_by_value(sample)
{'col_3': SensitiveColumn(why='resident ID numbers in 1 of 3 sampled values', entity='CN_RESIDENT_ID')}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import polars as pl

from recognizers.scanner import scan

SAMPLE_ROWS = 1000
MIN_SHARE = 0.2
MIN_SCORE = {"CN_RESIDENT_ID": 0.85, "CN_BANK_CARD": 0.6}
LABELS = {"CN_RESIDENT_ID": "resident ID numbers", "CN_BANK_CARD": "bank card numbers"}


@dataclass(frozen=True)
class SensitiveColumn:
    """Why a column must not be in a marketing list, and what its values are (for masking them)."""

    why: str  # for people: no values quoted
    entity: str | None = None  # the recognizer entity its values hold; None when only the header told


def sensitive_columns_by_value(sample: pl.DataFrame, min_share: float = MIN_SHARE) -> dict[str, SensitiveColumn]:
    """Columns of ``sample`` whose values are ID or card numbers: header -> :class:`SensitiveColumn`."""
    found: dict[str, SensitiveColumn] = {}
    entities = tuple(MIN_SCORE)
    for column in sample.columns:
        values = [value for value in sample[column].cast(pl.String).drop_nulls().to_list() if value.strip()]
        if not values:
            continue
        hits: Counter[str] = Counter()
        for value in values:
            kinds = {
                finding.entity
                for finding in scan(value, entities=entities)
                if finding.score >= MIN_SCORE[finding.entity]
            }
            hits.update(kinds)
        for entity, count in hits.most_common():
            if count / len(values) >= min_share:
                found[column] = SensitiveColumn(f"{LABELS[entity]} in {count} of {len(values)} sampled values", entity)
                break
    return found
