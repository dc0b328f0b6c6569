"""Run a `qa` command over a generated question set, score it, and show where it fails.

    .venv/bin/python -m bench.calibrate --qa .venv/bin/qa --questions /work/calib/polnear-train.jsonl \\
        --corpus ../shared/polnear/data/train/text [--index IDX] [--dump OUT.jsonl] [--work DIR]

It indexes the corpus folder into a fresh index under --work (or reuses --index), feeds every
question to `qa ask --index IDX --json`, keeps the answers (WORK/answers.jsonl), scores them with
the shared scorer (`../shared/eval/qa_eval.py`, run as a subprocess over the kept answers; pass
--gold-text when the index holds other files than the ones the gold offsets point into) and prints
the table per question type, negatives split into near misses and far ones.

With --dump, one line per question: the answer's `found`, its speaker, the citations' scores and
speakers, the rank of the first cited gold span, and the failure kind (`wrong_speaker`,
`not_found_but_there`, `right_speaker_wrong_text`, `low_rank`, `answered_when_absent`), so a new
rule for `found` can be tried on thousands of questions before it touches the dev sets.
`--report` prints every failure kind with counts and examples.
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
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("not_found_but_there", "wrong_speaker", "right_speaker_wrong_text", "low_rank", "answered_when_absent")


def eval_dir(arg: str | None) -> str:
    for d in (arg, os.environ.get("WHOSAID_EVAL"), os.path.join(HERE, "..", "..", "..", "shared", "eval"),
              "/work/shared/eval"):
        if d and os.path.exists(os.path.join(d, "qa_eval.py")):
            return os.path.abspath(d)
    raise SystemExit("--eval: no qa_eval.py there; give the folder of the shared scorers (../shared/eval)")


def read_jsonl(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        raise SystemExit(f"{path}: no such file") from None
    except json.JSONDecodeError as e:
        raise SystemExit(f"{path}: not JSON lines ({e})") from None


def build_index(qa: list[str], corpus: str, idx: str) -> float:
    t0 = time.time()
    p = subprocess.run(qa + ["index", corpus, "--index", idx], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(f"qa index {corpus} failed ({p.returncode}): {p.stderr[-1500:]}")
    return time.time() - t0


def ask(qa: list[str], idx: str, questions: list[dict], out: str) -> float:
    feed = "".join(json.dumps({"id": q["id"], "conversation": q["conversation"], "question": q["question"]}) + "\n"
                   for q in questions)
    t0 = time.time()
    with open(out, "w", encoding="utf-8") as fh:
        p = subprocess.run(qa + ["ask", "--index", idx, "--json"], input=feed, stdout=fh, stderr=subprocess.PIPE,
                           text=True)
    if p.returncode:
        raise SystemExit(f"qa ask failed ({p.returncode}): {p.stderr[-1500:]}")
    return time.time() - t0


def official_scores(evald: str, questions_path: str, answers_path: str, gold_text: str | None) -> dict:
    """The shared scorer's numbers for the kept answers (it runs `cat ANSWERS` as the system)."""
    cmd = [sys.executable, os.path.join(evald, "qa_eval.py"), "--questions", questions_path,
           "--cmd", "cat " + shlex.quote(answers_path)]
    if gold_text:
        cmd += ["--gold-text", gold_text]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(f"qa_eval.py failed: {p.stderr[-1500:]}")
    return json.loads(p.stdout)


