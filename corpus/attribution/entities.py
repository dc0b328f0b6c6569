"""The people and organisations of one document, and how its mentions resolve to them.

Names are clustered within the document (Aleksandr Lukashenko = Lukashenko = Mr. Lukashenko;
Bill and Hillary Clinton kept apart, a bare "Clinton" going to the one in focus). Each entity
collects descriptors the text binds to it ("Belarus President Aleksandr Lukashenko",
"Melezia Figueroa, a spokeswoman for Stein"), so a description ("the Belarusian leader",
"the head of state") can be matched to it. Pronouns go to the most recent compatible
speaker or subject, using a gender learned from honorifics, first names and role nouns.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.attribution import lexicon as lx
from corpus.attribution.descriptions import (
    description_score,
    description_words,
    holds_role,
    party_conflict,
    place_conflict,
    place_fit,
    rank_conflict,
    role_conflict,
    words,
)
from corpus.attribution.names import fold, given_names_match

_POSSESSIVE = re.compile(r"\s*['’]s?$")
NAME_SUFFIXES = lx.NAME_SUFFIXES  # part of who someone is: Donald Trump Jr.
_SUFFIXES = NAME_SUFFIXES | lx.NAME_SUFFIX_SPELLINGS
HONORIFIC_WORDS = frozenset(h.rstrip(".") for h in lx.HONORIFICS)  # "mr", "dr", "sen", ...
_WORD = re.compile(r"[^\W\d_][^\W\d_\-]*(?:['’][^\W\d_]+)*")  # "Lukashenko", "O’Neill", "Müller"
_FOCUS = ("source", "subject", "inner", "nested")  # the roles that put an entity in focus


def name_token(token: str) -> str:
    """A name word as a lookup key: lower case, no trailing period, one kind of apostrophe."""
    return token.lower().rstrip(".").replace("’", "'")


def core_name(name: str) -> list[str]:
    """A cleaned name's words without particles or suffixes ("De Blasio" -> ["Blasio"])."""
    toks = name.split()
    return [t for t in toks if t.lower() not in _SUFFIXES and t.lower() not in lx.NAME_PARTICLES] or toks


def acronym(name: str) -> str | None:
    """ "IMF", "N.A.A.C.P." -> the letters; None for anything else."""
    letters = name.replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() and " " not in name else None


def initials(name: str) -> str | None:
    """ "International Monetary Fund" -> "IMF" (small words skipped); None for one word."""
    ws = [w for w in name.split() if w.lower() not in lx.INITIALS_SKIP]
    if len(ws) < 2 or not all(w[:1].isupper() for w in ws):
        return None
    return "".join(w[0] for w in ws)


def clean_name(text: str, titles: bool = True) -> str:
    """Strip a possessive, leading honorifics/titles (with `titles`: an organisation's "Justice
    Department" or "General Motors" keeps its first word) and stray punctuation from a name."""
    text = _POSSESSIVE.sub("", text.strip().strip(",;:()[]\"“”‘’'/").rstrip("-–—"))  # ("University of Texas/Texas Tribune
    # poll", a transcript's cut-off "President Trump-")
    toks = text.split()
    while len(toks) > 1 and ((titles and toks[0].lower().rstrip(".") in HONORIFIC_WORDS)
                             or toks[0].lower() in lx.ARTICLES):
        toks.pop(0)
    while len(toks) > 1 and toks[-1].lower() in lx.NOT_NAME_ENDS:
        toks.pop()  # a caption's "President Obama Speech at ...": the name is "Obama"
    return " ".join(toks)



def person_name(raw: str, toks: list[str]) -> bool:
    """Can the cleaned words `toks` of `raw` be a person's name? No digit or colon in the text, and
    every word capitalised or short or a particle ("de", "bin"), never "approximately" or "four"."""
    if any(ch.isdigit() for ch in raw) or ":" in raw:
        return False
    return all(t[:1].isupper() or len(t) <= 3 or t.lower() in lx.NAME_PARTICLES for t in toks)


