"""Reading documents from files: .txt, .md, .html, .pdf, .docx and .jsonl.

Every reader returns `Document`s or raises `ReadError`, whose message names the file, what is
wrong and what to do. `scan_folder` walks a folder and keeps going past bad files, so one broken
file never stops an indexing run.
"""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from corpus.document import Document

MAX_FILE_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read as a document. `str(err)` is a complete, actionable message."""

    def __init__(self, path: str, problem: str, hint: str):
        self.path, self.problem, self.hint = str(path), problem, hint
        super().__init__(f"{self.path}: {problem}; {hint}")


@dataclass(frozen=True)
class Skipped:
    """A file (or a line of a .jsonl file) left out of a run, with the reason."""

    path: str
    reason: str


def _check_binary(path: str, data: bytes) -> None:
    if b"\x00" in data[:8192]:
        raise ReadError(path, "looks like a binary file, not text",
                        "give a .txt/.md/.html/.pdf/.docx/.jsonl document or remove it from the folder")


def _decode(path: str, data: bytes) -> str:
    _check_binary(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                        "re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`") from None


def _nonempty(path: str, text: str) -> str:
    if not text.strip():
        raise ReadError(path, "has no text", "remove the empty file or add its content")
    return text


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def read_text(path: str, data: bytes, doc_id: str) -> list[Document]:
    text = _nonempty(path, _decode(path, data))
    return [Document(id=doc_id, text=text, path=path, format="txt", title=_first_line(text))]


def read_markdown(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Markdown as written (offsets index the file); YAML front matter fills the metadata."""
    text = _nonempty(path, _decode(path, data))
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("'\"")
    heading = re.search(r"^#[ \t]+(.+)$", text, re.M) or re.search(r"^#{2,3}[ \t]+(.+)$", text, re.M)
    title = meta.get("title") or (heading.group(1).strip() if heading else _first_line(text[m.end():] if m else text))
    return [Document(id=doc_id, text=text, path=path, format="md", title=title,
                     date=meta.get("date"), source=meta.get("source"),
                     meta={"front_matter_end": m.end() if m else 0})]


