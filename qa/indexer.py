"""Building and updating an index: files -> Document -> Paragraph -> Statement -> vectors + records.

A folder run follows the rule of `qa.plan`: it adds and updates, removes only with `prune`, never
replaces a document another file gave, and does not read a file whose size and mtime (or bytes)
are those recorded. Incremental by content hash: a document whose text and metadata are
unchanged is not touched; a changed document is re-split and re-attributed, but only paragraphs
whose text is new are embedded (the embedding cache is keyed by paragraph hash and committed as it
fills, so an interrupted run resumes without re-embedding).

Memory is bounded by a batch, not by the corpus: documents are read, split, attributed and
embedded `BATCH_PARAGRAPHS` at a time, and their records go to a staging file (`qa.staging`).
The records and the new generation of vectors become visible in one transaction at the end
(`qa.writer.IndexWriter.commit`); see `qa.index` for why a killed run loses nothing. With Ray
(`ray_address`), `qa.ray_ingest` computes the same records on a cluster and commits them the same way.
"""
from __future__ import annotations

import functools
import itertools
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from corpus.attribution import Attributor
from corpus.document import Document
from corpus.paragraphs import Paragraph, split_paragraphs
from corpus.readers import ReadError, Skipped, check_folder, iter_file, max_file_bytes, walk_folder
from qa import staging, workers
from qa.errors import IndexNotFound
from qa.plan import FolderRun, Outcome, file_digest, to_reattribute
from qa.report import IndexReport, StageTimer
from qa.writer import IndexWriter, empty_folder

__all__ = ["IndexReport", "Indexer", "index_folder", "open_index"]

EMBED_CHUNK = 256  # paragraphs embedded (and committed to the cache) per step
PARALLEL_MIN_PARAGRAPHS = 400  # below this a worker process costs more than it saves
BATCH_PARAGRAPHS = 4096  # paragraphs read, attributed and staged together (what memory holds)
PROGRESS_INTERVAL = 0.5  # seconds between redraws of the progress bar

Batch = list[tuple[int, Document, list[Paragraph]]]  # (files done, document, its paragraphs), in file order


class _Progress:
    """One progress bar for a run (tqdm on stderr, which the app's `gr.Progress(track_tqdm=True)` shows too):
    files done with paragraphs done and paragraphs/s beside them, and the time left; or, with `unit="paragraph"`
    (documents given in memory), paragraphs done of all."""

    def __init__(self, total: int, unit: str, enabled: bool):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit=unit, desc="indexing", disable=not enabled or not total, leave=False,
                        file=sys.stderr, dynamic_ncols=True, mininterval=PROGRESS_INTERVAL)
        self.by_paragraph = unit == "paragraph"
        self.t0 = time.perf_counter()
        self.paragraphs = 0

    def update(self, done: int, paragraphs: int = 0) -> None:
        """`done` files are finished in all, `paragraphs` more paragraphs attributed."""
        self.paragraphs += paragraphs
        rate = self.paragraphs / max(time.perf_counter() - self.t0, 1e-9)
        if self.by_paragraph:
            done = self.paragraphs
        else:
            self.bar.set_postfix_str(f"{self.paragraphs:,} paragraphs, {rate:.{0 if rate >= 10 else 1}f} paragraphs/s",
                                     refresh=False)
        if done > self.bar.n:
            self.bar.update(min(done, self.bar.total) - self.bar.n)
        else:
            self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


