"""bench/check_dates on made-up pages: the gold is read apart from the extractor, and misses are listed."""
from __future__ import annotations

from bench.check_dates import Tally, check_page, gold_date

ARTICLE = ('<html><head><meta property="og:url" content="http://en.kremlin.ru/events/president/news/9"/>'
           '<meta property="og:title" content="Talks on ferries"/></head><body>'
           '<article itemscope="itemscope" itemtype="http://schema.org/NewsArticle">'
           '<time class="read__published" datetime="2013-04-05" itemprop="datePublished">April 5, 2013</time>'
           '<p>The minister said the ferry line would open in May and carry both freight and passengers.</p>'
           '</article><p>Publication date: <time datetime="2013-04-05">April 5, 2013, 12:00</time></p>'
           '</body></html>')


def test_gold_is_the_article_time_then_the_publication_date():
    assert gold_date(ARTICLE.encode()) == "2013-04-05"
    announcement = ARTICLE.replace('class="read__published" datetime="2013-04-05"', 'datetime="2013-04-09"')
    assert gold_date(announcement.encode()) == "2013-04-05"
    assert gold_date(b"<html><body>No date here.</body></html>") is None


def test_a_page_read_right_and_one_read_wrong():
    tally = Tally("made up")
    check_page(tally, "9.html", ARTICLE.encode(), "9", "Talks on ferries")
    assert (tally.n, tally.date_ok, tally.markup_ok, tally.url_ok, tally.title_ok, tally.misses) == (1, 1, 1, 1, 1, [])
    # the page's statement says one day, its JSON-LD (read first) another: a miss, listed with both
    wrong = ARTICLE.replace('<time class="read__published" datetime="2013-04-05" itemprop="datePublished">'
                            'April 5, 2013</time>', "").replace(
        "</head>", '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2013-04-01"}'
                   '</script></head>')
    check_page(tally, "10.html", wrong.encode(), "9")
    assert tally.n == 2 and len(tally.misses) >= 1
    assert "10.html" in tally.misses[-1] and "the page says 2013-04-05" in tally.misses[-1]
    assert "misses:" in tally.report() and "dated by" in tally.report()
