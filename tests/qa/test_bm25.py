"""BM25 on a four-sentence corpus: tokens, exact scores from the formula, ranking, subsets, persistence."""
from __future__ import annotations

import math

import numpy as np
import pytest

from qa.bm25 import BM25, tokenize

TEXTS = {
    1: "The mayor attacked the budget plan.",
    2: "Budget talks resumed on Monday.",
    3: "The minister praised the harbour.",
    4: "Attacks on the budget continued; the budget was cut.",
}
TOKENS = {
    1: ["mayor", "attack", "budget", "plan"],
    2: ["budget", "talk", "resum", "monday"],
    3: ["minist", "prais", "harbour"],
    4: ["attack", "budget", "continu", "budget", "cut"],
}
N, AVGDL = 4, 16 / 4


def bm25(tf: int, df: int, dl: int, k1: float = 1.2, b: float = 0.75) -> float:
    """Okapi BM25 of one term, written out independently of the implementation."""
    idf = math.log(1 + (N - df + 0.5) / (df + 0.5))
    return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / AVGDL))


@pytest.fixture(scope="module")
def index() -> BM25:
    return BM25.build(list(TEXTS), TEXTS.values())


def test_tokens_lowercased_stopwords_out_stemmed():
    assert {i: tokenize(t) for i, t in TEXTS.items()} == TOKENS
    assert tokenize("The Mayor's attacks, and what she said") == ["mayor", "attack"]
    assert tokenize("What did they say? Who told whom?") == []


def test_exact_scores(index):
    scores = index.scores("budget attacks")
    expected = [bm25(1, 3, 4) + bm25(1, 2, 4), bm25(1, 3, 4), 0.0, bm25(2, 3, 5) + bm25(1, 2, 5)]
    np.testing.assert_allclose(scores, expected, rtol=1e-6)
    assert index.ids.tolist() == [1, 2, 3, 4]
    assert index.avgdl == AVGDL


def test_ranking(index):
    scores, ids = index.search("budget attacks", k=10)
    # Unit 4 has "budget" twice: it beats unit 1 although it is longer.
    assert ids.tolist() == [4, 1, 2]
    np.testing.assert_allclose(scores, [bm25(2, 3, 5) + bm25(1, 2, 5), bm25(1, 3, 4) + bm25(1, 2, 4), bm25(1, 3, 4)],
                               rtol=1e-6)
    assert index.search("budget attacks", k=1)[1].tolist() == [4]
    assert index.search("harbour minister", k=10)[1].tolist() == [3]


def test_stemming_matches_other_word_forms(index):
    assert index.search("attacks", k=10)[1].tolist() == [1, 4]       # "attacked", "Attacks"
    assert index.search("talking resumes", k=10)[1].tolist() == [2]   # "talks resumed"


def test_stopwords_and_unknown_words_match_nothing(index):
    assert index.search("What did the mayor say?", k=10)[1].tolist() == [1]  # only "mayor" counts
    for query in ("the of and said", "zeppelin", ""):
        assert [a.tolist() for a in index.search(query, k=10)] == [[], []]
        assert not index.scores(query).any()


def test_subset_search(index):
    assert index.search("budget attacks", k=10, subset=np.array([2, 3]))[1].tolist() == [2]
    assert index.search("budget attacks", k=10, subset=np.array([1, 2, 99]))[1].tolist() == [1, 2]
    assert index.search("budget", k=10, subset=np.array([], dtype=np.int64))[1].tolist() == []
    scores, ids = index.search("budget attacks", k=1, subset=np.array([1, 2]))
    assert ids.tolist() == [1]
    np.testing.assert_allclose(scores, [bm25(1, 3, 4) + bm25(1, 2, 4)], rtol=1e-6)


def test_score_texts_agrees_with_scores(index):
    for query in ("budget attacks", "harbour", "talks on Monday", "zeppelin"):
        np.testing.assert_allclose(index.score_texts(query, list(TEXTS.values())), index.scores(query), rtol=1e-6)
    # A text outside the collection is scored with the collection's statistics.
    np.testing.assert_allclose(index.score_texts("budget", ["Budget cuts, budget rows."]),
                               [bm25(2, 3, 4)], rtol=1e-6)  # budget, cut, budget, row
    # A word the collection never saw has the largest idf (df = 0).
    np.testing.assert_allclose(index.score_texts("zeppelin", ["A zeppelin flew over."]), [bm25(1, 0, 2)], rtol=1e-6)
    assert index.score_texts("zeppelin", ["The harbour."]).tolist() == [0.0]


def test_save_load_roundtrip(index, tmp_path):
    path = tmp_path / "bm25.npz"
    index.save(str(path))
    assert [p.name for p in tmp_path.iterdir()] == ["bm25.npz"]  # no temporary file left behind
    loaded = BM25.load(str(path))
    assert (loaded.ids.tolist(), loaded.vocab, loaded.avgdl, len(loaded)) == (
        index.ids.tolist(), index.vocab, index.avgdl, 4)
    for query in ("budget attacks", "harbour", "monday talks"):
        np.testing.assert_array_equal(loaded.scores(query), index.scores(query))
        subset = np.array([1, 2, 3])
        for a, b in zip(loaded.search(query, 10, subset=subset), index.search(query, 10, subset=subset)):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.score_texts("budget", ["budget"]), index.score_texts("budget", ["budget"]))


def test_ids_need_not_be_dense(tmp_path):
    index = BM25.build([700, 5, 42], ["harbour closed", "harbour open again", "budget"])
    assert index.search("harbour", k=10)[1].tolist() == [700, 5]
    assert index.search("harbour", k=10, subset=np.array([5, 42]))[1].tolist() == [5]


def test_empty_collection(tmp_path):
    index = BM25.build([], [])
    assert len(index) == 0
    assert [a.tolist() for a in index.search("budget", k=5)] == [[], []]
    index.save(str(tmp_path / "empty.npz"))
    loaded = BM25.load(str(tmp_path / "empty.npz"))
    assert (len(loaded), loaded.vocab) == (0, [])
    assert [a.tolist() for a in loaded.search("budget", k=5)] == [[], []]


def test_ids_and_texts_must_match():
    with pytest.raises(ValueError, match="ids and texts differ in length"):
        BM25.build([1, 2], ["only one text"])
