"""The reason codes of ``leadscreen screen`` and of the pre-dial check: stable snake_case names,
each with one sentence.

These codes are an interface: dialer integrations and auditors filter on them, so a code is never
renamed or reused for something else (add a new one instead). A code that appears in two
registries means the same thing in both; where the meaning differs, so does the name
(``phone_invalid`` is a list row without a mobile number, ``number_invalid`` a number a dialer
cannot dial; ``consent_missing`` a row without consent fields, ``no_consent`` a number the
ledger holds no consent for). ``docs/screening.md`` and ``docs/predial.md`` explain each.

Row codes are also kept as bits of one integer per row while screening (a row can fail several
checks at once; the bit order below is the order codes are listed in ``rejected.csv``).

>>> ROW_BITS["phone_invalid"], ROW_BITS["phone_duplicate"]
(1, 1024)
>>> codes_from_bits(ROW_BITS["phone_invalid"] | ROW_BITS["consent_expired"])
['phone_invalid', 'consent_expired']
"""

from __future__ import annotations

LIST_REASONS: dict[str, str] = {
    "manifest_missing": "no manifest: nothing says where the list came from or what its people agreed to",
    "manifest_invalid": "the manifest is JSON but misses a field or has a value of the wrong kind",
    "checksum_mismatch": "the list file's SHA-256 is not the manifest's sha256: the file is not the one described",
    "record_count_mismatch": "the list has a different number of rows from the manifest's record_count",
    "provider_blocked": "the manifest's provider is on the policy's blocked_providers",
    "purpose_not_covered": "the campaign's purpose is not among the manifest's purposes",
    "recipient_not_named": "a partner or broker list whose manifest recipients do not name this organization (PIPL Art. 23)",
    "consent_columns_missing": "the list has no consent_id, consent_time, consent_channel or consent_scope column",
    "sensitive_data_present": "a column holds ID numbers, bank cards, home addresses, names next to ID numbers, or financial data (credit score, deposits, loans, income)",
    "too_many_bad_rows": "more rows failed their checks than the policy's max_bad_row_ratio allows",
}

ROW_REASONS: dict[str, str] = {
    "phone_invalid": "not an 11-digit mobile number in an allocated range (after removing +86, spaces, dashes)",
    "consent_missing": "the list row has no consent id, or no consent time",
    "consent_time_invalid": "the consent time is not a date this tool can read",
    "consent_in_future": "the consent time is later than the moment of screening",
    "consent_expired": "the consent is older than max_consent_age_days",
    "scope_mismatch": "the row's consent scope does not include the campaign's purpose",
    "recipient_not_named": "the row's consent recipient does not name this organization",
    "channel_unknown": "the consent channel is empty or not one of the known channels",
    "dnc_listed": "the number is on the ledger's do-not-call list",
    "consent_revoked": "the ledger records that this number withdrew its consent",
    # a row with the same number as an earlier row that passed every other check
    "phone_duplicate": "the same number was already accepted from an earlier row of this list",
}

ROW_BITS: dict[str, int] = {code: 1 << index for index, code in enumerate(ROW_REASONS)}
# the row checks that need the consent ledger
LEDGER_CODES = ("dnc_listed", "consent_revoked")

# In the order a denial lists them (the text answer for dialers names the first).
PREDIAL_REASONS: dict[str, str] = {
    "number_invalid": "not a Chinese mobile or landline number that can be dialled (400/800 and service numbers included)",
    "dnc_listed": "the number is on the ledger's do-not-call list",
    "no_consent": "the ledger holds no consent for this number given at or before the moment checked",
    "consent_revoked": "the ledger records that this number withdrew its consent, and no consent was given after that",
    # wider than the screening code, which reports a consent naming other recipients only as
    # recipient_not_named: a dialer needs one answer, and either way the consent does not cover the call
    "scope_mismatch": "no live consent covers the campaign: its scope lacks the campaign's purpose, or it names recipients and not this organization",
    "consent_expired": "the consent is older than max_consent_age_days (the newest consent covering the campaign)",
    "recent_refusal": "a refused call of the same purpose within refusal_cooldown_days",
    "frequency_cap": "max_calls_per_day, max_calls_per_week or max_attempts_per_day is reached",
    "holiday": "a statutory holiday, for a campaign with skip_holidays",
    "outside_calling_window": "outside the campaign's calling_hours",
    "unknown_campaign": "the policy has no such campaign",
    "service_error": "the checker could not decide (ledger missing or locked, holiday data missing, audit trail unwritable, internal error)",
}

# Codes the pre-dial HTTP service answers with before any check is made.
PREDIAL_HTTP_REASONS: dict[str, str] = {
    "unauthorized": "the request had no bearer token, or the wrong one; nothing was checked",
}


def codes_from_bits(bits: int) -> list[str]:
    """The row codes set in ``bits``, in the documented order."""
    return [code for code, bit in ROW_BITS.items() if bits & bit]
