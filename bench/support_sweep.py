"""Calibrate the thresholds of the "found" decision (qa.evidence.SUPPORTED, WHO_SUPPORTED) on question sets.

    .venv/bin/python -m bench.support_sweep --index IDX --questions Q.jsonl [--index IDX2 --questions Q2.jsonl ...]

Each question is answered once in process with the decision forced to "found", while the strongest
support among the statements the decision reads (`Support.score`, or `Support.says` for "who said S")
is recorded. Every threshold of a grid is then applied offline: an answer below it becomes "not
found" with no citations. The shared scorer (../shared/eval/qa_eval.py) scores each threshold on all
sets together and per set, so a threshold is chosen on thousands of generated questions (bench/
gen_questions.py, gen_transcript_questions.py, gen_debate_questions.py), not on the hand-written dev
questions, which are checked afterwards.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

from bench.calibrate import eval_dir, read_jsonl


def record(index_path: str, questions: list[dict]) -> tuple[dict, dict]:
    """Forced-found answers (by id) and the strongest support of each question (by id, with its kind)."""
    from qa.assistant import SUPPORT_CANDIDATES, Assistant

    seen: dict[str, tuple[str, float]] = {}
    current: list[str] = []

    def supported(self, scored, topic, who=False):
        top = [x.statement for x in scored[:SUPPORT_CANDIDATES]]
        sup = self.evidence.support(top, topic, who=who)
        best = max(((s.says if who else s.score) for s in sup), default=-1.0)
        seen[current[0]] = ("who" if who else "about", float(best))
        return True

    Assistant._supported = supported  # type: ignore[method-assign]
    return answer_all(index_path, questions, current), seen


def answer_all(index_path: str, questions: list[dict], current: list[str], each=None) -> dict[str, dict]:
    """Every question's answer as JSON (by id), one chat per `conversation`; `current` holds the id being
    answered (for a patched decision to record under), and `each(answer)` sees every answer as it comes."""
    from qa.assistant import Assistant
    from qa.index import Index

    answers: dict[str, dict] = {}
    with Index(index_path) as ix:
        assistant = Assistant(ix)
        chats: dict = {}
        for i, q in enumerate(questions):
            current[:] = [q["id"]]
            conv = chats.setdefault(q.get("conversation"), assistant.conversation())
            a = conv.ask(q["question"]).to_json(i)
            a["id"] = q["id"]
            answers[q["id"]] = a
            if each is not None:
                each(a)
    return answers


def apply(answers: dict, seen: dict, about: float, who: float) -> dict:
    out = {}
    for qid, a in answers.items():
        kind, best = seen.get(qid, ("none", 1e9))
        if best < (who if kind == "who" else about):
            a = dict(a, found=False, citations=[])
        out[qid] = a
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", action="append", required=True, help="an index (as many as --questions)")
    ap.add_argument("--questions", action="append", required=True, help="its question file (JSON lines)")
    ap.add_argument("--eval", help="folder of the shared scorers (default ../shared/eval)")
    ap.add_argument("--grid", default="0.3:0.81:0.05", help="thresholds as start:stop:step (default 0.3:0.81:0.05)")
    ap.add_argument("--save", help="write the recorded supports here (JSON lines)")
    args = ap.parse_args(argv)
    if len(args.index) != len(args.questions):
        ap.error("give one --questions per --index")
    sys.path.insert(0, eval_dir(args.eval))
    import qa_eval  # the shared scorer

    sets = []
    for idx, qpath in zip(args.index, args.questions):
        qs = read_jsonl(qpath)
        answers, seen = record(idx, qs)
        sets.append((os.path.basename(qpath), qs, answers, seen))
        if args.save:
            with open(args.save, "a", encoding="utf-8") as fh:
                for qid, (kind, best) in seen.items():
                    fh.write(json.dumps({"set": qpath, "id": qid, "kind": kind, "support": best}) + "\n")
    a, b, s = (float(x) for x in args.grid.split(":"))
    grid = [round(x, 3) for x in np.arange(a, b, s)]
    cols = ("hit3", "recall5", "speaker1", "negative_abstain", "false_abstain")
    print(f"{'about':>6} {'who':>6}  {'set':<28}" + "".join(f"{c[:9]:>10}" for c in cols))
    from qa.evidence import SUPPORTED, WHO_SUPPORTED
    pairs = [(t, t) for t in grid] + [(t, WHO_SUPPORTED) for t in grid] + [(SUPPORTED, t) for t in grid]
    for about, who in pairs:
        for name, qs, answers, seen in sets + [("all", None, None, None)]:
            if name == "all":
                if len(sets) == 1:
                    continue
                qs = [q for _, qq, _, _ in sets for q in qq]
                ans = {k: v for _, _, aa, ss in sets for k, v in apply(aa, ss, about, who).items()}
            else:
                ans = apply(answers, seen, about, who)
            print(f"{about:>6} {who:>6}  {name:<28}" + cells(qa_eval.score(qs, ans), cols))
    return 0


def cells(r: dict, cols) -> str:
    """A scorer's result as a row of fixed-width numbers (nan where a set has none of a kind)."""
    return "".join(f"{(r[c] if r[c] is not None else float('nan')):>10.3f}" for c in cols)


if __name__ == "__main__":
    sys.exit(main())
