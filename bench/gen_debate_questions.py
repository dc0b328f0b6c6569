"""Generate calibration questions over debate transcripts, with gold from the turn labels.

    .venv/bin/python -m bench.gen_debate_questions --corpus /work/calib/debates/text --out /work/calib/debates

Reads the transcripts `bench/debates.py` wrote (CORPUS/*.txt) and, beside CORPUS, turns/NAME.jsonl
(who speaks each paragraph) and speakers.json (role, he/she, surname as written). Every paragraph of
a turn, its label excluded, is one statement of the turn's speaker; a turn of nobody certain
("(UNKNOWN):", "MALE:", a paragraph after "(CROSSTALK)") is a statement of someone uncertain, which
keeps a question whose gold it might belong to out of the set, and "QUESTION:" is nobody's.

Writes OUT/questions.jsonl (the dev set's format: said_about, followup, who_said, topic, negative;
gold = turn paragraphs without their labels, doc = the file name in CORPUS), OUT/questions.meta.jsonl
(term, seed span, near/far negative, and whether the gold opens a turn or continues it), and the same
questions with the gold offsets of the full-name variant (CORPUS/../text-fullname) as
OUT/questions-fullname.jsonl. Near-miss negatives ask a candidate about a topic others raise in a
debate where the candidate speaks, and never one raised in the turn just before or after one of
theirs (a question put to them, or a follow-up on their answer).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter

from bench import qgen
from bench.gen_questions import Article, _key

NOBODY, UNKNOWN = "#nobody", "#unknown"
# One-word topics a debate is full of that nobody asks about: the debate itself, and people by
# their family or job ("What did Biden say about the son?" is about a person, not a topic).
DEBATE_GENERIC = frozenset("""
debate debates moderator moderators stage audience topic topics room minute minutes second seconds
segment rule rules answer question beginning end reality period lifetime career approach agenda
addition concern concerns evidence responsibility expense expenses board boards color name names
son sons daughter daughters dad mom mother father wife husband brother sister family families couple
kid kids child individual attorney scientist scientists expert experts officer officers neighbor
neighborhood news record records plan plans proposal proposals air offense risk fuel car cars
plenty trouble account department departments dream dreams field fields decision decisions
""".split())
# a noun chunk that is no topic: "just a human right", "tens of millions"
_NO_TOPIC = re.compile(r"\b(?:a|an|just|only|even|really|very|such|so|many|much|every|some|any|all|more|most|few|"
                       r"tens|hundreds|thousands|millions|billions|debates?|January|February|March|April|May|June|"
                       r"July|August|September|October|November|December)\b", re.I)
_SUBORDINATE = re.compile(r"^(?:that\s+)?(?:because|if|when|while|although|though|since|as|unless|until|whether)\b", re.I)
_TITLE = r"(?:Mr\.?|Madam|Madame|Ms\.?|Mrs\.?|Dr\.?|Vice President|President|Secretary|Senator|Governor|Mayor|Congressman|Congresswoman|Sir)"
_VOCATIVE = re.compile(rf"^(?:{_TITLE}(?:\s+[A-Z][\w'’-]+)*|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*,|,\s*{_TITLE}(?:\s+[A-Z][\w'’-]+)?\s*,")
BASE_COUNTS = {"said_about": 150, "followup": 40, "who_said": 110, "topic": 40, "negative": 110}


def read_jsonl(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        raise SystemExit(f"{path}: missing; write the transcripts with `python -m bench.debates --out DIR` first") from None


def load(corpus_dir: str, turns_dir: str, speakers_path: str | None, cache: str | None,
         log=print) -> tuple[qgen.Corpus, dict[str, list[dict]], dict[str, dict]]:
    """The transcripts as a qgen.Corpus, their turn rows per document, and the speaker table."""
    names = sorted(f for f in os.listdir(corpus_dir) if f.endswith(".txt"))
    if not names:
        raise SystemExit(f"--corpus {corpus_dir}: no .txt transcripts there")
    texts, rows = {}, {}
    for f in names:
        with open(os.path.join(corpus_dir, f), encoding="utf-8") as fh:
            texts[f] = fh.read()
        rows[f] = read_jsonl(os.path.join(turns_dir, f[:-4] + ".jsonl"))
    table = {}
    if speakers_path and os.path.exists(speakers_path):
        with open(speakers_path, encoding="utf-8") as fh:
            table = json.load(fh)
    parsed = qgen.parse_all(texts, cache, "debates", log)
    corpus = qgen.Corpus(texts=texts, parsed=parsed, paragraphs={}, statements=[])
    for doc in names:
        paras = qgen.paragraphs(texts[doc])
        if len(paras) != len(rows[doc]) or any(not (a <= r["span"][0] and r["span"][1] <= b and not texts[doc][r["span"][1]:b].strip())
                                               for (a, b), r in zip(paras, rows[doc])):
            raise SystemExit(f"{turns_dir}/{doc[:-4]}.jsonl does not match {corpus_dir}/{doc}: write both again")
        corpus.paragraphs[doc] = paras
        art = Article(parsed[doc])
        mentions = {k for _, _, k in art.persons} | {qgen.surname(k) for _, _, k in art.persons}
        for r in rows[doc]:
            if r["kind"] not in ("turn", "continuation"):
                continue
            s, e = r["span"]
            if r["speaker"]:
                key = _key(r["speaker"].split())
                corpus.names[key] = r["speaker"]
                mentions |= {key, qgen.surname(key)}
                corpus.statements.append(qgen.Statement(doc, s, e, key, r["speaker"], r["para"], "say"))
            else:
                maybe = (NOBODY,) if r.get("who") == NOBODY else ()
                corpus.statements.append(qgen.Statement(doc, s, e, None, None, r["para"], "say", maybe))
        corpus.mentions[doc] = mentions
    for key, name in corpus.names.items():
        gender = (table.get(name) or {}).get("gender")
        if gender in ("he", "she"):
            corpus.genders[key] = gender
    return corpus, rows, table


class DebateQuestions(qgen.QuestionBuilder):
    """qgen's questions with two things a debate needs: a surname as it is written ("de Blasio",
    not "Blasio"), and near misses kept away from the turns around a speaker's own."""

    def __init__(self, corpus: qgen.Corpus, rows: dict[str, list[dict]], table: dict[str, dict], seed: int,
                 min_docs: int = 2):
        super().__init__(corpus, seed, min_docs=min_docs)
        self.rows = rows
        self.table = table

    def role(self, speaker: str | None) -> str | None:
        return (self.table.get(self.name_for(speaker)) or {}).get("role") if speaker else None

    def seeds(self) -> list[int]:
        """Candidates' statements, and one in six of the moderators' (users ask mostly about the
        candidates)."""
        return [i for i in super().seeds()
                if self.role(self.c.statements[i].speaker) != "moderator" or self.rng.random() < 1 / 6]

    def clause_ok(self, clause: str) -> bool:
        """No vocative in a who-said clause ("Vice President Biden, the biggest problem ...",
        "... at this time, Secretary, would be ..."), nor a clause that is half a sentence
        ("because for generations ...")."""
        return not _VOCATIVE.search(clause) and ",," not in clause.replace(" ", "") \
            and not _SUBORDINATE.match(clause)

    def _standalone(self, text: str) -> bool:
        """A term the corpus writes on its own, not a piece of a longer one ("Vegas" of "Las
        Vegas", "York City" of "New York City", "Swine" of "Swine flu", "mails" of "e-mails"): in
        most of its occurrences the words around it are no proper nouns, a one-word name modifies no
        noun after it, and no hyphen joins it to another word."""
        cache = self.__dict__.setdefault("_standalone_cache", {})
        if text not in cache:
            pat = re.compile(r"(?<![\w’'-])" + re.escape(text) + r"(?![\w’'-])")
            n = inside = 0
            one_name = " " not in text and text[:1].isupper()
            for name, t in self.c.texts.items():
                doc = self.c.parsed[name]
                for m in pat.finditer(t):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    if span is None:
                        continue
                    n += 1
                    before = doc[span.start - 1] if span.start > 0 else None
                    after = doc[span.end] if span.end < len(doc) else None
                    if any(x is not None and x.pos_ == "PROPN" and x.text[:1].isupper() and x.sent == span.sent
                           for x in (before, after)) or (one_name and span[-1].dep_ == "compound") \
                            or t[max(0, m.start() - 1):m.start()] == "-" or t[m.end():m.end() + 1] == "-":
                        inside += 1
            cache[text] = n > 0 and inside < 0.5 * n
        return cache[text]

    def _bare(self, text: str) -> bool:
        """Whether the corpus mostly writes a phrase with no determiner before it ("health
        insurance", but "the health care system", "our health care system")."""
        pat = re.compile(r"(\b(?:the|a|an|our|their|his|her|my|your|its|this|that|these|those)\s+)?\b"
                         + re.escape(text) + r"\b", re.I)
        n = det = 0
        for t in self.c.texts.values():
            for m in pat.finditer(t):
                n += 1
                det += bool(m.group(1))
        return n > 0 and det < 0.5 * n

    def key_terms(self, doc: str, start: int, end: int, exclude=(), narrow: bool = False,
                  specific: bool = False) -> list[qgen.Term]:
        """qgen's key terms, less the ones a debate makes bad: a one-word common noun asked with
        "the" or about the debate or a person's role ("the period", "the son"), and a piece of a
        longer name; "the" dropped where the corpus writes the phrase bare."""
        out = []
        for t in super().key_terms(doc, start, end, exclude, narrow, specific):
            words = t.text[4:] if t.text.startswith("the ") else t.text
            if len(t.lemmas) == 1 and not t.entity:
                if t.text.startswith("the ") or t.lemmas[0] in DEBATE_GENERIC or words.lower() in DEBATE_GENERIC:
                    continue
            if _NO_TOPIC.search(words) or set(t.lemmas) & self.venue_words():
                continue
            if not self._standalone(words):
                continue
            if t.text.startswith("the ") and self._bare(words):
                t = qgen.Term(words, t.lemmas, t.entity)
            out.append(t)
        return out

    def venue_words(self) -> set[str]:
        """Lemmas of the transcripts' titles ("... in Miami, Florida"): where a debate is held is
        what its moderators say between segments, not a topic of it."""
        if not hasattr(self, "_venue"):
            self._venue = {lem for doc, paras in self.c.paragraphs.items() if paras
                           for lem in qgen.lemma_seq(self.c.parsed[doc], *paras[0])}
            self._venue -= {"debate", "candidate", "presidential", "president", "vice", "democratic", "republican"}
        return self._venue

    def short_name(self, speaker: str) -> str:
        full = self.name_for(speaker)
        written = (self.table.get(full) or {}).get("surname")
        if not written:
            return super().short_name(speaker)
        same = [k for k in self.by_speaker if (self.table.get(self.name_for(k)) or {}).get("surname", "").lower()
                == written.lower()]
        return written if len(same) == 1 else full

    def _risky_paras(self, speaker: str) -> set[tuple[str, int]]:
        out = super()._risky_paras(speaker)
        for doc, rows in self.rows.items():
            turns: list[tuple[str | None, list[int]]] = []      # (speaker, paragraph numbers) per turn
            for r in rows:
                if r["kind"] == "turn":
                    turns.append((r["speaker"], [r["para"]]))
                elif r["kind"] == "continuation" and turns:
                    turns[-1][1].append(r["para"])
            name = self.name_for(speaker)
            for i, (who, _) in enumerate(turns):
                if who != name:
                    continue
                for j in (i - 1, i + 1):
                    if 0 <= j < len(turns) and turns[j][0] != name:
                        out |= {(doc, k) for k in turns[j][1]}
        return out


