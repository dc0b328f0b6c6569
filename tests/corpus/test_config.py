"""Each rule switch of AttributionConfig turns its rule off, and only that rule."""
from __future__ import annotations

import dataclasses

import pytest

from corpus.attribution import AttributionConfig, Attributor
from corpus.document import Document


def statements(config: AttributionConfig, text: str):
    result = Attributor(config=config).attribute(Document(id="t.txt", text=text))
    return [(s.speaker, text[s.start:s.end]) for s in result.statements]


def test_the_defaults_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        AttributionConfig().group_window = 10  # type: ignore[misc]


@pytest.mark.parametrize("switch, text, lost", [
    ("headlines", "Ted Cruz Refuses To Disavow Graham Endorsement\n\nSen. Ted Cruz spoke on Friday.",
     ("Ted Cruz", "To Disavow Graham Endorsement")),
    ("name_norms", "Debate fight.\n\nDonald Trump spoke in Ohio on Monday.\n\nAaron Kall, the director of debate at "
     "the University of Michigan, compared Trump to a coach at a basketball game.",
     ("Aaron Kall", "Trump to a coach at a basketball game")),
    ("according_to", "According to Paul Grant, the tax would hurt small farms.",
     ("Paul Grant", "the tax would hurt small farms")),
    ("turns", "Debate.\n\nHOLT: Senator, what is your plan?\n\nKAINE: We will secure it.\n\nHOLT: Thank you both.",
     ("Kaine", "We will secure it.")),
    ("nominal_cues", "Clinton's assertion that the economy has improved drew criticism.",
     ("Clinton", "that the economy has improved")),
    ("object_cues", "Polls.\n\nTrump criticized the ruling, which came on Friday after months of delay.",
     ("Trump", "the ruling")),
    ("unclaimed_quotes", "Mayor Tom Hale spoke.\n\n“We spent every dollar,” Hale said. “The roads are better.\n\n"
     "“Next year we fix the schools.”", ("Tom Hale", "“Next year we fix the schools.”")),
    ("continuations", "Aleksandr Lukashenko noted that relations are politicized. We should pay more attention to "
     "the economy.", ("Aleksandr Lukashenko", "We should pay more attention to the economy")),
    ("group_they", "Court test.\n\nTwenty-seven states are challenging the rules.\n\n"
     "They argue that the agency overstepped its authority.",
     ("States", "that the agency overstepped its authority")),
])
def test_a_switched_off_rule_finds_nothing_of_its_own(switch, text, lost):
    on = statements(AttributionConfig(), text)
    off = statements(AttributionConfig(**{switch: False}), text)
    assert lost in on and lost not in off
    assert set(off) - set(on) <= {(None, lost[1])}  # at most the same words, unattributed


def test_a_window_is_read_from_the_config():
    text = ("Court test.\n\nTwenty-seven states are challenging the rules before the court.\n\n"
            "They argue that the agency overstepped its authority.")
    assert ("States", "that the agency overstepped its authority") in statements(AttributionConfig(), text)
    assert ("States", "that the agency overstepped its authority") not in statements(
        AttributionConfig(group_window=10), text)
