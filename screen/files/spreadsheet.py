"""Cells that a spreadsheet would run as a formula, made inert for files people open in Excel/WPS.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, WPS
and LibreOffice as a formula (CSV injection: ``=HYPERLINK(...)`` exfiltrates, ``=cmd|...`` runs).
OWASP's recommendation is followed: such a cell gets a leading single quote, which the spreadsheet
shows as text and does not display. Source: OWASP, "CSV Injection"
(https://owasp.org/www-community/attacks/CSV_Injection).

Only files meant for people go through this (``rejected.csv``, ``review.csv``, redacted CSV/Excel
for people); files meant for machines stay byte-exact (``accepted.*`` for the dialer, JSONL).

>>> neutralize("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralize("+8613812345678"), neutralize("张三"), neutralize("")
("'+8613812345678", '张三', '')
>>> import polars as pl
>>> pl.DataFrame({"c": ["@SUM(A1)", "ok", None]}).select(neutralize_expr(pl.col("c")))["c"].to_list()
["'@SUM(A1)", 'ok', None]
"""

from __future__ import annotations

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


def neutralize(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def neutralize_expr(column: pl.Expr) -> pl.Expr:
    """:func:`neutralize` for a polars string column (nulls stay null)."""
    return column.str.replace(_FORMULA_PATTERN, "'$0")
