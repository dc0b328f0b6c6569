"""Candidate statements of one paragraph (corpus/attribution/cues.py)."""
from __future__ import annotations

import pytest

from corpus.attribution.cues import candidates, only_courtesy, source_ok


def contents(ctx, pi):
    return [(ctx.text[c.start:c.end], c.kind, c.cue_text) for c in candidates(ctx, pi)]


def test_according_to(context_of):
    ctx = context_of("According to Paul Grant, the tax would hurt small farms.")
    assert contents(ctx, 0) == [("the tax would hurt small farms", "indirect", "according to")]


def test_quoted_as_saying_is_the_subjects_statement(context_of):
    ctx = context_of("Defence Minister Milan Kovar was quoted by local media as saying that the journalist had "
                     "entered a closed zone.")
    [c] = candidates(ctx, 0)
    assert (ctx.text[c.start:c.end], c.cue_text, c.src_tok.text) == (
        "that the journalist had entered a closed zone", "saying", "Kovar")


def test_a_reporting_noun_with_its_owner(context_of):
    ctx = context_of("Clinton's assertion that the economy has improved drew criticism.")
    assert contents(ctx, 0) == [("that the economy has improved", "indirect", "assertion")]


def test_a_transcript_turn_is_its_words_after_the_label(context_of):
    ctx = context_of("Debate.\n\nHOLT: Senator, what is your plan?\n\nKAINE: More agents.\n\nHOLT: Thank you.")
    [turn] = candidates(ctx, 1)
    assert (ctx.text[turn.start:turn.end], turn.src_tok, turn.turn) == ("Senator, what is your plan?", None, 0)
    assert ctx.text[turn.mention[0]:turn.mention[1]] == "HOLT" and turn.cue_text == ":"
    assert candidates(ctx, 3) == []  # "Thank you." is courtesy, no statement


def test_a_turn_continues_over_paragraphs_without_a_label(context_of):
    ctx = context_of("Meeting\n\nPresident of Russia Vladimir Putin: Good afternoon.\n\n"
                     "We will discuss the harvest today.\n\nMinister of Agriculture Dmitry Patrushev: It was good.")
    assert candidates(ctx, 1) == []
    cont = candidates(ctx, 2)[0]
    assert ctx.text[cont.start:cont.end] == "We will discuss the harvest today." and cont.turn == 0
    assert ctx.text[cont.mention[0]:cont.mention[1]] == "President of Russia Vladimir Putin"


def test_first_person_in_a_turn_is_the_turns_but_reported_speech_its_own(context_of):
    ctx = context_of("Meeting\n\nPresident of Russia Vladimir Putin: Good afternoon.\n\n"
                     "Governor of Pskov Region Andrei Turchak: I think that the roads are ready. "
                     "The Minister said that the bridge would open in May.")
    turn, own, reported = candidates(ctx, 2)
    assert turn.turn == 1 and ctx.text[turn.start:turn.end].startswith("I think")
    assert (own.src_tok.text, ctx.text[own.start:own.end]) == ("I", "that the roads are ready")
    assert (ctx.text[reported.mention[0]:reported.mention[1]], ctx.text[reported.start:reported.end]) == (
        "The Minister", "that the bridge would open in May")
    # "as you said" is whom the speaker addresses, not the speaker's; in a turn of nobody in particular
    # a first person is no one's
    ctx = context_of("Meeting\n\nPresident of Russia Vladimir Putin: As you said, the roads are ready.\n\n"
                     "Question: I think that taxes will rise.\n\nVladimir Putin: They will not.")
    assert [c.turn for c in candidates(ctx, 1)] == [0] and [c.turn for c in candidates(ctx, 2)] == [1]


@pytest.mark.parametrize("text, courtesy", [
    ("Thank you.", True), ("Thank you very much, Mr President.", True), ("Good afternoon, colleagues.", True),
    ("Yes.", True), ("Go ahead, please.", True), ("Good afternoon. Thank you, Mr Sitnikov.", True),
    ("Ladies and gentlemen, good evening.", True),
    ("Thank you. The harvest was good.", False), ("Yes, the harvest was good.", False), ("No problems.", False),
])
def test_courtesy(text, courtesy):
    assert only_courtesy(text) is courtesy


@pytest.mark.parametrize("text, source", [
    ("Mr President, you said that the roads were ready.", "you"),
    ("Colleagues, I believe that the plan will work.", "I"),
    ("Governor Pence, recently the Times reported that you lost money.", "Times"),
    ("Mr Putin, speaking in Moscow, said that the plan will work.", "Putin"),
    ("Welcoming Mr Robertson, Mr Putin said that Russia valued its ties with NATO.", "Putin"),
])
def test_whom_a_sentence_addresses_is_no_source(context_of, text, source):
    ctx = context_of(text)
    got = [c.src_tok.text for c in candidates(ctx, 0) if c.src_tok is not None]
    assert (got[:1] or [None])[0] == source


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


def test_a_noun_for_an_act_is_no_one_speaking(context_of):
    # "-ent" ends nouns for people (proponents, residents), "-ment" nouns for acts and things
    ctx = context_of("Jerome had too many achievements to mention all, but he was proudest of his role.\n\n"
                     "The foreign policy establishment has voiced concerns over his views on trade.")
    assert contents(ctx, 0) == []
    assert [cue for _, _, cue in contents(ctx, 1)] == ["voiced"]
