"""The `Document` record: one text with the metadata a citation needs."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def text_hash(text: str) -> str:
    """Content hash used for document and paragraph ids (stable across runs and machines)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Document:
    """A document as read from disk.

    Every offset elsewhere in the project (paragraphs, statements, citations) is a Python str
    offset into `text`. For `.txt` and `.md` files `text` is the file decoded as UTF-8 with its
    newlines as they are; for other formats it is the text extracted from the file.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    path: str | None = None
    format: str = "txt"
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def hash(self) -> str:
        """Hash of the text and the metadata shown in citations (title, date, site, URL): a change to
        either re-indexes, so a sidecar that corrects a date or adds a URL reaches the index."""
        parts = [self.text, self.title or "", self.date or "", self.source or ""]
        url = (self.meta or {}).get("url")
        if url:  # only when there is one: the hash of a document without a URL is what it always was
            parts.append(str(url))
        return text_hash("\x1f".join(parts))
