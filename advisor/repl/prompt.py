"""``advisor`` in a terminal: the interactive troubleshooting prompt.

A thin shell over :class:`~advisor.repl.conversation.Conversation`: it reads lines
with prompt-toolkit (Tab completion of the allowed answers and commands, history
kept across runs, a bottom toolbar with progress), shows the replies and saves
the session after every change with an atomic write, so a killed terminal loses
nothing and ``advisor --resume`` continues where it stopped. Ctrl-C cancels the
line being typed; Ctrl-D or ``quit`` leaves.

With standard input not a terminal it runs in batch mode: one answer or command
per line, and it prints the transcript and the advice.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, DynamicCompleter, WordCompleter
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from advisor.api import Advisor
from advisor.errors import AdvisorError
from advisor.files import data_dir, read_json, remove_stale_temps, write_json
from advisor.output import render_advice
from advisor.repl.conversation import Conversation
from advisor.session import Session

__all__ = ["autosave_path", "completer", "run_batch", "run_interactive"]


def autosave_path() -> Path:
    """Where the current session is saved after every change."""
    return data_dir() / "session.json"


def _open_session(advisor: Advisor, resume: bool, out: TextIO) -> Session:
    path = autosave_path()
    # A killed autosave leaves its temporary file behind; nothing else will.
    remove_stale_temps(path)
    if resume:
        if not path.exists():
            out.write("No saved session to resume; starting a new one.\n")
        else:
            try:
                session = Session.from_json(advisor, read_json(path))
            except (OSError, ValueError, AdvisorError) as exc:
                out.write(f"Cannot resume {path}: {exc}\n{_set_aside(path)}Starting a new "
                          "session.\n")
            else:
                out.write(f"Resuming the session saved at {path} "
                          f"({len(session.answers)} answers).\n")
                return session
    return advisor.session()


def _set_aside(path: Path) -> str:
    """Move a session file that cannot be resumed out of the way (the next
    autosave would replace it), and say where it went."""
    aside = path.with_name(f"{path.name}.bad-{int(time.time())}")
    try:
        path.replace(aside)
    except OSError as exc:
        return f"(it could not be moved aside: {exc.strerror or exc})\n"
    return f"The file was kept as {aside}.\n"


def completer(conversation: Conversation) -> Completer:
    """Tab completion: the current question's answers, then the commands."""
    return DynamicCompleter(lambda: WordCompleter(conversation.completions(),
                                                  ignore_case=True, sentence=True))


class _Autosave:
    """Saves the session whenever its log changed since the last save."""

    def __init__(self, conversation: Conversation, out: TextIO) -> None:
        self.conversation = conversation
        self.out = out
        self.saved: tuple[str, int, float] | None = None

    def __call__(self) -> None:
        session = self.conversation.session
        state = (session.id, len(session.answers), session.answers[-1].at
                 if session.answers else 0.0)
        if state == self.saved:
            return
        try:
            write_json(autosave_path(), session.to_json(), overwrite=True, parents=True)
            self.saved = state
        except (OSError, AdvisorError) as exc:
            self.out.write(f"(could not save the session: {exc})\n")


def run_interactive(advisor: Advisor, *, resume: bool = False, out: TextIO,
                    input: Input | None = None, output: Output | None = None,
                    history: Path | None = None) -> int:
    """Run the prompt until ``quit`` or Ctrl-D; returns the exit status."""
    conversation = Conversation(_open_session(advisor, resume, out))
    try:
        save = _Autosave(conversation, out)
        history_path = history if history is not None else data_dir() / "history"
        try:
            history_path.parent.mkdir(parents=True, exist_ok=True)
            kept: FileHistory | InMemoryHistory = FileHistory(str(history_path))
        except OSError:
            kept = InMemoryHistory()
        prompt: PromptSession[str] = PromptSession(
            completer=completer(conversation),
            bottom_toolbar=conversation.toolbar, history=kept, input=input, output=output,
            complete_while_typing=True)
        out.write(conversation.greeting() + "\n")
        while True:
            try:
                line = prompt.prompt(conversation.prompt())
            except KeyboardInterrupt:
                out.write("(cancelled; type quit or press Ctrl-D to leave)\n")
                continue
            except EOFError:
                save()
                out.write("Bye. The session is saved; `advisor --resume` continues it.\n")
                return 0
            reply = conversation.handle(line)
            save()
            if reply.text:
                out.write(reply.text + "\n")
            if reply.done:
                return 0
    finally:
        conversation.close()


def run_batch(advisor: Advisor, lines: TextIO, out: TextIO, *, resume: bool = False) -> int:
    """Read answers and commands line by line; print the transcript, then the
    advice. Lines starting with ``#`` are comments."""
    conversation = Conversation(_open_session(advisor, resume, out))
    try:
        save = _Autosave(conversation, out)
        out.write(conversation.greeting() + "\n")
        for raw in lines:
            line = raw.rstrip("\n")
            if line.lstrip().startswith("#"):
                continue
            out.write(f"{conversation.prompt()}{line}\n")
            reply = conversation.handle(line)
            save()
            if reply.text:
                out.write(reply.text + "\n")
            if reply.done:
                break
        advice = conversation.session.advice()
        out.write("\n=== Advice ===\n" + render_advice(advice))
        return 0
    finally:
        conversation.close()
