"""A local, searchable store of Knowledge Base articles (SQLite with an FTS5 index).

Open a store with :class:`KBStore` (by default one file in your data directory, see
:func:`default_db_path`), fill it with :meth:`KBStore.import_articles` (``advisor kb
import`` reads files, directories and ``.tar.xz``/``.tar.gz`` archives for it), then
:meth:`KBStore.search` it in plain words, :meth:`KBStore.get` one article or
:meth:`KBStore.list_articles`.

>>> with KBStore(":memory:") as store:         # the bundled articles are always there
...     [hit.id for hit in store.search("NetWare server, a user keeps a file open")][:1]
['Q202063']

Every article is kept whole, as the JSON of its :class:`~advisor.articles.model.Article`,
beside the columns it is listed and searched by. Importing is idempotent: an item
whose bytes (and the advisor version that parses them) are unchanged is not parsed
or written again. The bundled articles (the project's ``kb/``) are imported whenever
a store is opened and win over an archive article with the same id, because the
rule packs cite their sections.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from advisor._version import __version__
from advisor.archive.model import ArticleSummary, ImportProblem, ImportSummary, SearchHit
from advisor.articles import Article, parse_article
from advisor.errors import ArticleFormatError, ArticleNotFoundError, KBQueryError, KBStoreError
from advisor.evidence import query_terms
from advisor.files import data_dir
from advisor.knowledge import bundled_dirs

__all__ = ["ArticleNotFoundError", "ArticleSummary", "ImportProblem", "ImportSummary",
           "KBQueryError", "KBStore", "KBStoreError", "SearchHit", "default_db_path"]

_SCHEMA_VERSION = 1
_TOKENIZER = "porter unicode61 remove_diacritics 2"
# BM25 weights of the indexed columns: title, symptoms, the rest of the text, and
# keywords with query words. Titles and symptoms say what an article is about; the
# rest mentions many things in passing.
_SCHEMA = f"""
CREATE TABLE articles (number INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL,
    product TEXT, versions TEXT NOT NULL, keywords TEXT NOT NULL, issue_type TEXT,
    solution_type TEXT, origin TEXT NOT NULL, source TEXT NOT NULL, hash BLOB NOT NULL,
    article TEXT NOT NULL);
