"""Document metadata: each format's sources, the precedence rule, sidecars, and bad values."""
from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest

from corpus.metadata import (
    Metadata,
    Tier,
    describe,
    docx_metadata,
    front_matter_metadata,
    html_metadata,
    pdf_metadata,
    resolve,
    row_metadata,
)

TODAY = dt.date(2021, 6, 15)
NO_GUESS = SimpleNamespace(date=None, title=None, url=None, sitename=None, hostname=None)


def page(head: str = "", body: str = "", html_attrs: str = "") -> str:
    return f"<!doctype html><html {html_attrs}><head>{head}</head><body>{body}</body></html>"


# A press-office page as such sites build them: the article's own <time> under the headline, an
# image item inside the article with a date of its own, related items with theirs, and a
# publication-status block. Only the first is the page's date.
PRESS_PAGE = page(
    head='<meta property="og:title" content="Meeting on bridge repairs"/>'
         '<meta property="og:url" content="https://press.example.org/news/101"/>'
         '<meta property="og:site_name" content="Example Press Office"/>'
         '<meta property="ya:ovs:upload_date" content="2015-01-20"/>'
         '<link rel="canonical" href="101.html"/>',
    html_attrs='itemscope="itemscope" itemtype="http://schema.org/ItemPage"',
    body='<ul><li><time datetime="2015-03-20">March 20, 2015</time> Older item</li></ul>'
         '<article itemscope="itemscope" itemtype="http://schema.org/NewsArticle">'
         '<h1>Meeting on bridge repairs</h1>'
         '<time class="read__published" datetime="2014-11-28" itemprop="datePublished">November 28, 2014</time>'
         '<figure itemprop="image" itemscope="itemscope" itemtype="http://schema.org/ImageObject">'
         '<meta itemprop="datePublished" content="2014-11-25"/></figure>'
         '<p>The governor said the bridge would reopen in spring after the repairs were finished.</p>'
         '</article>'
         '<div class="status"><p>Publication date: <time datetime="2014-11-28">November 28, 2014, 21:00</time></p></div>'
         '<footer><time datetime="2015-03-20">March 20, 2015</time></footer>')


def test_the_article_date_not_an_image_or_a_related_item():
    published, guessed = html_metadata(PRESS_PAGE, "101.html", NO_GUESS, TODAY)
    assert published.date == "2014-11-28"
    assert published.date_source == "html microdata newsarticle datePublished"
    assert published.title == "Meeting on bridge repairs"
    assert published.url == "https://press.example.org/news/101"  # the relative canonical link is no URL
    assert published.site == "Example Press Office"
    assert published.tier == Tier.PUBLISHED and guessed.tier == Tier.GUESSED


def test_an_image_date_alone_is_not_the_page_date_but_a_labelled_time_is():
    announcement = PRESS_PAGE.replace(
        '<time class="read__published" datetime="2014-11-28" itemprop="datePublished">November 28, 2014</time>', "")
    announcement = announcement.replace('<time datetime="2014-11-28">November 28, 2014, 21:00</time>',
                                        '<time datetime="2014-11-27">November 27, 2014, 21:00</time>')
    published, _ = html_metadata(announcement, "101.html", NO_GUESS, TODAY)
    assert published.date == "2014-11-27"
    assert "labelled 'Publication date:'" in published.date_source


def test_the_page_beats_trafilatura_which_beats_nothing():
    guess = SimpleNamespace(date="2014-11-25", title="Guessed title", url="https://press.example.org/news/101",
                            sitename=None, hostname="press.example.org")
    meta = describe("101.html", "", html_metadata(PRESS_PAGE, "101.html", guess, TODAY), today=TODAY)
    assert (meta.date, meta.tier) == ("2014-11-28", Tier.PUBLISHED)
    bare = page(body="<p>The governor said the bridge would reopen in spring after the repairs.</p>")
    meta = describe("102.html", "", html_metadata(bare, "102.html", guess, TODAY), today=TODAY)
    assert (meta.date, meta.date_source, meta.tier) == ("2014-11-25", "trafilatura date", Tier.GUESSED)
    assert (meta.title, meta.site) == ("Guessed title", "press.example.org")


def test_json_ld_of_the_article_and_not_of_a_person():
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
          '{"@type": "Person", "name": "A. Writer", "datePublished": "1999-01-01"},'
          '{"@type": ["NewsArticle"], "headline": "Port reopens", "datePublished": "2019-05-02T08:00:00+02:00",'
          ' "url": "https://news.example.com/port", "publisher": {"@type": "Organization", "name": "Example News"}}'
          ']}</script><script type="application/ld+json">{not json</script>')
    published, _ = html_metadata(page(head=ld), "port.html", NO_GUESS, TODAY)
    assert (published.date, published.title, published.url, published.site) == (
        "2019-05-02", "Port reopens", "https://news.example.com/port", "Example News")
    assert published.date_source == "html JSON-LD newsarticle datePublished"


