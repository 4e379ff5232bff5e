"""The writing side of the article store: imports, the bundled articles, and the
sentence embeddings of the optional meaning search.

:class:`StoreWriter` is a part of :class:`~advisor.archive.store.KBStore`; it works
on the store's connection and lock.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor._version import __version__
from advisor.archive.ingest import Parsed, article_data, parse_items, parsed_row
from advisor.archive.model import ImportProblem, ImportSummary
from advisor.archive.terms import COLUMNS, index_columns
from advisor.errors import KBStoreError

if TYPE_CHECKING:
    from advisor.archive.scorelists import ScoreLists
    from advisor.archive.spelling import Spelling

__all__ = ["Progress", "StoreWriter"]

_BATCH = 1000
_FTS_COLUMNS = ", ".join(COLUMNS)

Progress = Callable[[int], None]


class StoreWriter:
    """Imports into the store (see :meth:`import_articles`)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _count: int | None
    _bundled: frozenset[int] | None
    _doc_counts: dict[str, int]
    _lists: ScoreLists
    _spelling: Spelling
    path: Path | str

    def _forget(self) -> None:
        # What was worked out from the store as it was: counts, bundled articles,
        # phrase row counts and score lists.
        self._count = self._bundled = None
        self._doc_counts.clear()
        self._lists.clear()
        self._spelling.forget()

    def _to_wal(self) -> None:
        # Changing the journal mode needs the file to itself, and SQLite does not
        # wait for that (no busy timeout): another process may be opening it too.
        for _ in range(200):
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.05)
        self._db.execute("PRAGMA journal_mode = WAL")

    def import_articles(self, items: Iterable[tuple[str, str]], *,
                        progress: Progress | None = None,
                        workers: int | None = None,
                        keep_lists: bool | None = None) -> ImportSummary:
        """Import articles given as ``(name, text)`` pairs.

        :func:`advisor.cli.kb.read_sources` reads such pairs from files, directories
        and tar archives. Unchanged articles are skipped without being parsed; the
        rest are parsed by ``workers`` processes (default: one per core) and written
        in batches, each its own transaction. An item that is not an article is
        listed in :attr:`ImportSummary.problems` with its name and the reason, and
        the import goes on. ``progress(articles_done)`` is called after each batch.
        With ``keep_lists`` (by default: when the store kept them before), the import
        ends with :meth:`keep_score_lists`.
        """
        summary = ImportSummary()
        with self._lock:
            known = dict(self._db.execute("SELECT hash, id FROM articles"))
            present = {row[0] for row in self._db.execute("SELECT number FROM articles")}
            bundled = {row[0] for row in self._db.execute(
                "SELECT id FROM articles WHERE origin = 'bundled'")}
            seen: set[str] = set()
            first: dict[str, str] = {}  # article id -> the item it was imported from

            def changed() -> Iterator[tuple[str, str, bytes]]:
                for name, text in items:
                    digest = _digest(text)
                    if (same := known.get(digest)) is not None:
                        summary.duplicates += same in seen
                        summary.unchanged += same not in seen
                        seen.add(same)
                        continue
                    yield name, text, digest

            batch: list[tuple[Parsed, str, bytes]] = []
            parsed_items = parse_items(changed(), workers=workers)
            for done, (name, digest, parsed) in enumerate(parsed_items, start=1):
                if isinstance(parsed, ImportProblem):
                    summary.problems.append(parsed)
                elif parsed.id in bundled:
                    summary.kept_bundled += 1
                elif parsed.id in seen:
                    summary.duplicates += 1
                    # Different bytes under an id already imported: say which two.
                    summary.problems.append(ImportProblem(name, (
                        f"duplicate id {parsed.id} with different content; the one from "
                        f"{first.get(parsed.id, 'an earlier item')} was kept")))
                else:
                    seen.add(parsed.id)
                    first[parsed.id] = name
                    batch.append((parsed, name, digest))
                if len(batch) >= _BATCH:
                    self._commit(batch, "import", summary, present)
                    if progress:
                        progress(done + summary.unchanged + summary.duplicates)
            self._commit(batch, "import", summary, present)
            self._forget()
            if summary.new + summary.updated >= _BATCH:
                # One segment per column: each term's doclist is read in one piece.
                self._db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
            if keep_lists or (keep_lists is None and self._lists.kept_before()):
                self.keep_score_lists(workers=workers)
        return summary

    def keep_score_lists(self, *, workers: int | None = None) -> int:
        """Work out the score lists of the commonest words and keep them in the store,
        so that a long-running search service (``advisor serve``, a program that
        embeds the store) loads them instead of building them on the searches that
        first meet them; the number of lists (0 when those kept still hold). It
        takes seconds (some 10 for the whole archive), and once a store has them,
        every import keeps them again (see
        :mod:`advisor.archive.keptlists`)."""
        with self._lock:
            return self._lists.keep(self.path, columns=("extra",), workers=workers)

    def unembedded(self) -> list[tuple[int, str]]:
        """``(number, title and symptoms)`` of the articles that have no sentence
        embedding yet (see :mod:`advisor.archive.semantic`)."""
        with self._lock:
            rows = self._db.execute("SELECT number, article FROM articles WHERE number NOT IN "
                                    "(SELECT number FROM vectors) ORDER BY number").fetchall()
        return [(number, _meaning_text(blob)) for number, blob in rows]

    def save_vectors(self, rows: Iterable[tuple[int, bytes]]) -> None:
        """Keep sentence embeddings (``(number, float16 bytes)``), in one transaction."""
        with self._lock, self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def vectors(self) -> tuple[list[int], bytes]:
        """The article numbers with an embedding and the embeddings, concatenated."""
        with self._lock:
            rows = self._db.execute("SELECT number, vector FROM vectors ORDER BY number"
                                    ).fetchall()
        return [row[0] for row in rows], b"".join(row[1] for row in rows)

    def _import_bundled(self) -> None:
        loaded = [(path, path.read_text("utf-8-sig"))
                  for path in sorted(_bundled_kb().glob("*.txt"))]
        rules = _bundled_kb().parent / "rules"
        # A pack's status is part of what is stored: a changed pack re-imports.
        digests = {_digest(text + "\0" + _read_if(rules / f"{path.stem}.yaml")): (path, text)
                   for path, text in loaded}
        if digests.keys() == self._bundled_hashes().keys():
            return
        from advisor.archive.status import article_status, pack_status
        from advisor.articles import parse_article

        packs = _pack_statuses(rules)
        rows = {}
        for digest, (path, text) in digests.items():
            article = parse_article(text, path=path)
            pack = packs.get(path.stem)
            status = None if pack is None else pack_status(pack, article_status(article))
            rows[digest] = (parsed_row(article, status), str(path), digest)
        with self._lock, self._transaction():
            # Read again under the write lock: another process (a second server
            # worker opening the same new store) may have imported them meanwhile.
            stored = self._bundled_hashes()
            batch = [row for digest, row in rows.items() if digest not in stored]
            present = {row[0] for row in self._db.execute("SELECT number FROM articles")}
            for digest, old in stored.items():
                if digest not in digests:
                    self._unindex(int(old[1:]))
                    self._db.execute("DELETE FROM articles WHERE id = ?", (old,))
                    present.discard(int(old[1:]))
            self._write(batch, "bundled", ImportSummary(), present)

    def _bundled_hashes(self) -> dict[bytes, str]:
        return {row[0]: row[1] for row in self._db.execute(
            "SELECT hash, id FROM articles WHERE origin = 'bundled'")}

    def _commit(self, batch: list[tuple[Parsed, str, bytes]], origin: str,
                summary: ImportSummary, present: set[int]) -> None:
        if batch:
            with self._transaction(bulk=True):
                self._write(batch, origin, summary, present)
            batch.clear()

    def _write(self, batch: list[tuple[Parsed, str, bytes]], origin: str,
               summary: ImportSummary, present: set[int]) -> None:
        replaced = [parsed.number for parsed, _, _ in batch if parsed.number in present]
        for number in replaced:
            self._unindex(number)
        self._db.executemany(f"INSERT OR REPLACE INTO articles VALUES ({', '.join('?' * 14)})",
                             [(*parsed.row, origin, name, digest)
                              for parsed, name, digest in batch])
        self._db.executemany(f"INSERT INTO articles_fts(rowid, {_FTS_COLUMNS}) VALUES "
                             f"(?{', ?' * len(COLUMNS)})",
                             [(parsed.number, *parsed.columns) for parsed, _, _ in batch])
        present.update(parsed.number for parsed, _, _ in batch)
        summary.new += len(batch) - len(replaced)
        summary.updated += len(replaced)

    def _unindex(self, number: int) -> None:
        # A contentless index forgets a row only when told the text it indexed.
        blob = self._db.execute("SELECT article FROM articles WHERE number = ?",
                                (number,)).fetchone()
        if blob is not None:
            self._db.execute(f"INSERT INTO articles_fts(articles_fts, rowid, {_FTS_COLUMNS})"
                             f" VALUES ('delete', ?{', ?' * len(COLUMNS)})",
                             (number, *index_columns(article_data(blob[0]))))

    @contextmanager
    def _transaction(self, *, bulk: bool = False) -> Iterator[None]:
        # A bulk import is redone from its sources if it stops, so it need not be
        # durable against power loss; the WAL keeps the file consistent when the
        # process is killed.
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


