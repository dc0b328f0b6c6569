"""Generate thousands of calibration questions from PolNeAR's gold attributions.

    .venv/bin/python -m bench.gen_questions --split train --out /work/calib/polnear-train.jsonl
    .venv/bin/python -m bench.gen_questions --split dev --out /work/calib/polnear-dev.jsonl

Reads PolNeAR from ../shared at run time (through ../shared/eval/polnear.py) and writes the
questions outside the project, in the format of ../shared/eval/polnear_dev_questions.jsonl
(said_about, followup, who_said, topic, negative), plus OUT.meta.jsonl with each question's term,
seed span and negative kind. PolNeAR is for measuring only: nothing it holds is copied here.

A source is a speaker only when the article makes it certain: a name (the fullest form the
article gives; a bare surname only when one person of the article has it), an organisation the
parser tags, "he"/"she" when the nearest earlier statement in that or the previous paragraph is a
named person's and nobody else is named in between, and "who" right after a name. Everything else
(descriptions, "they", a surname two people share) is an uncertain statement: it never seeds a
question, and a question whose gold it could belong to is skipped.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict

from bench import qgen

SHARED = os.environ.get("WHOSAID_SHARED", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared"))
PARTICLES = {"de", "van", "von", "da", "del", "la", "le", "bin", "al", "di", "du", "der", "den", "st."}
PLURAL_SOURCES = {"they", "them", "we", "us", "some", "many", "others", "several", "both", "all", "most",
                  "few", "those", "these"}
# counts per 840 train articles; other splits get the same share per article
BASE_COUNTS = {"said_about": 1200, "followup": 250, "who_said": 800, "topic": 300, "negative": 700}


def shared_dir(arg: str | None) -> str:
    for d in (arg, SHARED, "/work/shared"):
        if d and os.path.exists(os.path.join(d, "eval", "polnear.py")):
            return os.path.abspath(d)
    raise SystemExit("--shared: no eval/polnear.py there; give the folder that holds eval/ and polnear/")


class Article:
    """One article's people: PERSON mentions grouped by surname, with their fullest names."""

    def __init__(self, doc):
        self.doc = doc
        self.persons: list[tuple[int, int, str]] = []    # (start, end, key) of every PERSON mention
        full: dict[str, dict[str, list[str]]] = defaultdict(dict)   # surname -> key -> longest tokens
        singles = []
        body = doc.text.find("\n\n")          # a title-case headline makes "Obama Says" a PERSON
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = _name_tokens(ent.text)
            if not toks:
                continue
            if len(toks) == 1 or ent.start_char < body:
                singles.append((ent.start_char, ent.end_char, toks))
                continue
            key = _key(toks)
            sn = qgen.surname(key)
            if len(toks) > len(full[sn].get(key, [])):
                full[sn][key] = toks
            self.persons.append((ent.start_char, ent.end_char, key))
        self.full = full
        firsts: dict[str, set[str]] = defaultdict(set)
        for keys in full.values():
            for key in keys:
                firsts[key.split()[0]].add(key)
        self.firsts = firsts
        for s, e, toks in singles:
            key = self.lookup(toks)
            self.persons.append((s, e, key or ("|" + toks[-1].lower() if len(toks) == 1 else _key(toks))))
        self.persons.sort()

    def display(self, key: str) -> str:
        toks = self.full.get(qgen.surname(key), {}).get(key)
        return " ".join(toks) if toks else key.lstrip("|").title()

    def lookup(self, run: list[str]) -> str | None:
        """The key of the person a run of name tokens means here, or None if not certain."""
        sn = run[-1].lower()
        keys = self.full.get(sn, {})
        for i in range(len(run) - 1):           # "State Hillary Clinton" -> "Hillary Clinton"
            k = _key(run[i:])
            if k in keys:
                return k
        if len(run) == 1:
            if len(keys) == 1:
                return next(iter(keys))
            if not keys and len(self.firsts.get(sn, ())) == 1:   # "Bernie" -> Bernie Sanders
                return next(iter(self.firsts[sn]))
            return None
        return None


def _name_tokens(text: str) -> list[str]:
    toks = qgen.clean_name(text)
    toks = [t for t in toks if re.search(r"[A-Za-z]", t)]
    if not toks or not all(t[0].isupper() or t.lower() in PARTICLES for t in toks):
        return []
    return toks


def _key(toks: list[str]) -> str:
    key = qgen.name_key(toks)
    if toks and toks[-1].lower().rstrip(".") in ("jr", "sr") and not key.startswith("|"):
        key += " " + toks[-1].lower().rstrip(".")
    return key


