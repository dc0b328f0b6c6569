"""Typed records that cross the `qa` layers: the index's `SpeakerRecord`s and `Answer`s with `Citation`s."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SpeakerRecord:
    """One person or organisation of one document, as the index stores it (a row of `speakers`)."""

    doc_id: str
    name: str                 # the fullest name the document gives
    kind: str                 # "person" or "org"
    aliases: tuple[str, ...]  # the other ways the document refers to them ("the Belarusian leader")
    gender: str | None
    statements: int


@dataclass(frozen=True)
class Citation:
    """Where an answer's words come from: document, paragraph number and exact span."""

    doc_id: str
    paragraph: int
    start: int
    end: int
    speaker: str | None
    score: float
    quote: str
    title: str | None = None
    kind: str | None = None
    par_start: int | None = None
    par_end: int | None = None
    statement_id: int | None = None
    statement_ids: tuple = ()
    parts: tuple = ()          # (start, end) of each statement inside [start, end), for highlighting
    paragraph_text: str = ""   # the whole cited paragraph or passage (it starts at par_start)
    date: str | None = None    # the document's date, ISO with its precision ("2013", "2013-05", "2013-05-06")
    url: str | None = None     # the original page (absolute http(s)), when the document names one
    site: str | None = None    # the publisher or site, when known
    last_paragraph: int | None = None  # the passage's last paragraph when it runs over several (else = paragraph)

    def to_json(self) -> dict:
        """A citation in the `qa ask --json` contract: `text` is exactly the document's text[start:end];
        `date`, `title` and `url` say when and where it was published (null when unknown)."""
        return {"doc": self.doc_id, "start": self.start, "end": self.end, "speaker": self.speaker,
                "score": round(float(self.score), 4), "text": self.quote, "date": self.date, "title": self.title,
                "url": self.url}


@dataclass
class Answer:
    """The reply to one question: whether the corpus answers it, the text, and its citations."""

    question: str
    found: bool
    text: str
    speaker: str | None = None
    citations: list[Citation] = field(default_factory=list)
    assumed_speaker: bool = False
    others: list[Citation] = field(default_factory=list)
    best_score: float | None = None   # the closest evidence's score, also when nothing was found
    lead: str = ""                    # the opening sentence of `text`, before any citation
    others_heading: str = ""          # heading of `others` in `text` ("What others said about T:")

    def __post_init__(self):
        if not self.lead:
            self.lead = self.text.split("\n", 1)[0]

    def to_json(self, qid=None) -> dict:
        """The `qa ask --json` contract (../shared/eval/README.md)."""
        return {"id": qid, "found": self.found, "speaker": self.speaker, "answer": self.text,
                "citations": [c.to_json() for c in self.citations]}
