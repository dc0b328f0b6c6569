"""Building and updating an index: files -> Document -> Paragraph -> Statement -> vectors + records.

Incremental by content hash: a document whose text and metadata are unchanged is not touched; a
changed document is re-split and re-attributed, but only paragraphs whose text is new are embedded
(the embedding cache is keyed by paragraph hash and committed as it fills, so an interrupted run
resumes without re-embedding). The records and the new generation of vectors become visible in
one transaction at the end; see `qa.index` for why a killed run loses nothing.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from corpus.attribution import ATTRIBUTION_VERSION, Attributor, DocAttribution
from corpus.document import Document
from corpus.paragraphs import Paragraph, split_paragraphs
from corpus.readers import Skipped, scan_folder
from embeddings.encoder import DEFAULT_ENCODER, Encoder, get_encoder
from qa.errors import IndexBusy, IndexMismatch, IndexNotFound, StoreUnavailable
from qa.index import (DB_NAME, SCHEMA, SCHEMA_VERSION, check_encoder, connect, read_cached_vectors,
                      read_meta)

EMBED_CHUNK = 256  # paragraphs embedded (and committed to the cache) per step
PARALLEL_MIN_PARAGRAPHS = 400  # below this a worker process costs more than it saves
ATTRIBUTION_CHUNK = 20         # documents per task sent to the attribution workers
# Attribution (spaCy) costs more CPU per paragraph than int8 embedding: give it every core; the
# embedding in this process shares them, and the workers take over once it is done.
ATTRIBUTION_WORKERS = max(1, os.cpu_count() or 1)


@dataclass
class IndexReport:
    """What an indexing run did, for the CLI summary and the benchmarks."""

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
    skipped: list[Skipped] = field(default_factory=list)
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


class Indexer:
    """Writes one index folder. Holds the folder's write lock while open.

    Args:
        path: the index folder (created if missing).
        encoder: the encoder kind for a new index (an existing index keeps its own).
        attributor: attribution engine (default: the rule + spaCy one).
        progress: show progress bars on stderr (only when it is a terminal).
        parallel: attribute in a worker process while embedding (default: with 2+ cores).
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
            self.meta = read_meta(self.con)
            self._milvus = None
            if self.store_spec.is_milvus:  # now: an unreachable store fails before any work is done
                self._milvus = self._open_milvus()
            self.attributor = attributor or Attributor()
            self.progress = sys.stderr.isatty() if progress is None else progress
            self.batch_size = batch_size
            # a worker process for attribution when there are cores to spare and the default engine is used
            self.parallel = (os.cpu_count() or 1) > 1 and attributor is None if parallel is None else parallel
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
    def index_folder(self, folder: str | os.PathLike) -> IndexReport:
        """Make the index mirror `folder`: add new and changed documents, drop removed ones."""
        report = IndexReport()
        timer = _Timer(report)
        with timer("read"):
            docs, skipped = scan_folder(folder)
        report.skipped = skipped
        existing = dict(self.con.execute("SELECT id, hash FROM documents"))
        present = {d.id for d in docs}
        # A file that failed to read this time keeps its old entry: nothing indexed is lost.
        kept = {os.path.normpath(s.path) for s in skipped}
        removed = [i for i in existing if i not in present and not _read_from(folder, i, kept)]
        return self._apply(docs, removed, report, timer)

    def add_documents(self, docs: Sequence[Document]) -> IndexReport:
        """Add or replace documents (by id) without touching the others."""
        report = IndexReport()
        return self._apply(list(docs), [], report, _Timer(report))

    def remove_documents(self, doc_ids: Iterable[str]) -> IndexReport:
        report = IndexReport()
        return self._apply([], list(doc_ids), report, _Timer(report))

    # -- the pipeline ---------------------------------------------------------------------
    def _apply(self, docs: list[Document], removed: list[str], report: IndexReport, timer: _Timer) -> IndexReport:
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
                todo.append(d)
                report.added += d.id not in existing
                report.changed += d.id in existing
        removed = [r for r in removed if r in existing]
        report.removed = len(removed)
        if self.meta.get("attribution") != ATTRIBUTION_VERSION and self.meta.get("generation") != "0":
            # A newer attribution engine: re-attribute every stored document (their vectors are reused).
            queued = {d.id for d in todo} | set(removed)
            stale = [self._stored_document(i) for i in existing if i not in queued]
            todo += stale
            report.reattributed = len(stale)
            report.unchanged -= sum(1 for d in stale if d.id in seen)
        if not todo and not removed and self.meta.get("generation") != "0":
            report.documents = len(existing)
            report.paragraphs = self.con.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
            return report

        with timer("split"):
            parsed = [(d, split_paragraphs(d)) for d in todo]
        report.new_paragraphs = sum(len(ps) for _, ps in parsed)
        texts = {p.hash: p.text for _, ps in parsed for p in ps}
        if self.parallel and report.new_paragraphs >= PARALLEL_MIN_PARAGRAPHS:
            # Attribution (spaCy, one core) runs in a worker process while this one embeds.
            pending = _AttributionWorker(parsed, self.attributor)
            with timer("embed"):
                report.embedded = self._embed_missing(texts)
            attributions, worker_seconds = pending.result()
            report.seconds["attribute"] = worker_seconds
            report.seconds["attribute_wait"] = pending.waited
        else:
            with timer("attribute"):
                attributions = list(self.attributor.attribute_many(parsed, progress=self.progress))
            with timer("embed"):
                report.embedded = self._embed_missing(texts)
        report.statements = sum(len(a.statements) for a in attributions)
        with timer("store"):
            self._commit(parsed, attributions, [d.id for d in todo if d.id in existing] + removed)
        report.documents = self.con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        report.paragraphs = self.con.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
        return report

    def _stored_document(self, doc_id: str) -> Document:
        row = self.con.execute("SELECT id, text, title, date, source, path, format, meta FROM documents WHERE id=?",
                               (doc_id,)).fetchone()
        return Document(id=row[0], text=row[1], title=row[2], date=row[3], source=row[4], path=row[5], format=row[6],
                        meta=json.loads(row[7] or "{}"))

    def _embed_missing(self, texts_by_hash: dict[str, str]) -> int:
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
        bar = _progress(len(missing), "embedding", self.progress)
        for i in range(0, len(missing), EMBED_CHUNK):
            chunk = missing[i:i + EMBED_CHUNK]
            vecs = self.encoder.encode([texts_by_hash[h] for h in chunk], batch_size=self.batch_size)
            with self.con:  # committed as we go: a resumed run skips what is done
                self.con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(h, v.astype(np.float32).tobytes()) for h, v in zip(chunk, vecs)])
            bar.update(len(chunk))
        bar.close()
        return len(missing)

    def _commit(self, parsed: list[tuple[Document, list[Paragraph]]], attributions: list[DocAttribution],
                drop: list[str]) -> None:
        from embeddings.faiss_store import FaissStore
        from qa.bm25 import BM25

        con = self.con
        old_gen = int(read_meta(con)["generation"])
        new_gen = old_gen + 1
        new_dir = self.path / f"gen-{new_gen}"
        con.execute("BEGIN IMMEDIATE")
        try:
            old_ids = []
            for doc_id in drop:
                old_ids += [r[0] for r in con.execute("SELECT id FROM paragraphs WHERE doc_id=?", (doc_id,))]
                for table in ("statements", "paragraphs", "speakers"):
                    con.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))
                con.execute("DELETE FROM documents WHERE id=?", (doc_id,))
            new_ids, new_hashes, new_docs, new_numbers, new_speakers = [], [], [], [], []
            for (doc, paras), attribution in zip(parsed, attributions):
                con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (doc.id, doc.hash, doc.path, doc.title, doc.date, doc.source, doc.format, doc.text,
                             json.dumps(doc.meta or {})))
                pid_by_number = {}
                quoted: dict[int, set[str]] = {}  # paragraph number -> speakers (the store's filter field)
                for st in attribution.statements:
                    if st.speaker:
                        quoted.setdefault(st.paragraph, set()).add(st.speaker)
                for p in paras:
                    cur = con.execute("INSERT INTO paragraphs (doc_id, number, start, end, hash, text) "
                                      "VALUES (?, ?, ?, ?, ?, ?)", (doc.id, p.number, p.start, p.end, p.hash, p.text))
                    pid_by_number[p.number] = cur.lastrowid
                    new_ids.append(cur.lastrowid)
                    new_hashes.append(p.hash)
                    new_docs.append(doc.id)
                    new_numbers.append(p.number)
                    new_speakers.append(quoted.get(p.number, set()))
                con.executemany(
                    "INSERT INTO statements (doc_id, paragraph_id, start, end, speaker, kind, mention, mention_start, "
                    "mention_end, cue, cue_start, cue_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(doc.id, pid_by_number.get(s.paragraph, 0), s.start, s.end, s.speaker, s.kind, s.mention,
                      s.mention_start, s.mention_end, s.cue, s.cue_start, s.cue_end) for s in attribution.statements])
                con.executemany("INSERT INTO speakers VALUES (?, ?, ?, ?, ?, ?)",
                                [(doc.id, sp.name, sp.kind, json.dumps(list(sp.aliases)), sp.gender, sp.statements)
                                 for sp in attribution.speakers])

            new_vectors = self._cached_vectors(new_hashes)
            if self.milvus is not None:
                # new rows first (invisible to readers until the generation commits), old rows after the commit
                self.milvus.add(np.asarray(new_ids, dtype=np.int64), new_vectors, generation=new_gen,
                                doc_ids=new_docs, paragraphs=new_numbers, speakers=new_speakers)
                self.milvus.flush()
                con.executemany("INSERT OR IGNORE INTO store_deletes VALUES (?)", [(i,) for i in old_ids])
                store = None
            else:
                if old_gen and (self.path / f"gen-{old_gen}" / "vectors.faiss").exists():
                    store = FaissStore.load(str(self.path / f"gen-{old_gen}" / "vectors.faiss"))
                else:
                    store = FaissStore(self.encoder.dim)
                store.remove(np.asarray(old_ids, dtype=np.int64))
                store.add(np.asarray(new_ids, dtype=np.int64), new_vectors)
            rows = con.execute("SELECT id, text FROM paragraphs ORDER BY id").fetchall()
            bm25 = BM25.build([r[0] for r in rows], (r[1] for r in rows))

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
        self.meta = read_meta(con)
        if self.milvus is not None:
            try:
                self._purge_store_deletes(self.milvus)
            except Exception as exc:  # committed all the same: readers skip those rows, the next writer retries
                print(f"warning: removed paragraphs stay in {self.store_spec.describe()} until the next "
                      f"`qa index` ({exc})", file=sys.stderr)
        self._clean_stale_generations()

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


