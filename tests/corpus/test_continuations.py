"""Statements no cue claims (corpus/attribution/continuations.py)."""
from __future__ import annotations

from corpus.attribution.continuations import author_voice, continuations, unclaimed_quotes
from corpus.attribution.cues import candidates


def test_a_quote_that_touches_a_statement_extends_it(context_of):
    ctx = context_of("“We will win,” Reed said at the rally in the town hall on Monday. “Nobody can stop us.” "
                     "“Not this year.”")
    [c] = unclaimed_quotes(ctx, 0, candidates(ctx, 0), None)
    assert ctx.text[c.start:c.end].endswith("“Not this year.”") and c.follows is None


def test_a_quote_carried_over_follows_the_last_statement(context_of):
    ctx = context_of("“We spent every dollar,” Hale said. “The roads are better.\n\n“Next year we fix the schools.”")
    [last] = unclaimed_quotes(ctx, 0, candidates(ctx, 0), None)
    [c] = unclaimed_quotes(ctx, 1, candidates(ctx, 1), last)
    assert c.follows is last and ctx.text[c.start:c.end] == "“Next year we fix the schools.”"


def test_a_first_person_sentence_continues_the_statement_before_it(context_of):
    ctx = context_of("Aleksandr Lukashenko noted that relations are politicized. We should pay more attention to "
                     "the economy.")
    cands = candidates(ctx, 0)
    [c] = continuations(ctx, 0, cands)
    assert c.follows is cands[0] and ctx.text[c.start:c.end] == "We should pay more attention to the economy"


def test_an_author_writing_as_i(context_of):
    ctx = context_of("I have covered this city for years.\n\nThe mayor said the budget was balanced.")
    assert author_voice(ctx, [candidates(ctx, pi) for pi in range(len(ctx.paras))])
