"""What a folder run may add, replace and remove (qa.plan): nothing is removed without --prune, only what
lived under the folder indexed, never an upload, never the whole index; a document from another folder is
not replaced without --replace. Unchanged files are not read again.

Uses the `fake` encoder from tests/conftest.py; attribution runs for real.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from corpus import readers
from corpus.document import Document
from corpus.readers import ReadError
from qa.index import Index
from qa.indexer import Indexer, index_folder
from tests.qa.builders import BRIDGE_TXT, CORPUS_META, WIRE_ROWS, jsonl, make_corpus, write
from tests.qa.test_indexer import assert_consistent, search, state

FERRY = "Ferry news\n\nThe harbour master said the ferry would sail again on Monday.\n"


@pytest.fixture
def a(tmp_path) -> Path:
    return make_corpus(tmp_path / "a")


@pytest.fixture
def idx(tmp_path) -> Path:
    return tmp_path / "idx"


def build(folder: Path, idx: Path, **kwargs):
    return index_folder(folder, idx, encoder="fake", progress=False, **kwargs)


def ids(idx: Path) -> list[str]:
    return [d.id for d in Index(idx).documents()]


def age(folder: Path, seconds: float = 3600) -> None:
    """Date every file under `folder` back, as files are when they were not just written."""
    then = time.time() - seconds
    for p in folder.rglob("*"):
        if p.is_file():
            os.utime(p, (then, then))


# -- no silent deletion ----------------------------------------------------------------------------

def test_indexing_another_folder_removes_nothing(a, tmp_path, idx, fake_encoder):
    build(a, idx)
    b = tmp_path / "b"
    write(b / "ferry.txt", FERRY)
    report = build(b, idx, prune=True)  # even with --prune: a's documents never lived under b
    assert (report.added, report.removed, report.prunable, report.documents) == (1, 0, [], 8)
    assert ids(idx) == sorted([*CORPUS_META, "ferry.txt"])
    assert search(idx, "mackerel breakwater", k=1) == [("web/harbour.html", 3)]
    assert_consistent(idx)


def test_files_gone_are_kept_and_reported_until_prune(a, idx, fake_encoder):
    build(a, idx)
    before = state(idx)
    (a / "web" / "harbour.html").unlink()
    (a / "feeds" / "wire.jsonl").unlink()
    report = build(a, idx)
    gone = ["feeds/wire.jsonl#a1", "feeds/wire.jsonl#a2", "web/harbour.html"]
    assert (report.removed, report.prunable, report.unchanged) == (0, gone, 4)
    assert state(idx) == before
    report = build(a, idx, prune=True)
    assert (report.removed, report.prunable, report.documents) == (3, [], 4)
    assert ids(idx) == sorted(set(CORPUS_META) - set(gone))
    assert_consistent(idx)


def test_prune_removes_only_what_lived_under_the_folder(a, tmp_path, idx, fake_encoder):
    b = tmp_path / "b"
    write(b / "ferry.txt", FERRY)
    build(a, idx)
    build(b, idx)
    (a / "news" / "bridge.txt").unlink()
    (b / "ferry.txt").unlink()
    write(b / "other.txt", "Other news\n\nThe mayor said the bridge was safe.\n")
    report = build(b, idx, prune=True)
    assert (report.added, report.removed) == (1, 1)
    assert "news/bridge.txt" in ids(idx) and "ferry.txt" not in ids(idx)
    report = build(a, idx, prune=True)
    assert (report.removed, report.documents) == (1, 7)
    assert "news/bridge.txt" not in ids(idx) and "other.txt" in ids(idx)


def test_uploads_are_never_pruned_by_a_folder_run(a, idx, fake_encoder):
    build(a, idx)
    upload = Document(id="uploads/jane.txt", text="Jane Doe said bananas are the best fruit.", path="/tmp/x/jane.txt")
    with Indexer(idx, progress=False) as ix:
        assert ix.add_documents([upload]).added == 1
    for name in ("news/bridge.txt", "notes/budget.md"):
        (a / name).unlink()
    report = build(a, idx, prune=True)
    assert report.removed == 2
    assert "uploads/jane.txt" in ids(idx)
    assert Index(idx).document_text("uploads/jane.txt") == upload.text


def test_pruning_that_would_empty_the_index_is_refused(a, idx, fake_encoder):
    from qa.errors import IndexRefused

    build(a, idx)
    before = state(idx)
    for p in list(a.rglob("*")):
        if p.is_file():
            p.unlink()
    write(a / "junk.bin", b"\x00\x01")  # not an empty folder: a file that is not a document
    report = build(a, idx)  # without --prune: kept, and said
    assert (report.removed, len(report.prunable)) == (0, 7)
    with pytest.raises(IndexRefused) as info:
        build(a, idx, prune=True)
    assert str(info.value) == (
        f"{a} holds none of the 7 documents of the index at {idx} any more: pruning would empty the index, so nothing "
        "was changed. If the folder is on a disk or share, check it is mounted; to start over, index into a new folder "
        "with --index")
    assert state(idx) == before


def test_jsonl_rows_gone_from_their_file(a, idx, fake_encoder):
    build(a, idx)
    path = a / "feeds" / "wire.jsonl"
    write(path, jsonl(WIRE_ROWS[:1]))
    report = build(a, idx)
    assert (report.removed, report.prunable, report.unchanged) == (0, ["feeds/wire.jsonl#a2"], 6)
    # A bad line may be the missing row: then nothing of that file is pruned, even with --prune.
    write(path, jsonl(WIRE_ROWS[:1]) + "{not json\n")
    report = build(a, idx, prune=True)
    assert (report.removed, report.prunable) == (0, [])
    assert "feeds/wire.jsonl#a2" in ids(idx)
    write(path, jsonl(WIRE_ROWS[:1]))
    report = build(a, idx, prune=True)
    assert (report.removed, report.documents) == (1, 6)
    assert "feeds/wire.jsonl#a2" not in ids(idx)


def test_a_folder_that_cannot_be_listed_loses_nothing(a, idx, fake_encoder, monkeypatch):
    build(a, idx)
    real = os.scandir

    def scandir(path):
        if str(path).endswith("news"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    report = build(a, idx, prune=True)
    assert report.removed == 0 and "news/bridge.txt" in ids(idx)
    assert [s.reason for s in report.skipped] == [f"{a / 'news'}: cannot be listed (Permission denied); check its "
                                                  "permissions (documents indexed from it are kept)"]


def test_missing_folder_is_refused(a, tmp_path, idx, fake_encoder):
    build(a, idx)
    with pytest.raises(ReadError, match="does not exist; give the folder that holds your documents"):
        build(tmp_path / "unmounted", idx, prune=True)
    assert len(ids(idx)) == 7


# -- two folders, one document id ------------------------------------------------------------------

def test_same_relative_id_from_another_folder_is_not_replaced(a, tmp_path, idx, fake_encoder):
    b = tmp_path / "b"
    write(b / "news" / "bridge.txt", FERRY)  # another document that is also news/bridge.txt
    write(b / "ferry.txt", FERRY)
    build(a, idx)
    before = Index(idx).document_text("news/bridge.txt")
    report = build(b, idx)
    assert (report.added, report.changed, report.removed) == (1, 0, 0)
    assert [s.reason for s in report.skipped] == [
        f"{b / 'news' / 'bridge.txt'}: not indexed: the index already has a different document news/bridge.txt from "
        f"{os.path.realpath(a / 'news' / 'bridge.txt')} (a document's id is its path relative to the folder indexed); "
        f"index {b} into another index with --index, rename the file, or run again with --replace to replace that "
        "document with this file"]
    assert Index(idx).document_text("news/bridge.txt") == before == BRIDGE_TXT
    # It is said again next time (the file is not taken for unchanged), and --replace does it.
    assert len(build(b, idx).skipped) == 1
    report = build(b, idx, replace=True)
    assert (report.changed, report.skipped) == (1, [])
    assert Index(idx).document_text("news/bridge.txt") == FERRY
    # Now a's file is the one that may not replace it; and a's --prune does not take b's document away.
    report = build(a, idx, prune=True)
    assert (report.changed, report.removed, len(report.skipped)) == (0, 0, 1)
    assert "from " + os.path.realpath(b / "news" / "bridge.txt") in report.skipped[0].reason
    assert_consistent(idx)


def test_the_same_document_in_two_folders_stays_while_one_gives_it(a, tmp_path, idx, fake_encoder):
    b = tmp_path / "b"
    write(b / "news" / "bridge.txt", BRIDGE_TXT)  # the same file, copied
    build(a, idx)
    report = build(b, idx)
    assert (report.added, report.changed, report.unchanged, report.skipped) == (0, 0, 1, [])
    (a / "news" / "bridge.txt").unlink()
    report = build(a, idx, prune=True)
    assert (report.removed, report.prunable) == (0, [])
    assert "news/bridge.txt" in ids(idx)  # b still gives it
    (b / "news" / "bridge.txt").unlink()
    write(b / "keep.txt", FERRY)
    report = build(b, idx, prune=True)
    assert report.removed == 1 and "news/bridge.txt" not in ids(idx)


def test_a_folder_file_does_not_replace_an_upload(a, idx, fake_encoder):
    build(a, idx)
    with Indexer(idx, progress=False) as ix:
        ix.add_documents([Document(id="uploads/jane.txt", text="Jane Doe said bananas are the best fruit.")])
    write(a / "uploads" / "jane.txt", "Someone else entirely said something else.")
    report = build(a, idx)
    assert report.added == 0
    assert report.skipped[0].reason.startswith(f"{a / 'uploads' / 'jane.txt'}: not indexed: the index already has a "
                                               "different document uploads/jane.txt as an uploaded document")
    assert Index(idx).document_text("uploads/jane.txt") == "Jane Doe said bananas are the best fruit."


def test_an_upload_may_replace_a_folder_document_which_is_then_the_uploads(a, idx, fake_encoder):
    build(a, idx)
    with Indexer(idx, progress=False) as ix:
        assert ix.add_documents([Document(id="news/bridge.txt", text="An upload under that name.")]).changed == 1
    (a / "news" / "bridge.txt").unlink()
    assert build(a, idx, prune=True).removed == 0  # no folder gives it any more: it is the upload's
    assert Index(idx).document_text("news/bridge.txt") == "An upload under that name."


# -- unchanged files are not read ------------------------------------------------------------------

def forbid_reading(monkeypatch) -> list[str]:
    """Fail the test if any document is parsed; return the paths whose bytes were hashed."""
    hashed: list[str] = []
    import qa.indexer
    import qa.plan

    monkeypatch.setattr(qa.indexer, "iter_file", lambda path, *a, **k: pytest.fail(f"{path} was parsed again"))
    real = qa.plan.file_digest
    monkeypatch.setattr(qa.plan, "file_digest", lambda path, *a: hashed.append(path) or real(path, *a))
    monkeypatch.setattr(qa.indexer, "file_digest", qa.plan.file_digest)
    return hashed


def test_unchanged_files_are_neither_read_nor_parsed(a, idx, fake_encoder, monkeypatch):
    build(a, idx)
    age(a)
    build(a, idx)  # records the files' dates (they changed) without parsing them
    hashed = forbid_reading(monkeypatch)
    report = build(a, idx)
    assert (report.unchanged, report.files_unchanged, report.files_read, hashed) == (7, 6, 0, [])


def test_a_touched_file_is_hashed_not_parsed(a, idx, fake_encoder, monkeypatch):
    build(a, idx)
    age(a)
    build(a, idx)
    os.utime(a / "web" / "harbour.html")  # saved again, same bytes
    hashed = forbid_reading(monkeypatch)
    report = build(a, idx)
    assert (report.unchanged, report.files_unchanged, hashed) == (7, 6, [str(a / "web" / "harbour.html")])


def test_a_change_hidden_by_the_same_size_and_mtime_is_found(a, idx, fake_encoder):
    """A file rewritten within the mtime's resolution keeps its size and mtime: a record that recent is not
    trusted, so its bytes are checked."""
    path = a / "news" / "bridge.txt"
    st = path.stat()
    build(a, idx)
    write(path, BRIDGE_TXT.replace("ferry pier", "ferry quay"))  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = build(a, idx)
    assert report.changed == 1
    assert "ferry quay" in Index(idx).document_text("news/bridge.txt")


def test_records_follow_another_writer(a, idx, fake_encoder):
    """A document changed or removed behind the records' back (another tool, an old whosaid) is read again."""
    build(a, idx)
    age(a)
    build(a, idx)
    with Indexer(idx, progress=False) as ix:
        ix.remove_documents(["news/bridge.txt"])
    report = build(a, idx)
    assert report.added == 1 and "news/bridge.txt" in ids(idx)


