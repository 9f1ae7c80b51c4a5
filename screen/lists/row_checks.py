"""The row checks of ``leadscreen screen`` as polars expressions: one pass, no Python per row.

:class:`RowChecks` builds, from the column roles and the screening settings:

- :meth:`RowChecks.phone_key`: the 11-digit mobile number (as an integer), or null when the cell
  is not a mobile number in an allocated range. Spaces, dashes, dots, brackets, full-width digits, a
  trailing ``.0`` (Excel), and the prefixes ``+86``/``0086``/``86`` or a trunk ``0`` are removed
  first; the range test is libphonenumber's mobile pattern for CN
  (:data:`recognizers.phone.MOBILE_PATTERN`). Landlines and 400/95xxx numbers are not mobiles.
- :meth:`RowChecks.codes`: a ``UInt16`` holding one bit per failed check (:data:`ROW_BITS`).
  The duplicate and ledger checks need the whole list or the ledger, so
  :mod:`screen.lists.screening` adds their bits afterwards.

Consent channels (case-insensitive): :data:`CHANNEL_ALIASES`. Scope and recipient cells may hold
several items separated by ``;`` ``；`` ``、`` ``|`` or ``｜``; an item must equal the purpose (or an
organization name) ignoring case and surrounding spaces.

>>> import datetime, polars as pl
>>> from screen.lists.columns import assign_roles
>>> frame = pl.DataFrame({"手机号": ["+86 138-1234-5678", "12345"], "授权编号": ["C1", None],
...     "授权时间": ["2026/3/5 14:22", "2026/3/5"], "授权渠道": ["网页表单", "传真"], "授权用途": ["营销；保险推荐", "营销"]})
>>> checks = RowChecks(assign_roles(frame.columns), purpose="保险推荐", organization=("示例保险",),
...     timezone="Asia/Shanghai", now=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc), max_consent_age_days=365)
>>> from screen.reasons import codes_from_bits
>>> out = checks.annotate(frame.lazy()).collect()
>>> out[NATIONAL].to_list()
[13812345678, None]
>>> [codes_from_bits(bits) for bits in out[CODES]]
[[], ['phone_invalid', 'consent_missing', 'scope_mismatch', 'channel_unknown']]
"""

from __future__ import annotations

import datetime
import functools
import re
import zoneinfo
from collections.abc import Callable

import polars as pl

from recognizers.phone import MOBILE_PATTERN
from screen.errors import UsageError
from screen.lists.columns import ColumnRoles
from screen.lists.consent_time import (
    FAST_FORMATS,
    attach_zone,
    first_format_expr,
    fixed_offset,
    local_naive,
    offset_text,
    other_forms_expr,
)
from screen.reasons import ROW_BITS

CHANNEL_ALIASES: dict[str, tuple[str, ...]] = {
    "web_form": ("web_form", "web", "webform", "网页表单", "网页", "网站表单", "h5表单", "官网"),
    "app": ("app", "应用", "手机app", "客户端", "小程序"),
    "sms_reply": ("sms_reply", "sms", "短信回复", "短信", "短信确认"),
    "call_recording": ("call_recording", "recording", "通话录音", "录音", "电话录音"),
    "paper": ("paper", "纸质", "纸质授权书", "纸质同意书", "书面"),
    "in_person": ("in_person", "offline", "线下", "现场", "面签"),
}
CHANNELS = tuple(CHANNEL_ALIASES)
CHANNEL_TYPE = pl.Enum(CHANNELS)

# The one set of separators between the items of a scope or recipient cell: the row checks,
# ``screen --commit`` and ``ledger import`` all split on it. No comma: organization names such as
# "Example Insurance Co., Ltd." hold one.
ITEM_SEPARATORS = ";；、|｜"
_SEPARATOR_CLASS = "[" + re.escape(ITEM_SEPARATORS) + "]"
_SEPARATOR_RE = re.compile(_SEPARATOR_CLASS)
_PHONE_NOISE = r"[\s\-‐‑‒–—－.·()（）\u3000]"
_FULL_WIDTH = [chr(0xFF10 + digit) for digit in range(10)] + ["＋"]
_HALF_WIDTH = [str(digit) for digit in range(10)] + ["+"]
_MOBILE_RE = "^(?:" + MOBILE_PATTERN + ")$"

