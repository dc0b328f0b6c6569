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


_AS_CUES = frozenset({"say", "tell", "add", "write", "note", "explain", "argue", "claim", "insist", "declare", "state",
                      "warn", "remark", "recall", "stress", "emphasize", "emphasise", "acknowledge", "admit", "concede",
                      "report", "predict", "suggest", "observe", "point", "put", "show"})


def as_clause(v: Token, lemma: str | None) -> tuple[int, int] | None:
    """The main clause a cue in a clause opened by "as" before it or inside it reports, as token offsets: "As
    The Post's Ruth Marcus puts it, Obama is trying ...", "As Smith noted, the plan is dead", "And that, as
    Trump points out, is quite a bit" (not "As Clinton spoke, protesters chanted": a verb that takes no
    content; not "As he said he would, ...": a clause of its own)."""
    sd = v.doc
    end = v.right_edge.i  # the comma that closes the clause, whether the parser hung it (or a quote mark) on the cue or not
    while end > v.i and sd[end].is_punct and sd[end].text != ",":
        end -= 1
    end += sd[end].text != ","
    if lemma not in _AS_CUES or v.dep_ != "advcl" or v.head.i <= end or end >= len(sd) or sd[end].text != ",":
        return None
    first = v.left_edge
    if first.lower_ != "as" or not any(c.dep_ == "mark" and c.i == first.i for c in v.children):
        return None
    if lemma == "say" and v.tag_ in ("VBP", "VBZ") and any(c.dep_ == "nsubj" and c.lower_ in ("they", "we", "you", "people", "one")
                                                          for c in v.children):
        return None  # "as they say, trouble never comes singly": a saying, no one's statement
    objs = [c for c in v.children if c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "oprd")]
    if lemma == "put" and [c.lower_ for c in objs] != ["it"] or lemma != "put" and any(c.dep_ != "dobj" or lemma != "tell" for c in objs):
        return None
    b = v.head.right_edge.i + 1
    while b > end + 1 and sd[b - 1].is_punct and sd[b - 1].text not in ("”", '"', "''"):
        b -= 1
    # "And that, as Trump points out, is quite a bit": the main clause's subject before the cue's clause too
    # (not "Of course, as Joel Pollak observed, the biggest victor ...": an adverbial before it)
    close = next((t for t in sd[max(0, first.i - 2):first.i] if t.text in ("”", '"', "''")), None)
    if close is not None:  # "the race “is a dead heat right now,” as Cruz said, ...": he said the quote
        opening = next((t for t in reversed(sd[max(0, close.i - 60):close.i]) if t.text in ("“", '"', "``")), None)
        return (opening.i, close.i + 1) if opening is not None else None
    subj = next((c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < v.left_edge.i), None)
    a = subj.left_edge.i if subj is not None and sd[subj.right_edge.i + 1].text == "," else end + 1
    a = max([a] + [t.i + 1 for t in sd[a:v.left_edge.i] if t.text == ":"])  # not a turn's label ("Vladimir Putin: ...")
    return (a, b) if b - end > 3 else None
