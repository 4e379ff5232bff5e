"""Facts read from your files: a registry export and Despooler logs.

Give :func:`read_evidence` the paths of a ``.reg`` export of the
``SMS_Despooler`` key and of Despooler logs; it returns :class:`Evidence`: every
finding as an :class:`EvidenceItem` (the fact, its value, and the file, line and
text it came from), notes and problems. ``evidence.facts()`` gives the facts to
start the advice from; anything you state yourself should override them::

    evidence = read_evidence(["despooler.reg", "Despool.log"])
    facts = Facts.parse({**evidence.facts(), **what_the_user_said})

The file type is decided by the first line (``REGEDIT4`` or ``Windows Registry
Editor Version 5.00`` for a registry export; anything else is a log), with the
``.reg`` extension as a hint: a ``.reg`` file with another first line is an
error. A file that cannot be read raises :class:`EvidenceError` naming the file
and line.

From a registry export, the three forced-delivery values are read from
``HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler`` (key
and value names in any case): the value's data when it is there, ``None``
("absent") when the key is in the file but the value is not, and nothing when the
key is not in the file. A misspelt value name is not taken for the real one: it
gets a "did you mean" note, and the real value counts as absent, as it is for the
Despooler. What a log can tell is described in :mod:`advisor.evidence.despooler_log`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from advisor.errors import EvidenceError
from advisor.evidence.base import (
    MAX_BYTES,
    EvidenceItem,
    EvidenceNote,
    decode,
    first_line,
    read_bytes,
    too_big,
)
from advisor.evidence.despooler_log import scan_log
from advisor.evidence.reg_reader import (
    REGEDIT4,
    REGEDIT5,
    RegEntry,
    RegFile,
    RegKey,
    is_reg_header,
    parse_reg,
)
from advisor.facts import DWORD_MAX, VOCABULARY, Facts, FactValue
from advisor.suggestions import closest

__all__ = [
    "DESPOOLER_KEY",
    "MAX_BYTES",
    "REGISTRY_FACTS",
    "Evidence",
    "EvidenceError",
    "EvidenceItem",
    "EvidenceNote",
    "EvidenceSource",
    "Kind",
    "parse_evidence",
    "read_evidence",
]

#: The key whose values are evidence, as regedit writes it.
DESPOOLER_KEY = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler"
#: Registry value name -> fact, for the values under :data:`DESPOOLER_KEY`.
REGISTRY_FACTS = {
    "Use Forced Disconnect": "use_forced_disconnect",
    "Number Of Retries Before Forced Disconnection": "number_of_retries",
    "Forced Disconnection Delay In Minutes": "forced_disconnection_delay",
}
_BY_NAME = {name.casefold(): (name, fact) for name, fact in REGISTRY_FACTS.items()}
#: The two kinds of evidence file.
Kind = Literal["reg", "log"]
_NUMERIC = frozenset({"REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_QWORD"})


class EvidenceSource(BaseModel):
    """A file that was read: as a registry export (``kind`` ``"reg"``, with its
    ``format``) or a log (``"log"``), and the ``encoding`` it was read in."""

    model_config = ConfigDict(frozen=True)

    path: str
    kind: Kind
    encoding: str
    format: str | None = None


class Evidence(BaseModel):
    """What was read from the files: every finding (``items``, in file and line
    order), ``notes`` (conflicts, "did you mean", lines not used), ``problems``
    (parts of a file that could not be used) and the ``sources`` read."""

    model_config = ConfigDict(frozen=True)

    items: list[EvidenceItem] = []
    notes: list[EvidenceNote] = []
    problems: list[EvidenceNote] = []
    sources: list[EvidenceSource] = []

    def deciding(self) -> dict[str, EvidenceItem]:
        """For each fact found, the finding that decides it: the last one, so a
        later line, or a later file, wins."""
        return {item.fact: item for item in self.items}

    def facts(self) -> dict[str, FactValue]:
        """The facts found, fact -> value (``None`` for a registry value that is
        absent), in vocabulary order. Valid input for
        :meth:`~advisor.facts.model.Facts.parse`."""
        deciding = self.deciding()
        return {name: deciding[name].value for name in VOCABULARY if name in deciding}

    def as_facts(self) -> Facts:
        """The facts found, as :class:`~advisor.facts.model.Facts`."""
        return Facts.parse(self.facts())

    def to_json(self) -> dict[str, Any]:
        """The evidence as JSON: ``facts`` and everything behind them."""
        return {"facts": self.facts(), **self.model_dump(mode="json")}

    @classmethod
    def combine(cls, parts: Iterable[Evidence]) -> Evidence:
        """The evidence of several files, in order, with a note for every fact the
        files disagree on."""
        items: list[EvidenceItem] = []
        notes: list[EvidenceNote] = []
        problems: list[EvidenceNote] = []
        sources: list[EvidenceSource] = []
        for part in parts:
            items += part.items
            notes += part.notes
            problems += part.problems
            sources += part.sources
        return cls(items=items, notes=notes + _conflicts(items), problems=problems,
                   sources=sources)


def read_evidence(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
                  kind: Kind | None = None, limit: int = MAX_BYTES,
                  skip_broken: bool = False) -> Evidence:
    """Read the evidence files at ``paths`` (or the one file ``paths``), in order:
    later files win.

    ``kind`` (``"reg"`` or ``"log"``) insists on one type of file, for a command
    line option such as ``--reg FILE``. Raises :class:`EvidenceError` for the first
    file that cannot be read, or, with ``skip_broken``, records it in ``problems``
    and goes on. Files larger than ``limit`` bytes are refused.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    parts: list[Evidence] = []
    for path in paths:
        name = os.fspath(path)
        try:
            parts.append(parse_evidence(read_bytes(path, limit=limit), name, kind=kind))
        except EvidenceError as exc:
            if not skip_broken:
                raise
            parts.append(Evidence(problems=[EvidenceNote(
                message=f"not read: {exc.message}",
                path=str(exc.path) if exc.path else None, line=exc.line)]))
    return Evidence.combine(parts)


