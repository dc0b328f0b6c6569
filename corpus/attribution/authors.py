"""Who writes as "I" in an op-ed or a page of readers' letters: the name that signs each letter
("Michael Pravica." after the letter, a paragraph of its own) or the author's note at the end ("Charlotte
Meehan is playwright-in-residence at Wheaton College"). The writer is someone the text names only
there: a name the article is about is never taken for its author. Also who sent a telegram or a message
that the text then quotes ("Putin sent a telegram ... The telegram said")."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import TokSpan
from corpus.attribution.context import DocContext
from corpus.attribution.entities import Entity
from corpus.attribution.syntax import author, mention_span

if TYPE_CHECKING:
    from spacy.tokens import Token

_SIGNATURE = re.compile(r"^(?:[A-Z][\w'’\-]*\.? ){1,3}[A-Z][\w'’\-]+\.?$")
_NOTE = re.compile(r"^((?:[A-Z][\w'’\-]*\.? ){1,3}[A-Z][\w'’\-]+)(?:,(?: [\w.\-]+){1,3},| \([\w.\-]+\))? "
                   r"(?:is|was|has been) ((?:a|an|the) )?([\w\s\-,]+)")
_NOTE_ROLES = frozenset({"fellow", "playwright", "contributor", "member", "student", "graduate", "editor",
                         "partner", "resident", "veteran", "professor", "columnist", "writer", "author"})
_NOTE_PARAGRAPHS = 3  # an author's note is one of the last paragraphs


def writers(ctx: DocContext) -> list[tuple[int, Entity]]:
    """(paragraph index, writer) for each signature or author's note, in text order."""
    found: list[tuple[int, Entity]] = []
    n = len(ctx.paras)
    for pi, p in enumerate(ctx.paras):
        text = p.text.strip()
        first, *rest = text.splitlines() or [""]
        if _SIGNATURE.match(first.strip()) and len(ctx.paras) > 1 and all(len(r.split()) <= 4 for r in rest):
            name = first.strip().rstrip(".")  # "Jane Doe.", or "Jane Doe.\nSpringfield": a place may follow
        elif pi >= n - _NOTE_PARAGRAPHS and (m := _NOTE.match(text)) and (m.group(2) or _says_role(m.group(3))):
            name = m.group(1)
        else:
            continue
        e = _person_named_only_in(ctx, pi, p.start, name)
        if e is not None:
            found.append((pi, e))
    return found


def _says_role(rest: str) -> bool:
    """Does an author's note say what the writer is ("the Republican governor of Florida",
    "playwright-in-residence at Wheaton College"), not what they did ("was once asked")?"""
    ws = [p for w in rest.lower().replace(",", " ").split()[:6] for p in [w, *w.split("-")]]
    return any(w in lx.ROLE_NOUNS | lx.OCCUPATIONS | _NOTE_ROLES for w in ws)


def _person_named_only_in(ctx: DocContext, pi: int, start: int, name: str) -> Entity | None:
    """The person the NER found at the start of paragraph `pi` (not "Henderson, Nev."), if the text
    names them nowhere else."""
    end = ctx.paras[pi].end
    head = start + len(ctx.paras[pi].text) - len(ctx.paras[pi].text.lstrip()) + len(name)
    e = next((e for e in ctx.table.entities if e.kind == "person" and any(start <= q < head for q in e.positions)), None)
    if e is None or any(not start <= q < end for q in e.positions):
        return None
    return e


def writer_of(found: list[tuple[int, Entity]], pi: int) -> Entity | None:
    """Who writes paragraph `pi` as "I", of the `writers` found: the signature after it (a letter ends
    with its writer's name), else the author's note."""
    after = [e for p, e in found if p >= pi]
    return after[0] if after else None


_SPENDING = frozenset("spend spends spent spending".split())


