"""``advisor sessions``: the sessions the interactive prompt saved (one file
each, in ``sessions/`` in the data directory)."""

from __future__ import annotations

import argparse
import json
import time
from typing import TextIO

from advisor.api import Advisor
from advisor.facts import VOCABULARY
from advisor.output import render_advice
from advisor.repl import SavedSession, delete_saved, find_saved, list_saved, sessions_dir

__all__ = ["add_sessions_command"]

EXIT_OK, EXIT_NOTHING = 0, 1


def add_sessions_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]
                         ) -> argparse.ArgumentParser:
    """Add ``sessions`` (list, show ID, delete ID) to the command line."""
    p = subparsers.add_parser(
        "sessions", help="list, show or delete the saved interactive sessions",
        description="The interactive sessions saved in " + str(sessions_dir()) + ". "
        "Without an action, list them (newest first). An ID may be shortened to any "
        "unique beginning. `advisor --resume ID` continues one.",
        epilog="exit status: 0 done; 1 no saved session; 2 no such session or bad usage",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", nargs="?", choices=["list", "show", "delete"], default="list",
                   help="list (the default): every saved session; show ID: its answers and "
                   "advice; delete ID: remove its file")
    p.add_argument("id", nargs="?", metavar="ID",
                   help="the session, for show and delete (a unique beginning is enough)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_sessions)
    return p


def run_sessions(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """``advisor sessions [list|show ID|delete ID]``"""
    from advisor.errors import UsageError

    advisor = Advisor(getattr(args, "kb", None), getattr(args, "rules", None))
    if args.action == "list":
        if args.id:
            raise UsageError("list takes no ID (did you mean: advisor sessions show ID?)")
        return _list(list_saved(advisor), out, args.json)
    if not args.id:
        raise UsageError(f"say which session: advisor sessions {args.action} ID "
                         "(advisor sessions lists them)")
    saved = find_saved(advisor, args.id)
    if args.action == "delete":
        delete_saved(saved)
        if args.json:
            out.write(json.dumps({"deleted": saved.id}) + "\n")
        else:
            out.write(f"Deleted session {saved.id} ({saved.path}).\n")
        return EXIT_OK
    return _show(saved, out, args.json)


def _when(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def _list(saved: list[SavedSession], out: TextIO, as_json: bool) -> int:
    if as_json:
        out.write(json.dumps([_summary(s) for s in saved], indent=2) + "\n")
        return EXIT_OK if saved else EXIT_NOTHING
    if not saved:
        out.write("No saved sessions.\n")
        return EXIT_NOTHING
    for s in saved:
        if s.session is None:
            out.write(f"{s.id}  {_when(s.updated)}  cannot be read: {s.problem}\n")
            continue
        question = s.session.next_question()
        state = "advice final" if question is None else f"next: {question.fact}"
        count = s.answered
        out.write(f"{s.id}  {_when(s.updated)}  {count} answer{'' if count == 1 else 's'}"
                  f"  {state}\n")
    return EXIT_OK


def _summary(s: SavedSession) -> dict[str, object]:
    data: dict[str, object] = {"id": s.id, "path": str(s.path), "updated": s.updated,
                               "readable": s.session is not None, "problem": s.problem}
    if s.session is not None:
        question = s.session.next_question()
        data.update(answered=s.answered, complete=question is None,
                    next_question=question.fact if question else None)
    return data


def _show(saved: SavedSession, out: TextIO, as_json: bool) -> int:
    from advisor.errors import UsageError

    session = saved.session
    if session is None:
        raise UsageError(f"{saved.path} cannot be read: {saved.problem}")
    if as_json:
        out.write(json.dumps({**_summary(saved), "session": session.to_json(),
                              "advice": session.advice().model_dump(mode="json")},
                             indent=2) + "\n")
        return EXIT_OK
    out.write(f"Session {saved.id}, last changed {_when(saved.updated)}\n")
    for fact, entry in session.current().items():
        shown = "unknown" if entry.skipped else VOCABULARY[fact].label(entry.value)
        out.write(f"  {fact} = {shown}  [{entry.source}]\n")
    out.write("\n" + render_advice(session.advice()))
    return EXIT_OK