def _read_from(folder, doc_id: str, paths: set[str]) -> bool:
    """Whether `doc_id` comes from one of `paths`: the file itself, or FILE for the id FILE#row of a .jsonl
    (a file name may contain '#' too, so every cut at a '#' is tried)."""
    cuts = [len(doc_id)] + [k for k, c in enumerate(doc_id) if c == "#"]
    return any(os.path.normpath(os.path.join(folder, doc_id[:k])) in paths for k in cuts)


class _AttributionWorker:
    """Attribute documents in a separate process (spawned: no threads are forked) in chunks."""

    def __init__(self, parsed, attributor: Attributor):
        import multiprocessing as mp

        self.chunks = [parsed[i:i + ATTRIBUTION_CHUNK] for i in range(0, len(parsed), ATTRIBUTION_CHUNK)]
        # one core for the worker: its numerical libraries must not start thread pools of their own
        saved = {k: os.environ.get(k) for k in _THREAD_VARS}
        os.environ.update({k: "1" for k in _THREAD_VARS})
        try:
            self.pool = mp.get_context("spawn").Pool(ATTRIBUTION_WORKERS, initializer=_worker_init,
                                                     initargs=(attributor.model, attributor.batch_size))
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.async_result = self.pool.map_async(_worker_attribute, self.chunks)
        self.waited = 0.0

    def result(self):
        t0 = time.perf_counter()
        try:
            chunks = self.async_result.get()
        finally:
            self.pool.terminate()
            self.pool.join()
        self.waited = time.perf_counter() - t0
        return [a for results, _ in chunks for a in results], sum(secs for _, secs in chunks)


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_worker_attributor: Attributor | None = None


