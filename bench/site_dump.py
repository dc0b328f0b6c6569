"""Index the whole en.kremlin.ru news dump (7,235 pages, 2000-2020) and measure it at that size.

Phases (all by default, or `--phase export,index,ask`):

- export: every `news/NNNNN.html` of the site mirror (a bare git repository) into OUT/pages, read
  with one `git cat-file --batch` (as /work/shared/kremlin/make_text.py reads it), outside the project.
- index: `qa index OUT/pages --index OUT/index` in a fresh process under `/usr/bin/time -v`, with the
  resident memory of the whole process tree (the indexer and its attribution workers) sampled from
  /proc every second: wall time, paragraphs/s, peak memory (the tree's sum, and the largest single
  process as time -v reports it), index size on disk, documents/paragraphs/statements, dated share.
- ask: latency of answering in one process (the index opened and warmed once, as `qa chat` and the
  app hold it): p50/p95 over generated questions, with and without a year; and the year check:
  every citation of every answer to a question with a year must come from a document dated in that
  year (the answer is empty, or says so, otherwise). Prints every violation.

    .venv/bin/python -m bench.site_dump --out /work/calib/site-all            # everything (hours on 2 cores)
    .venv/bin/python -m bench.site_dump --out /work/calib/site-all --phase ask
    .venv/bin/python -m bench.site_dump --out /work/calib/site-1000 --sample 1000  # a size-reduced run

The report goes to OUT/report.md (and stdout); the raw numbers to OUT/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.mirror import news_ids, news_pages

MIRROR = "/work/.mirror/iandennismiller+valdai-transcripts/repo"
TOPICS = ["NATO", "gas", "Ukraine", "the economy", "terrorism", "oil prices", "Syria", "sanctions", "the budget",
          "healthcare", "education", "the Olympics", "pensions", "inflation", "the WTO", "Crimea", "Chechnya",
          "elections", "China", "the United States", "corruption", "housing", "Belarus", "energy", "the army"]


def export(repo: str, out: Path, sample: int = 0) -> dict:
    """Write every news page of the mirror to out/NNNNN.html (unchanged files are left as they are); with
    `sample`, about that many pages evenly spaced in page-id order (which follows the date, 2000-2020)."""
    out.mkdir(parents=True, exist_ok=True)
    ids = news_ids(["git", "--git-dir", repo])
    total = len(ids)
    if sample and sample < len(ids):
        ids = ids[::-(-len(ids) // sample)]
    t0 = time.perf_counter()
    written = 0
    for page_id, data in news_pages(["git", "--git-dir", repo], ids):
        path = out / f"{page_id}.html"
        if not path.exists() or path.stat().st_size != len(data):
            path.write_bytes(data)
            written += 1
    return {"pages": len(ids), "of": total, "written": written, "seconds": time.perf_counter() - t0}


# -- memory of a process tree, from /proc ------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry))
    return out


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, summed."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kib(p)
        todo += _children(p)
    return total


class Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.stop = pid, interval, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss_kib(self.pid))
            self.stop.wait(self.interval)


def index(qa: str, pages: Path, idx: Path, log: Path) -> dict:
    """`qa index` in a fresh process, timed and sampled (see the module docstring)."""
    cmd = ["/usr/bin/time", "-v", qa, "index", str(pages), "--index", str(idx)]
    t0 = time.perf_counter()
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
        sampler = Sampler(proc.pid)
        sampler.start()
        rc = proc.wait()
        sampler.stop.set()
    wall = time.perf_counter() - t0
    text = log.read_text(errors="replace")
    maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    summary = re.search(r"(\d+) added, (\d+) changed, (\d+) removed, (\d+) unchanged.*?(\d+) statements found in them, "
                        r"(\d+) new paragraphs embedded", text)
    stages = re.search(r"^\s+[\d.]+ s(?: \((\d+) paragraphs/s\))?; (.*)$", text, re.M)
    return {"rc": rc, "wall_s": wall, "peak_tree_mib": sampler.peak / 1024,
            "maxrss_single_mib": int(maxrss.group(1)) / 1024 if maxrss else None,
            "added": int(summary.group(1)) if summary else None,
            "embedded": int(summary.group(6)) if summary else None,
            "stages": stages.group(2) if stages else None,
            "skipped": len(re.findall(r"^skipped ", text, re.M)),
            "warnings": len(re.findall(r"^warning: ", text, re.M))}


def index_facts(idx: Path) -> dict:
    import sqlite3

    con = sqlite3.connect(f"file:{idx / 'index.sqlite'}?mode=ro", uri=True)
    one = lambda q: con.execute(q).fetchone()[0]  # noqa: E731
    facts = {"documents": one("SELECT COUNT(*) FROM documents"),
             "dated": one("SELECT COUNT(*) FROM documents WHERE date IS NOT NULL AND date NOT LIKE '--%'"),
             "with_url": one("SELECT COUNT(*) FROM documents WHERE json_extract(meta, '$.url') IS NOT NULL"),
             "paragraphs": one("SELECT COUNT(*) FROM paragraphs"),
             "statements": one("SELECT COUNT(*) FROM statements"),
             "speakers": one("SELECT COUNT(DISTINCT speaker) FROM statements"),
             "years": dict(con.execute("SELECT substr(date, 1, 4), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1"))}
    con.close()
    facts["size_mib"] = sum(p.stat().st_size for p in idx.rglob("*") if p.is_file()) / 2**20
    facts["sqlite_mib"] = (idx / "index.sqlite").stat().st_size / 2**20
    return facts


# -- answering at that size ------------------------------------------------------------------------------

def questions(assistant, n: int, seed: int = 1) -> list[dict]:
    """`n` questions over the index's most quoted people and a fixed topic list; every other one with a year
    in which that speaker has statements."""
    rng = random.Random(seed)
    people = [e for e in assistant.speakers.entries if e.kind == "person" and len(e.name.split()) >= 2][:12]
    years: dict[str, list[str]] = {}
    con = assistant.index.con
    for e in people:
        marks = ",".join("?" * len(e.variants))
        rows = con.execute(f"SELECT DISTINCT substr(d.date, 1, 4) FROM statements s JOIN documents d ON d.id = s.doc_id "
                           f"WHERE s.speaker IN ({marks}) AND d.date IS NOT NULL AND d.date NOT LIKE '--%'",
                           sorted(e.variants))
        years[e.name] = sorted(r[0] for r in rows)
    out = []
    for i in range(n):
        e = rng.choice(people)
        topic = rng.choice(TOPICS)
        if i % 2 and years[e.name]:
            year = rng.choice(years[e.name])
            out.append({"q": f"What did {e.name} say about {topic} in {year}?", "year": year})
        else:
            out.append({"q": f"What did {e.name} say about {topic}?", "year": None})
    return out


def ask(idx: Path, n: int) -> dict:
    from qa.assistant import Assistant
    from qa.index import Index

    t0 = time.perf_counter()
    index = Index(idx).warm_up()
    assistant = Assistant(index)
    _ = assistant.speakers  # the directory, built once per process
    load_s = time.perf_counter() - t0
    qs = questions(assistant, n)
    for q in qs[:3]:  # warm-up: first-use caches
        assistant.conversation().ask(q["q"])
    dates = dict(index.con.execute("SELECT id, date FROM documents"))
    times = {"all": [], "dated": [], "undated": []}
    violations, found_dated, cited_dated = [], 0, 0
    for q in qs:
        t = time.perf_counter()
        a = assistant.conversation().ask(q["q"])
        ms = (time.perf_counter() - t) * 1000
        times["all"].append(ms)
        times["dated" if q["year"] else "undated"].append(ms)
        if q["year"]:
            found_dated += a.found
            for c in list(a.citations) + list(a.others):
                cited_dated += 1
                if not (dates.get(c.doc_id) or "").startswith(q["year"]):
                    violations.append(f"{q['q']}: [{c.doc_id}] dated {dates.get(c.doc_id)}")

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else None

    lat = {k: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95), "mean_ms": statistics.fmean(v) if v else None}
           for k, v in times.items()}
    return {"load_s": load_s, "latency": lat, "year_questions": sum(1 for q in qs if q["year"]),
            "year_found": found_dated, "year_citations": cited_dated, "year_violations": violations,
            "examples": qs[:6]}


def report(res: dict) -> str:
    lines = ["# whosaid on the en.kremlin.ru news dump", ""]
    if "export" in res:
        e = res["export"]
        lines.append(f"export: {e['pages']} pages of {e.get('of', e['pages'])} ({e['written']} written) "
                     f"in {e['seconds']:.0f} s")
    if "index" in res:
        i, f = res["index"], res.get("facts", {})
        rate = f.get("paragraphs", 0) / i["wall_s"] if i.get("wall_s") else 0
        lines += [f"index: exit {i['rc']}, {i['wall_s'] / 60:.1f} min wall, {rate:.1f} paragraphs/s (all paragraphs / "
                  f"wall time, process start and model loads included)",
                  f"  peak memory: {i['peak_tree_mib']:.0f} MiB for the process tree (sampled each second), "
                  f"largest single process {i['maxrss_single_mib'] or 0:.0f} MiB (time -v)",
                  f"  stages: {i['stages']}", f"  files skipped {i['skipped']}, metadata warnings {i['warnings']}"]
    if "facts" in res:
        f = res["facts"]
        lines += [f"index: {f['documents']} documents ({f['dated']} dated, {f['with_url']} with a URL), "
                  f"{f['paragraphs']} paragraphs, {f['statements']} statements, {f['speakers']} speakers",
                  f"  size on disk {f['size_mib']:.0f} MiB (index.sqlite {f['sqlite_mib']:.0f} MiB)",
                  f"  documents per year: {f['years']}"]
    if "ask" in res:
        a = res["ask"]
        lines.append(f"ask: index opened and warmed in {a['load_s']:.1f} s")
        for k, v in a["latency"].items():
            if v["n"]:
                lines.append(f"  {k:8} n={v['n']:3}  p50 {v['p50_ms']:.0f} ms  p95 {v['p95_ms']:.0f} ms  "
                             f"mean {v['mean_ms']:.0f} ms")
        lines.append(f"  questions with a year: {a['year_questions']}, answered {a['year_found']}, "
                     f"{a['year_citations']} citations, {len(a['year_violations'])} from another year")
        lines += [f"    {v}" for v in a["year_violations"]]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--out", type=Path, default=Path("/work/calib/site-all"))
    ap.add_argument("--mirror", default=MIRROR)
    ap.add_argument("--qa", default=str(Path(sys.executable).with_name("qa")))
    ap.add_argument("--phase", default="export,index,ask")
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--sample", type=int, default=0,
                    help="export only about this many pages, evenly spaced over the years (a size-reduced run)")
    args = ap.parse_args(argv)
    phases = set(args.phase.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    results_path = args.out / "results.json"
    res = json.loads(results_path.read_text()) if results_path.exists() else {}
    pages, idx = args.out / "pages", args.out / "index"
    if "export" in phases:
        res["export"] = export(args.mirror, pages, args.sample)
    if "index" in phases:
        res["index"] = index(args.qa, pages, idx, args.out / "index.log")
        res["facts"] = index_facts(idx)
    if "ask" in phases:
        res["ask"] = ask(idx, args.questions)
    results_path.write_text(json.dumps(res, indent=1))
    text = report(res)
    (args.out / "report.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
