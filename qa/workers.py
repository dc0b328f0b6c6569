"""Attribution for the indexer: in this process or in worker processes, a window at a time.

A document is attributed as a whole (names, titles and pronouns are resolved across it), and that
holds a parse of every paragraph in memory at once; a document longer than `WINDOW` paragraphs
(a huge transcript) is attributed in windows of that many paragraphs instead, so memory stays
bounded whatever the file size: each window resolves names on its own.

The worker processes never outlive the run: they die with their parent (Linux `PR_SET_PDEATHSIG`,
and a watchdog thread elsewhere), ignore Ctrl-C (the parent reports it once), and one that dies
(killed, out of memory) fails the run with a message instead of being replaced forever.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import replace

from corpus.attribution import Attributor, DocAttribution, Speaker, Statement
from corpus.document import Document
from corpus.paragraphs import Paragraph
from qa.errors import WhosaidError

WINDOW = 1000  # paragraphs attributed together (a longer document is attributed in windows of this many)
ATTRIBUTION_CHUNK = 20  # windows (documents) per task sent to a worker
# Attribution (spaCy) costs more CPU per paragraph than int8 embedding: give it every core; the
# embedding in this process shares them, and the workers take over once it is done.
ATTRIBUTION_WORKERS = max(1, os.cpu_count() or 1)
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

Item = tuple[Document, Sequence[Paragraph], int]  # a document (or a window of one, rebased) and its offset


class WorkerDied(WhosaidError):
    """An attribution worker process stopped before finishing its work."""


def windows(doc: Document, paras: Sequence[Paragraph], size: int | None = None) -> list[Item]:
    """The document as one item, or a long one as windows of `size` (default `WINDOW`) paragraphs, each a document
    of its own text span with paragraph offsets rebased to it (the item's offset puts them back)."""
    size = size or WINDOW
    if len(paras) <= size:
        return [(doc, paras, 0)]
    out: list[Item] = []
    for i in range(0, len(paras), size):
        part = paras[i:i + size]
        lo, hi = part[0].start, part[-1].end
        out.append((replace(doc, text=doc.text[lo:hi]),
                    [replace(p, start=p.start - lo, end=p.end - lo) for p in part], lo))
    return out


def merge(parts: list[tuple[DocAttribution, int]]) -> DocAttribution:
    """One document's attribution from its windows': statements moved back to document offsets, each speaker
    once (aliases joined, statements counted together)."""
    if len(parts) == 1 and parts[0][1] == 0:
        return parts[0][0]
    statements: list[Statement] = []
    speakers: dict[tuple[str, str], Speaker] = {}
    for result, lo in parts:
        for s in result.statements:
            statements.append(replace(s, start=s.start + lo, end=s.end + lo,
                                      mention_start=None if s.mention_start is None else s.mention_start + lo,
                                      mention_end=None if s.mention_end is None else s.mention_end + lo,
                                      cue_start=None if s.cue_start is None else s.cue_start + lo,
                                      cue_end=None if s.cue_end is None else s.cue_end + lo))
        for sp in result.speakers:
            had = speakers.get((sp.name, sp.kind))
            speakers[(sp.name, sp.kind)] = sp if had is None else Speaker(
                sp.name, sp.kind, tuple(dict.fromkeys(had.aliases + sp.aliases)), had.gender or sp.gender,
                had.statements + sp.statements)
    return DocAttribution(parts[0][0].doc_id, statements, list(speakers.values()))


def items_of(batch: Sequence[tuple[Document, Sequence[Paragraph]]]) -> tuple[list[Item], list[int]]:
    """The items to attribute for a batch of documents, and for each item the index of its document."""
    items, owner = [], []
    for j, (doc, paras) in enumerate(batch):
        for item in windows(doc, paras):
            items.append(item)
            owner.append(j)
    return items, owner


def assemble(n: int, owner: list[int], items: list[Item], results: list[DocAttribution]) -> list[DocAttribution]:
    parts: list[list] = [[] for _ in range(n)]
    for j, item, result in zip(owner, items, results):
        parts[j].append((result, item[2]))
    return [merge(p) for p in parts]


def attribute_here(attributor: Attributor, batch, on_done=None) -> list[DocAttribution]:
    """Attribute a batch of (document, paragraphs) in this process; after each document (or window of one),
    `on_done(documents finished so far, paragraphs just attributed)`."""
    items, owner = items_of(batch)
    results = []
    for k, result in enumerate(attributor.attribute_many([(d, p) for d, p, _ in items])):
        results.append(result)
        if on_done:
            finished = owner[k] + 1 if k + 1 == len(items) or owner[k + 1] != owner[k] else owner[k]
            on_done(finished, len(items[k][1]))
    return assemble(len(batch), owner, items, results)


class Job:
    """A batch sent to the pool: futures of its chunks, in order."""

    def __init__(self, batch, items, owner, futures, chunks):
        self.batch, self.items, self.owner, self.futures, self.chunks = batch, items, owner, futures, chunks
        self.shown = 0  # documents the progress bar counts already

    def done_documents(self) -> int:
        """How many documents of the batch, from the first, are attributed already."""
        k = 0
        for fut, (_, hi) in zip(self.futures, self.chunks):
            if not fut.done():
                break
            k = hi
        if k == len(self.items):
            return len(self.batch)
        return self.owner[k] if k else 0

    def result(self) -> tuple[list[DocAttribution], float]:
        from concurrent.futures.process import BrokenProcessPool

        results, seconds = [], 0.0
        try:
            for fut in self.futures:
                chunk, secs = fut.result()
                results += chunk
                seconds += secs
        except BrokenProcessPool:
            raise WorkerDied("an attribution worker process stopped unexpectedly (killed, or out of memory?); "
                             "the index is unchanged: run again, or lower --max-file-mb if a huge file is the cause") from None
        return assemble(len(self.batch), self.owner, self.items, results), seconds


class AttributionPool:
    """Worker processes (spawned: no threads are forked) that attribute chunks of documents."""

    def __init__(self, attributor: Attributor, workers: int = ATTRIBUTION_WORKERS):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.executor = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_worker_init,
                                            initargs=(attributor.model, attributor.batch_size, os.getpid()))

    def submit(self, batch) -> Job:
        items, owner = items_of(batch)
        chunks = [(i, min(i + ATTRIBUTION_CHUNK, len(items))) for i in range(0, len(items), ATTRIBUTION_CHUNK)]
        with _child_environment():  # a worker process may be started by a submit
            futures = [self.executor.submit(_worker_attribute, [(d, p) for d, p, _ in items[lo:hi]])
                       for lo, hi in chunks]
        return Job(batch, items, owner, futures, chunks)

    def close(self, abort: bool = False) -> None:
        """Wait for the workers to exit; with `abort`, stop them now."""
        if abort:
            for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
            self.executor.shutdown(wait=True, cancel_futures=True)
        else:
            self.executor.shutdown(wait=True)


@contextlib.contextmanager
def _child_environment():
    """What a spawned worker inherits: one thread for its numerical libraries (it has one core), and Ctrl-C
    ignored from its first instruction (the parent reports the interrupt, once)."""
    saved = {k: os.environ.get(k) for k in _THREAD_VARS}
    os.environ.update(dict.fromkeys(_THREAD_VARS, "1"))
    main = threading.current_thread() is threading.main_thread()
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        yield
    finally:
        if main:
            signal.signal(signal.SIGINT, handler)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


_worker_attributor: Attributor | None = None


def _worker_init(model: str, batch_size: int, parent: int) -> None:
    global _worker_attributor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    _worker_attributor = Attributor(model=model, batch_size=batch_size)


def _die_with(parent: int) -> None:
    """End this process when `parent` ends, even by SIGKILL, so no worker is left computing for no one."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before that took effect
        os._exit(1)

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="whosaid-parent-watch", daemon=True).start()


def _worker_attribute(chunk):
    t0 = time.perf_counter()
    if _worker_attributor is None:
        raise RuntimeError("an attribution worker was used before its initializer ran")
    results = list(_worker_attributor.attribute_many(chunk))
    return results, time.perf_counter() - t0
