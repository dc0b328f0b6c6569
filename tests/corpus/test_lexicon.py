"""The rule vocabulary (corpus/attribution/data/*.txt): well-formed, no duplicates, no contradictions."""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from corpus.attribution import lexicon as lx


def test_every_list_in_the_data_is_read():
    assert lx.unused_lists() == set()


@pytest.mark.parametrize("name", sorted(lx.SECTIONS))
def test_no_list_repeats_a_word(name):
    kind = lx.list_kinds()[name]
    if kind == "words":
        repeated = [w for w, n in Counter(lx.word_list(name)).items() if n > 1]
    elif kind == "map":
        repeated = [(k, w) for k, vs in lx.word_map(name).items() for w, n in Counter(vs).items() if n > 1]
    elif kind == "groups":
        repeated = [w for _, _, line in lx.SECTIONS[name] for w, n in Counter(line.split()).items() if n > 1]
    else:  # rows: one row a verb
        repeated = [w for w, n in Counter(line.split()[0] for _, _, line in lx.SECTIONS[name]).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize("a, b, why", [
    ("SOURCE_NOUNS", "NOT_SOURCES", "a noun is a possible source or it is not"),
    ("MALE_NAMES", "FEMALE_NAMES", "a given name votes for one gender"),
    ("HONORIFICS_MALE", "HONORIFICS_FEMALE", "an honorific votes for one gender"),
    ("MALE_ROLES", "FEMALE_ROLES", "a role votes for one gender"),
    ("POLITICAL_ROLES", "NOT_CANDIDATES", "a role is a candidate's or not"),
    ("NOT_CUES", "FORM_TO_LEMMA", "a verb form is a cue or not"),
] + [(a, b, "a pronoun has one person and gender") for a, b in combinations(
        ["PRONOUNS_MALE", "PRONOUNS_FEMALE", "PRONOUNS_PLURAL", "PRONOUNS_NEUTER", "PRONOUNS_FIRST"], 2)])
def test_lists_that_must_not_overlap(a, b, why):
    assert not set(getattr(lx, a)) & set(getattr(lx, b)), why


def test_a_speaking_group_is_no_poll():
    assert not {n + "s" for n in lx.EVIDENCE_NOUNS} & lx.SPEAKING_GROUPS


@pytest.mark.parametrize("part, whole", [
    # a rule keyed on a lemma that is never a cue would never fire
    ("PASSIVE_HEARERS", "CUE_LEMMAS"), ("CORE_SPEECH", "CUE_LEMMAS"), ("SEEING_AS", "CUE_LEMMAS"),
    ("CLAUSAL_ONLY", "CUE_LEMMAS"), ("HEADLINE_CUE_LEMMAS", "CUE_LEMMAS"), ("PREPS_BY_CUE", "CUE_LEMMAS"),
    ("COMPARING_PREPS", "CUE_LEMMAS"), ("INVERTED_CUE_FORMS", "FORM_TO_LEMMA"),
    # these only refine a description headed by an organisation noun
    ("PLACE_NOUNS", "ORG_NOUNS"), ("GOVERNMENT_NOUNS", "ORG_NOUNS"), ("MEDIA_NOUNS", "ORG_NOUNS"),
    ("POLITICAL_ROLES", "ROLE_NOUNS"),
])
def test_lists_read_only_within_another(part, whole):
    assert set(getattr(lx, part)) - set(getattr(lx, whole)) == set()


def test_cue_particles_belong_to_cues():
    assert {lemma for lemma, _ in lx.NOT_CUE_PARTICLES} <= lx.CUE_LEMMAS


def test_cue_lists_hold_lemmas_not_forms():
    forms = {f: lemma for lemma in lx.CUE_LEMMAS for f in lx.verb_forms(lemma).all() if f != lemma}
    assert {w: forms[w] for w in lx.CUE_LEMMAS if w in forms} == {}


def test_no_general_list_names_a_person_of_the_dev_data():
    # corpus-specific names belong to no general list: a source noun is a kind of source
    assert not {"trump", "clinton", "obama", "biden", "sanders", "pence", "kaine"} & lx.SOURCE_NOUNS


def test_verb_forms():
    assert lx.verb_forms("say") == (("say",), ("says",), ("said",), ("said",), ("saying",))
    assert lx.verb_forms("note").all() == ("note", "notes", "noted", "noting")
    assert lx.verb_forms("deny").past == ("denied",)
    assert lx.verb_forms("dismiss").s == ("dismisses",)
    assert lx.verb_forms("signal").past == ("signaled", "signalled")
    assert lx.verb_forms("speak").s == ()  # "-" in verbs.txt: not matched
    assert lx.FORM_TO_LEMMA["told"] == "tell" and lx.FORM_TO_LEMMA["spoke"] == "speak"
    assert "speaks" not in lx.FORM_TO_LEMMA


@pytest.mark.parametrize("text, message", [
    ("say tell\n", "x.txt line 1: words before the first [list] header"),
    ("[a]\nsay\n[a]\ntell\n", "x.txt line 3: the list [a] is defined twice"),
])
def test_a_malformed_data_file_names_its_line(tmp_path, text, message):
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    with pytest.raises(lx.LexiconError, match=message.replace("[", r"\[").replace("]", r"\]")):
        lx.read_sections(tmp_path)


def test_comments_and_sections():
    assert lx.word_list("cues_with_hearer") == ("tell", "ask")
    assert lx.PREPS_BY_CUE["respond"] == {"to", "with", "by"}
    assert lx.MULTIWORD_ROLES["head of state"] == "head-of-state"


def test_forms_by_tense():
    assert lx.forms_by_tense({"base past": ("say", "note"), "s": ("think",)}) == {"say", "said", "note", "noted",
                                                                                  "thinks"}
    with pytest.raises(lx.LexiconError, match="unknown tense 'future'"):
        lx.forms_by_tense({"future": ("say",)})
