"""What the dates layer needs of an assistant and a chat, and the assistant's view of a date window.

`qa.assistant.Assistant.answer` hands questions with time, an order or a quote check to
`qa.timefilter` (and through it to `qa.quote_answer`), so those modules cannot import
`qa.assistant`, not even for their type hints (tests/test_architecture.py refuses the cycle). They
type their arguments with these protocols instead; `Assistant` and `Conversation` satisfy them, and
mypy checks that wherever one is passed.

`scoped` gives the view of an assistant inside a date window that `qa.timefilter`, `qa.quote_answer`
and `qa.timeline` answer through.
"""
from __future__ import annotations

import copy
from typing import Any, Protocol, TypeVar, cast

import numpy as np

from qa.index import Index
from qa.records import Answer
from qa.retrieval import Retriever
from qa.speakers import SpeakerDirectory, SpeakerEntry
from qa.timeparse import TimeQuery


class Chat(Protocol):
    """A conversation's state that the dates layer reads and updates (`qa.assistant.Conversation`)."""

    speaker: SpeakerEntry | None
    cited: set
    time: TimeQuery | None


class Answerer(Protocol):
    """The assistant as the dates layer uses it (`qa.assistant.Assistant`)."""

    index: Index
    retriever: Retriever
    top_k: int

    @property
    def speakers(self) -> SpeakerDirectory: ...

    # `conv` is the assistant's own Conversation (a Chat); Any keeps Assistant.answer, which takes only that, a match
    def answer(self, question: str, conv: Any, speaker_filter: str | None = None, window: TimeQuery | None = None,
               order: str | None = None, dates: bool = True) -> Answer: ...

    def _supported(self, scored: list, topic: str, who: bool = False) -> bool: ...

    def _display_name(self, name: str) -> str: ...


A = TypeVar("A", bound=Answerer)  # `scoped` gives back what it is given (an Assistant stays one)


# -- the view ---------------------------------------------------------------------------------------------

class DateScope:
    """The documents of an index inside a window, and the undated ones it leaves out."""

    def __init__(self, index, window: TimeQuery):
        self.index, self.window = index, window
        dates = index.document_dates()
        self.admitted = frozenset(d for d, iso in dates.items() if window.admits(iso))
        self.undated = frozenset(d for d, iso in dates.items() if not iso or iso.startswith("--"))
        self._pids: np.ndarray | None = None

    @property
    def paragraph_ids(self) -> np.ndarray:
        """Sorted ids of the paragraphs of the admitted documents (computed on first use)."""
        if self._pids is None:
            by_doc = self.index.paragraph_ids_of(sorted(self.admitted))
            self._pids = np.asarray(sorted(p for ps in by_doc.values() for p in ps), dtype=np.int64)
        return self._pids

    def undated_with(self, variants) -> int:
        """Undated documents in which any of the speaker names `variants` has a statement."""
        variants = sorted(variants)
        if not variants or not self.undated:
            return 0
        rows = self.index.con.execute(f"SELECT DISTINCT doc_id FROM statements WHERE speaker IN "
                                      f"({','.join('?' * len(variants))})", variants)
        return sum(1 for (d,) in rows if d in self.undated)


class ScopedIndex:
    """An `Index` whose `statements()` are those of the scope's documents only; everything else is the index's."""

    def __init__(self, index, scope: DateScope):
        self._index, self._scope = index, scope

    @property
    def unscoped(self):
        """The whole index (to tell "no statement in the window" from "no statement at all")."""
        return self._index

    def statements(self, **kwargs):
        return [s for s in self._index.statements(**kwargs) if s.doc_id in self._scope.admitted]

    def __getattr__(self, name):
        return getattr(self._index, name)


class ScopedRetriever:
    """A `Retriever` that searches the scope's paragraphs only."""

    def __init__(self, retriever, scope: DateScope):
        self._retriever, self._scope = retriever, scope

    def search(self, query: str, k: int = 10, subset: np.ndarray | None = None, **kwargs):
        pids = self._scope.paragraph_ids
        subset = pids if subset is None else np.intersect1d(np.asarray(subset, dtype=np.int64), pids)
        if not len(subset):
            return []
        return self._retriever.search(query, k=k, subset=subset, **kwargs)

    def __getattr__(self, name):
        return getattr(self._retriever, name)


def scoped(assistant: A, window: TimeQuery | None) -> tuple[A, DateScope | None]:
    """A shallow copy of `assistant` that answers from the documents inside `window` (itself with a copy when
    there is no window), and the scope. The copy shares the index, the encoder and the speaker directory; whether
    a statement answers a topic is judged from the statement and its surroundings alone (`qa.evidence.Support`),
    so a window with nothing on the topic answers "not found" rather than its weakest statement."""
    view = copy.copy(assistant)
    if window is None or not window.has_range:
        return view, None
    scope = DateScope(assistant.index, window)
    # the proxies answer every call the assistant makes of an Index and a Retriever (the rest passes through)
    view.index = cast("Index", ScopedIndex(assistant.index, scope))
    view.retriever = cast("Retriever", ScopedRetriever(assistant.retriever, scope))
    return view, scope
