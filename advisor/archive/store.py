"""A local, searchable store of Knowledge Base articles (SQLite with an FTS5 index).

Open a store with :class:`KBStore` (by default one file in your data directory, see
:func:`default_db_path`), fill it with :meth:`KBStore.import_articles` (``advisor kb
import`` reads files, directories and ``.tar.xz``/``.tar.gz`` archives for it), then
:meth:`KBStore.search` it in plain words, :meth:`KBStore.get` one article or
:meth:`KBStore.list_articles`.

>>> with KBStore(":memory:") as store:         # the bundled articles are always there
...     [hit.id for hit in store.search("NetWare server, a user keeps a file open")][:1]
['Q202063']

Each article's text is kept once: its parsed :class:`~advisor.articles.Article`,
compressed, beside the columns it is listed by; the full-text index is contentless
(it holds the index, not a second copy). Search ranks with FTS5's ``bm25()`` over
the parsed fields, title and symptoms weighted most. Importing is idempotent (an
item whose bytes and advisor version are unchanged is not parsed again) and commits
in batches, so a killed import leaves a usable store and a rerun finishes it. The
bundled articles (the project's ``kb/``) are imported whenever a store is opened and
win over an archive article with the same id, because the rule packs cite them.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from advisor.archive.highlight import matched_words
from advisor.archive.ingest import decompress
from advisor.archive.keptlists import Tokens, structure
from advisor.archive.model import (
    ArchiveStatus,
    ArticleSummary,
    ImportProblem,
    ImportSummary,
    SearchHit,
)
from advisor.archive.rank import doc_rows, grouped
from advisor.archive.scorelists import ScoreLists
from advisor.archive.spelling import Spelling, with_corrections
from advisor.archive.terms import COLUMNS, parse_query, query_groups
from advisor.archive.terms import resolve_product as _resolve_product
from advisor.archive.writer import StoreWriter
from advisor.errors import ArticleNotFoundError, KBQueryError, KBStoreError
from advisor.files import data_dir

if TYPE_CHECKING:
    from advisor.articles import Article

__all__ = ["ArticleNotFoundError", "ArticleSummary", "ImportProblem", "ImportSummary",
           "KBQueryError", "KBStore", "KBStoreError", "SearchHit", "default_db_path"]

_SCHEMA_VERSION = 3
_TOKENIZER = "porter unicode61 remove_diacritics 2"
#: BM25 weight of each column of :data:`~advisor.archive.terms.COLUMNS`: a title
#: says what an article is about; the symptoms say it at length, the body
#: mentions much in passing. Chosen on bench/kb_queries.yaml and
#: kb_queries_fresh.yaml (symptoms 5 -> 3, cause 3 -> 1.5, fix 2 -> 1 raised
#: their MRR from 0.922/0.877 to 0.942/0.905); kb_queries_fresh2.yaml, never
#: tuned on, measures the choice.
WEIGHTS = {"title": 10.0, "symptoms": 3.0, "cause": 1.5, "fix": 1.0, "body": 1.0,
           "keywords": 3.0, "extra": 3.0}
#: The bundled articles are the ones this advisor knows best (rule packs cite
#: them): their BM25 score counts this much more, so a near tie goes to them.
BUNDLED_PRIOR = 1.2
#: Candidates ranked beyond those asked for, among which a bundled article may
#: rise by its prior (one further down would need more than the prior to reach
#: the last place asked for, almost always).
_SPARE = 10
#: Phrases whose row counts are kept.
_DOC_COUNTS = 20_000
_FTS_COLUMNS = ", ".join(COLUMNS)
_SCHEMA = f"""
CREATE TABLE articles (number INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL,
    product TEXT, products TEXT NOT NULL, versions TEXT NOT NULL, keywords TEXT NOT NULL,
    issue_type TEXT, solution_type TEXT, status TEXT NOT NULL, article BLOB NOT NULL,
    origin TEXT NOT NULL, source TEXT NOT NULL, hash BLOB NOT NULL);
