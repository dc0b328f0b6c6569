"""Speaker-aware answers: the asked speaker's statements on the asked topic, quoted and cited.

`Assistant` holds what every conversation shares (the index, the retriever, the speaker
directory); a `Conversation` holds one chat's context (whom it is about, the last topic, what was
already cited), so "he" and "and about Russia?" mean what the user means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from qa.index import Index, StatementRecord
from qa.questions import PRONOUN_GENDER, ParsedQuestion, parse_question
from qa.records import Answer, Citation
from qa.retrieval import Retriever
from qa.speakers import SpeakerDirectory, SpeakerEntry

# Evidence weights and the relevance threshold that decides `found` (see bench/qa_calibration.md).
W_PARAGRAPH = 1.0      # cosine of the topic and the statement's paragraph
W_DOC = 0.5            # best cosine of the topic and any paragraph of the statement's document
W_LEXICAL = 0.25       # saturated BM25 of the topic in the statement (and its paragraph)
FOUND_THRESHOLD = 0.6   # a speaker's statement scoring this answers the topic outright
FOUND_RATIO = 0.55      # ... or one scoring this share of the corpus' best answer to the topic
FOUND_FLOOR = 0.3       # ... but never below this
OPEN_THRESHOLD = 0.5    # "who said" / "what was said": the best statement must score this
OTHERS_SHOWN = 3
TOPIC_DOC_HITS = 10     # "what was said about T": the documents of the 10 best paragraphs ...
TOPIC_DOCS = 3          # ... at most 3 of them, contribute all their statements


@dataclass
class _Scored:
    statement: StatementRecord
    score: float
    dense: float = 0.0
    lexical: float = 0.0


@dataclass
class Conversation:
    """One chat: follow-ups resolve against what it has been about."""

    assistant: "Assistant"
    speaker: SpeakerEntry | None = None
    topic: str = ""
    cited: set = field(default_factory=set)

    def ask(self, question: str, speaker: str | None = None) -> Answer:
        """Answer `question`; `speaker` (a name) restricts the answer to that speaker's statements."""
        return self.assistant.answer(question, self, speaker_filter=speaker)


