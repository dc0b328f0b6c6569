"""What every stage of attribution reads about one document, built once before the stages run.

`build_context` finds the quotes of each paragraph (carrying an open quote across paragraphs), the
people and organisations the NER and the name lists find, clustered in an `EntityTable` with the
titles the text binds to them, and the labels of transcript turns ("HOLT:"). The context's fields
are set once; the entity table inside it is the one mutable part, which resolution extends as
sources are resolved (statements counted, descriptions learned).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.config import AttributionConfig
from corpus.attribution.descriptions import words
from corpus.attribution.doc_context import DocContext
from corpus.attribution.entities import Entity, EntityTable, clean_name, core_name
from corpus.attribution.interviews import interview_turns
from corpus.attribution.names import TITLE_WORDS, fold, is_given_name, person_and_title
from corpus.attribution.ner_repairs import captions, company_named, fronted_subject, introduced_as_body, titled_person
from corpus.attribution.places import place_parts
from corpus.attribution.quotes import Quote, find_quotes
from corpus.attribution.syntax import (
    embedded,
    honorific,
    missed_names,
    predicated_role,
    which_follows,
    without_headline_verb,
)
from corpus.attribution.titles import described_subjects, missed_titled, title_before, title_phrase, titled_name
from corpus.attribution.turns import Transcript, find_turns
from corpus.document import Document
from corpus.paragraphs import Paragraph

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token



def build_context(doc: Document, paras: list[Paragraph], sdocs: list[Doc],
                  config: AttributionConfig = AttributionConfig()) -> DocContext:
    """Quotes, turns and entities of one document whose paragraphs `sdocs` parse."""
    quotes, carry = [], False
    for p in paras:
        qs, carry = find_quotes(p.text, carry)
        quotes.append([Quote(q.start + p.start, q.end + p.start, q.closed, q.continued, q.single) for q in qs])
    transcript = find_turns(paras) if config.turns else Transcript([], [], [None] * len(paras))
    table = EntityTable(salience_window=config.salience_window, focus_window=config.focus_window)
    ctx = DocContext(doc, paras, sdocs, quotes, table, {}, {}, transcript, {}, config)
    _collect_entities(ctx)
    return ctx


def _in_label(ctx: DocContext, pi: int, start: int) -> bool:
    """Is document offset `start` inside the speaker label of paragraph `pi`?"""
    pt = ctx.turn_of(pi)
    return pt is not None and pt.label is not None and pt.label.start <= start < pt.content_start


def _turn_speakers(ctx: DocContext) -> None:
    """Each named speaker of the transcript as a person of the entity table, at its first label,
    with every title its labels give as a descriptor ("Energy Minister" -> "the Minister" finds
    him)."""
    tr = ctx.transcript
    if not tr:
        return
    by_speaker: dict[int, Entity] = {}
    for turn in tr.turns:
        sp = turn.speaker
        if sp.name and sp.id not in by_speaker:
            e = ctx.table.add_person(sp.name, turn.label.start, allow_caps=True)
            if e is None:
                continue
            for title in sp.titles:
                e.add_alias(title)
            by_speaker[sp.id] = e
        if sp.id in by_speaker:
            ctx.turn_entities[turn.index] = by_speaker[sp.id]


def _collect_entities(ctx: DocContext) -> None:
    _turn_speakers(ctx)
    found = []
    named = {fold(e[-1].text) for sd in ctx.sdocs for e in sd.ents if e.label_ == "PERSON"}
    for pi, sd in enumerate(ctx.sdocs):
        for ent in sd.ents:
            ent = titled_name(ent, named) or _person_span(without_headline_verb(ent))
            if _in_label(ctx, pi, ctx.paras[pi].start + ent.start_char):
                continue  # a speaker label: its person is registered from the label, title apart
            for t in ent:
                ctx.tok_ent[(pi, t.i)] = ent
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                found.append((pi, ent))
        for ent in _media_names(ctx, pi, sd):
            for t in ent:
                ctx.tok_ent[(pi, t.i)] = ent
            found.append((pi, ent))
    heads = {pi for pi, sd in enumerate(ctx.sdocs) if _title_case(sd)} if len(ctx.sdocs) > 1 else set()
    if heads:
        # A Title Case headline makes the NER see people in its phrases ("St. Paul Votes", "Clinton
        # Wades In", "Marco Rubio Donor"): a person of a headline is one the rest of the text names too,
        # by the last word of the headline's name, or a given name and a surname alone ("Hillary Clinton")
        body = {t.lower_ for pi, e in found if pi not in heads and e.label_ == "PERSON" for t in e}
        found = [(pi, e) for pi, e in found if pi not in heads or not (e.label_ == "PERSON" or titled_person(e))
                 or e[-1].lower_ in body or len(e) == 2 and e[0].lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES]
        prose = "\n".join(p.text for pi, p in enumerate(ctx.paras) if pi not in heads)
        found = [(pi, _headline_org(ctx, pi, e, prose) if pi in heads else e) for pi, e in found]
    surnames = {e[-1].lower_ for _, e in found if e.label_ == "PERSON"}
    places = frozenset(fold(w) for _, e in found if e.label_ in ("GPE", "NORP") for w in e.text.split())
    lower = frozenset(re.findall(r"\b[a-z]+\b", ctx.text))  # words the text writes in lower case
    ctx.table.peoples = frozenset(fold(w) for _, e in found if e.label_ == "NORP" for w in re.split(r"[\s\-]+", e.text))
    for pi, sd in enumerate(ctx.sdocs):
        for ent in (missed_names(sd, ctx.tok_ent, pi, surnames) + _given_and_surname(sd, ctx.tok_ent, pi, lower)
                    + (missed_titled(sd, ctx.tok_ent, pi, surnames) if not _title_case(sd) else [])):
            if _in_label(ctx, pi, ctx.paras[pi].start + ent.start_char):
                continue
            for t in ent:
                ctx.tok_ent[(pi, t.i)] = ent
            found.append((pi, ent))
    # Full names first, so a bare surname links to the right person wherever it appears.
    # "The Gap Goes On" is a subheading the NER read as a person; a person's name has no article
    # "Helvix Pharma ... Helvix's plant": a company's first word alone is the company, not a person
    # (unless the text has a person of that surname)
    firms = {e[0].text for _, e in found if len(e) > 1 and e[-1].lower_ in lx.COMPANY_WORDS} - surnames
    firms = {w for w in firms if not any(e[0].text == w and e.label_ == "PERSON" and len(e) > 1 and not company_named(e) for _, e in found)}
    company = {id(e) for _, e in found if company_named(e) or e.label_ == "PERSON" and (
        len(e) == 1 and e.text in firms or introduced_as_body(e))}
    persons = [(pi, e) for pi, e in found if (e.label_ == "PERSON" and id(e) not in company or titled_person(e)) and e[0].tag_ != "DT"
               and not (len(e) == 1 and ctx.table.people_of(e.text))]
    # then "Mr. Obama" before a bare "Obama", so the man has his own entity before bare names are linked
    persons.sort(key=lambda x: (len(clean_name(x[1].text).split()) < 2, honorific(x[1]) is None,
                                x[1].start_char + ctx.paras[x[0]].start))
    for pi, ent in persons:
        _add_person(ctx, pi, ent, places)
    _place_words(ctx, [e for _, e in found if e.label_ in ("GPE", "NORP") and not titled_person(e)])
    for pi, ent in found:
        if (ent.label_ != "PERSON" or id(ent) in company) and not titled_person(ent):
            _add_org(ctx, pi, ent)
    # A known surname the NER missed ("Ham made it clear ...", "Sanders is burrowing in", which the
    # tagger calls a plural noun) still puts its person in focus.
    # Also one the parser hangs on its verb as an adverb ("Jolly, who was elected in 2014, doesn't see"):
    # the subject all the same.
    for pi, sd in enumerate(ctx.sdocs):
        for t in sd:
            fronted = t.pos_ == "PROPN" and t.dep_ == "advmod" and t.i < t.head.i and any(
                c.dep_ == "relcl" and any(k.lower_ == "who" for k in c.children) for c in t.children)
            if ((t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.text[:1].isupper()) and (t.dep_ in ("nsubj", "nsubjpass") or t.dep_ in ("poss", "appos") and t.head.dep_ in (
                    "nsubj", "nsubjpass") or fronted) and (pi, t.i) not in ctx.tok_ent and not ctx.in_quote(pi, ctx.abs(pi, t))):
                e = ctx.table.link_single(t.text, ctx.abs(pi, t))
                if e is not None and e.kind == "person":
                    role = ("inner" if embedded(t.head) else "subject") if fronted else _role(ctx, pi, t, ctx.abs(pi, t), person=True)
                    ctx.table.note(e, ctx.abs(pi, t), role)
    described_subjects(ctx)
    caps = captions(ctx)  # a caption's people are not the ones "he" may stand for
    ctx.table.timeline = sorted(x for x in ctx.table.timeline if not any(a <= x[0] < b for a, b in caps))
    sents = sorted((ctx.paras[pi].start + s.start_char, ctx.paras[pi].start + s.end_char, pi)
                   for pi, sd in enumerate(ctx.sdocs) for s in sd.sents)
    ctx.table.sent_starts = [a for a, _, _ in sents]
    ctx.table.text = ctx.text
    ctx.table.quoted_sents = {i for i, (a, b, pi) in enumerate(sents) if _inside_quote(ctx, pi, a, b)}
    _platforms(ctx)
    interview_turns(ctx)


_NAMED = ("PERSON", "ORG", "GPE", "NORP")
_DASHES = ("--", "—", "–", "-", "―")


def _media_names(ctx: DocContext, pi: int, sd: Doc) -> list[Span]:
    """Names of news organisations the NER missed, told by the media noun they go with: "Family Circle
    magazine's poll", "the Asahi newspaper" (a run of capitalised names compounding the noun)."""
    from spacy.tokens import Span

    out = []
    for t in sd:
        if t.lower_ not in lx.MEDIA_NOUNS or not t.text.islower() or ctx.in_quote(pi, ctx.abs(pi, t)):
            continue
        a = t.i
        while a > 0 and sd[a - 1].pos_ == "PROPN" and sd[a - 1].text[:1].isupper() and sd[a - 1].dep_ == "compound" \
                and ctx.tok_ent.get((pi, a - 1), sd[a - 1:a]).label_ not in _NAMED:
            a -= 1  # not a name the NER found ("The Washington Post newspaper"); a "product" it may be
        if a < t.i:
            out.append(Span(sd, a, t.i, label="ORG"))
    return out


