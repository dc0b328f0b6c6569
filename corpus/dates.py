"""Calendar dates as documents and questions write them, normalised to ISO with their precision.

`parse_date` reads one value ("2016-09-12", "12 September 2016", "Sept. 12, 2016", "20160912",
"D:20160912101500+03'00'", "2016-09", "2016", "12/09/2016") into a `DocDate`: a year, a year and
month, or a full day, written "2016", "2016-09" or "2016-09-12". What it refuses, it refuses with
a `DateError` whose message names the value and what is wrong, never by guessing:

- a two-digit year ("12/09/16", "Sept 12, '16"): the century is not ours to choose;
- a day the month lacks ("2016-02-30"), a month 13, a year before `EARLIEST_YEAR` or in the future;
- a numeric date whose day/month order is open ("03/04/2016" is 3 April or 4 March), unless the
  caller knows the order (`order="dmy"` or `"mdy"`, e.g. from the other rows of the same file).
  "25/12/2016" and "12/25/2016" are unambiguous and read as written; dots do not imply day-first.

A time of day and a timezone are read past and dropped: the date kept is the one the publisher
wrote, in its own timezone ("2016-09-12T23:30-05:00" is 12 September, not 13 September UTC).

A day and month with no year ("30 March") parses to a partial `DocDate` (`year=None`, written
"--03-30" as in ISO 8601's truncated form) when the caller allows it: a year is never invented,
and callers keep such a date apart from real dates (see `corpus.metadata`).
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

EARLIEST_YEAR = 1800  # an archive of speech: an earlier year is a typo far more often than a document

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
# a time of day and a timezone after a date: read past, not kept
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
_TIME = r"(?:[T\s]+" + _CLOCK + r")?"
_CTIME = r"(?:,?[T\s]+" + _CLOCK + r")?"

_ISO = re.compile(r"(?P<y>\d{4})(?:(?P<s>[-/._])(?P<m>\d{1,2})(?:(?P=s)(?P<d>\d{1,2}))?)?" + _TIME + r"\Z", re.I)
_COMPACT = re.compile(r"(?:D:)?(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?(?:T?\d{2,6}(?:[.,]\d+)?)?"
                      r"(?:Z|[+-]\d{2}'?(?:\d{2}'?)?)?\Z", re.I)
_PDF_SHORT = re.compile(r"D:(?P<y>\d{4})(?P<m>\d{2})?\Z")
_DMY_NAME = re.compile(_WEEKDAY + r"(?P<d>\d{1,2})" + _ORD + r"(?:\s+of)?[\s\-]+(?P<mon>" + MONTH_RE + r")\.?"
                       r"(?:,?[\s\-]+(?P<y>'?\d{2,4}))?" + _CTIME + r"\Z", re.I)
_MDY_NAME = re.compile(_WEEKDAY + r"(?P<mon>" + MONTH_RE + r")\.?\s+(?P<d>\d{1,2})" + _ORD +
                       r"(?:,?\s+(?P<y>'?\d{2,4}))?" + _CTIME + r"\Z", re.I)
_MY_NAME = re.compile(r"(?P<mon>" + MONTH_RE + r")\.?,?\s+(?P<y>'?\d{2,4})\Z", re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{2,4})" + _TIME + r"\Z", re.I)


class DateError(ValueError):
    """A value that is not a usable date; `str(err)` says which value and why."""


@dataclass(frozen=True, order=True)
class DocDate:
    """A date with its precision: year only, year and month, or a day. `year` is None only for a
    day and month found without a year (a partial date, never used to filter)."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def partial(self) -> bool:
        return self.year is None

    @property
    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return "-".join([f"{self.year:04d}"] + [f"{v:02d}" for v in (self.month, self.day) if v])

    def first(self) -> _dt.date:
        """The first day the date may mean (1 January for a year)."""
        if self.year is None:
            raise DateError(f"{self.iso} has no year, so it names no range of days")
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last(self) -> _dt.date:
        """The last day the date may mean (31 December for a year)."""
        if self.year is None:
            raise DateError(f"{self.iso} has no year, so it names no range of days")
        month = self.month or 12
        return _dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.iso


