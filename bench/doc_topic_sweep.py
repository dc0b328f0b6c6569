"""Calibrate "an article about the topic" (qa.evidence DOC_PARAGRAPHS, DOC_SHARE, W_SUPPORT_ARTICLE).

    .venv/bin/python -m bench.doc_topic_sweep --index IDX --questions Q.jsonl [...] --save S.jsonl
    .venv/bin/python -m bench.doc_topic_sweep --load S.jsonl [--load S2.jsonl] --questions Q.jsonl [...]

Each question is answered once with the "found" decision forced, recording for each statement the decision
reads its support without the article signal (semantic match, its own words, its surroundings) and how many
of its document's paragraphs hold every word of the topic, out of how many. Every (weight, share, count) of
a grid is then applied offline at the threshold `SUPPORTED` and scored with the shared scorer: the article
signal is worth its recall only where the negatives stay answered "not found"."""
from __future__ import annotations

import argparse
import json
import sys

from bench.calibrate import eval_dir, read_jsonl
from bench.support_sweep import answer_all, cells


def record(index_path: str, questions: list[dict], out) -> None:
    import qa.evidence as ev
    from qa.assistant import SUPPORT_CANDIDATES, Assistant

    current: list[str] = []
    ev.DOC_PARAGRAPHS = 10**9  # the support without the article signal

    def supported(self, scored, topic, who=False):
        top = [x.statement for x in scored[:SUPPORT_CANDIDATES]]
        sup = self.evidence.support(top, topic, who=who)
        terms = ev.topic_terms(topic, self.index.bm25)
        found = self.evidence.topic_paragraphs(sorted({s.doc_id for s in top}), terms) if terms and not who else {}
        counts = {d: n for d, (n, _) in found.items()}
        sizes = {d: len(ps) for d, ps in self.index.paragraph_ids_of(sorted({s.doc_id for s in top})).items()}
        rows = [[round(x.says if who else max(x.paragraph, x.statement if x.statement is not None else -1.0), 4),
                 round(0.0 if who else max(x.terms, ev.W_SUPPORT_CONTEXT * x.context_terms), 4),
                 counts.get(s.doc_id, 0), sizes.get(s.doc_id, 1)] for s, x in zip(top, sup)]
        out.write(json.dumps({"id": current[0], "who": who, "rows": rows}) + "\n")
        return True

    Assistant._supported = supported  # type: ignore[method-assign]
    answer_all(index_path, questions, current, lambda a: out.write(json.dumps({"id": a["id"], "answer": a}) + "\n"))


def decide(rec: dict, share: float, count: int, weight: float) -> bool:
    from qa.evidence import SUPPORTED, W_SUPPORT_TERMS, WHO_SUPPORTED
    if rec["who"]:
        return any(r[0] >= WHO_SUPPORTED for r in rec["rows"])
    return any(sem + W_SUPPORT_TERMS * max(t, weight if c >= count and c >= share * n else 0.0) >= SUPPORTED
               for sem, t, c, n in rec["rows"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", action="append", default=[])
    ap.add_argument("--questions", action="append", required=True)
    ap.add_argument("--save")
    ap.add_argument("--load", action="append", default=[])
    ap.add_argument("--eval")
    args = ap.parse_args(argv)
    if args.index:
        with open(args.save, "w", encoding="utf-8") as out:
            for idx, q in zip(args.index, args.questions):
                record(idx, read_jsonl(q), out)
                out.flush()
        return 0
    sys.path.insert(0, eval_dir(args.eval))
    import qa_eval

    recs, answers = {}, {}
    for path in args.load:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            if "answer" in r:
                answers[r["id"]] = r["answer"]
            else:
                recs[r["id"]] = r
    sets = [(q.rsplit("/", 2)[-2] + "/" + q.rsplit("/", 1)[-1], read_jsonl(q)) for q in args.questions]
    cols = ("hit3", "recall5", "speaker1", "negative_abstain", "false_abstain")
    print(f"{'weight':>6} {'share':>6} {'count':>5}  {'set':<36}" + "".join(f"{c[:9]:>10}" for c in cols))
    grid = [(0.0, 2.0, 10**9)] + [(w, s, c) for w in (0.5, 1.0) for c in (2, 3) for s in (0.0, 0.1, 0.2, 0.3)]
    for weight, share, count in grid:
        for name, qs in sets:
            qs = [q for q in qs if q["id"] in answers]
            ans = {}
            for q in qs:
                a = answers[q["id"]]
                rec = recs.get(q["id"])
                if rec is not None and not decide(rec, share, count, weight):
                    a = dict(a, found=False, citations=[])
                ans[q["id"]] = a
            print(f"{weight:>6} {share:>6} {count if count < 10**9 else '-':>5}  {name:<36}" + cells(qa_eval.score(qs, ans), cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
