"""The masks ``leadscreen screen`` applies to a list's rejected rows, for showing sampled rows.

A spot check shows a row as screening's ``rejected.csv`` would: the phone as ``138****5678``, the
name as ``张**``, an ID number as ``110105********0123``, a card as ``***…0123`` and any other
sensitive column (deposits, income …) as ``***``; the consent columns stay readable (an auditor
checks ``consent_expired`` against the consent time) with only long digit runs hidden. The masks
are :mod:`screen.lists.outputs`' own (``mask_phone``, ``mask_name``, ``hide_long_numbers``,
``mask_sensitive``, which ``rejected.csv`` uses too): this module only picks one per column, by the
column's role in the screening and what its sensitive values are.

>>> import polars as pl
>>> from screen.lists.sensitive import SensitiveColumn
>>> masks = column_masks({"手机号": "phone", "姓名": "name", "授权时间": "consent_time", "存款": "sensitive"},
...                      {"存款": SensitiveColumn("header names deposits (存款)")})
>>> row = pl.DataFrame({"手机号": ["13812345678"], "姓名": ["张三丰"], "授权时间": ["2026-10-10 11:55"], "存款": ["272400"]})
>>> row.select(**masks).row(0)
('138****5678', '张**', '2026-10-10 11:55', '***')
"""

from __future__ import annotations

import polars as pl

from screen.lists.outputs import CONSENT_DETAIL_ROLES, hide_long_numbers, mask_name, mask_phone, mask_sensitive
from screen.lists.sensitive import SensitiveColumn


def column_masks(columns: dict[str, str], sensitive: dict[str, SensitiveColumn]) -> dict[str, pl.Expr]:
    """Header -> the masked value screening would show, for each column it gives a role or finds
    sensitive (``columns``: header -> role, ``sensitive``: header -> :class:`SensitiveColumn`, as in
    :class:`screen.lists.screening.ScreeningResult`). Columns without a role are not here:
    screening leaves them out of its files."""
    masks = {}
    for header, role in columns.items():
        value = pl.col(header).cast(pl.String).str.strip_chars()
        if header in sensitive:
            masks[header] = mask_sensitive(value, sensitive[header].entity)
        elif role == "phone":
            masks[header] = mask_phone(value)
        elif role == "name":
            masks[header] = mask_name(value)
        elif role in CONSENT_DETAIL_ROLES:
            masks[header] = hide_long_numbers(value)
    return masks
