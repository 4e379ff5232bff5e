"""``advisor`` in a terminal: the interactive troubleshooting prompt.

A thin shell over :class:`~advisor.repl.conversation.Conversation`: it reads lines
with prompt-toolkit (Tab completion, history kept across runs, a bottom toolbar
with progress), shows the replies wrapped to the terminal's width (coloured on a
terminal unless ``NO_COLOR`` is set) and saves the session after every change
to its own file (:mod:`advisor.repl.saved`), so a killed terminal loses nothing
and no session overwrites another. Ctrl-C cancels the line being typed; Ctrl-D
or ``quit`` leaves.

With standard input not a terminal it runs in batch mode: one answer or command
per line, it prints the transcript and the advice, and it saves nothing (only
``save FILE`` writes).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import (
    CompleteEvent,
    Completer,
    Completion,
    PathCompleter,
    WordCompleter,
)
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from advisor.api import Advisor
from advisor.errors import AdvisorError, UsageError
from advisor.facts import VOCABULARY
from advisor.files import data_dir, remove_stale_temps
from advisor.output import render_advice
from advisor.repl.conversation import Conversation
from advisor.repl.reply import Reply, plural
from advisor.repl.saved import (
    SavedSession,
    find_saved,
    list_saved,
    save_session,
    session_path,
    set_aside,
)
from advisor.repl.style import Painter, use_colour, wrap
from advisor.session import Session

__all__ = ["PromptCompleter", "autosave_path", "completer", "open_session", "run_batch",
           "run_interactive"]

#: ``resume``: False for a new session, True for the latest saved one, or an id.
Resume = bool | str

_PATH_COMMANDS = frozenset({"save", "load", "report", "evidence"})


def autosave_path(session: Session) -> Path:
    """Where the prompt saves ``session`` after every change."""
    return session_path(session.id)


def _when(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def _latest(advisor: Advisor, out: TextIO) -> Session | None:
    """The most recent readable saved session; unreadable ones are set aside."""
    for saved in list_saved(advisor):
        # A killed save leaves its temporary file behind; nothing else will.
        remove_stale_temps(saved.path)
        if saved.session is not None:
            return _resumed(saved, out)
        kept = set_aside(saved.path)
        out.write(f"Cannot resume {saved.path}: {saved.problem}\n"
                  f"The file was kept as {kept.name}; it is never overwritten.\n")
    out.write("No saved session to resume; starting a new one.\n")
    return None


def _resumed(saved: SavedSession, out: TextIO) -> Session:
    assert saved.session is not None
    out.write(f"Resuming the session saved at {saved.path} "
              f"({plural(saved.answered, 'answer')}, last changed {_when(saved.updated)}).\n")
    return saved.session


def open_session(advisor: Advisor, resume: Resume, out: TextIO, *,
                 mention_saved: bool = True) -> Session:
    """The session to run: a saved one when ``resume`` says so, else a new one
    (and, with ``mention_saved``, a word about the saved sessions it leaves alone)."""
    if isinstance(resume, str) and resume:
        saved = find_saved(advisor, resume)
        if saved.session is None:
            raise UsageError(f"cannot resume {saved.path}: {saved.problem}")
        return _resumed(saved, out)
    if resume:
        return _latest(advisor, out) or advisor.session()
    readable = [s for s in list_saved(advisor) if s.session is not None] if mention_saved else []
    if readable:
        last = readable[0]
        others = f" and {plural(len(readable) - 1, 'other')}" if len(readable) > 1 else ""
        out.write(f"A saved session ({plural(last.answered, 'answer')}, last changed "
                  f"{_when(last.updated)}){others} is kept: `advisor --resume` continues it, "
                  "`advisor sessions` lists them. This is a new session, saved on its own.\n")
    return advisor.session()


class PromptCompleter(Completer):
    """Tab completion: the question's answers and the commands; fact names after
    ``change`` and that fact's answers after ``change FACT``; file names after
    the commands that take a file; article ids after ``show``."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, complete_event: CompleteEvent
                        ) -> Iterable[Completion]:
        text = document.text_before_cursor
        words = text.split()
        # The index of the word being typed (a trailing space starts a new one).
        position = len(words) - (0 if text.endswith(" ") or not words else 1)
        if position == 0:
            yield from WordCompleter(self.conversation.completions(), ignore_case=True,
                                     sentence=True).get_completions(document, complete_event)
            return
        command = words[0].casefold()
        current = "" if text.endswith(" ") else words[-1]
        if command == "export" and position == 1:
            options: list[str] = ["reg"]
        elif command == "change" and position == 1:
            options = list(VOCABULARY)
        elif command == "change" and position == 2 and words[1] in VOCABULARY:
            options = _answers(words[1])
        elif command == "show" and position == 1:
            options = sorted(self.conversation.session.advisor.knowledge.articles)
        elif command in _PATH_COMMANDS or (command == "export" and position >= 2):
            yield from self.paths.get_completions(Document(current), complete_event)
            return
        else:
            return
        folded = current.casefold()
        for option in options:
            if option.casefold().startswith(folded):
                yield Completion(option, -len(current))


