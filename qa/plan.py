"""The plan of changes of one folder run, shared by the local indexer and the Ray pipeline.

The rule both follow:

- A run adds and updates. A document is removed only with `prune`, and only when it lived under
  the folder being indexed and is gone from it: its file is gone, or (a .jsonl row) the file no
  longer gives it. A document another file still gives stays.
- A document that came from another file (another folder that gives the same relative id, or an
  upload) is never replaced, unless `replace`: the file is reported and left out.
- A file whose size and mtime are those recorded is not read again; one whose bytes hash to the
  recorded digest is not parsed again.

The index keeps one `FileRecord` per source file (the `files` table, see `qa.index`): the
documents it gave, with their hashes. The files that list a document are its owners; a document
no file lists was added by `Indexer.add_documents` (an upload) and no folder run removes it.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from corpus.document import Document
from corpus.readers import FoundFile, Skipped

# What a document read in a run does: added, changed (replacing the stored one), the same as stored, or skipped.
Action = Literal["add", "change", "same", "skip"]

RACY_NS = 2_000_000_000  # an mtime this close to the moment it was recorded may hide a later change


@dataclass
class FileRecord:
    """What the index knows of one source file.

    Attributes:
        key: the file's absolute path through the real path of its folder (`file_key`).
        folder: the real path of the folder it was indexed from.
        size, mtime_ns: its size and mtime when it was read (-1: read it again next time).
        digest: the hash of its bytes (`file_digest`).
        docs: id -> hash of each document it gives.
        problems: bad lines, conflicts or errors at its last reading (then it is read again next time).
        checked_ns: when it was recorded (an mtime as recent as that is not trusted).
    """

    key: str
    folder: str
    size: int
    mtime_ns: int
    digest: str | None
    docs: dict[str, str] = field(default_factory=dict)
    problems: int = 0
    checked_ns: int = 0

    def row(self) -> tuple:
        return (self.key, self.folder, self.size, self.mtime_ns, self.digest, json.dumps(self.docs),
                self.problems, self.checked_ns)

    @classmethod
    def from_row(cls, row) -> FileRecord:
        key, folder, size, mtime_ns, digest, docs, problems, checked_ns = row
        return cls(key, folder, size, mtime_ns, digest, json.loads(docs), problems, checked_ns)


def real_folder(folder: str | os.PathLike) -> str:
    return os.path.realpath(folder)


def file_key(folder_real: str, rel: str) -> str:
    return os.path.normpath(os.path.join(folder_real, rel))


def is_under(key: str, folder_real: str) -> bool:
    return key.startswith(folder_real.rstrip(os.sep) + os.sep)


def file_digest(path: str, chunk: int = 2**20) -> str | None:
    """Hash of a file's bytes, read a piece at a time (None if it cannot be read: reading it says why)."""
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as fh:
            while block := fh.read(chunk):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


@dataclass
class Outcome:
    """What a finished run changes besides the documents it read.

    Attributes:
        records: file records to write (insert or replace).
        forget: keys of file records to delete.
        remove: document ids to remove from the index (only with `prune`).
        prunable: document ids that are gone from the folder, kept because `prune` was not given.
    """

    records: list[FileRecord]
    forget: list[str]
    remove: list[str]
    prunable: list[str]


