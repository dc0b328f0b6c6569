"""Readers: every format on hand-made files, and every kind of bad input with its message."""
from __future__ import annotations

import datetime
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from corpus import readers
from corpus.paragraphs import split_paragraphs
from corpus.readers import ReadError, Skipped, read_file, scan_folder


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid text PDF: Helvetica, one `Tj` per line, a correct xref table."""
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % i for i in page_ids), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for page_id, lines in zip(page_ids, pages):
        ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(b"(%s) Tj T*" % esc.encode("latin-1"))
        stream = b"\n".join(ops + [b"ET"])
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1))
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    trailer = b"/Size %d /Root 1 0 R" % (len(objs) + 1)
    if info:
        objs.append(b"<< %s >>" % b" ".join(b"/%s (%s)" % (k.encode(), v.encode("latin-1")) for k, v in info.items()))
        trailer += b" /Info %d 0 R" % len(objs)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (num, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.writelines(b"%010d 00000 n \n" % off for off in offsets)
    out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
    return out.getvalue()


def make_docx(paragraphs: list[str], title: str | None = None, author: str | None = None,
              created: datetime.datetime | None = None) -> bytes:
    import docx

    d = docx.Document()
    props = d.core_properties
    props.title, props.author = title or "", author or ""
    if created:
        props.created = created
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def read_one(path: Path, doc_id: str | None = None):
    docs = read_file(path, doc_id)
    assert len(docs) == 1
    return docs[0]


def read_error(path: Path, **kwargs) -> str:
    with pytest.raises(ReadError) as info:
        read_file(path, **kwargs)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    return message


# -- .txt --------------------------------------------------------------------------------------

def test_txt_text_title_and_id(tmp_path):
    text = "Council approves budget\n\nThe council approved the budget on Monday.\n"
    doc = read_one(write(tmp_path / "budget.txt", text))
    assert (doc.id, doc.text, doc.title, doc.format) == ("budget.txt", text, "Council approves budget", "txt")
    assert (doc.date, doc.source, doc.path) == (None, None, str(tmp_path / "budget.txt"))


def test_txt_explicit_doc_id(tmp_path):
    assert read_one(write(tmp_path / "a.txt", "Some words here."), "news/a.txt").id == "news/a.txt"


def test_txt_title_skips_lines_without_three_letters(tmp_path):
    doc = read_one(write(tmp_path / "a.txt", "  • 1\n12:30\nMayor resigns\nThe mayor resigned."))
    assert doc.title == "Mayor resigns"


def test_txt_crlf_kept_and_offsets_index_the_file(tmp_path):
    text = "Mayor resigns\r\n\r\nThe mayor resigned on Friday.\r\nShe gave no reason.\r\n"
    doc = read_one(write(tmp_path / "crlf.txt", text))
    assert doc.text == text
    paragraphs = split_paragraphs(doc)
    assert [p.text for p in paragraphs] == ["Mayor resigns", "The mayor resigned on Friday.\r\nShe gave no reason."]
    assert paragraphs[1].start == 17
    assert all(text[p.start:p.end] == p.text for p in paragraphs)


def test_txt_bom_kept_as_character(tmp_path):
    doc = read_one(write(tmp_path / "bom.txt", b"\xef\xbb\xbfMayor resigns\r\n\r\nShe gave no reason.\r\n"))
    assert doc.text == "\ufeffMayor resigns\r\n\r\nShe gave no reason.\r\n"
    assert doc.title == "Mayor resigns"
    paragraphs = split_paragraphs(doc)
    # The BOM stays in the text (offsets index the file) but is not part of the first paragraph.
    assert [(p.start, p.end, p.text) for p in paragraphs] == [
        (1, 14, "Mayor resigns"), (18, 37, "She gave no reason.")]


def test_text_extension_is_read_as_txt(tmp_path):
    doc = read_one(write(tmp_path / "notes.TEXT", "Plain words in a file."))
    assert (doc.format, doc.text) == ("txt", "Plain words in a file.")


# -- .md ---------------------------------------------------------------------------------------

MD = ("---\n"
      "title: \"Budget Day: what changed\"\n"
      "date: 2024-03-01\n"
      "source: 'The Gazette'\n"
      "tags: [budget]\n"
      "---\n"
      "# Budget day live\n"
      "\n"
      "The minister spoke for an hour.\n")


def test_md_front_matter_fills_metadata(tmp_path):
    doc = read_one(write(tmp_path / "day.md", MD))
    assert doc.text == MD
    assert (doc.title, doc.date, doc.source, doc.format) == ("Budget Day: what changed", "2024-03-01", "The Gazette", "md")
    assert doc.meta["front_matter_end"] == MD.index("# Budget")
    assert [p.text for p in split_paragraphs(doc)] == ["# Budget day live", "The minister spoke for an hour."]


def test_md_front_matter_with_crlf(tmp_path):
    text = MD.replace("\n", "\r\n")
    doc = read_one(write(tmp_path / "day.md", text))
    assert (doc.title, doc.date, doc.source) == ("Budget Day: what changed", "2024-03-01", "The Gazette")
    assert doc.meta["front_matter_end"] == text.index("# Budget")


def test_md_front_matter_after_bom(tmp_path):
    doc = read_one(write(tmp_path / "day.md", "\ufeff" + MD))
    assert (doc.title, doc.date, doc.source) == ("Budget Day: what changed", "2024-03-01", "The Gazette")
    assert [p.text for p in split_paragraphs(doc)] == ["# Budget day live", "The minister spoke for an hour."]


def test_md_title_from_heading(tmp_path):
    text = "Posted by the press office\n\n# Minister visits flood zone\n\nThe minister visited on Sunday.\n"
    doc = read_one(write(tmp_path / "visit.markdown", text))
    assert (doc.title, doc.date, doc.source, doc.format) == ("Minister visits flood zone", None, None, "md")
    assert doc.meta["front_matter_end"] == 0


def test_md_title_from_first_line_without_heading(tmp_path):
    doc = read_one(write(tmp_path / "plain.md", "---\ndate: 2024-01-05\n---\nShort note on the vote\n\nMore text.\n"))
    assert (doc.title, doc.date) == ("Short note on the vote", "2024-01-05")


# -- .html -------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Mayor Opens New Bridge | City Herald</title>
<meta property="og:title" content="Mayor Opens New Bridge">
<meta property="og:site_name" content="City Herald">
<meta property="article:published_time" content="2024-05-02T08:00:00+00:00">
<script>var tracker = "SCRIPTJUNK"; function go() {}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">NAVJUNK Sport</a></li></ul></nav>
<article>
<h1>Mayor Opens New Bridge</h1>
<p>The mayor opened the new river bridge on Thursday morning in front of a large crowd of residents and officials.</p>
<p>"This bridge connects our two neighbourhoods for the first time in fifty years," Mayor Ana Lopez said at the ceremony.</p>
<p>Construction took three years and cost the city twelve million euros, according to the public works department.</p>
</article>
<footer>FOOTJUNK Copyright 2024</footer>
<script>console.log("SCRIPTJUNK2")</script>
</body></html>"""


