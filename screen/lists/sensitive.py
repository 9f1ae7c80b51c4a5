"""Find the columns a marketing list has no business holding: ID numbers, bank cards, home
addresses, and the names beside ID numbers.

Headers are checked by :mod:`screen.lists.columns` (credit score, deposits, loans, income, 住址 ...).
This module looks at the *values*, whatever the header says: the recognizers
(:func:`recognizers.scan`) run on a sample of each column — the first :data:`SAMPLE_ROWS` rows —
and a column is sensitive when at least :data:`MIN_SHARE` of its non-empty sampled cells hold a
resident ID, a bank card or a street address with at least the score in :data:`MIN_SCORE`. Only the
sample is scanned, so the cost does not grow with the list.

A name is what a marketer needs to greet someone; a name next to an ID number is an identity
record, the stock of the black market: :func:`names_beside_ids` marks those name columns too.

>>> import polars as pl
>>> sample = pl.DataFrame({"备注": ["VIP", None, "老客户"], "col_3": ["11010519491231002X", "110105194912310029", "无"]})
>>> sensitive_columns_by_value(sample)
{'col_3': SensitiveColumn(why='resident ID numbers in 1 of 3 sampled values', entity='CN_RESIDENT_ID')}
>>> names_beside_ids(["姓名", "col_3"], sensitive_columns_by_value(sample))
{'姓名': SensitiveColumn(why="names (PERSON) next to the resident ID numbers of 'col_3'", entity='PERSON')}
>>> named = sample.with_columns(pl.Series("col_1", ["张三", "李秀英", "欧阳娜娜"]))
>>> list(names_beside_ids(named.columns, sensitive_columns_by_value(named), named))
['col_1']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from recognizers.person import looks_like_name
from recognizers.scanner import scan
from screen.lists.columns import (
    HEADER_WORD_ENTITIES,
    SENSITIVE_HEADER_WORDS,
    names_a_person,
    role_of,
    sensitive_header_word,
)

SAMPLE_ROWS = 1000
MIN_SHARE = 0.2
# A column without a name header is a name column when this share of its sampled values are names.
MIN_NAME_SHARE = 0.6
MIN_SCORE = {"CN_RESIDENT_ID": 0.85, "CN_BANK_CARD": 0.6, "CN_ADDRESS": 0.85}
LABELS = {
    "CN_RESIDENT_ID": "resident ID numbers",
    "CN_BANK_CARD": "bank card numbers",
    "CN_ADDRESS": "home addresses (CN_ADDRESS)",
}
# what a header says a column holds (screen.lists.columns), when that is an ID number
ID_HEADER_WORDS = ("resident ID", "ID document number")


@dataclass(frozen=True)
class SensitiveColumn:
    """Why a column must not be in a marketing list, and what its values are (for masking them)."""

    why: str  # for people: no values quoted
    entity: str | None = None  # the recognizer entity its values hold; None when only the header told
    header_says: str | None = field(default=None, repr=False, compare=False)  # e.g. "resident ID"

    @property
    def holds_id_numbers(self) -> bool:
        return self.entity == "CN_RESIDENT_ID" or self.header_says in ID_HEADER_WORDS


def sensitive_columns_by_header(headers, extra_words: tuple[str, ...] = ()) -> dict[str, SensitiveColumn]:
    """Columns whose header names sensitive data (身份证号, 存款余额, 家庭住址 …). A home-address
    column carries ``CN_ADDRESS`` and is masked as an address (its divisions kept); the others get
    an entity only from their values (:func:`sensitive_columns_by_value`), else show ``***``.

    >>> sensitive_columns_by_header(["家庭住址", "备注"])
    {'家庭住址': SensitiveColumn(why='header names home address (住址)', entity='CN_ADDRESS')}
    """
    found = {}
    for header in headers:
        if role_of(header) is not None:
            continue
        word = sensitive_header_word(header, extra_words)
        if word is None:
            continue
        says = SENSITIVE_HEADER_WORDS.get(word)
        entity = "CN_ADDRESS" if HEADER_WORD_ENTITIES.get(says) == "CN_ADDRESS" else None
        found[header] = SensitiveColumn(f"header names {says or 'policy sensitive word'} ({word})", entity, says)
    return found


def names_beside_ids(
    headers, sensitive: dict[str, SensitiveColumn], sample: pl.DataFrame | None = None
) -> dict[str, SensitiveColumn]:
    """The name columns of a list that also holds a column of ID numbers: by their header (姓名,
    客户姓名, 持卡人, contact, xingming …) or, in ``sample``, by their values (most are whole names)."""
    ids = [header for header, column in sensitive.items() if column.holds_id_numbers]
    if not ids:
        return {}
    why = f"names (PERSON) next to the resident ID numbers of {ids[0]!r}"
    by_value = set() if sample is None else {column for column in sample.columns if _holds_names(sample[column])}
    return {
        header: SensitiveColumn(why, "PERSON")
        for header in headers
        if header not in sensitive and (names_a_person(header) or header in by_value)
    }


def _holds_names(column: pl.Series) -> bool:
    """True when at least :data:`MIN_NAME_SHARE` of the column's non-empty values are whole names."""
    values = [value for value in column.cast(pl.String).drop_nulls().to_list() if value.strip()]
    return bool(values) and sum(map(looks_like_name, values)) >= MIN_NAME_SHARE * len(values)


def sensitive_columns_by_value(sample: pl.DataFrame, min_share: float = MIN_SHARE) -> dict[str, SensitiveColumn]:
    """Columns of ``sample`` whose values are ID or card numbers or addresses: header -> :class:`SensitiveColumn`."""
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
