"""E-mail addresses, recognised offline.

Presidio's ``EmailRecognizer`` has two problems for Chinese text: its ``\\w`` classes take Chinese
characters as part of the address (``邮箱是zhangwei@163.com谢谢`` becomes one "address"), and it
validates the domain with ``tldextract``'s default extractor, which fetches the public suffix
list from the network. Here the address is ASCII only, and the suffix is checked against the
snapshot that ships inside ``tldextract`` (``suffix_list_urls=()``), so nothing is downloaded.

>>> [m.value for _s, _e, m in find("邮箱是zhangwei@163.com谢谢")]
['zhangwei@163.com']
>>> find("写成 zhangwei@localhost 的不算")
[]
"""

from __future__ import annotations

import functools
import re

from recognizers.matches import Match

ENTITY = "EMAIL_ADDRESS"
CONTEXT = ("邮箱", "邮件", "电邮", "email", "e-mail", "mail")

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])"
    r"([A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+)"
)


@functools.cache
def _extractor():
    import tldextract

    # No URLs: use the suffix list bundled with the package, never the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# Top-level domains that are public suffixes themselves (a test checks each against the
# snapshot): a domain ending in one has a public suffix, known without loading the list, which
# takes a worker process a quarter of a second (tldextract brings in requests and builds a trie).
COMMON_TOP_LEVEL_DOMAINS = frozenset(
    ("com", "cn", "net", "org", "edu", "gov", "info", "biz", "top", "vip", "xyz", "io", "me", "hk", "tw", "mo")
)


@functools.lru_cache(maxsize=4096)
def has_public_suffix(domain: str) -> bool:
    if domain.rsplit(".", 1)[-1].lower() in COMMON_TOP_LEVEL_DOMAINS:
        return True
    return _extractor()(domain).suffix != ""


def find(text: str) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each address whose domain ends in a public suffix."""
    found = []
    for candidate in _EMAIL_RE.finditer(text):
        address = candidate.group(1).rstrip(".")
        if has_public_suffix(address.rsplit("@", 1)[1]):
            start = candidate.start(1)
            found.append((start, start + len(address), Match(ENTITY, 0.9, address, "address with a public suffix")))
    return found
