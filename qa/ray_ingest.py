"""Distributed ingestion with Ray Data: read, split, attribute and embed across a cluster's cores.

    files ─► read + split (tasks) ─► attribute (actor pool: one spaCy pipeline each)
          ─► embed (actor pool: one encoder each) ─► this process: embedding cache, then one commit

The pipeline streams: every stage runs at once on different documents, and the driver writes each
batch of vectors into the index's embedding cache as it arrives, so an interrupted run resumes
without embedding anything twice. The records and the new generation (FAISS files or Milvus rows)
are then committed by the same `Indexer._commit` as a local run, so the index, and every answer,
is the same whichever way it was built (tests/qa/test_scale.py checks that).

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
from corpus.readers import ReadError, Skipped, iter_files, read_file

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
                     embed_actors: int | None = None):
    """Make the index of `ix` (an open `qa.indexer.Indexer`) mirror `folder`, computing with Ray Data
    (on the Ray already initialised, else on one started for this call at `address`)."""
    from qa.indexer import IndexReport, _read_from, _Timer

    if not os.path.isdir(folder):
        raise ReadError(str(folder), "is not a folder" if os.path.exists(folder) else "does not exist",
                        "give the folder that holds your documents")
    report = IndexReport()
    timer = _Timer(report)
    if not ix.progress:
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no "execution finished" or progress-bar lines
    with ray_session(address) as ray:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = bool(ix.progress)
        ctx.verbose_progress = False
        cpus = int(ray.cluster_resources().get("CPU", os.cpu_count() or 1))
        n_attr, n_embed = default_pool_sizes(cpus)
        n_attr, n_embed = attribute_actors or n_attr, embed_actors or n_embed

        con = ix.con
        existing = dict(con.execute("SELECT id, hash FROM documents"))
        committed = ix.meta.get("generation") != "0"
        reattribute = committed and ix.meta.get("attribution") != ATTRIBUTION_VERSION
        cached = {h for (h,) in con.execute("SELECT hash FROM vectors")}

        files = [{"path": p, "rel": r, "n": n} for n, (p, r) in enumerate(iter_files(folder))]
        with timer("pipeline"):
            ds = ray.data.from_items(files or [{"path": "", "rel": "", "n": 0}],
                                     override_num_blocks=max(1, len(files) // READ_BATCH))
            ds = ds.map_batches(_read_split, batch_size=READ_BATCH, num_cpus=0,  # I/O-bound: the actors hold the cores
                                fn_kwargs={"existing": {} if reattribute else existing, "cached": cached})
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

            rows, embedded = [], set()
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                vectors = []
                for order, status, payload in zip(batch["order"], batch["status"], batch["payload"]):
                    item = pickle.loads(payload)
                    if status == "new":
                        doc, paras, attribution, hashes, vecs = item
                        vectors += [(h, v) for h, v in zip(hashes, vecs) if h not in embedded]
                        embedded.update(hashes)
                        item = (doc, paras, attribution)
                    rows.append((int(order), str(status), item))
                if vectors:  # committed as they come: an interrupted run resumes from here
                    with con:
                        con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                        [(h, np.asarray(v, np.float32).tobytes()) for h, v in vectors])
            report.embedded = len(embedded)

    # Ray Data does not keep the input order: put documents back in file order, so duplicates are settled and
    # paragraph ids are assigned exactly as in a local run.
    rows.sort(key=lambda r: r[0])
    docs, parsed, attributions, seen = [], [], [], set()
    for _, status, item in rows:
        if status == "skipped":
            report.skipped.append(item)
            continue
        doc_id = item if status == "unchanged" else item[0].id
        if doc_id in seen:
            where = item[0].path if status == "new" else doc_id
            report.skipped.append(Skipped(where or doc_id, f"{where or doc_id}: duplicate document id {doc_id}; "
                                                           "rename one of them"))
            continue
        seen.add(doc_id)
        if status == "unchanged":
            report.unchanged += 1
            continue
        doc, paras, attribution = item
        docs.append(doc)
        parsed.append((doc, paras))
        attributions.append(attribution)

    kept = {os.path.normpath(s.path) for s in report.skipped}
    removed = [i for i in existing if i not in seen and not _read_from(folder, i, kept)]
    for doc in docs:
        report.added += doc.id not in existing
        report.changed += doc.id in existing
    if reattribute:
        # documents kept although their file failed to read this time: re-attributed here, on the driver
        stale = [ix._stored_document(i) for i in existing if i not in seen and i not in removed]
        if stale:
            from corpus.paragraphs import split_paragraphs

            extra = [(d, split_paragraphs(d)) for d in stale]
            parsed += extra
            attributions += list(ix.attributor.attribute_many(extra))
            report.reattributed = len(stale)
        unchanged_again = sum(1 for d in docs if existing.get(d.id) == d.hash)
        report.changed -= unchanged_again
        report.reattributed += unchanged_again
    report.removed = len(removed)
    report.new_paragraphs = sum(len(p) for _, p in parsed)
    report.statements = sum(len(a.statements) for a in attributions)
    if parsed or removed or not committed:
        with timer("store"):
            ix._commit(parsed, attributions, [d.id for d, _ in parsed if d.id in existing] + removed)
    report.documents = ix.con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    report.paragraphs = ix.con.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
    return report


# -- the stages (run in Ray workers) ---------------------------------------------------------------
def _read_split(batch: dict, existing: dict, cached: set) -> dict:
    """Read files, split new or changed documents into paragraphs; unchanged ones pass on as their id.
    A new document carries the set of its paragraph hashes whose vectors are cached already."""
    from corpus.paragraphs import split_paragraphs

    order, status, payload = [], [], []
    for path, rel, n in zip(batch["path"], batch["rel"], batch["n"]):
        if not path:
            continue
        first = len(status)
        skipped: list[Skipped] = []
        try:
            docs = read_file(str(path), str(rel), skipped)
        except ReadError as err:
            docs, skipped = [], skipped + [Skipped(str(path), str(err))]
        for s in skipped:
            status.append("skipped")
            payload.append(pickle.dumps(s))
        for d in docs:
            if existing.get(d.id) == d.hash:
                status.append("unchanged")
                payload.append(pickle.dumps(d.id))
            else:
                status.append("new")
                paras = split_paragraphs(d)
                payload.append(pickle.dumps((d, paras, {p.hash for p in paras if p.hash in cached})))
        order += [int(n) * ROWS_PER_FILE + k for k in range(len(status) - first)]  # file order, then row order
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
