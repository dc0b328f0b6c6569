"""FAISS vector store: exact search while the collection is small, HNSW once it is large.

Vectors live in a `faiss.IndexIDMap2`, so ids are the index's own record ids. Below
`FLAT_LIMIT` vectors the inner index is an exact `IndexFlatIP` (15 ms for 100k vectors here);
beyond it the store converts itself to `IndexHNSWFlat` (about 1 ms at a million) with `ef_search`
chosen for recall@10 >= 0.95 against exact search (see bench/). HNSW cannot delete, so removed ids
become tombstones that every search excludes; the graph is rebuilt once they pass a fifth of it.
"""
from __future__ import annotations

import os

import numpy as np

from embeddings.store import replace_atomically

FLAT_LIMIT = 100_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 96
REBUILD_FRACTION = 0.2


class FaissStore:
    """Vectors by int64 id, inner-product search.

    Args:
        dim: vector size.
        index: an existing FAISS index (as loaded by `load`).
        removed: tombstoned ids of an HNSW index.
        flat_limit: size at which the exact index is replaced by HNSW.
    """

    def __init__(self, dim: int, index=None, removed=None, flat_limit: int = FLAT_LIMIT):
        import faiss

        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.removed = set(int(i) for i in (removed if removed is not None else ()))
        self.flat_limit = flat_limit
        self.ef_search = HNSW_EF_SEARCH

    @property
    def kind(self) -> str:
        import faiss

        inner = faiss.downcast_index(self.index.index)
        return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"

    def __len__(self) -> int:
        return int(self.index.ntotal) - len(self.removed)

    def ids(self) -> np.ndarray:
        import faiss

        ids = faiss.vector_to_array(self.index.id_map)
        return ids[~np.isin(ids, np.fromiter(self.removed, np.int64, len(self.removed)))] if self.removed else ids

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.removed:
            self.removed.difference_update(int(i) for i in ids)
        if self.kind == "flat" and self.index.ntotal + len(ids) > self.flat_limit:
            old_ids = self.ids()
            old = self.index.reconstruct_batch(old_ids) if len(old_ids) else np.zeros((0, self.dim), np.float32)
            self._build_hnsw(np.concatenate([old_ids, ids]), np.concatenate([old, vectors]))
        else:
            self.index.add_with_ids(vectors, ids)

    def _build_hnsw(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        import faiss

        inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index = faiss.IndexIDMap2(inner)
        index.add_with_ids(vectors, ids)
        self.index, self.removed = index, set()

    def remove(self, ids: np.ndarray) -> None:
        if not len(ids):
            return
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if self.kind == "flat":
            self.index.remove_ids(ids)
            return
        self.removed.update(int(i) for i in ids)
        if len(self.removed) > REBUILD_FRACTION * self.index.ntotal:
            keep = self.ids()
            vectors = self.index.reconstruct_batch(keep) if len(keep) else np.zeros((0, self.dim), np.float32)
            if len(keep) <= self.flat_limit:
                import faiss

                self.index, self.removed = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim)), set()
                if len(keep):
                    self.index.add_with_ids(vectors, keep)
            else:
                self._build_hnsw(keep, vectors)

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None):
        import faiss

        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if subset is not None and self.removed:
            subset = np.asarray([i for i in subset if int(i) not in self.removed], dtype=np.int64)
        k = max(1, min(k, len(self) if subset is None else len(subset)))
        if len(self) == 0 or (subset is not None and len(subset) == 0):
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        sel = None
        if subset is not None:
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(subset, dtype=np.int64))
        elif self.removed:
            sel = faiss.IDSelectorNot(faiss.IDSelectorBatch(np.fromiter(self.removed, np.int64, len(self.removed))))
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, 2 * k))
            if sel is not None:
                params.sel = sel
        else:
            params = faiss.SearchParameters(sel=sel) if sel is not None else None
        if len(queries) == 1:
            # one query: OpenMP's thread start-up costs more than it saves, and hurts under load
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)
            try:
                return self.index.search(queries, k, params=params)
            finally:
                faiss.omp_set_num_threads(threads)
        return self.index.search(queries, k, params=params)

    def get(self, ids) -> np.ndarray:
        """Stored vectors of `ids`, in order."""
        ids = np.ascontiguousarray(list(ids), dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(ids)

    def save(self, path: str) -> None:
        import faiss

        tmp = f"{path}.tmp-{os.getpid()}"
        faiss.write_index(self.index, tmp)
        replace_atomically(tmp, path)
        tomb = f"{path}.removed.npy"
        if self.removed:
            tmp_t = f"{path}.removed.tmp-{os.getpid()}.npy"
            np.save(tmp_t, np.fromiter(sorted(self.removed), np.int64, len(self.removed)))
            replace_atomically(tmp_t, tomb)
        elif os.path.exists(tomb):
            os.remove(tomb)

    @classmethod
    def load(cls, path: str) -> "FaissStore":
        import faiss

        index = faiss.read_index(path)
        tomb = f"{path}.removed.npy"
        removed = np.load(tomb) if os.path.exists(tomb) else None
        return cls(index.d, index, removed)