_PLATFORM_HEADS = frozenset("account accounts page feed profile handle post posts user users video videos channel".split())


def _platforms(ctx: DocContext) -> None:
    """A one-word "person" the NER found that the text only ever uses as a place to post ("on Twitter",
    "his Twitter account", "a Facebook post"), never as the subject of a verb, is a platform, an
    organisation: no "he" or "she" stands for it."""
    uses: dict[int, list[Token]] = {}
    for (pi, _i), span in ctx.tok_ent.items():
        start = ctx.paras[pi].start + span.start_char
        e = ctx.ent_of_span.get((start, start + len(span.text)))
        if e is not None and e.kind == "person" and len(span) == 1:
            uses.setdefault(e.id, []).append(span[0])
    for eid, toks in uses.items():
        e = ctx.table.entities[eid]
        if e.gender or any(len(n.split()) > 1 for n in e.names) or any(t.dep_ in ("nsubj", "nsubjpass") for t in toks):
            continue
        if any(t.dep_ == "pobj" and t.head.lower_ in ("on", "via") or t.dep_ == "compound" and t.head.lower_ in _PLATFORM_HEADS
               for t in toks):
            e.kind = "org"


def _headline_org(ctx: DocContext, pi: int, ent: Span, prose: str) -> Span:
    """An organisation a Title Case headline names is the part of the NER's span the article's prose
    names: "Nordhavn Shipping Agrees to Buy Rival Kestrel Lines" is about "Kestrel Lines", not "Buy
    Rival Kestrel Lines"."""
    if ent.label_ != "ORG" or ent.text in prose or titled_person(ent):
        return ent  # not "President Vladimir Putin met with (Yury) Koptev"
    k = next((k for k in range(1, len(ent)) if re.search(rf"\b{re.escape(ent[k:].text)}\b", prose)), None)
    if k is None:
        return ent
    from spacy.tokens import Span

    name = Span(ent.doc, ent.start + k, ent.end, label=ent.label_)
    for t in ent:
        if t.i < name.start:
            ctx.tok_ent.pop((pi, t.i), None)
        else:
            ctx.tok_ent[(pi, t.i)] = name
    return name


