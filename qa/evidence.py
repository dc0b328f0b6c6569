"""Evidence that a statement answers a topic, and one score from it.

Signals, all computed for a whole candidate set at once:
  par       cosine of the topic and the statement's paragraph (stored vectors)
  doc       best cosine of the topic and any paragraph of the statement's document: a speaker's
            words in an article about the topic are about it, even when a quote never names it
  lex_par   BM25 of the topic in the paragraph (one vectorised pass over the postings)
  lex_stmt  BM25 of the topic in the statement's own words, for the short list only
Weights and thresholds were set by hand on the PolNeAR dev questions (../shared/eval, outside the
project) and are coupled: a smaller W_DOC loses recall, a larger one breaks the abstention threshold
(the measurements are in the commit history and the README's Quality section).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.index import Index, StatementRecord

W_PARAGRAPH = 1.0   # cosine of the topic and the statement's paragraph
W_DOC = 0.5         # best cosine of the topic and any paragraph of the statement's document
W_LEXICAL = 0.25    # saturated BM25 of the topic in the statement and its paragraph
W_WHO_LEXICAL = 0.6  # "who said S": the words of S in the statement matter most
SHORT_LIST = 40     # statements that get the statement-level lexical score
W_FOCUS = 0.2       # ordering only: a statement from the same discussion as the answer's best one
W_OWN_WORDS = 0.1   # ordering only, "what was said about T": a direct or mixed quote ...
W_PERSON = 0.1      # ... and a statement by a named person rather than a group or an organisation


@dataclass
class Scored:
    statement: StatementRecord
    score: float
    dense: float = 0.0
    lexical: float = 0.0


def combine(f: dict, who: bool = False) -> float:
    """One relevance score from the signals of `Evidence.features`."""
    if who:
        return W_PARAGRAPH * f["par"] + W_WHO_LEXICAL * f["lex_stmt"]
    lexical = 0.5 * f["lex_stmt"] + 0.5 * f["lex_par"]
    return W_PARAGRAPH * f["par"] + W_DOC * f["doc"] + W_LEXICAL * lexical


def saturate(x: float, k: float = 6.0) -> float:
    """BM25 scores grow without bound; squash them into [0, 1)."""
    return x / (x + k) if x > 0 else 0.0


class Evidence:
    """Scores statements of an index against a topic (one query vector, one BM25 pass per topic)."""

    def __init__(self, index: Index, encode):
        self.index = index
        self.encode = encode

    def features(self, statements: list[StatementRecord], topic: str, short_list: int | None = SHORT_LIST,
                 who: bool = False) -> list[dict]:
        """The signals of every statement; `lex_stmt` only for the best `short_list` (others get `lex_par`)."""
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
            feats.append({"par": cos.get(s.paragraph_id, 0.0), "doc": doc_best.get(s.doc_id, 0.0),
                          "lex_par": lp, "lex_stmt": lp})
        order = sorted(range(len(statements)), key=lambda i: -combine(feats[i], who))
        chosen = order if short_list is None else order[:short_list]
        paragraphs = self.index.paragraphs({statements[i].paragraph_id for i in chosen})
        texts = [_statement_text(statements[i], paragraphs) for i in chosen]
        for i, score in zip(chosen, bm25.score_texts(topic, texts)):
            feats[i]["lex_stmt"] = saturate(float(score))
        return feats

    def score(self, statements: list[StatementRecord], topic: str, who: bool = False,
              boost=None) -> list[Scored]:
        """Statements best first; `boost(statement)` may add a bonus (e.g. a role the question names)."""
        feats = self.features(statements, topic, who=who)
        out = []
        for s, f in zip(statements, feats):
            score = combine(f, who) + (boost(s) if boost else 0.0)
            out.append(Scored(s, score, f["par"], f["lex_stmt"]))
        out.sort(key=lambda x: (-x.score, x.statement.doc_id, x.statement.start))
        return out


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
