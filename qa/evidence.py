"""Evidence that a statement answers a topic, and one score from it.

Signals (`Features`), all computed for a whole candidate set at once:
  paragraph  cosine of the topic and the statement's paragraph (stored vectors)
  document   best cosine of the topic and any paragraph of the statement's document: a speaker's
             words in an article about the topic are about it, even when a quote never names it
  lex_paragraph  BM25 of the topic in the paragraph (one vectorised pass over the postings)
  lex_statement  BM25 of the topic in the statement's own words, for the short list only
Weights and thresholds were set by hand on the PolNeAR dev questions (../shared/eval, outside the
project) and are coupled: a smaller W_DOC loses recall, a larger one breaks the abstention threshold
(the measurements are in the commit history and the README's Quality section).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace

import numpy as np

from qa.bm25 import tokenize
from qa.index import Index, StatementRecord

W_PARAGRAPH = 1.0   # cosine of the topic and the statement's paragraph
W_DOC = 0.5         # best cosine of the topic and any paragraph of the statement's document
W_LEXICAL = 0.25    # saturated BM25 of the topic in the statement and its paragraph
W_WHO_LEXICAL = 0.6  # "who said S": the words of S in the statement matter most
SHORT_LIST = 40     # statements that get the statement-level lexical score
W_FOCUS = 0.2       # ordering only: a statement from the same discussion as the answer's best one
W_OWN_WORDS = 0.1   # ordering only, "what was said about T": a direct or mixed quote ...
W_PERSON = 0.1      # ... and a statement by a named person rather than a group or an organisation
# Whether a statement is about a topic (`Support`), calibrated on the generated question sets (README,
# "Calibration sets"): semantic match + W_SUPPORT_TERMS x the topic's words in it (or, at W_SUPPORT_CONTEXT,
# around it) must reach SUPPORTED; "who said S" counts S's words in the statement only. `bench/support_sweep.py`
# over the generated PolNeAR train, dev, press-site and debate sets chose 0.45: the lowest where negatives
# answered "not found" stay at 0.92 or more on every set (each 0.05 step trades about 1.5 points of
# negatives for half a point of false "not found"); WHO_SUPPORTED moves nothing between 0.3 and 0.5.
W_SUPPORT_TERMS = 0.4
W_SUPPORT_CONTEXT = 1.0
SUPPORTED = 0.45
WHO_SUPPORTED = 0.5
# An article is about a topic when every word of it is in its headline, or in DOC_PARAGRAPHS of its paragraphs
# and DOC_SHARE of them: "the ruling" in a court story that says "ruling" in three of thirteen. A speaker's
# reaction there ("Velacorp said it was disappointed and would consider an appeal") is about it though its own
# paragraph never names it; a debate transcript that names Iran in ten of its 500 turns is not about Iran.
# Such an article counts W_SUPPORT_ARTICLE of what the topic's words around the statement count. Measured with
# `bench/doc_topic_sweep.py` on the generated sets (3,955 questions): 3 paragraphs alone, at full weight, cost
# the debates' negatives .29 and the press pages' .10 (a transcript names everything somewhere); with a share
# of 0.2 and W_SUPPORT_ARTICLE 0.5, 3 questions are gained and 3 negatives lost over all sets: dev, debates and
# press rows are unchanged, train's negatives .945 -> .940 and false "not found" .075 -> .073. Generated questions take their words from the statement itself, so they
# cannot show what the signal is for; its cost is what they measure.
DOC_PARAGRAPHS = 3
DOC_SHARE = 0.2
W_SUPPORT_ARTICLE = 0.5


@dataclass
class Scored:
    statement: StatementRecord
    score: float
    dense: float = 0.0
    lexical: float = 0.0


@dataclass(frozen=True)
class Features:
    """The evidence that one statement answers a topic (see the module docstring)."""

    paragraph: float
    document: float
    lex_paragraph: float
    lex_statement: float


def combine(f: Features, who: bool = False) -> float:
    """One relevance score from the signals of `Evidence.features`."""
    if who:
        return W_PARAGRAPH * f.paragraph + W_WHO_LEXICAL * f.lex_statement
    lexical = 0.5 * f.lex_statement + 0.5 * f.lex_paragraph
    return W_PARAGRAPH * f.paragraph + W_DOC * f.document + W_LEXICAL * lexical


@dataclass(frozen=True)
class Support:
    """Whether a statement is about a topic, read from its own text and its surroundings only.

    `found` rests on this, never on how a statement compares with other speakers' statements: a
    corpus where one person says everything must say "not found" for a country the article never
    mentions as plainly as a corpus of thousands of speakers does.

    Args:
        terms: the topic's words found in the statement, as a share of the topic's words weighted by
            how rare each is in the corpus (a word the corpus never uses weighs the most).
        context_terms: the same in the statement's paragraph and the adjacent paragraphs where the
            same speaker speaks (a quote's turn, a run of quoted paragraphs); 1 when the document's
            headline holds every word of the topic, W_SUPPORT_ARTICLE when its paragraphs do (DOC_PARAGRAPHS,
            DOC_SHARE; not for "who said S").
        paragraph: cosine of the topic and the statement's paragraph (its stored vector).
        statement: cosine of the topic and the statement's own words; None when not computed (the
            paragraph already decided, and encoding the statement would only cost time).
    """

    terms: float
    context_terms: float
    paragraph: float
    statement: float | None = None

    @property
    def score(self) -> float:
        """One number: the semantic match, raised by the topic's words in the statement or around it."""
        semantic = max(self.paragraph, self.statement if self.statement is not None else -1.0)
        return semantic + W_SUPPORT_TERMS * max(self.terms, W_SUPPORT_CONTEXT * self.context_terms)

    @property
    def says(self) -> float:
        """For "who said S": how closely the statement's own words say S (its paragraph does not count)."""
        return (self.statement or 0.0) + W_SUPPORT_TERMS * self.terms

    def answers(self, who: bool = False) -> bool:
        """Is the statement about the topic (or, for "who said S", does it say S)?"""
        return self.says >= WHO_SUPPORTED if who else self.score >= SUPPORTED


