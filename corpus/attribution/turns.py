"""Transcript turns: who holds the floor in each paragraph of a document.

A transcript writes its speakers as labels: "President of Russia Vladimir Putin: ...",
"Vladimir Putin: ...", "Question: ...", "Q: ..."/"A: ...", "HOLT: ...". A turn runs from its label
to the next one, so the unlabelled paragraphs in between are the same speaker's. This module
finds the labels (their exact character spans, so a statement's span can exclude them), separates
each speaker's name from the title around it, joins the later short labels ("Putin:") to the
speaker the long one introduced, and keeps every title as that speaker's descriptor.

The decision is made for the whole document: a transcript has several labelled paragraphs and
speakers who come back; one "Poll: Clinton and Trump in dead heat" headline, a "Note:" line, a
list of "Minister of Agriculture: Dmitry Patrushev." items or a tally ("Clinton: 1,769.") is not a
transcript, and a sentence introducing a quotation ("Putin said: ...") is never a label.

One module of more than 500 lines, because reading one label and deciding on the whole document
share the label forms and their private helpers; split apart, each half would import the other's.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.attribution.names import (
    LINK_WORDS,
    ORG_WORDS,
    PARTICLES,
    TITLE_WORDS,
    TitledName,
    fold,
    is_given_name,
    is_initial,
    is_name_word,
    same_person,
    split_title,
    token_key,
)
from corpus.paragraphs import Paragraph

# "Name: content", with an optional opening quote before the label (a transcript quoted in an article)
_LABEL = re.compile(r"[ \t]*(?P<quote>[\"“]?)(?P<label>[^\s:\"“”?!;\-–—•*·][^:\n?!;\"“”]{0,199}?)"
                    r"[ \t\xa0]*:[ \t\xa0]+(?=\S)")
# "Q" glued to the question when a scrape lost the colon: "QThere's no shortage of ..."
_GLUED_Q = re.compile(r"[ \t]*(?P<label>Q)(?=[A-Z][a-z’'])")
# Labels that stand for an unnamed speaker; the value is the role the speaker is given.
GENERIC = {
    "q": "question", "question": "question", "questions": "question", "a": "answer", "answer": "answer",
    "remark": "remark", "remarks": "remark", "response": "answer", "reply": "answer", "comment": "remark",
    "moderator": "moderator", "interviewer": "question", "host": "moderator", "anchor": "moderator",
    "audience": "remark", "audience member": "remark", "voice": "remark", "voices": "remark",
    "voice from the audience": "remark", "participant": "remark", "journalist": "question",
    "correspondent": "question", "reporter": "question", "interpreter": "interpreter",
    "translator": "interpreter", "unidentified male": "remark", "unidentified female": "remark",
    "unidentified man": "remark", "unidentified woman": "remark", "unidentified speaker": "remark",
    "male voice": "remark", "female voice": "remark", "crosstalk": "remark", "narrator": "narrator",
}
_GENERIC_QUALIFIED = re.compile(r"^(question|remark|comment|response|reply)\s+(?:from|by|of|to)\s+\S.*$")
# Capitalised first words that open a sentence or a caption, never a speaker label.
_NOT_LABEL_START = frozenset("""
the a an this that these those there here it its i we you he she they my our your his her their
in on at as and but or so if when while since after before then now today yesterday also however
still yet let what why how who where which one some all both each every many most more such other
note notes update updated editor editors photo photos source sources related read watch correction
corrections caption credit credits video image warning disclaimer example tags share subscribe topics
posted published filed date dateline title by byline time place venue location deadline contact
contacts phone tel fax email website address agenda subject re poll polls breaking report revealed
exclusive analysis opinion editorial review transcript live summary background context fact facts
verdict result results total twitter facebook instagram youtube wow yes no ok okay well please
thank thanks dear attention listen look see p ps nb
""".split())
# (in capitals too, as transcripts write labels: "DR. LUCIA FERRARO:")
_ABBREV = re.compile(r"^(?:[A-Z]\.)+$|^(?i:Mr|Mrs|Ms|Dr|Jr|Sr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Prof|Rev|Hon|Fr|No)"
                     r"\.$")
_STAGE = re.compile(r"^\s*[\"“]?(?:[(\[<][^()\[\]<>]*[)\]>]|…|\.\.\.)\s*[.]?\s*$")
# Lines that close an article, not a speaker's words ("Follow Pam Key on Twitter @...").
_CLOSING = re.compile(r"^\s*[\"“]?(?:Follow\s.{0,60}\bon\s+(?:Twitter|Facebook|Instagram)|Contributing:|Reporting by|"
                      r"Additional reporting|Editing by|Write to|Copyright|\(?END\b)", re.I)
_ALPHA_WORD = re.compile(r"[^\W\d_]+")
# A label with fewer words after it ("Clinton: 1,769.", "Vladimir Putin: Good.") is no evidence of a
# transcript: it is a turn only in a document the other labels show to be one.
_MIN_WORDS = 2


@dataclass(frozen=True)
class Label:
    """A speaker label in the document: `text` is document[start:end] (no colon, no opening quote);
    the turn's words begin at `content_start`."""

    start: int
    end: int
    content_start: int
    text: str
    name: str           # "Vladimir Putin"; "" for a generic or title-only label
    title: str          # "President of Russia"
    note: str = ""      # "retranslated"
    role: str | None = None  # "question", "answer", "remark", ... for a generic label


