"""Distributed ingestion with Ray Data: read, split, attribute and embed across a cluster's cores.

    files ─► read + split (tasks) ─► attribute (actor pool: one spaCy pipeline each)
          ─► embed (actor pool: one encoder each) ─► this process: embedding cache + staging, then one commit

The pipeline streams: every stage runs at once on different documents, and the driver writes each
batch of vectors into the index's embedding cache, and each document's records into the run's
staging file (`qa.staging`), as they arrive, so its memory holds what is in flight, not the corpus,
and an interrupted run resumes without embedding anything twice. The driver plans the run and
decides each document in file order with the local pipeline's own bookkeeping (`qa.plan`: nothing
removed without `prune`, no other folder's document replaced, unchanged files not read), and
commits through the same `qa.writer.IndexWriter.commit`, so the index, and every answer, is the
same whichever way it was built (tests/qa/test_scale.py checks that). The stages pass typed rows
(`Row`), one per document or file event, keyed by their place in file order.

`address="local"` starts Ray on this machine (`ray.init()`); any other value joins that cluster
(`ray://head:10001` or `auto`). On a cluster every node needs this package installed and the
folder at the same path (a shared or network file system), as for any Ray Data file source.
"""
from __future__ import annotations

import contextlib
import logging
import os
import pickle
from dataclasses import dataclass, replace

import numpy as np

from corpus.attribution import Attributor, DocAttribution
from corpus.document import Document
from corpus.paragraphs import Paragraph, split_paragraphs
from corpus.readers import ReadError, Skipped, iter_file, max_file_bytes
from qa import staging
from qa.plan import file_digest, to_reattribute
from qa.report import IndexReport, StageTimer
from qa.writer import IndexWriter

READ_BATCH = 16      # files per read task
ATTRIBUTE_BATCH = 8  # documents per attribution call
EMBED_BATCH = 8      # documents per embedding call (their new paragraphs are encoded together)
ROWS_PER_FILE = 10_000_000  # order key = file number * this + row within the file (a .jsonl holds many documents)


