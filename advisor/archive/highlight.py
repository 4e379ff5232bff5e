"""The words of a few articles that a search matched, for its hits.

The store's index is contentless (it keeps no text to highlight), so the hits'
texts go into a scratch FTS5 table of the connection (:data:`SCRATCH_TABLE`, with
the store's tokenizer) and FTS5's ``highlight()`` marks what the query's phrases
match there: the same stemming and phrases as the search itself.
"""

from __future__ import annotations

import re
import sqlite3

from advisor.archive.ingest import article_data
from advisor.archive.terms import Query, index_columns

__all__ = ["MAX_MATCHED", "SCRATCH_TABLE", "matched_words"]

#: The scratch table, created once per connection (``{tokenizer}`` to fill in).
SCRATCH_TABLE = "CREATE VIRTUAL TABLE temp.hl USING fts5(text, tokenize='{tokenizer}')"
#: Words kept per article.
MAX_MATCHED = 12
_MARK_OPEN, _MARK_CLOSE = "\x01", "\x02"
_MARKED = re.compile(f"{_MARK_OPEN}(.*?){_MARK_CLOSE}", re.DOTALL)


def matched_words(db: sqlite3.Connection, query: Query, numbers: list[int]
                  ) -> dict[int, tuple[str, ...]]:
    """The words (lower case, each once, in the order of the text) of each article
    numbered in ``numbers`` that ``query`` matches; an article missing from the
    store, or matching nothing, is left out. An article's columns go in as one
    text, in order: one highlight per article, not seven."""
    if not query.phrases or not numbers:
        return {}
    db.execute("DELETE FROM temp.hl")
    for number in numbers:
        row = db.execute("SELECT article FROM articles WHERE number = ?", (number,)).fetchone()
        if row is not None:
            db.execute("INSERT INTO temp.hl(rowid, text) VALUES (?, ?)",
                       (number, "\n".join(index_columns(article_data(row[0])))))
    found: dict[int, tuple[str, ...]] = {}
    match = " OR ".join(f'"{phrase}"' for phrase in query.phrases)
    for number, text in db.execute(
            f"SELECT rowid, highlight(hl, 0, '{_MARK_OPEN}', '{_MARK_CLOSE}') FROM temp.hl "
            "WHERE hl MATCH ?", (match,)):
        # Product and version markers ("zz..." tokens) are the index's, not the text's.
        words = dict.fromkeys(word.casefold() for word in _MARKED.findall(text or "")
                              if not word.casefold().startswith("zz"))
        found[number] = tuple(words)[:MAX_MATCHED]
    return found
