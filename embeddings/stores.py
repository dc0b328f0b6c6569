"""Opening an index's vector store from its `StoreSpec`: the one place that knows the implementations."""
from __future__ import annotations

from pathlib import Path

from embeddings.store import FAISS, StoreSpec, VectorStore


def open_store(spec: StoreSpec, dim: int, index_path: str | Path, *, create: bool = False,
               owner: str | None = None) -> VectorStore:
    """The vector store `spec` names, for the index folder `index_path` and `dim`-d vectors.

    Args:
        create: create a Milvus collection that is missing (writers); readers get a `StoreError` instead.
        owner: the id of the index a Milvus collection belongs to; a collection made for another is refused.

    Raises:
        StoreError: the store cannot be used (unreachable, missing, or not this index's); the message says why.
    """
    if spec.kind == FAISS:
        from embeddings.faiss_store import FaissGenerations

        return FaissGenerations(index_path, dim)
    from embeddings.milvus_store import MilvusStore

    return MilvusStore(spec, dim, create=create, owner=owner)
