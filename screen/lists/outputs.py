"""The files ``leadscreen screen`` writes, and the masking applied to rejected rows.

``accepted.<fmt>`` holds only what a dialer needs, with these columns (in this order, those the
list has): ``phone`` (11 digits, or E.164 with ``phone_format="e164"``), ``name``, ``consent_id``,
``consent_time`` (ISO 8601 in the policy's time zone, e.g. ``2026-03-05T14:22:00+08:00``),
``consent_channel`` (canonical name), ``consent_scope``, ``consent_recipient``, ``list_id``.

``rejected.csv`` has ``row`` (1-based position among the list's data rows), ``reason`` (codes
joined by ``;``), then the role columns with the phone masked as ``138****5678`` and the name as
``张**`` (``欧阳**``), then each sensitive column masked (ID ``110105********0123``, card ``***…0123``,
a home address down to its district ``湖北省武汉市洪山区*****``, the names of a list with ID numbers
``张**``, other sensitive values ``***``). Columns with no role are left out of both files. The masks keep exactly
the characters :func:`recognizers.masking.mask_middle` keeps (its :data:`DEFAULT_KEEP`), so a card
masked here reads as ``leadscreen redact`` masks it. A ``rejected.csv`` cell that a spreadsheet
would run as a formula gets a leading ``'`` (:mod:`screen.files.spreadsheet`); ``accepted.*`` is for
the dialer and stays as it is.

Every file is written to a temporary name and renamed (:mod:`screen.files.atomic`).

>>> import polars as pl
>>> pl.DataFrame({"p": ["13812345678", "12345", None]}).select(mask_expr(pl.col("p"), 3, 4))["p"].to_list()
['138****5678', '1***5', None]
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from recognizers.masking import DEFAULT_KEEP
from screen.files.formats import FORMATS

ACCEPTED_FORMATS = ("csv", "parquet", "jsonl", "xlsx")
SUFFIX = {fmt: FORMATS[fmt].suffixes[0] for fmt in ACCEPTED_FORMATS}
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header
# the sensitive entities whose values rejected.csv shows masked (other sensitive cells: HIDDEN)
SENSITIVE_KEEP = {entity: DEFAULT_KEEP[entity] for entity in ("CN_RESIDENT_ID", "CN_BANK_CARD")}
PHONE_KEEP = DEFAULT_KEEP["CN_PHONE_NUMBER"]
HIDDEN = "***"
LONG_NUMBER = r"[0-9]{11,}[Xx]?"  # as long as a mobile number or longer: may be personal
HIDDEN_NUMBER = "[number]"
# the consent columns rejected.csv shows as they are (an auditor checks consent_expired against them)
CONSENT_DETAIL_ROLES = ("consent_id", "consent_time", "consent_channel", "consent_scope", "consent_recipient")


def mask_expr(text: pl.Expr, keep_first: int, keep_last: int) -> pl.Expr:
    """Vectorised :func:`recognizers.masking.mask_middle`: keep the ends, star the middle.

    When a value is too short to keep both ends and still hide something, at most a quarter of it
    is shown at each end, and never more than asked (as :func:`~recognizers.masking.mask_middle` does).
    """
    length = text.str.len_chars()
    short = length <= keep_first + keep_last
    first = pl.when(short).then(pl.min_horizontal(length // 4, pl.lit(keep_first))).otherwise(pl.lit(keep_first))
    last = pl.when(short).then(pl.min_horizontal(length // 4, pl.lit(keep_last))).otherwise(pl.lit(keep_last))
    middle = text.str.slice(first, length - first - last).str.replace_all(r"(?s).", "*")
    return pl.concat_str([text.str.slice(0, first), middle, text.str.slice(length - last, last)])


def mask_phone(value: pl.Expr) -> pl.Expr:
    """A phone as people see it in ``rejected.csv``: ``138****5678`` (spaces and dashes dropped first)."""
    return mask_expr(value.str.replace_all(r"[\s\-]", ""), *PHONE_KEEP)


def _surname_lengths(prefixes: pl.Series) -> pl.Series:
    """How many characters of each name to keep, from its first three: the surname (2 for 欧阳,
    司马 …), at least 1, never the whole name, none of a surname alone. Looked up once per
    distinct prefix."""
    from recognizers.person import is_surname, surname_of

    distinct = prefixes.drop_nulls().unique()
    kept = [  # a prefix that is a surname is the whole name (欧阳): starred whole, as scan masks it
        0 if len(prefix) <= 1 or is_surname(prefix) else min(len(surname_of(prefix)) or 1, len(prefix) - 1)
        for prefix in distinct.to_list()
    ]
    lookup = pl.DataFrame({"prefix": distinct, "kept": pl.Series(kept, dtype=pl.Int64)})
    joined = pl.DataFrame({"prefix": prefixes}).join(lookup, on="prefix", how="left", maintain_order="left")
    return joined.get_column("kept").fill_null(0)


def mask_name(value: pl.Expr) -> pl.Expr:
    """A name as ``张**`` or ``欧阳**``: the surname only (:func:`recognizers.person.mask`).

    >>> pl.DataFrame({"n": ["张三丰", " 欧阳娜娜 ", "张", None]}).select(mask_name(pl.col("n")))["n"].to_list()
    ['张**', '欧阳**', '*', None]
    """
    value = value.str.strip_chars()
    prefix = value.str.slice(0, 3)
    kept = prefix.map_batches(_surname_lengths, return_dtype=pl.Int64, is_elementwise=True)
    return pl.concat_str([value.str.slice(0, kept), value.str.slice(kept).str.replace_all(r"(?s).", "*")])


def _masked_addresses(cells: pl.Series) -> pl.Series:
    from recognizers.masking import mask

    return pl.Series(
        [None if cell is None else mask("CN_ADDRESS", "".join(cell.split())) for cell in cells.to_list()],
        dtype=pl.String,
    )


def mask_address(value: pl.Expr) -> pl.Expr:
    """An address down to its district, the rest starred, as ``redact`` masks it
    (:func:`recognizers.address.mask`; spaces dropped first).

    >>> pl.DataFrame({"a": ["湖北省 武汉市洪山区珞喻路1037号", "", None]}).select(mask_address(pl.col("a")))["a"].to_list()
    ['湖北省武汉市洪山区********', '', None]
    """
    return value.map_batches(_masked_addresses, return_dtype=pl.String, is_elementwise=True)


def hide_long_numbers(value: pl.Expr) -> pl.Expr:
    """A consent detail as it is, but for a stray phone, ID or card number in it."""
    return value.str.replace_all(LONG_NUMBER, HIDDEN_NUMBER)


def mask_sensitive(value: pl.Expr, entity: str | None) -> pl.Expr:
    """A sensitive column's value: an ID, card, name or address masked like ``redact`` masks it,
    anything else ``***``.

    >>> frame = pl.DataFrame({"v": ["6222 0212 3456 7890", "272400", ""]})
    >>> frame.select(mask_sensitive(pl.col("v"), "CN_BANK_CARD"))["v"].to_list()[0]
    '************7890'
    >>> frame.select(mask_sensitive(pl.col("v"), None).alias("v"))["v"].to_list()
    ['***', '***', None]
    """
    value = value.str.strip_chars()
    if entity == "PERSON":
        return mask_name(value)
    if entity == "CN_ADDRESS":
        return mask_address(value)
    if entity in SENSITIVE_KEEP:
        return mask_expr(value.str.replace_all(r"[\s\-]", ""), *SENSITIVE_KEEP[entity])
    return pl.when(value.is_not_null() & (value.str.len_chars() > 0)).then(pl.lit(HIDDEN))


def accepted_path(out_dir: Path, fmt: str) -> Path:
    return out_dir / f"accepted{SUFFIX[fmt]}"


def stale_outputs(out_dir: Path) -> list[Path]:
    """Outputs an earlier run may have left: removed before a new run writes anything."""
    names = [f"accepted{suffix}" for suffix in SUFFIX.values()] + ["rejected.csv", "report.json"]
    return [out_dir / name for name in names]


def sink(frame: pl.LazyFrame, fmt: str, *, temporary: Path, datetime_format: str | None = None) -> pl.LazyFrame | None:
    """A lazy sink writing ``frame`` to ``temporary`` in ``fmt`` (None for xlsx: see write_excel)."""
    if fmt == "csv":
        return frame.sink_csv(temporary, lazy=True, datetime_format=datetime_format)
    if fmt == "parquet":
        return frame.sink_parquet(temporary, lazy=True)
    if fmt == "jsonl":
        return frame.sink_ndjson(temporary, lazy=True)
    return None


def write_excel(frame: pl.DataFrame, temporary: Path) -> None:
    frame.write_excel(temporary, worksheet="accepted", autofit=False)
