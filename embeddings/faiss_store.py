"""FAISS vector store: exact inner-product search over an id-mapped flat index."""
from __future__ import annotations

import os

import numpy as np

from embeddings.store import replace_atomically


class FaissStore:
    """Vectors in a `faiss.IndexIDMap2` so ids are the index's own record ids.

    Args:
        dim: vector size.
        index: an existing FAISS index (as loaded by `load`).
    """

    def __init__(self, dim: int, index=None):
        import faiss

        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                    np.ascontiguousarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self.index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None):
        import faiss

        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, len(self) if subset is None else len(subset)))
        if len(self) == 0 or (subset is not None and len(subset) == 0):
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        params = None
        if subset is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.ascontiguousarray(subset, dtype=np.int64)))
        scores, ids = self.index.search(queries, k, params=params)
        return scores, ids

    def save(self, path: str) -> None:
        import faiss

        tmp = f"{path}.tmp-{os.getpid()}"
        faiss.write_index(self.index, tmp)
        replace_atomically(tmp, path)

    @classmethod
    def load(cls, path: str) -> "FaissStore":
        import faiss

        index = faiss.read_index(path)
        return cls(index.d, index)
