"""Indexing a folder: every format, exact offsets, incremental updates, bad input, atomic writes.

Uses the `fake` encoder from tests/conftest.py (exact and instant); attribution runs for real.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from corpus import readers
from corpus.document import text_hash
from corpus.readers import ReadError
from embeddings.encoder import registered_encoder
from embeddings.faiss_store import FaissStore
from qa import plan
from qa.bm25 import BM25
from qa.errors import IndexBusy, IndexMismatch, IndexNotFound
from qa.index import Index
from qa.indexer import Indexer, index_folder
from qa.retrieval import Retriever
from tests.conftest import FakeEncoder
from tests.qa.builders import BRIDGE_TXT, BUDGET_MD, CORPUS_META, WIRE_ROWS, jsonl, make_corpus, write

ROOT = Path(__file__).resolve().parents[2]

LONG_TXT = "\n\n".join([
    "Ferry timetable changes",
    "The ferry company said winter crossings would start at dawn.",
    "Passengers complained about the price of a return ticket.",
    "A spokeswoman promised refunds for cancelled sailings in January.",
    "Harbour pilots warned that fog delays could last into spring.",
    "Tourism officials expect record visitor numbers on the island.",
]) + "\n"
LONG_PARAGRAPHS = 6


@pytest.fixture
def docs(tmp_path) -> Path:
    return make_corpus(tmp_path / "docs")


@pytest.fixture
def idx(tmp_path) -> Path:
    return tmp_path / "idx"


def build(folder: Path, idx: Path, **kwargs):
    return index_folder(folder, idx, encoder="fake", progress=False, **kwargs)


def state(idx: Path) -> dict:
    """Everything a reader of the index sees, as plain values (ids of rows excluded)."""
    ix = Index(idx)
    paragraphs = {d.id: [(p.number, p.start, p.end, p.text) for p in ix.doc_paragraphs(d.id)]
                  for d in ix.documents()}
    statements = [(s.doc_id, s.start, s.end, s.speaker, s.kind, s.mention, s.cue) for s in ix.statements()]
    return {"documents": ix.documents(), "paragraphs": paragraphs, "statements": statements,
            "generation": ix.generation, "vectors": len(ix.store), "bm25": len(ix.bm25)}


def search(idx: Path, query: str, k: int = 3) -> list[tuple[str, int]]:
    """(doc id, paragraph number) of the top hybrid results."""
    ix = Index(idx)
    hits = Retriever(ix).search(query, k=k)
    paragraphs = ix.paragraphs([h.paragraph_id for h in hits])
    return [(paragraphs[h.paragraph_id].doc_id, paragraphs[h.paragraph_id].number) for h in hits]


def assert_consistent(idx: Path) -> None:
    """Vectors, postings and records agree: one vector per paragraph, the vector of its own text."""
    ix = Index(idx)
    rows = ix.con.execute("SELECT id, text FROM paragraphs ORDER BY id").fetchall()
    ids = [r[0] for r in rows]
    assert sorted(ix.store.ids().tolist()) == ids
    assert sorted(ix.bm25.ids.tolist()) == ids
    if rows:
        np.testing.assert_allclose(ix.vectors(ids), FakeEncoder().encode([r[1] for r in rows]), atol=1e-6)
    # The embedding cache holds exactly the vectors of the current paragraphs.
    hashes = {text_hash(r[1]) for r in rows}
    assert {h for (h,) in ix.con.execute("SELECT hash FROM vectors")} == hashes
    # The current generation, and at most the previous one (a reader may still be loading it).
    assert {p.name for p in idx.glob("gen-*")} - {f"gen-{ix.generation - 1}"} == {f"gen-{ix.generation}"}


# -- every format ------------------------------------------------------------------------------

def test_every_format_ids_metadata_and_offsets(docs, idx, fake_encoder):
    report = build(docs, idx)
    assert report.skipped == []
    assert (report.documents, report.added, report.changed, report.removed, report.unchanged) == (7, 7, 0, 0, 0)
    ix = Index(idx)
    records = ix.documents()
    assert {d.id: (d.title, d.date, d.source, d.format) for d in records} == CORPUS_META
    paths = {d.id: d.path for d in records}
    assert paths["news/bridge.txt"] == str(docs / "news" / "bridge.txt")
    assert paths["feeds/wire.jsonl#a1"] == paths["feeds/wire.jsonl#a2"] == str(docs / "feeds" / "wire.jsonl")

    total = 0
    for d in records:
        text = ix.document_text(d.id)
        paragraphs = ix.doc_paragraphs(d.id)
        assert [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))
        for p in paragraphs:
            assert text[p.start:p.end] == p.text
        total += len(paragraphs)
    assert report.paragraphs == report.new_paragraphs == report.embedded == total == 16
    assert fake_encoder.encoded == 16
    # Plain text files are stored exactly as on disk.
    assert ix.document_text("news/bridge.txt") == BRIDGE_TXT
    assert ix.document_text("notes/budget.md") == BUDGET_MD
    assert ix.document_text("feeds/wire.jsonl#a1") == WIRE_ROWS[0]["text"]
    assert [p.text for p in ix.doc_paragraphs("notes/budget.md")] == [
        "# Budget day live", "The finance minister said taxes on diesel would fall next spring."]
    stats = ix.stats()
    del stats["speakers"]
    assert stats == {"documents": 7, "paragraphs": 16, "statements": report.statements,
                     "model": "fake-hash-64", "dim": 64, "generation": 1,
                     "store": "faiss (files in the index folder)"}
    assert_consistent(idx)


def test_statements_are_stored_with_their_paragraph(docs, idx, fake_encoder):
    report = build(docs, idx)
    ix = Index(idx)
    statements = ix.statements()
    assert len(statements) == report.statements > 0
    paragraphs = ix.paragraphs([s.paragraph_id for s in statements])
    for s in statements:
        p = paragraphs[s.paragraph_id]
        assert p.doc_id == s.doc_id
        assert p.start <= s.start < s.end <= p.end
    lopez = ix.statements(speakers=["Ana Lopez"])
    assert [(s.doc_id, s.kind, s.cue, s.mention) for s in lopez] == [
        ("news/bridge.txt", "direct", "said", "Mayor Ana Lopez")]
    assert "We will rebuild the old ferry pier next" in ix.document_text("news/bridge.txt")[lopez[0].start:lopez[0].end]
    assert paragraphs[lopez[0].paragraph_id].number == 2
    assert ix.speaker_counts()["Ana Lopez"] == 1


def test_empty_folder_is_refused_and_changes_nothing(docs, tmp_path, idx, fake_encoder):
    """An empty folder (an unmounted share, a wrong path) neither builds an index nor empties one."""
    empty = tmp_path / "none"
    (empty / ".hidden").mkdir(parents=True)
    write(empty / ".DS_Store", b"\x00\x01")
    message = (f"{empty}: holds no documents (no files at all); check the path, and that its disk or share is "
               "mounted; nothing was changed")
    with pytest.raises(ReadError) as info:
        build(empty, idx)
    assert str(info.value) == message and not idx.exists()
    build(docs, idx)
    before = state(idx)
    for prune in (False, True):
        with pytest.raises(ReadError, match="holds no documents"):
            build(empty, idx, prune=prune)
    assert state(idx) == before


def test_hidden_and_backup_files_are_ignored(docs, idx, fake_encoder):
    write(docs / ".notes.txt", "A hidden note the user did not mean to index.")
    write(docs / "news" / "bridge.txt~", "An editor backup.")
    write(docs / ".git" / "config.txt", "Version control internals.")
    report = build(docs, idx)
    assert report.skipped == []
    assert [d.id for d in Index(idx).documents()] == sorted(CORPUS_META)


# -- incremental -------------------------------------------------------------------------------

def test_unchanged_folder_embeds_nothing(docs, idx, fake_encoder):
    build(docs, idx)
    before, calls = state(idx), fake_encoder.calls
    report = build(docs, idx)
    assert (report.embedded, report.new_paragraphs, report.statements) == (0, 0, 0)
    assert (report.documents, report.unchanged, report.added, report.changed, report.removed) == (7, 7, 0, 0, 0)
    assert report.paragraphs == 16
    assert fake_encoder.calls == calls and fake_encoder.encoded == 16
    assert state(idx) == before
    assert before["generation"] == 1
    assert_consistent(idx)


def test_edited_paragraph_is_the_only_one_embedded(docs, idx, fake_encoder):
    build(docs, idx)
    assert search(idx, "tolls commuters", k=1) == [("news/bridge.txt", 4)]
    edited = BRIDGE_TXT.replace("Critics said the tolls were too high for commuters.",
                                "Cyclists said the new cycle lane was too narrow.")
    write(docs / "news" / "bridge.txt", edited)
    encoded = fake_encoder.encoded  # the search above encoded its query
    report = build(docs, idx)
    assert (report.embedded, fake_encoder.encoded - encoded) == (1, 1)
    assert (report.changed, report.unchanged, report.added, report.removed) == (1, 6, 0, 0)
    assert report.new_paragraphs == 4  # the changed document is re-split and re-attributed ...
    after = state(idx)
    assert after["generation"] == 2
    assert after["paragraphs"]["news/bridge.txt"][3] == (
        4, 167, 215, "Cyclists said the new cycle lane was too narrow.")
    assert Index(idx).document_text("news/bridge.txt") == edited
    assert search(idx, "cycle lane cyclists", k=1) == [("news/bridge.txt", 4)]
    assert Index(idx).bm25.search("tolls commuters", 10)[1].tolist() == []
    assert ("news/bridge.txt", 181, 214, "Cyclists", "indirect", "Cyclists", "said") in after["statements"]
    assert not [s for s in after["statements"] if s[3] == "Critics"]
    assert_consistent(idx)  # ... but only the new text got a new vector


def test_changed_metadata_reindexes_without_embedding(docs, idx, fake_encoder):
    build(docs, idx)
    write(docs / "notes" / "budget.md", BUDGET_MD.replace("source: The Gazette", "source: The Herald"))
    report = build(docs, idx)
    assert (report.changed, report.embedded, fake_encoder.encoded) == (1, 0, 16)
    assert Index(idx).document("notes/budget.md").source == "The Herald"
    assert_consistent(idx)


def test_added_document_embeds_only_its_paragraphs(docs, idx, fake_encoder):
    build(docs, idx)
    write(docs / "news" / "ferry.txt", LONG_TXT)
    report = build(docs, idx)
    assert (report.added, report.unchanged, report.embedded, report.new_paragraphs) == (1, 7, 6, 6)
    assert fake_encoder.encoded == 16 + LONG_PARAGRAPHS
    assert (report.documents, report.paragraphs) == (8, 22)
    assert search(idx, "refunds cancelled sailings", k=1) == [("news/ferry.txt", 4)]
    assert_consistent(idx)


def test_removed_file_drops_documents_paragraphs_statements_and_vectors(docs, idx, fake_encoder):
    build(docs, idx)
    before = state(idx)
    assert search(idx, "mackerel breakwater", k=1) == [("web/harbour.html", 3)]
    (docs / "web" / "harbour.html").unlink()
    (docs / "feeds" / "wire.jsonl").unlink()
    report = build(docs, idx, prune=True)
    assert (report.removed, report.embedded, report.documents, report.paragraphs) == (3, 0, 4, 10)
    after = state(idx)
    gone = {"web/harbour.html", "feeds/wire.jsonl#a1", "feeds/wire.jsonl#a2"}
    assert [d.id for d in after["documents"]] == sorted(set(CORPUS_META) - gone)
    assert after["statements"] == [s for s in before["statements"] if s[0] not in gone]
    assert (after["vectors"], after["bm25"]) == (before["vectors"] - 6, before["bm25"] - 6) == (10, 10)
    ix = Index(idx)
    assert ix.bm25.search("mackerel breakwater", 10)[1].tolist() == []
    assert ix.con.execute("SELECT COUNT(*) FROM speakers WHERE doc_id IN (?, ?, ?)", tuple(gone)).fetchone()[0] == 0
    assert all(doc != "web/harbour.html" for doc, _ in search(idx, "mackerel breakwater", k=10))
    assert_consistent(idx)


def test_duplicate_paragraphs_are_embedded_once(tmp_path, idx, fake_encoder):
    shared = "The minister said the new tax would not touch pensions."
    write(tmp_path / "d" / "one.txt", f"First report\n\n{shared}\n")
    write(tmp_path / "d" / "two.txt", f"Second report\n\n{shared}\n\nMore detail followed later.\n")
    report = build(tmp_path / "d", idx)
    assert (report.paragraphs, report.embedded, fake_encoder.encoded) == (5, 4, 4)
    ix = Index(idx)
    ids = [p.id for p in ix.doc_paragraphs("one.txt")[1:] + ix.doc_paragraphs("two.txt")[1:2]]
    vecs = ix.vectors(ids)
    np.testing.assert_array_equal(vecs[0], vecs[1])
    assert_consistent(idx)
    # Removing one copy keeps the shared vector for the other.
    (tmp_path / "d" / "one.txt").unlink()
    report = build(tmp_path / "d", idx, prune=True)
    assert (report.removed, report.embedded) == (1, 0)
    assert_consistent(idx)


# -- bad input ---------------------------------------------------------------------------------

def deny(monkeypatch, *paths: Path) -> None:
    """Make `paths` unreadable the way `chmod 000` does (which root, running these tests, ignores)."""
    real_open, denied = open, {str(p) for p in paths}

    def fake_open(file, *args, **kwargs):
        if str(file) in denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(readers, "open", fake_open, raising=False)
    monkeypatch.setattr(plan, "open", fake_open, raising=False)


def test_bad_files_are_skipped_with_a_message_and_the_rest_indexed(docs, idx, fake_encoder, monkeypatch):
    bad = docs / "bad"
    files = {
        "blank.txt": ("   \n\n  \n", "has no text; remove the empty file or add its content"),
        "empty.md": (b"", "is empty; remove the empty file or add its content"),
        "latin1.txt": ("Caf\u00e9 owners said prices rose.".encode("cp1252"),
                       "is not valid UTF-8 (byte 0xe9 at offset 3); re-save it as UTF-8, "
                       "e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
                      "looks like a binary file, not text; give whosaid a .txt/.md/.html/.pdf/.docx/.jsonl "
                      "document instead"),
        "secret.txt": ("The secret plan.", "cannot be read (Permission denied); check its permissions"),
        "table.xlsx": (b"PK\x03\x04 spreadsheet", "has an unsupported type '.xlsx'; convert it to one of .docx, .htm, "
                                                  ".html, .jsonl, .markdown, .md, .pdf, .text, .txt"),
    }
    for name, (content, _) in files.items():
        write(bad / name, content)
    deny(monkeypatch, bad / "secret.txt")
    report = build(docs, idx)
    assert [(s.path, s.reason) for s in report.skipped] == [
        (str(bad / name), f"{bad / name}: {message}") for name, (_, message) in sorted(files.items())]
    assert (report.documents, report.added, report.embedded) == (7, 7, 16)
    assert [d.id for d in Index(idx).documents()] == sorted(CORPUS_META)
    assert_consistent(idx)


def test_bad_jsonl_lines_are_skipped_and_the_good_ones_indexed(docs, idx, fake_encoder):
    write(docs / "feeds" / "wire.jsonl", jsonl(WIRE_ROWS) + '{"id": "a3", "text": \n' + '{"id": "a4"}\n')
    report = build(docs, idx)
    path = docs / "feeds" / "wire.jsonl"
    assert [s.reason for s in report.skipped] == [
        f"{path}:3: is not valid JSON (Expecting value); fix or remove that line",
        f'{path}:4: has no "text" string; give each line a non-empty "text" field']
    assert [d.id for d in Index(idx).documents()] == sorted(CORPUS_META)


def break_binary(path: Path, monkeypatch) -> None:
    write(path, b"\x00\x01binary\x00")


def break_encoding(path: Path, monkeypatch) -> None:
    write(path, "Stra\u00dfe closed, the mayor said.".encode("latin-1"))


def break_permissions(path: Path, monkeypatch) -> None:
    deny(monkeypatch, path)


def break_empty(path: Path, monkeypatch) -> None:
    write(path, b"")


@pytest.mark.parametrize("breaker", [break_binary, break_encoding, break_permissions, break_empty])
@pytest.mark.parametrize("name", ["news/bridge.txt", "feeds/wire.jsonl"])
def test_indexed_file_that_becomes_unreadable_keeps_its_entry(docs, idx, fake_encoder, monkeypatch, breaker, name):
    build(docs, idx)
    before = state(idx)
    breaker(docs / name, monkeypatch)
    # Something else changes in the same run, so the records really are rewritten.
    write(docs / "notes" / "budget.md", BUDGET_MD.replace("next spring", "next autumn"))
    report = build(docs, idx, prune=True)  # even with --prune
    # (a .jsonl file is read line by line: a line that is not UTF-8 is reported with its number)
    assert [s.path.removesuffix(":1") for s in report.skipped] == [str(docs / name)]
    assert report.skipped[0].reason.startswith(report.skipped[0].path + ": ")
    assert (report.removed, report.changed, report.documents) == (0, 1, 7)
    after = state(idx)
    assert after["documents"] == before["documents"]
    kept = {d for d in before["paragraphs"] if d.startswith(name)}
    assert len(kept) == (2 if name.endswith(".jsonl") else 1)
    for doc_id in kept:
        assert after["paragraphs"][doc_id] == before["paragraphs"][doc_id]
    assert [s for s in after["statements"] if s[0] in kept] == [s for s in before["statements"] if s[0] in kept]
    query, expected = (("ferry pier rebuild", ("news/bridge.txt", 2)) if name.endswith(".txt")
                       else ("dock workers returned", ("feeds/wire.jsonl#a1", 1)))
    assert search(idx, query, k=1) == [expected]
    assert_consistent(idx)


def test_unreadable_file_kept_when_nothing_else_changed(docs, idx, fake_encoder, monkeypatch):
    build(docs, idx)
    before = state(idx)
    deny(monkeypatch, docs / "news" / "bridge.txt")
    report = build(docs, idx)
    assert [s.path for s in report.skipped] == [str(docs / "news" / "bridge.txt")]
    assert (report.removed, report.unchanged, report.documents) == (0, 6, 7)
    assert state(idx) == before


def test_unreadable_file_with_hash_in_its_name_keeps_its_entry(docs, idx, fake_encoder, monkeypatch):
    write(docs / "news" / "issue#2.txt", "Issue two\n\nThe editor said the second issue sold out.\n")
    build(docs, idx)
    deny(monkeypatch, docs / "news" / "issue#2.txt")
    write(docs / "notes" / "budget.md", BUDGET_MD.replace("next spring", "next autumn"))
    report = build(docs, idx)
    assert [s.path for s in report.skipped] == [str(docs / "news" / "issue#2.txt")]
    assert report.removed == 0
    assert Index(idx).document("news/issue#2.txt") is not None


def test_missing_folder_is_a_clear_error_and_loses_nothing(docs, idx, fake_encoder, tmp_path):
    build(docs, idx)
    before = state(idx)
    missing = tmp_path / "nope"
    with pytest.raises(ReadError) as info:
        build(missing, idx)
    assert str(info.value) == f"{missing}: does not exist; give the folder that holds your documents"
    with pytest.raises(ReadError, match="is not a folder; give the folder that holds your documents"):
        build(docs / "news" / "bridge.txt", idx)
    assert state(idx) == before


# -- atomic writes -----------------------------------------------------------------------------

def interrupt_on_call(monkeypatch, encoder: FakeEncoder, n: int) -> list[int]:
    """Make `encoder` raise KeyboardInterrupt (Ctrl-C) on its n-th call from now; returns a call log."""
    real, log = encoder.encode, []

    def encode(texts, batch_size=32):
        log.append(len(texts))
        if len(log) == n:
            raise KeyboardInterrupt
        return real(texts, batch_size)

    monkeypatch.setattr(encoder, "encode", encode)
    return log


def test_ctrl_c_while_embedding_keeps_the_old_index_and_the_work_done(docs, idx, fake_encoder, monkeypatch):
    import qa.indexer

    build(docs, idx)
    before = state(idx)
    monkeypatch.setattr(qa.indexer, "EMBED_CHUNK", 2)
    log = interrupt_on_call(monkeypatch, fake_encoder, 3)
    write(docs / "news" / "ferry.txt", LONG_TXT)
    with pytest.raises(KeyboardInterrupt):
        build(docs, idx)
    assert log == [2, 2, 2]
    assert state(idx) == before
    assert search(idx, "mackerel breakwater", k=1) == [("web/harbour.html", 3)]
    assert Index(idx).document("news/ferry.txt") is None
    # The next run reuses the four vectors computed before the interrupt.
    monkeypatch.setattr(fake_encoder, "encode", FakeEncoder.encode.__get__(fake_encoder))
    report = build(docs, idx)
    assert (report.added, report.embedded) == (1, 2)
    assert state(idx)["generation"] == 2
    assert search(idx, "refunds cancelled sailings", k=1) == [("news/ferry.txt", 4)]
    assert_consistent(idx)


def test_ctrl_c_during_the_first_build(docs, idx, fake_encoder, monkeypatch):
    interrupt_on_call(monkeypatch, fake_encoder, 1)
    with pytest.raises(KeyboardInterrupt):
        build(docs, idx)
    with pytest.raises(IndexNotFound) as info:
        Index(idx)
    assert str(info.value) == f"the index at {idx} was never completed: run `qa index DIR --index {idx}` again"
    monkeypatch.setattr(fake_encoder, "encode", FakeEncoder.encode.__get__(fake_encoder))
    assert build(docs, idx).documents == 7
    assert_consistent(idx)


@pytest.mark.parametrize("target", [(FaissStore, "save"), (BM25, "save"), (BM25, "build")],
                         ids=["faiss-save", "bm25-save", "bm25-build"])
def test_failure_while_storing_rolls_back(docs, idx, fake_encoder, monkeypatch, target):
    build(docs, idx)
    before = state(idx)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    write(docs / "news" / "ferry.txt", LONG_TXT)
    (docs / "web" / "harbour.html").unlink()
    with monkeypatch.context() as m:
        m.setattr(*target, fail)
        with pytest.raises(OSError, match="No space left"):
            build(docs, idx, prune=True)
    assert state(idx) == before
    assert [p.name for p in idx.glob("gen-*")] == ["gen-1"]  # the failed gen-2 is gone
    assert search(idx, "mackerel breakwater", k=1) == [("web/harbour.html", 3)]
    # The vectors computed before the failure are kept: the next run embeds nothing.
    encoded = fake_encoder.encoded
    report = build(docs, idx, prune=True)
    assert (report.added, report.removed, report.embedded, fake_encoder.encoded) == (1, 1, 0, encoded)
    assert state(idx)["generation"] == 2
    assert_consistent(idx)


KILLED_RUN = """
import sys, time
sys.path.insert(0, {root!r})
from tests.conftest import FakeEncoder
from embeddings.encoder import register_encoder
import qa.indexer
from qa import plan
from qa.bm25 import BM25