@dataclass(eq=False)
class TurnSpeaker:
    """One speaker of a transcript: a person named by the labels, or a generic role ("question")."""

    id: int
    name: str | None
    role: str | None = None
    titles: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def descriptors(self) -> set[str]:
        """Lower-case words of the titles: "Energy Minister" -> {"energy", "minister"}."""
        return {w for t in self.titles for w in re.findall(r"[a-z][a-z\-]+", t.lower())
                if w not in LINK_WORDS}


@dataclass(frozen=True)
class Turn:
    index: int
    speaker: TurnSpeaker
    label: Label
    first: int   # paragraph indexes (into the list given), inclusive
    last: int


@dataclass(frozen=True)
class ParagraphTurn:
    """The turn a paragraph belongs to. `continuation` is True for the unlabelled paragraphs after
    the label; `stage` for a bracketed stage direction ("(Laughter.)", "<…>") that is nobody's words.
    `content_start`/`content_end` are the paragraph's span without its label."""

    paragraph: int
    turn: Turn
    continuation: bool
    stage: bool
    content_start: int
    content_end: int

    @property
    def speaker(self) -> TurnSpeaker:
        return self.turn.speaker

    @property
    def label(self) -> Label | None:
        return None if self.continuation else self.turn.label


@dataclass
class Transcript:
    """The turns of one document; empty when the document is not a transcript."""

    speakers: list[TurnSpeaker]
    turns: list[Turn]
    by_paragraph: list[ParagraphTurn | None]

    def __bool__(self) -> bool:
        return bool(self.turns)

    def turn_of(self, paragraph: int) -> ParagraphTurn | None:
        return self.by_paragraph[paragraph] if 0 <= paragraph < len(self.by_paragraph) else None

    def find_speaker(self, mention: str) -> TurnSpeaker | None:
        """The named speaker a mention stands for: a name ("Novak", "Alexander Novak") or a title
        the labels gave ("the Energy Minister"). None when no speaker or several fit."""
        named = [s for s in self.speakers if s.name]
        hits = [s for s in named if same_person(mention, s.name)]
        if len(hits) == 1:
            return hits[0]
        words = [w for w in re.findall(r"[a-z][a-z\-]+", mention.lower()) if w not in LINK_WORDS | {"mr", "ms", "mrs"}]
        if not words or words[-1] not in TITLE_WORDS:
            return None

        def fits(w: str, d: set[str]) -> bool:  # "russian" fits "President of Russia"
            return w in d or any(len(w) > 4 and len(x) > 4 and w[:5] == x[:5] for x in d)

        top = [s for s in named if all(fits(w, s.descriptors) for w in words)]
        return top[0] if len(top) == 1 else None


