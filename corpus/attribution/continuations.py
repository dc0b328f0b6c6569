"""Statements no cue claims: quotes without a cue, and sentences that go on in a speaker's voice.

A quote with no cue of its own joins the statement it touches (“A.” “B,” he said), continues the
speaker of its paragraph (or of the previous paragraph when the quote carries over), or is signed
("“...” ― Karen Bobadilla") or introduced ("Here's Clinton in 1992: “...”"). An unquoted first-person
sentence right after a statement continues it, unless the author writes as "I" or "we" elsewhere.
In a report (a press release in reported speech: no quotation marks, no transcript turns), the
sentences and paragraphs after a person's statement that name no one else acting go on with that
person's briefing ("Mr Kudrin reported that ... | Revenues grew by 5 percent.").
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import Candidate, CharSpan, TokSpan
from corpus.attribution.context import DocContext
from corpus.attribution.cues import GAP_ONLY
from corpus.attribution.entities import HONORIFIC_WORDS
from corpus.attribution.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token

_FIRST_PERSON = re.compile(r"\b(?:" + "|".join(lx.FIRST_PERSON) + r")\b")
_CHAINING = re.compile(r"(?:" + "|".join(lx.CHAINING_WORDS) + r")\b")
# “...” ― Karen Bobadilla.  (the signature ends the paragraph, or a sentence or quote follows it)
_DASH_SIGNATURE = re.compile(r"^\s*[―—–]\s*(?P<name>[A-Z](?:[\w'’\-]+|\.)?(?:[ \t]+[A-Z](?:[\w'’\-]+|\.)?){0,3})"
                             r"[ \t]*(?:[.,]?\s*$|[.,]\s+(?=[“\"A-Z])|\s*(?=[“\"]))")


def unclaimed_quotes(ctx: DocContext, pi: int, cands: list[Candidate],
                     prev_last: Candidate | None) -> list[Candidate]:
    """Paragraph `pi`'s candidates `cands` (a direct one extended over the quotes that touch it), then
    new ones for the quotes no cue claimed; `prev_last` is the previous paragraph's last statement."""
    cands = list(cands)
    out: list[Candidate] = []
    for x in ctx.quotes[pi]:
        if any(c.start <= x.start < c.end or x.start <= c.start < x.end for c in cands + out):
            continue
        if x.single:
            intro = _colon_intro(ctx, pi, x)  # "Warren Hammers Wells Fargo CEO: ‘You Should Be ...’"
            if intro is not None:
                out.append(intro)
            continue
        inner = ctx.text[x.start:x.end]
        sig = _DASH_SIGNATURE.match(ctx.text[x.end:ctx.paras[pi].end])
        if sig and sig.group("name").split()[0].lower().rstrip(".") not in HONORIFIC_WORDS:
            # “...” ― Jacklyn Ashley
            a = x.end + sig.start("name")
            out.append(Candidate(x.start, x.end, "direct", pi, mention=CharSpan(a, x.end + sig.end("name")),
                                 cue=CharSpan(x.end, a), cue_text="―", label=sig.group("name")))
            continue
        intro = _colon_intro(ctx, pi, x)
        if intro is not None:
            out.append(intro)
            continue
        before = [c for c in cands + out if c.end <= x.start and c.par == pi]
        after = [c for c in cands if c.start >= x.end]
        owner = None
        if before:
            owner = max(before, key=lambda c: c.end)
        elif (x.continued or (x.start - ctx.paras[pi].start) < 3) and prev_last is not None and prev_last.kind != "indirect":
            owner = prev_last
        elif after and x.closed:
            owner = min(after, key=lambda c: c.start)
        if owner is None or len(inner.split()) < ctx.config.min_quote_words or _embedded_title(ctx, pi, x, inner):
            continue
        # “A.” “B,” he said: a quote that touches its owner's quotes joins that statement
        if owner.par == pi and owner.kind == "direct" and GAP_ONLY.match(ctx.text[owner.end:x.start] if owner.end <= x.start else "x"):
            # the owner is one of this paragraph's (a candidate of an earlier one ends before x: see
            # the `before` and `prev_last` cases), and keeps its key, so its followers keep their speaker
            group = cands if any(c is owner for c in cands) else out
            group[next(k for k, c in enumerate(group) if c is owner)] = replace(owner, end=x.end)
            continue
        out.append(Candidate(x.start, x.end, "direct", pi, follows=owner))
    return cands + out