def _worker_init(model: str, batch_size: int) -> None:
    global _worker_attributor
    _worker_attributor = Attributor(model=model, batch_size=batch_size)


def _worker_attribute(chunk):
    t0 = time.perf_counter()
    results = list(_worker_attributor.attribute_many(chunk))
    return results, time.perf_counter() - t0


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


def _progress(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="par", disable=not enabled, leave=False, file=sys.stderr)


def index_folder(folder: str | os.PathLike, index: str | os.PathLike, encoder: str | None = None,
                 progress: bool | None = None, attributor: Attributor | None = None, store: str | None = None,
                 ray_address: str | None = None) -> IndexReport:
    """Build or update the index at `index` from every document under `folder`.

    `store` picks where a new index keeps its vectors (see `embeddings.store.StoreSpec`); `ray_address`
    ("local" or a cluster address) reads, attributes and embeds with Ray Data (`qa.ray_ingest`)."""
    if not os.path.isdir(folder):  # before the index folder is created
        from corpus.readers import ReadError

        raise ReadError(str(folder), "is not a folder" if os.path.exists(folder) else "does not exist",
                        "give the folder that holds your documents")
    if ray_address:
        from qa.ray_ingest import index_folder_ray, ray_session

        with ray_session(ray_address):  # Ray first: its processes start before this one has gRPC threads
            with Indexer(index, encoder=encoder, progress=progress, attributor=attributor, store=store) as ix:
                return index_folder_ray(ix, folder)
    with Indexer(index, encoder=encoder, progress=progress, attributor=attributor, store=store) as ix:
        return ix.index_folder(folder)


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