def _current_roles(e: Entity) -> set[str]:
    """`e`'s descriptors but the roles the text only gave them as former ("former host of the reality show")."""
    former: set[str] = set()
    for a in e.aliases:
        ws = words(a)
        former |= set(ws[ws.index("former") + 1:]) if "former" in ws else set()
    return e.descriptors - (former - {w for a in e.aliases if "former" not in words(a) for w in words(a)})


def settled_in(e: Entity) -> bool:
    """Has the text quoted `e`, named them more than once or by a given name and a surname (not "Oxygen", a
    word the NER once took for a name)? Only such a one is someone a description with nothing else to go
    by can stand for."""
    return bool(e.statements) or len(e.positions) > 1 or e.kind == "person" and e.first is not None


@dataclass
class Entity:
    id: int
    kind: str                      # "person" | "org"
    names: Counter = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None
    descriptors: set = field(default_factory=set)
    aliases: list = field(default_factory=list)
    gender_votes: Counter = field(default_factory=Counter)
    suffix: str | None = None      # "jr", "sr", "ii": part of who this is
    positions: list = field(default_factory=list)
    statements: int = 0
    place: bool = False            # an org that the NER called a place (GPE): "Florida", "St. Louis"
    kinds: list = field(default_factory=list)  # (position, noun) where the text called an org a "magazine", ...

    @property
    def name(self) -> str:
        """The fullest name the document gives (most words, then most frequent, then first seen)."""
        return max(self.names.items(), key=lambda kv: (len(kv[0].split()), len(kv[0]), kv[1]))[0]

    @property
    def gender(self) -> str | None:
        if not self.gender_votes:
            return None
        (g, n), *rest = self.gender_votes.most_common()
        return g if not rest or rest[0][1] < n else None

    def add_alias(self, text: str) -> None:
        text = " ".join(text.split()).strip(" ,")
        if text and text not in self.aliases and len(text) <= 80:
            self.aliases.append(text)
        for w in words(text):
            if w not in lx.GENERIC_WORDS:
                self.descriptors.add(w)
                if w in lx.FEMALE_ROLES:
                    self.gender_votes["f"] += 2
                elif w in lx.MALE_ROLES:
                    self.gender_votes["m"] += 2


_COORDINATED = re.compile(r"[,;]\s*(?:and|but|yet)\s+$")


