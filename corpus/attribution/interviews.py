"""Whose an interview's unnamed turns are: an "A:" turn is the interviewee's (the one the title or the
introduction names)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx

if TYPE_CHECKING:
    from corpus.attribution.doc_context import DocContext
    from corpus.attribution.entities import Entity

_INTERVIEW = re.compile(r"(?:" + "|".join(map(re.escape, lx.INTERVIEW_WORDS)) + r")\s+(?:with\s+)?(.+)", re.I)
_ANSWER_LABELS = frozenset({"a", "answer"})  # an interview's answers; "Response:" is anyone's


def interview_turns(ctx: DocContext) -> None:
    """An interview's "A:" turns are the interviewee's, once the names of the text are known."""
    answers = [t for t in ctx.transcript.turns if not t.speaker.name and re.sub(
        r"\s*\([^()]*\)", "", t.label.text).strip().lower() in _ANSWER_LABELS]
    interviewee = _interviewee(ctx, ctx.transcript.turns[0].first) if answers else None
    if interviewee is None:
        return
    for t in answers:
        ctx.turn_entities[t.index] = interviewee


def _interviewee(ctx: DocContext, first_turn: int) -> Entity | None:
    """The person an interview is with: the one its title names after "interview with", else the
    one person the title names ("Laura Bush sees hope ..."), else the one person the text before
    the first turn names."""
    title = ctx.doc.title or (ctx.paras[0].text if first_turn > 0 else "")
    m = _INTERVIEW.search(title)
    named = [e for e in ctx.table.entities if e.kind == "person"]
    if m:
        hit = next((e for e in named if any(n in m.group(1) for n in e.names)), None)
        if hit is not None:
            return hit
    in_title = [e for e in named if any(len(n.split()) >= 2 and re.search(rf"\b{re.escape(n)}\b", title)
                                        for n in e.names)]
    if len(in_title) == 1:
        return in_title[0]
    intro_end = ctx.paras[first_turn].start
    intro = [e for e in named if any(p < intro_end for p in e.positions)]
    return intro[0] if len(intro) == 1 else None
