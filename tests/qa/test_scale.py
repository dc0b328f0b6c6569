"""Scale-out: the Milvus store (tested on Milvus Lite) and Ray Data ingestion give the index, and the
answers, that the FAISS store and the local pipeline give."""
from __future__ import annotations

import shutil
import signal
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="the scale-out extra is not installed: pip install -e '.[scale]'")

from embeddings.milvus_store import MilvusStore  # noqa: E402
from qa.assistant import Assistant  # noqa: E402
from qa.bm25 import BM25  # noqa: E402
from qa.errors import IndexMismatch, StoreUnavailable  # noqa: E402
from qa.index import Index  # noqa: E402
from qa.indexer import index_folder  # noqa: E402
from qa.retrieval import Retriever  # noqa: E402
from tests.conftest import FakeEncoder  # noqa: E402
from tests.qa.builders import make_corpus, write  # noqa: E402
from tests.qa.test_indexer import LONG_TXT, kill_at_marker  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "data" / "seed"

QUESTIONS = [
    "What did Ana Lopez say about the ferry pier?",
    "Who said the decision was unfair?",
    "What did Mark Reed say?",
    "What was said about the port?",
    "What did he say about NATO?",
    "What did Lukashenko say about Ukraine?",
    "Who said that Belarus will never attack anyone?",
    "What did Michael Carpenter say about NATO?",
    "What did the finance minister say about taxes?",
]


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = make_corpus(tmp_path / "docs")
    shutil.copy(SEED / "belarus-carpenter-meeting.txt", folder / "belarus.txt")
    return folder


def build(folder, idx, encoder="fake", **kwargs):
    return index_folder(folder, idx, encoder=encoder, progress=False, **kwargs)


def records(idx) -> dict:
    """What a reader sees, without row ids and without the store."""
    with Index(idx) as ix:
        return {"documents": ix.documents(),
                "paragraphs": {d.id: [(p.number, p.start, p.end, p.text) for p in ix.doc_paragraphs(d.id)]
                               for d in ix.documents()},
                "statements": [(s.doc_id, s.start, s.end, s.speaker, s.kind, s.mention, s.cue)
                               for s in ix.statements()]}


def search(idx, query: str, k: int = 3) -> list[tuple[str, int]]:
    """(doc id, paragraph number) of the top hybrid results."""
    with Index(idx) as ix:
        hits = Retriever(ix).search(query, k=k)
        paragraphs = ix.paragraphs([h.paragraph_id for h in hits])
        return [(paragraphs[h.paragraph_id].doc_id, paragraphs[h.paragraph_id].number) for h in hits]


def answers(idx) -> list[dict]:
    with Index(idx) as ix:
        conv = Assistant(ix).conversation()
        out = []
        for i, q in enumerate(QUESTIONS):
            a = conv.ask(q).to_json(i)
            for c in a["citations"]:
                c["score"] = round(c["score"], 4)  # float32 sums in another order
            out.append(a)
        return out


def assert_store_matches_records(idx) -> None:
    with Index(idx) as ix:
        ids = [r[0] for r in ix.con.execute("SELECT id FROM paragraphs ORDER BY id")]
        assert ix.store.ids().tolist() == ids
        assert ix.con.execute("SELECT COUNT(*) FROM store_deletes").fetchone()[0] == 0


def test_milvus_lite_index_answers_like_faiss(docs, tmp_path, fake_encoder, monkeypatch):
    import qa.assistant

    first = build(docs, tmp_path / "faiss")
    report = build(docs, tmp_path / "milvus", store="milvus-lite")
    assert (report.documents, report.paragraphs, report.embedded) == (8, first.paragraphs, first.paragraphs)
    assert (tmp_path / "milvus" / "milvus.db").is_dir() and not list((tmp_path / "milvus").glob("gen-*/vectors.faiss"))
    assert records(tmp_path / "milvus") == records(tmp_path / "faiss")
    assert answers(tmp_path / "milvus") == answers(tmp_path / "faiss")
    # Much-quoted speakers are searched among their own paragraphs: by id filter (Milvus Lite) or by the
    # speaker field (a Milvus server); both pick what FAISS' id subset picks.
    monkeypatch.setattr(qa.assistant, "PRESELECT_ABOVE", 0)
    expected = answers(tmp_path / "faiss")
    assert answers(tmp_path / "milvus") == expected
    monkeypatch.setattr(MilvusStore, "filters_speakers", property(lambda self: True))
    calls = []
    real_search = MilvusStore.search

    def spy(self, queries, k, subset=None, speakers=None):
        calls.append(speakers)
        return real_search(self, queries, k, subset=subset, speakers=speakers)

    monkeypatch.setattr(MilvusStore, "search", spy)
    assert answers(tmp_path / "milvus") == expected
    assert any(c for c in calls)  # the speaker filter was used
    with Index(tmp_path / "milvus") as ix:
        assert ix.stats()["store"].startswith("Milvus Lite file ")
    assert_store_matches_records(tmp_path / "milvus")


