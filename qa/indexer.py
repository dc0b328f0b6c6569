"""Building and updating an index: files -> Document -> Paragraph -> Statement -> vectors + records.

A folder run follows the rule of `qa.plan`: it adds and updates, removes only with `prune`, never
replaces a document another file gave, and does not read a file whose size and mtime (or bytes)
are those recorded. Incremental by content hash: a document whose text and metadata are
unchanged is not touched; a changed document is re-split and re-attributed, but only paragraphs
whose text is new are embedded (the embedding cache is keyed by paragraph hash and committed as it
fills, so an interrupted run resumes without re-embedding).

Memory is bounded by a batch, not by the corpus: documents are read, split, attributed and
embedded `BATCH_PARAGRAPHS` at a time, and their records go to a staging file (`qa.staging`).
The records and the new generation of vectors become visible in one transaction at the end; see
`qa.index` for why a killed run loses nothing.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import sqlite3
import sys
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from corpus.attribution import ATTRIBUTION_VERSION, Attributor
from corpus.document import Document
from corpus.paragraphs import Paragraph, split_paragraphs
from corpus.readers import ReadError, Skipped, check_folder, iter_file, max_file_bytes, walk_folder
from corpus.sidecars import Sidecars
from embeddings.encoder import DEFAULT_ENCODER, Encoder, get_encoder
from qa import staging, workers
from qa.errors import IndexBusy, IndexMismatch, IndexNotFound, IndexRefused, StoreUnavailable
from qa.index import (DB_NAME, FILES_SCHEMA, SCHEMA, SCHEMA_VERSION, check_encoder, connect, read_cached_vectors,
                      read_meta)
from qa.plan import FileRecord, FolderRun, Outcome, file_digest, file_key, real_folder

EMBED_CHUNK = 256  # paragraphs embedded (and committed to the cache) per step
PARALLEL_MIN_PARAGRAPHS = 400  # below this a worker process costs more than it saves
BATCH_PARAGRAPHS = 4096  # paragraphs read, attributed and staged together (what memory holds)
STORE_CHUNK = 65536  # vectors added to the store per step when committing
PROGRESS_INTERVAL = 0.5  # seconds between redraws of the progress bar


@dataclass
class IndexReport:
    """What an indexing run did, for the CLI summary and the benchmarks.

    `removed` counts documents pruned (or removed by `remove_documents`); `prunable` lists the
    documents gone from the folder that a run without `prune` kept. `files_read` counts the files
    parsed; `files_unchanged` those skipped by their size and mtime, or by their digest.
    """

    documents: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    paragraphs: int = 0
    new_paragraphs: int = 0
    embedded: int = 0
    statements: int = 0
    reattributed: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    prunable: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # metadata refused or sidecar rows unused: nothing lost
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class _Timer:
    def __init__(self, report: IndexReport):
        self.report = report

    @contextlib.contextmanager
    def __call__(self, stage: str):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.report.seconds[stage] = self.report.seconds.get(stage, 0.0) + time.perf_counter() - t0


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


class Indexer:
    """Writes one index folder. Holds the folder's write lock while open.

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
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise IndexMismatch(f"--index {self.path} is a file, not a folder: give a folder path")
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = _acquire_lock(self.path)
        self.con = None
        try:
            self.con = connect(self.path / DB_NAME)
            self.con.executescript(SCHEMA)
            meta = read_meta(self.con)
            if meta and int(meta.get("schema", SCHEMA_VERSION)) != SCHEMA_VERSION:
                raise IndexMismatch(f"the index at {self.path} has format {meta.get('schema')}; rebuild it in a new folder")
            kind = meta.get("encoder") or encoder or DEFAULT_ENCODER
            if encoder and meta.get("encoder") and encoder != meta["encoder"]:
                enc = get_encoder(encoder)
                check_encoder(self.path, meta, enc)  # same model, other variant (e.g. int8): allowed
                kind = encoder
            self.encoder: Encoder = get_encoder(kind)
            self.encoder_kind = kind
            check_encoder(self.path, meta, self.encoder)
            self.store_spec = self._resolve_store(meta, store)
            if not meta:
                with self.con:
                    self.con.executemany("INSERT INTO meta VALUES (?, ?)", [
                        ("schema", str(SCHEMA_VERSION)), ("model", self.encoder.name), ("dim", str(self.encoder.dim)),
                        ("encoder", kind), ("generation", "0"), ("store", self.store_spec.to_meta()),
                        ("store_owner", uuid.uuid4().hex)])
            _migrate_files(self.con)
            self.meta = read_meta(self.con)
            self._milvus = None
            if self.store_spec.is_milvus:  # now: an unreachable store fails before any work is done
                self._milvus = self._open_milvus()
            self.attributor = attributor or Attributor()
            self.progress = sys.stderr.isatty() if progress is None else progress
            self.batch_size = batch_size
            # worker processes for attribution when there are cores to spare and the default engine is used
            self.parallel = (os.cpu_count() or 1) > 1 and attributor is None if parallel is None else parallel
            staging.discard(self.path)  # what a killed run staged
            self._clean_stale_generations()
        except BaseException:
            # A refused writer must not hold the lock for as long as its exception is referenced.
            self.close()
            raise

    @property
    def milvus(self):
        """The index's Milvus store (None for FAISS)."""
        return self._milvus

    def close(self):
        if getattr(self, "_milvus", None) is not None:
            self._milvus.close()  # Milvus Lite: frees the file for the readers that come next
            self._milvus = None
        if self.con is not None:
            self.con.close()
            self.con = None
        self._lock.close()

    def _resolve_store(self, meta: dict, store: str | None):
        from embeddings.store import StoreError, parse_store

        try:
            have = parse_store(meta.get("store"), self.path) if meta else None
            want = parse_store(store, self.path) if store else None
        except StoreError as err:
            raise StoreUnavailable(str(err)) from None
        if have is not None and want is not None and want != have:
            raise IndexMismatch(f"the index at {self.path} keeps its vectors in {have.describe()}, not "
                                f"{want.describe()}: leave out --store, or index into a new folder with --index")
        return have or want or parse_store(None, self.path)

    def _open_milvus(self):
        """Connect to the index's Milvus collection, and finish what an interrupted writer left: rows of a
        generation that never committed, and deletions queued by a commit that was not followed through."""
        from embeddings.milvus_store import MilvusStore
        from embeddings.store import StoreError

        try:
            store = MilvusStore(self.store_spec, self.encoder.dim, generation=None, create=True,
                                owner=self.meta.get("store_owner"))
            store.remove_uncommitted(int(self.meta.get("generation") or 0))
            self._purge_store_deletes(store)
        except StoreError as err:
            raise StoreUnavailable(str(err)) from None
        return store

    def _purge_store_deletes(self, store) -> None:
        pending = [r[0] for r in self.con.execute("SELECT id FROM store_deletes")]
        if pending:
            store.remove(pending)
            with self.con:
                self.con.execute("DELETE FROM store_deletes")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

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
        timer = _Timer(report)
        max_bytes = max_file_bytes() if max_bytes is None else max_bytes
        run = self._plan_folder(folder, prune, replace, report, timer)
        todo = self._read_folder(run, report, timer, max_bytes)
        self._apply(todo, report, timer, run.finish, total=len(run.read), unit="file", run=run)
        self._sidecars_done(run)
        return report

    def add_documents(self, docs: Sequence[Document]) -> IndexReport:
        """Add or replace documents (by id) without touching the others. No folder run removes them, and a
        folder file of the same id does not replace them (see `qa.plan`)."""
        report = IndexReport()
        existing = dict(self.con.execute("SELECT id, hash FROM documents"))
        todo, seen = [], set()
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
        return self._apply(iter(todo), report, _Timer(report), lambda: outcome, total=total, unit="paragraph")

    def remove_documents(self, doc_ids: Iterable[str]) -> IndexReport:
        report = IndexReport()
        ids = set(doc_ids)
        outcome = Outcome(self._release_from_files(ids), [], sorted(ids), [])
        return self._apply(iter(()), report, _Timer(report), lambda: outcome, total=0, unit="paragraph")

    # -- a folder run ---------------------------------------------------------------------
    def _plan_folder(self, folder, prune: bool, replace: bool, report: IndexReport, timer: _Timer,
                     reparse: bool = False) -> FolderRun:
        check_folder(folder)
        with timer("read"):
            problems: list[Skipped] = []
            unlisted: list[str] = []
            found = list(walk_folder(folder, problems, unlisted))
        if not found and not problems:
            raise _empty_folder(folder)
        report.skipped += problems
        documents = dict(self.con.execute("SELECT id, hash FROM documents"))
        records = {r.key: r for r in map(FileRecord.from_row, self.con.execute(f"SELECT {_FILE_COLUMNS} FROM files"))}
        with timer("read"):
            sidecars = Sidecars(folder)
        stale = Sidecars.changed_files(self._sidecar_state(folder), sidecars.fingerprints())
        run = FolderRun(folder, found, records, documents, unlisted, prune=prune, replace=replace, reparse=reparse,
                        stale=stale)
        run.sidecars = sidecars
        report.warnings += sidecars.problems + sidecars.missing(f.rel for f in found)
        report.unchanged += run.unchanged_documents
        report.files_unchanged += len(run.same)
        return run

    def _read_folder(self, run: FolderRun, report: IndexReport, timer: _Timer,
                     max_bytes: int) -> Iterator[tuple[int, Document]]:
        """The documents of `run` to add or change, read one file at a time, with the number of files done."""
        for n, f in enumerate(run.read, 1):
            known = run.known_digest(f)
            with timer("read"):
                digest = file_digest(f.path)
            if known is not None and digest == known:
                run.file_unchanged(f)
                report.unchanged += len(run.records[run.key(f)].docs)
                report.files_unchanged += 1
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
                doc = run.sidecars.apply(doc) if run.sidecars is not None else doc
                report.warnings += doc.meta.get("problems", ())
                action, why = reading.document(doc.id, doc.hash, doc.path or f.path)
                if _count(report, action, why):
                    yield n, doc
            for line in lines:
                report.skipped.append(line)
                reading.bad_line()
            reading.done()

    def _sidecar_state(self, folder) -> dict[str, str]:
        """The fingerprints of `folder`'s sidecar rows when they were last applied (`Sidecars.fingerprints`)."""
        row = self.con.execute("SELECT fingerprints FROM sidecars WHERE folder=?", (real_folder(folder),)).fetchone()
        return json.loads(row[0]) if row else {}

    def _sidecars_done(self, run: FolderRun) -> None:
        """Record the sidecar rows a finished run applied, so the next run reads again only the files whose
        rows change. Written after the commit: a run killed before it reads those files again, which is harmless."""
        if run.sidecars is None:
            return
        fingerprints = run.sidecars.fingerprints()
        if fingerprints == self._sidecar_state(run.folder):
            return
        with self.con:
            if fingerprints:
                self.con.execute("INSERT OR REPLACE INTO sidecars VALUES (?, ?)",
                                 (run.real, json.dumps(fingerprints, sort_keys=True)))
            else:
                self.con.execute("DELETE FROM sidecars WHERE folder=?", (run.real,))

    def _refuse_to_empty(self, folder, n: int) -> IndexRefused:
        return IndexRefused(f"{folder} holds none of the {n} documents of the index at {self.path} any more: pruning "
                            "would empty the index, so nothing was changed. If the folder is on a disk or share, "
                            "check it is mounted; to start over, index into a new folder with --index")

    def _release_from_files(self, doc_ids: set[str]) -> list[FileRecord]:
        """File records that list any of `doc_ids`, without them (the documents are added or removed by hand)."""
        out = []
        for rec in map(FileRecord.from_row, self.con.execute(f"SELECT {_FILE_COLUMNS} FROM files")):
            if doc_ids & rec.docs.keys():
                rec.docs = {d: h for d, h in rec.docs.items() if d not in doc_ids}
                rec.size = -1
                out.append(rec)
        return out

    # -- the pipeline ---------------------------------------------------------------------
    def _apply(self, todo: Iterator[tuple[int, Document]], report: IndexReport, timer: _Timer,
               finish: Callable[[], Outcome], total: int, unit: str, run: FolderRun | None = None) -> IndexReport:
        """Split, attribute, embed and stage the documents of `todo` (each with the number of files done when it is)
        a batch at a time, then commit them with what `finish()` says (called once `todo` is exhausted), all in one
        transaction. `total` and `unit` size the progress bar."""
        existing = dict(self.con.execute("SELECT id, hash FROM documents"))
        first_build = self.meta.get("generation") == "0"
        reattribute = self.meta.get("attribution") != ATTRIBUTION_VERSION and not first_build
        outcome: list[Outcome] = []
        queued: set[str] = set()

        def documents() -> Iterator[tuple[int, Document]]:
            for n, doc in todo:
                queued.add(doc.id)
                yield n, doc
            outcome.append(finish())
            if reattribute:
                # A newer attribution engine: re-attribute every stored document (their vectors are reused).
                removed = set(outcome[0].remove)
                stale = [i for i in existing if i not in queued and i not in removed]
                report.reattributed = len(stale)
                report.unchanged -= sum(1 for i in stale if run is not None and i in run.given)
                for doc_id in stale:
                    yield total, self._stored_document(doc_id)

        bar = _Progress(total, unit, self.progress)
        stage = staging.Stage(self.path)
        pool: workers.AttributionPool | None = None
        try:
            batches = self._batches(documents(), timer)
            head = list(itertools.islice(batches, 2))  # a run of one small batch is not worth worker processes
            if self.parallel and (len(head) > 1 or sum(len(p) for b in head for _, _, p in b) >= PARALLEL_MIN_PARAGRAPHS):
                pool = workers.AttributionPool(self.attributor)
            pending: deque = deque()
            for batch in itertools.chain(head, batches):
                if pool is None:
                    self._attribute_serial(batch, stage, report, timer, bar)
                    continue
                job = pool.submit([(d, p) for _, d, p in batch])
                with timer("embed"):
                    report.embedded += self._embed_missing(_texts(batch),
                                                           tick=lambda: _tick([*pending, (batch, job)], bar))
                pending.append((batch, job))
                while len(pending) > 1:  # the workers keep the next batch while this one is stored
                    self._finish_job(*pending.popleft(), stage, report, bar)
            while pending:
                self._finish_job(*pending.popleft(), stage, report, bar)
            if pool is not None:
                pool.close()
                pool = None
            self._store(stage, outcome[0] if outcome else finish(), existing, report, timer,
                        run.folder if run else None)
        except BaseException:
            if pool is not None:
                pool.close(abort=True)
            raise
        finally:
            bar.close()
            stage.close()
        return report

    def _store(self, stage: staging.Stage, outcome: Outcome, existing: dict[str, str], report: IndexReport,
               timer: _Timer, folder=None) -> None:
        """Commit the staged documents and `outcome` (or only the file records when no document changed), refusing
        a prune that would empty the index; fill in the report's totals."""
        report.prunable = outcome.prunable
        report.new_paragraphs = stage.paragraphs
        report.statements = stage.statements()
        removing = [i for i in outcome.remove if i in existing]
        report.removed = len(removing)
        staged = stage.doc_ids()
        if removing and not staged and set(existing) <= set(removing):
            raise self._refuse_to_empty(folder or "the documents given", len(existing))
        changed = [i for i in staged if i in existing]
        if staged or removing or self.meta.get("generation") == "0":
            with timer("store"):
                self._commit(stage, changed + removing, outcome)
        elif outcome.records or outcome.forget:
            self._write_records(outcome)
        report.documents = self.con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        report.paragraphs = self.con.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]

    def _batches(self, documents: Iterator[tuple[int, Document]],
                 timer: _Timer) -> Iterator[list[tuple[int, Document, list[Paragraph]]]]:
        """(files done, document, paragraphs) in batches of about `BATCH_PARAGRAPHS` paragraphs."""
        batch, size = [], 0
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

    def _attribute_serial(self, batch, stage: staging.Stage, report: IndexReport, timer: _Timer, bar: _Progress) -> None:
        def done(k: int, paragraphs: int) -> None:
            bar.update(batch[k - 1][0] if k else 0, paragraphs)

        with timer("attribute"):
            attributions = workers.attribute_here(self.attributor, [(d, p) for _, d, p in batch], on_done=done)
        with timer("embed"):
            report.embedded += self._embed_missing(_texts(batch))
        for (n, doc, paras), attribution in zip(batch, attributions):
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

    def _stored_document(self, doc_id: str) -> Document:
        row = self.con.execute("SELECT id, text, title, date, source, path, format, meta FROM documents WHERE id=?",
                               (doc_id,)).fetchone()
        return Document(id=row[0], text=row[1], title=row[2], date=row[3], source=row[4], path=row[5], format=row[6],
                        meta=json.loads(row[7] or "{}"))

    def _embed_missing(self, texts_by_hash: dict[str, str], tick: Callable[[], None] | None = None) -> int:
        hashes = list(texts_by_hash)
        have = set()
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
            with self.con:  # committed as we go: a resumed run skips what is done
                self.con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(h, v.astype(np.float32).tobytes()) for h, v in zip(chunk, vecs)])
            if tick is not None:
                tick()
        return len(missing)

    def _write_records(self, outcome: Outcome) -> None:
        """File records alone (no document changed): a run that found files untouched, or their first records."""
        with self.con:
            _store_records(self.con, outcome)

    def _commit(self, stage: staging.Stage, drop: list[str], outcome: Outcome) -> None:
        """Move the staged documents into the index, drop the documents `drop`, write the file records of
        `outcome`, and build and switch to the next generation of vectors and postings: all in one transaction."""
        from embeddings.faiss_store import FaissStore
        from qa.bm25 import BM25

        con = self.con
        old_gen = int(read_meta(con)["generation"])
        new_gen = old_gen + 1
        new_dir = self.path / f"gen-{new_gen}"
        stage.con.commit()
        con.execute("ATTACH DATABASE ? AS stage", (str(stage.path),))
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                old_ids = []
                for chunk in _chunks(drop, 900):
                    marks = ",".join("?" * len(chunk))
                    old_ids += [r[0] for r in con.execute(f"SELECT id FROM paragraphs WHERE doc_id IN ({marks})", chunk)]
                    for table in ("statements", "paragraphs", "speakers"):
                        con.execute(f"DELETE FROM {table} WHERE doc_id IN ({marks})", chunk)
                    con.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)
                first = con.execute("SELECT COALESCE(MAX(id), 0) FROM paragraphs").fetchone()[0]
                con.execute(staging.MOVE_DOCUMENTS)
                con.execute(staging.MOVE_PARAGRAPHS)
                con.execute(staging.MOVE_STATEMENTS, {"first": first})
                con.execute(staging.MOVE_SPEAKERS)
                _store_records(con, outcome)

                if self.milvus is not None:
                    # new rows first (invisible to readers until the generation commits), old rows after the commit
                    quoted: dict[int, set[str]] = {}  # paragraph id -> speakers (the store's filter field)
                    for pid, speaker in con.execute("SELECT paragraph_id, speaker FROM statements WHERE paragraph_id > ? "
                                                    "AND speaker IS NOT NULL", (first,)):
                        quoted.setdefault(pid, set()).add(speaker)
                    for ids, vectors, docs, numbers in self._new_vectors(first):
                        self.milvus.add(ids, vectors, generation=new_gen, doc_ids=docs, paragraphs=numbers,
                                        speakers=[quoted.get(int(i), set()) for i in ids])
                    self.milvus.flush()
                    con.executemany("INSERT OR IGNORE INTO store_deletes VALUES (?)", [(i,) for i in old_ids])
                    store = None
                else:
                    if old_gen and (self.path / f"gen-{old_gen}" / "vectors.faiss").exists():
                        store = FaissStore.load(str(self.path / f"gen-{old_gen}" / "vectors.faiss"))
                    else:
                        store = FaissStore(self.encoder.dim)
                    store.remove(np.asarray(old_ids, dtype=np.int64))
                    for ids, vectors, _, _ in self._new_vectors(first):
                        store.add(ids, vectors)
                ids = [r[0] for r in con.execute("SELECT id FROM paragraphs ORDER BY id")]
                texts = con.execute("SELECT text FROM paragraphs ORDER BY id")
                try:
                    bm25 = BM25.build(ids, (r[0] for r in texts))
                finally:
                    texts.close()  # an open statement would keep the stage attached

                shutil.rmtree(new_dir, ignore_errors=True)
                new_dir.mkdir()
                if store is not None:
                    store.save(str(new_dir / "vectors.faiss"))
                bm25.save(str(new_dir / "bm25.npz"))
                _fsync_dir(new_dir)
                con.execute("UPDATE meta SET value=? WHERE key='generation'", (str(new_gen),))
                con.execute("INSERT OR REPLACE INTO meta VALUES ('attribution', ?)", (ATTRIBUTION_VERSION,))
                con.execute("DELETE FROM vectors WHERE hash NOT IN (SELECT hash FROM paragraphs)")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                shutil.rmtree(new_dir, ignore_errors=True)
                if self.milvus is not None:
                    with contextlib.suppress(Exception):  # else the next writer removes them
                        self.milvus.remove_uncommitted(old_gen)
                raise
        finally:
            con.execute("DETACH DATABASE stage")
        self.meta = read_meta(con)
        if self.milvus is not None:
            try:
                self._purge_store_deletes(self.milvus)
            except Exception as exc:  # committed all the same: readers skip those rows, the next writer retries
                print(f"warning: removed paragraphs stay in {self.store_spec.describe()} until the next "
                      f"`qa index` ({exc})", file=sys.stderr)
        self._clean_stale_generations()

    def _new_vectors(self, first: int):
        """(ids, vectors, doc ids, paragraph numbers) of the paragraphs added after id `first`, a chunk at a time."""
        last = first
        while True:
            rows = self.con.execute("SELECT id, hash, doc_id, number FROM paragraphs WHERE id > ? ORDER BY id LIMIT ?",
                                    (last, STORE_CHUNK)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            ids = np.asarray([r[0] for r in rows], dtype=np.int64)
            yield ids, self._cached_vectors([r[1] for r in rows]), [r[2] for r in rows], [r[3] for r in rows]

    def _cached_vectors(self, hashes: list[str]) -> np.ndarray:
        return read_cached_vectors(self.con, hashes, self.encoder.dim,
                                   "SELECT hash, vec FROM vectors WHERE hash IN ({})")

    def _clean_stale_generations(self) -> None:
        """Remove generations older than the previous one (a reader may still be loading that one)."""
        current = int(read_meta(self.con).get("generation", "0") or 0)
        keep = {f"gen-{current}", f"gen-{current - 1}"}
        for p in self.path.glob("gen-*"):
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)


