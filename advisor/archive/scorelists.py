"""Exact BM25 from per-phrase score lists kept in memory, for a store that answers
many searches (a server, a terminal session, a program that embeds it).

FTS5's ``bm25()`` of a row is a sum over the query's phrases of a part that
depends only on the phrase and the row (the phrase's idf, its column-weighted
frequency in the row, the row's length), never on the other phrases. So a
phrase's parts for all of its rows, its *list*, computed once by FTS5 itself (a
query of that phrase alone), serve every later query that has the phrase: the
query's score of every row is its phrases' lists added up, in the query's order as
FTS5 adds them, which numpy does for a whole list at once (a query of common
words, 200,000 rows of lists, in about a millisecond; FTS5 itself scores a few
rows per microsecond). Lists are kept within a budget of rows, least recently
used first out.

Building a phrase's list costs about a microsecond per row it is in (FTS5 scoring
one phrase), some 30 ms for the commonest words; a query of many phrases costs FTS5
several microseconds per row. So a store searched once (``advisor kb search``) ranks
with FTS5 (:func:`~advisor.archive.rank.ranked`) and never imports numpy; from its
second search on it uses, and builds, lists.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.archive.keptlists import (
    KeptLists,
    Tokens,
    build_list,
    keep_lists,
    sorted_rows,
)

if TYPE_CHECKING:
    from pathlib import Path

    import numpy

__all__ = ["BUDGET", "ScoreLists"]

#: Rows of all kept lists together (12 bytes each: some 100 MB).
BUDGET = 8_000_000


class ScoreLists:
    """The score lists of one FTS5 table under fixed column weights.

    :meth:`ranked` gives the same rows and scores as ``ORDER BY -bm25(table,
    *weights) DESC LIMIT n`` over the OR of the phrases (rows of equal score may come
    in another order). Call :meth:`clear` whenever the table changes: every part
    depends on the number of rows and their mean length. Not thread-safe: the store
    calls it under its lock.
    """

    def __init__(self, db: sqlite3.Connection, table: str, weights: Sequence[float], *,
                 budget: int = BUDGET, tokens: Tokens | None = None) -> None:
        self._db = db
        self._table = table
        self._weights = tuple(weights)
        # With the table's tokenizer, the lists kept in the store are loaded, not built
        # (see advisor.archive.keptlists).
        self._kept = KeptLists(db, table, tokens, weights) if tokens else None
        self._sql = (f"SELECT rowid, -bm25({table}, {', '.join(map(str, weights))}) "
                     f"FROM {table} WHERE {table} MATCH ?")
        self._budget = budget
        # phrase -> (positions in self._rows, parts): a list's rows as positions
        # in the table's sorted rowids, so that a query adds into one dense array.
        self._lists: OrderedDict[str, tuple[numpy.ndarray, numpy.ndarray]] = OrderedDict()
        self._rows: numpy.ndarray | None = None
        self._size = 0

    def clear(self) -> None:
        """Forget every list (the table changed)."""
        self._lists.clear()
        if self._kept:
            self._kept.clear()
        self._rows = None
        self._size = 0

    def __contains__(self, phrase: object) -> bool:
        return phrase in self._lists

    def ranked(self, groups: Sequence[Sequence[str]], limit: int) -> list[tuple[int, float]]:
        """``(rowid, score)`` of the best ``limit`` rows for any of the phrases (FTS5
        phrase expressions) of ``groups``, best first; a group of several phrases
        (a word and its synonyms) adds its best member's part, as
        :func:`~advisor.archive.rank.grouped` does. The lists missing are built."""
        phrases = [phrase for group in groups for phrase in group]
        if not phrases or limit <= 0:
            return []
        missing = [phrase for phrase in dict.fromkeys(phrases) if phrase not in self._lists]
        import numpy

        rows = self._table_rows()
        loaded = self._kept.take(missing, len(rows)) if self._kept else {}
        for phrase in missing:
            self._lists[phrase] = loaded.get(phrase) or self._build(phrase, rows)
            self._size += len(self._lists[phrase][0])
        scores = numpy.zeros(len(rows))
        for phrase in phrases:
            self._lists.move_to_end(phrase)
        for group in groups:
            if len(group) == 1:
                positions, parts = self._lists[group[0]]
                scores[positions] += parts  # a list holds each row once
                continue
            strongest = numpy.zeros(len(rows))
            for phrase in group:
                positions, parts = self._lists[phrase]
                strongest[positions] = numpy.maximum(strongest[positions], parts)
            scores += strongest
        matched = numpy.flatnonzero(scores)
        if len(matched) > limit:
            matched = matched[numpy.argpartition(-scores[matched], limit - 1)[:limit]]
        best = matched[numpy.lexsort((rows[matched], -scores[matched]))]
        # Over the budget, the lists least recently used go (this query's last).
        while self._size > self._budget and self._lists:
            _, (positions, _) = self._lists.popitem(last=False)
            self._size -= len(positions)
        return [(int(rows[i]), float(scores[i])) for i in best]

    def kept_before(self) -> bool:
        """Whether lists were ever kept in the store (they may not hold now)."""
        return self._kept is not None and self._kept.exist()

    def keep(self, path: Path | str, *, columns: Sequence[str] = (),
             least: int | None = None, workers: int | None = None) -> int:
        """Build the lists of the commonest phrases and keep them in the store at
        ``path`` (see :func:`~advisor.archive.keptlists.keep_lists`), unless those
        kept already hold; the number of lists built."""
        if self._kept is None or self._kept.valid():
            return 0
        count = keep_lists(self._db, path, self._table, self._weights, self._kept.tokens.tokenizer,
                           columns=columns, workers=workers, least=least)
        self._kept.clear()
        return count

    def _table_rows(self) -> numpy.ndarray:
        if self._rows is None:
            self._rows = sorted_rows(self._db, self._table)
        return self._rows

    def _build(self, phrase: str, rows: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        return build_list(self._db, self._sql, rows, phrase)
