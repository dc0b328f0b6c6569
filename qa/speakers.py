"""The corpus-wide speaker directory: one entry per person or organisation across documents.

Documents each give their own canonical names ("Donald J. Trump", "Trump", "Donald Trump"); the
directory merges them (initials and titles ignored, spellings of one transliterated name joined,
"Energy Minister Alexander Novak" with "Alexander Novak", a formal and an everyday name of one
person joined, a bare surname joined to the one full name that carries it, the most quoted one
when several do) and indexes names, surnames, nicknames and the descriptions documents bound to
each entry, so a question can name a speaker any of those ways ("Bill Clinton" finds William J.
Clinton). Matching rules live in `corpus.attribution.names`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.attribution import lexicon as lx
from corpus.attribution import names as nm
from corpus.attribution.descriptions import description_score, description_words
from corpus.attribution.entities import HONORIFIC_WORDS, NAME_SUFFIXES, initials
from qa.records import SpeakerRecord

_KIND_RANK = {"group": 0, "org": 1, "place": 2, "person": 3}
# words that make a title another office than the bare one: a question about "the mayor" means the mayor
_LESSER_RANKS = frozenset({"deputy", "vice", "acting", "assistant", "associate", "interim", "former"})
_TOKEN = re.compile(r"[^\W_][\w.'’\-]*")


def name_tokens(text: str) -> list[str]:
    """Lower-cased name tokens without periods, possessives or leading titles ("Dr. Michael Carpenter's")."""
    toks = []
    for t in _TOKEN.findall(text):
        t = re.sub(r"['’]s?$", "", t.lower()).replace(".", "")
        if t:
            toks.append(t)
    while len(toks) > 1 and toks[0] in HONORIFIC_WORDS:
        toks.pop(0)
    return toks


def split_name(name: str) -> tuple[str, str]:
    """(name, title) of a stored speaker name: title words before a person's name are not part of it
    ("Energy Minister Alexander Novak" -> ("Alexander Novak", "Energy Minister"), "Belarus Alexander
    Lukashenko" -> ("Alexander Lukashenko", "Belarus")); "International Monetary Fund" stays whole."""
    return nm.person_and_title(name)


def name_key(name: str) -> str:
    """Name tokens without title, initials or spelling variants: "Donald J. Trump" -> "donald trump",
    "Energy Minister Aleksandr Novak" -> "alexandr novak". A suffix stays, because it is another
    person: "Donald Trump Jr." -> "donald trump jr"."""
    toks = name_tokens(split_name(name)[0])
    core = [t for t in toks if len(t) > 1 or t in NAME_SUFFIXES] or toks
    return " ".join(t if t in NAME_SUFFIXES else nm.token_key(t) for t in core)


def surname(key_tokens) -> str:
    """The last name word of a key, past a suffix ("donald trump jr" -> "trump")."""
    toks = [t for t in key_tokens if t not in NAME_SUFFIXES] or list(key_tokens)
    return toks[-1]


def _given(name: str) -> str | None:
    """The given name of a stored speaker name, None when it has none or is no person's name at all
    ("Trump’s potential VP", a headline fragment the parser took for a person)."""
    p = nm.parse_name(split_name(name)[0])
    return p.given if p is not None else None


def display_name(entry: SpeakerEntry, counts: dict[str, int]) -> str:
    """The name an entry is shown by: the most quoted of its spellings that reads as a name (titles
    split off), a person's full name before a bare surname. Attribution sometimes keeps a word of the
    sentence with a name ("pro-Jeb Bush", "Weak - Rubio"); such a spelling is rare and not clean, so
    "Jeb Bush" and "Marco Rubio" are shown."""
    quoted: Counter = Counter()
    for v in entry.variants:
        quoted[split_name(v)[0]] += counts.get(v, 0)
    quoted[entry.name] += 0

    def rank(name: str) -> tuple:
        words = name.split()
        clean = all(w[:1].isupper() or nm.fold(w) in nm.PARTICLES or nm.is_initial(w) for w in words) and all(
            re.fullmatch(r"[^\W\d_](?:[\w.'’\-]*[^\W_])?\.?", w) for w in words)
        if entry.kind == "person":  # "CNN President On Trump", "DONALD TRUMP"
            clean = clean and not any(w.isupper() and len(w) > 1 and not nm.is_initial(w) for w in words)
        full = clean and entry.kind == "person" and len(name_key(name).split()) > 1
        return clean, full, quoted[name], len(name), name

    return max(quoted, key=rank)


def _question_words(text: str) -> list[str]:
    """The words of a question's description, its head last ("the Minister of Finance" -> finance, minister)."""
    head, of, tail = re.split(r"\s+(of|for)\s+", text, maxsplit=1) if re.search(r"\s(?:of|for)\s", text) \
        else (text, "", "")
    return description_words(f"{tail} {head}" if of and re.search(r"\b[A-Z]", tail) else text)


@dataclass
class SpeakerEntry:
    """A speaker across the corpus."""

    name: str
    kind: str = "person"
    variants: set = field(default_factory=set)      # canonical names as stored with statements
    descriptors: set = field(default_factory=set)   # description words ("belarusian", "president")
    aliases: Counter = field(default_factory=Counter)
    gender: str | None = None
    statements: int = 0
    docs: set = field(default_factory=set)

    @property
    def key(self) -> str:
        return name_key(self.name)


class SpeakerDirectory:
    """Speakers of an index, found by name, surname, description or pronoun gender."""

    def __init__(self, records: list[SpeakerRecord], counts: dict[str, int]):
        by_key: dict[str, SpeakerEntry] = {}
        genders: dict[str, Counter] = {}
        for r in records:
            doc_id, name, kind, aliases, gender = r.doc_id, r.name, r.kind, r.aliases, r.gender
            key = name_key(name)
            if not key:
                continue
            clean, title = split_name(name)
            e = by_key.setdefault(key, SpeakerEntry(name=clean, kind=kind))
            if _KIND_RANK.get(kind, 0) > _KIND_RANK.get(e.kind, 0):
                e.kind = kind  # a person in one document is a person; a name used as a place is a place
            if (len(clean), counts.get(clean, 0)) > (len(e.name), counts.get(e.name, 0)):
                e.name = clean
            e.variants.add(name)
            e.docs.add(doc_id)
            for a in list(aliases) + ([title] if title else []):
                e.aliases[a] += 1
                e.descriptors.update(description_words(a))
            if gender:
                genders.setdefault(key, Counter())[gender] += 1
        for name in counts:  # statements whose speaker is a group label, not an entity
            key = name_key(name)
            if key and key not in by_key:
                by_key[key] = SpeakerEntry(name=name, kind="group", variants={name})
            elif key:
                by_key[key].variants.add(name)
        self._merge_same_people(by_key, genders)
        self._merge_partial_names(by_key)
        for key, e in by_key.items():
            e.statements = sum(counts.get(v, 0) for v in e.variants)
            e.name = display_name(e, counts)
            g = genders.get(key)
            if g:
                e.gender = g.most_common(1)[0][0]
        self.entries = sorted(by_key.values(), key=lambda e: (-e.statements, e.name))
        self.by_variant = {v: e for e in self.entries for v in e.variants}
        self._names: dict[tuple, list[SpeakerEntry]] = {}
        for e in self.entries:
            for v in e.variants | {e.name}:
                toks = tuple(name_key(v).split())
                if toks:
                    self._names.setdefault(toks, []).append(e)
                    if e.kind == "person" and len(toks) > 1:
                        self._names.setdefault((surname(toks),), []).append(e)
            if e.kind == "org" and initials(e.name):  # "IMF" for the International Monetary Fund
                abbr = (initials(e.name).lower(),)  # type: ignore[union-attr]
                if e not in self._names.get(abbr, []):
                    self._names.setdefault(abbr, []).append(e)
        for es in self._names.values():
            es.sort(key=lambda e: -e.statements)
        self._add_nicknames()

    def _add_nicknames(self) -> None:
        """Other forms of a person's given name, as `names.same_person` allows them: "Bill Clinton" for
        William J. Clinton, "Joe Biden" for Joseph R. Biden Jr. (a formal name with a middle initial
        and a suffix is also the everyday name without them; "Donald Trump Jr." is not "Donald
        Trump"). A name the corpus has is never taken."""
        extra: dict[tuple, list[SpeakerEntry]] = {}
        for e in self.entries:
            if e.kind != "person":
                continue
            for v in e.variants | {e.name}:
                p = nm.parse_name(split_name(v)[0])
                if p is None or p.given is None or nm.is_initial(p.given):
                    continue
                last = nm.token_key(p.surname)
                tails = [(last, p.suffix)] + ([(last,)] if p.middles else []) if p.suffix else [(last,)]
                for given in {p.given.lower()} | nm.nicknames(p.given):
                    for tail in tails:
                        toks = (nm.token_key(given),) + tail
                        if toks not in self._names and e not in extra.get(toks, []):
                            extra.setdefault(toks, []).append(e)
        for toks, es in extra.items():
            self._names[toks] = sorted(es, key=lambda e: -e.statements)

    @staticmethod
    def _merge_same_people(by_key: dict[str, SpeakerEntry], genders: dict[str, Counter]) -> None:
        """Join full names of one person written differently ("William J. Clinton" / "Bill Clinton",
        "Joseph R. Biden Jr." / "Joe Biden"), when all the names joined fit each other: "J. Smith"
        is joined to neither John nor Jane Smith when both are there."""
        groups: dict[str, list[str]] = {}
        for k, e in by_key.items():
            toks = k.split()
            if e.kind == "person" and len(toks) > 1:
                groups.setdefault(surname(toks), []).append(k)
        for keys in groups.values():
            def fit(a: str, b: str) -> bool:  # every spelling of one fits every spelling of the other
                ea, eb = by_key[a], by_key[b]
                return all(nm.same_person(split_name(x)[0], split_name(y)[0])
                           for x in ea.variants | {ea.name} for y in eb.variants | {eb.name})

            fits = {a: {b for b in keys if b != a and fit(a, b)} for a in keys}
            for a in keys:
                group = {a} | fits[a]
                if a not in by_key or len(group) < 2 or any(k not in by_key for k in group) or any(
                        y not in fits[x] for x in group for y in group if x != y):
                    continue
                target = by_key[a]
                for b in group - {a}:
                    other = by_key.pop(b)
                    if len(other.name) > len(target.name):
                        target.name = other.name
                    target.variants |= other.variants
                    target.descriptors |= other.descriptors
                    target.aliases.update(other.aliases)
                    target.docs |= other.docs
                    genders.setdefault(a, Counter()).update(genders.pop(b, Counter()))

    @staticmethod
    def _merge_partial_names(by_key: dict[str, SpeakerEntry]) -> None:
        """Join one-word names ("Trump", "Hillary") to the full name that carries them."""
        by_last: dict[str, list[SpeakerEntry]] = {}
        by_first: dict[str, list[SpeakerEntry]] = {}
        for k, e in by_key.items():
            toks = k.split()
            if len(toks) > 1 and e.kind == "person":
                by_last.setdefault(surname(toks), []).append(e)
                by_first.setdefault(toks[0], []).append(e)
        for key in [k for k in by_key if len(k.split()) == 1]:
            e = by_key[key]
            if e.kind not in ("person", "org"):
                continue
            cands = by_last.get(key) or by_first.get(key)
            if not cands:
                continue
            # "J. Smith": only a full name with that initial, and only one
            firsts = {p.given[0].lower() for v in e.variants for p in [nm.parse_name(split_name(v)[0])]
                      if p is not None and p.given}
            if firsts:
                cands = [f for f in cands if (_given(f.name) or "?")[0].lower() in firsts]
                if len(cands) != 1:
                    continue
            target = max(cands, key=lambda f: (len(f.docs), len(f.variants)))
            target.variants |= e.variants
            target.descriptors |= e.descriptors
            target.aliases.update(e.aliases)
            target.docs |= e.docs
            del by_key[key]

    # -- queries -------------------------------------------------------------------------------
    def top(self, n: int = 20, groups: bool = False) -> list[tuple[str, int]]:
        """The `n` speakers with most statements: people, organisations and places (a country that
        speaks as its government, "Russia said that ..."); with `groups`, also the unnamed groups that
        a sentence makes a source of ("Colleagues said", "Figures show", "Republicans argue"), which
        are no one a reader would pick from a list of speakers."""
        return [(e.name, e.statements) for e in self.entries if e.statements and (groups or e.kind != "group")][:n]

    def get(self, name: str) -> SpeakerEntry | None:
        if name in self.by_variant:
            return self.by_variant[name]
        es = self._names.get(tuple(name_key(name).split()))
        return es[0] if es else None

    def find_person(self, name: str) -> SpeakerEntry | None:
        """The person a full name in a question means: the entry with that name in any of the forms
        `get` knows, or else the most quoted person with a name `names.same_person` says can be the
        same ("Joseph R. Biden Jr." for Joe Biden, "Jeffrey M. Jones" for Jeffrey Jones, "Aleksandr"
        for Alexander), never one who only shares the surname ("Alex Jones", "Donald Trump" for Donald
        Trump Jr.); failing that, the one person the corpus names by that surname alone ("Tim Ryan" for a
        transcript's "RYAN:"). None when the corpus has nobody it can be."""
        entry = self.get(name)
        if entry is not None:
            return entry
        p = nm.parse_name(name)
        if p is None:
            return None
        if p.given is None or len(name_key(name).split()) > 2:
            entry = self._by_name_start(name)
            if entry is not None or p.given is None:
                return entry
        same_surname = [e for e in self._names.get((nm.token_key(p.surname),), []) if e.kind == "person"]
        fits = [e for e in same_surname if any(
            len(name_key(v).split()) > 1 and nm.same_person(name, split_name(v)[0]) for v in e.variants | {e.name})]
        if fits:
            return max(fits, key=lambda e: e.statements)
        # a transcript that labels its speakers by surname only ("RYAN:", "O'ROURKE:"): the one person the corpus
        # knows by that surname alone, when nothing in the full name contradicts it (a suffix does: Trump Jr.)
        bare = [e for e in same_surname if all(len(name_key(v).split()) == 1 for v in e.variants | {e.name})
                and nm.same_person(name, e.name)]
        return bare[0] if len(bare) == 1 else None

    def _by_name_start(self, name: str) -> SpeakerEntry | None:
        """The one person whose full name starts with the question's name, when no one bears it as a
        surname: "King Salman" or "Salman bin Abdulaziz" for "Salman bin Abdulaziz Al Saud"."""
        key = name_key(name).split()
        if not key or self._names.get((key[-1],)):
            return None
        fits = {e.key: e for v, e in self.by_variant.items() if e.kind == "person"
                and len(name_key(v).split()) > len(key) and name_key(v).split()[:len(key)] == key}
        return next(iter(fits.values())) if len(fits) == 1 else None

    def find_names(self, text: str) -> list[tuple[int, int, SpeakerEntry]]:
        """Non-overlapping name mentions in `text` (longest first): (start, end, entry)."""
        spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        keys = [[t if t in NAME_SUFFIXES else nm.token_key(t) for t in name_tokens(t)] for _, _, t in spans]
        out, i = [], 0
        while i < len(spans):
            hit = None
            for n in range(min(5, len(spans) - i), 0, -1):
                toks = tuple(t for k in keys[i:i + n] for t in k)
                first = spans[i][2]
                if toks in self._names and (first[:1].isupper() or n > 1 and first.lower() != first):
                    hit = (spans[i][0], spans[i + n - 1][1], self._names[toks][0], n)
                    break
            if hit:
                out.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return out

    def match_description(self, text: str) -> SpeakerEntry | None:
        """The speaker whose bound descriptions fit "the Belarusian president" best ("the president of
        Belarus" is read as "the Belarus president"). The head noun must fit, and so must half of the
        words before it: "the president of the United States" is not the Belarusian president."""
        head, of, tail = re.split(r"\s+(of|for)\s+", text, maxsplit=1) if re.search(r"\s(?:of|for)\s", text) \
            else (text, "", "")
        ws = description_words(f"{tail} {head}" if of and re.search(r"\b[A-Z]", tail) else text)
        if ws and ws[-1] not in lx.ROLE_NOUNS | lx.ORG_NOUNS | {"head-of-state", "premier", "ceo"} and of:
            role = head.split()[-1].lower() if head.split() else ""
            if role in lx.ROLE_NOUNS and role in lx.GENERIC_WORDS:
                return self._by_organisation(description_words(tail))
        if not ws or ws[-1] not in lx.ROLE_NOUNS | lx.ORG_NOUNS | {"head-of-state", "premier", "ceo"}:
            return None
        fits = self._fitting(ws)
        return fits[0] if fits else None

    def match_descriptions(self, text: str) -> list[SpeakerEntry]:
        """Every speaker `match_description` could mean, best first: in a corpus of several documents "the
        head of state" may be a different person in each."""
        best = self.match_description(text)
        if best is None:
            return []
        return [best] + [e for e in self._fitting(_question_words(text)) if e is not best]

    def also_holding(self, text: str, entry: SpeakerEntry) -> list[SpeakerEntry]:
        """The other speakers the text gives every word of description `text` as `entry` ("the finance
        minister" of two countries' pages), by word, not by a synonym: "the president" of a chamber is
        another president, but no other "head of state"."""
        ws = set(_question_words(text))
        if not ws or not ws <= entry.descriptors:
            return []
        return [e for e in self._fitting(sorted(ws)) if e is not entry and ws <= e.descriptors
                and not (e.descriptors & _LESSER_RANKS) - ws]  # not the deputy prime minister

    def _fitting(self, ws: list[str]) -> list[SpeakerEntry]:
        """The speakers a description's words `ws` (its head last) fit, best first."""
        scored = []
        for e in self.entries:
            if not e.descriptors or not e.statements:
                continue
            if description_score(ws[:-1], e.descriptors) * 2 < len(ws) - 1:
                continue
            # the mayor the question asks about, not the deputy mayor, when both fit as well
            key = (description_score(ws, e.descriptors), not ((e.descriptors & _LESSER_RANKS) - set(ws)), e.statements)
            if key[0] >= 2.0:
                scored.append((key, e))
        # best first; among equals the first entry (the directory's order), as `max` over the entries did
        return [e for _, e in sorted(scored, key=lambda x: x[0], reverse=True)]

    def _by_organisation(self, ws: list[str]) -> SpeakerEntry | None:
        """"The Chief of the General Staff": a role word that says nothing alone ("chief", "head") of a
        named body; the speaker whose descriptions hold every word of that body, the most quoted if several."""
        if not ws:
            return None
        fits = [e for e in self.entries if e.statements and e.descriptors
                and description_score(ws, e.descriptors) == len(ws) + 1]
        return max(fits, key=lambda e: e.statements, default=None)

    def most_prominent(self, gender: str | None = None, kinds=("person",)) -> SpeakerEntry | None:
        for e in self.entries:
            if e.kind in kinds and e.statements and (gender is None or e.gender in (None, gender)):
                return e
        return None