def default_pool_sizes(cpus: int) -> tuple[int, int]:
    """(attribution actors, embedding actors) for `cpus` cores. Attribution (spaCy) and ONNX embedding
    cost about the same per paragraph and core here (`python -m bench.stages` measures both), so the
    cores are split evenly, attribution taking the odd one."""
    cpus = max(2, int(cpus))
    embed = max(1, cpus // 2)
    return max(1, cpus - embed), embed


def _ray():
    try:
        import ray
        import ray.data
    except ImportError:
        from qa.errors import StoreUnavailable

        raise StoreUnavailable("--ray needs Ray: install the scale-out extra with `pip install -e '.[scale]'`") from None
    return ray


@contextlib.contextmanager
def ray_session(address: str = "local"):
    """Ray for the length of the block: a local one (`address="local"`) or the cluster at `address`. An
    already initialised Ray is used as it is, and left running."""
    ray = _ray()
    started = not ray.is_initialized()
    if started:
        ray.init(address=None if address == "local" else address, include_dashboard=False,
                 log_to_driver=False, logging_level="ERROR", configure_logging=False)
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()



# -- the rows the stages pass on, each at its `order` (file number * ROWS_PER_FILE + row within the file) ---------
@dataclass(frozen=True)
class SameFile:
    """The file's bytes hash to its recorded digest: it is not parsed, its documents stand."""


@dataclass(frozen=True)
class FileRead:
    """The file is read; its bytes hash to `digest` (None: they could not be read)."""

    digest: str | None


@dataclass(frozen=True)
class Unchanged:
    """A document the index holds as it is (by id and hash); `where` names it in a message."""

    doc_id: str
    doc_hash: str
    where: str | None


@dataclass(frozen=True, eq=False)
class NewDocument:
    """A new or changed document: split by the reader, attributed and embedded by the actor pools. `cached` are
    its paragraph hashes whose vectors are cached already; `hashes` and `vectors` those its embedding gave."""

    doc: Document
    paras: list[Paragraph]
    cached: frozenset[str]
    attribution: DocAttribution | None = None
    hashes: tuple[str, ...] = ()
    vectors: np.ndarray | None = None


@dataclass(frozen=True)
class Problem:
    """A file that could not be read (`whole_file`), or a line of one that gave no document."""

    skipped: Skipped
    whole_file: bool


Row = SameFile | FileRead | Unchanged | NewDocument | Problem


@dataclass(frozen=True)
class _Staged:
    """A new document the driver staged at its order: what the ordered pass needs of it."""

    doc_id: str
    doc_hash: str
    where: str | None


def _batch(order: list[int], rows: list[Row]) -> dict:
    """A Ray Data batch of rows: their order, whether each is a `NewDocument` (the actors work on those only), and
    the rows pickled (Ray Data stores bytes, not arbitrary objects, in a column)."""
    return {"order": np.asarray(order, dtype=np.int64),
            "new": np.asarray([isinstance(r, NewDocument) for r in rows], dtype=bool),
            "row": np.asarray([pickle.dumps(r) for r in rows], dtype=object)}


def index_folder_ray(writer: IndexWriter, folder, attributor: Attributor, progress: bool = False,
                     address: str = "local", attribute_actors: int | None = None, embed_actors: int | None = None,
                     prune: bool = False, replace: bool = False, max_bytes: int | None = None) -> IndexReport:
    """Add the new and changed documents under `folder` to the index of `writer` (an open `qa.writer.IndexWriter`),
    as `qa.indexer.Indexer.index_folder` does, attributing with `attributor`'s settings and computing with Ray Data
    (on the Ray already initialised, else on one started for this call at `address`)."""
    report = IndexReport()
    timer = StageTimer(report)
    max_bytes = max_file_bytes() if max_bytes is None else max_bytes
    reattribute = writer.stale_attribution
    # a newer attribution engine: every file goes through the actor pools (not one by one here)
    run = writer.plan_folder(folder, prune, replace, report, timer, reparse=reattribute)
    if not progress:
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no "execution finished" or progress-bar lines
    existing = writer.document_hashes()
    cached = writer.cached_hashes()
    stage = staging.Stage(writer.path)
    try:
        rows: list[tuple[int, Row | _Staged]] = []  # what the ordered pass needs, not the documents
        with ray_session(address) as ray:
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = bool(progress)
            ctx.verbose_progress = False
            cpus = int(ray.cluster_resources().get("CPU", os.cpu_count() or 1))
            n_attr, n_embed = default_pool_sizes(cpus)
            n_attr, n_embed = attribute_actors or n_attr, embed_actors or n_embed

            files = [{"path": f.path, "rel": f.rel, "n": n, "known": run.known_digest(f) or ""}
                     for n, f in enumerate(run.read)]
            with timer("pipeline"):
                ds = ray.data.from_items(files or [{"path": "", "rel": "", "n": 0, "known": ""}],
                                         override_num_blocks=max(1, len(files) // READ_BATCH))
                ds = ds.map_batches(_read_split, batch_size=READ_BATCH, num_cpus=0,  # I/O-bound: the actors hold the cores
                                    fn_kwargs={"existing": {} if reattribute else existing, "cached": cached,
                                               "max_bytes": max_bytes})
                threads = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                           "TOKENIZERS_PARALLELISM": "false"}
                ds = ds.map_batches(_Attribute, batch_size=ATTRIBUTE_BATCH, num_cpus=1,
                                    compute=ray.data.ActorPoolStrategy(size=n_attr),
                                    fn_constructor_kwargs={"model": attributor.model,
                                                           "batch_size": attributor.batch_size},
                                    runtime_env={"env_vars": threads})
                ds = ds.map_batches(_Embed, batch_size=EMBED_BATCH, num_cpus=1,
                                    compute=ray.data.ActorPoolStrategy(size=n_embed),
                                    fn_constructor_kwargs={"encoder": writer.encoder_kind},
                                    runtime_env={"env_vars": threads})

                embedded: set[str] = set()
                for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                    vectors = []
                    for order, payload in zip(batch["order"], batch["row"]):
                        row: Row | _Staged = pickle.loads(payload)
                        if isinstance(row, NewDocument):  # staged now (in file order by `order`), decided below
                            if row.attribution is None or row.vectors is None:
                                raise RuntimeError(f"{row.doc.id} came out of the pipeline not attributed or embedded")
                            vectors += [(h, v) for h, v in zip(row.hashes, row.vectors) if h not in embedded]
                            embedded.update(row.hashes)
                            stage.add(int(order), row.doc, row.paras, row.attribution)
                            row = _Staged(row.doc.id, row.doc.hash, row.doc.path)
                        rows.append((int(order), row))
                    if vectors:  # committed as they come: an interrupted run resumes from here
                        writer.cache_vectors(vectors)
                report.embedded = len(embedded)

        # Ray Data does not keep the input order: decide the documents in file order, as a local run does.
        rows.sort(key=lambda r: r[0])
        by_file: dict[int, list[tuple[int, Row | _Staged]]] = {}
        for order, row in rows:
            by_file.setdefault(order // ROWS_PER_FILE, []).append((order, row))
        queued = set()
        for n, f in enumerate(run.read):
            got = by_file.get(n, [])
            first = got[0][1] if got else None
            if isinstance(first, SameFile):
                report.file_unchanged(run.file_unchanged(f))
                continue
            report.files_read += 1
            reading = run.reading(f, first.digest if isinstance(first, FileRead) else file_digest(f.path))
            for order, row in got:
                if isinstance(row, Problem):
                    report.skipped.append(row.skipped)
                    if row.whole_file:
                        reading.failed()
                    else:
                        reading.bad_line()
                elif isinstance(row, (Unchanged, _Staged)):
                    new = isinstance(row, _Staged)
                    action, why = reading.document(row.doc_id, row.doc_hash, row.where or f.path)
                    if new and action == "same":  # re-attributed with the rest (a newer engine)
                        queued.add(row.doc_id)
                        report.reattributed += 1
                        continue
                    if not report.count(action, why) and new:
                        stage.remove(order)
                    elif new:
                        queued.add(row.doc_id)
            reading.done()
        outcome = run.finish()
        if reattribute:
            # documents not read this time (unchanged files, unreadable ones): re-attributed here, on the driver
            stale = to_reattribute(existing, queued, outcome)
            report.reattributing(stale, run.given)
            if stale:
                extra = [(d, split_paragraphs(d)) for d in map(writer.stored_document, stale)]
                for (doc, paras), attribution in zip(extra, attributor.attribute_many(extra)):
                    stage.append(doc, paras, attribution)
        writer.commit(stage, outcome, existing, report, timer, run.folder)
    finally:
        stage.close()
    return report


# -- the stages (run in Ray workers) ---------------------------------------------------------------
def _read_split(batch: dict, existing: dict, cached: set, max_bytes: int) -> dict:
    """Read files, split new or changed documents into paragraphs; unchanged ones pass on as their id and hash.
    A file whose bytes hash to its recorded digest is not parsed (`SameFile`); a new document carries the set of
    its paragraph hashes whose vectors are cached already."""
    order: list[int] = []
    rows: list[Row] = []

    def emit(n: int, row: Row) -> None:
        order.append(int(n) * ROWS_PER_FILE + len(order) - first)  # file order, then row order
        rows.append(row)

    for path, rel, n, known in zip(batch["path"], batch["rel"], batch["n"], batch["known"]):
        if not path:
            continue
        first = len(order)
        digest = file_digest(str(path))
        if known and digest == known:
            emit(n, SameFile())
            continue
        emit(n, FileRead(digest))
        lines: list[Skipped] = []
        try:
            for d in iter_file(str(path), str(rel), lines, max_bytes):
                if existing.get(d.id) == d.hash:
                    emit(n, Unchanged(d.id, d.hash, d.path))
                else:
                    paras = split_paragraphs(d)
                    emit(n, NewDocument(d, paras, frozenset(p.hash for p in paras if p.hash in cached)))
        except ReadError as err:
            emit(n, Problem(Skipped(str(path), str(err)), whole_file=True))
        for s in lines:
            emit(n, Problem(s, whole_file=False))
    return _batch(order, rows)


def _new_rows(batch: dict) -> list[tuple[int, NewDocument]]:
    return [(j, pickle.loads(p)) for j, (new, p) in enumerate(zip(batch["new"], batch["row"])) if new]


class _Attribute:
    """An attribution actor: loads the spaCy pipeline once, attributes new documents."""

    def __init__(self, model: str, batch_size: int):
        self.attributor = Attributor(model=model, batch_size=batch_size)
        _ = self.attributor.nlp  # load now, not in the first batch

    def __call__(self, batch: dict) -> dict:
        todo = _new_rows(batch)
        payload = list(batch["row"])
        results = self.attributor.attribute_many([(row.doc, row.paras) for _, row in todo])
        for (j, row), attribution in zip(todo, results):
            payload[j] = pickle.dumps(replace(row, attribution=attribution))
        return {**batch, "row": np.asarray(payload, dtype=object)}


class _Embed:
    """An embedding actor: holds one encoder; embeds the paragraphs whose vectors are not cached yet."""

    def __init__(self, encoder: str):
        from embeddings.encoder import make_encoder

        self.encoder = make_encoder(encoder, threads=1)

    def __call__(self, batch: dict) -> dict:
        items = _new_rows(batch)
        texts: dict[str, str] = {}
        for _, row in items:
            texts.update({p.hash: p.text for p in row.paras if p.hash not in row.cached})
        hashes = sorted(texts, key=lambda h: len(texts[h]))  # similar lengths pad less
        vecs = self.encoder.encode([texts[h] for h in hashes]) if hashes else np.zeros((0, 0), np.float32)
        row_of = {h: i for i, h in enumerate(hashes)}
        payload = list(batch["row"])
        done: set[str] = set()
        for j, row in items:
            mine = [p.hash for p in row.paras if p.hash in row_of and p.hash not in done]
            done.update(mine)
            payload[j] = pickle.dumps(replace(row, hashes=tuple(mine), vectors=vecs[[row_of[h] for h in mine]]))
        return {**batch, "row": np.asarray(payload, dtype=object)}
