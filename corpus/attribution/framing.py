"""Phrases that frame a sentence as someone's words without a verb of saying: "According to X, ...",
"..., according to X" (the longer side of the sentence is what was said); "In his view, ...", "In the words
of one trustee, ..." (what follows the phrase that opens the sentence)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.attribution.candidate import Candidate, CharSpan, TokSpan
from corpus.attribution.syntax import mention_span

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from corpus.attribution.context import DocContext

_VIEW_NOUNS = frozenset({"view", "opinion", "words", "estimation", "judgment", "judgement", "telling"})


def according(ctx: DocContext, pi: int, t: Token, sent: Span) -> Candidate | None:
    """"According to X, ..." and "..., according to X": the longer side of the sentence is the content."""
    sd = t.doc
    to = sd[t.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in t.children if c.dep_ == "pobj"]
    if not objs:
        return None
    s = objs[0]
    src = mention_span(s)
    a_i, b_i = t.i, max(src.b, to.i + 1)
    # the rest of the sentence is the content
    sides = [TokSpan(sent.start, a_i), TokSpan(b_i, sent.end)]
    parts = [ctx.span(pi, x) for x in sides if x.b > x.a]
    parts = [x for x in parts if x.end - x.start > 3]
    if not parts:
        return None
    a, b = max(parts, key=lambda x: x.end - x.start)
    kind = "mixed" if any(a <= x.start and x.end <= b for x in ctx.quotes[pi]) else "indirect"
    cue = CharSpan(ctx.abs(pi, t), ctx.abs(pi, to) + 2)
    return Candidate(a, b, kind, pi, s, ctx.span(pi, src), cue, "according to")


def in_view(ctx: DocContext, pi: int, t: Token, sent: Span) -> Candidate | None:
    """"In his view, the cap is a mistake", "In Bolton's view, ...", "In the words of one trustee, ...": the
    owner of the view speaks the rest of the sentence (the phrase opens it and a comma closes it; not "in
    his words and deeds", "In view of the threats, ..." or "The plant, which, in his opinion, is old, ...")."""
    sd = t.doc
    noun = next((c for c in t.children if c.dep_ == "pobj" and c.lower_ in _VIEW_NOUNS), None)
    if noun is None:
        return None
    if any(not (w.dep_ in ("cc", "advmod") or w.is_punct) for w in sd[sent.start:t.i]):
        return None  # only a phrase that opens its sentence ("But in his view, ..."), not one inside a clause
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    the = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)  # not "In view of the threats"
    of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None) if owner is None and the else None
    owner = owner or next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else owner
    end = t.right_edge.i + 1
    if owner is None or end >= sent.end or sd[end].text != "," or not (
            owner.pos_ in ("PROPN", "PRON") or owner.pos_ == "NOUN" and (pi, owner.i) in ctx.tok_ent or owner.dep_ == "pobj"):
        return None
    a, b = ctx.span(pi, TokSpan(end + 1, sent.end))
    if b - a <= 8:
        return None
    while b > a and ctx.text[b - 1] in ".!?":
        b -= 1
    kind = "mixed" if any(a <= x.start and x.end <= b for x in ctx.quotes[pi]) else "indirect"
    cue = CharSpan(ctx.abs(pi, t), ctx.abs(pi, noun) + len(noun.text))
    src = TokSpan(owner.left_edge.i, owner.i + 1) if owner.dep_ == "poss" else mention_span(owner)  # not its "'s"
    return Candidate(a, b, kind, pi, owner, ctx.span(pi, src), cue, ctx.text[cue.start:cue.end])