MARKER, STAGE = {marker!r}, {stage!r}


def hang():
    open(MARKER, "w").close()
    time.sleep(120)


class SlowEncoder(FakeEncoder):
    def encode(self, texts, batch_size=32):
        if STAGE == "embed" and self.calls == 1:  # the first chunk is done and committed
            hang()
        time.sleep(0.05)
        return super().encode(texts, batch_size)


real_save = BM25.save


def save_then_hang(self, path):
    real_save(self, path)
    hang()


if STAGE == "store":
    BM25.save = save_then_hang
register_encoder("fake", SlowEncoder)
qa.indexer.EMBED_CHUNK = 1
qa.indexer.index_folder({folder!r}, {index!r}, progress=False, prune=True)
"""


def kill_at_marker(script: str, marker: Path, cwd: Path, timeout: float = 90) -> int:
    """Run `script` in a new interpreter, SIGKILL it once it creates `marker`; its return code."""
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=cwd, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the indexing subprocess never reached the kill point"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    return proc.returncode


@pytest.mark.parametrize("stage", ["embed", "store"])
def test_killed_run_leaves_the_old_index_intact(docs, idx, fake_encoder, tmp_path, stage):
    from qa.assistant import Assistant

    build(docs, idx)
    before = state(idx)
    questions = ["What did Ana Lopez say about the ferry pier?", "Who said the decision was unfair?"]
    answers = [Assistant(Index(idx)).conversation().ask(q).to_json(i) for i, q in enumerate(questions)]
    hits = search(idx, "mackerel breakwater harbour", k=5)

    write(docs / "news" / "ferry.txt", LONG_TXT)
    (docs / "web" / "harbour.html").unlink()
    marker = tmp_path / "marker"
    script = KILLED_RUN.format(root=str(ROOT), marker=str(marker), stage=stage, folder=str(docs), index=str(idx))
    assert kill_at_marker(script, marker, tmp_path) == -signal.SIGKILL
    if stage == "store":
        assert (idx / "gen-2" / "bm25.npz").exists()  # killed with the new generation written, uncommitted

    assert state(idx) == before
    assert [Assistant(Index(idx)).conversation().ask(q).to_json(i) for i, q in enumerate(questions)] == answers
    assert search(idx, "mackerel breakwater harbour", k=5) == hits

    report = build(docs, idx, prune=True)
    assert (report.added, report.removed) == (1, 1)
    # Killed while embedding: the first paragraph was cached; killed while storing: all of them.
    assert report.embedded == (LONG_PARAGRAPHS - 1 if stage == "embed" else 0)
    assert state(idx)["generation"] == 2
    assert search(idx, "refunds cancelled sailings", k=1) == [("news/ferry.txt", 4)]
    assert_consistent(idx)


def test_second_writer_is_refused_while_one_is_open(docs, idx, fake_encoder):
    build(docs, idx)
    with Indexer(idx, encoder="fake", progress=False):
        with pytest.raises(IndexBusy) as info:
            Indexer(idx, encoder="fake", progress=False)
        assert str(info.value) == f"another process is writing the index at {idx}: wait for it to finish"
        assert len(Index(idx).documents()) == 7  # readers are not blocked
    with Indexer(idx, encoder="fake", progress=False) as ix:  # the lock is released on close
        assert ix.index_folder(docs).embedded == 0


# -- model and index mismatches ----------------------------------------------------------------

class OtherEncoder(FakeEncoder):
    name = "other-hash-32"
    dim = 32


@pytest.fixture
def other_encoder():
    enc = OtherEncoder()
    with registered_encoder("other", lambda: enc):
        yield enc


def test_other_model_is_refused_for_writing(docs, idx, fake_encoder, other_encoder):
    build(docs, idx)
    before = state(idx)
    with pytest.raises(IndexMismatch) as info:
        Indexer(idx, encoder="other", progress=False)
    assert str(info.value) == (
        f"the index at {idx} was built with model fake-hash-64 (64-d) but this run uses other-hash-32 (32-d): "
        "use --encoder fake, or index into a new folder with --index")
    assert other_encoder.encoded == 0
    # The refused writer released the write lock (the exception is still referenced here).
    assert build(docs, idx).embedded == 0
    assert state(idx) == before


def test_existing_index_keeps_its_encoder_when_none_is_given(docs, idx, fake_encoder):
    build(docs, idx)
    write(docs / "news" / "ferry.txt", LONG_TXT)
    report = index_folder(docs, idx, progress=False)
    assert (report.embedded, fake_encoder.encoded) == (6, 22)


def test_other_model_is_refused_for_reading(docs, idx, fake_encoder, other_encoder):
    build(docs, idx)
    with pytest.raises(IndexMismatch, match="built with model fake-hash-64 .64-d. but this run uses other-hash-32"):
        Index(idx, encoder=other_encoder)
    assert Index(idx).encoder is fake_encoder  # the recorded kind by default


def test_missing_index(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(IndexNotFound) as info:
        Index(missing)
    assert str(info.value) == f"no index at {missing}: build one with `qa index DIR --index {missing}`"
    assert not missing.exists()


def test_index_path_that_is_a_file(docs, tmp_path, fake_encoder):
    path = write(tmp_path / "idx.txt", "not a folder")
    with pytest.raises(IndexMismatch, match=r"is a file, not a folder: give a folder path"):
        build(docs, path)


# -- the default index -------------------------------------------------------------------------

def test_default_index_is_built_from_the_seed_once(fake_encoder, _private_home):
    from corpus.paragraphs import split_paragraphs
    from corpus.readers import read_file
    from qa import paths
    from qa.indexer import open_index

    ix = open_index(None, encoder="fake")
    assert ix.path == paths.default_index() == _private_home / "index"
    seed = paths.seed_folder() / "belarus-carpenter-meeting.txt"
    assert [d.id for d in ix.documents()] == ["belarus-carpenter-meeting.txt"]
    n = len(split_paragraphs(read_file(seed, "belarus-carpenter-meeting.txt")[0]))
    assert fake_encoder.encoded == len(ix.doc_paragraphs("belarus-carpenter-meeting.txt")) == n
    assert ix.stats()["statements"] > 0
    again = open_index(None, encoder="fake")
    assert (fake_encoder.encoded, again.generation) == (n, 1)


def test_default_index_interrupted_on_first_use_is_built_next_time(fake_encoder, monkeypatch):
    from qa.indexer import open_index

    interrupt_on_call(monkeypatch, fake_encoder, 1)
    with pytest.raises(KeyboardInterrupt):
        open_index(None, encoder="fake")
    monkeypatch.setattr(fake_encoder, "encode", FakeEncoder.encode.__get__(fake_encoder))
    ix = open_index(None, encoder="fake")
    assert [d.id for d in ix.documents()] == ["belarus-carpenter-meeting.txt"]


def test_a_reader_opened_before_a_write_keeps_answering(tmp_path, fake_encoder):
    """An app holding an Index while `qa index` commits a new generation follows it on refresh."""
    docs = tmp_path / "docs"
    write(docs / "a.txt", "Mayor Ana Ruiz said the harbour would reopen in May.\n\nThe ferry runs daily.")
    idx = tmp_path / "idx"
    build(docs, idx)
    reader = Index(idx)
    assert reader.bm25.search("harbour", 1)[1].tolist()  # loaded generation 1
    write(docs / "b.txt", "Governor Tom Hale said the bridge toll would rise.")
    build(docs, idx)
    build(docs, idx)  # unchanged: no new generation
    assert reader.refresh() is True
    hits = [reader.paragraphs([int(i)]) for i in reader.bm25.search("bridge toll", 1)[1]]
    assert [next(iter(h.values())).doc_id for h in hits] == ["b.txt"]


def test_attribution_workers_give_what_attribution_in_process_gives(docs, tmp_path, fake_encoder, monkeypatch):
    """The worker processes (used for large runs) store exactly the statements the in-process path stores."""
    from qa import indexer, workers

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    with Indexer(serial, encoder="fake", progress=False, parallel=False) as ix:
        ix.index_folder(docs)
    monkeypatch.setattr(indexer, "PARALLEL_MIN_PARAGRAPHS", 1)
    monkeypatch.setattr(workers, "ATTRIBUTION_CHUNK", 2)
    with Indexer(parallel, encoder="fake", progress=False, parallel=True) as ix:
        report = ix.index_folder(docs)
    assert "attribute_wait" in report.seconds  # the worker path ran
    rows = "SELECT doc_id, start, end, speaker, kind, mention, cue FROM statements ORDER BY doc_id, start, end"
    assert Index(parallel).con.execute(rows).fetchall() == Index(serial).con.execute(rows).fetchall()
    assert state(parallel) == state(serial)


# -- bounded resources -------------------------------------------------------------------------

def test_a_parser_failure_skips_one_file_and_the_run_goes_on(docs, idx, fake_encoder):
    """lxml's own error on a broken .docx used to abort the whole run; now it is one line."""
    import io
    import zipfile

    from tests.corpus.test_readers import make_docx, zip_with

    good = zipfile.ZipFile(io.BytesIO(make_docx(["Fine"])))
    members = {n: good.read(n) for n in good.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    write(docs / "memos" / "broken.docx", zip_with(members))
    report = build(docs, idx)
    assert [s.path for s in report.skipped] == [str(docs / "memos" / "broken.docx")]
    assert "could not be read (XMLSyntaxError: " in report.skipped[0].reason
    assert report.documents == 7


def test_a_docx_bomb_is_skipped_before_it_is_unzipped(docs, idx, fake_encoder, monkeypatch):
    import io
    import zipfile

    import docx

    from tests.corpus.test_readers import make_docx, zip_with

    good = zipfile.ZipFile(io.BytesIO(make_docx(["Bomb"])))
    members = {n: good.read(n) for n in good.namelist()}
    members["word/document.xml"] = b"<w:t>" + b"a" * (12 * 2**20) + b"</w:t>"  # 12 MB that packs to 12 KB
    write(docs / "memos" / "bomb.docx", zip_with(members))
    real = docx.Document
    monkeypatch.setattr(docx, "Document", lambda f: real(f) if b"Bomb" not in f.getvalue() else pytest.fail("unzipped"))
    report = index_folder(docs, idx, encoder="fake", progress=False, max_file_mb=2)
    assert [s.path for s in report.skipped] == [str(docs / "memos" / "bomb.docx")]
    assert "unpacks to 12.8 MB, more than the 10 MB limit (5 times the file size limit)" in report.skipped[0].reason
    assert report.documents == 7


def test_memory_holds_a_batch_not_the_corpus(tmp_path, idx, fake_encoder, monkeypatch):
    """Documents are read, attributed and staged a batch at a time: while the folder is read, the documents in
    memory (read but not yet staged) stay within two batches, whatever the size of the folder."""
    from qa import indexer, staging

    folder = tmp_path / "many"
    for i in range(40):
        write(folder / f"story{i:02}.txt", f"Story {i}\n\nThe mayor said the road {i} would reopen.\n")
    monkeypatch.setattr(indexer, "BATCH_PARAGRAPHS", 6)  # three documents
    alive, peak = [0], [0]
    real_iter, real_append = indexer.iter_file, staging.Stage.append

    def iter_file(*args, **kwargs):
        for doc in real_iter(*args, **kwargs):
            alive[0] += 1
            peak[0] = max(peak[0], alive[0])
            yield doc

    def append(self, *args):
        alive[0] -= 1
        return real_append(self, *args)

    monkeypatch.setattr(indexer, "iter_file", iter_file)
    monkeypatch.setattr(staging.Stage, "append", append)
    report = build(folder, idx)
    assert (report.added, report.documents, alive[0]) == (40, 40, 0)
    assert peak[0] <= 2 * 3 + 1
    assert_consistent(idx)


def test_a_huge_document_is_attributed_in_windows(tmp_path, idx, fake_encoder, monkeypatch):
    """Past `WINDOW` paragraphs a document is attributed a window at a time (memory bounded whatever its size):
    statements come back at document offsets, and each speaker once."""
    from qa import workers

    turns = [f"Speaker {n} said the harbour plan number {n} would go ahead.\n\n"
             f"\u201cWe will build it,\u201d Mayor Ana Lopez said about plan {n}.\n\n" for n in range(6)]
    write(tmp_path / "one" / "transcript.txt", "Harbour hearing\n\n" + "".join(turns))
    whole = build(tmp_path / "one", tmp_path / "whole")
    monkeypatch.setattr(workers, "WINDOW", 4)
    sizes = []
    real = workers.Attributor.attribute_many

    def attribute_many(self, items, progress=False):
        items = list(items)
        sizes.extend(len(paras) for _, paras in items)
        return real(self, items, progress)

    monkeypatch.setattr(workers.Attributor, "attribute_many", attribute_many)
    windowed = build(tmp_path / "one", idx)
    assert sizes == [4, 4, 4, 1]
    assert windowed.statements == whole.statements > 6
    rows = "SELECT doc_id, start, end, speaker, kind, mention, cue FROM statements ORDER BY start"
    assert Index(idx).con.execute(rows).fetchall() == Index(tmp_path / "whole").con.execute(rows).fetchall()
    speakers = Index(idx).con.execute("SELECT name, statements FROM speakers WHERE name='Ana Lopez'").fetchall()
    assert speakers == [("Ana Lopez", 6)]


def test_a_folder_link_loop_is_walked_once(docs, idx, fake_encoder):
    (docs / "news" / "again").symlink_to(docs)
    (docs / "looped.txt").symlink_to(docs / "looped.txt")
    report = build(docs, idx)
    assert report.documents == 7
    assert [s.reason for s in report.skipped] == [
        f"{docs / 'news' / 'again'}: is a link to a folder walked already ({docs}); it is left out, so nothing is "
        "indexed twice",
        f"{docs / 'looped.txt'}: is a symbolic link loop (it leads back to itself); remove the link or point it at a "
        "file"]


# -- worker processes, Ctrl-C and progress, in a real process -------------------------------------

RUN_CLI = """
import sys, time
sys.path.insert(0, {root!r})
from tests.conftest import FakeEncoder
from embeddings.encoder import register_encoder


class SlowEncoder(FakeEncoder):
    def encode(self, texts, batch_size=32):
        time.sleep({delay})
        return super().encode(texts, batch_size)


register_encoder("fake", SlowEncoder)
from qa.cli import main
main({argv!r})
"""


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="ignore")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_cli(tmp_path: Path, argv: list, delay: float = 0.0, **kwargs) -> subprocess.Popen:
    script = RUN_CLI.format(root=str(ROOT), argv=[str(a) for a in argv], delay=delay)
    return subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, **kwargs)


