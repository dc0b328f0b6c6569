"""Document metadata for citations: when (date), what (title), where (url, site), from every format.

One rule of precedence. Every source of metadata belongs to one tier; for each field (date, title,
url, site) the value of the highest tier that has one wins, and within a tier the first source in
the order listed below. A date is taken whole with where it came from (`date_source`): fields are
never mixed within one date.

1. SIDECAR: a `metadata.csv` or `metadata.jsonl` in the folder (or a parent folder) that names the
   file (`corpus.sidecars`): the archive's own catalogue, for files that carry none or the wrong one.
2. PUBLISHED: what the document says about its own publication. HTML: JSON-LD of the article
   (`datePublished`, `headline`, `url`, `publisher.name`), microdata `datePublished` of the article
   or page item (not of an image or video inside it: en.kremlin.ru gives each photo its own),
   `<meta>` (`article:published_time`, `og:title`, `og:url`, `og:site_name`, Dublin Core, ...), a
   `<time>` whose class says published, a `<time>` labelled "Publication date:"/"Published"; the
   canonical link. Markdown front matter (published/date, title, url/source, site/publisher),
   .jsonl fields (the same names), the title of .docx core properties and of PDF info.
3. PATH: a date in the file name or its folders ("2016-09-12-speech.txt", ".../2016/09/12/x.html").
   A name someone chose is a statement about the document; it outranks a guess.
4. GUESSED: trafilatura's metadata of an HTML page (htmldate's heuristics, which read the URL and
   the text too): right on most pages, but it took a related photo's date or an announced event's
   date on some en.kremlin.ru pages, so it comes after the page's own statements.
5. TEXT: a dateline at the very start of the text ("MOSCOW, March 30, 2016 –"). Not a date in the
   lead's sentences ("... met him on 30 March"): in press-office news that names other events (a
   law coming into force, a past tragedy) more often than the day of the text.
6. FILE: what the file says about itself (PDF /CreationDate and /Author, .docx `created` and
   `author`). The author stands in for the publisher only when nothing names one. A creation date
   is not a publication date: a PDF
   of a 2004 speech exported in 2019 says 2019. It is kept only when nothing else dates the
   document, marked as such in `date_source`. A creation date before 1990 is a wrong clock and is
   refused, as is 2013-12-23T23:15:00Z, the date python-docx's template stamps on every file it makes.

Dates are ISO strings with their precision ("2016", "2016-09", "2016-09-12"), parsed by
`corpus.dates.parse_date`, which refuses rather than guesses (two-digit years, 31 February, an
open day/month order). A refused value never stops reading: it is reported in `problems`, naming
the file (and line) and the value, and the next source is tried.

A day and month without a year is never completed with a guessed year. In a dateline ("MINSK,
30 March –") it is the text's own day: `date` stays None and `partial_date` keeps "--03-30" for a
citation to show, never in `documents.date`, where a text comparison would sort "--03-30" before
every year and a filter could not place it. In a sentence (the seed says its meeting was "on 30
March" and nowhere which year) it is not the document's date at all (see TEXT above): the seed has
no date, and the sentence is there in the cited text for a reader to see.

URLs are kept only when absolute http(s), so a document cannot hand the app a `javascript:` link.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from urllib.parse import urlsplit

from corpus.dates import DateError, DocDate, date_in_path, date_in_text, parse_date


class Tier(IntEnum):
    """Rank of a metadata source: a lower value wins (see the module docstring)."""

    SIDECAR = 1
    PUBLISHED = 2
    PATH = 3
    GUESSED = 4
    TEXT = 5
    FILE = 6


@dataclass(frozen=True)
class Metadata:
    """Metadata from one source (a layer), or resolved from all of them.

    `date` is ISO ("2016", "2016-09" or "2016-09-12"); `date_source` says where it was read
    ("html microdata datePublished", "sidecar metadata.csv:12", "pdf CreationDate (file creation)");
    `tier` is the tier of the layer, or of the date once resolved. `problems` are messages about
    values that were found and refused.
    """

    date: str | None = None
    title: str | None = None
    url: str | None = None
    site: str | None = None
    date_source: str | None = None
    partial_date: str | None = None
    problems: tuple[str, ...] = ()
    tier: Tier = Tier.PUBLISHED

    @property
    def date_precision(self) -> str | None:
        return None if self.date is None else ("day", "month", "year")[2 - self.date.count("-")]

    def as_meta(self) -> dict:
        """The fields a `Document.meta` keeps beside `date`, `title` and `source` (empty ones left out)."""
        out = {"url": self.url, "date_source": self.date_source, "date_precision": self.date_precision,
               "partial_date": self.partial_date}
        return {k: v for k, v in out.items() if v}


FILE_EPOCH = 1990
PYTHON_DOCX_DEFAULT = _dt.datetime(2013, 12, 23, 23, 15, tzinfo=_dt.timezone.utc)

# field names in front matter, .jsonl rows and sidecars, in order of preference
DATE_KEYS = ("published", "date_published", "datepublished", "publish_date", "publishdate", "pubdate",
             "published_at", "date")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "canonical_url", "canonical", "link", "permalink", "source_url")
SITE_KEYS = ("site", "publisher", "sitename", "site_name", "publication", "outlet")
SOURCE_KEY = "source"  # a URL or a publisher's name, whichever it is


def resolve(*layers: Metadata | Iterable[Metadata] | None) -> Metadata:
    """Combine layers by the precedence rule: per field, the highest tier's value (the first given
    within a tier). Problems of every layer are kept."""
    flat: list[Metadata] = []
    for layer in layers:
        if isinstance(layer, Metadata):
            flat.append(layer)
        elif layer is not None:
            flat.extend(x for x in layer if x is not None)
    flat.sort(key=lambda m: m.tier)  # stable: the given order within a tier
    out: dict = {}
    for m in flat:
        if m.date and "date" not in out:
            out.update(date=m.date, date_source=m.date_source, tier=m.tier)
        for f in ("title", "url", "site"):
            if getattr(m, f) and f not in out:
                out[f] = getattr(m, f)
    if "date" not in out:
        out["partial_date"] = next((m.partial_date for m in flat if m.partial_date), None)
    problems = tuple(dict.fromkeys(p for m in flat for p in m.problems))
    return Metadata(problems=problems, **out)


def describe(path: str, text: str = "", *layers: Metadata | Iterable[Metadata] | None,
             sidecar: Metadata | None = None, today: _dt.date | None = None) -> Metadata:
    """A document's metadata: its format's layers (from `html_metadata`, `front_matter_metadata`, ...),
    the date in its path and in its text, and the sidecar's entry, resolved by the precedence rule."""
    return resolve(sidecar, *layers, path_metadata(path, today), text_metadata(text, path, today))


