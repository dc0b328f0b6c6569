"""Distributed ingestion with Ray Data: read, split, attribute and embed across a cluster's cores.

    files ─► read + split (tasks) ─► attribute (actor pool: one spaCy pipeline each)
          ─► embed (actor pool: one encoder each) ─► this process: embedding cache + staging, then one commit

The pipeline streams: every stage runs at once on different documents, and the driver writes each
batch of vectors into the index's embedding cache, and each document's records into the run's
staging file (`qa.staging`), as they arrive, so its memory holds what is in flight, not the corpus,
and an interrupted run resumes without embedding anything twice. The driver plans the run and
decides each document in file order with the local pipeline's own bookkeeping (`qa.plan`: nothing
removed without `prune`, no other folder's document replaced, unchanged files not read), and
commits through the same `Indexer._commit`, so the index, and every answer, is the same whichever
way it was built (tests/qa/test_scale.py checks that).

`address="local"` starts Ray on this machine (`ray.init()`); any other value joins that cluster
(`ray://head:10001` or `auto`). On a cluster every node needs this package installed and the
folder at the same path (a shared or network file system), as for any Ray Data file source.
"""
from __future__ import annotations

import contextlib
import logging
import os
import pickle

import numpy as np

from corpus.attribution import ATTRIBUTION_VERSION, Attributor
from corpus.readers import ReadError, Skipped, iter_file

READ_BATCH = 16      # files per read task
ATTRIBUTE_BATCH = 8  # documents per attribution call
EMBED_BATCH = 8      # documents per embedding call (their new paragraphs are encoded together)
ROWS_PER_FILE = 10_000_000  # order key = file number * this + row within the file (a .jsonl holds many documents)


