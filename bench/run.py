"""whosaid against txtai and the literal design (sentence-transformers + FAISS), on the same texts and model.

    .venv/bin/python -m bench.run                 # the full run (about 30 minutes on 2 cores)
    .venv/bin/python -m bench.run --quick         # a smoke run on small subsets (under 3 minutes)
    .venv/bin/python -m bench.run --json          # the results as JSON on stdout

What it measures, each system in a fresh process (`bench.workers`):
1. indexing a subset of the corpus: paragraphs/s end to end, per stage, peak RSS, size on disk, for
   whosaid (ONNX fp32 default, ONNX int8, torch), sentence-transformers + IndexFlatIP, and txtai
   (forced to a flat FAISS index, `faiss={"components": "IDMap,Flat"}`, so all three search exactly);
2. query latency on a 10k-paragraph subset: whosaid `qa ask` in-process, its retrieval alone, and
   encode + search for the other two, on the same generated questions;
3. re-indexing that subset unchanged; 4. cold start to the first answer, with RSS;
5. FaissStore at 100k and 1M synthetic vectors (recall@10 and latency per ef_search, speaker-subset
   search) and BM25 at 1M paragraphs.
The corpus (PolNeAR) is read at run time from --corpus and never written anywhere.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import data, machine, report
from bench.workers import COLD_START, COLD_START_APP, RESULT_PREFIX

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = "/work/shared/polnear/data/train/text"
DEFAULT_OUT = "bench/results/latest.md"
WORKER_TIMEOUT_S = 3600


@dataclass
class Plan:
    """Sizes of one bench run; `--quick` shrinks them all."""

    runs: int = 3
    torch_runs: int = 1              # whosaid with the torch encoder: slow, one run by default
    index_paragraphs: int = 2000
    query_paragraphs: int = 10000
    questions: int = 200
    recall_questions: int = 500
    warmup: int = 10
    scale_sizes: list[int] = field(default_factory=lambda: [100_000, 1_000_000])
    bm25_size: int = 1_000_000
    subset: int = 2000
    subset_queries: int = 100
    app_cold_start: bool = True

    @classmethod
    def quick(cls) -> Plan:
        return cls(runs=1, torch_runs=0, index_paragraphs=500, query_paragraphs=1000, questions=40,
                   recall_questions=100, warmup=5, scale_sizes=[120_000], bm25_size=120_000, subset_queries=30,
                   app_cold_start=False)


def worker_env() -> dict:
    env = dict(os.environ)
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error",
                "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT)})
    return env


def spawn(cmd: list[str], log: Path, timeout: float = WORKER_TIMEOUT_S) -> dict:
    """Run `cmd`, return its BENCH_RESULT plus wall time, time to the result line and its max RSS."""
    t0 = time.perf_counter()
    with open(log, "a") as err:
        err.write(f"\n$ {shlex.join(cmd)[:300]}\n")
        err.flush()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=worker_env(), stdout=subprocess.PIPE, stderr=err, text=True)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        result, first = None, None
        try:
            for line in proc.stdout:
                if line.startswith(RESULT_PREFIX):
                    first = first or time.perf_counter() - t0
                    result = json.loads(line[len(RESULT_PREFIX):])
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            killer.cancel()
    if proc.returncode != 0 or result is None:
        tail = log.read_text()[-3000:]
        raise SystemExit(f"benchmark step failed (exit {proc.returncode}): {shlex.join(cmd)[:200]}\n"
                         f"--- end of {log} ---\n{tail}")
    result.update(wall_s=round(time.perf_counter() - t0, 3), first_result_s=round(first, 3),
                  maxrss_mib=round(usage.ru_maxrss / 1024, 1))
    return result


def worker(task: str, params: dict, log: Path) -> dict:
    return spawn([sys.executable, "-m", "bench.workers", task, json.dumps(params)], log)


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')} load {machine.load()[0]:.2f}] {msg}", file=sys.stderr, flush=True)


INDEX_SYSTEMS = [("whosaid onnx", "whosaid", "minilm-onnx"), ("whosaid int8", "whosaid", "minilm-int8"),
                 ("st-faiss", "st-faiss", None), ("txtai", "txtai", None)]


def run(args, plan: Plan) -> dict:
    started = time.perf_counter()
    res: dict = {"machine": machine.describe()}
    files = data.corpus_files(args.corpus)
    from corpus.paragraphs import split_paragraphs
    from corpus.readers import read_file

    counts = [sum(len(split_paragraphs(d)) for d in read_file(f)) for f in files]
    everything = data.select_subset(files, counts, None)
    index_sub = data.select_subset(files, counts, plan.index_paragraphs)
    query_sub = data.select_subset(files, counts, plan.query_paragraphs)
    res["config"] = {"corpus": str(args.corpus), "corpus_docs": len(files), "corpus_paragraphs": everything.paragraphs,
                     "index_docs": len(index_sub.files), "index_paragraphs": index_sub.paragraphs,
                     "query_docs": len(query_sub.files), "query_paragraphs": query_sub.paragraphs,
                     "command": "python -m bench.run " + shlex.join(args.argv), **asdict(plan)}
    out_dir = Path(args.out).parent if args.out else None
    with tempfile.TemporaryDirectory(prefix="whosaid-bench-") as tmp_s:
        tmp = Path(tmp_s)
        log = Path(args.log) if args.log else tmp / "workers.log"
        index_folder = data.link_folder(index_sub.files, tmp / "index-subset")
        query_folder = data.link_folder(query_sub.files, tmp / "query-subset")

        # 1. Indexing: rounds over the systems, so a busy spell of the machine hits them alike.
        res["indexing"] = {}
        for run_no in range(max(plan.runs, plan.torch_runs)):
            systems = INDEX_SYSTEMS[:] if run_no < plan.runs else []
            if run_no < plan.torch_runs:
                systems.append(("whosaid torch", "whosaid", "minilm"))
            for name, system, enc in systems:
                out = tmp / f"build-{run_no}-{name.replace(' ', '-')}"
                say(f"indexing {index_sub.paragraphs} paragraphs: {name} (run {run_no + 1})")
                r = worker("index", {"system": system, "encoder": enc, "folder": str(index_folder), "out": str(out)},
                           log)
                res["indexing"].setdefault(name, []).append(r)
                shutil.rmtree(out, ignore_errors=True)

        # 2. The query subset, indexed once per system, then queried from a fresh process.
        indexes = {s: tmp / f"query-{s}" for s in ("whosaid", "st-faiss", "txtai")}
        res["indexing_query_subset"] = {}
        for system, path in indexes.items():
            say(f"indexing the query subset ({query_sub.paragraphs} paragraphs): {system}")
            res["indexing_query_subset"][system] = worker(
                "index", {"system": system, "folder": str(query_folder), "out": str(path)}, log)
        res["reindex"] = []
        for _ in range(plan.runs):
            say("re-indexing the unchanged query subset")
            res["reindex"].append(worker("index", {"system": "whosaid", "folder": str(query_folder),
                                                   "out": str(indexes["whosaid"])}, log))
        questions = tmp / "questions.json"
        res["query"] = {}
        for system, path in indexes.items():
            say(f"query latency: {system}")
            params = {"system": system, "index": str(path), "questions": str(questions), "runs": plan.runs,
                      "warmup": plan.warmup, "n_questions": plan.questions, "n_recall": plan.recall_questions}
            if system == "whosaid" and args.profile and out_dir:
                params["profile"] = str((out_dir / "profile-ask.txt").resolve())
            res["query"][system] = worker("query", params, log)
        res["config"]["warmup"] = plan.warmup
        qs = json.loads(questions.read_text())
        if out_dir:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / "questions.json").write_text(json.dumps(qs, indent=1))

        # 4. Cold start: `python -c` that opens the index and answers one question.
        res["cold_start"] = []
        for _ in range(plan.runs):
            say("cold start")
            res["cold_start"].append(spawn([sys.executable, "-c", COLD_START, str(indexes["whosaid"]),
                                            qs["passes"][0][0]], log))
        if plan.app_cold_start and (ROOT / "app.py").exists() and "def build_app" in (ROOT / "app.py").read_text():
            say("cold start: app.build_app")
            res["cold_start_app"] = spawn([sys.executable, "-c", COLD_START_APP, str(indexes["whosaid"])], log)

        # 5. Scale-ups.
        res["scale"] = []
        for n in plan.scale_sizes:
            say(f"scale-up: FaissStore at {n:,} vectors")
            res["scale"].append(worker("scale", {"index": str(indexes["whosaid"]), "questions": str(questions),
                                                 "n": n, "n_recall": plan.recall_questions, "tmp": str(tmp),
                                                 "subset": plan.subset, "subset_queries": plan.subset_queries}, log))
        say(f"scale-up: BM25 at {plan.bm25_size:,} paragraphs")
        res["bm25"] = worker("bm25", {"folder": str(args.corpus), "n": plan.bm25_size, "questions": str(questions),
                                      "subset": plan.subset}, log)
        res["ask_at_scale"] = estimate_ask(res)
    res["load_end"] = machine.load()
    res["bench_s"] = round(time.perf_counter() - started, 1)
    return res


def estimate_ask(res: dict) -> dict | None:
    """`qa ask` at the largest scale: the 10k measurement with its searches swapped for the big ones."""
    w = res.get("query", {}).get("whosaid")
    big = res["scale"][-1] if res.get("scale") else None
    if not w or not big or "search_k50" not in big:
        return None
    calls = w["calls_per_ask"]
    dense_big, dense_small = big["search_k50"]["p50"], w["dense_search"]["p50"]
    bm25_big, bm25_small = res["bm25"]["search"]["p50"], w["bm25_search"]["p50"]
    ms = w["ask"]["p50"] + calls["dense"] * (dense_big - dense_small) + calls["bm25"] * (bm25_big - bm25_small)
    return {"n": big["n"], "ms": ms, "ask_ms": w["ask"]["p50"], "dense_calls": calls["dense"],
            "bm25_calls": calls["bm25"], "dense_big": dense_big, "dense_small": dense_small, "bm25_big": bm25_big,
            "bm25_small": bm25_small}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder of .txt articles (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=None, help="runs per measurement, medians reported (default: 3)")
    ap.add_argument("--quick", action="store_true", help="small subsets, one run: a smoke run in under 3 minutes")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of markdown")
    ap.add_argument("--out", default=DEFAULT_OUT,
                    help="markdown report (a .json with the raw results goes next to it; '' for none; "
                         "default: %(default)s)")
    ap.add_argument("--profile", action="store_true", help="also profile `qa ask` (pyinstrument) into the --out folder")
    ap.add_argument("--log", default=None, help="workers' stderr (default: a temp file, shown on failure)")
    args = ap.parse_args(argv)
    args.argv = argv
    plan = Plan.quick() if args.quick else Plan()
    if args.runs is not None:
        plan.runs = max(1, args.runs)
    res = run(args, plan)
    md = report.render(res)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(md + "\n")
        out.with_suffix(".json").write_text(json.dumps(res, indent=1))
        say(f"wrote {out} and {out.with_suffix('.json')}")
    print(json.dumps(res, indent=1) if args.json else md)


if __name__ == "__main__":
    main()