def _title_case(sd: Doc) -> bool:
    """Is a paragraph a headline in Title Case (most of its longer words capitalised)?"""
    ws = [t for t in sd if t.is_alpha and len(t) > 3]
    return len(sd) <= 40 and len(ws) >= 4 and sum(t.text[:1].isupper() for t in ws) >= 0.9 * len(ws)


_PLACE_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*|(?:[A-Z]\.)+|[A-Z]{2,3}")


def _place_words(ctx: DocContext, ents: list[Span]) -> None:
    """The words of the document's places and nationalities, split as descriptions are, with their
    kinds; not a party (parties conflict by their own rule), nor a word of a person's name the NER
    called a place ("Kasich"), nor the "s" of a possessive."""
    names = {w for e in ctx.table.entities if e.kind == "person" for n in e.names for w in words(n)}
    kinds: dict[str, set[str]] = {}
    for ent in ents:
        clean = {w for t in ent if _PLACE_WORD.fullmatch(t.text) for w in words(t.text)}  # not "PRESSOhio"
        for w, kind in place_parts(ent.label_, ent.text):
            if w in clean and len(w) > 1 and w not in lx.PARTIES and w not in lx.GENERIC_WORDS and w not in names:
                kinds.setdefault(w, set()).add(kind)
    ctx.table.places = {w: frozenset(k) for w, k in kinds.items()}


