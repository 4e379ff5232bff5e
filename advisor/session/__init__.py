"""Sessions: a troubleshooting conversation's answers, next question and
advice, and the databases that keep them (SQLite, or PostgreSQL for several hosts)."""

from advisor.session.session import Answer, Outcome, Question, Session
from advisor.session.store import (
    DEFAULT_IDLE,
    SESSION_ID,
    SessionStore,
    SQLiteSessionStore,
    default_db_path,
)
from advisor.session.stores import is_database_url, open_session_store

__all__ = ["DEFAULT_IDLE", "SESSION_ID", "Answer", "Outcome", "Question", "SQLiteSessionStore",
           "Session", "SessionStore", "default_db_path", "is_database_url",
           "open_session_store"]