def candidates(corpus: qgen.Corpus, table: dict[str, dict]) -> set[str] | None:
    if not table:
        return None
    return {k for k, name in corpus.names.items() if (table.get(name) or {}).get("role") == "candidate"}


def build(corpus: qgen.Corpus, rows, table, counts: dict[str, int], seed: int, min_docs: int = 2,
          near_share: float = 0.5) -> list[qgen.Question]:
    """Every kind of question, in qgen.build_sets' order of kinds, negatives for candidates only."""
    b = DebateQuestions(corpus, rows, table, seed, min_docs=min_docs)
    total = sum(counts.values())
    cap = max(4, round(0.04 * total))
    qs = []
    qs += b.followups(counts.get("followup", 0), cap, "db")
    qs += b.said_about(counts.get("said_about", 0), cap, "db")
    qs += b.who_said(counts.get("who_said", 0), cap, "db")
    qs += b.topics(counts.get("topic", 0), "db")
    qs += b.negatives(counts.get("negative", 0), near_share, 3, "db", only=candidates(corpus, table))
    place = {(doc, r["span"][0]): r["kind"] for doc, rs in rows.items() for r in rs}
    for q in qs:
        if q.gold:
            kinds = Counter("labelled" if place.get((g["doc"], g["start"])) == "turn" else "continuation" for g in q.gold)
            q.meta["gold_in"] = kinds.most_common(1)[0][0]
    return qs


