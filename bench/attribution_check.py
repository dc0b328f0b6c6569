"""Attribution on a folder of transcripts and reports nobody tuned on: what a reader would notice.

    python -m bench.attribution_check DIR [DIR ...] [--samples N] [--json]

For every document it runs attribution and the transcript turn model, and prints:
- turn paragraphs (not stage directions) of a named speaker, and the share of them that carry a
  statement by that speaker covering the paragraph (the turn's words credited to whom they are);
- statements whose source is "I"/"we"/"you" left unresolved, and statements whose content is only
  courtesy ("you");
- the speakers the corpus would list (`qa speakers`), with those that look wrong flagged: a
  country or city the text names as a place, a generic label ("Question", "Remark"), a common noun
  or a fragment (no word of it capitalised in the text where it is used as a name, or a plural
  noun), and a name with a title glued on ("Energy Minister Alexander Novak");
- samples of each flagged kind, so a reader can check the rules on pages nobody tuned them on.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from corpus.attribution import Attributor
from corpus.attribution.names import person_and_title
from corpus.attribution.turns import GENERIC, find_turns
from corpus.paragraphs import split_paragraphs
from corpus.readers import ReadError, iter_files, read_file

_UNRESOLVED_PERSONAL = {"i", "we", "you", "me", "us"}
CREDITED = "  credited to the turn's speaker"
ONLY_YOU = "content only 'you'"


def _docs(folders: list[Path]):
    for folder in folders:
        for path, doc_id in iter_files(folder):
            try:
                yield from read_file(path, doc_id)
            except ReadError as exc:
                print(f"skipped: {exc}", file=sys.stderr)


def speaker_flag(name: str, kind: str, places: set[str]) -> str | None:
    """Why a listed speaker looks wrong, or None."""
    low = name.lower()
    if low in GENERIC or low.split()[0] in GENERIC:
        return "generic label"
    if name in places:
        return "place"
    if kind == "group":
        return "group or common noun"
    if kind == "person" and person_and_title(name)[1]:
        return "title glued on"
    if kind == "person" and len(name.split()) == 1 and name.endswith("s") and not name.endswith("ss"):
        return "plural noun"
    return None


def check(folders: list[Path], samples: int = 8, seed: int = 0) -> dict:
    attributor = Attributor()
    docs = list(_docs(folders))
    items = [(d, split_paragraphs(d)) for d in docs]
    stats: Counter = Counter()
    speakers: Counter = Counter()
    kinds: dict[str, str] = {}
    places: set[str] = set()
    missed: list[tuple[str, str, str]] = []
    unresolved: list[tuple[str, str, str]] = []
    for (doc, paras), att in zip(items, attributor.attribute_many(items)):
        stats["documents"] += 1
        tr = find_turns(paras)
        stats["transcripts"] += bool(tr)
        for sp in att.speakers:
            kinds.setdefault(sp.name, sp.kind)
        for st in att.statements:
            stats["statements"] += 1
            if st.speaker:
                speakers[st.speaker] += 1
            elif (st.mention or "").lower() in _UNRESOLVED_PERSONAL:
                stats["unresolved I/we/you"] += 1
                unresolved.append((doc.id, st.mention, doc.text[st.start:st.end][:90]))
            if re.fullmatch(r"\W*(?:you|everyone|all)\W*", doc.text[st.start:st.end].lower()):
                stats[ONLY_YOU] += 1
        for sp in att.speakers:
            if sp.kind == "org" and sp.name in _place_names(doc.text, sp.name):
                places.add(sp.name)
        for pt in tr.by_paragraph if tr else []:
            if pt is None or pt.stage or not pt.speaker.name:
                continue
            stats["turn paragraphs of a named speaker"] += 1
            stats["  continuations"] += pt.continuation
            own = [s for s in att.statements if s.start <= pt.content_start + 2 and s.end >= pt.content_end - 2
                   and s.start < pt.content_end]
            if any(s.speaker and _same(s.speaker, pt.speaker.name) for s in own):
                stats[CREDITED] += 1
            elif not own and len(doc.text[pt.content_start:pt.content_end].split()) <= 6:
                stats["  short, no statement (courtesy)"] += 1
            else:
                missed.append((doc.id, pt.speaker.name, doc.text[pt.content_start:pt.content_end][:90]))
    flagged: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, n in speakers.most_common():
        why = speaker_flag(name, kinds.get(name, "group"), places)
        if why:
            flagged[why].append((name, n))
    rng = random.Random(seed)
    return {"stats": dict(stats), "speakers": len(speakers), "top_speakers": speakers.most_common(30),
            "flagged": {k: v[:25] for k, v in flagged.items()},
            "flagged_counts": {k: (len(v), sum(n for _, n in v)) for k, v in flagged.items()},
            "missed_turns": rng.sample(missed, min(samples, len(missed))),
            "unresolved": rng.sample(unresolved, min(samples, len(unresolved)))}


def _place_names(text: str, name: str) -> set[str]:
    """`name` when the text uses it as a place ("in Russia", "to Belarus", "Russia's regions")."""
    return {name} if re.search(rf"\b(?:in|to|from|across|throughout|visit|visited|of)\s+{re.escape(name)}\b", text) else set()


def _same(a: str, b: str) -> bool:
    return a == b or a.split()[-1].lower() == b.split()[-1].lower()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    for folder in a.folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder; give folders of documents", file=sys.stderr)
            return 2
    r = check(a.folders, a.samples)
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return 0
    s = r["stats"]
    turns = s.get("turn paragraphs of a named speaker", 0)
    print(f"{s.get('documents', 0)} documents ({s.get('transcripts', 0)} transcripts), {s.get('statements', 0)} "
          f"statements, {r['speakers']} speakers")
    print(f"turn paragraphs of a named speaker: {turns} ({s.get('  continuations', 0)} continuations)")
    if turns:
        credited = s.get(CREDITED, 0)
        print(f"  credited to the turn's speaker: {credited} ({credited / turns:.3f}); short, no statement: "
              f"{s.get('  short, no statement (courtesy)', 0)}")
    n = max(1, s.get("statements", 0))
    unresolved = s.get("unresolved I/we/you", 0)
    print(f"unresolved I/we/you: {unresolved} ({unresolved / n:.3f} of statements); content only 'you': "
          f"{s.get(ONLY_YOU, 0)}")
    print("flagged speakers (kinds: speakers, statements):")
    for why, (k, m) in sorted(r["flagged_counts"].items()):
        print(f"  {why}: {k} speakers, {m} statements: " + ", ".join(f"{a} ({b})" for a, b in r["flagged"][why][:12]))
    print("top speakers: " + ", ".join(f"{a} ({b})" for a, b in r["top_speakers"][:20]))
    print("turn paragraphs not credited (sample):")
    for doc, who, text in r["missed_turns"]:
        print(f"  {doc} [{who}] {text!r}")
    print("unresolved I/we/you (sample):")
    for doc, who, text in r["unresolved"]:
        print(f"  {doc} [{who}] {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
