"""The vector-store interface: integer ids in, (scores, ids) out.

FAISS (`embeddings.faiss_store.FaissStore`) is the embedded default. A store only holds vectors;
records live in the index's SQLite database, so a store can be rebuilt from them at any time.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class VectorStore(Protocol):
    dim: int

    def __len__(self) -> int: ...

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under int64 ids (ids must not be present already)."""

    def remove(self, ids: np.ndarray) -> None:
        """Remove ids; unknown ids are ignored."""

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k inner products for each query row, optionally among `subset` ids only.

        Returns (scores, ids), both of shape (len(queries), k); missing results have id -1.
        """

    def save(self, path: str) -> None:
        """Write the store to `path` atomically (a reader never sees a half-written file)."""


def replace_atomically(tmp_path: str, path: str) -> None:
    """fsync `tmp_path` and rename it over `path`, so readers see the old file or the new one."""
    import os

    with open(tmp_path, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp_path, path)