def test_meta_tags_in_their_order_and_a_bad_one_reported():
    head = ('<meta name="date" content="2018-01-01"/>'
            '<meta property="article:published_time" content="2018-02-31T10:00:00Z"/>'
            '<meta name="dc.date.issued" content="2018-03-04"/>'
            '<link rel="canonical" href="javascript:alert(1)"/>'
            '<meta property="og:url" content="https://site.example.net/a?b=1"/>')
    published, _ = html_metadata(page(head=head), "a.html", NO_GUESS, TODAY)
    assert published.date == "2018-03-04"  # article:published_time is refused, Dublin Core comes next
    assert published.url == "https://site.example.net/a?b=1"
    assert any("a.html" in p and "2018-02-31" in p and "February 2018 has 28 days" in p for p in published.problems)


def test_time_by_class_or_pubdate():
    body = ('<time datetime="2010-01-01">then</time><span>Posted on <time datetime="2011-02-03">3 Feb</time></span>'
            '<time class="entry-published" datetime="2011-02-04">4 Feb</time>')
    published, _ = html_metadata(page(body=body), "a.html", NO_GUESS, TODAY)
    assert published.date == "2011-02-04"
    body = body.replace('class="entry-published" ', "")
    published, _ = html_metadata(page(body=body), "a.html", NO_GUESS, TODAY)
    assert published.date == "2011-02-03"


def test_html_bytes_in_another_charset_and_trafilatura_run_when_not_given():
    data = page(head='<meta charset="windows-1252"/><meta property="og:title" content="Caf\xe9 talks"/>'
                     '<meta property="article:published_time" content="2017-07-07"/>').encode("cp1252")
    published, guessed = html_metadata(data, "cafe.html", today=TODAY)
    assert (published.title, published.date) == ("Café talks", "2017-07-07")
    assert guessed.date == "2017-07-07"  # trafilatura's own reading of the same page


def test_markdown_front_matter():
    text = ("---\ntitle: 'Harbour: the plan'\ndate: 2019-04-05\nsource: https://blog.example.org/harbour\n"
            "publisher: Example Blog\ntags: [a, b]\n---\n# Heading\n\nBody text.\n")
    meta = front_matter_metadata(text, "harbour.md", TODAY)
    assert (meta.title, meta.date, meta.url, meta.site) == ("Harbour: the plan", "2019-04-05",
                                                            "https://blog.example.org/harbour", "Example Blog")
    assert meta.date_source == "front matter date"
    named = front_matter_metadata("---\nsource: Example Weekly\npublished: 12 May 2019\ndate: 2020-01-01\n---\nx",
                                  "w.md", TODAY)
    assert (named.site, named.url, named.date) == ("Example Weekly", None, "2019-05-12")


def test_front_matter_with_a_bad_date_or_bad_yaml_is_reported_not_raised():
    meta = front_matter_metadata("---\ntitle: A\ndate: 05/04/2019\n---\nx", "a.md", TODAY)
    assert meta.date is None and meta.title == "A"
    assert any("a.md" in p and "05/04/2019" in p and "ambiguous" in p for p in meta.problems)
    meta = front_matter_metadata("---\ntitle: [unclosed\ndate: 2019-04-05\n---\nx", "b.md", TODAY)
    assert meta.date == "2019-04-05" and any("b.md" in p and "not valid YAML" in p for p in meta.problems)
    assert front_matter_metadata("No front matter here.", "c.md") == Metadata()


def test_jsonl_fields():
    meta = row_metadata({"id": 3, "text": "...", "title": "Budget", "date": "2015-10-01", "source": "Example Daily"},
                        "items.jsonl:3", TODAY)
    assert (meta.title, meta.date, meta.site, meta.url) == ("Budget", "2015-10-01", "Example Daily", None)
    meta = row_metadata({"date": 20151001, "url": "https://daily.example.com/b"}, "items.jsonl:4", TODAY)
    assert (meta.date, meta.url) == ("2015-10-01", "https://daily.example.com/b")
    meta = row_metadata({"date": "15/10/01"}, "items.jsonl:5", TODAY)
    assert meta.date is None and "items.jsonl:5" in meta.problems[0] and "15/10/01" in meta.problems[0]


def _docx_props(created=None, title="", author=None):
    import docx

    d = docx.Document()
    d.core_properties.title = title
    if author is not None:
        d.core_properties.author = author
    if created:
        d.core_properties.created = created
    d.add_paragraph("Hello.")
    buf = io.BytesIO()
    d.save(buf)
    return docx.Document(io.BytesIO(buf.getvalue())).core_properties