def from_iso(value: str) -> DocDate:
    """The `DocDate` of a stored ISO value ("2016", "2016-09", "2016-09-12", "--03-30")."""
    m = re.fullmatch(r"--(\d{2})-(\d{2})", value)
    if m:
        return DocDate(None, int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise DateError(f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return DocDate(*(int(g) if g else None for g in m.groups()))


def parse_date(value: str, *, order: str | None = None, today: _dt.date | None = None,
               allow_partial: bool = False) -> DocDate:
    """Read one written date. See the module docstring for what is accepted and refused.

    Args:
        value: the date as written.
        order: "dmy" or "mdy" for numeric dates whose order is ambiguous; None refuses them.
        today: the latest acceptable day (default: the real today); later dates are refused.
        allow_partial: return a day and month without a year as a partial date instead of refusing it.

    Raises:
        DateError: the message names the value and what is wrong with it.
    """
    raw = value
    value = re.sub(r"\s+", " ", str(value)).strip().strip(",;")
    if not value:
        raise DateError("the date is empty")
    today = today or _dt.date.today()
    shown = f"'{raw}'" if len(str(raw)) <= 60 else f"'{str(raw)[:57]}...'"

    m = _ISO.match(value) or _COMPACT.match(value) or _PDF_SHORT.match(value)
    if m and (m.re is not _ISO or m.group("s") in (None, "-") or m.group("d")):
        # "2016/09" or "2016.09" alone is more often a volume or a version than a month
        return _checked(shown, int(m.group("y")), _int(m.group("m")), _int(m.groupdict().get("d")), today)
    for pattern in (_DMY_NAME, _MDY_NAME, _MY_NAME):
        m = pattern.match(value)
        if m:
            month = MONTHS[m.group("mon").lower().rstrip(".")]
            day = _int(m.groupdict().get("d"))
            year = m.group("y")
            if year is None:
                if not allow_partial:
                    raise DateError(f"{shown} has no year; give the year, e.g. '{value} 2016'")
                return _checked(shown, None, month, day, today)
            return _checked(shown, _year(shown, year), month, day, today)
    m = _NUMERIC.match(value)
    if m:
        year = _year(shown, m.group("y"))
        a, b = int(m.group("a")), int(m.group("b"))
        if order is None and a <= 12 and b <= 12 and a != b:
            raise DateError(f"{shown} is ambiguous: {a} {calendar.month_name[b]} {year} or {b} "
                            f"{calendar.month_name[a]} {year}; write it as {year}-MM-DD")
        if order == "mdy" or (order is None and b > 12):
            a, b = b, a
        return _checked(shown, year, b, a, today)
    raise DateError(f"{shown} is not a date this reader knows; write it as YYYY-MM-DD (or YYYY-MM, YYYY)")


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _year(shown: str, text: str) -> int:
    digits = text.lstrip("'")
    if len(digits) != 4:
        raise DateError(f"{shown} has a {len(digits)}-digit year, which could be in any century; "
                        f"write the year in full")
    return int(digits)


def _checked(shown: str, year: int | None, month: int | None, day: int | None, today: _dt.date) -> DocDate:
    if year is not None and not EARLIEST_YEAR <= year:
        raise DateError(f"{shown} has the year {year}, before {EARLIEST_YEAR}; check the value")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{shown} has no month {month}")
    if day is not None:
        if month is None:
            raise DateError(f"{shown} has a day but no month")
        days = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: 29 February exists
        if not 1 <= day <= days:
            when = f"{calendar.month_name[month]} {year}" if year is not None else calendar.month_name[month]
            raise DateError(f"{shown} is not a date: {when} has {days} days")
    date = DocDate(year, month, day)
    if year is not None and date.first() > today:
        raise DateError(f"{shown} is in the future (after {today.isoformat()}); check the value")
    return date


# -- dates in file and folder names ---------------------------------------------------------------

_PATH_YMD = re.compile(r"(?<!\d)(?P<y>(?:1[89]|20)\d{2})(?P<s>[-_.]?)(?P<m>[01]\d)(?:(?P=s)(?P<d>[0-3]\d))?(?!\d)")
_DIR_YEAR = re.compile(r"(?:1[89]|20)\d{2}")
_DIR_2 = re.compile(r"[01]?\d|[0-3]\d")


def date_in_path(path: str, today: _dt.date | None = None) -> tuple[DocDate | None, str | None]:
    """The date a file's name or folders give, and a problem message for a name that looks like a
    date but is not one ("2016-02-30-speech.txt").

    File name first: "2016-09-12", "2016_09_12", "2016.09.12", "20160912", "2016-09" (a separator is
    needed between year and month for a month alone: "201609" is as likely an id). Then folders, the
    deepest first: ".../2016/09/12/x.html", ".../2016/09/x.html", ".../2016/x.html". A year alone
    counts only as a whole folder name, never inside a file name ("top-2000-songs.txt").
    """
    parts = [p for p in re.split(r"[\\/]+", path) if p]
    if not parts:
        return None, None
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", parts[-1])
    problem = None
    for m in _PATH_YMD.finditer(stem):
        if m.group("d") is None and not m.group("s"):
            continue
        try:
            return _checked(f"'{m.group(0)}'", int(m.group("y")), int(m.group("m")), _int(m.group("d")),
                            today or _dt.date.today()), None
        except DateError as err:
            if m.group("s"):  # "2016-02-30" was meant as a date; "20161345" may be an id
                problem = f"the file name {parts[-1]!r} holds a date that is not one: {err}"
    dirs = parts[:-1]
    for i in range(len(dirs) - 1, -1, -1):
        if not _DIR_YEAR.fullmatch(dirs[i]):
            continue
        rest = dirs[i + 1:i + 3]
        month = int(rest[0]) if rest and _DIR_2.fullmatch(rest[0]) else None
        day = int(rest[1]) if month and len(rest) > 1 and _DIR_2.fullmatch(rest[1]) else None
        try:
            return _checked(f"'{'/'.join(dirs[i:i + 3])}'", int(dirs[i]), month, day,
                            today or _dt.date.today()), problem
        except DateError as err:
            problem = problem or f"the folders of {path!r} hold a date that is not one: {err}"
    return None, problem


# -- a dateline ---------------------------------------------------------------------------------------

_TEXT_DATE = (r"(?:(?P<d1>\d{1,2})" + _ORD + r"\s+(?:of\s+)?(?P<m1>" + MONTH_RE + r")\.?|(?P<m2>" + MONTH_RE +
              r")\.?\s+(?P<d2>\d{1,2})" + _ORD + r"(?![\d:]))(?:,?\s+(?P<y>\d{4}))?(?!\d)")
_DATELINE = re.compile(r"\A\W{0,3}(?-i:[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,2},\s+)?" + _WEEKDAY + _TEXT_DATE +
                       r"\s*(?:\([^)\n]{1,40}\)\s*)?(?:[-–—,.:]|\n)", re.I)


def date_in_text(text: str, today: _dt.date | None = None) -> DocDate | None:
    """The date of a dateline at the very start of a text ("MOSCOW, March 30, 2016 –", "30 March
    2016" on the first line, "MINSK, 30 March (Agency) –"), maybe partial (no year), or None.

    Only a dateline: a date inside the first sentences ("... on 30 March") names another event as
    often as the text's own day (a law coming into force, a past tragedy, a term that expires).
    """
    m = _DATELINE.match(text)
    if not m:
        return None
    day = int(m.group("d1") or m.group("d2"))
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
    year = int(m.group("y")) if m.group("y") else None
    try:
        return _checked(f"'{m.group(0).strip()}'", year, month, day, today or _dt.date.today())
    except DateError:
        return None
