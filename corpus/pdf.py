"""Clean-up of text extracted from PDFs, done before a document's text is fixed (every offset
indexes the text that is left): print headers and footers, producer-default titles, pypdf's log.

A PDF printed from a text file or a web page carries the printer's furniture on every page: enscript
writes "NAME  Sat Dec 05 08:37:40 2026  1" above the text, a browser writes the date, time and page
title above it and the URL with "1/2" below it. Extracted as is, that line is glued into the first
paragraph of every page. Only whole lines at a page's top or bottom that match such a pattern are
removed, never words inside the text.
"""
from __future__ import annotations

import logging
import os
import re
import unicodedata

_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
# "Sat Dec 05 08:37:40 2026" (ctime, enscript), "Saturday, December 5, 2026 8:37 AM", "12/5/26, 8:37 AM"
_STAMP = (rf"(?:{_DAY}\s+{_MONTH}\s+\d{{1,2}},?\s+(?:{_CLOCK}\s+\d{{4}}|\d{{4}}(?:,?\s+{_CLOCK})?)"
          rf"|\d{{1,4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,4}},?\s+{_CLOCK})")
_PAGE = r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?"
_URL = r"(?:https?|file)://\S+"
_BROWSER_FOOTER = re.compile(rf"(?:.{{0,200}}\s)?{_URL}\s+(?:\d{{1,4}}\s*/\s*\d{{1,4}}|page\s+{_PAGE})", re.I)
FURNITURE = [re.compile(p, re.I) for p in (
    rf"(?:\S+\s+)?{_STAMP}\s+(?:\S+\s+)?{_PAGE}",                      # enscript: file name, date, page number
    rf"page\s+\d{{1,4}}(?:\s*(?:/|of)\s*\d{{1,4}})?(?:\s+{_STAMP})?",  # "Page 3", "Page 1 of 2 <date>"
)] + [_BROWSER_FOOTER]                                                # a browser's footer: URL, "1/2"
# A browser's header (date and time, then the page title) could also open a dated news item, so it
# only counts on a page that has the browser's footer too.
_BROWSER_HEADER = re.compile(rf"{_STAMP}\s+.{{1,200}}", re.I)
EDGE_LINES = 2  # furniture lines looked for at each edge of a page

# Titles that PDF producers write when the document has none: never what a reader would call it.
DEFAULT_TITLES = re.compile(
    r"(?:enscript output|untitled(?:[\s\-_]*(?:document|\d+))?|new document|document\d*|doc\d+|no title|"
    r"title|none|null|unknown|\(anonymous\)|anonymous|print|output|slide \d+|presentation\d*|book\d*|blank|"
    r"microsoft\s+(?:word|excel|powerpoint|office)\s*-\s*.*)", re.I)
_FILE_NAME = re.compile(r"(?:.*[/\\])?[^/\\]*\.(?:docx?|txt|text|rtf|odt|pages|wpd|pdf|ps|eps|html?|md|tex|dvi|"
                        r"xlsx?|pptx?|indd|qxp|pub)", re.I)


def _norm(line: str) -> str:
    """For matching only: ligatures unfolded ("ﬁle://"), whitespace runs collapsed."""
    return " ".join(unicodedata.normalize("NFKC", line).split())


def is_furniture(line: str, browser_page: bool = False) -> bool:
    """Is this whole line a print header or footer (date and page number, URL and page counter, ...)?
    `browser_page`: the page has a browser's footer, so a date-and-title line is its header."""
    s = _norm(line)
    return (bool(s) and len(s) <= 250
            and (any(p.fullmatch(s) for p in FURNITURE) or (browser_page and bool(_BROWSER_HEADER.fullmatch(s)))))


def strip_print_furniture(page: str) -> str:
    """A page's extracted text without the print header and footer lines at its top and bottom
    (a browser's come last in pypdf's reading order, so both edges are looked at)."""
    lines = page.split("\n")
    nonblank = [line for line in lines if line.strip()]
    edges = nonblank[:EDGE_LINES] + nonblank[-EDGE_LINES:]
    browser = any(_BROWSER_FOOTER.fullmatch(_norm(line)) for line in edges)
    top, bottom = 0, len(lines)
    for _ in range(EDGE_LINES):
        while top < bottom and not lines[top].strip():
            top += 1
        if not (top < bottom and is_furniture(lines[top], browser)):
            break
        top += 1
    for _ in range(EDGE_LINES):
        while bottom > top and not lines[bottom - 1].strip():
            bottom -= 1
        if not (bottom > top and is_furniture(lines[bottom - 1], browser)):
            break
        bottom -= 1
    return "\n".join(lines[top:bottom])


def is_default_title(title: str, path: str | None = None) -> bool:
    """Is a PDF's metadata title a producer's default ("Enscript Output", "Microsoft Word - x.docx",
    "Untitled document"), a file name, or the PDF's own name, rather than the document's title?"""
    t = _norm(title).strip(" \"'")
    if len(re.findall(r"[^\W\d_]", t)) < 3 or DEFAULT_TITLES.fullmatch(t) or _FILE_NAME.fullmatch(t):
        return True
    if path:
        name = os.path.basename(str(path))
        return t.lower() in (name.lower(), os.path.splitext(name)[0].lower())
    return False


def quiet_pypdf_log() -> None:
    """Keep pypdf's warnings ("fontTools is required to fully parse ...", "incorrect startxref pointer")
    out of the log users read: they report repairs pypdf made and fonts it could not fully parse,
    nothing a user can act on; what matters (no text, unreadable) is raised as a ReadError. A level
    someone set on the "pypdf" logger on purpose is kept."""
    logger = logging.getLogger("pypdf")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
