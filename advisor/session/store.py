"""Troubleshooting sessions kept in a database, so that a server restart loses
none and several server processes (or hosts) share them.

:class:`SessionStore` keeps each :class:`~advisor.session.session.Session` as the
JSON of :meth:`~advisor.session.session.Session.to_json`, one row per session,
every change one short transaction. A change is written only if the session is
still at the version it was read at; otherwise it is redone on the newer
version. So requests that change the same session at the same time, in threads
or in separate processes, never lose an answer.

Sessions expire: one not changed for ``idle`` seconds is gone (404), and expired
rows are purged when the store opens and then at most once a minute as sessions
are created, so the database stays bounded.

Two databases: SQLite (:class:`SQLiteSessionStore`, a file, for one host) and
PostgreSQL (:class:`~advisor.session.pgstore.PostgresSessionStore`, for several
hosts behind one load balancer). :func:`~advisor.session.stores.open_session_store`
picks by the target: a ``postgresql://`` URL or a file path.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from advisor.errors import SessionStoreError
from advisor.files import data_dir
from advisor.session.session import Session

if TYPE_CHECKING:
    from advisor.advice import Reasoner as Advisor

__all__ = ["DEFAULT_IDLE", "SESSION_ID", "SQLiteSessionStore", "SessionStore",
           "SessionStoreError", "default_db_path"]

#: A valid session id: the URL-safe base64 alphabet (the ids are
#: ``secrets.token_urlsafe(18)``, 24 characters).
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: How long a session lives without a change: 7 days.
DEFAULT_IDLE = 7 * 24 * 3600.0
#: Least time between two purges of expired sessions, in seconds.
PURGE_EVERY = 60.0

_T = TypeVar("_T")


def default_db_path() -> Path:
    """Where sessions are kept unless told otherwise: ``sessions.sqlite3`` in
    :func:`~advisor.files.data_dir`."""
    return data_dir() / "sessions.sqlite3"


class SessionStore(ABC):
    """Sessions over ``advisor`` kept in a database (see the subclasses).

    One store can be shared by threads; several processes can use the same
    database. Methods raise :class:`SessionStoreError` when the database cannot
    be used. ``idle`` (seconds, ``None`` for never) is how long a session lives
    without a change.
    """

    #: How many times a change is redone when other requests keep changing the
    #: same session first.
    RETRIES = 20

    def __init__(self, advisor: Advisor, *, idle: float | None = DEFAULT_IDLE) -> None:
        if idle is not None and not idle > 0:
            raise SessionStoreError(f"the idle time must be positive, not {idle}")
        self.advisor = advisor
        self.idle = idle
        self._purged = 0.0

    #: What the store is, for messages (a path or a URL without its password).
    name: str

    def open(self) -> None:
        """Open the database now (it opens on first use otherwise), so that a bad
        target is reported at once; and purge expired sessions."""
        self.purge()

    @abstractmethod
    def close(self) -> None:
        """Close the database; the store opens it again if used afterwards."""

    # What each database does -------------------------------------------------

    @abstractmethod
    def _insert(self, session_id: str, created: float, now: float, data: str) -> None: ...

    @abstractmethod
    def _select(self, session_id: str) -> tuple[str, int, float] | None:
        """The data, version and last change of a session."""

    @abstractmethod
    def _update(self, session_id: str, version: int, now: float, data: str) -> bool:
        """Write the session if it is still at ``version``."""

    @abstractmethod
    def _delete_before(self, cutoff: float) -> int:
        """Delete the sessions last changed before ``cutoff``; how many."""

    @abstractmethod
    def _delete(self, session_id: str) -> bool: ...

    # The store ---------------------------------------------------------------

    def create(self, session: Session) -> None:
        """Store a new session."""
        now = time.time()
        if now - self._purged >= PURGE_EVERY:
            self.purge()
        self._insert(session.id, session.created, now, _dump(session))

    def load(self, session_id: str) -> Session | None:
        """The session with this id, or ``None`` when there is none or it expired
        (ids that are not well formed are refused without a look at the database)."""
        found = self._read(session_id)
        return found[0] if found is not None else None

    def delete(self, session_id: str) -> bool:
        """Delete a session; whether there was one."""
        return SESSION_ID.fullmatch(session_id) is not None and self._delete(session_id)

    def purge(self) -> int:
        """Delete the expired sessions now; returns how many."""
        self._purged = time.time()
        if self.idle is None:
            self._select("-" * 16)  # opens the database all the same
            return 0
        return self._delete_before(self._purged - self.idle)

    def change(self, session_id: str, change: Callable[[Session], _T]
               ) -> tuple[Session, _T] | None:
        """Apply ``change`` to the session and store the result; ``None`` when there
        is no such session. Returns the changed session and what ``change``
        returned. An exception from ``change`` leaves the stored session as it was.

        ``change`` may run more than once (on a fresh copy each time) when other
        requests change the session meanwhile.
        """
        for _ in range(self.RETRIES):
            found = self._read(session_id)
            if found is None:
                return None
            session, version = found
            result = change(session)
            if self._update(session_id, version, time.time(), _dump(session)):
                return session, result
        raise SessionStoreError(f"session {session_id} is changing too fast; try again")

    def _read(self, session_id: str) -> tuple[Session, int] | None:
        if not SESSION_ID.fullmatch(session_id):
            return None
        row = self._select(session_id)
        if row is None:
            return None
        data, version, updated = row
        if self.idle is not None and updated < time.time() - self.idle:
            return None
        return Session.from_json(self.advisor, json.loads(data)), version


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id      TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    data    TEXT NOT NULL
) WITHOUT ROWID
"""
_INDEX = "CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated)"