def _inside_quote(ctx: DocContext, pi: int, a: int, b: int) -> bool:
    """Is the sentence at document offsets a..b all inside one double quote (its marks included)?"""
    text = ctx.text
    while b > a and text[b - 1] in " \n\t\"”’'":
        b -= 1
    while a < b and text[a] in " \n\t\"“‘'":
        a += 1
    return b > a and any(q.start <= a and b <= q.end and not q.single for q in ctx.quotes[pi])


def _given_and_surname(sd: Doc, tok_ent: dict, pi: int, lower: frozenset[str] = frozenset()) -> list[Span]:
    """Names the NER missed altogether: a given name (of the lexicon's lists, or of the census lists
    when the text never writes it as a lower-case word: "Bret", not "Will") and a capitalised word
    after it, neither in any NER span ("Smolensk Region Governor Alexei Ostrovsky", "Fox News’ Bret
    Baier"). Not in a Title Case headline."""
    from spacy.tokens import Span

    if _title_case(sd):
        return []
    out = []
    for t in sd[:-1]:
        nxt = sd[t.i + 1]
        given = t.lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES or (
            t.lower_ in lx.CENSUS_MALE_NAMES | lx.CENSUS_FEMALE_NAMES and t.lower_ not in lower)
        if (t.pos_ == "PROPN" and t.text[:1].isupper() and given
                and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.text[1:].islower() and len(nxt) > 2
                and (pi, t.i) not in tok_ent and (pi, nxt.i) not in tok_ent and fold(nxt.text) not in TITLE_WORDS
                and not (t.i > 0 and sd[t.i - 1].lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES)):
            out.append(Span(sd, t.i, t.i + 2, label="PERSON"))
    return out


