"""Benchmark the encoder variants: torch fp32 (sentence-transformers), ONNX fp32, ONNX int8.

For N paragraphs (blocks separated by blank lines) of the PolNeAR train articles it reports, per
variant: load time, paragraphs/s (median of --runs timed runs after a warm-up), single-query
latency (median over 100 short questions, one `encode` call each), the mean and min cosine
between the variant's paragraph vectors and torch fp32's, and retrieval agreement: recall@10 of
the variant's exact top-10 against torch fp32's exact top-10, with the first sentences of 200 of
the paragraphs as queries. The corpus is read at run time and never stored.

    .venv/bin/python bench/encoders.py               # markdown table
    .venv/bin/python bench/encoders.py --n 500 --json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embeddings.onnx_encoder import OnnxEncoder  # noqa: E402
from embeddings.torch_encoder import SentenceTransformerEncoder  # noqa: E402

DEFAULT_CORPUS = "/work/shared/polnear/data/train/text"
VARIANTS = ("torch-fp32", "onnx-fp32", "onnx-int8")

_WHO = ["the senator", "the president", "the governor", "the spokesman", "the minister",
        "the mayor", "the candidate", "the police chief", "the company", "the judge"]
_ABOUT = ["taxes", "immigration", "the budget", "the election", "health care",
          "the investigation", "trade", "climate policy", "the economy", "the court ruling"]


def questions(n: int = 100) -> list[str]:
    """Short hand-made questions: who-said-what style, like the app's queries."""
    out = [f"What did {who} say about {about}?" for who in _WHO for about in _ABOUT]
    out += [f"Who criticised {about}?" for about in _ABOUT]
    return out[:n]


