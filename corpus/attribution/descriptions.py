"""Descriptions of people and what they fit: "the Belarusian leader", "the Vermont senator".

A description is compared word by word with the descriptors the text bound to someone (titles,
appositions), with role synonyms ("head of state" = "president") and stem-like matches ("Belarusian"
~ "Belarus"), and ruled out by another party or another place than the text gives them.
"""
from __future__ import annotations

import re
from typing import Protocol

from corpus.attribution import lexicon as lx

_SYN: dict[str, set[str]] = {}
for group in lx.ROLE_SYNONYMS:
    for w in group:
        _SYN.setdefault(w.replace(" ", "-"), set()).update(g.replace(" ", "-") for g in group)
for general, particular in lx.ROLE_HYPERNYMS.items():
    _SYN.setdefault(general, {general}).update(particular)


class Aliased(Protocol):
    """What the place rules read of an entity: the titles and appositions the text gave it."""

    aliases: list


def words(text: str) -> list[str]:
    """Lower-cased words with multiword roles joined ("head of state" -> "head-of-state")."""
    low = " " + re.sub(r"\s+", " ", text.lower()) + " "
    for k, v in lx.MULTIWORD_ROLES.items():
        low = low.replace(f" {k} ", f" {v} ")
    return [w.strip(".") for w in re.findall(r"[a-z][a-z.\-]*", low) if w.strip(".")]


def _stemlike(a: str, b: str) -> bool:
    """belarusian~belarus, american~america, republicans~republican."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short):] in ("al", "ial"):
        return False  # the adjective is no person: "presidential adviser" is not "the President"
    if long_ == short + "s" and len(short) >= 3:
        return True  # "the host" is one of the "Morning Joe hosts"
    n = min(len(a), len(b))
    return n >= 5 and a[:n - 1] == b[:n - 1] and (a.startswith(b[:5]) and b.startswith(a[:5]))



_GOVERNMENT = frozenset({"prime-minister", "premier", "pm", "president", "head-of-state", "head-of-government",
                         "minister", "chancellor"})


def party_conflict(ws: list[str], descriptors) -> bool:
    """Another party than `descriptors` name, or the opposition for one in government ("the opposition
    leader" is not the prime minister)."""
    if "opposition" in ws and _GOVERNMENT & set(descriptors):
        return True
    mine = {lx.PARTIES[w] for w in ws if w in lx.PARTIES}
    theirs = {lx.PARTIES[d] for d in descriptors if d in lx.PARTIES}
    return bool(mine and theirs and not mine & theirs)


_RANKS = frozenset({"deputy", "vice", "assistant", "associate", "acting", "shadow", "junior", "under"})


def rank_conflict(ws: list[str], e: Aliased) -> bool:
    """Does the description `ws` name another rank of the office than `e` holds: "the prime minister" for
    Deputy Prime Minister Marta Ilves, "the deputy minister" for the minister?"""
    head = ws[-1:] if ws else []
    titles = [words(a) for a in e.aliases if head and head[0] in words(a)]
    if not titles:
        return False
    ranked = set(ws) & _RANKS
    return all(bool(set(t) & _RANKS) != bool(ranked) or ranked - set(t) for t in titles)


def role_conflict(description: str, descriptors) -> bool:
    """A description by an office ("the President", "the head of state") is not someone the text gives
    another office and not this one ("Minister of Economic Development Maxim Reshetnikov"). Running for
    an office is no office ("the candidate", "the nominee" fit a governor)."""
    head = description_words(description)[-1:]
    if not head or not _office(head[0]) or "former" in words(description):
        return False  # "the former congressman" may hold another office now
    return any(_office(d) for d in descriptors) and not description_score(head, descriptors)


def _office(word: str) -> bool:
    """Is `word` an office one holds ("president", "governor", "head of state"), not a calling ("actress")
    or a run for one ("candidate")?"""
    offices = lx.OFFICES - lx.POLITICAL_ROLES
    # a general role ("leader") is no office of its own, though it fits the ones it names
    return word in offices or word not in lx.ROLE_HYPERNYMS and bool(_SYN.get(word, set()) & offices)


def place_conflict(ws: list[str], e: Aliased, places: dict[str, frozenset[str]]) -> bool:
    """A description naming one place for someone the text places elsewhere: "the Vermont senator" is
    not "Arizona Sen. John McCain", "the Russian President" is not "President of the United States
    Donald Trump". `places` maps the words of the document's places and nationalities to what they are
    (see `places.place_kind`): a country conflicts with another country (its name, code or people: "Russian",
    "Russia" and "the Russian Federation" are one), a region with another region, never a region with a
    country ("the Vermont senator" may be "U.S. Sen. Bernie Sanders"). A person's places are those of
    the titles the text gives them ("Ohio Gov.", "President of France"), not any place an apposition
    mentions ("Congressional probing of the Benghazi scandal")."""
    mine = [w for w in ws if w in places]
    if not mine:
        return False
    theirs = [w for a in e.aliases if _titled(a) or all(w in places for w in words(a))  # "President of France"
              for w in words(a) if w in places]
    if not theirs or any(_stemlike(w, d) for w in mine for d in theirs):
        return False
    a = {k for w in mine for k in places[w]}
    b = {k for d in theirs for k in places[d]}
    countries_a, countries_b = {k for k in a if k != "region"}, {k for k in b if k != "region"}
    if countries_a and countries_b:
        return not countries_a & countries_b
    return "region" in a and "region" in b


def place_fit(ws: list[str], e: Aliased, places: dict[str, frozenset[str]]) -> bool:
    """Does the description name a country the text gives `e` ("the King of Saudi Arabia" for "Saudi
    Arabia's Salman bin Abdulaziz Al Saud")?"""
    mine = {k for w in ws if w in places for k in places[w]} - {"region"}
    theirs = {k for a in e.aliases if _titled(a) or all(w in places for w in words(a))
              for w in words(a) if w in places for k in places[w]} - {"region"}
    return bool(mine & theirs)


def _titled(alias: str) -> bool:
    """Does `alias` end in a role or title ("Ohio Gov.", "French President"), or is it a role of somewhere
    ("Federal Chancellor of Germany")?"""
    ws = words(alias)
    return bool(ws) and (holds_role(ws[-1:]) or any(w == "of" and holds_role(ws[i - 1:i]) for i, w in enumerate(ws) if i))


def holds_role(descriptors) -> bool:
    """Do the descriptors name a role ("governor", or the title "Gov." that stands for it)?"""
    return any(d in lx.ROLE_NOUNS or _SYN.get(d, set()) & lx.ROLE_NOUNS for d in descriptors)


def description_words(text: str) -> list[str]:
    """The content words of a description ("the Belarusian leader" -> ["belarusian", "leader"])."""
    return [w for w in words(text) if w not in lx.GENERIC_WORDS]


def description_score(ws: list[str], descriptors) -> float:
    """How well a description fits a set of descriptor words; the head noun (last word) counts double."""
    score = 0.0
    for i, w in enumerate(ws):
        syn = _SYN.get(w, {w})
        if any(_stemlike(w, d) or d in syn for d in descriptors):
            score += 2.0 if i == len(ws) - 1 else 1.0
    return score


def alias_head(alias: str) -> str | None:
    """The word a description of someone is headed by: "donor" of "Top Republican Party donor", "author" of
    "The author of the book" (its words before any preposition)."""
    ws = description_words(re.split(r"\b(?:of|for|at|in|from|with|on|to)\b", alias, maxsplit=1)[0])
    return ws[-1] if ws else None