def saturate(x: float, k: float = 6.0) -> float:
    """BM25 scores grow without bound; squash them into [0, 1)."""
    return x / (x + k) if x > 0 else 0.0


class Evidence:
    """Scores statements of an index against a topic (one query vector, one BM25 pass per topic)."""

    def __init__(self, index: Index, encode):
        self.index = index
        self.encode = encode

    def features(self, statements: list[StatementRecord], topic: str, short_list: int | None = SHORT_LIST,
                 who: bool = False) -> list[Features]:
        """The signals of every statement; `lex_statement` only for the best `short_list` (the others get
        `lex_paragraph`)."""
        if not statements:
            return []
        qv = self.encode(topic)
        doc_pids = self.index.paragraph_ids_of({s.doc_id for s in statements})
        all_pids = [p for ps in doc_pids.values() for p in ps]
        cos = dict(zip(all_pids, (self.index.vectors(all_pids) @ qv).tolist()))
        doc_best = {d: max((cos[p] for p in ps), default=0.0) for d, ps in doc_pids.items()}
        bm25 = self.index.bm25
        pids = sorted({s.paragraph_id for s in statements})
        lex = dict(zip(pids, bm25.scores(topic)[bm25.positions(np.asarray(pids))].tolist())) if pids else {}
        feats = []
        for s in statements:
            lp = saturate(lex.get(s.paragraph_id, 0.0))
            feats.append(Features(cos.get(s.paragraph_id, 0.0), doc_best.get(s.doc_id, 0.0), lp, lp))
        order = sorted(range(len(statements)), key=lambda i: -combine(feats[i], who))
        chosen = order if short_list is None else order[:short_list]
        paragraphs = self.index.paragraphs({statements[i].paragraph_id for i in chosen})
        texts = [_statement_text(statements[i], paragraphs) for i in chosen]
        for i, score in zip(chosen, bm25.score_texts(topic, texts)):
            feats[i] = replace(feats[i], lex_statement=saturate(float(score)))
        return feats

    def support(self, statements: list[StatementRecord], topic: str, who: bool = False,
                any_one: bool = False) -> list[Support]:
        """How much each statement is about `topic` (for `who`: says it), see `Support`, for a short list.

        With `any_one` (the caller only asks whether any statement answers), the statements are encoded only
        when their paragraphs do not already show one of them to be about the topic: an answered question
        then costs no encoding beyond the question's own. Without it every statement gets its own score,
        so which statements answer never depends on which others are in the list."""
        if not statements:
            return []
        terms = topic_terms(topic, self.index.bm25)
        texts, contexts = self._texts_and_contexts(statements)
        qv = self.encode(topic)
        paragraph = (self.index.vectors([s.paragraph_id for s in statements]) @ qv).tolist()
        titles = {d: r.title or "" for d, r in self.index.document_records({s.doc_id for s in statements}).items()}
        # a headline that holds every word of the topic says the whole article is about it ("What did the
        # trade minister say about the strike?" in "Dockworkers extend strike as ministry steps in"); so, less
        # strongly, do DOC_PARAGRAPHS of its paragraphs (W_SUPPORT_ARTICLE)
        about = {d: 1.0 if term_share(terms, set(tokenize(t))) >= 1.0 else 0.0 for d, t in titles.items()} \
            if terms and not who else {}
        if about:
            rest = sorted(d for d, v in about.items() if not v)
            about.update(dict.fromkeys(self._about_documents(rest, terms), W_SUPPORT_ARTICLE))
        out = [Support(term_share(terms, set(tokenize(t))),
                       max(about.get(st.doc_id, 0.0), term_share(terms, set(tokenize(c)))), float(cos))
               for st, t, c, cos in zip(statements, texts, contexts, paragraph)]
        if any_one and not who and any(x.answers() for x in out):
            return out
        semantic = (self.index.encoder.encode(texts) @ qv).tolist()
        return [replace(x, statement=float(cos)) for x, cos in zip(out, semantic)]

    def _about_documents(self, docs: list[str], terms: list[tuple[str, float]]) -> set[str]:
        """The documents of `docs` where DOC_PARAGRAPHS paragraphs, and DOC_SHARE of them, each hold every word of
        the topic."""
        return {d for d, (n, size) in self.topic_paragraphs(docs, terms).items()
                if n >= DOC_PARAGRAPHS and n >= DOC_SHARE * size}

    def topic_paragraphs(self, docs: list[str], terms: list[tuple[str, float]]) -> dict[str, tuple[int, int]]:
        """For each of `docs` that has any: how many of its paragraphs hold every word of the topic (its
        `terms`), and how many paragraphs it has."""
        if not docs:
            return {}
        bm25 = self.index.bm25
        having: set[int] | None = None  # the paragraphs (ids) that hold every word, read off the postings
        for t, _ in terms:
            forms = [u for u in (t, *(t + x for x in _DERIVED if len(t) >= 4),
                                 *(t[:-len(x)] for x in _DERIVED if t.endswith(x) and len(t) - len(x) >= 4))
                     if u in bm25.term_index]
            rows = {int(p) for u in forms for p in bm25.ids[
                bm25.postings[bm25.indptr[bm25.term_index[u]]:bm25.indptr[bm25.term_index[u] + 1]]]}
            having = rows if having is None else having & rows
            if not having:
                return {}
        by_doc = self.index.paragraph_ids_of(docs)
        return {d: (len(having & set(ps)), len(ps)) for d, ps in by_doc.items()} if having else {}

    def _texts_and_contexts(self, statements: list[StatementRecord]) -> tuple[list[str], list[str]]:
        """Each statement's own words, and its paragraph with the adjacent ones where its speaker also
        has a statement (in a transcript, the rest of the turn; in news, a run of quoted paragraphs)."""
        docs = sorted({s.doc_id for s in statements})
        order = self.index.paragraph_ids_of(docs)
        speakers_at: dict[int, set] = {}
        for d in docs:
            for t in self.index.statements(doc_id=d):
                speakers_at.setdefault(t.paragraph_id, set()).add(t.speaker)
        spans = []
        for s in statements:
            pids = order[s.doc_id]
            i = j = pids.index(s.paragraph_id)
            while s.speaker and i > 0 and s.speaker in speakers_at.get(pids[i - 1], ()):
                i -= 1
            while s.speaker and j + 1 < len(pids) and s.speaker in speakers_at.get(pids[j + 1], ()):
                j += 1
            spans.append(pids[i:j + 1])
        paragraphs = self.index.paragraphs({p for span in spans for p in span})
        texts = [_statement_text(s, paragraphs) for s in statements]
        contexts = ["\n".join(paragraphs[p].text for p in span) for span in spans]
        return texts, contexts

    def score(self, statements: list[StatementRecord], topic: str, who: bool = False,
              boost=None) -> list[Scored]:
        """Statements best first; `boost(statement)` may add a bonus (e.g. a role the question names)."""
        feats = self.features(statements, topic, who=who)
        out = []
        for s, f in zip(statements, feats):
            score = combine(f, who) + (boost(s) if boost else 0.0)
            out.append(Scored(s, score, f.paragraph, f.lex_statement))
        out.sort(key=lambda x: (-x.score, x.statement.doc_id, x.statement.start))
        return out


