"""FAISS vector store: exact search while the collection is small, HNSW once it is large.

Vectors live in a `faiss.IndexIDMap2`, so ids are the index's own record ids. Below
`FLAT_LIMIT` vectors the inner index is an exact `IndexFlatIP` (milliseconds at that size);
beyond it the store converts itself to `IndexHNSWFlat` with `ef_search` chosen for recall@10 >= 0.95
against exact search (bench/ measures both; the README's "Performance" has the numbers). HNSW cannot
delete, so removed ids become tombstones that every search excludes; the graph is rebuilt once they
pass a fifth of it.

A search restricted to a subset of ids (one speaker's paragraphs) is exact whenever the subset is
small: its rows are read straight from the index's own float storage and scored with one matrix
product. HNSW with a selective id filter loses most of its recall (bench/ measures it), and a flat
index with a filter still scans every vector.

`FaissGenerations` puts an index folder's files, one per generation, behind the `VectorStore` calls.
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.store import generation_dir, replace_atomically

VECTORS_FILE = "vectors.faiss"  # in each generation's folder

FLAT_LIMIT = 100_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 512  # the smallest reaching recall@10 0.95 at 1M synthetic-from-real vectors (bench.run)
REBUILD_FRACTION = 0.2
SUBSET_EXACT_LIMIT = 50_000  # subsets up to this size are scored exactly (a few ms at this size)


def _faiss() -> Any:
    """faiss, imported when first needed, untyped: its generated stubs miss classes and keyword arguments it has
    (`SearchParametersHNSW`, `SearchParameters(sel=...)`)."""
    import faiss

    return faiss


class FaissStore:
    """Vectors by int64 id, inner-product search.

    Args:
        dim: vector size.
        index: an existing FAISS index (as loaded by `load`).
        removed: tombstoned ids of an HNSW index.
        flat_limit: size at which the exact index is replaced by HNSW.
    """

    def __init__(self, dim: int, index=None, removed=None, flat_limit: int = FLAT_LIMIT):
        faiss = _faiss()

        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.removed = {int(i) for i in (removed if removed is not None else ())}
        self.flat_limit = flat_limit
        self.ef_search = HNSW_EF_SEARCH
        # (sorted ids, their rows in storage), built on the first subset search
        self._positions: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def kind(self) -> str:
        faiss = _faiss()

        inner = faiss.downcast_index(self.index.index)
        return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"

    def __len__(self) -> int:
        return int(self.index.ntotal) - len(self.removed)

    def ids(self) -> np.ndarray:
        faiss = _faiss()

        ids = faiss.vector_to_array(self.index.id_map)
        return ids[~np.isin(ids, np.fromiter(self.removed, np.int64, len(self.removed)))] if self.removed else ids

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        self._positions = None
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
        faiss = _faiss()

        inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index = faiss.IndexIDMap2(inner)
        index.add_with_ids(vectors, ids)
        self.index, self.removed = index, set()

    def remove(self, ids: np.ndarray) -> None:
        if not len(ids):
            return
        self._positions = None
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if self.kind == "flat":
            self.index.remove_ids(ids)
            return
        self.removed.update(int(i) for i in ids)
        if len(self.removed) > REBUILD_FRACTION * self.index.ntotal:
            keep = self.ids()
            vectors = self.index.reconstruct_batch(keep) if len(keep) else np.zeros((0, self.dim), np.float32)
            if len(keep) <= self.flat_limit:
                faiss = _faiss()

                self.index, self.removed = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim)), set()
                if len(keep):
                    self.index.add_with_ids(vectors, keep)
            else:
                self._build_hnsw(keep, vectors)

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None):
        faiss = _faiss()

        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if subset is not None and self.removed:
            subset = np.asarray([i for i in subset if int(i) not in self.removed], dtype=np.int64)
        k = max(1, min(k, len(self) if subset is None else len(subset)))
        if len(self) == 0 or (subset is not None and len(subset) == 0):
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        if subset is not None and len(subset) <= SUBSET_EXACT_LIMIT:
            return self._search_rows(queries, k, np.asarray(subset, dtype=np.int64))
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

    def _storage(self) -> np.ndarray:
        """The stored vectors as a read-only (ntotal, dim) view, row = internal position (no copy)."""
        faiss = _faiss()

        inner = faiss.downcast_index(self.index.index)
        flat = faiss.downcast_index(inner.storage) if isinstance(inner, faiss.IndexHNSW) else inner
        n = int(flat.ntotal)
        view = faiss.rev_swig_ptr(flat.get_xb(), n * self.dim).reshape(n, self.dim)
        view.flags.writeable = False
        return view

    def _rows(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Storage rows of those `ids` that are stored, and the ids themselves."""
        faiss = _faiss()

        if self._positions is None:
            id_map = faiss.vector_to_array(self.index.id_map)
            order = np.argsort(id_map, kind="stable")
            self._positions = (id_map[order], order)
        sorted_ids, order = self._positions
        at = np.clip(np.searchsorted(sorted_ids, ids), 0, max(len(sorted_ids) - 1, 0))
        present = sorted_ids[at] == ids if len(sorted_ids) else np.zeros(len(ids), bool)
        return order[at[present]], ids[present]

    def _search_rows(self, queries: np.ndarray, k: int, subset: np.ndarray):
        """Exact top-k among `subset`: gather its rows, one matrix product, partial sort. Like FAISS,
        pads with id -1 (score -FLT_MAX) when fewer than k of the ids are stored."""
        rows, ids = self._rows(np.unique(subset))
        n = min(k, len(ids))
        out_scores = np.full((len(queries), k), -np.finfo(np.float32).max, dtype=np.float32)
        out_ids = np.full((len(queries), k), -1, dtype=np.int64)
        if n == 0:
            return out_scores, out_ids
        scores = queries @ self._storage()[rows].T
        top = np.argpartition(-scores, n - 1, axis=1)[:, :n] if n < len(ids) else \
            np.tile(np.arange(len(ids)), (len(queries), 1))
        top_scores = np.take_along_axis(scores, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        out_scores[:, :n] = np.take_along_axis(top_scores, order, axis=1)
        out_ids[:, :n] = ids[np.take_along_axis(top, order, axis=1)]
        return out_scores, out_ids

    def get(self, ids) -> np.ndarray:
        """Stored vectors of `ids`, in order."""
        ids = np.ascontiguousarray(list(ids), dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(ids)

    def save(self, path: str) -> None:
        faiss = _faiss()

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
    def load(cls, path: str) -> FaissStore:
        faiss = _faiss()

        index = faiss.read_index(path)
        tomb = f"{path}.removed.npy"
        removed = np.load(tomb) if os.path.exists(tomb) else None
        return cls(index.d, index, removed)


class FaissGenerations:
    """An index folder's FAISS vectors, one file per generation (`gen-N/vectors.faiss`), as a `VectorStore`.

    Readers `show` a committed generation: its file is loaded then. A writer `begin`s the next one from a copy of
    the committed file (or an empty store), removes and adds vectors in memory, and `save`s the copy into the new
    generation's folder (which the writer made) before the records commit. Each generation is a file of its own,
    so nothing waits for the commit (`in_place` is False) and the committed file is never touched.

    Args:
        index_path: the index folder.
        dim: vector size.
    """

    in_place = False
    filters_speakers = False
    remote = False

    def __init__(self, index_path: str | Path, dim: int):
        self.index_path = Path(index_path)
        self.dim = dim
        self.generation: int | None = None
        self._shown: FaissStore | None = None
        self._building: tuple[int, FaissStore] | None = None

    def path(self, generation: int) -> Path:
        return generation_dir(self.index_path, generation) / VECTORS_FILE

    # -- reads ----------------------------------------------------------------------------------
    def show(self, generation: int) -> None:
        self._shown = FaissStore.load(str(self.path(generation)))
        self.generation = generation

    def _vectors(self) -> FaissStore:
        if self._shown is None:
            raise RuntimeError(f"no generation of {self.index_path} is shown: call show(generation) first")
        return self._shown

    def __len__(self) -> int:
        return len(self._vectors())

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None,
               speakers: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        if speakers is not None:
            raise ValueError("FAISS does not filter by speaker: pass the speakers' paragraph ids as subset")
        return self._vectors().search(queries, k, subset=subset)

    def get(self, ids: Iterable[int]) -> np.ndarray:
        return self._vectors().get(ids)

    def ids(self) -> np.ndarray:
        return self._vectors().ids()

    # -- writes ---------------------------------------------------------------------------------
    def begin(self, generation: int) -> None:
        committed = self.path(generation - 1)
        store = FaissStore.load(str(committed)) if generation > 1 and committed.exists() else FaissStore(self.dim)
        self._building = (generation, store)

    def _build(self) -> tuple[int, FaissStore]:
        if self._building is None:
            raise RuntimeError("no generation is being built: call begin(generation) first")
        return self._building

    def add(self, ids: np.ndarray, vectors: np.ndarray, *, doc_ids: Sequence[str] | None = None,
            paragraphs: Sequence[int] | None = None, speakers: Sequence[Collection[str]] | None = None) -> None:
        self._build()[1].add(ids, vectors)

    def remove(self, ids: Iterable[int]) -> None:
        self._build()[1].remove(np.asarray(list(ids), dtype=np.int64))

    def save(self) -> None:
        generation, store = self._build()
        store.save(str(self.path(generation)))
        self._building = None  # written: the memory is not needed any more

    def remove_uncommitted(self, committed: int) -> None:
        self._building = None  # a killed writer's folder is the index writer's to remove

    def close(self) -> None:
        self._shown = self._building = None
