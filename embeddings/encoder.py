"""The encoder registry: encoder kinds by name, and one shared encoder per kind and process.

Models load lazily on the first `encode` and are cached per process by `get_encoder`, so the CLI,
the app and the tests hold one copy however many indexes they open. Tests add a kind of their own
with `register_encoder` (or `registered_encoder`, which undoes itself).
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from embeddings.base import Encoder
from embeddings.onnx_encoder import OnnxEncoder
from embeddings.torch_encoder import SentenceTransformerEncoder

# The default encoder kind: MiniLM through onnxruntime in fp32 gives the same vectors as
# sentence-transformers, faster, and loads in a fraction of the time (README, "Performance").
DEFAULT_ENCODER = "minilm-onnx"

EncoderFactory = Callable[[], Encoder]

ENCODERS: dict[str, EncoderFactory] = {
    "minilm": lambda: SentenceTransformerEncoder(),
    "minilm-int8": lambda: OnnxEncoder(quantize=True),
    "minilm-onnx": lambda: OnnxEncoder(quantize=False),
}

_INSTANCES: dict[str, Encoder] = {}
_INSTANCES_LOCK = threading.Lock()


def encoder_kinds() -> list[str]:
    """The registered encoder kinds, sorted."""
    return sorted(ENCODERS)


def _unknown(kind: str) -> ValueError:
    return ValueError(f"unknown encoder {kind!r}; choose one of: {', '.join(encoder_kinds())}")


def register_encoder(kind: str, factory: EncoderFactory) -> None:
    """Add (or replace) the encoder kind `kind`, made by `factory()`. The shared encoder of a replaced kind is
    dropped, so the next `get_encoder(kind)` makes one with the new factory."""
    with _INSTANCES_LOCK:
        ENCODERS[kind] = factory
        _INSTANCES.pop(kind, None)


@contextlib.contextmanager
def registered_encoder(kind: str, factory: EncoderFactory) -> Iterator[None]:
    """`register_encoder` for the length of the block; then the kind is as it was (or gone again)."""
    with _INSTANCES_LOCK:
        factory_before, instance_before = ENCODERS.get(kind), _INSTANCES.get(kind)
    register_encoder(kind, factory)
    try:
        yield
    finally:
        with _INSTANCES_LOCK:
            ENCODERS.pop(kind, None)
            _INSTANCES.pop(kind, None)
            if factory_before is not None:
                ENCODERS[kind] = factory_before
            if instance_before is not None:
                _INSTANCES[kind] = instance_before


def make_encoder(kind: str = DEFAULT_ENCODER, threads: int | None = None) -> Encoder:
    """A new encoder of `kind` (not the shared one) using `threads` cores: for worker processes that
    share a machine with others, such as the embedding actors of `qa.ray_ingest`."""
    if kind not in ENCODERS:
        raise _unknown(kind)
    if kind.startswith("minilm-") and threads:
        return OnnxEncoder(quantize=kind == "minilm-int8", threads=threads)
    if threads:
        import torch

        torch.set_num_threads(threads)
    return ENCODERS[kind]()


def get_encoder(kind: str = DEFAULT_ENCODER) -> Encoder:
    """One shared encoder per kind and process. Kinds: see `ENCODERS`."""
    with _INSTANCES_LOCK:
        if kind not in _INSTANCES:
            try:
                factory = ENCODERS[kind]
            except KeyError:
                raise _unknown(kind) from None
            _INSTANCES[kind] = factory()
        return _INSTANCES[kind]
