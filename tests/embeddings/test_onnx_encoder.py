"""The ONNX encoders (fp32 and int8) against sentence-transformers, and their export cache.

One export + quantisation per module, into a temporary `WHOSAID_CACHE`.
"""
from __future__ import annotations

import json
import shutil
import threading
import time

import numpy as np
import pytest

import embeddings.onnx_encoder as oe
from embeddings.base import DEFAULT_MODEL
from embeddings.encoder import ENCODERS, get_encoder
from embeddings.onnx_encoder import OnnxEncoder

pytestmark = pytest.mark.model

SENTENCES = [
    "The senator said the bill would pass by Friday.",
    "Officials declined to comment on the investigation.",
    '"We will not back down," the mayor told reporters on Tuesday.',
    "According to a spokesman, the company expects profits to rise next year.",
    "Critics argued that the proposal, unveiled last week after months of negotiations, "
    "would do little to reduce costs for families.",
    "Who said the economy is improving?",
    "She denied all the allegations against her.",
    "The president announced new tariffs on steel imports.",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whosaid-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WHOSAID_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="module")
def int8(cache):
    enc = OnnxEncoder(quantize=True)
    t0 = time.perf_counter()
    enc.warm_up()  # cold cache: export + quantise
    enc.cold_start_s = time.perf_counter() - t0
    return enc


@pytest.fixture(scope="module")
def fp32(int8):
    enc = OnnxEncoder(quantize=False)
    enc.warm_up()  # reuses the fp32 file exported for int8
    return enc


@pytest.fixture(scope="module")
def reference():
    return get_encoder("minilm").encode(SENTENCES)


def test_export_lands_in_the_cache_with_manifests(int8, fp32, cache):
    assert int8.onnx_path.parent == fp32.onnx_path.parent
    assert int8.onnx_path.is_relative_to(cache / "onnx")
    for path in (int8.onnx_path, fp32.onnx_path):
        meta = json.loads(oe._manifest(path).read_text())
        assert meta["size"] == path.stat().st_size
        assert meta["sha256"] == oe._sha256(path)
    assert not list(int8.onnx_path.parent.glob(".tmp-*"))
    assert int8.onnx_path.stat().st_size < fp32.onnx_path.stat().st_size / 1.4
    print(f"cold export + quantise + load: {int8.cold_start_s:.1f}s")


def test_attributes_and_registry(int8, fp32):
    assert (int8.name, int8.dim, int8.variant) == (DEFAULT_MODEL, 384, "onnx-int8")
    assert (fp32.name, fp32.dim, fp32.variant) == (DEFAULT_MODEL, 384, "onnx-fp32")
    made = ENCODERS["minilm-int8"](), ENCODERS["minilm-onnx"]()
    assert [type(e).__name__ for e in made] == ["OnnxEncoder", "OnnxEncoder"]
    assert [e.variant for e in made] == ["onnx-int8", "onnx-fp32"]
    assert ENCODERS["minilm"]().variant == "torch-fp32"