# Columns :meth:`RowChecks.annotate` adds (names no list uses).
NATIONAL = "__leadscreen_national"  # the mobile number as Int64 (see phone_key)
TIME = "__leadscreen_time"
CHANNEL = "__leadscreen_channel"
CODES = "__leadscreen_codes"
ANNOTATIONS = (NATIONAL, TIME, CHANNEL, CODES)


@functools.cache
def mobile_prefixes() -> list[int]:
    """The five-digit prefixes of valid mobile numbers, from libphonenumber's pattern.

    The pattern decides on at most the first five digits (``1740[0-5]``, ``1349``, ``13x``): each
    prefix is tried with several tails and kept only when all of them match. Tails that disagree
    would mean a newer pattern looks further than five digits: that raises, rather than guess.
    """
    pattern = re.compile("(?:" + MOBILE_PATTERN + ")")
    tails = ("000000", "999999", "123456", "987654", "505050")
    prefixes = []
    for prefix in range(10_000, 20_000):
        matches = {bool(pattern.fullmatch(f"{prefix}{tail}")) for tail in tails}
        if len(matches) > 1:
            raise RuntimeError(f"libphonenumber's mobile pattern depends on more than 5 digits (at {prefix})")
        if matches == {True}:
            prefixes.append(prefix)
    return prefixes


