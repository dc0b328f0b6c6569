"""One measurement per process: `python -m bench.workers TASK PARAMS_JSON` prints `BENCH_RESULT {json}`.

`bench.run` starts every system in a fresh process like this, so models, page caches inside the
interpreter and peak memory never leak from one system into the next. Heavy libraries are
imported inside each task, before its clock starts (import time is not indexing time; model
loading is).
"""
from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

import numpy as np

from bench import data

RESULT_PREFIX = "BENCH_RESULT "

# The app's first question, for the cold start (run with `python -c`, nothing from bench imported).
COLD_START = r"""
import json, sys, time
t0 = time.perf_counter()
import psutil
proc = psutil.Process()
rss = {"python": proc.memory_info().rss}
from qa import Assistant, Index
rss["imports"] = proc.memory_info().rss
t_import = time.perf_counter()
assistant = Assistant(Index(sys.argv[1]))
answer = assistant.conversation().ask(sys.argv[2])
t_answer = time.perf_counter()
rss["first_answer"] = proc.memory_info().rss
store, enc = assistant.index.store, assistant.index.encoder
vectors = int(store.index.ntotal) * store.dim * 4
path = getattr(enc, "onnx_path", None)
if path:
    model = __import__("os").path.getsize(path)
else:
    model = sum(p.numel() * p.element_size() for p in enc.warm_up().parameters())
print("BENCH_RESULT " + json.dumps({"import_s": t_import - t0, "first_answer_s": t_answer - t_import,
      "rss": rss, "vectors_bytes": vectors, "model_bytes": model, "found": answer.found,
      "encoder": getattr(enc, "variant", type(enc).__name__)}), flush=True)
"""

# The Gradio app built over the index (not launched), then one question through it.
COLD_START_APP = r"""
import json, sys, time
t0 = time.perf_counter()
import app
demo = app.build_app(sys.argv[1])
print("BENCH_RESULT " + json.dumps({"build_app_s": time.perf_counter() - t0}), flush=True)
"""


class PeakRSS:
    """Samples the resident memory of this process plus its children (the attribution worker)."""

    def __init__(self, interval: float = 0.05):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self.proc] + self.proc.children(recursive=True):
            try:
                total += p.memory_info().rss
            except Exception:  # noqa: BLE001 - a child that just exited
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def _rss_summary(sampler: PeakRSS) -> dict:
    return {"peak_tree_mib": round(sampler.peak / 2**20, 1),
            "maxrss_self_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "maxrss_children_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def _paragraph_texts(folder: str) -> list[str]:
    """Exactly the paragraphs whosaid indexes: its readers, then its splitter."""
    from corpus.paragraphs import split_paragraphs
    from corpus.readers import scan_folder

    docs, _ = scan_folder(folder)
    return [p.text for d in docs for p in split_paragraphs(d)]


# -- indexing -------------------------------------------------------------------------------------
def task_index(p: dict) -> dict:
    system, folder, out = p["system"], p["folder"], p["out"]
    if system == "whosaid":
        from qa import index_folder

        with PeakRSS() as rss:
            t0 = time.perf_counter()
            report = index_folder(folder, out, encoder=p.get("encoder"), progress=False)
            total = time.perf_counter() - t0
        return {"seconds": total, "paragraphs": report.paragraphs, "documents": report.documents,
                "embedded": report.embedded, "statements": report.statements,
                "stages": {k: round(v, 3) for k, v in report.seconds.items()},
                "size_bytes": data.folder_bytes(out), **_rss_summary(rss)}
    if system == "st-faiss":
        import faiss
        from sentence_transformers import SentenceTransformer

        from embeddings.base import packaged_model_path

        stages = {}
        with PeakRSS() as rss:
            t0 = time.perf_counter()
            texts = _paragraph_texts(folder)
            t1 = time.perf_counter()
            model = SentenceTransformer(packaged_model_path(), device="cpu")
            t2 = time.perf_counter()
            vecs = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                                show_progress_bar=False)
            t3 = time.perf_counter()
            index = faiss.IndexFlatIP(vecs.shape[1])
            index.add(np.ascontiguousarray(vecs, dtype=np.float32))
            os.makedirs(out, exist_ok=True)
            faiss.write_index(index, os.path.join(out, "vectors.faiss"))
            t4 = time.perf_counter()
        stages = {"read": t1 - t0, "load": t2 - t1, "embed": t3 - t2, "store": t4 - t3}
        return {"seconds": t4 - t0, "paragraphs": len(texts), "embedded": len(texts),
                "stages": {k: round(v, 3) for k, v in stages.items()},
                "size_bytes": data.folder_bytes(out), **_rss_summary(rss)}
    if system == "txtai":
        from txtai import Embeddings

        from embeddings.base import packaged_model_path

        with PeakRSS() as rss:
            t0 = time.perf_counter()
            texts = _paragraph_texts(folder)
            t1 = time.perf_counter()
            emb = Embeddings(path=packaged_model_path(), content=False, backend="faiss",
                             faiss={"components": p.get("txtai_components", "IDMap,Flat")})
            t2 = time.perf_counter()
            emb.index([(i, t, None) for i, t in enumerate(texts)])
            t3 = time.perf_counter()
            emb.save(out)
            t4 = time.perf_counter()
        stages = {"read": t1 - t0, "load": t2 - t1, "embed+index": t3 - t2, "store": t4 - t3}
        return {"seconds": t4 - t0, "paragraphs": len(texts), "embedded": len(texts),
                "components": (emb.config.get("build") or {}).get("settings", {}).get("components"),
                "stages": {k: round(v, 3) for k, v in stages.items()},
                "size_bytes": data.folder_bytes(out), **_rss_summary(rss)}
    raise SystemExit(f"unknown system {system!r}")


