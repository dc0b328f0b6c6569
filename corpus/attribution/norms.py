"""The surname-norm pass: a name that is also an English verb is read by the tagger as a name.

Runs on the tokenized paragraphs of one document before the tagger and parser (which read a token
through its NORM), and is undone before the NER, which reads the words as written.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# The norm such a name gets: a plain surname the parser knows as a name ("smith" serves as well; the
# measurements on PolNeAR train are in the commit history).
NAME_NORM = "jones"


def with_name_norms(docs: list[Doc], verbs: frozenset[str]) -> list[Doc]:
    """Tokenized paragraphs of one document, where a name that is also an English verb reads as a name.

    The sm model tags "Trump" as a verb or a noun in one sentence out of seven, and then the parse has
    no subject ("Trump accused Cruz ..." parsed with "accused" an adjective). Its tagger and parser see
    a token through its NORM, so a name the document itself uses as one (capitalised inside a sentence
    of body text, never written in lower case) gets the norm of a plain surname; its text, and so every
    offset and name, stays as written."""
    if not verbs:
        return docs
    names, lower = set(), set()
    for d in docs:
        for i, t in enumerate(d):
            if not t.is_alpha:
                continue
            if t.is_lower:
                lower.add(t.text)
            elif t.is_title and i > 0 and t.text.lower() in verbs and before_surname(d[i - 1]):
                names.add(t.text)  # "Donald Trump", "Mr. Trump", "Donald J. Trump", "Jeb Bush"
    names = {n for n in names if n.lower() not in lower}
    if names:
        for d in docs:
            for t in d:
                if t.text in names:
                    t.norm_ = NAME_NORM
    return docs


def without_name_norms(doc: Doc) -> Doc:
    """The norms as the vocabulary has them again, for the NER."""
    for t in doc:
        if t.norm_ == NAME_NORM and t.lower_ != NAME_NORM:
            t.norm_ = t.lex.norm_
    return doc


def before_surname(t: Token) -> bool:
    """A given name, an initial or a title: what comes before a surname."""
    low = t.lower_
    return t.text[:1].isupper() and (low in lx.MALE_NAMES or low in lx.FEMALE_NAMES or low.rstrip(".") in lx.HONORIFICS
                                     or (len(t.text) == 2 and t.text[1] == "."))
