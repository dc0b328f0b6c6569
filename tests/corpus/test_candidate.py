"""The candidate record: immutable, and a changed copy keeps the identity that followers go by."""
from __future__ import annotations

import dataclasses

import pytest

from corpus.attribution.candidate import Candidate, CharSpan, TokSpan


def test_a_candidate_is_frozen():
    c = Candidate(0, 10, "direct", 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.end = 20  # type: ignore[misc]


def test_an_extended_candidate_keeps_its_key():
    owner = Candidate(0, 10, "direct", 0, mention=CharSpan(12, 15))
    follower = Candidate(30, 40, "direct", 0, follows=owner)
    extended = dataclasses.replace(owner, end=25)
    assert (extended.key, extended.end, extended.mention) == (owner.key, 25, (12, 15))
    assert follower.follows.key == extended.key
    assert Candidate(0, 10, "direct", 0).key != owner.key


def test_token_and_character_spans_are_told_apart():
    assert TokSpan(2, 5)._fields == ("a", "b") and CharSpan(10, 40)._fields == ("start", "end")