def test_html_main_text_without_boilerplate(tmp_path):
    doc = read_one(write(tmp_path / "bridge.html", HTML))
    assert doc.text == (
        "Mayor Opens New Bridge\n\n"
        "The mayor opened the new river bridge on Thursday morning in front of a large crowd of residents and officials.\n\n"
        '"This bridge connects our two neighbourhoods for the first time in fifty years," Mayor Ana Lopez said at the ceremony.\n\n'
        "Construction took three years and cost the city twelve million euros, according to the public works department.")
    for junk in ("SCRIPTJUNK", "tracker", "console.log", "NAVJUNK", "Home", "FOOTJUNK"):
        assert junk not in doc.text
    assert (doc.title, doc.date, doc.source, doc.format, doc.id) == (
        "Mayor Opens New Bridge", "2024-05-02", "City Herald", "html", "bridge.html")
    assert [p.number for p in split_paragraphs(doc)] == [1, 2, 3, 4]


def test_html_without_main_text(tmp_path):
    path = write(tmp_path / "blank.htm", "<html><head><title>Empty page</title><script>var x = 1;</script></head>"
                                         "<body><script>go()</script><div>  </div></body></html>")
    assert read_error(path) == (f"{path}: has no main text that could be extracted from the HTML; "
                                "check that it is an article page, or save its text as .txt")


