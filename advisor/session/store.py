"""Troubleshooting sessions kept in SQLite, so that a server restart loses none.

:class:`SessionStore` keeps each :class:`~advisor.session.session.Session` as the JSON of
:meth:`~advisor.session.session.Session.to_json`, one row per session. The database runs
in WAL mode and every change is one short transaction. A change is written only
if the session is still at the version it was read at; otherwise it is redone on
the newer version. So requests that change the same session at the same time, in
threads or in separate server processes, never lose an answer.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from advisor.errors import SessionStoreError
from advisor.files import data_dir
from advisor.session.session import Session

if TYPE_CHECKING:
    from advisor.advice import Reasoner as Advisor

__all__ = ["SESSION_ID", "SessionStore", "SessionStoreError", "default_db_path"]

#: A valid session id: the URL-safe base64 alphabet (the ids are
#: ``secrets.token_urlsafe(18)``, 24 characters).
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id      TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    data    TEXT NOT NULL
) WITHOUT ROWID
"""


def default_db_path() -> Path:
    """Where sessions are kept unless told otherwise: ``sessions.sqlite3`` in
    :func:`~advisor.files.data_dir`."""
    return data_dir() / "sessions.sqlite3"


class SessionStore:
    """Sessions over ``advisor``, stored in the SQLite database at ``path`` (created
    with its directory when missing).

    One store can be shared by threads; several processes can open the same file.
    Methods raise :class:`SessionStoreError` when the database cannot be used.
    """

    #: How many times a change is redone when other requests keep changing the
    #: same session first.
    RETRIES = 20

    def __init__(self, path: Path, advisor: Advisor, *, timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.advisor = advisor
        self._timeout = timeout
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def open(self) -> None:
        """Open the database now (it opens on first use otherwise), so that a bad
        path is reported at once."""
        with self._connection():
            pass

    def close(self) -> None:
        """Close the database; the store opens it again if used afterwards."""
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
            self.path.parent.mkdir(parents=True, exist_ok=True)
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
        except sqlite3.Error as exc:
            db.close()
            raise SessionStoreError(f"{self.path}: cannot open the session store: {exc}"
                                    ) from None
        return db

    def create(self, session: Session) -> None:
        """Store a new session."""
        now = time.time()
        with self._connection() as db:
            db.execute("INSERT INTO sessions (id, version, created, updated, data) "
                       "VALUES (?, 1, ?, ?, ?)",
                       (session.id, session.created, now, _dump(session)))

    def load(self, session_id: str) -> Session | None:
        """The session with this id, or ``None`` when there is none (ids that are
        not well formed are refused without a look at the database)."""
        found = self._read(session_id)
        return found[0] if found is not None else None

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
            with self._connection() as db:
                done = db.execute(
                    "UPDATE sessions SET version = version + 1, updated = ?, data = ? "
                    "WHERE id = ? AND version = ?",
                    (time.time(), _dump(session), session_id, version)).rowcount
            if done:
                return session, result
        raise SessionStoreError(f"session {session_id} is changing too fast; try again")

    def _read(self, session_id: str) -> tuple[Session, int] | None:
        if not SESSION_ID.fullmatch(session_id):
            return None
        with self._connection() as db:
            row = db.execute("SELECT data, version FROM sessions WHERE id = ?",
                             (session_id,)).fetchone()
        if row is None:
            return None
        return Session.from_json(self.advisor, json.loads(row[0])), int(row[1])


def _dump(session: Session) -> str:
    return json.dumps(session.to_json(), separators=(",", ":"), allow_nan=False)
