"""Debate transcripts for calibration, written as presidency.ucsb.edu writes them.

    .venv/bin/python -m bench.debates --out /work/calib/debates [--mirror /work/.mirror]

whosaid is scored on held-out debate transcripts (`NAME:` turns) that we never see. This builds a
stand-in from public debates that are not the 2016 general-election debates: the 2020 first
presidential and vice-presidential debates, and four primary debates (2015 Democratic and
Republican, 2019 and 2020 Democratic) with five to ten candidates. Each source is read from a
local mirror of the public GitHub repository that holds it (`fetch github:OWNER/NAME` puts it at
MIRROR/OWNER+NAME/), at a pinned commit, and written outside the project:

- OUT/text/NAME.txt: a title line, a blank line, then one paragraph per turn paragraph, the first
  paragraph of a turn opened by the speaker's surname in upper case ("WALLACE: ...", "DE BLASIO:
  ..."), later paragraphs of the same turn without a label, "(APPLAUSE)", "(CROSSTALK)" and the
  like as paragraphs of their own where the source marks them;
- OUT/text-fullname/NAME.txt: the same paragraphs with full-name labels ("Chris Wallace: ...");
- OUT/turns/NAME.jsonl: per paragraph, who speaks it (the full name, or null for a stage
  direction, the title, an audience question or a label that names nobody certain) and where its
  text without the label is in both variants, for the question generator
  (`bench/gen_debate_questions.py`);
- OUT/speakers.json: per speaker (full name) the role, he/she, the surname as written ("de
  Blasio") and the debates they speak in;
- OUT/sources.tsv: each debate's repository, commit and path.

The transcripts stay outside the project: they are for measuring only.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

PARTICLES = frozenset({"de", "da", "del", "der", "di", "du", "la", "le", "van", "von"})
STAGE = re.compile(r"^(?:\((?:[A-Z][A-Z' -]*|[a-z][a-z' -]*)\)\s*)+$")
# rev.com marks: "[crosstalk 00:07:53]", "[inaudible 00:21:12]", "[Brecklin]" (a spelling it is unsure of)
_REV_CROSSTALK = re.compile(r"\s*\[crosstalk[^\]]*\]\s*", re.I)
_REV_INAUDIBLE = re.compile(r"\[inaudible[^\]]*\]", re.I)
_REV_SILENCE = re.compile(r"\s*\[silence[^\]]*\]\s*", re.I)
_REV_UNSURE = re.compile(r"\[([A-Z][\w' -]*)\]")


@dataclass(frozen=True)
class Person:
    name: str                      # the full name, as a user would write it ("Donald Trump")
    role: str                      # "candidate" or "moderator"
    gender: str | None = None      # "he" / "she", for follow-up questions
    surname: str | None = None     # when not the last word ("de Blasio")

    @property
    def last(self) -> str:
        if self.surname:
            return self.surname
        words = self.name.split()
        for i, w in enumerate(words[1:], 1):          # "Bill de Blasio" -> "de Blasio"
            if w.lower() in PARTICLES:
                return " ".join(words[i:])
        return words[-1]


NOBODY = "#nobody"      # a label that is nobody of the debate ("QUESTION", "PROTESTER")
UNKNOWN = "#unknown"    # a label that may be anyone ("(UNKNOWN)", "MALE", a misspelt name)


@dataclass
class Para:
    """One paragraph of a debate. `opens`: it starts a turn (gets a label); `person` None with
    `who` NOBODY/UNKNOWN: a turn of nobody certain; `stage`: a stage direction."""

    text: str
    person: Person | None = None
    opens: bool = False
    label: str | None = None       # the source's label for a turn of nobody certain
    who: str | None = None         # NOBODY or UNKNOWN when person is None and this is a turn
    stage: bool = False


@dataclass(frozen=True)
class Source:
    name: str                      # file stem of the written transcript
    title: str
    date: str
    repo: str                      # owner/name on GitHub
    commit: str
    paths: tuple[str, ...]
    reader: str                    # "json", "rev", "fns" or "csv"
    people: dict[str, Person | str] = field(default_factory=dict)   # source label -> Person, NOBODY or UNKNOWN
    drop: tuple[str, ...] = ()     # regexes of lines that are page debris, not transcript (fns)
    select: dict[str, str] = field(default_factory=dict)           # csv: column -> value
    licence: str = "none stated"


def _p(name, role, gender, surname=None):
    return Person(name, role, gender, surname)


_TRUMP = _p("Donald Trump", "candidate", "he")
_BIDEN = _p("Joe Biden", "candidate", "he")
_WALLACE = _p("Chris Wallace", "moderator", "he")
_HARRIS = _p("Kamala Harris", "candidate", "she")
_COOPER = _p("Anderson Cooper", "moderator", "he")

SOURCES: tuple[Source, ...] = (
    Source("2020-09-29-presidential-cleveland",
           "Presidential Debate at Case Western Reserve University and the Cleveland Clinic in Cleveland, Ohio",
           "2020-09-29", "pedromarinyo/debateLullaby", "d085b7d3a60f70fe5829862eadacb3ea70b355d7",
           ("speechJSON.js",), "json",
           {"Chris Wallace": _WALLACE, "Chris Wallace:": _WALLACE, "Vice President Joe Biden": _BIDEN,
            "President Donald J. Trump": _TRUMP}),
    Source("2020-10-07-vice-presidential-salt-lake-city",
           "Vice Presidential Debate at the University of Utah in Salt Lake City",
           "2020-10-07", "domrussel/us_pres_debate", "0c570c70a990fadde7d7210435e0f460db41cb85",
           ("input/2020_vp_part1.txt", "input/2020_vp_part2.txt"), "rev",
           # the second part's export calls Senator Harris "New Speaker" (every one of its 50 turns)
           {"Susan Page": _p("Susan Page", "moderator", "she"), "Kamala Harris": _HARRIS,
            "New Speaker": _HARRIS, "Mike Pence": _p("Mike Pence", "candidate", "he")}),
    Source("2015-10-13-democratic-las-vegas", "Democratic Candidates Debate in Las Vegas, Nevada",
           "2015-10-13", "KentonMurray/computational_linguistic_analysis_2016",
           "9d5174ee86749d529c35ec02ba6745bdd68890a4", ("data/debates/DemOct13_CNN",), "fns",
           {"COOPER": _COOPER, "ANDERSON COOPER, CNN ANCHOR": _COOPER,
            "CLINTON": _p("Hillary Clinton", "candidate", "she"), "SANDERS": _p("Bernie Sanders", "candidate", "he"),
            "O'MALLEY": _p("Martin O'Malley", "candidate", "he"), "WEBB": _p("Jim Webb", "candidate", "he"),
            "CHAFEE": _p("Lincoln Chafee", "candidate", "he"), "BASH": _p("Dana Bash", "moderator", "she"),
            "LOPEZ": _p("Juan Carlos Lopez", "moderator", "he"), "LEMON": _p("Don Lemon", "moderator", "he"),
            "QUESTION": NOBODY, "WILKINS": NOBODY, "(UNKNOWN)": UNKNOWN},
           drop=(r"^CNN Democratic Debate", r"^MANDATORY CREDIT", r"^FULL TRANSCRIPT:", r"^THIS IS A RUSH TRANSCRIPT",
                 r"^The rush transcript was updated", r"^##END##$")),
    Source("2015-10-28-republican-boulder", "Republican Candidates Debate in Boulder, Colorado",
           "2015-10-28", "KentonMurray/computational_linguistic_analysis_2016",
           "9d5174ee86749d529c35ec02ba6745bdd68890a4", ("data/debates/RepOct28",), "fns",
           {"QUINTANILLA": _p("Carl Quintanilla", "moderator", "he"), "HARWOOD": _p("John Harwood", "moderator", "he"),
            "QUICK": _p("Becky Quick", "moderator", "she"), "SANTELLI": _p("Rick Santelli", "moderator", "he"),
            "EPPERSON": _p("Sharon Epperson", "moderator", "she"), "CRAMER": _p("Jim Cramer", "moderator", "he"),
            "TRUMP": _TRUMP, "RUBIO": _p("Marco Rubio", "candidate", "he"),
            "HUCKABEE": _p("Mike Huckabee", "candidate", "he"), "CRUZ": _p("Ted Cruz", "candidate", "he"),
            "FIORINA": _p("Carly Fiorina", "candidate", "she"), "BUSH": _p("Jeb Bush", "candidate", "he"),
            "KASICH": _p("John Kasich", "candidate", "he"), "CARSON": _p("Ben Carson", "candidate", "he"),
            "PAUL": _p("Rand Paul", "candidate", "he"), "CHRISTIE": _p("Chris Christie", "candidate", "he"),
            # misspelt or unnamed labels: whoever they are, not certain
            "RITCHIE": UNKNOWN, "HARMAN": UNKNOWN, "MALE": UNKNOWN, "UNIDENTIFIED MALE": UNKNOWN,
            "(UNKNOWN)": UNKNOWN},
           drop=(r"^Following is a transcript of", r"^Advertisement$", r"^Continue reading the main story$",
                 r"^RELATED COVERAGE$", r"^Photo$", r"Credit [\w .]+/The New York Times$",
                 r"Transcript: The .Undercard. Republican", r"^END$")),
    Source("2019-06-26-democratic-miami", "Democratic Candidates Debate in Miami, Florida",
           "2019-06-26", "favstats/demdebates2020", "1d512515390822034fc72b780a78de6b9bb0f361",
           ("data/debates.csv",), "csv", {"Unknown": UNKNOWN}, select={"debate": "1", "day": "1"},
           licence="GPL-3 (the R package; the transcript text is the publishers')"),
    Source("2020-02-19-democratic-las-vegas", "Democratic Candidates Debate in Las Vegas, Nevada",
           "2020-02-19", "favstats/demdebates2020", "1d512515390822034fc72b780a78de6b9bb0f361",
           ("data/debates.csv",), "csv", {"Protester": NOBODY, "Unknown": UNKNOWN}, select={"debate": "9", "day": "1"},
           licence="GPL-3 (the R package; the transcript text is the publishers')"),
)


# ---------------------------------------------------------------- reading the sources

def git_dir(mirror: str, repo: str) -> str:
    """The mirror's git directory of `repo` (a bare repository or a work tree's .git)."""
    base = os.path.join(mirror, repo.replace("/", "+"))
    for d in (os.path.join(base, "repo", ".git"), os.path.join(base, "repo"), base):
        if os.path.exists(os.path.join(d, "HEAD")):
            return d
    raise SystemExit(f"--mirror {mirror}: no copy of {repo} there; fetch github:{repo} first")


def read_blob(gdir: str, commit: str, path: str) -> str:
    p = subprocess.run(["git", "--git-dir", gdir, "show", f"{commit}:{path}"], capture_output=True)
    if p.returncode:
        raise SystemExit(f"{gdir}: cannot read {path} at {commit[:10]} ({p.stderr.decode(errors='replace').strip()})")
    return p.stdout.decode("utf-8-sig").replace("\r\n", "\n")


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _who(source: Source, label: str) -> tuple[Person | None, str | None]:
    got = source.people.get(label)
    if isinstance(got, Person):
        return got, None
    if got in (NOBODY, UNKNOWN):
        return None, got
    raise SystemExit(f"{source.repo}/{source.paths[0]}: label {label!r} is not in the speaker table of {source.name}; "
                     "add it to SOURCES in bench/debates.py")


def turns_from_rows(source: Source, rows: Iterable[tuple[str, str]]) -> list[Para]:
    """Paragraphs from (speaker label, text) rows where every row names its speaker: a row opens a
    turn when its speaker differs from the last speaker's; a stage row ("(APPLAUSE)") is a
    paragraph of its own and does not end the turn."""
    out: list[Para] = []
    last: tuple | None = None
    for label, text in rows:
        text = clean(text)
        if not text:
            continue
        if STAGE.match(text):
            out.append(Para(text, stage=True))
            continue
        person, who = _who(source, label)
        ident = (person.name,) if person else (label,)
        if ident != last:
            out.append(Para(text, person, True, None if person else label, who))
        else:
            out.append(Para(text, person, False, None, who))
        last = ident
    return out


def read_json(source: Source, blobs: list[str]) -> list[Para]:
    """A JavaScript file whose first array literal holds {"speaker", "text"} objects."""
    rows = []
    for blob in blobs:
        start = blob.index("[")
        data, _ = json.JSONDecoder().raw_decode(blob[start:])
        rows += [(r["speaker"], r["text"]) for r in data]
    return turns_from_rows(source, rows)


def _rev_text(text: str) -> list[str]:
    """A rev.com block's text with its bracket marks rewritten as a transcript writes them; a
    crosstalk mark at the end becomes a "(CROSSTALK)" paragraph after it."""
    out = []
    text = _REV_SILENCE.sub(" ", _REV_INAUDIBLE.sub("(inaudible)", text))
    text = _REV_UNSURE.sub(r"\1", text)
    parts = _REV_CROSSTALK.split(text)
    body = re.sub(r"\(CROSSTALK\) ([,.;:?!])", r"(CROSSTALK)\1", " (CROSSTALK) ".join(p.strip() for p in parts))
    tail = False
    m = re.search(r"\s*\(CROSSTALK\)\s*[-.…]*\s*$", body)
    if len(parts) > 1 and m:
        body, tail = body[:m.start()].rstrip() + "-", True
    if body.strip(" -"):
        out.append(clean(body))
    if tail:
        out.append("(CROSSTALK)")
    return out


def read_rev(source: Source, blobs: list[str]) -> list[Para]:
    """rev.com exports: "Name:" on its own line, the text on the next lines, blocks separated by
    blank lines; parts of one debate in order, where a part may start by repeating the end of the
    part before."""
    blocks: list[tuple[str, str]] = []
    for blob in blobs:
        part = re.findall(r"^([^\n:]{1,40}):\n(.*?)(?=\n\s*\n|\Z)", blob, re.M | re.S)
        if blocks and part and part[0][0] == blocks[-1][0]:
            head = clean(part[0][1]).lstrip(". …")[:40]
            prev = clean(blocks[-1][1])
            if head and head in prev:          # the part repeats the last block: keep the longer text
                blocks[-1] = (blocks[-1][0], prev[:prev.index(head)] + clean(part[0][1]).lstrip(". …"))
                part = part[1:]
        blocks += part
    rows = []
    for label, text in blocks:
        for piece in _rev_text(text):
            rows.append((label, piece))
    return turns_from_rows(source, rows)


_FNS_LABEL = re.compile(r"^(\(UNKNOWN\)|[A-Z][A-Z'’.\- ]*[A-Z.](?:, [A-Z][A-Z ]+)?):\s+(?=\S)")


def read_fns(source: Source, blobs: list[str]) -> list[Para]:
    """Federal News Service / CNN rush transcripts: one paragraph a line, a turn opened by an upper
    case "SURNAME:" and running over the lines after it. An unlabelled line is the current turn's
    speaker's, except after "(CROSSTALK)", a video clip or a commercial break, or before the
    first label, where it is nobody certain's. Page debris (`Source.drop`) is dropped and a
    paragraph it had cut in two is joined again."""
    out: list[Para] = []
    current: tuple[Person | None, str | None] | None = None
    dropped = False
    for blob in blobs:
        for line in blob.split("\n"):
            line = clean(line)
            if not line:
                continue
            if any(re.search(p, line) for p in source.drop):
                dropped = True
                continue
            if STAGE.match(line):
                out.append(Para(line, stage=True))
                if re.search(r"CROSSTALK|CROSS TALK|VIDEO|COMMERCIAL|BREAK", line):
                    current = None
                dropped = False
                continue
            m = _FNS_LABEL.match(line)
            if m:
                label = m.group(1)
                person, who = _who(source, label)
                current = (person, who)
                out.append(Para(line[m.end():], person, True, None if person else label.rstrip(":"), who))
            elif dropped and out and not out[-1].stage and not re.search(r"[.?!”\")…-]$", out[-1].text):
                out[-1].text += " " + line       # "... making our foreign" / Advertisement / "policy ..."
            elif current is None:
                out.append(Para(line, None, False, None, UNKNOWN))
            else:
                out.append(Para(line, current[0], False, None, current[1]))
            dropped = False
    return out


def read_csv(source: Source, blobs: list[str]) -> list[Para]:
    """favstats/demdebates2020's table: one row per paragraph (speaker, speech) or per stage
    direction (background), in `order` within one debate and day."""
    rows = []
    for blob in blobs:
        for r in csv.DictReader(io.StringIO(blob)):
            if all(r.get(k) == v for k, v in source.select.items()):
                rows.append(r)
    rows.sort(key=lambda r: int(r["order"]))
    people = dict(source.people)
    for r in rows:
        if r["speaker"] not in people and r["type"] in ("Candidate", "Moderator"):
            gender = {"male": "he", "female": "she"}.get(r["gender"])
            people[r["speaker"]] = Person(r["speaker"], r["type"].lower(), gender)
    src = Source(**{**source.__dict__, "people": people})
    out = []
    for r in rows:
        speech, bg = r["speech"], r["background"]
        if speech and speech != "NA":
            out.append((r["speaker"], speech))
        if bg and bg != "NA":
            out.append((r["speaker"], bg))
    return turns_from_rows(src, out)


READERS: dict[str, Callable[[Source, list[str]], list[Para]]] = {
    "json": read_json, "rev": read_rev, "fns": read_fns, "csv": read_csv}


# ---------------------------------------------------------------- writing

def surname_labels(paras: list[Para]) -> dict[str, str]:
    """Full name -> the upper-case label of that speaker ("DE BLASIO"); two speakers of one
    debate with one surname get their full names ("JULIAN CASTRO")."""
    people = {p.person.name: p.person for p in paras if p.person}
    by_last: dict[str, list[str]] = {}
    for name, person in people.items():
        by_last.setdefault(person.last.upper(), []).append(name)
    out = {}
    for last, names in by_last.items():
        for name in names:
            out[name] = last if len(names) == 1 else name.upper()
    return out


def render(title: str, paras: list[Para], full: bool) -> tuple[str, list[dict]]:
    """The transcript text and, per paragraph, where its text without the label is."""
    labels = {} if full else surname_labels(paras)
    pieces = [title]
    rows = [{"para": 0, "kind": "title", "speaker": None, "span": [0, len(title)]}]
    pos = len(title)
    for k, p in enumerate(paras, 1):
        pos += 2
        if p.stage:
            prefix, kind = "", "stage"
        elif p.opens:
            if p.person:
                label = p.person.name if full else labels[p.person.name]
            elif full:
                label = p.label.title() if p.label.isupper() else p.label
            else:
                label = p.label.upper()
            prefix, kind = label + ": ", "turn"
        else:
            prefix, kind = "", "continuation"
        pieces.append(prefix + p.text)
        rows.append({"para": k, "kind": kind, "speaker": p.person.name if p.person else None,
                     "who": p.who if not p.stage else None, "label": prefix[:-2] or None,
                     "span": [pos + len(prefix), pos + len(prefix) + len(p.text)]})
        pos += len(prefix) + len(p.text)
    return "\n\n".join(pieces) + "\n", rows


def build(source: Source, mirror: str) -> list[Para]:
    gdir = git_dir(mirror, source.repo)
    blobs = [read_blob(gdir, source.commit, path) for path in source.paths]
    paras = READERS[source.reader](source, blobs)
    if not paras:
        raise SystemExit(f"{source.repo}/{source.paths[0]}: no paragraphs read for {source.name}")
    return paras


def write(out: str, sources: Iterable[Source], mirror: str, log=print) -> dict[str, list[Para]]:
    for sub in ("text", "text-fullname", "turns"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    built = {}
    speakers: dict[str, dict] = {}
    with open(os.path.join(out, "sources.tsv"), "w", encoding="utf-8") as fh:
        fh.write("file\tdate\ttitle\trepository\tcommit\tpaths\tlicence\n")
        for s in sources:
            paras = build(s, mirror)
            built[s.name] = paras
            text, rows = render(s.title, paras, full=False)
            text_full, rows_full = render(s.title, paras, full=True)
            for r, rf in zip(rows, rows_full):
                r["span_full"] = rf["span"]
                r["label_full"] = rf.get("label")
            for sub, t in (("text", text), ("text-fullname", text_full)):
                with open(os.path.join(out, sub, s.name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
                    f.write(t)
            with open(os.path.join(out, "turns", s.name + ".jsonl"), "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            fh.write(f"{s.name}.txt\t{s.date}\t{s.title}\t{s.repo}\t{s.commit}\t{','.join(s.paths)}\t{s.licence}\n")
            people = {p.person.name for p in paras if p.person}
            for p in paras:
                if p.person:
                    entry = speakers.setdefault(p.person.name, {"role": p.person.role, "gender": p.person.gender,
                                                                "surname": p.person.last, "debates": []})
                    if s.name + ".txt" not in entry["debates"]:
                        entry["debates"].append(s.name + ".txt")
            log(f"{s.name}: {len(paras)} paragraphs, {sum(p.opens for p in paras)} turns, {len(people)} speakers "
                f"({sum(1 for p in paras if p.opens and not p.person)} turns of nobody certain)")
    with open(os.path.join(out, "speakers.json"), "w", encoding="utf-8") as fh:
        json.dump(speakers, fh, indent=1, ensure_ascii=False, sort_keys=True)
    return built


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output folder, outside the project (text/, text-fullname/, turns/)")
    ap.add_argument("--mirror", default="/work/.mirror", help="where `fetch` put the source repositories")
    ap.add_argument("--only", nargs="*", help="build only these debates (file stems)")
    a = ap.parse_args(argv)
    sources = [s for s in SOURCES if not a.only or s.name in a.only]
    if a.only and len(sources) != len(a.only):
        raise SystemExit(f"--only: unknown debate; known: {', '.join(s.name for s in SOURCES)}")
    write(a.out, sources, a.mirror, log=lambda m: print(m, file=sys.stderr))


if __name__ == "__main__":
    main()