def parse_evidence(data: bytes, path: str = "<input>", *, kind: Kind | None = None,
                   limit: int = MAX_BYTES) -> Evidence:
    """The evidence in one file's bytes (for example an upload); ``path`` names it
    in findings and errors, and its ``.reg`` extension is a hint. ``kind`` and
    ``limit`` are as for :func:`read_evidence`. Raises :class:`EvidenceError`
    when the bytes cannot be read."""
    if len(data) > limit:
        raise EvidenceError(too_big(len(data), limit), path=path)
    head = first_line(data).strip()
    says_reg = head in (REGEDIT4, REGEDIT5) or is_reg_header(head)
    if kind == "log" and says_reg:
        raise EvidenceError("this is a registry export, not a Despooler log", path=path,
                            line=1)
    if says_reg or kind == "reg" or (
            kind is None and PurePath(path).suffix.casefold() == ".reg"):
        return _registry_evidence(parse_reg(data, path))
    text = decode(data, path)
    items, notes = scan_log(text)
    return Evidence(items=items, notes=notes,
                    sources=[EvidenceSource(path=path, kind="log", encoding=text.encoding)])


def _registry_evidence(reg: RegFile) -> Evidence:
    path = reg.path
    source = EvidenceSource(path=path, kind="reg", encoding=reg.encoding, format=reg.format)
    wanted = DESPOOLER_KEY.casefold()
    keys = [k for k in reg.keys if k.valid and k.path.casefold() == wanted]
    notes: list[EvidenceNote] = []
    problems = list(reg.problems)
    if not keys:
        notes.append(EvidenceNote(message=f"the file has no [{DESPOOLER_KEY}] key, so no "
                                  "registry facts were taken from it", path=path))
        notes += _elsewhere(reg)
        return Evidence(notes=notes, problems=problems, sources=[source])
    last = keys[-1]
    items: list[EvidenceItem] = []
    if last.deleted:
        for name, fact in REGISTRY_FACTS.items():
            items.append(EvidenceItem(
                fact=fact, value=None, path=path, line=last.line, text=last.text,
                note=f"the file deletes the key, so {name!r} is absent{_absent(fact)}"))
        return Evidence(items=items, notes=notes, problems=problems, sources=[source])
    # Values count from the last time the key was deleted, as regedit applies them.
    deleted_at = _last_deletion(keys)  # once: inside the set it made parsing quadratic
    alive = {k.line for k in keys if not k.deleted and k.line > deleted_at}
    entries: dict[str, RegEntry] = {}
    # A value set again and again gets one note, not one per line: a hostile file
    # must not turn into a note per line.
    first: dict[str, tuple[int, int]] = {}
    for line in reg.entries:
        if line.key.line not in alive:
            continue
        folded = line.name.casefold()
        if folded in entries and folded in _BY_NAME:
            at, times = first.get(folded, (entries[folded].line, 1))
            first[folded] = (at, times + 1)
        entries[folded] = line
    for folded, (at, times) in first.items():
        again = "again on line" if times == 2 else f"{times - 1} more times, last on line"
        notes.append(EvidenceNote(
            message=f"{entries[folded].name!r} is set {again} {entries[folded].line}; the "
            "later line counts", path=path, line=at, fact=_BY_NAME[folded][1]))
    for folded, (name, fact) in _BY_NAME.items():
        entry = entries.get(folded)
        if entry is None:
            items.append(EvidenceItem(
                fact=fact, value=None, path=path, line=last.line, text=last.text,
                note=f"the key has no {name!r} value: absent{_absent(fact)}"))
            continue
        value, note, problem = _interpret(entry, name, fact)
        if problem:
            problems.append(EvidenceNote(message=problem, path=path, line=entry.line,
                                         fact=fact))
        else:
            items.append(EvidenceItem(fact=fact, value=value, path=path, line=entry.line,
                                      text=entry.text, note=note))
    notes += _did_you_mean(entries.values(), path)
    items.sort(key=lambda i: i.line)
    return Evidence(items=items, notes=notes, problems=problems, sources=[source])


