"""Property-based tests: any valid number, written in any supported transcript form, inside random
Chinese text, is found by :func:`recognizers.scanner.scan` with offsets that cover exactly it.

The generators live in ``tests/strategies.py``; read its notes on what the surrounding text is
drawn from (no digits, digit words, brackets or order/code labels next to the number) and why.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import (
    DIGIT_CHARACTERS,
    NUMBER_ENTITIES,
    SEPARATORS,
    bank_cards,
    filler,
    resident_ids,
    separating_filler,
    transcript_number,
    transcript_phone,
)

from recognizers.normalize import fold
from recognizers.scanner import scan

# Enough examples to meet every form many times, few enough to keep the module to a few seconds.
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def written_numbers(draw) -> tuple[str, str, str]:
    """``(entity, written form, canonical value)`` for an ID, a phone or a bank card."""
    kind = draw(st.sampled_from(("CN_RESIDENT_ID", "CN_PHONE_NUMBER", "CN_BANK_CARD")))
    if kind == "CN_PHONE_NUMBER":
        written, value = draw(transcript_phone())
    else:
        value = draw(resident_ids() if kind == "CN_RESIDENT_ID" else bank_cards())
        written = draw(transcript_number(value))
    return kind, written, value


@SETTINGS
@given(number=written_numbers(), before=filler(), after=filler())
def test_a_valid_number_in_any_form_is_found_with_exact_offsets(number, before, after):
    entity, written, value = number
    text = before + written + after
    findings = scan(text, entities=NUMBER_ENTITIES)
    assert [(f.entity, f.start, f.end, f.value) for f in findings] == [
        (entity, len(before), len(before) + len(written), value)
    ]
    # What may be shown or logged hides the number: the masked form keeps only the conventional
    # ends (at least a third of the value is stars) and the public view has no raw value.
    [finding] = findings
    assert finding.masked.count("*") >= len(value) // 3
    assert value not in str(finding.public_dict())


@settings(SETTINGS, max_examples=120)
@given(numbers=st.lists(written_numbers(), min_size=2, max_size=4), data=st.data())
def test_several_numbers_in_one_text_are_each_found(numbers, data):
    text, expected = data.draw(filler()), []
    for entity, written, value in numbers:
        expected.append((entity, len(text), len(text) + len(written), value))
        text += written + data.draw(separating_filler())
    assert [(f.entity, f.start, f.end, f.value) for f in scan(text, entities=NUMBER_ENTITIES)] == expected


# Text made mostly of digits in every form, separators and a few words: findings are frequent.
_NUMBERY = "".join(sorted(DIGIT_CHARACTERS)) + "".join(SEPARATORS) + "+＋(（）)" + "号码身份证卡手机尾的"


# Valid numbers glued to random digits, separators and words: the boundaries are adversarial
# (a number may absorb a neighbour or lose a digit), so no particular finding is expected, only
# that whatever is reported is well formed.
digit_soup = st.lists(
    st.one_of(written_numbers().map(lambda number: number[1]), st.text(st.sampled_from(_NUMBERY), max_size=6)),
    min_size=1,
    max_size=6,
).map("".join)


@settings(SETTINGS, max_examples=300)
@given(text=digit_soup)
def test_findings_in_digit_soup_are_sorted_disjoint_and_cover_their_value(text):
    findings = scan(text, entities=NUMBER_ENTITIES)
    folded = fold(text)
    previous_end = 0
    for finding in findings:
        assert previous_end <= finding.start < finding.end <= len(text)
        previous_end = finding.end
        assert folded[finding.start] in "0123456789+(（"
        covered = folded[finding.start : finding.end].replace("艾克斯", "X")  # the check character said aloud
        assert covered[-1] in "0123456789Xx"
        digits = "".join(char for char in covered if char.isdigit() or char in "Xx").upper()
        if finding.entity == "CN_PHONE_NUMBER":
            # prefixes (+86, 0086, trunk 0) are covered by the span but not part of the value
            assert digits.endswith(finding.value.lstrip("0"))
        else:
            assert digits == finding.value
