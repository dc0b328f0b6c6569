"""Hybrid retrieval (FAISS + BM25, fused by reciprocal rank) over a small fake-encoded index."""
from __future__ import annotations

import numpy as np
import pytest

from embeddings.encoder import registered_encoder
from qa.index import Index
from qa.indexer import index_folder
from qa.retrieval import RRF_K, Retriever
from tests.conftest import FakeEncoder
from tests.qa.builders import make_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = make_corpus(tmp_path_factory.mktemp("docs"))
    path = tmp_path_factory.mktemp("idx")
    enc = FakeEncoder()
    with registered_encoder("fake", lambda: enc):
        index_folder(folder, path, encoder="fake", progress=False)
    return path


@pytest.fixture
def index(built, fake_encoder) -> Index:
    return Index(built)


def where(index: Index, hits) -> list[tuple[str, int]]:
    paragraphs = index.paragraphs([h.paragraph_id for h in hits])
    return [(paragraphs[h.paragraph_id].doc_id, paragraphs[h.paragraph_id].number) for h in hits]


def pid(index: Index, doc_id: str, number: int) -> int:
    return index.doc_paragraphs(doc_id)[number - 1].id


@pytest.mark.parametrize("query, expected", [
    ("ferry pier rebuild", ("news/bridge.txt", 2)),
    ("fishermen unloaded mackerel", ("web/harbour.html", 3)),
    ("diesel taxes", ("notes/budget.md", 2)),
    ("steelworks strike", ("reports/talks.pdf", 1)),
    ("library closed on Sundays", ("memos/vote.docx", 2)),
    ("irrigation protests", ("feeds/wire.jsonl#a2", 1)),
])
def test_paragraph_sharing_the_words_comes_first(index, query, expected):
    hits = Retriever(index).search(query, k=3)
    assert where(index, hits)[0] == expected
    assert hits[0].dense > 0 and hits[0].lexical == max(h.lexical for h in hits) > 0


def test_fused_score_is_the_sum_of_reciprocal_ranks(index):
    hits = Retriever(index).search("ferry pier rebuild", k=3)
    assert where(index, hits)[0] == ("news/bridge.txt", 2)
    assert hits[0].score == pytest.approx(2 / (RRF_K + 1))  # first in both rankings
    assert [h.lexical for h in hits[1:]] == [0.0, 0.0]       # the others: meaning only, ranks 2 and 3
    assert [h.score for h in hits[1:]] == pytest.approx([1 / (RRF_K + 2), 1 / (RRF_K + 3)])


def test_scores_are_the_cosine_and_the_bm25_of_each_paragraph(index):
    query = "harbour repairs after the storm"
    hits = Retriever(index).search(query, k=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    texts = index.paragraphs([h.paragraph_id for h in hits])
    q = FakeEncoder().encode([query])[0]
    bm25 = index.bm25.scores(query)
    for h in hits:
        assert h.dense == pytest.approx(float(FakeEncoder().encode([texts[h.paragraph_id].text])[0] @ q), abs=1e-6)
        assert h.lexical == pytest.approx(float(bm25[index.bm25.positions(np.array([h.paragraph_id]))[0]]), rel=1e-6)


def test_paragraph_found_only_by_bm25_gets_its_cosine(index, monkeypatch):
    def no_dense(queries, k, subset=None):
        return np.zeros((1, 0), np.float32), np.zeros((1, 0), np.int64)

    monkeypatch.setattr(index.store, "search", no_dense)
    query = "mackerel"
    hits = Retriever(index).search(query, k=3)
    assert where(index, hits) == [("web/harbour.html", 3)]
    text = index.paragraphs([hits[0].paragraph_id])[hits[0].paragraph_id].text
    enc = FakeEncoder()
    assert hits[0].dense == pytest.approx(float(enc.encode([text])[0] @ enc.encode([query])[0]), abs=1e-6)
    assert hits[0].score == pytest.approx(1 / (RRF_K + 1))


def test_question_without_content_words_still_ranks_by_meaning(index):
    hits = Retriever(index).search("what did they say?", k=4)
    assert len(hits) == 4
    assert all(h.lexical == 0.0 for h in hits)


def test_subset_restricts_both_rankings(index):
    bridge = [p.id for p in index.doc_paragraphs("news/bridge.txt")]
    hits = Retriever(index).search("fishermen unloaded mackerel", k=10, subset=np.array(bridge))
    assert hits and {h.paragraph_id for h in hits} <= set(bridge)
    assert all(h.lexical == 0.0 for h in hits)
    only = [pid(index, "web/harbour.html", 3), pid(index, "news/bridge.txt", 2)]
    assert where(index, Retriever(index).search("fishermen unloaded mackerel", k=10, subset=np.array(only))) == [
        ("web/harbour.html", 3), ("news/bridge.txt", 2)]
    assert Retriever(index).search("mackerel", k=5, subset=np.array([], dtype=np.int64)) == []


def test_k_limits_the_results(index):
    assert len(Retriever(index).search("the council and the mayor", k=2)) == 2
    assert len(Retriever(index).search("the council and the mayor", k=100)) == 16