def load_paragraphs(corpus: Path, n: int) -> list[str]:
    files = sorted(corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {corpus}")
    paras: list[str] = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        for block in re.split(r"\n\s*\n", text):
            block = " ".join(block.split())
            if block:
                paras.append(block)
                if len(paras) == n:
                    return paras
    return paras


_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")


def first_sentence(paragraph: str, min_words: int = 5) -> str:
    """Up to the first sentence end that leaves at least `min_words` words (skips "Mr." and the like)."""
    for m in _SENTENCE_END.finditer(paragraph):
        head = paragraph[:m.end()].strip()
        if len(head.split()) >= min_words:
            return head
    return paragraph


def make_encoder(variant: str, cache_dir: str | None):
    if variant == "torch-fp32":
        return SentenceTransformerEncoder()
    return OnnxEncoder(quantize=variant == "onnx-int8", cache_dir=cache_dir)


def top_k(queries: np.ndarray, docs: np.ndarray, k: int) -> np.ndarray:
    """Exact search: the ids of the k best documents per query, best first."""
    scores = queries @ docs.T
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean fraction of each row of `truth` that appears in the same row of `found`."""
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def run(args) -> dict:
    paras = load_paragraphs(Path(args.corpus), args.n)
    step = max(1, len(paras) // args.queries)
    queries = [first_sentence(p) for p in paras[::step][:args.queries]]
    short = questions(100)
    report = {
        "corpus": str(args.corpus), "paragraphs": len(paras), "retrieval_queries": len(queries),
        "latency_queries": len(short), "batch_size": args.batch_size, "runs": args.runs,
        "cpu_count": os.cpu_count(), "machine": platform.processor() or platform.machine(),
        "variants": {},
    }
    # All variants are loaded first and timed in turns (run 1 of each, run 2 of each, ...), so
    # that load from other processes on a shared machine falls on all of them alike.
    encoders, stats = {}, {}
    for variant in args.variants:
        enc = make_encoder(variant, args.cache_dir)
        t0 = time.perf_counter()
        enc.warm_up()
        stats[variant] = {"load_s": time.perf_counter() - t0, "rates": [], "lat": []}
        enc.encode(paras[:64], batch_size=args.batch_size)  # warm-up
        for q in short[:5]:
            enc.encode([q])
        encoders[variant] = enc
    docs: dict[str, np.ndarray] = {}
    for run_no in range(args.runs):
        for variant, enc in encoders.items():
            t0 = time.perf_counter()
            docs[variant] = enc.encode(paras, batch_size=args.batch_size)
            stats[variant]["rates"].append(len(paras) / (time.perf_counter() - t0))
        print(f"# run {run_no + 1}: " + ", ".join(f"{v} {s['rates'][-1]:.1f}/s" for v, s in stats.items()),
              file=sys.stderr, flush=True)
    for q in short:
        for variant, enc in encoders.items():
            t0 = time.perf_counter()
            enc.encode([q])
            stats[variant]["lat"].append((time.perf_counter() - t0) * 1000)
    vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for variant, enc in encoders.items():
        vectors[variant] = (docs[variant], enc.encode(queries, batch_size=args.batch_size))
        st = stats[variant]
        report["variants"][variant] = {
            "load_s": round(st["load_s"], 2),
            "paragraphs_per_s": round(statistics.median(st["rates"]), 1),
            "paragraphs_per_s_runs": [round(r, 1) for r in st["rates"]],
            "query_ms_median": round(statistics.median(st["lat"]), 2),
            "query_ms_p90": round(float(np.percentile(st["lat"], 90)), 2),
        }
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]

    base = "torch-fp32" if "torch-fp32" in vectors else args.variants[0]
    report["baseline"] = base
    base_docs, base_q = vectors[base]
    base_top = top_k(base_q, base_docs, 10)
    for variant, (docs, qv) in vectors.items():
        cos = np.sum(docs * base_docs, axis=1)
        top = top_k(qv, docs, 20)
        report["variants"][variant].update({
            "cosine_mean": round(float(cos.mean()), 5),
            "cosine_min": round(float(cos.min()), 5),
            # the baseline's top-10 found in the variant's top-10
            "recall_at_10": round(recall(top[:, :10], base_top), 4),
            # ... and in its top-20 (what over-fetching then re-scoring would recover)
            "recall_10_in_20": round(recall(top, base_top), 4),
            "top1_agreement": round(float(np.mean(top[:, 0] == base_top[:, 0])), 4),
        })
    return report


def markdown(report: dict) -> str:
    base = report["baseline"]
    lines = [
        f"{report['paragraphs']} paragraphs from {report['corpus']}, batch {report['batch_size']}, "
        f"{report['cpu_count']} CPUs; paragraphs/s = median of {report['runs']} runs; "
        f"query latency = median (p90) over {report['latency_queries']} single questions; "
        f"cosine and recall@10 against {base} ({report['retrieval_queries']} first-sentence queries, exact search). "
        f"Load average after the runs: {report['load_average_after']} (other processes skew the rates).",
        "",
        "| variant | load s | paragraphs/s | query ms (p90) | cos mean | cos min | recall@10 | top-10 in top-20 | top-1 same |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, v in report["variants"].items():
        lines.append(f"| {name} | {v['load_s']:.2f} | {v['paragraphs_per_s']:.1f} | "
                     f"{v['query_ms_median']:.1f} ({v['query_ms_p90']:.1f}) | {v['cosine_mean']:.4f} | "
                     f"{v['cosine_min']:.4f} | {v['recall_at_10']:.3f} | {v['recall_10_in_20']:.3f} | "
                     f"{v['top1_agreement']:.3f} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder of .txt articles (default: %(default)s)")
    ap.add_argument("--n", type=int, default=2000, help="paragraphs to encode (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per variant (default: %(default)s)")
    ap.add_argument("--queries", type=int, default=200, help="retrieval queries (default: %(default)s)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("--cache-dir", default=None, help="ONNX cache (default: $WHOSAID_CACHE or ~/.cache/whosaid)")
    ap.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    args = ap.parse_args(argv)
    report = run(args)
    print(json.dumps(report, indent=2) if args.json else markdown(report))


if __name__ == "__main__":
    main()
