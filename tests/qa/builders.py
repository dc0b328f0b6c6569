"""Small hand-written corpora for the index, retrieval and CLI tests, in every format the readers know."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

from tests.corpus.test_readers import make_docx, make_pdf  # the same minimal PDF and DOCX builders

BRIDGE_TXT = (
    "Mayor opens bridge\n"
    "\n"
    "\"We will rebuild the old ferry pier next,\" Mayor Ana Lopez said on Thursday.\n"
    "\n"
    "The bridge cost twelve million euros and took three years to build.\n"
    "\n"
    "Critics said the tolls were too high for commuters.\n")

BUDGET_MD = (
    "---\n"
    "title: Budget day\n"
    "date: 2024-03-01\n"
    "source: The Gazette\n"
    "---\n"
    "# Budget day live\n"
    "\n"
    "The finance minister said taxes on diesel would fall next spring.\n")

HARBOUR_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour reopens after storm | Coast Times</title>
<meta property="og:title" content="Harbour reopens after storm">
<meta property="og:site_name" content="Coast Times">
<meta property="article:published_time" content="2024-05-02T08:00:00+00:00">
<script>var tracker = "SCRIPTJUNK";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after a week of repairs to the breakwater and the lighthouse.</p>
<p>Fishermen unloaded their first catch of mackerel since the storm hit the coast last month.</p>
</article>
<footer>Copyright 2024</footer>
</body></html>"""

PDF_LINES = ["Talks resume", "Union leaders said the strike at the steelworks would end soon."]
PDF_INFO = {"Title": "Strike talks", "Author": "Daily Gazette", "CreationDate": "D:20240315120000Z"}

DOCX_PARAGRAPHS = ["Council vote", "The council voted to close the library on Sundays.",
                   "Councillor Mark Reed said the decision was unfair to students."]

WIRE_ROWS = [
    {"id": "a1", "title": "Port strike ends", "date": "2024-02-03", "source": "Wire",
     "text": "Dock workers returned to work on Friday.\n\nThe port authority said cargo would move again by Monday."},
    {"id": "a2", "text": "Farmers protested outside parliament against new irrigation rules."},
]

# id -> (title, date, source, format) of every document in `make_corpus`.
CORPUS_META = {
    "feeds/wire.jsonl#a1": ("Port strike ends", "2024-02-03", "Wire", "jsonl"),
    "feeds/wire.jsonl#a2": ("Farmers protested outside parliament against new irrigation rules.", None, None, "jsonl"),
    "memos/vote.docx": ("Council vote", "2023-11-07", "Town Crier", "docx"),
    "news/bridge.txt": ("Mayor opens bridge", None, None, "txt"),
    "notes/budget.md": ("Budget day", "2024-03-01", "The Gazette", "md"),
    "reports/talks.pdf": ("Strike talks", "2024-03-15", "Daily Gazette", "pdf"),
    "web/harbour.html": ("Harbour reopens after storm", "2024-05-02", "Coast Times", "html"),
}


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def make_corpus(folder: Path) -> Path:
    """One document per format (two in the .jsonl), in subfolders, under `folder`."""
    write(folder / "news" / "bridge.txt", BRIDGE_TXT)
    write(folder / "notes" / "budget.md", BUDGET_MD)
    write(folder / "web" / "harbour.html", HARBOUR_HTML)
    write(folder / "reports" / "talks.pdf", make_pdf([PDF_LINES], PDF_INFO))
    write(folder / "memos" / "vote.docx", make_docx(DOCX_PARAGRAPHS, author="Town Crier",
                                                   created=datetime.datetime(2023, 11, 7, 9, 30)))
    write(folder / "feeds" / "wire.jsonl", jsonl(WIRE_ROWS))
    return folder
