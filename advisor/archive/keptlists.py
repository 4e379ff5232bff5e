"""Score lists of the commonest words, worked out once and kept in the store.

A search that meets a phrase for the first time builds its score list from FTS5
(see :mod:`advisor.archive.scorelists`), about a microsecond or two per row the
phrase is in: some 50 ms for the commonest words, which an unseen query pays. So a
store asked to (:meth:`~advisor.archive.store.KBStore.keep_score_lists`, ``advisor
kb import --keep-lists``) builds the lists of every word in at least
:data:`KEPT_FROM` rows (and of the words of the columns named, for phrases such as
``extra : "zzsms"``) and keeps them in a table of the store, and builds them again
at the end of every import after; a search loads one in well under a millisecond.
They are FTS5's own numbers, so the ranking stays exactly FTS5's. Phrases of
several words ("4 0", "windows 95") are not kept: they are built as before.

The lists hold while the index is the one they were built from: the table keeps
the index's structure record as it was (FTS5 changes it with every write), and a
list is used only while the two are the same. A write by any process, or an
import killed before it kept its lists, leaves them unused until the next import
builds them again.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

__all__ = ["KEPT_FROM", "KeptLists", "Tokens", "build_list", "keep_lists", "sorted_rows",
           "structure"]

#: Words in at least this many rows get a kept list.
KEPT_FROM = 1000
_TABLE = "kept_lists"
_CREATE = (f"CREATE TABLE IF NOT EXISTS {_TABLE} (phrase TEXT PRIMARY KEY, "
           "positions BLOB NOT NULL, parts BLOB NOT NULL)")
# The row that holds the index's structure record as the lists were built (and
# in its parts the column weights they were scored under).
_STAMP = ""
_PHRASE = re.compile(r'(?:(?P<column>\w+) : )?"(?P<words>[^"]*)"')
# Endings the stemmer removes whole, tried in turn to spell a stem as a word.
_ENDINGS = ("e", "s", "es", "ing", "ed", "ion", "al")
# Phrases per piece of work of a pool's process.
_CHUNK = 16


class Tokens:
    """The tokens FTS5 makes of words (each word once, cached), by a scratch table
    with the same tokenizer."""

    def __init__(self, db: sqlite3.Connection, tokenizer: str) -> None:
        self._db = db
        self.tokenizer = tokenizer
        self._ready = False
        self._cache: dict[str, tuple[str, ...]] = {}

    def _scratch(self) -> None:
        if not self._ready:
            self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kept_words USING "
                             f"fts5(t, tokenize='{self.tokenizer}')")
            self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kept_tokens USING "
                             "fts5vocab(temp, kept_words, instance)")
            self._ready = True

    def single(self, words: Sequence[str]) -> dict[str, str]:
        """The token of each of ``words`` that is one token (a word of letters), not
        cached: one row of them all, the n-th token being the n-th word's (a row a
        word costs a statement a word)."""
        self._scratch()
        self._db.execute("INSERT INTO temp.kept_words(rowid, t) VALUES (1, ?)",
                         (" ".join(words),))
        try:
            return {words[offset]: term for term, offset in self._db.execute(
                "SELECT term, offset FROM temp.kept_tokens")}
        finally:
            self._db.execute("DELETE FROM temp.kept_words")

    def of(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The tokens of each of ``words``, in order."""
        wanted = list(dict.fromkeys(words))
        new = [word for word in wanted if word not in self._cache]
        if new:
            self._scratch()
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._db.executemany("INSERT INTO temp.kept_words(rowid, t) VALUES (?, ?)",
                                 enumerate(new, start=1))
            found: dict[int, list[tuple[int, str]]] = {}
            for row, term, offset in self._db.execute(
                    "SELECT doc, term, offset FROM temp.kept_tokens"):
                found.setdefault(row, []).append((offset, term))
            self._db.execute("DELETE FROM temp.kept_words")
            for row, word in enumerate(new, start=1):
                self._cache[word] = tuple(term for _, term in sorted(found.get(row, ())))
        return {word: self._cache[word] for word in wanted}