def topic_terms(topic: str, bm25) -> list[tuple[str, float]]:
    """The topic's words (stemmed, stopwords out) with their weight: the inverse document frequency
    among the corpus's paragraphs, the highest for a word the corpus never uses."""
    n = len(bm25)
    out = []
    for t in dict.fromkeys(tokenize(topic)):
        i = bm25.term_index.get(t)
        df = float(bm25.df[i]) if i is not None else 0.0
        out.append((t, math.log1p((n - df + 0.5) / (df + 0.5))))
    return out


def unmentioned_names(topic: str, bm25) -> list[str]:
    """The capitalised words of a topic (names: "Tokyo", "Bitcoin", "Macron") that no paragraph of the
    corpus uses in any form sharing their first five letters (so "Zelenskiy" meets "Zelensky" and
    "Ukraine" "Ukrainian"). A statement cannot be about a topic that names something the corpus never
    mentions: "the Tokyo Olympics" over pages that speak of the Sochi Olympics is not found, however
    close the meaning. Not an acronym, which the documents may only spell out."""
    out = []
    for m in re.finditer(r"(?<![\w.])[A-Z][\w’'\-]*", topic):
        if re.fullmatch(r"[A-Z]{2,6}s?", m.group(0)):
            continue  # an acronym the documents may spell out ("CSTO": "the Collective Security Treaty Organisation")
        toks = tokenize(m.group(0))
        if toks and not any(_in_vocabulary(t, bm25) for t in toks):
            out.append(m.group(0))
    return out