def _trailing_run(text: str) -> list[str]:
    toks = qgen.clean_name(text)
    run: list[str] = []
    for t in reversed(toks):
        t = t.strip("“”\"‘’,")
        if t and (t[0].isupper() or (run and t.lower() in PARTICLES)):
            run.insert(0, t)
        else:
            break
    while run and run[0].lower() in PARTICLES:
        run = run[1:]
    return run


def resolve(article: Article, text: str, src: list[tuple[int, int]], prev: list[tuple[int, int, str]]):
    """(key, display, maybe) for one attribution's source; key None when uncertain."""
    if not src:
        return None, None, ()
    s0, s1 = src[0][0], src[-1][1]
    src_text = " ".join(text[a:b] for a, b in src).strip()
    low = src_text.lower().strip("“”\"',.")
    doc = article.doc
    if low in ("he", "she"):
        for _ps, pe, pkey in reversed(prev):
            if pe > s0:
                continue
            between = [k for (a, b, k) in article.persons if pe <= a and b <= s0 and k != pkey]
            para_gap = text.count("\n\n", pe, s0)
            if not between and para_gap <= 1 and not pkey.startswith("org:") and not pkey.startswith("|"):
                return pkey, article.display(pkey), ()
            break
        return None, None, ()
    if low == "who":
        before = text[max(0, s0 - 60):s0]
        for _a, b, k in reversed(article.persons):
            if b <= s0 and re.fullmatch(r"(?:[’']s)?\s*(?:\([^)]{1,30}\))?\s*,\s*", text[b:s0]):
                if k.startswith("|"):
                    return None, None, (qgen.surname(k),)
                return k, article.display(k), ()
            if b <= s0 - 60:
                break
        del before
        return None, None, ()
    first = low.split()[0] if low.split() else ""
    if first in PLURAL_SOURCES:
        return None, None, ("#nobody",)
    run = _trailing_run(src_text)
    hon = re.match(r"(Mr|Mrs|Ms|President)\.?\s", src_text)
    if hon and run and len(run) == 1:       # "Mr. Obama" in an article that also has "Mrs. Obama"
        other = "(?:Mrs|Ms|[Ff]irst [Ll]ady)" if hon.group(1) in ("Mr", "President") else "(?:Mr|President)"
        if re.search(r"\b" + other + r"\.?\s+" + re.escape(run[-1]) + r"\b", text):
            return None, None, (run[-1].lower(),)
    if run and re.search(r",|\b(?:which|who|that|and)\b", src_text[:src_text.rfind(run[0])]):
        return None, None, ()        # "the alliance, which includes ... the Annenberg Institute"
    span = doc.char_span(s0, s1, alignment_mode="expand")
    ents = [e for e in (span.ents if span is not None else []) if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
    if run:
        persons_here = [e for e in ents if e.label_ == "PERSON"]
        key = article.lookup(run)
        if key:
            return key, article.display(key), ()
        if len(run) == 1 and run[0].lower() in article.full:     # a surname two people share
            return None, None, (run[0].lower(),)
        orgs = [e for e in ents if e.label_ == "ORG" and e.end_char >= s1 - 2 and e.start_char <= s0 + 4]
        if orgs and not persons_here:
            name = orgs[-1].text
            the = name.lower().startswith("the ") or re.search(r"\bthe\s+$", text[max(0, orgs[-1].start_char - 4):orgs[-1].start_char], re.I)
            name = re.sub(r"^the\s+", "", name, flags=re.I)
            key = "org:" + name.lower()
            return key, ("the " if the else "") + name, ()
        if any(e.label_ in ("NORP", "GPE") and e.end_char >= s1 - 2 for e in ents):
            return None, None, ("#nobody",)
        if len(run) >= 2 and any(_name_tokens(e.text) == run for e in persons_here):
            key = _key(run)          # a person the NER names only here
            return key, " ".join(run), ()
        if len(run) == 1:
            return None, None, (run[0].lower(),)
    return None, None, ()


def load(split: str, shared: str, cache: str | None, log=print) -> qgen.Corpus:
    sys.path.insert(0, os.path.join(shared, "eval"))
    import polnear  # noqa: E402  (the scorers' reader of the PolNeAR files)
    root = os.path.join(shared, "polnear") if os.path.exists(os.path.join(shared, "polnear", "data")) else polnear.ROOT
    docs = list(polnear.documents(split, root))
    if not docs:
        raise SystemExit(f"--split {split}: no PolNeAR articles under {root}/data/{split}")
    texts = {rel: text for rel, text, _ in docs}
    parsed = qgen.parse_all(texts, cache, f"polnear-{split}", log)
    corpus = qgen.Corpus(texts=texts, parsed=parsed, paragraphs={}, statements=[])
    genders: dict[str, Counter] = defaultdict(Counter)
    displays: dict[str, Counter] = defaultdict(Counter)
    for rel, text, atts in docs:
        art = Article(parsed[rel])
        paras = qgen.paragraphs(text)
        corpus.paragraphs[rel] = paras
        mentions = set()
        for _a, _b, k in art.persons:
            mentions |= {k, qgen.surname(k)}
        prev: list[tuple[int, int, str]] = []
        atts = sorted((a for a in atts if a["content"]), key=lambda a: (a["source"] or a["content"])[0][0])
        for att in atts:
            key, name, maybe = resolve(art, text, att["source"], prev)
            if key:
                mentions.add(key)
                prev.append((att["source"][0][0], att["source"][-1][1], key))
                displays[key][name] += 1
                low = " ".join(text[a:b] for a, b in att["source"]).lower().strip()
                if low in ("he", "she"):
                    genders[key][low] += 1
            start, end = att["content"][0][0], att["content"][-1][1]
            cue = ""
            if att["cue"]:
                span = art.doc.char_span(att["cue"][0][0], att["cue"][-1][1], alignment_mode="expand")
                if span is not None:
                    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
                    cue = (verbs[-1] if verbs else span[-1]).lemma_.lower()
            pieces = tuple(tuple(x) for x in att["content"]) if len(att["content"]) > 1 else ()
            corpus.statements.append(qgen.Statement(rel, start, end, key, name, qgen.para_of(paras, start), cue, maybe,
                                                    pieces))
        for key in {k for _, _, k in art.persons if k in art.full.get(qgen.surname(k), {})}:
            sn = art.full[qgen.surname(key)][key][-1]
            for m in re.finditer(r"\b(Mr|Mrs|Ms)\.?\s+" + re.escape(sn) + r"\b", text):
                if len(art.full[qgen.surname(key)]) == 1:
                    genders[key]["he" if m.group(1) == "Mr" else "she"] += 1
        corpus.mentions[rel] = mentions
    # "Trump" the parser took for an organisation is a person's surname, not a body that speaks
    surnames = {qgen.surname(k) for k in displays if not k.startswith("org:") and not k.startswith("|")}
    corpus.statements = [qgen.Statement(s.doc, s.start, s.end, None, None, s.para, s.cue, (s.speaker[4:],), s.pieces)
                         if s.speaker and s.speaker.startswith("org:") and s.speaker[4:] in surnames else s
                         for s in corpus.statements]
    for key in [k for k in displays if k.startswith("org:") and k[4:] in surnames]:
        del displays[key]
    for key, c in genders.items():
        if c and (c.most_common(1)[0][1] >= 2 * sum(v for k, v in c.items() if k != c.most_common(1)[0][0]) + 1):
            corpus.genders[key] = c.most_common(1)[0][0]
    for key, c in displays.items():
        best = max(c.items(), key=lambda kv: (len(kv[0].split()) >= 2, kv[1], len(kv[0])))
        corpus.names[key] = best[0]
    corpus.statements = [s if not s.speaker else qgen.Statement(s.doc, s.start, s.end, s.speaker, corpus.names[s.speaker],
                                                                s.para, s.cue, s.maybe, s.pieces) for s in corpus.statements]
    return corpus


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="train", choices=["train", "dev"])
    ap.add_argument("--out", required=True, help="question file to write (JSON lines), outside the project")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", help="the shared folder (holds eval/ and polnear/); default ../shared")
    ap.add_argument("--cache", default="/work/calib/cache", help="where spaCy parses are cached ('' for none)")
    ap.add_argument("--scale", type=float, default=None,
                    help="question counts relative to the defaults for 840 articles (default: by article count)")
    for k, v in BASE_COUNTS.items():
        ap.add_argument("--" + k.replace("_", "-"), type=int, default=None, help=f"how many (default {v} per 840 articles)")
    a = ap.parse_args(argv)
    t0 = time.time()
    corpus = load(a.split, shared_dir(a.shared), a.cache or None, log=lambda m: print(m, file=sys.stderr))
    scale = a.scale if a.scale is not None else len(corpus.texts) / 840
    counts = {k: (getattr(a, k) if getattr(a, k) is not None else round(v * scale)) for k, v in BASE_COUNTS.items()}
    qs = qgen.build_sets(corpus, counts, a.seed, prefix=("pt" if a.split == "train" else "pd"))
    qgen.write_questions(qs, a.out)
    by = Counter(q.type for q in qs)
    certain = sum(1 for s in corpus.statements if s.speaker)
    print(f"{a.out}: {len(qs)} questions ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}) from "
          f"{len(corpus.texts)} articles, {len(corpus.statements)} statements ({certain} with a certain speaker), "
          f"{time.time() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
