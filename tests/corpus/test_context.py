"""The document context every attribution stage reads (corpus/attribution/context.py)."""
from __future__ import annotations

from corpus.attribution.candidate import TokSpan


def test_a_quote_left_open_continues_in_the_next_paragraph(context_of):
    ctx = context_of("Mayor Tom Hale spoke.\n\n“We spent every dollar.\n\n“Next year we fix the schools.”")
    assert [q.continued for q in ctx.quotes[2]] == [True]
    assert ctx.in_quote(2, ctx.paras[2].start + 5) and not ctx.in_quote(0, 3)


def test_turn_labels_are_counted(context_of):
    ctx = context_of("Debate.\n\nHOLT: Your plan?\n\nKAINE: More agents.\n\nKAINE: And technology.")
    assert ctx.turn_labels == {"HOLT": 1, "KAINE": 2} and ctx.caps_turns == 3


def test_a_token_of_a_name_finds_its_entity(context_of):
    ctx = context_of("Senator Mary Cole spoke on Monday.")
    cole = next(t for t in ctx.sdocs[0] if t.text == "Cole")
    assert ctx.entity_at(0, cole).name == "Mary Cole"
    assert ctx.known_name("Cole") and not ctx.known_name("Monday")


def test_a_token_span_maps_to_trimmed_characters(context_of):
    ctx = context_of("Grant, a farmer, said no.")
    start, end = ctx.span(0, TokSpan(1, 5))  # ", a farmer ,"
    assert ctx.text[start:end] == "a farmer"
