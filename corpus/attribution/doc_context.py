"""`DocContext`: what every stage of attribution reads about one document (built by
`context.build_context`, which holds how)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.attribution.candidate import CharSpan, TokSpan
from corpus.attribution.config import AttributionConfig
from corpus.attribution.entities import Entity, EntityTable
from corpus.attribution.quotes import Quote
from corpus.attribution.turns import ParagraphTurn, Transcript, Turn
from corpus.document import Document
from corpus.paragraphs import Paragraph

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True, eq=False)
class DocContext:
    """One document, its paragraphs and their parses, and what was found in them before the stages."""

    doc: Document
    paras: list[Paragraph]
    sdocs: list[Doc]                                  # one parse a paragraph
    quotes: list[list[Quote]]                         # per paragraph, document offsets
    table: EntityTable
    tok_ent: dict[tuple[int, int], Span]              # (paragraph, token index) -> its NER span
    ent_of_span: dict[tuple[int, int], Entity]        # document (start, end) of a NER span -> its entity
    transcript: Transcript                            # the turns (empty when the document is no transcript)
    turn_entities: dict[int, Entity]                  # Turn.index -> the person who holds the floor
    config: AttributionConfig

    @property
    def text(self) -> str:
        return self.doc.text

    def abs(self, pi: int, tok: Token) -> int:
        """The document offset of a token of paragraph `pi`."""
        return self.paras[pi].start + tok.idx

    def span(self, pi: int, toks: TokSpan) -> CharSpan:
        """The characters of a token span of paragraph `pi`, trimmed of edge punctuation and spaces."""
        sd = self.sdocs[pi]
        a_i, b_i = toks
        a = self.abs(pi, sd[a_i])
        b = self.abs(pi, sd[b_i - 1]) + len(sd[b_i - 1].text)
        while a < b and (self.text[a].isspace() or self.text[a] in ",;:—–-("):
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:.—–-("):
            b -= 1
        return CharSpan(a, b)

    def in_quote(self, pi: int, pos: int) -> bool:
        """Is document offset `pos` inside a double quote of paragraph `pi`?"""
        return any(q.start <= pos < q.end and not q.single for q in self.quotes[pi])

    def known_name(self, text: str) -> bool:
        """Is `text` a name of someone the document names?"""
        return self.table.link_single(text, 0) is not None

    def turn_of(self, pi: int) -> ParagraphTurn | None:
        """The turn paragraph `pi` belongs to, if the document is a transcript."""
        return self.transcript.turn_of(pi)

    def turn_entity(self, turn: Turn) -> Entity | None:
        """The person who speaks in `turn`; None for a generic label ("Question:", "Remark:")."""
        return self.turn_entities.get(turn.index)

    def entity_at(self, pi: int, tok: Token) -> Entity | None:
        """The entity whose NER span holds `tok`."""
        ent = self.tok_ent.get((pi, tok.i))
        if ent is None:
            return None
        start = self.paras[pi].start + ent.start_char
        return self.ent_of_span.get((start, start + len(ent.text)))