def test_docx_creation_date_is_a_file_date_and_python_docx_default_is_refused():
    title, created = docx_metadata(_docx_props(dt.datetime(2019, 3, 1, 9, 0), "Harbour plan"), "plan.docx", TODAY)
    assert (title.title, title.tier) == ("Harbour plan", Tier.PUBLISHED)
    assert (created.date, created.tier, created.date_source) == ("2019-03-01", Tier.FILE,
                                                                 "docx created (file creation)")
    _, default = docx_metadata(_docx_props(), "plain.docx", TODAY)
    assert default.date is None and "python-docx" in default.problems[0] and "plain.docx" in default.problems[0]
    assert default.site is None  # python-docx's template author, not a person or publisher


def test_the_file_author_is_the_site_only_when_nothing_else_names_one():
    docx_layers = docx_metadata(_docx_props(author="Town Press Office"), "a.docx", TODAY)
    assert describe("a.docx", "Text.", docx_layers, today=TODAY).site == "Town Press Office"
    pdf_layers = pdf_metadata({"/Author": "J. Clerk"}, "a.pdf", TODAY)
    assert describe("a.pdf", "Text.", pdf_layers, today=TODAY).site == "J. Clerk"
    sidecar = Metadata(site="Town Gazette", tier=Tier.SIDECAR)
    assert describe("a.pdf", "Text.", pdf_layers, sidecar=sidecar, today=TODAY).site == "Town Gazette"


def test_pdf_creation_date_junk_titles_and_wrong_clocks():
    title, created = pdf_metadata({"/Title": "Microsoft Word - draft3.docx", "/CreationDate": "D:20190301090000Z"},
                                  "d.pdf", TODAY)
    assert title.title is None and created.date == "2019-03-01" and created.tier == Tier.FILE
    _, created = pdf_metadata({"/CreationDate": "D:19800101000000"}, "old.pdf", TODAY)
    assert created.date is None and "wrong clock" in created.problems[0] and "old.pdf" in created.problems[0]
    _, created = pdf_metadata({"/CreationDate": "Tue Mar 1 09:00"}, "odd.pdf", TODAY)
    assert created.date is None and "odd.pdf" in created.problems[0]
    assert pdf_metadata(None, "none.pdf", TODAY)[1] == Metadata(tier=Tier.FILE)


def test_precedence_name_beats_creation_date_and_text_beats_it_too():
    pdf = pdf_metadata({"/CreationDate": "D:20190301"}, "speeches/2004-05-06-speech.pdf", TODAY)
    meta = describe("speeches/2004-05-06-speech.pdf", "Text.", pdf, today=TODAY)
    assert (meta.date, meta.date_source, meta.tier) == ("2004-05-06", "file name", Tier.PATH)
    meta = describe("speeches/speech.pdf", "MINSK, May 6, 2004 – The envoy spoke.", pdf, today=TODAY)
    assert (meta.date, meta.date_source) == ("2004-05-06", "text (dateline)")
    meta = describe("speeches/speech.pdf", "The envoy spoke.", pdf, today=TODAY)
    assert (meta.date, meta.date_source) == ("2019-03-01", "pdf CreationDate (file creation)")


def test_a_day_without_a_year_stays_partial_and_a_date_in_a_sentence_is_no_date():
    meta = describe("meeting.txt", "RIGA, 30 March – The envoy met the minister and spoke of trade.", today=TODAY)
    assert meta.date is None and meta.partial_date == "--03-30"
    assert meta.as_meta() == {"partial_date": "--03-30"}
    dated = describe("2016-04-01-meeting.txt", "RIGA, 30 March – The envoy met the minister.", today=TODAY)
    assert dated.date == "2016-04-01" and dated.partial_date is None
    assert dated.as_meta() == {"date_source": "file name", "date_precision": "day"}
    sentence = describe("meeting.txt", "The envoy met the minister on 30 March 2016 and spoke of trade.", today=TODAY)
    assert (sentence.date, sentence.partial_date) == (None, None)


def test_resolve_takes_each_field_from_the_best_tier_and_keeps_every_problem():
    layers = [Metadata(title="Low title", date="2001", date_source="b", tier=Tier.TEXT, problems=("p2",)),
              Metadata(url="https://a.example/x", tier=Tier.GUESSED, site="A"),
              Metadata(title="High title", tier=Tier.PUBLISHED, problems=("p1",)),
              Metadata(date="2002-02", date_source="a", tier=Tier.PUBLISHED)]
    meta = resolve(layers)
    assert (meta.title, meta.date, meta.date_source, meta.tier, meta.url, meta.site) == (
        "High title", "2002-02", "a", Tier.PUBLISHED, "https://a.example/x", "A")
    assert meta.problems == ("p1", "p2") and meta.date_precision == "month"
    assert resolve(None, []) == Metadata()


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "/relative/path", "ftp://x.example/a",
                                   "https://", "https://a.example/x y", "https://a.example/<script>"])
def test_only_absolute_http_urls(value):
    assert row_metadata({"url": value}, "a.jsonl:1").url is None
