"""Question understanding, deterministic: who is asked about, and about what.

Forms: "what did X say (about T)", "did X comment on T", "how did X respond to T", "what was X's
view on T", "who said S", "which senator called ...", "what was said about T", and follow-ups
("and about Russia?", "what else did he say?"). X may be a full name, a surname, a description
("the Belarusian president") or a pronoun; the directory of the index's speakers decides which
words are a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.attribution import lexicon as lx
from qa.speakers import SpeakerDirectory, SpeakerEntry


def _alternation(forms) -> str:
    """A regex alternation of verb forms, longest first."""
    return "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))


# The verbs of each pattern are generated from the lexicon (corpus/attribution/data/questions.txt).
_WHICH_VERBS = _alternation(lx.QUESTION_WHICH_VERBS)
_SAID_THAT_VERBS = _alternation(lx.QUESTION_SAID_THAT_VERBS)
_SAID_THAT_HEARER_VERBS = _alternation(lx.QUESTION_SAID_THAT_HEARER_VERBS)
_SPEECH_VERBS = _alternation(lx.QUESTION_SPEECH_VERBS)
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
_DESCRIPTION = re.compile(r"\b(?:the|this|that)\s+(?P<d>(?:[a-z][\w\-]*\s+){0,4}?[a-z][\w\-]*)"
                          r"(?=\s+(?:" + _DESCRIPTION_VERBS + r"|'s|’s)\b)", re.I)
_CAPNAME = re.compile(r"\b(?P<n>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|de|da|van|von|bin|al|la|le)){0,3})")
_WH_AUX = re.compile(r"^(?:(?:and|so|but|also|ok|okay|well|then|now)\b[,\s]*)*(?:(?:what|how|why|when|where|whether|"
                     r"which|did|does|do|has|have|had|is|was|were|are|will|would|can|could|else|exactly|actually|"
                     r"advice|view|position|stance|opinion|response|reaction)\b\s*)*", re.I)
_SPEECH_VERB = re.compile(r"^\s*(?:['’]s\s+)?(?:really\s+|actually\s+|publicly\s+|ever\s+|also\s+|exactly\s+)?"
                          r"(?:" + _SPEECH_VERBS + r"|make of|have to say|"
                          r"view|position|stance|opinion|take|response|reaction|remarks?|comments?|statement)\b", re.I)
_LEADING_PREP = re.compile(r"^\s*(?:about|on|regarding|concerning|of|over|to|with|when|that|in\s+response\s+to)\b\s*",
                           re.I)
# "what advice did he give ...": a noun that names what was said is part of the topic ("what view" is not)
_WHAT_NOUN = re.compile(_LEAD + r"(?:what|which|any)\s+(?P<noun>advice|warning|warnings|criticism|message|promise|"
                        r"promises|pledge|proposal|plan|prediction|argument|explanation|excuse|reason|reasons|"
                        r"concerns?|complaints?|accusations?|demands?|questions?|apology)\b", re.I)
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


@dataclass
class ParsedQuestion:
    """What a question asks: `kind` is "speaker", "who", "topic" or "followup"."""

    text: str
    kind: str
    topic: str = ""
    speaker_text: str | None = None
    speaker_kind: str | None = None      # "name" | "pronoun" | "description" | "unknown"
    speaker_entry: SpeakerEntry | None = None  # the directory entry when named or described
    role: str | None = None              # "congresswoman" in "which congresswoman ..."
    wants_more: bool = False             # "what else ..."


def _clean(q: str) -> str:
    return re.sub(r"\s+", " ", q.strip()).rstrip("?!. ").strip()


def _topic_after(text: str, end: int) -> str:
    rest = text[end:]
    m = _SPEECH_VERB.match(rest)
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

    # A speaker: a name the corpus knows, a pronoun, a description, or a name it does not know.
    cands: list[tuple[int, int, str, SpeakerEntry | None]] = []  # (start, end, kind, entry)
    entry: SpeakerEntry | None
    for a, b, entry in directory.find_names(q):
        cands.append((a, b, "name", entry))
    for pm in _PRONOUN.finditer(q):
        cands.append((pm.start(), pm.end(), "pronoun", None))
    for dm in _DESCRIPTION.finditer(q):
        entry = directory.match_description(dm.group(0))
        if entry is not None:
            cands.append((dm.start(), dm.end(), "description", entry))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: tuple[int, int, str, SpeakerEntry | None] | None = None
    for c in cands:
        if any(o[0] <= c[0] < o[1] for o in cands if o is not c and (o[1] - o[0]) > (c[1] - c[0])):
            continue  # inside a longer mention
        if _followed_by_verb(q, c[1]):
            chosen = c
            break
    if chosen is None:
        names = [c for c in cands if c[2] in ("name", "description")]
        prefix = _WH_AUX.match(q)
        start = prefix.end() if prefix else 0
        unknown = _CAPNAME.match(q, start) if start < len(q) else None
        if unknown and not any(c[0] <= unknown.start() < c[1] for c in cands) and _followed_by_verb(q, unknown.end()):
            chosen = (unknown.start(), unknown.end(), "unknown", None)
        elif names and names[0][0] <= start + 2:
            chosen = names[0]
    if chosen is None:
        m = _ABOUT.match(q)
        if m:
            return ParsedQuestion(q, "followup", topic=m.group("topic"), wants_more=more)
        if more:
            return ParsedQuestion(q, "followup", wants_more=True)
        topic = q[_WH_AUX.match(q).end():] if _WH_AUX.match(q) else q  # type: ignore[union-attr]
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


def _followed_by_verb(q: str, end: int) -> bool:
    rest = q[end:]
    if re.match(r"\s*['’]s\b", rest):
        return True
    m = re.match(r"\s+([A-Za-z][\w\-]*)", rest)
    if not m:
        return not rest.strip()
    w = m.group(1)
    return w.islower() and w not in _FOLLOW_STOP and w not in lx.ROLE_NOUNS and w not in lx.ORG_NOUNS