CREATE INDEX articles_hash ON articles(hash);
CREATE INDEX articles_origin ON articles(origin);
CREATE TABLE vectors (number INTEGER PRIMARY KEY, vector BLOB NOT NULL);
CREATE VIRTUAL TABLE articles_fts USING fts5({_FTS_COLUMNS}, content='',
    tokenize='{_TOKENIZER}');
PRAGMA user_version = {_SCHEMA_VERSION};"""
_SUMMARY = ("SELECT number, id, title, product, versions, issue_type, solution_type, "
            "keywords, status")
_ID = re.compile(r"[Qq]?(\d{1,7})")


def default_db_path() -> Path:
    """Where the store lives by default: ``kb.sqlite3`` in the advisor's data
    directory (see :func:`advisor.files.data_dir`)."""
    return data_dir() / "kb.sqlite3"


class KBStore(StoreWriter):
    """A store of KB articles in one SQLite file (``":memory:"`` for a throwaway one).

    The file and its directory are created when missing, and the bundled articles
    are imported (only when they changed, so opening is cheap). Raises
    :class:`KBStoreError` when the file is not a store. A store may be shared by
    threads; close it with :meth:`close` or use it as a context manager.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = default_db_path() if path is None else path
        self._lock = threading.RLock()
        self._count: int | None = None
        self._bundled: frozenset[int] | None = None
        self._doc_counts: dict[str, int] = {}
        self._version: int | None = None
        self._stamp: bytes | None = None
        self._searched = False
        try:
            if str(self.path) != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False,
                                       isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as error:
            raise KBStoreError(f"{self.path}: cannot open the store: {error}") from None
        self._tokens = Tokens(self._db, _TOKENIZER)
        self._lists = ScoreLists(self._db, "articles_fts", [WEIGHTS[name] for name in COLUMNS],
                                 tokens=self._tokens)
        self._spelling = Spelling(self._db, "articles_fts", self._tokens)
        try:
            self._prepare()
            self._import_bundled()
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

    def search(self, text: str, *, limit: int = 10, product: str | None = None,
               matched: bool = True) -> list[SearchHit]:
        """The articles that best match a free-text description, best first.

        Ranking is FTS5's BM25 over the words of ``text`` (see
        :func:`~advisor.archive.terms.parse_query`), with the title and symptoms
        weighted above the rest of the article; products and versions named in the
        text weigh for articles of that product and version. An article id in the
        text (``Q202063``, ``202063``) puts that article first. ``product`` (a name
        or alias such as ``sms``) keeps only that product's articles. With
        ``matched=False`` the hits' ``matched`` words are left empty (see
        :meth:`matched_words`). Raises :class:`KBQueryError` when ``text`` has
        nothing to search for.
        """
        query = parse_query(text)
        if not query:
            raise KBQueryError("nothing to search for: describe the problem in words")
        limit = max(limit, 0)
        products = _product_filter(product)
        with self._lock:
            self._notice_writes()
            rows = [row for number in query.ids if (row := self._summary_row(number))
                    and _keeps(row, products)]
            fixes = self._spelling.corrections(query.phrases)
            groups = query_groups(query, fixes)
            # A few more than asked for: the bundled articles among them may rise.
            wanted = limit + len(rows) + _SPARE
            if products or not self._searched:
                # Once only (a command), lists would cost more than they save.
                found = grouped(self._db, "articles_fts", groups,
                               [WEIGHTS[name] for name in COLUMNS], wanted,
                               total=self._total(),
                               join="JOIN articles a ON a.number = f.rowid" if products else "",
                               where="AND a.products LIKE ?" if products else "",
                               params=(f"% {products} %",) if products else (),
                               doc_count=self._doc_count)
            else:
                found = self._lists.ranked(groups, wanted)
            self._searched = True
            found = self._favour_bundled(found, limit + len(rows))
            top = found[0][1] if found else 1.0
            scored = [(row, top + 1.0) for row in rows]
            exact = {row[0] for row in rows}
            scored += [(row, score) for rowid, score in found if rowid not in exact
                       and (row := self._summary_row(rowid))]
            scored = scored[:limit]
            numbers = [int(str(row[0])) for row, _ in scored]
            words = matched_words(self._db, self._tokens, with_corrections(query, fixes),
                                  numbers) if matched else {}
        return [SearchHit(**_summary_fields(row), score=score, matched=words.get(number, ()))
                for number, (row, score) in zip(numbers, scored, strict=True)]

    def matched_words(self, text: str, article_ids: Sequence[str]
                      ) -> dict[str, tuple[str, ...]]:
        """The words of each article (by id, as given) that a search for ``text``
        matches, as in :attr:`SearchHit.matched`; an unknown id maps to ``()``."""
        numbers = {ident: int(found.group(1)) for ident in article_ids
                   if (found := _ID.fullmatch(ident.strip()))}
        with self._lock:
            query = parse_query(text)
            query = with_corrections(query, self._spelling.corrections(query.phrases))
            words = matched_words(self._db, self._tokens, query,
                                  list(dict.fromkeys(numbers.values())))
        return {ident: words.get(numbers[ident], ()) if ident in numbers else ()
                for ident in article_ids}

    def corrections(self, text: str) -> dict[str, str]:
        """The words of ``text`` that look misspelt, each with the word a search also
        looks for (``{"inventroy": "inventory"}``, see :mod:`~advisor.archive.spelling`)."""
        with self._lock:
            self._notice_writes()
            return self._spelling.corrections(parse_query(text).phrases)

    def _favour_bundled(self, found: list[tuple[int, float]], limit: int
                        ) -> list[tuple[int, float]]:
        """``found`` with the bundled articles' scores raised by :data:`BUNDLED_PRIOR`,
        best first, cut to ``limit``."""
        if self._bundled is None:
            self._bundled = frozenset(row[0] for row in self._db.execute(
                "SELECT number FROM articles WHERE origin = 'bundled'"))
        raised = [(number, score * BUNDLED_PRIOR if number in self._bundled else score)
                  for number, score in found]
        return sorted(raised, key=lambda item: -item[1])[:limit]

    def _notice_writes(self) -> None:
        # Another process's import changes every score: what is kept of the old
        # ones goes (this connection's own writes forget them as they happen).
        # data_version moves with any write (embeddings too); the index's structure
        # record, whose cookie FTS5 bumps on every change, says whether it changed.
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version == self._version:
            return
        self._version = version
        stamp = structure(self._db, "articles_fts")
        if stamp != self._stamp:
            if self._stamp is not None:
                self._forget()
            self._stamp = stamp

    def _doc_count(self, phrase: str) -> int:
        # The same words come in query after query; counting a common one's rows
        # reads its whole doclist (a few ms). Forgotten on import.
        count = self._doc_counts.get(phrase)
        if count is None:
            if len(self._doc_counts) >= _DOC_COUNTS:
                self._doc_counts.clear()
            count = self._doc_counts[phrase] = doc_rows(self._db, "articles_fts", phrase)
        return count

    def _total(self) -> int:
        if self._count is None:
            self._count = len(self)
        return self._count

    def _summary_row(self, number: int) -> tuple[object, ...] | None:
        row: tuple[object, ...] | None = self._db.execute(
            f"{_SUMMARY}, products FROM articles WHERE number = ?", (number,)).fetchone()
        return row

    def get(self, article_id: str) -> Article:
        """The article with id ``article_id`` (``Q202063``, ``q202063`` or ``202063``).

        Raises :class:`ArticleNotFoundError` when the store has no such article.
        """
        blob = self._row(article_id, "article")[0]
        assert isinstance(blob, bytes)
        return decompress(blob)

    def status(self, article_id: str) -> ArchiveStatus:
        """The fix status of an article, read from its STATUS section and trailer
        (see :func:`~advisor.archive.status.article_status`)."""
        return ArchiveStatus.from_json(json.loads(str(self._row(article_id, "status")[0])))

    def summary(self, article_id: str) -> ArticleSummary:
        """The listing of one article: id, title, product, versions, types, keywords
        and fix status."""
        return ArticleSummary(**_summary_fields(
            self._row(article_id, _SUMMARY.removeprefix("SELECT "))))

    def _row(self, article_id: str, columns: str) -> tuple[object, ...]:
        match = _ID.fullmatch(article_id.strip())
        with self._lock:
            row: tuple[object, ...] | None = None if match is None else self._db.execute(
                f"SELECT {columns} FROM articles WHERE number = ?",
                (int(match.group(1)),)).fetchone()
        if row is None:
            raise ArticleNotFoundError(f"no article {article_id.strip()!r} in the store "
                                       f"{self.path}")
        return row

    def list_articles(self, *, product: str | None = None, keyword: str | None = None,
                      limit: int | None = None) -> list[ArticleSummary]:
        """Article summaries in id order. ``product`` keeps one product's articles: a
        name or alias (``sms``, ``nt``, ``Exchange``) or else any text the product
        contains; ``keyword`` keeps those with that keyword (both ignore case);
        ``limit`` caps the number returned."""
        sql, params = f"{_SUMMARY} FROM articles WHERE 1", []
        if product and (key := _product_filter(product)):
            sql += " AND products LIKE ?"
            params.append(f"% {key} %")
        elif product:
            sql += " AND product LIKE ? ESCAPE '\\'"
            params.append(f"%{_like_escape(product)}%")
        if keyword:
            sql += " AND keywords LIKE ? ESCAPE '\\'"
            params.append(f"% {_like_escape(keyword.casefold())} %")
        sql += " ORDER BY number" + ("" if limit is None else f" LIMIT {max(int(limit), 0)}")
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [ArticleSummary(**_summary_fields(row)) for row in rows]

    def _prepare(self) -> None:
        # A big page cache and a memory map keep the index in memory between searches.
        self._db.executescript(f"PRAGMA cache_size = -65536; PRAGMA mmap_size = {1 << 30};")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == _SCHEMA_VERSION:
            return
        if version == 2:
            self._upgrade_from_2()
            return
        if version == 0:
            self._to_wal()
        # Under the write lock, looking again: two server workers may make the
        # same new store at once, and only one may create its tables.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version != _SCHEMA_VERSION:
                if version != 0 or self._db.execute(
                        "SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise KBStoreError(f"{self.path}: not a KB store of this advisor version "
                                       f"(schema {version}); delete it and import again")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _upgrade_from_2(self) -> None:
        # Schema 3 only adds an index (opening a store looks up its bundled
        # articles by origin): a store of schema 2 gets it, when it may be written.
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return  # read-only (or busy): it works as it is, a little slower to open
        try:
            self._db.execute("CREATE INDEX IF NOT EXISTS articles_origin ON articles(origin)")
            self._db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        except sqlite3.OperationalError:
            self._db.execute("ROLLBACK")
            return
        self._db.execute("COMMIT")



def _product_filter(product: str | None) -> str | None:
    return _resolve_product(product) if product else None


def _keeps(row: tuple[object, ...], products: str | None) -> bool:
    return products is None or f" {products} " in str(row[-1])


def _summary_fields(row: tuple[object, ...]) -> dict[str, Any]:
    _, ident, title, product, versions, issue_type, solution_type, keywords, status = row[:9]
    return {"id": ident, "title": title, "product": product,
            "versions": tuple(str(versions).split("\n")) if versions else (),
            "issue_type": issue_type, "solution_type": solution_type,
            "keywords": tuple(str(keywords).split()),
            "status": ArchiveStatus.from_json(json.loads(str(status)))}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