def read_html(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Main text extracted with trafilatura (boilerplate, menus and scripts dropped), from the article
    element the page marks up when it does (`corpus.html_extract`); metadata from the whole page."""
    from trafilatura import bare_extraction

    from corpus.html_extract import article_html

    _check_binary(path, data)
    # Bytes in: trafilatura honours the page's declared charset.
    extracted = bare_extraction(data, with_metadata=True, include_comments=False, favor_recall=True)
    article = article_html(data)
    if article == b"" and extracted is not None:
        extracted.text = ""
    elif article is not None:
        # the article alone: trafilatura's own fallback to the whole page (for a text under its
        # min_extracted_size) would bring the chrome back
        inner = bare_extraction(article, include_comments=False, favor_recall=True, config=_article_config())
        if inner is not None and inner.text and extracted is not None:
            extracted.text = inner.text
    body = (extracted.text or "") if extracted is not None else ""
    if not any(len(line.split()) >= 6 for line in body.splitlines()):  # a menu is not an article
        raise ReadError(path, "has no main text that could be extracted from the HTML",
                        "check that it is an article page, or save its text as .txt")
    # trafilatura puts one block element per line: make each a paragraph.
    lines = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
    title = " ".join((extracted.title or "").split())
    if title and (not lines or lines[0] != title):
        # the headline opens the text, as in a .txt article: it is often a statement ("X says Y"),
        # and an index of the pages then numbers paragraphs as an index of their text does
        lines.insert(0, title)
    text = "\n\n".join(lines)
    return [Document(id=doc_id, text=text, path=path, format="html", title=title or _first_line(text),
                     date=extracted.date, source=extracted.sitename or extracted.hostname)]


def _article_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def read_pdf(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Text of each page (pypdf) without its print header and footer, pages separated by a blank line;
    the metadata title unless it is a producer's default ("Enscript Output"), else the first line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from corpus.pdf import is_default_title, quiet_pypdf_log, strip_print_furniture

    quiet_pypdf_log()
    try:
        reader = PdfReader(io.BytesIO(data))
        # An owner-password-only PDF (print/copy restrictions) opens with the empty password.
        if reader.is_encrypted and not _decrypt_empty(reader):
            raise ReadError(path, "is an encrypted PDF", "save an unencrypted copy and index that")
        pages = [strip_print_furniture(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata or {}
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReadError(path, f"is not a readable PDF ({exc.__class__.__name__}: {exc})",
                        "check the file opens in a PDF viewer, or export its text as .txt") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError(path, "has no extractable text (a scanned PDF?)", "run OCR on it first, or give a .txt")
    title = str(info.get("/Title") or "").strip()
    if not title or is_default_title(title, path):
        title = _first_line(text)
    return [Document(id=doc_id, text=text, path=path, format="pdf", title=title,
                     date=_pdf_date(info.get("/CreationDate")), source=str(info.get("/Author") or "") or None)]


def read_docx(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Word paragraphs (python-docx), one per text paragraph, separated by a blank line."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(path, f"is not a readable .docx ({exc.__class__.__name__})",
                        "check it opens in Word/LibreOffice and is .docx, not .doc") from None
    text = "\n\n".join(p.text.strip() for p in d.paragraphs if p.text.strip())
    _nonempty(path, text)
    props = d.core_properties
    date = props.created.date().isoformat() if props.created else None
    return [Document(id=doc_id, text=text, path=path, format="docx", title=props.title or _first_line(text),
                     date=date, source=props.author or None)]


def read_jsonl(path: str, data: bytes, doc_id: str, skipped: list[Skipped] | None = None) -> list[Document]:
    """One `{"id", "title", "date", "source", "text"}` object per line; doc id is `FILE#id`.

    A bad line is reported in `skipped` (or raises when `skipped` is None) and the rest are read.
    """
    content = _decode(path, data).removeprefix("\ufeff")
    docs, seen = [], set()
    # Only "\n" ends a JSON line: str.splitlines() would also cut at U+2028, U+0085, ... which
    # JSON allows raw inside strings.
    for lineno, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ReadError(where, "is not a JSON object", 'write one {"id", "title", "date", "source", "text"} object per line')
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                raise ReadError(where, 'has no "text" string', 'give each line a non-empty "text" field')
            rid = str(row.get("id") if row.get("id") is not None else lineno)
            if rid in seen:
                raise ReadError(where, f'repeats id "{rid}"', "give every line a unique id")
            seen.add(rid)
            docs.append(Document(id=f"{doc_id}#{rid}", text=text, path=path, format="jsonl",
                                 title=_str_or_none(row.get("title")) or _first_line(text),
                                 date=_str_or_none(row.get("date")), source=_str_or_none(row.get("source"))))
        except json.JSONDecodeError as exc:
            err = ReadError(where, f"is not valid JSON ({exc.msg})", "fix or remove that line")
            if skipped is None:
                raise err from None
            skipped.append(Skipped(where, str(err)))
        except ReadError as err:
            if skipped is None:
                raise
            skipped.append(Skipped(where, str(err)))
    if not docs and (skipped is None or not content.strip()):
        raise ReadError(path, "has no documents", 'write one {"id", "title", "date", "source", "text"} object per line')
    return docs


READERS: dict[str, Callable[..., list[Document]]] = {
    ".txt": read_text, ".text": read_text,
    ".md": read_markdown, ".markdown": read_markdown,
    ".html": read_html, ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".jsonl": read_jsonl,
}
SUPPORTED = tuple(sorted(READERS))


def read_file(path: str | os.PathLike, doc_id: str | None = None, skipped: list[Skipped] | None = None) -> list[Document]:
    """Read one file into documents; raises `ReadError` with an actionable message."""
    path = str(path)
    doc_id = doc_id or os.path.basename(path)
    ext = os.path.splitext(path)[1].lower()
    reader = READERS.get(ext)
    if reader is None:
        raise ReadError(path, f"has an unsupported type '{ext or '(no extension)'}'",
                        f"convert it to one of {', '.join(SUPPORTED)} or move it out of the folder")
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ReadError(path, f"is too large ({size / 2**20:.0f} MiB > {MAX_FILE_BYTES // 2**20} MiB)",
                            "split it into smaller documents")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise ReadError(path, "does not exist", "check the path") from None
    except IsADirectoryError:
        raise ReadError(path, "is a folder", "give the folder to `qa index`, or a file here") from None
    except OSError as exc:
        raise ReadError(path, f"cannot be read ({exc.strerror or exc})", "check its permissions") from None
    if ext == ".jsonl":
        return read_jsonl(path, data, doc_id, skipped)
    if not data:
        raise ReadError(path, "is empty", "remove the empty file or add its content")
    return reader(path, data, doc_id)


def iter_files(root: str | os.PathLike) -> Iterator[tuple[str, str]]:
    """(path, id relative to root) of every non-hidden file under root, in a stable order."""
    root = str(root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith("~"):
                continue
            path = os.path.join(dirpath, name)
            yield path, Path(os.path.relpath(path, root)).as_posix()


def scan_folder(root: str | os.PathLike) -> tuple[list[Document], list[Skipped]]:
    """Read every document under `root`; unreadable files are collected, not raised."""
    if not os.path.isdir(root):
        raise ReadError(str(root), "is not a folder" if os.path.exists(root) else "does not exist",
                        "give the folder that holds your documents")
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for path, rel in iter_files(root):
        try:
            docs.extend(read_file(path, rel, skipped))
        except ReadError as err:
            skipped.append(Skipped(path, str(err)))
    return docs, skipped


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.lstrip("\ufeff").strip().lstrip("#").strip()
        if len(re.findall(r"[^\W\d_]", line)) >= 3:
            return line[:200]
    return None


def _decrypt_empty(reader) -> bool:
    from pypdf.errors import PyPdfError

    try:
        return bool(reader.decrypt(""))
    except (PyPdfError, NotImplementedError):  # e.g. AES without the `cryptography` package
        return False


def _str_or_none(value) -> str | None:
    return None if value is None or value == "" else str(value)


def _pdf_date(value) -> str | None:
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(value or ""))
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)