def classify(q: dict, a: dict, qa_eval) -> dict:
    """One question's outcome: where the first gold citation is, and the failure kind if any."""
    cits = a.get("citations") or []
    row = {"id": q["id"], "type": q["type"], "question": q["question"], "speaker": q.get("speaker"),
           "found": a.get("found"), "answer_speaker": a.get("speaker"),
           "scores": [c.get("score") for c in cits[:5]],
           "cited_speakers": [c.get("speaker") for c in cits[:5]],
           "gold_n": len(q["gold"])}
    if q["type"] == "negative":
        row["kind"] = "answered_when_absent" if a.get("found") is not False else "ok"
        return row
    ranks = [i for i, c in enumerate(cits[:10]) if any(qa_eval.hits(c, g) for g in q["gold"])]
    row["hit_rank"] = ranks[0] if ranks else None
    row["recall5"] = round(sum(any(qa_eval.hits(c, g) for c in cits[:5]) for g in q["gold"]) / max(1, len(q["gold"])), 3)
    spk_ok = None
    if q.get("speaker") and q["type"] != "topic":
        spk_ok = bool(cits) and qa_eval.same_person(q["speaker"], cits[0].get("speaker") or "")
    row["speaker1"] = spk_ok
    if a.get("found") is False:
        row["kind"] = "not_found_but_there"
    elif ranks and ranks[0] < 3:
        row["kind"] = "ok"
    elif spk_ok is False:
        row["kind"] = "wrong_speaker"
    elif not ranks:
        row["kind"] = "right_speaker_wrong_text"
    else:
        row["kind"] = "low_rank"
    return row


def gold_attribution(qa: list[str], corpus: str, rows: list[dict], questions: dict, same_person) -> None:
    """For each failed answerable question, whom `qa attribute --json` credits with its gold spans:
    `speaker` (the asked person: retrieval or the found decision failed), `other` (someone else:
    attribution failed), `nobody` (no statement covers it, or one without a speaker). Sets
    row["gold_attributed"]."""
    failed = [r for r in rows if r["type"] != "negative" and r["kind"] != "ok" and r.get("speaker")]
    docs = sorted({g["doc"] for r in failed for g in questions[r["id"]]["gold"]})
    paths = {d: os.path.join(corpus, os.path.basename(d)) for d in docs}
    missing = [p for p in paths.values() if not os.path.exists(p)]
    if missing:
        raise SystemExit(f"--attribution: {missing[0]} not found; --corpus must be the folder the gold docs are in")
    stmts: dict[str, list[dict]] = defaultdict(list)
    for i in range(0, len(docs), 50):
        chunk = [paths[d] for d in docs[i:i + 50]]
        p = subprocess.run(qa + ["attribute", "--json"] + chunk, capture_output=True, text=True)
        if p.returncode:
            raise SystemExit(f"qa attribute failed ({p.returncode}): {p.stderr[-1500:]}")
        for line in p.stdout.splitlines():
            if line.strip():
                row = json.loads(line)
                stmts[os.path.basename(row["doc"])].append(row)
    for r in failed:
        verdicts = []
        for g in questions[r["id"]]["gold"]:
            glen = max(1, g["end"] - g["start"])
            cover = [s for s in stmts[os.path.basename(g["doc"])]
                     if min(s["end"], g["end"]) - max(s["start"], g["start"]) >= 0.5 * min(glen, s["end"] - s["start"])]
            if any(same_person(r["speaker"], s.get("speaker") or "") for s in cover):
                verdicts.append("speaker")
            elif any(s.get("speaker") for s in cover):
                verdicts.append("other")
            else:
                verdicts.append("nobody")
        r["gold_attributed"] = ("speaker" if "speaker" in verdicts else "other" if "other" in verdicts else "nobody")