def sender(ctx: DocContext, noun: str, pi: int, before: int, back: int = 3, forms: frozenset[str] | None = None):
    """Who sent the `noun` ("telegram", "message") the text last said someone sent, in paragraph `pi`
    before token `before` or in the `back` paragraphs before it: (paragraph, the sender's token). With
    `forms`, who put it out by one of those verbs ("The group is running full-page ads", "The parents
    filed a lawsuit")."""
    for p in range(pi, max(-1, pi - back - 1), -1):
        sd = ctx.sdocs[p]
        for t in reversed(sd[:before] if p == pi else sd[:]):
            verb = t.head.lower_ in (forms if forms is not None else lx.PUBLISHING_FORMS)
            head = t.head
            if forms is not None and t.dep_ == "pobj" and head.lower_ == "on" and head.head.lower_ in _SPENDING:
                verb, head = True, head.head  # "will spend nearly $150,000 on a TV ad ... The ad touts"
            elif t.dep_ == "nsubjpass" and verb and t.lower_ in _forms(noun):
                # "an email was sent from the club's executive director, Jeremy Boreing ... The email said"
                by = next((c for c in head.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "from"), None)
                obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
                if obj is not None:
                    return p, obj
                continue
            elif t.dep_ != "dobj":
                continue
            if t.lower_ in _forms(noun) and verb:
                subj = next((x for x in head.children if x.dep_ == "nsubj"), None)
                if subj is not None:
                    return p, subj
    return None


def _forms(noun: str) -> tuple[str, ...]:
    """A noun's singular and plural ("ad", "ads")."""
    return (noun, noun + "s", noun[:-1]) if noun.endswith("s") else (noun, noun + "s")


def maker_named_next(ctx: DocContext, noun: str, pi: int, after: int, ahead: int = 1):
    """Who made the `noun` an indefinite mention left unnamed, when the text names its maker at the noun's
    next mention, in paragraph `pi` after token `after` or in the `ahead` paragraphs after it ("a new poll
    indicates. ... according to a new poll by the Harvard University Institute of Politics"): (paragraph,
    the maker's token). Not another one ("a separate poll by Quinnipiac")."""
    for p in range(pi, min(len(ctx.sdocs), pi + ahead + 1)):
        sd = ctx.sdocs[p]
        for t in (sd[after + 1:] if p == pi else sd[:]):
            if t.lower_ not in _forms(noun) or t.pos_ != "NOUN":
                continue
            if any(x.lower_ in lx.OTHER_ONE_WORDS for x in t.lefts):
                return None
            maker = author(t)
            return (p, maker) if maker is not None else None
    return None


def producer_token(ctx: DocContext, s, noun: str, pi: int):
    """For a poll, an ad, a report or a suit `s` whose maker its own phrase does not name: the token of
    its maker elsewhere in the text, (paragraph, token). "The ads" were put out by whoever the text last
    said ran or aired them; "a new poll" is by whoever its next mention names."""
    lefts = list(s.lefts)
    if not lefts or not all(t.dep_ == "amod" for t in lefts[1:]):
        return None
    if any(e.kind == "org" and e.name.split()[-1].lower() in _forms(noun) for e in ctx.table.entities):
        return None  # "The survey asks" after "the American Community Survey": the one the text named
    if lefts[0].lower_ in ("the", "this", "these"):
        return sender(ctx, noun, pi, s.i, forms=lx.PRODUCING_FORMS)
    if lefts[0].lower_ in ("a", "an"):
        return maker_named_next(ctx, noun, pi, s.i)
    return None


def maker_span(s: Token, maker: Token) -> TokSpan:
    """The name of the maker `maker` of a poll or document `s`: its mention, and before it every capitalised
    word compounding the noun with it ("a Morning Consult Poll", not "Consult")."""
    first, (a, b) = maker.i, mention_span(maker)
    while maker.dep_ == "compound" and first > s.sent.start and s.doc[first - 1].text[:1].isupper() \
            and s.doc[first - 1].dep_ in ("compound", "amod") and s.doc[first - 1].head.i in (s.i, maker.i):
        first -= 1
    return TokSpan(min(first, a), b)