class SQLiteSessionStore(SessionStore):
    """Sessions in the SQLite database at ``path`` (created when missing; its
    directory must exist unless it is the default one), in WAL mode."""

    def __init__(self, path: Path, advisor: Advisor, *, timeout: float = 10.0,
                 idle: float | None = DEFAULT_IDLE) -> None:
        super().__init__(advisor, idle=idle)
        self.path = Path(path)
        self.name = str(self.path)
        self._timeout = timeout
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # One connection, one statement at a time: every statement is short, and
        # SQLite serialises writers anyway.
        with self._lock:
            if self._db is None:
                self._db = self._connect()
            try:
                yield self._db
            except sqlite3.Error as exc:
                raise SessionStoreError(f"{self.path}: session store error: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.path == default_db_path():
                self.path.parent.mkdir(parents=True, exist_ok=True)  # the advisor's own
            db = sqlite3.connect(self.path, timeout=self._timeout, check_same_thread=False,
                                 isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise SessionStoreError(f"{self.path}: cannot open the session store: {exc}"
                                    ) from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed answer survives a power cut too, not only a crash.
            db.execute("PRAGMA synchronous=FULL")
            db.execute(_SCHEMA)
            db.execute(_INDEX)
        except sqlite3.Error as exc:
            db.close()
            raise SessionStoreError(f"{self.path}: cannot open the session store: {exc}"
                                    ) from None
        return db

    def _insert(self, session_id: str, created: float, now: float, data: str) -> None:
        with self._connection() as db:
            db.execute("INSERT INTO sessions (id, version, created, updated, data) "
                       "VALUES (?, 1, ?, ?, ?)", (session_id, created, now, data))

    def _select(self, session_id: str) -> tuple[str, int, float] | None:
        with self._connection() as db:
            row = db.execute("SELECT data, version, updated FROM sessions WHERE id = ?",
                             (session_id,)).fetchone()
        return (str(row[0]), int(row[1]), float(row[2])) if row is not None else None

    def _update(self, session_id: str, version: int, now: float, data: str) -> bool:
        with self._connection() as db:
            return bool(db.execute(
                "UPDATE sessions SET version = version + 1, updated = ?, data = ? "
                "WHERE id = ? AND version = ?", (now, data, session_id, version)).rowcount)

    def _delete_before(self, cutoff: float) -> int:
        with self._connection() as db:
            return int(db.execute("DELETE FROM sessions WHERE updated < ?",
                                  (cutoff,)).rowcount)

    def _delete(self, session_id: str) -> bool:
        with self._connection() as db:
            return bool(db.execute("DELETE FROM sessions WHERE id = ?",
                                   (session_id,)).rowcount)


def _dump(session: Session) -> str:
    return json.dumps(session.to_json(), separators=(",", ":"), allow_nan=False)
