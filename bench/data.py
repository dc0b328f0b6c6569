"""Pure helpers of the benchmark: corpus subsets, realistic questions, statistics, synthetic vectors.

Nothing here loads a model or touches an index, so `tests/bench` can check it on tiny inputs.
The corpus is read at run time and never stored; subsets are symlink folders in a temp dir.
"""
from __future__ import annotations

import hashlib
import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Words that make a poor topic on their own (the BM25 stopwords plus news filler).
_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our out over own same she should so some such than that the their them then there
these they this those through to too under until up very was we were what when where which while who whom
why will with would you your said says say told tell asked added according year years time people one two
three new last first mr ms mrs dr would like get got make made going went come came think know see
former latest next many much other such same whole
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_PHRASE = re.compile(r"\b(?i:the|a|an|his|her|their|its|our)\s+((?:[a-z][a-z\-]+\s+){0,2}[a-z][a-z\-]{3,})\b")


@dataclass(frozen=True)
class Subset:
    """Files of the corpus chosen for one measurement and how many paragraphs they hold."""

    files: tuple[Path, ...]
    paragraphs: int


def corpus_files(corpus: str | os.PathLike) -> list[Path]:
    """The corpus' .txt files in a fixed pseudo-random order (so a prefix mixes the sources)."""
    files = sorted(Path(corpus).glob("*.txt"), key=lambda p: hashlib.sha1(p.name.encode()).hexdigest())
    if not files:
        raise SystemExit(f"--corpus {corpus}: no .txt files there; give the folder of PolNeAR train texts")
    return files


def select_subset(files: Sequence[Path], paragraph_counts: Sequence[int], target: int | None) -> Subset:
    """The shortest prefix of `files` holding at least `target` paragraphs (all files if None)."""
    chosen, total = [], 0
    for f, n in zip(files, paragraph_counts):
        if target is not None and total >= target:
            break
        chosen.append(f)
        total += n
    return Subset(tuple(chosen), total)