@pytest.mark.parametrize("which", ["int8", "fp32"])
def test_unit_norm_float32(which, request):
    enc = request.getfixturevalue(which)
    vecs = enc.encode(SENTENCES)
    assert vecs.shape == (len(SENTENCES), 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_fp32_matches_sentence_transformers(fp32, reference):
    cos = np.sum(fp32.encode(SENTENCES) * reference, axis=1)
    assert cos.min() >= 0.9999, cos


def test_int8_close_to_sentence_transformers(int8, reference):
    vecs = int8.encode(SENTENCES)
    cos = np.sum(vecs * reference, axis=1)
    assert cos.min() >= 0.99, cos
    # and still the nearest of the reference vectors for every sentence
    assert (np.argmax(vecs @ reference.T, axis=1) == np.arange(len(SENTENCES))).all()


def test_int8_one_word_text_still_close(int8):
    ref = get_encoder("minilm").encode(["Hi."])
    # very short texts lose the most to quantisation (about 0.978 here)
    assert float(int8.encode(["Hi."])[0] @ ref[0]) >= 0.96


def test_truncation_at_256_tokens_like_sentence_transformers(fp32):
    long = " ".join(["The minister spoke."] * 200)  # ~800 tokens
    ref = get_encoder("minilm").encode([long])
    assert float(fp32.encode([long])[0] @ ref[0]) >= 0.9999
    longer = long + " " + " ".join(["Bananas are yellow."] * 100)  # differs only past token 256
    np.testing.assert_allclose(fp32.encode([longer]), fp32.encode([long]), atol=1e-6)


def test_order_preserved_under_length_bucketing(fp32, int8):
    mixed = [SENTENCES[4], "Hi.", " ".join(SENTENCES), SENTENCES[1], "No.", SENTENCES[2] * 3, SENTENCES[0]]
    for enc in (fp32, int8):
        alone = np.vstack([enc.encode([t]) for t in mixed])
        for bs in (2, 3, 32):
            batched = enc.encode(mixed, batch_size=bs)
            assert (np.argmax(batched @ alone.T, axis=1) == np.arange(len(mixed))).all()
            cos = np.sum(batched * alone, axis=1)
            # fp32 is exact whatever the padding; int8 activations are quantised per batch
            # (one scale per tensor), so a text's vector moves with its batch companions:
            # down to ~0.96 for "No." batched with "Hi." and a longer text against "No." alone
            assert cos.min() >= (0.99999 if enc is fp32 else 0.94), (enc.variant, bs, cos)
    # the same texts in reverse give the same rows in reverse
    np.testing.assert_allclose(fp32.encode(mixed[::-1]), fp32.encode(mixed)[::-1], atol=1e-5)


def test_empty_input_does_not_load(cache):
    enc = OnnxEncoder()
    out = enc.encode([])
    assert out.shape == (0, 384) and out.dtype == np.float32
    assert enc._session is None


def test_second_construction_reuses_the_cache(int8, monkeypatch):
    path = int8.onnx_path
    before = {p.name: p.stat().st_mtime_ns for p in path.parent.glob("model-*")}

    def refuse(*a, **k):
        raise AssertionError("exported again despite a valid cache")

    monkeypatch.setattr(oe, "export_onnx", refuse)
    monkeypatch.setattr(oe, "quantize_onnx", refuse)
    for quantize in (True, False):
        enc = OnnxEncoder(quantize=quantize)
        enc.warm_up()
        assert enc.encode(["hello"]).shape == (1, 384)
    assert {p.name: p.stat().st_mtime_ns for p in path.parent.glob("model-*")} == before


@pytest.fixture
def cache_copy(int8, cache, tmp_path, monkeypatch):
    """A private copy of the module's cache, so a test may damage it; returns the model folder."""
    root = tmp_path / "cache"
    shutil.copytree(cache, root)
    monkeypatch.setenv("WHOSAID_CACHE", str(root))
    return root / int8.onnx_path.parent.relative_to(cache)


def counting(monkeypatch, name):
    calls = []
    real = getattr(oe, name)

    def wrapper(*a, **k):
        calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(oe, name, wrapper)
    return calls


@pytest.mark.parametrize("damage", ["truncate", "garbage", "no-manifest"])
def test_damaged_int8_file_is_quantised_again(damage, int8, cache_copy, monkeypatch):
    target = cache_copy / oe.INT8_FILE
    if damage == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        target.write_bytes(b"\0" * target.stat().st_size)  # same size, wrong bytes
    else:
        oe._manifest(target).unlink()  # as if killed between the model and its manifest
    exports, quants = counting(monkeypatch, "export_onnx"), counting(monkeypatch, "quantize_onnx")
    enc = OnnxEncoder(quantize=True)
    vecs = enc.encode(SENTENCES)
    assert (len(exports), len(quants)) == (0, 1)
    assert enc.onnx_path == target and oe._is_valid(target)
    np.testing.assert_allclose(vecs, int8.encode(SENTENCES), atol=1e-5)


def test_damaged_fp32_file_is_exported_again(fp32, cache_copy, monkeypatch):
    target = cache_copy / oe.FP32_FILE
    with open(target, "r+b") as f:
        f.seek(1000)
        f.write(b"corrupt!")
    exports = counting(monkeypatch, "export_onnx")
    enc = OnnxEncoder(quantize=False)
    vecs = enc.encode(SENTENCES)
    assert len(exports) == 1 and oe._is_valid(target)
    np.testing.assert_allclose(vecs, fp32.encode(SENTENCES), atol=1e-5)


def test_failed_export_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("WHOSAID_CACHE", str(tmp_path))

    def half_then_die(model_dir, out_path):
        with open(out_path, "wb") as f:
            f.write(b"half a model")
        raise KeyboardInterrupt  # e.g. Ctrl-C mid-export

    monkeypatch.setattr(oe, "export_onnx", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        OnnxEncoder(quantize=False).warm_up()
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name != ".lock"]
    assert leftovers == []


def test_concurrent_warm_ups_export_once(fp32, tmp_path, monkeypatch):
    """The folder lock makes a second exporter wait, then find the first one's file."""
    monkeypatch.setenv("WHOSAID_CACHE", str(tmp_path))
    calls = []

    def slow_export(model_dir, out_path):  # a copy of the real export, made slowly
        calls.append(out_path)
        time.sleep(0.5)
        shutil.copyfile(fp32.onnx_path, out_path)

    monkeypatch.setattr(oe, "export_onnx", slow_export)
    encoders = [OnnxEncoder(quantize=False) for _ in range(3)]
    errors = []

    def go(enc):
        try:
            enc.warm_up()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(e,)) for e in encoders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(calls) == 1
    assert len({e.onnx_path for e in encoders}) == 1
    np.testing.assert_allclose(encoders[2].encode(SENTENCES[:2]), fp32.encode(SENTENCES[:2]), atol=1e-6)
