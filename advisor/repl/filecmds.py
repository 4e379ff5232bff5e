"""The prompt's commands that read and write files: ``evidence FILE...``,
``export reg FILE``, ``report FILE``, ``save FILE`` and ``load FILE``.

No command creates a directory, and none replaces a file without asking first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.facts import VOCABULARY
from advisor.files import read_json, write_atomic, write_json
from advisor.repl.reply import Reply, plural
from advisor.session import Session

__all__ = ["FileCommands"]


class FileCommands:
    """The file commands of :class:`~advisor.repl.conversation.Conversation`."""

    session: Session
    _asking: str | None
    _on_replace: Callable[[Session], None] | None
    _overwrite: tuple[Path, Callable[[], Reply]] | None

    def situation(self) -> str:
        """The current question, or the advice (see the conversation)."""
        raise NotImplementedError

    def _error(self, message: str) -> Reply:
        raise NotImplementedError

    def _cmd_evidence(self, rest: str) -> Reply:
        from advisor.evidence import read_evidence

        paths = rest.split()
        if not paths:
            return Reply("Say which files: evidence FILE...", error=True)
        evidence = read_evidence(paths)
        lines = []
        for item, taken in self.session.add_evidence(evidence):
            shown = VOCABULARY[item.fact].label(item.value)
            note = "" if taken else ": not used, you answered it"
            lines.append(f"  {item.fact} = {shown} ({item.path}:{item.line}){note}")
        lines += [f"  note: {n}" for n in evidence.notes]
        head = "From the evidence:" if lines else "The files hold no evidence for any fact."
        tail = "Override any of them with change FACT VALUE."
        return Reply("\n".join([head, *lines, tail, "", self.situation()]))

    def _cmd_export(self, rest: str) -> Reply:
        from advisor.output import NoRegistryFix, registry_export

        kind, _, target = rest.partition(" ")
        if kind != "reg" or not target.strip():
            return Reply("Say where: export reg FILE.", error=True)
        export = registry_export(self.session.advisor.knowledge, self.session.advice())
        if isinstance(export, NoRegistryFix):
            return Reply("Nothing exported. " + " ".join(export.reasons))
        path = Path(target.strip()).expanduser()

        def write() -> Reply:
            write_atomic(path, export.encoded(), overwrite=True)
            return Reply(f"Registry fix written to {path} (REGEDIT4). Review it before you "
                         "import it; the advisor never applies it. As a command line:\n"
                         + "\n".join(f"    {c}" for c in export.commands))

        return self._write(path, write)

    def _cmd_report(self, rest: str) -> Reply:
        from advisor.output import render_report

        if not rest:
            return Reply("Say where: report FILE.", error=True)
        path = Path(rest).expanduser()
        text = render_report(self.session.advisor.knowledge, self.session.advice(),
                             answers=self.session.answers, session_id=self.session.id)

        def write() -> Reply:
            write_atomic(path, text.encode("utf-8"), overwrite=True)
            return Reply(f"Report written to {path}.")

        return self._write(path, write)

    def _cmd_save(self, rest: str) -> Reply:
        if not rest:
            return Reply("Say where: save FILE.", error=True)
        path = Path(rest).expanduser()
        data = self.session.to_json()

        def write() -> Reply:
            write_json(path, data, overwrite=True)
            return Reply(f"Saved to {path}.")

        return self._write(path, write)

    def _write(self, path: Path, write: Callable[[], Reply]) -> Reply:
        """Run ``write`` unless ``path`` is in no directory (none is created) or
        exists already (then ask first)."""
        if not path.parent.is_dir():
            return self._error(f"{path}: there is no directory {path.parent}; "
                               "none is created, make it first")
        if path.is_dir():
            return self._error(f"{path} is a directory: give a file name")
        if path.exists():
            self._overwrite = (path, write)
            return Reply(f"{path} exists. Overwrite it? yes or no")
        return write()

    def _confirm_overwrite(self, text: str) -> Reply:
        if self._overwrite is None:
            return Reply("")
        path, write = self._overwrite
        said = text.strip().casefold()
        if said in ("y", "yes"):
            self._overwrite = None
            return write()
        if said in ("n", "no"):
            self._overwrite = None
            return Reply(f"Not written: {path} is left as it was.")
        return Reply(f"Answer yes to overwrite {path}, or no.")

    def _cmd_load(self, rest: str) -> Reply:
        if not rest:
            return Reply("Say which file: load FILE.", error=True)
        path = Path(rest).expanduser()
        session = Session.from_json(self.session.advisor, read_json(path))
        self.session = session
        self._asking = None
        if self._on_replace is not None:
            self._on_replace(session)
        return Reply(f"Loaded {path} ({plural(len(session.current()), 'answer')}).\n\n"
                     + self.situation())
