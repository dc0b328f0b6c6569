"""Milvus vector store: the same `VectorStore` calls as FAISS, for corpora that outgrow one machine.

One collection per index. Each row is a paragraph: its id (the index's own paragraph id), its
vector, the fields retrieval filters on (document id, paragraph number, the ids of the speakers
quoted in it) and the generation that added it. The speaker filter runs inside Milvus
(`array_contains_any(speaker_ids, [...])`), not in Python after the fact.

Commits stay atomic although Milvus has no transaction shared with SQLite:
- a writer inserts generation N+1's rows *before* it commits the records, and every search is
  restricted to `gen <= committed generation`, so readers never see rows of an unfinished run;
- rows of removed paragraphs are deleted only *after* the commit (their ids are queued in SQLite in
  the same transaction, so a run killed in between deletes them next time);
- the next writer deletes rows of a generation that never committed (`remove_uncommitted`).

The same code talks to Milvus Lite (`MilvusClient("file.db")`, one process at a time per file), a
Milvus standalone or a cluster (`MilvusClient("http://host:19530")`): only the URI differs.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable, Sequence

import numpy as np

from embeddings.store import StoreError, StoreSpec

INSERT_BATCH = 2_000        # rows per insert call (about 3 MB of float32 at 384-d)
MAX_SPEAKERS = 256          # speaker ids kept per paragraph (the array field's capacity)
HNSW_M = 32                 # a Milvus server indexes with HNSW, as FAISS does past 100k vectors
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 512
MAX_IN_LIST = 50_000        # ids per `id in [...]` filter; larger subsets are searched in parts
MAX_LIMIT = 16_384          # Milvus' top-k ceiling
OWNER_PROPERTY = "whosaid_owner"  # collection property: the id of the index it belongs to


def speaker_key(name: str) -> int:
    """A speaker's canonical name as a stable signed 64-bit id (what the speaker filter compares)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


