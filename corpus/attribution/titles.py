"""Titles written before a name with their complement, as press services write them: "Minister of
Agriculture Tomasz Wierzbicki", "Governor of the Kemerovo Region Sergei Tsivilev", "Director of the
Foreign Intelligence Service Sergei Naryshkin".

The parser rarely gets these right: it hangs the name on the place ("Region ... Haddad" as an
apposition) and the NER reads the place and the name as one organisation ("the Kemerovo Region
Sergei Tsivilev"). So the title is found on the surface: a capitalised title word, "of" or "for",
then capitalised words (with "the", "of", "and") up to the name.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.descriptions import words
from corpus.attribution.names import ORG_WORDS, TITLE_WORDS, fold, is_given_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from corpus.attribution.doc_context import DocContext
    from corpus.attribution.entities import Entity

_LINKS = frozenset({"of", "for"})
_INNER = frozenset({"the", "of", "for", "and", "&"})
_MAX_WORDS = 10
# words that are no part of a person's name: "Region", "Ministry", "Governor", "of"
_NOT_NAME = ORG_WORDS | TITLE_WORDS | lx.PLACE_NOUNS | _INNER


def _title_word(t) -> bool:
    return t.text[:1].isupper() and fold(t.text) in TITLE_WORDS


def title_before(sd: Doc, start: int) -> int | None:
    """The index of the first word of a title with an of-complement that ends right before token
    `start` ("Minister of Agriculture | Tomasz Wierzbicki", "Deputy Prime Minister of Russia | ..."),
    or None. "and" joins the complement ("Minister of Industry and Trade"), not a second title
    ("Minister of Agriculture Tomasz Wierzbicki and | Governor of ...")."""
    i = start - 1
    while i > 0 and start - i <= _MAX_WORDS:
        t = sd[i]
        low = t.lower_
        if low in _LINKS and _title_word(sd[i - 1]):
            j = i - 1
            while j > 0 and _title_word(sd[j - 1]) and not sd[j - 1].is_sent_start:
                j -= 1
            return j
        if low == "and" and _title_word(sd[i + 1]):
            return None
        if not (low in _INNER or t.text[:1].isupper() and t.is_alpha) or t.ent_type_ == "PERSON":
            return None
        i -= 1
    return None


def titled_name(ent: Span, surnames: set[str]) -> Span | None:
    """The person at the end of what the NER read as one organisation or place after a title with an
    of-complement: "Minister of Agriculture [Tomasz Wierzbicki]" in "Agriculture Tomasz Wierzbicki",
    "Governor of [the Kemerovo Region] Sergei Tsivilev". The name starts at a known given name, or
    is the last two words when the text names the person by that surname elsewhere (`surnames`, the
    folded last words of the PERSON names the NER found) or when a word that ends a place's or a body's
    name comes before them. None when it is no such span."""
    from spacy.tokens import Span

    if ent.label_ not in ("ORG", "GPE", "LOC", "FAC", "NORP"):
        return None
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    who = ent.end + 1 < len(ent.doc) and ent.doc[ent.end].text == "," and ent.doc[ent.end + 1].lower_ == "who"
    if (prev is not None and fold(prev.text) in TITLE_WORDS and 2 <= len(ent) <= 3 and (fold(ent[-1].text) in surnames or who)
            and all(t.is_alpha and t.text[:1].isupper() and fold(t.text) not in _NOT_NAME for t in ent)):
        return Span(ent.doc, ent.start, ent.end, label="PERSON")  # "Council member [Nkechi Obi], who represents"
    if len(ent) < 3 or title_before(ent.doc, ent.start) is None:
        return None
    toks = list(ent)
    if not all(t.is_alpha and t.text[:1].isupper() or t.lower_ in _INNER for t in toks):
        return None
    last = toks[-1]
    plain = [fold(t.text) not in _NOT_NAME for t in toks]
    for k in range(1, len(toks) - 1):
        if is_given_name(toks[k].text) and all(plain[k:]):
            return Span(ent.doc, ent.start + k, ent.end, label="PERSON")
    if all(plain[-2:]) and (fold(last.text) in surnames or fold(toks[-3].text) in ORG_WORDS | lx.PLACE_NOUNS):
        # a surname the text names alone elsewhere, or two words after the word that ends the name of a
        # place or a body ("the Northern Province | Amara Osei")
        return Span(ent.doc, ent.end - 2, ent.end, label="PERSON")
    return None


def title_phrase(sd: Doc, ent: Span) -> str | None:
    """The whole title with its complement before a person's name ("Governor of the Eastern Region"),
    or None."""
    j = title_before(sd, ent.start)
    if j is not None:
        return sd[j:ent.start].text.strip(" ,")
    # "Acting President and Prime Minister Vladimir Putin": the first of two titles joined by "and"
    m = ent.start
    while m > 0 and ent.start - m < 4 and _capital(sd[m - 1]):
        m -= 1
    k = m - 1
    while k > 0 and m - 1 - k < 4 and _capital(sd[k - 1]):
        k -= 1
    if (k < m - 1 and sd[m - 1].lower_ == "and" and any(_title_word(t) for t in sd[k:m - 1])
            and any(_title_word(t) for t in list(sd[m:ent.start]) + [ent[0]])):
        return sd[k:m - 1].text
    return None


def _capital(t) -> bool:
    return t.is_alpha and t.text[:1].isupper() and t.ent_type_ != "PERSON"


def described_subjects(ctx: DocContext) -> None:
    """A main clause's subject that is a title with "the" ("The Governor informed the President ...")
    puts the person it describes in focus, as their name would: "He said" after it is the Governor,
    not the President named before. Only a title the text bound to someone (see `match_description`)."""
    from corpus.attribution.syntax import embedded

    for pi, sd in enumerate(ctx.sdocs):
        for t in sd:
            if (t.dep_ not in ("nsubj", "nsubjpass") or t.lower_ not in lx.ROLE_NOUNS or (pi, t.i) in ctx.tok_ent
                    or [k.lower_ for k in t.lefts] != ["the"] or any(k.dep_ in ("poss", "compound") for k in t.children)
                    or embedded(t.head) or ctx.in_quote(pi, ctx.abs(pi, t))):
                continue
            pos = ctx.abs(pi, t.left_edge)
            # with a capitalised "of" complement: "The Minister of Finance", not any minister
            end = max((o.right_edge.i for p in t.rights if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                       if o.dep_ == "pobj" and o.text[:1].isupper()), default=t.i)
            e = ctx.table.match_description(sd[t.left_edge.i:end + 1].text, pos)
            if e is not None and e.kind == "person":
                ctx.table.note(e, pos, "subject")


def missed_titled(sd: Doc, tok_ent: dict, pi: int, surnames: set[str]) -> list[Span]:
    """Person spans for names the NER missed right after a title with its complement: "Governor of the
    Southern Province [Joon-ho Park] informed ...", "with Minister of Health [Ana Petrovic] and ...".
    The complement's words run on in capitals up to the name, so the name is the last two of them, and
    only when it shows where it starts: after a word that ends a place's or a body's name ("Province"),
    at a known given name, or with a surname the text names elsewhere (`surnames`, folded)."""
    from spacy.tokens import Span

    out = []
    for t in sd[1:]:
        if t.lower_ not in _LINKS or not _title_word(sd[t.i - 1]):
            continue
        end = t.i + 1
        while end < len(sd) and (sd[end].text[:1].isupper() and sd[end].is_alpha or sd[end].lower_ in ("the", "of")
                                 or _hyphen_piece(sd, end)):
            end += 1
        pieces = _name_pieces(sd, t.i + 1, end)
        if len(pieces) < 3 or any((pi, i) in tok_ent for i in range(pieces[-2][0], end)):
            continue
        (a, _), (_, last), before = pieces[-2], pieces[-1], sd[pieces[-3][1] - 1]
        words_ = [sd[i] for i in range(a, end) if sd[i].is_alpha]
        if any(fold(w.text) in _NOT_NAME for w in words_) or not sd[last - 1].text[:1].isupper():
            continue
        if (fold(before.text) in ORG_WORDS | lx.PLACE_NOUNS or is_given_name(sd[a].text)
                or fold(sd[last - 1].text) in surnames):
            out.append(Span(sd, a, end, label="PERSON"))
    return out


def _hyphen_piece(sd: Doc, i: int) -> bool:
    """Is token `i` part of a hyphenated name ("Joon | - | ho"): a hyphen between letters, or the word after it?"""
    t = sd[i]
    if t.text == "-" and i + 1 < len(sd) and not sd[i - 1].whitespace_ and not t.whitespace_:
        return sd[i + 1].is_alpha
    return t.is_alpha and sd[i - 1].text == "-" and not sd[i - 1].whitespace_


def _name_pieces(sd: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The words of tokens start..end as (start, end) token ranges, a hyphenated word one piece."""
    pieces: list[tuple[int, int]] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and (sd[j].text == "-" or sd[j - 1].text == "-") and not sd[j - 1].whitespace_:
            j += 1
        pieces.append((i, j))
        i = j
    return pieces


