"""Quote checks answered from the index: "Did Lukashenko say that Belarus will never attack anyone?".

`qa.quotecheck` decides verbatim / paraphrase / not found between a claim and candidate statements;
this module picks the candidates from the index and words the answer:

- the speaker is resolved with the speaker directory (a name, a surname, a description the
  documents bind to someone, or a pronoun meaning the chat's speaker);
- candidates are that speaker's statements (a much-quoted speaker's: those in the paragraphs that
  best match the claim) and every statement in the paragraphs that best match the claim, whoever
  said it, so the answer can name who did say it;
- the scorer is the cosine of the claim's and the statement's MiniLM vectors; a statement scoring
  `PARAPHRASE_THRESHOLD` or more is a paraphrase (calibrated on real pairs: `bench/quote_threshold.py`);
- "Yes" only when `QuoteCheck.confirms`: verbatim, or a paraphrase that keeps the claim's negation
  and numbers (an encoder scores "we will attack" as close to "we will never attack" as a paraphrase).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from qa.citations import make_citations
from qa.evidence import Scored
from qa.questions import PRONOUN_GENDER
from qa.quotecheck import (
    NOT_FOUND,
    PARAPHRASE,
    VERBATIM,
    Candidate,
    QuoteCheck,
    QuoteQuestion,
    check_quote,
    cue_negated,
)
from qa.records import Answer, Citation

if TYPE_CHECKING:
    from qa.answering import Answerer, Chat
    from qa.speakers import SpeakerEntry
    from qa.timeparse import TimeQuery

PARAPHRASE_THRESHOLD = 0.75  # cosine (MiniLM) from which the closest statement counts as saying the claim
CLAIM_HITS = 30              # paragraphs that best match the claim: their statements are candidates
SPEAKER_PARAGRAPHS = 150     # a much-quoted speaker: their statements in this many best paragraphs
SPEAKER_ALL_UP_TO = 400      # ... all of them up to this many statements
_PRONOUNS = {"he", "she", "they", "him", "her", "them"}


_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+")
_AUX = r"(?:will|would|shall|should|can|could|may|might|must|is|are|was|were|has|have|had|does|do|did)"
_CLAIM_SUBJECT = re.compile(r"^\s*(?P<subject>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+" + _AUX + r"\b")
_FIRST_PERSON = re.compile(r"^[\"“‘«\s]*(?:we|i)\b", re.I)


def claim_subject(claim: str) -> str | None:
    """The named subject of a claim in reported form ("Belarus" in "Belarus will never attack anyone")."""
    m = _CLAIM_SUBJECT.match(claim)
    return m.group("subject") if m else None


def windows(text: str, subject: str | None = None) -> list[str]:
    """The statement, and when it runs over several sentences each sentence and each pair of neighbours: a
    claim is usually one clause, and its cosine with a long statement is diluted by the other sentences.

    With `subject` (the claim's, see `claim_subject`), a window that opens in the first person ("We will
    never ever attack anyone") is also compared in the claim's reported form ("Belarus will never ever
    attack anyone"): a claim about what someone said names who "we" are, the quote does not."""
    sents = [s.strip(" \"“”‘’«»") for s in _SENTENCE.split(text) if len(s.split()) >= 2]
    out = [text] if len(sents) <= 1 else [text] + sents + [f"{a} {b}" for a, b in zip(sents, sents[1:])]
    if subject:
        out += [_FIRST_PERSON.sub(subject, w, count=1) for w in out if _FIRST_PERSON.match(w)]
    return out


class VectorScorer:
    """`scorer(claim, texts)` for `check_quote`: the best cosine of the claim's and the encoder's unit vectors
    of each text's windows (`windows`)."""

    def __init__(self, encode_one, encode_many, reported: bool = True):
        self.encode_one, self.encode_many, self.reported = encode_one, encode_many, reported

    @classmethod
    def of(cls, assistant: Answerer) -> VectorScorer:
        return cls(assistant.retriever.encode, assistant.index.encoder.encode)

    def __call__(self, claim: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        qv = self.encode_one(claim)
        subject = claim_subject(claim) if self.reported else None
        parts = [windows(t, subject) for t in texts]
        flat = [w for ws in parts for w in ws]
        cos = (np.asarray(self.encode_many(flat), dtype=np.float32) @ qv).astype(float)
        out, k = [], 0
        for ws in parts:
            out.append(float(cos[k:k + len(ws)].max()))
            k += len(ws)
        return out


def resolve_speaker(assistant: Answerer, words: str | None, conv: Chat,
                    speaker_filter: str | None = None) -> tuple[SpeakerEntry | None, bool]:
    """The directory entry the speaker words mean, and whether they were understood at all (False: a name the
    corpus does not know). None words ("did anyone say"): (None, True)."""
    directory = assistant.speakers
    if words is None:
        return None, True
    w = words.strip()
    if w.lower() in _PRONOUNS:
        if speaker_filter and directory.get(speaker_filter) is not None:
            return directory.get(speaker_filter), True
        if conv.speaker is not None:
            return conv.speaker, True
        gender = PRONOUN_GENDER.get(w.lower())
        entry = directory.most_prominent(gender)
        return entry, entry is not None
    entry = directory.get(w)
    if entry is None:
        names = directory.find_names(w)
        entry = names[0][2] if names else directory.match_description(w)
    return entry, entry is not None


def candidates(view: Answerer, claim: str, entry: SpeakerEntry | None) -> list[Candidate]:
    """The speaker's statements worth comparing, then the statements of the paragraphs best matching the claim."""
    index = view.index
    mine = []
    if entry is not None:
        mine = index.statements(speakers=sorted(entry.variants))
        if len(mine) > SPEAKER_ALL_UP_TO:
            pids = np.fromiter(sorted({s.paragraph_id for s in mine}), dtype=np.int64)
            keep = {h.paragraph_id for h in view.retriever.search(claim, k=SPEAKER_PARAGRAPHS, subset=pids,
                                                                  speakers=sorted(entry.variants))}
            mine = [s for s in mine if s.paragraph_id in keep]
    hits = view.retriever.search(claim, k=CLAIM_HITS)
    near = index.statements(paragraph_ids=[h.paragraph_id for h in hits]) if hits else []
    seen, out, texts = set(), [], {}
    for s in mine + near:
        if s.id in seen:
            continue
        seen.add(s.id)
        if s.doc_id not in texts:
            texts[s.doc_id] = index.document_text(s.doc_id)
        text = texts[s.doc_id]
        out.append(Candidate(text[s.start:s.end], s.speaker, s, cue_negated(text[max(0, s.start - 200):s.start])))
    return out


def answer_quote(assistant: Answerer, quote: QuoteQuestion, conv: Chat, question: str,
                 window: TimeQuery | None = None, speaker_filter: str | None = None) -> Answer:
    """Answer a quote check (see the module docstring), inside `window` when there is one."""
    from qa.answering import scoped

    entry, known = resolve_speaker(assistant, quote.speaker, conv, speaker_filter)
    view, scope = scoped(assistant, window)
    when = f" {window.describe()}" if scope is not None and window is not None else ""
    cands = candidates(view, quote.claim, entry)
    speakers = set(entry.variants) if entry is not None else (set() if not known else None)
    result = check_quote(quote.claim, cands, speakers=speakers, scorer=VectorScorer.of(assistant),
                         threshold=PARAPHRASE_THRESHOLD)
    if entry is not None:
        conv.speaker = entry
    name = entry.name if entry is not None else quote.speaker
    if not known:
        lead = f"No one called {quote.speaker} speaks in the corpus."
    elif result.verdict == NOT_FOUND:
        lead = (f"No statement by {name}{when} in the corpus says this." if entry is not None
                else f"No one in the corpus is quoted{when} saying this.")
    else:
        lead = ""
    others = [_citation(view, m, assistant) for m in result.others]
    if result.verdict == NOT_FOUND or not known:
        heading = ""
        if others:
            names = sorted({c.speaker for c in others if c.speaker})
            heading = f"{' and '.join(names) or 'Someone else'} said it:"
        text = lead + (f"\n\n{heading}\n" + _lines(others, 1, by_speaker=len(names) > 1) if others else "")
        return Answer(question, False, text, speaker=name if entry is not None else None, others=others, lead=lead,
                      others_heading=heading)
    match = result.match
    assert match is not None, "a verdict other than not found comes with its match"
    best = _citation(view, match, assistant)
    who = best.speaker or name or "someone"
    lead = _verdict_lead(result, who, when)
    text = lead + "\n" + _lines([best], 1)
    if result.verdict == PARAPHRASE:
        text += f"\n  Claimed vs said: {match.compact}"
    heading = ""
    if others and not result.confirms:
        heading = "Said by others:"
        text += f"\n\n{heading}\n" + _lines(others, 2, by_speaker=True)
    return Answer(question, True, text, speaker=who, citations=[best], others=others if heading else [], lead=lead,
                  best_score=match.score, others_heading=heading)


def _verdict_lead(result: QuoteCheck, who: str, when: str) -> str:
    m = result.match
    assert m is not None, "called for a verdict other than not found"
    if result.verdict == VERBATIM:
        return f"Yes: {who} said these words{when}:"
    if result.confirms:
        return f"Not in these words, but {who} said something close{when} (a paraphrase; the differences are shown):"
    what = " and ".join(x for x, flag in (("a negation", m.negation_differs), ("a number", m.numbers_differ)) if flag)
    return f"Not as claimed: the closest statement by {who}{when} differs in {what}:"


def _citation(view, match, assistant: Answerer) -> Citation:
    """The statement of a match as a citation, with the matched words as its highlighted part."""
    s = match.candidate.ref
    (c,) = make_citations(view.index, [Scored(s, float(match.score))], assistant._display_name, 1)
    a, b = match.span
    return replace(c, parts=((s.start + a, s.start + b),) if b > a else c.parts)


def _lines(citations: list[Citation], first: int, by_speaker: bool = False) -> str:
    from qa.citations import format_citations

    return format_citations(citations, by_speaker=by_speaker, first=first)
