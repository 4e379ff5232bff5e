"""Sessions: a troubleshooting conversation's answers, next question and
advice, and the database that keeps them."""

from advisor.session.session import Answer, Outcome, Question, Session
from advisor.session.store import SESSION_ID, SessionStore, default_db_path

__all__ = ["SESSION_ID", "Answer", "Outcome", "Question", "Session", "SessionStore",
           "default_db_path"]