def default_pool_sizes(cpus: int) -> tuple[int, int]:
    """(attribution actors, embedding actors) for `cpus` cores. Attribution (spaCy) and ONNX embedding
    cost about the same per paragraph and core here (bench.stages: 223 vs 237 paragraphs/s), so the
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


def index_folder_ray(ix, folder, address: str = "local", attribute_actors: int | None = None,
                     embed_actors: int | None = None, prune: bool = False, replace: bool = False,
                     max_bytes: int | None = None):
    """Add the new and changed documents under `folder` to the index of `ix` (an open `qa.indexer.Indexer`), as
    `Indexer.index_folder` does, computing with Ray Data (on the Ray already initialised, else on one started for
    this call at `address`)."""
    from corpus.readers import max_file_bytes
    from qa import staging
    from qa.indexer import IndexReport, _count, _Timer
    from qa.plan import file_digest

    report = IndexReport()
    timer = _Timer(report)
    max_bytes = max_file_bytes() if max_bytes is None else max_bytes
    committed = ix.meta.get("generation") != "0"
    reattribute = committed and ix.meta.get("attribution") != ATTRIBUTION_VERSION
    # a newer attribution engine: every file goes through the actor pools (not one by one here)
    run = ix._plan_folder(folder, prune, replace, report, timer, reparse=reattribute)
    if not ix.progress:
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no "execution finished" or progress-bar lines
    con = ix.con
    existing = dict(con.execute("SELECT id, hash FROM documents"))
    cached = {h for (h,) in con.execute("SELECT hash FROM vectors")}
    stage = staging.Stage(ix.path)
    try:
        rows = []  # (order, status, doc id, hash, where): what the ordered pass needs, not the documents
        with ray_session(address) as ray:
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = bool(ix.progress)
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
                                               "max_bytes": max_bytes, "sidecars": run.sidecars})
                threads = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                           "TOKENIZERS_PARALLELISM": "false"}
                ds = ds.map_batches(_Attribute, batch_size=ATTRIBUTE_BATCH, num_cpus=1,
                                    compute=ray.data.ActorPoolStrategy(size=n_attr),
                                    fn_constructor_kwargs={"model": ix.attributor.model,
                                                           "batch_size": ix.attributor.batch_size},
                                    runtime_env={"env_vars": threads})
                ds = ds.map_batches(_Embed, batch_size=EMBED_BATCH, num_cpus=1,
                                    compute=ray.data.ActorPoolStrategy(size=n_embed),
                                    fn_constructor_kwargs={"encoder": ix.encoder_kind},
                                    runtime_env={"env_vars": threads})

                embedded = set()
                for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                    vectors = []
                    for order, status, payload in zip(batch["order"], batch["status"], batch["payload"]):
                        item = pickle.loads(payload)
                        if status == "new":  # staged now (in file order by `order`), decided below
                            doc, paras, attribution, hashes, vecs = item
                            vectors += [(h, v) for h, v in zip(hashes, vecs) if h not in embedded]
                            embedded.update(hashes)
                            stage.add(int(order), doc, paras, attribution)
                            report.warnings += doc.meta.get("problems", ())
                            item = (doc.id, doc.hash, doc.path)
                        rows.append((int(order), str(status), item))
                    if vectors:  # committed as they come: an interrupted run resumes from here
                        with con:
                            con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                            [(h, np.asarray(v, np.float32).tobytes()) for h, v in vectors])
                report.embedded = len(embedded)

        # Ray Data does not keep the input order: decide the documents in file order, as a local run does.
        rows.sort(key=lambda r: r[0])
        by_file: dict[int, list] = {}
        for order, status, item in rows:
            by_file.setdefault(order // ROWS_PER_FILE, []).append((order, status, item))
        queued = set()
        for n, f in enumerate(run.read):
            got = by_file.get(n, [])
            if got and got[0][1] == "same_file":
                run.file_unchanged(f)
                report.unchanged += len(run.records[run.key(f)].docs)
                report.files_unchanged += 1
                continue
            report.files_read += 1
            reading = run.reading(f, got[0][2] if got and got[0][1] == "digest" else file_digest(f.path))
            for order, status, item in got:
                if status == "failed":
                    report.skipped.append(item)
                    reading.failed()
                elif status == "line":
                    report.skipped.append(item)
                    reading.bad_line()
                elif status in ("new", "unchanged"):
                    doc_id, doc_hash, where = item
                    action, why = reading.document(doc_id, doc_hash, where or f.path)
                    if status == "new" and action == "same":  # re-attributed with the rest (a newer engine)
                        queued.add(doc_id)
                        report.reattributed += 1
                        continue
                    if not _count(report, action, why) and status == "new":
                        stage.remove(order)
                    elif status == "new":
                        queued.add(doc_id)
            reading.done()
        outcome = run.finish()
        if reattribute:
            # documents not read this time (unchanged files, unreadable ones): re-attributed here, on the driver
            removed = set(outcome.remove)
            stale = [i for i in existing if i not in queued and i not in removed]
            report.unchanged -= sum(1 for i in stale if i in run.given)
            if stale:
                from corpus.paragraphs import split_paragraphs

                extra = [(d, split_paragraphs(d)) for d in map(ix._stored_document, stale)]
                for (doc, paras), attribution in zip(extra, ix.attributor.attribute_many(extra)):
                    stage.append(doc, paras, attribution)
                report.reattributed += len(stale)
        ix._store(stage, outcome, existing, report, timer, run.folder)
    finally:
        stage.close()
    ix._sidecars_done(run)
    return report


# -- the stages (run in Ray workers) ---------------------------------------------------------------
def _read_split(batch: dict, existing: dict, cached: set, max_bytes: int, sidecars=None) -> dict:
    """Read files (with their `sidecars` metadata over their own), split new or changed documents into paragraphs;
    unchanged ones pass on as their id and hash. A file whose bytes hash to its recorded digest is not parsed
    ("same_file"); a new document carries the set of its paragraph hashes whose vectors are cached already."""
    from corpus.paragraphs import split_paragraphs
    from qa.plan import file_digest

    order, status, payload = [], [], []

    def emit(n: int, kind: str, item) -> None:
        order.append(int(n) * ROWS_PER_FILE + len(order) - first)  # file order, then row order
        status.append(kind)
        payload.append(pickle.dumps(item))

    for path, rel, n, known in zip(batch["path"], batch["rel"], batch["n"], batch["known"]):
        if not path:
            continue
        first = len(order)
        digest = file_digest(str(path))
        if known and digest == known:
            emit(n, "same_file", None)
            continue
        emit(n, "digest", digest)
        lines: list[Skipped] = []
        try:
            for d in iter_file(str(path), str(rel), lines, max_bytes):
                d = sidecars.apply(d) if sidecars is not None else d
                if existing.get(d.id) == d.hash:
                    emit(n, "unchanged", (d.id, d.hash, d.path))
                else:
                    paras = split_paragraphs(d)
                    emit(n, "new", (d, paras, {p.hash for p in paras if p.hash in cached}))
        except ReadError as err:
            emit(n, "failed", Skipped(str(path), str(err)))
        for s in lines:
            emit(n, "line", s)
    return {"order": np.asarray(order, dtype=np.int64), "status": np.asarray(status, dtype=object),
            "payload": np.asarray(payload, dtype=object)}


class _Attribute:
    """An attribution actor: loads the spaCy pipeline once, attributes new documents."""

    def __init__(self, model: str, batch_size: int):
        self.attributor = Attributor(model=model, batch_size=batch_size)
        self.attributor.nlp  # load now, not in the first batch

    def __call__(self, batch: dict) -> dict:
        todo = [(j, pickle.loads(p)) for j, (s, p) in enumerate(zip(batch["status"], batch["payload"])) if s == "new"]
        payload = list(batch["payload"])
        results = self.attributor.attribute_many([(doc, paras) for _, (doc, paras, _) in todo])
        for (j, (doc, paras, cached)), attribution in zip(todo, results):
            payload[j] = pickle.dumps((doc, paras, attribution, cached))
        return {"order": batch["order"], "status": batch["status"], "payload": np.asarray(payload, dtype=object)}


class _Embed:
    """An embedding actor: holds one encoder; embeds the paragraphs whose vectors are not cached yet."""

    def __init__(self, encoder: str):
        from embeddings.encoder import make_encoder

        self.encoder = make_encoder(encoder, threads=1)

    def __call__(self, batch: dict) -> dict:
        items = [(j, pickle.loads(p)) for j, (s, p) in enumerate(zip(batch["status"], batch["payload"])) if s == "new"]
        texts: dict[str, str] = {}
        for _, (_, paras, _, cached) in items:
            texts.update({p.hash: p.text for p in paras if p.hash not in cached})
        hashes = sorted(texts, key=lambda h: len(texts[h]))  # similar lengths pad less
        vecs = self.encoder.encode([texts[h] for h in hashes]) if hashes else np.zeros((0, 0), np.float32)
        row_of = {h: i for i, h in enumerate(hashes)}
        payload = list(batch["payload"])
        done: set[str] = set()
        for j, (doc, paras, attribution, _) in items:
            mine = [p.hash for p in paras if p.hash in row_of and p.hash not in done]
            done.update(mine)
            payload[j] = pickle.dumps((doc, paras, attribution, mine, vecs[[row_of[h] for h in mine]]))
        return {"order": batch["order"], "status": batch["status"], "payload": np.asarray(payload, dtype=object)}
