"""Quote checks: verbatim, paraphrase with a word diff, not found, who else said it, and the question forms."""
from __future__ import annotations

import pytest

from qa.quotecheck import (
    NOT_FOUND,
    PARAPHRASE,
    VERBATIM,
    Candidate,
    QuoteQuestion,
    check_quote,
    cue_negated,
    overlap_scorer,
    parse_quote_question,
    words,
)

MAYOR = {"Anna Berg", "Berg", "the mayor"}
STATEMENTS = [
    Candidate("“The budget is tight,” Anna Berg said. “The city will never ever close a school or sell a park.",
              "Anna Berg", "s1"),
    Candidate("The councillor said the city will never close a school.", "Tom Reed", "s2"),
    Candidate("We will close two schools next year, she warned, if the budget is cut by 200 million.", "Anna Berg", "s3"),
    Candidate("Rents rose by 12 percent, the report found.", None, "s4"),
]


def check(claim, candidates=STATEMENTS, speakers=MAYOR, threshold=0.6, scorer=overlap_scorer):
    return check_quote(claim, candidates, speakers=speakers, scorer=scorer, threshold=threshold)


@pytest.mark.parametrize("claim", [
    "the city will never ever close a school",
    "“The city will never ever close a school”",
    "'THE CITY WILL NEVER EVER CLOSE A SCHOOL!'",
    "The city will   never ever close a school, or sell a park",
    "the budget is tight",
])
def test_verbatim_after_normalising(claim):
    r = check(claim)
    assert r.verdict == VERBATIM and r.match.candidate.ref == "s1" and r.match.score == 1.0
    assert all(op == "equal" for op, _, _ in r.match.diff)
    assert r.match.quote.lower().startswith(("the city", "the budget"))


def test_not_verbatim_across_the_reporting_clause():
    # "“The budget is tight,” Anna Berg said. “The city ...": the words are not adjacent
    assert check("the budget is tight. The city", threshold=1.1).verdict == NOT_FOUND


def test_verbatim_span_is_exact():
    r = check("never ever close a school")
    text = STATEMENTS[0].text
    assert r.match.span == (text.index("never ever"), text.index("school") + len("school"))
    assert r.match.quote == "never ever close a school"


def test_an_ellipsis_stands_for_left_out_words():
    r = check("the city will never … close a school")
    assert r.verdict == VERBATIM and r.match.compact == "The city will never {+ever+} close a school"
    assert check("the city will never ... sell a park").verdict == VERBATIM
    assert check("sell a park ... the city will never").verdict != VERBATIM  # order matters


def test_apostrophes_and_words_not_parts_of_words():
    cands = [Candidate("“We won’t close it,” she said of the closed school.", "Anna Berg")]
    assert check("we won't close it", cands).verdict == VERBATIM
    assert check("we won't clos", cands, threshold=1.1).verdict == NOT_FOUND  # "clos" is not "close"


def test_paraphrase_shows_the_differences_word_by_word():
    r = check("the city will never close a school")
    assert r.verdict == PARAPHRASE and r.match.candidate.ref == "s1"
    assert r.match.compact == "The city will never {+ever+} close a school"
    assert r.match.diff == (("equal", "the city will never", "The city will never"), ("insert", "", "ever"),
                            ("equal", "close a school", "close a school"))
    assert not r.match.negation_differs and not r.match.numbers_differ
    assert [o.candidate.ref for o in r.others] == ["s2"] and r.others[0].verdict == VERBATIM


def test_a_replaced_subject_is_shown_against_the_word_said():
    r = check("Oslo will never ever close a school")
    assert r.match.compact.startswith("[-Oslo-]{+city+} will never ever")


def test_the_window_does_not_cross_into_another_sentence():
    cands = [Candidate("Taxes are high. Parks will stay open, she said.", "Anna Berg")]
    r = check("all parks will stay open", cands, threshold=0.5)
    assert r.verdict == PARAPHRASE
    assert r.match.quote == "Parks will stay open"
    assert r.match.compact == "[-all-] Parks will stay open"


def test_negation_and_number_changes_are_flagged_and_do_not_confirm():
    r = check("we will not close two schools next year", threshold=0.5)
    assert r.match.candidate.ref == "s3" and r.match.negation_differs
    assert r.verdict == PARAPHRASE and not r.confirms
    r = check("the budget is cut by 300 million", threshold=0.5)
    assert r.match.candidate.ref == "s3" and r.match.numbers_differ and not r.match.negation_differs
    assert "[-300-]{+200+}" in r.match.compact and not r.confirms
    assert check("the city will never close a school").confirms       # a paraphrase that keeps both
    assert check("the city will never ever close a school").confirms  # verbatim
    assert not check("the harbour will be dredged in spring").confirms


def test_a_statement_under_a_negated_cue_says_the_opposite_of_its_words():
    # "We do not believe [war to be inevitable]": the statement's words are the claim's, its meaning is not
    said = [Candidate("war to be inevitable in the logic of history", "Borut Pahor", "p12", negated=True)]
    r = check("war is inevitable", candidates=said, speakers={"Borut Pahor"}, threshold=0.5)
    assert r.match.candidate.ref == "p12" and r.match.negation_differs and not r.confirms
    r = check("war to be inevitable", candidates=said, speakers={"Borut Pahor"}, threshold=0.5)
    assert r.verdict == PARAPHRASE and not r.confirms  # not "verbatim": the words are denied, not said
    r = check("war is not inevitable", candidates=said, speakers={"Borut Pahor"}, threshold=0.5)
    assert not r.match.negation_differs  # the claim's "not" and the cue's agree
    assert cue_negated("We do not believe ") and cue_negated("He denied that ")
    assert not cue_negated("Although he did not attend, he said that ") and not cue_negated("He said that ")