class KeptLists:
    """The kept score lists of one FTS5 table, for :class:`ScoreLists` to load."""

    def __init__(self, db: sqlite3.Connection, table: str, tokens: Tokens,
                 weights: Sequence[float]) -> None:
        self._db = db
        self._table = table
        self.tokens = tokens
        self._weights = _weights_key(weights)
        self._valid: bool | None = None

    def clear(self) -> None:
        """Look again whether the lists hold (the table changed)."""
        self._valid = None

    def exist(self) -> bool:
        """Whether the store has a table of kept lists."""
        return self._db.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                                (_TABLE,)).fetchone() is not None

    def valid(self) -> bool:
        """Whether the store has lists, built from the index as it is now and under
        the column weights in use (lists kept by a release that weighed the columns
        otherwise are not used; the next import keeps them anew)."""
        if self._valid is None:
            kept = self._db.execute(f"SELECT positions, parts FROM {_TABLE} WHERE phrase = ?",
                                    (_STAMP,)).fetchone() if self.exist() else None
            self._valid = (kept is not None and kept[0] == structure(self._db, self._table)
                           and bytes(kept[1]) == self._weights)
        return self._valid

    def take(self, phrases: Sequence[str], rows: int
             ) -> dict[str, tuple[numpy.ndarray, numpy.ndarray]]:
        """The kept lists of those of ``phrases`` that have one, as ``(positions in
        the table's sorted rowids, parts)``; ``rows`` is the table's row count."""
        if not phrases or not self.valid():
            return {}
        import numpy

        keys: dict[str, str] = {}
        parsed = {phrase: _PHRASE.fullmatch(phrase) for phrase in phrases}
        tokens = self.tokens.of(m["words"] for m in parsed.values() if m)
        for phrase, match in parsed.items():
            if match and len(token := tokens[match["words"]]) == 1:
                column = f"{match['column']} : " if match["column"] else ""
                keys[phrase] = f'{column}"{token[0]}"'
        found = {}
        for phrase, key in keys.items():
            row = self._db.execute(f"SELECT positions, parts FROM {_TABLE} WHERE phrase = ?",
                                   (key,)).fetchone()
            if row is not None:
                positions = numpy.frombuffer(row[0], dtype=numpy.int32)
                if len(positions) and int(positions[-1]) >= rows:
                    continue  # not this table's rows: never trust a list that says so
                found[phrase] = (positions, numpy.frombuffer(row[1], dtype=numpy.float64))
        return found


def keep_lists(db: sqlite3.Connection, path: Path | str, table: str, weights: Sequence[float],
               tokenizer: str, *, columns: Sequence[str] = (), least: int | None = None,
               workers: int | None = None) -> int:
    """Build and keep the score lists of the words in at least ``least`` rows of
    ``table`` (and of the words of each of ``columns`` in at least ``least`` rows,
    as ``column : "word"``), replacing those kept before; the number kept. The store
    at ``path`` is read by ``workers`` processes (default: one per core) when it is a
    file and there is enough to do."""
    least = KEPT_FROM if least is None else least
    stamp = structure(db, table)
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.kept_rows USING "
               f"fts5vocab(main, {table}, row)")
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.kept_columns USING "
               f"fts5vocab(main, {table}, col)")
    candidates = [("", term, count) for term, count in db.execute(
        "SELECT term, doc FROM temp.kept_rows WHERE doc >= ?", (least,))]
    for column in columns:
        candidates += [(f"{column} : ", term, count) for term, count in db.execute(
            "SELECT term, doc FROM temp.kept_columns WHERE col = ? AND doc >= ?",
            (column, least))]
    # A phrase names a stem by a word that FTS5 reads as that stem: the stem itself,
    # or ("caus" is read as "cau") the stem with an ending the stemmer takes off.
    reader = Tokens(db, tokenizer)
    spelled = {term: [term, *(term + end for end in _ENDINGS),
                      *([term[:-1] + "y"] if term.endswith("i") else [])]
               for _, term, _ in candidates}
    tokens = reader.of(word for words in spelled.values() for word in words)
    phrases = []  # (the phrase searched, the phrase kept, rows)
    for column, term, count in candidates:
        word = next((w for w in spelled[term] if tokens[w] == (term,)), None)
        if word is not None:
            phrases.append((f'{column}"{word}"', f'{column}"{term}"', count))
    phrases.sort(key=lambda item: -item[2])
    sql = (f"SELECT rowid, -bm25({table}, {', '.join(map(str, weights))}) FROM {table} "
           f"WHERE {table} MATCH ?")
    keys = {query: phrase for query, phrase, _ in phrases}
    lists = [(keys[query], positions, parts) for query, positions, parts in
             _build_all(db, path, table, sql, list(keys), workers)]
    db.execute(_CREATE)
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(f"DELETE FROM {_TABLE}")
        db.execute(f"INSERT INTO {_TABLE} VALUES (?, ?, ?)",
                   (_STAMP, stamp, _weights_key(weights)))
        db.executemany(f"INSERT INTO {_TABLE} VALUES (?, ?, ?)", lists)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return len(lists)


