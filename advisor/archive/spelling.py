"""Misspelt query words: the word the archive's own vocabulary says was meant.

A typo such as "inventroy" or "charcters" is in no article, or in one or two that
share the typo; BM25 gives such a word the highest weight of the query, so it either
adds nothing or lifts an unrelated article. A word of the query that is in at most
:data:`RARE` articles is compared with every word one edit away (a letter left out,
added, changed, or two swapped, as Damerau counts them); the one in the most
articles (a slip that is rarer, a letter changed or added, counting a tenth) is
searched for too, in the misspelt word's place, when it is in at least
:data:`MIN_ROWS` articles and :data:`RATIO` times as many as the word typed. The
word typed still counts, so a rare name that is spelt right ("ultrabac", "xload")
keeps its weight for the articles that have it.

The counts are FTS5's own (a ``fts5vocab`` table over the store's index), so the
stems compared are the ones the search matches.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import string
from collections.abc import Iterable, Mapping

from advisor.archive.keptlists import Tokens
from advisor.archive.terms import Query

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "MIN_ROWS", "MOST", "RARE", "RATIO", "Spelling", "edits",
           "with_corrections"]

#: A word in at most this many articles may be a typo.
RARE = 3
#: Shorter words are left alone: one edit away from a short word are many others;
#: longer ones are no words.
MIN_LENGTH, MAX_LENGTH = 5, 30
#: The most words of one query compared with their neighbours (some 5 ms each).
MOST = 4
#: The least articles a correction must be in, and how many times more than the
#: word typed.
MIN_ROWS, RATIO = 50, 30
_LETTERS = string.ascii_lowercase
# How much longer or shorter than the typed word's stem that of the word meant may be.
_STEM_SLACK = 2
# How much less likely a letter changed or added is than one left out or swapped.
_LESS_LIKELY = 0.1
# SQLite's default limit on a statement's parameters is far above this.
_BATCH = 900


def edits(word: str) -> set[str]:
    """The words one edit (deletion, transposition, substitution, insertion of a
    letter a-z) away from ``word``, without ``word`` itself."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {head + tail[1:] for head, tail in splits if tail}
    found.update(head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1)
    found.update(head + letter + tail[1:] for head, tail in splits if tail
                 for letter in _LETTERS)
    found.update(head + letter + tail for head, tail in splits for letter in _LETTERS)
    found.discard(word)
    return found


def with_corrections(query: Query, corrections: Mapping[str, str]) -> Query:
    """``query`` with the words meant added to its phrases (for the words a hit
    matched: those searched for in place of misspelt ones are matched words too)."""
    return dataclasses.replace(query, phrases=(*query.phrases, *corrections.values()))


def _weight(typed: str, candidate: str) -> float:
    if len(candidate) > len(typed) or (len(candidate) == len(typed)
                                       and sorted(candidate) == sorted(typed)):
        return 1.0
    return _LESS_LIKELY


class Spelling:
    """Corrections for the misspelt words of queries against one FTS5 table."""

    def __init__(self, db: sqlite3.Connection, table: str, tokens: Tokens) -> None:
        self._db = db
        self._table = table
        self._tokens = tokens
        self._vocab: str | None = None
        self._cache: dict[str, str | None] = {}

    def forget(self) -> None:
        """Look again (the table changed)."""
        self._cache.clear()

    def corrections(self, phrases: Iterable[str]) -> dict[str, str]:
        """``{typed: meant}`` for those of ``phrases`` (single words) that look
        misspelt and have a correction."""
        found = {}
        compared = 0
        for phrase in phrases:
            if phrase not in self._cache:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                rare = self._rare(phrase)
                if rare is not None and compared >= MOST:
                    continue  # a long text of rare words costs no more than a query
                compared += rare is not None
                self._cache[phrase] = None if rare is None else self._correct(phrase, *rare)
            if (meant := self._cache[phrase]) is not None:
                found[phrase] = meant
        return found

    def _rare(self, word: str) -> tuple[str, int] | None:
        # The word's stem and the articles it is in, when it may be a typo.
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isascii() or \
                not word.isalpha():
            return None
        stems = self._tokens.of([word])[word]
        if len(stems) != 1:
            return None
        typed = self._rows([stems[0]]).get(stems[0], 0)
        return (stems[0], typed) if typed <= RARE else None

    def _correct(self, word: str, typed_stem: str, typed: int) -> str | None:
        candidates = sorted(edits(word))
        # The stemmer can read a word that is no word as a common stem
        # ("capacator" as "capac", the stem of "capacity", for "capacitor"): the
        # word meant must read as a stem about as long as the word typed does.
        stem_of = {candidate: stem for candidate, stem in self._tokens.single(candidates).items()
                   if abs(len(stem) - len(typed_stem)) <= _STEM_SLACK}
        rows = self._rows(set(stem_of.values()) - {typed_stem})
        # A letter left out or two swapped are the commonest slips: a word that
        # undoes one weighs fully, one that undoes a letter changed or added weighs
        # a tenth ("packge" is "package", though "packe" reads as "pack", which is
        # in more articles). Of words read as one stem, one the stemmer changed
        # ("policy", not "polici", which is no word); then the first in order, so
        # the answer does not depend on the order of a set.
        best, key, count = None, (0.0, False), 0
        for candidate in candidates:
            stem = stem_of.get(candidate, "")
            found = rows.get(stem, 0)
            mine = (found * _weight(word, candidate), stem != candidate)
            if mine > key:
                best, key, count = candidate, mine, found
        return best if count >= max(MIN_ROWS, RATIO * typed) else None

    def _rows(self, stems: Iterable[str]) -> dict[str, int]:
        if self._vocab is None:
            self._vocab = f"{self._table}_words"
            self._db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{self._vocab} "
                             f"USING fts5vocab(main, {self._table}, row)")
        wanted = list(stems)
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start:start + _BATCH]
            found.update(self._db.execute(
                f"SELECT term, doc FROM temp.{self._vocab} WHERE term IN "
                f"({', '.join('?' * len(batch))})", batch))
        return found
