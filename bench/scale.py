"""FAISS against Milvus Lite on the same corpus: indexing time, ask latency, and whether answers agree.

Builds the corpus into a fresh index per store (`faiss`, `milvus-lite`, and with --ray `milvus-lite`
built by the Ray Data pipeline on a local Ray), each embedding from scratch, then asks every question
of the question file (standalone, one conversation each) against each index after a warm-up, and
times raw vector search (top 50, unfiltered and restricted to the most-quoted speaker). Agreement
is the share of questions whose first citation, and whose whole citation list, is the same as FAISS'.
The corpus is read at run time and never stored.

    .venv/bin/python -m bench.scale                     # PolNeAR train (840 articles), markdown table
    .venv/bin/python -m bench.scale --ray --json
    .venv/bin/python -m bench.scale --corpus ../shared/polnear/data/dev/text --work /tmp/scale-dev
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_CORPUS = "/work/shared/polnear/data/train/text"
DEFAULT_QUESTIONS = "/work/shared/eval/polnear_dev_questions.jsonl"


def percentile(xs, q):
    return float(np.percentile(np.asarray(xs), q)) if xs else float("nan")


def build(corpus: Path, path: Path, store: str, ray: bool) -> dict:
    from qa.indexer import index_folder

    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    report = index_folder(corpus, path, store=store, progress=False, ray_address="local" if ray else None)
    total = time.perf_counter() - t0
    return {"seconds": round(total, 1), "paragraphs": report.paragraphs,
            "paragraphs_per_s": round(report.paragraphs / total, 1),
            "stages": {k: round(v, 2) for k, v in report.seconds.items()}}


def ask_all(path: Path, questions: list[str], runs: int) -> tuple[dict, list]:
    from qa.assistant import Assistant
    from qa.index import Index

    with Index(path) as ix:
        ix.warm_up()
        assistant = Assistant(ix)
        for q in questions[:5]:
            assistant.conversation().ask(q)
        times, tops = [], []
        for r in range(runs):
            for q in questions:
                t0 = time.perf_counter()
                answer = assistant.conversation().ask(q)
                times.append((time.perf_counter() - t0) * 1000)
                if r == 0:
                    tops.append([(c.doc_id, c.paragraph, c.start, c.end) for c in answer.citations])
        # raw vector search: unfiltered, and the most-quoted speaker's paragraphs only
        retriever = assistant.retriever
        vecs = [retriever.encode(q) for q in questions]
        top_speaker = max(ix.speaker_counts().items(), key=lambda kv: kv[1])[0]
        pids = np.fromiter(sorted({s.paragraph_id for s in ix.statements(speakers=[top_speaker])}), dtype=np.int64)
        store = ix.store
        plain, filtered = [], []
        for v in vecs:
            t0 = time.perf_counter()
            store.search(v[None, :], 50)
            plain.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            if store.filters_speakers:
                store.search(v[None, :], 50, speakers=[top_speaker])
            else:
                store.search(v[None, :], 50, subset=pids)
            filtered.append((time.perf_counter() - t0) * 1000)
    stats = {"ask_p50_ms": round(percentile(times, 50), 1), "ask_p95_ms": round(percentile(times, 95), 1),
             "ask_mean_ms": round(statistics.fmean(times), 1),
             "search_p50_ms": round(percentile(plain, 50), 2),
             "speaker_search_p50_ms": round(percentile(filtered, 50), 2),
             "speaker": top_speaker, "speaker_paragraphs": int(len(pids))}
    return stats, tops


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(DEFAULT_CORPUS))
    ap.add_argument("--questions", type=Path, default=Path(DEFAULT_QUESTIONS))
    ap.add_argument("--work", type=Path, default=Path("/tmp/whosaid-bench-scale"), help="where the indexes are built")
    ap.add_argument("--runs", type=int, default=3, help="passes over the questions for the latency figures")
    ap.add_argument("--ray", action="store_true", help="also build Milvus Lite with the Ray Data pipeline")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--one", nargs=2, metavar=("STORE", "RAY"), help=argparse.SUPPRESS)  # one setup, in a child
    args = ap.parse_args(argv)

    questions = [json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()]
    if args.one:
        store, ray = args.one[0], args.one[1] == "ray"
        path = args.work / (store + ("-ray" if ray else ""))
        row = build(args.corpus, path, store, ray)
        stats, tops = ask_all(path, questions, args.runs)
        row.update(stats)
        row["tops"] = tops
        print(json.dumps(row))
        return
    setups = [("faiss", "faiss", False), ("milvus-lite", "milvus-lite", False)]
    if args.ray:
        setups.append(("milvus-lite + Ray", "milvus-lite", True))
    results = {}
    for name, store, ray in setups:  # each in a fresh process, as `qa index` and `qa ask` would run
        print(f"building {name} ...", file=sys.stderr)
        cmd = [sys.executable, "-m", "bench.scale", "--one", store, "ray" if ray else "local", "--corpus",
               str(args.corpus), "--questions", str(args.questions), "--work", str(args.work), "--runs", str(args.runs)]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    base = results["faiss"]["tops"]
    for row in results.values():
        tops = row.pop("tops")
        row["same_first_citation"] = round(sum(a[:1] == b[:1] for a, b in zip(tops, base)) / len(base), 3)
        row["same_citations"] = round(sum(a == b for a, b in zip(tops, base)) / len(base), 3)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.corpus}: {next(iter(results.values()))['paragraphs']} paragraphs, {len(questions)} questions\n")
    cols = ["seconds", "paragraphs_per_s", "ask_p50_ms", "ask_p95_ms", "search_p50_ms", "speaker_search_p50_ms",
            "same_first_citation", "same_citations"]
    print("| store | " + " | ".join(cols) + " |")
    print("| --- |" + " ---: |" * len(cols))
    for name, row in results.items():
        print(f"| {name} | " + " | ".join(str(row[c]) for c in cols) + " |")
    print()
    for name, row in results.items():
        print(f"{name}: stages {row['stages']}")


if __name__ == "__main__":
    main()
