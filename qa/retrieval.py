"""Hybrid paragraph retrieval: dense (the vector store) and BM25 rankings fused by reciprocal rank.

Both signals are kept on each result (cosine and BM25 score) because answer assembly needs
absolute evidence, not just ranks, to decide whether the corpus answers a question at all.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.index import Index

RRF_K = 60


@dataclass(frozen=True)
class ParagraphScore:
    paragraph_id: int
    score: float      # fused (RRF) score
    dense: float      # cosine of question and paragraph
    lexical: float    # BM25 score


class Retriever:
    """Dense + BM25 search over an index's paragraphs.

    Args:
        index: an opened `Index`.
        candidates: how many results each ranking contributes before fusion.
    """

    def __init__(self, index: Index, candidates: int = 50):
        self.index = index
        self.candidates = candidates
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, text: str) -> np.ndarray:
        """The query vector (the last few are kept: one question encodes its topic once)."""
        vec = self._cache.get(text)
        if vec is None:
            vec = self.index.encoder.encode([text])[0]
            if len(self._cache) >= 64:
                self._cache.pop(next(iter(self._cache)))
            self._cache[text] = vec
        return vec

    def search(self, query: str, k: int = 10, subset: np.ndarray | None = None,
               query_vector: np.ndarray | None = None, speakers=None) -> list[ParagraphScore]:
        """Top-k paragraphs for `query`, optionally among the paragraph ids in `subset`.

        `speakers` (canonical names) says what `subset` is: the paragraphs quoting them. A store that
        filters by speaker itself (Milvus) is given the names instead of the ids."""
        n = max(k, self.candidates)
        qv = self.encode(query) if query_vector is None else query_vector
        store = self.index.store
        if speakers is not None and store.filters_speakers:
            d_scores, d_ids = store.search(qv[None, :], n, speakers=list(speakers))
        else:
            d_scores, d_ids = store.search(qv[None, :], n, subset=subset)
        dense = {int(i): float(s) for s, i in zip(d_scores[0], d_ids[0]) if i >= 0}
        if store.in_place and dense:
            # A shared store may still hold rows of paragraphs removed a moment ago (a writer deletes them after
            # its commit, or the next writer does if it crashed in between): keep this generation's paragraphs,
            # and, when the store filtered by speaker, those of the subset (the speaker's statements still in play).
            ids = np.fromiter(dense, dtype=np.int64, count=len(dense))
            keep = self.index.bm25.known(ids)
            if subset is not None:
                keep &= np.isin(ids, subset)
            dense = {int(i): dense[int(i)] for i in ids[keep]}
        l_scores, l_ids = self.index.bm25.search(query, n, subset=subset)
        lexical = {int(i): float(s) for s, i in zip(l_scores, l_ids)}
        fused: dict[int, float] = {}
        # ties are broken by paragraph id, so every store (whose own order of equal scores differs) ranks alike
        for ranking in (sorted(dense, key=lambda pid: (-dense[pid], pid)),
                        sorted(lexical, key=lambda pid: (-lexical[pid], pid))):
            for rank, pid in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        missing_dense = [pid for pid in fused if pid not in dense]
        if missing_dense:
            vecs = self.index.vectors(missing_dense)
            dense.update({pid: float(v @ qv) for pid, v in zip(missing_dense, vecs)})
        top = sorted(fused, key=lambda pid: (-fused[pid], -dense.get(pid, 0.0), pid))[:k]
        return [ParagraphScore(pid, fused[pid], dense.get(pid, 0.0), lexical.get(pid, 0.0)) for pid in top]
