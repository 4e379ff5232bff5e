"""The words of a few articles that a search matched, for its hits.

The store's index is contentless (it keeps no text to mark), so the words are
found again in each hit's text: the words that could stem to a token of the query
go through the store's own tokenizer (:class:`~advisor.archive.keptlists.Tokens`,
each word once and then remembered), and a word counts when its token is one a
query's phrase has, or when a run of words has the tokens of a phrase of several
(``2.0``). The same stemming and phrases as the search itself, without indexing
the articles again.
"""

from __future__ import annotations

import re
import sqlite3

from advisor.archive.ingest import article_data
from advisor.archive.keptlists import Tokens
from advisor.archive.terms import Query, index_columns

__all__ = ["MAX_MATCHED", "matched_words"]

#: Words kept per article.
MAX_MATCHED = 12
# What the tokenizer (unicode61) reads as a token: letters, digits, nothing else.
_WORD = re.compile(r"[^\W_]+")


def matched_words(db: sqlite3.Connection, tokens: Tokens, query: Query, numbers: list[int]
                  ) -> dict[int, tuple[str, ...]]:
    """The words (lower case, each once, in the order of the text) of each article
    numbered in ``numbers`` that ``query`` matches; an article missing from the
    store, or matching nothing, is left out."""
    if not query.phrases or not numbers:
        return {}
    phrases = tokens.of(query.phrases)
    single = {found[0] for found in phrases.values() if len(found) == 1}
    longer = {found for found in phrases.values() if len(found) > 1}
    texts = {}
    for number in numbers:
        row = db.execute("SELECT article FROM articles WHERE number = ?", (number,)).fetchone()
        if row is not None:
            texts[number] = "\n".join(index_columns(article_data(row[0]))).casefold()
    # Only a word that begins as a token of the query's begins can have that token
    # (the stemmer changes at most a word's last letters), so only those go through
    # the tokenizer: each once, in the order of the text. Product and version
    # markers ("zz..." tokens) are the index's, not the text's.
    heads = {token[:max(1, min(len(token) - 1, 5))] for found in phrases.values()
             for token in found}
    begins = re.compile(r"(?<![^\W_])(?:" + "|".join(
        sorted(map(re.escape, heads), key=len, reverse=True)) + r")[^\W_]*")
    first: dict[int, dict[str, int]] = {}
    for number, text in texts.items():
        seen = first[number] = {}
        for match in begins.finditer(text):
            if not match.group().startswith("zz"):
                seen.setdefault(match.group(), match.start())
    known = tokens.of(word for seen in first.values() for word in seen)
    found: dict[int, tuple[str, ...]] = {}
    for number, seen in first.items():
        marked = [(start, word) for word, start in seen.items()
                  if not single.isdisjoint(known[word])]
        marked += _runs(texts[number], list(seen), known, longer)
        if marked:
            found[number] = tuple(dict.fromkeys(word for _, word in sorted(marked)))[:MAX_MATCHED]
    return found


def _runs(text: str, words: list[str], known: dict[str, tuple[str, ...]],
          phrases: set[tuple[str, ...]]) -> list[tuple[int, str]]:
    # The runs of words with the tokens of a phrase of several ("2.0" for "2 0"),
    # found by a pattern of the text's own words for each token.
    runs: list[tuple[int, str]] = []
    for phrase in phrases:
        spellings = [[re.escape(word) for word in words if known[word] == (token,)]
                     for token in phrase]
        if all(spellings):
            pattern = r"[\W_]+".join(f"(?:{'|'.join(spelling)})" for spelling in spellings)
            runs += [(m.start(), m.group()) for m in
                     re.finditer(rf"(?<![^\W_])(?:{pattern})(?![^\W_])", text)]
    return runs