class MilvusStore:
    """Vectors by int64 paragraph id in a Milvus collection, inner-product search: a `VectorStore` whose generations
    share the collection (`in_place`), each row tagged with the generation that added it.

    Args:
        spec: where the collection lives (`embeddings.store.parse_store`).
        dim: vector size.
        generation: the committed generation readers may see (None: every row, for writers).
        create: create the collection if it is missing (writers); readers get a clear error instead.
        owner: the id of the index the collection belongs to (kept as a collection property);
            a collection made for another index is refused, so two indexes never share one.
    """

    in_place = True
    remote = True

    # Whether the retriever should filter by speaker here (`search(..., speakers=...)`, inside Milvus) rather than
    # pass the speaker's paragraph ids (`subset`, also inside Milvus). A server answers `array_contains_any` from an
    # INVERTED index on the array; Milvus Lite 3.2 has no index on arrays and evaluates the filter row by row in
    # Python, far slower than the id filter (bench/SCALE.md and the README's "Scaling out" have the numbers).
    @property
    def filters_speakers(self) -> bool:
        return self.spec.kind == "milvus"

    def __init__(self, spec: StoreSpec, dim: int, generation: int | None = None, create: bool = False,
                 owner: str | None = None):
        self.spec, self.dim, self.generation, self.owner = spec, dim, generation, owner
        self.building = 0  # the generation `add` tags rows with (set by `begin`)
        self.collection = spec.collection
        self.client = _connect(spec)
        try:
            if not self.client.has_collection(self.collection):
                if not create:
                    raise StoreError(f"{spec.describe()} has no collection {self.collection}: the index's vectors are "
                                     "missing there; re-index into a new folder with `qa index DIR --index NEW --store ...`")
                self._create()
            else:
                self._check_collection()
        except BaseException:
            self.close()
            raise
        self.client.load_collection(self.collection)

    # -- schema ---------------------------------------------------------------------------------
    def _create(self) -> None:
        from pymilvus import DataType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vec", DataType.FLOAT_VECTOR, dim=self.dim)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=1024)
        schema.add_field("paragraph", DataType.INT64)
        schema.add_field("gen", DataType.INT64)
        schema.add_field("speaker_ids", DataType.ARRAY, element_type=DataType.INT64, max_capacity=MAX_SPEAKERS)
        index = self.client.prepare_index_params()
        index.add_index(field_name="gen", index_type="INVERTED")  # every search filters on it
        if self.spec.kind == "milvus-lite":
            index.add_index(field_name="vec", index_type="FLAT", metric_type="IP")  # exact, like FAISS below 100k
        else:
            index.add_index(field_name="vec", index_type="HNSW", metric_type="IP",
                            params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION})
            index.add_index(field_name="speaker_ids", index_type="INVERTED")
        self.client.create_collection(self.collection, schema=schema, index_params=index,
                                      consistency_level="Strong", properties={OWNER_PROPERTY: self.owner or ""})

    def _check_collection(self) -> None:
        info = self.client.describe_collection(self.collection)
        fields = info.get("fields", [])
        vec = next((f for f in fields if f.get("name") == "vec"), None)
        dim = int((vec or {}).get("params", {}).get("dim", 0))
        names = {f.get("name") for f in fields}
        if vec is None or dim != self.dim or not {"gen", "speaker_ids", "doc_id"} <= names:
            raise StoreError(f"collection {self.collection} in {self.spec.describe()} was not made by whosaid for "
                             f"{self.dim}-d vectors (vector size {dim or '?'}): choose another with ?collection=NAME")
        owner = (info.get("properties") or {}).get(OWNER_PROPERTY, "")
        if self.owner is not None and owner != self.owner:
            raise StoreError(f"collection {self.collection} in {self.spec.describe()} belongs to another index "
                             f"({'index ' + owner if owner else 'no whosaid index recorded'}): choose another with "
                             "?collection=NAME")

    # -- reads ----------------------------------------------------------------------------------
    def show(self, generation: int) -> None:
        """Readers see rows of generations up to `generation` from now on (one connection for every generation)."""
        self.generation = generation

    def _visible(self) -> str:
        return f"gen <= {int(self.generation)}" if self.generation is not None else ""

    def __len__(self) -> int:
        rows = self.client.query(self.collection, filter=self._visible() or "gen >= 0",
                                 output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None,
               speakers: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k inner products per query row, among `subset` ids and/or paragraphs quoting one of `speakers`.
        Returns (scores, ids) of shape (len(queries), k'), padded with id -1 like FAISS."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(int(k), MAX_LIMIT))
        clauses = [c for c in (self._visible(),) if c]
        if speakers is not None:
            keys = sorted({speaker_key(s) for s in speakers})
            if not keys:
                return _empty(len(queries))
            clauses.append(f"array_contains_any(speaker_ids, [{', '.join(map(str, keys))}])")
        parts: list[np.ndarray | None] = [None]
        if subset is not None:
            subset = np.unique(np.asarray(subset, dtype=np.int64))
            if not len(subset):
                return _empty(len(queries))
            parts = [subset[i:i + MAX_IN_LIST] for i in range(0, len(subset), MAX_IN_LIST)]
        results = []
        for part in parts:
            where = clauses + ([f"id in [{', '.join(map(str, part.tolist()))}]"] if part is not None else [])
            params = {"metric_type": "IP", "params": {"ef": max(HNSW_EF_SEARCH, 2 * k)}}
            results.append(self.client.search(self.collection, data=queries.tolist(), limit=k,
                                              filter=" and ".join(where), search_params=params, anns_field="vec"))
        merged = [sorted(((float(h["distance"]), int(h["id"])) for res in results for h in res[q]),
                         key=lambda t: (-t[0], t[1]))[:k] for q in range(len(queries))]
        width = max((len(m) for m in merged), default=0)
        scores = np.full((len(queries), width), -np.finfo(np.float32).max, dtype=np.float32)
        ids = np.full((len(queries), width), -1, dtype=np.int64)
        for q, hits in enumerate(merged):
            for j, (s, i) in enumerate(hits):
                scores[q, j], ids[q, j] = s, i
        return scores, ids

    def get(self, ids: Iterable[int]) -> np.ndarray:
        """Stored vectors of `ids`, in order (zeros for an id that is not stored)."""
        ids = [int(i) for i in ids]
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        if not ids:
            return out
        pos: dict[int, list[int]] = {}
        for j, i in enumerate(ids):
            pos.setdefault(i, []).append(j)
        keys = list(pos)
        for a in range(0, len(keys), MAX_IN_LIST):
            for row in self.client.get(self.collection, ids=keys[a:a + MAX_IN_LIST], output_fields=["vec"]):
                out[pos[int(row["id"])]] = np.asarray(row["vec"], dtype=np.float32)
        return out

    def ids(self) -> np.ndarray:
        out = []
        it = self.client.query_iterator(self.collection, batch_size=10_000, output_fields=["id"],
                                        filter=self._visible() or "gen >= 0")
        while True:
            batch = it.next()
            if not batch:
                it.close()
                break
            out += [int(r["id"]) for r in batch]
        return np.asarray(sorted(out), dtype=np.int64)

    # -- writes ---------------------------------------------------------------------------------
    def begin(self, generation: int) -> None:
        """Rows added from now on belong to `generation` (invisible to readers until it commits)."""
        self.building = generation

    def add(self, ids: np.ndarray, vectors: np.ndarray, *, generation: int | None = None,
            doc_ids: Sequence[str] | None = None, paragraphs: Sequence[int] | None = None,
            speakers: Sequence[Collection[str]] | None = None) -> None:
        """Insert rows (ids must be new) of `generation` (default: the one `begin` started). `speakers[i]` are the
        canonical names quoted in paragraph i."""
        generation = self.building if generation is None else generation
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        for a in range(0, len(ids), INSERT_BATCH):
            rows = []
            for j in range(a, min(a + INSERT_BATCH, len(ids))):
                names = sorted(set(speakers[j])) if speakers is not None else []
                rows.append({"id": int(ids[j]), "vec": vectors[j].tolist(),
                             "doc_id": str(doc_ids[j]) if doc_ids is not None else "",
                             "paragraph": int(paragraphs[j]) if paragraphs is not None else 0,
                             "gen": int(generation),
                             "speaker_ids": sorted({speaker_key(n) for n in names})[:MAX_SPEAKERS]})
            self.client.insert(self.collection, rows)

    def remove(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        for a in range(0, len(ids), MAX_IN_LIST):
            self.client.delete(self.collection, ids=ids[a:a + MAX_IN_LIST])

    def remove_uncommitted(self, committed: int) -> None:
        """Delete rows a run that never committed left behind (generation above `committed`)."""
        self.client.delete(self.collection, filter=f"gen > {int(committed)}")

    def flush(self) -> None:
        flush = getattr(self.client, "flush", None)
        if flush is not None:
            flush(self.collection)

    def save(self) -> None:
        """Milvus persists what it is given; flushing makes it durable before the records commit."""
        self.flush()

    def drop(self) -> None:
        self.client.drop_collection(self.collection)

    def close(self) -> None:
        """Close the connection; the last one to a Milvus Lite file in this process also stops its in-process
        server, which frees the file for other processes."""
        if self.client is None:
            return
        self.client.close()
        self.client = None
        _release(self.spec)


def _empty(n: int):
    return np.zeros((n, 0), np.float32), np.zeros((n, 0), np.int64)


_LITE_USERS: dict[str, int] = {}  # open MilvusStores per Milvus Lite file in this process


def _uri(spec: StoreSpec) -> str:
    if spec.uri is None:  # parse_store gives every Milvus spec its URI
        raise StoreError(f"{spec.describe()} has no URI")
    return spec.uri


def _release(spec: StoreSpec) -> None:
    if spec.kind != "milvus-lite":
        return
    uri = _uri(spec)
    _LITE_USERS[uri] = _LITE_USERS.get(uri, 1) - 1
    if _LITE_USERS[uri] <= 0:
        del _LITE_USERS[uri]
        try:
            from milvus_lite.server_manager import server_manager_instance
        except ImportError:  # another Milvus Lite: it frees the file at exit
            return
        server_manager_instance.release_server(uri)


def _lite_file_busy(path: str) -> bool:
    """Whether another process holds the Milvus Lite file (its LOCK is an advisory flock)."""
    import fcntl

    lock = os.path.join(path, "LOCK")
    if not os.path.exists(lock):
        return False
    with open(lock, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    return False


def _connect(spec: StoreSpec):
    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise StoreError(f"{spec.describe()} needs pymilvus: install the scale-out extra with "
                         "`pip install -e '.[scale]'`") from None
    lite = spec.kind == "milvus-lite"
    uri = _uri(spec)
    if lite:
        os.makedirs(os.path.dirname(uri), exist_ok=True)
        if uri not in _LITE_USERS and _lite_file_busy(uri):
            raise StoreError(f"the Milvus Lite file {uri} is open in another process (Milvus Lite allows one "
                             "process per file): stop that process, or use a Milvus server (--store milvus://HOST:PORT)")
    try:
        client = MilvusClient(uri, token=os.environ.get("MILVUS_TOKEN", ""))
        if lite:
            _LITE_USERS[uri] = _LITE_USERS.get(uri, 0) + 1
        return client
    except Exception as exc:  # pymilvus raises its own MilvusException, and Milvus Lite its own lock error
        text = str(exc)
        if lite and _lite_file_busy(uri):
            raise StoreError(f"the Milvus Lite file {uri} is open in another process (Milvus Lite allows one "
                             "process per file): stop that process, or use a Milvus server (--store milvus://HOST:PORT)"
                             ) from None
        raise StoreError(f"cannot reach {spec.describe()}: {text.splitlines()[0] if text else type(exc).__name__}"
                         ) from None