def print_table(res: dict, rows: list[dict], meta: dict) -> None:
    keys = ("hit1", "hit3", "mrr", "recall5", "speaker1", "negative_abstain", "false_abstain")
    print(f"{'all':<22}" + "".join(f"{k:>10}" for k in ("hit@1", "hit@3", "MRR", "rec@5", "spk@1", "neg", "false-neg"))
          + f"{'n':>7}")
    print(f"{'':<22}" + "".join(f"{res.get(k) if res.get(k) is not None else '-':>10}" for k in keys)
          + f"{res.get('questions', ''):>7}")
    print(f"\n{'by type':<26}{'hit@3':>10}{'rec@5':>10}{'spk@1':>10}{'neg':>10}{'false-neg':>10}{'n':>7}")
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["type"]].append(r)
        if r["type"] == "negative" and meta.get(r["id"], {}).get("kind"):
            groups["negative/" + meta[r["id"]]["kind"]].append(r)
        if meta.get(r["id"], {}).get("gold_in"):        # transcript sets: where the gold paragraph is
            groups[f"{r['type']}@{meta[r['id']]['gold_in']}"].append(r)

    def mean(rs, f):
        v = [f(r) for r in rs]
        v = [x for x in v if x is not None]
        return f"{sum(v) / len(v):.3f}" if v else "-"
    for t in sorted(groups):
        rs = groups[t]
        pos = t != "negative" and not t.startswith("negative/")
        print(f"{t:<26}"
              + f"{mean(rs, lambda r, pos=pos: (r['hit_rank'] is not None and r['hit_rank'] < 3) if pos else None):>10}"
              + f"{mean(rs, lambda r, pos=pos: r.get('recall5') if pos else None):>10}"
              + f"{mean(rs, lambda r, pos=pos: r.get('speaker1') if pos else None):>10}"
              + f"{mean(rs, lambda r, pos=pos: None if pos else r['found'] is False):>10}"
              + f"{mean(rs, lambda r, pos=pos: (r['found'] is False) if pos else None):>10}"
              + f"{len(rs):>7}")


