"""Calibrate the quote check's paraphrase threshold on real pairs from the corpora.

Pairs come from the generated who_said questions (`bench.gen_questions`, `bench.gen_transcript_questions`):
each question's claim is a clause of a real statement in other words (a synonym or two, filler dropped),
and its gold is that statement. For each question the candidates are picked exactly as `qa ask` picks
them (`qa.quote_answer.candidates`: the speaker's statements, preselected by retrieval on the claim),
from an index of the corpus, and scored with the shipped scorer (`qa.quote_answer.VectorScorer`: best
cosine over the statement, its sentences and, when the claim names its subject, the first-person windows put
in the claim's reported form) and, for comparison, without that last rule ("sentences") and with the whole
statement only ("whole").

Two scenarios per question:
- present: the candidates as they are. Right when the best candidate is a statement over the gold span
  and it scores at least the threshold (or the words are found verbatim).
- absent: the statements over the gold span removed (the speaker never said it). A false "paraphrase"
  when the best remaining statement of the speaker scores at least the threshold (their closest other
  statement, usually on the same subject: the hard negative).
And the negation test: the claim with a negation put in ("will" -> "will not") against the gold: the
answer must not confirm it (`QuoteCheck.confirms` false, by the negation flag, whatever the score).

    .venv/bin/python -m bench.quote_threshold --set polnear-dev --set kremlin --set polnear-train:300

Prints, per threshold, recall (present) and false-paraphrase rate (absent), and the threshold chosen: the
lowest with a false-paraphrase rate of at most --max-fp (default 0.05) on all sets together.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

SETS = {  # name -> (questions, index of the corpus, prefix of the gold doc ids to drop)
    "polnear-dev": ("/work/calib/polnear-dev.jsonl", "/work/calib/idx-polnear-dev", "dev/text/"),
    "polnear-train": ("/work/calib/polnear-train.jsonl", "/work/calib/idx-polnear-train", "train/text/"),
    "kremlin": ("/work/calib/kremlin/questions.jsonl", "/work/calib/idx-kremlin-text", ""),
}
_CLAIM = re.compile(r"^(?:who|which\s+\w+)\s+(?:said|says|has\s+said)\s+(?:that\s+)?(?P<claim>.+?)[?.!\s]*$", re.I)
_NEGATE = [(re.compile(r"\b(will|would|can|could|should|must|is|are|was|were|has|have|had|does|did|do)\b", re.I), r"\1 not")]


def negate(claim: str) -> str | None:
    """The claim with "not" after its first auxiliary, or None when it has none (or already a negation)."""
    from qa.quotecheck import NEGATIONS

    if any(w.lower() in NEGATIONS or w.lower().endswith("n't") for w in claim.split()):
        return None
    pattern, rep = _NEGATE[0]
    out, n = pattern.subn(rep, claim, count=1)
    return out if n else None


def run_set(name: str, limit: int | None, thresholds: np.ndarray) -> dict:
    from qa.assistant import Assistant
    from qa.index import Index
    from qa.quote_answer import VectorScorer, candidates
    from qa.quotecheck import check_quote

    qpath, ipath, prefix = SETS[name]
    rows = [json.loads(line) for line in open(qpath, encoding="utf-8")]
    rows = [r for r in rows if r["type"] == "who_said"][:limit]
    assistant = Assistant(Index(ipath))
    cache: dict[str, np.ndarray] = {}

    def encode_many(texts):
        todo = [t for t in dict.fromkeys(texts) if t not in cache]
        if todo:
            for t, v in zip(todo, assistant.index.encoder.encode(todo)):
                cache[t] = v
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    shipped = VectorScorer(assistant.retriever.encode, encode_many)
    sentences = VectorScorer(assistant.retriever.encode, encode_many, reported=False)

    def whole(claim, texts):
        return (encode_many(list(texts)) @ assistant.retriever.encode(claim)).astype(float).tolist()

    stats = defaultdict(list)
    skipped = defaultdict(int)
    conv = assistant.conversation()
    for r in rows:
        m = _CLAIM.match(r["question"])
        entry = assistant.speakers.get(r["speaker"]) if r.get("speaker") else None
        if not m or entry is None:
            skipped["no claim or speaker not in the directory"] += 1
            continue
        claim = m.group("claim")
        gold = [(g["doc"].removeprefix(prefix), g["start"], g["end"]) for g in r["gold"]]
        cands = [c for c in candidates(assistant, claim, entry) if c.speaker in entry.variants]

        def over_gold(c, gold=gold):
            s = c.ref
            return any(s.doc_id == d and s.start < e and b < s.end for d, b, e in gold)

        if not any(over_gold(c) for c in cands):
            skipped["gold statement not among the speaker's candidates (attribution or retrieval)"] += 1
            continue
        for label, scorer in (("shipped", shipped), ("sentences", sentences), ("whole", whole)):
            present = check_quote(claim, cands, speakers=entry.variants, scorer=scorer, threshold=-1.0)
            absent_c = [c for c in cands if not over_gold(c)]
            absent = check_quote(claim, absent_c, speakers=entry.variants, scorer=scorer, threshold=-1.0)
            verbatim = present.verdict == "verbatim"
            right = present.match is not None and over_gold(present.match.candidate)
            stats[f"{label}:present"].append((verbatim, right, present.match.score if present.match else 0.0))
            stats[f"{label}:absent"].append((absent.verdict == "verbatim",
                                             absent.match.score if absent.match else -1.0))
        neg = negate(claim)
        if neg:
            res = check_quote(neg, cands, speakers=entry.variants, scorer=shipped, threshold=0.0)
            stats["negated"].append((res.confirms, res.match is not None and over_gold(res.match.candidate)))
        _ = conv
    out = {"name": name, "questions": len(rows), "skipped": dict(skipped)}
    for label in ("shipped", "sentences", "whole"):
        present, absent = stats[f"{label}:present"], stats[f"{label}:absent"]
        out[label] = {
            "n": len(present), "verbatim": sum(v for v, _, _ in present),
            "recall": [float(np.mean([v or (r and s >= t) for v, r, s in present])) if present else 0.0
                       for t in thresholds],
            "false": [float(np.mean([v or s >= t for v, s in absent])) if absent else 0.0 for t in thresholds],
            "present_scores": [s for v, r, s in present if r and not v],
            "absent_scores": [s for v, s in absent if not v]}
    neg = stats["negated"]
    out["negated"] = {"n": len(neg), "confirmed": sum(c for c, _ in neg), "gold_closest": sum(g for _, g in neg)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--set", action="append", default=None,
                    help="polnear-dev, polnear-train or kremlin, optionally :N questions (repeatable)")
    ap.add_argument("--max-fp", type=float, default=0.05)
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args(argv)
    thresholds = np.round(np.arange(0.50, 0.951, 0.025), 3)
    results = []
    for spec in args.set or ["polnear-dev", "kremlin", "polnear-train:300"]:
        name, _, n = spec.partition(":")
        res = run_set(name, int(n) if n else None, thresholds)
        results.append(res)
        print(f"## {name}: {res['questions']} who_said questions, skipped {res['skipped']}")
        for label in ("shipped", "sentences", "whole"):
            r = res[label]
            print(f"  {label}: {r['n']} pairs ({r['verbatim']} verbatim)")
            for t, rec, fp in zip(thresholds, r["recall"], r["false"]):
                print(f"    t={t:.3f}  recall {rec:.3f}  false paraphrase {fp:.3f}")
        ng = res["negated"]
        print(f"  negated claims: {ng['n']}, confirmed (wrongly) {ng['confirmed']}, gold still the closest "
              f"{ng['gold_closest']}")
    print("## all sets")
    for label in ("shipped", "sentences", "whole"):
        n = sum(r[label]["n"] for r in results)
        rec = np.sum([np.asarray(r[label]["recall"]) * r[label]["n"] for r in results], axis=0) / max(n, 1)
        fp = np.sum([np.asarray(r[label]["false"]) * r[label]["n"] for r in results], axis=0) / max(n, 1)
        ok = [t for t, f in zip(thresholds, fp) if f <= args.max_fp]
        chosen = min(ok) if ok else None
        print(f"  {label}: {n} pairs")
        for t, a, b in zip(thresholds, rec, fp):
            print(f"    t={t:.3f}  recall {a:.3f}  false paraphrase {b:.3f}" + ("  <- chosen" if t == chosen else ""))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
