"""Picking the session store for a target: a PostgreSQL URL or a SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from advisor.session.store import DEFAULT_IDLE, SessionStore, SQLiteSessionStore, default_db_path

if TYPE_CHECKING:
    from advisor.advice import Reasoner as Advisor

__all__ = ["is_database_url", "open_session_store"]


def is_database_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def open_session_store(target: str | Path | None, advisor: Advisor, *,
                       idle: float | None = DEFAULT_IDLE) -> SessionStore:
    """The session store at ``target``: a ``postgresql://`` URL, a SQLite file,
    or (``None``) the default file. Not yet opened."""
    if target is not None and is_database_url(target):
        from advisor.session.pgstore import PostgresSessionStore

        return PostgresSessionStore(str(target), advisor, idle=idle)
    path = default_db_path() if target is None else Path(target)
    return SQLiteSessionStore(path, advisor, idle=idle)
