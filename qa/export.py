"""Statements out of the index as CSV or JSON lines: `qa statements` and the app's download of an answer.

Each row says who said what, when and where: speaker, date, document, title, paragraph, the span
(start, end: character offsets into the document's text), the statement's text, its kind (direct,
indirect, ...) and the URL of the original page. CSV is written for spreadsheets: a cell that starts
with `=`, `+`, `-`, `@` (or a tab or carriage return) would be run as a formula by Excel, LibreOffice or
Google Sheets, so it gets a leading apostrophe (the OWASP rule), which the spreadsheet shows as text.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from qa.records import Citation

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.timeparse import TimeQuery

FIELDS = ("speaker", "date", "doc", "title", "paragraph", "start", "end", "kind", "text", "url")
FORMATS = ("csv", "jsonl")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    speaker: str | None
    date: str | None
    doc: str
    title: str | None
    paragraph: int
    start: int
    end: int
    kind: str | None
    text: str
    url: str | None

    def as_dict(self) -> dict:
        return {f: getattr(self, f) for f in FIELDS}


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: formula starts are escaped with a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_rows(rows: Iterable[Row], fmt: str, out: IO[str]) -> int:
    """Write `rows` to `out` as "csv" (header first, formula-safe) or "jsonl"; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose csv or jsonl")
    n = 0
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(FIELDS)
        for r in rows:
            w.writerow([safe_cell(v) for v in r.as_dict().values()])
            n += 1
    else:
        for r in rows:
            out.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def citation_rows(citations: Iterable[Citation]) -> list[Row]:
    """An answer's citations as rows (the text is the cited span, exactly as in the document)."""
    return [Row(c.speaker, c.date, c.doc_id, c.title, c.paragraph, c.start, c.end, c.kind, c.quote, c.url)
            for c in citations]


def citations_file(citations: Iterable[Citation], fmt: str = "csv") -> str:
    """The citations as the text of a CSV or JSON-lines file."""
    buf = io.StringIO()
    write_rows(citation_rows(citations), fmt, buf)
    return buf.getvalue()


def statement_rows(assistant: Assistant, speaker: str | None = None, topic: str | None = None,
                   window: TimeQuery | None = None) -> Iterator[Row]:
    """The index's statements, optionally only a speaker's (any name the directory knows), only those on a
    topic (as `qa timeline` chooses them, or with no speaker as `qa.timeline.topic_statements` does) and only
    those in a date window; in date order (undated last), then document and position. Raises ValueError for a
    speaker the corpus does not know."""
    from qa.quote_answer import resolve_speaker
    from qa.timeline import build_timeline, topic_statements

    index = assistant.index
    entry = None
    if speaker:
        entry, _ = resolve_speaker(assistant, speaker, assistant.conversation())
        if entry is None:
            raise ValueError(f"--speaker {speaker!r}: no one by that name speaks in the corpus; see `qa speakers`")
    if topic:
        if entry is None:
            yield from citation_rows(topic_statements(assistant, topic, window))
            return
        tl = build_timeline(assistant, entry.name, topic, window)
        yield from citation_rows(tl.points)
        return
    records = {d.id: d for d in index.documents()}
    dates = {d: r.date for d, r in records.items()}
    statements = index.statements(speakers=sorted(entry.variants)) if entry is not None else index.statements()
    if window is not None and window.has_range:
        statements = [s for s in statements if window.admits(dates.get(s.doc_id))]
    paragraphs: dict[int, int] = {}
    statements.sort(key=lambda s: (not _dated(dates.get(s.doc_id)), dates.get(s.doc_id) or "", s.doc_id, s.start))
    text_of: dict[str, str] = {}
    for i in range(0, len(statements), 2000):
        chunk = statements[i:i + 2000]
        missing = {s.paragraph_id for s in chunk} - paragraphs.keys()
        paragraphs.update({pid: p.number for pid, p in index.paragraphs(missing).items()})
        for s in chunk:
            if s.doc_id not in text_of:
                text_of = {s.doc_id: index.document_text(s.doc_id)}  # one document's text at a time
            r = records.get(s.doc_id)
            yield Row(assistant._display_name(s.speaker) if s.speaker else None, dates.get(s.doc_id), s.doc_id,
                      r.title if r else None, paragraphs.get(s.paragraph_id, 0), s.start, s.end, s.kind,
                      text_of[s.doc_id][s.start:s.end], r.url if r else None)


def _dated(iso: str | None) -> bool:
    return bool(iso and iso[:1].isdigit())
