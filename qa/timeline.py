"""A speaker's statements on a topic over time: `qa timeline SPEAKER TOPIC` and the app's chart.

The statements are those the assistant would cite for "What did SPEAKER say about TOPIC?" (the same
evidence scores), but all of them rather than the best five: every statement scoring at least
`RELEVANT_SHARE` of the speaker's best on the topic (and `MIN_SCORE`), one citation per paragraph, in
date order. Undated documents cannot be placed on a time axis: they are counted and left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from qa.citations import display_date, make_citations, paragraph_ref, quote_parts
from qa.records import Citation

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.timeparse import TimeQuery

RELEVANT_SHARE = 0.7      # a statement is on the topic when it scores this share of the speaker's best ...
MIN_SCORE = 0.3           # ... and at least this (the assistant's floor for answering at all)
TOPIC_PARAGRAPHS = 500    # a much-quoted speaker: their paragraphs that best match the topic are scored
MAX_POINTS = 500


@dataclass
class Timeline:
    """The statements of `speaker` on `topic`, dated (`points`, oldest first) and not (`undated`).

    `problem` is set when there is no timeline to show, and says why.
    """

    speaker: str | None
    topic: str
    points: list[Citation] = field(default_factory=list)
    undated: int = 0
    window: str = ""
    problem: str | None = None

    @property
    def by(self) -> str:
        """"month" when the points span two years or less, else "year"."""
        years = {(c.date or "")[:4] for c in self.points}  # every point is dated
        return "month" if self.points and int(max(years)) - int(min(years)) <= 1 else "year"

    def groups(self, by: str | None = None) -> list[tuple[str, list[Citation]]]:
        """(period, citations) in date order: "2013" or "2013-05" (a point dated to the year only goes in its
        year, or in "2013" ahead of the months of 2013)."""
        by = by or self.by
        out: dict[str, list[Citation]] = {}
        for c in self.points:
            iso = c.date or ""
            key = iso[:7] if by == "month" and len(iso) >= 7 else iso[:4]
            out.setdefault(key, []).append(c)
        return list(out.items())

    def heading(self) -> str:
        if self.problem:
            return self.problem
        docs = len({c.doc_id for c in self.points})
        span = ""
        if self.points:
            a, b = (self.points[0].date or "")[:4], (self.points[-1].date or "")[:4]
            span = f", {a}" + (f"–{b}" if b != a else "")
        left = f" ({self.undated} undated left out)" if self.undated else ""
        where = f" {self.window}" if self.window else ""
        return (f"{self.speaker} on {self.topic}{where}: {len(self.points)} statement"
                f"{'s' if len(self.points) != 1 else ''} in {docs} document{'s' if docs != 1 else ''}{span}{left}")

    def render_text(self, by: str | None = None, urls: bool = True) -> str:
        """The timeline for a terminal: a heading, then per period the numbered statements with their sources."""
        lines = [self.heading()]
        n = 0
        for period, cs in self.groups(by):
            label = display_date(period)
            lines.append(f"{label} ({len(cs)})")
            for c in cs:
                n += 1
                lines.append(f"  [{n}] {display_date(c.date)} — {quote_parts(c)}")
                ref = f"      {c.title or c.doc_id}, {paragraph_ref(c)} ({c.doc_id} chars {c.start}-{c.end})"
                lines.append(ref + (f" {c.url}" if urls and c.url else ""))
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"speaker": self.speaker, "topic": self.topic, "window": self.window or None, "undated": self.undated,
                "problem": self.problem,
                "points": [{**c.to_json(), "paragraph": c.paragraph,
                            "last_paragraph": c.last_paragraph if c.last_paragraph is not None else c.paragraph}
                           for c in self.points]}


def build_timeline(assistant: Assistant, speaker: str, topic: str, window: TimeQuery | None = None,
                   limit: int = MAX_POINTS) -> Timeline:
    """The timeline of `speaker` (a name, surname or description the directory knows) on `topic`."""
    from qa.answering import scoped
    from qa.quote_answer import resolve_speaker

    assistant.refresh()
    topic = " ".join((topic or "").split())
    entry, _ = resolve_speaker(assistant, speaker, assistant.conversation())
    if entry is None:
        return Timeline(speaker, topic, problem=f"No one called {speaker} speaks in the corpus.")
    view, scope = scoped(assistant, window)
    desc = window.describe() if scope is not None and window is not None else ""
    statements = assistant.index.statements(speakers=sorted(entry.variants))
    dates = assistant.index.document_dates()
    undated = {s.doc_id for s in statements if not _dated(dates.get(s.doc_id))}
    statements = [s for s in statements if _dated(dates.get(s.doc_id)) and (scope is None or s.doc_id in scope.admitted)]
    tl = Timeline(entry.name, topic, undated=len(undated), window=desc)
    if not statements:
        tl.problem = f"No dated statement by {entry.name}{' ' + desc if desc else ''} in the corpus."
        return tl
    if topic:
        if len(statements) > TOPIC_PARAGRAPHS:
            pids = np.fromiter(sorted({s.paragraph_id for s in statements}), dtype=np.int64)
            keep = {h.paragraph_id for h in view.retriever.search(topic, k=TOPIC_PARAGRAPHS, subset=pids,
                                                                  speakers=sorted(entry.variants))}
            statements = [s for s in statements if s.paragraph_id in keep]
        scored = assistant._score(statements, topic) if statements else []
        best = scored[0].score if scored else 0.0
        if not scored or not assistant._supported(scored, topic):
            tl.problem = f"No statement by {entry.name} about {topic}{' ' + desc if desc else ''} in the corpus."
            return tl
        scored = [x for x in scored if x.score >= max(MIN_SCORE, RELEVANT_SHARE * best)]
    else:
        from qa.evidence import Scored

        scored = [Scored(s, 1.0) for s in statements]
    citations = make_citations(assistant.index, scored, assistant._display_name, None)
    citations = [c for c in citations if c.speaker == entry.name or c.speaker in entry.variants]
    citations.sort(key=lambda c: (c.date, c.doc_id, c.paragraph, c.start))
    tl.points = citations[:limit]
    return tl


def topic_statements(assistant: Assistant, topic: str, window: TimeQuery | None = None,
                     limit: int = MAX_POINTS) -> list[Citation]:
    """Everyone's statements on `topic` (an export by topic alone): the statements in the `TOPIC_PARAGRAPHS`
    paragraphs that best match the topic, kept as a speaker's timeline keeps them (`RELEVANT_SHARE` of the
    best and `MIN_SCORE`) and only when their own words or surroundings are about the topic (the assistant's
    `Support`), in date order, undated last."""
    from qa.answering import scoped

    assistant.refresh()
    topic = " ".join((topic or "").split())
    view, _ = scoped(assistant, window)
    hits = view.retriever.search(topic, k=TOPIC_PARAGRAPHS)
    statements = [s for s in view.index.statements(paragraph_ids=[h.paragraph_id for h in hits]) if s.speaker]
    scored = assistant._score(statements, topic) if statements else []
    if not scored:
        return []
    best = scored[0].score
    scored = [x for x in scored if x.score >= max(MIN_SCORE, RELEVANT_SHARE * best)]
    support = assistant.evidence.support([x.statement for x in scored], topic)
    scored = [x for x, sup in zip(scored, support) if sup.answers()]
    citations = make_citations(assistant.index, scored, assistant._display_name, None)
    citations.sort(key=lambda c: (not _dated(c.date), c.date or "", c.doc_id, c.paragraph, c.start))
    return citations[:limit]


def _dated(iso: str | None) -> bool:
    return bool(iso and re.match(r"\d{4}", iso))
