"""The benchmark's pure helpers and its report, on tiny made-up inputs (no model, no corpus).

A formatting slip in `bench.report` would otherwise only show at the end of a 30-minute run.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest

from bench import data, report
from bench.run import Plan, estimate_ask

PARAS = ["The senator criticised the new border wall on Monday.",
         "Officials said the budget deficit would grow next year.",
         "The mayor praised the police department and its new chief."]
SPEAKERS = [("Ana Lopez", ["We will rebuild the old ferry pier and the harbour road next spring."]),
            ("John Smith", ["The tax increase will hurt every small business in the state."])]


def test_select_subset_takes_the_shortest_prefix():
    files = ["a", "b", "c", "d"]
    sub = data.select_subset(files, [3, 4, 5, 6], 7)
    assert sub.files == ("a", "b") and sub.paragraphs == 7
    assert data.select_subset(files, [3, 4, 5, 6], None).paragraphs == 18


def test_noun_phrases_drop_determiners_and_stopwords():
    assert data.noun_phrases("The senator criticised the new border wall and a tax.") == ["senator", "border wall"]


def test_questions_are_deterministic_and_of_every_form():
    qs = data.make_questions(SPEAKERS, PARAS, 10, seed=3)
    assert qs == data.make_questions(SPEAKERS, PARAS, 10, seed=3)
    assert len(qs) == 10
    assert sum(q.startswith("What did ") for q in qs) == 6
    assert sum(q.startswith("Who said ") for q in qs) == 2
    assert sum(q.startswith("What was said about ") for q in qs) == 2


def test_question_sets_never_repeat_a_question():
    speakers = [(f"Speaker {i}", [f"Statement number {i} about the harbour road and the ferry pier."]) for i in range(30)]
    paras = [f"The council approved the plan{i} for the district{i} in a vote." for i in range(200)]
    sets = data.question_sets(speakers, paras, n=20, passes=3, warmup=5, n_recall=7)
    asked = sets["warmup"] + [q for p in sets["passes"] for q in p]
    assert len(asked) == len(set(asked)) == 65
    assert [len(p) for p in sets["passes"]] == [20, 20, 20] and len(sets["recall_questions"]) == 7


def test_percentiles_and_recall():
    p = data.percentiles_ms([0.001] * 99 + [0.1])
    assert p["p50"] == 1.0 and p["n"] == 100 and p["p99"] > 1.0
    found = np.array([[1, 2, 3], [4, 5, -1]])
    truth = np.array([[3, 2, 9], [4, 5, 6]])
    assert data.recall_at_k(found, truth) == pytest.approx((2 / 3 + 2 / 3) / 2)


def test_sigma_gives_copies_the_nearest_neighbour_cosine():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((4, 384)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    sigma = data.sigma_for(0.7, 384)
    vecs = data.synthetic_vectors(base, 4000, sigma, seed=1)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    same = np.sum(vecs[0:4000:4][:-1] * vecs[4:4000:4], axis=1)  # copies of base[0]
    assert np.median(same) == pytest.approx(0.7, abs=0.02)


def test_folder_bytes(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 10000)
    assert data.folder_bytes(tmp_path) >= 10000


def _fake_results() -> dict:
    ms = {"p50": 5.0, "p99": 9.0, "mean": 5.5, "n": 20}
    index_run = {"seconds": 10.0, "wall_s": 12.0, "paragraphs": 500, "embedded": 480, "size_bytes": 2**21,
                 "peak_tree_mib": 900.0, "stages": {"read": 0.1, "split": 0.1, "attribute": 12.0, "embed": 8.0,
                                                    "store": 0.2}}
    other = {**index_run, "embedded": 500, "stages": {"read": 0.1, "load": 0.3, "embed": 5.0, "store": 0.1}}
    search_row = {"ef_search": 96, "recall_at_10": 0.96, "1thread": ms, "default": ms}
    scale = {"n": 1_000_000, "kind": "hnsw", "build_s": 200.0, "base_vectors": 10000, "sigma": 0.035,
             "copy_cos": 0.68, "nn_cos_real": 0.68, "queries": 500, "searches": [search_row],
             "search_k50": ms, "subset_search": ms, "subset_recall_at_50": 0.2, "subset_exact_alternative": ms,
             "subset_gather_alternative": ms, "save_s": 1.0, "load_s": 1.0, "file_mib": 1500.0, "peak_tree_mib": 3000.0}
    whosaid = {"ask": ms, "retrieval": ms, "encode": ms, "dense_search": ms, "bm25_search": ms, "questions": 20,
               "passes": 1, "found_share": 0.8, "open_s": 0.1, "speakers_s": 0.2,
               "calls_per_ask": {"encoder": 1.0, "dense": 1.0, "bm25": 2.0, "retrieval": 1.0}}
    cold = {"wall_s": 2.0, "import_s": 0.2, "first_answer_s": 1.0, "encoder": "onnx-fp32", "vectors_bytes": 2**24,
            "model_bytes": 2**26, "rss": {"python": 2**23, "imports": 2**25, "first_answer": 2**27}}
    res = {"machine": {"cpu": "CPU", "cores": 2, "ram_gib": 8, "python": "3.11", "versions": {}, "load_start": [0, 0, 0]},
           "config": {"corpus": "/c", "corpus_docs": 3, "corpus_paragraphs": 30, "index_docs": 1, "index_paragraphs": 500,
                      "query_docs": 2, "query_paragraphs": 1000, "command": "python -m bench.run", "runs": 1, "warmup": 5},
           "indexing": {"whosaid onnx": [index_run], "st-faiss": [other], "txtai": [other]},
           "indexing_query_subset": {"whosaid": index_run, "txtai": other},
           "query": {"whosaid": whosaid, "txtai": {"query": ms}, "st-faiss": {"query": ms}},
           "reindex": [{"seconds": 0.1, "embedded": 0, "stages": {"read": 0.1}}], "cold_start": [cold],
           "scale": [scale], "bm25": {"n": 1_000_000, "distinct_texts": 30, "build_s": 60.0, "search": ms,
                                      "subset_search": ms, "peak_tree_mib": 2000.0},
           "load_end": [0, 0, 0], "bench_s": 60.0}
    res["ask_at_scale"] = estimate_ask(res)
    return res


def test_report_renders_every_section_and_target():
    res = _fake_results()
    md = report.render(res)
    for heading in ("## Targets", "## 1. Indexing", "## 2. Query latency", "## 3. Re-indexing", "## 4. App cold start",
                    "## 5. Synthetic scale-ups"):
        assert heading in md
    assert "| `qa ask` p50 vs txtai query p50 at 1000 paragraphs | 1.00× (5.0 vs 5.0 ms) | ≤ 0.7× | **missed** |" in md
    assert "| re-index unchanged | 0.10 s, 0 embedded | < 10 s, 0 embedded | met |" in md
    assert "ratio 1.60×" in md  # 128 MiB RSS over 16 + 64 MiB
    assert res["ask_at_scale"]["ms"] == pytest.approx(5.0)  # same latencies at both sizes


def test_report_without_optional_sections():
    res = copy.deepcopy(_fake_results())
    for key in ("scale", "bm25", "ask_at_scale", "cold_start", "reindex"):
        res.pop(key)
    assert "## 5." not in report.render(res)


def test_quick_plan_is_smaller():
    quick, full = Plan.quick(), Plan()
    assert quick.index_paragraphs < full.index_paragraphs and max(quick.scale_sizes) < max(full.scale_sizes)


def test_turns_check_counts_labels_and_continuations(tmp_path, capsys):
    from bench import turns_check

    (tmp_path / "talks.txt").write_text(
        "Talks\n\nPresident of Russia Vladimir Putin: Welcome, Mr Novak.\n\n"
        "Energy Minister Alexander Novak: Thank you. Exports grew this year.\n\nGas exports grew too.\n\n"
        "Vladimir Putin: Good.\n", encoding="utf-8")
    (tmp_path / "news.txt").write_text("Poll: a dead heat\n\nNote: the margin of error is three points.\n",
                                       encoding="utf-8")
    r = turns_check.check([tmp_path], samples=5)
    s = r["stats"]
    assert (s["documents"], s["transcripts"], s["labels: titled"], s["labels: name"]) == (2, 1, 2, 1)
    assert (s["paragraphs in a turn"], s["  continuation"]) == (4, 1)
    assert sorted(x[2] for x in r["split_samples"]) == ["Alexander Novak", "Vladimir Putin"]
    assert turns_check.main([str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