class FolderRun:
    """The bookkeeping of one run over `folder`: what to read, what each document read means, and at the
    end what the run prunes (or would prune). Pure: the caller reads the files and writes the index.

    Args:
        folder: the folder as given (document ids are paths relative to it).
        found: its files (`corpus.readers.walk_folder`).
        records: every file record of the index, by key.
        documents: id -> hash of every document in the index.
        unlisted: folders under `folder` that could not be listed (their files are not gone, just unseen).
        prune: remove documents gone from the folder.
        replace: let a file replace a document that came from another file.
        reparse: read and parse every file, changed or not.
    """

    def __init__(self, folder, found: list[FoundFile], records: dict[str, FileRecord], documents: dict[str, str],
                 unlisted=(), prune: bool = False, replace: bool = False, reparse: bool = False):
        self.folder = str(folder)
        self.real = real_folder(folder)
        self.records, self.documents = records, documents
        self.prune, self.replace, self.reparse = prune, replace, reparse
        self.started_ns = time.time_ns()
        self.owners: dict[str, set[str]] = {}
        for rec in records.values():
            for doc_id in rec.docs:
                self.owners.setdefault(doc_id, set()).add(rec.key)
        self.keys = {f.path: file_key(self.real, f.rel) for f in found}
        seen = set(self.keys.values())
        hidden = [file_key(self.real, os.path.relpath(d, self.folder)) for d in unlisted]
        self.gone = [rec for key, rec in records.items()
                     if is_under(key, self.real) and key not in seen and not any(is_under(key, h) for h in hidden)]
        self.given: dict[str, str] = {}      # doc id -> path of the file that gives it in this run
        self.read: list[FoundFile] = []      # to read (their bytes may still be the recorded ones)
        self.same: list[FoundFile] = []      # unchanged on disk: not read
        for f in found:
            known = records.get(self.keys[f.path])
            if known is not None and self._unchanged(f, known):
                self.same.append(f)
                for doc_id in known.docs:
                    self.given.setdefault(doc_id, f.path)
            else:
                self.read.append(f)
        self.new_records: dict[str, FileRecord] = {}
        self.lost: dict[str, set[str]] = {}      # doc id -> keys of files that no longer give it
        self.replaced: dict[str, set[str]] = {}  # doc id -> the files it is taken from (--replace)

    # -- before reading -----------------------------------------------------------------------
    def _unchanged(self, f: FoundFile, rec: FileRecord) -> bool:
        return (not self.reparse and rec.folder == self.real and rec.size >= 0 and f.size == rec.size and f.mtime_ns == rec.mtime_ns and not rec.problems
                and f.mtime_ns < rec.checked_ns - RACY_NS and self._consistent(rec))

    def _consistent(self, rec: FileRecord) -> bool:
        """The index holds every document of the record as recorded (another writer may have changed it)."""
        return all(self.documents.get(doc_id) == h for doc_id, h in rec.docs.items())

    def known_digest(self, f: FoundFile) -> str | None:
        """The recorded digest of `f` when its documents stand as recorded: bytes that hash to it need not be
        parsed again. None for a file never read, or one to parse again (problems, documents gone from it, or
        recorded from another folder, which names its documents otherwise)."""
        rec = self.records.get(self.keys[f.path])
        if rec is None or self.reparse or rec.folder != self.real or rec.size < 0 or rec.problems:
            return None
        return rec.digest if self._consistent(rec) else None

    def key(self, f: FoundFile) -> str:
        return self.keys[f.path]

    @property
    def unchanged_documents(self) -> int:
        return sum(len(self.records[self.keys[f.path]].docs) for f in self.same)

    # -- while reading ------------------------------------------------------------------------
    def decide(self, doc: Document, f: FoundFile) -> tuple[Action, Skipped | None]:
        """What `doc`, read from `f`, does: "add", "change", "same" (indexed already as it is), or "skip"
        (with the reason: it would replace another file's document, or repeats an id of this run)."""
        return self.decide_id(doc.id, doc.hash, f, doc.path or f.path)

    def decide_id(self, doc_id: str, doc_hash: str, f: FoundFile, where: str) -> tuple[Action, Skipped | None]:
        """`decide` for a document known by its id and hash (`where` names it in a message)."""
        key = self.keys[f.path]
        if self.given.setdefault(doc_id, f.path) != f.path:
            return "skip", Skipped(where, f"{where}: duplicate document id {doc_id}; rename one of them")
        stored = self.documents.get(doc_id)
        if stored is None:
            return "add", None
        if stored == doc_hash:
            return "same", None
        owners = self.owners.get(doc_id, set())
        if owners == {key}:
            return "change", None
        if self.replace:
            self.replaced[doc_id] = owners - {key}
            return "change", None
        origin = f"from {', '.join(sorted(owners - {key}))}" if owners - {key} else "as an uploaded document"
        return "skip", Skipped(where, (
            f"{where}: not indexed: the index already has a different document {doc_id} {origin} (a document's id "
            f"is its path relative to the folder indexed); index {self.folder} into another index with --index, "
            "rename the file, or run again with --replace to replace that document with this file"))

    def reading(self, f: FoundFile, digest: str | None) -> FileReading:
        """The bookkeeping of reading `f` (whose bytes hash to `digest`)."""
        return FileReading(self, f, digest)

    def file_read(self, f: FoundFile, digest: str | None, given: dict[str, str], problems: int) -> None:
        """`f` was read: the documents `given` (id -> hash) are indexed from it now; `problems` counts its bad
        lines, documents left out and errors. A file that failed as a whole is not reported here: its record,
        if any, stands."""
        key = self.keys[f.path]
        old = self.records.get(key)
        docs = dict(given)
        if old is not None:
            missing = {d: h for d, h in old.docs.items() if d not in given}
            if not problems:  # with a bad line, a missing document may be on it: not lost
                for doc_id in missing:
                    self.lost.setdefault(doc_id, set()).add(key)
            if problems or not self.prune:
                docs.update(missing)
        stale = bool(problems) or len(docs) != len(given)  # parse it again next time
        self.new_records[key] = FileRecord(key, self.real, -1 if stale else f.size, f.mtime_ns, digest, docs,
                                           problems, self.started_ns)

    def file_unchanged(self, f: FoundFile) -> int:
        """`f`'s bytes hash to the recorded digest: its documents stand; its size and mtime are recorded anew.
        Returns how many documents it gives."""
        old = self.records[self.keys[f.path]]
        for doc_id in old.docs:
            self.given.setdefault(doc_id, f.path)
        self.new_records[old.key] = FileRecord(old.key, self.real, f.size, f.mtime_ns, old.digest, dict(old.docs),
                                               0, self.started_ns)
        return len(old.docs)

    # -- at the end ---------------------------------------------------------------------------
    def finish(self) -> Outcome:
        """File records to write or forget, and documents to remove (with `prune`) or that would be."""
        for rec in self.gone:
            for doc_id in rec.docs:
                self.lost.setdefault(doc_id, set()).add(rec.key)
        # Gone: no file gives it in this run, and every file that gave it is gone or no longer gives it.
        gone = sorted(doc_id for doc_id, keys in self.lost.items()
                      if doc_id in self.documents and doc_id not in self.given and self.owners[doc_id] <= keys)
        # A document taken over with --replace is no longer given by the files it came from.
        for doc_id, others in self.replaced.items():
            for key in others:
                held = self.new_records.get(key) or self.records.get(key)
                if held is not None and doc_id in held.docs:
                    docs = {d: h for d, h in held.docs.items() if d != doc_id}
                    self.new_records[key] = FileRecord(**{**held.__dict__, "docs": docs, "size": -1})  # say so next time
        records = list(self.new_records.values())
        if not self.prune:
            return Outcome(records, [], [], gone)
        return Outcome(records, [rec.key for rec in self.gone], gone, [])


