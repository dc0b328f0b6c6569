"""Metadata sidecars: a `metadata.csv` or `metadata.jsonl` that dates and titles the files of a folder.

For archives whose files carry no metadata, or the wrong one: the top tier of `corpus.metadata`'s
precedence rule. A sidecar is metadata, never a document: the readers skip it (`is_sidecar`).
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path

from corpus.document import Document
from corpus.metadata import DATE_KEYS, Metadata, Tier, mapping_metadata

SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")
MAX_SIDECAR_BYTES = 64 * 2**20


def is_sidecar(path: str | os.PathLike) -> bool:
    """Is this file a metadata sidecar (to be read as metadata, never indexed as a document)?"""
    return os.path.basename(str(path)).lower() in SIDECAR_NAMES


class Sidecars:
    """Every `metadata.csv` / `metadata.jsonl` under a folder, looked up by document id.

    A sidecar row names a file relative to the sidecar's folder in a `path` (or `file`, `id`) column
    and gives any of date, title, url, site/publisher/source; an empty cell leaves that field to
    the file itself. A .jsonl document ("items.jsonl#7") is found by its own id or by its file's.
    The deepest sidecar that names a file wins. Numeric dates ("03/04/2016") take the day/month
    order the file's unambiguous dates show; a file that shows both orders, or none, gets its
    ambiguous dates refused. Problems (unreadable files, bad rows, rows naming no file) are listed
    in `problems`, never raised.
    """

    def __init__(self, root: str | os.PathLike, today: _dt.date | None = None):
        self.root = str(root)
        self.today = today
        self.problems: list[str] = []
        self._rows: dict[str, tuple[int, Metadata, str]] = {}  # doc key -> (depth, metadata, where)
        self._used: set[str] = set()
        if os.path.isdir(self.root):
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if is_sidecar(name):
                        self._load(os.path.join(dirpath, name))

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, doc_id: str) -> Metadata | None:
        """The sidecar's metadata for a document id (a path relative to the root, maybe `#row`)."""
        for key in (doc_id, doc_id.split("#", 1)[0]):
            key = _norm_key(key)
            if key in self._rows:
                self._used.add(key)
                return self._rows[key][1]
        return None

    def apply(self, doc: Document) -> Document:
        """`doc` with its sidecar row's fields over its own (the sidecar is the top tier), or `doc`."""
        meta = self.get(doc.id)
        if meta is None:
            return doc
        extra = dict(doc.meta or {})
        if meta.date:
            extra.pop("partial_date", None)
            extra.update(date_source=meta.date_source, date_precision=meta.date_precision)
        if meta.url:
            extra["url"] = meta.url
        return replace(doc, date=meta.date or doc.date, title=meta.title or doc.title, source=meta.site or doc.source,
                       meta=extra)

    def missing(self, rels) -> list[str]:
        """Messages for rows that name a file not among `rels` (the paths of the folder's files, as
        `corpus.readers.walk_folder` gives them): a typo in the path column, or a file since removed."""
        have = {_norm_key(r) for r in rels}
        return [f"{where}: names '{key}', which is not a file in {self.root}; check the path column"
                for key, (_, _, where) in sorted(self._rows.items(), key=lambda kv: kv[1][2])
                if key.split("#", 1)[0] not in have]

    def fingerprints(self) -> dict[str, str]:
        """Document key -> a hash of the metadata its row gives: what an indexer keeps to find, next time,
        the files whose sidecar rows were added, changed or removed (only those are read again)."""
        out = {}
        for key, (_, meta, _) in self._rows.items():
            row = "\x1f".join(v or "" for v in (meta.date, meta.title, meta.url, meta.site))
            out[key] = hashlib.blake2b(row.encode("utf-8"), digest_size=8).hexdigest()
        return out

    @staticmethod
    def changed_files(old: dict[str, str], new: dict[str, str]) -> set[str]:
        """The files (paths relative to the root) whose rows differ between two `fingerprints()`."""
        keys = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        return {k.split("#", 1)[0] for k in keys}

    def unused(self) -> list[str]:
        """Messages for rows that named no document looked up so far (call after reading the folder)."""
        return [f"{where}: names '{key}', which is not a document in {self.root}; check the path column"
                for key, (_, _, where) in sorted(self._rows.items(), key=lambda kv: kv[1][2]) if key not in self._used]

    def _load(self, path: str) -> None:
        rel_dir = os.path.relpath(os.path.dirname(path), self.root)
        prefix = "" if rel_dir == "." else Path(rel_dir).as_posix() + "/"
        depth = prefix.count("/")
        try:
            size = os.path.getsize(path)
            if size > MAX_SIDECAR_BYTES:
                self.problems.append(f"{path}: is too large for a metadata file ({size / 2**20:.0f} MiB); ignored")
                return
            with open(path, "rb") as fh:
                content = fh.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problems.append(f"{path}: is not valid UTF-8; re-save it as UTF-8. Its metadata is ignored")
            return
        except OSError as exc:
            self.problems.append(f"{path}: cannot be read ({exc.strerror or exc}); its metadata is ignored")
            return
        rows = self._csv_rows(path, content) if path.lower().endswith(".csv") else self._jsonl_rows(path, content)
        order = self._date_order(path, rows)
        for lineno, row in rows:
            where = f"{path}:{lineno}"
            low = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
            key = next((str(low[k]).strip() for k in ("path", "file", "id") if low.get(k) not in (None, "")), None)
            if key is None:
                self.problems.append(f"{where}: has no path (or file, id) value; the row is ignored")
                continue
            meta = mapping_metadata(low, where, Tier.SIDECAR, "sidecar", order=order, today=self.today)
            meta = replace(meta, date_source=f"sidecar {os.path.basename(path)}:{lineno}" if meta.date else None)
            self.problems.extend(meta.problems)
            norm = _norm_key(prefix + key)
            if norm in self._rows and self._rows[norm][0] == depth:
                self.problems.append(f"{where}: names '{key}' again (first at {self._rows[norm][2]}); "
                                     f"the first row is kept")
                continue
            if norm not in self._rows or self._rows[norm][0] < depth:
                self._rows[norm] = (depth, meta, where)

    def _csv_rows(self, path: str, content: str) -> list[tuple[int, dict]]:
        try:
            dialect = csv.Sniffer().sniff(content[:4096].split("\n", 1)[0] or ",", delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(content, newline=""), dialect=dialect)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if not {"path", "file", "id"} & set(header):
            self.problems.append(f"{path}: has no path (or file, id) column (its header is {', '.join(header) or 'empty'});"
                                 f" its metadata is ignored")
            return []
        try:
            return [(reader.line_num, row) for row in reader]
        except csv.Error as exc:
            self.problems.append(f"{path}:{reader.line_num}: is not valid CSV ({exc}); the rows after it are ignored")
            return []

    def _jsonl_rows(self, path: str, content: str) -> list[tuple[int, dict]]:
        rows = []
        for lineno, line in enumerate(content.split("\n"), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                self.problems.append(f"{path}:{lineno}: is not valid JSON ({exc}); the row is ignored")
                continue
            if not isinstance(row, dict):
                self.problems.append(f"{path}:{lineno}: is not a JSON object; the row is ignored")
                continue
            rows.append((lineno, {k: v for k, v in row.items() if isinstance(v, (str, int))}))
        return rows

    def _date_order(self, path: str, rows: list[tuple[int, dict]]) -> str | None:
        """'dmy' or 'mdy' when the file's numeric dates show one order, else None."""
        seen = set()
        for _, row in rows:
            for k, v in row.items():
                if str(k).strip().lower() in DATE_KEYS:
                    m = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}\s*", str(v))
                    if m and int(m.group(1)) > 12 >= int(m.group(2)):
                        seen.add("dmy")
                    elif m and int(m.group(2)) > 12 >= int(m.group(1)):
                        seen.add("mdy")
        if len(seen) == 2:
            self.problems.append(f"{path}: writes numeric dates both day-first and month-first; its ambiguous "
                                 f"dates are refused (write dates as YYYY-MM-DD)")
        return seen.pop() if len(seen) == 1 else None


def _norm_key(key: str) -> str:
    key = key.replace("\\", "/").strip()
    while key.startswith("./"):
        key = key[2:]
    return re.sub(r"/{2,}", "/", key)
