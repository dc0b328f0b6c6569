"""The name a description gives in apposition or as what it is called ("The director of the Centre, Ina
Kirsch", "a super PAC called Future 45"), or after a second title ("GOP presidential contender and former
neurosurgeon Ben Carson")."""
from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.names import is_given_name
from corpus.attribution.syntax import person_noun

if TYPE_CHECKING:
    from spacy.tokens import Token

_NAMING_PREPS = frozenset({"of", "at", "for", "from", "in", "with"})


def named_by(s: Token) -> Token | None:
    """The proper name a description of one person or body gives in apposition ("the director of the
    Centre, Ina Kirsch") or as what it is called ("a super PAC called Future 45"): the name's head."""
    one = s.lower_ == "one"  # "One of his advisers, Tad Devine, told reporters"
    if not (s.pos_ in ("NOUN", "PROPN") or one) or s.tag_ in ("NNS", "NNPS"):
        return None  # "two groups, Priorities USA and American Bridge": several
    # "The director of the European Centre, Ina Kirsch,": the parser may hang the name on the of-object
    # or on another prepositional object ("his best friend at Lehigh, Bruce Turry,")
    # (a place or a body, not a person: "a spokesman for candidate Hillary Clinton" is not Clinton)
    objs = [o for p in s.rights if p.dep_ == "prep" and p.lower_ in _NAMING_PREPS for o in p.children if o.dep_ == "pobj"
            and o.ent_type_ != "PERSON" and o.lower_ not in lx.ROLE_NOUNS | lx.OCCUPATIONS and not person_noun(o.lower_)]
    for t in [*s.rights, *(a for o in objs for a in o.rights if a.dep_ == "appos" and (
            a.ent_type_ == "PERSON" or a.left_edge.i < a.i and is_given_name(a.left_edge.text)))]:
        if (t.dep_ == "appos" and t.pos_ == "PROPN" and (s.pos_ == "NOUN" or one) and not any(k.dep_ == "conj" for k in t.children)
                and t.left_edge.i > 0 and t.doc[t.left_edge.i - 1].text in (",", "--", "—", "–")):
            return t
        if t.dep_ == "appos" and t.pos_ == "NOUN" and t.tag_ == "NN" and (
                t.lower_ in lx.ROLE_NOUNS | lx.OCCUPATIONS or person_noun(t.lower_) or any(k.dep_ == "poss" for k in t.children)):
            # "The other man, his cousin James York, 40,": the name after the title in apposition
            name = next((k for k in t.rights if k.dep_ in ("appos", "compound") and k.pos_ == "PROPN"
                         and k.ent_type_ == "PERSON" and k.left_edge.i == t.i + 1), None)
            if name is not None:
                return name
        if t.dep_ == "acl" and t.lower_ in ("called", "named", "dubbed"):
            name = next((k for k in t.children if k.dep_ in ("oprd", "attr", "dobj") and k.pos_ == "PROPN"), None)
            if name is not None:
                return name
    return _stacked_titles(s)


def _stacked_titles(s: Token) -> Token | None:
    """ "GOP presidential contender and former neurosurgeon Ben Carson", "Clinton's chief pollster and
    strategist Joel Benenson": the parser joins a person's two titles with "and" as two people; with no
    article before the first and a lower-case role right before the name, they are one person."""
    if s.pos_ != "NOUN" or s.tag_ != "NN" or any(c.dep_ == "det" for c in s.children):
        return None
    cc = [c for c in s.children if c.dep_ == "cc"]
    conj = [c for c in s.children if c.dep_ == "conj"]
    if len(cc) != 1 or cc[0].lower_ != "and" or len(conj) != 1:
        return None
    name = conj[0]
    roles = [c for c in name.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.text.islower()
             and (c.lower_ in lx.ROLE_NOUNS | lx.OCCUPATIONS or person_noun(c.lower_))]
    if name.pos_ != "PROPN" or name.ent_type_ != "PERSON" or not roles or any(c.dep_ in ("cc", "conj") for c in name.children):
        return None
    return name
