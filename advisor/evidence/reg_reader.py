"""Reading a Registry Editor export (a ``.reg`` file) as evidence.

Both formats are read: ``REGEDIT4`` (Windows NT 4.0 and Windows 95; ANSI text)
and ``Windows Registry Editor Version 5.00`` (Windows 2000 and later; usually
UTF-16 with a byte order mark). :func:`parse_reg` checks every line and raises
:class:`~advisor.evidence.base.EvidenceError`, naming the file and line, for
anything regedit itself would not have written: a wrong header, a line it cannot
read, a ``dword:`` without exactly eight hex digits, a cut-off hex value. A key
under an abbreviated root (``HKLM``) is kept but marked not ``valid``, with a
problem saying why: regedit does not import such keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from advisor.errors import AdvisorError, EvidenceError
from advisor.evidence.base import EvidenceNote, clip, decode

__all__ = ["REGEDIT4", "REGEDIT5", "RegEntry", "RegFile", "RegKey", "is_reg_header",
           "parse_reg"]

REGEDIT4 = "REGEDIT4"
REGEDIT5 = "Windows Registry Editor Version 5.00"

ROOTS = ("HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT", "HKEY_USERS",
         "HKEY_CURRENT_CONFIG", "HKEY_DYN_DATA")
_ABBREVIATIONS = {"HKLM": "HKEY_LOCAL_MACHINE", "HKCU": "HKEY_CURRENT_USER",
                  "HKCR": "HKEY_CLASSES_ROOT", "HKU": "HKEY_USERS",
                  "HKCC": "HKEY_CURRENT_CONFIG", "HKDD": "HKEY_DYN_DATA"}
#: The registry types, by the number written in ``hex(N):``.
HEX_TYPES = {0: "REG_NONE", 1: "REG_SZ", 2: "REG_EXPAND_SZ", 3: "REG_BINARY",
             4: "REG_DWORD", 5: "REG_DWORD_BIG_ENDIAN", 6: "REG_LINK", 7: "REG_MULTI_SZ",
             8: "REG_RESOURCE_LIST", 9: "REG_FULL_RESOURCE_DESCRIPTOR",
             10: "REG_RESOURCE_REQUIREMENTS_LIST", 11: "REG_QWORD"}

_QUOTED = re.compile(r'"((?:[^"\\]++|\\.)*+)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_DWORD = re.compile(r"dword:(.*)", re.IGNORECASE | re.DOTALL)
_HEX = re.compile(r"hex(?:\(([^)]*)\))?:(.*)", re.IGNORECASE | re.DOTALL)
_HEX_START = re.compile(r"hex(?:\([^)]*\))?:", re.IGNORECASE)
_HEX8 = re.compile(r"[0-9A-Fa-f]{8}")
_TYPE = re.compile(r"[0-9A-Fa-f]{1,8}")
_FIRST_LINE = re.compile(rb"\r\n|\r|\n")
_BYTE = re.compile(r"[0-9A-Fa-f]{1,2}")
_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]+")


@dataclass(frozen=True, slots=True)
class RegKey:
    """A ``[key]`` line: the key's full ``path`` as written, whether the line
    deletes it (``[-key]``), and whether regedit would accept its root."""

    path: str
    deleted: bool
    valid: bool
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class RegEntry:
    """A value line under ``key``. ``name`` is ``""`` for the default value
    (``@``). ``type`` is a registry type name (``REG_DWORD``, ``REG_SZ``, ...) or
    ``"DELETE"`` for ``"name"=-``. ``data`` is an ``int`` for ``REG_DWORD``,
    ``REG_DWORD_BIG_ENDIAN`` and 8-byte ``REG_QWORD`` data, a ``str`` for
    ``REG_SZ`` and ``REG_EXPAND_SZ``, ``None`` for a deletion, and the raw
    ``bytes`` otherwise."""

    key: RegKey
    name: str
    type: str
    data: int | str | bytes | None
    line: int
    text: str


@dataclass(frozen=True)
class RegFile:
    """A parsed export: its ``format`` and ``encoding``, every ``[key]`` line and
    every value line in file order, and ``problems`` that did not stop reading."""

    path: str
    format: Literal["REGEDIT4", "5.00"]
    encoding: str
    keys: tuple[RegKey, ...]
    entries: tuple[RegEntry, ...]
    problems: tuple[EvidenceNote, ...]


class _LineError(AdvisorError):
    """A malformed line; parse_reg adds the file and line number."""


def is_reg_header(line: str) -> bool:
    """Whether ``line`` (a file's first line) claims to be a registry export, in
    a format we read or not."""
    head = line.strip().casefold()
    return head.startswith(("regedit", "windows registry editor"))


def parse_reg(data: bytes, path: str = "<input>") -> RegFile:
    """Parse the bytes of a ``.reg`` file. Raises
    :class:`~advisor.evidence.base.EvidenceError` naming ``path`` and the line
    for anything that is not a well-formed export."""
    # NT 4.0's regedit reads and writes REGEDIT4 files in the ANSI code page.
    ansi = _FIRST_LINE.split(data, 1)[0].strip() == REGEDIT4.encode()
    text = decode(data, path, ansi=ansi)
    lines = text.lines
    header = lines[0].strip() if lines else ""
    if header == REGEDIT4:
        fmt: Literal["REGEDIT4", "5.00"] = "REGEDIT4"
    elif header == REGEDIT5:
        fmt = "5.00"
    else:
        raise EvidenceError(_bad_header(header), path=path, line=1)
    keys: list[RegKey] = []
    entries: list[RegEntry] = []
    problems: list[EvidenceNote] = []
    key: RegKey | None = None
    number = 1
    while number < len(lines):
        line = lines[number].strip()
        number += 1
        if not line or line.startswith(";"):
            continue
        try:
            if line.startswith("["):
                key = _key(line, number)
                keys.append(key)
                if not key.valid:
                    problems.append(EvidenceNote(message=_root_problem(key), path=path,
                                                 line=number))
                continue
            if not line.startswith(('"', "@")):
                raise _LineError(
                    'cannot read this line: expected a [key], a "name"=data or @=data '
                    "value, a ; comment or a blank line")
            if key is None:
                raise _LineError("a value comes before any [key] line")
            first = number
            name, rest = _name(line)
            if _HEX_START.match(rest):
                parts = [rest.rstrip()]
                while parts[-1].endswith("\\"):
                    if number >= len(lines) or not lines[number].strip():
                        raise _LineError("the hex data ends with \\ but no line continues "
                                         "it: the file is cut off")
                    parts[-1] = parts[-1][:-1]
                    parts.append(lines[number].strip())
                    number += 1
                rest = "".join(parts)
            type_, value = _data(rest, fmt)
            entries.append(RegEntry(key, name, type_, value, first, clip(line)))
        except _LineError as exc:
            raise EvidenceError(str(exc), path=path, line=number) from None
    return RegFile(path, fmt, text.encoding, tuple(keys), tuple(entries), tuple(problems))


def _bad_header(header: str) -> str:
    expected = f"the first line must be {REGEDIT4} or {REGEDIT5}"
    if not header:
        return f"this is not a registry export: {expected} (the first line is blank)"
    # The file's own text is not shown: a path that is a link to a secret (a
    # password file) must not get its first line printed in an error.
    if header.casefold() == "regedit":
        return f"this is a Windows 3.1 registration file, which is not read; {expected}"
    if is_reg_header(header):
        return f"unknown registry export format; {expected}"
    return f"this is not a registry export: {expected}"


def _key(line: str, number: int) -> RegKey:
    if not line.endswith("]"):
        raise _LineError("a [key] line must end with ]: a key name must be on one line")
    inner = line[1:-1]
    deleted = inner.startswith("-")
    path = inner[1:] if deleted else inner
    if not path:
        raise _LineError("the [key] line names no key")
    root = path.split("\\", 1)[0].upper()
    return RegKey(path, deleted, root in ROOTS, number, clip(line))


def _root_problem(key: RegKey) -> str:
    root = key.path.split("\\", 1)[0]
    full = _ABBREVIATIONS.get(root.upper())
    if full:
        return (f"{root} is an abbreviation that regedit does not accept in a .reg file "
                f"(write {full}); regedit would not import this key, so its values "
                "were not used")
    return (f"{clip(root, 40)!r} is not a registry root key; regedit would not import "
            "this key, so its values were not used")


def _name(line: str) -> tuple[str, str]:
    """The value name of a value line and the text after its ``=``."""
    if line.startswith("@"):
        name, end = "", 1
    else:
        found = _QUOTED.match(line)
        if not found:
            raise _LineError("the value name has no closing quote")
        name, end = _unescape(found.group(1)), found.end()
    rest = line[end:].lstrip()
    if not rest.startswith("="):
        raise _LineError("expected = after the value name")
    return name, rest[1:].strip()


def _unescape(text: str) -> str:
    def one(found: re.Match[str]) -> str:
        if found.group(1) not in '\\"':
            raise _LineError(f"unknown escape \\{found.group(1)} in quotes: a backslash "
                             "is written \\\\ and a quote \\\"")
        return found.group(1)
    return _ESCAPE.sub(one, text)


def _data(rest: str, fmt: str) -> tuple[str, int | str | bytes | None]:
    if rest == "-":
        return "DELETE", None
    if rest.startswith('"'):
        found = _QUOTED.match(rest)
        if not found:
            raise _LineError("the string has no closing quote")
        if rest[found.end():].strip():
            raise _LineError("unexpected text after the closing quote of the string")
        return "REG_SZ", _unescape(found.group(1))
    dword = _DWORD.fullmatch(rest)
    if dword:
        digits = dword.group(1).strip()
        if not _HEX8.fullmatch(digits):
            plural = "" if len(digits) == 1 else "s"
            raise _LineError(f"dword data must be exactly 8 hex digits (found "
                             f"{len(digits)} character{plural}{_not_hex(digits)})")
        return "REG_DWORD", int(digits, 16)
    hexed = _HEX.fullmatch(rest)
    if not hexed:
        raise _LineError('cannot read the data: expected "text", dword:, hex:, hex(N): '
                         "or - (delete)")
    kind = 3
    if hexed.group(1) is not None:
        if not _TYPE.fullmatch(hexed.group(1)):
            raise _LineError("the type in hex(...) is not a registry type number (at "
                             "most 8 hex digits)")
        kind = int(hexed.group(1), 16)
    raw = _bytes(hexed.group(2))
    return _typed(kind, raw, fmt)


def _bytes(text: str) -> bytes:
    if not text.strip():
        return b""
    parts = [p.strip() for p in text.split(",")]
    for number, part in enumerate(parts, 1):
        if not _BYTE.fullmatch(part):
            raise _LineError(f"hex data must be bytes of 2 hex digits separated by commas "
                             f"(byte {number} is not)")
    return bytes(int(p, 16) for p in parts)


def _typed(kind: int, raw: bytes, fmt: str) -> tuple[str, int | str | bytes | None]:
    name = HEX_TYPES.get(kind, f"type {kind}")
    if kind in (4, 5):
        if len(raw) != 4:
            raise _LineError(f"{name} data must be 4 bytes, not {len(raw)}")
        return name, int.from_bytes(raw, "little" if kind == 4 else "big")
    if kind == 11:
        if len(raw) != 8:
            raise _LineError(f"REG_QWORD data must be 8 bytes, not {len(raw)}")
        return name, int.from_bytes(raw, "little")
    if kind in (1, 2):
        # Version 5.00 files hold UTF-16 strings; REGEDIT4 ones ANSI strings.
        encoding = "utf-16-le" if fmt == "5.00" else "cp1252"
        try:
            return name, raw.decode(encoding).split("\x00", 1)[0]
        except UnicodeDecodeError:
            return name, raw
    return name, raw


def _not_hex(text: str) -> str:
    return ", not all hex digits" if text and not _HEX_DIGITS.fullmatch(text) else ""
