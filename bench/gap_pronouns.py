"""How often whosaid's pronoun rule finds the right person on GAP, a public coreference set it was not written from.

    .venv/bin/python -m bench.gap_pronouns [--mirror /work/.mirror | --gap DIR] [--split validation ...]
                                           [--all-pronouns] [--dump FILE]

GAP (Webster et al. 2018, github.com/google-research-datasets/gap-coreference, Apache-2.0) is 4,454
Wikipedia snippets, each with a gendered pronoun and two same-gender names, A and B, marked as the
pronoun's antecedent or not. Each snippet goes through the attribution pipeline as one document;
`EntityTable.antecedent` (the rule a "he said" goes through) is asked for the pronoun's person, and
that person is compared with the gold name's entity. By default only nominative "he"/"she"
(the parser's subject), the kind a statement's source is; `--all-pronouns` adds "his", "him", "her".

GAP is read from `--gap DIR` (the repository's `gap-*.tsv`) or from the git mirror of that repository
at a pinned commit (`fetch github:google-research-datasets/gap-coreference` puts it in /work/.mirror).
Nothing of it is copied into the project. Examples whose gold is neither name, or whose gold name the
NER finds no person for, are counted apart and left out of the accuracy.

Reported per split: accuracy, how often the gold person is named before the pronoun at all (an upper
bound for a rule that looks back), and the kinds of miss (the other name, a third person, nobody).
GAP is built to be hard (two people of one gender in a few sentences); news pronouns are easier.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass

from bench.debates import git_dir
from corpus.attribution import Attributor
from corpus.attribution.context import build_context
from corpus.document import Document
from corpus.paragraphs import split_paragraphs

REPO = "google-research-datasets/gap-coreference"
COMMIT = "83135f26025cdd705c04f77e940d0c9201116b80"
SPLITS = ("development", "test", "validation")
NOMINATIVE = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    pronoun: str
    pos: int
    a: str
    a_pos: int
    a_gold: bool
    b: str
    b_pos: int
    b_gold: bool


def parse_tsv(text: str) -> list[Example]:
    rows = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Example(r["ID"], r["Text"], r["Pronoun"], int(r["Pronoun-offset"]), r["A"], int(r["A-offset"]),
                    r["A-coref"].upper() == "TRUE", r["B"], int(r["B-offset"]), r["B-coref"].upper() == "TRUE")
            for r in rows]


def read_split(split: str, gap: str | None, mirror: str | None) -> list[Example]:
    name = f"gap-{split}.tsv"
    if gap:
        path = os.path.join(gap, name)
        if not os.path.exists(path):
            raise SystemExit(f"--gap {gap}: no {name} there (the repository's TSV files are expected)")
        with open(path, encoding="utf-8") as fh:
            return parse_tsv(fh.read())
    gdir = git_dir(mirror or "/work/.mirror", REPO)
    out = subprocess.run(["git", "--git-dir", gdir, "show", f"{COMMIT}:{name}"], capture_output=True)
    if out.returncode:
        raise SystemExit(f"{REPO} at {COMMIT[:12]}: no {name} ({out.stderr.decode().strip()})")
    return parse_tsv(out.stdout.decode("utf-8"))


def resolve(examples: list[Example], attributor: Attributor) -> list[dict]:
    """Per example: the pronoun's dependency, the gold, and the rule's pick, as entity names or kinds."""
    items = []
    for ex in examples:
        doc = Document(id=ex.id + ".txt", text=ex.text)
        items.append((ex, doc, split_paragraphs(doc)))
    parsed = attributor.parse(ps for _, _, ps in items)
    rows = []
    for ex, doc, paras in items:
        sdocs = [next(parsed) for _ in paras]
        ctx = build_context(doc, paras, sdocs, attributor.config)
        table = ctx.table
        dep = next((t.dep_ for p, sd in zip(paras, sdocs) for t in sd if p.start + t.idx == ex.pos), None)

        gold_name = ex.a if ex.a_gold else ex.b if ex.b_gold else None
        gold_pos = ex.a_pos if ex.a_gold else ex.b_pos
        other_name, other_pos = (ex.b, ex.b_pos) if ex.a_gold else (ex.a, ex.a_pos)
        gold = _entity_at(table, gold_pos, gold_name) if gold_name else None
        other = _entity_at(table, other_pos, other_name) if gold_name else None
        gender = "m" if ex.pronoun.lower() in ("he", "his", "him") else "f"
        pick = table.antecedent(ex.pos, gender)
        if gold_name is None:
            kind = "neither"
        elif gold is None:
            kind = "gold-not-found"
        elif pick is gold:
            kind = "right"
        elif pick is None:
            kind = "nobody"
        elif pick is other:
            kind = "other-name"
        else:
            kind = "third-person"
        before = gold is not None and min(gold.positions) < ex.pos
        rows.append({"id": ex.id, "pronoun": ex.pronoun, "dep": dep, "gold": gold_name, "pick": pick.name if pick else None,
                     "kind": kind, "gold_before": before})
    return rows


def _entity_at(table, pos: int, name: str):
    """The entity with a mention starting inside the name GAP marks at `pos`."""
    return next((e for e in table.entities if any(pos <= q < pos + len(name) for q in e.positions)), None)


def summarize(rows: list[dict], all_pronouns: bool) -> dict:
    use = [r for r in rows if all_pronouns or r["dep"] in NOMINATIVE]
    kinds = Counter(r["kind"] for r in use)
    scored = [r for r in use if r["kind"] not in ("neither", "gold-not-found")]
    n = len(scored)
    return {"pronouns": len(use), "scored": n, "accuracy": kinds["right"] / n if n else 0.0,
            "gold_named_before": sum(r["gold_before"] for r in scored) / n if n else 0.0,
            **{k: kinds[k] for k in ("right", "other-name", "third-person", "nobody", "neither", "gold-not-found")}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gap", help="a folder holding gap-development.tsv, gap-test.tsv, gap-validation.tsv")
    ap.add_argument("--mirror", help="the folder of git mirrors (default /work/.mirror)")
    ap.add_argument("--split", action="append", choices=SPLITS, help="a split to run (default: all three)")
    ap.add_argument("--all-pronouns", action="store_true", help="also his/him/her, not only nominative he/she")
    ap.add_argument("--dump", help="write one JSON line per example here")
    args = ap.parse_args(argv)
    attributor = Attributor()
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    total: list[dict] = []
    print("| split | pronouns | scored | accuracy | gold named before | other name | third person | nobody |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for split in args.split or SPLITS:
        rows = resolve(read_split(split, args.gap, args.mirror), attributor)
        total += rows
        if dump:
            for r in rows:
                dump.write(json.dumps(r) + "\n")
        _line(split, summarize(rows, args.all_pronouns))
    if len(args.split or SPLITS) > 1:
        _line("all", summarize(total, args.all_pronouns))
    if dump:
        dump.close()
    return 0


def _line(name: str, s: dict) -> None:
    print(f"| {name} | {s['pronouns']} | {s['scored']} | {s['accuracy']:.3f} | {s['gold_named_before']:.3f} "
          f"| {s['other-name']} | {s['third-person']} | {s['nobody']} |")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
