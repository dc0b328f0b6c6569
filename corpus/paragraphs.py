"""Paragraph splitting that keeps exact character offsets into the document text.

A paragraph is the unit of citation and of embedding: `doc.text[p.start:p.end] == p.text` always.
Blocks are separated by blank lines; inside a block, transcript turns (`NAME:`), list items,
one-line-per-paragraph scrapes and hard-wrapped lines are told apart; scrape debris (a gallery
counter such as `  • 1`, a `* * *` rule) is dropped without shifting anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.document import Document, text_hash

MAX_CHARS = 1500     # longer paragraphs are cut at sentence ends (MiniLM reads ~256 tokens)
TARGET_CHARS = 900   # the size of those cuts
LONG_LINE = 150      # a line this long is prose on one line, not a hard-wrapped line

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# A line that opens with a speaker label: "Q:", "HOLT:", "Vladimir Putin:", and the press-service
# forms with a title, small words and a note: "President of Russia Vladimir Putin:", "Governor of
# the Novgorod Region Andrei Nikitin:", "Question (retranslated):". Which of them are turns is
# decided later, for the whole document (corpus.attribution.turns); here they only cut lines.
_TURN = re.compile(r"\s*[\"“]?(?:Q|A|[A-Z][\w.'’\-]*(?:[ \t]+(?:(?:of|the|and|for|on|in|at|to)[ \t]+)*[A-Z][\w.'’\-]*)"
                   r"{0,15})(?:[ \t]+\([^()\n]{1,80}\))?[ \t]*:[ \t]+\S")
_BULLET = re.compile(r"\s*(?:[-*•–]|\d{1,3}[.)])\s+\S")
_HEADING = re.compile(r"\s*#{1,6}\s")
_SENT_END = re.compile(r"[.!?:;][\"”’')\]]*\s*$")
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a document: `number` counts from 1 in reading order."""

    doc_id: str
    number: int
    start: int
    end: int
    text: str

    @property
    def hash(self) -> str:
        return text_hash(self.text)


def is_debris(line: str) -> bool:
    """A short line without a letter: gallery counters, rules, page numbers."""
    s = line.strip()
    return bool(s) and len(s) <= 24 and not re.search(r"[^\W\d_]", s)


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line's content from `start` on, newline characters excluded."""
    out = []
    for m in _LINE.finditer(text, start):
        if m.start() == m.end():
            break
        out.append((m.start(), m.start() + len(m.group().rstrip("\r\n"))))
    return out


def _blocks(text: str, start: int) -> list[list[tuple[int, int]]]:
    """Runs of non-blank, non-debris lines."""
    blocks: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for a, b in _lines(text, start):
        line = text[a:b]
        if not line.strip() or is_debris(line):
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append((a, b))
    if cur:
        blocks.append(cur)
    return blocks


def _split_block(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a block of lines into paragraphs."""
    if len(lines) == 1:
        return [lines[0]]
    strs = [text[a:b] for a, b in lines]
    turns = sum(bool(_TURN.match(s)) for s in strs) >= 2
    width = max(len(s.rstrip()) for s in strs)
    out, first = [], 0
    for i in range(len(lines) - 1):
        cur, nxt = strs[i], strs[i + 1]
        # In a transcript, a line without `NAME:` continues the current turn.
        in_turn = turns and _TURN.match(strs[first])
        cut = (
            (turns and _TURN.match(nxt))
            or _BULLET.match(nxt)
            or _HEADING.match(cur)
            or (not in_turn and len(cur.rstrip()) >= LONG_LINE)
            or (not in_turn and _SENT_END.search(cur) and len(cur.rstrip()) < 0.75 * width)
        )
        if cut:
            out.append((lines[first][0], lines[i][1]))
            first = i + 1
    out.append((lines[first][0], lines[-1][1]))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] == "\ufeff"):  # a BOM kept in a .txt is not text
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _cap(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a too-long paragraph at sentence ends into pieces of about TARGET_CHARS."""
    if b - a <= MAX_CHARS:
        return [(a, b)]
    pieces, start = [], a
    breaks = [m.end() for m in _SENT_BREAK.finditer(text, a, b)]
    for i, pos in enumerate(breaks):
        nxt = breaks[i + 1] if i + 1 < len(breaks) else b
        if pos - start >= TARGET_CHARS or nxt - start > MAX_CHARS:
            pieces.append(_strip(text, start, pos))
            start = pos
    pieces.append(_strip(text, start, b))
    # A paragraph without sentence ends is cut at whitespace.
    out = []
    for s, e in pieces:
        while e - s > MAX_CHARS:
            cut = text.rfind(" ", s, s + TARGET_CHARS)
            cut = cut if cut > s else s + TARGET_CHARS
            out.append(_strip(text, s, cut))
            s = _strip(text, cut, e)[0]
        out.append((s, e))
    return [(s, e) for s, e in out if e > s]


def paragraph_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every paragraph of `text` from offset `start` on."""
    spans = []
    for block in _blocks(text, start):
        for a, b in _split_block(text, block):
            a, b = _strip(text, a, b)
            if b > a:
                spans.extend(_cap(text, a, b))
    return spans


def split_paragraphs(doc: Document) -> list[Paragraph]:
    """The paragraphs of a document, numbered from 1 (Markdown front matter is not one)."""
    start = int(doc.meta.get("front_matter_end", 0)) if doc.meta else 0
    return [Paragraph(doc.id, i, a, b, doc.text[a:b])
            for i, (a, b) in enumerate(paragraph_spans(doc.text, start), 1)]
