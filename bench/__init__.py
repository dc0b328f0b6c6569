"""Benchmarks (not tests): `python -m bench.run` compares whosaid with txtai and sentence-transformers + FAISS."""
