"""One registry of reason codes: a code shared by two registries means the same thing in both, and
every code the pre-dial decision can return is registered."""

from __future__ import annotations

import ast
import inspect
import itertools

from screen.predial import decision
from screen.reasons import LIST_REASONS, PREDIAL_HTTP_REASONS, PREDIAL_REASONS, ROW_REASONS

REGISTRIES = {
    "list": LIST_REASONS,
    "row": ROW_REASONS,
    "predial": PREDIAL_REASONS,
    "predial_http": PREDIAL_HTTP_REASONS,
}

# The names two registries share, on purpose. Anything else shared is a name used for two things.
EXPECTED_SHARED = {
    ("list", "row"): {"recipient_not_named"},
    ("row", "predial"): {"dnc_listed", "consent_revoked", "scope_mismatch", "consent_expired"},
}


def test_shared_codes_are_exactly_the_expected_ones():
    shared = {
        (first, second): set(REGISTRIES[first]) & set(REGISTRIES[second])
        for first, second in itertools.combinations(REGISTRIES, 2)
    }
    assert {pair: codes for pair, codes in shared.items() if codes} == EXPECTED_SHARED


def test_shared_codes_have_compatible_sentences():
    # The same fact, said for a list row or for a number at dial time: the pre-dial sentence starts
    # with the screening one and only adds what "live" means in the ledger.
    for code in ("dnc_listed", "consent_revoked", "consent_expired"):
        assert PREDIAL_REASONS[code].startswith(ROW_REASONS[code]), code
    # scope_mismatch is the one honest exception: at dial time it also covers a consent naming other
    # recipients only, which screening reports separately; both sentences must say "purpose", and the
    # pre-dial one must say it covers recipients too.
    assert "purpose" in ROW_REASONS["scope_mismatch"] and "recipient" not in ROW_REASONS["scope_mismatch"]
    assert "purpose" in PREDIAL_REASONS["scope_mismatch"] and "recipients" in PREDIAL_REASONS["scope_mismatch"]
    # the same fact at two levels: the list's manifest, or one row
    for registry in (LIST_REASONS, ROW_REASONS):
        assert "not name this organization" in registry["recipient_not_named"]


def test_the_renamed_and_the_look_alike_codes_say_how_they_differ():
    assert "phone_invalid" not in PREDIAL_REASONS and "number_invalid" not in ROW_REASONS
    assert "mobile" in ROW_REASONS["phone_invalid"] and "landline" in PREDIAL_REASONS["number_invalid"]
    assert "list row" in ROW_REASONS["consent_missing"] and "ledger" in PREDIAL_REASONS["no_consent"]


def _reason_literals(tree: ast.AST) -> set[str]:
    """String constants the module hands out as reasons: returned, appended, or in a list or tuple."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            candidates = [node.value, *(getattr(node.value, name, None) for name in ("body", "orelse"))]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append":
            candidates = node.args
        elif isinstance(node, (ast.List, ast.Tuple)):
            candidates = node.elts
        else:
            continue
        found |= {c.value for c in candidates if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return {text for text in found if text.isidentifier() and text.islower()}  # codes, not "ALLOW"


def test_every_code_the_decision_returns_is_registered():
    literals = _reason_literals(ast.parse(inspect.getsource(decision)))
    returned = literals - {decision.ALLOW, decision.DENY}
    assert {"number_invalid", "dnc_listed", "no_consent", "service_error"} <= returned  # the scan finds them
    assert returned <= set(PREDIAL_REASONS)


def test_every_sentence_is_one_line():
    for registry in REGISTRIES.values():
        for code, sentence in registry.items():
            assert code.isidentifier() and code == code.lower(), code
            assert sentence and "\n" not in sentence and not sentence.endswith("."), code
