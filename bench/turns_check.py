"""Run the transcript turn model over a folder of documents and print what it found.

    python -m bench.turns_check DIR [DIR ...] [--samples N] [--list] [--json]

Prints, for the folder: how many documents are transcripts, labels by kind (generic, name,
titled, title-only, glued "Q"), paragraphs covered by a turn (labelled / continuation / stage),
the name/title splits of titled labels, speakers per transcript, the most frequent labels, and
random samples of labels, splits and continuation paragraphs, so a reader can check the rules on
pages nobody tuned them on. Reads `.txt` files (and anything else `corpus.readers` reads).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from corpus.attribution.turns import find_turns
from corpus.paragraphs import split_paragraphs
from corpus.readers import ReadError, iter_files, read_file


def _docs(folder: Path):
    for path, doc_id in iter_files(folder):
        try:
            docs = read_file(path, doc_id)
        except ReadError as exc:  # a file the readers cannot read: named, skipped
            print(f"skipped: {exc}", file=sys.stderr)
            continue
        for doc in docs:
            yield Path(path), doc


def check(folders: list[Path], samples: int = 10, seed: int = 0) -> dict:
    stats = Counter()
    labels = Counter()
    splits: list[tuple[str, str, str, str]] = []
    conts: list[tuple[str, str, str]] = []
    per_doc: list[tuple[str, int, int]] = []
    for path, doc in (d for folder in folders for d in _docs(folder)):
        paras = split_paragraphs(doc)
        tr = find_turns(paras)
        stats["documents"] += 1
        stats["paragraphs"] += len(paras)
        if not tr:
            continue
        stats["transcripts"] += 1
        per_doc.append((path.name, len(tr.turns), len(tr.speakers)))
        for t in tr.turns:
            lab = t.label
            kind = "generic" if lab.role else "titled" if lab.title and lab.name else "name" if lab.name else "title"
            stats[f"labels: {kind}"] += 1
            labels[lab.text] += 1
            if kind == "titled":
                splits.append((path.name, lab.text, lab.name, lab.title))
        for pt in tr.by_paragraph:
            if pt is None:
                continue
            stats["paragraphs in a turn"] += 1
            stats["  continuation"] += pt.continuation
            stats["  stage direction"] += pt.stage
            if pt.continuation and not pt.stage:
                text = doc.text[pt.content_start:pt.content_end]
                conts.append((path.name, pt.speaker.name or pt.speaker.role or "?", text[:100]))
        stats["speakers"] += len(tr.speakers)
        stats["speakers named"] += sum(bool(s.name) for s in tr.speakers)
    rng = random.Random(seed)
    return {
        "stats": dict(stats),
        "top_labels": labels.most_common(25),
        "split_samples": rng.sample(splits, min(samples, len(splits))),
        "continuation_samples": rng.sample(conts, min(samples, len(conts))),
        "transcripts": per_doc,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--samples", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--list", action="store_true", help="list every transcript with its turns and speakers")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    for folder in a.folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder; give folders of documents", file=sys.stderr)
            return 2
    r = check(a.folders, a.samples, a.seed)
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return 0
    s = r["stats"]
    print(f"{' '.join(map(str, a.folders))}: {s.get('documents', 0)} documents, {s.get('paragraphs', 0)} paragraphs")
    print(f"  transcripts: {s.get('transcripts', 0)}")
    for k in ("labels: titled", "labels: name", "labels: generic", "labels: title"):
        print(f"  {k}: {s.get(k, 0)}")
    print(f"  paragraphs in a turn: {s.get('paragraphs in a turn', 0)} "
          f"({s.get('  continuation', 0)} continuations, {s.get('  stage direction', 0)} stage directions)")
    print(f"  speakers: {s.get('speakers', 0)} ({s.get('speakers named', 0)} named)")
    print("top labels:")
    for lab, n in r["top_labels"]:
        print(f"  {n:5d}  {lab}")
    print("name | title splits (sample):")
    for doc, lab, name, title in r["split_samples"]:
        print(f"  {doc}: {lab!r} -> {name!r} | {title!r}")
    print("continuation paragraphs (sample):")
    for doc, who, text in r["continuation_samples"]:
        print(f"  {doc} [{who}] {text!r}")
    if a.list:
        print("transcripts:")
        for doc, turns, speakers in r["transcripts"]:
            print(f"  {doc}: {turns} turns, {speakers} speakers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
