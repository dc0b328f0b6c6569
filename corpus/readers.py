"""Reading documents from files: .txt, .md, .html, .pdf, .docx and .jsonl.

Every reader returns `Document`s or raises `ReadError`, whose message names the file, what is
wrong and what to do. `read_file` turns any other failure of a reader (a parser's own exception,
a file too large for memory) into a `ReadError` too, and bounds what it reads: a file larger than
the size limit (`max_file_bytes`) is refused before it is opened, a .docx whose members unpack to
more than `UNPACK_FACTOR` times the limit before it is unzipped, and a .jsonl file is read line by
line (the limit applies to each line, one document). `walk_folder` lists a folder's files
without reading them, following links to folders but never around a loop, and `scan_folder`
reads them all, keeping going past bad files, so one broken file never stops an indexing run.

One module of more than 500 lines, because the readers share these bounds and the one error type,
and a reader is a few lines over them; what is particular to a format lives in its own module
(`corpus.html_extract`, `corpus.pdf`, `corpus.metadata`, `corpus.sidecars`).
"""
from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from corpus.document import Document
from corpus.errors import WhosaidError
from corpus.metadata import (
    Metadata,
    describe,
    docx_metadata,
    front_matter_metadata,
    html_metadata,
    pdf_metadata,
    row_metadata,
)
from corpus.sidecars import Sidecars, is_sidecar

DEFAULT_MAX_FILE_MB = 20
MAX_FILE_ENV = "WHOSAID_MAX_FILE_MB"
UNPACK_FACTOR = 5  # a .docx may unpack to this many times the size limit (its XML is verbose)
ZIP_FORMATS = (".docx",)
FORMATS_HINT = ".txt/.md/.html/.pdf/.docx/.jsonl"


def max_file_bytes(mb: float | None = None) -> int:
    """The size limit per file in bytes: `mb` megabytes if given, else $WHOSAID_MAX_FILE_MB, else 20 MB.

    Raises:
        ValueError: the limit is not a positive number (the message names the option or variable).
    """
    source, value = ("--max-file-mb", mb) if mb is not None else (MAX_FILE_ENV, os.environ.get(MAX_FILE_ENV))
    if value is None or value == "":
        return DEFAULT_MAX_FILE_MB * 2**20
    try:
        limit = float(value)
    except (TypeError, ValueError):
        limit = float("nan")
    if not limit > 0 or limit == float("inf"):
        raise ValueError(f"{source}={value!r} is not a size in megabytes: give a positive number such as 50")
    return int(limit * 2**20)


def _mb(n: float) -> str:
    mb = n / 2**20
    return (f"{mb:.0f}" if mb >= 100 else f"{mb:.1f}" if mb >= 1 else f"{mb:.2g}").removesuffix(".0") + " MB"


class ReadError(WhosaidError):
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
                        f"give whosaid a {FORMATS_HINT} document instead")


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


def _document(doc_id: str, text: str, path: str, fmt: str, meta: Metadata, title: str | None,
              extra: dict | None = None) -> Document:
    """A document with the metadata `corpus.metadata` resolved for it: its date, title, site, and in
    `meta` the url, where the date was read and its precision. Refused values were not used; they are
    kept in `meta["problems"]` for a caller that reports them."""
    fields = {**(extra or {}), **meta.as_meta()}
    if meta.problems:
        fields["problems"] = list(meta.problems)
    return Document(id=doc_id, text=text, path=path, format=fmt, title=title, date=meta.date, source=meta.site,
                    meta=fields)


