"""The masks ``leadscreen screen`` applies to a list's rejected rows, for showing sampled rows.

A spot check shows a row as screening's ``rejected.csv`` would: the phone as ``138****5678``, the
name as ``张**``, an ID number as ``110105********0123``, a card as ``***…0123`` and any other
sensitive column (deposits, income …) as ``***``; the consent columns stay readable (an auditor
checks ``consent_expired`` against the consent time) with only long digit runs hidden. The pieces
are :mod:`screen.lists`' own (:func:`screen.lists.outputs.mask_expr` and its constants, the
column roles of the screening, :func:`screen.lists.sensitive.entity_of`): this module only maps
each column to them, because :mod:`screen.lists` builds its masks inside the writing of
``rejected.csv`` and has no function that returns them.

>>> import polars as pl
>>> masks = column_masks({"手机号": "phone", "姓名": "name", "授权时间": "consent_time", "存款": "sensitive"},
...                      {"存款": "header names deposits (存款)"})
>>> row = pl.DataFrame({"手机号": ["13812345678"], "姓名": ["张三丰"], "授权时间": ["2026-10-10 11:55"], "存款": ["272400"]})
>>> row.select(**masks).row(0)
('138****5678', '张**', '2026-10-10 11:55', '***')
"""

from __future__ import annotations

import polars as pl

from screen.lists.columns import ROLES
from screen.lists.outputs import HIDDEN, SENSITIVE_KEEP, mask_expr
from screen.lists.screening import HIDDEN_NUMBER, LONG_NUMBER
from screen.lists.sensitive import entity_of

# the consent columns rejected.csv shows as they are (a stray long number aside)
CONSENT_DETAIL_ROLES = tuple(role for role in ROLES if role.startswith("consent_"))


def column_masks(columns: dict[str, str], sensitive: dict[str, str]) -> dict[str, pl.Expr]:
    """Header -> the masked value screening would show, for each column it gives a role or finds
    sensitive (``columns``: header -> role, ``sensitive``: header -> why, as in
    :class:`screen.lists.screening.ScreeningResult`). Columns without a role are not here:
    screening leaves them out of its files."""
    masks = {}
    for header, role in columns.items():
        value = pl.col(header).cast(pl.String).str.strip_chars()
        if header in sensitive:
            masks[header] = _sensitive_mask(value, entity_of(sensitive[header]))
        elif role == "phone":
            masks[header] = mask_expr(value.str.replace_all(r"[\s\-]", ""), 3, 4)
        elif role == "name":
            masks[header] = mask_expr(value, 1, 0)
        elif role in CONSENT_DETAIL_ROLES:
            masks[header] = value.str.replace_all(LONG_NUMBER, HIDDEN_NUMBER)
    return masks


def _sensitive_mask(value: pl.Expr, entity: str | None) -> pl.Expr:
    if entity in SENSITIVE_KEEP:
        return mask_expr(value.str.replace_all(r"[\s\-]", ""), *SENSITIVE_KEEP[entity])
    return pl.when(value.is_not_null() & (value.str.len_chars() > 0)).then(pl.lit(HIDDEN))
