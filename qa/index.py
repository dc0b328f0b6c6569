"""The persisted index folder: records in SQLite, vectors and BM25 postings in a generation folder.

    IDX/index.sqlite     documents, paragraphs, statements, aliases, meta, and the embedding cache
    IDX/gen-N/           vectors.faiss and bm25.npz built for generation N
                         (with `--store milvus...` the vectors live in a Milvus collection instead;
                         see `embeddings.milvus_store` for how its commits stay atomic)
    IDX/write.lock       held by the one process allowed to write
    IDX/stage.sqlite     scratch records of a run in progress (`qa.staging`), never read by readers

The `files` table records each source file a folder run read (its size, mtime, digest and the
documents it gives; see `qa.plan`), so a run skips unchanged files and knows which documents came
from which folder. An index made before it (whosaid eec088d) gets it the first time a writer opens
it (`qa.writer._migrate_files`): no rebuild, and readers never need it.

SQLite is the source of truth. `meta.generation` names the generation folder that matches the
committed records; a writer builds gen-(N+1) completely, then commits the records together with
the new generation number in one transaction. A run killed at any point leaves generation N and
its records untouched, so the previous index stays usable.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.attribution.statement import Kind
from embeddings.base import Encoder
from embeddings.encoder import DEFAULT_ENCODER, get_encoder
from embeddings.store import VectorStore, generation_dir
from qa.errors import IndexMismatch, IndexNotFound, StoreUnavailable
from qa.records import SpeakerRecord

SCHEMA_VERSION = 1
DB_NAME = "index.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL, path TEXT, title TEXT, date TEXT, source TEXT,
    format TEXT, text TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, number INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, hash TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paragraphs_doc ON paragraphs(doc_id);
CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, paragraph_id INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, speaker TEXT, kind TEXT NOT NULL,
    mention TEXT, mention_start INTEGER, mention_end INTEGER, cue TEXT, cue_start INTEGER, cue_end INTEGER);
CREATE INDEX IF NOT EXISTS statements_doc ON statements(doc_id);
CREATE INDEX IF NOT EXISTS statements_paragraph ON statements(paragraph_id);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker);
CREATE TABLE IF NOT EXISTS speakers (
    doc_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, aliases TEXT NOT NULL, gender TEXT,
    statements INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS speakers_doc ON speakers(doc_id);
CREATE TABLE IF NOT EXISTS vectors (hash TEXT PRIMARY KEY, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS store_deletes (id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS sidecars (folder TEXT PRIMARY KEY, fingerprints TEXT NOT NULL);
"""

# Created (and filled from the documents) by the first writer that opens an index without it.
FILES_SCHEMA = """
CREATE TABLE files (
    key TEXT PRIMARY KEY, folder TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT,
    docs TEXT NOT NULL, problems INTEGER NOT NULL DEFAULT 0, checked_ns INTEGER NOT NULL DEFAULT 0)
"""


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=OFF")
    return con


@dataclass(frozen=True)
class ParagraphRecord:
    id: int
    doc_id: str
    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class StatementRecord:
    id: int
    doc_id: str
    paragraph_id: int
    start: int
    end: int
    speaker: str | None
    kind: Kind
    mention: str | None
    cue: str | None


@dataclass(frozen=True)
class DocumentRecord:
    """A document's metadata as stored: `date` is ISO with its precision ("2016", "2016-09", "2016-09-12") or
    None; `source` the publisher or site; `url` the original page (an absolute http(s) URL) or None."""

    id: str
    title: str | None
    date: str | None
    source: str | None
    path: str | None
    format: str | None
    url: str | None = None


_DOC_COLUMNS = "id, title, date, source, path, format, json_extract(meta, '$.url')"


