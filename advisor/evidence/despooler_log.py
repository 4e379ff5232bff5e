"""Reading a Despooler log (``Despool.log``, ``Despoolr.log``) as evidence.

An SMS 1.x log has one entry per line, ended by a marker naming the component,
the time and the thread: ``text  $$<SMS_DESPOOLER><date time~><thread=1D0>``.
Copies pasted from articles or mail are often wrapped, with the marker on a line
of its own; in a file with markers, the lines up to a marker are read as one
entry. Entries that another component's marker names are skipped.

What the entries can tell (every finding names its file and line):

- ``Win32 Error = 32`` (a sharing violation) sets ``file_in_use``, except when
  the entry is about the Despooler's own instruction file (an ``.INS`` in
  ``despoolr.box``): that is the problem of Q161043, not a user holding a
  package file, and gets a note instead.
- ``retry count is now N``, ``The number of retries is N`` and a retry
  instruction being created set ``distribution_retrying``.
- A distribution that failed for good (``failed permanently``, retries
  exhausted, marked failed) sets ``distribution_failed``.

Only ``true`` is ever read from a log: a line that is not there proves nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from advisor.evidence.base import EvidenceItem, EvidenceNote, TextFile, clip

__all__ = ["DESPOOLER", "scan_log"]

#: The component name in the Despooler's log markers.
DESPOOLER = "SMS_DESPOOLER"
#: Findings kept per fact and file; the rest are counted in a note.
MAX_ITEMS = 20
#: Lines without a marker read into one entry at most, in a wrapped copy.
_MAX_WRAPPED = 8

_MARKER = re.compile(r"\$\$[<>]\s*+([A-Za-z0-9_]{1,64})\s*+>.*")
_ERROR_32 = re.compile(
    r"\bwin32\s++error\s*+(?:code\s*+)?(?:=|:|is)?\s*+32\b(?!\.\d)", re.IGNORECASE)
_INSTRUCTION = re.compile(r"instruction|despoolr\.box", re.IGNORECASE)
_INSTRUCTION_FILE = re.compile(r"\.(?:ins|sni|ist|nil)\b", re.IGNORECASE)
_PACKAGE = re.compile(r"sms_pkg|\bcopying\b|\bpackage\b", re.IGNORECASE)
_NAMES_FILE = re.compile(r"[\w$~-]\.[A-Za-z][A-Za-z0-9]{0,3}\b|\\")
_RETRYING = re.compile(
    r"\bretry count is(?: now)?\s*(?P<count>\d{1,10})\b"
    r"|\bnumber of retries is\s*(?P<retries>\d{1,10})\b"
    r"|\b(?:creat\w*|wr(?:ote|ite|iting)|generat\w*)\b[^.]{0,40}?\bretry instruction"
    r"|\bretry instruction\b[^.]{0,40}?\b(?:created|written|generated)\b",
    re.IGNORECASE)
_FAILED = re.compile(
    r"\bpermanently failed\b|\bfailed permanently\b"
    r"|\b(?:no|zero) (?:more )?retries (?:left|remain)"
    r"|\bretr(?:y|ies) (?:limit|count) (?:has been |was |is )?(?:reached|exceeded|exhausted)"
    r"|\b(?:exhausted|used up) (?:all )?(?:the |its )?retries"
    r"|\b(?:giving|gave) up\b"
    r"|\bmarked (?:as )?failed\b"
    r"|\bstatus\s*+(?::|=|is|set to|changed to)?\s*+\"?failed\b(?! to)",
    re.IGNORECASE)


@dataclass
class _Entry:
    """One log entry: its pieces (line number, text) and the marker's component."""

    pieces: list[tuple[int, str]] = field(default_factory=list)
    component: str | None = None

    def text(self) -> str:
        return " ".join(piece for _, piece in self.pieces)

    def line_at(self, offset: int) -> int:
        starts, position = [], 0
        for _, piece in self.pieces:
            starts.append(position)
            position += len(piece) + 1
        return self.pieces[bisect.bisect_right(starts, offset) - 1][0]


