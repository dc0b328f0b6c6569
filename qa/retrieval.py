"""Hybrid paragraph retrieval: dense (FAISS) and BM25 rankings fused by reciprocal rank.

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
               query_vector: np.ndarray | None = None) -> list[ParagraphScore]:
        """Top-k paragraphs for `query`, optionally among the paragraph ids in `subset`."""
        n = max(k, self.candidates)
        qv = self.encode(query) if query_vector is None else query_vector
        d_scores, d_ids = self.index.store.search(qv[None, :], n, subset=subset)
        dense = {int(i): float(s) for s, i in zip(d_scores[0], d_ids[0]) if i >= 0}
        l_scores, l_ids = self.index.bm25.search(query, n, subset=subset)
        lexical = {int(i): float(s) for s, i in zip(l_scores, l_ids)}
        fused: dict[int, float] = {}
        for ranking in (sorted(dense, key=dense.get, reverse=True), sorted(lexical, key=lexical.get, reverse=True)):
            for rank, pid in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        missing_dense = [pid for pid in fused if pid not in dense]
        if missing_dense:
            vecs = self.index.vectors(missing_dense)
            dense.update({pid: float(v @ qv) for pid, v in zip(missing_dense, vecs)})
        top = sorted(fused, key=lambda pid: (-fused[pid], -dense.get(pid, 0.0)))[:k]
        return [ParagraphScore(pid, fused[pid], dense.get(pid, 0.0), lexical.get(pid, 0.0)) for pid in top]
