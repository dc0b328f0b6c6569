"""The vector-store interface: integer ids in, (scores, ids) out.

FAISS (`embeddings.faiss_store.FaissStore`) is the embedded default. A store only holds vectors;
records live in the index's SQLite database, so a store can be rebuilt from them at any time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from corpus.errors import WhosaidError


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


# -- choosing a store ----------------------------------------------------------------------------
FAISS = "faiss"
MILVUS_LITE_FILE = "milvus.db"  # inside the index folder, for `--store milvus-lite`


class StoreError(WhosaidError, ValueError):
    """A --store value that cannot be used; the message says what to give instead."""


@dataclass(frozen=True)
class StoreSpec:
    """Where an index keeps its vectors: `faiss` (files in the index folder, the default), Milvus Lite
    (`milvus-lite` for a file in the index folder, `milvus-lite:PATH.db` for another file) or a Milvus
    server (`milvus://HOST:PORT`, `milvus+https://HOST:PORT`; a token, if the server wants one, comes from
    $MILVUS_TOKEN). `?collection=NAME` picks the collection (default: one named after the index folder)."""

    kind: str
    uri: str | None = None
    collection: str | None = None
    in_index: bool = field(default=False, compare=False)  # a Milvus Lite file inside the index folder: moves with it

    @property
    def is_milvus(self) -> bool:
        return self.kind in ("milvus", "milvus-lite")

    def describe(self) -> str:
        if self.kind == FAISS:
            return "faiss (files in the index folder)"
        where = "Milvus Lite file" if self.kind == "milvus-lite" else "Milvus server"
        return f"{where} {self.uri}, collection {self.collection}"

    def to_meta(self) -> str:
        """The string kept in the index's meta table (absolute, so the index can be opened from anywhere)."""
        if self.kind == FAISS:
            return FAISS
        if self.in_index:
            return f"milvus-lite?collection={self.collection}"
        scheme = {"milvus-lite": "milvus-lite:"}.get(self.kind, "milvus+")
        return f"{scheme}{self.uri}?collection={self.collection}"


def parse_store(value: str | None, index_path) -> StoreSpec:
    """A --store value (or the one kept in an index's meta) as a StoreSpec; see `StoreSpec`."""
    import hashlib
    import re
    from pathlib import Path

    value = (value or FAISS).strip()
    index_path = Path(index_path).resolve()
    base, _, query = value.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
    unknown = set(params) - {"collection"}
    if unknown:
        raise StoreError(f"--store {value!r}: unknown option {sorted(unknown)[0]!r} (only ?collection=NAME is known)")
    collection = params.get("collection") or "whosaid_" + hashlib.sha1(str(index_path).encode()).hexdigest()[:12]
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,254}", collection):
        raise StoreError(f"--store {value!r}: a collection name is letters, digits and _ and starts with a letter or _")
    if base == FAISS:
        if query:
            raise StoreError(f"--store {value!r}: faiss takes no options")
        return StoreSpec(FAISS)
    if base == "milvus-lite" or base.startswith("milvus-lite:"):
        path = base[len("milvus-lite:"):].removeprefix("//") if base != "milvus-lite" else ""
        path = Path(path).expanduser().resolve() if path else index_path / MILVUS_LITE_FILE
        if path.suffix != ".db":
            raise StoreError(f"--store {value!r}: a Milvus Lite file must end in .db (e.g. milvus-lite:/data/vectors.db)")
        return StoreSpec("milvus-lite", str(path), collection, in_index=base == "milvus-lite")
    m = re.fullmatch(r"milvus(\+https?)?://([^/:?#]+)(?::(\d+))?/?", base)
    if m:
        scheme = (m.group(1) or "+http")[1:]
        return StoreSpec("milvus", f"{scheme}://{m.group(2)}:{m.group(3) or 19530}", collection)
    raise StoreError(f"--store {value!r} is not known: give faiss (the default), milvus-lite, milvus-lite:PATH.db "
                     "or milvus://HOST:PORT")
