"""BM25 ranking of the store's index, exact and fast.

FTS5's ``bm25()`` weighs each column's term frequencies before saturation (as
BM25F does), but it costs a few microseconds for every row that matches, and a
query with "file" or "server" matches half the archive. :func:`ranked` returns
exactly the rows and scores of ``ORDER BY bm25(...) LIMIT n`` over the whole
query, while scoring far fewer rows (MaxScore pruning): it first scores the rows
that contain one of the rarest phrases, then checks that no row without them
could reach the n-th score (a phrase adds at most ``idf * (k1 + 1)``), and
widens the set until that holds. No phrase is ever left out of a score.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Sequence

__all__ = ["FIRST", "K1", "doc_rows", "grouped", "member_parts", "ranked"]

#: FTS5's bm25 constants.
K1, B = 1.2, 0.75
#: The first rows scored: the rarest phrases until they cover this many rows.
#: Every round costs two statements, so a first round that usually suffices is
#: cheaper than small rounds (measured: p50 over the query sets 62 ms at 1,500,
#: 42-54 ms at 4,000, 111 ms scoring everything at once).
FIRST = 4000
#: :func:`grouped`: the first pool of rows ranked by the sum, and the most rows a
#: synonym may be in to have its parts read whole.
_POOL, _WHOLE = 256, 20_000


def ranked(db: sqlite3.Connection, table: str, phrases: Sequence[str],
           weights: Sequence[float], limit: int, *, total: int, where: str = "",
           params: Sequence[object] = (), join: str = "", first: int = FIRST,
           doc_count: Callable[[str], int] | None = None) -> list[tuple[int, float]]:
    """``(rowid, score)`` of the best ``limit`` rows of ``table`` for any of
    ``phrases`` (FTS5 phrase expressions, such as ``"y n"`` or ``extra : "zzpsms"``),
    best first, the score being ``-bm25(table, *weights)`` (higher is better).
    ``total`` is the number of rows; ``join``/``where``/``params`` restrict the rows
    (``where`` starts with ``AND``); ``first`` is how many rows the first round
    scores, at least; ``doc_count(phrase)`` (by default a count in ``table``) is the
    number of rows that hold a phrase."""
    if not phrases or limit <= 0:
        return []
    total = max(total, 1)
    count = doc_count or (lambda phrase: doc_rows(db, table, phrase))
    docs = [count(phrase) for phrase in phrases]
    bounds = [_idf(total, n) * (K1 + 1) for n in docs]
    order = sorted(range(len(phrases)), key=lambda i: docs[i])
    sql = (f"SELECT f.rowid, -bm25({table}, {', '.join(map(str, weights))}) AS score "
           f"FROM {table} f {join} WHERE {table} MATCH ? {where} ORDER BY score DESC LIMIT ?")
    size, covered, target = 0, 0, first
    while size < len(order):
        size += 1
        covered += docs[order[size - 1]]
        if covered < target and size < len(order):
            continue
        target = 2 * covered  # widen faster: each round rescores what the last one did
        rare = " OR ".join(phrases[i] for i in order[:size])
        rest = [phrases[i] for i in order[size:]]
        if not rest:
            break
        common = " OR ".join(rest)
        # Both halves name every phrase once, so each row gets its whole-query score.
        found = [*db.execute(sql, (f"({rare}) AND ({common})", *params, limit)),
                 *db.execute(sql, (f"({rare}) NOT ({common})", *params, limit))]
        found.sort(key=lambda item: -item[1])
        found = found[:limit]
        floor = found[-1][1] if len(found) == limit else 0.0
        if sum(bounds[i] for i in order[size:]) < floor:
            return [(int(rowid), float(score)) for rowid, score in found]
    whole = " OR ".join(phrases)
    return [(int(rowid), float(score)) for rowid, score in db.execute(sql, (whole, *params,
                                                                            limit))]


def grouped(db: sqlite3.Connection, table: str, groups: Sequence[Sequence[str]],
            weights: Sequence[float], limit: int, *, total: int, where: str = "",
            params: Sequence[object] = (), join: str = "",
            doc_count: Callable[[str], int] | None = None) -> list[tuple[int, float]]:
    """As :func:`ranked`, for ``groups`` of phrases that each name one thing (a word
    and its synonyms, "netware", "nw", "novell"): a group adds its best member's
    part of ``bm25()``, not the sum of them all, so an article that uses every name
    of one thing does not outrank one that matches more of the query. Exact: the
    best rows by the sum are rescored, and more of them are taken until no row
    beyond them (whose score is at most its sum) could reach the last place."""
    phrases = [phrase for group in groups for phrase in group]
    several = [group for group in groups if len(group) > 1]

    def best_by_sum(count: int) -> list[tuple[int, float]]:
        return ranked(db, table, phrases, weights, count, total=total, where=where,
                      params=params, join=join, doc_count=doc_count)

    if not several:
        return best_by_sum(limit)
    count = doc_count or (lambda phrase: doc_rows(db, table, phrase))
    # A member in few rows is read whole, once; one in many, for the pool's rows.
    whole = {phrase: member_parts(db, table, phrase, weights, None) for group in several
             for phrase in group if count(phrase) <= _WHOLE}
    pool = max(limit * 16, _POOL)
    while True:
        found = best_by_sum(pool)
        scores = dict(found)
        rows = list(scores)
        for group in several:
            parts = [whole.get(phrase) or member_parts(db, table, phrase, weights, rows)
                     for phrase in group]
            for row in rows:
                values = [part.get(row, 0.0) for part in parts]
                scores[row] -= sum(values) - max(values)
        best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        if len(found) < pool or (len(best) == limit and best[-1][1] >= found[-1][1]):
            return best
        pool *= 4


def member_parts(db: sqlite3.Connection, table: str, phrase: str, weights: Sequence[float],
                 rows: Sequence[int] | None) -> dict[int, float]:
    """``rowid -> -bm25()`` of ``phrase`` alone, for those of ``rows`` that hold it
    (all that do when ``rows`` is ``None``)."""
    if rows is not None and not rows:
        return {}
    within = "" if rows is None else f" AND rowid IN ({', '.join(str(int(r)) for r in rows)})"
    return {int(row): float(part) for row, part in db.execute(
        f"SELECT rowid, -bm25({table}, {', '.join(map(str, weights))}) FROM {table} "
        f"WHERE {table} MATCH ?{within}", (phrase,))}


def _idf(total: int, docs: int) -> float:
    # The idf of FTS5's bm25, with its floor for terms in over half the rows.
    value = math.log((total - docs + 0.5) / (docs + 0.5))
    return value if value > 0 else 1e-6


def doc_rows(db: sqlite3.Connection, table: str, phrase: str) -> int:
    """The number of rows of ``table`` that hold ``phrase``."""
    row = db.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (phrase,)).fetchone()
    return int(row[0])
