"""--store values: what each one means, and a clear error for the rest."""
from __future__ import annotations

import pytest

from embeddings.store import StoreError, StoreSpec, parse_store


def test_default_is_faiss(tmp_path):
    assert parse_store(None, tmp_path) == StoreSpec("faiss")
    assert parse_store("faiss", tmp_path).to_meta() == "faiss"


def test_milvus_lite_in_the_index_folder_moves_with_it(tmp_path):
    spec = parse_store("milvus-lite", tmp_path / "idx")
    assert (spec.kind, spec.uri) == ("milvus-lite", str((tmp_path / "idx" / "milvus.db").resolve()))
    assert spec.collection.startswith("whosaid_")
    meta = spec.to_meta()
    assert meta == f"milvus-lite?collection={spec.collection}"
    moved = parse_store(meta, tmp_path / "moved")
    assert moved.uri == str((tmp_path / "moved" / "milvus.db").resolve()) and moved.collection == spec.collection


def test_milvus_lite_file_elsewhere_round_trips(tmp_path):
    spec = parse_store(f"milvus-lite:{tmp_path}/v.db?collection=news", tmp_path / "idx")
    assert (spec.kind, spec.uri, spec.collection) == ("milvus-lite", str(tmp_path / "v.db"), "news")
    assert parse_store(spec.to_meta(), tmp_path / "other") == spec


@pytest.mark.parametrize("value, uri", [
    ("milvus://db.example:19531", "http://db.example:19531"),
    ("milvus://db.example", "http://db.example:19530"),
    ("milvus+https://db.example:443/", "https://db.example:443"),
])
def test_milvus_server_uris(tmp_path, value, uri):
    spec = parse_store(value, tmp_path)
    assert (spec.kind, spec.uri) == ("milvus", uri)
    assert parse_store(spec.to_meta(), tmp_path / "elsewhere") == spec


@pytest.mark.parametrize("value, message", [
    ("elastic://x", "is not known: give faiss"),
    ("milvus-lite:/tmp/vectors.sqlite", "must end in .db"),
    ("milvus://h:1?collection=1bad", "a collection name is letters"),
    ("milvus://h:1?shards=4", "unknown option 'shards'"),
    ("faiss?collection=x", "faiss takes no options"),
])
def test_bad_values_say_what_to_give(tmp_path, value, message):
    with pytest.raises(StoreError, match=message) as info:
        parse_store(value, tmp_path)
    assert repr(value) in str(info.value)