def to_fullname(questions: list[qgen.Question], rows: dict[str, list[dict]]) -> list[qgen.Question]:
    """The same questions with gold offsets into the full-name variant (same paragraphs, other labels)."""
    full = {(doc, tuple(r["span"])): r["span_full"] for doc, rs in rows.items() for r in rs}
    out = []
    for q in questions:
        gold = []
        for g in q.gold:
            s, e = full[(g["doc"], (g["start"], g["end"]))]
            gold.append({**g, "start": s, "end": e})
        out.append(qgen.Question(q.id, q.conversation, q.question, q.type, q.speaker, gold, q.meta))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="the transcripts (the surname-label variant, text/)")
    ap.add_argument("--out", required=True, help="where the question files go (outside the project)")
    ap.add_argument("--turns", help="turn rows per transcript (default: CORPUS/../turns)")
    ap.add_argument("--speakers", help="speaker table (default: CORPUS/../speakers.json)")
    ap.add_argument("--fullname", help="the full-name variant (default: CORPUS/../text-fullname; '' for none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-docs", type=int, default=2, help="a topic must occur in this many transcripts")
    ap.add_argument("--cache", default="/work/calib/cache", help="where spaCy parses are cached ('' for none)")
    for k, v in BASE_COUNTS.items():
        ap.add_argument("--" + k.replace("_", "-"), type=int, default=v, help=f"how many (default {v}; followup: pairs)")
    a = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr)   # noqa: E731
    t0 = time.time()
    parent = os.path.dirname(os.path.abspath(a.corpus))
    turns = a.turns or os.path.join(parent, "turns")
    speakers = a.speakers or os.path.join(parent, "speakers.json")
    fullname = os.path.join(parent, "text-fullname") if a.fullname is None else a.fullname
    corpus, rows, table = load(a.corpus, turns, speakers, a.cache or None, log)
    counts = {k: getattr(a, k) for k in BASE_COUNTS}
    qs = build(corpus, rows, table, counts, a.seed, a.min_docs)
    out = os.path.join(a.out, "questions.jsonl")
    qgen.write_questions(qs, out)
    if fullname:
        for doc in corpus.texts:
            if not os.path.exists(os.path.join(fullname, doc)):
                raise SystemExit(f"--fullname {fullname}: {doc} missing")
        qgen.write_questions(to_fullname(qs, rows), os.path.join(a.out, "questions-fullname.jsonl"))
    by = Counter(q.type for q in qs)
    certain = sum(1 for s in corpus.statements if s.speaker)
    log(f"{out}: {len(qs)} questions ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}) from "
        f"{len(corpus.texts)} transcripts, {len(corpus.statements)} turn paragraphs ({certain} with a certain speaker, "
        f"{len(corpus.names)} speakers), {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
