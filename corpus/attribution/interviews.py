"""Whose an interview's unnamed turns are: an "A:" turn is the interviewee's (the one the title or the
introduction names), a "Q:" or "Question:" turn the interviewer's when the introduction names one."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx

if TYPE_CHECKING:
    from corpus.attribution.doc_context import DocContext
    from corpus.attribution.entities import Entity

_INTERVIEW = re.compile(r"(?:" + "|".join(map(re.escape, lx.INTERVIEW_WORDS)) + r")\s+(?:with\s+)?(.+)", re.I)
_ANSWER_LABELS = frozenset({"a", "answer"})  # an interview's answers; "Response:" is anyone's
_QUESTION_LABELS = frozenset({"q", "question"})
_INTERVIEWER_WORDS = frozenset("correspondent reporter journalist interviewer editor host anchor presenter writer "
                               "columnist".split())  # two of them (a writer and a reporter): no one's questions


def interview_turns(ctx: DocContext) -> None:
    """An interview's "A:" turns are the interviewee's, and its "Q:" turns the interviewer's if the
    introduction names one ("She spoke with our correspondent Marco Bellini"), once the names of the
    text are known. A press conference's "Question:" turns stay no one's: many ask them."""
    unnamed = [t for t in ctx.transcript.turns if not t.speaker.name]
    labels = {t.index: re.sub(r"\s*\([^()]*\)", "", t.label.text).strip().lower() for t in unnamed}
    answers = [t for t in unnamed if labels[t.index] in _ANSWER_LABELS]
    questions = [t for t in unnamed if labels[t.index] in _QUESTION_LABELS]
    first = ctx.transcript.turns[0].first if ctx.transcript.turns else 0
    interviewee = _interviewee(ctx, first) if answers or questions else None
    asker = _interviewer(ctx, first, interviewee) if questions else None
    for turns, who in ((answers, interviewee), (questions, asker)):
        if who is not None:
            ctx.turn_entities.update((t.index, who) for t in turns)


def _interviewer(ctx: DocContext, first_turn: int, interviewee: Entity | None) -> Entity | None:
    """The one person the text before the first turn calls a correspondent, reporter, interviewer ..."""
    intro_end = ctx.paras[first_turn].start
    found = [e for e in ctx.table.entities if e.kind == "person" and e is not interviewee
             and e.descriptors & _INTERVIEWER_WORDS and any(p < intro_end for p in e.positions)]
    return found[0] if len(found) == 1 else None


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
