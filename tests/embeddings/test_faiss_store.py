"""FaissStore on hand-made 4-d vectors: exact scores, order, subsets, removal and persistence."""
from __future__ import annotations

import numpy as np
import pytest

from embeddings.faiss_store import FaissGenerations, FaissStore
from embeddings.store import VectorStore, generation_dir, parse_store
from embeddings.stores import open_store

IDS = np.array([10, 20, 30, 40], dtype=np.int64)
VECTORS = np.array([
    [1.0, 0.0, 0.0, 0.0],
    [0.6, 0.8, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 0.6, 0.8],
], dtype=np.float32)
QUERY = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)  # inner products: 0.8, 0.96, 0.6, 0.0


@pytest.fixture
def store() -> FaissStore:
    s = FaissStore(4)
    s.add(IDS, VECTORS)
    return s


def test_an_index_folder_store_is_a_vector_store(tmp_path):
    store = open_store(parse_store("faiss", tmp_path), 4, tmp_path)
    assert isinstance(store, FaissGenerations) and isinstance(store, VectorStore)
    assert (store.dim, store.in_place, store.filters_speakers, store.remote) == (4, False, False, False)


def test_generations_are_files_of_their_own(tmp_path):
    """A writer builds generation N+1 from a copy of N; readers of N see N until they `show` N+1, and a build that
    fails before `save` leaves nothing behind."""
    writer = FaissGenerations(tmp_path, 4)
    writer.begin(1)
    writer.add(IDS, VECTORS)
    generation_dir(tmp_path, 1).mkdir()
    writer.save()
    reader = FaissGenerations(tmp_path, 4)
    reader.show(1)
    writer.begin(2)
    writer.remove([10, 30])
    writer.add(np.array([50]), VECTORS[:1])
    generation_dir(tmp_path, 2).mkdir()
    writer.save()
    assert sorted(reader.ids().tolist()) == [10, 20, 30, 40]
    reader.show(2)
    assert sorted(reader.ids().tolist()) == [20, 40, 50] and len(reader) == 3
    np.testing.assert_array_equal(reader.get([50]), VECTORS[:1])
    assert reader.search(QUERY, 1, subset=np.array([40, 50]))[1].tolist() == [[50]]
    writer.begin(3)
    writer.add(np.array([60]), VECTORS[1:2])
    writer.remove_uncommitted(2)
    with pytest.raises(RuntimeError, match="begin"):
        writer.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen-1", "gen-2"]
    with pytest.raises(ValueError, match="subset"):
        reader.search(QUERY, 1, speakers=["Ana Lopez"])


def test_search_order_and_scores(store):
    scores, ids = store.search(QUERY, 3)
    assert ids.tolist() == [[20, 10, 30]]
    np.testing.assert_allclose(scores, [[0.96, 0.8, 0.6]], atol=1e-6)


def test_k_larger_than_the_store_is_clipped(store):
    scores, ids = store.search(QUERY, 100)
    assert ids.tolist() == [[20, 10, 30, 40]]
    np.testing.assert_allclose(scores, [[0.96, 0.8, 0.6, 0.0]], atol=1e-6)


def test_several_queries_at_once(store):
    queries = np.stack([QUERY, np.array([0.0, 0.0, 0.8, 0.6], dtype=np.float32)])
    scores, ids = store.search(queries, 2)
    assert ids.tolist() == [[20, 10], [40, 20]]
    np.testing.assert_allclose(scores, [[0.96, 0.8], [0.96, 0.0]], atol=1e-6)


def test_subset_search(store):
    scores, ids = store.search(QUERY, 10, subset=np.array([40, 10]))
    assert ids.tolist() == [[10, 40]]
    np.testing.assert_allclose(scores, [[0.8, 0.0]], atol=1e-6)
    assert store.search(QUERY, 1, subset=np.array([30, 40]))[1].tolist() == [[30]]


def test_subset_with_unknown_ids_pads_with_minus_one(store):
    _, ids = store.search(QUERY, 10, subset=np.array([30, 99]))
    assert ids.tolist() == [[30, -1]]


def test_empty_subset(store):
    scores, ids = store.search(QUERY, 5, subset=np.array([], dtype=np.int64))
    assert scores.shape == ids.shape == (1, 0)


def test_remove(store):
    store.remove(np.array([20, 999]))  # unknown ids are ignored
    assert len(store) == 3
    assert store.search(QUERY, 10)[1].tolist() == [[10, 30, 40]]
    store.remove(np.array([], dtype=np.int64))
    assert len(store) == 3
    np.testing.assert_array_equal(store.index.reconstruct(30), VECTORS[2])


def test_add_after_remove_reuses_nothing_stale(store):
    store.remove(np.array([10]))
    store.add(np.array([50]), np.array([[0.8, 0.6, 0.0, 0.0]], dtype=np.float32))
    scores, ids = store.search(QUERY, 2)
    assert ids.tolist() == [[50, 20]]
    np.testing.assert_allclose(scores, [[1.0, 0.96]], atol=1e-6)