def _person_span(ent: Span) -> Span:
    """The NER's span, mended where it misses a person: a given name left out before the surname
    ("Natalya | Komarova"), or a titled name read as a place or a facility ("Rostov Region Governor
    Vasily Golubev", FAC)."""
    from spacy.tokens import Span

    sd = ent.doc
    if (len(ent) > 2 and ent[0].text.isupper() and len(ent[0].text) > 2 and ent[1].text in _DASHES and ent[0].whitespace_
            and (ent.start == 0 or sd[ent.start - 1].is_space)):
        # "CLEVELAND - Donald Trump painted ...": a dateline the NER took into the name
        rest = ent[2:]
        given = len(rest) > 1 and rest[0].lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES | lx.AMBIGUOUS_NAMES
        ent = Span(sd, rest.start, rest.end, label="PERSON" if given else ent.label_)
    if ent.label_ == "PERSON":
        if which_follows(ent[-1]):
            return Span(sd, ent.start, ent.end, label="ORG")  # "Politifact (which is not known as ...)": a body
        prev = sd[ent.start - 1] if ent.start > 0 else None
        if (prev is not None and prev.pos_ == "PROPN" and prev.ent_type_ == "" and len(ent) == 1
                and prev.lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES):
            return Span(sd, ent.start - 1, ent.end, label="PERSON")
        if (prev is not None and ent[0].lower_ in lx.NAME_PARTICLES and ent[0].text.islower()
                and prev.pos_ == "PROPN" and prev.ent_type_ == "" and prev.text[:1].isupper()):
            return Span(sd, ent.start - 1, ent.end, label="PERSON")  # "Salman | bin Abdulaziz Al Saud"
        return ent
    if ent.label_ in ("FAC", "ORG", "GPE", "NORP") and len(ent) >= 4:
        after = _name_after_comma(ent)
        if after is not None:
            return after  # "his best friend at [Lehigh, Bruce Turry]": the person after the place
    if ent.label_ in ("FAC", "ORG", "GPE", "NORP") and len(ent) >= 3:
        name, title = person_and_title(ent.text)
        first = name.split()[0] if title else ""
        if first and first.lower() in lx.MALE_NAMES | lx.FEMALE_NAMES and any(
                fold(w) in TITLE_WORDS for w in title.split()):
            return Span(sd, ent.start, ent.end, label="PERSON")
    return ent


def _name_after_comma(ent: Span) -> Span | None:
    """The last part of an organisation or a place the NER ran on past a comma into a name: a given
    name and one or two capitalised words ("Lehigh, Bruce Turry", "Ohio, Mary Kay Henry")."""
    from spacy.tokens import Span

    comma = max((t.i for t in ent if t.text == ","), default=None)
    if comma is None:
        return None
    tail = ent.doc[comma + 1:ent.end]
    if not 2 <= len(tail) <= 4 or not all(t.text[:1].isupper() and t.is_alpha for t in tail):
        return None
    if not is_given_name(tail[0].text) or is_given_name(tail[-1].text) and not len(tail) > 2:
        return None
    if {t.lower_ for t in tail} & (lx.ORG_KIND_WORDS | lx.NEWS_WORDS | lx.ORG_NOUNS | lx.PLACE_NOUNS):
        return None
    return Span(ent.doc, tail.start, tail.end, label="PERSON")


