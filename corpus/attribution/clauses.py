"""Where a clause the parser mis-attaches begins or ends: an adverbial clause before its main clause ("When
Trump suggested that ..., Rubio fired back"), a trailing cue after a comma ("..., the Chicago Tribune
reports."), an -ing cue that describes the letter or report before it ("a letter ... alleging that")."""
from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Token


def reduced_relative_noun(v: Token) -> Token | None:
    """The letter, report or ad an -ing cue with no comma before it follows and describes, where the parser
    hung the cue on the sentence's verb: "Her comments are in response to a letter the Sanders campaign sent
    the DNC on Monday alleging that ..." (the letter alleges, not her comments)."""
    if v.dep_ != "advcl" or v.tag_ != "VBG" or v.i == 0 or v.doc[v.i - 1].is_punct or v.head.i > v.i:
        return None
    nouns = lx.AUTHORED_NOUNS | lx.PRODUCED_NOUNS  # not "went on the record endorsing Trump"
    return next((n for n in v.doc[v.head.i + 1:v.i] if n.lower_ in nouns and n.pos_ == "NOUN" and n.right_edge.i == v.i - 1), None)


def trailing_cue(s: Token) -> bool:
    """Is `s` the subject of a cue that ends its sentence after a comma ("..., the Chicago Tribune reports.")?"""
    v, first = s.head, s.left_edge.i
    return (s.dep_ == "nsubj" and v.lower_ in lx.FORM_TO_LEMMA and s.i < v.i and first > s.sent.start + 2
            and s.doc[first - 1].text == "," and all(t.is_punct for t in s.doc[v.i + 1:s.sent.end]))


def subordinate_before_main(v: Token) -> bool:
    """Is the cue `v` in an adverbial clause that opens with a subordinator ("When ...", "If ...") or a
    participle ("Seeking to ...") and closes with a comma before the clause it modifies?"""
    sd = v.doc
    end = v.right_edge.i + 1
    if v.dep_ != "advcl" or v.head.i <= end or end >= len(sd) or sd[end].text != ",":
        return False
    first = v.left_edge
    return first.lower_ in lx.SUBORDINATORS or (first.i == v.i and v.tag_ in ("VBG", "VBN"))