def print_report(rows: list[dict], questions: dict, meta: dict, examples: int, same_person) -> None:
    """Failure kinds per question type, with counts and a few examples each."""
    if any("gold_attributed" in r for r in rows):
        print("\nwhom qa attribute credits with the gold of each failed answerable question "
              "(speaker = the asked person, other = someone else, nobody)")
        att = Counter((r["kind"], r["gold_attributed"]) for r in rows if "gold_attributed" in r)
        for k in KINDS:
            if any(att[(k, v)] for v in ("speaker", "other", "nobody")):
                print(f"  {k:<28}" + "".join(f"{v} {att[(k, v)]:<6}" for v in ("speaker", "other", "nobody")))
    by = Counter((r["type"], r["kind"]) for r in rows)
    types = sorted({r["type"] for r in rows})
    print(f"\n{'failure kind':<28}" + "".join(f"{t:>12}" for t in types) + f"{'all':>8}")
    for k in KINDS:
        n = [by[(t, k)] for t in types]
        if sum(n):
            print(f"{k:<28}" + "".join(f"{x:>12}" for x in n) + f"{sum(n):>8}")
    same = lambda r: bool(r["answer_speaker"]) and bool(r["speaker"]) and same_person(r["speaker"], r["answer_speaker"])  # noqa: E731
    absent = [r for r in rows if r["kind"] == "answered_when_absent"]
    if absent:
        n = sum(map(same, absent))
        print(f"\nanswered_when_absent: {n} answered with the asked speaker's own statements, "
              f"{len(absent) - n} with someone else's or nobody's")
    missed = [r for r in rows if r["kind"] == "not_found_but_there"]
    if missed:
        n = sum(bool(r["answer_speaker"]) for r in missed)
        print(f"not_found_but_there: {n} with the speaker recognised ({sum(map(same, missed))} the right one), "
              f"{len(missed) - n} without a speaker")
    top = lambda rs: sorted(r["scores"][0] for r in rs if r["scores"] and r["scores"][0] is not None)  # noqa: E731
    for label, rs in (("positives, first citation right", [r for r in rows if r.get("hit_rank") == 0]),
                      ("positives, first citation wrong", [r for r in rows if r["type"] != "negative" and r.get("hit_rank") != 0]),
                      ("negatives", [r for r in rows if r["type"] == "negative"])):
        v = top(rs)
        if v:
            q = [v[min(len(v) - 1, int(f * len(v)))] for f in (0.1, 0.25, 0.5, 0.75, 0.9)]
            print(f"top citation score, {label} (n={len(v)}): p10/25/50/75/90 = " + " / ".join(f"{x:.3f}" for x in q))
    for k in KINDS:
        sample = [r for r in rows if r["kind"] == k][:examples]
        if not sample:
            continue
        print(f"\n== {k} ({sum(1 for r in rows if r['kind'] == k)})")
        for r in sample:
            q = questions[r["id"]]
            extra = meta.get(r["id"], {})
            print(f"  {r['id']} [{r['type']}{'/' + extra['kind'] if extra.get('kind') else ''}] {r['question']}")
            print(f"      expected {r['speaker']!r}; answered found={r['found']} speaker={r['answer_speaker']!r}; "
                  f"cited {r['cited_speakers'][:3]} scores {r['scores'][:3]}; first gold at {r.get('hit_rank')}"
                  + (f"; gold attributed to {r['gold_attributed']}" if "gold_attributed" in r else ""))
            if q["gold"]:
                print(f"      gold[0] {q['gold'][0]['doc']}: {q['gold'][0]['evidence'][:120]!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qa", required=True, help="the qa command, e.g. .venv/bin/qa")
    ap.add_argument("--questions", required=True, help="a question file (JSON lines, the dev set's format)")
    ap.add_argument("--corpus", help="the folder the questions are about (indexed unless --index exists)")
    ap.add_argument("--index", help="reuse this index (built from --corpus first if it does not exist)")
    ap.add_argument("--gold-text", help="folder of the .txt files the gold offsets point into (for .html indexes)")
    ap.add_argument("--work", help="where the answers (and a temporary index) go; default a temp folder")
    ap.add_argument("--eval", help="folder of the shared scorers (default ../shared/eval)")
    ap.add_argument("--dump", help="write one line per question: found, scores, cited speakers, failure kind")
    ap.add_argument("--report", action="store_true", help="print failure kinds with counts and examples")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--attribution", action="store_true",
                    help="also ask `qa attribute --json` whom it credits with the gold of each failed question "
                         "(needs --corpus)")
    ap.add_argument("--json", help="write the scorer's numbers here")
    a = ap.parse_args(argv)
    evald = eval_dir(a.eval)
    sys.path.insert(0, evald)
    import qa_eval  # noqa: E402  (the shared scorer: its `hits` and `same_person` classify each answer)
    if a.gold_text:
        qa_eval.GOLD_TEXT = a.gold_text
    qa = shlex.split(a.qa)
    if os.sep in qa[0]:
        qa[0] = os.path.abspath(qa[0])
    questions = read_jsonl(a.questions)
    meta_path = a.questions[:-len(".jsonl")] + ".meta.jsonl" if a.questions.endswith(".jsonl") else None
    meta = {m["id"]: m for m in read_jsonl(meta_path)} if meta_path and os.path.exists(meta_path) else {}
    work = a.work or tempfile.mkdtemp(prefix="whosaid-calib-")
    os.makedirs(work, exist_ok=True)
    idx = a.index or os.path.join(work, "index")
    if not (a.index and os.path.isdir(a.index)):
        if not a.corpus:
            raise SystemExit("--corpus: needed to build the index (or give an existing --index)")
        if not a.index:
            shutil.rmtree(idx, ignore_errors=True)
        secs = build_index(qa, a.corpus, idx)
        print(f"indexed {a.corpus} into {idx} in {secs:.0f} s", file=sys.stderr)
    answers_path = os.path.join(work, "answers.jsonl")
    secs = ask(qa, idx, questions, answers_path)
    print(f"{len(questions)} questions answered in {secs:.0f} s -> {answers_path}", file=sys.stderr)
    res = official_scores(evald, os.path.abspath(a.questions), answers_path, a.gold_text)
    answers = {r["id"]: r for r in read_jsonl(answers_path)}
    rows = [classify(q, answers.get(q["id"], {"found": False, "citations": []}), qa_eval) for q in questions]
    if a.attribution:
        if not a.corpus:
            raise SystemExit("--attribution: needs --corpus (the folder of the gold documents)")
        gold_attribution(qa, a.corpus, rows, {q["id"]: q for q in questions}, qa_eval.same_person)
    print_table(res, rows, meta)
    if a.report:
        print_report(rows, {q["id"]: q for q in questions}, meta, a.examples, qa_eval.same_person)
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({**r, **{k: v for k, v in meta.get(r["id"], {}).items() if k not in r}},
                                    ensure_ascii=False) + "\n")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=1)


if __name__ == "__main__":
    main()
