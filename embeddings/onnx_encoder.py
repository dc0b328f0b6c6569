"""all-MiniLM-L6-v2 through onnxruntime: fp32 or dynamically quantised int8, behind `Encoder`.

The ONNX graph is made here from the packaged sentence-transformers weights (nothing is
downloaded): the BERT body plus mean pooling are exported with torch's TorchScript exporter, and
the int8 variant quantises every weight MatMul per output channel with
`onnxruntime.quantization.quantize_dynamic`. Both files are cached under
`$WHOSAID_CACHE` (default `~/.cache/whosaid`) in `onnx/<key>/`, where the key hashes the
weights file, the model config and the versions of everything that shapes the graph. Each file is
written to a temporary name in the same folder and moved into place with `os.replace`, then
recorded with its SHA-256 in a small manifest (written the same way); a file whose manifest is
missing or does not match, or that onnxruntime cannot load, is exported again. An exclusive
`flock` on the cache folder serialises the exports of concurrent processes.

Tokenisation uses `tokenizers` on the model's tokenizer.json (truncation at 256 tokens, as
sentence-transformers' `max_seq_length` for this model); inputs are sorted by token length and
each batch is padded to its own longest input only, and results come back in input order.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.base import DEFAULT_MODEL, packaged_model_path

# Bump when the export or quantisation recipe changes: it is part of the cache key.
RECIPE_VERSION = 1
OPSET = 17
MAX_LENGTH = 256
# Texts are tokenised and length-sorted this many at a time, bounding memory on huge inputs.
CHUNK = 8192
FP32_FILE = "model-fp32.onnx"
INT8_FILE = "model-int8.onnx"
_TMP_PREFIX = ".tmp-"

log = logging.getLogger(__name__)


class OnnxEncoder:
    """all-MiniLM-L6-v2 (or another local BERT-style sentence-transformers folder) via onnxruntime.

    Args:
        model_path: a local sentence-transformers folder; default: the packaged all-MiniLM-L6-v2.
        name: the vector-space name recorded in indexes. Both variants approximate the torch
            model's space, so they keep its name; `variant` tells them apart.
        dim: the embedding size.
        quantize: int8 dynamic quantisation (True) or the plain fp32 graph (False).
        cache_dir: where exported models live; default `$WHOSAID_CACHE` or `~/.cache/whosaid`.
        threads: onnxruntime intra-op threads; default `os.cpu_count()`.
        max_length: tokens per text after truncation.
    """

    def __init__(self, model_path: str | None = None, name: str = DEFAULT_MODEL, dim: int = 384,
                 quantize: bool = True, cache_dir: str | os.PathLike | None = None,
                 threads: int | None = None, max_length: int = MAX_LENGTH):
        self.model_path = model_path
        self.name = name
        self.dim = dim
        self.quantize = quantize
        self.variant = "onnx-int8" if quantize else "onnx-fp32"
        self.cache_dir = cache_dir
        self.threads = threads
        self.max_length = max_length
        self.onnx_path: Path | None = None
        self._session: Any = None    # onnxruntime.InferenceSession, made by warm_up
        self._tokenizer: Any = None  # tokenizers.Tokenizer, made by warm_up
        self._lock = threading.Lock()

    def __repr__(self):
        return f"OnnxEncoder(name={self.name!r}, variant={self.variant!r})"

    def warm_up(self):
        """Export (first time only) and load the model now; otherwise the first `encode` does."""
        with self._lock:
            if self._session is None:
                model_dir = Path(self.model_path or packaged_model_path())
                path = ensure_onnx_model(model_dir, quantize=self.quantize, cache_dir=self.cache_dir)
                session = _make_session(path, self.threads)
                self._tokenizer = _load_tokenizer(model_dir, self.max_length)
                out = session.get_outputs()[0].shape
                if out[-1] != self.dim:
                    raise ValueError(f"model {model_dir} gives {out[-1]}-d vectors, expected {self.dim}")
                self.onnx_path = path
                self._session = session
        return self._session

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        n = len(texts)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if not n:
            return out
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        session = self.warm_up()
        for start in range(0, n, CHUNK):
            chunk = [str(t) for t in texts[start:start + CHUNK]]
            encodings = self._tokenizer.encode_batch(chunk)
            lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
            order = np.argsort(lengths, kind="stable")
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                width = int(lengths[idx].max())
                ids = np.zeros((len(idx), width), dtype=np.int64)
                mask = np.zeros((len(idx), width), dtype=np.int64)
                for row, j in enumerate(idx):
                    k = int(lengths[j])
                    ids[row, :k] = encodings[j].ids
                    mask[row, :k] = 1
                vecs = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
                out[start + idx] = vecs
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, 1e-12)
        return out


# --- the cache ----------------------------------------------------------------------------------

def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """`cache_dir`, else `$WHOSAID_CACHE`, else `~/.cache/whosaid`."""
    if cache_dir:
        return Path(cache_dir)
    env = os.environ.get("WHOSAID_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "whosaid"


def _weights_file(model_dir: Path) -> Path:
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (model_dir / name).is_file():
            return model_dir / name
    raise FileNotFoundError(f"no model.safetensors or pytorch_model.bin in {model_dir}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_hash_memo: dict[tuple, str] = {}


def _sha256_memo(path: Path) -> str:
    """SHA-256 of a file that is not expected to change, remembered per (path, size, mtime)."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _hash_memo:
        _hash_memo[key] = _sha256(path)
    return _hash_memo[key]


