"""Parse consent times, as lead lists write them, with vectorised polars expressions.

Accepted forms (``docs/screening.md`` has the full table):

- ISO 8601: ``2026-03-05``, ``2026-03-05 14:22``, ``2026-03-05T14:22:33``, with fractions of a
  second and with an offset (``Z``, ``+08:00``, ``+0800``);
- slashes or dots: ``2026/3/5 14:22``, ``2026/03/05 14:22:33``, ``2026.3.5``;
- Chinese: ``2026年3月5日``, ``2026年3月5日 14:22``, ``2026年3月5日14时22分``, ``2026年3月5日 14点22分33秒``;
- compact: ``20260305``, ``20260305142233``;
- from Excel only: a date cell stored as a plain number (days since 1899-12-30, e.g. ``46086.5986``).

A time without an offset is local time in the policy's ``timezone`` (default Asia/Shanghai); a
date without a time is the start of that day; a time written with an offset is converted to that
zone. The result is a naive ``Datetime("us")`` column of *local wall-clock times* in ``timezone``,
null where the text is not one of these forms or is not a real date (``2026-02-30``). Attaching
the zone to ten million values costs more than parsing them, so callers do it only when they
must: :func:`fixed_offset` tells when a window of time has one UTC offset (Asia/Shanghai has had
+08:00 since 1991), in which case naive local times compare exactly.

Speed: a list is nearly always written in one or two forms. :func:`choose_formats` finds them on a
sample; :func:`first_format_expr` parses the commonest with polars' fast parser, and
:func:`other_forms_expr` (the other formats and the general regular expression) is for the rows it
leaves unparsed — :mod:`screen.lists.row_checks` runs it on those rows only.

>>> import polars as pl
>>> frame = pl.DataFrame({"t": ["2026/3/5 14:22", "2026年3月5日", "2026-03-05T06:22:00Z", "2026-02-30", "soon"]})
>>> expr = consent_time_expr(pl.col("t"), timezone="Asia/Shanghai", formats=choose_formats(frame["t"]))
>>> [value.isoformat() if value else None for value in frame.select(expr)["t"]]
['2026-03-05T14:22:00', '2026-03-05T00:00:00', '2026-03-05T14:22:00', None, None]
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

import polars as pl

# Fixed formats polars parses quickly. chrono accepts unpadded fields (2026-3-5 9:05:00).
FAST_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y%m%d%H%M%S",
)
MAX_FAST_FORMATS = 2  # more would cost more than the general pattern saves

_SP = r"[ \t\u3000]*"
GENERAL_PATTERN = (
    rf"^{_SP}([0-9]{{4}}){_SP}(?:-|/|\.|年){_SP}([0-9]{{1,2}}){_SP}(?:-|/|\.|月){_SP}([0-9]{{1,2}}){_SP}(?:日|号)?"
    rf"(?:(?:T|{_SP}){_SP}([0-9]{{1,2}}){_SP}(?::|时|点){_SP}([0-9]{{1,2}})"
    rf"(?:{_SP}(?::|分){_SP}([0-9]{{1,2}})(?:[.,][0-9]+)?{_SP}(?:秒)?)?{_SP}(?:分)?)?"
    rf"{_SP}(Z|z|[+-][0-9]{{2}}:?[0-9]{{2}})?{_SP}$"
)
_EXCEL_SERIAL_PATTERN = r"^[0-9]{4,5}(?:\.[0-9]+)?$"
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
_CANONICAL = "%Y-%m-%d %H:%M:%S"


def choose_formats(sample: Iterable[str | None], limit: int = MAX_FAST_FORMATS) -> tuple[str, ...]:
    """The fixed formats that parse most of ``sample``, most useful first (at most ``limit``)."""
    values = pl.Series("t", [value for value in sample if value], dtype=pl.String).str.strip_chars()
    if values.is_empty():
        return FAST_FORMATS[:1]
    remaining = values
    chosen: list[str] = []
    while len(chosen) < limit and not remaining.is_empty():
        best, best_parsed = None, None
        for fmt in FAST_FORMATS:
            if fmt in chosen:
                continue
            parsed = remaining.str.strptime(pl.Datetime("us"), fmt, strict=False).is_not_null()
            if parsed.any() and (best_parsed is None or parsed.sum() > best_parsed.sum()):
                best, best_parsed = fmt, parsed
        if best is None:
            break
        chosen.append(best)
        remaining = remaining.filter(~best_parsed)
    return tuple(chosen) or FAST_FORMATS[:1]


def _general(text: pl.Expr, timezone: str) -> pl.Expr:
    """The regular-expression parser: any accepted form, with an offset if one is written."""
    groups = text.str.extract_groups(GENERAL_PATTERN)

    def part(index: int, default: str | None = None) -> pl.Expr:
        value = groups.struct.field(str(index))
        if default is not None:
            value = value.fill_null(default)
        return value.str.zfill(2)

    canonical = pl.concat_str(
        [
            part(1),
            pl.lit("-"),
            part(2),
            pl.lit("-"),
            part(3),
            pl.lit(" "),
            part(4, "0"),
            pl.lit(":"),
            part(5, "0"),
            pl.lit(":"),
            part(6, "0"),
        ]
    )
    naive = canonical.str.strptime(pl.Datetime("us"), _CANONICAL, strict=False)
    offset = groups.struct.field("7")
    sign = pl.when(offset.str.starts_with("-")).then(pl.lit(-1)).otherwise(pl.lit(1))
    digits = offset.str.replace_all(r"[^0-9]", "")
    offset_minutes = (
        pl.when(offset.str.to_uppercase() == "Z")
        .then(pl.lit(0))
        .otherwise(
            sign
            * (
                digits.str.slice(0, 2).cast(pl.Int32, strict=False) * 60
                + digits.str.slice(2, 2).cast(pl.Int32, strict=False)
            )
        )
    )
    written_offset = (
        (naive - pl.duration(minutes=offset_minutes))
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(timezone)
        .dt.replace_time_zone(None)
    )
    return (
        pl.when(text.str.contains(r"^[0-9]{8}$"))
        .then(text.str.strptime(pl.Datetime("us"), "%Y%m%d", strict=False))
        .when(text.str.contains(r"^[0-9]{14}$"))
        .then(text.str.strptime(pl.Datetime("us"), "%Y%m%d%H%M%S", strict=False))
        .when(offset.is_null())
        .then(naive)
        .otherwise(written_offset)
    )


def consent_time_expr(
    text: pl.Expr,
    *,
    timezone: str,
    formats: tuple[str, ...] = FAST_FORMATS[:1],
    excel_serial: bool = False,
) -> pl.Expr:
    """Local wall-clock ``Datetime("us")`` in ``timezone`` for the column ``text`` (null: unreadable).

    The commonest format first, then :func:`other_forms_expr`. For long lists
    :mod:`screen.lists.row_checks` runs the second part only on the rows the first leaves unparsed.
    """
    first = first_format_expr(text, formats)
    return (
        pl.when(first.is_not_null())
        .then(first)
        .otherwise(other_forms_expr(text, timezone=timezone, formats=formats, excel_serial=excel_serial))
    )


def first_format_expr(text: pl.Expr, formats: tuple[str, ...] = FAST_FORMATS[:1]) -> pl.Expr:
    """The cell parsed with the list's commonest format only (null when it does not fit)."""
    return text.str.strptime(pl.Datetime("us"), formats[0], strict=False)


