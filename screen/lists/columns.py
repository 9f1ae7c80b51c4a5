"""Which column is which: header aliases (Chinese and English) and sensitive-header words.

A header is compared after :func:`normalize_header`: Unicode NFKC (full-width letters become
ASCII), lower case, and without spaces, ``_``, ``-``, ``*``, ``:`` or a trailing note in brackets
— so ``手机号码（必填）``, ``*手机号`` and ``Mobile`` all read as the phone column. Aliases must
match the whole normalized header; sensitive words match anywhere inside it (``存款余额`` holds
``存款``).

The tables here are documented in ``docs/screening.md``; keep the two in step.

>>> assign_roles(["客户姓名", "手机号码（必填）", "授权时间", "存款余额", "备注"]).roles
{'客户姓名': 'name', '手机号码（必填）': 'phone', '授权时间': 'consent_time', '存款余额': 'sensitive', '备注': 'ignored'}
>>> sensitive_header_word("芝麻信用分")
'信用分'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from screen.errors import UsageError

# role -> header aliases. The first alias is the role's canonical (output) name.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "phone": (
        "phone",
        "mobile",
        "手机号",
        "手机号码",
        "手机",
        "电话",
        "联系电话",
        "电话号码",
        "移动电话",
        "联系手机",
        "客户手机",
        "tel",
        "telephone",
        "phone_number",
        "mobile_phone",
        "cellphone",
    ),
    "name": ("name", "姓名", "客户姓名", "名字", "customer_name", "full_name"),
    "consent_id": ("consent_id", "授权编号", "同意书编号", "授权书编号", "授权id", "consent_ref"),
    "consent_time": ("consent_time", "授权时间", "同意时间", "授权日期", "consented_at"),
    "consent_channel": ("consent_channel", "授权渠道", "授权方式", "同意渠道"),
    "consent_scope": ("consent_scope", "授权用途", "授权范围", "同意用途"),
    "consent_recipient": ("consent_recipient", "授权对象", "被授权方", "授权主体"),
}

ROLES = tuple(ROLE_ALIASES)
# Without these the list cannot prove consent: their absence is the list reason consent_columns_missing.
CONSENT_ROLES = ("consent_id", "consent_time", "consent_channel", "consent_scope")

# Header words that mark data a marketing list has no need of (PIPL Art. 28: financial accounts
# are sensitive personal information). Matched anywhere in the normalized header; the policy's
# ``sensitive_headers`` adds more. word -> what it is, for the report.
SENSITIVE_HEADER_WORDS: dict[str, str] = {
    # identity documents and accounts
    "身份证": "resident ID",
    "证件号": "ID document number",
    "idcard": "resident ID",
    "idnumber": "ID document number",
    "idno": "ID document number",
    "银行卡": "bank card",
    "卡号": "bank card",
    "银行账号": "bank account",
    "银行账户": "bank account",
    "bankcard": "bank card",
    "cardno": "bank card",
    "cardnumber": "bank card",
    "accountnumber": "bank account",
    # home addresses (a plain 地址 column counts when its values are addresses: screen.lists.sensitive)
    "住址": "home address",
    "家庭地址": "home address",
    "户籍地址": "home address",
    "居住地址": "home address",
    "户籍所在地": "home address",
    "homeaddress": "home address",
    # credit
    "信用分": "credit score",
    "芝麻分": "credit score",
    "信用评分": "credit score",
    "征信": "credit record",
    "creditscore": "credit score",
    # deposits, balances, assets
    "存款": "deposits",
    "余额": "balance",
    "资产": "assets",
    "理财": "investments",
    "公积金": "housing fund",
    "房产": "property",
    "车产": "vehicles",
    "deposit": "deposits",
    "balance": "balance",
    "assets": "assets",
    # loans and debts
    "贷款": "loan",
    "借款": "loan",
    "欠款": "debt",
    "负债": "debt",
    "逾期": "overdue debt",
    "loan": "loan",
    "debt": "debt",
    # income
    "收入": "income",
    "月薪": "income",
    "年薪": "income",
    "工资": "income",
    "薪资": "income",
    "income": "income",
    "salary": "income",
}

# What the header words above say a column's values are, where a recognizer finds them.
HEADER_WORD_ENTITIES = {
    "resident ID": "CN_RESIDENT_ID",
    "ID document number": "CN_RESIDENT_ID",
    "bank card": "CN_BANK_CARD",
    "bank account": "CN_BANK_CARD",
    "home address": "CN_ADDRESS",
}
# A header ending with one of these names a person (客户姓名, 紧急联系人, 银行卡户名); ending, so
# that 联系人电话 or 收件人地址 stay what they are.
NAME_HEADER_ENDINGS = (
    "姓名",
    "名字",
    "户名",
    "持卡人",
    "联系人",
    "收件人",
    "收货人",
    "投保人",
    "被保险人",
    "被保人",
    "受益人",
    "开户人",
    "申请人",
    "借款人",
    # English and pinyin headers, as exported by other systems (contact_name, kehu_xingming)
    "xingming",
    "lianxiren",
    "shoujianren",
    "shouhuoren",
    "contactname",
    "contactperson",
    "customername",
    "clientname",
    "fullname",
    "realname",
    "recipientname",
    "receivername",
    "consignee",
    "cardholder",
    "holdername",
)
# Headers that are a person's name when they are the whole header (contact, but not contact_phone).
NAME_HEADERS = ("contact", "contacts", "recipient", "receiver", "xm")
# Anywhere in the header: 家庭住址, 通讯地址, 收货地址, 身份证地址 (an address, not an ID number).
ADDRESS_HEADER_WORDS = ("地址", "住址", "居住地", "户籍所在地", "address", "dizhi", "zhuzhi")
# addr, home_addr, shipping_addr: an address when the header ends with it (not ip_addr, mac_addr).
ADDRESS_HEADER_ENDING = "addr"
_NOT_POSTAL_ADDRESSES = ("ipaddr", "macaddr", "emailaddr", "mailaddr")

_STRIP_RE = re.compile(r"[\s_\-*:：]+")
_NOTE_RE = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]$")


def normalize_header(header: str) -> str:
    """The comparable form of a header: NFKC, lower case, no separators, no trailing note."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower().lstrip("\ufeff")
    text = _NOTE_RE.sub("", _STRIP_RE.sub("", text))
    return text