def _in_vocabulary(term: str, bm25) -> bool:
    if term in bm25.term_index:
        return True
    if len(term) < 5:
        return False
    ordered = _sorted_vocabulary(bm25)
    i = bisect.bisect_left(ordered, term[:5])
    return i < len(ordered) and ordered[i].startswith(term[:5])


_VOCABULARIES: dict[int, tuple] = {}


def _sorted_vocabulary(bm25) -> list[str]:
    """The corpus's terms in order (for prefix lookups), once per loaded index."""
    key = id(bm25)
    if key not in _VOCABULARIES or _VOCABULARIES[key][0] is not bm25:
        _VOCABULARIES.clear()
        _VOCABULARIES[key] = (bm25, sorted(bm25.term_index))
    return _VOCABULARIES[key][1]


# A nationality or language and its country are one topic: Russia/Russian, Ukraine/Ukrainian
# (stems "ukrain"/"ukrainian"), Iraq/Iraqi, America/American.
_DERIVED = ("n", "an", "ian", "i", "ese", "ish")


def term_share(terms: list[tuple[str, float]], words: set[str]) -> float:
    """The weighted share of `terms` among the stemmed `words` of a text."""
    total = sum(w for _, w in terms)
    if not total:
        return 0.0

    def present(t: str) -> bool:
        if t in words:
            return True
        for u in words:
            short, long_ = (t, u) if len(t) < len(u) else (u, t)
            if len(short) >= 4 and long_.startswith(short) and long_[len(short):] in _DERIVED:
                return True
        return False

    return sum(w for t, w in terms if present(t)) / total


def focus(scored: list[Scored], same_speaker: bool = False) -> list[Scored]:
    """Order an answer around its best statement: it and the others from the same document (and by the
    same speaker, with `same_speaker`) gain W_FOCUS, so the best stays first and the order among the
    rest is kept. "What did Trump say about the Tulsa shooting?" then lists the rest of what he said in
    the article that reports it before his words on other shootings elsewhere. Whether the question is
    answered at all is decided before, on the unfocused scores, so only recall and order can change."""
    if len(scored) < 2:
        return scored
    return _reordered(scored, _focus_bonus(scored[0].statement, same_speaker))


def voices(scored: list[Scored], is_person) -> list[Scored]:
    """Order a "what was said about T" answer for the voices in it: among statements about equally
    relevant, a quote in the speaker's own words (W_OWN_WORDS) and a named person's words (W_PERSON,
    `is_person(name)`) come before a paraphrase credited to "the agency", "many Americans" or nobody.
    A quote often never names the topic ("It's destroying this committee"), so its relevance alone
    ranks it under the reporter's paraphrase of the same event. The answer is also focused like
    `focus`: what was said in the article of the best statement comes before loosely related words
    from other articles. As with `focus`, only the order changes, and only for topic questions."""
    if not scored:
        return scored
    near = _focus_bonus(scored[0].statement)

    def bonus(x: Scored) -> float:
        s = x.statement
        return ((W_OWN_WORDS if s.kind in ("direct", "mixed") else 0.0)
                + (W_PERSON if s.speaker and is_person(s.speaker) else 0.0) + near(x))

    return _reordered(scored, bonus)


def _focus_bonus(top: StatementRecord, same_speaker: bool = False):
    """W_FOCUS for a statement from the document of `top` (and by its speaker, with `same_speaker`)."""
    def bonus(x: Scored) -> float:
        s = x.statement
        return W_FOCUS if s.doc_id == top.doc_id and (not same_speaker or s.speaker == top.speaker) else 0.0
    return bonus


def _reordered(scored: list[Scored], bonus) -> list[Scored]:
    """Statements by score plus an ordering-only `bonus(x)`; the scores themselves stay as they are."""
    return sorted(scored, key=lambda x: (-(x.score + bonus(x)), x.statement.doc_id, x.statement.start))


def _statement_text(s: StatementRecord, paragraphs) -> str:
    p = paragraphs[s.paragraph_id]
    a, b = max(s.start, p.start) - p.start, min(s.end, p.end) - p.start
    return p.text[a:b] if b > a else p.text