def other_forms_expr(
    text: pl.Expr,
    *,
    timezone: str,
    formats: tuple[str, ...] = FAST_FORMATS[:1],
    excel_serial: bool = False,
) -> pl.Expr:
    """Every accepted form but the first format: the other fast formats, Excel serials, the
    general pattern (the expensive part, for the few rows that need it)."""
    text = text.str.strip_chars()
    chain = None
    for fmt in formats[1:]:
        candidate = text.str.strptime(pl.Datetime("us"), fmt, strict=False)
        chain = (pl.when if chain is None else chain.when)(candidate.is_not_null()).then(candidate)
    if excel_serial:
        days = text.cast(pl.Float64, strict=False)
        serial = pl.lit(_EXCEL_EPOCH, dtype=pl.Datetime("us")) + pl.duration(
            seconds=(days * 86_400).round(0).cast(pl.Int64)  # Excel keeps fractions of a day
        )
        chain = (pl.when if chain is None else chain.when)(text.str.contains(_EXCEL_SERIAL_PATTERN)).then(serial)
    general = _general(text, timezone)
    return general if chain is None else chain.otherwise(general)


def attach_zone(naive: pl.Expr, timezone: str) -> pl.Expr:
    """Local wall-clock times as zone-aware times (a repeated hour: the earlier; a skipped one: null)."""
    return naive.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")


def fixed_offset(timezone: str, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta | None:
    """The zone's UTC offset if it is the same throughout ``[start - 1 day, end + 1 day]``, else None.

    >>> utc = datetime.timezone.utc
    >>> fixed_offset("Asia/Shanghai", datetime.datetime(2025, 6, 1, tzinfo=utc), datetime.datetime(2026, 6, 1, tzinfo=utc))
    datetime.timedelta(seconds=28800)
    >>> fixed_offset("Europe/Berlin", datetime.datetime(2025, 6, 1, tzinfo=utc), datetime.datetime(2026, 6, 1, tzinfo=utc)) is None
    True
    """
    zone = zoneinfo.ZoneInfo(timezone)
    moment = start - datetime.timedelta(days=1)
    last = end + datetime.timedelta(days=1)
    offset = moment.astimezone(zone).utcoffset()
    while moment < last:
        moment = min(moment + datetime.timedelta(hours=6), last)
        if moment.astimezone(zone).utcoffset() != offset:
            return None
    return offset


def local_naive(moment: datetime.datetime, timezone: str) -> datetime.datetime:
    """An aware moment as the naive wall-clock time of ``timezone``."""
    return moment.astimezone(zoneinfo.ZoneInfo(timezone)).replace(tzinfo=None)


def offset_text(offset: datetime.timedelta) -> str:
    """``+08:00`` for eight hours.

    >>> offset_text(datetime.timedelta(hours=-3, minutes=-30))
    '-03:30'
    """
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