# A press-service page that marks up its article (schema.org microdata): the lead is shown above the
# body as the page's description, a "See also" box, a pull quote, a photo caption and a publication
# status block sit inside the body.
MARKED_UP = """<html><head><title>Meeting with the Harbour Master | Port Office</title>
<meta property="og:site_name" content="Port Office"/></head><body>
<nav>Home | News | Contacts</nav>
<div class="read" role="complementary" aria-label="Material for reading">
<article itemscope itemtype="http://schema.org/NewsArticle">
<h1 itemprop="name">Meeting with the Harbour Master</h1>
<div class="lead" itemprop="description" role="heading"><p>The Mayor met with Harbour Master Ivo Tamm.</p></div>
<time itemprop="datePublished" datetime="2019-06-04">June 4, 2019</time>
<div itemprop="articleBody">
<figure><img src="a.jpg"/><figcaption>CAPTIONJUNK The two men at the pier.</figcaption></figure>
<p><b>Ivo Tamm:</b> The new terminal will double the capacity of the port by next summer, and we expect twice as many ships.</p>
<blockquote><p>\u201cThe new terminal will double the capacity of the port by next summer.\u201d</p></blockquote>
<p>We have also repaired the old breakwater, which had been damaged by the winter storms of the last two years.</p>
<div class="cut" role="complementary"><h3>See also</h3><a href="x.html">SEEALSOJUNK Other meeting</a></div>
<div class="bottommeta hidden-copy"><h3>Publication status</h3><p>Published in section: News</p></div>
</div></article></div>
<footer>All content on this site is licensed under FOOTJUNK</footer>
</body></html>"""


def test_html_article_markup_gives_lead_and_body_without_chrome(tmp_path):
    doc = read_one(write(tmp_path / "port.html", MARKED_UP))
    assert doc.text.split("\n\n") == [
        "Meeting with the Harbour Master",
        "The Mayor met with Harbour Master Ivo Tamm.",
        "Ivo Tamm: The new terminal will double the capacity of the port by next summer, and we expect twice as "
        "many ships.",
        "We have also repaired the old breakwater, which had been damaged by the winter storms of the last two years."]
    for junk in ("CAPTIONJUNK", "See also", "SEEALSOJUNK", "Publication status", "FOOTJUNK", "Home"):
        assert junk not in doc.text
    assert doc.title == "Meeting with the Harbour Master"


def test_html_blockquote_that_is_no_pull_quote_is_kept(tmp_path):
    page = MARKED_UP.replace("The new terminal will double the capacity of the port by next summer.\u201d",
                             "Ships are the lifeblood of this town, and always will be, said the old song.\u201d")
    assert page != MARKED_UP
    doc = read_one(write(tmp_path / "port.html", page))
    assert "Ships are the lifeblood of this town" in doc.text


def test_html_article_markup_with_an_empty_body_is_no_article(tmp_path):
    page = re.sub(r"<div itemprop=\"articleBody\">.*?</div></article>",
                  "<div itemprop=\"articleBody\"><div class=\"hidden-copy\">Publication status</div></div></article>",
                  MARKED_UP.replace('itemprop="description"', ""), flags=re.S)
    with pytest.raises(ReadError, match="has no main text"):
        read_file(write(tmp_path / "photo.html", page))


# -- .pdf --------------------------------------------------------------------------------------

def test_pdf_pages_text_and_info(tmp_path):
    data = make_pdf([["Budget talks resume", "The minister said the talks would resume."], [], ["Page three text."]],
                    {"Title": "Budget Talks", "Author": "Daily Gazette", "CreationDate": "D:20240315120000Z"})
    doc = read_one(write(tmp_path / "talks.pdf", data))
    assert doc.text == "Budget talks resume\nThe minister said the talks would resume.\n\nPage three text."
    assert (doc.title, doc.date, doc.source, doc.format, doc.id) == (
        "Budget Talks", "2024-03-15", "Daily Gazette", "pdf", "talks.pdf")


def test_pdf_without_info_takes_title_from_text(tmp_path):
    doc = read_one(write(tmp_path / "bare.pdf", make_pdf([["12", "Harbour closed", "The harbour closed at noon."]])))
    assert (doc.title, doc.date, doc.source) == ("Harbour closed", None, None)