def _weights_key(weights: Sequence[float]) -> bytes:
    # The stamp row's parts: the weights the lists were scored under.
    return ",".join(repr(float(weight)) for weight in weights).encode()


def structure(db: sqlite3.Connection, table: str) -> bytes | None:
    """The FTS5 index's structure record, which FTS5 changes with every write to it
    (its cookie): an internal detail of FTS5, read here alone."""
    row = db.execute(f"SELECT block FROM {table}_data WHERE id = 10").fetchone()
    return None if row is None else bytes(row[0])


def _build_all(db: sqlite3.Connection, path: Path | str, table: str, sql: str,
               phrases: list[str], workers: int | None) -> Iterator[tuple[str, bytes, bytes]]:
    count = min(workers or os.cpu_count() or 1, len(phrases) // _CHUNK)
    if str(path) == ":memory:" or count < 2:
        rows = sorted_rows(db, table)
        for phrase in phrases:
            yield _kept(db, sql, rows, phrase)
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # The commonest first and dealt out in turn, so that the processes finish together.
    chunks = [phrases[start::count * 8] for start in range(count * 8)]
    with context.Pool(count, initializer=_open, initargs=(str(path), table, sql)) as pool:
        for built in pool.imap_unordered(_build_chunk, chunks):
            yield from built


_worker: tuple[sqlite3.Connection, str, numpy.ndarray] | None = None


def _open(path: str, table: str, sql: str) -> None:
    global _worker
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    db.executescript("PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;")
    _worker = (db, sql, sorted_rows(db, table))


def _build_chunk(phrases: list[str]) -> list[tuple[str, bytes, bytes]]:
    assert _worker is not None
    db, sql, rows = _worker
    return [_kept(db, sql, rows, phrase) for phrase in phrases]


def sorted_rows(db: sqlite3.Connection, table: str) -> numpy.ndarray:
    """The rowids of ``table``, sorted: a list's positions point into them."""
    import numpy

    rows = numpy.fromiter((row for row, in db.execute(f"SELECT rowid FROM {table}")),
                          dtype=numpy.int64)
    rows.sort()
    return rows


def build_list(db: sqlite3.Connection, sql: str, rows: numpy.ndarray, phrase: str
               ) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The score list of ``phrase``: FTS5's part of each row it is in (``sql``
    selects rowid and score for a MATCH), as positions in ``rows`` and parts."""
    import numpy

    found = db.execute(sql, (phrase,)).fetchall()
    ids = numpy.fromiter((row for row, _ in found), dtype=numpy.int64, count=len(found))
    parts = numpy.fromiter((part for _, part in found), dtype=numpy.float64, count=len(found))
    return numpy.searchsorted(rows, ids).astype(numpy.int32), parts


def _kept(db: sqlite3.Connection, sql: str, rows: numpy.ndarray, phrase: str
          ) -> tuple[str, bytes, bytes]:
    positions, parts = build_list(db, sql, rows, phrase)
    return phrase, positions.tobytes(), parts.tobytes()