def _entries(text: TextFile) -> list[_Entry]:
    marked = any("$$" in line and _MARKER.search(line) for line in text.lines)
    entries: list[_Entry] = []
    pending = _Entry()
    for number, line in enumerate(text.lines, 1):
        marker = _MARKER.search(line)
        message = (line[:marker.start()] if marker else line).strip().strip("~").strip()
        if message:
            pending.pieces.append((number, message))
        if not marked or marker:
            pending.component = marker.group(1) if marker else None
            if pending.pieces:
                entries.append(pending)
            pending = _Entry()
        elif len(pending.pieces) >= _MAX_WRAPPED:
            # Too long to be one wrapped entry: the oldest line stands alone.
            entries.append(_Entry([pending.pieces.pop(0)]))
    if pending.pieces:
        entries.append(pending)
    return entries


def scan_log(text: TextFile) -> tuple[list[EvidenceItem], list[EvidenceNote]]:
    """The findings in a Despooler log, and notes about what was not used."""
    path = text.path
    items: list[EvidenceItem] = []
    notes: list[EvidenceNote] = []
    kept: dict[str, int] = {}
    others: dict[str, int] = {}
    entries = [e for e in _entries(text) if _is_despooler(e, others)]

    def found(fact: str, entry: _Entry, offset: int, note: str) -> None:
        kept[fact] = kept.get(fact, 0) + 1
        if kept[fact] <= MAX_ITEMS:
            items.append(EvidenceItem(fact=fact, value=True, path=path,
                                      line=entry.line_at(offset), text=clip(entry.text()),
                                      note=note))

    for index, entry in enumerate(entries):
        body = entry.text()
        error = _ERROR_32.search(body)
        if error:
            if _about_instruction_file(entries, index):
                notes.append(EvidenceNote(
                    message="Win32 error 32 on the Despooler's own instruction file, not on "
                    "a package file: this is the problem in Q161043 (jobs stay Pending "
                    "until the Despooler is restarted), not a user holding files open, so "
                    "file_in_use was not set", path=path, line=entry.line_at(error.start()),
                    fact="file_in_use"))
            else:
                note = "Win32 error 32 is a sharing violation: a file was in use"
                if not _NAMES_FILE.search(body):
                    note += "; the line does not name the file, so check it is a package file"
                found("file_in_use", entry, error.start(), note)
        retry = _RETRYING.search(body)
        if retry:
            count = retry.group("count") or retry.group("retries")
            note = "the Despooler is retrying the distribution"
            if count is not None:
                note += f" (retry count {int(count)})"
            found("distribution_retrying", entry, retry.start(), note)
        failed = _FAILED.search(body)
        if failed:
            found("distribution_failed", entry, failed.start(),
                  "the Despooler reports that the distribution failed for good")
    for fact, count in kept.items():
        if count > MAX_ITEMS:
            notes.append(EvidenceNote(
                message=f"{count - MAX_ITEMS} more lines also show {fact}; only the first "
                f"{MAX_ITEMS} are listed", path=path, fact=fact))
    for component, count in sorted(others.items()):
        entries_of = "1 entry" if count == 1 else f"{count} entries"
        notes.append(EvidenceNote(
            message=f"{entries_of} of {component} not read: only the Despooler's "
            f"({DESPOOLER}) entries are evidence here", path=path))
    if not kept:
        notes.append(EvidenceNote(
            message="no facts found: no Win32 error 32 on a package file, and no retry or "
            "permanent failure lines", path=path))
    return items, notes


def _is_despooler(entry: _Entry, others: dict[str, int]) -> bool:
    if entry.component is None or entry.component.upper() == DESPOOLER:
        return True
    name = entry.component.upper()
    others[name] = others.get(name, 0) + 1
    return False


def _about_instruction_file(entries: list[_Entry], index: int) -> bool:
    body = entries[index].text()
    if _INSTRUCTION.search(body):
        return True
    # An InstallShield script in a package is also a .INS file: a copy into the
    # package share is about package files whatever the extension.
    if _PACKAGE.search(body):
        return False
    if _INSTRUCTION_FILE.search(body):
        return True
    if _NAMES_FILE.search(body):
        return False
    # The error line names no file: its neighbours say what was being opened
    # (Q161043's log shows the instruction file on the lines around the error).
    near = entries[max(index - 1, 0):index] + entries[index + 1:index + 2]
    return any(_INSTRUCTION.search(e.text()) or _INSTRUCTION_FILE.search(e.text())
               for e in near)
