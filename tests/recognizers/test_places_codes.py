"""The division codes read with the place names (:func:`recognizers.places.division_codes`) are
exactly the codes python-stdnum's own reader of the same file (``numdb``) knows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum import numdb

from recognizers import places


def _known_to_stdnum(code: str) -> bool:
    return any("county" in properties for _part, properties in numdb.get("cn/loc").info(code))


def _every_code_in_stdnum() -> set[str]:
    """Every six-digit code of stdnum's tree (each entry: length, low, high, properties, children)."""
    codes = set()
    for _length, low, high, _properties, children in numdb.get("cn/loc").prefixes:
        for province in range(int(low), int(high) + 1):
            for _inner, first, last, properties, _none in children:
                if "county" in properties:
                    codes.update(f"{province:02d}{rest:04d}" for rest in range(int(first), int(last) + 1))
    return codes


def test_the_codes_are_those_of_stdnum():
    codes = places.division_codes()
    assert len(codes) > 6000
    assert codes == _every_code_in_stdnum()


def test_every_code_read_is_known_to_stdnum_lookup():
    assert [code for code in sorted(places.division_codes()) if not _known_to_stdnum(code)] == []


@given(st.integers(min_value=0, max_value=999_999))
def test_any_six_digit_code_is_known_to_both_or_neither(number):
    code = f"{number:06d}"
    assert (code in places.division_codes()) == _known_to_stdnum(code)
