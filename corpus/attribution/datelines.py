"""A wire story's dateline ("NAIROBI, Kenya (AP) — Nurses said ...", "MANCHESTER, N.H. - At a ...") is
where it was filed, not who speaks: the parser often makes the city the subject of the first sentence's
verb. The subject is the phrase after the dash."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution.context import DocContext

if TYPE_CHECKING:
    from spacy.tokens import Token

_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’\-/]+(?: [A-Z][A-Z.'’\-/]+){0,3}(?:,[^—–\n]{1,40}?)?(?: ?\([A-Za-z.]{1,20}\))?"
                       r" ?(?:—|–|--| -) ?")


def dateline_end(ctx: DocContext, pi: int) -> int | None:
    """Where the dateline that opens paragraph `pi` ends (an absolute offset), if it opens with one."""
    m = _DATELINE.match(ctx.paras[pi].text)
    return ctx.paras[pi].start + m.end() if m is not None and len(m.group().split()[0].strip(",.")) > 1 else None


def subject_after_dateline(ctx: DocContext, pi: int, v: Token, s: Token) -> Token:
    """The subject of cue `v` when the parser took the dateline's city `s` for it: the head of the first
    noun phrase after the dash that hangs on the city or is a subject ("Nurses and clinical officers ...
    said"); else `s` as it was."""
    end = dateline_end(ctx, pi)
    if end is None or ctx.abs(pi, s) >= end:
        return s
    for t in v.sent:
        if ctx.abs(pi, t) < end or t.i >= v.i or t.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        while t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN") and ctx.abs(pi, t.head) >= end and t.head.i < v.i:
            t = t.head
        if ctx.abs(pi, t.head) < end or t.dep_ in ("nsubj", "nsubjpass") and (t.head.i == v.i or t.head in v.ancestors):
            # ("Three families have sued Kestrel, alleging ...": the subject of the verb the cue hangs on)
            return t
        break
    return s
