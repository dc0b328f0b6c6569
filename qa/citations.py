"""From scored statements to citations, and citations to text a reader can check.

One citation per speaker and paragraph: it spans that speaker's statements there (each kept in
`parts` for highlighting), so a paragraph where someone speaks three times is cited once.
"""
from __future__ import annotations

import calendar
import re

from qa.evidence import Scored
from qa.index import Index
from qa.records import Citation

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|St|Jr|Sr|Gen|Lt|Col|Sgt|No|vs|Inc|Corp|Co|"
                           r"Prof|Rev|Hon|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)$")


def make_citations(index: Index, scored: list[Scored], display_name=lambda name: name,
                   limit: int | None = None) -> list[Citation]:
    """Group statements by (paragraph, speaker) in the order `scored` gives (best first), the first
    `limit` groups only."""
    if not scored:
        return []
    groups: dict[tuple, list[Scored]] = {}
    for x in scored:
        speaker = display_name(x.statement.speaker) if x.statement.speaker else None
        groups.setdefault((x.statement.paragraph_id, speaker), []).append(x)
    ranked = list(groups.items())[:limit]
    paragraphs = index.paragraphs({pid for (pid, _), _ in ranked})
    records = index.document_records({xs[0].statement.doc_id for _, xs in ranked})
    out = []
    for (pid, speaker), xs in ranked:
        p = paragraphs[pid]
        doc_id = xs[0].statement.doc_id
        record = records.get(doc_id)
        start = min(x.statement.start for x in xs)
        end = max(x.statement.end for x in xs)
        quote = p.text[start - p.start:end - p.start] if p.start <= start and end <= p.end else \
            index.document_text(doc_id)[start:end]
        kinds = {x.statement.kind for x in xs}
        best = max(xs, key=lambda x: x.score)
        out.append(Citation(doc_id=doc_id, paragraph=p.number, start=start, end=end, speaker=speaker,
                            score=best.score, quote=quote, title=record.title if record else None,
                            kind=kinds.pop() if len(kinds) == 1 else "mixed", par_start=p.start, par_end=p.end,
                            statement_id=best.statement.id, statement_ids=tuple(x.statement.id for x in xs),
                            parts=tuple(sorted({(x.statement.start, x.statement.end) for x in xs})),
                            paragraph_text=p.text, date=record.date if record else None,
                            url=record.url if record else None, site=record.source if record else None))
    return out


def display_date(iso: str | None) -> str:
    """"2013-05-06" -> "6 May 2013", "2013-05" -> "May 2013", "2013" -> "2013"; "" for no date (a partial
    or malformed value is shown as it is rather than dropped)."""
    if not iso:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        return iso
    year, month, day = m.groups()
    if not month:
        return year
    name = calendar.month_name[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def source_ref(c: Citation) -> str:
    """Where a quote comes from, for text: "Title, 6 May 2013, ¶9" (the date left out when unknown)."""
    when = display_date(c.date)
    return f"{c.title or c.doc_id}{', ' + when if when else ''}, ¶{c.paragraph}"


def quote_parts(c: Citation) -> str:
    """The cited statements as reported: each in its whole sentence, " … " where text is left out."""
    text, base = c.paragraph_text, c.par_start
    if not text or base is None:
        return " ".join(c.quote.split())
    ends = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if not _ABBREVIATION.search(text, 0, m.start())]
    ends.append(len(text))
    spans = []
    for a, b in (c.parts or ((c.start, c.end),)):
        a, b = max(a - base, 0), min(b - base, len(text))
        sa = max(e for e in ends if e <= a)
        sb = min((e for e in ends if e >= b), default=len(text))
        spans.append((sa, sb))
    return " … ".join(" ".join(text[a:b].split()) for a, b in merge_spans(spans))


def merge_spans(spans) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def format_citations(citations: list[Citation], by_speaker: bool = False, first: int = 1) -> str:
    """Numbered quotes with their source, optionally under speaker headings."""
    lines, last = [], None
    for i, c in enumerate(citations, first):
        if by_speaker and c.speaker != last:
            lines.append(f"{c.speaker or 'Unnamed source'}:")
            last = c.speaker
        lines.append(f"  [{i}] {quote_parts(c)}  — {source_ref(c)}")
    return "\n".join(lines)