class Indexer(IndexWriter):
    """Writes one index folder: reads, splits, attributes and embeds documents in this process (and worker
    processes for attribution), and commits them. Holds the folder's write lock while open.

    Args:
        path: the index folder (created if missing).
        encoder: the encoder kind for a new index (an existing index keeps its own).
        attributor: attribution engine (default: the rule + spaCy one).
        progress: show a progress bar on stderr (default: only when it is a terminal).
        parallel: attribute in worker processes while embedding (default: with 2+ cores).
        store: where a new index keeps its vectors (`faiss`, the default; `milvus-lite`; `milvus://HOST:PORT`;
            see `embeddings.store.StoreSpec`). An existing index keeps its own; naming another one is an error.
    """

    def __init__(self, path: str | os.PathLike, encoder: str | None = None, attributor: Attributor | None = None,
                 progress: bool | None = None, batch_size: int = 32, parallel: bool | None = None,
                 store: str | None = None):
        super().__init__(path, encoder=encoder, store=store)
        self.attributor = attributor or Attributor()
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.batch_size = batch_size
        # worker processes for attribution when there are cores to spare and the default engine is used
        self.parallel = (os.cpu_count() or 1) > 1 and attributor is None if parallel is None else parallel

    # -- public -------------------------------------------------------------------------
    def index_folder(self, folder: str | os.PathLike, prune: bool = False, replace: bool = False,
                     max_bytes: int | None = None) -> IndexReport:
        """Add the new and changed documents under `folder`; see `qa.plan` for the rule.

        Args:
            folder: the folder (document ids are paths relative to it).
            prune: remove documents that lived under `folder` and are gone from it (without it the report
                lists them in `prunable`).
            replace: let a file replace a different document of the same id that came from elsewhere.
            max_bytes: the size limit per file (default: `corpus.readers.max_file_bytes()`).

        Raises:
            ReadError: `folder` is missing, not a folder, or holds no files at all.
            IndexRefused: pruning would empty the index.
        """
        report = IndexReport()
        timer = StageTimer(report)
        max_bytes = max_file_bytes() if max_bytes is None else max_bytes
        run = self.plan_folder(folder, prune, replace, report, timer)
        todo = self._read_folder(run, report, timer, max_bytes)
        return self._apply(todo, report, timer, run.finish, total=len(run.read), unit="file", run=run)

    def add_documents(self, docs: Sequence[Document]) -> IndexReport:
        """Add or replace documents (by id) without touching the others. No folder run removes them, and a
        folder file of the same id does not replace them (see `qa.plan`)."""
        report = IndexReport()
        existing = self.document_hashes()
        todo: list[tuple[int, Document]] = []
        seen: set[str] = set()
        for d in docs:
            if d.id in seen:
                report.skipped.append(Skipped(d.path or d.id, f"{d.path or d.id}: duplicate document id {d.id}; "
                                                              "rename one of them"))
                continue
            seen.add(d.id)
            if existing.get(d.id) == d.hash:
                report.unchanged += 1
            else:
                todo.append((len(todo) + 1, d))
                report.added += d.id not in existing
                report.changed += d.id in existing
        release = self._release_from_files(seen)
        outcome = Outcome(release, [], [], [])
        total = sum(len(split_paragraphs(d)) for _, d in todo) if self.progress else 0  # to size the bar
        return self._apply(iter(todo), report, StageTimer(report), lambda: outcome, total=total, unit="paragraph")

    def remove_documents(self, doc_ids: Iterable[str]) -> IndexReport:
        report = IndexReport()
        ids = set(doc_ids)
        outcome = Outcome(self._release_from_files(ids), [], sorted(ids), [])
        return self._apply(iter(()), report, StageTimer(report), lambda: outcome, total=0, unit="paragraph")

    # -- a folder run ---------------------------------------------------------------------
    def _read_folder(self, run: FolderRun, report: IndexReport, timer: StageTimer,
                     max_bytes: int) -> Iterator[tuple[int, Document]]:
        """The documents of `run` to add or change, read one file at a time, with the number of files done."""
        for n, f in enumerate(run.read, 1):
            known = run.known_digest(f)
            with timer("read"):
                digest = file_digest(f.path)
            if known is not None and digest == known:
                report.file_unchanged(run.file_unchanged(f))
                continue
            report.files_read += 1
            reading = run.reading(f, digest)
            lines: list[Skipped] = []
            docs = iter_file(f.path, f.rel, lines, max_bytes)
            while True:
                try:
                    with timer("read"):
                        doc = next(docs, None)
                except ReadError as err:
                    report.skipped.append(Skipped(f.path, str(err)))
                    reading.failed()
                    break
                if doc is None:
                    break
                action, why = reading.document(doc.id, doc.hash, doc.path or f.path)
                if report.count(action, why):
                    yield n, doc
            for line in lines:
                report.skipped.append(line)
                reading.bad_line()
            reading.done()

    # -- the pipeline ---------------------------------------------------------------------
    def _apply(self, todo: Iterator[tuple[int, Document]], report: IndexReport, timer: StageTimer,
               finish: Callable[[], Outcome], total: int, unit: str, run: FolderRun | None = None) -> IndexReport:
        """Split, attribute, embed and stage the documents of `todo` (each with the number of files done when it is)
        a batch at a time, then commit them with what `finish()` says (called once `todo` is exhausted), all in one
        transaction. `total` and `unit` size the progress bar."""
        existing = self.document_hashes()
        reattribute = self.stale_attribution
        outcome: list[Outcome] = []
        queued: set[str] = set()

        def documents() -> Iterator[tuple[int, Document]]:
            for n, doc in todo:
                queued.add(doc.id)
                yield n, doc
            outcome.append(finish())
            if reattribute:
                # A newer attribution engine: re-attribute every stored document (their vectors are reused).
                stale = to_reattribute(existing, queued, outcome[0])
                report.reattributing(stale, run.given if run is not None else ())
                for doc_id in stale:
                    yield total, self.stored_document(doc_id)

        bar = _Progress(total, unit, self.progress)
        stage = staging.Stage(self.path)
        pool: workers.AttributionPool | None = None
        try:
            batches = self._batches(documents(), timer)
            head = list(itertools.islice(batches, 2))  # a run of one small batch is not worth worker processes
            if self.parallel and (len(head) > 1 or sum(len(p) for b in head for _, _, p in b) >= PARALLEL_MIN_PARAGRAPHS):
                pool = workers.AttributionPool(self.attributor)
            pending: deque[tuple[Batch, workers.Job]] = deque()
            for batch in itertools.chain(head, batches):
                if pool is None:
                    self._attribute_serial(batch, stage, report, timer, bar)
                    continue
                job = pool.submit([(d, p) for _, d, p in batch])
                with timer("embed"):
                    report.embedded += self._embed_missing(_texts(batch),
                                                           tick=functools.partial(_tick, [*pending, (batch, job)], bar))
                pending.append((batch, job))
                while len(pending) > 1:  # the workers keep the next batch while this one is stored
                    self._finish_job(*pending.popleft(), stage, report, bar)
            while pending:
                self._finish_job(*pending.popleft(), stage, report, bar)
            if pool is not None:
                pool.close()
                pool = None
            self.commit(stage, outcome[0] if outcome else finish(), existing, report, timer,
                        run.folder if run else None)
        except BaseException:
            if pool is not None:
                pool.close(abort=True)
            raise
        finally:
            bar.close()
            stage.close()
        return report

    def _batches(self, documents: Iterator[tuple[int, Document]],
                 timer: StageTimer) -> Iterator[Batch]:
        """(files done, document, paragraphs) in batches of about `BATCH_PARAGRAPHS` paragraphs."""
        batch: Batch = []
        size = 0
        for n, doc in documents:
            with timer("split"):
                paras = split_paragraphs(doc)
            batch.append((n, doc, paras))
            size += len(paras)
            if size >= BATCH_PARAGRAPHS:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def _attribute_serial(self, batch, stage: staging.Stage, report: IndexReport, timer: StageTimer, bar: _Progress) -> None:
        def done(k: int, paragraphs: int) -> None:
            bar.update(batch[k - 1][0] if k else 0, paragraphs)

        with timer("attribute"):
            attributions = workers.attribute_here(self.attributor, [(d, p) for _, d, p in batch], on_done=done)
        with timer("embed"):
            report.embedded += self._embed_missing(_texts(batch))
        for (_, doc, paras), attribution in zip(batch, attributions):
            stage.append(doc, paras, attribution)

    def _finish_job(self, batch, job: workers.Job, stage: staging.Stage, report: IndexReport, bar: _Progress) -> None:
        t0 = time.perf_counter()
        attributions, seconds = job.result()
        report.seconds["attribute"] = report.seconds.get("attribute", 0.0) + seconds
        report.seconds["attribute_wait"] = report.seconds.get("attribute_wait", 0.0) + time.perf_counter() - t0
        bar.update(batch[-1][0], sum(len(p) for _, _, p in batch[job.shown:]))
        job.shown = len(batch)
        for (_, doc, paras), attribution in zip(batch, attributions):
            stage.append(doc, paras, attribution)

    def _embed_missing(self, texts_by_hash: dict[str, str], tick: Callable[[], None] | None = None) -> int:
        hashes = list(texts_by_hash)
        have: set[str] = set()
        for i in range(0, len(hashes), 900):
            chunk = hashes[i:i + 900]
            have.update(h for (h,) in self.con.execute(
                f"SELECT hash FROM vectors WHERE hash IN ({','.join('?' * len(chunk))})", chunk))
        missing = [h for h in hashes if h not in have]
        if not missing:
            return 0
        # Length-sorted chunks: batches of similar length pad less.
        missing.sort(key=lambda h: len(texts_by_hash[h]))
        for i in range(0, len(missing), EMBED_CHUNK):
            chunk = missing[i:i + EMBED_CHUNK]
            vecs = self.encoder.encode([texts_by_hash[h] for h in chunk], batch_size=self.batch_size)
            self.cache_vectors(zip(chunk, vecs))  # committed as we go: a resumed run skips what is done
            if tick is not None:
                tick()
        return len(missing)