def test_milvus_lite_incremental_updates(docs, tmp_path, fake_encoder):
    idx = tmp_path / "idx"
    build(docs, idx, store="milvus-lite")
    write(docs / "news" / "ferry.txt", LONG_TXT)
    (docs / "web" / "harbour.html").unlink()
    report = build(docs, idx, prune=True)  # the index keeps its store without --store
    assert (report.added, report.removed) == (1, 1)
    assert search(idx, "refunds cancelled sailings", k=1) == [("news/ferry.txt", 4)]
    assert "web/harbour.html" not in {d for d, _ in search(idx, "mackerel breakwater harbour", k=5)}
    assert_store_matches_records(idx)
    with Index(idx) as ix:
        np.testing.assert_allclose(ix.vectors([1]), FakeEncoder().encode([ix.paragraphs([1])[1].text]), atol=1e-6)


def test_other_store_for_an_existing_index_is_refused(docs, tmp_path, fake_encoder):
    build(docs, tmp_path / "idx")
    with pytest.raises(IndexMismatch, match=r"keeps its vectors in faiss \(files in the index folder\), not Milvus Lite"):
        build(docs, tmp_path / "idx", store="milvus-lite")


def test_failure_while_storing_leaves_no_milvus_rows(docs, tmp_path, fake_encoder, monkeypatch):
    idx = tmp_path / "idx"
    build(docs, idx, store="milvus-lite")
    before, hits = records(idx), search(idx, "mackerel breakwater harbour", k=5)
    write(docs / "news" / "ferry.txt", LONG_TXT)
    (docs / "web" / "harbour.html").unlink()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(BM25, "build", fail)
        with pytest.raises(OSError, match="No space left"):
            build(docs, idx, prune=True)
    assert records(idx) == before and search(idx, "mackerel breakwater harbour", k=5) == hits
    assert_store_matches_records(idx)
    build(docs, idx)
    assert_store_matches_records(idx)


KILLED_RUN = """
import sys, time
sys.path.insert(0, {root!r})
from tests.conftest import FakeEncoder
from embeddings.encoder import register_encoder
import qa.indexer
from qa.bm25 import BM25

real_save = BM25.save


def save_then_hang(self, path):
    real_save(self, path)  # the new generation's rows are in Milvus, its records not committed
    open({marker!r}, "w").close()
    time.sleep(120)


BM25.save = save_then_hang
register_encoder("fake", FakeEncoder)
qa.indexer.index_folder({folder!r}, {index!r}, progress=False, prune=True)
"""


def test_killed_run_leaves_rows_the_next_writer_removes(docs, tmp_path, fake_encoder):
    idx = tmp_path / "idx"
    build(docs, idx, store="milvus-lite")
    before, hits = records(idx), search(idx, "mackerel breakwater harbour", k=5)
    write(docs / "news" / "ferry.txt", LONG_TXT)
    (docs / "web" / "harbour.html").unlink()
    marker = tmp_path / "marker"
    script = KILLED_RUN.format(root=str(ROOT), marker=str(marker), folder=str(docs), index=str(idx))
    assert kill_at_marker(script, marker, tmp_path) == -signal.SIGKILL
    with Index(idx) as ix:  # gen-2 rows are in Milvus but not visible
        assert len(ix.store) == sum(len(v) for v in before["paragraphs"].values())
    assert records(idx) == before and search(idx, "mackerel breakwater harbour", k=5) == hits
    report = build(docs, idx, prune=True)
    assert (report.added, report.removed, report.embedded) == (1, 1, 0)
    assert search(idx, "refunds cancelled sailings", k=1) == [("news/ferry.txt", 4)]
    assert_store_matches_records(idx)


def test_cli_store_errors(docs, tmp_path):
    from click.testing import CliRunner

    from qa.cli import cli

    result = CliRunner().invoke(cli, ["index", str(docs), "--index", str(tmp_path / "i"), "--store", "elastic://x"])
    assert result.exit_code == 2
    assert "error: --store 'elastic://x' is not known: give faiss (the default), milvus-lite" in result.output
    assert not (tmp_path / "i" / "gen-1").exists()