def _answers(fact: str) -> list[str]:
    spec = VOCABULARY[fact]
    words = list(spec.choices) if spec.kind == "choice" else []
    words += ["yes", "no"] if spec.kind == "bool" else []
    words += [spec.null_label] if spec.nullable and spec.null_label else []
    return [*words, "unknown"]


def completer(conversation: Conversation) -> Completer:
    """Tab completion for the prompt (see :class:`PromptCompleter`)."""
    return PromptCompleter(conversation)


class _Autosave:
    """Saves the session to its own file whenever its log changed since the
    last save; a session with no answer yet is not written."""

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
        if not session.answers and not autosave_path(session).exists():
            return
        try:
            save_session(session)
            self.saved = state
        except (OSError, AdvisorError) as exc:
            self.out.write(f"(could not save the session: {exc})\n")


class _Screen:
    """Writes replies wrapped to the terminal's width, coloured where wanted."""

    def __init__(self, out: TextIO, width: int | None = None,
                 output: Output | None = None) -> None:
        self.out = out
        self.fixed = width
        self.output = output
        self.painter = Painter(use_colour(out))

    def width(self) -> int:
        if self.fixed is not None:
            return self.fixed
        if self.output is not None:
            return self.output.get_size().columns
        return 80

    def show(self, reply: Reply | str) -> None:
        if isinstance(reply, str):
            reply = Reply(reply)
        if reply.text:
            text = wrap(reply.text, self.width() - 1)
            self.out.write(self.painter.paint(text, error=reply.error) + "\n")


def run_interactive(advisor: Advisor, *, resume: Resume = False, out: TextIO,
                    input: Input | None = None, output: Output | None = None,
                    history: Path | None = None) -> int:
    """Run the prompt until ``quit`` or Ctrl-D; returns the exit status."""
    conversation = Conversation(open_session(advisor, resume, out))
    try:
        return _interact(conversation, out, input, output, history)
    finally:
        conversation.close()


def _interact(conversation: Conversation, out: TextIO, input: Input | None,
              output: Output | None, history: Path | None) -> int:
    save = _Autosave(conversation, out)
    history_path = history if history is not None else data_dir() / "history"
    try:
        history_path.parent.mkdir(parents=True, exist_ok=True)  # the advisor's own folder
        kept: FileHistory | InMemoryHistory = FileHistory(str(history_path))
    except OSError:
        kept = InMemoryHistory()
    prompt: PromptSession[str] = PromptSession(
        completer=completer(conversation),
        bottom_toolbar=conversation.toolbar, history=kept, input=input, output=output,
        complete_while_typing=True)
    screen = _Screen(out, output=prompt.app.output)
    screen.show(conversation.greeting())
    while True:
        try:
            line = prompt.prompt(conversation.prompt())
        except KeyboardInterrupt:
            screen.show("(cancelled; type quit or press Ctrl-D to leave)")
            continue
        except EOFError:
            save()
            screen.show(conversation.farewell())
            return 0
        reply = conversation.handle(line)
        save()
        screen.show(reply)
        if reply.done:
            return 0


def run_batch(advisor: Advisor, lines: TextIO, out: TextIO, *, resume: Resume = False,
              width: int = 80) -> int:
    """Read answers and commands line by line; print the transcript, then the
    advice. Lines starting with ``#`` are comments. Nothing is saved: a saved
    session given with ``resume`` is read, never written."""
    conversation = Conversation(open_session(advisor, resume, out, mention_saved=False),
                                saving=False)
    screen = _Screen(out, width)
    screen.show(conversation.greeting())
    for raw in lines:
        line = raw.rstrip("\n")
        if line.lstrip().startswith("#"):
            continue
        out.write(f"{conversation.prompt()}{line}\n")
        reply = conversation.handle(line)
        screen.show(reply)
        if reply.done:
            break
    conversation.close()
    advice = conversation.session.advice()
    out.write("\n=== Advice ===\n" + render_advice(advice))
    return 0
