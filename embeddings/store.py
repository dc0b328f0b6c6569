"""The vector-store interface: an index's vectors by paragraph id, in generations; and where they live.

FAISS files in the index folder (`embeddings.faiss_store.FaissGenerations`) are the embedded default;
a Milvus collection (`embeddings.milvus_store.MilvusStore`) is the scale-out one. `embeddings.stores.open_store`
opens either from a `StoreSpec`. A store only holds vectors (and the fields Milvus filters on);
records live in the index's SQLite database, so a store can be rebuilt from them at any time.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from corpus.errors import WhosaidError


@runtime_checkable
class VectorStore(Protocol):
    """An index's vectors by int64 paragraph id, in generations.

    Readers see one committed generation (`show`). One writer at a time builds the next: `begin`, `remove` and
    `add`, then `save` before the records commit (or `remove_uncommitted` after a failure). A store whose
    generations share one collection updated in place (`in_place`, Milvus) cannot drop rows before the records
    commit: the writer queues their ids with the records and `remove`s them after, and until then a search may
    return them, so readers keep only ids their generation knows.

    Attributes:
        dim: the vector size.
        in_place: generations share one collection (see above); False when each is a copy of its own (FAISS).
        filters_speakers: `search(..., speakers=...)` filters by speaker inside the store; otherwise a caller
            passes the speakers' paragraph ids as `subset`.
        remote: each call is a round trip (a server): read vectors from the index's embedding cache instead of `get`.
    """

    dim: int

    @property
    def in_place(self) -> bool: ...

    @property
    def filters_speakers(self) -> bool: ...

    @property
    def remote(self) -> bool: ...

    def __len__(self) -> int:
        """Vectors in the generation shown."""
        ...

    def show(self, generation: int) -> None:
        """Readers: search generation `generation` from now on (FAISS loads its file here)."""

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None,
               speakers: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k inner products for each query row, optionally among `subset` ids only, or (with
        `filters_speakers`) among the paragraphs quoting one of `speakers`.

        Returns (scores, ids), both of shape (len(queries), k') with k' <= k; missing results have id -1.
        """
        ...

    def get(self, ids: Iterable[int]) -> np.ndarray:
        """Stored vectors of `ids`, in order."""
        ...

    def ids(self) -> np.ndarray:
        """Every id in the generation shown."""
        ...

    def begin(self, generation: int) -> None:
        """Writers: start building `generation` on top of `generation - 1`, the committed one."""

    def add(self, ids: np.ndarray, vectors: np.ndarray, *, doc_ids: Sequence[str] | None = None,
            paragraphs: Sequence[int] | None = None, speakers: Sequence[Collection[str]] | None = None) -> None:
        """Add vectors under new int64 ids to the generation being built. `doc_ids`, `paragraphs` and `speakers` (the
        canonical names quoted in each paragraph) are the fields a store may filter on."""

    def remove(self, ids: Iterable[int]) -> None:
        """Remove ids (unknown ids are ignored): from the generation being built, or, `in_place`, from the
        collection once the records no longer name them."""

    def save(self) -> None:
        """Make the generation being built durable, before the records that name it commit."""

    def remove_uncommitted(self, committed: int) -> None:
        """Drop what a writer left above generation `committed` (a failed run, or a killed one)."""

    def close(self) -> None:
        """Release the store (for Milvus Lite, its file, so another process may open it)."""


def generation_dir(index_path: str | Path, generation: int) -> Path:
    """The folder of generation `generation` in an index folder (its BM25 postings, and FAISS's vectors)."""
    return Path(index_path) / f"gen-{generation}"


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
        given = base[len("milvus-lite:"):].removeprefix("//") if base != "milvus-lite" else ""
        path = Path(given).expanduser().resolve() if given else index_path / MILVUS_LITE_FILE
        if path.suffix != ".db":
            raise StoreError(f"--store {value!r}: a Milvus Lite file must end in .db (e.g. milvus-lite:/data/vectors.db)")
        return StoreSpec("milvus-lite", str(path), collection, in_index=base == "milvus-lite")
    m = re.fullmatch(r"milvus(\+https?)?://([^/:?#]+)(?::(\d+))?/?", base)
    if m:
        scheme = (m.group(1) or "+http")[1:]
        return StoreSpec("milvus", f"{scheme}://{m.group(2)}:{m.group(3) or 19530}", collection)
    raise StoreError(f"--store {value!r} is not known: give faiss (the default), milvus-lite, milvus-lite:PATH.db "
                     "or milvus://HOST:PORT")
