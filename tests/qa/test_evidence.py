"""Ordering an answer: around its best statement (`qa.evidence.focus`), for its voices (`voices`)."""
from __future__ import annotations

from qa.evidence import W_FOCUS, W_OWN_WORDS, W_PERSON, Scored, focus, voices
from qa.index import StatementRecord


def st(i: int, doc: str, speaker: str | None, kind: str = "direct") -> StatementRecord:
    return StatementRecord(id=i, doc_id=doc, paragraph_id=i, start=10 * i, end=10 * i + 5, speaker=speaker,
                           kind=kind, mention=speaker, cue="said")


def test_the_best_statements_document_comes_next():
    scored = [Scored(st(1, "tulsa.txt", "Trump"), 0.75), Scored(st(2, "chicago.txt", "Trump"), 0.70),
              Scored(st(3, "chicago.txt", "Trump"), 0.67), Scored(st(4, "tulsa.txt", "Trump"), 0.55),
              Scored(st(5, "tulsa.txt", "Trump"), 0.40)]
    out = focus(scored)
    assert [x.statement.id for x in out] == [1, 4, 2, 3, 5]
    # only the order changes: each statement keeps its own score
    assert [x.score for x in out] == [0.75, 0.55, 0.70, 0.67, 0.40]
    assert 0.55 + W_FOCUS > 0.70
    # the best stays first, and the document's own order of relevance is kept
    near = focus([Scored(st(1, "a.txt", "X"), 0.8), Scored(st(2, "b.txt", "X"), 0.79),
                  Scored(st(3, "a.txt", "X"), 0.7)])
    assert [x.statement.id for x in near] == [1, 3, 2]


def test_who_said_focuses_on_the_speaker_it_names():
    scored = [Scored(st(1, "ohio.txt", "Pepper"), 1.1), Scored(st(2, "ohio.txt", "Husted"), 0.95),
              Scored(st(3, "ohio.txt", "Pepper"), 0.81)]
    assert [x.statement.id for x in focus(scored, same_speaker=True)] == [1, 3, 2]
    assert [x.statement.id for x in focus(scored)] == [1, 2, 3]  # both in the document: the order stands


def test_nothing_to_focus():
    assert focus([]) == []
    one = [Scored(st(1, "a.txt", "X"), 0.5)]
    assert focus(one) == one


def test_related_citations_start_at_the_first_weak_one():
    from qa.assistant import close_count
    from qa.records import Citation

    def cite(score):
        return Citation(doc_id="a.txt", paragraph=1, start=0, end=5, speaker="X", score=score, quote="words")

    # an answer ordered around its best statement: 0.5 from its document comes before 0.9 from another
    assert close_count([cite(1.0), cite(0.8), cite(0.5), cite(0.9)]) == 2
    assert close_count([cite(1.0), cite(0.95)]) == 2
    assert close_count([]) == 0


def test_what_was_said_puts_quotes_and_people_before_paraphrase():
    people = {"Jason Chaffetz", "Elijah Cummings"}
    scored = [Scored(st(1, "panel.txt", "House panel", "indirect"), 1.37),
              Scored(st(2, "panel.txt", None, "indirect"), 1.19),
              Scored(st(3, "panel.txt", "Elijah Cummings", "indirect"), 1.15),
              Scored(st(4, "panel.txt", "Jason Chaffetz", "direct"), 1.10),
              Scored(st(5, "panel.txt", "Many Democrats", "mixed"), 1.12)]
    out = voices(scored, people.__contains__)
    # a quote by a named person gains both, a paraphrase by a person or a group's quote one of them
    assert [x.statement.id for x in out] == [1, 4, 3, 5, 2]
    assert [x.score for x in out] == [1.37, 1.10, 1.15, 1.12, 1.19]  # the scores stay their own
    assert 1.10 + W_OWN_WORDS + W_PERSON < 1.37  # a far better match still leads
    assert voices([], people.__contains__) == []


def test_what_was_said_is_focused_on_the_best_statements_article():
    # "What was said about the court fight over the Clean Power Plan?": the rest of the article that
    # reports the fight comes before another article's loosely related paraphrase
    people = {"Scott Pruitt", "Tom Clarke"}
    scored = [Scored(st(1, "court.txt", "Richard Revesz"), 1.10),
              Scored(st(2, "coal.txt", "Tom Clarke", "indirect"), 0.85),
              Scored(st(3, "court.txt", "Scott Pruitt"), 0.70),
              Scored(st(4, "coal.txt", "Tom Clarke"), 0.65)]
    out = voices(scored, people.__contains__)
    assert [x.statement.id for x in out] == [1, 3, 2, 4]
    assert 0.70 + W_FOCUS + W_OWN_WORDS + W_PERSON > 0.85 + W_PERSON
    assert [x.score for x in out] == [1.10, 0.70, 0.85, 0.65]