# -- Ray Data ingestion (a local Ray, the real encoder) ---------------------------------------------
@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="the scale-out extra is not installed: pip install -e '.[scale]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


@pytest.mark.model
@pytest.mark.ray
def test_ray_ingestion_builds_the_index_the_local_pipeline_builds(docs, tmp_path, minilm, local_ray, monkeypatch):
    import qa.ray_ingest

    monkeypatch.setattr(qa.ray_ingest, "READ_BATCH", 1)  # one block per file: they may come back in any order
    local = build(docs, tmp_path / "local", encoder="minilm-onnx")
    report = build(docs, tmp_path / "ray", encoder="minilm-onnx", store="milvus-lite", ray_address="local")
    assert (report.documents, report.added, report.paragraphs, report.statements, report.embedded) == \
           (local.documents, local.added, local.paragraphs, local.statements, local.embedded)
    assert records(tmp_path / "ray") == records(tmp_path / "local")
    with Index(tmp_path / "ray") as ray_ix, Index(tmp_path / "local") as local_ix:  # the same paragraph ids
        sql = "SELECT id, doc_id, number FROM paragraphs ORDER BY id"
        assert ray_ix.con.execute(sql).fetchall() == local_ix.con.execute(sql).fetchall()
    with Index(tmp_path / "ray") as ray_ix, Index(tmp_path / "local") as local_ix:
        np.testing.assert_allclose(ray_ix.vectors([1, 5]), local_ix.vectors([1, 5]), atol=1e-5)
    assert answers(tmp_path / "ray") == answers(tmp_path / "local")
    assert_store_matches_records(tmp_path / "ray")

    again = build(docs, tmp_path / "ray", encoder="minilm-onnx", ray_address="local")
    assert (again.unchanged, again.embedded, again.added) == (8, 0, 0)
    write(docs / "news" / "ferry.txt", LONG_TXT)
    (docs / "web" / "harbour.html").unlink()
    changed = build(docs, tmp_path / "ray", encoder="minilm-onnx", ray_address="local", prune=True)
    assert (changed.added, changed.removed, changed.embedded) == (1, 1, 6)
    assert search(tmp_path / "ray", "refunds cancelled sailings", k=1) == [("news/ferry.txt", 4)]
    assert_store_matches_records(tmp_path / "ray")


@pytest.mark.model
@pytest.mark.ray
def test_ray_ingestion_applies_the_sidecars_as_the_local_pipeline_does(docs, tmp_path, minilm, local_ray):
    write(docs / "metadata.csv", "path,date,url\nnews/bridge.txt,2011-04-05,https://example.org/bridge\n"
                                 "news/nope.txt,2011-02-30,\n")
    local = build(docs, tmp_path / "local", encoder="minilm-onnx")
    report = build(docs, tmp_path / "ray", encoder="minilm-onnx", ray_address="local")
    assert records(tmp_path / "ray") == records(tmp_path / "local")
    with Index(tmp_path / "ray") as ix:
        bridge = ix.document_records(["news/bridge.txt"])["news/bridge.txt"]
        assert (bridge.date, bridge.url) == ("2011-04-05", "https://example.org/bridge")
    assert report.warnings == local.warnings and any("news/nope.txt" in w for w in report.warnings)

    again = build(docs, tmp_path / "ray", encoder="minilm-onnx", ray_address="local")  # the sidecar was recorded: nothing is read
    assert (again.files_read, again.changed, again.added) == (0, 0, 0)
    write(docs / "metadata.csv", "path,date,url\nnews/bridge.txt,2012-04-05,https://example.org/bridge\n")
    changed = build(docs, tmp_path / "ray", encoder="minilm-onnx", ray_address="local")
    assert (changed.files_read, changed.changed) == (1, 1)
    with Index(tmp_path / "ray") as ix:
        assert ix.document_dates()["news/bridge.txt"] == "2012-04-05"


