"""Where the NER's label or the parser's tree says the wrong thing about a name: an "organisation" that is a
titled person ("Hewlett-Packard CEO Carly Fiorina"), a "person" that is a company ("Helvix Pharma"), a name
the parser did not make the subject of the sentence it opens ("And Obama, for all ..., seems to agree"), and
the photo captions of a scraped page, whose names are not the ones the story is about just then."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.names import TITLE_WORDS, fold

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from corpus.attribution.doc_context import DocContext


def titled_person(ent: Span) -> bool:
    """An "organisation" the NER found that ends in a given name and a surname ("Hewlett-Packard CEO
    Carly Fiorina", "spokesman Marc-Antoine Duval"): a person with a title. Not "Morgan Stanley" (a
    surname that is a given name too), nor a name with a word that says what kind of body it is ("Mary
    Kay Foundation"). Also a "place" that names the one a title stands for ("Governor of the Lorsk region
    Emil Varga")."""
    titled = ent.root.dep_ == "appos" and (fold(ent.root.head.text) in TITLE_WORDS or ent.root.head.lower_ in lx.ROLE_NOUNS)
    if ent.label_ not in ("ORG", "GPE", "LOC") or ent.label_ != "ORG" and not titled:
        return False
    if any(t.is_punct and not (t.text == "-" and t.i > 0 and not t.whitespace_ and not t.nbor(-1).whitespace_) for t in ent) or any(t.text.isupper() and len(t.text) > 3 for t in ent):
        return False  # "ROME - Bernie Sanders": a dateline before the name
    toks = [w for w in ent.text.split() if w[:1].isalpha()]  # "Marc-Antoine" one word, its first part the given name
    if len(toks) < 2 or not toks[-1][:1].isupper() or not toks[-2][:1].isupper():
        return False
    given, surname = toks[-2].lower().split("-")[0], toks[-1].lower()  # not "Agence France-Presse"
    names = lx.MALE_NAMES | lx.FEMALE_NAMES | lx.AMBIGUOUS_NAMES
    before = [t.text for t in ent.doc[max(0, ent.start - 2):ent.start]] + toks[:-2]
    if given in lx.CENSUS_MALE_NAMES | lx.CENSUS_FEMALE_NAMES and any(fold(w) in TITLE_WORDS for w in before):
        names = names | {given}  # "Defence lawyer Sofia Almeida": a given name the census knows, after a title
    if titled and ent.label_ != "ORG" and len(toks) == 2:
        names = names | {given}  # "Governor of the Lorsk region Emil Varga": a place's name is no apposition
    return (given in names and surname not in names
            and not {re.sub(r"['’]s$", "", p.lower()) for w in toks for p in w.split("-")} & (lx.ORG_KIND_WORDS | lx.NEWS_WORDS | lx.ORG_NOUNS))


def company_named(ent: Span) -> bool:
    """A "person" the NER found whose last word says it is a company ("Helvix Pharma", "Nordvale Holdings")."""
    return len(ent) > 1 and ent[-1].lower_ in lx.COMPANY_WORDS and ent[-1].text[:1].isupper()


def introduced_as_body(ent: Span) -> bool:
    """A "person" the NER found that the text brings in with a noun for a body: "of the firm Ames Holloway",
    "the company Velmar Group" (not "the group Al Sharpton founded", where the name is a verb's subject)."""
    if ent.start < 2 or ent.root.dep_ in ("nsubj", "nsubjpass"):
        return False
    noun, det = ent.doc[ent.start - 1], ent.doc[ent.start - 2]
    return (noun.text.islower() and noun.lower_ in lx.ORG_KIND_WORDS - lx.LEGAL_FORMS  # not "Speaker of the House X"
            and det.lower_ in ("the", "a", "an"))  # "firm" may be tagged ADJ


def fronted_subject(t: Token) -> bool:
    """"And Obama, for all the progress he helped wrangle ..., seems to agree": a name that opens its
    sentence before a comma, in a sentence whose main verb the parser left without a subject."""
    first = t.sent.start + (t.doc[t.sent.start].dep_ == "cc")
    root = t.sent.root
    return (t.i == first and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "," and root.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in root.children))


_CREDIT = re.compile(r"(?:\bvia Getty Images|/Getty Images|/Reuters|/AP|\bAP Photo|/AFP)\.?\s*$")


def captions(ctx: DocContext) -> list[tuple[int, int]]:
    """The character spans of photo captions: a short paragraph after a photo credit ("POOL New/Reuters." ¶
    "Sanford police officer Timothy Smith holds up the gun ..."), with no quote in it."""
    out = []
    for pi, p in enumerate(ctx.paras[:-1]):
        nxt = ctx.paras[pi + 1]
        if len(p.text) < 80 and _CREDIT.search(p.text) and len(nxt.text) < 400 and not ctx.quotes[pi + 1]:
            out.append((nxt.start, nxt.end))
    return out