def patch_missing(fast: pl.Expr, raw: pl.Expr, slow: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
    """``fast`` where it has a value; where it is null and ``raw`` is not, ``slow(raw)`` — computed
    for those rows only.

    ``pl.when(...).then(fast).otherwise(slow)`` would do, except that polars skips the
    ``otherwise`` branch only for a batch in which no row needs it: one odd cell per batch and the
    expensive branch runs on every row. Here each batch picks out the rows that need the slow
    path and patches them in (a Python call per batch of thousands of rows, not per row).
    """

    def fill(batch: pl.Series) -> pl.Series:
        values = batch.struct.field("fast")
        cells = batch.struct.field("raw")
        need = values.is_null() & cells.is_not_null()
        if not need.any():
            return values
        where = need.arg_true()
        patched = pl.DataFrame({"raw": cells.gather(where)}).select(slow(pl.col("raw")).cast(dtype)).to_series()
        return values.scatter(where, patched)

    output = fast.meta.output_name(raise_if_undetermined=False) or "value"
    return (
        pl.struct(fast.cast(dtype).alias("fast"), raw.alias("raw"))
        .map_batches(fill, return_dtype=dtype, is_elementwise=True)
        .alias(output)
    )


def _compact_phone(cells: pl.Expr) -> pl.Expr:
    text = cells.str.strip_chars().str.replace(r"\.0+$", "").str.replace_many(_FULL_WIDTH, _HALF_WIDTH)
    return text.str.replace_all(_PHONE_NOISE, "")


def _cleaned_phone_key(cells: pl.Expr) -> pl.Expr:
    """The slow path of :meth:`RowChecks.phone_key`: clean up, remove a prefix, test the pattern."""
    candidate = _compact_phone(cells).str.replace(r"^(?:\+86|0086|\+?86(1[0-9]{10})$|0(1[0-9]{10})$)", "$1$2")
    return pl.when(candidate.str.contains(_MOBILE_RE)).then(candidate.cast(pl.Int64, strict=False))


def _channel_from_alias(cells: pl.Expr) -> pl.Expr:
    """The slow path of :meth:`RowChecks.channel`: aliases, any case, spaces around ignored.

    when/then rather than ``replace``: polars' ``replace`` does not stream (it held a
    10-million-row list in memory).
    """
    normalized = cells.str.strip_chars().str.to_lowercase()
    chain = None
    for channel, aliases in CHANNEL_ALIASES.items():
        condition = normalized.is_in([alias.lower() for alias in aliases])
        chain = (pl.when if chain is None else chain.when)(condition).then(pl.lit(channel, dtype=CHANNEL_TYPE))
    return chain.otherwise(pl.lit(None, dtype=CHANNEL_TYPE))


def item_pattern(items: tuple[str, ...]) -> str | None:
    """A regex that holds when a list cell has one of ``items`` as a whole item (None: no items)."""
    alternatives = []
    for item in items:
        words = item.split()
        if words:
            alternatives.append(r"\s*".join(re.escape(word) for word in words))
    if not alternatives:
        return None
    return rf"(?i)(?:^|{_SEPARATOR_CLASS})\s*(?:{'|'.join(alternatives)})\s*(?:$|{_SEPARATOR_CLASS})"


def split_items(cell: str | None) -> tuple[str, ...]:
    """The items of a scope or recipient cell, split on :data:`ITEM_SEPARATORS`, spaces stripped.

    >>> split_items(" 营销；保险推荐 | ")
    ('营销', '保险推荐')
    >>> split_items("营销,保险")
    ('营销,保险',)
    """
    if not cell:
        return ()
    return tuple(item.strip() for item in _SEPARATOR_RE.split(cell) if item.strip())


def blank(expr: pl.Expr) -> pl.Expr:
    """True for a null or whitespace-only cell."""
    return expr.is_null() | (expr.str.strip_chars().str.len_bytes() == 0)


class RowChecks:
    """Expressions for one list: which column plays which role, and the campaign's terms."""

    def __init__(
        self,
        roles: ColumnRoles,
        *,
        purpose: str,
        organization: tuple[str, ...],
        timezone: str,
        now: datetime.datetime,
        max_consent_age_days: int,
        time_formats: tuple[str, ...] = FAST_FORMATS[:1],
        excel_serial: bool = False,
    ):
        if now.tzinfo is None:
            raise ValueError("now must carry a time zone")
        self.roles = roles
        self.purpose = purpose
        self.organization = organization
        self.timezone = timezone
        self.now = now.astimezone(datetime.UTC)
        self.oldest = self.now - datetime.timedelta(days=max_consent_age_days)
        self.time_formats = time_formats
        self.excel_serial = excel_serial
        try:
            # one UTC offset over the consent window: naive local times compare exactly
            self.offset = fixed_offset(timezone, self.oldest, self.now)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"policy: unknown timezone {timezone!r} (use a name like Asia/Shanghai)") from None

    def column(self, role: str) -> pl.Expr:
        """The column playing ``role``, or a null column when the list has none."""
        header = self.roles.by_role.get(role)
        return pl.col(header) if header is not None else pl.lit(None, dtype=pl.String)

    def has(self, role: str) -> bool:
        return role in self.roles.by_role

    # -- values ---------------------------------------------------------------------------------

    def phone_compact(self) -> pl.Expr:
        """The phone cell without separators, full-width digits made ASCII, Excel's ``.0`` removed."""
        return _compact_phone(self.column("phone"))

    def phone_key(self) -> pl.Expr:
        """The 11-digit mobile number as an ``Int64``, or null when the cell holds no mobile number.

        An integer is cheap to test, compare and hash. Most cells hold just the 11 digits: they
        are cast and their first five digits looked up in :func:`mobile_prefixes`; only the other
        cells go through the clean-up and the regular expression (:func:`patch_missing`).
        """
        raw = self.column("phone")
        number = raw.cast(pl.Int64, strict=False)
        plain = ((raw.str.len_bytes() == 11) & (number // 1_000_000).is_in(mobile_prefixes())).fill_null(False)
        return patch_missing(pl.when(plain).then(number), raw, _cleaned_phone_key, pl.Int64)

    def phone_national(self) -> pl.Expr:
        """The 11-digit mobile number as text, or null."""
        return self.phone_key().cast(pl.String)

    def consent_time(self) -> pl.Expr:
        """The consent time as local wall-clock time in the policy's zone, or null (missing or unreadable).

        The list's commonest format first; the other forms only for the rows it leaves unparsed.
        """
        text = self.column("consent_time")

        def other_forms(cells: pl.Expr) -> pl.Expr:
            return other_forms_expr(
                cells, timezone=self.timezone, formats=self.time_formats, excel_serial=self.excel_serial
            )

        return patch_missing(first_format_expr(text, self.time_formats), text, other_forms, pl.Datetime("us"))

    def _comparable(self, parsed: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """``parsed`` and the window's bounds, in a form that compares exactly."""
        if self.offset is not None:
            return parsed, pl.lit(local_naive(self.now, self.timezone)), pl.lit(local_naive(self.oldest, self.timezone))
        aware = attach_zone(parsed, self.timezone)
        return (
            aware,
            pl.lit(self.now).dt.convert_time_zone(self.timezone),
            pl.lit(self.oldest).dt.convert_time_zone(self.timezone),
        )

    def consent_time_text(self, parsed: pl.Expr) -> pl.Expr:
        """ISO 8601 with the offset, e.g. ``2026-03-05T14:22:00+08:00``, from :meth:`consent_time` values."""
        if self.offset is not None:
            return parsed.dt.strftime("%Y-%m-%dT%H:%M:%S" + offset_text(self.offset))
        return attach_zone(parsed, self.timezone).dt.strftime("%Y-%m-%dT%H:%M:%S%:z")

    def consent_time_csv_format(self) -> str | None:
        """A ``datetime_format`` for the CSV writer that prints :meth:`consent_time` values as
        :meth:`consent_time_text` does, when the zone has one offset over the window; else None."""
        if self.offset is None:
            return None
        return "%Y-%m-%dT%H:%M:%S" + offset_text(self.offset)

    def channel(self) -> pl.Expr:
        """The canonical channel name (``pl.Enum`` of :data:`CHANNELS`), or null when unknown.

        A cell already holding a canonical name is a cheap cast; only the others are looked up
        among the aliases (:func:`patch_missing`).
        """
        raw = self.column("consent_channel")
        return patch_missing(raw.cast(CHANNEL_TYPE, strict=False), raw, _channel_from_alias, CHANNEL_TYPE)

    # -- checks ---------------------------------------------------------------------------------

    def failures(
        self, national: pl.Expr | None = None, parsed: pl.Expr | None = None, channel: pl.Expr | None = None
    ) -> dict[str, pl.Expr]:
        """Row code -> boolean expression (never null) for the checks one row can answer alone.

        ``national``, ``parsed`` and ``channel`` may name columns already holding
        :meth:`phone_key`, :meth:`consent_time` and :meth:`channel`, so they are not computed twice.
        """
        national = self.phone_key() if national is None else national
        parsed = self.consent_time() if parsed is None else parsed
        channel = self.channel() if channel is None else channel
        time_text = self.column("consent_time")
        parsed, now, oldest = self._comparable(parsed)
        scope_pattern = item_pattern((self.purpose,))
        scope = self.column("consent_scope")
        scope_ok = scope.str.contains(scope_pattern).fill_null(False) if scope_pattern else pl.lit(False)
        checks = {
            "phone_invalid": national.is_null(),
            "consent_missing": blank(self.column("consent_id")) | blank(time_text),
            "consent_time_invalid": ~blank(time_text) & parsed.is_null(),
            "consent_in_future": (parsed > now).fill_null(False),
            "consent_expired": (parsed < oldest).fill_null(False),
            "scope_mismatch": ~scope_ok,
            "channel_unknown": channel.is_null(),
        }
        if self.has("consent_recipient"):
            recipient = self.column("consent_recipient")
            pattern = item_pattern(self.organization)
            named = recipient.str.contains(pattern).fill_null(False) if pattern else pl.lit(False)
            checks["recipient_not_named"] = ~blank(recipient) & ~named
        return checks

    def annotate(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """``frame`` with :data:`NATIONAL`, :data:`TIME`, :data:`CHANNEL` and :data:`CODES` added.

        In two steps, so that each value is computed once (the streaming engine does not share
        subexpressions): the number, the time and the channel; then the failed-check bits.
        """
        return frame.with_columns(
            self.phone_key().alias(NATIONAL), self.consent_time().alias(TIME), self.channel().alias(CHANNEL)
        ).with_columns(self.codes(national=pl.col(NATIONAL), parsed=pl.col(TIME), channel=pl.col(CHANNEL)).alias(CODES))

    def codes(self, **prepared: pl.Expr | None) -> pl.Expr:
        """One ``UInt16`` per row: the OR of the bits of the failed checks (see :meth:`failures`)."""
        terms = [
            pl.when(condition).then(pl.lit(ROW_BITS[code], dtype=pl.UInt16)).otherwise(pl.lit(0, dtype=pl.UInt16))
            for code, condition in self.failures(**prepared).items()
        ]
        return pl.sum_horizontal(terms).cast(pl.UInt16)