def link_folder(files: Sequence[Path], dest: str | os.PathLike) -> Path:
    """A folder of symlinks to `files` (what `qa index` reads), so no text is copied."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for f in files:
        link = dest / f.name
        if not link.exists():
            link.symlink_to(Path(f).resolve())
    return dest


def noun_phrases(text: str, limit: int = 8) -> list[str]:
    """Cheap noun phrases: "the/a/his ... noun" with the determiner dropped, stopwords excluded."""
    out: list[str] = []
    for m in _PHRASE.finditer(text):
        words = m.group(1).split()[:1]
        for w in m.group(1).split()[1:]:  # "the senator criticised": a verb ends the phrase
            if w in _STOP or w.endswith(("ed", "ly", "ing")):
                break
            words.append(w)
        while words and words[0] in _STOP:
            words.pop(0)
        if words and words[-1] not in _STOP and len(words[-1]) > 3:
            phrase = " ".join(words)
            if phrase not in out:
                out.append(phrase)
                if len(out) == limit:
                    break
    return out


def quote_snippet(text: str, rng: random.Random, words: int = 6) -> str | None:
    """`words` consecutive words of a statement, for "who said ..." questions."""
    toks = _WORD.findall(text)
    if len(toks) < words + 2:
        return None
    i = rng.randrange(0, len(toks) - words)
    return " ".join(toks[i:i + words])


def make_questions(speakers: Sequence[tuple[str, Sequence[str]]], paragraphs: Sequence[str], n: int,
                   seed: int = 0) -> list[str]:
    """Realistic `qa ask` questions: 60% "What did S say about T?", 20% "Who said ...?", 20% "What was said about T?".

    Args:
        speakers: (name, texts of their statements) of the corpus' most quoted speakers.
        paragraphs: paragraph texts to draw topics from.
        n: how many questions.
        seed: the random seed (same corpus and seed, same questions).

    Half of the speaker questions take the topic from the speaker's own statements (answerable),
    half from any paragraph (often not: the "what others said" path).
    """
    rng = random.Random(seed)
    topics = [p for para in rng.sample(list(paragraphs), min(len(paragraphs), 4 * n)) for p in noun_phrases(para, 2)]
    if not topics:
        topics = ["the economy"]
    speakers = [(name, texts) for name, texts in speakers if texts]
    quotes = [t for _, texts in speakers for t in texts]
    out: list[str] = []
    kinds = ["speaker"] * 3 + ["who", "topic"]
    while len(out) < n:
        kind = kinds[len(out) % len(kinds)] if speakers else "topic"
        if kind == "speaker":
            name, texts = rng.choice(speakers)
            own = [p for t in texts for p in noun_phrases(t, 3)] if rng.random() < 0.5 else []
            out.append(f"What did {name} say about {rng.choice(own or topics)}?")
        elif kind == "who":
            snippet = quote_snippet(rng.choice(quotes), rng) if quotes else None
            out.append(f"Who said {snippet}?" if snippet else f"Who talked about {rng.choice(topics)}?")
        else:
            out.append(f"What was said about {rng.choice(topics)}?")
    return out


def question_sets(speakers: Sequence[tuple[str, Sequence[str]]], paragraphs: Sequence[str], n: int, passes: int,
                  warmup: int, n_recall: int) -> dict[str, list]:
    """Distinct questions for the warm-up and for each timed pass, plus questions for recall.

    No question string is asked twice in one process, so a query-vector cache cannot turn a timed
    question into a cache hit it would not be in real use.
    """
    need = warmup + n * passes
    unique: list[str] = []
    size = need
    while len(unique) < need and size < 50 * need + 100:
        unique = list(dict.fromkeys(make_questions(speakers, paragraphs, size, seed=0)))
        size *= 2
    if len(unique) < need:
        raise SystemExit(f"only {len(unique)} distinct questions for {need} wanted: use a larger query subset")
    return {"warmup": unique[:warmup],
            "passes": [unique[warmup + i * n: warmup + (i + 1) * n] for i in range(passes)],
            "recall_questions": make_questions(speakers, paragraphs, n_recall, seed=1)}


# -- statistics ---------------------------------------------------------------------------------
def percentiles_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p99/mean in milliseconds of a list of durations in seconds."""
    a = np.asarray(seconds, dtype=np.float64) * 1000.0
    if not len(a):
        return {"p50": float("nan"), "p99": float("nan"), "mean": float("nan"), "n": 0}
    return {"p50": round(float(np.percentile(a, 50)), 3), "p99": round(float(np.percentile(a, 99)), 3),
            "mean": round(float(a.mean()), 3), "n": int(len(a))}


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of each row of `truth` found in the same row of `found` (-1 ids never match)."""
    hits = [len(set(f[f >= 0].tolist()) & set(t.tolist())) / max(len(t), 1) for f, t in zip(found, truth)]
    return float(np.mean(hits)) if hits else float("nan")


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b or a != a or b != b:
        return None
    return a / b


# -- synthetic vectors --------------------------------------------------------------------------
def nn_cosine(base: np.ndarray, sample: int = 2000, seed: int = 0) -> float:
    """Median cosine between a vector and its nearest other vector (rows are unit vectors)."""
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(base), size=min(sample, len(base)), replace=False)
    sims = base[idx] @ base.T
    sims[np.arange(len(idx)), idx] = -np.inf
    return float(np.median(sims.max(axis=1)))


def sigma_for(nn_cos: float, dim: int) -> float:
    """Per-dimension noise that makes two noisy copies of one vector as close as real nearest neighbours.

    Copies b+e1 and b+e2 of a unit vector b, with |e|^2 = dim * sigma^2, have cosine 1 / (1 + dim * sigma^2).
    """
    nn_cos = min(max(nn_cos, 0.05), 0.999)
    return float(np.sqrt((1.0 / nn_cos - 1.0) / dim))


def synthetic_vectors(base: np.ndarray, n: int, sigma: float, seed: int = 0, chunk: int = 65536) -> np.ndarray:
    """`n` unit vectors: row i is base[i % len(base)] plus N(0, sigma^2) noise, renormalised."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for a in range(0, n, chunk):
        b = min(a + chunk, n)
        block = base[np.arange(a, b) % len(base)] + rng.standard_normal((b - a, base.shape[1]), dtype=np.float32) * sigma
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[a:b] = block
    return out


def folder_bytes(path: str | os.PathLike) -> int:
    """Disk usage of a folder (allocated blocks, like `du`), symlinks not followed."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            st = os.lstat(os.path.join(dirpath, f))
            total += st.st_blocks * 512
    return total