# -- values -----------------------------------------------------------------------------------------

def _date_layer(candidates: Iterable[tuple[str, object]], where: str, tier: Tier, today: _dt.date | None,
                order: str | None = None, min_year: int | None = None) -> tuple[DocDate | None, str | None, list[str]]:
    """The first (source, value) that parses; problems for those that do not."""
    problems = []
    for source, value in candidates:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            d = parse_date(str(value), order=order, today=today)
        except DateError as err:
            problems.append(f"{where}: {source}: {err}")
            continue
        if min_year is not None and d.year is not None and d.year < min_year:
            problems.append(f"{where}: {source}: '{value}' is before {min_year}, a wrong clock rather than "
                            f"the document's date; ignored")
            continue
        return d, source, problems
    return None, None, problems


def clean_text(value, limit: int = 300) -> str | None:
    """A one-line title or site name, or None: control characters dropped, whitespace collapsed."""
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", value)).strip()
    return value[:limit] or None


def clean_url(value) -> str | None:
    """An absolute http(s) URL, or None (relative links, `javascript:` and the like are dropped)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 2048 or re.search(r"[\s\x00-\x1f\x7f<>\"]", value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def hostname(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


# -- fields of a mapping (front matter, .jsonl rows, sidecar rows) ----------------------------------

def mapping_metadata(fields: Mapping, where: str, tier: Tier, label: str, *, order: str | None = None,
                     today: _dt.date | None = None) -> Metadata:
    """Metadata from named fields (case-insensitive): published/date, title, url, site/publisher,
    and `source`, which is a URL when it looks like one and a publisher's name otherwise."""
    low = {str(k).strip().lower(): v for k, v in fields.items()}
    d, source, problems = _date_layer(((f"{label} {k}", low.get(k)) for k in DATE_KEYS if k in low), where,
                                      tier, today, order)
    url = next((u for u in (clean_url(low.get(k)) for k in URL_KEYS) if u), None)
    site = next((s for s in (clean_text(low.get(k)) for k in SITE_KEYS) if s), None)
    src = low.get(SOURCE_KEY)
    if clean_url(src):
        url = url or clean_url(src)
    else:
        site = site or clean_text(src)
    title = next((t for t in (clean_text(low.get(k)) for k in TITLE_KEYS) if t), None)
    return Metadata(date=d.iso if d else None, date_source=source, title=title, url=url, site=site,
                    problems=tuple(problems), tier=tier)


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def front_matter_metadata(text: str, where: str, today: _dt.date | None = None) -> Metadata:
    """Markdown front matter (`---` YAML `---` at the top of the file): a PUBLISHED layer."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return Metadata()
    fields, problems = _yaml_fields(m.group(1), where)
    meta = mapping_metadata(fields, where, Tier.PUBLISHED, "front matter", today=today)
    return replace(meta, problems=tuple(problems) + meta.problems)


def _yaml_fields(block: str, where: str) -> tuple[dict, list[str]]:
    """Top-level scalars of a YAML block, all as strings (YAML's own date typing would turn
    2016-02-30 into an exception and 12:30 into a number)."""
    try:
        import yaml

        data = yaml.load(block, Loader=yaml.BaseLoader)
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if isinstance(v, str)}, []
        return {}, [f"{where}: the front matter is not a set of `key: value` lines; its metadata is ignored"]
    except ImportError:
        pass
    except Exception as exc:  # yaml.YAMLError and its parser's odd failures on hostile input
        problem = f"{where}: the front matter is not valid YAML ({exc.__class__.__name__}); read line by line"
        return _line_fields(block), [problem]
    return _line_fields(block), []


def _line_fields(block: str) -> dict:
    out = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-", "#")):
            out[key.strip()] = value.strip().strip("'\"")
    return out


def row_metadata(row: Mapping, where: str, today: _dt.date | None = None) -> Metadata:
    """The metadata fields of one .jsonl document: a PUBLISHED layer."""
    return mapping_metadata(row, where, Tier.PUBLISHED, "field", today=today)


# -- HTML ---------------------------------------------------------------------------------------------

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "satiricalarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "discussionforumposting", "scholarlyarticle", "techarticle",
    "report", "speech", "transcript"})
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "profilepage", "qapage"})
PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time", "published_time",
                  "datepublished", "date_published", "publication_date", "publishdate", "publish-date", "publish_date",
                  "pubdate", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dc.date.created",
                  "dcterms.created", "citation_publication_date", "citation_date", "sailthru.date",
                  "parsely-pub-date", "date")
_PUBLISHED_LABEL = re.compile(r"(?:published|publication date|date of publication|posted|issued)\s*(?:on|:)?\s*\Z",
                              re.I)
MAX_JSONLD_CHARS = 2**20


def html_metadata(data: bytes | str, where: str, extracted=None, today: _dt.date | None = None) -> list[Metadata]:
    """An HTML page's PUBLISHED layer (its own markup) and GUESSED layer (trafilatura's metadata).

    Args:
        data: the page as read from disk.
        where: the file, for messages.
        extracted: trafilatura's `bare_extraction(..., with_metadata=True)` result when the reader
            already has it; otherwise `trafilatura.extract_metadata` is run.
    """
    from lxml import etree
    from lxml import html as lxml_html

    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # lxml reads the page's declared charset from the bytes
    problems: list[str] = []
    try:
        tree = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        tree = None
        problems.append(f"{where}: the HTML could not be parsed for metadata ({exc})")
    published = _markup_layer(tree, where, today) if tree is not None else Metadata()
    published = replace(published, problems=tuple(problems) + published.problems)
    return [published, _trafilatura_layer(data, where, extracted, today)]


def _markup_layer(tree, where: str, today: _dt.date | None) -> Metadata:
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        if key and el.get("content") is not None:
            metas.setdefault(key, el.get("content"))
    ld = _jsonld_items(tree)
    candidates = [(f"html JSON-LD {t} datePublished", obj.get("datePublished")) for t, obj in ld]
    candidates += _microdata_dates(tree)
    candidates += [(f"html <meta {k}>", metas[k]) for k in PUBLISHED_META if k in metas]
    candidates += _time_dates(tree)
    d, source, problems = _date_layer(candidates, where, Tier.PUBLISHED, today)
    canonical = next((clean_url(el.get("href")) for el in tree.iter("link")
                      if "canonical" in (el.get("rel") or "").lower().split()), None)
    ld_url = next((clean_url(obj.get("url")) for _, obj in ld if clean_url(obj.get("url"))), None)
    publisher = next((clean_text(p.get("name")) for _, obj in ld
                      for p in [obj.get("publisher")] if isinstance(p, dict) and clean_text(p.get("name"))), None)
    title = next((t for t in (clean_text(metas.get("og:title")), clean_text(metas.get("twitter:title")),
                              *(clean_text(obj.get("headline")) for _, obj in ld)) if t), None)
    return Metadata(date=d.iso if d else None, date_source=source, title=title,
                    url=canonical or clean_url(metas.get("og:url")) or ld_url,
                    site=clean_text(metas.get("og:site_name")) or publisher, problems=tuple(problems),
                    tier=Tier.PUBLISHED)


def _item_type(el) -> str:
    types = (el.get("itemtype") or "").split()
    return types[0].rstrip("/").rsplit("/", 1)[-1].lower() if types else ""


def _microdata_dates(tree) -> list[tuple[str, str]]:
    """`itemprop="datePublished"` values whose item is the article (first) or the page (then)."""
    found: dict[str, list[tuple[str, str]]] = {"article": [], "page": []}
    for el in tree.xpath('//*[@itemprop]'):
        if "datepublished" not in el.get("itemprop", "").lower().split():
            continue
        scope = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
        kind = _item_type(scope) if scope is not None else ""
        group = "article" if kind in ARTICLE_TYPES else "page" if kind in PAGE_TYPES else None
        if group:
            value = el.get("datetime") or el.get("content") or el.text_content()
            found[group].append((f"html microdata {kind} datePublished", value))
    return found["article"] + found["page"]


def _time_dates(tree) -> list[tuple[str, str]]:
    """`<time>` elements that say they are the publication: by class or `pubdate`, then by label."""
    by_class, by_label = [], []
    for el in tree.iter("time"):
        value = el.get("datetime") or el.text_content()
        cls = (el.get("class") or "").lower()
        if el.get("pubdate") is not None or "publish" in cls or "pubdate" in cls:
            by_class.append(("html <time> of class published", value))
            continue
        prev = el.getprevious()
        before = (prev.tail if prev is not None else el.getparent().text if el.getparent() is not None else "") or ""
        if _PUBLISHED_LABEL.search(before):
            by_label.append((f"html <time> labelled '{before.strip()[-30:]}'", value))
    return by_class + by_label


def _jsonld_items(tree) -> list[tuple[str, dict]]:
    """JSON-LD objects of an article type (first) or a page type (then), with their type."""
    objs: list[dict] = []
    for el in tree.xpath('//script[@type="application/ld+json"]'):
        raw = el.text or ""
        if len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack and len(objs) < 200:
            x = stack.pop(0)
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                objs.append(x)
                if isinstance(x.get("@graph"), list):
                    stack.extend(x["@graph"])
    out: dict[str, list[tuple[str, dict]]] = {"article": [], "page": []}
    for obj in objs:
        types = obj.get("@type")
        for t in (types if isinstance(types, list) else [types]):
            t = str(t).rsplit("/", 1)[-1].lower() if t else ""
            if t in ARTICLE_TYPES:
                out["article"].append((t, obj))
                break
            if t in PAGE_TYPES:
                out["page"].append((t, obj))
                break
    return out["article"] + out["page"]


def _trafilatura_layer(data, where: str, extracted, today: _dt.date | None) -> Metadata:
    if extracted is None:
        try:
            from trafilatura import extract_metadata

            extracted = extract_metadata(data)
        except Exception as exc:  # trafilatura on hostile markup: the page's own layer still stands
            return Metadata(problems=(f"{where}: trafilatura could not read its metadata ({exc.__class__.__name__})",),
                            tier=Tier.GUESSED)
    if extracted is None:
        return Metadata(tier=Tier.GUESSED)
    d, source, problems = _date_layer([("trafilatura date", getattr(extracted, "date", None))], where,
                                      Tier.GUESSED, today)
    url = clean_url(getattr(extracted, "url", None))
    site = clean_text(getattr(extracted, "sitename", None)) or clean_text(getattr(extracted, "hostname", None))
    return Metadata(date=d.iso if d else None, date_source=source, title=clean_text(getattr(extracted, "title", None)),
                    url=url, site=site or hostname(url), problems=tuple(problems), tier=Tier.GUESSED)


# -- .docx and PDF ----------------------------------------------------------------------------------

_JUNK_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - .*|untitled.*|.*\.(?:docx?|pdf|indd|rtf|odt|txt))$", re.I)


def docx_metadata(core_properties, where: str, today: _dt.date | None = None) -> list[Metadata]:
    """A .docx's title (PUBLISHED), creation date and author (FILE) from python-docx's `core_properties`."""
    problems = []
    created = getattr(core_properties, "created", None)
    date = None
    if created is not None and created.replace(tzinfo=None) == PYTHON_DOCX_DEFAULT.replace(tzinfo=None):
        problems.append(f"{where}: the creation date 2013-12-23 is python-docx's template default, not the "
                        f"document's; ignored")
    elif created is not None:
        d, _, problems = _date_layer([("docx created", created.date().isoformat())], where, Tier.FILE, today,
                                     min_year=FILE_EPOCH)
        date = d.iso if d else None
    title = clean_text(getattr(core_properties, "title", None))
    author = clean_text(getattr(core_properties, "author", None))
    return [Metadata(title=None if title and _JUNK_TITLE.match(title) else title, tier=Tier.PUBLISHED),
            Metadata(date=date, date_source="docx created (file creation)" if date else None,
                     site=None if author == "python-docx" else author, problems=tuple(problems), tier=Tier.FILE)]


def pdf_metadata(info: Mapping | None, where: str, today: _dt.date | None = None) -> list[Metadata]:
    """A PDF's /Title (PUBLISHED), /CreationDate and /Author (FILE) from pypdf's document info."""
    info = info or {}
    title = clean_text(str(info.get("/Title") or "")) if info.get("/Title") else None
    d, _, problems = _date_layer([("pdf CreationDate", info.get("/CreationDate"))], where, Tier.FILE, today,
                                 min_year=FILE_EPOCH)
    return [Metadata(title=None if title and _JUNK_TITLE.match(title) else title, tier=Tier.PUBLISHED),
            Metadata(date=d.iso if d else None, date_source="pdf CreationDate (file creation)" if d else None,
                     site=clean_text(str(info.get("/Author") or "")), problems=tuple(problems), tier=Tier.FILE)]


# -- path and text -----------------------------------------------------------------------------------

def path_metadata(path: str, today: _dt.date | None = None) -> Metadata:
    """The date in a file's name or folders (`corpus.dates.date_in_path`): a PATH layer."""
    d, problem = date_in_path(path, today)
    return Metadata(date=d.iso if d else None, date_source="file name" if d else None,
                    problems=(f"{path}: {problem}",) if problem else (), tier=Tier.PATH)


def text_metadata(text: str, where: str = "", today: _dt.date | None = None) -> Metadata:
    """The date of the text's dateline (`corpus.dates.date_in_text`): a TEXT layer. A day and month
    without a year is kept as `partial_date` only."""
    d = date_in_text(text or "", today)
    if d is None:
        return Metadata(tier=Tier.TEXT)
    if d.partial:
        return Metadata(partial_date=d.iso, tier=Tier.TEXT)
    return Metadata(date=d.iso, date_source="text (dateline)", tier=Tier.TEXT)
