"""The staging file of an indexing run: records of new and changed documents, written as the run goes.

A run reads, splits and attributes its documents a batch at a time and writes each batch here,
so its memory holds one batch, not the corpus. `IndexWriter.commit` then moves everything into the
index in its one transaction (`INSERT ... SELECT` in staging order, so paragraph and statement ids
come out as if the documents had been inserted one by one). The file is scratch: it is not synced,
a writer deletes what a killed run left, and readers never look at it.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from corpus.attribution import DocAttribution
from corpus.document import Document
from corpus.paragraphs import Paragraph

STAGE_NAME = "stage.sqlite"

STAGE_SCHEMA = """
CREATE TABLE documents (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, hash TEXT NOT NULL, path TEXT, title TEXT,
    date TEXT, source TEXT, format TEXT, text TEXT NOT NULL, meta TEXT NOT NULL);
CREATE TABLE paragraphs (seq INTEGER NOT NULL, number INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    hash TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE statements (seq INTEGER NOT NULL, k INTEGER NOT NULL, paragraph INTEGER, start INTEGER NOT NULL,
    end INTEGER NOT NULL, speaker TEXT, kind TEXT NOT NULL, mention TEXT, mention_start INTEGER, mention_end INTEGER,
    cue TEXT, cue_start INTEGER, cue_end INTEGER);
CREATE TABLE speakers (seq INTEGER NOT NULL, k INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    aliases TEXT NOT NULL, gender TEXT, statements INTEGER NOT NULL);
"""


class Stage:
    """The staging file of one run, in the index folder (deleted when the run ends, or by the next writer).

    Documents are kept in the order of their `seq` (file order); staging a `seq` twice replaces it.
    """

    def __init__(self, index_path: Path):
        self.path = Path(index_path) / STAGE_NAME
        discard(index_path)
        self.con = sqlite3.connect(str(self.path), isolation_level=None)
        self.closed = False
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        self.con.executescript(STAGE_SCHEMA)
        self.documents = 0
        self.paragraphs = 0

    def add(self, seq: int, doc: Document, paras: list[Paragraph], attribution: DocAttribution) -> None:
        """Stage one document with its paragraphs, statements and speakers."""
        con = self.con
        with con:
            if con.execute("SELECT 1 FROM documents WHERE seq=?", (seq,)).fetchone():
                self._delete(seq)
            else:
                self.documents += 1
                self.paragraphs += len(paras)
            con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (seq, doc.id, doc.hash, doc.path, doc.title, doc.date, doc.source, doc.format, doc.text,
                         json.dumps(doc.meta or {})))
            con.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?)",
                            [(seq, p.number, p.start, p.end, p.hash, p.text) for p in paras])
            con.executemany("INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(seq, k, s.paragraph, s.start, s.end, s.speaker, s.kind, s.mention, s.mention_start,
                              s.mention_end, s.cue, s.cue_start, s.cue_end)
                             for k, s in enumerate(attribution.statements)])
            con.executemany("INSERT INTO speakers VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [(seq, k, sp.name, sp.kind, json.dumps(list(sp.aliases)), sp.gender, sp.statements)
                             for k, sp in enumerate(attribution.speakers)])

    def append(self, doc: Document, paras: list[Paragraph], attribution: DocAttribution) -> None:
        """Stage a document after all the others."""
        last = self.con.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]
        self.add(last + 1, doc, paras, attribution)

    def remove(self, seq: int) -> None:
        with self.con:
            if self.con.execute("SELECT 1 FROM documents WHERE seq=?", (seq,)).fetchone():
                self.paragraphs -= self.con.execute("SELECT COUNT(*) FROM paragraphs WHERE seq=?", (seq,)).fetchone()[0]
                self.documents -= 1
                self._delete(seq)

    def _delete(self, seq: int) -> None:
        for table in ("documents", "paragraphs", "statements", "speakers"):
            self.con.execute(f"DELETE FROM {table} WHERE seq=?", (seq,))

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY seq")]

    def statements(self) -> int:
        return self.con.execute("SELECT COUNT(*) FROM statements").fetchone()[0]

    def close(self) -> None:
        if not self.closed:
            self.con.close()
            self.closed = True
        discard(self.path.parent)


def discard(index_path: Path) -> None:
    """Delete a staging file (one a killed run left, or this run's)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(Path(index_path) / (STAGE_NAME + suffix))
        except FileNotFoundError:
            pass


# The SQL that moves a stage into the index (its database attached as `stage`), in staging order.
MOVE_DOCUMENTS = ("INSERT INTO main.documents (id, hash, path, title, date, source, format, text, meta) "
                  "SELECT id, hash, path, title, date, source, format, text, meta FROM stage.documents ORDER BY seq")
MOVE_PARAGRAPHS = ("INSERT INTO main.paragraphs (doc_id, number, start, end, hash, text) "
                   "SELECT d.id, p.number, p.start, p.end, p.hash, p.text FROM stage.paragraphs p "
                   "JOIN stage.documents d ON d.seq = p.seq ORDER BY p.seq, p.rowid")
MOVE_STATEMENTS = ("INSERT INTO main.statements (doc_id, paragraph_id, start, end, speaker, kind, mention, mention_start, "
                   "mention_end, cue, cue_start, cue_end) "
                   "SELECT d.id, COALESCE(p.id, 0), s.start, s.end, s.speaker, s.kind, s.mention, s.mention_start, "
                   "s.mention_end, s.cue, s.cue_start, s.cue_end FROM stage.statements s "
                   "JOIN stage.documents d ON d.seq = s.seq "
                   "LEFT JOIN main.paragraphs p ON p.doc_id = d.id AND p.number = s.paragraph AND p.id > :first "
                   "ORDER BY s.seq, s.k")
MOVE_SPEAKERS = ("INSERT INTO main.speakers (doc_id, name, kind, aliases, gender, statements) "
                 "SELECT d.id, s.name, s.kind, s.aliases, s.gender, s.statements FROM stage.speakers s "
                 "JOIN stage.documents d ON d.seq = s.seq ORDER BY s.seq, s.k")