def wait_for_workers(proc: subprocess.Popen, n: int = 1, timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before its workers started"
        kids = [c for c in children(proc.pid) if "spawn_main" in _cmdline(c)]
        if len(kids) >= n:
            return kids
        time.sleep(0.1)
    raise AssertionError("no attribution worker started")


def long_corpus(folder: Path, paragraphs: int) -> Path:
    """One long transcript: a single task that keeps a worker busy for a while."""
    text = "Hearing\n\n" + "".join(f"Councillor {i % 7} said the budget line {i} was too high.\n\n"
                                   for i in range(paragraphs))
    write(folder / "hearing.txt", text)
    return folder


def test_workers_die_with_the_indexing_process(tmp_path):
    """After `kill -9` of `qa index`, no attribution worker keeps computing for no one."""
    folder = long_corpus(tmp_path / "docs", 3000)
    proc = start_cli(tmp_path, ["index", folder, "--index", tmp_path / "idx", "--encoder", "fake"],
                     delay=0.2, stderr=subprocess.DEVNULL)
    try:
        kids = wait_for_workers(proc)
        time.sleep(3)  # spaCy loaded, the worker deep in the long document
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 5
        while any(alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [k for k in kids if alive(k)], "a worker outlived its parent"
    finally:
        proc.kill()
        proc.wait()


def test_ctrl_c_is_one_line_and_stops_the_workers(tmp_path):
    """Ctrl-C in a terminal signals the whole process group: the workers ignore it, the run reports it once."""
    folder = long_corpus(tmp_path / "docs", 3000)
    idx = tmp_path / "idx"
    proc = start_cli(tmp_path, ["index", folder, "--index", idx, "--encoder", "fake"], delay=0.2,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as a terminal's shell does
    try:
        kids = wait_for_workers(proc)
        time.sleep(3)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err.decode() == (f"error: interrupted: the index at {idx} is unchanged (embeddings computed so far are kept "
                            "and reused by the next run)\n")
    assert out == b""
    time.sleep(1)
    assert not [k for k in kids if alive(k)]


def run_in_terminal(tmp_path: Path, argv: list) -> str:
    """Run the CLI with stderr on a pseudo-terminal; what the terminal received."""
    import fcntl
    import pty
    import struct
    import termios

    main, other = pty.openpty()
    fcntl.ioctl(main, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal has a size
    proc = start_cli(tmp_path, argv, delay=0.3, stdout=subprocess.DEVNULL, stderr=other)
    os.close(other)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main)
    assert proc.returncode == 0
    return b"".join(chunks).decode(errors="replace")


def test_progress_on_a_terminal_and_quiet_otherwise(tmp_path):
    docs = make_corpus(tmp_path / "docs")
    shown = run_in_terminal(tmp_path, ["index", docs, "--index", tmp_path / "one", "--encoder", "fake"])
    assert "indexing:" in shown and "/6 [" in shown and " paragraphs/s" in shown and "file" in shown
    assert "indexing" not in run_in_terminal(tmp_path, ["index", docs, "--index", tmp_path / "two", "--encoder",
                                                        "fake", "--quiet"])
    piped = subprocess.run([sys.executable, "-c", RUN_CLI.format(root=str(ROOT), delay=0, argv=[
        "index", str(docs), "--index", str(tmp_path / "three"), "--encoder", "fake"])], cwd=tmp_path,
        capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == ""


def test_documents_added_in_memory_show_paragraphs_done(idx, fake_encoder, capsys, monkeypatch):
    """The app's uploads (`add_documents`, shown by Gradio's track_tqdm): one bar over their paragraphs."""
    from corpus.document import Document
    from qa import indexer

    monkeypatch.setattr(indexer, "PROGRESS_INTERVAL", 0)  # every step drawn

    docs = [Document(id=f"uploads/{n}.txt", text=LONG_TXT.replace("ferry", f"ferry {n}")) for n in range(3)]
    with Indexer(idx, encoder="fake", progress=True) as ix:
        ix.add_documents(docs)
    err = capsys.readouterr().err
    assert f"indexing:   0%|          | 0/{3 * LONG_PARAGRAPHS} [" in err
    assert "indexing:  33%|" in err and f"| {LONG_PARAGRAPHS}/{3 * LONG_PARAGRAPHS} [" in err  # a document done
