"""What every stage of attribution reads about one document, built once before the stages run.

`build_context` finds the quotes of each paragraph (carrying an open quote across paragraphs), the
people and organisations the NER and the name lists find, clustered in an `EntityTable` with the
titles the text binds to them, and the labels of transcript turns ("HOLT:"). The context's fields
are set once; the entity table inside it is the one mutable part, which resolution extends as
sources are resolved (statements counted, descriptions learned).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import CharSpan, TokSpan
from corpus.attribution.config import AttributionConfig
from corpus.attribution.entities import Entity, EntityTable, clean_name, core_name
from corpus.attribution.quotes import Quote, find_quotes
from corpus.attribution.syntax import honorific, missed_names, without_headline_verb
from corpus.document import Document
from corpus.paragraphs import Paragraph

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# "HOLT: ...", "Q: ...": a transcript turn's label
TURN = re.compile(r"^\s*[\"“]?(?P<name>Q|A|[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})[ \t]*:[ \t]+(?=\S)")


@dataclass(frozen=True, eq=False)
class DocContext:
    """One document, its paragraphs and their parses, and what was found in them before the stages."""

    doc: Document
    paras: list[Paragraph]
    sdocs: list[Doc]                                  # one parse a paragraph
    quotes: list[list[Quote]]                         # per paragraph, document offsets
    table: EntityTable
    tok_ent: dict[tuple[int, int], Span]              # (paragraph, token index) -> its NER span
    ent_of_span: dict[tuple[int, int], Entity]        # document (start, end) of a NER span -> its entity
    turn_labels: Counter[str]                         # "HOLT" -> paragraphs that open with "HOLT:"
    caps_turns: int                                   # paragraphs opening with an upper-case name and a colon
    config: AttributionConfig

    @property
    def text(self) -> str:
        return self.doc.text

    def abs(self, pi: int, tok: Token) -> int:
        """The document offset of a token of paragraph `pi`."""
        return self.paras[pi].start + tok.idx

    def span(self, pi: int, toks: TokSpan) -> CharSpan:
        """The characters of a token span of paragraph `pi`, trimmed of edge punctuation and spaces."""
        sd = self.sdocs[pi]
        a_i, b_i = toks
        a = self.abs(pi, sd[a_i])
        b = self.abs(pi, sd[b_i - 1]) + len(sd[b_i - 1].text)
        while a < b and (self.text[a].isspace() or self.text[a] in ",;:—–-("):
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:.—–-("):
            b -= 1
        return CharSpan(a, b)

    def in_quote(self, pi: int, pos: int) -> bool:
        """Is document offset `pos` inside a double quote of paragraph `pi`?"""
        return any(q.start <= pos < q.end and not q.single for q in self.quotes[pi])

    def known_name(self, text: str) -> bool:
        """Is `text` a name of someone the document names?"""
        return self.table.link_single(text, 0) is not None

    def entity_at(self, pi: int, tok: Token) -> Entity | None:
        """The entity whose NER span holds `tok`."""
        ent = self.tok_ent.get((pi, tok.i))
        if ent is None:
            return None
        start = self.paras[pi].start + ent.start_char
        return self.ent_of_span.get((start, start + len(ent.text)))


def build_context(doc: Document, paras: list[Paragraph], sdocs: list[Doc],
                  config: AttributionConfig = AttributionConfig()) -> DocContext:
    """Quotes, entities and turn labels of one document whose paragraphs `sdocs` parse."""
    quotes, carry = [], False
    for p in paras:
        qs, carry = find_quotes(p.text, carry)
        quotes.append([Quote(q.start + p.start, q.end + p.start, q.closed, q.continued, q.single) for q in qs])
    turn_labels = Counter(m.group("name") for p in paras for m in [TURN.match(p.text)] if m)
    # a transcript: several paragraphs open with an upper-case name and a colon
    caps_turns = sum(n for label, n in turn_labels.items() if label.isupper() and len(label) > 1)
    table = EntityTable(salience_window=config.salience_window, focus_window=config.focus_window)
    ctx = DocContext(doc, paras, sdocs, quotes, table, {}, {}, turn_labels, caps_turns, config)
    _collect_entities(ctx)
    return ctx


def _collect_entities(ctx: DocContext) -> None:
    found = []
    for pi, sd in enumerate(ctx.sdocs):
        for ent in sd.ents:
            ent = without_headline_verb(ent)
            for t in ent:
                ctx.tok_ent[(pi, t.i)] = ent
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                found.append((pi, ent))
    surnames = {e[-1].lower_ for _, e in found if e.label_ == "PERSON"}
    for pi, sd in enumerate(ctx.sdocs):
        for ent in missed_names(sd, ctx.tok_ent, pi, surnames):
            for t in ent:
                ctx.tok_ent[(pi, t.i)] = ent
            found.append((pi, ent))
    # Full names first, so a bare surname links to the right person wherever it appears.
    # "The Gap Goes On" is a subheading the NER read as a person; a person's name has no article
    persons = [(pi, e) for pi, e in found if e.label_ == "PERSON" and e[0].tag_ != "DT"]
    # then "Mr. Obama" before a bare "Obama", so the man has his own entity before bare names are linked
    persons.sort(key=lambda x: (len(clean_name(x[1].text).split()) < 2, honorific(x[1]) is None,
                                x[1].start_char + ctx.paras[x[0]].start))
    for pi, ent in persons:
        _add_person(ctx, pi, ent)
    for pi, ent in found:
        if ent.label_ != "PERSON":
            _add_org(ctx, pi, ent)
    # A known surname the NER missed ("Ham made it clear ...") still puts its person in focus.
    for pi, sd in enumerate(ctx.sdocs):
        for t in sd:
            if (t.pos_ == "PROPN" and t.dep_ in ("nsubj", "nsubjpass") and (pi, t.i) not in ctx.tok_ent
                    and not ctx.in_quote(pi, ctx.abs(pi, t))):
                e = ctx.table.link_single(t.text, ctx.abs(pi, t))
                if e is not None and e.kind == "person":
                    ctx.table.note(e, ctx.abs(pi, t), "subject")
    ctx.table.timeline.sort()


def _add_person(ctx: DocContext, pi: int, ent: Span) -> Entity | None:
    start = ctx.paras[pi].start + ent.start_char
    e = ctx.table.add_person(ent.text, start, honorific(ent))
    if e is None:
        return None
    ctx.ent_of_span[(start, start + len(ent.text))] = e
    for w in ent.text.split()[:-1]:
        if w.lower().rstrip(".") in lx.HONORIFICS:
            e.add_alias(w)
    _descriptors(ctx, pi, ent, e)
    role = "subject" if ent.root.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(pi, start) else "mention"
    ctx.table.note(e, start, role)
    return e


def _add_org(ctx: DocContext, pi: int, ent: Span) -> None:
    start = ctx.paras[pi].start + ent.start_char
    name = clean_name(ent.text)
    # NER calls "Trump" an ORG now and then: a known person's name stays a person.
    core = core_name(name) if name else []
    person = ctx.table.link_single(core[0], start) if len(core) == 1 else None
    e: Entity | None
    if person is not None and person.kind == "person":
        e = person
        e.positions.append(start)
    elif ent.label_ == "NORP":
        return
    else:
        e = ctx.table.add_org(name, start, place=ent.label_ == "GPE")
    if e is None:
        return
    ctx.ent_of_span[(start, start + len(ent.text))] = e
    role = "subject" if ent.root.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(pi, start) else "mention"
    ctx.table.note(e, start, role)


def _descriptors(ctx: DocContext, pi: int, ent: Span, e: Entity) -> None:
    """Titles and appositions the text binds to a person."""
    root = ent.root
    sd = ent.doc
    # "Belarus President Aleksandr Lukashenko", "Stein spokeswoman Melezia Figueroa"
    left = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "nn")]
    if left:
        a = min(t.left_edge.i for t in left)
        toks = [t for t in sd[a:ent.start] if t.dep_ not in ("det", "punct", "case") and t.tag_ != "POS"]
        if toks:
            e.add_alias(" ".join(t.text for t in toks))
    for c in root.rights:
        if c.dep_ == "appos":
            e.add_alias(sd[c.left_edge.i:c.right_edge.i + 1].text)
    # "the campaign's spokeswoman, Melezia Figueroa"
    if root.dep_ == "appos" and root.head.i < ent.start:
        h = root.head
        if h.pos_ in ("NOUN", "PROPN") and not ctx.tok_ent.get((pi, h.i)):
            e.add_alias(sd[h.left_edge.i:h.i + 1].text)
