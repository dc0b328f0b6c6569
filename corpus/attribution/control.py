"""Who the parser leaves out as a verb's subject: the object a "to" clause hangs on ("a win that led her to
declare"), and the head of a hyphenated word it split into subjects ("His co-author, Hannah Stroud, said")."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# (word forms: the pipeline runs without a lemmatizer)
_CAUSING = frozenset("""lead leads led leading prompt prompts prompted prompting cause causes caused causing spur spurs
spurred spurring drive drives drove driven driving inspire inspires inspired inspiring forced compelled""".split())


def object_controller(cur: Token) -> Token | None:
    """The person a "to" clause hangs on as its verb's object: "a win that led her to declare that ...",
    "prompted Sanders to say": she declares (not "used the speech to say", nor "called her to say")."""
    if cur.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
        return None
    head = cur.head
    # verbs that say the clause came about ("led her to declare"), not that someone was asked to ("urged Mr.
    # Sessions to tell", "asked her to call": no one has said anything yet); "forced" in the past only
    if head.pos_ != "VERB" or head.lower_ not in _CAUSING or head.lower_ in ("forced", "compelled") and head.tag_ != "VBD":
        return None
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < cur.i), None)
    if obj is None:
        return None
    if obj.tag_ == "PRP" and obj.lower_ in ("him", "her") or obj.ent_type_ == "PERSON" and obj.pos_ == "PROPN":
        return obj
    return None


def hyphen_end(c: Token) -> Token:
    """ "His co-author, Hannah Stroud, said": the parser may make each piece of a hyphenated word a subject of
    its own; the last piece is the word's head."""
    sd = c.doc
    while (c.i + 2 < len(sd) and not c.whitespace_ and sd[c.i + 1].text == "-" and not sd[c.i + 1].whitespace_
           and sd[c.i + 2].head.i == c.head.i and sd[c.i + 2].dep_ == c.dep_):
        c = sd[c.i + 2]
    return c
