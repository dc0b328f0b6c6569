"""What an indexing run did: counts for the CLI summary and the benchmarks, and time per stage.

Both pipelines (the local one in `qa.indexer`, the Ray one in `qa.ray_ingest`) fill one
`IndexReport` the same way, so a run reports the same numbers whichever way it was computed.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Container, Iterator
from dataclasses import dataclass, field

from corpus.readers import Skipped
from qa.plan import Action


@dataclass
class IndexReport:
    """What an indexing run did, for the CLI summary and the benchmarks.

    `removed` counts documents pruned (or removed by `remove_documents`); `prunable` lists the
    documents gone from the folder that a run without `prune` kept. `files_read` counts the files
    parsed; `files_unchanged` those skipped by their size and mtime, or by their digest.
    """

    documents: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    paragraphs: int = 0
    new_paragraphs: int = 0
    embedded: int = 0
    statements: int = 0
    reattributed: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    prunable: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def count(self, action: Action, why: Skipped | None) -> bool:
        """Count a document's fate (see `qa.plan.FolderRun.decide`); True if it is to be indexed."""
        if why is not None:
            self.skipped.append(why)
        self.unchanged += action == "same"
        self.added += action == "add"
        self.changed += action == "change"
        return action in ("add", "change")

    def file_unchanged(self, documents: int) -> None:
        """A file whose bytes hash to its recorded digest: not parsed, its `documents` stand."""
        self.unchanged += documents
        self.files_unchanged += 1

    def reattributing(self, doc_ids: list[str], given: Container[str] = ()) -> None:
        """A newer attribution engine re-attributes the stored `doc_ids`; those a file of this run gives (`given`)
        were counted unchanged, and are not."""
        self.reattributed += len(doc_ids)
        self.unchanged -= sum(1 for i in doc_ids if i in given)


class StageTimer:
    """`with timer("embed"): ...` adds the block's wall time to the report's seconds for that stage."""

    def __init__(self, report: IndexReport):
        self.report = report

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.report.seconds[stage] = self.report.seconds.get(stage, 0.0) + time.perf_counter() - t0
