"""Whom a description stands for when the one it fits is not the one the text is about: "the Florida
senator" after Marco Rubio appeared with a senator from Iowa, "the governor" long after the governor the
text named first. The person in focus (`EntityTable.in_focus`) wins when the description does not rule
them out."""
from __future__ import annotations

from collections.abc import Callable

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import Candidate
from corpus.attribution.context import DocContext
from corpus.attribution.descriptions import description_score, description_words, holds_role, place_fit, words
from corpus.attribution.entities import Entity
from corpus.attribution.places import place_kind

_COMPLEMENTS = frozenset({"dobj", "dative", "iobj", "ccomp", "xcomp", "attr", "oprd"})


def clause_mates(ctx: DocContext, c: Candidate) -> frozenset[int]:
    """The people the clause of a subject description names outside it, whom it cannot be: "The President
    congratulated Mr Assad" is not Assad, though the text calls him "President of Syria"."""
    s = c.src_tok
    if s is None or s.dep_ not in ("nsubj", "nsubjpass"):
        return frozenset()
    # what the verb says of its subject after it (objects, complements), not a clause before the subject
    # ("when the AP asked Bennett ..., the campaign manager said" may be Bennett)
    verbs = [s.head] + [k for k in s.head.children if k.dep_ == "conj" and k.pos_ in ("VERB", "AUX")]  # "noted ... and wished Mr X"
    after = [k for v in verbs for k in v.children if k.i > s.i and k.dep_ in _COMPLEMENTS]
    ents = [ctx.entity_at(c.par, t) for k in after for t in k.subtree if t.pos_ == "PROPN"
            and not (t.dep_ == "appos" and t.head.pos_ == "PRON")]  # "that he, Christie, was": the same one
    # nor the subject of the clause this one is reported by or hangs on: "Becky Quick said the billionaire
    # front-runner had ...", "Mr. Trump took on Clinton after the Democratic front-runner had said"
    if s.head.dep_ in ("ccomp", "advcl") and s.head.head is not s.head:
        ents += [ctx.entity_at(c.par, k) for k in s.head.head.children if k.dep_ == "nsubj" and k.i < s.head.i
                 and k.pos_ == "PROPN"]  # that subject alone: "Tad Devine, a top adviser to Sanders, said" is not Sanders
    # nor the one a role serves: "A spokesman for candidate Hillary Clinton called ..." is not Clinton
    # (not a title before a name the parser hangs on its "of": "Head of ExxonMobil Development Neil Duffin")
    ents += [ctx.entity_at(c.par, o) for p in s.children if p.dep_ == "prep" and p.lower_ in ("for", "to")
             and s.text.islower() for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
    return frozenset(e.id for e in ents if e is not None and e.kind == "person")


def first_described(ctx: DocContext, c: Candidate, mention: str) -> str:
    """Of a joint subject of two descriptions, the first: "The President and the Acting Governor discussed"
    (not two titles of one person: "former Pennsylvania Gov. and DNC Chairman Ed Rendell")."""
    s = c.src_tok
    assert s is not None and c.mention is not None, "a source token comes with its mention"
    if any(t.dep_ == "conj" and any(k.dep_ == "det" for k in t.children) for t in s.children):
        return ctx.text[c.mention[0]:ctx.abs(c.par, s) + len(s.text)]
    return mention


def by_kind(ctx: DocContext, c: Candidate, floor: Entity | None, unnamed: Callable[[str, int], bool]) -> Entity | None:
    """A person the text describes with "the" by what the role lists do not hold:
    - a title the text gave one person just before their name ("Moroccan midfielder Youssef El Amrani ...
      the midfielder");
    - a creed or a calling ("Sanders visited Missouri. The self-described democratic socialist said"), an
      age ("the 23-year-old") or a nationality ("the Spaniard"): the one the text is about just then.
    Not someone the text brought in unnamed by that word (`unnamed`: "a nurse ... The nurse")."""
    s = c.src_tok
    assert s is not None and c.mention is not None, "a source token comes with its mention"
    low, pos = s.lower_, c.mention[0]
    det = [k for k in s.lefts if k.dep_ == "det"]
    if ([k.lower_ for k in det] != ["the"] or any(k.dep_ == "poss" for k in s.lefts)
            or low in lx.NOT_SOURCES or unnamed(low, pos) or (c.par, det[0].i) in ctx.tok_ent):
        return None  # not a name with its article ("The Tennessean first reported")
    if s.pos_ == "NOUN" and s.tag_ == "NN" and low not in lx.AUTHORED_NOUNS | lx.EVIDENCE_NOUNS | lx.PRODUCED_NOUNS:
        # a capitalised title of two or three words ("Moroccan midfielder"), not "her 2003 book"
        ws, mates = description_words(ctx.text[c.mention[0]:c.mention[1]]), clause_mates(ctx, c)
        titled = [e for e in ctx.table.entities if e.kind == "person" and e.id not in mates and any(
            words(a)[-1:] == [low] and 2 <= len(a.split()) <= 3 and a[:1].isupper() for a in e.aliases)
            and not ctx.table.conflict(ws, e)]  # "the GOP front-runner said Democratic front-runner Clinton"
        if len(titled) == 1 and titled[0] is not floor:
            return titled[0]
    age = low == "old" and any(k.lower_ == "year" for k in s.lefts)
    # a country's people ("the Spaniard", "the Brazilian"), not a state's, which may be a newspaper's name
    # ("The Tennessean first reported")
    people = s.tag_ == "NNP" and not low.endswith("s") and (
        s.ent_type_ == "NORP" and place_kind("NORP", s.text) not in (None, "region") or low.endswith(("ard", "ese")))
    creed = s.pos_ == "NOUN" and s.tag_ == "NN" and low.endswith(("ist", "ian"))
    if not (age or people or creed):
        return None
    e = ctx.table.in_focus(min(pos, c.start))  # after a quote: whom the text was about when it began
    ws = description_words(ctx.text[c.mention[0]:c.mention[1]])
    return e if e is not None and e is not floor and not ctx.table.conflict(ws, e) else None


def described(ctx: DocContext, c: Candidate) -> str:
    """The description a source phrase gives, up to its head noun ("The British leader", not "... in
    his turn"), with a place its head is "of" ("the President of Russia")."""
    s, pi = c.src_tok, c.par
    assert s is not None and c.mention is not None, "a source token comes with its mention"
    end = s
    for prep in (t for t in s.rights if t.dep_ == "prep" and t.lower_ == "of"):
        obj = next((t for t in prep.children if t.dep_ == "pobj"), None)
        place = description_words(obj.doc[obj.left_edge.i:obj.right_edge.i + 1].text) if obj is not None else []
        if obj is not None and place and all(w in ctx.table.places for w in place):
            end = obj.right_edge
    return ctx.text[c.mention[0]:ctx.abs(pi, end) + len(end.text)]


def in_focus_instead(ctx: DocContext, e: Entity, mention: str, head: str, pos: int, floor: Entity | None,
                     exclude: frozenset[int] = frozenset()) -> Entity:
    """A description that fits `e` only in part ("the Florida senator" for a senator from Iowa) is the
    person the text is about just then, if the description does not rule them out: "Marco Rubio
    appeared with Sen. Joni Ernst of Iowa. The Florida senator said ..." is Rubio. `mention` is the
    description (see `described`), `head` its head noun; no one of `exclude` (see `clause_mates`)."""
    ws = description_words(mention)
    # "the former president" is not the one the text calls president and never former ("Bill Clinton
    # got in on the game ... “... President Obama and me ...,” the former president said")
    former = "former" in words(mention) and not any("former" in words(a) for a in e.aliases)
    if not former and (len(ws) < 2 or all(description_score([w], e.descriptors) for w in ws)):
        return _stale_instead(ctx, e, ws, head, pos, floor, exclude)
    if place_fit(ws, e, ctx.table.places):
        return e  # the country it names is theirs: "the King of Saudi Arabia" for Saudi Arabia's Salman
    g = "f" if head in lx.FEMALE_ROLES else "m" if head in lx.MALE_ROLES else None
    focus = ctx.table.in_focus(pos, gender=g, exclude=exclude)
    if focus is None or focus is e or focus is floor or ctx.table.conflict(ws, focus):
        return e
    if not description_score([head], focus.descriptors) and holds_role(focus.descriptors - lx.POLITICAL_ROLES):
        return e  # the one in focus has a role of their own, and it is not this one ("the Russian
        #           President" after the IMF's managing director is still the president); running for
        #           an office is no such role ("Democratic candidate Bernie Sanders ... The Vermont senator")
    return focus


def _stale_instead(ctx: DocContext, e: Entity, ws: list[str], head: str, pos: int, floor: Entity | None,
                   exclude: frozenset[int]) -> Entity:
    """A bare role ("the governor") that fits `e`, whom the text has not named for sentences, is the
    person it is about just then when nothing is known of their role: "Chris Christie talked about the
    programs he implemented in New Jersey. The governor claimed" is Christie, not the governor Jeb Bush
    named paragraphs before."""
    t = ctx.table
    here = t.sentence_of(pos)
    # last named, or last a "he"/"she" stood for them ("Ostrovsky noted ... he will run again")
    seen = max([t._last_seen(e, pos)] + [p for p, eid, _ in t.timeline if eid == e.id and p < pos])
    if seen < 0:
        # not named yet: "Trump would become the Republican candidate ... The GOP candidate has insisted"
        # is Trump, in focus and a candidate, not Jeb Bush, "Republican presidential candidate" pages on
        g = "f" if head in lx.FEMALE_ROLES else "m" if head in lx.MALE_ROLES else None
        focus = t.in_focus(pos, gender=g, exclude=exclude)
        if (focus is not None and focus is not e and focus is not floor and description_score([head], focus.descriptors)
                and not t.conflict(ws, focus)):
            return focus
    if here - t.sentence_of(seen) <= ctx.config.stale_sentences or any(t.sentence_of(p) == here for p in e.positions):
        return e  # named just before, or in its sentence ("the previous Republican nominee, Mitt Romney,")
    g = "f" if head in lx.FEMALE_ROLES else "m" if head in lx.MALE_ROLES else None
    focus = t.in_focus(pos, gender=g, exclude=exclude)
    if focus is None or focus is e or focus is floor or holds_role(focus.descriptors) or (
            e.gender and focus.gender and e.gender != focus.gender):
        return e
    return focus


def candidate(ctx: DocContext, gender: str | None, mention: str, exclude: frozenset[int] = frozenset(),
              pos: int | None = None) -> Entity | None:
    """"The Democratic nominee" that nothing in the text binds: the first person the headline names
    (the article is about them), unless the text gives them another party or a role that is not a
    candidate's (a judge, a spokesman); else the one in focus at `pos` who can be one ("Donald Trump ...
    listed an NBC show as his guilty pleasure. ¶ “...,” the billionaire business mogul told People"), else
    the most prominent person who can be one."""
    title = ctx.doc.title or (ctx.paras[0].text if len(ctx.paras) > 1 else "")
    at = {e.id: min((title.find(n) for n in e.names if n in title), default=-1)
          for e in ctx.table.fitting(gender=gender, description=mention, not_roles=lx.NOT_CANDIDATES, exclude=exclude)}
    in_title = [e for e in ctx.table.entities if at.get(e.id, -1) >= 0]
    if in_title:
        return min(in_title, key=lambda e: at[e.id])
    focus = ctx.table.in_focus(pos, gender=gender, exclude=exclude) if pos is not None else None
    ws = description_words(mention)  # not when the description fits someone else better ("the Republican nominee")
    if focus is not None and focus.id in at and description_score(ws, focus.descriptors) >= max(
            description_score(ws, e.descriptors) for e in ctx.table.entities if e.id in at):
        return focus
    return ctx.table.prominent(gender=gender, description=mention, not_roles=lx.NOT_CANDIDATES, exclude=exclude)
