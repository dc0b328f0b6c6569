"""From scored statements to citations, and citations to text a reader can check.

One citation per speaker and passage: it spans that speaker's statements in one paragraph and the
adjacent ones where the same speaker goes on (each statement kept in `parts` for highlighting), so a
paragraph where someone speaks three times, or a quote run over three short paragraphs, is cited once.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from qa.evidence import Scored
from qa.index import Index
from qa.records import Citation

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
# (titles in capitals too: a transcript's "DR. LUCIA FERRARO:")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?i:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|St|Jr|Sr|Gen|Lt|Col|Sgt|No|vs|Inc|Corp|Co|"
                           r"Prof|Rev|Hon|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)$")


# A citation spans one speaker's passage: statements of the same speaker in adjacent paragraphs that the
# answer cites anyway (a quote run over several short news paragraphs, a turn in a transcript) are one
# citation of up to MAX_PASSAGE paragraphs, so five citations show five passages, not one passage in pieces.
# Only statements that rank among the citations and score at least CLOSE_RELATIVE of the passage's best join:
# a passage never takes in text less relevant than what the answer shows as closely related.
MAX_PASSAGE = 3
CLOSE_RELATIVE = 0.7    # citations under this share of the best one are "less closely related"


@dataclass
class _Passage:
    doc_id: str
    speaker: str | None
    lo: int                       # positions of its first and last paragraph in the document
    hi: int
    best: float                   # the score of its best statement
    statements: list = field(default_factory=list)


def make_citations(index: Index, scored: list[Scored], display_name=lambda name: name,
                   limit: int | None = None, passage: int = MAX_PASSAGE) -> list[Citation]:
    """Citations from statements best first (the order `scored` gives): the statements of one speaker in
    one paragraph are one citation, joined with the same speaker's citations in adjacent paragraphs into
    passages of up to `passage` paragraphs; the first `limit` passages only."""
    if not scored:
        return []
    groups: dict[tuple, list[Scored]] = {}
    for x in scored:
        speaker = display_name(x.statement.speaker) if x.statement.speaker else None
        groups.setdefault((x.statement.paragraph_id, speaker), []).append(x)
    order: dict[str, list[int]] = {}      # paragraph ids in reading order, for the documents cited so far
    position: dict[int, int] = {}
    passages: list[_Passage] = []
    voices = _OtherVoices(index, order, display_name)
    for (pid, speaker), xs in groups.items():
        doc_id = xs[0].statement.doc_id
        if doc_id not in order:
            order[doc_id] = index.paragraph_ids_of([doc_id])[doc_id]
            position.update((p, j) for j, p in enumerate(order[doc_id]))
        i = position[pid]
        top = max(x.score for x in xs)
        home = next((q for q in passages if speaker is not None and q.speaker == speaker and q.doc_id == doc_id
                     and i in (q.lo - 1, q.hi + 1) and q.hi - q.lo + 1 < passage
                     and _close(top, q.best) and not voices.between(q, i, i, xs)), None)
        if home is None:
            if limit is not None and len(passages) >= limit:
                break
            passages.append(_Passage(doc_id, speaker, i, i, top, list(xs)))
            continue
        home.lo, home.hi = min(home.lo, i), max(home.hi, i)
        home.statements.extend(xs)
        other = next((q for q in passages if q is not home and q.speaker == speaker and q.doc_id == doc_id
                      and (q.lo == home.hi + 1 or q.hi == home.lo - 1) and _close(q.best, home.best)
                      and max(q.hi, home.hi) - min(q.lo, home.lo) + 1 <= passage
                      and not voices.between(home, q.lo, q.hi, q.statements)), None)
        if other is not None:  # the paragraph between two cited ones: one passage
            home.lo, home.hi = min(home.lo, other.lo), max(home.hi, other.hi)
            home.best = max(home.best, other.best)
            home.statements.extend(other.statements)
            passages.remove(other)
    wanted = {order[q.doc_id][j] for q in passages for j in (q.lo, q.hi)}
    paragraphs = index.paragraphs(wanted)
    records = index.document_records({q.doc_id for q in passages})
    out = []
    for q in passages:
        first, last = paragraphs[order[q.doc_id][q.lo]], paragraphs[order[q.doc_id][q.hi]]
        xs, record = q.statements, records.get(q.doc_id)
        start = min(x.statement.start for x in xs)
        end = max(x.statement.end for x in xs)
        text = first.text if first is last else index.document_text(q.doc_id)[first.start:last.end]
        quote = text[start - first.start:end - first.start] if first.start <= start and end <= last.end else \
            index.document_text(q.doc_id)[start:end]
        kinds = {x.statement.kind for x in xs}
        best = max(xs, key=lambda x: x.score)
        out.append(Citation(doc_id=q.doc_id, paragraph=first.number, start=start, end=end, speaker=q.speaker,
                            score=best.score, quote=quote, title=record.title if record else None,
                            kind=kinds.pop() if len(kinds) == 1 else "mixed", par_start=first.start,
                            par_end=last.end, statement_id=best.statement.id,
                            statement_ids=tuple(x.statement.id for x in xs),
                            parts=tuple(sorted({(x.statement.start, x.statement.end) for x in xs})),
                            paragraph_text=text, date=record.date if record else None,
                            url=record.url if record else None, site=record.source if record else None,
                            last_paragraph=last.number))
    return out


class _OtherVoices:
    """Whether another speaker's words lie between a passage and statements that would join it (a
    transcript turn of the other side, a quote the speaker reports): then they stay two citations, so
    a citation's span never runs over someone else's statement."""

    def __init__(self, index: Index, order: dict[str, list[int]], display_name):
        self.index, self.order, self.display_name = index, order, display_name
        self.at: dict[int, list] = {}      # paragraph id -> its statements (read once)

    def between(self, q: _Passage, lo: int, hi: int, xs: list[Scored]) -> bool:
        pids = self.order[q.doc_id][min(q.lo, lo):max(q.hi, hi) + 1]
        missing = [p for p in pids if p not in self.at]
        if missing:
            self.at.update({p: [] for p in missing})
            for s in self.index.statements(paragraph_ids=missing):
                self.at[s.paragraph_id].append(s)
        ours = {x.statement.id for x in q.statements} | {x.statement.id for x in xs}
        a, b = max(x.statement.end for x in q.statements), min(x.statement.start for x in xs)
        if lo < q.lo:
            a, b = max(x.statement.end for x in xs), min(x.statement.start for x in q.statements)
        return any(s.id not in ours and s.speaker and self.display_name(s.speaker) != q.speaker
                   and s.start < b and s.end > a for p in pids for s in self.at[p])


def _close(a: float, b: float) -> bool:
    """Are two scores equally relevant, in the sense of `CLOSE_RELATIVE`?"""
    return min(a, b) >= CLOSE_RELATIVE * max(a, b)


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
    return f"{c.title or c.doc_id}{', ' + when if when else ''}, {paragraph_ref(c)}"


def paragraph_ref(c: Citation) -> str:
    """"¶9", or "¶9–11" for a passage over several paragraphs."""
    last = c.last_paragraph
    return f"¶{c.paragraph}" + (f"–{last}" if last is not None and last != c.paragraph else "")


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
