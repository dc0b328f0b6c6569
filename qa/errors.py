"""Errors a user can act on: each message names the file or option and what to do.

All derive from `corpus.errors.WhosaidError` (re-exported here), as do the readers' `ReadError` and
the vector stores' `StoreError`: catching `WhosaidError` catches every error meant for the user.
"""
from __future__ import annotations

from corpus.errors import ModelMissing, WhosaidError

__all__ = ["IndexBusy", "IndexMismatch", "IndexNotFound", "IndexRefused", "ModelMissing", "StoreUnavailable",
           "WhosaidError"]


class IndexNotFound(WhosaidError):
    pass


class IndexMismatch(WhosaidError):
    pass


class IndexBusy(WhosaidError):
    pass


class IndexRefused(WhosaidError):
    """A change the index refuses to make (e.g. a prune that would remove every document)."""


class StoreUnavailable(WhosaidError):
    """The index's vector store (a Milvus server or Milvus Lite file) cannot be used right now."""