CREATE INDEX articles_hash ON articles(hash);
CREATE TABLE common_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, symptoms, body, terms,
    tokenize='{_TOKENIZER}');
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 2.0)');
PRAGMA user_version = {_SCHEMA_VERSION};"""
_SUMMARY = "SELECT id, title, product, versions, issue_type, solution_type, keywords"
_RANKED = "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
_MARK_OPEN, _MARK_CLOSE = "\x01", "\x02"
_MARKED = re.compile(f"{_MARK_OPEN}(.*?){_MARK_CLOSE}", re.DOTALL)
_HIGHLIGHT = ("SELECT " + ", ".join(f"highlight(articles_fts, {column}, '{_MARK_OPEN}', "
                                    f"'{_MARK_CLOSE}')" for column in range(4))
              + " FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?")
# Search tuning, as shares of the number of articles (see KBStore._rank); measured
# with bench/kb_bench.py on the 57,000-article archive.
_RARE = 0.04  # a term in fewer articles than this is rare
_BUDGET = 0.04  # the rare terms that select candidates are in at most this many articles
_DROP = 0.2  # a term in more articles than this is left out (its weight is near zero)
_COMMON = 0.01  # the store keeps the article counts of the terms above this share
_PRUNE_FROM = 5000  # smaller stores are searched without pruning
_BATCH = 2000
_MAX_MATCHED = 12


def default_db_path() -> Path:
    """Where the store lives by default: ``kb.sqlite3`` in the advisor's data
    directory (see :func:`advisor.files.data_dir`)."""
    return data_dir() / "kb.sqlite3"


class KBStore:
    """A store of KB articles in one SQLite file (``":memory:"`` for a throwaway one).

    The file and its directory are created when missing, and the bundled articles
    are imported (only when they changed, so opening is cheap). Raises
    :class:`KBStoreError` when the file is not a store. A store may be shared by
    threads; close it with :meth:`close` or use it as a context manager.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = default_db_path() if path is None else path
        self._lock = threading.RLock()
        try:
            if str(self.path) != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False,
                                       isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as error:
            raise KBStoreError(f"{self.path}: cannot open the store: {error}") from None
        try:
            self._prepare()
            self._import_bundled()
            self._load_counts()
        except sqlite3.Error as error:
            self._db.close()
            raise KBStoreError(f"{self.path}: not a usable KB store: {error}") from None
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        """Close the file. The store cannot be used afterwards."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> KBStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def import_articles(self, items: Iterable[tuple[str, str]]) -> ImportSummary:
        """Import articles given as ``(name, text)`` pairs, in one transaction.

        :func:`advisor.cli.kb.read_sources` reads such pairs from files, directories and
        tar archives. Unchanged articles are skipped without being parsed. An item
        that is not an article is listed in :attr:`ImportSummary.problems` with its
        name and the reason, and the import goes on.
        """
        summary = ImportSummary()
        with self._lock, self._transaction(bulk=True):
            known = dict(self._db.execute("SELECT hash, id FROM articles"))
            bundled = {row[0] for row in self._db.execute(
                "SELECT id FROM articles WHERE origin = 'bundled'")}
            seen: set[str] = set()
            batch: list[tuple[Article, str, bytes]] = []
            for name, text in items:
                digest = _digest(text)
                if (same := known.get(digest)) is not None:
                    summary.duplicates += same in seen
                    summary.unchanged += same not in seen
                    seen.add(same)
                    continue
                try:
                    article = parse_article(text, path=name)
                except ArticleFormatError as error:
                    summary.problems.append(ImportProblem(name, error.message))
                    continue
                if article.id in bundled:
                    summary.kept_bundled += 1
                elif article.id in seen:
                    summary.duplicates += 1
                else:
                    seen.add(article.id)
                    batch.append((article, name, digest))
                    if len(batch) >= _BATCH:
                        self._write(batch, "import", summary)
                        batch.clear()
            self._write(batch, "import", summary)
            if summary.new + summary.updated:
                self._refresh_counts(optimize=summary.new + summary.updated >= _BATCH)
            self._load_counts()
        return summary

    def search(self, text: str, *, limit: int = 10) -> list[SearchHit]:
        """The articles that best match a free-text description, best first.

        Ranking is BM25 over the words of ``text`` (see :func:`query_terms`), with
        the title and symptom text weighted above the rest of the article. Raises
        :class:`KBQueryError` when ``text`` has no words to search for.
        """
        terms = query_terms(text)
        if not terms:
            raise KBQueryError("nothing to search for: describe the problem in words")
        hits = []
        with self._lock:
            query, ranked = self._rank(terms, max(limit, 0))
            for rowid, rank in ranked:
                row = self._db.execute(f"{_SUMMARY} FROM articles WHERE number = ?",
                                       (rowid,)).fetchone()
                marked = self._db.execute(_HIGHLIGHT, (query, rowid)).fetchone() or ()
                words = dict.fromkeys(word.casefold() for column in marked
                                      for word in _MARKED.findall(column or ""))
                hits.append(SearchHit.model_validate({
                    **_summary_fields(row), "score": -rank,
                    "matched": tuple(words)[:_MAX_MATCHED]}))
        return hits

    def _rank(self, terms: list[str], limit: int) -> tuple[str, list[tuple[int, float]]]:
        """The MATCH expression of ``terms`` and the ``(rowid, rank)`` of the best
        ``limit`` articles.

        BM25 costs time for every article that matches, so only the articles that
        contain one of the rarest terms are ranked, though by all the terms: a query
        with and one without the common terms give those articles the scores of a
        single query, over a far smaller set. Terms in many articles (``_DROP``)
        are left out: their weight is next to nothing.
        """
        # A phrase is in no more articles than its rarest word.
        docs = {term: min((self._docs.get(stem, 0) for stem in stems), default=0)
                for term, stems in zip(terms, self._stems(terms), strict=True)}
        ordered = sorted(terms, key=docs.__getitem__)
        kept = [t for t in ordered if docs[t] < _DROP * self._count] or ordered[:2]
        rare, covered = kept[:1], docs[kept[0]]
        for term in kept[1:]:
            covered += docs[term]
            if docs[term] >= _RARE * self._count or covered > _BUDGET * self._count:
                break
            rare.append(term)
        common = kept[len(rare):]
        both = " OR ".join(f'"{term}"' for term in kept)
        if not common:
            return both, self._db.execute(_RANKED, (both, limit)).fetchall()
        pair = (" OR ".join(f'"{t}"' for t in rare), " OR ".join(f'"{t}"' for t in common))
        ranked = [*self._db.execute(_RANKED, ("({}) AND ({})".format(*pair), limit)),
                  *self._db.execute(_RANKED, ("({}) NOT ({})".format(*pair), limit))]
        return both, sorted(ranked, key=lambda item: item[1])[:limit]

    def _stems(self, terms: list[str]) -> list[list[str]]:
        """The index's (Porter) stems of each term, from a scratch FTS5 table with the
        same tokenizer: article counts are kept by stem."""
        self._db.executemany("INSERT INTO temp.query(rowid, t) VALUES (?, ?)",
                             enumerate(terms))
        stems: list[list[str]] = [[] for _ in terms]
        for stem, index in self._db.execute("SELECT term, doc FROM temp.query_terms"):
            stems[index].append(stem)
        self._db.execute("DELETE FROM temp.query")
        return stems

    def get(self, article_id: str) -> Article:
        """The article with id ``article_id`` (``Q202063``, ``q202063`` or ``202063``).

        Raises :class:`ArticleNotFoundError` when the store has no such article.
        """
        number = _id_number(article_id)
        with self._lock:
            row = None if number is None else self._db.execute(
                "SELECT article FROM articles WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise ArticleNotFoundError(f"no article {article_id.strip()!r} in the store "
                                       f"{self.path}")
        return Article.model_validate_json(row[0])

    def list_articles(self, *, product: str | None = None, keyword: str | None = None,
                      limit: int | None = None) -> list[ArticleSummary]:
        """Article summaries in id order. ``product`` keeps the articles whose product
        contains that text, ``keyword`` those with that keyword (both ignore case);
        ``limit`` caps the number returned."""
        sql, params = f"{_SUMMARY} FROM articles WHERE 1", []
        if product:
            sql += " AND product LIKE ? ESCAPE '\\'"
            params.append(f"%{_like_escape(product)}%")
        if keyword:
            sql += " AND keywords LIKE ? ESCAPE '\\'"
            params.append(f"% {_like_escape(keyword.casefold())} %")
        sql += " ORDER BY number" + ("" if limit is None else f" LIMIT {max(int(limit), 0)}")
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [ArticleSummary.model_validate(_summary_fields(row)) for row in rows]

    def _prepare(self) -> None:
        # A big page cache and a memory map keep the index in memory between searches.
        self._db.executescript(f"""PRAGMA cache_size = -65536; PRAGMA mmap_size = {1 << 30};
            CREATE VIRTUAL TABLE temp.query USING fts5(t, tokenize='{_TOKENIZER}');
            CREATE VIRTUAL TABLE temp.query_terms USING fts5vocab(temp, query, instance);
            CREATE VIRTUAL TABLE temp.index_terms USING fts5vocab(main, articles_fts, row);""")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == _SCHEMA_VERSION:
            return
        if version != 0 or self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise KBStoreError(f"{self.path}: not a KB store of this advisor version "
                               f"(schema {version}); delete it and import again")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} COMMIT;")

    def _load_counts(self) -> None:
        self._count = len(self)
        self._docs = dict(self._db.execute("SELECT term, docs FROM common_terms"))

    def _refresh_counts(self, *, optimize: bool) -> None:
        if optimize:
            # One segment: each term's doclist is then read in one piece.
            self._db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        self._db.execute("DELETE FROM common_terms")
        if len(self) >= _PRUNE_FROM:
            self._db.execute("INSERT INTO common_terms SELECT term, doc FROM temp.index_terms"
                             " WHERE doc > ?", (_COMMON * len(self),))

    def _import_bundled(self) -> None:
        loaded = [(path, path.read_text("utf-8-sig"))
                  for path in sorted(bundled_dirs()[0].glob("*.txt"))]
        digests = {_digest(text): (path, text) for path, text in loaded}
        stored = {row[0]: row[1] for row in self._db.execute(
            "SELECT hash, id FROM articles WHERE origin = 'bundled'")}
        if digests.keys() == stored.keys():
            return
        articles = [(parse_article(text, path=path), str(path), digest)
                    for digest, (path, text) in digests.items() if digest not in stored]
        dropped = [(_id_number(old),) for digest, old in stored.items() if digest not in digests]
        with self._lock, self._transaction():
            self._db.executemany("DELETE FROM articles WHERE number = ?", dropped)
            self._db.executemany("DELETE FROM articles_fts WHERE rowid = ?", dropped)
            self._write(articles, "bundled", ImportSummary())

    def _write(self, batch: list[tuple[Article, str, bytes]], origin: str,
               summary: ImportSummary) -> None:
        numbers = [(_id_number(article.id),) for article, _, _ in batch]
        present = [number for number in numbers if self._db.execute(
            "SELECT 1 FROM articles WHERE number = ?", number).fetchone()]
        self._db.executemany("DELETE FROM articles_fts WHERE rowid = ?", present)
        self._db.executemany(f"INSERT OR REPLACE INTO articles VALUES ({', '.join('?' * 12)})",
                             [_row(article, origin, name, digest)
                              for article, name, digest in batch])
        self._db.executemany("INSERT INTO articles_fts(rowid, title, symptoms, body, terms) "
                             "VALUES (?, ?, ?, ?, ?)", map(_indexed, batch))
        summary.new += len(batch) - len(present)
        summary.updated += len(present)

    @contextmanager
    def _transaction(self, *, bulk: bool = False) -> Iterator[None]:
        # A bulk import is redone from its sources if it stops, so it need not be
        # durable; the WAL still keeps the file consistent.
        self._db.execute(f"PRAGMA synchronous = {'OFF' if bulk else 'NORMAL'}")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def _digest(text: str) -> bytes:
    # The version is in the hash so that a new parser re-reads unchanged articles.
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16,
                           person=__version__.encode()[:16]).digest()


def _row(article: Article, origin: str, source: str, digest: bytes) -> tuple[object, ...]:
    keywords = " ".join(keyword.casefold() for keyword in article.keywords)
    return (_id_number(article.id), article.id, article.title, article.product,
            "\n".join(article.versions), f" {keywords} ", article.issue_type,
            article.solution_type, origin, source, digest, article.model_dump_json())


def _indexed(item: tuple[Article, str, bytes]) -> tuple[object, ...]:
    article = item[0]
    symptoms = [s.text for s in article.sections if s.title.upper().startswith("SYMPTOM")]
    body = [f"{s.title}\n{s.text}" for s in article.sections
            if not s.title.upper().startswith("SYMPTOM")]
    return (_id_number(article.id), article.title, "\n\n".join(symptoms), "\n\n".join(body),
            " ".join((*article.keywords, *article.query_words)))


def _summary_fields(row: tuple[object, ...]) -> dict[str, object]:
    ident, title, product, versions, issue_type, solution_type, keywords = row
    return {"id": ident, "title": title, "product": product,
            "versions": tuple(str(versions).split("\n")) if versions else (),
            "issue_type": issue_type, "solution_type": solution_type,
            "keywords": tuple(str(keywords).split())}


def _id_number(article_id: str) -> int | None:
    match = re.fullmatch(r"[Qq]?(\d{1,7})", article_id.strip())
    return int(match.group(1)) if match else None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