def apposed_name(ctx: DocContext, s: Token, pi: int, low: str) -> Entity | None:
    """The person or body a description gives the name of, in apposition or as what it is called: "The
    director of the European Centre, Ina Kirsch, said", "his best friend at Lehigh, Bruce Turry", "A newly
    formed super PAC called Future 45 said" (a body the NER missed as one); or the name it is in apposition
    to ("the Sierra Club, an environmental organization that says")."""
    from corpus.attribution.appositions import named_by

    gap = s.doc[s.head.i + 1:s.left_edge.i]  # ", " or " — ", or an age between: "Elizabeth Arnold, 32, a former staff member"
    if (s.dep_ == "appos" and s.head.pos_ == "PROPN" and s.tag_ == "NN" and 0 < len(gap) <= 3 and gap[0].text in (",", "—", "–", "--")
            and all(t.is_punct or t.like_num for t in gap) and (e := ctx.entity_at(pi, s.head)) is not None and not e.place
            and (e.kind == "person") != (low in lx.ORG_NOUNS | lx.ORG_KIND_WORDS)):
        return e  # "the Sierra Club, an environmental organization that says ...": the body it describes
    named = named_by(s)
    if named is None:
        return None
    e, is_body = ctx.entity_at(pi, named), low in lx.ORG_NOUNS | lx.ORG_KIND_WORDS
    if e is not None and (e.kind == "person") != is_body:
        return e
    first, last = named.left_edge, named.right_edge
    start, end = ctx.abs(pi, first), ctx.abs(pi, last) + len(last.text)
    if e is None and is_body:
        return ctx.table.add_org(ctx.text[start:end], start)
    if not is_body and first.i < named.i and (first.lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES | lx.CENSUS_MALE_NAMES | lx.CENSUS_FEMALE_NAMES or (
            last.i - first.i == 1 and low in lx.ROLE_NOUNS | lx.OCCUPATIONS and not set(words(ctx.text[start:end])) & lx.ORG_KIND_WORDS)):
        # ("the alliance's policy director, Imogen Faraday": two capitalised words in apposition to a role)
        # "New Zealand's fisheries minister, Shane Jones," where the NER saw an organisation
        return ctx.table.add_person(ctx.text[start:end], start) or e
    return None
