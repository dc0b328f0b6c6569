"""The records the stages of attribution pass on: spans, and a statement before its source is resolved.

Two kinds of span meet in the rules and are kept apart by type: `TokSpan`, token indices into one
paragraph's spaCy Doc, and `CharSpan`, character offsets into the document text (what a Statement
and every citation carry).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Token


class TokSpan(NamedTuple):
    """Token indices [a, b) into one paragraph's parse."""

    a: int
    b: int


class CharSpan(NamedTuple):
    """Character offsets [start, end) into the document text."""

    start: int
    end: int


_keys = itertools.count()


@dataclass(frozen=True, eq=False)
class Candidate:
    """A statement a stage found, before its source is resolved.

    `start`/`end` delimit the content in the document text. A stage that changes a candidate makes
    a new one with `dataclasses.replace`, which keeps its `key`: the identity that `follows` and the
    resolution results go by, so a candidate that follows this one still finds its speaker.
    """

    start: int
    end: int
    kind: str                         # "direct" | "indirect" | "mixed"
    par: int                          # the paragraph index the content is in
    src_tok: Token | None = None      # the token heading the source mention
    mention: CharSpan | None = None
    cue: CharSpan | None = None
    cue_text: str | None = None
    follows: Candidate | None = None  # a continuation: the same speaker as this one
    label: str | None = None          # a name that signs the words ("― Karen Bobadilla")
    source_name: str | None = None    # a source named outright, needing no resolution ("Poll:")
    turn: int | None = None           # a transcript turn's words: the index of the turn (turns.Turn)
    briefing: bool = False            # a report's words that go on with a person's briefing (`follows` them)
    key: int = field(default_factory=lambda: next(_keys))