def test_unchanged_jsonl_rows_are_not_indexed_again(a, idx, fake_encoder):
    build(a, idx)
    rows = [dict(WIRE_ROWS[0], text=WIRE_ROWS[0]["text"] + " More later."), WIRE_ROWS[1]]
    write(a / "feeds" / "wire.jsonl", jsonl(rows))
    report = build(a, idx)
    assert (report.changed, report.unchanged, report.new_paragraphs) == (1, 6, 2)


# -- an index made before file records ------------------------------------------------------------

def make_old_index(folder: Path, idx: Path, uploads: list[Document] = ()) -> None:
    """An index as whosaid eec088d wrote it: no `files` table (the rest of the schema is unchanged)."""
    build(folder, idx)
    if uploads:
        with Indexer(idx, progress=False) as ix:
            ix.add_documents(uploads)
    con = sqlite3.connect(idx / "index.sqlite")
    con.execute("DROP TABLE files")
    con.commit()
    con.close()


def test_an_old_index_is_upgraded_in_place(a, idx, fake_encoder):
    upload = Document(id="uploads/jane.txt", text="Jane Doe said bananas are the best fruit.",
                      path="/tmp/gradio/0a1b/jane.txt")
    make_old_index(a, idx, [upload])
    before = state(idx)
    report = build(a, idx)
    assert (report.unchanged, report.added, report.changed, report.skipped) == (7, 0, 0, [])
    assert state(idx) == before  # no new generation: only the file records were written
    rows = dict(sqlite3.connect(idx / "index.sqlite").execute("SELECT key, docs FROM files").fetchall())
    assert json.loads(rows[os.path.realpath(a / "feeds" / "wire.jsonl")]).keys() == {"feeds/wire.jsonl#a1",
                                                                                   "feeds/wire.jsonl#a2"}
    assert len(rows) == 6
    (a / "notes" / "budget.md").unlink()
    report = build(a, idx, prune=True)
    assert report.removed == 1 and "uploads/jane.txt" in ids(idx)