def _tick(jobs: list, bar: _Progress) -> None:
    """Move the progress bar over the documents the workers have finished (between embedding steps)."""
    for batch, job in jobs:
        k = job.done_documents()
        if k > job.shown:
            bar.update(batch[k - 1][0], sum(len(p) for _, _, p in batch[job.shown:k]))
            job.shown = k
        if k < len(batch):
            return


def _texts(batch) -> dict[str, str]:
    return {p.hash: p.text for _, _, ps in batch for p in ps}


def index_folder(folder: str | os.PathLike, index: str | os.PathLike, encoder: str | None = None,
                 progress: bool | None = None, attributor: Attributor | None = None, store: str | None = None,
                 ray_address: str | None = None, prune: bool = False, replace: bool = False,
                 max_file_mb: float | None = None) -> IndexReport:
    """Add the new and changed documents under `folder` to the index at `index` (built if missing).

    `prune` removes documents gone from `folder`, `replace` lets its files replace documents of the same id that
    came from elsewhere (see `qa.plan`); `max_file_mb` is the size limit per file (default: $WHOSAID_MAX_FILE_MB
    or 20 MB). `store` picks where a new index keeps its vectors (see `embeddings.store.StoreSpec`);
    `ray_address` ("local" or a cluster address) reads, attributes and embeds with Ray Data (`qa.ray_ingest`)."""
    check_folder(folder)  # before the index folder is created
    max_bytes = max_file_bytes(max_file_mb)
    walk_problems: list[Skipped] = []
    if next(iter(walk_folder(folder, walk_problems)), None) is None and not walk_problems:
        raise empty_folder(folder)
    if ray_address:
        from qa.ray_ingest import index_folder_ray, ray_session

        with ray_session(ray_address):  # Ray first: its processes start before this one has gRPC threads
            with Indexer(index, encoder=encoder, progress=progress, attributor=attributor, store=store) as ix:
                return index_folder_ray(ix, folder, ix.attributor, progress=ix.progress, prune=prune, replace=replace,
                                        max_bytes=max_bytes)
    with Indexer(index, encoder=encoder, progress=progress, attributor=attributor, store=store) as ix:
        return ix.index_folder(folder, prune=prune, replace=replace, max_bytes=max_bytes)


def open_index(path: str | os.PathLike | None = None, encoder: str | None = None, progress: bool = False):
    """Open the index at `path`; with no path, the default one, built from the demo article on first use."""
    from embeddings.encoder import get_encoder
    from qa import paths
    from qa.index import Index

    if path is None:
        path = paths.default_index()
        try:
            return Index(path, encoder=get_encoder(encoder) if encoder else None)
        except IndexNotFound:  # first use, or a first build that was interrupted
            index_folder(paths.seed_folder(), path, encoder=encoder, progress=progress)
    return Index(path, encoder=get_encoder(encoder) if encoder else None)
