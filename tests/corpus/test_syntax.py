"""The parse helpers of attribution (corpus/attribution/syntax.py) on tiny parsed sentences."""
from __future__ import annotations

import pytest

from corpus.attribution import Attributor
from corpus.attribution.syntax import (
    author,
    cue_lemma,
    ends_object,
    evidence_source,
    honorific,
    mention_span,
    subject,
    to_sentence_end,
    without_headline_verb,
)


@pytest.fixture(scope="module")
def nlp():
    return Attributor().nlp


def token(doc, text):
    return next(t for t in doc if t.text == text)


def no_names(text: str) -> bool:
    return False


def test_cue_lemma_of_a_verb_form(nlp):
    assert cue_lemma(token(nlp("Grant said the tax would fail."), "said")) == "say"


def test_a_cue_with_a_particle_that_makes_another_verb_is_none(nlp):
    assert cue_lemma(token(nlp("Pagliano failed to show up for a hearing."), "show")) is None


def test_a_participle_with_a_copula_is_the_verbs_cue(nlp):
    assert cue_lemma(token(nlp("Grant is convinced that the tax will fail."), "convinced")) == "convince"


def test_subject_after_the_cue(nlp):
    doc = nlp("The tax would hurt farms, said Paul Grant.")
    assert subject(token(doc, "said"), no_names) == (token(doc, "Grant"), "nsubj")


def test_a_dateline_is_not_the_subject(nlp):
    doc = nlp("WASHINGTON -- President Obama, dedicating the museum, said it would tell a story.")
    assert subject(token(doc, "said"), no_names)[0].text == "Obama"


def test_the_subject_of_a_relative_clause_is_its_head(nlp):
    doc = nlp("The senator who said the tax would hurt farms lost.")
    assert subject(token(doc, "said"), no_names)[0].text == "senator"


def test_an_it_that_stands_for_a_clause_has_no_subject(nlp):
    doc = nlp("It is worth noting that the building was empty.")
    assert subject(token(doc, "noting"), no_names) == (None, None)


def test_mention_span_stops_before_an_apposition(nlp):
    doc = nlp("Paul Grant, a farmer from Iowa, said the tax would fail.")
    assert mention_span(token(doc, "Grant")) == (0, 2)


@pytest.mark.parametrize("text", ["Trump's early-morning tweets accused Machado of lying.",
                                  "Trump unleashed a series of tweets."])
def test_the_author_of_tweets(nlp, text):
    assert author(token(nlp(text), "tweets")).text == "Trump"


def test_honorific_before_a_name(nlp):
    ent = next(iter(nlp("Mr. Obama spoke.").ents))
    assert honorific(ent) == "Mr"


def test_reported_content_ends_before_the_next_cue(nlp):
    doc = nlp("Donald Trump said on Monday that the plan would fail, adding that it cost too much.")
    that = token(doc, "that")
    assert doc[that.i:to_sentence_end(token(doc, "said"), that.i, next(iter(doc.sents)))].text == \
        "that the plan would fail"


def test_a_weekday_ends_an_objects_content(nlp):
    doc = nlp("Trump blasted Clinton as a disgrace Wednesday.")
    assert [t.text for t in doc if ends_object(t)] == ["Wednesday"]


def test_a_headline_verb_is_cut_from_a_name(nlp):
    ent = next(iter(nlp("Obama Says Museum Tells A Story.").ents))
    assert without_headline_verb(ent).text == "Obama"


def test_polls_are_evidence(nlp):
    assert evidence_source(token(nlp("Polls show Clinton up in Ohio."), "Polls"))
