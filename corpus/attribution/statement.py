"""Records produced by attribution: `Statement` and the per-document `Speaker` table."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Statement:
    """Something a source said, believed or reported, as the document attributes it.

    `start`/`end` delimit the content (what was said) in the document text. `speaker` is the
    canonical name (the fullest name the document gives the source) or None when the text never
    names it; `mention` is the source's own words at this place ("he", "the head of state").
    """

    doc_id: str
    start: int
    end: int
    speaker: str | None
    kind: Kind
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    paragraph: int | None = None

    def to_json(self, doc: str | None = None) -> dict:
        """The `qa attribute --json` contract (../shared/eval/README.md)."""
        return {"doc": self.doc_id if doc is None else doc, "speaker": self.speaker, "mention": self.mention,
                "cue": self.cue, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass(frozen=True)
class Speaker:
    """A source as one document knows it: its canonical name and every way the text refers to it.
    A "place" is a country or a city the text names, which speaks only as its government does
    ("Russia believes that ..."): answerable, but not listed among the speakers."""

    name: str
    kind: Literal["person", "org", "place"] = "person"
    aliases: tuple[str, ...] = field(default=())
    gender: Literal["m", "f"] | None = None
    statements: int = 0