def _elsewhere(reg: RegFile) -> list[EvidenceNote]:
    """Notes for the SMS_Despooler key found under another root key."""
    tail = DESPOOLER_KEY.casefold().partition("\\")[2]
    notes = []
    for key in reg.keys:
        root, _, rest = key.path.partition("\\")
        if key.valid and not key.deleted and rest.casefold() == tail and \
                root.upper() != "HKEY_LOCAL_MACHINE":
            notes.append(EvidenceNote(
                message=f"the SMS_Despooler key is under {root} here; the Despooler reads "
                "HKEY_LOCAL_MACHINE, so these values were not used", path=reg.path,
                line=key.line))
    return notes


def _last_deletion(keys: list[RegKey]) -> int:
    return max((k.line for k in keys if k.deleted), default=0)


def _absent(fact: str) -> str:
    default = VOCABULARY[fact].article_default
    if default is not None:
        return f" (the article default, {VOCABULARY[fact].label(default)}, applies)"
    return " (forced delivery is off)" if fact == "use_forced_disconnect" else ""


def _interpret(entry: RegEntry, name: str,
               fact: str) -> tuple[FactValue, str | None, str | None]:
    """(value, note, problem) for a value line; a problem means not used."""
    data, kind = entry.data, entry.type
    if kind == "DELETE":
        return None, f"this line deletes {name!r}, so it is absent{_absent(fact)}", None
    unusual = (f"the value has type {kind}, not the REG_DWORD the Despooler's numeric "
               "values are assumed to have; check that the Despooler reads it")
    if isinstance(data, int) and kind in _NUMERIC:
        if data > DWORD_MAX:
            return None, None, (f"{name!r} holds {data}, more than a DWORD can; "
                                "it was not used")
        return data, None if kind == "REG_DWORD" else unusual, None
    if kind == "REG_BINARY" and isinstance(data, bytes) and len(data) == 4:
        return int.from_bytes(data, "little"), unusual, None
    if isinstance(data, str) and data.isascii() and data.isdigit() and len(data) <= 10 \
            and int(data) <= DWORD_MAX:
        return int(data), unusual, None
    return None, None, (f"{name!r} has type {kind} and data the advisor cannot read as a "
                        "number; it was not used")


def _did_you_mean(entries: Iterable[RegEntry], path: str) -> list[EvidenceNote]:
    notes: list[EvidenceNote] = []
    for entry in entries:
        folded = entry.name.casefold()
        if folded in _BY_NAME or not folded:
            continue
        close = closest(folded, _BY_NAME, cutoff=0.75)
        if close:
            name, fact = _BY_NAME[close]
            notes.append(EvidenceNote(
                message=f"{entry.name!r} is not a value the Despooler reads; did you mean "
                f"{name!r}? It was not taken for it", path=path, line=entry.line, fact=fact))
    return notes


def _conflicts(items: list[EvidenceItem]) -> list[EvidenceNote]:
    notes: list[EvidenceNote] = []
    deciding = {item.fact: item for item in items}
    for fact, winner in deciding.items():
        others = [i for i in items if i.fact == fact and i.value != winner.value]
        if not others:
            continue
        said = "; ".join(f"{i.path}:{i.line} says {_shown(i.value)}" for i in others)
        notes.append(EvidenceNote(
            message=f"the files disagree on {fact}: {said}; the last finding, "
            f"{_shown(winner.value)} from {winner.path}:{winner.line}, is used. State the "
            "fact yourself if that is wrong", path=winner.path, line=winner.line, fact=fact))
    return notes


def _shown(value: FactValue) -> str:
    return "absent" if value is None else str(value)