@pytest.mark.model
@pytest.mark.ray
def test_cli_index_with_ray_then_ask(docs, tmp_path, minilm, local_ray):
    from click.testing import CliRunner

    from qa.cli import cli

    idx = str(tmp_path / "idx")
    result = CliRunner().invoke(cli, ["index", "--ray", str(docs), "--index", idx, "--store", "milvus-lite"])
    assert result.exit_code == 0, result.output
    assert f"{idx}: 8 documents" in result.output and "pipeline" in result.output
    result = CliRunner().invoke(cli, ["ask", "Who said that Belarus will never attack anyone?", "--index", idx, "-k", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Aleksandr Lukashenko said it:")
    assert "belarus.txt ¶" in result.output


@pytest.mark.model
@pytest.mark.filterwarnings("ignore::DeprecationWarning:gradio.queueing")
def test_app_on_a_milvus_lite_index_answers_and_takes_uploads(tmp_path, minilm):
    """The app reads a Milvus Lite index, and an upload (a writer in the same process) shares its file."""
    from tests.test_app import JANE, LUKASHENKO, ask, client, start_server, upload

    idx = tmp_path / "index"
    build(SEED, idx, encoder="minilm-onnx", store="milvus-lite")
    srv = start_server(idx)
    try:
        c = client(srv)
        _, data = ask(c, "What did he say about NATO?")
        first = data["citations"][0]
        assert data["found"] and data["speaker"] == LUKASHENKO and first["paragraph"] <= 9 <= first["last_paragraph"]
        jane = tmp_path / "jane.txt"
        jane.write_text(JANE, encoding="utf-8")
        status = upload(c, jane)[0]
        assert status.startswith("Indexed uploads/jane.txt: 1 added"), status
        _, data = ask(c, "What did Jane Doe say about bananas?")
        assert data["found"] and data["citations"][0]["doc"] == "uploads/jane.txt"
    finally:
        srv.demo.close()
    assert_store_matches_records(idx)


def test_rows_left_by_a_crash_after_the_commit_are_never_answered(docs, tmp_path, fake_encoder, monkeypatch, capsys):
    """The commit went through but the rows of removed paragraphs could not be deleted: readers skip them,
    and the next writer deletes them."""
    idx = tmp_path / "idx"
    build(docs, idx, store="milvus-lite")
    (docs / "web" / "harbour.html").unlink()

    def fail(self, ids):
        raise ConnectionError("Milvus went away")

    with monkeypatch.context() as m:
        m.setattr(MilvusStore, "remove", fail)
        assert build(docs, idx, prune=True).removed == 1
    assert "warning: removed paragraphs stay in Milvus Lite file" in capsys.readouterr().err
    with Index(idx) as ix:
        assert ix.con.execute("SELECT COUNT(*) FROM store_deletes").fetchone()[0] == 3
        assert len(ix.store) == len(ix.bm25) + 3  # the removed rows are still in Milvus
        answer = Assistant(ix).conversation().ask("What was said about the mackerel breakwater harbour?")
        assert all(c.doc_id != "web/harbour.html" for c in answer.citations)
    assert "web/harbour.html" not in {d for d, _ in search(idx, "mackerel breakwater harbour", k=5)}
    build(docs, idx)
    assert_store_matches_records(idx)


def test_two_indexes_never_share_a_collection(docs, tmp_path, fake_encoder):
    shared = f"milvus-lite:{tmp_path}/shared.db?collection=archive"
    build(docs, tmp_path / "a", store=shared)
    with pytest.raises(StoreUnavailable, match="collection archive in Milvus Lite file .* belongs to another index"):
        build(docs, tmp_path / "b", store=shared)
    assert_store_matches_records(tmp_path / "a")


@pytest.mark.model
@pytest.mark.ray
def test_ray_ingestion_follows_the_indexing_rule(tmp_path, minilm, local_ray):
    """With Ray as without: another folder removes nothing and replaces no document of the same id; a file gone is
    kept until --prune; unchanged files are not read again."""
    a = make_corpus(tmp_path / "a")
    b = tmp_path / "b"
    write(b / "news" / "bridge.txt", LONG_TXT)  # the id of a's bridge.txt, another document
    write(b / "ferry.txt", LONG_TXT)
    idx = tmp_path / "idx"
    build(a, idx, encoder="minilm-onnx", ray_address="local")
    report = build(b, idx, encoder="minilm-onnx", ray_address="local", prune=True)
    assert (report.added, report.changed, report.removed, report.documents) == (1, 0, 0, 8)
    assert [s.path for s in report.skipped] == [str(b / "news" / "bridge.txt")]
    assert "not indexed: the index already has a different document news/bridge.txt from" in report.skipped[0].reason
    with Index(idx) as ix:
        assert "Mayor opens bridge" in ix.document_text("news/bridge.txt")
    (a / "web" / "harbour.html").unlink()
    report = build(a, idx, encoder="minilm-onnx", ray_address="local")
    assert (report.removed, report.prunable, report.unchanged) == (0, ["web/harbour.html"], 6)
    report = build(a, idx, encoder="minilm-onnx", ray_address="local", prune=True)
    assert (report.removed, report.documents) == (1, 7)
    assert_store_matches_records(idx)