def _meaning_text(blob: bytes) -> str:
    # What an article is about, for its sentence embedding: the title and the start
    # of the symptoms (the model reads its first 128 word pieces, some 500 characters).
    columns = index_columns(article_data(blob))
    return f"{columns[0]}. {columns[1][:1000]}"


def _read_if(path: Path) -> str:
    return path.read_text("utf-8") if path.is_file() else ""


def _pack_statuses(rules: Path) -> dict[str, dict[str, Any]]:
    # A bundled article's status is its rule pack's (the advice cites it), not a
    # reading of its text. Only the status blocks are wanted: the knowledge layer
    # would validate every rule, and this runs whenever a new store is made. The
    # packs were validated where they were written (tests/test_knowledge.py).
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = {}
    for path in sorted(rules.glob("Q*.yaml")):
        pack = yaml.load(path.read_text("utf-8"), Loader=loader)
        if isinstance(pack, dict) and isinstance(pack.get("status"), dict):
            found[path.stem] = pack["status"]
    return found


def _bundled_kb() -> Path:
    # The same place advisor.knowledge finds kb/ (inside the installed package, or
    # at the top of a source checkout), found here without importing the knowledge
    # layer, which a search does not need.
    # (importlib.resources would cost a search a tenth of its start-up.)
    package = Path(__file__).resolve().parents[1]
    for base in (package, package.parent):
        if (base / "kb").is_dir() and (base / "rules").is_dir():
            return base / "kb"
    raise KBStoreError(f"{package}: the bundled kb/ directory is missing; reinstall")
