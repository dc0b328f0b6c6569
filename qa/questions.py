"""Question understanding, deterministic: who is asked about, and about what.

Forms: "what did X say (about T)", "did X comment on T", "how did X respond to T", "what was X's
view on T", "who said S", "which senator called ...", "what was said about T", and follow-ups
("and about Russia?", "what else did he say?"). X may be a full name, a surname, a description
("the Belarusian president") or a pronoun; the directory of the index's speakers decides which
words are a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from corpus.attribution import lexicon as lx
from corpus.attribution import names as nm
from qa.speakers import SpeakerDirectory, SpeakerEntry

# What a question asks: a speaker's statements ("what did X say"), who said something, what was said
# about a topic by anyone, or a follow-up that takes the speaker or topic of the chat ("and about T?").
QuestionKind = Literal["speaker", "who", "topic", "followup"]
# How a "speaker" question names its speaker: a name the corpus knows, a pronoun, a description the
# documents bind to someone ("the Belarusian president"), or a capitalised name the corpus does not know.
SpeakerKind = Literal["name", "pronoun", "description", "unknown"]


def _alternation(forms) -> str:
    """A regex alternation of verb forms, longest first."""
    return "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))


# The verbs of each pattern are generated from the lexicon (corpus/attribution/data/questions.txt).
_WHICH_VERBS = _alternation(lx.QUESTION_WHICH_VERBS)
_SAID_THAT_VERBS = _alternation(lx.QUESTION_SAID_THAT_VERBS)
_SAID_THAT_HEARER_VERBS = _alternation(lx.QUESTION_SAID_THAT_HEARER_VERBS)
_SPEECH_VERBS = _alternation(lx.QUESTION_SPEECH_VERBS)
_SPEECH_WORDS = frozenset(lx.QUESTION_SPEECH_VERBS)
_DESCRIPTION_VERBS = _alternation(lx.QUESTION_DESCRIPTION_VERBS)
_TOPIC_VERBS = _alternation(lx.QUESTION_TOPIC_VERBS)

_LEAD = r"^(?:(?:and|so|but|also|ok|okay|well|then|now|tell me|please)\b[,\s]*)*"
_WHO = re.compile(_LEAD + r"(?:who|whom)\b(?:\s+(?:else|exactly|actually))?\s+(?P<rest>.+)$", re.I)
_WHICH = re.compile(_LEAD + r"(?:which|what)\s+(?P<role>[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*)?)\s+"
                    r"(?P<rest>(?:has\s+|have\s+|had\s+)?(?:" + _WHICH_VERBS + r")\b.*)$", re.I)
_TOPIC = re.compile(_LEAD + r"(?:what|anything)\s+(?:was|is|has\s+been|have\s+been|were|are|had\s+been)\s+(?:being\s+)?"
                    r"(?:" + _TOPIC_VERBS + r")\s+(?:about|on|regarding|concerning|of|over)\s+"
                    r"(?P<topic>.+)$", re.I)
_TOPIC_PEOPLE = re.compile(_LEAD + r"(?:what|how)\s+(?:do|did|does|have|has|had)\s+(?:people|others|anyone|everyone|"
                           r"experts|critics|officials|sources)\s+\w+\s+(?:about|on|of|regarding)\s+(?P<topic>.+)$", re.I)
_ABOUT = re.compile(_LEAD + r"(?:(?:what|how)\s+)?(?:about|on|regarding|concerning|re:?)\s+(?P<topic>.+)$", re.I)
_SAID_THAT = re.compile(r"^(?:has\s+|had\s+|have\s+)?(?:" + _SAID_THAT_VERBS + r"|(?:" + _SAID_THAT_HEARER_VERBS
                        + r")\s+\w+)\s+(?:that\s+)?", re.I)
_ELSE = re.compile(r"\b(?:what|anything|something|who)\s+else\b|\banything more\b|\bmore\b\s*$", re.I)
_PRONOUN = re.compile(r"\b(?P<p>he|she|they|him|her|his|hers|them|it)\b", re.I)
_DESCRIPTION = re.compile(r"\b(?:the|this|that)\s+(?P<d>(?:[a-z][\w\-]*(?:['’]s)?\s+){0,7}?[a-z][\w\-]*)"
                          r"(?=\s+(?:(?:" + _DESCRIPTION_VERBS + r")\b(?!\s+(?:say|says|said|show|shows|showed|find|finds|found)\b)"
                          r"|'s\b|’s\b))", re.I)  # "the union report say": the report is no verb there
_CAPNAME = re.compile(r"\b(?P<n>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|de|da|van|von|bin|al|la|le)){0,3})")
_TRAILING_SAY = re.compile(r"\s+(?:say|said|says|think|thinks|tell us)\s*$", re.I)
_WH_AUX = re.compile(r"^(?:(?:and|so|but|also|ok|okay|well|then|now)\b[,\s]*)*(?:(?:what|how|why|when|where|whether|"
                     r"which|did|does|do|has|have|had|is|was|were|are|will|would|can|could|else|exactly|actually|"
                     r"advice|view|position|stance|opinion|response|reaction)\b\s*)*", re.I)
_SPEECH_VERB = re.compile(r"^\s*(?:['’]s\s+)?(?:really\s+|actually\s+|publicly\s+|ever\s+|also\s+|exactly\s+)?"
                          r"(?:" + _SPEECH_VERBS + r"|make of|have to say|"
                          r"view|position|stance|opinion|take|response|reaction|remarks?|comments?|statement)\b", re.I)
# "(tell) Putin about T", "(warn) the European Union about T": a hearer of up to five words, then the topic
_HEARER = re.compile(r"^\s*(?:" + _alternation(lx.QUESTION_HEARER_VERBS) + r")\s+(?P<hearer>(?:[\w.'’\-]+\s+){0,4}?)"
                     r"(?=(?:about|regarding|concerning)\b)", re.I)
_LEADING_PREP = re.compile(r"^\s*(?:about|on|regarding|concerning|of|over|to|with|when|that|in\s+response\s+to)\b\s*",
                           re.I)
# "what advice did he give ...": a noun that names what was said is part of the topic ("what view" is not)
_WHAT_NOUN = re.compile(_LEAD + r"(?:what|which|any)\s+(?P<noun>advice|warning|warnings|criticism|message|promise|"
                        r"promises|pledge|proposal|plan|prediction|argument|explanation|excuse|reason|reasons|"
                        r"concerns?|complaints?|accusations?|demands?|questions?|apology)\b", re.I)
# a run of capitalised words, with the initials, particles and "of" a name or title may hold
_NAME_RUN = re.compile(r"\b[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|da|van|von|bin|al|la|le|of|the)(?=\s|$|[,;?!.])"
                       r")*(?<![\s,])")
_NAME_LINKS = frozenset("bin ibn bint al el de da van von ben".split())  # inside a name: "Salman bin Abdulaziz"
_QUESTION_WORDS = frozenset("what who whom which how why when where did does do has have had is was were are will would "
                            "can could and so but also ok okay well then now tell me please".split())
# "and about X, what did Y say?": the about-phrase is not the whole question
_ASKS_SPEAKER = re.compile(r"\b(?:what|how|did|does|do|has|have)\b.*\b(?:" + _SPEECH_VERBS + r")\b", re.I)
# a description whose head is a person's role: "the president of the United States", "the harbour's master"
_ROLE_HEAD = re.compile(r"^(?:[\w\-]+\s+)*?(?P<role>" + "|".join(sorted(lx.ROLE_NOUNS, key=lambda w: (-len(w), w)))
                        + r")(?:\s+(?:of|for)\b.*)?$", re.I)
_FOLLOW_STOP = {"the", "a", "an", "of", "and", "or", "in", "at", "on", "for", "to", "from", "with", "by", "about"}
_AUX_WORDS = {"did", "does", "do", "was", "is", "has", "have", "had", "else", "were", "are", "will", "would", "can",
              "could", "should", "exactly", "really"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# A question names a speaker and a subject in a sentence or two; a longer one is refused before any
# parsing or search (it would otherwise be echoed whole into the answer and cost regexes and an embedding).
MAX_QUESTION_CHARS = 1000


def too_long(question: str, limit: int = MAX_QUESTION_CHARS) -> str | None:
    """The message refusing a question longer than `limit` characters, or None if it is short enough."""
    n = len(question.strip())
    if n <= limit:
        return None
    return (f"This question is {n:,} characters long; a question can have at most {limit:,}. Ask about one "
            "speaker or one subject, e.g. “What did the president say about NATO?”")


@dataclass(frozen=True)
class ParsedQuestion:
    """What a question asks (see `QuestionKind`, `SpeakerKind`)."""

    text: str
    kind: QuestionKind
    topic: str = ""
    speaker_text: str | None = None
    speaker_kind: SpeakerKind | None = None
    speaker_entry: SpeakerEntry | None = None  # the directory entry when named or described
    role: str | None = None                    # "congresswoman" in "which congresswoman ..."
    wants_more: bool = False                   # "what else ..."

    def by(self, entry: SpeakerEntry, topic: str | None = None) -> ParsedQuestion:
        """The same question asked about `entry` by name (a follow-up's speaker, the speaker filter)."""
        return replace(self, kind="speaker", topic=self.topic if topic is None else topic, speaker_text=entry.name,
                       speaker_kind="name", speaker_entry=entry)

    def about(self, topic: str) -> ParsedQuestion:
        """The same question as a topic question with no speaker ("and about NATO?" before any speaker)."""
        return replace(self, kind="topic", topic=topic, speaker_text=None, speaker_kind=None, speaker_entry=None)


def claim_start(question: str) -> int | None:
    """Where the words a "who said S" question looks for begin (just after "who"/"which senator"), or None
    for any other question: a time inside them ("Who said Trump claimed a loss in 1995?") is part of what
    was said, not a date to hold the answer to."""
    m = _WHO.match(question)
    if m:
        return m.start("rest")
    m = _WHICH.match(question)  # "which senator said ...", not "what did Putin say ..."
    if m and m.group("role").split()[0].lower() not in _AUX_WORDS and m.group("role")[:1].islower():
        return m.start("rest")
    return None


def _clean(q: str) -> str:
    return re.sub(r"\s+", " ", q.strip()).rstrip("?!. ").strip()


def _topic_after(text: str, end: int) -> str:
    rest = text[end:]
    m = _HEARER.match(rest) or _SPEECH_VERB.match(rest)  # "tell Putin about T": whom he told is not the topic
    if m:
        rest = rest[m.end():]
    rest = _LEADING_PREP.sub("", rest, count=1)
    return rest.strip(" ,;:")


def parse_question(question: str, directory: SpeakerDirectory) -> ParsedQuestion:
    """Parse a chat question against the speakers the corpus knows."""
    q = _clean(question)
    more = bool(_ELSE.search(q))
    m = _TOPIC.match(q) or _TOPIC_PEOPLE.match(q)
    if m:
        return ParsedQuestion(q, "topic", topic=m.group("topic"), wants_more=more)
    m = _WHICH.match(q)
    if m and m.group("role").split()[0].lower() not in _AUX_WORDS and m.group("role")[:1].islower():
        return ParsedQuestion(q, "who", topic=m.group("rest"), role=m.group("role").split()[-1].lower(), wants_more=more)
    m = _WHO.match(q)
    if m:
        # "who said (that) S": S is what to look for; "who called X a Y" keeps its verb
        rest = _SAID_THAT.sub("", m.group("rest"), count=1) or m.group("rest")
        return ParsedQuestion(q, "who", topic=rest, wants_more=more)

    m = _ABOUT.match(q)
    if m and not _ASKS_SPEAKER.search(m.group("topic")):
        # "and about Ohio?", "what about Joe Scarborough?": the chat's speaker on a new topic, even when the
        # topic is a name the corpus quotes ("and what did Joe Scarborough say?" asks about him)
        return ParsedQuestion(q, "followup", topic=m.group("topic"), wants_more=more)

    cands = _speaker_mentions(q, directory)
    prefix = _WH_AUX.match(q)
    start = prefix.end() if prefix else 0
    unknown = _CAPNAME.match(q, start) if start < len(q) else None
    if unknown and (any(c[0] <= unknown.start() < c[1] for c in cands) or not _followed_by_verb(q, unknown.end())):
        unknown = None
    chosen = None
    for c in cands:
        if any(o[0] <= c[0] < o[1] for o in cands if o is not c and (o[1] - o[0]) > (c[1] - c[0])):
            continue  # inside a longer mention
        if unknown is not None and c[0] >= unknown.end():
            break  # "What did Wyoming Public Radio say about Bill Clinton?": the radio is asked about, not Clinton
        if _followed_by_verb(q, c[1]):
            chosen = c
            break
    if chosen is None:
        names = [c for c in cands if c[2] in ("name", "description")]
        if unknown is not None:
            chosen = (unknown.start(), unknown.end(), "unknown", None)
        elif names and names[0][0] <= start + 2:
            chosen = names[0]
    if chosen is None:
        if more:
            return ParsedQuestion(q, "followup", wants_more=True)
        topic = q[_WH_AUX.match(q).end():] if _WH_AUX.match(q) else q  # type: ignore[union-attr]
        topic = _TRAILING_SAY.sub("", topic)  # "What did the 52-year-old say?": about the 52-year-old, not "... say"
        return ParsedQuestion(q, "topic", topic=topic.strip(), wants_more=more)
    a, b, kind, entry = chosen
    topic = _topic_after(q, b)
    asked = _WHAT_NOUN.match(q)
    if asked and asked.group("noun").lower() not in topic.lower():
        topic = f"{asked.group('noun')} {topic}".strip()  # "what advice did he give Clinton": the advice is the topic
    before = q[_WH_AUX.match(q).end():a].strip() if _WH_AUX.match(q) else ""  # type: ignore[union-attr]
    if before and kind != "pronoun" and before.split()[-1].lower() not in _FOLLOW_STOP:
        pass  # "Trump spokesman Jason Miller": a title before the name, not topic
    elif before and kind == "pronoun":
        topic = (before + " " + topic).strip()
    return ParsedQuestion(q, "speaker", topic=topic, speaker_text=q[a:b], speaker_kind=kind, speaker_entry=entry,
                          wants_more=more)


def _speaker_mentions(q: str, directory: SpeakerDirectory) -> list[tuple[int, int, SpeakerKind, SpeakerEntry | None]]:
    """Who a question may be about: names the corpus knows, pronouns, descriptions, and a person's full
    name it does not know, as (start, end, kind, entry) in text order, longest first at one start.

    A capitalised run is one mention: "Paul Hart" is one person, whom the corpus may not know, not the
    corpus's "Paul" followed by the topic "Hart"; "Jeffrey M. Jones" is found as "Jeffrey Jones" or is
    unknown, never "Alex Jones". A title before the name is not part of it ("Ohio Secretary of State Jon
    Husted"). "The Census Bureau" or "the Pentagon" is an organisation's name, not a description to be
    matched against what documents call people ("the bureau's director"), and "the harbour master" is
    also the speaker a transcript labels "Harbour Master"."""
    cands: list[tuple[int, int, SpeakerKind, SpeakerEntry | None]] = []
    claimed: list[tuple[int, int]] = []  # spans of whole names: no known name inside them counts alone
    for a, b in _capitalised_runs(q):
        run = q[a:b].split()
        if len(run) >= 2 and nm.fold(run[-1]) in lx.LEGAL_FORMS:
            # "Nordvale Thermal Ltd": a company's whole name, which the corpus may know without its legal form
            bare = " ".join(w for w in run if nm.fold(w) not in lx.LEGAL_FORMS)
            entry = directory.get(q[a:b]) or directory.get(bare)
            if entry is None and (first := directory.get(run[0])) is not None and first.kind != "person":
                entry = first  # the headline's "Nordvale" for "Nordvale Thermal Ltd"
            cands.append((a, b, "name" if entry is not None else "unknown", entry))
            claimed.append((a, b))
            continue
        titled = nm.split_title(q[a:b], trim=False)
        if titled.name and titled.title and len(titled.name.split()) == 1:
            # "King Salman": a title and one name, the start of a full name the corpus knows
            entry = directory.find_person(titled.name)
            if entry is not None and entry.kind == "person":
                a = a + q[a:b].rfind(titled.name)
                cands.append((a, a + len(titled.name), "name", entry))
                claimed.append((a, a + len(titled.name)))
            continue
        if not titled.name or not _is_full_person_name(titled.name):
            continue
        a = a + q[a:b].rfind(titled.name)
        b = a + len(titled.name)
        entry = directory.find_person(titled.name)
        cands.append((a, b, "name" if entry is not None else "unknown", entry))
        claimed.append((a, b))
    for a, b, entry in directory.find_names(q):
        if not any(ca <= a < cb or ca < b <= cb for ca, cb in claimed):
            cands.append((a, b, "name", entry))
    for pm in _PRONOUN.finditer(q):
        cands.append((pm.start(), pm.end(), "pronoun", None))
    for dm in _DESCRIPTION.finditer(q):
        if any(ca <= dm.start("d") < cb for ca, cb in claimed):
            continue
        words = dm.group("d").split()
        if all(w[:1].isupper() for w in words) and words[-1].lower() not in lx.ROLE_NOUNS:
            # "the Census Bureau", "the White House": a name, known or not (a surname alone is not:
            # "the Post" is no one's "Post")
            entry = directory.get(dm.group("d"))
            if entry is not None and len(words) == 1 and entry.kind == "person":
                entry = None
            kind: SpeakerKind = "name" if entry is not None else "unknown"
            cands.append((dm.start("d"), dm.end("d"), kind, entry))
            claimed.append((dm.start("d"), dm.end("d")))
            continue
        entry = directory.match_description(dm.group(0)) or directory.get(dm.group("d"))
        if entry is not None:
            cands.append((dm.start(), dm.end(), "description", entry))
        elif _ROLE_HEAD.match(dm.group("d")):
            # "the president of the United States" in a corpus whose only president is Belarusian
            cands.append((dm.start(), dm.end(), "unknown", None))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    return cands


def _capitalised_runs(q: str) -> list[tuple[int, int]]:
    """Spans of capitalised word runs ("Jeffrey M. Jones", "Ohio Secretary of State Jon Husted"), without
    the question's own words ("What", "Did") and a possessive's "'s"."""
    out = []
    for m in _NAME_RUN.finditer(q):
        a, b = m.span()
        words = list(re.finditer(r"\S+", q[a:b]))
        while words and words[0].group().lower() in _QUESTION_WORDS:
            words.pop(0)
        if not words:
            continue
        a, b = a + words[0].start(), a + words[-1].end()
        possessive = re.search(r"['’]s?$", q[a:b])
        b -= len(possessive.group()) if possessive else 0
        out.append((a, b))
    return out


def _is_full_person_name(name: str) -> bool:
    """A given name (or an initial) and a surname: "Paul Hart", "J. Smith", "Jeffrey M. Jones"."""
    words = name.split()
    if len(words) < 2 or any(nm.fold(w) in nm.ORG_WORDS for w in words):
        return False
    return nm.is_given_name(words[0]) or nm.is_initial(words[0]) or any(
        w in _NAME_LINKS for w in words[1:-1])  # "Salman bin Abdulaziz"


def _followed_by_verb(q: str, end: int) -> bool:
    rest = q[end:]
    if re.match(r"\s*['’]s\b", rest):
        return True
    m = re.match(r"\s+([A-Za-z][\w\-]*)", rest)
    if not m:
        return not rest.strip()
    w = m.group(1)
    if w in _SPEECH_WORDS and _WH_AUX.match(q):
        return True  # "What did the newspaper report about ...": after "did", a verb of saying is the verb
    return w.islower() and w not in _FOLLOW_STOP and w not in lx.ROLE_NOUNS and w not in lx.ORG_NOUNS