def read_text(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Plain text: the first line is the title; the date comes from the file name or a dateline."""
    text = _nonempty(path, _decode(path, data))
    meta = describe(path, text)
    return [_document(doc_id, text, path, "txt", meta, meta.title or _first_line(text))]


def read_markdown(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Markdown as written (offsets index the file); YAML front matter fills the metadata."""
    text = _nonempty(path, _decode(path, data))
    m = _FRONT_MATTER.match(text)
    body = text[m.end():] if m else text
    meta = describe(path, body, front_matter_metadata(text, path))
    heading = re.search(r"^#[ \t]+(.+)$", text, re.M) or re.search(r"^#{2,3}[ \t]+(.+)$", text, re.M)
    title = meta.title or (heading.group(1).strip() if heading else _first_line(body))
    return [_document(doc_id, text, path, "md", meta, title, {"front_matter_end": m.end() if m else 0})]


def read_html(path: str, data: bytes, doc_id: str) -> list[Document]:
    """Main text extracted with trafilatura (boilerplate, menus and scripts dropped), from the article
    element the page marks up when it does (`corpus.html_extract`); metadata from the whole page."""
    from trafilatura import bare_extraction

    from corpus.html_extract import article_html

    _check_binary(path, data)
    # Bytes in: trafilatura honours the page's declared charset.
    # a trafilatura Document (its type hints say a dict may come back too: only with as_dict=True)
    extracted: Any = bare_extraction(data, with_metadata=True, include_comments=False, favor_recall=True)
    article = article_html(data)
    if article == b"" and extracted is not None:
        extracted.text = ""
    elif article is not None:
        # the article alone: trafilatura's own fallback to the whole page (for a text under its
        # min_extracted_size) would bring the chrome back
        inner: Any = bare_extraction(article, include_comments=False, favor_recall=True, config=_article_config())
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
    meta = describe(path, text, html_metadata(data, path, extracted))
    return [_document(doc_id, text, path, "html", meta, title or meta.title or _first_line(text))]


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
        info: Any = reader.metadata or {}
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReadError(path, f"is not a readable PDF ({exc.__class__.__name__}: {exc})",
                        "check the file opens in a PDF viewer, or export its text as .txt") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError(path, "has no extractable text (a scanned PDF?)", "run OCR on it first, or give a .txt")
    meta = describe(path, text, pdf_metadata(info, path))
    title: str | None = meta.title
    if not title or is_default_title(title, path):
        title = _first_line(text)
    return [_document(doc_id, text, path, "pdf", meta, title)]


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
    meta = describe(path, text, docx_metadata(d.core_properties, path))
    return [_document(doc_id, text, path, "docx", meta, meta.title or _first_line(text))]


def read_jsonl(path: str, data: bytes, doc_id: str, skipped: list[Skipped] | None = None) -> list[Document]:
    """One `{"id", "title", "date", "source", "text"}` object per line; doc id is `FILE#id`.

    A bad line is reported in `skipped` (or raises when `skipped` is None) and the rest are read.
    """
    return list(_iter_jsonl(path, io.BytesIO(data), doc_id, skipped, max(len(data), 1)))


_JSONL_HINT = 'write one {"id", "title", "date", "source", "text"} object per line'


def _iter_jsonl(path: str, fh: IO[bytes], doc_id: str, skipped: list[Skipped] | None,
                limit: int) -> Iterator[Document]:
    """The documents of a .jsonl stream, one line at a time: memory holds one line (at most `limit` bytes)."""
    _check_binary(path, fh.peek(8192)[:8192] if hasattr(fh, "peek") else fh.getvalue()[:8192])  # type: ignore[attr-defined]
    seen: set[str] = set()
    found = blank = 0
    lineno = 0

    def bad(err: ReadError) -> None:
        if skipped is None:
            raise err
        skipped.append(Skipped(err.path, str(err)))

    # Only "\n" ends a JSON line: str.splitlines() would also cut at U+2028, U+0085, ... which
    # JSON allows raw inside strings.
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            break
        lineno += 1
        where = f"{path}:{lineno}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # the rest of the long line, a piece at a time
                raw = fh.readline(2**20)
            bad(ReadError(where, f"is a line larger than the {_mb(limit)} limit", _LIMIT_HINT))
            continue
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad(ReadError(where, f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                          "re-save the file as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`"))
            continue
        if not line.strip():
            blank += 1
            continue
        try:
            doc = _jsonl_document(path, where, line, lineno, doc_id, seen)
        except ReadError as err:
            bad(err)
            continue
        found += 1
        yield doc
    if not found and (skipped is None or lineno == blank):
        raise ReadError(path, "has no documents", _JSONL_HINT)


def _jsonl_document(path: str, where: str, line: str, lineno: int, doc_id: str, seen: set[str]) -> Document:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(where, f"is not valid JSON ({exc.msg})", "fix or remove that line") from None
    except RecursionError:
        raise ReadError(where, "is not valid JSON (nested too deeply)", "fix or remove that line") from None
    if not isinstance(row, dict):
        raise ReadError(where, "is not a JSON object", _JSONL_HINT)
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(where, 'has no "text" string', 'give each line a non-empty "text" field')
    rid = str(row.get("id") if row.get("id") is not None else lineno)
    if rid in seen:
        raise ReadError(where, f'repeats id "{rid}"', "give every line a unique id")
    seen.add(rid)
    meta = describe(path, text, row_metadata(row, where))
    return _document(f"{doc_id}#{rid}", text, path, "jsonl", meta, meta.title or _first_line(text))


READERS: dict[str, Callable[..., list[Document]]] = {
    ".txt": read_text, ".text": read_text,
    ".md": read_markdown, ".markdown": read_markdown,
    ".html": read_html, ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".jsonl": read_jsonl,
}
SUPPORTED = tuple(sorted(READERS))


_LIMIT_HINT = (f"if it really is one document, raise the limit with --max-file-mb or {MAX_FILE_ENV}; "
               "else split it into smaller files")


def read_file(path: str | os.PathLike, doc_id: str | None = None, skipped: list[Skipped] | None = None,
              max_bytes: int | None = None) -> list[Document]:
    """Read one file into documents; raises `ReadError` with an actionable message.

    Args:
        path: the file.
        doc_id: its document id (default: the file name); a .jsonl line's is `doc_id#id`.
        skipped: bad lines of a .jsonl file are added here (else the first one raises).
        max_bytes: the size limit (default: `max_file_bytes()`).
    """
    return list(iter_file(path, doc_id, skipped, max_bytes))


def iter_file(path: str | os.PathLike, doc_id: str | None = None, skipped: list[Skipped] | None = None,
              max_bytes: int | None = None) -> Iterator[Document]:
    """`read_file` one document at a time: a large .jsonl file is never in memory as a whole.
    Raises `ReadError` for the whole file before the first document is given."""
    path = str(path)
    doc_id = doc_id or os.path.basename(path)
    ext = os.path.splitext(path)[1].lower()
    reader = READERS.get(ext)
    if reader is None:
        raise ReadError(path, f"has an unsupported type '{ext or '(no extension)'}'",
                        f"convert it to one of {', '.join(SUPPORTED)}")
    limit = max_file_bytes() if max_bytes is None else max_bytes
    if ext == ".jsonl":
        with _open(path, limit, whole=False) as fh:
            yield from _iter_jsonl(path, fh, doc_id, skipped, limit)
        return
    with _open(path, limit, whole=True) as fh:
        data = _read(path, fh)
        if len(data) > limit:  # it grew since it was measured
            raise ReadError(path, f"is larger than the {_mb(limit)} limit", _LIMIT_HINT)
    if not data:
        raise ReadError(path, "is empty", "remove the empty file or add its content")
    if ext in ZIP_FORMATS:
        _check_unpacked(path, data, limit * UNPACK_FACTOR)
    try:
        docs = reader(path, data, doc_id)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(path, "is too large to read in the memory available", _LIMIT_HINT) from None
    except Exception as exc:  # noqa: BLE001 - a parser's own failure on a hostile or broken file
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        raise ReadError(path, f"could not be read ({type(exc).__name__}{': ' + detail if detail else ''})",
                        "check that it opens in its own application, or save its text as .txt") from None
    yield from docs


class _open:
    """The file opened for reading (binary), with a `ReadError` that says what is wrong with it."""

    def __init__(self, path: str, limit: int, whole: bool):
        self.path, self.limit, self.whole = path, limit, whole

    def __enter__(self) -> IO[bytes]:
        path = self.path
        try:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
            if not stat.S_ISREG(st.st_mode):  # reading a pipe or a device could block or never end
                raise ReadError(path, "is not a regular file (a pipe, socket or device)", "give a document file")
            if self.whole and st.st_size > self.limit:
                raise ReadError(path, f"is larger than the {_mb(self.limit)} limit ({_mb(st.st_size)})", _LIMIT_HINT)
            self.fh = open(path, "rb")
        except ReadError:
            raise
        except FileNotFoundError:
            if os.path.islink(path):
                raise ReadError(path, f"is a broken link (its target {os.readlink(path)} does not exist)",
                                "restore the target or remove the link") from None
            raise ReadError(path, "does not exist", "check the path") from None
        except IsADirectoryError:
            raise ReadError(path, "is a folder", "give the folder to `qa index`, or a file here") from None
        except OSError as exc:
            raise _os_error(path, exc) from None
        return self.fh

    def __exit__(self, *exc) -> None:
        self.fh.close()


def _read(path: str, fh: IO[bytes]) -> bytes:
    try:
        return fh.read()
    except OSError as exc:
        raise _os_error(path, exc) from None


def _os_error(path: str, exc: OSError) -> ReadError:
    if exc.errno == errno.ELOOP:
        return ReadError(path, "is a symbolic link loop (it leads back to itself)", "remove the link or point it at a file")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ReadError(path, f"cannot be read ({exc.strerror or exc})", "check its permissions")
    return ReadError(path, f"cannot be read ({exc.strerror or exc})", "check the disk or share it is on")


def _check_unpacked(path: str, data: bytes, limit: int) -> None:
    """Refuse a zip-based document whose members would unpack to more than `limit` bytes (a zip bomb),
    by the sizes its directory declares (Python's zipfile never unpacks a member past its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(max(0, info.file_size) for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ReadError(path, f"is not a readable {os.path.splitext(path)[1].lower()} ({exc.__class__.__name__})",
                        "check it opens in Word/LibreOffice and is .docx, not .doc") from None
    if total > limit:
        raise ReadError(path, f"unpacks to {_mb(total)}, more than the {_mb(limit)} limit "
                              f"({UNPACK_FACTOR} times the file size limit)", _LIMIT_HINT)


@dataclass(frozen=True)
class FoundFile:
    """A file `walk_folder` found: where it is, its document id, and its size and mtime (-1 if they cannot be read)."""

    path: str
    rel: str
    size: int
    mtime_ns: int


def walk_folder(root: str | os.PathLike, problems: list[Skipped] | None = None,
                unlisted: list[str] | None = None) -> Iterator[FoundFile]:
    """Every non-hidden file under `root` (not backups `NAME~`, nor metadata sidecars, which are read by
    `corpus.sidecars`), in a stable order: a folder's files by name,
    then its subfolders by name. Links to folders are followed, but a folder is entered once: a link that
    leads around a loop (or to a folder walked already) is reported in `problems`. A folder that cannot be
    listed is reported in `problems` and its path added to `unlisted`; a file whose name is not UTF-8 too.
    """
    root = str(root)
    problems = [] if problems is None else problems
    try:
        st = os.stat(root)
        entered = {(st.st_dev, st.st_ino): root}
    except OSError:
        entered = {}
    stack = [(root, "")]
    while stack:
        dirpath, reldir = stack.pop()
        try:
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Skipped(dirpath, f"{dirpath}: cannot be listed ({exc.strerror or exc}); check its "
                                             "permissions (documents indexed from it are kept)"))
            if unlisted is not None:
                unlisted.append(dirpath)
            continue
        subdirs = []
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                is_dir = e.is_dir()
            except OSError:  # a link loop: read as a file, which says so
                is_dir = False
            rel = f"{reldir}/{e.name}" if reldir else e.name
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(Skipped(e.path, f"{os.fsencode(e.path)!r}: its name is not valid UTF-8; rename it"))
                continue
            if is_dir:
                subdirs.append((e, rel))
            elif not e.name.endswith("~") and not is_sidecar(e.name):
                try:
                    fst = e.stat()
                    yield FoundFile(e.path, rel, fst.st_size, fst.st_mtime_ns)
                except OSError:
                    yield FoundFile(e.path, rel, -1, -1)
        todo = []
        for e, rel in subdirs:
            try:
                dst = e.stat()
            except OSError as exc:
                problems.append(Skipped(e.path, str(_os_error(e.path, exc))))
                continue
            first = entered.setdefault((dst.st_dev, dst.st_ino), e.path)
            if first != e.path:
                problems.append(Skipped(e.path, f"{e.path}: is a link to a folder walked already ({first}); "
                                                "it is left out, so nothing is indexed twice"))
                continue
            todo.append((e.path, rel))
        stack.extend(reversed(todo))  # the first subfolder is walked next


def iter_files(root: str | os.PathLike) -> Iterator[tuple[str, str]]:
    """(path, id relative to root) of every file `walk_folder` finds."""
    for f in walk_folder(root):
        yield f.path, f.rel


def check_folder(root: str | os.PathLike) -> None:
    """Raise `ReadError` unless `root` is a folder."""
    if not os.path.isdir(root):
        raise ReadError(str(root), "is not a folder" if os.path.exists(root) else "does not exist",
                        "give the folder that holds your documents")


def scan_folder(root: str | os.PathLike, max_bytes: int | None = None,
                warnings: list[str] | None = None) -> tuple[list[Document], list[Skipped]]:
    """Read every document under `root`, with the metadata of its sidecars (`corpus.sidecars`) over each
    document's own; unreadable files are collected, not raised. Metadata problems (a refused date, a bad
    sidecar row) are added to `warnings`: they lose no document."""
    check_folder(root)
    docs: list[Document] = []
    skipped: list[Skipped] = []
    sidecars = Sidecars(root)
    found = list(walk_folder(root, skipped))
    for f in found:
        try:
            docs.extend(sidecars.apply(d) for d in read_file(f.path, f.rel, skipped, max_bytes))
        except ReadError as err:
            skipped.append(Skipped(f.path, str(err)))
    if warnings is not None:
        warnings += [p for d in docs for p in d.meta.get("problems", ())]
        warnings += sidecars.problems + sidecars.missing(f.rel for f in found)
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