_FILE_COLUMNS = "key, folder, size, mtime_ns, digest, docs, problems, checked_ns"


def _store_records(con: sqlite3.Connection, outcome: Outcome) -> None:
    con.executemany(f"INSERT OR REPLACE INTO files ({_FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [r.row() for r in outcome.records])
    for chunk in _chunks(list(outcome.forget), 900):
        con.execute(f"DELETE FROM files WHERE key IN ({','.join('?' * len(chunk))})", chunk)


def _migrate_files(con: sqlite3.Connection) -> None:
    """Give an index made before file records (whosaid eec088d and earlier) its `files` table, in place.

    Each document whose stored path ends with its id (its path relative to the folder it was indexed from) is
    recorded as given by that file, so later runs treat it as the folder's; the others (uploads) stay unowned.
    Sizes are unknown (-1): every file is read once more, then skipped while unchanged."""
    if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='files'").fetchone():
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='files'").fetchone():
            con.execute("ROLLBACK")
            return
        con.execute(FILES_SCHEMA)
        records: dict[str, FileRecord] = {}
        for doc_id, doc_hash, path, fmt in con.execute("SELECT id, hash, path, format FROM documents"):
            rel = _relative_id(doc_id, path, fmt)
            if rel is None:
                continue
            folder = os.path.abspath(path[:len(path) - len(rel)] or ".")
            key = file_key(real_folder(folder), rel)
            rec = records.setdefault(key, FileRecord(key, real_folder(folder), -1, -1, None))
            rec.docs[doc_id] = doc_hash
        con.executemany(f"INSERT INTO files ({_FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [r.row() for r in records.values()])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _relative_id(doc_id: str, path: str | None, fmt: str | None) -> str | None:
    """The part of `doc_id` that is the file's path relative to its folder, if `path` ends with it."""
    if not path:
        return None
    cuts = [len(doc_id)] + ([k for k, c in enumerate(doc_id) if c == "#"] if fmt == "jsonl" else [])
    norm = Path(path).as_posix()
    for k in cuts:
        rel = doc_id[:k]
        if rel and (norm == rel or norm.endswith("/" + rel)):
            return rel if os.sep == "/" else rel.replace("/", os.sep)
    return None


def _count(report: IndexReport, action: str, why: Skipped | None) -> bool:
    """Count a document's fate in the report; True if it is to be indexed."""
    if why is not None:
        report.skipped.append(why)
    report.unchanged += action == "same"
    report.added += action == "add"
    report.changed += action == "change"
    return action in ("add", "change")


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


def _chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _empty_folder(folder) -> ReadError:
    return ReadError(str(folder), "holds no documents (no files at all)",
                     "check the path, and that its disk or share is mounted; nothing was changed")


def _acquire_lock(path: Path):
    import fcntl

    fh = open(path / "write.lock", "a+")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise IndexBusy(f"another process is writing the index at {path}: wait for it to finish") from None
    return fh


def _fsync_dir(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        raise _empty_folder(folder)
    if ray_address:
        from qa.ray_ingest import index_folder_ray, ray_session

        with ray_session(ray_address):  # Ray first: its processes start before this one has gRPC threads
            with Indexer(index, encoder=encoder, progress=progress, attributor=attributor, store=store) as ix:
                return index_folder_ray(ix, folder, prune=prune, replace=replace, max_bytes=max_bytes)
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