# -- query latency --------------------------------------------------------------------------------
def _time_each(fn, items) -> list[float]:
    out = []
    for x in items:
        t0 = time.perf_counter()
        fn(x)
        out.append(time.perf_counter() - t0)
    return out


def _time_passes(fn, passes: list[list]) -> list[float]:
    return [t for items in passes for t in _time_each(fn, items)]


def write_questions(assistant, path: str, n: int, passes: int, warmup: int, n_recall: int,
                    speakers: int = 40) -> dict:
    """Generate the questions from the index (its speakers, their statements, its paragraphs)."""
    index = assistant.index
    pairs = []
    for name, _count in assistant.speakers.top(speakers):
        entry = assistant.speakers.get(name)
        stmts = index.statements(speakers=sorted(entry.variants))[:20] if entry else []
        texts = [index.document_text(s.doc_id)[s.start:s.end] for s in stmts]
        pairs.append((name, texts))
    paragraphs = [t for (t,) in index.con.execute("SELECT text FROM paragraphs ORDER BY id")]
    qs = data.question_sets(pairs, paragraphs, n, passes, warmup, n_recall)
    with open(path, "w") as fh:
        json.dump(qs, fh, indent=1)
    return qs


class _Counter:
    """Counts calls of bound methods on given instances (the bench process only)."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def wrap(self, obj, method: str, label: str):
        real = getattr(obj, method)
        self.counts[label] = 0

        def counted(*a, **k):
            self.counts[label] += 1
            return real(*a, **k)
        setattr(obj, method, counted)


def task_query(p: dict) -> dict:
    if p["system"] == "whosaid":
        return _query_whosaid(p)
    qs = json.load(open(p["questions"]))
    if p["system"] == "st-faiss":
        import faiss
        from sentence_transformers import SentenceTransformer

        from embeddings.base import packaged_model_path

        model = SentenceTransformer(packaged_model_path(), device="cpu")
        index = faiss.read_index(os.path.join(p["index"], "vectors.faiss"))

        def ask(q):
            v = model.encode([q], batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                             show_progress_bar=False)
            return index.search(np.ascontiguousarray(v, dtype=np.float32), 10)
        size = index.ntotal
    elif p["system"] == "txtai":
        from txtai import Embeddings

        emb = Embeddings()
        emb.load(p["index"])

        def ask(q):
            return emb.search(q, 10)
        size = emb.count()
    else:
        raise SystemExit(f"unknown system {p['system']!r}")
    _time_each(ask, qs["warmup"])
    with PeakRSS() as rss:
        lat = _time_passes(ask, qs["passes"])
    return {"vectors": int(size), "query": data.percentiles_ms(lat), **_rss_summary(rss)}


def _query_whosaid(p: dict) -> dict:
    from qa import Assistant, Index
    from qa.retrieval import Retriever

    t0 = time.perf_counter()
    assistant = Assistant(Index(p["index"]))
    assistant.index.warm_up()
    t1 = time.perf_counter()
    _ = assistant.speakers
    t2 = time.perf_counter()
    if not os.path.exists(p["questions"]):
        write_questions(assistant, p["questions"], p["n_questions"], p["runs"], p["warmup"], p["n_recall"])
    qs = json.load(open(p["questions"]))
    index = assistant.index

    def ask(q):
        return assistant.conversation().ask(q)

    _time_each(ask, qs["warmup"])
    # What one answer costs in model and index calls, counted during the timed passes (a counter
    # costs well under a microsecond per call).
    counter = _Counter()
    counter.wrap(index.encoder, "encode", "encoder")
    counter.wrap(index.store, "search", "dense")
    counter.wrap(index.bm25, "scores", "bm25")
    counter.wrap(assistant.retriever, "search", "retrieval")
    found = []

    def ask_found(q):
        found.append(bool(ask(q).found))
    with PeakRSS() as rss:
        ask_lat = _time_passes(ask_found, qs["passes"])
    n_asks = max(len(ask_lat), 1)
    per_ask = {k: round(v / n_asks, 2) for k, v in counter.counts.items()}
    for obj, method in ((index.encoder, "encode"), (index.store, "search"), (index.bm25, "scores")):
        delattr(obj, method)

    # Retrieval alone: a fresh Retriever, so its query-vector cache starts empty.
    retriever = Retriever(index)
    search_lat = _time_passes(lambda q: retriever.search(q, 10), qs["passes"])
    encode_lat = _time_passes(lambda q: index.encoder.encode([q]), qs["passes"])
    flat = [q for items in qs["passes"] for q in items]
    qvs = index.encoder.encode(flat)
    k = max(10, retriever.candidates)
    dense_lat = _time_each(lambda i: index.store.search(qvs[i][None, :], k), range(len(flat)))
    lex_lat = _time_each(lambda q: index.bm25.search(q, k), flat)
    out = {"paragraphs": len(index.store), "open_s": round(t1 - t0, 3), "speakers_s": round(t2 - t1, 3),
           "questions": len(qs["passes"][0]), "passes": len(qs["passes"]),
           "found_share": round(sum(found) / n_asks, 3), "calls_per_ask": per_ask,
           "ask": data.percentiles_ms(ask_lat), "retrieval": data.percentiles_ms(search_lat),
           "encode": data.percentiles_ms(encode_lat), "dense_search": data.percentiles_ms(dense_lat),
           "bm25_search": data.percentiles_ms(lex_lat), **_rss_summary(rss)}
    if p.get("profile"):
        from pyinstrument import Profiler

        fresh = Assistant(index)
        fresh.__dict__["speakers"] = assistant.speakers  # the directory is built once per process anyway
        prof = Profiler(interval=0.001)
        prof.start()
        for q in qs["passes"][0]:
            fresh.conversation().ask(q)
        prof.stop()
        Path(p["profile"]).write_text(prof.output_text(unicode=False, color=False))
        out["profile"] = p["profile"]
    return out


# -- scale-ups ------------------------------------------------------------------------------------
def task_scale(p: dict) -> dict:
    """FaissStore at `n` synthetic vectors made from the index's real ones: build, latency, recall."""
    import faiss

    from embeddings.faiss_store import FaissStore
    from qa import Index

    index = Index(p["index"])
    real = index.store
    base = real.get(real.ids())
    qs = json.load(open(p["questions"]))["recall_questions"][: p.get("n_recall", 500)]
    queries = index.encoder.encode(qs)
    n, k = p["n"], 10
    nn = data.nn_cosine(base)
    sigma = data.sigma_for(nn, base.shape[1])
    vectors = data.synthetic_vectors(base, n, sigma, seed=p.get("seed", 0))
    out = {"n": n, "base_vectors": len(base), "nn_cos_real": round(nn, 4), "sigma": round(sigma, 5),
           "copy_cos": round(1 / (1 + base.shape[1] * sigma**2), 4), "queries": len(queries)}
    with PeakRSS() as rss:
        store = FaissStore(base.shape[1])
        t0 = time.perf_counter()
        store.add(np.arange(n, dtype=np.int64), vectors)
        out["build_s"] = round(time.perf_counter() - t0, 2)
        out["kind"] = store.kind
        default_ef = store.ef_search
        out["ef_search_default"] = default_ef if store.kind == "hnsw" else None
        _, truth = faiss.knn(queries, vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
        default_threads = faiss.omp_get_max_threads()
        efs = p.get("efs", [64, 128, 256, 384, 512]) if store.kind == "hnsw" else [None]
        rows = []
        for ef in efs:
            if ef is not None:
                store.ef_search = ef
            row = {"ef_search": ef}
            for label, threads in (("1thread", 1), ("default", default_threads)):
                faiss.omp_set_num_threads(threads)
                found = np.full((len(queries), k), -1, dtype=np.int64)
                lat = []
                for i, q in enumerate(queries):
                    t = time.perf_counter()
                    _, ids = store.search(q[None, :], k)
                    lat.append(time.perf_counter() - t)
                    found[i, :ids.shape[1]] = ids[0]
                row[label] = data.percentiles_ms(lat)
                row["recall_at_10"] = round(data.recall_at_k(found, truth), 4)
            faiss.omp_set_num_threads(default_threads)
            rows.append(row)
        out["searches"] = rows
        store.ef_search = default_ef
        # What Retriever.search asks for: k = its 50 candidates, at the store's default ef_search.
        out["search_k50"] = data.percentiles_ms(_time_each(lambda q, s=store: s.search(q[None, :], 50), queries))
        out.update(_subset_search(store, vectors, queries, p.get("subset", 2000), p.get("subset_queries", 100),
                                  p.get("subset_budget_s", 60.0)))
        tmp = os.path.join(p["tmp"], f"scale-{n}.faiss")
        t0 = time.perf_counter()
        store.save(tmp)
        out["save_s"] = round(time.perf_counter() - t0, 2)
        out["file_mib"] = round(os.path.getsize(tmp) / 2**20, 1)
        del store
        t0 = time.perf_counter()
        FaissStore.load(tmp)
        out["load_s"] = round(time.perf_counter() - t0, 2)
        os.remove(tmp)
    out.update(_rss_summary(rss))
    return out


def _subset_search(store, vectors: np.ndarray, queries: np.ndarray, size: int, n_queries: int,
                   budget_s: float) -> dict:
    """Speaker-filtered search: `store.search(q, 50, subset=ids)` vs exact search over the subset."""
    rng = np.random.default_rng(1)
    subset = np.sort(rng.choice(len(vectors), size=min(size, len(vectors)), replace=False)).astype(np.int64)
    k = 50
    lat, brute, gather, recalls = [], [], [], []
    start = time.perf_counter()
    for q in queries[:n_queries]:
        t = time.perf_counter()
        _, ids = store.search(q[None, :], k, subset=subset)
        lat.append(time.perf_counter() - t)
        # Exact over the subset with the store's own API (reconstruct the subset's vectors) ...
        t = time.perf_counter()
        scores = store.get(subset) @ q
        top = subset[np.argpartition(-scores, k)[:k]]
        brute.append(time.perf_counter() - t)
        # ... and from a plain float32 matrix (rows = ids here), what a store could keep beside HNSW.
        t = time.perf_counter()
        scores = vectors[subset] @ q
        subset[np.argpartition(-scores, k)[:k]]
        gather.append(time.perf_counter() - t)
        recalls.append(len(set(ids[0].tolist()) & set(top.tolist())) / k)
        if time.perf_counter() - start > budget_s:
            break
    return {"subset_size": len(subset), "subset_search": data.percentiles_ms(lat),
            "subset_recall_at_50": round(float(np.mean(recalls)), 4),
            "subset_exact_alternative": data.percentiles_ms(brute),
            "subset_gather_alternative": data.percentiles_ms(gather)}


def task_bm25(p: dict) -> dict:
    """BM25 over `n` paragraphs made by repeating the corpus' paragraphs: build time, query latency."""
    from qa.bm25 import BM25

    texts = _paragraph_texts(p["folder"])
    n = p["n"]
    questions = [q for items in json.load(open(p["questions"]))["passes"] for q in items]
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        bm25 = BM25.build(np.arange(n, dtype=np.int64), (texts[i % len(texts)] for i in range(n)))
        build = time.perf_counter() - t0
        lat = _time_each(lambda q: bm25.search(q, 50), questions)
        subset = np.sort(np.random.default_rng(1).choice(n, size=min(p.get("subset", 2000), n), replace=False))
        sub_lat = _time_each(lambda q: bm25.search(q, 50, subset=subset), questions)
    return {"n": n, "distinct_texts": len(texts), "build_s": round(build, 2), "search": data.percentiles_ms(lat),
            "subset_search": data.percentiles_ms(sub_lat), **_rss_summary(rss)}


TASKS = {"index": task_index, "query": task_query, "scale": task_scale, "bm25": task_bm25}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] not in TASKS:
        raise SystemExit(f"usage: python -m bench.workers {{{','.join(TASKS)}}} PARAMS_JSON")
    result = TASKS[argv[0]](json.loads(argv[1]))
    result["load_end"] = [round(x, 2) for x in os.getloadavg()]
    print(RESULT_PREFIX + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