def _embedded_title(ctx: DocContext, pi: int, x: Quote, inner: str) -> bool:
    """A quoted name inside a sentence, not words someone said: a show or a book in title case
    ("on this weekend's broadcast of “Fox News Sunday,”"), or a phrase a determiner or
    preposition leads into ("to his "Keepin' It Real" show", "a "targeted employment area"")."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", inner)
    if words and len(words) <= 8 and all(w[0].isupper() or w.lower() in lx.TITLE_SMALL_WORDS for w in words) \
            and words[0][0].isupper() and not re.search(r"[.!?]\s+\S", inner.strip(" “”\"'‘’,.")):
        return True
    before = ctx.text[max(ctx.paras[pi].start, x.start - 40):x.start]
    m = re.search(r"([A-Za-z]+)[ \t]*$", before)
    return m is not None and m.group(1).lower() in lx.EMBEDDING_WORDS and not re.search(r"[.:!?]\s*$", before)


def _colon_intro(ctx: DocContext, pi: int, x: Quote) -> Candidate | None:
    """ "Here's Clinton in December 1992: “...”" / "Pollsters agree - Carl Bialik: “...”"."""
    p, sd = ctx.paras[pi], ctx.sdocs[pi]
    k = x.start
    while k > p.start and ctx.text[k - 1].isspace():
        k -= 1
    if k == p.start or ctx.text[k - 1] != ":":
        return None
    colon = k - 1
    toks = [t for t in sd if ctx.abs(pi, t) < colon]
    # the intro: back to the previous sentence end
    intro: list[Token] = []
    for t in reversed(toks):
        if t.text in (".", "!", "?") and intro:
            break
        intro.insert(0, t)
    names = [t for t in intro if (pi, t.i) in ctx.tok_ent and ctx.tok_ent[(pi, t.i)].label_ in ("PERSON", "ORG")]
    if not names or len(intro) > 14:
        return None
    ent = ctx.tok_ent[(pi, names[-1].i)]
    a = ctx.abs(pi, ent[0])
    return Candidate(x.start, x.end, "direct", pi, ent.root, CharSpan(a, a + len(ent.text)), CharSpan(colon, colon + 1),
                     ":")


def author_voice(ctx: DocContext, per_par: list[list[Candidate]]) -> bool:
    """Does the document speak in the first person outside quotes, away from any statement?"""
    for pi, sd in enumerate(ctx.sdocs):
        for sent in sd.sents:
            a = ctx.abs(pi, sent[0])
            b = ctx.abs(pi, sent[-1]) + len(sent[-1].text)
            first = [t for t in sent if t.lower_ in lx.AUTHOR_PRONOUNS and t.pos_ == "PRON"
                     and not ctx.in_quote(pi, ctx.abs(pi, t))]
            if not first:
                continue
            if any(c.start < b and a < c.end for c in per_par[pi]):
                continue
            if any(c.end <= a for c in per_par[pi]):
                continue  # after a statement in its paragraph: a continuation, not the author
            return True
    return False


def is_report(ctx: DocContext) -> bool:
    """A press release written in reported speech: no transcript turns and no quotation marks, so
    what a briefing says is told sentence after sentence without a cue of its own."""
    return not ctx.transcript and not any(ctx.quotes)


def someone_acts(ctx: DocContext, pi: int, toks) -> bool:
    """Do the tokens `toks` of paragraph `pi` have a person as a subject: a name, a role ("The
    President", "the Governor") or a personal pronoun? Then the text reports what that person does,
    not what a briefing goes on to say."""
    for t in toks:
        if t.dep_ not in ("nsubj", "nsubjpass") or ctx.in_quote(pi, ctx.abs(pi, t)):
            continue
        ent = ctx.tok_ent.get((pi, t.i))
        if (ent is not None and ent.label_ == "PERSON") or t.lower_ in lx.PRONOUNS_HE | lx.PRONOUNS_SHE \
                or t.lower_ in lx.PRONOUNS_FIRST or t.lower_ in lx.ROLE_NOUNS or t.lower_.rstrip(".") in lx.HONORIFICS \
                or (t.pos_ == "PROPN" and ent is None):
            return True
    return False


def opens_briefing(c: Candidate) -> bool:
    """Does `c` (or the statement it goes on with) open a briefing: is its cue a verb of briefing
    ("reported", "informed", "briefed"), not a plain "said"?"""
    while c.follows is not None:
        c = c.follows
    return c.cue_text is not None and c.cue_text.lower() in lx.BRIEFING_FORMS


def briefings(ctx: DocContext, per_par: list[list[Candidate]]) -> None:
    """In a report, each paragraph without a statement of its own that follows a statement and names
    no one acting goes on with that statement's briefing (added to `per_par`); a briefing ends at
    the next statement, at a paragraph where someone acts, and at the end. Whether the statement is
    a person's is known only once sources are resolved: the engine drops the others."""
    owner = None
    for pi, cs in enumerate(per_par):
        if cs:
            owner = max(cs, key=lambda c: c.end)
            continue
        p = ctx.paras[pi]
        words = p.text.split()
        if owner is None or not opens_briefing(owner) or len(words) < 5 or not re.search(r"[.!?…]\s*$", p.text) or someone_acts(
                ctx, pi, ctx.sdocs[pi]):
            owner = None
            continue
        a, b = ctx.span(pi, TokSpan(0, len(ctx.sdocs[pi])))
        cs.append(Candidate(a, p.start + len(p.text.rstrip()), "indirect", pi, follows=owner, briefing=True))


def continuations(ctx: DocContext, pi: int, cands: list[Candidate], report: bool = False) -> list[Candidate]:
    """Unquoted sentences that go on in the speaker's own voice right after a statement; in a report,
    also a sentence that names no one acting (a briefing goes on)."""
    out: list[Candidate] = []
    last = None
    for sent in ctx.sdocs[pi].sents:
        a, b = ctx.span(pi, TokSpan(sent.start, sent.end))
        if b <= a:
            continue
        owner = [c for c in cands + out if c.end <= a + 1 and c.start < a]
        overl = [c for c in cands if c.start < b and a < c.end or (c.cue and a <= c.cue.start < b)]
        if overl or ctx.in_quote(pi, a) or any(ctx.in_quote(pi, ctx.abs(pi, t)) for t in sent[:1]):
            last = None if not overl else last
            continue
        prev = max(owner, key=lambda c: c.end) if owner else None
        if prev is None:
            continue
        between = ctx.text[prev.end:a]
        if len(between.strip(" \t,.;:”\"’")) > 0:
            last = None
            continue
        s_text = ctx.text[a:b]
        outside = _FIRST_PERSON.search(s_text)
        chained = last is not None and prev is last and _CHAINING.match(s_text)
        briefing = report and not outside and opens_briefing(prev) and len(sent) > 4 and not someone_acts(ctx, pi, sent)
        if outside or chained or briefing:
            c = Candidate(a, b, "indirect", pi, follows=prev, briefing=briefing and not (outside or chained))
            out.append(c)
            last = c
        else:
            last = None
    return out
