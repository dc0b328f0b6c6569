"""BM25 over any set of (id, text) units, numpy only, persisted as one .npz file.

Term-major postings with the BM25 weight of each (term, unit) precomputed, so a query is a few
array slices and one `np.bincount`. `score_texts` scores arbitrary short texts (a speaker's
statements) against the same collection statistics.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from embeddings.store import replace_atomically

STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here
here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself
let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their
theirs them themselves then there there's these they they'd they'll they're they've this those through
to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's
where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're
you've your yours yourself yourselves s t said say says saying tell told did does what whom
""".split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class Tokenizer:
    """Lower-cased words, English stopwords out, Snowball-stemmed (possessive 's dropped)."""

    def __init__(self):
        import Stemmer

        self._stem = Stemmer.Stemmer("english").stemWords

    def __call__(self, text: str) -> list[str]:
        words = []
        for w in _WORD.findall(text.lower()):
            w = re.sub(r"['’]s$", "", w)
            if w not in STOPWORDS and w.replace("’", "'") not in STOPWORDS:
                words.append(w.replace("’", "'"))
        return self._stem(words)


_tokenizer: Tokenizer | None = None


def tokenize(text: str) -> list[str]:
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = Tokenizer()
    return _tokenizer(text)


class BM25:
    """Okapi BM25 (k1=1.2, b=0.75) over units with int64 ids."""

    k1 = 1.2
    b = 0.75

    def __init__(self, ids: np.ndarray, vocab: list[str], indptr: np.ndarray, postings: np.ndarray,
                 weights: np.ndarray, df: np.ndarray, avgdl: float):
        self.ids = ids
        self.vocab = vocab
        self.term_index = {t: i for i, t in enumerate(vocab)}
        self.indptr, self.postings, self.weights = indptr, postings, weights
        self.df, self.avgdl = df, avgdl
        self._pos = {int(x): i for i, x in enumerate(ids)} if len(ids) < 2_000_000 else None

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, ids: Sequence[int], texts: Iterable[str]) -> BM25:
        vocab: dict[str, int] = {}
        doc_terms: list[np.ndarray] = []
        doc_tfs: list[np.ndarray] = []
        lengths = []
        for text in texts:
            toks = tokenize(text)
            lengths.append(len(toks))
            counts = Counter(vocab.setdefault(t, len(vocab)) for t in toks)
            doc_terms.append(np.fromiter(counts.keys(), np.int64, len(counts)))
            doc_tfs.append(np.fromiter(counts.values(), np.float32, len(counts)))
        n = len(lengths)
        ids_arr = np.asarray(list(ids), dtype=np.int64)
        if n != len(ids_arr):
            raise ValueError("ids and texts differ in length")
        dl = np.asarray(lengths, dtype=np.float32)
        avgdl = float(dl.mean()) if n else 1.0
        terms = np.concatenate(doc_terms) if n else np.zeros(0, np.int64)
        tfs = np.concatenate(doc_tfs) if n else np.zeros(0, np.float32)
        docs = np.repeat(np.arange(n, dtype=np.int64), [len(t) for t in doc_terms]) if n else np.zeros(0, np.int64)
        df = np.bincount(terms, minlength=len(vocab)).astype(np.float32)
        order = np.argsort(terms, kind="stable")
        terms, tfs, docs = terms[order], tfs[order], docs[order]
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(vocab)), out=indptr[1:])
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = cls.k1 * (1 - cls.b + cls.b * dl[docs] / max(avgdl, 1e-6))
        weights = idf[terms] * tfs * (cls.k1 + 1) / (tfs + norm)
        return cls(ids_arr, list(vocab), indptr, docs.astype(np.int32), weights.astype(np.float32), df, avgdl)

    def _query_terms(self, query: str) -> list[int]:
        return [self.term_index[t] for t in dict.fromkeys(tokenize(query)) if t in self.term_index]

    def scores(self, query: str) -> np.ndarray:
        """Score of every unit, in the order of `self.ids`."""
        terms = self._query_terms(query)
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        docs = np.concatenate([self.postings[self.indptr[t]:self.indptr[t + 1]] for t in terms])
        weights = np.concatenate([self.weights[self.indptr[t]:self.indptr[t + 1]] for t in terms])
        return np.bincount(docs, weights, minlength=len(self.ids)).astype(np.float32)

    def search(self, query: str, k: int, subset: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) with a positive score, optionally among `subset` ids."""
        s = self.scores(query)
        if subset is not None:
            pos = self.positions(subset)
            cand, sc = pos, s[pos]
        else:
            cand, sc = np.arange(len(s)), s
        keep = sc > 0
        cand, sc = cand[keep], sc[keep]
        if len(sc) > k:
            top = np.argpartition(-sc, k)[:k]
            cand, sc = cand[top], sc[top]
        order = np.argsort(-sc, kind="stable")
        return sc[order], self.ids[cand[order]]

    def positions(self, ids: np.ndarray) -> np.ndarray:
        if self._pos is not None:
            return np.asarray([self._pos[int(i)] for i in ids if int(i) in self._pos], dtype=np.int64)
        return np.nonzero(np.isin(self.ids, ids))[0]

    def known(self, ids) -> np.ndarray:
        """Which of `ids` are paragraphs of this generation (a mask)."""
        ids = np.asarray(ids, dtype=np.int64)
        if self._pos is not None:
            return np.fromiter((int(i) in self._pos for i in ids), dtype=bool, count=len(ids))
        return np.isin(ids, self.ids)

    def score_texts(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """BM25 of arbitrary texts against the query with this collection's idf and avgdl."""
        n = len(self.ids)
        q = dict.fromkeys(tokenize(query))
        out = np.zeros(len(texts), dtype=np.float32)
        for j, text in enumerate(texts):
            toks = tokenize(text)
            counts = Counter(toks)
            norm = self.k1 * (1 - self.b + self.b * len(toks) / max(self.avgdl, 1e-6))
            for t in q:
                tf = counts.get(t)
                if tf:
                    i = self.term_index.get(t)
                    df = self.df[i] if i is not None else 0.0
                    idf = np.log1p((n - df + 0.5) / (df + 0.5))
                    out[j] += idf * tf * (self.k1 + 1) / (tf + norm)
        return out

    def save(self, path: str) -> None:
        tmp = f"{path}.tmp-{os.getpid()}.npz"
        np.savez(tmp, ids=self.ids, vocab=np.frombuffer("\n".join(self.vocab).encode(), dtype=np.uint8),
                 indptr=self.indptr, postings=self.postings, weights=self.weights, df=self.df,
                 avgdl=np.float64(self.avgdl))
        replace_atomically(tmp, path)

    @classmethod
    def load(cls, path: str) -> BM25:
        z = np.load(path)
        raw = z["vocab"].tobytes().decode()
        vocab = raw.split("\n") if raw else []
        return cls(z["ids"], vocab, z["indptr"], z["postings"], z["weights"], z["df"], float(z["avgdl"]))
