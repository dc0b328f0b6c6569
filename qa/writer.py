"""The write side of an index folder: its lock, records, embedding cache and the commit of a run.

`IndexWriter` holds the folder's write lock and everything both indexing pipelines share: the plan
of a folder run read from the index (`plan_folder`, see `qa.plan`), the stored documents and the
embedding cache, and `commit`, which moves a run's staged records (`qa.staging`) into the index
and switches to the next generation of vectors and postings in one transaction (see `qa.index`
for why a killed run loses nothing). The local pipeline (`qa.indexer.Indexer`, a writer) and the
Ray one (`qa.ray_ingest`) compute the records; this module stores them.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import sys
import uuid
from pathlib import Path

import numpy as np

from corpus.attribution import ATTRIBUTION_VERSION
from corpus.document import Document
from corpus.readers import ReadError, Skipped, check_folder, walk_folder
from embeddings.base import Encoder
from embeddings.encoder import DEFAULT_ENCODER, get_encoder
from embeddings.store import VectorStore, generation_dir
from qa import staging
from qa.errors import IndexBusy, IndexMismatch, IndexRefused, StoreUnavailable
from qa.index import (
    DB_NAME,
    FILES_SCHEMA,
    SCHEMA,
    SCHEMA_VERSION,
    check_encoder,
    connect,
    read_cached_vectors,
    read_meta,
)
from qa.plan import FileRecord, FolderRun, Outcome, file_key, real_folder
from qa.report import IndexReport, StageTimer

STORE_CHUNK = 65536  # vectors added to the store per step when committing


class IndexWriter:
    """Writes one index folder. Holds the folder's write lock while open.

    Args:
        path: the index folder (created if missing).
        encoder: the encoder kind for a new index (an existing index keeps its own).
        store: where a new index keeps its vectors (`faiss`, the default; `milvus-lite`; `milvus://HOST:PORT`;
            see `embeddings.store.StoreSpec`). An existing index keeps its own; naming another one is an error.
    """

    def __init__(self, path: str | os.PathLike, encoder: str | None = None, store: str | None = None):
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise IndexMismatch(f"--index {self.path} is a file, not a folder: give a folder path")
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = _acquire_lock(self.path)
        self._con: sqlite3.Connection | None = None
        try:
            self._con = connect(self.path / DB_NAME)
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
            self.store: VectorStore | None = None
            self.store = self._open_store()  # now: an unreachable store fails before any work is done
            staging.discard(self.path)  # what a killed run staged
            self._clean_stale_generations()
        except BaseException:
            # A refused writer must not hold the lock for as long as its exception is referenced.
            self.close()
            raise

    @property
    def con(self) -> sqlite3.Connection:
        """The index's database, open while the writer is."""
        if self._con is None:
            raise RuntimeError(f"the writer of {self.path} is closed")
        return self._con

    def close(self) -> None:
        store, self.store = getattr(self, "store", None), None
        if store is not None:
            store.close()  # Milvus Lite: frees the file for the readers that come next
        if self._con is not None:
            self._con.close()
            self._con = None
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

    def _open_store(self) -> VectorStore:
        """Open the index's vector store, and finish what an interrupted writer left in it: rows of a generation
        that never committed, and deletions queued by a commit that was not followed through."""
        from embeddings.store import StoreError
        from embeddings.stores import open_store

        try:
            store = open_store(self.store_spec, self.encoder.dim, self.path, create=True,
                               owner=self.meta.get("store_owner"))
            store.remove_uncommitted(int(self.meta.get("generation") or 0))
            self._purge_store_deletes(store)
        except StoreError as err:
            raise StoreUnavailable(str(err)) from None
        return store

    def _purge_store_deletes(self, store: VectorStore) -> None:
        """Remove from an `in_place` store the rows of paragraphs a committed run removed (queued with its records)."""
        pending = [r[0] for r in self.con.execute("SELECT id FROM store_deletes")]
        if pending:
            store.remove(pending)
            with self.con:
                self.con.execute("DELETE FROM store_deletes")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- what both pipelines read ---------------------------------------------------------
    @property
    def stale_attribution(self) -> bool:
        """The committed records were attributed by an older engine: a run re-attributes every document."""
        return self.meta.get("generation") != "0" and self.meta.get("attribution") != ATTRIBUTION_VERSION

    def document_hashes(self) -> dict[str, str]:
        """Id -> hash of every document in the index."""
        return dict(self.con.execute("SELECT id, hash FROM documents"))

    def cached_hashes(self) -> set[str]:
        """The paragraph hashes whose vectors are in the embedding cache."""
        return {h for (h,) in self.con.execute("SELECT hash FROM vectors")}

    def cache_vectors(self, rows) -> None:
        """Write (paragraph hash, vector) rows into the embedding cache, committed at once: an interrupted run
        resumes from there."""
        with self.con:
            self.con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(h, np.asarray(v, np.float32).tobytes()) for h, v in rows])

    def plan_folder(self, folder, prune: bool, replace: bool, report: IndexReport, timer: StageTimer,
                    reparse: bool = False) -> FolderRun:
        """The plan of a run over `folder` (see `qa.plan.FolderRun`); files that cannot be listed go to the report."""
        check_folder(folder)
        with timer("read"):
            problems: list[Skipped] = []
            unlisted: list[str] = []
            found = list(walk_folder(folder, problems, unlisted))
        if not found and not problems:
            raise empty_folder(folder)
        report.skipped += problems
        documents = self.document_hashes()
        records = {r.key: r for r in map(FileRecord.from_row, self.con.execute(f"SELECT {_FILE_COLUMNS} FROM files"))}
        run = FolderRun(folder, found, records, documents, unlisted, prune=prune, replace=replace, reparse=reparse)
        report.unchanged += run.unchanged_documents
        report.files_unchanged += len(run.same)
        return run

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

    # -- the commit ---------------------------------------------------------------------------
    def commit(self, stage: staging.Stage, outcome: Outcome, existing: dict[str, str], report: IndexReport,
               timer: StageTimer, folder=None) -> None:
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

    def stored_document(self, doc_id: str) -> Document:
        """A document as the index holds it (to re-attribute it without reading its file again)."""
        row = self.con.execute("SELECT id, text, title, date, source, path, format, meta FROM documents WHERE id=?",
                               (doc_id,)).fetchone()
        return Document(id=row[0], text=row[1], title=row[2], date=row[3], source=row[4], path=row[5], format=row[6],
                        meta=json.loads(row[7] or "{}"))

    def _write_records(self, outcome: Outcome) -> None:
        """File records alone (no document changed): a run that found files untouched, or their first records."""
        with self.con:
            _store_records(self.con, outcome)

    def _commit(self, stage: staging.Stage, drop: list[str], outcome: Outcome) -> None:
        """Move the staged documents into the index, drop the documents `drop`, write the file records of
        `outcome`, and build and switch to the next generation of vectors and postings: all in one transaction."""
        from qa.bm25 import BM25

        con, store = self.con, self.store
        assert store is not None, "the writer is closed"
        old_gen = int(read_meta(con)["generation"])
        new_gen = old_gen + 1
        new_dir = generation_dir(self.path, new_gen)
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

                store.begin(new_gen)
                if store.in_place:
                    # rows of removed paragraphs go after the commit (readers of this generation still see them)
                    con.executemany("INSERT OR IGNORE INTO store_deletes VALUES (?)", [(i,) for i in old_ids])
                else:
                    store.remove(old_ids)
                for ids, vectors, docs, numbers, speakers in self._new_vectors(first):
                    store.add(ids, vectors, doc_ids=docs, paragraphs=numbers, speakers=speakers)
                ids = [r[0] for r in con.execute("SELECT id FROM paragraphs ORDER BY id")]
                texts = con.execute("SELECT text FROM paragraphs ORDER BY id")
                try:
                    bm25 = BM25.build(ids, (r[0] for r in texts))
                finally:
                    texts.close()  # an open statement would keep the stage attached

                shutil.rmtree(new_dir, ignore_errors=True)
                new_dir.mkdir()
                store.save()  # FAISS: new_dir/vectors.faiss; Milvus: flushed (its rows invisible until the commit)
                bm25.save(str(new_dir / "bm25.npz"))
                _fsync_dir(new_dir)
                con.execute("UPDATE meta SET value=? WHERE key='generation'", (str(new_gen),))
                con.execute("INSERT OR REPLACE INTO meta VALUES ('attribution', ?)", (ATTRIBUTION_VERSION,))
                con.execute("DELETE FROM vectors WHERE hash NOT IN (SELECT hash FROM paragraphs)")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                shutil.rmtree(new_dir, ignore_errors=True)
                with contextlib.suppress(Exception):  # else the next writer removes them
                    store.remove_uncommitted(old_gen)
                raise
        finally:
            con.execute("DETACH DATABASE stage")
        self.meta = read_meta(con)
        if store.in_place:
            try:
                self._purge_store_deletes(store)
            except Exception as exc:  # committed all the same: readers skip those rows, the next writer retries
                print(f"warning: removed paragraphs stay in {self.store_spec.describe()} until the next "
                      f"`qa index` ({exc})", file=sys.stderr)
        self._clean_stale_generations()

    def _new_vectors(self, first: int):
        """(ids, vectors, doc ids, paragraph numbers, speakers quoted) of the paragraphs added after id `first`, a
        chunk at a time: the rows and fields of the store."""
        last = first
        while True:
            rows = self.con.execute("SELECT id, hash, doc_id, number FROM paragraphs WHERE id > ? ORDER BY id LIMIT ?",
                                    (last, STORE_CHUNK)).fetchall()
            if not rows:
                return
            quoted: dict[int, set[str]] = {}  # paragraph id -> canonical names of the speakers quoted in it
            for pid, speaker in self.con.execute("SELECT paragraph_id, speaker FROM statements WHERE paragraph_id > ? "
                                                 "AND paragraph_id <= ? AND speaker IS NOT NULL", (last, rows[-1][0])):
                quoted.setdefault(pid, set()).add(speaker)
            last = rows[-1][0]
            ids = np.asarray([r[0] for r in rows], dtype=np.int64)
            yield (ids, self._cached_vectors([r[1] for r in rows]), [r[2] for r in rows], [r[3] for r in rows],
                   [quoted.get(int(i), set()) for i in ids])

    def _cached_vectors(self, hashes: list[str]) -> np.ndarray:
        return read_cached_vectors(self.con, hashes, self.encoder.dim,
                                   "SELECT hash, vec FROM vectors WHERE hash IN ({})")

    def _clean_stale_generations(self) -> None:
        """Remove generations older than the previous one (a reader may still be loading that one)."""
        current = int(read_meta(self.con).get("generation", "0") or 0)
        keep = {generation_dir(self.path, current).name, generation_dir(self.path, current - 1).name}
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




def _chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def empty_folder(folder) -> ReadError:
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

