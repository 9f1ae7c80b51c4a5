"""A long record scans in time linear in its length (issue 11: one 1 MB record took 34 s, 50 MB
never finished); ``scaling_support`` says how linear time is checked.
"""

from __future__ import annotations

from scaling_support import grows_linearly

from recognizers.scanner import scan


def _addresses_and_numbers(count: int) -> str:
    return "".join(f"邮箱a{index}@qq.com 手机13812345678 " for index in range(count))


def test_a_record_with_many_addresses_and_numbers_scans_in_linear_time():
    """Each number was compared with every e-mail address to see whether it lay inside one."""
    assert grows_linearly(lambda count: scan(_addresses_and_numbers(count)), 1000)


def test_numbers_inside_addresses_are_still_left_to_the_address():
    found = scan("邮箱13812345678@qq.com，手机13912345678")
    assert [(f.entity, f.masked) for f in found] == [
        ("EMAIL_ADDRESS", found[0].masked),
        ("CN_PHONE_NUMBER", "139****5678"),
    ]
