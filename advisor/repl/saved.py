"""Saved interactive sessions: one JSON file per session, so no session ever
overwrites another.

Each session the prompt runs is saved to ``sessions/ID.json`` in the data
directory after every change (atomically: a killed process leaves the previous
version, never half a file). A session is written only once it has an answer,
so starting the prompt and leaving at once writes nothing. A file that cannot
be read back is renamed aside (``ID.json.corrupt-TIMESTAMP``), never
overwritten; ``advisor sessions`` lists, shows and deletes saved sessions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from advisor.api import Advisor
from advisor.errors import AdvisorError, SessionError, UsageError
from advisor.files import data_dir, read_json, write_json
from advisor.session import SESSION_ID, Session

__all__ = ["SavedSession", "delete_saved", "find_saved", "list_saved", "load_saved",
           "save_session", "session_path", "sessions_dir", "set_aside"]


def sessions_dir() -> Path:
    """Where the prompt keeps its sessions: ``sessions/`` in the data directory."""
    return data_dir() / "sessions"


def session_path(session_id: str) -> Path:
    """The file a session with this id is saved to."""
    return sessions_dir() / f"{session_id}.json"


@dataclass(frozen=True)
class SavedSession:
    """A saved session file: its id, when it last changed, and either the
    session read back or why it cannot be."""

    path: Path
    id: str
    updated: float
    session: Session | None
    problem: str | None = None

    @property
    def answered(self) -> int:
        """How many facts are answered (as the prompt's toolbar counts them)."""
        return len(self.session.current()) if self.session is not None else 0


def save_session(session: Session) -> Path:
    """Save ``session`` to its own file and return the path. The sessions
    directory is the advisor's own and is created here when missing."""
    path = session_path(session.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, session.to_json(), overwrite=True)
    return path


def load_saved(advisor: Advisor, path: Path) -> Session:
    """Read a saved session back; raises :class:`SessionError` naming the file."""
    try:
        return Session.from_json(advisor, read_json(path))
    except (OSError, ValueError, AdvisorError) as exc:
        raise SessionError(f"{path}: {exc}") from None


def list_saved(advisor: Advisor) -> list[SavedSession]:
    """Every saved session, the most recently changed first. Unreadable files
    are listed too, with their problem."""
    folder = sessions_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.json"):
        ident = path.stem
        if not SESSION_ID.fullmatch(ident):
            continue
        try:
            updated = path.stat().st_mtime
        except OSError:
            continue
        try:
            found.append(SavedSession(path, ident, updated, load_saved(advisor, path)))
        except SessionError as exc:
            found.append(SavedSession(path, ident, updated, None, str(exc)))
    found.sort(key=lambda s: s.updated, reverse=True)
    return found


def find_saved(advisor: Advisor, ident: str) -> SavedSession:
    """The saved session whose id is ``ident`` or starts with it. Raises
    :class:`UsageError` when none or several match."""
    saved = list_saved(advisor)
    exact = [s for s in saved if s.id == ident]
    matches = exact or [s for s in saved if ident and s.id.startswith(ident)]
    if not matches:
        known = ", ".join(s.id[:8] for s in saved[:5]) or "none"
        raise UsageError(f"no saved session {ident!r} (saved: {known}; "
                         "`advisor sessions` lists them)")
    if len(matches) > 1:
        raise UsageError(f"{ident!r} starts {len(matches)} session ids: give more of it")
    return matches[0]


def delete_saved(saved: SavedSession) -> None:
    """Delete a saved session's file."""
    saved.path.unlink(missing_ok=True)


def set_aside(path: Path) -> Path:
    """Rename an unreadable session file out of the way (it is never
    overwritten) and return its new name."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    path.rename(target)
    return target