# -- labels ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cand:
    pi: int
    label: Label
    kind: str          # "generic" | "name" | "titled" | "title"
    words: int         # alphabetic words in the content


def _form(label: str) -> tuple[str, str, str, str, str | None] | None:
    """(kind, name, title, note, role) when `label` has the shape of a speaker label, else None."""
    titled = split_title(label)
    core = re.sub(r"\s+", " ", re.sub(r"\([^()]*\)", " ", label)).strip()
    low = fold(core)
    if low in GENERIC or _GENERIC_QUALIFIED.match(low):
        inner = _form(titled.note) if titled.note else None
        if inner is not None and inner[0] == "name" and len(inner[1].split()) >= 2:
            return "titled", inner[1], core.title() if core.isupper() else core, "", None  # "MODERATOR (ANNE BRIGHTWATER)"
        return "generic", "", "", titled.note, GENERIC.get(low) or GENERIC[low.split()[0]]
    toks = core.split()
    if not toks or len(toks) > 24:
        return None
    first = fold(toks[0]).strip("'’")
    if first in _NOT_LABEL_START or re.sub(r"'s$", "", first) in _NOT_LABEL_START:
        return None
    has_digit = stray = False
    for t in toks:
        bare = t.strip(",")
        if re.search(r"\d", bare):
            has_digit = True
        if bare.endswith(".") and not _ABBREV.match(bare) and not is_initial(bare) and "." not in bare[:-1]:
            return None  # a sentence's full stop
        if bare[:1].islower() and not t.startswith(("al-", "el-", "bin-", "ibn-")):
            w = fold(bare).strip("'’")
            if w not in LINK_WORDS and w not in TITLE_WORDS and w not in ORG_WORDS and w not in PARTICLES:
                stray = True  # "Putin said", "I repeat", "Officials in charge" ... or a long title
    if stray and not _long_title(titled, len(toks)):
        return None
    if toks[0][:1].islower() and fold(toks[0]) not in TITLE_WORDS:
        return None
    if titled.name and titled.title:
        return "titled", titled.name, titled.title, titled.note, None
    if has_digit:
        return None  # "Moscow, March 5"
    if titled.name:
        if len([t for t in titled.name.split() if fold(t) not in PARTICLES]) > 5:
            return None
        return "name", titled.name, "", titled.note, None
    if "," in core and not re.search(r",\s+[A-Z]", core):
        return None
    return "title", "", titled.title, titled.note, None


def _long_title(titled: TitledName, n_tokens: int) -> bool:
    """A label whose title runs on in ordinary words around a full name: "Producer of the film Frontier
    Dzhanik Fayziyev", "Konstantin Sivoronov, head of the acute toxic exposure department". The title
    must open with a role word and the name must be a first name and a surname; "Officials in charge"
    or "Putin said" have neither."""
    if not titled.name or not titled.title or n_tokens > 16 or has_digit_or_quote(titled.title):
        return False
    name = [t for t in titled.name.split() if fold(t) not in PARTICLES]
    first = fold(titled.title.split()[0]).strip(",")
    first = first[3:] if first.startswith("co-") else first
    return 2 <= len(name) <= 4 and first in TITLE_WORDS


def has_digit_or_quote(text: str) -> bool:
    return bool(re.search(r"[\d\"“”]", text))


def speaker_label(label: str) -> TitledName | None:
    """The name and title of `label` when it has the shape of a speaker label ("Energy Minister
    Alexander Novak", "Pence"), else None ("Note", "The plan", "Moscow, March 5"); a generic label
    ("Question") has no name."""
    form = _form(label)
    return None if form is None else TitledName(form[1], form[2], form[3])