def _version(dist: str) -> str:
    from importlib import metadata
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


def cache_key(model_dir: Path) -> str:
    """A hash of the weights, the model config and the versions that shape the exported graph."""
    parts = {
        "weights": _sha256_memo(_weights_file(model_dir)),
        "config": _sha256(model_dir / "config.json") if (model_dir / "config.json").is_file() else "",
        "recipe": RECIPE_VERSION,
        "opset": OPSET,
        **{dist: _version(dist) for dist in ("torch", "transformers", "onnx", "onnxruntime")},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def model_cache_dir(model_dir: Path, cache_dir: str | os.PathLike | None = None) -> Path:
    return cache_root(cache_dir) / "onnx" / cache_key(model_dir)


def _manifest(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _is_valid(path: Path) -> bool:
    """The file exists, and its manifest records its exact size and SHA-256."""
    try:
        meta = json.loads(_manifest(path).read_text())
        return (path.stat().st_size == meta["size"]) and _sha256(path) == meta["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _invalidate(path: Path):
    for p in (_manifest(path), path):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _atomic_write(dest: Path, produce) -> None:
    """`produce(tmp_path)` writes a file; it becomes `dest` by an atomic rename, or is removed."""
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=dest.suffix, dir=dest.parent)
    os.close(fd)
    try:
        produce(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_manifest(path: Path, **extra) -> None:
    meta = {"file": path.name, "size": path.stat().st_size, "sha256": _sha256(path), **extra}
    _atomic_write(_manifest(path), lambda tmp: Path(tmp).write_text(json.dumps(meta, indent=1)))


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """An exclusive advisory lock on `folder/.lock` (a no-op where fcntl is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(folder / ".lock", "a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _clean_stale_temps(folder: Path, older_than: float = 3600.0):
    """Remove temporaries left by killed exports (only old ones: another process may be writing)."""
    now = time.time()
    for p in folder.glob(_TMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > older_than:
                p.unlink()


def _loads(path: Path) -> bool:
    try:
        _make_session(path, threads=1)
        return True
    except Exception as exc:  # noqa: BLE001 - any load failure means "export again"
        log.warning("cached ONNX model %s does not load (%s); exporting it again", path, exc)
        return False


def ensure_onnx_model(model_dir: str | os.PathLike, quantize: bool = True,
                      cache_dir: str | os.PathLike | None = None) -> Path:
    """The path of a verified cached ONNX model (int8 or fp32), exporting it first if needed."""
    model_dir = Path(model_dir)
    folder = model_cache_dir(model_dir, cache_dir)
    target = folder / (INT8_FILE if quantize else FP32_FILE)
    if _is_valid(target):
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with _folder_lock(folder):
        # another process may have finished the export while this one waited for the lock
        if _is_valid(target) and _loads(target):
            return target
        _clean_stale_temps(folder)
        fp32 = folder / FP32_FILE
        if not (_is_valid(fp32) and _loads(fp32)):
            _invalidate(fp32)
            t0 = time.perf_counter()
            _atomic_write(fp32, lambda tmp: export_onnx(model_dir, tmp))
            _write_manifest(fp32, variant="onnx-fp32", source=str(model_dir))
            log.info("exported %s in %.1fs", fp32, time.perf_counter() - t0)
        if quantize:
            _invalidate(target)
            t0 = time.perf_counter()
            _atomic_write(target, lambda tmp: quantize_onnx(fp32, tmp))
            _write_manifest(target, variant="onnx-int8", source=str(model_dir))
            log.info("quantised %s in %.1fs", target, time.perf_counter() - t0)
    return target


# --- export and quantisation --------------------------------------------------------------------

def export_onnx(model_dir: str | os.PathLike, out_path: str | os.PathLike) -> None:
    """Write the fp32 ONNX graph (input_ids, attention_mask) -> mean-pooled embedding (unnormalised)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        # eager attention traces to plain ONNX ops that onnxruntime fuses itself
        model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    model.eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self, body):
            super().__init__()
            self.body = body

        def forward(self, input_ids, attention_mask):
            hidden = self.body(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            # the same formula as sentence-transformers' Pooling(mean)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    wrapper = MeanPooled(model).eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 7592, 102, 0, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    dynamic = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
               "embedding": {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and legacy-exporter chatter
        torch.onnx.export(wrapper, (ids, mask), str(out_path), input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], dynamic_axes=dynamic, opset_version=OPSET,
                          do_constant_folding=True, dynamo=False)


class _DropPreprocessHint(logging.Filter):
    def filter(self, record):
        return "pre-processing before quantization" not in record.getMessage()


def quantize_onnx(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """int8 dynamic quantisation of every weight MatMul, per output channel (embeddings stay fp32)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    hint = _DropPreprocessHint()
    root = logging.getLogger()
    root.addFilter(hint)
    try:
        quantize_dynamic(str(src), str(dst), op_types_to_quantize=["MatMul"], per_channel=True,
                         weight_type=QuantType.QInt8)
    finally:
        root.removeFilter(hint)


# --- runtime ------------------------------------------------------------------------------------

def _make_session(path: Path, threads: int | None):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads or os.cpu_count() or 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.log_severity_level = 3
    # Idle worker threads must not spin: indexing runs attribution on the other core meanwhile.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def _load_tokenizer(model_dir: Path, max_length: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # tokenizer.json ships with truncation at 128 and fixed padding to 128: replace both
    tok.enable_truncation(max_length=max_length)
    tok.no_padding()
    return tok
