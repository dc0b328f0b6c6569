"""Quotation spans in a paragraph, robust to the ways news text really quotes.

Handles curly and straight double quotes, `''...''` (NYT style), guillemets, a quote that opens
and never closes (it ends where the next one opens, or at the paragraph's end), multi-paragraph
quotes (a paragraph that ends inside a quote and a next one that reopens it), and ‘single’
quotes of three words or more. Apostrophes (don’t, Clinton’s) are not quote marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile(r"''|``|[“”„«»\"]")
_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\w)(.+?)(?<=[\w.,!?])[’'](?![\w’'])")
_OPEN_BEFORE = set(" \t\n\r([{—–-/:;") | {""}


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` include the quotation marks that are present.

    `closed` is False when the text never closes it; `continued` is True when it continues a
    quote left open by the previous paragraph (the speaker carries over).
    """

    start: int
    end: int
    closed: bool = True
    continued: bool = False
    single: bool = False

    def inner(self, text: str) -> tuple[int, int]:
        """The span without quotation marks and surrounding spaces."""
        a, b = self.start, self.end
        while a < b and (text[a] in "“”„«»\"‘’'`" or text[a].isspace()):
            a += 1
        while b > a and (text[b - 1] in "“”„«»\"‘’'`" or text[b - 1].isspace()):
            b -= 1
        return a, b


def _role(text: str, i: int, mark: str) -> str:
    before = text[i - 1] if i > 0 else ""
    after = text[i + len(mark)] if i + len(mark) < len(text) else ""
    if mark == "“" and before and before not in _OPEN_BEFORE and (not after or after.isspace()):
        return "close"  # an opening mark typed to close: “Do you want to be associated with a fascist?“ he asked
    if mark in ("“", "„", "«", "``"):
        return "open"
    if mark in ("”", "»"):
        # a closing mark typed to open a paragraph's quote: ”Fear. I am truly afraid ...”
        return "open" if mark == "”" and before in _OPEN_BEFORE and after.isalnum() else "close"
    if before in _OPEN_BEFORE and after and not after.isspace():
        return "open"
    if before and not before.isspace():
        return "close"
    return "either"


def find_quotes(text: str, open_at_start: bool = False) -> tuple[list[Quote], bool]:
    """Quotes in `text` (one paragraph) and whether a quote is still open at its end.

    Args:
        text: the paragraph.
        open_at_start: the previous paragraph ended inside a quote.
    """
    quotes: list[Quote] = []
    start: int | None = None
    continued = False
    if open_at_start:
        first = _MARKS.search(text)
        # The usual convention reopens the quote with a mark at the paragraph's start.
        if first and text[:first.start()].strip() == "" and _role(text, first.start(), first.group()) != "close":
            continued = True
        elif first and _role(text, first.start(), first.group()) in ("close", "either"):
            start, continued = 0, True
    for m in _MARKS.finditer(text):
        role = _role(text, m.start(), m.group())
        if start is None:
            if role in ("open", "either"):
                start = m.start()
        elif role == "open" and m.start() > start:
            # Opened again without closing: the earlier quote ends here, unclosed.
            quotes.append(Quote(start, _rstrip(text, m.start()), closed=False, continued=continued))
            continued, start = False, m.start()
        elif role in ("close", "either") and m.start() >= start:
            end = m.end()
            if end - start > len(m.group()):
                quotes.append(Quote(start, end, closed=True, continued=continued))
                continued = False
                start = None
    still_open = start is not None
    if start is not None:
        end = _rstrip(text, len(text))
        if end > start + 1:
            quotes.append(Quote(start, end, closed=False, continued=continued))
    quotes.extend(_single_quotes(text, quotes))
    quotes.sort(key=lambda q: q.start)
    return quotes, still_open


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    out = []
    for m in _SINGLE.finditer(text):
        if any(q.start <= m.start() < q.end for q in doubles):
            continue
        if len(m.group(1).split()) >= 3:
            out.append(Quote(m.start(), m.end(), closed=True, single=True))
    return out


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
