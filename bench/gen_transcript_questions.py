"""Generate calibration questions for the press-site genre from transcript structure.

    .venv/bin/python -m bench.gen_transcript_questions --out /work/calib/kremlin --pages 300

Picks N en.kremlin.ru news pages from the site mirror (`fetch github:iandennismiller/valdai-transcripts`),
never one of the 150 dev pages of ../shared/kremlin, spread over the years and split between
transcripts and reports; writes them to OUT/html/NNNNN.html and OUT/text/NNNNN.txt (the text made by
../shared/kremlin/make_text.py, imported, so the offsets mean what they mean for the dev set), and
writes OUT/questions.jsonl (said_about, followup, who_said, topic, negative; the dev set's format) with
OUT/questions.meta.jsonl and OUT/pages.tsv. Nothing is written inside the project.

Who said what comes from the page's structure, not from whosaid:
- a transcript turn starts at a label ("President of Russia Vladimir Putin: ", "Vladimir Putin: ",
  "Governor of Pskov Region Andrei Turchak: ") and runs over the unlabelled paragraphs after it until
  the next label or a "* * *" / "<…>" break; each of its paragraphs (without the label) is one
  statement of the person the label names, in the fullest form the page gives. "Question:",
  "Remark:" and labels whose person cannot be told are turns of nobody in particular;
- in a report, only a sentence whose subject is a named person and whose verb is a speech verb
  ("Sergei Shoigu reported that ...", "Mr Kudrin noted ...") is that person's statement; every other
  sentence with a speech verb ("The President noted ...", "He said ...") is a statement of someone
  uncertain, which keeps a question whose gold it might belong to out of the set.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict

from bench import qgen
from bench.gen_questions import Article, _key, _name_tokens, shared_dir

NON_PERSON_LABELS = frozenset("""question questions remark remarks reply response answer comment
voice voices audience participant participants moderator interpreter journalist journalists
correspondent representative note""".split())
SPEECH_VERBS = frozenset("""say note stress emphasise emphasize point report add state remark tell inform
explain announce believe express underline highlight observe suggest propose assure warn argue
insist confirm mention recall voice describe declare reply answer ask urge thank congratulate""".split())
BASE_COUNTS = {"said_about": 320, "followup": 60, "who_said": 220, "topic": 60, "negative": 200}
_LABEL = re.compile(r"^([A-Z][^:\n]{0,140}?)(\s*\([^)\n]{1,40}\))?:\s+(?=\S)")
_LABEL_WORD = re.compile(r"^(?:[A-Z][\w’'.\-]*|of|the|and|for|on|in|de|von|van|bin|al|da|di|du|le|la|-|–|&)$")


def label_of(par: str) -> tuple[str, int] | None:
    """The turn label at the start of a paragraph and where its text starts, or None."""
    m = _LABEL.match(par)
    if not m:
        return None
    words = m.group(1).split()
    if not 1 <= len(words) <= 16 or not all(_LABEL_WORD.match(w) for w in words):
        return None
    if re.search(r"[,;!?]", m.group(1)):
        return None
    end = m.end()
    more = re.match(r"\([^)\n]{1,40}\):\s+", par[end:])     # "Netanyahu: (retranslated): ..."
    return m.group(1).strip(), end + (more.end() if more else 0)


TITLE_WORDS = frozenset("""region republic territory board council committee officer minister ministry
governor president chairman chairwoman ceo director head agency service bank company corporation group
federation russia union department mayor prime deputy secretary commissioner ambassador general chief
executive speaker duma assembly government administration fund university academy centre center court
party state district city okrug area krai oblast federal national international association foundation
institute society office affairs defence defense finance economic development energy health education
science culture transport industry trade agriculture sport sports interior justice emergencies labour
nations plenipotentiary envoy presidential russian metropolitan patriarch rector founder member""".split())


def label_names(labels: list[str], nlp, text: str = "") -> dict[str, str | None]:
    """The person each label names (its name tokens joined), or None for "Question:" and labels
    whose person cannot be told. A long label takes the name of a shorter label of the page that
    ends it ("President of Russia Vladimir Putin" -> "Vladimir Putin"), else the person the parser
    finds at its end, else its last two words when they are no title and the page `text` names
    that person elsewhere ("Mr Turchak"), else itself when it is a short bare name."""
    out: dict[str, str | None] = {}
    uniq = sorted(set(labels), key=len)
    for lab in uniq:
        words = lab.split()
        if words[0].lower() in NON_PERSON_LABELS:
            out[lab] = None
            continue
        name = None
        for other in uniq:
            if other != lab and len(other.split()) >= 2 and lab.endswith(" " + other) and out.get(other):
                name = out[other] if len(out[other].split()) > len((name or "").split()) else name
        if not name:
            ents = [e for e in nlp(lab).ents if e.label_ == "PERSON" and e.end_char >= len(lab) - 1]
            toks = _name_tokens(ents[-1].text) if ents else []
            if len(toks) >= 2:
                name = " ".join(toks)
        if not name and len(words) >= 3:
            last = words[-2:]
            if all(re.fullmatch(r"[A-Z][a-z’'\-]+", w) and w.lower() not in TITLE_WORDS and w.lower() not in qgen.TITLES
                   for w in last) and re.search(r"\b(?:Mr|Ms|Mrs)\.? " + re.escape(last[1]) + r"\b|\b" + re.escape(" ".join(last))
                                                + r"\b(?!:)", text):
                name = " ".join(last)
        if not name and len(words) <= 3:
            toks = _name_tokens(lab)
            if toks == words and not any(w.lower() in qgen.TITLES for w in words):
                name = " ".join(toks)
        out[lab] = name
    return out


def list_pages(git_dir: str, commit: str, prefix: str) -> list[int]:
    names = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "--name-only", f"{commit}:{prefix}"],
                           capture_output=True, text=True, check=True).stdout.split()
    return sorted(int(n[:-5]) for n in names if re.fullmatch(r"\d+\.html", n))


def choose_pages(mk, n: int, seed: int, log) -> dict[int, tuple[str, str, int, str]]:
    """{page id: (html, text, year, kind)} for n pages: half transcripts, half reports, each half
    spread evenly over the years (round robin), drawn in a fixed pseudo-random order."""
    ids = [i for i in list_pages(mk.GIT_DIR, mk.COMMIT, mk.PREFIX) if i not in set(mk.PAGES)]
    rng = random.Random(seed)
    rng.shuffle(ids)
    pool: dict[tuple[str, int], list] = defaultdict(list)
    got = 0
    for start in range(0, len(ids), 400):
        batch = ids[start:start + 400]
        raw = mk.read_pages(mk.GIT_DIR, batch, mk.COMMIT)
        for i in batch:
            html = raw[i].decode("utf-8", "replace")
            m = re.search(r'datetime="(\d{4})-\d\d-\d\d"', html)
            text = mk.page_text(html)
            if not m or len(text) < 1200 or len(text) > 40000:
                continue
            labels = [lab for p in text.split("\n\n")[1:] if (lab := label_of(p))]
            named = [lab for lab, _ in labels if lab.split()[0].lower() not in NON_PERSON_LABELS]
            kind = "transcript" if len(named) >= 2 else "report" if not labels else None
            if kind:
                pool[(kind, int(m.group(1)))].append((i, html, text))
                got += 1
        if got >= 6 * n:
            break
    log(f"read {got} candidate pages")
    chosen: dict[int, tuple[str, str, int, str]] = {}
    for kind in ("transcript", "report"):
        want = n // 2 if kind == "transcript" else n - n // 2
        years = sorted(y for k, y in pool if k == kind)
        taken = 0
        while taken < want and any(pool[(kind, y)] for y in years):
            for y in years:
                if pool[(kind, y)] and taken < want:
                    i, html, text = pool[(kind, y)].pop(0)
                    chosen[i] = (html, text, y, kind)
                    taken += 1
    return chosen


def page_statements(doc_name: str, text: str, parsed, nlp) -> tuple[list[qgen.Statement], set[str], Counter]:
    """Statements of one page (turn paragraphs and named report sentences), the people it
    mentions, and he/she evidence per speaker key."""
    paras = qgen.paragraphs(text)
    art = Article(parsed)
    labels = {}
    for j, (a, b) in enumerate(paras):
        if j == 0:
            continue
        lab = label_of(text[a:b])
        if lab:
            labels[j] = lab
    body = "\n\n".join(text[a + labels[j][1]:b] if j in labels else text[a:b] for j, (a, b) in enumerate(paras))
    names = label_names([lab for lab, _ in labels.values()], nlp, body)
    # short labels ("Putin") take the page's full name of that surname
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for nm in names.values():
        if nm and len(nm.split()) >= 2:
            full_by_surname[nm.split()[-1].lower()].add(nm)
    out: list[qgen.Statement] = []
    mentions = {k for _, _, k in art.persons} | {qgen.surname(k) for _, _, k in art.persons}
    genders: Counter = Counter()
    speaker, in_turn = None, False
    turn_seen = False
    for j, (a, b) in enumerate(paras):
        par = text[a:b]
        if j in labels:
            lab, off = labels[j]
            nm = names.get(lab)
            if nm and len(nm.split()) == 1 and len(full_by_surname.get(nm.lower(), ())) == 1:
                nm = next(iter(full_by_surname[nm.lower()]))
            if nm and len(nm.split()) == 1:
                key = art.lookup([nm])
                nm = art.display(key) if key else None
            speaker = (_key(nm.split()), nm) if nm else None
            in_turn, turn_seen = True, True
            start = a + off
        elif par.strip() in ("* * *", "***", "<…>", "<...>") or re.fullmatch(r"<\s*…\s*>|\*\s*\*\s*\*", par.strip()):
            in_turn, speaker = False, None
            continue
        elif in_turn:
            start = a
        else:
            out += report_sentences(doc_name, parsed, a, b, j, art, turn_seen)
            continue
        if start >= b:
            continue
        if speaker:
            key, nm = speaker
            mentions |= {key, qgen.surname(key)}
            out.append(qgen.Statement(doc_name, start, b, key, nm, j, "say"))
        else:
            out.append(qgen.Statement(doc_name, start, b, None, None, j, "say", ("#nobody",)))
    for key in {s.speaker for s in out if s.speaker}:
        sn = key.split()[-1]
        for m in re.finditer(r"\b(Mr|Mrs|Ms)\.?\s+" + re.escape(sn.title()) + r"\b", text):
            genders[(key, "he" if m.group(1) == "Mr" else "she")] += 1
    return out, mentions, genders


def report_sentences(doc_name: str, parsed, a: int, b: int, j: int, art: Article, in_transcript: bool):
    """Sentences of a narrative paragraph with a speech verb: the named subject's statement, or
    an uncertain one ("The President noted ...")."""
    span = parsed.char_span(a, b, alignment_mode="expand")
    if span is None:
        return []
    out = []
    for sent in span.sents:
        verbs = [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS]
        if not verbs:
            continue
        s0, s1 = max(a, sent.start_char), min(b, sent.end_char)
        who = None
        for v in verbs:
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            if not subj:
                continue
            head = subj[0]
            if head.ent_type_ == "PERSON":
                ent = next((e for e in parsed.ents if e.start <= head.i < e.end), None)
                toks = _name_tokens(ent.text) if ent is not None else []
                key = art.lookup(toks) if toks else None
                if key is None and len(toks) >= 2 and _key(toks) in art.full.get(toks[-1].lower(), {}):
                    key = _key(toks)
                if key and not key.startswith("|"):
                    who = (key, art.display(key))
            break
        if who:
            out.append(qgen.Statement(doc_name, s0, s1, who[0], who[1], j, verbs[0].lemma_.lower()))
        else:
            out.append(qgen.Statement(doc_name, s0, s1, None, None, j, verbs[0].lemma_.lower()))
    return out


def gold_place(text: str, start: int, kind: str) -> str:
    """'labelled' (the paragraph that carries the turn label), 'continuation' (a later paragraph of
    the turn, which names no one) or 'report'."""
    if kind == "report":
        return "report"
    return "continuation" if text.rfind("\n\n", 0, start) + 2 == start else "labelled"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output folder (text/, html/, questions.jsonl), outside the project")
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", help="the shared folder (holds kremlin/make_text.py); default ../shared")
    ap.add_argument("--git-dir", help="the valdai-transcripts mirror (default: make_text.py's GIT_DIR)")
    ap.add_argument("--cache", default="/work/calib/cache", help="where spaCy parses are cached ('' for none)")
    for k, v in BASE_COUNTS.items():
        ap.add_argument("--" + k.replace("_", "-"), type=int, default=None, help=f"how many (default {v} per 300 pages)")
    a = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr)   # noqa: E731
    t0 = time.time()
    shared = shared_dir(a.shared) if a.shared else shared_dir(None)
    sys.path.insert(0, os.path.join(shared, "kremlin"))
    import make_text as mk  # noqa: E402  (the dev set's own page-to-text extraction)
    if a.git_dir:
        mk.GIT_DIR = a.git_dir
    if not os.path.isdir(mk.GIT_DIR):
        raise SystemExit(f"--git-dir {mk.GIT_DIR}: no mirror there; fetch github:iandennismiller/valdai-transcripts")
    pages = choose_pages(mk, a.pages, a.seed, log)
    os.makedirs(os.path.join(a.out, "text"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "html"), exist_ok=True)
    texts = {}
    with open(os.path.join(a.out, "pages.tsv"), "w", encoding="utf-8") as fh:
        fh.write("page\tyear\tkind\turl\n")
        for i, (html, text, year, kind) in sorted(pages.items()):
            with open(os.path.join(a.out, "html", f"{i}.html"), "w", encoding="utf-8") as f:
                f.write(html)
            with open(os.path.join(a.out, "text", f"{i}.txt"), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            texts[f"{i}.txt"] = text
            fh.write(f"{i}\t{year}\t{kind}\thttp://en.kremlin.ru/events/president/news/{i}\n")
    parsed = qgen.parse_all(texts, a.cache or None, "kremlin", log)
    nlp = qgen.load_nlp()
    corpus = qgen.Corpus(texts=texts, parsed=parsed, paragraphs={}, statements=[])
    genders: Counter = Counter()
    names: dict[str, Counter] = defaultdict(Counter)
    for name in sorted(texts):
        st, mentions, g = page_statements(name, texts[name], parsed[name], nlp)
        corpus.statements += st
        corpus.mentions[name] = mentions
        corpus.paragraphs[name] = qgen.paragraphs(texts[name])
        genders.update(g)
        for s in st:
            if s.speaker:
                names[s.speaker][s.name] += 1
    for key, c in names.items():
        corpus.names[key] = max(c.items(), key=lambda kv: (len(kv[0].split()), kv[1]))[0]
        he, she = genders[(key, "he")], genders[(key, "she")]
        if he + she and max(he, she) >= 2 * min(he, she) + 1:
            corpus.genders[key] = "he" if he > she else "she"
    corpus.statements = [s if not s.speaker else qgen.Statement(s.doc, s.start, s.end, s.speaker, corpus.names[s.speaker],
                                                                s.para, s.cue, s.maybe) for s in corpus.statements]
    scale = len(texts) / 300
    counts = {k: (getattr(a, k) if getattr(a, k) is not None else round(v * scale)) for k, v in BASE_COUNTS.items()}
    qs = qgen.build_sets(corpus, counts, a.seed, prefix="kr", min_docs=2)
    for q in qs:                       # where the gold sits, so results can be split by it
        if q.gold:
            q.meta["gold_in"] = Counter(gold_place(texts[g["doc"]], g["start"], pages[int(g["doc"][:-4])][3])
                                        for g in q.gold).most_common(1)[0][0]
    out = os.path.join(a.out, "questions.jsonl")
    qgen.write_questions(qs, out)
    kinds = Counter(k for _, _, _, k in pages.values())
    by = Counter(q.type for q in qs)
    certain = sum(1 for s in corpus.statements if s.speaker)
    log(f"{out}: {len(qs)} questions ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}) from {len(texts)} pages "
        f"({kinds['transcript']} transcripts, {kinds['report']} reports), {len(corpus.statements)} statements "
        f"({certain} with a certain speaker), {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
