"""Speaker-aware answers: the asked speaker's statements on the asked topic, quoted and cited.

`Assistant` holds what every conversation shares (the index, the retriever, the speaker
directory); a `Conversation` holds one chat's context (whom it is about, the last topic, what was
already cited), so "he" and "and about Russia?" mean what the user means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from corpus.attribution import lexicon as lx
from corpus.attribution.pronouns import noun_gender
from qa.citations import (  # noqa: F401 - quote_parts re-exported
    CLOSE_RELATIVE,
    MAX_PASSAGE,
    format_citations,
    make_citations,
    paragraph_ref,
    quote_parts,
)
from qa.evidence import Evidence, Scored, focus, unmentioned_names, voices
from qa.index import Index, StatementRecord
from qa.questions import MAX_QUESTION_CHARS, PRONOUN_GENDER, ParsedQuestion, parse_question, too_long
from qa.records import Answer, Citation
from qa.retrieval import Retriever
from qa.speakers import SpeakerDirectory, SpeakerEntry
from qa.timefilter import answer_dated
from qa.timeparse import TimeQuery

SUPPORT_CANDIDATES = 10  # "found" when one of the 10 best statements is about the topic (qa.evidence.Support)
OTHERS_SHOWN = 3
TOPIC_DOC_HITS = 10     # "what was said about T" and "who said S": the documents of the 10 best paragraphs ...
TOPIC_DOCS = 3          # ... at most 3 of them, contribute all their statements (a "who said" answer is
                        # often in the same article as the best paragraph, not in the next best ones)
ROLE_BONUS = 0.1        # "which congresswoman ...": a speaker the text calls one
# A topic that points back ("what did she say about it?") means the topic the chat is about.
ANAPHORIC_TOPICS = frozenset({"it", "that", "this", "them", "those", "these", "the issue", "that issue", "this issue",
                              "the matter", "that matter", "the subject", "that subject", "the topic", "that topic"})
PRESELECT_ABOVE = 400      # a speaker with more statements than this ...
PRESELECT_PARAGRAPHS = 150  # ... has only those in the 150 paragraphs that best match the topic scored


@dataclass
class Conversation:
    """One chat: follow-ups resolve against what it has been about."""

    assistant: Assistant
    speaker: SpeakerEntry | None = None
    topic: str = ""
    cited: set = field(default_factory=set)
    time: TimeQuery | None = None  # the window a follow-up keeps ("... in 2013", then "and about oil?")

    def ask(self, question: str, speaker: str | None = None, window: TimeQuery | None = None,
            order: str | None = None) -> Answer:
        """Answer `question`; `speaker` (a name) restricts the answer to that speaker's statements, `window` to
        documents dated inside it (`qa.timefilter.window_from_bounds`), `order` ("date", "newest") sorts by date."""
        return self.assistant.answer(question, self, speaker_filter=speaker, window=window, order=order)


class Assistant:
    """Answers questions from an `Index`.

    Args:
        index: the opened index.
        top_k: citations per answer.
        max_question_chars: longer questions are refused with a message (the CLI, `--json` and the app
            all answer through here, so they share the limit).
    """

    def __init__(self, index: Index, top_k: int = 5, max_question_chars: int = MAX_QUESTION_CHARS):
        self.index = index
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.retriever = Retriever(index)
        self.evidence = Evidence(index, self.retriever.encode)

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
    def answer(self, question: str, conv: Conversation, speaker_filter: str | None = None,
               window: TimeQuery | None = None, order: str | None = None, dates: bool = True) -> Answer:
        """Answer `question` in `conv`; `speaker_filter` (a name) restricts it to that speaker's statements,
        unless the question itself names a speaker or asks who said something (then the answer says
        the filter was not applied). Time in the question, `window`, `order` and quote checks are
        `qa.timefilter`'s (`dates=False`: it is asking, with the time taken out)."""
        if not question or not question.strip():
            return Answer(question, False, "Ask a question, for example: what did the president say about NATO?")
        refused = too_long(question, self.max_question_chars)
        if refused:
            return Answer(question[:self.max_question_chars] + "…", False, refused)
        self.refresh()  # another process may have added documents since the last question
        # -- dates: time in the question, a date filter or order, quote checks (qa.timefilter) --------
        if dates:
            dated = answer_dated(self, question, conv, speaker_filter, window, order)
            if dated is not None:
                return dated
        # -- end of dates ---------------------------------------------------------------------------------
        parsed = parse_question(question, self.speakers)
        if parsed.topic.lower().strip(" .,;!?") in ANAPHORIC_TOPICS:
            # "what did she say about it?": the topic the chat is about (none yet: everything)
            parsed = replace(parsed, topic=conv.topic)
        if parsed.kind == "who" and parsed.topic.lower().strip(" .,;!?") in ("", "said", "say", "so"):
            if not conv.topic:
                return Answer(question, False, "Who said what? Give the words or the subject, e.g. "
                                               "“Who said the war must stop?”")
            parsed = replace(parsed, topic=conv.topic)
        note = ""
        if speaker_filter:
            entry = self.speakers.get(speaker_filter)
            if entry is None:
                return Answer(question, False, f"No speaker named {speaker_filter} in the corpus.")
            parsed, note = self._apply_filter(parsed, entry)
        if parsed.kind == "followup":
            if conv.speaker is None and not parsed.topic:
                return Answer(question, False, "Whom do you mean? Ask about a speaker first, e.g. "
                                               f"“What did {self._example_speaker()} say about …?”")
            topic = parsed.topic or conv.topic
            parsed = parsed.about(topic) if conv.speaker is None else parsed.by(conv.speaker, topic)
        answer = self._speaker_answer(parsed, conv) if parsed.kind == "speaker" else self._open_answer(parsed, conv)
        if note:
            answer.text, answer.lead = note + answer.text, note + answer.lead
        return answer

    @staticmethod
    def _apply_filter(parsed: ParsedQuestion, entry: SpeakerEntry) -> tuple[ParsedQuestion, str]:
        """The question restricted to the filtered speaker, or left as asked with a note saying why.

        The question wins over the filter when it names its own speaker ("what did Putin say", with
        Sechin selected) or asks who said something: forcing the filtered speaker on a "who said"
        question would answer it with that speaker's nearest words, whoever said the words asked
        about. A pronoun, a topic question or a follow-up takes the filtered speaker.
        """
        if parsed.kind == "who":
            return parsed, f"(You asked who said it, so the speaker filter {entry.name} was not applied.) "
        if parsed.kind == "speaker" and parsed.speaker_kind != "pronoun":
            if parsed.speaker_entry is entry:
                return parsed, ""
            asked = parsed.speaker_entry.name if parsed.speaker_entry is not None else parsed.speaker_text
            return parsed, f"(You asked about {asked}, so the speaker filter {entry.name} was not applied.) "
        return parsed.by(entry), ""

    def _example_speaker(self) -> str:
        e = self.speakers.most_prominent()
        return e.name if e else "the president"

    def _resolve_speaker(self, parsed: ParsedQuestion, conv: Conversation) -> tuple[SpeakerEntry | None, bool]:
        """The entry a question's speaker words mean, and whether it was assumed (a pronoun with no context)."""
        if parsed.speaker_kind == "description" and parsed.speaker_entry is not None:
            return self._placed(parsed.speaker_text or "", parsed.speaker_entry), False
        if parsed.speaker_kind == "name":
            return parsed.speaker_entry, False
        if parsed.speaker_kind == "pronoun":
            p = (parsed.speaker_text or "").lower()
            gender = PRONOUN_GENDER.get(p)
            if conv.speaker is not None and (gender is None or conv.speaker.gender in (None, gender)):
                return conv.speaker, False
            kinds = ("org", "group", "person") if p in ("they", "them", "it") else ("person",)
            return self.speakers.most_prominent(gender, kinds), conv.speaker is None
        return None, False

    def _speaker_answer(self, parsed: ParsedQuestion, conv: Conversation, alternative: bool = False) -> Answer:
        q = parsed.text
        entry, assumed = self._resolve_speaker(parsed, conv)
        topic = parsed.topic.strip()
        about = f" about {topic}" if topic else ""
        if entry is None:
            who = parsed.speaker_text or "that speaker"
            body = self._body_of(who) if not alternative else None
            if body is not None:  # "the Corvane Holdings spokesperson": the company, whose words the text gives
                answer = self._speaker_answer(replace(parsed, speaker_entry=body, speaker_kind="name"), conv, True)
                note = f"(The documents name no one as “{who}”; these are the statements they credit to {body.name}.) "
                answer.text, answer.lead = note + answer.text, note + answer.lead
                return answer
            return self._unnamed_answer(parsed, who, topic) or Answer(
                q, False, f"No statement by {who}{about} in the corpus: no one by that name speaks in it.")
        conv.speaker = entry
        conv.topic = topic or conv.topic
        statements = self.index.statements(speakers=sorted(entry.variants))
        if parsed.wants_more:
            statements = [s for s in statements if s.id not in conv.cited]
        if not statements:
            if parsed.wants_more:
                return Answer(q, False, f"Nothing else by {entry.name}{about} in the corpus beyond what was cited "
                                        "above.", speaker=entry.name)
            whole = getattr(self.index, "unscoped", None)  # a date window left out all their statements
            if whole is not None and whole.statements(speakers=sorted(entry.variants)):
                return Answer(q, False, f"No statement by {entry.name}{about} in the documents searched.",
                              speaker=entry.name)
            return Answer(q, False, f"{entry.name} is mentioned in the corpus, but there is no statement by "
                                    f"{entry.name}{about} in it.", speaker=entry.name)
        if topic:
            scored = self._score(self._preselect(statements, topic), topic)
        else:
            scored = [Scored(s, 1.0) for s in statements]
        found = bool(scored) and (not topic or self._supported(scored, topic))
        note = f"(Assuming “{parsed.speaker_text}” means {entry.name}.) " if assumed else ""
        if not found and topic and parsed.speaker_kind == "description" and not alternative:
            # "the head of state" in a corpus of several countries' press pages: the one whose words answer
            for other in self.speakers.match_descriptions(parsed.speaker_text or "")[1:4]:
                answer = self._speaker_answer(replace(parsed, speaker_entry=other), conv, alternative=True)
                if answer.found:
                    note = (f"(“{parsed.speaker_text}” fits several speakers; {entry.name} said nothing about {topic}, "
                            f"{other.name} did.) ")
                    answer.text, answer.lead = note + answer.text, note + answer.lead
                    return answer
            conv.speaker, conv.topic = entry, topic
        if not found:
            others = self._others(topic, entry)
            lead = note + (f"Nothing else by {entry.name}{about} in the corpus beyond what was cited above."
                           if parsed.wants_more and conv.cited else
                           f"No statement by {entry.name}{about} in the corpus{self._never_mentioned(topic)}.")
            heading = f"What others said{about}:" if others else ""
            text = lead + (f"\n\n{heading}\n" + self._format_citations(others, by_speaker=True) if others else "")
            return Answer(q, False, text, speaker=entry.name, assumed_speaker=assumed, others=others,
                          best_score=scored[0].score if scored else None, lead=lead, others_heading=heading)
        if topic:
            scored = self._supported_first(scored, topic)
        if parsed.speaker_kind == "description" and not alternative and not note:
            also = self.speakers.also_holding(parsed.speaker_text or "", entry)
            if also and topic:
                # two finance ministers: the one whose words answer the topic best
                best, other = max(((self._best_score(e, topic), i, e) for i, e in enumerate(also[:3])),
                                  key=lambda x: (x[0], -x[1]))[::2]
                if best > scored[0].score:
                    answer = self._speaker_answer(replace(parsed, speaker_entry=other), conv, alternative=True)
                    if answer.found:
                        return self._with_also(answer, parsed, other, [entry] + [e for e in also if e is not other],
                                               conv)
            if also:
                note = self._also_note(parsed, entry, also)
        citations = self._citations(focus(scored) if topic else scored, self.top_k)
        conv.cited.update(i for c in citations for i in c.statement_ids)
        head = f"{entry.name}{about}:" if topic else f"{entry.name} said:"
        return Answer(q, True, note + head + "\n" + self._format_citations(citations), speaker=entry.name,
                      citations=citations, assumed_speaker=assumed, lead=note + head)

    def _placed(self, text: str, entry: SpeakerEntry) -> SpeakerEntry:
        """ "The Kaldova finance minister": of the speakers the description fits, the first whose documents
        name the place or body it names (when the best fit's titles do not)."""
        names = [w for w in re.findall(r"\b[A-Z][\w’'\-]+", text) if w.lower() not in entry.descriptors
                 and w.lower() not in ("the", "a", "an")]
        if not names:
            return entry
        for e in self.speakers.match_descriptions(text):
            docs = sorted(e.docs)
            paragraphs = self.index.paragraphs({p for ps in self.index.paragraph_ids_of(docs).values() for p in ps})
            if all(any(re.search(rf"\b{re.escape(w)}\b", p.text) for p in paragraphs.values()) for w in names):
                return e
        return entry

    def _best_score(self, entry: SpeakerEntry, topic: str) -> float:
        """The score of `entry`'s statement that best answers `topic` (-inf when none is about it)."""
        statements = self.index.statements(speakers=sorted(entry.variants))
        scored = self._score(self._preselect(statements, topic), topic) if statements else []
        return scored[0].score if scored and self._supported(scored, topic) else float("-inf")

    @staticmethod
    def _also_note(parsed: ParsedQuestion, entry: SpeakerEntry, also: list[SpeakerEntry]) -> str:
        names = ", ".join(e.name for e in also[:3]) + (" and others" if len(also) > 3 else "")
        return (f"(“{parsed.speaker_text}” is also what the documents call {names}; these are {entry.name}'s "
                f"statements. Ask by name for the {'other' if len(also) == 1 else 'others'}.) ")

    def _with_also(self, answer: Answer, parsed: ParsedQuestion, entry: SpeakerEntry, also: list[SpeakerEntry],
                   conv: Conversation) -> Answer:
        """An alternative's answer, with the note that the description fits the others too."""
        note = self._also_note(parsed, entry, also)
        answer.text, answer.lead = note + answer.text, note + answer.lead
        return answer

    def _unnamed_answer(self, parsed: ParsedQuestion, who: str, topic: str) -> Answer | None:
        """ "What did the President say?" where the documents report what "the President" said but never
        name them: those statements, said to be by someone unnamed (not passed off as anyone's)."""
        if parsed.speaker_kind == "pronoun":
            return None
        key = " ".join(who.lower().split())
        bare = key[4:] if key.startswith("the ") else key
        # "the ministry spokeswoman" is also the one a story brings in as "a ministry spokeswoman"
        statements = self.index.unnamed_statements(sorted({key, bare, f"the {bare}", f"an {bare}" if bare[:1] in "aeiou"
                                                          else f"a {bare}"}))
        called, body = f"“{who}”", ""
        if not statements:
            # "the Velacorp spokeswoman": the one a story about Velacorp calls "a company spokeswoman"
            statements, body = self._unnamed_of_body(who)
            called = f"an unnamed {who.split()[-1]}"
        if not statements:
            return None
        about = f" about {topic}" if topic else ""
        scored = self._score(statements, topic) if topic else [Scored(s, 1.0) for s in statements]
        if topic and not (scored and self._supported(scored, topic)):
            return Answer(parsed.text, False, f"No statement by {who}{about} in the corpus. The documents quote "
                                              f"{called} without naming them, but not{about}.")
        citations = self._citations(focus(scored) if topic else scored, self.top_k)
        head = (f"The documents do not name {who}. What they report “{who}” said{about}:" if called == f"“{who}”" else
                f"The documents do not name {who}. What {called} said{about} in the documents about {body}:")
        return Answer(parsed.text, True, head + "\n" + self._format_citations(citations), citations=citations, lead=head)

    def _body_of(self, who: str) -> SpeakerEntry | None:
        """The organisation that speaks in the corpus whose spokesperson or lawyer `who` names, if the
        documents give no one that role unnamed ("the Corvane Holdings spokesperson")."""
        m = re.fullmatch(r"(?:the |an? )?((?:[A-Z][\w&'’.\-]*\s+){1,4})(spokes\w+|lawyers?|attorneys?)", " ".join(who.split()))
        body = self.speakers.get(m.group(1).strip()) if m else None
        if body is None or body.kind == "person" or self._unnamed_of_body(who)[0]:
            return None
        return body

    def _unnamed_of_body(self, who: str) -> tuple[list[StatementRecord], str]:
        """ "the Velacorp spokeswoman": unnamed sources headed by that role ("a company spokeswoman", "a
        spokesperson"; not "a spokesman") that name no body of their own, in the documents that name Velacorp."""
        m = re.fullmatch(r"(?:the |an? )?((?:[A-Z][\w&'’.\-]*\s+){1,4})([a-z]+)", " ".join(who.split()))
        if not m:
            return [], ""
        body, head = m.group(1).strip(), m.group(2)
        gender = noun_gender(head)
        heads = sorted({w for g in lx.ROLE_SYNONYMS if head in g for w in g if "-" not in w
                        and noun_gender(w) in (None, gender)} | {head})
        found = [s for s in self.index.unnamed_statements_headed(heads)  # "a company spokeswoman", "a spokesperson
                 if body in (s.mention or "") or not re.search(r"\b[A-Z]", (s.mention or "")[1:])]  # for Ostrel Foods"
        texts = {d: [p.text for p in self.index.paragraphs(ps).values()]
                 for d, ps in self.index.paragraph_ids_of(sorted({s.doc_id for s in found})).items()}
        named = {d for d, ts in texts.items() if any(re.search(rf"\b{re.escape(body)}\b", t) for t in ts)}
        return [s for s in found if s.doc_id in named], body

    def _open_answer(self, parsed: ParsedQuestion, conv: Conversation) -> Answer:
        """'who said ...' and 'what was said about ...': statements by anyone, best first."""
        q, topic = parsed.text, parsed.topic or parsed.text
        hits = self.retriever.search(topic, k=30)
        pids = [h.paragraph_id for h in hits]
        # the statements of the best paragraphs, and all those of the documents most about the topic:
        # a quote rarely repeats the words of the question, its article does
        docs = list(dict.fromkeys(self.index.paragraphs(pids[:TOPIC_DOC_HITS])[p].doc_id
                                  for p in pids[:TOPIC_DOC_HITS]))[:TOPIC_DOCS]
        by_id = {s.id: s for s in self.index.statements(paragraph_ids=pids)}
        for d in docs:
            by_id.update({s.id: s for s in self.index.statements(doc_id=d)})
        statements = list(by_id.values())
        unnamed = [s for s in statements if not s.speaker and s.mention and s.id not in conv.cited]
        if parsed.kind == "who":
            statements = [s for s in statements if s.speaker]
        if parsed.wants_more:
            statements = [s for s in statements if s.id not in conv.cited]
        who = parsed.kind == "who"
        scored = self._score(statements, topic, who=who, role=parsed.role) if statements else []
        if who and not (scored and self._supported(scored, topic, who=True)) and unnamed:
            # the words are there, but the documents do not say whose they are: say so, do not answer "no one"
            hidden = self._score(unnamed, topic, who=True)
            if hidden and self._supported(hidden, topic, who=True):
                citations = self._citations(focus(hidden, same_speaker=True), self.top_k, passage=1)
                head = "The documents report this, but do not name who said it:"
                return Answer(q, True, head + "\n" + self._format_citations(citations), citations=citations, lead=head)
        if not scored or not self._supported(scored, topic, who=who):
            what = "said that" if parsed.kind == "who" else f"about {topic}"
            never = self._never_mentioned(topic)
            return Answer(q, False, f"No statement {what} in the corpus{never}." if parsed.kind != "who"
                          else f"No one in the corpus is quoted saying {topic}{never}.")
        ordered = focus(scored, same_speaker=True) if parsed.kind == "who" else voices(scored, self._is_person)
        # "who said S" cites where S is said; "what was said about T" cites whole passages
        citations = self._citations(ordered, self.top_k, passage=1 if parsed.kind == "who" else MAX_PASSAGE)
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
                      speaker=top if parsed.kind == "who" else None, citations=citations, lead=head)

    def _supported(self, scored: list[Scored], topic: str, who: bool = False) -> bool:
        """Is one of the best statements about the topic (for "who said S": does it say S)? Decided from
        each statement's own text and surroundings (`Support`), the same way whoever else the corpus
        quotes: a one-speaker corpus asked about a country it never mentions answers "not found"."""
        if unmentioned_names(topic, self.index.bm25):
            return False
        top = [x.statement for x in scored[:SUPPORT_CANDIDATES]]
        return any(s.answers(who) for s in self.evidence.support(top, topic, who=who, any_one=True))

    def _supported_first(self, scored: list[Scored], topic: str) -> list[Scored]:
        """The answer starts with a statement that is about the topic: when the best-scored one is not
        (its speaker's other words rank it high), the best one that is comes first."""
        top = scored[:SUPPORT_CANDIDATES]
        support = self.evidence.support([x.statement for x in top], topic)
        if not support or support[0].answers():
            return scored
        first = next((i for i, x in enumerate(support) if x.answers()), None)
        if first is None:
            return scored
        return [scored[first]] + scored[:first] + scored[first + 1:]

    def _never_mentioned(self, topic: str) -> str:
        """" (the corpus never mentions “Tokyo”)" when the topic names something no document uses."""
        names = unmentioned_names(topic, self.index.bm25) if topic else []
        return f" (the corpus never mentions {', '.join(f'“{n}”' for n in names)})" if names else ""

    def _preselect(self, statements: list, topic: str) -> list:
        """A much-quoted speaker's statements in the paragraphs that best match the topic (hybrid search
        restricted to that speaker's paragraphs): the full evidence is then computed for those only,
        so an answer costs the same for a speaker with 500 statements or 50,000."""
        if len(statements) <= PRESELECT_ABOVE:
            return statements
        pids = np.fromiter(sorted({s.paragraph_id for s in statements}), dtype=np.int64)
        names = sorted({s.speaker for s in statements if s.speaker})
        keep = {h.paragraph_id for h in self.retriever.search(topic, k=PRESELECT_PARAGRAPHS, subset=pids,
                                                              speakers=names)}
        return [s for s in statements if s.paragraph_id in keep]

    def _others(self, topic: str, entry: SpeakerEntry) -> list[Citation]:
        if not topic:
            return []
        hits = self.retriever.search(topic, k=20)
        statements = [s for s in self.index.statements(paragraph_ids=[h.paragraph_id for h in hits])
                      if s.speaker and s.speaker not in entry.variants]
        scored = self._score(statements, topic)[:SUPPORT_CANDIDATES] if statements else []
        support = self.evidence.support([x.statement for x in scored], topic)
        return self._citations([x for x, sup in zip(scored, support) if sup.answers()], OTHERS_SHOWN)

    # -- evidence and citations -------------------------------------------------------------
    def _score(self, statements, topic: str, who: bool = False, role: str | None = None) -> list[Scored]:
        boost = None
        if role:
            def boost(s):
                entry = self.speakers.get(s.speaker) if s.speaker else None
                return ROLE_BONUS if entry is not None and role in entry.descriptors else 0.0
        return self.evidence.score(statements, topic, who=who, boost=boost)

    def _citations(self, scored: list[Scored], limit: int, passage: int = MAX_PASSAGE) -> list[Citation]:
        return make_citations(self.index, scored, self._display_name, limit, passage)

    def _is_person(self, name: str) -> bool:
        entry = self.speakers.get(name)
        return entry is not None and entry.kind == "person"

    def _display_name(self, name: str) -> str:
        entry = self.speakers.get(name)
        return entry.name if entry else name

    def _format_citations(self, citations: list[Citation], by_speaker: bool = False) -> str:
        main = close_count(citations)
        text = format_citations(citations[:main], by_speaker)
        if main < len(citations):
            text += "\nLess closely related:\n" + format_citations(citations[main:], by_speaker, first=main + 1)
        return text

    def render_text(self, answer: Answer) -> str:
        """The answer for a terminal: text, then where each citation comes from."""
        out = [answer.text]
        if answer.citations:
            out.append("")
            for i, c in enumerate(answer.citations, 1):
                out.append(f"  [{i}] {c.doc_id} {paragraph_ref(c)} chars {c.start}-{c.end} (score {c.score:.2f})"
                           + (f" {c.url}" if c.url else ""))
        return "\n".join(out)


def close_count(citations: list[Citation]) -> int:
    """How many of the first citations answer the question closely; from the first that does not, the
    rest are shown as related (an answer ordered around its best statement is not sorted by score)."""
    n = 0
    for c in citations:
        if c.score < CLOSE_RELATIVE * citations[0].score:
            break
        n += 1
    return n