def _candidate(p: Paragraph, pi: int) -> _Cand | None:
    m = _LABEL.match(p.text)
    if m:
        form = _form(m.group("label"))
        if form is None:
            return None
        kind, name, title, note, role = form
        words = len(_ALPHA_WORD.findall(p.text[m.end():]))
        a, b = p.start + m.start("label"), p.start + m.end("label")
        text = m.group("label")
        return _Cand(pi, Label(a, b, p.start + m.end(), text, _unglue(name), title, note, role), kind, words)
    m = _GLUED_Q.match(p.text)
    if m:
        a = p.start + m.start("label")
        return _Cand(pi, Label(a, a + 1, a + 1, "Q", "", "", "", "question"), "glued", 99)
    return None


def _unglue(name: str) -> str:
    """ "VladimirPutin" -> "Vladimir Putin" (a site's missing space); "McCain", "DeSantis" stay."""
    return re.sub(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})", " ", name)


# -- the document ------------------------------------------------------------------------------------

def find_turns(paragraphs: Sequence[Paragraph]) -> Transcript:
    """The turns of a document given its paragraphs (corpus.paragraphs.split_paragraphs)."""
    n = len(paragraphs)
    cands = [c for pi, p in enumerate(paragraphs) for c in [_candidate(p, pi)] if c is not None]
    cands = _refine_names(cands, paragraphs)
    accepted = _accept(cands, paragraphs)
    if not accepted:
        return Transcript([], [], [None] * n)
    speakers, who = _speakers(accepted)
    turns: list[Turn] = []
    by_par: list[ParagraphTurn | None] = [None] * n
    starts = [c.pi for c in accepted]
    longest = max([b - a - 1 for a, b in zip(starts, starts[1:])] or [0])
    # a speaker given with a title and a name is a transcript page's own label: its last turn runs to
    # the end (a speech, an address); an exchange quoted in an article may be followed by prose
    page = any(c.kind == "titled" and _is_title(c.label.title) for c in accepted)
    for k, c in enumerate(accepted):
        nxt = starts[k + 1] if k + 1 < len(starts) else n
        last = c.pi
        for pj in range(c.pi + 1, nxt):
            if _CLOSING.match(paragraphs[pj].text):
                break
            if nxt == n and not page and _article_resumes(paragraphs, pj, c.pi, longest, speakers):
                break
            last = pj
        turn = Turn(k, who[k], c.label, c.pi, last)
        turns.append(turn)
        for pj in range(c.pi, last + 1):
            p = paragraphs[pj]
            cont = pj != c.pi
            start = p.start if cont else c.label.content_start
            stage = bool(_STAGE.match(p.text[start - p.start:]))
            by_par[pj] = ParagraphTurn(pj, turn, cont, stage, start, p.end)
    return Transcript(speakers, turns, by_par)


