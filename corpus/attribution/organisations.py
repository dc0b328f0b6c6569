"""Organisations a description stands for: "the newspaper", "the company", "a major climate group"."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.context import DocContext
from corpus.attribution.datelines import dateline_end
from corpus.attribution.descriptions import words
from corpus.attribution.entities import Entity

if TYPE_CHECKING:
    from spacy.tokens import Token


def org_description(ctx: DocContext, head: str, mention: str, pos: int, compounds: tuple[str, ...] = ()) -> Entity | None:
    """ "The company said", "the newspaper reported": the organisation of that kind the text named last; with
    `compounds` (the nouns before the head: "the state budget office"), only one whose name has one of them."""
    if head == "administration" and words(mention) == ["the", "administration"] and (e := _administration(ctx, pos)) is not None:
        return e
    orgs = [e for e in ctx.table.entities if e.kind == "org" and e.positions and min(e.positions) < pos]
    # "the state" is a place the text named; "the union" or "the agency" is not
    if head not in lx.GOVERNMENT_NOUNS:
        orgs = [e for e in orgs if e.place == (head in lx.PLACE_NOUNS)]
    orgs = [e for e in orgs if _kind_fits(head, e) and not _modifier_only(ctx, e)]
    if head == "government":
        # a country, state or city, or a body whose name says it is one; not a newspaper or a water board, nor the
        # city a wire story was filed from ("OSLO, March 3 (Reuters) -")
        filed = [(p.start, end) for pi, p in enumerate(ctx.paras[:3]) if (end := dateline_end(ctx, pi)) is not None]
        orgs = [e for e in orgs if e.place and not all(any(a <= x < b for a, b in filed) for x in e.positions)
                or _kinds(e) & lx.GOVERNMENT_NOUNS]  # not a ministry or an agency either: "the Government" is the cabinet
        places = ctx.table.places
        mine = {k for w in words(mention) if w in places for k in places[w]} - {"region"}
        if mine:  # "the Turkish government": Turkey's, or no one the text names
            orgs = [e for e in orgs if mine & {k for n in e.names for w in words(n) if w in places for k in places[w]}]
    if compounds:
        orgs = [e for e in orgs if set(compounds) & {w for n in [*e.names, *e.aliases] for w in words(n)}]
    here = ctx.table.sentence_of(pos)
    typed = [e for e in orgs if any(w == head and p < pos and here - ctx.table.sentence_of(p) <= 3
                                    for p, w in e.kinds)]
    if typed:
        orgs = typed  # "Family Circle magazine ... The magazine said": what the text just called one
    elif head in lx.MEDIA_NOUNS and head not in lx.MEDIA_KINDS and (quoted := _just_quoted(ctx, pos, orgs)) is not None:
        orgs = [quoted]  # "Politifact examined the charge ... The news service pointed to"
    elif head in lx.MEDIA_NOUNS:
        news = [e for e in orgs if any(w in lx.NEWS_WORDS for n in e.names for w in words(n))]
        fits = lx.MEDIA_KINDS.get(head)
        if fits:
            # "the newspaper" is the Orlando Sentinel, not the Associated Press or CNN quoted since
            kinds = {e.id: {k for k, ws in lx.MEDIA_KINDS.items() if ws & {w for n in e.names for w in words(n)}}
                     for e in orgs}
            named = [e for e in orgs if head in kinds[e.id]]
            news = named or [e for e in news if not kinds[e.id]]
        if not news:
            # "Zero Hedge asked, ... The website noted": the organisation just quoted
            last = ctx.table.salient(pos, kinds=("org",), window=ctx.config.media_window, roles=("source",))
            news = [last] if last is not None and not last.place else []
        orgs = news
    elif head not in lx.PLACE_NOUNS:
        named = [e for e in orgs if any(head in words(n) for n in e.names)]
        # else, for a company or a group, one whose name says it is of that kind ("Helvix Pharma", not its
        # drug Corvadel or the newspaper Le Quotidien, is "the company"; not for "the agency", "the campaign",
        # "the union": bodies of several kinds, where a name of no kind is as likely)
        lines = [k for k in lx.ORG_KINDS if head in k]
        if lines and all("group" in k or "company" in k for k in lines):
            named = named or [e for e in orgs if _kinds(e) & frozenset().union(*lines)]
        if named:
            orgs = named
        elif head == "campaign":
            return None
    if not orgs:
        return None
    # the one that spoke or was the subject in this sentence or the one before ("Nordhavn Shipping said it
    # had agreed to acquire Kestrel Lines ... The company said": Nordhavn), else the one named last
    focus = ctx.table.salient(pos, kinds=("org",), roles=("source", "subject"))
    seen = max((p for p, i, _ in ctx.table.timeline if focus is not None and i == focus.id and p < pos), default=-1)
    recent = focus is not None and here - ctx.table.sentence_of(seen) <= 1
    bare = words(mention) == ["the", head]  # not "The Mexican government" after the United States
    e = max(orgs, key=lambda e: max(p for p in e.positions if p < pos))
    if focus is not None and bare and recent and any(focus is o for o in orgs):
        e = focus
    elif bare and e.place and (head in lx.PLACE_NOUNS or head in lx.GOVERNMENT_NOUNS):
        # "Ethiopia held elections ... won seats on the City Council in Addis Ababa. ... the government
        # denied": the place that acted lately, not one where something happened
        ids = {o.id for o in orgs}
        acted = next((ctx.table.entities[i] for p, i, role in reversed(ctx.table.timeline) if p < pos and i in ids
                      and role in ("source", "subject") and here - ctx.table.sentence_of(p) <= 3), None)
        if acted is not None and acted.place:
            e = acted
    e.add_alias(mention)
    return e


def _administration(ctx: DocContext, pos: int) -> Entity | None:
    """ "the Obama administration ... The administration said": the administration of the person the text last
    named one after (the NER finds the person, not the body)."""
    for m in reversed(list(re.finditer(r"\b([A-Z][\w’'\-]+)(?:['’]s)? [Aa]dministration\b", ctx.text[:pos]))):
        e = ctx.table.link_single(m.group(1), m.start())
        if e is not None and e.kind == "person":
            return ctx.table.add_org(f"{e.name.split()[-1]} administration", m.start())
    return None


def _just_quoted(ctx: DocContext, pos: int, orgs: list[Entity]) -> Entity | None:
    """The body that spoke in this sentence or the one before, if its name says no kind of body."""
    e = ctx.table.salient(pos, kinds=("org",), roles=("source",))
    if e is None or e.place or _kinds(e) or not any(e is o for o in orgs) or any(
            w in lx.ORG_NOUNS and w not in lx.MEDIA_NOUNS for a in e.aliases for w in words(a)):
        return None  # not "Vanguard Logistics ... The company confirmed": a body the text called no outlet
    seen = max(p for p, i, _ in ctx.table.timeline if i == e.id and p < pos)
    return e if ctx.table.sentence_of(pos) - ctx.table.sentence_of(seen) <= 1 else None


def org_named_next(ctx: DocContext, head: str, mention: str, pos: int) -> Entity | None:
    """ "A major climate group is demanding ... ¶ NextGen Climate, founded by Tom Steyer, will air an
    ad": an organisation the text describes before it names it, in the next sentence, for the first
    time (not "a group of senators", nor a body it named before: that is another one)."""
    if head in lx.PLACE_NOUNS or head in lx.MEDIA_NOUNS or head == "campaign":
        return None
    nxt = ctx.table.sentence_of(pos) + 1
    orgs = [e for e in ctx.table.entities if e.kind == "org" and not e.place and e.positions
            and ctx.table.sentence_of(min(e.positions)) == nxt and _kind_fits(head, e)
            and _in_subject(ctx, min(e.positions))]
    if not orgs:
        return None
    e = min(orgs, key=lambda e: min(e.positions))
    e.add_alias(mention)
    return e


def _token_at(ctx: DocContext, pos: int) -> Token | None:
    pi = bisect.bisect_right([p.start for p in ctx.paras], pos) - 1
    return next((t for t in ctx.sdocs[pi] if t.idx <= pos - ctx.paras[pi].start < t.idx + len(t.text)), None)


def _modifier_only(ctx: DocContext, e: Entity) -> bool:
    """Does the text name `e` only to modify a common noun ("the Calloway ward", "the Brackwater estate")? Then
    it is no body that speaks: the NER's organisation is a place or a thing's name."""
    heads = []
    for p in e.positions:
        t = _token_at(ctx, p)
        if t is None or not t.text[:1].isupper():
            continue  # a description the text gave it
        while t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i > t.i:
            t = t.head
        heads.append(t)
    return bool(heads) and all(t.dep_ == "compound" and t.head.pos_ == "NOUN" and t.head.text.islower()
                               and not _speaking_noun(t.head.lower_) for t in heads)


def _speaking_noun(low: str) -> bool:
    """A noun for a body, its people or what it puts out ("Family Circle magazine", "Clinton Foundation
    officials", "a Quinnipiac poll"): a name before it is the body's own."""
    base = low[:-1] if low.endswith("s") else low
    return bool({low, base} & (lx.SOURCE_NOUNS | lx.SPEAKING_GROUPS | lx.OCCUPATIONS | lx.PERSON_FOLLOWERS | lx.EVIDENCE_NOUNS
                                | lx.AUTHORED_NOUNS | lx.PRODUCED_NOUNS | lx.ORG_KIND_WORDS)) or base.endswith(lx.PERSON_SUFFIXES)


def _in_subject(ctx: DocContext, pos: int) -> bool:
    """Is the token at document offset `pos` (part of) the subject of a clause?"""
    tok = _token_at(ctx, pos)
    while tok is not None and tok.dep_ not in ("nsubj", "nsubjpass", "ROOT"):
        tok = tok.head
    return tok is not None and tok.dep_ != "ROOT"


def _kind_fits(head: str, e: Entity) -> bool:
    """Can an organisation named as `e` is be called "the `head`"? Not when its name says it is a body
    of another kind ("the group" is not "Trump University", "the union" not "the Department of
    Environmental Protection"); a name that says no kind fits any."""
    kinds = _kinds(e)
    if not kinds or head in kinds:
        return True
    fits = frozenset().union(*(k for k in lx.ORG_KINDS if head in k))
    return bool(kinds & fits) if fits else True


def _kinds(e: Entity) -> set[str]:
    """The kinds of body `e`'s names say it is: "Chicago Sun-Times" a newspaper ("times"), "Fox 35" a
    news outlet; and the kinds the text has called it by so far ("the company" said ...)."""
    ws = {p for n in e.names for w in words(n) for p in [w, *w.split("-")]}
    kinds = (ws | {d for d in e.descriptors if d in lx.ORG_NOUNS}) & lx.ORG_KIND_WORDS  # and what the text called it: "The company"
    if ws & lx.NEWS_WORDS:
        kinds.add("outlet")
    if any(re.search(r"\w & \w", n) for n in e.names):
        kinds.add("firm")  # "Bailey & Glasser", "Skadden, Arps, Slate, Meagher & Flom": partners' names, a firm
    return kinds


def group_label(s: Token) -> str | None:
    """A bare plural or capitalised group as its own label: "Police", "Administration officials"."""
    if s.pos_ not in ("NOUN", "PROPN") or any(t.dep_ == "det" or t.lower_ in lx.INDEFINITE_DETERMINERS
                                               for t in s.lefts):
        return None  # not "one Republican involved in the planning": one person the text does not name
    if s.lower_ in lx.QUANTITY_NOUNS:
        # "three-quarters of Republican voters": the people of the of-phrase, or no one named
        of = next((t for t in s.rights if t.dep_ == "prep" and t.lower_ == "of"), None)
        people = next((t for t in of.children if t.dep_ == "pobj"), None) if of is not None else None
        if people is None or people.tag_ not in ("NNS", "NNPS") or people.lower_ in lx.QUANTIFIED_NOT_SOURCES:
            return None
        s = people
    if not (s.tag_ in ("NNS", "NNPS") or s.text[:1].isupper()):
        return None
    first = min([t.left_edge.i for t in s.lefts if t.dep_ in ("compound", "amod")] + [s.i])
    label = " ".join(t.text for t in s.doc[first:s.i + 1]
                     if t.dep_ not in ("punct", "det", "poss", "case") and t.lower_ != "own" and not t.is_space)
    return label[:1].upper() + label[1:] if label else None


def body_label(ctx: DocContext, owner: Entity, noun: str) -> str:
    """"Trump surrogates", or the campaign their words are when the owner runs for office: "his team",
    "his surrogates" or "her strategists" of a candidate are the Trump campaign (not "aides": a
    secretary of state's are her department's)."""
    name = owner.name.split()[-1]
    runs = bool({"candidate", "nominee", "contender", "hopeful"} & owner.descriptors) or re.search(
        rf"\b{re.escape(name)}(?:['’]s)? campaign\b", ctx.text) is not None
    return f"{name} campaign" if runs and noun.lower() in lx.CAMPAIGN_PEOPLE else f"{name} {noun}"


def represented(ctx: DocContext, s: Token, pi: int, pos: int, named_before: bool = True) -> Entity | None:
    """The organisation a spokesman, lawyer or aide `s` speaks for, when the phrase names one: "a
    Justice Department spokeswoman", "a spokesman for Platte River", "Exxon's lawyers", "attorneys
    for the department". Not a person: "a spokesman for Trump" is someone the text does not name.
    Without `named_before`, only an owner after the noun ("Senate aides" are a group of their own)."""
    owners = [t for t in s.lefts if t.dep_ in ("compound", "poss") and t.pos_ == "PROPN"] if named_before else []
    for prep in (t for t in s.rights if t.dep_ == "prep" and t.lower_ in ("for", "of", "at")):
        owners += [t for t in prep.children if t.dep_ == "pobj"]
    for t in owners:
        e = ctx.entity_at(pi, t)
        if e is not None:
            if e.kind == "org" and not e.place and ctx.table.link_single(e.name, pos) in (None, e):
                return e  # not "a spokeswoman for Fiorina", the NER's organisation a person is named
            continue
        if t.pos_ == "NOUN" and t.lower_ in lx.ORG_NOUNS and any(d.lower_ in lx.DEFINITE_DETERMINERS for d in t.lefts):
            e = org_description(ctx, t.lower_, "the " + t.text, pos)
            if e is not None and not e.place:
                return e
    return None