def test_pdf_encrypted_with_owner_password_only_is_read(tmp_path):
    """Such PDFs (print/copy restrictions) open in any viewer without a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Harbour closed at noon."]]))))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert read_one(write(tmp_path / "restricted.pdf", buf.getvalue())).text == "Harbour closed at noon."


def test_pdf_with_user_password(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Harbour closed at noon."]]))))
    writer.encrypt(user_password="user-secret", owner_password="owner-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    message = read_error(write(tmp_path / "locked.pdf", buf.getvalue()))
    assert "encrypted PDF" in message and "unencrypted copy" in message


def test_pdf_without_text(tmp_path):
    message = read_error(write(tmp_path / "scan.pdf", make_pdf([[], []])))
    assert "no extractable text" in message and "OCR" in message


@pytest.mark.parametrize("data", [b"%PDF-1.4\nthis is not really a pdf\n", b"hello, not a pdf",
                                  make_pdf([["Harbour closed at noon."]])[:150]],
                         ids=["garbage", "no-header", "truncated"])
def test_pdf_corrupt(tmp_path, data):
    message = read_error(write(tmp_path / "broken.pdf", data))
    assert "is not a readable PDF" in message and "PDF viewer" in message


# -- .docx -------------------------------------------------------------------------------------

def test_docx_paragraphs_and_core_properties(tmp_path):
    data = make_docx(["Council Vote", "The council voted on the budget.", "   ", "  Councillor Smith said it was fair.  "],
                     title="Council votes on budget", author="Town Crier", created=datetime.datetime(2023, 11, 7, 9, 30))
    doc = read_one(write(tmp_path / "vote.docx", data))
    assert doc.text == "Council Vote\n\nThe council voted on the budget.\n\nCouncillor Smith said it was fair."
    assert (doc.title, doc.date, doc.source, doc.format, doc.id) == (
        "Council votes on budget", "2023-11-07", "Town Crier", "docx", "vote.docx")


def test_docx_without_title_takes_first_line(tmp_path):
    doc = read_one(write(tmp_path / "memo.docx", make_docx(["Memo on roads", "Roads will be repaired."])))
    assert (doc.title, doc.source) == ("Memo on roads", None)


def test_docx_without_text(tmp_path):
    assert "has no text" in read_error(write(tmp_path / "blank.docx", make_docx(["", "  "])))


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize("data", [b"plain text, not a zip", b"PK\x03\x04 truncated zip", _zip({"hello.txt": "hi"})],
                         ids=["text", "bad-zip", "zip-not-docx"])
def test_docx_corrupt(tmp_path, data):
    message = read_error(write(tmp_path / "broken.docx", data))
    assert "is not a readable .docx" in message and "not .doc" in message


def test_docx_truncated(tmp_path):
    data = make_docx(["Council votes.", "The council voted on the budget."])
    message = read_error(write(tmp_path / "cut.docx", data[: len(data) // 2]))
    assert "is not a readable .docx" in message


# -- .jsonl ------------------------------------------------------------------------------------

def jsonl(*rows) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


def test_jsonl_rows_with_metadata(tmp_path):
    path = write(tmp_path / "wire.jsonl", jsonl(
        {"id": "a1", "title": "Strike ends", "date": "2024-01-02", "source": "Wire", "text": "The strike ended."},
        {"id": 7, "text": "Talks resume on Monday.\nBoth sides agreed."},
        {"text": "No id here, so the line number is used."},
    ))
    docs = read_file(path)
    assert [(d.id, d.text, d.title, d.date, d.source, d.format) for d in docs] == [
        ("wire.jsonl#a1", "The strike ended.", "Strike ends", "2024-01-02", "Wire", "jsonl"),
        ("wire.jsonl#7", "Talks resume on Monday.\nBoth sides agreed.", "Talks resume on Monday.", None, None, "jsonl"),
        ("wire.jsonl#3", "No id here, so the line number is used.", "No id here, so the line number is used.", None, None, "jsonl"),
    ]
    assert {d.path for d in docs} == {str(path)}
    assert read_file(path, "feeds/wire.jsonl")[0].id == "feeds/wire.jsonl#a1"


def test_jsonl_bad_lines_skipped_good_lines_read(tmp_path):
    path = write(tmp_path / "wire.jsonl", jsonl(
        {"id": "a1", "text": "The strike ended."},
        "{bad json",
        {"id": "a3", "title": "No text"},
        "",
        {"id": "a1", "text": "Duplicate id."},
        {"id": "a6", "text": "   "},
        "[1, 2]",
        {"id": "a8", "text": "Talks resume."},
    ))
    skipped: list[Skipped] = []
    docs = read_file(path, skipped=skipped)
    assert [(d.id, d.text) for d in docs] == [("wire.jsonl#a1", "The strike ended."), ("wire.jsonl#a8", "Talks resume.")]
    assert [s.path for s in skipped] == [f"{path}:{n}" for n in (2, 3, 5, 6, 7)]
    assert skipped[0].reason == f"{path}:2: is not valid JSON (Expecting property name enclosed in double quotes); fix or remove that line"
    assert skipped[1].reason == f'{path}:3: has no "text" string; give each line a non-empty "text" field'
    assert skipped[2].reason == f'{path}:5: repeats id "a1"; give every line a unique id'
    assert 'non-empty "text"' in skipped[3].reason
    assert "is not a JSON object" in skipped[4].reason


def test_jsonl_bad_line_raises_without_skipped_list(tmp_path):
    path = write(tmp_path / "wire.jsonl", jsonl({"id": "a1", "text": "Fine."}, "{bad json"))
    with pytest.raises(ReadError, match=rf"^{path}:2: is not valid JSON"):
        read_file(path)


def test_jsonl_line_separator_inside_text(tmp_path):
    """json.dumps(ensure_ascii=False) leaves U+2028/U+0085 raw: they are not line ends in JSONL."""
    path = write(tmp_path / "wire.jsonl", jsonl({"id": "a", "text": "First\u2028second\x85third."},
                                               {"id": "b", "text": "Next."}))
    skipped: list[Skipped] = []
    docs = read_file(path, skipped=skipped)
    assert skipped == []
    assert [(d.id, d.text) for d in docs] == [("wire.jsonl#a", "First\u2028second\x85third."), ("wire.jsonl#b", "Next.")]


def test_jsonl_crlf_and_bom(tmp_path):
    content = jsonl({"id": "a", "text": "One."}, {"id": "b", "text": "Two."}).replace("\n", "\r\n")
    path = write(tmp_path / "win.jsonl", b"\xef\xbb\xbf" + content.encode("utf-8"))
    skipped: list[Skipped] = []
    assert [d.id for d in read_file(path, skipped=skipped)] == ["win.jsonl#a", "win.jsonl#b"]
    assert skipped == []


@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["empty", "blank-lines"])
def test_jsonl_without_documents(tmp_path, content):
    path = write(tmp_path / "none.jsonl", content)
    assert "has no documents" in read_error(path)
    # Inside a folder scan an empty .jsonl is reported too, not silently dropped.
    docs, skipped = scan_folder(tmp_path)
    assert docs == []
    assert [s.path for s in skipped] == [str(path)]
    assert "has no documents" in skipped[0].reason


# -- bad input, any format ---------------------------------------------------------------------

def test_unreadable_file(tmp_path):
    path = write(tmp_path / "secret.txt", "Secret words.")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        assert read_error(path) == f"{path}: cannot be read (Permission denied); check its permissions"
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """The same path as `chmod 000`, also when the tests run as root."""
    path = write(tmp_path / "secret.txt", "Secret words.")

    def denied(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(readers, "open", denied, raising=False)
    assert read_error(path) == f"{path}: cannot be read (Permission denied); check its permissions"


def test_binary_file_with_txt_extension(tmp_path):
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert read_error(path) == (f"{path}: looks like a binary file, not text; "
                                "give whosaid a .txt/.md/.html/.pdf/.docx/.jsonl document instead")


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.pdf", "empty.docx"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path / name, b"")
    assert read_error(path) == f"{path}: is empty; remove the empty file or add its content"


@pytest.mark.parametrize("name", ["blank.txt", "blank.md"])
def test_whitespace_only_file(tmp_path, name):
    path = write(tmp_path / name, " \n\t\r\n   \n")
    assert read_error(path) == f"{path}: has no text; remove the empty file or add its content"


def test_html_in_its_declared_charset_is_read(tmp_path):
    page = ('<html><head><meta charset="windows-1252"><title>Caf\u00e9 news</title></head><body><article>'
            '<p>The caf\u00e9 owner said the \u201cnew rules\u201d would hurt every small business in town.</p>'
            '</article></body></html>')
    path = write(tmp_path / "cafe.html", page.encode("cp1252"))
    [doc] = read_file(path, "cafe.html")
    assert "The caf\u00e9 owner said the \u201cnew rules\u201d would hurt" in doc.text


@pytest.mark.parametrize("name", ["cafe.txt", "cafe.md"])
def test_invalid_utf8(tmp_path, name):
    path = write(tmp_path / name, "Caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    message = read_error(path)
    assert message == (f"{path}: is not valid UTF-8 (byte 0xe9 at offset 3); "
                       "re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`")


def test_invalid_utf8_line_of_a_jsonl_file(tmp_path):
    """A .jsonl file is read line by line: a line that is not UTF-8 is a bad line, the others are read."""
    path = write(tmp_path / "cafe.jsonl", b'{"id": "a", "text": "Fine words."}\n'
                                          + '{"id": "b", "text": "Caf\u00e9"}\n'.encode("cp1252"))
    skipped: list[Skipped] = []
    assert [d.id for d in read_file(path, skipped=skipped)] == ["cafe.jsonl#a"]
    assert [s.reason for s in skipped] == [
        f"{path}:2: is not valid UTF-8 (byte 0xe9 at offset 24); "
        "re-save the file as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`"]


@pytest.mark.parametrize("name, ext", [("letter.rtf", ".rtf"), ("README", "(no extension)"), ("old.doc", ".doc")])
def test_unknown_extension(tmp_path, name, ext):
    path = write(tmp_path / name, "Some words.")
    assert read_error(path) == (f"{path}: has an unsupported type '{ext}'; convert it to one of "
                                ".docx, .htm, .html, .jsonl, .markdown, .md, .pdf, .text, .txt")


def test_missing_file_and_folder_given_as_file(tmp_path):
    assert read_error(tmp_path / "gone.txt") == f"{tmp_path / 'gone.txt'}: does not exist; check the path"
    (tmp_path / "dir.txt").mkdir()
    assert "is a folder" in read_error(tmp_path / "dir.txt")


LIMIT_HINT = ("if it really is one document, raise the limit with --max-file-mb or WHOSAID_MAX_FILE_MB; "
              "else split it into smaller files")


def test_too_large_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = write(tmp_path / "big.txt", "x" * (3 * 2**20 // 2))
    monkeypatch.setattr(readers, "open", lambda *a, **k: pytest.fail("a file over the limit was opened"), raising=False)
    assert read_error(path, max_bytes=2**20) == f"{path}: is larger than the 1 MB limit (1.5 MB); {LIMIT_HINT}"


def test_size_limit_default_and_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("WHOSAID_MAX_FILE_MB", raising=False)
    assert readers.max_file_bytes() == 20 * 2**20
    assert readers.max_file_bytes(2.5) == int(2.5 * 2**20)
    monkeypatch.setenv("WHOSAID_MAX_FILE_MB", "0.5")
    assert readers.max_file_bytes() == 2**19
    path = write(tmp_path / "big.md", "# Big\n\n" + "word " * 120_000)
    assert read_error(path) == f"{path}: is larger than the 0.5 MB limit (0.57 MB); {LIMIT_HINT}"
    assert read_file(path, max_bytes=2**20)[0].title == "Big"  # an explicit limit wins
    for bad in ("lots", "-1", "0", "inf", "nan"):
        monkeypatch.setenv("WHOSAID_MAX_FILE_MB", bad)
        with pytest.raises(ValueError, match=f"^WHOSAID_MAX_FILE_MB='{bad}' is not a size in megabytes: give a "
                                             "positive number such as 50$"):
            readers.max_file_bytes()
    with pytest.raises(ValueError, match="^--max-file-mb=0 is not a size"):
        readers.max_file_bytes(0)


def test_jsonl_limit_is_per_line(tmp_path):
    """A .jsonl file is streamed: it may be larger than the limit; a line (one document) may not."""
    rows = [{"id": f"r{i}", "text": f"Story number {i} was filed on time."} for i in range(200)]
    rows.insert(3, {"id": "huge", "text": "x" * 5000})
    path = write(tmp_path / "feed.jsonl", jsonl(*rows))
    assert path.stat().st_size > 10_000
    skipped: list[Skipped] = []
    docs = read_file(path, skipped=skipped, max_bytes=2000)
    assert len(docs) == 200 and docs[3].id == "feed.jsonl#r3" and docs[4].id == "feed.jsonl#r4"
    assert [s.reason for s in skipped] == [f"{path}:4: is a line larger than the 0.0019 MB limit; {LIMIT_HINT}"]


def zip_with(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_zip_bomb_is_refused_before_it_is_unzipped(tmp_path, monkeypatch):
    """A small .docx whose document.xml unpacks to far more than the limit: refused by its declared sizes."""
    import docx

    good = zipfile.ZipFile(io.BytesIO(make_docx(["Bomb"])))
    members = {n: good.read(n) for n in good.namelist()}
    members["word/document.xml"] = b"<w:t>" + b" " * (6 * 2**20) + b"</w:t>"
    path = write(tmp_path / "bomb.docx", zip_with(members))
    assert path.stat().st_size < 2**20
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("the bomb was unzipped"))
    unpacked = sum(len(data) for data in members.values()) / 2**20
    assert read_error(path, max_bytes=2**20) == (
        f"{path}: unpacks to {unpacked:.1f} MB, more than the 5 MB limit (5 times the file size limit); {LIMIT_HINT}")


def test_parser_failure_is_one_read_error(tmp_path):
    """lxml's own error on a broken document.xml (a huge text node, bad XML) is a ReadError, one line."""
    good = zipfile.ZipFile(io.BytesIO(make_docx(["Fine"])))
    members = {n: good.read(n) for n in good.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    path = write(tmp_path / "broken.docx", zip_with(members))
    message = read_error(path)
    assert message.startswith(f"{path}: could not be read (XMLSyntaxError: ")
    assert message.endswith("; check that it opens in its own application, or save its text as .txt")
    assert "\n" not in message


def test_a_reader_bug_does_not_stop_a_folder_scan(tmp_path, monkeypatch):
    write(tmp_path / "a.txt", "First file.")
    write(tmp_path / "b.md", "# Second\n\nSecond file.")

    def broken(path, data, doc_id):
        raise RuntimeError("reader bug\nwith a second line")

    monkeypatch.setitem(readers.READERS, ".txt", broken)
    docs, skipped = scan_folder(tmp_path)
    assert [d.id for d in docs] == ["b.md"]
    assert [s.reason for s in skipped] == [
        f"{tmp_path / 'a.txt'}: could not be read (RuntimeError: reader bug); "
        "check that it opens in its own application, or save its text as .txt"]


# -- links, loops and other odd files --------------------------------------------------------------

def test_symlink_loop_and_broken_link_say_what_they_are(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    assert read_error(tmp_path / "a.txt") == (f"{tmp_path / 'a.txt'}: is a symbolic link loop (it leads back to "
                                              "itself); remove the link or point it at a file")
    assert read_error(tmp_path / "gone.txt") == (f"{tmp_path / 'gone.txt'}: is a broken link (its target "
                                                 f"{tmp_path / 'deleted.txt'} does not exist); restore the target or "
                                                 "remove the link")
    docs, skipped = scan_folder(tmp_path)
    assert docs == [] and [s.path for s in skipped] == [str(tmp_path / n) for n in ("a.txt", "b.txt", "gone.txt")]


def test_linked_folders_are_followed_but_a_loop_is_walked_once(tmp_path):
    root = tmp_path / "corpus"
    write(root / "news" / "a.txt", "Story A.")
    write(tmp_path / "elsewhere" / "b.txt", "Story B.")
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    (root / "news" / "loop").symlink_to(root)            # leads back to the top
    (root / "news" / "again").symlink_to(root / "news")  # and to a folder being walked
    problems: list[Skipped] = []
    found = list(readers.walk_folder(root, problems))
    assert [f.rel for f in found] == ["linked/b.txt", "news/a.txt"]
    assert [f.path for f in found] == [str(root / "linked" / "b.txt"), str(root / "news" / "a.txt")]
    assert [p.reason for p in problems] == [
        f"{root / 'news' / 'again'}: is a link to a folder walked already ({root / 'news'}); it is left out, "
        "so nothing is indexed twice",
        f"{root / 'news' / 'loop'}: is a link to a folder walked already ({root}); it is left out, "
        "so nothing is indexed twice"]


def test_unlisted_folder_is_reported(tmp_path, monkeypatch):
    write(tmp_path / "ok" / "a.txt", "Story A.")
    write(tmp_path / "locked" / "b.txt", "Story B.")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    problems: list[Skipped] = []
    unlisted: list[str] = []
    assert [f.rel for f in readers.walk_folder(tmp_path, problems, unlisted)] == ["ok/a.txt"]
    assert unlisted == [str(tmp_path / "locked")]
    assert [p.reason for p in problems] == [f"{tmp_path / 'locked'}: cannot be listed (Permission denied); check its "
                                            "permissions (documents indexed from it are kept)"]


def test_a_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block forever
    assert read_error(tmp_path / "pipe.txt") == (f"{tmp_path / 'pipe.txt'}: is not a regular file (a pipe, socket or "
                                                 "device); give a document file")


def test_a_file_name_that_is_not_utf8_is_reported(tmp_path):
    write(tmp_path / "ok.txt", "Fine.")
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Words.")
    problems: list[Skipped] = []
    assert [f.rel for f in readers.walk_folder(tmp_path, problems)] == ["ok.txt"]
    assert [p.reason for p in problems] == [f"{bad!r}: its name is not valid UTF-8; rename it"]


# -- scan_folder -------------------------------------------------------------------------------

def test_scan_folder_mixed(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a.txt", "Mayor resigns\n\nThe mayor resigned.")
    write(root / "news" / "day.md", MD)
    write(root / "news" / "deep" / "bridge.html", HTML)
    write(root / "news" / "deep" / "talks.pdf", make_pdf([["Budget talks resume"]]))
    write(root / "memo.docx", make_docx(["Memo on roads", "Roads will be repaired."]))
    write(root / "feeds" / "wire.jsonl", jsonl({"id": "x1", "text": "Strike ends."}, "{oops", {"id": "x3", "text": "Talks."}))
    # hidden and backup files are ignored, bad or not
    write(root / ".hidden.txt", "Hidden words.")
    write(root / ".git" / "notes.txt", "Git words.")
    write(root / "a.txt~", "Backup words.")
    write(root / "news" / ".cache" / "junk.bin", b"\x00\x01")
    bad = {
        "empty.txt": b"",
        "news/photo.txt": b"\x89PNG\x00\x00",
        "news/deep/broken.pdf": b"%PDF-1.4\nnot a pdf",
        "broken.docx": b"not a zip",
        "latin.txt": "Caf\u00e9".encode("cp1252"),
        "letter.rtf": b"{\\rtf1 hi}",
        "blank.md": b"  \n\n",
    }
    for rel, data in bad.items():
        write(root / rel, data)

    docs, skipped = scan_folder(root)

    assert sorted(d.id for d in docs) == [
        "a.txt", "feeds/wire.jsonl#x1", "feeds/wire.jsonl#x3", "memo.docx",
        "news/day.md", "news/deep/bridge.html", "news/deep/talks.pdf"]
    assert {d.id: d.path for d in docs}["news/deep/bridge.html"] == os.path.join(str(root), "news", "deep", "bridge.html")
    assert sorted(s.path for s in skipped) == sorted(
        [os.path.join(str(root), *rel.split("/")) for rel in bad] + [os.path.join(str(root), "feeds", "wire.jsonl") + ":2"])
    for s in skipped:
        assert s.reason.startswith(s.path + ": ")
    # A stable order: the same run twice gives the same lists.
    assert scan_folder(root) == (docs, skipped)


def test_scan_folder_missing(tmp_path):
    with pytest.raises(ReadError) as info:
        scan_folder(tmp_path / "nope")
    assert str(info.value) == f"{tmp_path / 'nope'}: does not exist; give the folder that holds your documents"


def test_scan_folder_given_a_file(tmp_path):
    path = write(tmp_path / "a.txt", "Words here.")
    with pytest.raises(ReadError, match="is not a folder; give the folder that holds your documents"):
        scan_folder(path)


def test_scan_empty_folder(tmp_path):
    assert scan_folder(tmp_path) == ([], [])