_ALIAS_TO_ROLE = {normalize_header(alias): role for role, aliases in ROLE_ALIASES.items() for alias in aliases}


def role_of(header: str) -> str | None:
    """The role a header names (``phone``, ``name``, ``consent_id`` ...), or None."""
    return _ALIAS_TO_ROLE.get(normalize_header(header))


def names_a_person(header: str) -> bool:
    """True for a header of people's names: the ``name`` role's aliases, 持卡人, 紧急联系人 …

    >>> [names_a_person(h) for h in ("客户姓名", "name", "持卡人", "联系人电话", "收件人地址", "contact", "xingming")]
    [True, True, True, False, False, True, True]
    """
    normalized = normalize_header(header)
    return role_of(header) == "name" or normalized.endswith(NAME_HEADER_ENDINGS) or normalized in NAME_HEADERS


def names_an_address(header: str) -> bool:
    """True for a header of addresses (地址, 家庭住址, 收货地址, address, addr, dizhi …).

    >>> [names_an_address(h) for h in ("家庭住址", "addr", "home_addr", "dizhi", "ip_addr", "email")]
    [True, True, True, True, False, False]
    """
    normalized = normalize_header(header)
    if any(word in normalized for word in ADDRESS_HEADER_WORDS):
        return True
    return normalized.endswith(ADDRESS_HEADER_ENDING) and not normalized.endswith(_NOT_POSTAL_ADDRESSES)


def is_phone_header(cell: object) -> bool:
    """True for a cell that reads as a phone-column header: how a header row is recognised."""
    return cell is not None and role_of(str(cell)) == "phone"


def sensitive_header_word(header: str, extra_words: tuple[str, ...] = ()) -> str | None:
    """The sensitive word found in ``header`` (built-in list plus ``extra_words``), or None."""
    normalized = normalize_header(header)
    for word in (*SENSITIVE_HEADER_WORDS, *extra_words):
        needle = normalize_header(word)
        if needle and needle in normalized:
            return word
    return None


@dataclass(frozen=True)
class ColumnRoles:
    """Each header's role, and the header holding each role."""

    roles: dict[str, str]  # header -> role, "sensitive" or "ignored", in the file's column order
    by_role: dict[str, str] = field(default_factory=dict)  # role -> header
    sensitive: dict[str, str] = field(default_factory=dict)  # header -> why it is sensitive

    @property
    def missing_consent_roles(self) -> tuple[str, ...]:
        return tuple(role for role in CONSENT_ROLES if role not in self.by_role)


def assign_roles(headers: list[str], extra_sensitive_words: tuple[str, ...] = ()) -> ColumnRoles:
    """Give every header a role; raise :class:`UsageError` when a role is claimed twice.

    Two columns that could both be the phone column (``手机号`` and ``电话``) are ambiguous: the
    tool will not guess which one to dial. A header naming a role is taken for that role even if
    it also holds a sensitive word; a header with a sensitive word and no role is ``sensitive``.
    """
    roles: dict[str, str] = {}
    by_role: dict[str, str] = {}
    sensitive: dict[str, str] = {}
    for header in headers:
        role = role_of(header)
        if role is not None:
            if role in by_role:
                raise UsageError(
                    f"two columns could be the {role} column ({by_role[role]!r} and {header!r}): rename or remove one"
                )
            by_role[role] = header
            roles[header] = role
            continue
        word = sensitive_header_word(header, extra_sensitive_words)
        if word is not None:
            roles[header] = "sensitive"
            sensitive[header] = f"header names {SENSITIVE_HEADER_WORDS.get(word, 'policy sensitive word')} ({word})"
        else:
            roles[header] = "ignored"
    return ColumnRoles(roles=roles, by_role=by_role, sensitive=sensitive)
