"""Errors a user can act on: each message names the file or option and what to do."""
from __future__ import annotations


class WhosaidError(Exception):
    """Base class: `str(err)` is a complete message for the terminal or the UI."""


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
