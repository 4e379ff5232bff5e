"""Sessions in PostgreSQL, so that several hosts behind one load balancer share
them (``advisor serve --db postgresql://...``). The article store stays a
read-only SQLite file on each host; only sessions live here.

Needs the ``psycopg`` driver (``pip install 'advisor[postgres]'``). The table
(``advisor_sessions``) is created on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from advisor.errors import SessionStoreError
from advisor.session.store import DEFAULT_IDLE, SessionStore

if TYPE_CHECKING:
    from advisor.advice import Reasoner as Advisor

__all__ = ["PostgresSessionStore"]

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS advisor_sessions ("
    " id TEXT PRIMARY KEY, version INTEGER NOT NULL, created DOUBLE PRECISION NOT NULL,"
    " updated DOUBLE PRECISION NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS advisor_sessions_updated ON advisor_sessions (updated)",
]
#: Serialises the creation of the table by several processes starting at once
#: (CREATE ... IF NOT EXISTS races in PostgreSQL otherwise).
_SCHEMA_LOCK = 0x5D5AD71


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


class PostgresSessionStore(SessionStore):
    """Sessions in the PostgreSQL database at ``url`` (a ``postgresql://`` URL,
    as libpq takes it: ``postgresql://user@/db?host=/run/postgresql`` for a unix
    socket). One connection per store, one statement per transaction."""

    def __init__(self, url: str, advisor: Advisor, *, idle: float | None = DEFAULT_IDLE,
                 connect_timeout: int = 10) -> None:
        super().__init__(advisor, idle=idle)
        self.url = url
        self.name = _shown(url)
        self._timeout = connect_timeout
        self._lock = threading.Lock()
        self._db: Any = None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        try:
            import psycopg
        except ImportError:
            raise SessionStoreError(
                f"{self.name}: sessions in PostgreSQL need the psycopg driver: "
                "pip install 'advisor[postgres]'") from None
        with self._lock:
            try:
                if self._db is None or self._db.closed:
                    self._db = self._connect(psycopg)
                yield self._db
            except psycopg.OperationalError as exc:
                # A lost connection is opened again by the next call.
                if self._db is not None:
                    self._db.close()
                    self._db = None
                raise SessionStoreError(f"{self.name}: session store error: "
                                        f"{_first_line(exc)}") from None
            except psycopg.Error as exc:
                raise SessionStoreError(f"{self.name}: session store error: "
                                        f"{_first_line(exc)}") from None

    def _connect(self, psycopg: Any) -> Any:
        try:
            db = psycopg.connect(self.url, autocommit=True, connect_timeout=self._timeout,
                                 application_name="advisor")
        except (psycopg.Error, ValueError) as exc:
            raise SessionStoreError(f"{self.name}: cannot open the session store: "
                                    f"{_first_line(exc)}") from None
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for statement in _SCHEMA:
                db.execute(statement)
        return db

    def _insert(self, session_id: str, created: float, now: float, data: str) -> None:
        with self._connection() as db:
            db.execute("INSERT INTO advisor_sessions (id, version, created, updated, data) "
                       "VALUES (%s, 1, %s, %s, %s)", (session_id, created, now, data))

    def _select(self, session_id: str) -> tuple[str, int, float] | None:
        with self._connection() as db:
            row = db.execute("SELECT data, version, updated FROM advisor_sessions "
                             "WHERE id = %s", (session_id,)).fetchone()
        return (str(row[0]), int(row[1]), float(row[2])) if row is not None else None

    def _update(self, session_id: str, version: int, now: float, data: str) -> bool:
        with self._connection() as db:
            cursor = db.execute(
                "UPDATE advisor_sessions SET version = version + 1, updated = %s, data = %s "
                "WHERE id = %s AND version = %s", (now, data, session_id, version))
            return bool(cursor.rowcount)

    def _delete_before(self, cutoff: float) -> int:
        with self._connection() as db:
            return int(db.execute("DELETE FROM advisor_sessions WHERE updated < %s",
                                  (cutoff,)).rowcount)

    def _delete(self, session_id: str) -> bool:
        with self._connection() as db:
            return bool(db.execute("DELETE FROM advisor_sessions WHERE id = %s",
                                   (session_id,)).rowcount)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