def _add_person(ctx: DocContext, pi: int, ent: Span, places: frozenset[str]) -> Entity | None:
    start = ctx.paras[pi].start + ent.start_char
    # "Energy Minister Alexander Novak", "Belarus Alexander Lukashenko": the person, the title apart; after
    # "President of", the first word is the country even when the NER did not find it ("Veldora Mikhail Orlan")
    sd = ent.doc
    if ent.start > 1 and sd[ent.start - 1].lower_ == "of" and fold(sd[ent.start - 2].text) in TITLE_WORDS:
        places = places | {fold(ent[0].text)}
    name, title = person_and_title(ent.text, places)
    e = ctx.table.add_person(name, start + (len(ent.text) - len(name) if title else 0), honorific(ent))
    if e is None:
        return None
    ctx.ent_of_span[(start, start + len(ent.text))] = e
    if title:
        e.add_alias(title)
    for w in ent.text.split()[:-1]:
        if w.lower().rstrip(".") in lx.HONORIFICS:
            e.add_alias(w)
    _descriptors(ctx, pi, ent, e)
    ctx.table.note(e, start, _role(ctx, pi, ent.root, start, person=True))
    return e


def _add_org(ctx: DocContext, pi: int, ent: Span) -> None:
    start = ctx.paras[pi].start + ent.start_char
    name = clean_name(ent.text)
    # NER calls "Trump" an ORG now and then: a known person's name stays a person.
    core = core_name(name) if name else []
    person = ctx.table.link_single(core[0], start) if len(core) == 1 else None
    e: Entity | None
    if person is not None and person.kind == "person":
        e = person
        e.positions.append(start)
    elif len(core) == 2 and ent.label_ == "ORG" and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in core) and not {
            w.lower() for w in core} & (lx.ORG_KIND_WORDS | lx.ORG_NOUNS | lx.NEWS_WORDS | lx.LEGAL_FORMS | lx.PLACE_NOUNS) and (
            known := ctx.table.link_single(core[-1], start)) is not None and known.kind == "person" and (
            known.gender or lx.given_name_gender(core[0].split("-")[0].lower())):
        # "Tashfeen Malik passed three background checks" read as an organisation, in a text that calls
        # her "Ms. Malik"; "company spokesman Marc-Antoine Duval" after "Duval said": a given name (or one
        # whom the text gives a gender) and the surname of a person named are that person
        e = ctx.table.add_person(name, start)
        if e is None:
            return
    elif ent.label_ == "NORP":
        return
    else:
        e = ctx.table.add_org(ent.text, start, place=ent.label_ == "GPE")
    if e is None:
        return
    if e.kind == "org" and not e.place:
        e.kinds += [(start, w) for w in _org_kinds(ent)]
    ctx.ent_of_span[(start, start + len(ent.text))] = e
    ctx.table.note(e, start, _role(ctx, pi, ent.root, start, person=e.kind == "person"))


def _org_kinds(ent: Span) -> set[str]:
    """What the text calls an organisation right where it names it: "Family Circle magazine", "the Asahi
    newspaper", "Alphabet, the parent company of Google" (so "the magazine", "the company" is it)."""
    root, out = ent.root, set()
    kinds = lx.ORG_NOUNS - lx.EVIDENCE_NOUNS - lx.PRODUCED_NOUNS - lx.AUTHORED_NOUNS  # not "the AP-GfK poll"
    if root.dep_ == "compound" and root.head.i == ent.end and root.head.lower_ in kinds:
        out.add(root.head.lower_)
        root = root.head
    out |= {c.lower_ for c in root.children if c.dep_ == "appos" and c.i > root.i and c.lower_ in kinds}
    return out


# verbs of putting a question to someone, as written (the pipeline has no lemmatizer)
_ASKING = frozenset("ask asks asked asking press presses pressed pressing question questions questioned "
                    "questioning quiz quizzed grill grills grilled grilling".split())


