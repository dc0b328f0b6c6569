"""Who a pronoun or an unnamed description may stand for, beyond the entity table's own rules.

The pieces of resolution that look at one pronoun's sentence and the quotes around it: a "he" before
its sentence's named subject (`cataphor`), the people a quote names and so is not by (`named_in`), a
name in apposition to a description (`apposed`), an article's headlines and lead (`in_lead`), and the
chain of "he"/"she" subjects that keeps a person in focus for the pronouns after them (`PronounChain`).
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import Candidate
from corpus.attribution.context import DocContext
from corpus.attribution.descriptions import description_score, description_words
from corpus.attribution.entities import Entity
from corpus.attribution.syntax import embedded, proxy_word

if TYPE_CHECKING:
    from spacy.tokens import Token


def cataphor(ctx: DocContext, s: Token, pi: int, low: str) -> Entity | None:
    """ "In what he acknowledged as a rant, President Obama took a whack at Trump": a "he" or "she" in a
    clause before its sentence's main clause is that clause's named subject, when of its gender. Also the
    person a sentence opens with as its topic: "As for Trump, he said he's not worried"."""
    g = "m" if low in ("he", "his") else "f" if low in ("she", "her") else None
    if g is not None and (e := _topic(ctx, s, pi, g)) is not None:
        return e
    if g is None or not embedded(s.head if s.dep_ in ("nsubj", "nsubjpass") else s):
        return None
    root = s.sent.root
    if root.i <= s.i or ctx.in_quote(pi, ctx.abs(pi, s)):
        return None
    subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i <= s.i or subj.pos_ != "PROPN":
        return None
    top = s
    while top.head.i != root.i:
        top = top.head
    if top.dep_ not in ("advcl", "prep") or top.right_edge.i >= subj.i or any(
            t.text in (":", ";") for t in s.doc[s.i:subj.i]):
        return None  # not "At the time, she said, Grayson was trying", nor "...: President Obama later adopted it"
    e = ctx.entity_at(pi, subj)
    if e is None or e.kind != "person" or (e.gender and e.gender != g):
        return None
    return e


def _topic(ctx: DocContext, s: Token, pi: int, g: str) -> Entity | None:
    """The one person named in an "As for X," or "As to X," that opens the sentence right before the pronoun."""
    sent = s.sent
    toks = list(sent)
    if len(toks) < 4 or toks[0].lower_ != "as" or toks[1].lower_ not in ("for", "to") or s.i < 3 or s.doc[s.i - 1].text != ",":
        return None
    if any(t.text == "," for t in s.doc[sent.start:s.i - 1]):
        return None
    found = {e.id: e for t in s.doc[sent.start + 2:s.i - 1] if t.pos_ == "PROPN" and (e := ctx.entity_at(pi, t)) is not None}
    if len(found) != 1:
        return None
    e = next(iter(found.values()))
    return e if e.kind == "person" and e.gender in (None, "", g) else None


def bound(ctx: DocContext, s: Token, pi: int, low: str) -> Entity | None:
    """A "he" or "she" that is the subject of a clause complement of a verb whose subject is a named
    person of its gender: "Trump, later alleging that President Obama wanted to admit 250,000 Syrians,
    said he would deport refugees" is Trump, not the person named in between."""
    g = "m" if low == "he" else "f" if low == "she" else None
    if g is None or s.dep_ not in ("nsubj", "nsubjpass") or s.head.dep_ != "ccomp":
        return None
    verb = s.head.head
    subj = next((t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ != "PROPN" or not subj.i < verb.i < s.i or ctx.in_quote(pi, ctx.abs(pi, s)) != ctx.in_quote(pi, ctx.abs(pi, subj)):
        return None
    e = ctx.entity_at(pi, subj)
    if e is None or e.kind != "person" or (e.gender and e.gender != g):
        return None
    return e


def matrix_subject(ctx: DocContext, s: Token, pi: int) -> tuple[Token, Token] | None:
    """The reporting verb whose clause complement `s` ("he", "she", "they") is the subject of, and that
    verb's own subject, when it comes before and fits in number: "Both countries said they hoped", "A
    teacher said she feared" (not "critics who say he should", "a voter asked if she might", "I know he'll")."""
    low = s.lower_
    if low not in ("he", "she", "they") or s.dep_ not in ("nsubj", "nsubjpass") or s.head.dep_ != "ccomp":
        return None
    verb = s.head.head
    subj = next((t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if (subj is None or not subj.i < verb.i < s.i or subj.lower_ in ("i", "we", "you") or subj.tag_ in ("WP", "WDT")
            or lx.FORM_TO_LEMMA.get(verb.lower_) in ("ask", "wonder", "question", "inquire")  # (no lemmatizer in the pipeline)
            or ctx.in_quote(pi, ctx.abs(pi, s)) != ctx.in_quote(pi, ctx.abs(pi, subj))):
        return None
    plural = subj.tag_ in ("NNS", "NNPS") or subj.lower_ == "they" or any(t.dep_ == "conj" for t in subj.children)
    return (verb, subj) if (low == "they") == plural else None


def noun_gender(low: str) -> str | None:
    """The gender a noun for a person tells ("fisherman", "widow"), if it tells one."""
    if low in lx.FEMALE_ROLES or low.endswith("woman"):
        return "f"
    return "m" if low in lx.MALE_ROLES or (low.endswith("man") and low not in ("human", "german", "ottoman")) else None


def unnamed_subject(subj: Token) -> bool | None:
    """Is the subject `subj` someone the text brings in unnamed ("a local teacher", "one of the delegates":
    True; "the employee": False, if the text brought them in before), or no one of that kind (None: a
    name, a spokesman, "a Clinton ally", whose "she" is the one they speak for)?"""
    if subj.pos_ not in ("NOUN", "NUM") or proxy_word(subj.lower_) or any(
            k.dep_ in ("poss", "compound") and k.pos_ == "PROPN" for k in subj.children):
        return None
    return subj.lower_ == "one" or any(k.lower_ in ("a", "an", "one") for k in subj.lefts)


def unnamed_title(subj: Token) -> bool:
    """Is `subj` a title with "the" and nothing that names whose it is ("The President", "the head of
    state"; not "the Clinton spokesman", "his lawyer")? Left unresolved, it is someone the text does not
    name, whom a "he" after it stands for as well."""
    return (subj.pos_ in ("NOUN", "PROPN") and subj.lower_ in lx.ROLE_NOUNS and not proxy_word(subj.lower_)
            and any(k.lower_ == "the" for k in subj.lefts)
            and not any(k.dep_ in ("poss", "compound") for k in subj.children))


def unnamed_source(subj: Token, cue: str) -> bool:
    """Is the source `subj`, which resolved to no one, someone the text does not name but speaks of again:
    "a teacher", "one fisherman", "The President" (not "a reporter asked": the one asked answers)?"""
    # "a company spokeswoman said ... She declined to comment" is the spokeswoman (but after "a Clinton
    # spokesman said", "she" is still Clinton: a spokesman's gender tells whose "he" or "she" it can be)
    spokes = proxy_word(subj.lower_) and noun_gender(subj.lower_) and any(k.lower_ in ("a", "an") for k in subj.lefts)
    return ((subj.lower_ in lx.ROLE_NOUNS | lx.OCCUPATIONS or noun_gender(subj.lower_)) and bool(unnamed_subject(subj))
            or unnamed_title(subj) or bool(spokes)) and not cue.lower().startswith("ask")


def possessor(ctx: DocContext, s: Token, pi: int, low: str) -> Entity | None:
    """A "he" or "she" subject of a clause under its sentence's main clause is the person whose thing
    an earlier phrase of the sentence is about, when no one is the subject in between: "If we're hearing
    Rubio's strategy correctly when he says", "given Trump's hardline positions ..., which he views"
    (not the main clause's own "he": "Responding to Trump's remarks, he said" is someone else)."""
    g = "m" if low == "he" else "f" if low == "she" else None
    if g is None or s.dep_ not in ("nsubj", "nsubjpass") or not embedded(s.head) or ctx.in_quote(pi, ctx.abs(pi, s)):
        return None
    sent = s.sent
    owners = [t for t in sent if t.i < s.i and t.dep_ == "poss" and t.pos_ == "PROPN"]
    if not owners:
        return None
    t = owners[-1]
    if any(x.dep_ in ("nsubj", "nsubjpass") and _someone(ctx, x, pi) for x in sent if x.i < s.i) or ctx.in_quote(
            pi, ctx.abs(pi, t)):
        return None  # "Scarborough ... has flirted with being Trump's running mate, though he has denied"
    e = ctx.entity_at(pi, t)
    if e is None or e.kind != "person" or (e.gender and e.gender != g):
        return None
    return e


def _someone(ctx: DocContext, x: Token, pi: int) -> bool:
    """Is the subject `x` a person a later "he" or "she" may stand for: a person the text names, a
    "he", "she" or "they", or one person by a role ("the candidate", "Sanders's campaign manager")?"""
    if x.lower_ in ("he", "she", "they"):
        return True
    e = ctx.entity_at(pi, x)
    if e is None and x.pos_ == "PROPN":
        e = ctx.table.link_single(x.text, ctx.abs(pi, x))  # a surname the NER missed there
    if e is not None:
        return e.kind == "person"
    return x.tag_ == "NN" and x.lower_ in lx.ROLE_NOUNS | lx.OCCUPATIONS


def named_in(ctx: DocContext, c: Candidate) -> frozenset[int]:
    """The people a statement's quoted words name: not its speaker ("“President Obama seems to me
    to be fond of the UK,” he said" after Obama and the ambassador were named). Not a name the
    speaker quotes someone else saying ("“He whispered in my ear, ‘Billie Jean King, you are the
    Queen,’” she said"), nor one in the writer's words around a quote."""
    quotes = [q for q in ctx.quotes[c.par] if q.start < c.end and c.start < q.end]
    if not quotes:
        return frozenset()

    def quoted(p: int) -> bool:
        inside = next((q for q in quotes if q.start <= p < q.end and not q.single), None)
        if inside is None:
            return False
        opened = ctx.text.rfind("‘", inside.start, p)  # a quote within the quote, closed or not
        return opened < 0 or re.search(r"[’'](?!\w)", ctx.text[opened + 1:p]) is not None

    return frozenset(e.id for e in ctx.table.entities if e.kind == "person"
                     and any(c.start <= p < c.end and quoted(p) for p in e.positions))


def in_lead(ctx: DocContext, pi: int) -> bool:
    """Is paragraph `pi` a headline or the lead of an article: no paragraph before it is prose
    (longer than a headline can be)?"""
    return all(len(ctx.paras[i].text.split()) <= ctx.config.headline_max_words for i in range(pi))


def apposed(ctx: DocContext, p: int, a: int, b: int) -> bool:
    """Is a name at `p` in apposition to the phrase at `a`..`b`: just after it, or just before it
    with a comma between ("Richard Burr, a North Carolina Republican")?"""
    if 0 <= p - b <= 3:
        return True
    between = ctx.text[p:a]
    return (0 < a - p <= 80 and ctx.table.sentence_of(p) == ctx.table.sentence_of(a)
            and "," in between and not any(q in between for q in "“”\";:"))


class PronounChain:
    """The "he" and "she" of a document that are a clause's subject, outside quotes and no statement's
    source, put in focus in document order: "She has said the rape took place in 1978. She has gone
    public again as Clinton has emerged in the campaign of his wife, Hillary Clinton, as she pursues
    the nomination. On Sunday, she disclosed ..." is Broaddrick throughout.

    Args:
        ctx: the document.
        sources: where the candidates' source mentions start (a pronoun there is resolved as a
            statement's source, not here).
    """

    def __init__(self, ctx: DocContext, sources: frozenset[int] = frozenset()):
        self.ctx, self.sources = ctx, sources
        self.todo: list[tuple[int, int, Token]] | None = None  # (position, paragraph, token), last first

    def upto(self, pos: int) -> None:
        """Resolve the chain's pronouns before `pos` (call with positions in document order)."""
        ctx = self.ctx
        if not ctx.config.pronoun_chain:
            return
        if self.todo is None:
            found = [(ctx.abs(pi, t), pi, t) for pi, sd in enumerate(ctx.sdocs) for t in sd
                     if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass") or _described_subject(t)]
            self.todo = [x for x in found if x[0] not in self.sources and not ctx.in_quote(x[1], x[0])][::-1]
        table = ctx.table
        while self.todo and self.todo[-1][0] < pos:
            p, pi, t = self.todo.pop()
            pt = ctx.turn_of(pi)
            floor = ctx.turn_entity(pt.turn) if pt is not None else None
            if t.lower_ not in ("he", "she"):
                # "In defeat, the president appeared cowed. Campaigning against Mitt Romney in 2012, he barely
                # mentioned climate change": who the description names (not a candidate's role, which fits
                # too many: "the candidate")
                a = ctx.abs(pi, t.left_edge)
                if a in self.sources or pt is not None:
                    continue  # a statement's source (resolved with it), or a speaker's words in a transcript
                ws = description_words(ctx.text[a:p + len(t.text)])
                e = table.match_description(ctx.text[a:p + len(t.text)], p)
                if e is not None and e is not floor and all(description_score([w], e.descriptors) for w in ws):
                    # only a description that fits them whole ("The Vermont senator" is not the Senate's
                    # majority leader from Kentucky)
                    bisect.insort(table.timeline, (p, e.id, "pron-inner" if embedded(t.head) else "pron"))
                continue
            e = bound(ctx, t, pi, t.lower_)
            if e is None or e is floor:
                e = table.antecedent(p, "m" if t.lower_ == "he" else "f", exclude=floor)
            if e is not None:
                # for later pronouns only (a shared surname or a description keeps to who was named)
                bisect.insort(table.timeline, (p, e.id, "pron-inner" if embedded(t.head) else "pron"))


def _described_subject(t: Token) -> bool:
    """ "The president appeared cowed", "the senator's record": a definite description by a role, the
    subject of a clause or the owner of its subject."""
    if t.pos_ != "NOUN" or t.lower_ not in lx.ROLE_NOUNS or t.lower_ in lx.POLITICAL_ROLES:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
        return False
    return t.dep_ in ("nsubj", "nsubjpass") or t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass")
