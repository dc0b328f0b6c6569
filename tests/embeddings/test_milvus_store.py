"""MilvusStore against Milvus Lite: the same answers as FaissStore, and the speaker filter in Milvus."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="the scale-out extra is not installed: pip install -e '.[scale]'")

from embeddings.faiss_store import FaissStore  # noqa: E402
from embeddings.milvus_store import MilvusStore, speaker_key  # noqa: E402
from embeddings.store import StoreError, VectorStore, parse_store  # noqa: E402

DIM = 16


def unit(rng, n):
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def lite(tmp_path):
    store = MilvusStore(parse_store("milvus-lite", tmp_path), DIM, create=True)
    yield store
    store.close()


def test_is_a_vector_store(lite):
    assert isinstance(lite, VectorStore)
    assert (lite.in_place, lite.filters_speakers, lite.remote) == (True, False, True)  # Lite filters by id


def test_search_agrees_with_faiss_including_subsets(lite):
    rng = np.random.default_rng(0)
    ids = np.arange(100, 400, dtype=np.int64)
    vecs = unit(rng, len(ids))
    lite.add(ids, vecs, generation=1)
    faiss = FaissStore(DIM)
    faiss.add(ids, vecs)
    queries = unit(rng, 3)
    for subset in (None, ids[::7]):
        ms, mi = lite.search(queries, 10, subset=subset)
        fs, fi = faiss.search(queries, 10, subset=subset)
        assert mi.tolist() == fi.tolist()
        np.testing.assert_allclose(ms, fs, atol=1e-5)
    assert len(lite) == len(ids)
    np.testing.assert_allclose(lite.get([ids[5], ids[0], 999_999]), np.vstack([vecs[5], vecs[0], np.zeros(DIM)]),
                               atol=1e-6)


def test_speaker_filter_runs_in_milvus(lite):
    vecs = np.eye(DIM, dtype=np.float32)[:4]
    lite.add(np.array([1, 2, 3, 4]), vecs, generation=1,
             speakers=[{"Ana Lopez"}, {"Mark Reed", "Ana Lopez"}, set(), {"Mark Reed"}])
    q = np.ones((1, DIM), np.float32)
    assert sorted(lite.search(q, 10, speakers=["Ana Lopez"])[1][0].tolist()) == [1, 2]
    assert sorted(lite.search(q, 10, speakers=["Mark Reed"])[1][0].tolist()) == [2, 4]
    assert sorted(lite.search(q, 10, speakers=["Ana Lopez", "Mark Reed"])[1][0].tolist()) == [1, 2, 4]
    assert lite.search(q, 10, speakers=["Nobody"])[1].shape == (1, 0)
    assert speaker_key("Ana Lopez") == speaker_key("Ana Lopez") != speaker_key("Ana López")


def test_rows_of_an_uncommitted_generation_are_invisible_and_removable(lite, tmp_path):
    e = np.eye(DIM, dtype=np.float32)
    lite.add(np.array([1, 2]), e[:2], generation=1)
    lite.add(np.array([3]), e[2:3], generation=2)  # a writer that has not committed yet
    reader = MilvusStore(parse_store("milvus-lite", tmp_path), DIM, generation=1)
    assert len(reader) == 2
    assert sorted(reader.search(np.ones((1, DIM), np.float32), 10)[1][0].tolist()) == [1, 2]
    assert reader.ids().tolist() == [1, 2]
    lite.remove_uncommitted(1)
    reader.show(2)
    assert reader.ids().tolist() == [1, 2]
    lite.remove([1])
    assert reader.ids().tolist() == [2]


def test_collection_of_another_size_is_refused(tmp_path):
    MilvusStore(parse_store("milvus-lite", tmp_path), DIM, create=True).close()
    with pytest.raises(StoreError, match="not made by whosaid for 32-d vectors"):
        MilvusStore(parse_store("milvus-lite", tmp_path), 32)


def test_missing_collection_is_an_error_for_readers(tmp_path):
    with pytest.raises(StoreError, match="has no collection"):
        MilvusStore(parse_store("milvus-lite", tmp_path), DIM)


def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match=r"cannot reach Milvus server http://127\.0\.0\.1:9"):
        MilvusStore(parse_store("milvus://127.0.0.1:9", tmp_path), DIM)