def _refine_names(cands: list[_Cand], paragraphs: Sequence[Paragraph]) -> list[_Cand]:
    """Where a titled label's name boundary was a guess ("President of Turkey Recep Tayyip Erdogan"
    cut to "Tayyip Erdogan"), the document decides: the longest name of another label that ends the
    label ("Recep Tayyip Erdogan:", "Patriarch Kirill:"), else the longest ending of the label that
    the text uses as a name on its own ("... talks with Recep Tayyip Erdogan")."""
    others = {c.label.name for c in cands if c.label.name and (
        c.kind == "name" or c.kind == "titled" and split_title(c.label.text).certain)}
    text = "\n".join(p.text for p in paragraphs)
    out = []
    done: dict[str, tuple[str, str]] = {}  # a label repeated ("President of Russia Vladimir Putin") is decided once
    for c in cands:
        if c.label.text in done:
            name, title = done[c.label.text]
            if name != c.label.name:
                c = _Cand(c.pi, Label(c.label.start, c.label.end, c.label.content_start, c.label.text, name, title,
                                      c.label.note, c.label.role), c.kind, c.words)
            out.append(c)
            continue
        core = re.sub(r"\s*\([^()]*\)\s*$", "", c.label.text).strip()
        if c.kind == "titled" and not split_title(c.label.text).certain:
            guess = c.label.name.split()
            # a shorter name only where the words it leaves out are not a given name ("Patriarch of
            # Moscow and All Russia Kirill" + "Patriarch Kirill:"; not "Dmitry Medvedev" -> "Medvedev")
            fits = [b for b in others if core.endswith(" " + b) and b != c.label.name and (
                len(b.split()) > len(guess) or not any(is_given_name(w) for w in guess[:len(guess) - len(b.split())]))]
            if not fits:
                toks = core.split()
                n = len(c.label.name.split())
                j = len(toks)
                while j > 0 and is_name_word(toks[j - 1]):
                    j -= 1
                if j > 0 and fold(toks[j - 1]) in LINK_WORDS:
                    j += 1  # not the object of "of": "Committee on International Affairs Konstantin Kosachev"
                fits = [" ".join(toks[-k:]) for k in range(n + 1, min(5, len(toks) - j) + 1)
                        if _stands_alone(" ".join(toks[-k:]), text)]
            if fits:
                name = max(fits, key=len)
                title = core[:len(core) - len(name)].strip(" ,")
                c = _Cand(c.pi, Label(c.label.start, c.label.end, c.label.content_start, c.label.text, name, title,
                                      c.label.note, c.label.role), c.kind, c.words)
        done[c.label.text] = (c.label.name, c.label.title)
        out.append(c)
    return out


_BEFORE_ALONE = re.compile(r"(?:[^\w\s’'“\"]\s*|(?<![\w’'])(?!(?:of|for|the|and|to)\s)[a-z]+\s+)$")


def _stands_alone(name: str, text: str) -> bool:
    """Whether the text uses `name` as a name on its own: after punctuation or a lower-case word
    ("talks with Recep Tayyip Erdogan"), not after a capitalised word or "of" ("of Turkey Recep ..."),
    and not as the end of a speaker label."""
    for m in re.finditer(re.escape(name) + r"\b", text):
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if not at_line_start and text[m.end():m.end() + 3].lstrip(" \t\xa0").startswith(":"):
            continue  # the end of a long label ("Producer of the film Frontier Dzhanik Fayziyev:") says nothing;
            #           a label that is the name alone ("Asif Ali Zardari:") does
        if _BEFORE_ALONE.search(text, max(0, m.start() - 30), m.start()):
            return True
    return False