def _role(ctx: DocContext, pi: int, root: Token, start: int, person: bool = False) -> str:
    """How a name takes part in its sentence: "quoted" inside a quote, "subject" of the main clause,
    "inner" subject of a clause under it, or a "mention"."""
    if ctx.in_quote(pi, start):
        return "quoted"
    if root.dep_ in ("nsubj", "nsubjpass"):
        return "inner" if embedded(root.head) else "subject"
    h = root.head
    if (person and root.dep_ == "dobj" and h.lower_ in _ASKING and not embedded(h)
            and not any(c.dep_ == "xcomp" for c in h.children)):
        # "Conroy asked Sanders whether questions about his health were fair game. “Sure it is,” he
        # said": the one asked is the one who answers (not "asked Biden to lead", a request)
        return "asked"
    if (person and root.dep_ == "poss" and h.dep_ in ("nsubj", "nsubjpass") and h.tag_ == "NN"
            and h.lower_ not in lx.ORG_NOUNS | lx.ROLE_NOUNS | lx.PERSON_BODIES):
        # "Trump's candidacy gave voice to the anger ... He attacked Cruz": the person whose thing the
        # subject is is what the clause is about (not "Rubio's campaign said they", a body of its own)
        return "inner" if embedded(h.head) else "subject"
    if (root.dep_ == "appos" and h.dep_ in ("nsubj", "nsubjpass") and h.lower_ in lx.ROLE_NOUNS and (pi, h.i) not in ctx.tok_ent
            and not embedded(h.head)):
        # "Trump's running mate -- Indiana Gov. Mike Pence -- has thrown his support behind Ryan": the
        # person a described subject is (of the main clause only: in a clause under it, the person stays
        # a mention, as a named subject there would be one "inner")
        return "subject"
    if root.dep_ in ("npadvmod", "advmod") and fronted_subject(root):
        return "subject"
    return "mention"


def _descriptors(ctx: DocContext, pi: int, ent: Span, e: Entity) -> None:
    """Titles and appositions the text binds to a person."""
    root = ent.root
    sd = ent.doc
    # "Belarus President Aleksandr Lukashenko", "Stein spokeswoman Melezia Figueroa"
    left = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "nn")]
    if left:
        a = min(t.left_edge.i for t in left)
        a = max([a] + [t.i + 1 for t in sd[a:ent.start] if t.text in _DASHES and t.whitespace_])  # not "CLEVELAND -"
        toks = [t for t in sd[a:ent.start] if t.dep_ not in ("det", "punct", "case") and t.tag_ != "POS"]
        if toks:
            e.add_alias(" ".join(t.text for t in toks))
    for c in root.rights:
        if c.dep_ == "appos" and not any(t.ent_type_ == "PERSON" and t.ent_iob_ == "B" and title_before(sd, t.i) is not None
                                         for t in c.subtree):
            # not the next of a list of titled names the parser hangs on this one ("..., Governor of the
            # Eastern Region Aylin Demir and ...")
            e.add_alias(sd[c.left_edge.i:c.right_edge.i + 1].text)
    role = predicated_role(root)
    if role is not None:
        e.add_alias(role)
    title = title_phrase(sd, ent)  # "Governor of the Eastern Region Leila Haddad", which the parser hangs on "Region"
    if title:
        e.add_alias(title)
    # "the campaign's spokeswoman, Melezia Figueroa"
    elif root.dep_ == "appos" and root.head.i < ent.start:
        h = root.head
        if h.pos_ in ("NOUN", "PROPN") and not ctx.tok_ent.get((pi, h.i)):
            # the title with its complement: "President of the United States of America Donald Trump"
            end = ent.start
            while end > h.i + 1 and sd[end - 1].is_punct:
                end -= 1
            inside = {t.i for t in h.subtree}
            if not all(i in inside for i in range(h.i + 1, end)):
                end = h.i + 1
            e.add_alias(sd[h.left_edge.i:end].text)