class EntityTable:
    """The named entities of one document and the salience timeline used for pronouns."""

    def __init__(self, salience_window: int = 2500, focus_window: int = 300):
        """Args:
            salience_window: how far back (characters) `salient` looks by default.
            focus_window: how recently a subject or source keeps a shared name ("Clinton") in focus.
        """
        self.salience_window, self.focus_window = salience_window, focus_window
        self.entities: list[Entity] = []
        self._by_last: dict[str, list[Entity]] = {}
        self._by_first: dict[str, list[Entity]] = {}
        self._orgs: dict[str, Entity] = {}
        # (position, entity id, role) in document order; role: "source" of a statement, "nested" source
        # of one whose cue is under another statement's cue ("claiming that Obama wanted"), "subject" of a
        # main clause, "inner" subject of a clause under it, "asked" (the one a question was put to),
        # "mention", "quoted" inside a quote, or "pron" / "pron-inner" for a "he" or "she" subject that
        # stands for them (which only later pronouns go by)
        self.timeline: list[tuple[int, int, str]] = []
        self.sent_starts: list[int] = []  # where each sentence starts, in document order
        self.quoted_sents: set[int] = set()  # the sentences that start inside a quote
        self.text = ""  # the document's text
        self.places: dict[str, frozenset[str]] = {}  # words of places and nationalities: their kinds
        self.peoples: frozenset[str] = frozenset()  # the words of the nationalities the NER found, folded

    def conflict(self, ws: list[str], e: Entity) -> bool:
        """Does the description `ws` name another party, place or rank than `e` has?"""
        return party_conflict(ws, e.descriptors) or place_conflict(ws, e, self.places) or rank_conflict(ws, e)

    # -- building ------------------------------------------------------------------------
    def add_person(self, raw: str, pos: int, honorific: str | None = None, allow_caps: bool = False) -> Entity | None:
        name = clean_name(raw)
        toks = [t for t in name.split() if _WORD.fullmatch(t.rstrip(".")) or "-" in t or "." in t]
        if not toks or len(toks) > 5 or not toks[-1][:1].isupper():
            return None
        if not allow_caps and not person_name(raw, toks):
            return None  # "the approximately four in 10 Iowa Republicans", "AP-GfK Poll: Voters"
        if len(toks) == 1 and toks[0].isupper() and len(toks[0]) > 3 and not allow_caps:
            return None  # a dateline ("WASHINGTON ―") or a shouted word, not a person
        core = core_name(" ".join(toks))
        last = name_token(core[-1])
        first = name_token(core[0]) if len(core) > 1 else None
        # "Jr." names a different person: Donald Trump Jr. is not Donald Trump
        suffix = next((name_token(t) for t in toks if t.lower() in _SUFFIXES), None)
        ent = None
        g_first = lx.given_name_gender(first)
        h = (honorific or "").lower()
        g_honorific = "m" if h in lx.HONORIFICS_MALE else "f" if h in lx.HONORIFICS_FEMALE else None
        if first is not None:
            for e in self._by_last.get(last, []):
                if e.first is None and g_first and e.gender and e.gender != g_first:
                    continue  # "Michelle Obama" is not the "Mr. Obama" the text has named so far
                if (e.first is None or given_names_match(e.first, first)  # Aleksandr = Alexander, Ken = Kenneth
                        or (e.first[0] == first[0] and min(len(e.first), len(first)) <= 2)) \
                        and (e.suffix == suffix or e.first is None and not e.suffix):
                    ent = e
                    break
            if ent is None:
                ent = self._new("person", last=last, first=first)
                ent.suffix = suffix
            else:
                if len(first) > 2 and ent not in self._by_first.get(first, []):
                    self._by_first.setdefault(first, []).append(ent)  # "Mike" after "Michael Bloomberg"
                if ent.first is None or len(first) > len(ent.first):
                    ent.first = first
        else:
            ent = self.link_single(last, pos, suffix, gender=g_honorific)
            if ent is None and not honorific and last in lx.ROLE_NOUNS | lx.HONORIFICS:
                return None  # "the King’s state visit": a title, unless it is the surname of someone named
            if ent is None:
                ent = self._new("person", last=last)
                # "Melanie thought the whole thing was outrageous": a person the text calls by a given name
                # alone is of that name's gender (not a name that is also the other's, or a surname)
                g = {"m"} if last in lx.MALE_NAMES else set()
                g |= {"f"} if last in lx.FEMALE_NAMES else set()
                if len(g) == 1 and last not in lx.AMBIGUOUS_NAMES and toks[0][:1].isupper() and not honorific:
                    ent.gender_votes[g.pop()] += 1
            ent.suffix = ent.suffix or suffix
        ent.names[" ".join(toks)] += 1
        ent.positions.append(pos)
        if g_first:
            ent.gender_votes[g_first] += 1
        if g_honorific:
            ent.gender_votes[g_honorific] += 3
        return ent

    def _new(self, kind: str, last: str | None = None, first: str | None = None) -> Entity:
        e = Entity(len(self.entities), kind, first=first, last=last)
        self.entities.append(e)
        if last:
            self._by_last.setdefault(last, []).append(e)
        if first:
            self._by_first.setdefault(first, []).append(e)
        return e

    def link_single(self, token: str, pos: int, suffix: str | None = None, gender: str | None = None) -> Entity | None:
        """A one-word name: a known surname or first name; the one in focus wins. With a suffix
        ("Trump Jr."), only a person who carries it; with a gender ("Mr. Obama"), not one of the other."""
        t = name_token(token)
        cands = list(self._by_last.get(t, [])) + [e for e in self._by_first.get(t, []) if e.first]
        cands = list({e.id: e for e in cands}.values())
        if suffix:
            cands = [e for e in cands if e.suffix == suffix]
        if gender:
            cands = [e for e in cands if not e.gender or e.gender == gender]
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        # Several people share the name (Bill and Hillary Clinton): one who was just the subject or the
        # speaker of the last sentence or two keeps the focus; otherwise the one the text is most about.
        recent = [(p, eid) for p, eid, role in self.timeline if pos - self.focus_window <= p < pos and role in _FOCUS
                  and eid in {e.id for e in cands}]
        if recent:
            return self.entities[max(recent)[1]]
        return max(cands, key=lambda e: (len(e.positions), self._last_seen(e, pos)))

    def _last_seen(self, e: Entity, pos: int) -> int:
        before = [p for p in e.positions if p <= pos]
        return max(before) if before else -1

    def add_org(self, raw: str, pos: int, place: bool = False) -> Entity | None:
        name = clean_name(raw, titles=False)  # "The Washington Post" -> "Washington Post": the article is not part of the name
        key = " ".join(w for w in words(name) if w not in {"the"})
        if not key or not name[:1].isupper():
            return None
        ent = self._orgs.get(key)
        if ent is None:
            # "The Post" after "The New York Post": a shorter name contained in a known one.
            kw = set(key.split())
            for k, e in self._orgs.items():
                if kw and kw <= set(k.split()) and e.place == place:  # "Florida" is not the Florida Department of Health
                    ent = e
                    break
                if not place and set(k.split()) < kw and kw - set(k.split()) <= lx.LEGAL_FORMS:
                    ent = e  # "Halvorsen Logistics ASA" after the headline's "Halvorsen Logistics"
                    break
        if ent is None:
            # "IMF" and "International Monetary Fund", in either order
            acro = acronym(name)
            for e in self._orgs.values():
                if e.place == place and (acro and any(initials(n) == acro for n in e.names) or any(
                        acronym(n) and acronym(n) == initials(name) for n in e.names)):
                    ent = e
                    break
        if ent is None:
            ent = self._new("org")
        ent.place = ent.place or place
        self._orgs.setdefault(key, ent)
        ent.names[name] += 1
        ent.positions.append(pos)
        return ent

    def note(self, ent: Entity, pos: int, role: str) -> None:
        self.timeline.append((pos, ent.id, role))

    # -- resolving -------------------------------------------------------------------------
    def salient(self, pos: int, kinds=("person",), gender: str | None = None, window: int | None = None,
                roles=_FOCUS, exclude: Entity | None = None, description: str = "",
                named: frozenset[int] = frozenset(), settled: bool = False, main_first: bool = False) -> Entity | None:
        """The most recent entity before `pos` that is a source or subject and agrees in gender (and
        is not `exclude`: inside a transcript turn, "he" is never the one speaking; nor someone the
        `description` rules out by party or place). With `main_first`, a source or main-clause subject
        of that entity's sentence wins over one named in a clause under it ("House Speaker Paul Ryan says
        no matter what action President Barack Obama takes ... The Wisconsin Republican says" is Ryan)."""
        window = self.salience_window if window is None else window
        ws = description_words(description) if description else []
        best, best_sent = None, None
        for p, eid, role in reversed(self.timeline):
            if p >= pos:
                continue
            if pos - p > window or best_sent is not None and self.sentence_of(p) != best_sent:
                break
            e = self.entities[eid]
            if e.kind not in kinds or role not in roles or e is exclude or e.id in named:
                continue
            if gender and e.gender and e.gender != gender:
                continue
            if ws and (self.conflict(ws, e) or role_conflict(description, e.descriptors)) or settled and not settled_in(e):
                continue
            if best is None:
                best = e
                if not main_first or role in ("source", "subject"):
                    break
                best_sent = self.sentence_of(p)
            elif role in ("source", "subject"):
                return e
        return best

    def people_of(self, word: str) -> bool:
        """Is a capitalised word the plural of a nationality the text names ("Hispanics" where the NER
        found "Hispanic-Americans"): a group, not someone who can be "he" or "she"."""
        if not word.endswith("s") or not word[:1].isupper() or " " in word:
            return False
        return fold(word[:-1]) in self.peoples or word.endswith("es") and fold(word[:-2]) in self.peoples

    def sentence_of(self, pos: int) -> int:
        """The index of the sentence that holds document offset `pos`."""
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def antecedent(self, pos: int, gender: str | None, exclude: Entity | None = None,
                   named: frozenset[int] = frozenset()) -> Entity | None:
        """The person a "he"/"she" at `pos` stands for, sentence by sentence back from the pronoun's own:
        the latest source or main-clause subject of the nearest sentence that has one wins over the
        subject of a clause under it ("Trump said Obama founded ISIS, and he repeated it": Trump); in
        the sentence just before, failing one, the subject of an inner clause or a person named there
        for the first time ("... courtesy of Wes Nakagiri, a delegate. “...,” he said"). Further back
        (or when the nearest sentence with anyone names only mentions), the latest source or subject of
        any clause, then anyone named outside quotes. Not `exclude` (inside a transcript turn, "he" is
        never the one speaking). Not one of the entity ids `named` either (the people the words said
        name: "Westmacott also said that Obama shows “great charm”. “President Obama seems to me to be
        fond of the UK,” he said" is not Obama), unless they were the source or subject of the
        pronoun's sentence or the one before and no one else was, as someone may speak of themselves by
        name ("Trump, however, wasted no time responding. “We're going to win with Trump,” he said")."""
        e, firm = self._antecedent(pos, gender, exclude, frozenset())
        if e is None or e.id not in named:
            return e
        other, other_firm = self._antecedent(pos, gender, exclude, named)
        return e if firm and not other_firm else other

    def _antecedent(self, pos: int, gender: str | None, exclude: Entity | None,
                    named: frozenset[int]) -> tuple[Entity | None, bool]:
        """`antecedent` without its exception for `named`; and whether the one found was the source or
        subject of the pronoun's sentence or of the one before (else a weaker pick)."""
        here = self.sentence_of(pos)
        # the sentence before: before the quote the pronoun's sentence ends ("Crespo worries. “No one
        # writes songs for her. Obama had will.i.am,” he said.")
        before = here - 1
        while before in self.quoted_sents:
            before -= 1
        by_sent: dict[int, list[tuple[int, Entity, str]]] = {}
        listed: set[int] = set()  # the people the sentence before names for the first time
        for p, eid, role in reversed(self.timeline):
            if p >= pos:
                continue
            if pos - p > self.salience_window:
                break
            e = self.entities[eid]
            if e.kind == "person" and self.sentence_of(p) == before and min(e.positions) >= p:
                listed.add(e.id)
            if e.kind != "person" or e is exclude or e.id in named or role == "quoted" or (
                    gender and e.gender and e.gender != gender):
                continue
            by_sent.setdefault(self.sentence_of(p), []).append((p, e, role))
        for si in sorted(by_sent, reverse=True):
            found = by_sent[si]  # latest first
            asked = [e for _, e, role in found if role == "asked"]
            if asked and si in (here, before):
                # "X asked Sanders whether ... “Sure,” he said": the one asked answers; "Hewitt asked Trump
                # about statements he had made": the question is about them
                return asked[0], True
            # the source of a statement another reports is strong only in its own sentence ("Carson noted
            # that Chris Moody had tweeted ... right after he tweeted" is Moody, the next sentence's "he" not)
            strong = [e for _, e, role in found if role in ("source", "subject", "pron") or role == "nested" and si == here]
            if strong:
                return strong[0], si >= before
            if si == here:
                # "Former Rep. Chris Shays was pro John Kasich while ..., he said": the subject of the
                # reported clause, named there for the first time, is the one reporting it (but "Asked
                # about Obama, he said", "Trump will lose, he said" are not about the speaker)
                intro = [e for p, e, role in found if role == "inner" and min(e.positions) >= p]
                if intro:
                    return intro[-1], False
                # "Rubio gave an interview ..., and he condemned": a clause joined to the one before, whose
                # subject the parser put under another verb
                if _COORDINATED.search(self.text[max(0, pos - 12):pos]):
                    first = [e for _, e, role in found if role == "inner"]
                    if first:
                        return first[-1], False
                continue
            if si == before and len(listed) < 3:
                # not one of a list ("songs by Loretta Lynn, Elvis Costello, Johnny Cash and Ray
                # LaMontagne. Along the way, he'll share" is the one the text was about before)
                fresh = [e for p, e, role in found if role in ("inner", "pron-inner", "nested") or min(e.positions) >= p]
                if fresh:
                    return fresh[-1], False
            break
        # further back: the latest sentence where someone is a source or the subject of a clause, its
        # source or main-clause subject first ("Mr. Trump has broken more rules than Mr. Perot did. ...
        # He attacked" is Trump)
        for si in sorted(by_sent, reverse=True):
            focus = [(e, role) for _, e, role in by_sent[si] if role in _FOCUS + ("pron", "pron-inner")]
            if focus:
                return next((e for e, role in focus if role not in ("inner", "pron-inner", "nested")), focus[0][0]), False
        return self.salient(pos, gender=gender, roles=_FOCUS + ("mention", "asked"), exclude=exclude, named=named), False

    def in_focus(self, pos: int, gender: str | None = None, exclude: frozenset[int] = frozenset()) -> Entity | None:
        """The person the text is about at `pos`: the latest source, main-clause subject or "he"/"she" subject of the
        sentence holding `pos` or of the one before, before the quote that one may be ("“...,” said
        Marguerite Osei. “These homes are ours.” ¶ The 61-year-old said": Osei); None when neither has one."""
        here = self.sentence_of(pos)
        before = here - 1
        while before in self.quoted_sents:
            before -= 1
        skipped = False  # past one of `exclude`: only someone else in this sentence is "just then"
        for p, eid, role in reversed(self.timeline):
            if p >= pos:
                continue
            if self.sentence_of(p) < (here if skipped else before):
                break
            e = self.entities[eid]
            if e.kind == "person" and role in ("source", "subject", "pron") and not (gender and e.gender and e.gender != gender):
                if e.id not in exclude:
                    return e
                skipped = True
        return None

    def fitting(self, kinds=("person",), gender: str | None = None, description: str = "",
                not_roles: frozenset = frozenset(), exclude: frozenset[int] = frozenset()) -> list[Entity]:
        """Entities a description may stand for: of the kind and gender, of no other party, and not called
        by one of `not_roles`."""
        ws = description_words(description) if description else []
        return [e for e in self.entities if e.kind in kinds and e.id not in exclude and (not gender or not e.gender or e.gender == gender)
                and not self.conflict(ws, e) and not role_conflict(description, e.descriptors) and not _current_roles(e) & not_roles]

    def prominent(self, kinds=("person",), gender: str | None = None, description: str = "",
                  not_roles: frozenset = frozenset(), settled: bool = False,
                  exclude: frozenset[int] = frozenset()) -> Entity | None:
        """The entity the text is most about that the description may stand for (with `settled`: of those
        the text has established, see `settled_in`)."""
        cands = [e for e in self.fitting(kinds, gender, description, not_roles, exclude) if not settled or settled_in(e)]
        ws = description_words(description) if description else []
        # one whose role or party the description names first ("The Republican nominee": the Republican
        # the text names, not a voter quoted more often)
        key = ws[-1:] + [w for w in ws[:-1] if w in lx.PARTIES]
        return max(cands, key=lambda e: (bool(key and description_score(key, e.descriptors)),
                                         e.statements * 3 + len(e.positions), -e.id), default=None)

    def match_description(self, text: str, pos: int, kind: str = "person",
                          exclude: frozenset[int] = frozenset()) -> Entity | None:
        """Match "the Belarusian leader" to the entity whose descriptors fit best (recency breaks ties),
        not one of `exclude`."""
        ws = description_words(text)
        if not ws:
            return None
        cands = [e for e in self.entities if e.kind == kind and e.descriptors and e.id not in exclude]
        roles = [w for w in ws if w in lx.ROLE_NOUNS | lx.OCCUPATIONS]  # the role it names must fit, if it names one
        scored = []
        for e in cands:
            score = description_score(ws, e.descriptors)
            if score < 2.0 or self.conflict(ws, e):
                continue  # the head noun must fit, and a Republican is not a Libertarian
            if roles and not any(description_score([w], e.descriptors) for w in roles) and (
                    ws[-1] not in {w for n in e.names for w in words(n)}) and (  # "... Managing Editor Bill Sammon"
                    holds_role(e.descriptors) or not place_fit(ws, e, self.places)):
                continue  # "Trump's campaign manager" is not Cruz's campaign chairman (but "the King of
                #           Saudi Arabia" is the Saudi whom the text gives no title)
            if score:
                scored.append((score, self._last_seen(e, pos), e))
        if not scored:
            return None
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return scored[0][2]
