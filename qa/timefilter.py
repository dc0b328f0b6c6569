"""Answers inside a time window, and in date order: the dates side of `Assistant.answer`.

A question's own time ("... in 2013", "since 2019", `qa.timeparse`), the app's date filter or the
`--from/--to` options, or the window of the conversation (a follow-up keeps it) restrict an answer to
statements whose document date lies inside the window. The restriction is a view, not a second
pipeline: the assistant answers as always, through an index whose `statements()` leave out the
documents outside the window and a retriever that searches only their paragraphs (`qa.answering.scoped`). The
answer then says which window it covers ("Vladimir Putin about gas in 2013:") and how many undated
documents were left out: an undated document may be from any year, so it is never in a window.

Order: "When did X first/last ...?" (from the question), or `order="date"`/`"newest"` (an option),
sorts the statements that answer the topic (those scoring at least `ORDER_RELEVANT` of the best) by
their document's date, then paragraph; undated ones come last.

A question with no time of its own, in a conversation with no window, with no filter and no order,
is not touched here (`answer_dated` returns None) and is answered exactly as before.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

from corpus.dates import DateError, parse_date
from qa.answering import Answerer, Chat, DateScope, scoped
from qa.citations import display_date, paragraph_ref, quote_parts
from qa.questions import claim_start, parse_question
from qa.records import Answer, Citation
from qa.timeparse import TimeQuery, parse_time

ORDERS = ("relevance", "date", "newest")
ORDER_POOL = 60        # citations gathered before sorting by date: every one that answers the topic, not the top 5
ORDER_RELEVANT = 0.7   # ... a statement answers the topic when it scores this share of the best (as the
                       # answer's "less closely related" split does)
FOLLOWUP_TOPICS = frozenset({"it", "that", "this", "them", "those", "these"})


# -- windows --------------------------------------------------------------------------------------------

def window_from_bounds(start: str | None, end: str | None, *, start_label: str = "--from",
                       end_label: str = "--to", today: _dt.date | None = None) -> TimeQuery | None:
    """The window from two bounds as a user types them ("2013", "2013-05", "5 March 2013"); None when both
    are empty. A bound covers its whole extent: from "2013" is from 1 January, to "2014" is to 31 December.

    Raises:
        ValueError: a bound is not a date, or the window ends before it starts (the message names the option).
    """
    lo = _bound(start, start_label, today)
    hi = _bound(end, end_label, today)
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo[0] > hi[1]:
        raise ValueError(f"{start_label} {(start or '').strip()} is after {end_label} {(end or '').strip()}: swap them")
    return TimeQuery(text="", start=lo[0] if lo else None, end=hi[1] if hi else None)


def _bound(value: str | None, label: str, today: _dt.date | None) -> tuple[_dt.date, _dt.date] | None:
    if value is None or not str(value).strip():
        return None
    try:
        d = parse_date(str(value).strip(), today=today)
    except DateError as err:
        hint = "" if "write" in str(err) else "; write a year, a month or a day, e.g. 2013, 2013-05 or 2013-05-06"
        raise ValueError(f"{label} {value!r}: {err}{hint}") from None
    return d.first(), d.last()


def describe(window: TimeQuery) -> str:
    """"in 2013", "since 2019", "between 2010 and 2014" ..."""
    return window.describe()


# -- the hook ------------------------------------------------------------------------------------------------

def _in_claim(question: str, span: tuple[int, int]) -> bool:
    """Is the time expression at `span` part of the words a who-said question or a quote check asks about
    ("Who said Trump lost $916 million in 1995?"), not the time of the saying ("Did he say in 2016 that
    ...", "Who said in 2013 “...”")?"""
    from qa.quotecheck import parse_quote_question

    if re.match(r"\s*(?:that\b|[\"“'‘«])", question[span[1]:]):
        return False
    starts = [claim_start(question)]
    quote = parse_quote_question(question)
    if quote is not None:
        starts.append(quote.claim_span[0])
    return any(s is not None and span[0] >= s for s in starts)


def answer_dated(assistant: Answerer, question: str, conv: Chat, speaker_filter: str | None = None,
                 window: TimeQuery | None = None, order: str | None = None) -> Answer | None:
    """The answer when time or order is involved (see the module docstring), else None.

    Args:
        question: the question as asked.
        conv: the conversation; its `time` is the window a follow-up keeps.
        speaker_filter: as for `Assistant.answer`.
        window: a date filter for every question (the app's, `qa ask --from/--to`); a question's own time
            wins over it, and the answer says so.
        order: "relevance" (default), "date" (oldest first) or "newest"; a question's "first"/"last" wins.
    """
    from qa.quote_answer import answer_quote
    from qa.quotecheck import parse_quote_question

    if order not in (None, *ORDERS):
        return Answer(question, False, f"Unknown order {order!r}: choose one of {', '.join(ORDERS)}.")
    tq = parse_time(question)
    if tq.span is not None and _in_claim(question, tq.span):
        tq = TimeQuery(text=question)  # "Who said Trump lost $916 million in 1995?": the year is what was said
    if tq.problem:
        return Answer(question, False, f"I could not use the time in this question: {tq.problem}.")
    text = tq.text if (tq.has_range or tq.order) else question
    note = ""
    if tq.has_range:
        applied = tq
        if window is not None and window.has_range and (window.start, window.end) != (tq.start, tq.end):
            note = (f"(You asked about {tq.describe().removeprefix('in ')}, so the date filter "
                    f"{window.describe()} was not applied.) ")
    elif window is not None and window.has_range:
        applied = window
    elif conv.time is not None and _is_followup(assistant, text):
        applied = conv.time
    else:
        applied = None
    conv.time = tq if tq.has_range else (conv.time if applied is conv.time else None)

    quote = parse_quote_question(text)
    if quote is not None:
        return _with_note(answer_quote(assistant, quote, conv, text, applied, speaker_filter), note)

    how = {"first": "date", "chronological": "date", "last": "newest"}.get(tq.order or "") or order
    how = None if how == "relevance" else how
    if applied is None and how is None:
        return None
    view, scope = scoped(assistant, applied)
    if how:
        view.top_k = max(ORDER_POOL, assistant.top_k)
    before = set(conv.cited)
    answer = view.answer(text, conv, speaker_filter=speaker_filter, dates=False)
    if how and answer.citations:
        answer = _in_date_order(answer, how, tq.order, assistant.top_k)
        conv.cited = before | {i for c in answer.citations for i in c.statement_ids}
    if scope is not None:
        answer = _window_lead(assistant, answer, scope)
    return _with_note(answer, note)


def _is_followup(assistant: Answerer, text: str) -> bool:
    """Does the question lean on the conversation ("and about oil?", "what did he say ...", "... about it")?"""
    parsed = parse_question(text, assistant.speakers)
    topic = parsed.topic.lower().strip(" .,;!?")
    return parsed.kind == "followup" or parsed.speaker_kind == "pronoun" or topic in FOLLOWUP_TOPICS


# -- wording -------------------------------------------------------------------------------------------------

def set_lead(answer: Answer, lead: str) -> Answer:
    """`answer` with its opening sentence replaced (in `text` too, which starts with it)."""
    text = lead + answer.text[len(answer.lead):] if answer.text.startswith(answer.lead) else lead + "\n" + answer.text
    return replace(answer, text=text, lead=lead)


def _with_note(answer: Answer, note: str) -> Answer:
    return set_lead(answer, note + answer.lead) if note else answer


def _window_lead(assistant: Answerer, answer: Answer, scope: DateScope) -> Answer:
    """Say the window in the lead ("Vladimir Putin about gas in 2013:") and how many undated documents it left out."""
    desc = scope.window.describe()
    entry = assistant.speakers.get(answer.speaker) if answer.speaker else None
    n = scope.undated_with(entry.variants) if entry is not None else len(scope.undated)
    left = ""
    if n:
        whose = f" with statements by {entry.name}" if entry is not None else ""
        left = f"{n} undated document{'s' if n != 1 else ''}{whose} left out"
    lead = answer.lead
    if lead.endswith(":"):
        lead = f"{lead[:-1]} {desc}" + (f" ({left})" if left else "") + ":"
    else:
        lead = f"{lead} (Searched the documents dated {desc} only" + (f"; {left}" if left else "") + ".)"
    return set_lead(answer, lead)


def _in_date_order(answer: Answer, how: str, asked: str | None, k: int) -> Answer:
    """The citations that answer the topic, oldest (`how="date"`) or newest first, undated last, `k` of them."""
    best = max(c.score for c in answer.citations)
    relevant = [c for c in answer.citations if c.score >= ORDER_RELEVANT * best]
    dated = sorted((c for c in relevant if _sortable(c.date)), key=lambda c: (c.date, c.doc_id, c.paragraph, c.start),
                   reverse=how == "newest")
    undated = [c for c in relevant if not _sortable(c.date)]
    shown = (dated + undated)[:k]
    words = "newest first" if how == "newest" else "oldest first"
    if asked == "first" and dated:
        words = f"earliest first; the earliest is from {display_date(dated[0].date)}"
    elif asked == "last" and dated:
        words = f"latest first; the latest is from {display_date(dated[0].date)}"
    lead = answer.lead[:-1] if answer.lead.endswith(":") else answer.lead
    lead = f"{lead} ({words})" + (":" if answer.lead.endswith(":") else "")
    more = len(relevant) - len(shown)
    body = format_dated(shown)
    if more > 0:
        body += f"\n  … and {more} more"
    if undated and len(dated) < len(shown):
        body += f"\n  ({len(undated)} undated, listed last)"
    return replace(answer, citations=shown, text=lead + "\n" + body, lead=lead)


def _sortable(iso: str | None) -> bool:
    return bool(iso and re.match(r"\d{4}", iso))


def format_dated(citations: list[Citation]) -> str:
    """Numbered quotes, each with its speaker when they differ, and its date first."""
    several = len({c.speaker for c in citations}) > 1
    lines = []
    for i, c in enumerate(citations, 1):
        when = display_date(c.date) or "undated"
        who = f"{c.speaker or 'Unnamed source'}: " if several else ""
        lines.append(f"  [{i}] {when} — {who}{quote_parts(c)}  — {c.title or c.doc_id}, {paragraph_ref(c)}")
    return "\n".join(lines)
