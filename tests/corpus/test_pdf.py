"""PDFs printed by real tools (enscript, chromium; see data/README.md) and hand-made ones: print
headers and footers, producer-default titles and pypdf's log stay out of what the user sees."""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from corpus.paragraphs import split_paragraphs
from corpus.pdf import is_default_title, is_furniture, strip_print_furniture
from corpus.readers import read_file
from tests.corpus.test_readers import make_pdf

DATA = Path(__file__).parent / "data"


@pytest.fixture
def fresh_pypdf_logger():
    """The "pypdf" logger as in a new process (nobody set its level), restored afterwards."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.NOTSET)
    yield logger
    logger.setLevel(level)


def pypdf_records(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")]


def test_enscript_output_has_no_print_header_and_a_real_title(fresh_pypdf_logger, caplog):
    [doc] = read_file(DATA / "enscript-port-statement.pdf")
    assert doc.title == "Port authority statement"  # not its metadata title "Enscript Output"
    assert "enscript-port-statement.txt" not in doc.text and "2026" not in doc.text.replace("by 2026,", "")
    first = split_paragraphs(doc)[0]
    assert first.text.startswith("Port authority statement\n\"The new terminal will double the capacity")
    page_two = doc.text.split("\n\n")[1]
    assert page_two.startswith("Pilot report 33: calm water")  # page 2's header is gone too
    assert doc.text.endswith("Anna Berg added that ships would wait less at the harbour entrance.")
    for p in split_paragraphs(doc):
        assert doc.text[p.start:p.end] == p.text
    # its Courier fonts are CFF Type1: without fontTools, pypdf warns on every page
    assert pypdf_records(caplog) == []


def test_browser_print_header_and_footer_are_removed(fresh_pypdf_logger, caplog):
    [doc] = read_file(DATA / "chromium-port-page.pdf")
    assert doc.title == "Port expansion approved | Harbour News"  # a real title: kept
    assert not re.search(r"\d+/\d+/\d+, \d+:\d+ [AP]M|file:|ﬁle:|\b[12]/2\b", doc.text)
    pages = doc.text.split("\n\n")
    assert len(pages) == 2 and pages[0].startswith("Port expansion approved\n\"The new terminal")
    assert pages[0].endswith("the pilots said.") and pages[1].endswith("at the harbour entrance.")
    assert pypdf_records(caplog) == []


def test_pypdf_repair_warnings_stay_out_of_the_log(tmp_path, fresh_pypdf_logger, caplog):
    good = make_pdf([["Harbour closed", "The harbour closed at noon."]])
    broken = re.sub(rb"startxref\n\d+", b"startxref\n9999", good)  # pypdf repairs it, and says so
    (tmp_path / "repaired.pdf").write_bytes(broken)
    [doc] = read_file(tmp_path / "repaired.pdf")
    assert doc.text == "Harbour closed\nThe harbour closed at noon." and pypdf_records(caplog) == []

    from pypdf import PdfReader  # the fixture does make pypdf warn, when its logger is left alone

    with caplog.at_level(logging.WARNING, logger="pypdf"):
        PdfReader(io.BytesIO(broken)).pages[0].extract_text()
    assert any("startxref" in m for m in pypdf_records(caplog))


def test_a_level_set_on_purpose_is_kept(tmp_path, fresh_pypdf_logger):
    fresh_pypdf_logger.setLevel(logging.DEBUG)
    (tmp_path / "a.pdf").write_bytes(make_pdf([["Harbour closed at noon."]]))
    read_file(tmp_path / "a.pdf")
    assert fresh_pypdf_logger.level == logging.DEBUG


@pytest.mark.parametrize("title", [
    "Enscript Output", "Microsoft Word - strike talks.docx", "Microsoft PowerPoint - deck.pptx", "untitled",
    "Untitled document", "Untitled-1", "Document1", "report.pdf", r"C:\Users\ann\Desktop\minutes.doc",
    "/home/ann/notes.txt", "Word - minutes.docx", "  ", "x1", "talks", "TALKS.PDF"])
def test_producer_default_titles(title):
    assert is_default_title(title, "reports/talks.pdf")


@pytest.mark.parametrize("title", [
    "Strike talks", "Port expansion approved | Harbour News", "Meeting with President of Uganda Yoweri Museveni",
    "Word of the year", "Word - the year in review", "Untitled: a history of nameless things", "The 2024 budget"])
def test_real_titles(title):
    assert not is_default_title(title, "reports/talks.pdf")


def test_a_default_title_falls_back_to_the_first_line(tmp_path):
    info = {"Title": "Microsoft Word - strike.docx", "Author": "Daily Gazette"}
    (tmp_path / "strike.pdf").write_bytes(make_pdf([["12", "Strike talks resume", "The union said so."]], info))
    [doc] = read_file(tmp_path / "strike.pdf")
    assert doc.title == "Strike talks resume" and doc.source == "Daily Gazette"


def test_a_hand_made_enscript_header_and_page_footer(tmp_path):
    pages = [["notes.txt Mon Jan 15 09:30:00 2024 Page 1 of 2", "Budget talks resume",
              "The minister said taxes would fall.", "Page 1 of 2"],
             ["notes.txt Mon Jan 15 09:30:00 2024 Page 2 of 2", "The opposition said they would not."]]
    (tmp_path / "notes.pdf").write_bytes(make_pdf(pages, {"Title": "Enscript Output"}))
    [doc] = read_file(tmp_path / "notes.pdf")
    assert doc.text == ("Budget talks resume\nThe minister said taxes would fall.\n\n"
                        "The opposition said they would not.")
    assert doc.title == "Budget talks resume"


@pytest.mark.parametrize("line", [
    "report.txt Sat Dec 05 08:37:40 2026 1", "Sat Dec 05 08:37:40 2026 report.txt Page 3",
    "ﬁle:///tmp/sa/pdf/port-page.html 1/2", "https://example.com/news/port-expansion 3/12",
    "Page 3", "Page 1 of 2", "page 2/9", "Page 1 of 2 12/5/26, 8:37 AM"])
def test_print_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["12/5/26, 8:37 AM Port expansion approved | Harbour News",
                                  "05.12.2026, 08:37 Hafen erweitert"])
def test_a_browser_header_counts_only_on_a_page_with_a_browser_footer(line):
    assert is_furniture(line, browser_page=True) and not is_furniture(line)
    assert strip_print_furniture(f"{line}\nThe port grew.") == f"{line}\nThe port grew."
    assert strip_print_furniture(f"{line}\nThe port grew.\nhttps://x.org/a 1/3") == "The port grew."


@pytest.mark.parametrize("line", [
    "Page 3 of the report shows that exports fell.", "Moscow, December 5, 2026. The president said the talks failed.",
    "2026-12-05 talks in Geneva", "12/5/26", "See https://example.com/report for the full text.",
    "12/5/26, 8:37 AM: the president arrived in Geneva, the agency reported.",
    "The meeting started at 8:37 AM on 12/5/26 in Geneva, the ministry said.",
    "Mon Jan 15 was the day the strike began, the union said, and it lasted 3 weeks"])
def test_lines_that_are_text(line):
    assert not is_furniture(line)


def test_only_lines_at_a_page_edge_are_removed():
    page = "Page 4\nFirst line of text.\nPage 1 of 2\nLast line of text.\n12/5/26, 8:37 AM Title\nfile:///x.html 4/9\n"
    assert strip_print_furniture(page) == "First line of text.\nPage 1 of 2\nLast line of text."
