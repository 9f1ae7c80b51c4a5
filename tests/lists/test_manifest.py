"""Manifests: what is checked, and malformed JSON as a usage error."""

from __future__ import annotations

import json

import pytest

from screen.errors import UsageError
from screen.lists.manifest import (
    default_manifest_path,
    find_manifest,
    load_manifest,
    manifest_reasons,
    parse_manifest,
    provider_is_blocked,
)

GOOD = {
    "list_id": "L1",
    "provider": "first_party",
    "provider_type": "first_party",
    "contract_ref": "",
    "purposes": ["保险产品推荐"],
    "recipients": ["示例保险"],
    "collected_from": "2026-01-01",
    "collected_to": "2026-10-31",
    "record_count": 3,
    "sha256": "AB" * 32,
}


def test_good_manifest():
    manifest = parse_manifest(dict(GOOD))
    assert manifest.problems == ()
    assert manifest.sha256 == "ab" * 32  # compared in lower case
    assert manifest.collected_to.isoformat() == "2026-10-31"


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"list_id": None}, "list_id is missing"),
        ({"provider_type": "reseller"}, "provider_type must be one of first_party, partner, broker (got 'reseller')"),
        ({"provider_type": "partner"}, "contract_ref is missing (required for partner and broker lists)"),
        ({"purposes": []}, "purposes is empty"),
        ({"purposes": "营销"}, "purposes must be a list of strings"),
        ({"recipients": [1]}, "recipients must be a list of strings"),
        ({"record_count": -1}, "record_count must be a whole number of rows"),
        ({"record_count": True}, "record_count must be a whole number of rows"),
        ({"sha256": "abc"}, "sha256 must be 64 hex digits (the SHA-256 of the list file)"),
        ({"collected_from": "March"}, "collected_from must be a date like 2026-03-05"),
        ({"collected_from": "2026-11-01"}, "collected_from is after collected_to"),
    ],
)
def test_problems(change, problem):
    data = {**GOOD, **change}
    data = {key: value for key, value in data.items() if value is not None}
    assert parse_manifest(data).problems == (problem,)


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ("", "the file is empty"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_malformed_manifest_is_a_usage_error(tmp_path, text, message):
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        load_manifest(path)


def test_manifest_location(tmp_path):
    list_path = tmp_path / "leads.csv"
    assert default_manifest_path(list_path).name == "leads.csv.manifest.json"
    assert find_manifest(list_path) is None
    default_manifest_path(list_path).write_text(json.dumps(GOOD), encoding="utf-8")
    assert find_manifest(list_path) == default_manifest_path(list_path)
    with pytest.raises(UsageError, match="no such file"):
        find_manifest(list_path, tmp_path / "other.json")


def reasons(manifest_fields=None, **options):
    manifest = parse_manifest({**GOOD, **(manifest_fields or {})})
    arguments = {
        "purpose": "保险产品推荐",
        "organization": ("示例保险",),
        "blocked_providers": ("黑数据",),
        "rows_in": 3,
        "file_sha256": "ab" * 32,
        **options,
    }
    return manifest_reasons(manifest, **arguments)


def test_manifest_reasons():
    assert reasons() == []
    assert reasons(file_sha256="cd" * 32) == ["checksum_mismatch"]
    assert reasons(rows_in=4) == ["record_count_mismatch"]
    assert reasons(purpose="贷款营销") == ["purpose_not_covered"]
    assert reasons({"provider": "某黑数据公司"}) == ["provider_blocked"]
    assert reasons({"provider_type": "partner", "contract_ref": "K", "recipients": ["别家"]}) == ["recipient_not_named"]
    assert reasons({"provider_type": "partner", "contract_ref": "K", "recipients": ["别家", " 示例保险 "]}) == []
    assert reasons({"provider_type": "broker", "contract_ref": "K", "recipients": []}) == ["recipient_not_named"]
    assert reasons({"provider_type": "broker", "contract_ref": "K"}, organization=()) == ["recipient_not_named"]
    assert reasons({"recipients": []}) == [] == reasons({"recipients": ["别家"]})  # first party: collected by us
    assert manifest_reasons(None, purpose="p", organization=(), blocked_providers=(), rows_in=1, file_sha256="") == [
        "manifest_missing"
    ]


def test_blocked_provider_matches_part_of_the_name():
    assert provider_is_blocked("上海某某数据科技有限公司", ("某某数据科技",))
    assert not provider_is_blocked("上海某某数据科技有限公司", ("别的公司",))
    assert not provider_is_blocked(None, ("某某",))


def test_a_deeply_nested_manifest_is_a_one_line_error(tmp_path):
    path = tmp_path / "leads.csv.manifest.json"
    path.write_text('{"purposes": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    with pytest.raises(UsageError, match="nested too deeply") as raised:
        load_manifest(path)
    assert "\n" not in str(raised.value)
