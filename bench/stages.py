"""Attribution against embedding, on the same paragraphs: is attribution what makes indexing slow?

Reads PolNeAR train articles with whosaid's own reader and splitter until --n paragraphs, then
times, in this one process: attribution (spaCy parse + rules, `Attributor.attribute_many`, one
core) and embedding with each encoder variant, once with every core and once with one thread
(what each stage gets when the indexer runs them side by side). Medians of --runs runs after a
warm-up. The corpus is read at run time and never stored.

    .venv/bin/python -m bench.stages              # markdown table
    .venv/bin/python -m bench.stages --n 500 --json
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = "/work/shared/polnear/data/train/text"
VARIANTS = ("minilm-onnx", "minilm-int8", "minilm")


def load(corpus: Path, n: int):
    from corpus.paragraphs import split_paragraphs
    from corpus.readers import read_file

    items, count = [], 0
    for f in sorted(corpus.glob("*.txt")):
        for doc in read_file(f):
            paras = split_paragraphs(doc)
            items.append((doc, paras))
            count += len(paras)
        if count >= n:
            break
    if not items:
        raise SystemExit(f"no .txt files in {corpus}")
    return items, count


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def run(args) -> dict:
    from corpus.attribution import Attributor

    items, n = load(Path(args.corpus), args.n)
    texts = [p.text for _, ps in items for p in ps]
    res = {"corpus": args.corpus, "documents": len(items), "paragraphs": n, "runs": args.runs,
           "cpu_count": os.cpu_count(), "stages": {}}
    att = Attributor()
    list(att.attribute_many(items[:3]))  # load spaCy
    secs = timed(lambda: list(att.attribute_many(items)), args.runs)
    res["stages"]["attribution (1 core)"] = {"paragraphs_per_s": round(n / statistics.median(secs), 1),
                                             "runs_s": [round(s, 2) for s in secs]}
    for variant in args.variants:
        for label, threads in (("all cores", None), ("1 thread", 1)):
            enc = make_encoder(variant, threads)
            enc.encode(texts[:64])
            secs = timed(lambda enc=enc: enc.encode(texts, batch_size=32), args.runs)
            res["stages"][f"embedding {variant} ({label})"] = {
                "paragraphs_per_s": round(n / statistics.median(secs), 1), "runs_s": [round(s, 2) for s in secs]}
    res["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return res


def make_encoder(variant: str, threads: int | None):
    """A fresh encoder of `variant` on `threads` threads (None: every core)."""
    if variant == "minilm":
        import torch

        from embeddings.torch_encoder import SentenceTransformerEncoder

        torch.set_num_threads(threads or os.cpu_count() or 1)
        return SentenceTransformerEncoder()
    from embeddings.onnx_encoder import OnnxEncoder

    return OnnxEncoder(quantize=variant == "minilm-int8", threads=threads)


def markdown(res: dict) -> str:
    att = res["stages"]["attribution (1 core)"]["paragraphs_per_s"]
    lines = [f"{res['paragraphs']} paragraphs ({res['documents']} documents) from {res['corpus']}; "
             f"{res['cpu_count']} CPUs; medians of {res['runs']} runs; load average after {res['load_average_after']}.",
             "", "| stage | paragraphs/s | attribution ÷ this |", "| --- | ---: | ---: |"]
    for name, s in res["stages"].items():
        lines.append(f"| {name} | {s['paragraphs_per_s']:.1f} | {att / s['paragraphs_per_s']:.2f}× |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=2000, help="paragraphs (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = run(args)
    print(json.dumps(res, indent=1) if args.json else markdown(res))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