class Assistant:
    """Answers questions from an `Index`.

    Args:
        index: the opened index.
        top_k: citations per answer.
    """

    def __init__(self, index: Index, top_k: int = 5):
        self.index = index
        self.top_k = top_k
        self.retriever = Retriever(index)

    @cached_property
    def speakers(self) -> SpeakerDirectory:
        return SpeakerDirectory(self.index.speaker_records(), self.index.speaker_counts())

    def refresh(self) -> bool:
        """Follow the index to its newest generation (after documents were added); True if it changed."""
        changed = self.index.refresh()
        if changed:
            self.__dict__.pop("speakers", None)
        return changed

    def conversation(self) -> Conversation:
        return Conversation(self)

    # -- the pipeline ---------------------------------------------------------------------------
    def answer(self, question: str, conv: Conversation, speaker_filter: str | None = None) -> Answer:
        if not question or not question.strip():
            return Answer(question, False, "Ask a question, for example: what did the president say about NATO?")
        self.refresh()  # another process may have added documents since the last question
        parsed = parse_question(question, self.speakers)
        if speaker_filter:
            entry = self.speakers.get(speaker_filter)
            if entry is None:
                return Answer(question, False, f"No speaker named {speaker_filter} in the corpus.")
            if parsed.kind in ("who", "topic", "followup") or parsed.speaker_kind == "pronoun":
                parsed = ParsedQuestion(parsed.text, "speaker", topic=parsed.topic, speaker_text=entry.name,
                                        speaker_kind="name", speaker_entry=entry, wants_more=parsed.wants_more)
        if parsed.kind == "followup":
            if conv.speaker is None and not parsed.topic:
                return Answer(question, False, "Whom do you mean? Ask about a speaker first, e.g. "
                                               "“What did Lukashenko say about NATO?”")
            topic = parsed.topic or conv.topic
            if conv.speaker is None:
                parsed = ParsedQuestion(parsed.text, "topic", topic=topic, wants_more=parsed.wants_more)
            else:
                parsed = ParsedQuestion(parsed.text, "speaker", topic=topic, speaker_text=conv.speaker.name,
                                        speaker_kind="name", speaker_entry=conv.speaker, wants_more=parsed.wants_more)
        if parsed.kind == "speaker":
            return self._speaker_answer(parsed, conv)
        return self._open_answer(parsed, conv)

    def _resolve_speaker(self, parsed: ParsedQuestion, conv: Conversation) -> tuple[SpeakerEntry | None, bool]:
        """The entry a question's speaker words mean, and whether it was assumed (a pronoun with no context)."""
        if parsed.speaker_kind in ("name", "description"):
            return parsed.speaker_entry, False
        if parsed.speaker_kind == "pronoun":
            p = (parsed.speaker_text or "").lower()
            gender = PRONOUN_GENDER.get(p)
            if conv.speaker is not None and (gender is None or conv.speaker.gender in (None, gender)):
                return conv.speaker, False
            kinds = ("org", "group", "person") if p in ("they", "them", "it") else ("person",)
            return self.speakers.most_prominent(gender, kinds), conv.speaker is None
        return None, False

    def _speaker_answer(self, parsed: ParsedQuestion, conv: Conversation) -> Answer:
        q = parsed.text
        entry, assumed = self._resolve_speaker(parsed, conv)
        topic = parsed.topic.strip()
        about = f" about {topic}" if topic else ""
        if entry is None:
            who = parsed.speaker_text or "that speaker"
            return Answer(q, False, f"No statement by {who}{about} in the corpus: no one by that name speaks in it.")
        conv.speaker = entry
        conv.topic = topic or conv.topic
        statements = self.index.statements(speakers=sorted(entry.variants))
        if parsed.wants_more:
            statements = [s for s in statements if s.id not in conv.cited]
        if not statements:
            what = "no other statement" if parsed.wants_more else "no statement"
            return Answer(q, False, f"{entry.name} is mentioned in the corpus, but there is {what} by "
                                    f"{entry.name}{about} in it.", speaker=entry.name)
        if topic:
            scored = self._score(statements, topic)
        else:
            scored = [_Scored(s, 1.0) for s in statements]
        found = bool(scored) and (not topic or self._answers_topic(scored[0].score, topic))
        note = f"(Assuming “{parsed.speaker_text}” means {entry.name}.) " if assumed else ""
        if not found:
            others = self._others(topic, entry)
            text = note + f"No statement by {entry.name}{about} in the corpus."
            if others:
                text += "\n\nWhat others said" + about + ":\n" + self._format_citations(others, by_speaker=True)
            return Answer(q, False, text, speaker=entry.name, assumed_speaker=assumed, others=others,
                          best_score=scored[0].score if scored else None)
        citations = self._citations(scored)[: self.top_k]
        conv.cited.update(i for c in citations for i in c.statement_ids)
        head = f"{entry.name}{about}:" if topic else f"{entry.name} said:"
        return Answer(q, True, note + head + "\n" + self._format_citations(citations), speaker=entry.name,
                      citations=citations, assumed_speaker=assumed)

    def _open_answer(self, parsed: ParsedQuestion, conv: Conversation) -> Answer:
        """'who said ...' and 'what was said about ...': statements by anyone, best first."""
        q, topic = parsed.text, parsed.topic or parsed.text
        hits = self.retriever.search(topic, k=30)
        pids = [h.paragraph_id for h in hits]
        if parsed.kind == "who":
            statements = [s for s in self.index.statements(paragraph_ids=pids) if s.speaker]
        else:
            # what was said about a topic: everything said in the documents most about it
            docs = list(dict.fromkeys(self.index.paragraphs(pids[:TOPIC_DOC_HITS])[p].doc_id
                                      for p in pids[:TOPIC_DOC_HITS]))[:TOPIC_DOCS]
            by_id = {s.id: s for s in self.index.statements(paragraph_ids=pids)}
            for d in docs:
                by_id.update({s.id: s for s in self.index.statements(doc_id=d)})
            statements = list(by_id.values())
        if parsed.wants_more:
            statements = [s for s in statements if s.id not in conv.cited]
        scored = self._score(statements, topic, who=parsed.kind == "who", role=parsed.role) if statements else []
        if not scored or scored[0].score < OPEN_THRESHOLD:
            what = "said that" if parsed.kind == "who" else f"about {topic}"
            return Answer(q, False, f"No statement {what} in the corpus." if parsed.kind != "who"
                          else f"No one in the corpus is quoted saying {topic}.")
        citations = self._citations(scored)[: self.top_k]
        conv.cited.update(i for c in citations for i in c.statement_ids)
        top = citations[0].speaker
        if parsed.kind == "who":
            conv.speaker = self.speakers.get(top) if top else conv.speaker
            conv.topic = ""
            head = f"{top} said it:" if top else "Statements that match:"
        else:
            conv.topic = topic
            head = f"What was said about {topic}:"
        return Answer(q, True, head + "\n" + self._format_citations(citations, by_speaker=parsed.kind != "who"),
                      speaker=top if parsed.kind == "who" else None, citations=citations)

    def _answers_topic(self, best: float, topic: str) -> bool:
        """Does the speaker's best statement answer the topic? Clearly, or nearly as well as anyone's."""
        if best >= FOUND_THRESHOLD:
            return True
        if best < FOUND_FLOOR:
            return False
        return best >= FOUND_RATIO * max(self._global_best(topic), best)

    def _global_best(self, topic: str) -> float:
        hits = self.retriever.search(topic, k=30)
        statements = [s for s in self.index.statements(paragraph_ids=[h.paragraph_id for h in hits]) if s.speaker]
        scored = self._score(statements, topic) if statements else []
        return scored[0].score if scored else 0.0

    def _others(self, topic: str, entry: SpeakerEntry) -> list[Citation]:
        if not topic:
            return []
        hits = self.retriever.search(topic, k=20)
        statements = [s for s in self.index.statements(paragraph_ids=[h.paragraph_id for h in hits])
                      if s.speaker and s.speaker not in entry.variants]
        scored = [s for s in self._score(statements, topic) if s.score >= OPEN_THRESHOLD] if statements else []
        return self._citations(scored[:OTHERS_SHOWN])

    # -- evidence ------------------------------------------------------------------------------
    def _features(self, statements: list[StatementRecord], topic: str) -> tuple[list[dict], np.ndarray]:
        """Evidence that each statement answers `topic`: dense and lexical, statement, paragraph, document."""
        qv = self.retriever.encode(topic)
        doc_pids = self.index.paragraph_ids_of({s.doc_id for s in statements})
        all_pids = [p for ps in doc_pids.values() for p in ps]
        cos = dict(zip(all_pids, (self.index.vectors(all_pids) @ qv).tolist()))
        doc_best = {d: max((cos[p] for p in ps), default=0.0) for d, ps in doc_pids.items()}
        title = {d: cos[ps[0]] for d, ps in doc_pids.items() if ps}
        pids = sorted({s.paragraph_id for s in statements})
        paragraphs = self.index.paragraphs(pids)
        bm25 = self.index.bm25
        lex_stmt = bm25.score_texts(topic, [self._statement_text(s, paragraphs) for s in statements])
        lex_par = dict(zip(pids, bm25.score_texts(topic, [paragraphs[p].text for p in pids]).tolist()))
        feats = [{"par": cos[s.paragraph_id], "doc": doc_best.get(s.doc_id, 0.0), "title": title.get(s.doc_id, 0.0),
                  "lex_stmt": _sat(float(ls)), "lex_par": _sat(lex_par[s.paragraph_id])}
                 for s, ls in zip(statements, lex_stmt)]
        return feats, qv

    def _score(self, statements: list[StatementRecord], topic: str, who: bool = False,
               role: str | None = None) -> list[_Scored]:
        """Rank statements by how well they and their context answer `topic`."""
        feats, _ = self._features(statements, topic)
        out = []
        for s, f in zip(statements, feats):
            out.append(_Scored(s, combine(f, who), f["par"], f["lex_stmt"]))
            if role:
                entry = self.speakers.get(s.speaker) if s.speaker else None
                if entry is not None and role in entry.descriptors:
                    out[-1].score += 0.1
        out.sort(key=lambda x: (-x.score, x.statement.doc_id, x.statement.start))
        return out

    def _title_paragraphs(self, doc_ids) -> dict[str, int]:
        doc_ids = list(doc_ids)
        if not doc_ids:
            return {}
        q = f"SELECT doc_id, id FROM paragraphs WHERE number=1 AND doc_id IN ({','.join('?' * len(doc_ids))})"
        return dict(self.index.con.execute(q, doc_ids).fetchall())

    @staticmethod
    def _statement_text(s: StatementRecord, paragraphs) -> str:
        p = paragraphs[s.paragraph_id]
        a, b = max(s.start, p.start) - p.start, min(s.end, p.end) - p.start
        return p.text[a:b] if b > a else p.text

    # -- citations and text ----------------------------------------------------------------------
    def _citations(self, scored: list[_Scored]) -> list[Citation]:
        """One citation per speaker and paragraph, spanning that speaker's statements there, best first."""
        if not scored:
            return []
        groups: dict[tuple, list[_Scored]] = {}
        for x in scored:
            entry = self.speakers.get(x.statement.speaker) if x.statement.speaker else None
            groups.setdefault((x.statement.paragraph_id, entry.name if entry else x.statement.speaker), []).append(x)
        paragraphs = self.index.paragraphs({pid for pid, _ in groups})
        docs, out = {}, []
        for (pid, speaker), xs in sorted(groups.items(), key=lambda kv: -max(x.score for x in kv[1])):
            p = paragraphs[pid]
            first = xs[0].statement
            start = min(x.statement.start for x in xs)
            end = max(x.statement.end for x in xs)
            if first.doc_id not in docs:
                docs[first.doc_id] = self.index.document(first.doc_id)
            text = self.index.document_text(first.doc_id)[start:end]
            kinds = {x.statement.kind for x in xs}
            best = max(xs, key=lambda x: x.score)
            out.append(Citation(doc_id=first.doc_id, paragraph=p.number, start=start, end=end, speaker=speaker,
                                score=best.score, quote=text, title=docs[first.doc_id].title if docs[first.doc_id] else None,
                                kind=kinds.pop() if len(kinds) == 1 else "mixed", par_start=p.start, par_end=p.end,
                                statement_id=best.statement.id, statement_ids=tuple(x.statement.id for x in xs),
                                parts=tuple(sorted({(x.statement.start, x.statement.end) for x in xs})),
                                paragraph_text=p.text))
        return out

    def _format_citations(self, citations: list[Citation], by_speaker: bool = False) -> str:
        lines = []
        last = None
        for i, c in enumerate(citations, 1):
            if by_speaker and c.speaker != last:
                lines.append(f"{c.speaker or 'Unnamed source'}:")
                last = c.speaker
            lines.append(f"  [{i}] {quote_parts(c)}  — {c.title or c.doc_id}, ¶{c.paragraph}")
        return "\n".join(lines)

    def render_text(self, answer: Answer) -> str:
        """The answer for a terminal: text, then where each citation comes from."""
        out = [answer.text]
        if answer.citations:
            out.append("")
            for i, c in enumerate(answer.citations, 1):
                out.append(f"  [{i}] {c.doc_id} ¶{c.paragraph} chars {c.start}-{c.end} (score {c.score:.2f})")
        return "\n".join(out)


