"""A multicast join or leave in a record (CLI --json, capture files) and back,
every field checked as the hostile input a file is."""

from __future__ import annotations

import pytest

from socklab.core.events import MembershipChanged
from socklab.core.files.fields import RecordError
from socklab.core.files.records import from_record, to_record


def test_a_membership_survives_its_record() -> None:
    event = MembershipChanged(True, "ff15::1234", "fd13:77::1", "eth0", mono=1.0, wall=2.0)
    record = to_record(event)
    assert record["event"] == "membership" and record["joined"] is True
    assert from_record(record) == event


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("joined", "yes", "must be true or false"),
        ("group", "10.0.0.1", "is not a multicast address"),
        ("group", 5, "must be text"),
        ("source", "ff15::9", "cannot send"),
        ("source", "10.0.0.1", "is IPv4 and the group"),
        ("interface", "a b", "is neither an interface name"),
    ],
)
def test_a_bad_field_is_named(field: str, value: object, words: str) -> None:
    record = to_record(MembershipChanged(False, "ff15::1234", "", "", mono=1.0, wall=2.0))
    record[field] = value
    with pytest.raises(RecordError) as caught:
        from_record(record)
    assert caught.value.field == field and words in str(caught.value)


def test_a_missing_joined_is_named() -> None:
    record = to_record(MembershipChanged(True, "239.1.2.3", mono=1.0, wall=2.0))
    del record["joined"]
    with pytest.raises(RecordError, match="'joined' is missing"):
        from_record(record)