def test_not_found_but_someone_else_said_it():
    r = check("rents rose by 12 percent")
    assert r.verdict == NOT_FOUND and r.match is None
    assert r.others == ()  # s4 has no speaker: it is not the mayor's, and it names no one else
    cands = STATEMENTS + [Candidate("Rents rose by 12 percent, the housing minister said.", "Lea Holm", "s5")]
    r = check("rents rose by 12 percent", cands)
    assert r.verdict == NOT_FOUND and [o.candidate.speaker for o in r.others] == ["Lea Holm"]


def test_below_the_threshold_is_not_found():
    assert check("the harbour will be dredged in spring").verdict == NOT_FOUND
    assert check("close a playground", threshold=0.99).verdict == NOT_FOUND
    assert check("close a playground", threshold=0.6).verdict == PARAPHRASE


def test_anyone_and_the_scorer_contract():
    r = check("the city will never close a school", speakers=None)
    assert r.verdict == VERBATIM and r.match.candidate.ref == "s2" and r.others == ()
    calls = []

    def scorer(claim, texts):
        calls.append((claim, list(texts)))
        return [0.9 if "park" in t else 0.1 for t in texts]

    r = check("we protect green spaces", scorer=scorer, threshold=0.8)
    assert r.verdict == PARAPHRASE and r.match.candidate.ref == "s1" and r.match.score == 0.9
    assert calls[0][0] == "we protect green spaces"
    assert len(calls[0][1]) == 3  # the mayor's two and Reed's one; s4 is credited to no one
    check("the city will never ever close a school", scorer=lambda c, t: pytest.fail("scored a verbatim claim"))
    with pytest.raises(ValueError, match="2 scores for 3 texts"):
        check("something else entirely", scorer=lambda c, t: [0.1, 0.2])


def test_a_tie_goes_to_the_earlier_candidate_and_empty_claims_are_not_found():
    twins = [Candidate("Parks will stay open.", "Anna Berg", "a"), Candidate("Parks will stay open.", "Anna Berg", "b")]
    assert check("parks will stay open", twins).match.candidate.ref == "a"
    assert check("all parks stay open", twins, threshold=0.5).match.candidate.ref == "a"
    assert check("“ … ”").verdict == NOT_FOUND
    assert check("parks", []).verdict == NOT_FOUND


def test_a_paraphrase_with_no_shared_word_shows_the_statement():
    cands = [Candidate("Green spaces are sacred to this administration.", "Anna Berg")]
    r = check("we protect parks", cands, scorer=lambda c, t: [0.95], threshold=0.8)
    assert r.verdict == PARAPHRASE and r.match.quote == cands[0].text.rstrip(".")


def test_words_keep_offsets_and_normalise():
    ws = words("It’s  “Café”—fine")
    assert [w.norm for w in ws] == ["it's", "café", "fine"]
    assert [w.raw for w in ws] == ["It’s", "Café", "fine"]
    assert (ws[1].start, ws[1].end) == (7, 11)


@pytest.mark.parametrize("question, speaker, claim, quoted", [
    ("Did Berg say that the city will never close a school?", "Berg", "the city will never close a school", False),
    ("Did Berg say the city will never close a school?", "Berg", "the city will never close a school", False),
    ("Did Berg say 'we will never close a school'?", "Berg", "we will never close a school", True),
    ("Did Berg say “we won't close it” about the school?", "Berg", "we won't close it", True),
    ("did Berg say: \"parks stay open\"", "Berg", "parks stay open", True),
    ("Did Berg really say that parks will stay open?", "Berg", "parks will stay open", False),
    ("Has Berg ever said that parks will stay open?", "Berg", "parks will stay open", False),
    ("Did the mayor of Northtown say that parks will stay open?", "the mayor of Northtown", "parks will stay open", False),
    ("Did the mayor tell reporters that parks will stay open?", "the mayor", "parks will stay open", False),
    ("Did she say nothing would change?", "she", "nothing would change", False),
    ("Did she say this is a mistake?", "she", "this is a mistake", False),
    ("Is it true that Berg said parks will stay open?", "Berg", "parks will stay open", False),
    ("Is it true Berg said parks will stay open?", "Berg", "parks will stay open", False),
    ("Was it Berg who said that parks will stay open?", "Berg", "parks will stay open", False),
    ("Berg said parks will stay open, is that true?", "Berg", "parks will stay open", False),
    ("Berg said parks will stay open — really?", "Berg", "parks will stay open", False),
    ("Did anyone say that parks will stay open?", None, "parks will stay open", False),
    ("Did Berg say about the parks that they will stay open?", "Berg", "they will stay open", False),
    ("And did she say that?", None, None, None),
])
def test_question_forms(question, speaker, claim, quoted):
    q = parse_quote_question(question)
    if claim is None:
        assert q is None
        return
    assert q == QuoteQuestion(speaker, claim, quoted, q.claim_span)
    assert question[q.claim_span[0]:q.claim_span[1]] == claim


@pytest.mark.parametrize("question", [
    "Did Berg say anything about parks?",
    "Did Berg say something?",
    "Did Berg say about parks?",
    "Did Berg say what she would do?",
    "Did Berg say whether parks will stay open?",
    "Did she say that?",
    "Did she say so?",
    "Did Berg comment on parks?",
    "Did Berg tell the council the truth?",
    "What did Berg say about parks?",
    "Who said that parks will stay open?",
    "Berg said parks will stay open?",
    "Did it say that parks will stay open?",
])
def test_not_quote_checks(question):
    assert parse_quote_question(question) is None