def combine(f: dict, who: bool = False) -> float:
    """One relevance score from the evidence of `Assistant._features`."""
    if who:  # the words of a quote matter most for "who said ..."
        return W_PARAGRAPH * f["par"] + 0.6 * f["lex_stmt"]
    lexical = 0.5 * f["lex_stmt"] + 0.5 * f["lex_par"]
    return W_PARAGRAPH * f["par"] + W_DOC * f["doc"] + W_LEXICAL * lexical


def _sat(x: float, k: float = 6.0) -> float:
    """BM25 scores grow without bound; squash them into [0, 1)."""
    return x / (x + k) if x > 0 else 0.0


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def quote_parts(c: Citation) -> str:
    """The cited statements as reported: each in its whole sentence, " … " between sentences left out."""
    text, base = c.paragraph_text, c.par_start
    if not text or base is None:
        return " ".join(c.quote.split())
    ends = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    spans = []
    for a, b in (c.parts or ((c.start, c.end),)):
        a, b = max(a - base, 0), min(b - base, len(text))
        sa = max(e for e in ends if e <= a)
        sb = min((e for e in ends if e >= b), default=len(text))
        spans.append((sa, sb))
    return " … ".join(" ".join(text[a:b].split()) for a, b in _merge_parts(spans))


def _merge_parts(parts) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(parts):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