class Index:
    """Read access to a built index (what `qa ask`, `qa chat` and the app use).

    Args:
        path: the index folder.
        encoder: the query encoder; default: the kind the index was built with.
    """

    def __init__(self, path: str | os.PathLike, encoder: Encoder | None = None):
        self.path = Path(path)
        db = self.path / DB_NAME
        if not db.exists():
            raise IndexNotFound(f"no index at {self.path}: build one with `qa index DIR --index {self.path}`")
        self._local = threading.local()
        self._load_lock = threading.Lock()
        self.meta = read_meta(self.con)
        if not int(self.meta.get("generation") or 0):  # "0": the first build never committed
            raise IndexNotFound(f"the index at {self.path} was never completed: run `qa index DIR --index {self.path}` again")
        if int(self.meta.get("schema", 0)) != SCHEMA_VERSION:
            raise IndexMismatch(f"the index at {self.path} has format {self.meta.get('schema')}, this whosaid reads "
                                f"{SCHEMA_VERSION}: rebuild it with `qa index DIR --index NEW_FOLDER`")
        self._encoder = encoder
        if encoder is not None:
            check_encoder(self.path, self.meta, encoder)

    # -- storage -------------------------------------------------------------------------
    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = connect(self.path / DB_NAME)
        return con

    @property
    def generation(self) -> int:
        return int(self.meta["generation"])

    @property
    def gen_dir(self) -> Path:
        return generation_dir(self.path, self.generation)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = get_encoder(self.meta.get("encoder", DEFAULT_ENCODER))
            check_encoder(self.path, self.meta, self._encoder)
        return self._encoder

    @property
    def store_spec(self):
        """Where the vectors live (parsed once: an index never changes its store)."""
        from embeddings.store import parse_store

        spec = self.__dict__.get("_spec")
        if spec is None:
            spec = self.__dict__["_spec"] = parse_store(self.meta.get("store"), self.path)
        return spec

    @property
    def store(self):
        return self._structures()[0]

    @property
    def bm25(self):
        return self._structures()[1]

    def _structures(self):
        """Vectors and postings of the current generation, loaded together so they always match."""
        from qa.bm25 import BM25

        loaded = self.__dict__.get("_loaded")
        if loaded is not None:
            return loaded
        with self._load_lock:
            for _ in range(3):
                try:
                    loaded = (self._open_store(), BM25.load(str(self.gen_dir / "bm25.npz")))
                    break
                except (FileNotFoundError, RuntimeError):
                    # a writer committed a newer generation while we were loading: follow it
                    if not self.refresh():
                        raise
            self.__dict__["_loaded"] = loaded
        return loaded

    def open_store(self) -> VectorStore:
        """The index's vector store, opened once per `Index` (no generation loaded yet): a store that cannot be
        reached (a Milvus server, a Milvus Lite file another process holds) fails here, with its message."""
        from embeddings.store import StoreError
        from embeddings.stores import open_store

        store = self.__dict__.get("_store")
        if store is None:
            try:
                spec = self.store_spec
            except StoreError as err:
                raise StoreUnavailable(f"the index at {self.path}: {err}") from None
            try:
                store = open_store(spec, int(self.meta["dim"]), self.path, owner=self.meta.get("store_owner"))
            except StoreError as err:
                raise StoreUnavailable(str(err)) from None
            self.__dict__["_store"] = store
        return store

    def _open_store(self) -> VectorStore:
        store = self.open_store()
        store.show(self.generation)
        return store

    def refresh(self) -> bool:
        """Pick up a newer generation written by another process or thread; True if it changed."""
        meta = read_meta(self.con)
        if meta.get("generation") == self.meta.get("generation"):
            return False
        self.meta = meta
        self.__dict__.pop("_loaded", None)
        return True

    def close(self) -> None:
        """Release the vector store's connection (for Milvus Lite, the file, so another process may open it)."""
        store = self.__dict__.pop("_store", None)
        self.__dict__.pop("_loaded", None)
        if store is not None:
            store.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def warm_up(self) -> Index:
        """Load vectors, postings and the query encoder now rather than on the first question."""
        self._structures()
        warm = getattr(self.encoder, "warm_up", None)
        if warm:
            warm()
        return self

    # -- records ------------------------------------------------------------------------
    def documents(self, newest_first: bool = False) -> list[DocumentRecord]:
        """Every document, by id; or newest first (the order they were last added or replaced in: an
        indexing run deletes a changed document's row and inserts it again, so SQLite's rowid grows)."""
        order = "rowid DESC" if newest_first else "id"
        rows = self.con.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY {order}")
        return [DocumentRecord(*r) for r in rows]

    def document(self, doc_id: str) -> DocumentRecord | None:
        r = self.con.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=?", (doc_id,)).fetchone()
        return DocumentRecord(*r) if r else None

    def document_records(self, doc_ids) -> dict[str, DocumentRecord]:
        """The records of the documents `doc_ids` (those that exist), by id."""
        doc_ids = list(dict.fromkeys(doc_ids))
        out = {}
        for chunk in _chunks(doc_ids, 900):
            q = f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
            out.update({r[0]: DocumentRecord(*r) for r in self.con.execute(q, chunk)})
        return out

    def document_dates(self) -> dict[str, str | None]:
        """doc id -> date of every document (None when undated), read once per generation: what a date
        filter admits or leaves out."""
        cached = self.__dict__.get("_dates")
        if cached is None or cached[0] != self.generation:
            cached = (self.generation, dict(self.con.execute("SELECT id, date FROM documents")))
            self.__dict__["_dates"] = cached
        return cached[1]

    def document_text(self, doc_id: str) -> str:
        r = self.con.execute("SELECT text FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            raise KeyError(doc_id)
        return r[0]

    def paragraphs(self, ids) -> dict[int, ParagraphRecord]:
        ids = [int(i) for i in ids]
        out = {}
        for chunk in _chunks(ids, 900):
            q = f"SELECT id, doc_id, number, start, end, text FROM paragraphs WHERE id IN ({','.join('?' * len(chunk))})"
            out.update({r[0]: ParagraphRecord(*r) for r in self.con.execute(q, chunk)})
        return out

    def paragraph_ids_of(self, doc_ids) -> dict[str, list[int]]:
        """Paragraph ids of each document, in reading order."""
        doc_ids = list(doc_ids)
        out: dict[str, list[int]] = {d: [] for d in doc_ids}
        for chunk in _chunks(doc_ids, 900):
            q = f"SELECT doc_id, id FROM paragraphs WHERE doc_id IN ({','.join('?' * len(chunk))}) ORDER BY doc_id, number"
            for d, pid in self.con.execute(q, chunk):
                out[d].append(pid)
        return out

    def doc_paragraphs(self, doc_id: str) -> list[ParagraphRecord]:
        rows = self.con.execute("SELECT id, doc_id, number, start, end, text FROM paragraphs WHERE doc_id=? "
                                "ORDER BY number", (doc_id,))
        return [ParagraphRecord(*r) for r in rows]

    def statements(self, *, speakers=None, paragraph_ids=None, doc_id=None) -> list[StatementRecord]:
        where, args = [], []
        if speakers is not None:
            speakers = list(speakers)
            where.append(f"speaker IN ({','.join('?' * len(speakers))})")
            args += speakers
        if paragraph_ids is not None:
            paragraph_ids = [int(i) for i in paragraph_ids]
            where.append(f"paragraph_id IN ({','.join('?' * len(paragraph_ids))})")
            args += paragraph_ids
        if doc_id is not None:
            where.append("doc_id=?")
            args.append(doc_id)
        sql = "SELECT id, doc_id, paragraph_id, start, end, speaker, kind, mention, cue FROM statements"
        if where:
            sql += " WHERE " + " AND ".join(where)
        if (speakers is not None and not speakers) or (paragraph_ids is not None and not paragraph_ids):
            return []
        return [StatementRecord(*r) for r in self.con.execute(sql + " ORDER BY doc_id, start", args)]

    def unnamed_statements(self, mentions: list[str]) -> list[StatementRecord]:
        """The statements whose speaker the documents do not name and whose source is one of `mentions`
        (lower case: "the president"), as the text calls them."""
        if not mentions:
            return []
        sql = ("SELECT id, doc_id, paragraph_id, start, end, speaker, kind, mention, cue FROM statements "
               f"WHERE speaker IS NULL AND lower(mention) IN ({','.join('?' * len(mentions))}) ORDER BY doc_id, start")
        return [StatementRecord(*r) for r in self.con.execute(sql, list(mentions))]

    def unnamed_statements_headed(self, heads: list[str]) -> list[StatementRecord]:
        """The statements whose speaker the documents do not name and whose source ends in one of `heads`
        (lower case: "spokeswoman" for "a company spokeswoman")."""
        if not heads:
            return []
        like = " OR ".join(["lower(mention) LIKE ?"] * len(heads))
        sql = ("SELECT id, doc_id, paragraph_id, start, end, speaker, kind, mention, cue FROM statements "
               f"WHERE speaker IS NULL AND ({like}) ORDER BY doc_id, start")
        rows = self.con.execute(sql, [f"%{h}%" for h in heads])

        def head(mention: str) -> str:  # "A spokesperson for Ostrel Foods, who asked not to be named": spokesperson
            phrase = re.split(r",|\(| (?:who|for|of|at|with|from)\b", mention.lower())[0].split()
            return phrase[-1] if phrase else ""
        return [r for r in (StatementRecord(*x) for x in rows) if head(r.mention or "") in heads]

    def speaker_counts(self) -> dict[str, int]:
        """Every named speaker in the corpus with its number of statements."""
        rows = self.con.execute("SELECT speaker, COUNT(*) FROM statements WHERE speaker IS NOT NULL GROUP BY speaker")
        return dict(rows.fetchall())

    def speaker_records(self) -> list[SpeakerRecord]:
        """Every entity of every document, with its aliases, gender and number of statements."""
        rows = self.con.execute("SELECT doc_id, name, kind, aliases, gender, statements FROM speakers")
        return [SpeakerRecord(d, n, k, tuple(json.loads(a)), g, c) for d, n, k, a, g, c in rows]

    def stats(self) -> dict:
        c = self.con
        return {
            "documents": c.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "paragraphs": c.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0],
            "statements": c.execute("SELECT COUNT(*) FROM statements").fetchone()[0],
            "speakers": c.execute("SELECT COUNT(DISTINCT speaker) FROM statements").fetchone()[0],
            "model": self.meta.get("model"), "dim": int(self.meta.get("dim", 0)),
            "generation": self.generation, "store": self.store_spec.describe(),
        }

    def vectors(self, paragraph_ids) -> np.ndarray:
        """Stored vectors of paragraphs (rows in the order given).

        With a remote store (Milvus) they come from the embedding cache next to the records (the same vectors,
        kept for every current paragraph): one local query instead of a round trip per question."""
        if not self.open_store().remote:
            return self.store.get(paragraph_ids)
        return read_cached_vectors(self.con, [int(i) for i in paragraph_ids], int(self.meta["dim"]),
                                   "SELECT p.id, v.vec FROM paragraphs p JOIN vectors v ON v.hash = p.hash "
                                   "WHERE p.id IN ({})")


def read_cached_vectors(con: sqlite3.Connection, keys: list, dim: int, sql: str) -> np.ndarray:
    """Vectors from the embedding cache, one row per key in the order given (zeros for a key not found).
    `sql` selects (key, vec) rows for the keys bound in place of its `{}`."""
    out = np.zeros((len(keys), dim), dtype=np.float32)
    pos: dict = {}
    for j, k in enumerate(keys):
        pos.setdefault(k, []).append(j)
    for chunk in _chunks(list(pos), 900):
        for k, blob in con.execute(sql.format(",".join("?" * len(chunk))), chunk):
            out[pos[k]] = np.frombuffer(blob, dtype=np.float32)
    return out


def read_meta(con: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise IndexMismatch(f"{con}: not a whosaid index ({exc})") from None


def check_encoder(path: Path, meta: dict, encoder: Encoder) -> None:
    model, dim = meta.get("model"), int(meta.get("dim", 0) or 0)
    if model and (model != encoder.name or dim != encoder.dim):
        raise IndexMismatch(
            f"the index at {path} was built with model {model} ({dim}-d) but this run uses {encoder.name} "
            f"({encoder.dim}-d): use --encoder {meta.get('encoder', '?')}, or index into a new folder with --index")


def _chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
