"""What the evidence readers share: the error they raise, the finding and note
models, and reading a user's file safely.

A user's file is untrusted. :func:`read_bytes` refuses anything that is not a
regular file or is larger than :data:`MAX_BYTES`; :func:`decode` turns bytes into
lines (UTF-16 with a byte order mark, UTF-8 with or without one, or Windows ANSI)
and refuses binary data, naming the line. Both raise :class:`EvidenceError`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from advisor.errors import EvidenceError
from advisor.facts import FactValue

__all__ = [
    "MAX_BYTES",
    "MAX_LINE",
    "EvidenceError",
    "EvidenceItem",
    "EvidenceNote",
    "TextFile",
    "clip",
    "decode",
    "first_line",
    "read_bytes",
    "too_big",
]

#: Largest evidence file read, in bytes (10 MiB). A registry export of one key is
#: a few hundred bytes and a Despooler log rolls over long before this.
MAX_BYTES = 10 * 1024 * 1024
#: Characters of a line kept in a finding: enough to recognise the line.
MAX_TEXT = 240
#: Longest line read, in characters. Log lines and .reg value lines are at most a
#: few thousand characters (regedit wraps hex data at 80); a longer line is not text
#: a person or a tool wrote, and refusing it bounds the work done per line.
MAX_LINE = 65_536

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Tab, line ends and form feed occur in real text; anything else below space (and
# the C1 range, which no Windows code page produces from text) means binary data.
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class EvidenceItem(BaseModel):
    """One fact read from a file: ``fact`` is ``value`` because of line ``line`` of
    ``path``, whose text is ``text``. ``note`` explains anything unusual (an odd
    data type, an absent value and what that means)."""

    model_config = ConfigDict(frozen=True)

    fact: str
    value: FactValue
    path: str
    line: int
    text: str
    note: str | None = None


class EvidenceNote(BaseModel):
    """Something the reader wants you to know about a file, optionally tied to a
    line and a fact: a "did you mean", a conflict between files, a line that
    was not used and why."""

    model_config = ConfigDict(frozen=True)

    message: str
    path: str | None = None
    line: int | None = None
    fact: str | None = None

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{self.path}:{self.line}: {self.message}" if self.line else \
            f"{self.path}: {self.message}"


@dataclass(frozen=True)
class TextFile:
    """A decoded file: its physical ``lines`` (without line ends; line *n* is
    ``lines[n - 1]``) and the ``encoding`` they were read in."""

    path: str
    encoding: str
    lines: tuple[str, ...]


def read_bytes(path: str | os.PathLike[str], *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``; :class:`EvidenceError` when it is
    missing, not a regular file, unreadable or larger than ``limit`` bytes."""
    name = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise EvidenceError("no such file", path=name) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise EvidenceError(f"cannot read it: {getattr(exc, 'strerror', None) or exc}",
                            path=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise EvidenceError("this is a directory, not a file", path=name)
    # Devices and pipes can block or never end; evidence is always a plain file.
    if not stat.S_ISREG(info.st_mode):
        raise EvidenceError("this is not a regular file", path=name)
    if info.st_size > limit:
        raise EvidenceError(too_big(info.st_size, limit), path=name)
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise EvidenceError(f"cannot read it: {exc.strerror or exc}", path=name) from None
    if len(data) > limit:  # it grew after stat()
        raise EvidenceError(too_big(len(data), limit), path=name)
    return data


def too_big(size: int, limit: int) -> str:
    """The message for a file of ``size`` bytes, over the ``limit``."""
    return (f"the file is {size:,} bytes; evidence files are read only up to {limit:,} "
            "bytes. Export only the SMS_Despooler key, or cut the log down to the part "
            "around the failure.")


def first_line(data: bytes) -> str:
    """The first line of ``data``, decoded leniently: enough to tell a registry
    export from a log before choosing how to decode the rest."""
    head = data[:1024]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            text = head[len(bom):].decode(encoding, errors="replace")
            break
    else:
        encoding = "utf-16-le" if _looks_utf16le(head) else "cp1252"
        text = head.decode(encoding, errors="replace")
    return _NEWLINE.split(text, maxsplit=1)[0]


def decode(data: bytes, path: str, *, ansi: bool = False) -> TextFile:
    """Decode ``data`` (the contents of ``path``) into lines.

    A byte order mark decides the encoding (UTF-8, UTF-16 LE or BE); UTF-16 LE
    without one is recognised by its zero bytes. Otherwise the text is read as
    UTF-8 when it is valid UTF-8 and as Windows ANSI (cp1252) when it is not, or
    always as ANSI when ``ansi`` is true (what Windows NT 4.0's regedit writes and
    reads for ``REGEDIT4`` files). Raises :class:`EvidenceError` naming the line
    for a cut-off UTF-16 file, bytes that are not text, and binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], encoding, path)
            return _lines(text, path, encoding + " with BOM")
    if _looks_utf16le(data):
        return _lines(_strict(data, "utf-16-le", path), path, "utf-16-le")
    if not ansi:
        try:
            return _lines(data.decode("utf-8"), path, "utf-8")
        except UnicodeDecodeError:
            pass
    return _lines(_strict(data, "cp1252", path), path, "cp1252")


def _looks_utf16le(data: bytes) -> bool:
    # ASCII text in UTF-16 LE has a zero in every odd byte; a single-byte text
    # file has none there. Look at the start only: enough, and cheap.
    sample = data[:512]
    if len(sample) < 4 or sample[1] != 0 or sample[0] == 0:
        return False
    odd = sample[1::2]
    return odd.count(0) >= 0.9 * len(odd) and sample[0::2].count(0) == 0


def _strict(data: bytes, encoding: str, path: str) -> str:
    wide = encoding.startswith("utf-16")
    if wide and len(data) % 2:
        line = _line_of(data[:-1], encoding, len(data) - 1)
        raise EvidenceError(
            f"the UTF-16 text is cut off: it has an odd number of bytes ({len(data):,}); "
            "export the key again", path=path, line=line)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of(data, encoding, exc.start)
        if wide and exc.end >= len(data):
            raise EvidenceError("the UTF-16 text is cut off in the middle of a character; "
                                "export the key again", path=path, line=line) from None
        what = "Windows ANSI (cp1252)" if encoding == "cp1252" else encoding.upper()
        raise EvidenceError(f"byte 0x{data[exc.start]:02X} cannot be read as {what} text: "
                            "this does not look like a text file", path=path,
                            line=line) from None


def _line_of(data: bytes, encoding: str, offset: int) -> int:
    prefix = data[:offset].decode(encoding, errors="replace")
    return len(_NEWLINE.findall(prefix)) + 1


def _lines(text: str, path: str, encoding: str) -> TextFile:
    # Logs of a crashed service end in zero padding, and old editors end text
    # files with Ctrl+Z; neither is content.
    text = text.rstrip("\x00\x1a")
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE:
            raise EvidenceError(f"the line is {len(line):,} characters long; lines are read "
                                f"only up to {MAX_LINE:,}: this is not a registry export or "
                                "a log", path=path, line=number)
        found = _BINARY.search(line)
        if found:
            raise EvidenceError(
                f"binary data (character U+{ord(found.group()):04X}): this is not a text "
                "file, or it is damaged", path=path, line=number)
    return TextFile(path, encoding, tuple(lines))


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` with its whitespace tidied and cut to ``limit`` characters, for
    showing a line of a user's file back to them."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