def to_reattribute(existing: Iterable[str], queued: set[str], outcome: Outcome) -> list[str]:
    """The stored documents a run with a newer attribution engine re-attributes (their vectors are reused): every
    one of `existing` the run neither indexes anew (`queued`) nor removes."""
    removed = set(outcome.remove)
    return [i for i in existing if i not in queued and i not in removed]


class FileReading:
    """One file of a run being read: each document it gives is decided in turn, its problems counted, and
    `done()` records what it gave. Used in file order by both pipelines."""

    def __init__(self, run: FolderRun, f: FoundFile, digest: str | None):
        self.run, self.f, self.digest = run, f, digest
        self.given: dict[str, str] = {}
        self.documents = self.lines = self.problems = 0

    def document(self, doc_id: str, doc_hash: str, where: str) -> tuple[Action, Skipped | None]:
        """A document the file gives: what it does (see `FolderRun.decide`)."""
        self.documents += 1
        action, why = self.run.decide_id(doc_id, doc_hash, self.f, where)
        if why is not None:
            self.problems += 1
        else:
            self.given[doc_id] = doc_hash
        return action, why

    def bad_line(self) -> None:
        """A line (of a .jsonl file) that gave no document."""
        self.lines += 1
        self.problems += 1

    def failed(self) -> None:
        """The file could not be read (any further)."""
        self.problems += 1

    def done(self) -> None:
        if self.documents or self.lines:  # else it failed as a whole: its record, if any, stands
            self.run.file_read(self.f, self.digest, self.given, self.problems)
