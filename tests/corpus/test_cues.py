"""Candidate statements of one paragraph (corpus/attribution/cues.py)."""
from __future__ import annotations

from corpus.attribution.cues import candidates, source_ok


def contents(ctx, pi):
    return [(ctx.text[c.start:c.end], c.kind, c.cue_text) for c in candidates(ctx, pi)]


def test_according_to(context_of):
    ctx = context_of("According to Paul Grant, the tax would hurt small farms.")
    assert contents(ctx, 0) == [("the tax would hurt small farms", "indirect", "according to")]


def test_a_reporting_noun_with_its_owner(context_of):
    ctx = context_of("Clinton's assertion that the economy has improved drew criticism.")
    assert contents(ctx, 0) == [("that the economy has improved", "indirect", "assertion")]


def test_a_transcript_turn_keeps_its_label(context_of):
    ctx = context_of("Debate.\n\nHOLT: Senator, what is your plan?\n\nKAINE: More agents.\n\nHOLT: Thank you.")
    [turn] = candidates(ctx, 1)
    assert (turn.label, ctx.text[turn.start:turn.end], turn.src_tok) == ("HOLT", "Senator, what is your plan?", None)


def test_a_title_case_headline(context_of):
    ctx = context_of("Ted Cruz Refuses To Disavow Graham Endorsement\n\nSen. Ted Cruz spoke on Friday.")
    assert contents(ctx, 0) == [("To Disavow Graham Endorsement", "indirect", "Refuses")]


def test_a_quote_next_to_the_cue_is_its_content(context_of):
    ctx = context_of("“The jobs are staying here,” Berg said.")
    assert contents(ctx, 0) == [("“The jobs are staying here,”", "direct", "said")]


def test_an_abstract_noun_is_no_source(context_of):
    ctx = context_of("History shows that the plan fails. Officials show that the plan fails.")
    history, officials = (next(t for t in ctx.sdocs[0] if t.text == w) for w in ("History", "Officials"))
    assert not source_ok(ctx, history, 0, "show", has_clause=True)
    assert source_ok(ctx, officials, 0, "show", has_clause=True)