def _accept(cands: list[_Cand], paragraphs: Sequence[Paragraph]) -> list[_Cand]:
    """The candidates that are turns, decided for the whole document."""
    named = [c for c in cands if c.kind in ("name", "titled")]
    full = {c.label.name for c in named if len(c.label.name.split()) >= 2}
    counts = Counter(_key(c.label.name) for c in named)

    def known(c: _Cand) -> bool:
        """A one-word name that is the surname or given name of a full name among the labels."""
        return any(same_person(c.label.name, f) for f in full)

    roles = {c.label.role for c in cands if c.kind in ("generic", "glued")}
    # a transcript that writes its speakers in capitals ("HOLT:", "JAKE TAPPER:"): a capitalised
    # one-word label there is a speaker even when it speaks once ("TRUMP:" in a clip)
    shouted_labels = [_key(c.label.name) for c in cands if c.kind in ("name", "titled") and c.words >= _MIN_WORDS
                      and _is_shouted(c.label.text)]
    shouted = set(shouted_labels)
    shouted_recurs = len(shouted_labels) > len(shouted)

    def shouted_speaker(c: _Cand) -> bool:
        others = shouted - {_key(c.label.name)}
        return _is_shouted(c.label.text) and (len(others) >= 2 or (len(others) == 1 and shouted_recurs))

    keep = []
    for c in cands:
        if (c.words < _MIN_WORDS and not (c.kind == "titled" and c.words)) or _quotes_at(c, paragraphs):
            continue  # a tally, or a quotation introduced by its source ("Carl Bialik: “...”")
        if c.kind == "glued" and "answer" not in roles:
            continue
        if c.kind == "name" and len(c.label.name.split()) == 1 and not known(c) and not shouted_speaker(c) and (
                counts[_key(c.label.name)] < 2 or fold(c.label.name) in _ORDINALS):
            # "Deadline:", "Twitter:", "Second:", "Germany: “...”": one capitalised word that names no
            # speaker of the document, an enumeration, or a source cited by the speaker
            continue
        keep.append(c)
    # the evidence that the document is a transcript: a speaker given with a title and a name
    # ("President of Russia Vladimir Putin:", a speech may have no other label), or two speakers
    # or more (short labels count) of whom one comes back or who are a question and an answer
    body = [c for c in keep if c.pi > 0]
    kept = {id(c) for c in keep}
    keys = _speaker_keys(cands)
    voices = {_speaker_of(c, keys) for c in cands if c.pi > 0 and (id(c) in kept or len(c.label.name.split()) >= 2)}
    strong = {_speaker_of(c, keys) for c in body}
    said = Counter(_speaker_of(c, keys) for c in cands if c.pi > 0)
    recurring = any(said[k] >= 2 for k in strong)
    titled = any(c.kind == "titled" and _is_title(c.label.title) for c in body)
    qa = {"question", "answer"} <= {c.label.role for c in body}
    # three speakers in capitals, one after another ("HOLT: ... KAINE: ... PENCE: ..."), is an exchange
    # even when nobody speaks twice
    debate = len({_speaker_of(c, keys) for c in body if c.kind in ("name", "titled") and _is_shouted(c.label.text)}) >= 3
    if not body or not (titled or debate or (len(voices) >= 2 and (recurring or qa))):
        return []
    # title-only labels ("Call centre operator:", "Perm Territory:") only with words of their own
    keep = [c for c in keep if c.kind != "title" or (c.words >= 4 and _is_title(c.label.title))]
    # short turns ("Vladimir Putin: Good.", "Remark: When?") and turns that open with a quotation,
    # of speakers the transcript has
    kept = {id(c) for c in keep}
    kept_names = {c.label.name for c in keep if c.label.name}
    short = [c for c in cands if id(c) not in kept and (c.words < _MIN_WORDS or _quotes_at(c, paragraphs)) and (
        c.kind in ("titled", "generic") or (c.kind == "name" and any(
            same_person(c.label.name, k) for k in kept_names)))]
    keep = sorted(keep + short, key=lambda c: c.pi)
    # the first paragraph is the page title unless it is a turn of a speaker who comes back
    if keep and keep[0].pi == 0 and _headline(paragraphs[0], keep[0]):
        keep = keep[1:]
    return keep


_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth last finally next".split())


def _is_shouted(label: str) -> bool:
    letters = re.sub(r"[^\w]", "", re.sub(r"\([^()]*\)", "", label))
    return len(letters) > 1 and letters.isupper()


def _quotes_at(c: _Cand, paragraphs: Sequence[Paragraph]) -> bool:
    p = paragraphs[c.pi]
    return p.text[c.label.content_start - p.start:][:1] in "“\"‘«"


def _headline(p: Paragraph, c: _Cand) -> bool:
    """ "Pence: Gennifer Flowers Won’t Be at Debate": a title-case summary, not the first turn."""
    rest = p.text[c.label.content_start - p.start:]
    words = re.findall(r"[^\W\d_][\w'’\-]*", rest)
    caps = sum(w[:1].isupper() for w in words)
    return len(rest) < 200 and (caps >= 0.6 * len(words) or not re.search(r"[.!?…][\"”’']?\s*$", rest))


def _is_title(title: str) -> bool:
    """A title names a role or a body ("Energy Minister", "Governor of Pskov Region"), unlike a
    headline run into a name ("Red States Outnumber Blue States For The First Time - Jeffrey Jones")."""
    return any(fold(w) in TITLE_WORDS or fold(w) in ORG_WORDS for w in re.findall(r"[\w\-]+", title))


