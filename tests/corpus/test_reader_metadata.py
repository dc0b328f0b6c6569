"""Every reader dates, titles and locates its documents through `corpus.metadata` (one precedence
rule), sidecars override them in a folder scan, and bad values are warnings, never a crash or a
silently wrong year."""
from __future__ import annotations

import datetime
import json

from corpus.readers import read_file, scan_folder
from tests.corpus.test_readers import make_docx, make_pdf, read_one, write

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Talks in Minsk | Wire</title>
<link rel="canonical" href="https://example.org/news/2013/talks">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="{published}">
</head><body><article><h1>Talks in Minsk</h1>
<p>The minister said on Monday that the talks on gas prices would go on until the end of the month.</p>
<p>"We will not sign anything we have not read," the minister told reporters in the capital city.</p>
</article></body></html>"""


def test_txt_date_from_its_file_name_and_from_a_dateline(tmp_path):
    doc = read_one(write(tmp_path / "2016-09-12-speech.txt", "Speech\n\nThe minister spoke about gas.\n"))
    assert (doc.date, doc.meta["date_source"], doc.meta["date_precision"]) == ("2016-09-12", "file name", "day")
    doc = read_one(write(tmp_path / "wire.txt", "MOSCOW, March 30, 2016 – The minister spoke about gas.\n"))
    assert (doc.date, doc.meta["date_source"]) == ("2016-03-30", "text (dateline)")


def test_txt_day_without_a_year_is_no_date(tmp_path):
    """The seed's case: "on 30 March" in a sentence names an event, not the text's day; no year is guessed."""
    doc = read_one(write(tmp_path / "meeting.txt", "Meeting\n\nThe president met him on 30 March in Minsk.\n"))
    assert doc.date is None and "partial_date" not in doc.meta and "date_source" not in doc.meta


def test_txt_dateline_without_a_year_is_kept_apart_from_the_date(tmp_path):
    doc = read_one(write(tmp_path / "wire.txt", "MINSK, 30 March – The president met the envoy.\n"))
    assert doc.date is None and doc.meta["partial_date"] == "--03-30"


def test_html_date_url_site_from_the_page(tmp_path):
    doc = read_one(write(tmp_path / "talks.html", PAGE.format(published="2013-05-06T10:00:00+03:00")))
    assert (doc.date, doc.title, doc.source) == ("2013-05-06", "Talks in Minsk", "Example Wire")
    assert doc.meta["url"] == "https://example.org/news/2013/talks"
    assert doc.meta["date_source"] == "html <meta article:published_time>"


def test_html_script_url_is_dropped(tmp_path):
    page = PAGE.format(published="2013-05-06").replace("https://example.org/news/2013/talks", "javascript:alert(1)")
    assert "url" not in read_one(write(tmp_path / "talks.html", page)).meta


def test_html_impossible_date_is_a_warning_and_the_next_source_dates_it(tmp_path):
    doc = read_one(write(tmp_path / "2013" / "05" / "07" / "talks.html", PAGE.format(published="2013-02-30")))
    assert doc.date == "2013-05-07" and doc.meta["date_source"] == "file name"
    assert any("2013-02-30" in p for p in doc.meta["problems"])


def test_md_front_matter_url_and_published(tmp_path):
    md = ("---\ntitle: Gas talks\npublished: 12 March 2014\nurl: https://example.org/gas\nsite: The Gazette\n---\n"
          "# Gas\n\nThe minister spoke.\n")
    doc = read_one(write(tmp_path / "gas.md", md))
    assert (doc.title, doc.date, doc.source, doc.meta["url"]) == ("Gas talks", "2014-03-12", "The Gazette",
                                                                  "https://example.org/gas")
    assert doc.meta["front_matter_end"] == md.index("# Gas")


def test_md_bad_front_matter_date_is_refused_not_guessed(tmp_path):
    doc = read_one(write(tmp_path / "gas.md", "---\ndate: 03/04/14\n---\n# Gas\n\nThe minister spoke.\n"))
    assert doc.date is None
    assert any("03/04/14" in p and "gas.md" in p for p in doc.meta["problems"])


def test_jsonl_fields_url_from_source(tmp_path):
    rows = [{"id": "a", "text": "The minister spoke.", "date": "2015-07", "source": "https://example.org/a"},
            {"id": "b", "text": "The envoy spoke.", "published": "31 June 2015", "source": "Wire"}]
    a, b = read_file(write(tmp_path / "w.jsonl", "".join(json.dumps(r) + "\n" for r in rows)))
    assert (a.date, a.meta["url"], a.source, a.meta["date_precision"]) == ("2015-07", "https://example.org/a", None,
                                                                           "month")
    assert (b.date, b.source) == (None, "Wire")
    assert any("w.jsonl:2" in p and "31 June 2015" in p for p in b.meta["problems"])


def test_docx_template_date_is_not_a_date(tmp_path):
    data = make_docx(["Council vote", "The council voted."], created=datetime.datetime(2013, 12, 23, 23, 15))
    doc = read_one(write(tmp_path / "vote.docx", data))
    assert doc.date is None and any("template" in p for p in doc.meta["problems"])


def test_docx_creation_date_is_marked_as_such(tmp_path):
    data = make_docx(["Council vote", "The council voted."], created=datetime.datetime(2021, 4, 1, 9, 0))
    doc = read_one(write(tmp_path / "vote.docx", data))
    assert (doc.date, doc.meta["date_source"]) == ("2021-04-01", "docx created (file creation)")


def test_pdf_wrong_clock_is_refused(tmp_path):
    doc = read_one(write(tmp_path / "a.pdf", make_pdf([["Talks", "The minister spoke."]],
                                                      {"Title": "Talks", "CreationDate": "D:19800101000000Z"})))
    assert doc.date is None and any("before 1990" in p for p in doc.meta["problems"])


def test_a_changed_url_changes_the_document_hash(tmp_path):
    """A sidecar that adds or corrects a URL must re-index the document; a document without one keeps its
    old hash (no index re-reads everything for this change)."""
    from dataclasses import replace

    from corpus.document import Document, text_hash

    doc = read_one(write(tmp_path / "a.txt", "Talks\n\nThe minister spoke.\n"))
    assert doc.hash == text_hash("\x1f".join([doc.text, doc.title, "", ""]))
    with_url = replace(doc, meta={**doc.meta, "url": "https://example.org/a"})
    assert with_url.hash != doc.hash
    assert replace(with_url, meta={**doc.meta, "url": "https://example.org/b"}).hash != with_url.hash
    assert Document("x", "t").hash == Document("x", "t", meta={"date_source": "file name"}).hash


def test_scan_folder_applies_sidecars_and_never_reads_them_as_documents(tmp_path):
    write(tmp_path / "a.txt", "Talks\n\nThe minister spoke.\n")
    write(tmp_path / "sub" / "2014-01-02-b.txt", "Envoy\n\nThe envoy spoke.\n")
    write(tmp_path / "metadata.csv", "path,date,title,url\n"
                                     "a.txt,2012-05-04,Talks in May,https://example.org/a\n"
                                     "sub/2014-01-02-b.txt,,,javascript:alert(1)\n"
                                     "gone.txt,2010,,\n")
    warnings: list[str] = []
    docs, skipped = scan_folder(tmp_path, warnings=warnings)
    assert skipped == [] and [d.id for d in docs] == ["a.txt", "sub/2014-01-02-b.txt"]
    a, b = docs
    assert (a.date, a.title, a.meta["url"], a.meta["date_source"]) == ("2012-05-04", "Talks in May",
                                                                       "https://example.org/a", "sidecar metadata.csv:2")
    assert (b.date, b.title, "url" in b.meta) == ("2014-01-02", "Envoy", False)  # empty cells: the file's own
    assert [w for w in warnings if "gone.txt" in w] == [f"{tmp_path / 'metadata.csv'}:4: names 'gone.txt', which is "
                                                        f"not a file in {tmp_path}; check the path column"]
