"""Text encoders and vector stores behind two small interfaces (`Encoder`, `VectorStore`)."""
from embeddings.base import Encoder
from embeddings.encoder import get_encoder
from embeddings.store import VectorStore

__all__ = ["Encoder", "VectorStore", "get_encoder"]