def test_save_load_roundtrip(store, tmp_path):
    path = tmp_path / "vectors.faiss"
    store.save(str(path))
    assert [p.name for p in tmp_path.iterdir()] == ["vectors.faiss"]  # no temporary file left behind
    loaded = FaissStore.load(str(path))
    assert (loaded.dim, len(loaded)) == (4, 4)
    for a, b in zip(store.search(QUERY, 4), loaded.search(QUERY, 4)):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.index.reconstruct_batch(IDS), VECTORS)
    assert loaded.search(QUERY, 5, subset=np.array([30, 40]))[1].tolist() == [[30, 40]]


def test_save_replaces_an_existing_file(store, tmp_path):
    path = tmp_path / "vectors.faiss"
    FaissStore(4).save(str(path))
    store.save(str(path))
    assert len(FaissStore.load(str(path))) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["vectors.faiss"]


def test_failed_save_keeps_the_old_file(store, tmp_path, monkeypatch):
    import faiss

    path = tmp_path / "vectors.faiss"
    store.save(str(path))

    def broken(index, fname):
        with open(fname, "wb") as fh:
            fh.write(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(faiss, "write_index", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        FaissStore(4).save(str(path))
    assert len(FaissStore.load(str(path))) == 4


def test_empty_store(tmp_path):
    s = FaissStore(4)
    scores, ids = s.search(QUERY, 5)
    assert (len(s), scores.shape, ids.shape) == (0, (1, 0), (1, 0))
    s.add(np.array([], dtype=np.int64), np.zeros((0, 4), dtype=np.float32))
    s.save(str(tmp_path / "empty.faiss"))
    loaded = FaissStore.load(str(tmp_path / "empty.faiss"))
    assert (loaded.dim, len(loaded)) == (4, 0)
    assert loaded.search(QUERY, 5)[1].shape == (1, 0)


def _unit(rng, n, d=8):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_a_large_store_becomes_hnsw_and_still_finds_exact_neighbours(tmp_path):
    rng = np.random.default_rng(7)
    x = _unit(rng, 300)
    store = FaissStore(8, flat_limit=200)
    store.add(np.arange(100), x[:100])
    assert store.kind == "flat"
    store.add(np.arange(100, 300), x[100:])
    assert store.kind == "hnsw" and len(store) == 300
    scores, ids = store.search(x[:20], 1)
    assert ids[:, 0].tolist() == list(range(20))  # each vector is its own nearest neighbour
    np.testing.assert_allclose(store.get([5, 250]), x[[5, 250]], atol=1e-6)


def test_hnsw_removal_is_a_tombstone_that_survives_save_and_load(tmp_path):
    rng = np.random.default_rng(8)
    x = _unit(rng, 300)
    store = FaissStore(8, flat_limit=200)
    store.add(np.arange(300), x)
    store.remove(np.array([3, 4]))
    assert len(store) == 298 and store.kind == "hnsw"
    assert 3 not in store.search(x[3:4], 5)[1][0].tolist()
    assert 3 not in store.search(x[3:4], 5, subset=np.array([3, 4, 5]))[1][0].tolist()
    store.save(str(tmp_path / "v.faiss"))
    back = FaissStore.load(str(tmp_path / "v.faiss"))
    assert back.removed == {3, 4} and len(back) == 298
    assert 4 not in back.search(x[4:5], 5)[1][0].tolist()
    back.add(np.array([3]), x[3:4])  # re-adding an id brings it back
    assert back.search(x[3:4], 1)[1][0].tolist() == [3]


def test_many_removals_rebuild_the_graph(tmp_path):
    rng = np.random.default_rng(9)
    x = _unit(rng, 300)
    store = FaissStore(8, flat_limit=200)
    store.add(np.arange(300), x)
    store.remove(np.arange(0, 150))
    assert store.kind == "flat" and store.removed == set() and len(store) == 150
    assert store.search(x[200:201], 1)[1][0].tolist() == [200]


@pytest.mark.parametrize("flat_limit", [10_000, 200])
def test_subset_search_is_exact_on_flat_and_hnsw(flat_limit):
    """A speaker's few paragraphs among many: the filtered search must return their exact top k
    (HNSW with a selective id filter misses most of them)."""
    rng = np.random.default_rng(11)
    x = _unit(rng, 1000, d=16)
    store = FaissStore(16, flat_limit=flat_limit)
    store.add(np.arange(1000) * 3, x)  # ids are not positions
    store.remove(np.array([30, 33]))
    assert store.kind == ("flat" if flat_limit > 1000 else "hnsw")
    subset = rng.choice(1000, size=40, replace=False) * 3
    queries = _unit(rng, 5, d=16)
    scores, ids = store.search(queries, 10, subset=subset)
    live = np.array([i for i in subset if i not in (30, 33)])
    exact = queries @ x[live // 3].T
    for q in range(5):
        expected = live[np.argsort(-exact[q], kind="stable")[:10]]
        assert set(ids[q].tolist()) == set(expected.tolist())
        np.testing.assert_allclose(scores[q], np.sort(exact[q])[::-1][:10], atol=1e-5)
    store.add(np.array([5000]), queries[:1])  # the row view follows additions
    assert store.search(queries[:1], 1, subset=np.array([5000, 3]))[1].tolist() == [[5000]]