def _speaker_keys(cands: list[_Cand]) -> dict[str, str]:
    """A key per label name: the first full name among the labels that the name can be ("Putin" ->
    the key of "Vladimir Putin"), else the name's own key."""
    full = list(dict.fromkeys(c.label.name for c in cands if len(c.label.name.split()) >= 2))
    out = {}
    for name in dict.fromkeys(c.label.name for c in cands if c.label.name):
        out[name] = _key(next((f for f in full if same_person(name, f)), name))
    return out


def _speaker_of(c: _Cand, keys: dict[str, str]) -> str:
    return keys[c.label.name] if c.label.name else (c.label.role or c.label.title)


def _key(name: str) -> str:
    return " ".join(token_key(t) for t in name.split())


_PERSONAL = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours|you|your|yours)\b", re.I)


def _article_resumes(paragraphs: Sequence[Paragraph], pj: int, label_pi: int, longest: int,
                     speakers: list[TurnSpeaker]) -> bool:
    """After the last label, the article's own prose rather than more of the turn. A transcript's
    last turn runs to the end; an exchange quoted in an article is followed by the writer's prose.
    Told apart by the voice: a paragraph with no first or second person that names a speaker of
    the exchange ("Matthews paints a picture ..."), or, once the turn has run longer than any turn
    before it did (past three paragraphs and twice the longest), two such paragraphs in a row."""
    text = paragraphs[pj].text
    if _PERSONAL.search(text) or _STAGE.match(text):
        return False
    names = {w for s in speakers if s.name for w in s.name.split() if len(w) > 2 and w[:1].isupper()}
    if any(re.search(rf"\b{re.escape(w)}\b", text) for w in names):
        return True
    if pj - label_pi <= max(3, 2 * longest):
        return False
    return pj + 1 < len(paragraphs) and not _PERSONAL.search(paragraphs[pj + 1].text)


def _speakers(accepted: list[_Cand]) -> tuple[list[TurnSpeaker], list[TurnSpeaker]]:
    """One TurnSpeaker per person or generic role; `who[k]` is the speaker of accepted[k].
    Full names are joined first, so an earlier "Putin:" still finds "Vladimir Putin"."""
    speakers: list[TurnSpeaker] = []
    who: list[TurnSpeaker | None] = [None] * len(accepted)
    order = sorted(range(len(accepted)), key=lambda k: (len(accepted[k].label.name.split()) < 2, k))
    for k in order:
        lab = accepted[k].label
        sp = None
        if lab.name:
            fits = [s for s in speakers if s.name and same_person(lab.name, s.name)]
            if len(lab.name.split()) >= 2:
                fits = [s for s in fits if len((s.name or "").split()) >= 2]
            if fits:
                # several people share the surname: the one who spoke last before this label
                before = next((who[j] for j in range(k - 1, -1, -1) if any(who[j] is f for f in fits)), None)
                sp = before or fits[0]
        else:
            role = lab.role or lab.title
            sp = next((s for s in speakers if not s.name and (s.role == role)), None)
            hosts = [s for s in speakers if s.name and role == "moderator" and any(GENERIC.get(fold(t)) == role for t in s.titles)]
            sp = sp or (hosts[0] if len(hosts) == 1 else None)  # "MODERATOR:" after "MODERATOR (ANNE BRIGHTWATER):"
        if sp is None:
            sp = TurnSpeaker(len(speakers), lab.name or None, None if lab.name else (lab.role or lab.title))
            speakers.append(sp)
        if lab.name and len(lab.name.split()) > len((sp.name or "").split()):
            sp.name = lab.name
        if lab.title and lab.title not in sp.titles:
            sp.titles.append(lab.title)
        if lab.text not in sp.labels:
            sp.labels.append(lab.text)
        who[k] = sp
    return speakers, [w for w in who if w is not None]
