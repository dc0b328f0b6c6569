"""Time in questions: find the time words, take them out, and say which days they mean.

`parse_time("What did Putin say about gas in 2013?")` gives start 2013-01-01, end 2013-12-31 and
the question "What did Putin say about gas?" for the question parser. Understood:

- a year, month or day: "in 2013", "in March 2014", "on 5 March 2014", "on 2014-03-05",
  "in early/mid/late 2014", "at the end of 2014", "in the 2000s", "in the early 1990s";
- ranges: "between 2010 and 2014", "from 2010 to 2012", "between March and May 2014",
  "in 2010-2012", "in 2013 and 2014" (consecutive years only);
- open ranges: "since 2019" (from 2019 on), "after 2016" (from 2017), "before 2005" (to 2004),
  "until 2010" / "till 2010" / "up to 2010" (to the end of 2010), "from 2010 on";
- relative to `today`: "this year" (1 January to today), "last year" (the whole previous year),
  "this/last month", "this/last week", "today", "yesterday", "in the past/last N days/weeks/
  months/years", "N years/months ago" (that calendar year or month), "earlier this year";
- order, not a range: "When did X first/last talk about T?", "What did X last say about T?",
  "the first/last time X ...", "for the first time", "most recently" ("first" or "last");
  any other "When did X ...?" asks for the dates ("chronological").

Numbers that are topics stay in the question. A year is time only after a time preposition
(in, during, since, before, ...) and only when what follows is not a noun it modifies: "the 2014
Olympics", "in 2014 elections", "in 2014's budget", "about 2014", "Article 5", "the G20", "$200",
"1,000 troops" and "Resolution 2231" are topics. A year after today's ("targets in 2030") is a
topic too: nobody was quoted then. "in YEAR" is always when it was said, so "the war in 2008"
filters on 2008; to ask about an event of a year, say "the 2008 war".

Refused, with a `problem` instead of a guess: a numeric date whose day/month order is open
("5/3/2014"), a two-digit year, 31 February, a range that ends before it starts, two times that
share no day, non-consecutive years ("in 2010 and 2014"). A month or day without a year ("in
March") is left in the question: which March is not ours to choose.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from corpus.dates import MONTH_RE, DateError, from_iso, parse_date

ORDERS = ("first", "last", "chronological")


@dataclass(frozen=True)
class TimeQuery:
    """The time a question asks about.

    Attributes:
        start, end: the first and last day asked about, both inclusive; None is open.
        order: "first" (earliest first), "last" (latest first), "chronological", or None (relevance).
        span: (start, end) of the first time expression in the question; None when there is none.
        expression: the words of the time expressions, as the user wrote them.
        text: the question with the time expressions taken out (what the question parser reads).
        problem: a time expression was read but refused; say this to the user.
    """

    text: str
    start: _dt.date | None = None
    end: _dt.date | None = None
    order: str | None = None
    span: tuple[int, int] | None = None
    expression: str = ""
    problem: str | None = None

    @property
    def has_range(self) -> bool:
        return self.start is not None or self.end is not None

    def admits(self, iso: str | None) -> bool:
        """Does a document dated `iso` ("2013", "2013-03", "2013-03-05") fall inside the range?

        The date's whole extent must lie inside: "2013" is inside "in 2013" but not inside "in
        March 2013" (it may be any month). A document with no date, or only a partial one
        ("--03-30"), is outside every range. Without a range everything is admitted.
        """
        if not self.has_range:
            return True
        if not iso or iso.startswith("--"):
            return False
        try:
            d = from_iso(iso)
        except DateError:
            return False
        return (self.start is None or d.first() >= self.start) and (self.end is None or d.last() <= self.end)

    def describe(self) -> str:
        """The range in words for an answer: "in 2013", "in March 2014", "since 2019", "between 2010 and 2014"."""
        s, e = self.start, self.end
        if s and e:
            if s == e:
                return f"on {s.day} {calendar.month_name[s.month]} {s.year}"
            if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
                return f"in {s.year}"
            if s.day == 1 and e == _month_end(e.year, e.month) and (s.year, s.month) == (e.year, e.month):
                return f"in {calendar.month_name[s.month]} {s.year}"
            unit = min(_unit(s, True), _unit(e, False))  # both ends in the same words
            return f"between {_bound(s, unit)} and {_bound(e, unit)}"
        if s:
            return f"since {_bound(s, _unit(s, True))}"
        if e:
            return f"until {_bound(e, _unit(e, False))}"
        return ""


def _unit(d: _dt.date, is_start: bool) -> int:
    """2 when the bound is a whole year's, 1 a whole month's, 0 a day."""
    if (d.month, d.day) == ((1, 1) if is_start else (12, 31)):
        return 2
    return 1 if d.day == (1 if is_start else calendar.monthrange(d.year, d.month)[1]) else 0


def _bound(d: _dt.date, unit: int) -> str:
    return (f"{d.day} {calendar.month_name[d.month]} {d.year}", f"{calendar.month_name[d.month]} {d.year}",
            str(d.year))[unit]


def _month_end(y: int, m: int) -> _dt.date:
    return _dt.date(y, m, calendar.monthrange(y, m)[1])


# -- terms: the dates inside a time expression -------------------------------------------------

_Y = r"\d{4}"
_DAY1 = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_RE}\.?,?\s+{_Y}"
_DAY2 = rf"{MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_Y}"
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"
_NUM_DAY = r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
_MON = rf"{MONTH_RE}\.?,?\s+(?:of\s+)?{_Y}"
_QUAL = r"(?:early|mid|late|the\s+(?:start|beginning|middle|end)\s+of)"
_QYEAR = rf"{_QUAL}[\s-]*{_Y}"
_DECADE = rf"(?:the\s+)?(?:{_QUAL}[\s-]*)?\d{{3}}0['’]?s"
_DAY = rf"(?:{_DAY1}|{_DAY2}|{_ISO_DAY}|{_NUM_DAY})"
TERM = rf"(?:{_DAY}|{_MON}|{_QYEAR}|{_DECADE}|{_Y})"
# the first end of "between March and May 2014": a month (or day) whose year is the second end's
_OPEN_TERM = rf"(?:{TERM}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_RE}|{MONTH_RE})"

_QUALIFIER_MONTHS = {"early": (1, 4), "start": (1, 4), "beginning": (1, 4), "mid": (5, 8), "middle": (5, 8),
                     "late": (9, 12), "end": (9, 12)}
_QUALIFIER_YEARS = {"early": (0, 3), "start": (0, 3), "beginning": (0, 3), "mid": (4, 6), "middle": (4, 6),
                    "late": (7, 9), "end": (7, 9)}


def _qualifier(words: str) -> str:
    return next(w for w in words.split() if w in _QUALIFIER_MONTHS)


class _Refused(Exception):
    """A time expression that was read but cannot be used; the message is for the user."""


def _term(text: str, today: _dt.date, default_year: int | None = None) -> tuple[_dt.date, _dt.date] | None:
    """The days a term means, or None when it is no time (a year after today's: a topic).
    Raises _Refused for a term that is a time but not a valid one."""
    t = re.sub(r"\s+", " ", text.strip()).lower()
    m = re.fullmatch(r"(?:the )?(?:(?P<q>early|mid|late|the (?:start|beginning|middle|end) of)[ -]*)?(?P<d>\d{3}0)['’]?s", t)
    if m:
        base = int(m.group("d"))
        lo, hi = _QUALIFIER_YEARS[_qualifier(m.group("q"))] if m.group("q") else (0, 9)
        if base + lo > today.year or base < 1800:
            return None
        return _dt.date(base + lo, 1, 1), min(_dt.date(base + hi, 12, 31), _dt.date(today.year, 12, 31))
    m = re.fullmatch(rf"(?P<q>early|mid|late|the (?:start|beginning|middle|end) of)[ -]*(?P<y>{_Y})", t)
    if m:
        y = int(m.group("y"))
        if y > today.year or y < 1800:
            return None
        lo, hi = _QUALIFIER_MONTHS[_qualifier(m.group("q"))]
        return _dt.date(y, lo, 1), _month_end(y, hi)
    if re.fullmatch(_Y, t):
        y = int(t)
        return (_dt.date(y, 1, 1), _dt.date(y, 12, 31)) if 1800 <= y <= today.year else None
    if default_year is not None and not re.search(r"\d{4}", t):
        t = f"{t} {default_year}"
    try:
        d = parse_date(t, today=_dt.date.max)
    except DateError as err:
        raise _Refused(str(err)) from None
    return (d.first(), d.last()) if d.first() <= today else None


# -- time expressions -----------------------------------------------------------------------------

_UNITS = {"day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
          "year": "years", "years": "years"}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "a couple of": 2}
_N = r"(?:\d{1,3}|a couple of|couple of|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:days?|weeks?|months?|years?)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("between", re.compile(rf"\b(?:between\s+(?P<a>{_OPEN_TERM})\s*(?:and|-|–|—)\s*(?P<b>{TERM})|"
                           rf"from\s+(?P<a2>{_OPEN_TERM})\s*(?:to|until|till|through|thru|-|–|—)\s*(?P<b2>{TERM}))",
                           re.I)),
    ("span", re.compile(rf"\b(?:in|during|throughout|over)\s+(?:the\s+years\s+)?(?P<a>{_Y})\s*[-–—]\s*(?P<b>\d{{4}}|\d{{2}})"
                        rf"(?![\d])", re.I)),
    ("list", re.compile(rf"\b(?:in|during)\s+(?P<list>{_Y}(?:\s*,\s*{_Y})*\s*,?\s*(?:and|or)\s+{_Y})", re.I)),
    ("since", re.compile(rf"\b(?:ever\s+)?since\s+(?P<a>{TERM})|\bfrom\s+(?P<a2>{TERM})\s+(?:on|onwards?)\b", re.I)),
    ("after", re.compile(rf"\b(?:after|later\s+than)\s+(?P<a>{TERM})", re.I)),
    ("before", re.compile(rf"\b(?:before|prior\s+to|earlier\s+than)\s+(?P<a>{TERM})", re.I)),
    ("until", re.compile(rf"\b(?:until|till|up\s+(?:to|until))\s+(?P<a>{TERM})", re.I)),
    ("in", re.compile(rf"\b(?:back\s+)?(?:in|during|throughout|at|over\s+the\s+course\s+of)\s+(?:the\s+year\s+(?:of\s+)?)?"
                      rf"(?P<a>{TERM})", re.I)),
    ("on", re.compile(rf"\bon\s+(?:the\s+)?(?P<a>{_DAY})", re.I)),
    ("relative", re.compile(r"\b(?:(?:earlier|so\s+far)\s+)?(?P<which>this|last|past|previous)\s+(?P<unit>year|month|week)\b"
                            r"|\b(?P<day>today|yesterday)\b", re.I)),
    ("past_n", re.compile(rf"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+(?:(?P<n>{_N})\s+)?(?P<unit>{_UNIT})\b",
                          re.I)),
    ("ago", re.compile(rf"\b(?P<n>{_N})\s+(?P<unit>{_UNIT})\s+ago\b", re.I)),
]

# what may follow a time expression: the end, punctuation, or a word that is not a noun it would modify
_FOLLOW = frozenset("""about on regarding concerning re and or but when while where what who whom how why that which
he she it they we i you his her their its did does do was were is are has have had say said says talk talked speak
spoke mention mentioned comment commented to with at as so then if whether in during before after since until till
compared versus vs than only alone again too also already yet ever exactly first last the a an this for from
by""".split())
# "the last year of the war", "the country's past year", "about last year": a topic, like "about 2014"
_BEFORE_NOT = re.compile(r"(?:\b(?:the|a|an|of|about|on|regarding)|['’]s)\s*\Z", re.I)


def _follows_ok(q: str, end: int) -> bool:
    rest = q[end:]
    if not rest.strip() or re.match(r"\s*[?!.,;:)\]\"”’]", rest) and not re.match(r"['’]s\b", rest):
        return True
    m = re.match(r"\s+([A-Za-z]+)", rest)
    return m is not None and m.group(1).lower() in _FOLLOW and not re.match(r"\s+of\b", rest)


def _shift_months(d: _dt.date, months: int) -> _dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return _dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _n(text: str) -> int:
    text = re.sub(r"\s+", " ", text.lower())
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


Range = tuple[_dt.date | None, _dt.date | None]


def _range(kind: str, m: re.Match, today: _dt.date) -> Range | None:
    """(start, end) of one matched expression, None when it is no time after all. Raises _Refused."""
    if kind in ("between", "span", "list"):
        return _closed(kind, m, today)
    if kind in ("relative", "past_n", "ago"):
        return _relative(kind, m.groupdict(), today)
    term = _term(m.group("a") or m.groupdict().get("a2"), today)  # type: ignore[arg-type]  # one of them matched
    if term is None:
        return None
    lo, hi = term
    return {"since": (lo, None), "after": (hi + _dt.timedelta(days=1), None),
            "before": (None, lo - _dt.timedelta(days=1)), "until": (None, hi)}.get(kind, (lo, hi))


def _closed(kind: str, m: re.Match, today: _dt.date) -> Range | None:
    """"between A and B", "from A to B", "in 2010-12", "in 2013 and 2014"."""
    g = m.groupdict()
    if kind == "between":
        a, b = (g["a"], g["b"]) if g.get("a") else (g["a2"], g["b2"])
        tb = _term(b, today)
        ta = _term(a, today, default_year=tb[1].year if tb and not re.search(r"\d{3}", a) else None) if tb else None
        if ta is None or tb is None:
            return None
        if ta[0] > tb[1]:
            raise _Refused(f"“{m.group(0)}” ends before it starts")
        return ta[0], tb[1]
    if kind == "span":
        a, b = int(g["a"]), g["b"]
        b = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
        if b <= a:
            raise _Refused(f"“{m.group(0)}” ends before it starts" if len(g["b"]) == 4 else
                           f"“{m.group(0)}”: write both years in full")
        return (_dt.date(a, 1, 1), _dt.date(b, 12, 31)) if b <= today.year else None
    years = sorted({int(y) for y in re.findall(r"\d{4}", g["list"])})
    if years[-1] > today.year:
        return None
    if years != list(range(years[0], years[-1] + 1)):
        raise _Refused(f"“{m.group(0)}” names years apart; ask about one period at a time, e.g. "
                       f"“between {years[0]} and {years[-1]}”")
    return _dt.date(years[0], 1, 1), _dt.date(years[-1], 12, 31)


def _relative(kind: str, g: dict, today: _dt.date) -> Range:
    """"this/last year|month|week", "today", "yesterday", "in the past N units", "N units ago"."""
    if kind == "relative":
        if g.get("day"):
            d = today if g["day"].lower() == "today" else today - _dt.timedelta(days=1)
            return d, d
        prev, unit = g["which"].lower() in ("last", "past", "previous"), g["unit"].lower()
        if unit == "year":
            return (_dt.date(today.year - 1, 1, 1), _dt.date(today.year - 1, 12, 31)) if prev else \
                (_dt.date(today.year, 1, 1), today)
        if unit == "month":
            last = today.replace(day=1) - _dt.timedelta(days=1)
            return (last.replace(day=1), last) if prev else (today.replace(day=1), today)
        monday = today - _dt.timedelta(days=today.weekday())
        return (monday - _dt.timedelta(days=7), monday - _dt.timedelta(days=1)) if prev else (monday, today)
    n, unit = _n(g["n"]) if g["n"] else 1, _UNITS[g["unit"].lower()]
    if kind == "past_n":
        if unit in ("months", "years"):
            return _shift_months(today, -n * (12 if unit == "years" else 1)) + _dt.timedelta(days=1), today
        return today - _dt.timedelta(days=n * (7 if unit == "weeks" else 1)) + _dt.timedelta(days=1), today
    if unit == "years":
        return _dt.date(today.year - n, 1, 1), _dt.date(today.year - n, 12, 31)
    if unit == "months":
        d = _shift_months(today.replace(day=1), -n)
        return d, _month_end(d.year, d.month)
    if unit == "weeks":
        monday = today - _dt.timedelta(days=today.weekday() + 7 * n)
        return monday, monday + _dt.timedelta(days=6)
    d = today - _dt.timedelta(days=n)
    return d, d


# -- order: "when did X first ...", "what did X last say ..." -------------------------------------

_VERB = (r"(?:say|said|talk|talked|speak|spoke|mention|mentioned|comment|commented|raise|raised|bring|brought|address|"
         r"addressed|discuss|discussed|use|used|call|called|refer|referred|describe|described|warn|warned|criticize|"
         r"criticise|criticized|criticised|praise|praised|propose|proposed|suggest|suggested|promise|promised)")
_LEAD_WORDS = r"(?P<lead>[\W_]*(?:(?:and|so|but|ok|okay|then|now)\b[\W_]*)*)"
_WHEN = re.compile(_LEAD_WORDS + r"(?P<when>when)\s+(?=(?:did|does|do|has|have|had|was|were|is)\b)", re.I)
_WHEN_TIME = re.compile(_LEAD_WORDS + r"(?P<cut>when\s+(?:was|is)\s+the\s+(?P<o>first|last|most\s+recent|latest|earliest)"
                        r"\s+time\s+(?:that\s+)?)", re.I)
_WHAT_THE = re.compile(_LEAD_WORDS + r"(?:what|which)\s+(?:was|were|is|are)\s+(?P<cut>the\s+(?P<o>first|last|latest|"
                       r"earliest|most\s+recent)\s+(?:thing|things|statement|statements|comment|comments|remark|remarks|"
                       r"words|time)\s+(?:that\s+)?)", re.I)
_ASKS_WHAT = re.compile(_LEAD_WORDS + r"(?:what|how|which|when)\b.*\b(?:did|does|has|have|had)\b", re.I)
_ADVERB = re.compile(rf"(?<=\s)(?P<cut>(?P<o>first|last|most\s+recently|for\s+the\s+(?:first|last)\s+time)\s+)(?={_VERB}\b)",
                     re.I)
_ANYWHERE = re.compile(r"(?P<cut>\s*\b(?:for\s+the\s+(?P<o>first|last)\s+time|most\s+recently)\b)", re.I)


def _order_word(o: str | None) -> str:
    return "first" if o and o.lower() in ("first", "earliest") else "last"


def _order(q: str) -> tuple[str | None, list[tuple[int, int, str]]]:
    """The order a question asks for, and the edits (start, end, replacement) that take its order
    words out ("When did X first say" -> "What did X say")."""
    for pattern in (_WHEN_TIME, _WHAT_THE):
        m = pattern.match(q)
        if m:
            return _order_word(m.group("o")), [(m.start("cut"), m.end("cut"), "")]
    edits, order = [], None
    m = _ADVERB.search(q) if _ASKS_WHAT.match(q) else None
    m = m or _ANYWHERE.search(q)
    if m:
        order = _order_word(m.group("o") or ("first" if "first" in m.group("cut").lower() else "last"))
        edits.append((m.start("cut"), m.end("cut"), " " if m.re is _ANYWHERE else ""))
    when = _WHEN.match(q)
    if when:
        order = order or "chronological"
        edits.append((when.start("when"), when.end("when"), "What" if q[when.start("when")].isupper() else "what"))
    return order, edits


# -- the whole question ------------------------------------------------------------------------------

def parse_time(question: str, today: _dt.date | None = None) -> TimeQuery:
    """Find the time words of a question (see the module docstring).

    Args:
        question: the question as asked.
        today: the day "this year", "last month" ... count from (default: the real today).
    """
    today = today or _dt.date.today()
    q = question
    found: list[tuple[int, int, str, re.Match]] = []  # (start, end, kind, match)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(q):
            if _follows_ok(q, m.end()) and not (kind == "relative" and _BEFORE_NOT.search(q[:m.start()])):
                found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, str, re.Match]] = []
    start: list[_dt.date] = []
    end: list[_dt.date] = []
    problem: str | None = None
    for f in found:
        if any(f[0] < c[1] and c[0] < f[1] for c in chosen):
            continue
        try:
            r = _range(f[2], f[3], today)
        except _Refused as err:
            problem = problem or str(err)
            chosen.append(f)
            continue
        if r is not None:
            chosen.append(f)
            start += [r[0]] if r[0] else []
            end += [r[1]] if r[1] else []
    lo, hi = max(start, default=None), min(end, default=None)  # several expressions: the days they share
    if lo is not None and hi is not None and lo > hi and problem is None:
        problem = "the question names two times that share no day; ask about one period at a time"
    if problem:
        lo = hi = None
    blanked = q
    for s, e, _, _ in chosen:
        blanked = blanked[:s] + " " * (e - s) + blanked[e:]
    order, order_edits = _order(blanked)
    edits = sorted([(s, e, " ") for s, e, _, _ in chosen] + order_edits)
    text = q
    for s, e, rep in reversed(edits):
        text = text[:s] + rep + text[e:]
    text = _tidy(text)
    if text and question.lstrip()[:1].isupper():
        text = text[0].upper() + text[1:]
    spans = sorted((c[0], c[1]) for c in chosen)
    span = spans[0] if spans else (order_edits[0][0], order_edits[0][1]) if order_edits else None
    return TimeQuery(text=text, start=lo, end=hi, order=order, span=span,
                     expression=" … ".join(q[s:e].strip() for s, e in spans), problem=problem)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([?!.,;:])", r"\1", text)
    text = re.sub(r"([,;:])(?=[,;:?!.]|$)", "", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    text = re.sub(r"\s+(?:and|or)([?!.]*)$", r"\1", text)
    return text.strip()
