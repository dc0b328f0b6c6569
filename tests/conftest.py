"""Shared fixtures: no network, a private WHOSAID_HOME, a fast fake encoder, and one real model.

Unit tests use `fake_encoder` (hashed bag of words, 64-d): exact, instant and good enough to rank
texts that share words. The few tests that need real semantics use the session-scoped
`minilm` fixture, so the model loads once per test run.
"""
from __future__ import annotations

import hashlib
import re
import socket
from collections.abc import Iterator

import numpy as np
import pytest

from embeddings.encoder import DEFAULT_ENCODER, get_encoder, registered_encoder

_LOCAL = ("127.0.0.1", "localhost", "::1", "0.0.0.0")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Unit tests must not reach the network (model hubs are unreachable in CI anyway)."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host in _LOCAL or host.startswith("127.") or sock.family == socket.AF_UNIX):
            return real_connect(sock, address)
        raise RuntimeError(f"network access in a test: {address}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Everything whosaid writes by default goes to a temporary folder."""
    home = tmp_path_factory.mktemp("whosaid-home")
    monkeypatch.setenv("WHOSAID_HOME", str(home))
    monkeypatch.delenv("WHOSAID_INDEX", raising=False)
    return home


class FakeEncoder:
    """Hashed bag of words: texts sharing words get similar unit vectors."""

    name = "fake-hash-64"
    dim = 64
    variant = "test"

    def __init__(self):
        self.calls = 0
        self.encoded = 0

    def encode(self, texts, batch_size: int = 32) -> np.ndarray:
        self.calls += 1
        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
            if not n:
                out[i, 0] = 1.0
        return out


@pytest.fixture
def fake_encoder() -> Iterator[FakeEncoder]:
    """Register a fresh FakeEncoder as encoder kind "fake" (and count what it encodes)."""
    enc = FakeEncoder()
    with registered_encoder("fake", lambda: enc):
        yield enc


@pytest.fixture(scope="session")
def minilm():
    """The real packaged all-MiniLM-L6-v2 (the default ONNX encoder), loaded once for the whole session."""
    enc = get_encoder(DEFAULT_ENCODER)
    enc.warm_up()
    return enc
