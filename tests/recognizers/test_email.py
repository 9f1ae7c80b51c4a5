"""EMAIL_ADDRESS: ASCII addresses in Chinese text, public-suffix check offline.

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import socket

import pytest
from strategies import unmark

from recognizers import email
from recognizers.scanner import scan

ENTITY = email.ENTITY


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.value) for f in scan(text) if f.entity == ENTITY]


VALID = [
    "邮箱⟦zhangwei@163.com⟧",
    "邮箱是⟦zhangwei@163.com⟧谢谢",  # Chinese right after the address
    "发到⟦zhang.wei+cc@mail.example.com.cn⟧。",
    "联系 ⟦wang_li-88@sina.cn⟧，或者⟦li.na@qq.com⟧",
    "“⟦Li.Na@Example.ORG⟧”",
    "⟦13812345678@qq.com⟧",  # a QQ-number address is an address, not a phone
    "邮箱：⟦user@sub.domain.gov.cn⟧.",  # sentence dot not part of it
]


@pytest.mark.parametrize("marked", VALID)
def test_addresses_are_found_with_exact_offsets(marked):
    text, spans = unmark(marked)
    found = _found(text)
    assert [(start, end) for start, end, _v in found] == spans
    assert [value for _s, _e, value in found] == [text[start:end] for start, end in spans]


def test_a_phone_number_inside_an_address_is_part_of_the_address():
    text, spans = unmark("邮箱 ⟦13812345678@qq.com⟧")
    assert [(f.entity, f.start, f.end) for f in scan(text)] == [(ENTITY, *spans[0])]


NOT_ADDRESSES = [
    "写成 zhangwei@localhost 的不算",
    "zhang@example.invalidtld",
    "a@b.c",
    "客服@163",
    "@zhangwei",
    "zhangwei@",
    "张伟@公司.中国",  # non-ASCII local part: not recognised (documented limitation)
    "zhang@@163.com",
    "zhang@-163.com",
]


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_not_addresses(text):
    assert _found(text) == []


def test_the_public_suffix_check_never_touches_the_network(monkeypatch):
    email.has_public_suffix.cache_clear()
    email._extractor.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert email.has_public_suffix("example.co.uk")  # not a shortcut: the bundled list is read
    assert not email.has_public_suffix("localhost")


@pytest.mark.parametrize("tld", sorted(email.COMMON_TOP_LEVEL_DOMAINS))
def test_each_shortcut_top_level_domain_is_a_public_suffix_in_the_bundled_list(tld):
    assert email._extractor()(f"example.{tld}").suffix.split(".")[-1] == tld


@pytest.mark.parametrize("domain", ["mail.example.com", "EXAMPLE.CN", "qq.com", "a.b.org", "163.net"])
def test_the_shortcut_gives_what_the_bundled_list_gives(domain):
    assert email.has_public_suffix(domain) == (email._extractor()(domain).suffix != "")
